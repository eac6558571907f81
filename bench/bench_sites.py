"""Real articles, start to finish (``make bench-sites POLNEAR=path/to/PolNeAR/data/dev``).

1. Builds the flagship into ``_build/html`` (no ``make clean`` before or after).
2. For every PolNeAR article (``text/NAME.txt``, with its date, title and publisher from
   ``metadata.tsv``): drafts it into a scratch folder outside the project, validates the draft,
   and builds its site into the same ``_build/html``, after the one before it.
3. Checks each built site from its files: files left from another build (an embed or chart
   drawing no page links to, a download of another article, a page titled for another site),
   pages that show drafted records without a draft notice, and record ids in running text.
4. For ``--check`` articles (default 12) chosen round-robin across publishers, opens every page
   in Chromium: console errors, axe-core violations (WCAG 2.1 A/AA and best practices) before and
   after a chart is touched, sideways scroll at 390 px; and measures every categorical colour key
   of the built charts under the colour-blind simulations (pairs under ΔE 10 that nothing else
   tells apart, as tests/test_colour_blind.py does).
5. Prints a line per article and the totals, with seconds per article and the load average;
   then builds one site of all the drafted articles and the flagship, cold (each article's
   build folder removed first), and prints its seconds per article beside the single builds';
   then times the same site with nothing changed, with one article corrected and with one
   article added (bench/site_incremental.py).

PolNeAR's text stays outside the project: drafts go to ``--work`` (a temporary folder by
default), and only figures are printed. ``--limit N`` takes the first N articles and
``--sample N`` N articles across publishers (quick runs).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from explainer.package import ENV_DATA_DIR  # noqa: E402
from explainer.site import sphinx_output  # noqa: E402
from explainer.views import export  # noqa: E402

HTML = ROOT / "_build" / "html"
PY = sys.executable


@dataclass
class Result:
    name: str
    publisher: str
    drafted: bool = False
    records: int = 0
    built: bool = False
    crashed: bool = False
    leftover: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    ids_in_prose: int = 0
    console: int | None = None
    axe: int | None = None
    axe_touched: int | None = None
    sideways: int | None = None
    close_colours: int | None = None
    seconds: float = 0.0
    build_seconds: float = 0.0
    note: str = ""


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def articles(polnear: Path) -> list[dict[str, str]]:
    with (polnear / "metadata.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def build(data: Path | None, out: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    if data is not None:
        env[ENV_DATA_DIR] = str(data)
    command = [PY, "-m", "explainer", "build", str(ROOT), "-W", "-n", "--keep-going"]
    return subprocess.run(command + (out or []), cwd=ROOT, env=env, capture_output=True, text=True)


def drafted_ids(package: Path) -> set[str]:
    path = package / "provenance.csv"
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8") as f:
        return {r["record_id"] for r in csv.DictReader(f) if r["review"] == "draft"}


def static_checks(result: Result, package: Path, html: Path) -> None:
    """Leftovers, unmarked draft pages and ids in prose, read from the built files."""
    from bs4 import BeautifulSoup
    from test_citations import ids_in_prose

    result.leftover = list(sphinx_output.foreign_files(html))
    article = (package / "article.txt").read_bytes()
    download = html / "downloads" / export.ARTICLE_ZIP
    member = f"{export.ARTICLE_FOLDER}/{export.ARTICLE}"
    if not download.is_file() or zipfile.ZipFile(download).read(member) != article:
        result.leftover.append(f"downloads/{export.ARTICLE_ZIP} is not this article's")
    drafts = drafted_ids(package)
    ids = set(drafts) | {
        r for r in re.findall(r'id="([\w.:-]+)"', (html / "book" / "article.html").read_text())
    }
    ids = {i for i in ids if "_" in i or any(c.isdigit() for c in i)}
    for page in sorted((html / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        shown = set(re.findall(r"article\.html#([\w.:-]+)", text))
        if page.stem == "article":
            shown |= set(re.findall(r'data-record="([\w.:-]+)"', text))
        if shown & drafts and "draft-notice" not in text:
            result.unmarked.append(page.stem)
        main = BeautifulSoup(text, "html.parser").select_one("article.bd-article")
        result.ids_in_prose += len(ids_in_prose(main, ids)) if main else 0


def browser_checks(result: Result, html: Path) -> None:
    """Console errors, axe before and after touching a chart, sideways scroll at 390 px, and
    colour pairs under ΔE 10, on every page of the built site."""
    from axe_playwright_python.sync_playwright import Axe
    from test_colour_blind import alike_untold, colour_scales

    from explainer.site import browser as web
    from explainer.site import sphinx_ext

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    result.console = result.axe = result.axe_touched = result.sideways = 0
    result.close_colours = 0
    pages = sorted(p.stem for p in (html / "book").glob("*.html"))
    with web.serve(html) as url, web.chromium() as chromium:
        for page in pages:
            text = (html / "book" / f"{page}.html").read_text(encoding="utf-8")
            charts = text.count('class="vega-chart"')
            for where, spec in [(page, b["spec"]) for b in sphinx_ext.spec_blocks(text)]:
                for key, scale in colour_scales(spec).items():
                    result.close_colours += len(alike_untold(where, spec, key, scale))
            shown = web.visit(chromium, f"{url}/book/{page}.html", charts=charts, wake=False)
            try:
                # Before axe runs: axe-core requests /basic.css, a 404 the page never makes
                # (dequelabs/axe-core#5268; tests/test_browser.py ignores it the same way).
                result.console += sum(
                    1 for p in shown.problems if p.startswith(("console", "page error"))
                )
                result.axe += sum(
                    len(v["nodes"])
                    for v in Axe().run(shown.page, options=options).response["violations"]
                )
                if charts:
                    web.wake_charts(shown.page, charts)
                    result.axe_touched += sum(
                        len(v["nodes"])
                        for v in Axe().run(shown.page, options=options).response["violations"]
                    )
            finally:
                shown.close()
            phone = web.visit(
                chromium,
                f"{url}/book/{page}.html",
                viewport={"width": 390, "height": 844},
                charts=charts,
                wake=False,
            )
            try:
                wide = phone.page.evaluate(
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
                )
                result.sideways += int(bool(wide))
            finally:
                phone.close()


def chosen(rows: list[dict[str, str]], count: int) -> set[str]:
    """``count`` articles, round-robin across publishers."""
    by: dict[str, list[str]] = {}
    for row in rows:
        by.setdefault(row["publisher"], []).append(row["filename"])
    picked: list[str] = []
    while len(picked) < count and any(by.values()):
        for names in by.values():
            if names and len(picked) < count:
                picked.append(names.pop(0))
    return set(picked)


def run_one(row: dict[str, str], polnear: Path, work: Path, check: bool) -> Result:
    name = row["filename"]
    result = Result(name, row["publisher"])
    started = time.perf_counter()
    package = work / name
    draft = subprocess.run(
        [PY, "-m", "explainer", "draft", str(polnear / "text" / f"{name}.txt")]
        + ["--out", str(package), "--date", row["publication_date"]]
        + ["--title", row["title"], "--outlet", row["publisher"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    result.drafted = draft.returncode == 0
    counts = re.search(r"review: (\d+) drafted, (\d+) reviewed", draft.stdout)
    result.records = int(counts[1]) + int(counts[2]) if counts else 0
    if not result.drafted:
        result.note = (draft.stderr or draft.stdout).strip().splitlines()[-1][:120]
        result.seconds = time.perf_counter() - started
        return result
    before = time.perf_counter()
    built = build(package)
    result.build_seconds = time.perf_counter() - before
    result.built = built.returncode == 0
    result.crashed = "Traceback" in built.stdout + built.stderr or "Exception" in built.stderr
    if not result.built:
        lines = [x for x in (built.stdout + built.stderr).splitlines() if "WARNING" in x]
        result.note = (lines[0] if lines else "build failed")[:160]
    else:
        static_checks(result, package, HTML)
        if check:
            browser_checks(result, HTML)
    result.seconds = time.perf_counter() - started
    return result


def line(r: Result) -> str:
    def n(value: int | None) -> str:
        return "-" if value is None else str(value)

    return (
        f"{r.name[:44]:44} {r.publisher[:10]:10} drafted {'y' if r.drafted else 'N'}"
        f" built {'y' if r.built else 'N'} crashed {'Y' if r.crashed else 'n'}"
        f" leftover {len(r.leftover)} unmarked {len(r.unmarked)} ids {r.ids_in_prose}"
        f" console {n(r.console)} axe {n(r.axe)}/{n(r.axe_touched)} sideways {n(r.sideways)}"
        f" dE<10 {n(r.close_colours)} {r.seconds:.0f} s" + (f"  [{r.note}]" if r.note else "")
    )


def totals(results: list[Result]) -> list[str]:
    checked = [r for r in results if r.console is not None]

    def total(attr: str) -> int:
        return sum(getattr(r, attr) or 0 for r in checked)

    seconds = [r.seconds for r in results]
    return [
        f"articles {len(results)}: drafted {sum(r.drafted for r in results)},"
        f" built {sum(r.built for r in results)}, crashed {sum(r.crashed for r in results)},"
        f" with files left from another build {sum(bool(r.leftover) for r in results)}",
        f"pages showing drafted records without saying so: {sum(len(r.unmarked) for r in results)};"
        f" record ids in prose: {sum(r.ids_in_prose for r in results)}",
        f"checked in Chromium: {len(checked)} articles: console errors {total('console')},"
        f" axe violations {total('axe')} before and {total('axe_touched')} after touching a chart,"
        f" pages with sideways scroll at 390 px {total('sideways')}, colour pairs under ΔE 10"
        f" told apart by nothing else {total('close_colours')}",
        f"seconds per article: median {statistics.median(seconds):.0f}, total {sum(seconds):.0f}"
        if seconds
        else "no article",
    ]


def site_of_all(results: list[Result], work: Path, flagship_seconds: float, out: Path) -> None:
    """One site of the flagship and every drafted article, built cold (no article's build
    folder kept from before), against the sum of the single builds; then one article corrected
    and one added (bench/site_incremental.py)."""
    import shutil

    from site_incremental import measure, site

    from explainer.site import articles as site_articles

    packages = [ROOT / "data"] + [work / r.name for r in results if r.drafted]
    for package in packages:
        shutil.rmtree(site_articles.build_folder(ROOT, package), ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    print(f"one site of {len(packages)} packages, built cold into {out}; {load()}", flush=True)
    run = site("site of all, cold", packages, out, "PolNeAR dev, drafted")
    singles = sum(r.build_seconds for r in results if r.built) + flagship_seconds
    print(
        f"one site of {len(packages)} packages: {'ok' if run.ok else 'FAILED'}"
        f" in {run.seconds:.0f} s, {run.seconds / len(packages):.1f} s per article; the single"
        f" builds took {singles:.0f} s ({singles / len(packages):.1f} s per article), so the"
        f" site costs {run.seconds / singles:.2f}x their sum; {run.load}",
        flush=True,
    )
    if not run.ok:
        print(run.tail)
        return
    added = work / "bridge-added"
    shutil.rmtree(added, ignore_errors=True)
    shutil.copytree(ROOT / "docs" / "draft-example" / "draft", added)
    if len(packages) > 1:
        measure(packages, packages[1], added, out, "PolNeAR dev, drafted", first=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR's data/dev folder")
    parser.add_argument("--work", type=Path, help="where the drafts go (default: a temp folder)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--sample", type=int, help="only N articles, across publishers")
    parser.add_argument("--check", type=int, default=12, help="articles checked in Chromium")
    parser.add_argument("--no-site", action="store_true", help="skip the site of all articles")
    parser.add_argument(
        "--json",
        type=Path,
        help="write the results here, after each article (--site-only reads it)",
    )
    parser.add_argument(
        "--site-only",
        action="store_true",
        help="only the site of all, from the drafts in --work and the single builds in --json",
    )
    parser.add_argument(
        "--site-out",
        type=Path,
        default=ROOT / "_build" / "bench-sites-site",
        help="the site of all",
    )
    args = parser.parse_args()
    if args.polnear.name == "test" or "/test/" in str(args.polnear):
        parser.error("never the test split")
    if args.site_only:
        if not (args.work and args.json):
            parser.error("--site-only needs the --work and --json of an earlier run")
        saved = json.loads(args.json.read_text(encoding="utf-8"))
        results = [Result(**r) for r in saved["results"]]
        site_of_all(results, args.work, saved["flagship_seconds"], args.site_out)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-sites-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = articles(args.polnear)
    if args.sample:
        sample = chosen(rows, args.sample)
        rows = [r for r in rows if r["filename"] in sample]
    rows = rows[: args.limit]
    checked = chosen(rows, args.check)
    print(f"bench-sites: {len(rows)} articles, {len(checked)} checked in Chromium; {load()}")
    started = time.perf_counter()
    flagship = build(None)
    flagship_seconds = time.perf_counter() - started
    print(
        f"flagship built first: {'ok' if flagship.returncode == 0 else 'FAILED'}"
        f" in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    results = []
    for row in rows:
        result = run_one(row, args.polnear, work, row["filename"] in checked)
        results.append(result)
        print(line(result), flush=True)
        if args.json:
            saved = {"flagship_seconds": flagship_seconds, "results": [r.__dict__ for r in results]}
            args.json.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    print("\n".join(totals(results)))
    print(load(), flush=True)
    if not args.no_site:
        site_of_all(results, work, flagship_seconds, args.site_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

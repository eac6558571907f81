"""The benchmark behind BENCHMARKS.md: build times, page weight and Lighthouse scores, side by side.

Run it with ``make bench`` (which installs Lighthouse from package-lock.json first).  It works on
a copy of the project in a temporary folder, so the checkout's ``_build`` is left alone, and
prints Markdown tables: every figure is the median of ``--repeats`` runs (this machine is
shared and noisy), with the range beside it, and each row says whether it meets its target.

Measured:

* cold build: ``make book`` (validation and the build), with no ``_build`` (so no execution
  cache) and the venv present;
* the floor: only executing every page's notebook (jupytext + nbclient, one kernel per page,
  one page after another), and the same with two kernels at a time;
* rebuilds: nothing changed; one page's prose edited; one of its code cells edited; one data
  file (``context.csv``) edited;
  with the pages each one read and executed (from ``_build/.explainer_exec/last-build.json``);
* page weight: each page's HTML, inline chart data included, gzipped; then, in Chromium behind
  :mod:`bench.serve` (gzip and cache headers like a production host), the bytes a first visit to
  the home page transfers and what each later page transfers;
* Lighthouse 12.2.3 (mobile, the default preset) on every page, and on the pages of the stock
  ``jupyter-book create`` book served the same way, interleaved: ``--lighthouse-runs`` rounds,
  each visiting one page of each book in turn, so both see the same load on a shared machine;
  the load average is recorded at the start of every run;
* Lighthouse on every page of drafted articles (``--drafted N``, default 5): N PolNeAR dev
  articles across publishers with ``--polnear DIR`` (``make bench POLNEAR=...``), else the bridge
  example (docs/draft-example), each drafted by ``python -m explainer draft`` and built into one
  site of many (``python -m explainer site``), in the same rounds as the others. The drafts go to
  the temporary folder, never into the project; ``--drafts-only`` measures only them.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from serve import Server  # noqa: E402

PYTHON = Path(sys.executable)
BIN = PYTHON.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "node_modules", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"
)
REPORT = Path("_build") / ".explainer_exec" / "last-build.json"
KB = 1024

# Targets from the issue.
COLD_MAX_S = 30.0
COLD_MAX_FLOOR_RATIO = 1.5
NOCHANGE_MAX_RATIO = 0.15
PAGE_MAX_KB = 100.0
FIRST_VISIT_MAX_KB = 600.0
# Lighthouse (issue 14): every page's performance, the median page's, blocking time and layout
# shift (the worst page's median), and the other categories' scores on every page.
PERF_EVERY_MIN = 0.97
PERF_MEDIAN_MIN = 0.98
TBT_MAX_MS = 100
CLS_MAX = 0.02
LH_TARGETS = {"accessibility": 1.0, "best-practices": 1.0, "seo": 0.9}
LH_CATEGORIES = ("performance", *LH_TARGETS)
#: The metrics behind the performance score, by short name: their Lighthouse audits.
LH_METRICS = {
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "si": "speed-index",
}
SITE_TITLES = {
    "ours": "This book",
    "stock": "The stock `jupyter-book create` book",
    "drafted": "Drafted articles, in one site of many",
}
DRAFTED_DEFAULT = 5


# ---------------------------------------------------------------------------------------
# Helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median_range(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt_s(values: list[float]) -> str:
    mid, low, high = median_range(values)
    return f"{mid:.1f} s ({low:.1f}–{high:.1f})" if len(values) > 1 else f"{mid:.1f} s"


def mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True)
    return [
        ("CPU", f"{cpu}, nproc {os.cpu_count()}"),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Node", node),
        ("Chromium", chromium.stdout.strip()),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


# ---------------------------------------------------------------------------------------
# Building


class Project:
    """A copy of the project in a temporary folder, built with this checkout's venv."""

    def __init__(self, source: Path, workdir: Path):
        self.dir = workdir / "project"
        shutil.copytree(source, self.dir, ignore=IGNORE, symlinks=True)
        # The copy's explainer package (and data/) ahead of the checkout's editable install,
        # for Sphinx and for the kernels it starts.
        self.env = dict(os.environ, PYTHONPATH=str(self.dir))
        self.env.pop("EXPLAINER_DEPS_FILE", None)
        self.pages: list[str] = []  # known once built

    def clean(self) -> None:
        shutil.rmtree(self.dir / "_build", ignore_errors=True)

    def build(self) -> tuple[float, dict]:
        """``make book`` in the copy, with this checkout's venv (never reinstalled from here):
        seconds, and what the build read and executed."""
        (self.dir / REPORT).unlink(missing_ok=True)
        venv = Path(sys.prefix)
        command = ["make", "-s", "-o", f"{venv}/.installed", f"VENV={venv}", "book"]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=self.dir, env=self.env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        output = result.stdout + result.stderr
        if result.returncode != 0:
            raise SystemExit(f"bench: make book failed in {self.dir}:\n{output[-5000:]}")
        self.pages = toc_pages(self.dir)
        return seconds, self.report(output)

    def report(self, output: str) -> dict:
        path = self.dir / REPORT
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        # A checkout without explainer/execution.py (for before/after runs): myst-nb's log.
        executed = re.findall(r"book/(\w+)\.md: Executed notebook", output)
        return {"read": None, "executed": [f"book/{e}" for e in executed]}

    @property
    def html(self) -> Path:
        return self.dir / "_build" / "html"


def toc_pages(project: Path) -> list[str]:
    """The built pages of a book: the root page of ``_toc.yml`` first, then every other source
    page that has an HTML file."""
    import yaml

    root = yaml.safe_load((project / "_toc.yml").read_text(encoding="utf-8"))["root"]
    root = re.sub(r"\.(md|ipynb)$", "", root)
    sources = [
        p.relative_to(project).with_suffix("").as_posix()
        for p in sorted([*project.rglob("*.md"), *project.rglob("*.ipynb")])
        if "_build" not in p.parts and not any(part.startswith(".") for part in p.parts)
    ]
    html = project / "_build" / "html"
    return [root] + [p for p in sources if p != root and (html / f"{p}.html").is_file()]


def execute_floor(project: Project, parallel: int) -> float:
    """Seconds to execute every page's notebook and nothing else."""
    import jupytext
    from nbclient import NotebookClient

    from explainer.site.execution import ipc_kernel_config

    notebooks = [jupytext.read(project.dir / f"{page}.md") for page in project.pages]
    env = dict(project.env, EXPLAINER_RENDERER="book")

    async def run(nb, gate) -> None:
        async with gate:
            with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
                cwd = str(project.dir / "book")
                client = NotebookClient(
                    nb,
                    timeout=300,
                    resources={"metadata": {"path": cwd}},
                    config=ipc_kernel_config(sockets),  # as the build starts them
                )
                await client.async_execute(env=env)

    async def run_all() -> None:
        gate = asyncio.Semaphore(parallel)
        await asyncio.gather(*(run(nb, gate) for nb in notebooks))

    start = time.perf_counter()
    asyncio.run(run_all())
    return time.perf_counter() - start


def edit_prose(project: Project, page: str, step: int) -> None:
    path = project.dir / f"{page}.md"
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nBenchmark edit number {step}.\n", encoding="utf-8"
    )


def edit_code(project: Project, page: str, step: int) -> None:
    """Set a variable in the page's first code cell: its code changes, its outputs do not."""
    path = project.dir / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n_bench_probe = \d+\n", "\n", text)
    cell = re.search(r"```\{code-cell\}[^\n]*\n(?::[^\n]*\n)*", text)
    if not cell:
        raise SystemExit(f"bench: {page} has no code cell to edit")
    text = text[: cell.end()] + f"_bench_probe = {step}\n" + text[cell.end() :]
    path.write_text(text, encoding="utf-8")


def edit_data(project: Project, step: int) -> None:
    """Change one context fact's value (and its printed form in the claim) by one, alternately
    up and down: one data file changes and the data stays valid."""
    path = project.dir / "data" / "context.csv"
    text = path.read_text(encoding="utf-8")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(
        r
        for r in rows
        if r["value_min"]
        and r["value_max"] in ("", r["value_min"])
        and float(r["value_min"]) >= 1000
        and f"{int(float(r['value_min'])):,}" in r["claim"]
    )
    old = int(float(row["value_min"]))
    new = old + (1 if step % 2 == 0 else -1)
    lines = text.split("\n")
    (i,) = [n for n, line in enumerate(lines) if line.startswith(row["context_id"] + ",")]
    line = lines[i].replace(f"{old:,}", f"{new:,}")
    lines[i] = re.sub(rf"(?<=,){old}(?=,)", str(new), line)
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Page weight and transfers


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def transfers(site: Path, pages: list[str]) -> dict:
    """What a reader's browser fetches (bytes on the wire, headers included), HTTP cache on.

    * first visit: pages[0] in a fresh browser, as loaded, then scrolled to the end (charts
      paint from their drawings; nothing more is fetched), then with every chart touched (the
      vega bundle comes with the first chart the reader points at);
    * later pages: each other page in turn, in that same browser, the same way; for each, the
      files fetched besides the page itself, split into shared files needed for the first
      time and files fetched again (there should be none: shared files are cached).
    """
    from playwright.sync_api import sync_playwright

    from explainer.site.browser import wake_charts

    def visit(page, server, name: str, seen: set[str]) -> dict:
        page.goto(f"{server.url}/{name}.html", wait_until="networkidle")
        page.wait_for_timeout(300)
        loaded = server.site.take_log()
        page.evaluate(
            """async () => {
                for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                    window.scrollTo(0, y);
                    await new Promise(r => setTimeout(r, 150));
                }
            }"""
        )
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        scrolled = server.site.take_log()
        wake_charts(page, page.locator(".vega-chart").count())
        page.wait_for_load_state("networkidle")
        touched = server.site.take_log()
        hits = loaded + scrolled + touched
        own = f"/{name}.html"
        fresh = [h.path for h in hits if h.status == 200 and h.path != own and h.path not in seen]
        again = [h.path for h in hits if h.status == 200 and h.path != own and h.path in seen]
        seen.update(h.path for h in hits)
        return {
            "page": name,
            "loaded": sum(h.wire_bytes for h in loaded),
            "scrolled": sum(h.wire_bytes for h in loaded + scrolled),
            "bytes": sum(h.wire_bytes for h in hits),
            "requests": len(hits),
            "first_use": fresh,
            "again": again,
            "revalidated": sorted({h.path for h in hits if h.status == 304}),
        }

    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=[f for f in CHROME_FLAGS if f != "--headless=new"]
        )
        context = browser.new_context(viewport={"width": 412, "height": 823})
        page = context.new_page()
        seen: set[str] = set()
        server.site.take_log()
        visits = [visit(page, server, name, seen) for name in pages]
        browser.close()
    return {"first": visits[0], "later": visits[1:]}


# ---------------------------------------------------------------------------------------
# Lighthouse


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """One Lighthouse run (mobile, its default preset) on ``url``: the category scores, the
    metrics behind performance, the bytes, and the machine's load average as it started."""
    load = os.getloadavg()[0]
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(LH_CATEGORIES),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--max-wait-for-load=60000",
    ]
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not report.is_file():
        raise SystemExit(f"bench: lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    found = {key: data["categories"][key]["score"] or 0.0 for key in LH_CATEGORIES}
    found.update({name: audits[audit]["numericValue"] for name, audit in LH_METRICS.items()})
    found["bytes"] = audits["total-byte-weight"]["numericValue"]
    found["load"] = load
    return found


def lighthouse_interleaved(
    sites: dict[str, tuple[str, list[str]]], runs: int, out: Path
) -> dict[str, dict[str, list[dict[str, float]]]]:
    """``runs`` Lighthouse runs of every page of every site (name: base URL and pages), in
    rounds, and within a round one page of each site in turn, so that every site sees the same
    moments of a shared machine's load: {site: {page: [one dict per run]}}."""
    results: dict[str, dict[str, list[dict[str, float]]]] = {
        name: {page: [] for page in pages} for name, (_, pages) in sites.items()
    }
    order = [
        (name, page)
        for row in itertools.zip_longest(
            *[[(name, page) for page in pages] for name, (_, pages) in sites.items()],
            fillvalue=(None, None),
        )
        for name, page in row
        if name is not None
    ]
    for n in range(runs):
        for name, page in order:
            base = sites[name][0]
            slug = re.sub(r"[^a-z0-9]+", "-", f"{name}-{page}".lower())
            run = lighthouse(f"{base}/{page}.html", out / f"lh-{slug}-{n}.json")
            results[name][page].append(run)
            log(
                f"lighthouse {n + 1}/{runs} {name} {page}: {run['performance']:.2f}, TBT "
                f"{run['tbt']:.0f} ms, load {run['load']:.2f}"
            )
    return results


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def lighthouse_tables(results: dict[str, dict[str, list[dict[str, float]]]]) -> list[str]:
    """Markdown: one table per site (medians, with each run's performance), the ratio of our
    pages to the stock book's, and each target of issue 14 met or not."""
    out: list[str] = []
    summary = {name: {p: medians(r) for p, r in pages.items()} for name, pages in results.items()}
    for name, pages in results.items():
        out += [
            "",
            f"### {SITE_TITLES[name]}",
            "",
            "| page | performance (runs) | TBT | CLS | FCP | LCP | SI | a11y | best pr. | SEO"
            " | LH bytes |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for page, runs in pages.items():
            m = summary[name][page]
            each = ", ".join(f"{r['performance']:.2f}" for r in runs)
            out.append(
                f"| `{page}` | **{m['performance']:.2f}** ({each}) | {m['tbt']:.0f} ms "
                f"| {m['cls']:.3f} | {m['fcp'] / 1000:.1f} s | {m['lcp'] / 1000:.1f} s "
                f"| {m['si'] / 1000:.1f} s | {m['accessibility']:.2f} | {m['best-practices']:.2f} "
                f"| {m['seo']:.2f} | {m['bytes'] / KB:.0f} KB |"
            )
    loads = [r["load"] for pages in results.values() for runs in pages.values() for r in runs]
    runs = len(next(iter(next(iter(results.values())).values())))
    out.append("")
    if "ours" in summary and "stock" in summary:
        perf = [m["performance"] for m in summary["ours"].values()]
        stock = [m["performance"] for m in summary["stock"].values()]
        out.append(
            f"Performance, ours against the stock book in the same rounds: median page "
            f"{statistics.median(perf):.2f} against {statistics.median(stock):.2f} "
            f"(× {statistics.median(perf) / statistics.median(stock):.2f}); worst page "
            f"{min(perf):.2f} against {min(stock):.2f} (× {min(perf) / min(stock):.2f})."
        )
    if "ours" in summary:
        out.append(
            f"Targets for this book (medians of {runs} runs; worst page): "
            + _targets(summary["ours"])
            + "."
        )
    if "drafted" in summary:
        drafted = summary["drafted"]
        articles = sorted({page.split("/")[0] for page in drafted})
        out.append(
            f"Targets for the {len(drafted)} pages of the {len(articles)} drafted articles (medians"
            f" of {runs} runs; worst page): " + _targets(drafted, median=False) + "."
        )
    out.append(
        f"Load average (1 min) at the start of each run: {min(loads):.2f}–{max(loads):.2f}, "
        f"median {statistics.median(loads):.2f}."
    )
    return out


def _targets(pages: dict[str, dict[str, float]], median: bool = True) -> str:
    """Each Lighthouse target met or not, on the pages' medians; ``median``: the median page's
    performance target too."""
    perf = [m["performance"] for m in pages.values()]
    worst = {key: max(m[key] for m in pages.values()) for key in ("tbt", "cls")}
    worst_page = min(pages, key=lambda page: pages[page]["performance"])
    checks = [
        (
            f"every page ≥ {PERF_EVERY_MIN}",
            min(perf) >= PERF_EVERY_MIN,
            f"{min(perf):.2f}, `{worst_page}`",
        ),
    ]
    if median:
        checks.append(
            (
                f"median page ≥ {PERF_MEDIAN_MIN}",
                statistics.median(perf) >= PERF_MEDIAN_MIN,
                f"{statistics.median(perf):.2f}",
            )
        )
    checks += [
        (f"TBT ≤ {TBT_MAX_MS} ms", worst["tbt"] <= TBT_MAX_MS, f"{worst['tbt']:.0f} ms"),
        (f"CLS ≤ {CLS_MAX}", worst["cls"] <= CLS_MAX, f"{worst['cls']:.3f}"),
    ] + [
        (
            f"{key} {target:.2f}",
            min(m[key] for m in pages.values()) >= target,
            f"{min(m[key] for m in pages.values()):.2f}",
        )
        for key, target in LH_TARGETS.items()
    ]
    return "; ".join(
        f"{label}{f' ({value})' if value else ''}: {mark(ok)}" for label, ok, value in checks
    )


def stock_book(workdir: Path) -> tuple[Path, list[str], float]:
    """The stock Jupyter Book 1 template, built as it comes (its one notebook needs numpy and
    matplotlib, which this venv lacks, so that page shows no outputs)."""
    book = workdir / "stock"
    subprocess.run(
        [str(BIN / "jupyter-book"), "create", str(book)], check=True, capture_output=True
    )
    start = time.perf_counter()
    subprocess.run([str(BIN / "jupyter-book"), "build", str(book)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return book / "_build" / "html", toc_pages(book), seconds


def drafted_site(
    project: Project, workdir: Path, polnear: Path | None, count: int
) -> tuple[Path, list[str], float]:
    """Draft ``count`` PolNeAR articles across publishers (or, without ``polnear``, the bridge
    example) into ``workdir`` and build them into one site: its html folder, every page of
    every article (``<name>/book/<page>``), and the build's seconds."""
    import csv as csv_module

    from bench_sites import chosen

    drafts = workdir / "drafts"
    jobs: list[tuple[Path, list[str]]] = []
    if polnear is None:
        example = ROOT / "docs" / "draft-example" / "article.txt"
        jobs.append(
            (
                example,
                [
                    "--date",
                    "2025-03-19",
                    "--title",
                    "City council approves new river bridge after months of debate",
                ],
            )
        )
    else:
        with (polnear / "metadata.tsv").open(encoding="utf-8") as f:
            rows = list(csv_module.DictReader(f, delimiter="\t"))
        picked = chosen(rows, count)
        for row in rows:
            if row["filename"] in picked:
                meta = ["--date", row["publication_date"], "--title", row["title"]]
                jobs.append(
                    (
                        polnear / "text" / f"{row['filename']}.txt",
                        meta + ["--outlet", row["publisher"]],
                    )
                )
    packages = []
    for text, meta in jobs:
        out = drafts / text.stem
        command = [str(PYTHON), "-m", "explainer", "draft", str(text), "--out", str(out), *meta]
        subprocess.run(command, cwd=project.dir, env=project.env, check=True, capture_output=True)
        packages.append(out)
    site = workdir / "drafted-site"
    command = [str(PYTHON), "-m", "explainer", "site", *map(str, packages), "--out", str(site)]
    start = time.perf_counter()
    result = subprocess.run(
        command + ["-W", "-n", "--keep-going"],
        cwd=project.dir,
        env=project.env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"bench: the site of drafts failed:\n{(result.stdout + result.stderr)[-5000:]}"
        )
    names = sorted(p.name for p in site.iterdir() if p.is_dir() and (p / "index.html").is_file())
    pages = [
        f"{name}/{p.relative_to(site / name).with_suffix('').as_posix()}"
        for name in names
        for p in sorted((site / name / "book").glob("*.html"))
    ]
    return site, pages, seconds


# ---------------------------------------------------------------------------------------


def timed(label: str, repeats: int, run: Callable[[int], tuple[float, dict]]) -> dict:
    seconds, read, executed = [], [], []
    for n in range(repeats):
        s, report = run(n)
        seconds.append(s)
        read.append(report.get("read"))
        executed.append(sorted(report.get("executed") or []))
        log(f"{label} {n + 1}/{repeats}: {s:.1f} s, executed {len(executed[-1])}")
    return {"seconds": seconds, "read": read, "executed": executed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per build measurement")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse rounds (runs per page)"
    )
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-builds", action="store_true", help="only build once; weigh pages")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to measure")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--polnear", type=Path, help="PolNeAR's data/dev: draft articles from it")
    parser.add_argument(
        "--drafted", type=int, default=DRAFTED_DEFAULT, help="drafted articles in Lighthouse"
    )
    parser.add_argument(
        "--drafts-only", action="store_true", help="only Lighthouse on the drafted articles"
    )
    args = parser.parse_args(argv)
    if args.polnear and (args.polnear.name == "test" or "/test/" in str(args.polnear)):
        parser.error("never the test split")
    began = time.perf_counter()
    if not CHROMIUM.is_file():
        raise SystemExit(f"bench: Chromium not found at {CHROMIUM} (set CHROME_PATH)")
    if not args.no_lighthouse and not LIGHTHOUSE.is_file():
        raise SystemExit("bench: Lighthouse is not installed; run `npm ci` (make bench does)")

    workdir = Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    out: list[str] = ["## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in machine()]
    try:
        project = Project(args.project.resolve(), workdir)
        if args.drafts_only:
            out += drafted_lighthouse(project, workdir, args)
            return _finish(out, began)
        repeats = 1 if args.no_builds else args.repeats
        rows = []

        def cold(n: int) -> tuple[float, dict]:
            project.clean()
            return project.build()

        cold_runs = timed("cold build", repeats, cold)
        cold_median = statistics.median(cold_runs["seconds"])

        if not args.no_builds:
            floor = [execute_floor(project, 1) for _ in range(repeats)]
            log(f"floor (serial): {fmt_s(floor)}")
            floor_par = [execute_floor(project, 2) for _ in range(repeats)]
            log(f"floor (2 kernels): {fmt_s(floor_par)}")
            project.build()  # back to a built state after the floor runs
            nochange = timed("no-change rebuild", repeats, lambda n: project.build())
            text_page = project.pages[-1]

            def prose(n: int) -> tuple[float, dict]:
                edit_prose(project, text_page, n)
                return project.build()

            def code(n: int) -> tuple[float, dict]:
                edit_code(project, text_page, n)
                return project.build()

            def data(n: int) -> tuple[float, dict]:
                edit_data(project, n)
                return project.build()

            prose_runs = timed("one page's prose edited", repeats, prose)
            code_runs = timed("one page's code edited", repeats, code)
            data_runs = timed("one data file edited", repeats, data)

            f_mid, p_mid = statistics.median(floor), statistics.median(floor_par)
            nc_mid = statistics.median(nochange["seconds"])

            def counts(runs: dict) -> str:
                ex = sorted({len(e) for e in runs["executed"]})
                rd = sorted({len(r) for r in runs["read"] if r is not None})
                pages = sorted({p.split("/")[-1] for e in runs["executed"] for p in e})
                text = f"executed {'/'.join(map(str, ex))}"
                if rd:
                    text += f", read {'/'.join(map(str, rd))}"
                return text + (f" ({', '.join(pages)})" if pages else "")

            n_pages = len(project.pages)
            rows += [
                (
                    "cold build",
                    fmt_s(cold_runs["seconds"]),
                    f"{cold_median / f_mid:.2f}× serial floor; {cold_median / p_mid:.2f}× 2-kernel floor; "
                    + counts(cold_runs),
                    f"≤ {COLD_MAX_S:.0f} s and ≤ {COLD_MAX_FLOOR_RATIO}× floor",
                    mark(cold_median <= COLD_MAX_S and cold_median <= COLD_MAX_FLOOR_RATIO * f_mid),
                ),
                (
                    f"floor: execute the {n_pages} notebooks, one at a time",
                    fmt_s(floor),
                    "",
                    "",
                    "",
                ),
                ("floor: the same, 2 kernels at a time", fmt_s(floor_par), "", "", ""),
                (
                    "rebuild, nothing changed",
                    fmt_s(nochange["seconds"]),
                    f"{nc_mid / cold_median:.0%} of cold; " + counts(nochange),
                    "≤ 15 % of cold, 0 executed",
                    mark(
                        nc_mid <= NOCHANGE_MAX_RATIO * cold_median
                        and all(not e for e in nochange["executed"])
                    ),
                ),
                (
                    f"rebuild, prose of {text_page} edited",
                    fmt_s(prose_runs["seconds"]),
                    f"{statistics.median(prose_runs['seconds']) / cold_median:.0%} of cold; "
                    + counts(prose_runs),
                    "that page only (its code is unchanged: nothing to execute)",
                    mark(
                        all(not e or e == [text_page] for e in prose_runs["executed"])
                        and all(r in (None, [text_page]) for r in prose_runs["read"])
                    ),
                ),
                (
                    f"rebuild, a code cell of {text_page} edited",
                    fmt_s(code_runs["seconds"]),
                    f"{statistics.median(code_runs['seconds']) / cold_median:.0%} of cold; "
                    + counts(code_runs),
                    "re-executes that page only",
                    mark(all(e == [text_page] for e in code_runs["executed"])),
                ),
                (
                    "rebuild, data/context.csv edited",
                    fmt_s(data_runs["seconds"]),
                    f"{statistics.median(data_runs['seconds']) / cold_median:.0%} of cold; "
                    + counts(data_runs),
                    "the pages that read it",
                    mark(len(set(map(tuple, data_runs["executed"]))) == 1),
                ),
            ]
        else:
            rows.append(("cold build", fmt_s(cold_runs["seconds"]), "", "", ""))

        out += [
            "",
            "## Builds",
            "",
            "| what | time (median, range) | ratio, pages | target | met |",
        ]
        out += ["|---|---|---|---|---|"]
        out += [f"| {' | '.join(r)} |" for r in rows]
        if args.no_builds:
            pass
        elif any(r is None for r in data_runs["read"]):
            out.append("\n(read counts unavailable: this checkout has no explainer/execution.py)")

        # Page weight.
        log("weighing pages")
        sizes = {page: gz_size(project.html / f"{page}.html") for page in project.pages}
        visits = transfers(project.html, project.pages)
        first = visits["first"]
        lh: dict[str, dict[str, list[dict[str, float]]]] = {}
        stock_seconds = None
        if not args.no_lighthouse:
            stock_html, stock_pages, stock_seconds = stock_book(workdir)
            drafted_html, drafted_pages, drafted_seconds = drafted_site(
                project, workdir, args.polnear, args.drafted
            )
            with (
                Server(project.html) as ours,
                Server(stock_html) as theirs,
                Server(drafted_html) as drafts,
            ):
                sites = {
                    "ours": (ours.url, project.pages),
                    "stock": (theirs.url, stock_pages),
                    "drafted": (drafts.url, drafted_pages),
                }
                lh = lighthouse_interleaved(sites, args.lighthouse_runs, workdir)

        out += ["", "## Pages", ""]
        first_kb, scrolled_kb = first["scrolled"] / KB, first["bytes"] / KB
        out.append(
            f"First visit, `{project.pages[0]}.html` in a fresh browser (412×823), everything it "
            f"fetches: **{first_kb:.0f} KB** on the wire as loaded and read to the end (every "
            f"chart painted from its drawing), {scrolled_kb:.0f} KB once every chart is touched "
            f"(the vega bundle comes with the first); target ≤ {FIRST_VISIT_MAX_KB:.0f} KB: "
            f"{mark(scrolled_kb <= FIRST_VISIT_MAX_KB)}. {first['requests']} requests."
        )
        out.append("")
        out += [
            "| page | HTML + inline data, gzipped | later visit, read: on the wire"
            " | and every chart touched | shared files first needed here | fetched again |",
            "|---|---|---|---|---|---|",
        ]
        later_by_page = {r["page"]: r for r in visits["later"]}
        for page in project.pages:
            row = later_by_page.get(page)
            size = sizes[page] / KB
            cells = [
                f"`{page}`",
                f"{size:.1f} KB{'' if size <= PAGE_MAX_KB else ' **over**'}",
                f"{row['scrolled'] / KB:.1f} KB" if row else "(first visit)",
                f"{row['bytes'] / KB:.1f} KB" if row else "",
                (", ".join(row["first_use"]) or "none") if row else "",
                (", ".join(row["again"]) or "none") if row else "",
            ]
            out.append(f"| {' | '.join(cells)} |")
        revalidated = sorted({p for r in visits["later"] for p in r["revalidated"]})
        inlined = [
            p
            for p in project.pages
            if "vegaEmbed=" in (project.html / f"{p}.html").read_text(encoding="utf-8")
        ]
        out.append("")
        out.append(
            f"Largest page: {max(sizes.values()) / KB:.1f} KB gzipped (target ≤ {PAGE_MAX_KB:.0f} KB: "
            f"{mark(max(sizes.values()) / KB <= PAGE_MAX_KB)}). Later pages fetch no shared file "
            f"again: {mark(all(not r['again'] for r in visits['later']))}; the vega bundle is "
            f"inlined in no page: {mark(not inlined)}"
            + (
                f"; revalidated with a 304 (no body): {', '.join(revalidated)}"
                if revalidated
                else ""
            )
            + "."
        )
        if lh:
            out += [
                "",
                "## Lighthouse 12.2.3, mobile, beside the stock book",
                "",
                f"{args.lighthouse_runs} rounds; in each, every page of this book and of the stock"
                f" `jupyter-book create` book (built in {stock_seconds:.1f} s, same server), one"
                " of each in turn, and every page of the drafted articles"
                f" ({_drafted_source(args, drafted_pages)}; their site built in"
                f" {drafted_seconds:.0f} s). Medians, with each run's performance score.",
            ]
            out += lighthouse_tables(lh)
        out += ["", f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}."]
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return _finish(out, began)


def _drafted_source(args: argparse.Namespace, pages: list[str]) -> str:
    count = len({page.split("/")[0] for page in pages})
    if args.polnear:
        return f"{count} PolNeAR dev articles across publishers"
    return "the bridge example (docs/draft-example)"


def drafted_lighthouse(project: Project, workdir: Path, args: argparse.Namespace) -> list[str]:
    """``--drafts-only``: Lighthouse on every page of the drafted articles, alone."""
    html, pages, seconds = drafted_site(project, workdir, args.polnear, args.drafted)
    log(f"site of drafts built in {seconds:.0f} s: {len(pages)} pages")
    with Server(html) as drafts:
        lh = lighthouse_interleaved({"drafted": (drafts.url, pages)}, args.lighthouse_runs, workdir)
    return [
        "",
        "## Lighthouse 12.2.3, mobile, on drafted articles",
        "",
        f"{args.lighthouse_runs} rounds over every page of {_drafted_source(args, pages)}, built"
        f" into one site of many in {seconds:.0f} s. Medians, with each run's performance score.",
        *lighthouse_tables(lh),
        "",
        f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
    ]


def _finish(out: list[str], began: float) -> int:
    text = "\n".join(out) + "\n"
    print(text)
    results = ROOT / "_build" / "bench"
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.md").write_text(text, encoding="utf-8")
    log(
        f"written to {results / 'latest.md'}; make bench took {(time.perf_counter() - began) / 60:.0f} min"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

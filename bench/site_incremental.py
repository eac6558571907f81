"""How long the site of many articles takes to add or correct one article
(``make bench-site-incremental``; ``bench/bench_sites.py`` runs it on its site of all).

On a site already built from PACKAGES (built first if it is not), it times three more runs of
``python -m explainer site``, each printing its seconds, which articles it built, how many files
of the other articles it wrote (0 is the aim: their bytes and modification times are kept) and
the load average:

1. nothing changed;
2. one article corrected: its article's title in ``sources.csv`` gets " (corrected)";
3. one more article added.

Standalone, the packages are this project's ``data/`` and a copy of the bridge example's draft
(``docs/draft-example/draft``), the corrected one is the copy, and the added one is a copy of the
reviewed bridge example; they are copied into a temporary folder, so nothing of the project
changes. The copies go to ``_build/bench-site-packages`` and the site to ``_build/bench-site``
(``--out``); the articles are built in ``_build/articles`` as by ``make site``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SUFFIX = " (corrected)"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


@dataclass
class Run:
    """One ``python -m explainer site`` run."""

    label: str
    ok: bool
    seconds: float
    built: list[str]
    articles: int
    others_written: int
    index_changed: bool
    load: str
    tail: str = ""

    def line(self) -> str:
        built = ", ".join(self.built[:3]) + (" ..." if len(self.built) > 3 else "")
        return (
            f"{self.label}: {'ok' if self.ok else 'FAILED'} in {self.seconds:.1f} s;"
            f" built {len(self.built)} of {self.articles} articles ({built or 'none'});"
            f" files of the other articles written: {self.others_written};"
            f" index {'rewritten' if self.index_changed else 'unchanged'}; {self.load}"
            + (f"\n{self.tail}" if not self.ok else "")
        )


def stamps(site: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """Per top-level entry of the site, each file's (size, mtime in ns)."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for entry in sorted(site.iterdir()) if site.is_dir() else []:
        files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        out[entry.name] = {
            p.relative_to(site).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in files
        }
    return out


def site(label: str, packages: list[Path], out: Path, title: str) -> Run:
    """Run the site build; count the files it wrote of the articles it did not build."""
    before = stamps(out)
    started = time.perf_counter()
    result = subprocess.run(
        [PY, "-m", "explainer", "site", *map(str, packages), "--out", str(out)]
        + ["--title", title, "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    after = stamps(out)
    built = re.findall(r"^explainer: building (\S+)", result.stdout, flags=re.M)
    names = re.findall(r"^\d+ explainers in .*?: (.*)$", result.stdout, flags=re.M)
    articles = names[-1].split(", ") if names else []
    others = 0
    for name in set(before) & set(after):
        if name in built or name not in articles:
            continue
        old, new = before[name], after[name]
        others += sum(1 for f, s in new.items() if old.get(f) != s) + len(set(old) - set(new))
    return Run(
        label,
        result.returncode == 0,
        seconds,
        built,
        len(articles),
        others,
        before.get("index.html") != after.get("index.html"),
        load(),
        (result.stdout + result.stderr)[-2000:],
    )


def retitle(package: Path) -> str:
    """Correct the article's title in ``package``'s sources.csv; returns the new title."""
    path = package / "sources.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    title = ""
    for row in rows:
        if row["kind"] == "article":
            row["title"] = title = row["title"].removesuffix(SUFFIX) + SUFFIX
            row["title_basis"] = "descriptive"  # no longer the printed headline
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return title


def measure(
    packages: list[Path], correct: Path, add: Path, out: Path, title: str, first: bool = True
) -> list[Run]:
    """Build the site (``first``), then time: nothing changed, ``correct`` corrected, ``add``
    added. Prints each run's line as it ends."""
    runs = []

    def step(label: str, listed: list[Path]) -> Run:
        run = site(label, listed, out, title)
        print(run.line(), flush=True)
        runs.append(run)
        return run

    if first:
        step("site built", packages)
    step("nothing changed", packages)
    corrected = retitle(correct)
    run = step("one article corrected", packages)
    if run.ok and corrected not in (out / "index.html").read_text(encoding="utf-8"):
        print("  the index does not show the corrected title", flush=True)
    step("one article added", [*packages, add])
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench-site")
    parser.add_argument("--title", default="Annotated explainers")
    args = parser.parse_args()
    # One place, so that a second run finds the builds of the first.
    work = ROOT / "_build" / "bench-site-packages"
    shutil.rmtree(work, ignore_errors=True)
    example = ROOT / "docs" / "draft-example"
    shutil.copytree(example / "draft", work / "bridge")
    shutil.copytree(example / "reviewed", work / "bridge-reviewed")
    print(f"bench-site-incremental: data/ and the bridge example's draft; {load()}", flush=True)
    runs = measure(
        [ROOT / "data", work / "bridge"],
        work / "bridge",
        work / "bridge-reviewed",
        args.out,
        args.title,
    )
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())

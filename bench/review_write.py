"""How long one of the review desk's writes takes on a large real draft (``make bench-review``).

Every write validates the package it would make (a reviewed package is always valid). This
drafts one PolNeAR dev article (``--polnear DIR``: the largest one, or ``--article STEM``) into a
temporary folder, never into the project, else the bridge example's draft, and times writes:

- **action**: the action's transaction alone (``explainer.package.actions``: compute, validate,
  journal, write), ``cold`` with every cache the validator keeps emptied before each write (as
  the first write after the desk starts), ``warm`` as the desk runs;
- **desk answers**: the round trip of ``POST /action/accept`` to the desk's app (the
  transaction, then the page it answers with: the card, the queue, the counts, the article as
  last marked); **desk marked**: until ``GET /article`` has the article's new marks too (the
  page asks for them as soon as it has the answer; the keys do not wait for them).

Each is the median of ``--writes`` accepts of drafted records in the queue's order (one of each
kind of record in turn), with the load average printed, as the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.package import actions, scan, store  # noqa: E402
from explainer.package.checks import files  # noqa: E402


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def draft(polnear: Path | None, stem: str | None, out: Path) -> str:
    """Draft the chosen article into ``out``; return what it is."""
    if polnear is None:
        shutil.copytree(ROOT / "docs" / "draft-example" / "draft", out)
        return "the bridge example's draft"
    from explainer.draft import assemble, run

    texts = sorted((polnear / "text").glob("*.txt"), key=lambda p: p.stat().st_size)
    text = next(p for p in texts if p.stem == stem) if stem else texts[-1]
    meta_rows = {}
    meta_path = polnear / "metadata.tsv"
    if meta_path.is_file():
        with meta_path.open(encoding="utf-8", newline="") as f:
            meta_rows = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
    row = meta_rows.get(text.stem, {})
    meta = assemble.Meta(
        date=run.parse_date(row.get("publication_date") or None),
        title=row.get("title", text.stem),
        outlet=row.get("publisher", ""),
        author=row.get("author", ""),
        url="",
    )
    run.draft(text, out, meta)
    return f"PolNeAR dev {text.stem} ({text.stat().st_size} bytes)"


def forget() -> None:
    """Empty the caches a long-running desk keeps (the first write after a start). Any that
    the code timed has not (an older commit, for comparison) are passed over."""
    for cache in ("_TABLE_FINDINGS", "_DESCRIPTOR_FINDINGS"):
        getattr(files, cache, {}).clear()
    getattr(store, "_JOURNALS", {}).clear()
    for cached in ("_sentences", "_paragraphs"):
        if hasattr(scan, cached):
            getattr(scan, cached).cache_clear()


def targets(folder: Path, n: int) -> list[tuple[str, str]]:
    """``n`` drafted records to accept, one of each table in turn, in the queue's order."""
    from explainer.review import page

    by_table: dict[str, list[str]] = {}
    for item in page.queue(store.load(folder), "reading"):
        by_table.setdefault(item.table, []).append(item.id)
    out: list[tuple[str, str]] = []
    while len(out) < n and any(by_table.values()):
        for table, ids in by_table.items():
            if ids and len(out) < n:
                out.append((table, ids.pop(0)))
    return out


def time_actions(folder: Path, refs: list[tuple[str, str]], cold: bool) -> list[float]:
    times = []
    for table, rid in refs:
        if cold:
            forget()
        pkg = store.load(folder)
        start = time.perf_counter()
        try:
            actions.accept(pkg, table, rid)
        except store.StoreError:
            continue  # reviewed already, with a record accepted before it
        times.append(time.perf_counter() - start)
    return times


def time_desk(folder: Path, refs: list[tuple[str, str]]) -> tuple[list[float], list[float]]:
    from starlette.testclient import TestClient

    from explainer.review.app import TOKEN_HEADER, Desk, create_app

    desk = Desk(folder, "bench", folder.parent / "preview")
    client = TestClient(create_app(desk), base_url="http://127.0.0.1")
    client.get("/?token=bench")  # the page as the editor opens it: the desk's view made once
    answered, marked = [], []
    for table, rid in refs:
        start = time.perf_counter()
        got = client.post(
            "/action/accept", data={"table": table, "id": rid}, headers={TOKEN_HEADER: "bench"}
        )
        if got.status_code != 200:
            continue
        answered.append(time.perf_counter() - start)
        client.get("/article", headers={TOKEN_HEADER: "bench"})  # as the page fetches it next
        marked.append(time.perf_counter() - start)
    return answered, marked


def line(name: str, times: list[float]) -> str:
    if not times:
        return f"{name:<14} no write was made"  # every record was reviewed with an earlier one
    ms = sorted(t * 1000 for t in times)
    return (
        f"{name:<14} median {statistics.median(ms):6.0f} ms  (min {ms[0]:.0f}, max {ms[-1]:.0f},"
        f" {len(ms)} writes)  {load()}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, help="PolNeAR's dev folder (text/, metadata.tsv)")
    ap.add_argument("--article", help="the stem of the article to draft (default: the largest)")
    ap.add_argument("--writes", type=int, default=12, help="writes timed in each way")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        base = Path(tmp) / "draft"
        what = draft(args.polnear, args.article, base)
        pkg = store.load(base)
        n = sum(len(rows) for name, rows in pkg.tables.items() if name != "provenance")
        print(f"{what}: {n} records, {len(pkg.article)} characters; {load()}")
        results = {}
        for name, cold in (("action cold", True), ("action warm", False)):
            folder = Path(tmp) / name.replace(" ", "-")
            shutil.copytree(base, folder)
            refs = targets(folder, args.writes)
            if not cold:
                time_actions(folder, targets(folder, 1), cold=False)  # warm the caches
                refs = targets(folder, args.writes)
            results[name] = time_actions(folder, refs, cold)
            print(line(name, results[name]))
        folder = Path(tmp) / "desk"
        shutil.copytree(base, folder)
        answered, marked = time_desk(folder, targets(folder, args.writes))
        print(line("desk answers", answered))
        print(line("desk marked", marked))
    return 0


if __name__ == "__main__":
    sys.exit(main())

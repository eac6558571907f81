"""Drafting a corpus: every ``*.txt`` of a folder into ``OUT/NAME/``, one package per article.

    python -m explainer draft DIR/ --out OUT [--metadata metadata.tsv] [--processes N]
    python -m explainer draft DIR/ --out OUT --dask tcp://scheduler:8786

Dask is the engine: the articles are a ``dask.bag``; each task drafts one article in memory
(``draft_files``) and returns its files; this process reads the articles and writes the files,
so the workers need no shared disk. The pipeline is cached per process (``pipeline.load``), so each worker loads the
model once. Locally the bag runs on Dask's process pool (``--processes``), on a cluster on the
scheduler at ``--dask``. One article that fails is reported by name and the rest go on.

Why not ``nlp.pipe(n_process=…)``: spaCy sends the docs back from its worker processes through
``Doc.to_bytes``, which cannot carry the drafter's extension values (lists of dataclasses), so
the parallel unit is the article, not the paragraph.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

from . import assemble, pipeline, run, write
from .text import DraftInputError, read_article

#: Column names accepted in a metadata file, per field (PolNeAR's metadata.tsv works as is).
COLUMNS = {
    "name": ("name", "filename", "stem", "file"),
    "date": ("date", "publication_date"),
    "title": ("title",),
    "outlet": ("outlet", "publisher"),
    "author": ("author",),
    "url": ("url",),
}


@dataclass(frozen=True)
class Item:
    name: str
    path: Path
    meta: assemble.Meta


@dataclass(frozen=True)
class Result:
    name: str
    files: dict[str, str] | None
    error: str = ""
    seconds: float = 0.0


def read_metadata(path: Path) -> dict[str, assemble.Meta]:
    """Metadata by file stem, from a tab- or comma-separated file with a header row."""
    raw = path.read_text(encoding="utf-8")
    dialect = "excel-tab" if "\t" in raw.partition("\n")[0] else "excel"
    rows = list(csv.DictReader(raw.splitlines(), dialect=dialect))
    header = rows[0].keys() if rows else []

    def column(field: str) -> str | None:
        return next((c for c in COLUMNS[field] if c in header), None)

    key = column("name")
    if key is None:
        raise DraftInputError(
            f"{path}: no column naming the article (one of {', '.join(COLUMNS['name'])})"
        )
    out = {}
    for i, row in enumerate(rows, start=2):
        values = {f: (row.get(c) or "").strip() for f in COLUMNS if (c := column(f))}
        try:
            date = run.parse_date(values.get("date") or None)
        except ValueError:
            raise DraftInputError(
                f"{path}: row {i}: {column('date')} {values['date']!r} is not a date (YYYY-MM-DD)"
            ) from None
        stem = Path(values["name"]).stem if values["name"].endswith(".txt") else values["name"]
        out[stem] = assemble.Meta(
            date=date,
            title=values.get("title", ""),
            outlet=values.get("outlet", ""),
            author=values.get("author", ""),
            url=values.get("url", ""),
        )
    return out


def items(folder: Path, metadata: Path | None = None) -> list[Item]:
    """Every ``*.txt`` of ``folder`` in name order, with its metadata row if there is one."""
    if not folder.is_dir():
        raise DraftInputError(f"{folder}: not a folder")
    meta = read_metadata(metadata) if metadata else {}
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise DraftInputError(f"{folder}: no *.txt articles in it")
    return [Item(p.stem, p, meta.get(p.stem, assemble.Meta())) for p in paths]


def draft_files(job: tuple[Item, str], rules_off: str = "") -> Result:
    """Draft one article's text in memory (on a worker): its package's files, or why it failed."""
    item, text = job
    t0 = time.perf_counter()
    try:
        d = run.draft_text(text, item.meta, pipeline.load(rules_off))
        files = run.package_files(text, d, item.meta)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        return Result(item.name, None, f"{item.path}: {type(exc).__name__}: {exc}")
    return Result(item.name, files, seconds=time.perf_counter() - t0)


def draft_corpus(
    todo: list[Item], out: Path, processes: int = 1, dask: str | None = None, rules_off: str = ""
) -> list[Result]:
    """Draft every item into ``out/NAME/``; returns one result per item, in order.

    A folder that already holds something is left alone and reported (re-draft a single article
    with ``draft ARTICLE --out`` to merge it with its reviewed records). ``rules_off`` switches
    rules off by name, as ``--rules`` does.
    """
    pipeline.rules.parse(rules_off)  # an unknown rule name fails here, before any worker runs
    import dask.bag as db

    out = Path(out)
    taken = [i for i in todo if (out / i.name).exists() and any((out / i.name).iterdir())]
    held = {
        i.name: Result(i.name, None, f"{out / i.name}: not empty; draft it alone to merge")
        for i in taken
    }
    # Read here, so the workers need no access to the folder; a bad file is reported by name.
    run_these = []
    for i in todo:
        if i.name in held:
            continue
        try:
            run_these.append((i, read_article(i.path)))
        except DraftInputError as exc:
            held[i.name] = Result(i.name, None, str(exc))
    parts = max(1, min(len(run_these), 4 * processes))
    if run_these and (dask or processes > 1):
        bag = db.from_sequence(run_these, npartitions=parts).map(draft_files, rules_off)
        if dask:
            from distributed import Client

            with Client(dask) as client:
                results = client.compute(bag).result()
        else:
            results = bag.compute(scheduler="processes", num_workers=processes)
    else:
        results = [draft_files(i, rules_off) for i in run_these]
    for r in results:
        if r.files is not None:
            write.write(out / r.name, r.files)
    done = {r.name: r for r in results} | held
    return [done[i.name] for i in todo]

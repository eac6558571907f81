"""Drafting a corpus: every ``*.txt`` of a folder into ``OUT/NAME/``, one package per article.

    python -m explainer draft DIR/ --out OUT [--metadata metadata.tsv] [--processes N]
    python -m explainer draft DIR/ --out OUT --dask tcp://scheduler:8786

Dask is the engine: the articles are a ``dask.bag``; each task drafts one article in memory
(``draft_files``) and returns its files, and this process writes them, so the workers need no
shared disk. The pipeline is cached per process (``pipeline.load``), so each worker loads the
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

from . import assemble, run, write
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


def draft_files(item: Item) -> Result:
    """Draft one article in memory (on a worker): its package's files, or why it failed."""
    t0 = time.perf_counter()
    try:
        text = read_article(item.path)
        d = run.draft_text(text, item.meta)
        files = run.package_files(text, d, item.meta)
    except DraftInputError as exc:
        return Result(item.name, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        return Result(item.name, None, f"{item.path}: {type(exc).__name__}: {exc}")
    return Result(item.name, files, seconds=time.perf_counter() - t0)


def draft_corpus(
    todo: list[Item], out: Path, processes: int = 1, dask: str | None = None
) -> list[Result]:
    """Draft every item into ``out/NAME/``; returns one result per item, in order.

    A folder that already holds something is left alone and reported (re-draft a single article
    with ``draft ARTICLE --out`` to merge it with its reviewed records).
    """
    import dask.bag as db

    out = Path(out)
    taken = [i for i in todo if (out / i.name).exists() and any((out / i.name).iterdir())]
    held = {
        i.name: Result(i.name, None, f"{out / i.name}: not empty; draft it alone to merge")
        for i in taken
    }
    run_these = [i for i in todo if i.name not in held]
    bag = db.from_sequence(run_these, npartitions=max(1, min(len(run_these), 4 * processes)))
    if dask:
        from distributed import Client

        with Client(dask) as client:
            results = client.compute(bag.map(draft_files)).result()
    elif processes > 1:
        results = bag.map(draft_files).compute(scheduler="processes", num_workers=processes)
    else:
        results = [draft_files(i) for i in run_these]
    for r in results:
        if r.files is not None:
            write.write(out / r.name, r.files)
    done = {r.name: r for r in results} | held
    return [done[i.name] for i in todo]

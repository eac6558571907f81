"""``python -m explainer draft``: read, parse, assemble, merge with reviewed records, write."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from explainer.package import DESCRIPTOR

from . import assemble, merge, pipeline, write
from .text import DraftInputError, read_article

DIFF = "draft.diff"


@dataclass
class Outcome:
    out: Path
    counts: dict[str, int]
    seconds: float
    merged: merge.Merged | None = None
    diff_path: Path | None = None


def draft_text(text: str, meta: assemble.Meta, nlp=None) -> assemble.Draft:
    paragraphs = pipeline.parse(text, nlp)
    return assemble.build(text, paragraphs, meta)


def package_files(text: str, d: assemble.Draft, meta: assemble.Meta) -> dict[str, str]:
    tables = dict(d.tables)
    tables["provenance"] = d.provenance
    desc = write.descriptor(text, tables, article_title(tables))
    return write.files(text, tables, desc)


def article_title(tables: dict[str, list[dict]]) -> str:
    """The title of the article as its ``sources`` row has it: the one place a drafted title is
    decided (:func:`assemble.title_of`), and where an editor's reviewed title survives a redraft."""
    for row in tables.get("sources", []):
        if row.get("source_id") == assemble.ARTICLE_SOURCE:
            return row["title"]
    raise ValueError(f"the sources table has no {assemble.ARTICLE_SOURCE!r} row")


def draft(article: Path, out: Path, meta: assemble.Meta, nlp=None) -> Outcome:
    """Draft ``article`` into ``out``; raise DraftInputError (nothing written) on bad input."""
    t0 = time.perf_counter()
    text = read_article(article)
    out = Path(out)
    old = _existing(out, text, article)
    d = draft_text(text, meta, nlp)
    if old is None:
        contents = package_files(text, d, meta)
        write.write(out, contents)
        counts = {t: len(r) for t, r in d.tables.items()}
        return Outcome(out, counts, time.perf_counter() - t0)
    desc_old, tables_old, before = old
    new_tables = dict(d.tables)
    merged = merge.merge(desc_old, tables_old, new_tables, d.provenance)
    tables = dict(merged.tables)
    tables["provenance"] = merged.provenance
    desc = write.descriptor(text, tables, article_title(tables))
    after = write.files(text, tables, desc)
    patch = merge.diff(before, after)
    after[DIFF] = patch
    write.write(out, after)
    counts = {t: len(r) for t, r in merged.tables.items()}
    return Outcome(out, counts, time.perf_counter() - t0, merged, out / DIFF)


def _existing(out: Path, text: str, article: Path):
    desc_path = out / DESCRIPTOR
    if not desc_path.is_file():
        if out.exists() and any(p for p in out.iterdir() if not p.name.startswith(".")):
            raise DraftInputError(
                f"{out}: not empty and holds no {DESCRIPTOR}; choose an empty or new folder"
            )
        return None
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    art = next(r for r in desc["resources"] if r["name"] == "article")
    old_text = (out / art["path"]).read_text(encoding="utf-8")
    if old_text != text:
        raise DraftInputError(
            f"{out}: holds a package for another text than {article}; re-draft the same text "
            "there, or draft into a new folder"
        )
    tables = merge.read_tables(out, desc)
    before = {
        p.name: p.read_text(encoding="utf-8")
        for p in out.iterdir()
        if p.is_file() and p.suffix in (".csv", ".json")
    }
    return desc, tables, before


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None

"""Descriptors and loaded terms, matched from the documented lexicon ``lexicon/terms.csv``.

Each match is drafted with the voice of the words around it (a quotation's speaker, else the
narration) and is flagged for review: the lexicon proposes, the editor decides whether the word is
loaded here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

LEXICON = Path(__file__).with_name("lexicon") / "terms.csv"


@dataclass(frozen=True)
class Entry:
    term: str
    category: str
    loaded: bool
    note: str


@dataclass
class TermMatch:
    start: int
    end: int
    entry: Entry


@cache
def lexicon() -> tuple[list[Entry], re.Pattern]:
    with LEXICON.open(encoding="utf-8", newline="") as f:
        entries = [
            Entry(r["term"], r["category"], r["loaded"] == "true", r["note"])
            for r in csv.DictReader(row for row in f if not row.startswith("#"))
        ]
    entries.sort(key=lambda x: len(x.term), reverse=True)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(x.term) for x in entries) + r")\b", re.IGNORECASE
    )
    return entries, pattern


if not Doc.has_extension("terms"):
    Doc.set_extension("terms", default=None)


@Language.component("draft_terms")
def draft_terms(doc: Doc) -> Doc:
    entries, pattern = lexicon()
    by_term = {x.term.lower(): x for x in entries}
    doc._.terms = [
        TermMatch(m.start(), m.end(), by_term[m.group().lower()])
        for m in pattern.finditer(doc.text)
    ]
    return doc

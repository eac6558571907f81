"""Quoted passages of a paragraph, as character spans (marks excluded) and token ranges.

The passages themselves come from :func:`explainer.package.scan.quotations` over the whole article (the
validator uses the same scanner, so the draft and the check agree on what is quoted); this
component maps them onto the paragraph's tokens as ``doc._.quotes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc


@dataclass
class Passage:
    start: int  # character offsets in the paragraph, marks excluded
    end: int
    first: int  # token indices, marks excluded (end exclusive)
    last: int
    claimed: bool = False


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.component("draft_quotes")
def draft_quotes(doc: Doc) -> Doc:
    out = []
    for s, e in doc._.passages or []:
        if e <= s:
            continue  # an empty pair of marks quotes nothing
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        out.append(Passage(s, e, span.start, span.end))
    doc._.quotes = out
    return doc

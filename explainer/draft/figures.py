"""Numbers with their hedges: "nearly 2,000", "more than two million", "at least 33", "about 40".

Every number the validator's scanner finds (:func:`explainer.scan.numbers`) becomes a figure, so
the draft covers them all; digits and number words next to each other ("two million", "$14.5
billion") make one figure. The hedge before it is kept and gives the bound (see
``explainer.validate.HEDGE_BOUND``). The unit is the noun the number counts, from the parse; the
value is :func:`explainer.scan.number_value` of the anchored text, the validator's own reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from explainer.package import scan
from explainer.package.validate import HEDGE_BOUND

HEDGES = sorted((h for h in HEDGE_BOUND if h), key=len, reverse=True)
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\s+(?:a\s+|\$\s?)?$", re.I)
_JOIN = re.compile(r"[\s-]*(?:and\s+)?")
# Number words that print no count: the figure holds the word's own size, as an idiom for review.
VAGUE = {
    "half": 0.5,
    "twice": 2.0,
    "dozen": 12.0,
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}
ORDINALS = frozenset("first second third fourth fifth".split())
DURATION_UNITS = frozenset("second minute hour day week month year decade".split())


@dataclass
class Figure:
    start: int  # paragraph offsets
    end: int
    value: float
    unit: str
    hedge: str
    bound: str
    kind: str
    confidence: float
    rule: str


if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)


#: A day of a month printed as an ordinal ("September 30th"), which the scanner leaves out.
_ORDINAL_DAY = re.compile(r"\b(?:" + "|".join(scan.MONTHS) + r")\.?\s(\d{1,2}(?:st|nd|rd|th))\b")
#: "tens of thousands", "hundreds of millions": one figure, an order of magnitude.
_MAGNITUDE = re.compile(r"\b(tens|hundreds)\s+of\s+(thousands|millions|billions)\b", re.I)
#: "up by a third", "one quarter of": a share, not a position (no noun follows).
_SHARE = re.compile(r"\b(?:a|one)\s+(?:third|quarter|fifth)\b(?!\s+(?!of\b|from\b)[a-z]+)", re.I)


def _groups(text: str) -> list[tuple[int, int]]:
    spans = sorted(scan.numbers(text) + [m.span(1) for m in _ORDINAL_DAY.finditer(text)])
    out: list[list[int]] = []
    for s, e in spans:
        gap = text[out[-1][1] : s] if out else ""
        ranged = "-" in gap and text[out[-1][0]].isdigit() and text[s].isdigit()  # "16-19", "5-4"
        if out and not ranged and _JOIN.fullmatch(gap) and len(gap) <= 5:
            out[-1][1] = e
        else:
            out.append([s, e])
    # "tens of thousands" and "a third": one figure over the whole phrase
    for m in (*_MAGNITUDE.finditer(text), *_SHARE.finditer(text)):
        out = [g for g in out if not (m.start() <= g[0] < m.end())] + [[m.start(), m.end()]]
    return sorted((s, e) for s, e in out)


#: The unit of a count whose noun the parse did not find; the editor supplies it.
NO_UNIT = "unit not found"


def _unit(doc: Doc, s: int, e: int) -> tuple[str, str]:
    span = doc.char_span(s, e, alignment_mode="expand")
    text = doc.text
    after = text[e : e + 12].lower()
    if after.startswith(("%", " percent", " per cent")):
        return "percent", "count"
    if s > 0 and text[s - 1] == "$":
        return "dollars", "count"
    word = text[s:e].lower()
    if word in ORDINALS:
        head = span.root.head if span is not None else None
        return (head.lemma_ if head is not None and head.pos_ == "NOUN" else "position"), "ordinal"
    if re.search(r"\b(?:" + "|".join(scan.MONTHS) + r")\.?\s$", text[max(0, s - 11) : s]):
        return "day of month", "date"
    if span is not None:
        root = span.root
        if root.dep_ == "nummod" and root.head.pos_ in ("NOUN", "PROPN"):
            lemma = root.head.lemma_.lower()
            if lemma in DURATION_UNITS:
                return root.head.text.lower(), "duration"
            return root.head.text.lower(), "count"
        if re.fullmatch(r"(1[89]|20)\d\d", word):
            return "year", "date"
        if root.lower_ == "one" and root.dep_ in ("nsubj", "dobj", "pobj", "appos", "ROOT"):
            return "(figure of speech)", "idiom"
    return NO_UNIT, "count"


@Language.component("draft_figures")
def draft_figures(doc: Doc) -> Doc:
    text, out = doc.text, []
    for s, e in _groups(text):
        m = _HEDGE.search(text, max(0, s - 16), s)
        hedge = m.group(1).lower() if m else ""
        start = m.start(1) if m else s
        if hedge and text[start:s].lower().startswith(hedge) is False:
            hedge = ""
        exact = text[start:e]
        value = scan.number_value(exact)
        unit, kind = _unit(doc, s, e)
        if _SHARE.search(exact):
            unit, kind = "share", "count"
        conf = 0.8 if unit != NO_UNIT else 0.4
        rule = "number"
        if value is None:  # "thousands", "half", "twice", "a dozen": no count is printed
            word = text[s:e].lower()
            value = VAGUE.get(word.rstrip("s"), VAGUE.get(word))
            if value is None:
                continue
            kind, conf, rule = "idiom", 0.3, "vague_number"
        out.append(Figure(start, e, value, unit, hedge, HEDGE_BOUND[hedge], kind, conf, rule))
    doc._.figures = out
    return doc

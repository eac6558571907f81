"""Article-level attribution rules: what one paragraph cannot see.

- ``continued``: a quotation that goes on after its cue ("“A,” he said. “B.”") or into the next
  paragraphs, with no cue of its own, extends the attribution before it.
- ``colon_lead``: a paragraph that ends "X said:" introduces the quotation that follows.
- ``unnested``: an attribution whose cue sits inside another's content is part of what the
  outer source reports ("she said she thinks X"); it is kept only when it quotes, or names a
  source of its own with a speech or thought clause.
- ``orphan_quote``: a whole-sentence quotation with no cue is given to the last speaker, with a
  low confidence and a note; a short quoted phrase with no cue is drafted as a quoted-phrase note.

Spans here are article offsets. Unbalanced quotation marks never stop the draft: a passage that
touches a stray mark is kept with a low confidence and a note.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from explainer.package import scan

from . import reported, rules

GAP = re.compile(r"[\s\"“”'’,.;:—–-]*")
# A participle after a comma: "said, adding that …".
PARTICIPLE = re.compile(r",\s+([a-z]+ing)\b")
# A quotation with no cue: with at least this many words it is a statement (given to the last
# speaker when it opens a sentence); a shorter one is a quoted phrase (a title, a name, a scare
# quote), drafted as a note. Measured on PolNeAR dev: 83 % of cue-less quotations under six words
# are no attribution at all, 68 % of the longer ones are one.
ORPHAN_WORDS = 6
# How far back (characters) the last speaker may be named for a cue-less quotation.
NEAR_CHARS = 600
# A headline that gives its source before a colon: "Poll: Clinton and Trump in dead heat".
HEADLINE = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(:)[ \t]+(\S[^\n]*\S)")
# A vox-pop's source after the quotation, alone at the end of its line: "“…” ― Ana Ruiz".
DASH_SOURCE = re.compile(
    r"[\"”’]?[ \t\xa0]*([―—–])[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,3})"
    r"[ \t\xa0.,]*(?:\n|$)"
)


@dataclass
class Attr:
    """One attribution in the article (offsets into the article text)."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    rule: str
    confidence: float
    mode: str
    source_pronoun: bool = False
    source_label: str = ""
    relay: tuple[int, int] | None = None
    relay_label: str = ""
    notes: list[str] = field(default_factory=list)
    speaker: str = ""  # actor id, filled by speakers.resolve
    inherited_source: bool = False
    # The words that refer back to the speaker ("he", "the group"), or for a continuation the
    # source named before it: set by speakers.resolve.
    referent: tuple[int, int] | None = None
    # Relays carried from another statement of the same account: actor id -> where it is named.
    carried: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def reach(self) -> int:
        return max(x[1] for x in (self.content, self.cue, self.source) if x)


def lift(paragraphs) -> list[Attr]:
    out = []
    for p in paragraphs:
        b = p.start

        def sh(x, b=b):
            return (x[0] + b, x[1] + b) if x else None

        for a in p.doc._.attributions:
            out.append(
                Attr(
                    content=sh(a.content),
                    cue=sh(a.cue),
                    source=sh(a.source),
                    rule=a.rule,
                    confidence=a.confidence,
                    mode=a.mode,
                    source_pronoun=a.source_pronoun,
                    source_label=a.source_label,
                    relay=sh(a.relay),
                    notes=list(a.notes),
                )
            )
    return sorted(out, key=lambda a: a.content)


def _only_gap(text: str, s: int, e: int) -> bool:
    return s <= e and GAP.fullmatch(text, s, e) is not None


def extend(text: str, attrs: list[Attr]) -> list[Attr]:
    """Apply the article-level rules; returns the attributions in text order.

    One pass over the passages in text order, with the attribution before each found by a
    moving pointer, so the time grows linearly with the article.
    """
    passages, strays = scan.quotations(text)
    claimed = bytearray(len(text) + 1)
    for a in attrs:
        claimed[a.content[0] : a.content[1]] = b"\1" * (a.content[1] - a.content[0])

    def is_claimed(q) -> bool:
        return claimed.find(0, q.start, q.end) < 0

    by_reach = sorted(attrs, key=lambda a: a.reach)
    k, last, orphans = 0, None, []
    for q in passages:
        if q.end <= q.start or is_claimed(q):
            continue
        while k < len(by_reach) and by_reach[k].reach <= q.start:
            if last is None or by_reach[k].reach >= last.reach:
                last = by_reach[k]
            k += 1
        if (
            last is not None
            and rules.on("continued")
            and last.mode == "direct"
            and _only_gap(text, last.reach, q.start)
            and not _new_paragraph_after_close(text, last, q.start)
        ):
            last.content = (last.content[0], q.end)
            last.notes.append("the quotation continues after its cue")
            continue
        orphans.append(q)
    paras = scan.paragraphs(text)
    para_starts = [p[0] for p in paras]
    sents = scan.sentences(text)
    by_reach = sorted((a for a in attrs if a.rule != "quoted_phrase"), key=lambda a: a.reach)
    k, lead = 0, None
    for q in orphans:
        while k < len(by_reach) and by_reach[k].reach <= q.start:
            lead = by_reach[k] if lead is None or by_reach[k].reach >= lead.reach else lead
            k += 1
        i = bisect.bisect_right(para_starts, q.start) - 1
        at_start = i >= 0 and _only_gap(text, paras[i][0], q.start)
        words = len(q.text.split())
        near = lead is not None and q.start - lead.reach < NEAR_CHARS
        opens = at_start or _sentence_start(text, q.start)
        new = _labelled(text, q)
        if new is not None:
            pass
        elif (
            lead is not None
            and rules.on("continued")
            and lead.mode == "direct"
            and lead.reach == lead.content[1]
            and _only_gap(text, lead.content[1], q.start)
            and not _closed(text, lead.content[1])
        ):  # a quotation that runs on into the next paragraph, its marks reopened
            lead.content = (lead.content[0], q.end)
            lead.notes.append("the quotation continues into the next paragraph")
            continue
        elif rules.on("continued") and _joins(text, lead, q, paras, i):
            lead.content = (lead.content[0], q.end)
            lead.notes.append("the quotation goes on after its cue sentence")
            continue
        elif at_start and near and lead.cue and text[lead.reach : q.start].strip().startswith(":"):
            new = _follow(lead, q, "colon_lead", 0.75)
        elif opens and near and words >= ORPHAN_WORDS and lead.source:
            new = _follow(lead, q, "orphan_quote", 0.4)
            new.notes.append("no cue: given to the speaker named last; check who says it")
        elif (
            words >= ORPHAN_WORDS
            and near
            and lead.cue
            and _same_sentence(sents, lead.cue[0], q.start)
        ):
            new = _follow(lead, q, "same_sentence", 0.5)
            new.notes.append("no cue of its own: given to the speaker of this sentence's cue")
        elif words >= ORPHAN_WORDS:
            new = Attr(
                content=(q.start, q.end),
                cue=None,
                source=None,
                rule="unattributed_quote",
                confidence=0.3,
                mode="direct",
                notes=["quoted with no cue and no speaker in reach: who says it?"],
            )
        elif rules.on("quoted_phrase"):
            attrs.append(
                Attr(
                    content=(q.start, q.end),
                    cue=None,
                    source=None,
                    rule="quoted_phrase",
                    confidence=0.5,
                    mode="note",
                    notes=["a quoted phrase with no cue: a title, a name or a scare quote"],
                )
            )
        if new is not None and rules.on(new.rule):
            attrs.append(new)
            lead = new
    head = _headline(text, paras[0] if paras else None)
    if head is not None and rules.on(head.rule):
        attrs = [
            a for a in attrs if not (a.content[0] >= head.content[0] and a.reach <= head.reach)
        ]
        attrs.append(head)
    for a in attrs:
        i = bisect.bisect_left(strays, a.content[0] - 2)
        if i < len(strays) and strays[i] <= a.reach + 2:
            a.confidence = min(a.confidence, 0.3)
            a.notes.append(
                f"an unpaired quotation mark at {strays[i]}: check where the quotation ends"
            )
    return sorted(attrs, key=lambda a: a.content)


def _new_paragraph_after_close(text: str, a: Attr, start: int) -> bool:
    """The quotation closed with its mark at the end of its paragraph and the next paragraph
    opens another: two quotations (a paragraph whose quotation runs on has no closing mark)."""
    return a.reach == a.content[1] and _closed(text, a.reach) and "\n" in text[a.reach : start]


def _closed(text: str, end: int) -> bool:
    """A quotation that ends in a closing mark: the printers' rule leaves the mark off a
    paragraph whose quotation goes on into the next one."""
    return text[end : end + 1] in ("”", '"')


def _joins(text: str, lead: Attr | None, q, paras, i: int) -> bool:
    """A quotation after its speaker's quotation and cue, in the same paragraph ("“A,” X said
    in an interview. “B.”"), is the same statement when the narration between them is shorter
    than the quoted words; otherwise it is drafted apart (one span would be mostly narration)."""
    if lead is None or lead.mode != "direct" or lead.source is None or i < 0:
        return False
    if not (paras[i][0] <= lead.content[0] and lead.reach <= q.start):
        return False
    if "\n" in text[lead.content[1] : q.start]:
        return False  # a new line is a new entry (a vox-pop, a list)
    # The narration without the two marks it sits between; the quoted words with their marks.
    between = q.start - lead.content[1] - 2
    quoted = (lead.content[1] - lead.content[0]) + (q.end - q.start) + 4
    return 0 < between <= quoted and not _second_cue(text, lead, q.start)


def _second_cue(text: str, lead: Attr, end: int) -> bool:
    """A second cue, a participle after a comma, in the narration after the lead's cue ("Ruiz
    said, adding that …, “B”", "she said, suggesting a few questions, including, “B”"): the next
    quotation is that cue's."""
    start = max(lead.cue[1] if lead.cue else 0, lead.content[1])
    return any(_is_cue_word(m.group(1)) for m in PARTICIPLE.finditer(text, start, end))


def _is_cue_word(word: str) -> bool:
    """ "adding", "noting", "admitting": a cue verb's lemma with -ing."""
    stems = {word[:-3], word[:-3] + "e", word[:-4]}
    return bool(stems & reported.CUES)


def _headline(text: str, para) -> Attr | None:
    """The article's first line, when it is "Source: what was said" (a headline's convention)."""
    if para is None or "\n" in text[para[0] : para[1]].strip():
        return None
    m = HEADLINE.fullmatch(text, para[0], para[1])
    if m is None or len(m.group(3).split()) < 3:
        return None
    end = m.end(3)
    while end > m.start(3) and text[end - 1] in "\"”’'.":
        end -= 1
    quoted = text[m.start(3)] in "\"“‘'"
    return Attr(
        content=(m.start(3) + quoted, end),
        cue=m.span(2),
        source=m.span(1),
        rule="headline_label",
        confidence=0.6,
        mode="direct" if quoted else "paraphrase",
        notes=["a headline that names its source before a colon"],
    )


def _labelled(text: str, q) -> Attr | None:
    """A quotation whose source the text gives by a label before it or a dash after it."""
    m = scan.SPEAKER_LABEL.match(text, q.start, q.end)
    if m and len(text[m.end() : q.end].split()) >= ORPHAN_WORDS:
        return Attr(
            content=(m.end(), q.end),
            cue=m.span(2),
            source=m.span(1),
            rule="speaker_label",
            confidence=0.7,
            mode="direct",
            notes=["a transcript's speaker label: check the name"],
        )
    m = DASH_SOURCE.match(text, q.end)
    if m:
        return Attr(
            content=(q.start, q.end),
            cue=m.span(1),
            source=m.span(2),
            rule="dash_source",
            confidence=0.7,
            mode="direct",
            notes=["the source is named after a dash at the end of the line"],
        )
    return None


def unnested(attrs: list[Attr]) -> list[Attr]:
    """Drop the attributions nested in another's content (see the module's docstring).

    Measured on PolNeAR dev: of 98 drafted attributions with their cue inside another's
    content, 23 are annotated; the ones with a named source and a clausal content hold most of
    those, so they stay.
    """
    if not rules.on("unnested"):
        return attrs
    order = sorted(range(len(attrs)), key=lambda i: attrs[i].content[0])
    starts = [attrs[i].content[0] for i in order]
    # The two longest-reaching contents among those that start at or before each position.
    best: list[tuple[tuple[int, int], tuple[int, int]]] = []
    top = ((-1, -1), (-1, -1))  # (end, index) pairs
    for i in order:
        cand = (attrs[i].content[1], i)
        if cand > top[0]:
            top = (cand, top[0])
        elif cand > top[1]:
            top = (top[0], cand)
        best.append(top)
    keep = []
    for i, a in enumerate(attrs):
        if a.cue is None or a.mode != "paraphrase":
            keep.append(a)
            continue
        k = bisect.bisect_right(starts, a.cue[0]) - 1
        if k < 0:
            keep.append(a)
            continue
        first, second = best[k]
        reach = first[0] if first[1] != i else second[0]
        own = a.rule == "ccomp" and a.source is not None and not a.source_pronoun
        if reach < a.cue[1] or own:
            keep.append(a)
    return keep


def _same_sentence(sents, a: int, b: int) -> bool:
    i = bisect.bisect_right(sents, (a, float("inf"))) - 1
    return i >= 0 and sents[i][0] <= a and b < sents[i][1]


def _sentence_start(text: str, offset: int) -> bool:
    k = offset - 1
    while k > 0 and text[k - 1] in " \n\"“'":
        k -= 1
    return k <= 0 or text[k - 1] in ".!?\n:"


def _follow(lead: Attr, q, rule: str, conf: float) -> Attr:
    return Attr(
        content=(q.start, q.end),
        cue=lead.cue if rule == "colon_lead" else None,
        source=lead.source,
        rule=rule,
        confidence=conf,
        mode="direct",
        source_pronoun=lead.source_pronoun,
        source_label=lead.source_label,
        relay=lead.relay,
        inherited_source=rule not in ("colon_lead", "same_sentence"),
    )

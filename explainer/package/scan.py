"""Independent scanners over the article text: sentences, quotations, numbers, date expressions.

They know nothing about the fact tables, so coverage checks built on them can catch a fact the data
forgot. Each returns spans as ``(start, end)`` offsets into the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
STRAIGHT_QUOTE = '"'

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion dozen dozens half twice "
    "first second third fourth fifth last"
).split()
# "last" is a time word in this text only when it names a sequence position; it has no such use
# here, so it is left out of the number scan to avoid flagging "last" as a count.
NUMBER_WORDS.remove("last")

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
DATE_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(WEEKDAYS)
    + r")\b(?:\s+(?:night|morning|evening|afternoon))?"
    + r"|\b(?:"
    + "|".join(MONTHS)
    + r")\.?\s+\d{1,2}\b"
    + r"|\b(?:\d+|"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:days?|weeks?|months?|years?)\b"
    + r"|\b(?:yesterday|today|tomorrow|recently|last\s+(?:week|month|year))\b"
    + r"|\bmonth of Ramadan\b"
)
NUMBER_PATTERN = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?\b|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE
)
# Sentence ends: ., ! or ? (optionally followed by closing quotes), then whitespace and a capital
# letter or an opening quote. "Jan. 19" does not end a sentence because a digit follows.
SENTENCE_END = re.compile(r"[.!?][\u201d\u2019\"']*(?=\s+[A-Z\u201c\"])")


@dataclass(frozen=True)
class Quotation:
    """A passage between quotation marks (curly “…” or straight "…"); ``start``/``end``
    exclude the marks themselves."""

    start: int
    end: int
    text: str


# A transcript's speaker label: "WALLACE:", "SEN. GRANT:" (capitals, then a colon).
_LABEL_NAME = r"[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}"
SPEAKER_LABEL = re.compile(rf"({_LABEL_NAME})(:)[ \t]+")


def after_label(text: str, q: Quotation) -> int:
    """Where a passage's quoted words start: after a transcript's speaker label that opens it
    ("“WALLACE: Let's start …”" quotes Wallace from "Let's"), else at its start."""
    m = SPEAKER_LABEL.match(text, q.start, q.end)
    return m.end() if m else q.start


def quoted_parts(passages: list[Quotation], start: int, end: int) -> list[tuple[int, int]]:
    """The quoted voice's own words in a direct statement at ``start..end``: the passages inside
    it. A quotation split by its cue ("“A,” he said, “B.”") or going on after its cue sentence is
    two parts, and the words between them are the narration's; a span inside one passage (a
    hand-made quotation without its marks) is one part, itself."""
    inside = [(q.start, q.end) for q in passages if start <= q.start and q.end <= end]
    return inside or [(start, end)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs (separated by blank lines), with surrounding whitespace trimmed."""
    return list(_paragraphs(text))


@functools.lru_cache(maxsize=8)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        s, e = m.span()
        chunk = m.group()
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        if e > s:
            spans.append((s, e))
    return tuple(spans)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentences within paragraphs. Headline and byline count as one sentence each. (Each
    check asks for them again: the last few texts' are remembered.)"""
    return list(_sentences(text))


@functools.lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for ps, pe in _paragraphs(text):
        cursor = ps
        for m in SENTENCE_END.finditer(text, ps, pe):
            out.append((cursor, m.end()))
            cursor = m.end()
            while cursor < pe and text[cursor].isspace():
                cursor += 1
        if cursor < pe:
            out.append((cursor, pe))
    return tuple(out)


def quotations(text: str) -> tuple[list[Quotation], list[int]]:
    """Pair each opening quotation mark with the next closing one, paragraph by paragraph.

    Curly (“ ”) marks, or in a text without them straight (") and doubled-apostrophe ('') marks. A quotation that runs
    over several paragraphs follows the printers' rule: no closing mark where a paragraph ends,
    an opening mark where the next one starts; each paragraph's part is then one passage.

    Returns the quoted passages and the offsets of marks that pair with nothing (the article has
    one, a closing mark after "the statement reads"). An opening mark still open where its
    paragraph ends, and not continued by the next, is reported as a stray too.
    """
    quotes, strays = [], []
    paras = paragraphs(text)
    for n, (ps, pe) in enumerate(paras):
        open_at, opener = None, ""
        if _straight_runs_over(text, ps, pe):
            open_at, opener = ps, '"'  # its curly quotations are nested inside it
        marks = list(_marks(text, ps, pe)) if open_at is None else []
        nested = 0  # curly quotations open inside the open one ("“A “B” C.”")
        for k, (i, mark) in enumerate(marks):
            if open_at is None:
                if mark == CLOSE_QUOTE and not _turned_opener(text, i, ps, pe):
                    strays.append(i)
                else:
                    open_at, opener = i, mark
            elif nested and mark == CLOSE_QUOTE:
                nested -= 1
            elif mark == OPEN_QUOTE and opener == OPEN_QUOTE and _nests(marks, k):
                nested += 1
            elif mark in _CLOSERS[opener]:
                if i > open_at + len(opener):  # an empty pair of marks quotes nothing
                    quotes.append(
                        Quotation(open_at + len(opener), i, text[open_at + len(opener) : i])
                    )
                open_at = None
            elif mark == OPEN_QUOTE or (mark == '"' and opener == "''"):
                if mark == OPEN_QUOTE:  # a second opening mark: the first never closed
                    strays.append(open_at)
                    open_at, opener = i, mark
        if open_at is not None:
            nxt = paras[n + 1][0] if n + 1 < len(paras) else None
            if nxt is not None and _opens(text, nxt) and pe > open_at + len(opener):
                quotes.append(
                    Quotation(open_at + len(opener), pe, text[open_at + len(opener) : pe])
                )
            else:
                strays.append(open_at)
    return quotes, strays


# A straight mark and a speaker's label in capitals: "PENCE: …, "MR. SMITH: ….
_TURN = re.compile(rf"\"{_LABEL_NAME}:\s")
_MARK = re.compile("[\u201c\u201d\"]|''")
# What closes a quotation opened by each mark (copy mixes curly and straight marks).
_CLOSERS = {
    OPEN_QUOTE: (CLOSE_QUOTE, '"'),
    CLOSE_QUOTE: (CLOSE_QUOTE, '"'),
    '"': ('"', CLOSE_QUOTE),
    "''": ("''",),
}


def _nests(marks: list[tuple[int, str]], k: int) -> bool:
    """A second left mark while one is open, and two right marks after it before any other left
    mark: a quotation inside the quotation ("“As a voter, I’d rather live in what he calls
    “hell” than …”"), not a quotation that never closed."""
    closers = 0
    for _, mark in marks[k + 1 :]:
        if mark == OPEN_QUOTE:
            break
        closers += mark == CLOSE_QUOTE
    return closers >= 2


def _straight_runs_over(text: str, start: int, end: int) -> bool:
    """A transcript's turn quoted with a straight mark that runs to the paragraph's end, while
    its curly marks pair up inside it ("PENCE: Well, Clinton thinks this is an episode of
    “Shark Tank.” But …): the curly quotations are nested in the turn."""
    if not _TURN.match(text, start) or '"' in text[start + 1 : end]:
        return False
    inner = [m for _, m in _marks(text, start + 1, end)]
    pairs = inner[0::2] == [OPEN_QUOTE] * len(inner[0::2])
    return pairs and inner[1::2] == [CLOSE_QUOTE] * len(inner[1::2]) and len(inner) % 2 == 0


def _turned_opener(text: str, at: int, start: int, end: int) -> bool:
    """A right mark set where a left one belongs ("”Fear. I am truly afraid …” ― Name", as
    some copy prints a reader's comment): at the start of its paragraph or after a space, with a
    word right after it, and only where nothing is open (the caller's condition)."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    return before.isspace() and after.isalnum()


def _marks(text: str, start: int, end: int):
    """(offset, mark) for every double quotation mark in text[start:end].

    Straight marks (") are quotation marks as curly ones are, in any text. In a text that also
    prints curly marks, a straight mark counts only where it stands as a quotation mark does,
    at the edge of a word and not after a digit (so the inch in 12" is not one); a doubled
    apostrophe counts only in a text without curly marks.
    """
    curly = OPEN_QUOTE in text or CLOSE_QUOTE in text
    for m in _MARK.finditer(text, start, end):
        mark, at = m.group(), m.start()
        if not curly or mark in (OPEN_QUOTE, CLOSE_QUOTE):
            yield at, mark
        elif mark == '"':
            before = text[at - 1] if at > 0 else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            opening = (before.isspace() or before in "([") and not after.isspace()
            closing = (
                not before.isspace()
                and not before.isdigit()
                and (after.isspace() or after in ".,;:!?)]")
            )
            if opening or closing:
                yield at, mark


def _opens(text: str, offset: int) -> bool:
    return text.startswith((OPEN_QUOTE, '"', "''"), offset)


def numbers(text: str) -> list[tuple[int, int]]:
    """Digit groups (33, 2,000) and number words (eight, first, million) that state a quantity:
    not those that name or code (:func:`names_not_counts`)."""
    return [
        m.span() for m in NUMBER_PATTERN.finditer(text) if not names_not_counts(text, *m.span())
    ]


#: A code with a digit: capitals and a hyphen before the digits ("XY-5", "G-20").
_CODE_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{1,5}-$")
#: A telephone number: 800-273-8255, (800) 273-8255.
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-.]\d{4}\b")
#: A capitalised word right before: "World War Three", "Air Force One".
_NAME_BEFORE = re.compile(r"[A-Z][A-Za-z]+ $")
#: A name ending "of" and a year: "Act of 1993", "Class of 2016".
_NAME_OF_YEAR = re.compile(r"[A-Z][a-z]+ of $")


def names_not_counts(text: str, s: int, e: int) -> bool:
    """Whether the number at ``s:e`` names or codes rather than counts: a code ("XY-5"), a
    telephone number, a capitalised number word inside a name ("World War Three"), the year of
    a law's name ("Act of 1993"), or "one" as a pronoun ("one of them", "no one", "hole-in-one").
    """
    word = text[s:e]
    before = text[max(0, s - 12) : s]
    if word[0].isdigit():
        if _CODE_BEFORE.search(before):
            return True
        if any(
            m.start() <= s and e <= m.end() for m in _PHONE.finditer(text, max(0, s - 16), e + 10)
        ):
            return True
        return bool(re.fullmatch(r"(?:1[89]|20)\d\d", word)) and bool(_NAME_OF_YEAR.search(before))
    if word[0].isupper() and _NAME_BEFORE.search(before):
        return True
    if word.lower() == "one":
        after = text[e : e + 4]
        return (
            after.startswith(" of ")
            or before.endswith("-")
            or bool(
                re.search(r"\b(?:[Nn]o|[Aa]ny|[Ee]very|[Tt]he|[Tt]his|[Tt]hat|[Ee]ach) $", before)
            )
        )
    return False


def date_expressions(text: str) -> list[tuple[int, int]]:
    """Weekdays (with a part of day), month-day dates, durations and relative time words."""
    return [m.span() for m in DATE_PATTERN.finditer(text)]


#: Number words as the scanners read them: cardinals, then ordinals (the drafter's durations
#: read the cardinals too, see explainer/draft/dates.py).
CARDINAL_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
_WORD_VALUES = {
    **CARDINAL_WORDS,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_MAGNITUDE = re.compile(r"\b(tens|hundreds)\s+of\s+(thousands|millions|billions)\b")
_SHARES = {"third": 1 / 3, "quarter": 0.25, "fifth": 0.2}
_SHARE = re.compile(r"\b(?:a|one)\s+(third|quarter|fifth)$")
_COMPOUND = re.compile(
    r"\b(twenty|thirty|forty|fifty)[\s-]+(one|two|three|four|five|six|seven|eight|nine)\b"
)


def number_value(text: str) -> float | None:
    """The number a printed phrase states ("nearly 2,000" → 2000, "two million" → 2000000).

    Only the first number in the phrase counts, with a following multiplier word; returns None
    when the phrase states no number.
    """
    low = text.lower().strip()
    m = _MAGNITUDE.search(low)
    if m:  # "tens of thousands": the order of magnitude
        return float({"tens": 10, "hundreds": 100}[m.group(1)] * _MULTIPLIERS[m.group(2)[:-1]])
    m = _SHARE.search(low)
    if m:  # "a third": a share, not a position
        return _SHARES[m.group(1)]
    m = _COMPOUND.search(low)
    if m:  # "twenty-seven"
        return float(CARDINAL_WORDS[m.group(1)] + CARDINAL_WORDS[m.group(2)])
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    tokens = re.findall(r"[a-z]+", text.lower())
    if digits:
        value = float(digits.group().replace(",", ""))
        after = re.findall(r"[a-z]+", text[digits.end() :].lower())
    else:
        words = [t for t in tokens if t in _WORD_VALUES]
        if not words:
            return None
        value = float(_WORD_VALUES[words[0]])
        after = tokens[tokens.index(words[0]) + 1 :]
    if after and after[0] in _MULTIPLIERS:
        value *= _MULTIPLIERS[after[0]]
    return value


# ---------------------------------------------------------------- finding a text typed by hand

#: Characters a keyboard types one way and an article prints another: each class matches alike.
LOOKALIKES = (
    "'\u2018\u2019\u201b\u2032",  # apostrophe, single quotes, prime
    '"\u201c\u201d\u201f\u2033',  # double quotes
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212",  # hyphen, dashes, minus
)


def lookalike_pattern(query: str) -> re.Pattern[str]:
    """A pattern for ``query`` in which straight and curly quotes, hyphens and dashes match each
    other, and any run of spaces (including no-break spaces and line ends) matches any other."""
    parts = []
    for chunk in re.split(r"(\s+)", query):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
            continue
        for ch in chunk:
            group = next((g for g in LOOKALIKES if ch in g), None)
            parts.append(f"[{re.escape(group)}]" if group else re.escape(ch))
    return re.compile("".join(parts))


def find_lookalike(text: str, query: str) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text`` as ``(start, end)``, overlapping ones included,
    with quotes, dashes and spaces matched as :func:`lookalike_pattern` says."""
    if not query.strip():
        return []
    pattern = lookalike_pattern(query.strip())
    found, at = [], 0
    while (m := pattern.search(text, at)) is not None:
        found.append(m.span())
        at = m.start() + 1
    return found

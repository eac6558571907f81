"""Date expressions, resolved against the article's date (``--date``) when one is given.

Own rules, not a library: dateparser 1.5 failed this article's phrases when tested (it moves a
same-day "on Wednesday" a week back, anchors "Jan. 19" as "Jan", reads "six weeks" as a date six
weeks ago and "about 40" as 1940, and gives no offsets); recognizers-text needs ``emoji<1.0``.

Every expression the validator's scanner finds (:func:`explainer.package.scan.date_expressions`) is an
event. Precision and method, as the schema names them:

- a weekday ("on Tuesday"): the last such day on or before the article's date, ``day``, computed;
  with a part of the day ("Monday night"), ``part_of_day`` over two calendar days;
- a month and day ("Jan. 19"): ``day``, stated (the year is the article's, or the one before
  when the month is later than the article's);
- "today", "yesterday", "tomorrow": ``day``, computed; "last week": the Monday-to-Sunday week
  before, ``range``, computed;
- a duration ("for six weeks") after a stated date in the same or the previous sentence: the
  ``range`` from that date, computed; otherwise unresolved;
- "month of Ramadan": the Ramadan under way on the article's date, or the last one before it, by
  the Umm al-Qura calendar (hijridate), ``range``, computed; the note says that where the month
  begins with the sighting of the moon it may start or end a day apart;
- "recently" and anything without ``--date``: ``unresolved``, no dates, and a note saying why. A
  date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from explainer.package import scan
from explainer.package.vocab import DATE_WINDOW_YEARS

WEEKDAYS = {d.lower(): i for i, d in enumerate(scan.WEEKDAYS)}
MONTHS = {m.lower()[:3]: i + 1 for i, m in enumerate(scan.MONTHS[:12])}
PARTS = ("night", "morning", "evening", "afternoon")
UNIT_DAYS = {"day": 1, "week": 7}
# "six weeks", "for twelve days": the cardinals up to twelve that a duration is written with.
_WORD_NUMBERS = {word: n for word, n in scan.CARDINAL_WORDS.items() if n <= 12}


@dataclass
class DateExpr:
    start: int  # paragraph offsets
    end: int
    kind: str  # weekday, month_day, month, year, period, season, ago, end_of, ... (classify)
    tense: str = ""  # "past", "future" or "" (unknown), from the verb the expression modifies


if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)


def classify(phrase: str) -> str:
    low = phrase.lower()
    if low.startswith("last week"):
        return "last_week"
    for kind, pattern in EXTRA_KINDS:
        if pattern.fullmatch(low):
            return kind
    first = low.split()[0].rstrip(".")
    if first in WEEKDAYS:
        return "weekday"
    if first[:3] in MONTHS and re.search(r"\d", low):
        return "month_day"
    if low in ("today", "yesterday", "tomorrow"):
        return "relative_day"
    if low.startswith("last week"):
        return "last_week"
    if low.endswith("ramadan"):
        return "ramadan"
    if re.search(r"(days?|weeks?|months?|years?)$", low):
        return "duration"
    return "vague"


# A month's name, whole or abbreviated (with its full stop), never followed by a day: "Jan. 19"
# is the scanner's month-day date.
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\w)(?!\.?\s*\d)"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR = r"(?:1[89]|20)\d\d"
_UNIT = r"(?:week|month|year)"
#: Date expressions beyond the validator's scanner (``scan.date_expressions``), longest first
#: where they overlap: months and seasons ("In September", "a February hearing", "last
#: December", "this summer"), years in a phrase that dates something ("in 2012", "the 2000
#: election", "from 2001 to 2014"; not "since 2008" nor "2005 levels"), periods counted from the
#: article's date ("this month", "earlier this year", "next Monday", "two years ago"), and "the
#: end of" a month. A month name must be capitalised and not follow a capitalised word (so
#: "Ada May" is no date).
_WEEKDAY = "(?:" + "|".join(scan.WEEKDAYS) + ")"
_COUNT = r"(?:\d+|" + "|".join(_WORD_NUMBERS) + ")"
EXTRA = re.compile(
    "|".join(
        [
            # "September 16-19", "September 30th"
            r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
            r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+\d{1,2}"
            r"(?:\s*[-–]\s*\d{1,2}\b|(?:st|nd|rd|th)\b)",
            r"\b(?:the\s+)?end\s+of\s+(?:this\s+month|" + _MONTH + ")",
            r"\b(?:[Ee]arlier|[Ll]ater)\s+this\s+" + _UNIT + r"\b",
            r"\b(?:[Tt]his|[Nn]ext|[Ll]ast)\s+(?:"
            + _UNIT
            + "|"
            + _SEASON
            + "|"
            + _WEEKDAY
            + r")\b",
            r"\b(?:[Ll]ast|[Tt]his|[Nn]ext)\s+" + _MONTH,
            r"\b" + _COUNT + r"\s+(?:days?|weeks?|months?|years?)\s+ago\b",
            r"\b[Ff]rom\s+" + _YEAR + r"\s+(?:to|through|until)\s+" + _YEAR + r"\b",
            r"\b(?:[Ii]n|[Dd]uring|[Bb]y)\s+(?:(?:early|late|mid-?)\s*)?" + _YEAR + r"\b",
            r"\b(?:[Tt]he|[Aa]n?|[Ii]n\s+a)\s+" + _YEAR + r"(?=\s+[a-z])",
            r"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]his|[Ll]ast|[Aa]|[Tt]he)\s+"
            r"(?:(?:early|late|mid-?)\s*)?" + _MONTH + r"(?:,?\s+" + _YEAR + ")?",
            r"\b(?:[Ii]n|[Dd]uring|[Tt]his|[Ll]ast|[Nn]ext)\s+(?:the\s+)?" + _SEASON + r"\b",
        ]
    )
)
EXTRA_KINDS = (
    ("month_day_range", re.compile(r"[a-z]+\.?\s+\d{1,2}\s*[-–]\s*\d{1,2}")),
    ("end_of", re.compile(r"(?:the\s+)?end\s+of\s+.*")),
    ("period", re.compile(r"(?:earlier|later)\s+this\s+" + _UNIT)),
    ("ago", re.compile(r".*\bago")),
    (
        "year",
        re.compile(
            r"(?:from\s+)?(?:in|during|by|the|an?|in\s+a)?\s*(?:(?:early|late|mid-?)\s*)?"
            + _YEAR
            + r"(?:\s+(?:to|through|until)\s+"
            + _YEAR
            + r")?"
        ),
    ),
    ("season", re.compile(r"(?:in|during|this|last|next)\s+(?:the\s+)?" + _SEASON)),
    ("period", re.compile(r"(?:this|next|last)\s+" + _UNIT)),
    ("next_weekday", re.compile(r"(?:this|next)\s+(?:" + "|".join(WEEKDAYS) + r")")),
    (
        "month",
        re.compile(
            r"(?:in|during|by|since|until|this|last|next|a|the)\s+(?:(?:early|late|mid-?)\s*)?"
            + _MONTH.lower()
            + r"(?:,?\s+"
            + _YEAR
            + r")?"
        ),
    ),
)
#: A word before a capitalised month that makes it part of a name ("Ada May", "April Ryan").
_NAME_BEFORE = re.compile(r"[A-Z][a-z]+\s+$")
_FUTURE_AUX = frozenset("will would could may might shall should can 'll wo ca".split())


def expressions(text: str) -> list[tuple[int, int]]:
    """The scanner's date expressions and ours (``EXTRA``), the longest kept where they overlap."""
    spans = [m.span() for m in EXTRA.finditer(text)]
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans + scan.date_expressions(text), key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
            continue
        out.append((s, e))
    return [(s, e) for s, e in out if not _in_name(text, s, e)]


def _in_name(text: str, s: int, e: int) -> bool:
    """A bare month name right after a capitalised word is a name ("Ada May")."""
    word = text[s:e]
    return bool(re.fullmatch(_MONTH, word)) and bool(_NAME_BEFORE.search(text[max(0, s - 30) : s]))


def tense(doc: Doc, s: int, e: int) -> str:
    """Whether the expression dates something past or to come, from the verb it hangs on: a
    modal ("will", "could") makes it future, a past tense past, a present tense future (news
    writes scheduled events in the present: "leaves office on Jan. 20"); no verb, unknown."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return ""
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.head is tok:
            return ""
        tok = tok.head
    else:
        return ""
    if tok.pos_ not in ("VERB", "AUX"):
        return ""
    if tok.tag_ == "VB" and tok.dep_ in ("xcomp", "ccomp", "advcl") and tok.head is not tok:
        tok = tok.head  # "should be allowed to expire on September 30th": the modal's verb
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes) or tok.lower_ in _FUTURE_AUX:
        return "future"
    if tok.tag_ == "VBD" or any(
        a.tag_ == "VBD" or a.lower_ in ("has", "have", "had") for a in auxes
    ):
        return "past"
    if tok.tag_ == "VBN":
        return "past"
    if tok.tag_ in ("VBZ", "VBP"):
        return "future" if tok.lemma_ not in ("be", "have", "say") else ""
    return ""


@Language.component("draft_dates")
def draft_dates(doc: Doc) -> Doc:
    doc._.dates = [
        DateExpr(s, e, classify(doc.text[s:e]), tense(doc, s, e)) for s, e in expressions(doc.text)
    ]
    return doc


@dataclass
class Resolved:
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    resolution: str
    note: str


#: A sentence's tense picks the year of a month and day printed without one, unless it would put
#: the day more than TENSE_REACH_DAYS from the article's date while the other reading is within
#: NEAR_DAYS of it (a news article's days cluster near its date). Tuned on the gold set's dev
#: articles: "Feb. 9", past, 230 days back, stays in the past; "Oct. 9", 350 days back against
#: 16 ahead, does not.
TENSE_REACH_DAYS = 300
NEAR_DAYS = 60


def _year_of(month: int, day: int, ref: dt.date, tense: str) -> int:
    """The year of a month (and day) printed without one: the latest on or before the article's
    date for the past, the next on or after it for the future (unless that is over
    :data:`TENSE_REACH_DAYS` away and the other within :data:`NEAR_DAYS`), else the nearer of the two."""
    past = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
    future = ref.year if (month, day) >= (ref.month, ref.day) else ref.year + 1
    before = (ref - dt.date(past, month, min(day, 28))).days
    after = (dt.date(future, month, min(day, 28)) - ref).days
    # The sentence's tense decides, unless it would put the day most of a year away while the
    # other side is near: "said the Oct. 9 debate would..." in a September article is ahead.
    if tense == "past" and (before <= TENSE_REACH_DAYS or after > NEAR_DAYS):
        return past
    if tense == "future" and (after <= TENSE_REACH_DAYS or before > NEAR_DAYS):
        return future
    return past if before <= after else future


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}


def _relative(phrase: str, kind: str, ref: dt.date, tense: str) -> Resolved | None:
    """Months, seasons, years and periods counted from the article's date (``ref``)."""
    low = phrase.lower()
    how = f"counted from the article's date, {ref:%d %B %Y}"
    if kind == "ago":
        m = re.match(r"(\d+|[a-z]+)\s+(day|week|month|year)s?", low)
        n = int(m.group(1)) if m.group(1).isdigit() else _WORD_NUMBERS.get(m.group(1))
        if not n:
            return None
        unit = m.group(2)
        if unit == "year":
            d = (
                ref.replace(year=ref.year - n)
                if not (ref.month == 2 and ref.day == 29)
                else ref - dt.timedelta(days=365 * n)
            )
        else:
            d = ref - dt.timedelta(days=n * {"day": 1, "week": 7, "month": 30}[unit])
        return Resolved(d, d, "approximate", "computed", f"“{phrase}”, {how}: about {d:%d %B %Y}.")
    if kind == "period" or kind == "next_weekday":
        unit = low.split()[-1]
        step = -1 if low.startswith("last") else 1 if low.startswith("next") else 0
        if unit in WEEKDAYS:
            wd = WEEKDAYS[unit]
            d = ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
            return Resolved(
                d,
                d,
                "day",
                "computed",
                f"“{phrase}”: the next {unit.title()} after the article's date, {ref:%a %d %b %Y}.",
            )
        if unit == "week":
            monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=7 * step)
            a, b = monday, monday + dt.timedelta(days=6)
        elif unit == "month":
            y, m = ref.year, ref.month + step
            y, m = (y - 1, 12) if m == 0 else (y + 1, 1) if m == 13 else (y, m)
            a, b = _month_range(y, m)
        else:
            a, b = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        if low.startswith("earlier"):
            b = ref
        elif low.startswith("later"):
            a = ref
        return Resolved(a, b, "range", "computed", f"“{phrase}”, {how}.")
    if kind == "season":
        name = next(x for x in SEASONS if x in low)
        first, last = SEASONS[name]
        year = ref.year + (1 if low.startswith("next") else -1 if low.startswith("last") else 0)
        if (
            not low.startswith(("next", "last"))
            and tense == "past"
            and (first, 1) > (ref.month, ref.day)
        ):
            year -= 1
        a = dt.date(year, first, 1)
        end_year = year + (last < first)
        b = _month_range(end_year, last)[1]
        return Resolved(
            a,
            b,
            "range",
            "computed",
            f"“{phrase}”: the {name} {how} (March, June, September and December begin the seasons).",
        )
    if kind in ("month", "end_of"):
        if "this month" in low:
            month, year = ref.month, ref.year
        else:
            name = re.search(_MONTH.lower(), low).group().rstrip(".")
            month = MONTHS[name[:3]]
            printed = re.search(r"\b(?:1[89]|20)\d\d\b", low)
            if printed:
                year = int(printed.group())
            elif low.startswith("last"):
                year = ref.year if month < ref.month else ref.year - 1
            elif low.startswith("next"):
                year = ref.year if month > ref.month else ref.year + 1
            elif low.startswith("this"):
                year = ref.year
            else:
                year = _year_of(month, 1, ref, tense) if month != ref.month else ref.year
        a, b = _month_range(year, month)
        if kind == "end_of":
            return Resolved(
                b, b, "approximate", "computed", f"“{phrase}”: about {b:%d %B %Y}, {how}."
            )
        return Resolved(
            a,
            b,
            "range",
            "computed" if not re.search(_YEAR, low) else "stated",
            f"“{phrase}”: the month, {how}.",
        )
    return None


def resolve(
    phrase: str,
    kind: str,
    ref: dt.date | None,
    anchor: dt.date | None = None,
    tense: str = "",
) -> Resolved:
    """Resolve one expression; ``anchor`` is a stated date nearby, for a duration; ``tense``
    ("past", "future" or "") picks the year of a date printed without one."""
    low = phrase.lower()
    if kind == "year":
        years = [int(y) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", low)]
        a, b = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
        return Resolved(a, b, "range", "stated", f"“{phrase}”: the year as printed.")
    if kind == "month_day_range" and ref is not None:
        month = MONTHS[low[:3]]
        first, last = (int(x) for x in re.findall(r"\d+", low)[:2])
        try:
            year = _year_of(month, first, ref, tense or "past")
            a, b = dt.date(year, month, first), dt.date(year, month, last)
        except ValueError:
            return _unresolved(phrase, "is not a calendar range")
        if b <= a:
            return _unresolved(phrase, "ends before it begins")
        return Resolved(
            a,
            b,
            "range",
            "computed",
            f"“{phrase}”: the days and month are stated; the year {year} is computed from the"
            " article's date.",
        )
    if kind == "month_day" and ref is not None:
        month = MONTHS[low[:3]]
        day = int(re.search(r"\d+", low).group())
        printed = re.search(r"\b(1[89]|20)\d\d\b", low)
        try:
            year = int(printed.group()) if printed else _year_of(month, day, ref, tense)
        except ValueError:
            return _unresolved(phrase, "is not a calendar date")
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return _unresolved(phrase, "is not a calendar date")
        if printed:
            return Resolved(d, d, "day", "stated", f"“{phrase}” is stated, year and all.")
        # The day and month are printed, the year is not: it is computed (the latest such day
        # on or before the article's date), so the date is not "stated" (the validator agrees).
        return Resolved(
            d,
            d,
            "day",
            "computed",
            f"“{phrase}”: the day and month are stated; the year {year} is computed from the"
            " article's date.",
        )
    if ref is None:
        return _unresolved(phrase, "needs the article's date (--date) to resolve")
    if kind in ("month", "end_of", "period", "season", "ago", "next_weekday"):
        return _relative(phrase, kind, ref, tense) or _unresolved(
            phrase, "gives no date the drafter can compute"
        )
    if kind == "weekday":
        wd = WEEKDAYS[low.split()[0]]
        d = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
        if tense == "future" and d < ref:
            d += dt.timedelta(days=7)
        part = next((p for p in PARTS if p in low), "")
        side = "next" if d > ref else "last"
        how = f"the {side} {phrase.split()[0]} on or {'after' if d > ref else 'before'} the article's date, {ref:%a %d %b %Y}"
        if part == "night":
            return Resolved(
                d,
                d + dt.timedelta(days=1),
                "part_of_day",
                "computed",
                f"“{phrase}”: {how}; a night runs into the next calendar day, in an unstated time zone.",
            )
        if part:
            return Resolved(
                d, d, "part_of_day", "computed", f"“{phrase}”: {how}; time zone unstated."
            )
        return Resolved(d, d, "day", "computed", f"“{phrase}”: {how}.")
    if kind == "relative_day":
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[low]
        d = ref + dt.timedelta(days=shift)
        return Resolved(d, d, "day", "computed", f"“{phrase}” counted from the article's date.")
    if kind == "last_week":
        monday = ref - dt.timedelta(days=ref.weekday() + 7)
        return Resolved(
            monday,
            monday + dt.timedelta(days=6),
            "range",
            "computed",
            "“last week”: the Monday-to-Sunday week before the article's.",
        )
    if kind == "ramadan":
        return _ramadan(ref)
    if kind == "duration" and anchor is not None:
        days = duration_days(phrase)
        if days:
            end = anchor + dt.timedelta(days=days - 1)
            return Resolved(
                anchor,
                end,
                "range",
                "computed",
                f"Computed: {anchor:%d %B %Y} plus {phrase} ({days} days) ends on {end:%d %B %Y}.",
            )
    return _unresolved(phrase, "gives no date the drafter can compute")


RAMADAN = 9  # the ninth month of the Islamic calendar


def _ramadan(ref: dt.date) -> Resolved:
    """The Ramadan under way on ``ref``, else the last one that began before it."""
    from hijridate import Gregorian, Hijri

    try:
        year = Gregorian(ref.year, ref.month, ref.day).to_hijri().year
        for y in (year, year - 1):
            month = Hijri(y, RAMADAN, 1)
            start = month.to_gregorian()
            if start <= ref:
                break
    except (ValueError, OverflowError):  # outside the calendar's table (1924 to 2077)
        return _unresolved("month of Ramadan", "falls outside the Umm al-Qura calendar's years")
    end = start + dt.timedelta(days=month.month_length() - 1)
    return Resolved(
        start,
        end,
        "range",
        "computed",
        f"Ramadan {y} AH by the Umm al-Qura calendar: {start:%d %B} to {end:%d %B %Y}, the one"
        f" {'under way on' if end >= ref else 'last before'} the article's date; where the month"
        " begins with the sighting of the moon it may start or end a day apart.",
    )


def duration_days(phrase: str) -> int | None:
    m = re.search(r"(\d+|[a-z]+)\s+(day|week)s?\b", phrase.lower())
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _WORD_NUMBERS.get(m.group(1))
    return n * UNIT_DAYS[m.group(2)] if n else None


def _unresolved(phrase: str, why: str) -> Resolved:
    return Resolved(
        None, None, "unresolved", "stated", f"“{phrase}” {why}; left unresolved for the editor."
    )


def within_year(r: Resolved, ref: dt.date | None) -> Resolved:
    """A date further from the article's than the validator's window is left for the editor."""
    if ref is None or r.date_start is None:
        return r
    if all(abs(d.year - ref.year) <= DATE_WINDOW_YEARS for d in (r.date_start, r.date_end)):
        return r
    return Resolved(
        None,
        None,
        "unresolved",
        r.resolution,
        f"{r.note} That is more than {DATE_WINDOW_YEARS} years from {ref.year}, the article's"
        " year: left for the editor.",
    )


#: Verbs that end a period: "the first phase expired" happened on the period's last day.
END_VERBS = frozenset("expire end lapse conclude finish".split())


def _period_key(tok) -> tuple[str, tuple[str, ...]]:
    """A noun with the words that tell it apart ("first phase"), without its article."""
    mods = tuple(c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound", "nummod"))
    return tok.lemma_.lower(), mods


def period_ends(paragraphs, periods) -> list[tuple[int, int, dt.date, str]]:
    """Ends of periods the text dates: where a sentence dates a period ("During the first phase,
    which began on Jan. 19, fighting ceased for six weeks") and another says the period ended
    ("the first phase of the ceasefire expired"), that ending happened on the period's last day.
    ``periods``: (start, end, last day, phrase) of each resolved duration, in the text's
    characters. Returns (start, end, day, note) of each ending, its anchor the clause from the
    period's noun to the verb."""
    named: dict[tuple, tuple[dt.date, str]] = {}
    for p in paragraphs:
        for tok in p.doc:
            if tok.dep_ != "pobj" or tok.head.lower_ != "during" or tok.pos_ != "NOUN":
                continue
            sent = tok.sent
            s, e = sent.start_char + p.start, sent.end_char + p.start
            for ps, pe, last, phrase in periods:
                if s <= ps and pe <= e:
                    named[_period_key(tok)] = (last, phrase)
    out = []
    for p in paragraphs:
        for tok in p.doc:
            if tok.lemma_.lower() not in END_VERBS or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or _period_key(subj) not in named:
                continue
            last, phrase = named[_period_key(subj)]
            start = subj.left_edge.idx + p.start
            end = tok.idx + len(tok) + p.start
            note = (
                f"Computed: the last day of the period the text dates elsewhere (“{phrase}”), "
                f"{last:%d %B %Y}; the text gives no date for its end."
            )
            out.append((start, end, last, note))
    return out

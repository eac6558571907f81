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
    kind: str  # weekday, month_day, relative_day, last_week, duration, vague


if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)


def classify(phrase: str) -> str:
    low = phrase.lower()
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


@Language.component("draft_dates")
def draft_dates(doc: Doc) -> Doc:
    doc._.dates = [
        DateExpr(s, e, classify(doc.text[s:e])) for s, e in scan.date_expressions(doc.text)
    ]
    return doc


@dataclass
class Resolved:
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    resolution: str
    note: str


def resolve(phrase: str, kind: str, ref: dt.date | None, anchor: dt.date | None = None) -> Resolved:
    """Resolve one expression; ``anchor`` is a stated date nearby, for a duration."""
    low = phrase.lower()
    if kind == "month_day" and ref is not None:
        month = MONTHS[low[:3]]
        day = int(re.search(r"\d+", low).group())
        printed = re.search(r"\b(1[89]|20)\d\d\b", low)
        year = (
            int(printed.group()) if printed else (ref.year if month <= ref.month else ref.year - 1)
        )
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
    if kind == "weekday":
        wd = WEEKDAYS[low.split()[0]]
        d = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
        part = next((p for p in PARTS if p in low), "")
        how = f"the last {phrase.split()[0]} on or before the article's date, {ref:%a %d %b %Y}"
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
    """A date outside the article's year is left for the editor (the validator's window)."""
    if ref is None or r.date_start is None:
        return r
    if r.date_start.year == ref.year and r.date_end.year == ref.year:
        return r
    return Resolved(
        None,
        None,
        "unresolved",
        r.resolution,
        f"{r.note} That falls outside {ref.year}, the article's year: left for the editor.",
    )

"""Dates: an event's dates, precision and basis agree and lie near the article's date; a
context fact's values and bounds agree.
"""

from __future__ import annotations

import datetime as dt
import re

from explainer.package.checks.base import (
    Result,
    Row,
    article_date,
    check,
    record_ids,
    to_date,
    to_float,
)
from explainer.package.vocab import DATE_WINDOW_YEARS


@check("date-error")
def check_dates(result: Result) -> None:
    """An event's dates are both given (or both blank when unresolved), in order, near the
    article's date, as far apart as its precision allows, around its moment; one resolved from
    context has a context row citing its source."""
    context_about = {r["about_id"] for r in result.rows.get("context", [])}
    published = article_date(result)
    for ev in result.rows.get("events", []):
        start, end = to_date(ev["date_start"]), to_date(ev["date_end"])
        _unresolved(result, ev)
        if not (start and end):
            continue
        for fld, d in (("date_start", start), ("date_end", end)):
            far = published and abs(d.year - published.year) > DATE_WINDOW_YEARS
            if far and not prints_year(d.year, ev["exact"], ev["note"]):
                result.report(
                    "date-error",
                    "events",
                    ev.line,
                    fld,
                    "far",
                    date=d,
                    year=d.year,
                    years=DATE_WINDOW_YEARS,
                    published=published,
                )
        if end < start:
            result.report(
                "date-error", "events", ev.line, "date_end", "order", end=end, start=start
            )
            continue
        span = (end - start).days
        precision = ev["precision"]
        if precision == "day" and span != 0:
            result.report("date-error", "events", ev.line, "date_end", "day")
        if precision == "range" and span == 0:
            result.report("date-error", "events", ev.line, "date_end", "range")
        if precision == "part_of_day" and span > 1:
            result.report("date-error", "events", ev.line, "date_end", "part-of-day")
        if (
            ev["resolution"] == "context"
            and "context" in result.rows  # an unreadable context.csv is reported already
            and ev["event_id"] not in context_about
        ):
            result.report("date-error", "events", ev.line, "resolution", "no-context")
        if ev["moment_utc"]:
            try:
                moment = dt.datetime.fromisoformat(ev["moment_utc"].replace("Z", "+00:00")).date()
            except ValueError:
                continue
            if not start - dt.timedelta(days=1) <= moment <= end + dt.timedelta(days=1):
                result.report(
                    "date-error",
                    "events",
                    ev.line,
                    "moment_utc",
                    "moment",
                    moment=moment,
                    start=start,
                    end=end,
                )


@check("context-error")
def check_context(result: Result) -> None:
    """A context fact is about a record of the article that exists, and its value range is in
    order."""
    ids = record_ids(result)
    for cx in result.rows.get("context", []):
        if cx["about_id"] and cx["about_id"] not in ids:
            result.report(
                "context-error", "context", cx.line, "about_id", "unknown", id=cx["about_id"]
            )
        elif cx["about_id"] and ids[cx["about_id"]][0] == "context":
            result.report("context-error", "context", cx.line, "about_id", "about-context")
        lo, hi = to_float(cx["value_min"]), to_float(cx["value_max"])
        if lo is not None and hi is not None and lo > hi:
            result.report("context-error", "context", cx.line, "value_max", "order", max=hi, min=lo)


def _unresolved(result: Result, ev: Row) -> None:
    """An unresolved date has no calendar dates; every other precision has both."""
    blank = not ev["date_start"] and not ev["date_end"]
    if ev["precision"] == "unresolved" and not blank:
        result.report("date-error", "events", ev.line, "date_start", "unresolved")
    elif ev["precision"] and ev["precision"] != "unresolved":
        for fld in ("date_start", "date_end"):
            if not ev[fld]:
                result.report("date-error", "events", ev.line, fld, "required")


def prints_year(year: int, *texts: str) -> bool:
    """True when one of ``texts`` prints ``year``: the year itself ("in 2004", "the 2000
    election") or its decade ("the 1960s", "the ’60s"). A far date is history the article
    recounts when its own words (an event's anchored text) or the editor's (its note) give the
    year; a year typed wrong matches neither."""
    decade = year - year % 10
    pattern = rf"(?<!\d){year}(?!\d)|(?<!\d){decade}s\b|['’‘]{decade % 100:02d}s\b"
    return any(re.search(pattern, t or "") for t in texts)

"""Dates and times: how precisely each date is known and how it was resolved, the timeline's rows,
the close-up's clocks and moments, and their sentences.
"""

from __future__ import annotations

import re

import pandas as pd

from explainer.package.facts import Facts
from explainer.views.derive.links import href, record_ids, without_ids
from explainer.views.derive.relaying import INFERRED_MARK
from explainer.views.derive.sourcing import source_publishers

#: How an event's date was resolved (events.resolution), in words.
RESOLUTION_WORDS = {
    "stated": "stated in the article",
    "computed": "computed from a stated date and duration",
    "context": "from other reporting",
    "inferred": INFERRED_MARK,
}


#: What a date's precision adds to it in words ("" where the date itself says it).
PRECISION_WORDS = {
    "day": "",
    "range": "",
    "part_of_day": "part of a day",
    "approximate": "",  # "about" before the date says it
    "upper_bound": "",  # "no later than" before the date says it
}


#: How the charts class a date from other reporting whose day the article prints (``dating``
#: says which part): a colour of its own, apart from "stated" and "from other reporting".
STATED_IN_PART = "stated_in_part"

#: Names of the resolutions and precisions for a legend (one or two words each).
RESOLUTION_NAMES = {
    "stated": "stated in the article",
    "computed": "computed from the article",
    "context": "from other reporting",
    "inferred": INFERRED_MARK,
    # A date the article prints in part ("Jan. 19"), the rest from other reporting (read 6, m10).
    STATED_IN_PART: "stated in part",
}


PRECISION_NAMES = {
    "day": "a day",
    "part_of_day": "part of a day",
    "range": "a span of days",
    "approximate": "about a day",
    "upper_bound": "no later than a day",
}


def time_zone(facts: Facts) -> tuple[str, str]:
    """The time zone of the events' calendar days (the events resource's ``timeZone``) and the
    words the site uses for it (``timeZoneLabel``)."""
    res = next((r for r in facts.descriptor["resources"] if r["name"] == "events"), {})
    return res.get("timeZone", "UTC"), res.get("timeZoneLabel", res.get("timeZone", "UTC"))


def day_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'18 Mar 2025', '17–18 Mar 2025', '19 Jan – 1 Mar 2025' (``end`` inclusive)."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def date_phrase(
    start: pd.Timestamp, end: pd.Timestamp, precision: str, resolution: str, zone: str = ""
) -> str:
    """A resolved date with its precision, time zone and method, as every table, tooltip and
    citation shows it: '18 Mar 2025 (part of a day, Israel/Gaza time; from other
    reporting)', 'about 18 Mar 2025 (approximate, ...; our inference)'."""
    if pd.isna(start) or pd.isna(end):  # a drafted date the text gives no way to resolve
        return "date not resolved"
    text = day_range(start, end)
    if precision == "approximate":
        text = f"about {text}"
    elif precision == "upper_bound":
        text = f"no later than {text}"
    notes = ", ".join(p for p in (PRECISION_WORDS.get(precision, precision), zone) if p)
    how = RESOLUTION_WORDS.get(resolution, resolution)  # or the words themselves (dating())
    return f"{text} ({notes}; {how})" if notes else f"{text} ({how})"


#: How a part of a day is dated when other reporting gives its day on one clock and only our
#: inference says which clock the article's wording keeps ("Monday night": read 5, M2).
CLOCK_INFERRED = f"the day from other reporting; which clock the article keeps: {INFERRED_MARK}"


def clock_inferred(facts: Facts) -> set[str]:
    """Ids of the events the article words as a part of a day, dated from other reporting, whose
    clock only a context fact of ours resolves: their day is reported, the match is ours."""
    cx = facts.context
    ours = cx.about_id[
        (cx.stance.astype(str) == "resolves") & (cx.confidence.astype(str) == "inferred")
    ]
    ev = facts.events
    part_of_day = ev.precision.astype(str) == "part_of_day"
    reported = ev.resolution.astype(str) == "context"
    return set(ev.event_id[part_of_day & reported & ev.event_id.isin(set(ours))].astype(str))


def _stated_part(facts: Facts, event) -> str | None:
    """The part of a date the article prints inside the event's words when the date as a whole
    is not stated: a figure of kind ``date`` anchored within the event ("Jan. 19"), without a
    year of its own."""
    fg = facts.figures
    inside = fg[(fg.kind.astype(str) == "date") & (fg.start >= event.start) & (fg.end <= event.end)]
    parts = [str(x) for x in inside.exact if not re.search(r"\b\d{4}\b", str(x))]
    return parts[0] if parts else None


def _day_words(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B}"


def _bound_bases(facts: Facts, event) -> str | None:
    """For a span of days whose resolving context facts are partly read and partly our inference
    (Ramadan: its first day read, its last inferred from Eid), each bound with its own basis:
    "1 March from other reporting; 29 March our inference". A bound is ours when every resolving
    fact that names its day is inferred. None when the facts are not mixed, or a bound's day is
    named by none of them (the caller then says "in part our inference")."""
    cx = facts.context
    cx = cx[(cx.about_id == event.event_id) & (cx.stance.astype(str) == "resolves")]
    if not {"read", "inferred"} <= set(cx.confidence.astype(str)):
        return None
    parts = []
    for day in dict.fromkeys([event.date_start, event.date_end]):
        naming = cx[cx.claim.astype(str).str.contains(rf"\b{_day_words(day)}\b", regex=True)]
        if naming.empty:
            return None
        ours = (naming.confidence.astype(str) == "inferred").all()
        parts.append(f"{_day_words(day)} {INFERRED_MARK if ours else RESOLUTION_WORDS['context']}")
    return "; ".join(parts)


def dating(facts: Facts) -> dict[str, str]:
    """event_id → how its date was resolved, in words: its resolution's words
    (:data:`RESOLUTION_WORDS`), made exact where the data says more (read 4, m1 and m2):

    * a date the article prints in part ("Jan. 19", a figure of kind ``date`` inside the
      event's words) says so: "“Jan. 19” stated in the article; the year from other reporting";
    * a span whose bounds rest on different grounds names each: "1 March from other reporting;
      29 March our inference", or "from other reporting, in part our inference" where the data
      does not say which bound is ours.
    """
    out = {}
    ours = clock_inferred(facts)
    for ev in facts.events.itertuples():
        if str(ev.event_id) in ours:
            out[str(ev.event_id)] = CLOCK_INFERRED
            continue
        how = RESOLUTION_WORDS.get(str(ev.resolution), str(ev.resolution))
        stated = _stated_part(facts, ev) if str(ev.resolution) != "stated" else None
        if stated:
            how = f"“{stated}” stated in the article; the year {how}"
        elif str(ev.resolution) == "context" and pd.notna(ev.date_start):
            if ev.date_start != ev.date_end:
                how = _bound_bases(facts, ev) or _partly_ours(facts, ev, how)
        out[str(ev.event_id)] = how
    return out


def _partly_ours(facts: Facts, event, how: str) -> str:
    cx = facts.context
    mine = cx[(cx.about_id == event.event_id) & (cx.stance.astype(str) == "resolves")]
    if (mine.confidence.astype(str) == "inferred").any():
        return f"{how}, in part {INFERRED_MARK}"
    return how


def event_dates(facts: Facts) -> dict[str, str]:
    """event_id → its :func:`date_phrase`, with its :func:`dating` words."""
    _, zone = time_zone(facts)
    how = dating(facts)
    return {
        r.event_id: date_phrase(r.date_start, r.date_end, str(r.precision), how[r.event_id], zone)
        for r in facts.events.itertuples()
    }


def events(facts: Facts) -> pd.DataFrame:
    """One row per event with its wording, resolved dates and the sources that resolve it."""
    cited = (
        facts.context.assign(
            publisher=facts.context.source_ids.map(lambda ids: source_publishers(facts, ids))
        )
        .groupby("about_id")["publisher"]
        .apply(lambda s: "; ".join(dict.fromkeys("; ".join(s).split("; "))))
    )
    ev = facts.events
    dates = event_dates(facts)
    ids = record_ids(facts)
    days_on_clocks = clock_days(facts)
    upper = ev.precision.astype(str) == "upper_bound"
    lower = ev.precision.astype(str) == "lower_bound"
    in_part = pd.Series(
        [
            str(e.resolution) == "context" and _stated_part(facts, e) is not None
            for e in ev.itertuples()
        ],
        index=ev.index,
    )
    return pd.DataFrame(
        {
            "id": ev.event_id,
            "event": ev.label,
            "wording": ev.exact,
            "start": ev.date_start,
            "end": ev.date_end
            + pd.Timedelta(days=1),  # exclusive end, so a one-day event has width
            # A bound's open side is empty, not the day (read 6, m10: "From 18 Mar" for a date
            # known only to be no later than 18 March).
            "first_day": ev.date_start.dt.strftime("%a %d %b %Y").where(~upper, ""),
            "last_day": ev.date_end.dt.strftime("%a %d %b %Y").where(~lower, ""),
            "date": ev.event_id.map(dates),
            "precision": ev.precision.astype(str),
            "precision_words": ev.precision.astype(str).map(PRECISION_NAMES).fillna("not resolved"),
            "resolution": ev.resolution.astype(str).where(~in_part, STATED_IN_PART),
            "dated_by": ev.event_id.map(dating(facts)),
            "clocks": ev.event_id.map(lambda eid: days_on_clocks.get(eid, "")),
            "sources": ev.event_id.map(cited).astype(object).fillna("the article itself"),
            "note": ev.note.map(lambda n: without_ids(n, ids)),
            "href": ev.event_id.map(href),
        }
    )


#: How much of the days around the moments the close-up shows, before and after (hours).
CLOSEUP_BEFORE_HOURS, CLOSEUP_AFTER_HOURS = 26, 37


def clocks(facts: Facts) -> list[tuple[str, str]]:
    """(label, IANA zone) of the close-up's clocks: the data's time zone, then the second clock
    the events resource names (``secondTimeZone``, ``secondTimeZoneLabel``), if it names one:
    a clock some of the article's times may be read on (the flagship's "Monday night")."""
    zone, label = time_zone(facts)
    res = next((r for r in facts.descriptor["resources"] if r["name"] == "events"), {})
    second = res.get("secondTimeZone")
    return [(label, zone)] + ([(res.get("secondTimeZoneLabel", second), second)] if second else [])


def local_time(moment: pd.Timestamp, zone: str) -> pd.Timestamp:
    """A UTC moment on the clock of ``zone``, as a naive timestamp."""
    return moment.tz_convert(zone).tz_localize(None)


def utc_offset(moment: pd.Timestamp, zone: str) -> str:
    """ "UTC+2", "UTC−4": the offset of ``zone`` at ``moment``."""
    hours = moment.tz_convert(zone).utcoffset().total_seconds() / 3600
    sign = "+" if hours >= 0 else "−"
    return f"UTC{sign}{abs(hours):g}"


def moments(facts: Facts) -> pd.DataFrame:
    """The events with a known moment (``moment_utc``), earliest first."""
    ev = facts.events[facts.events.moment_utc.notna()]
    return ev.sort_values("moment_utc").reset_index(drop=True)


def closeup_window(facts: Facts) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The stretch of time (naive UTC) the close-up shows: a day and more around the moments."""
    known = moments(facts).moment_utc.dt.tz_convert(None)
    return (
        (known.min() - pd.Timedelta(hours=CLOSEUP_BEFORE_HOURS)).floor("h"),
        (known.max() + pd.Timedelta(hours=CLOSEUP_AFTER_HOURS)).ceil("h"),
    )


def closeup(facts: Facts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The local calendar days around the known moments on each clock, and the moments.

    Each clock's offset is read from the time-zone database at the moment it shows (Israel was
    on UTC+2 until 28 March 2025; New York had moved to UTC−4 on 9 March).
    """
    known = moments(facts)
    first, last = closeup_window(facts)
    lanes = [
        (f"{label} ({utc_offset(known.moment_utc.iloc[0], zone)})", zone)
        for label, zone in clocks(facts)
    ]
    days = []
    for lane, zone in lanes:
        local_first = first.tz_localize("UTC").tz_convert(zone).normalize().tz_localize(None)
        local_last = last.tz_localize("UTC").tz_convert(zone).normalize().tz_localize(None)
        for day in pd.date_range(local_first, local_last, freq="D"):
            start = day.tz_localize(zone).tz_convert("UTC").tz_localize(None)
            end = (day + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC").tz_localize(None)
            days.append(
                {
                    "lane": lane,
                    "day": day.strftime("%a %d %b"),
                    "start": start,
                    "end": end,
                    "parity": day.day % 2,
                }
            )
    rows = []
    for ev in known.itertuples():
        for lane, zone in lanes:
            local = local_time(ev.moment_utc, zone)
            rows.append(
                {
                    "id": ev.event_id,
                    "event": ev.label,
                    "wording": ev.exact,
                    "lane": lane,
                    "utc": ev.moment_utc.tz_convert(None),
                    # An approximate time says so wherever it is shown.
                    "local": ("about " if str(ev.precision) == "approximate" else "")
                    + local.strftime("%a %d %b, %H:%M"),
                    "precision": str(ev.precision),
                    "href": href(ev.event_id),
                }
            )
    return pd.DataFrame(days), pd.DataFrame(rows)


def clock_days(facts: Facts) -> dict[str, str]:
    """event_id → the calendar day of its moment on each clock, for an event the article words
    as a part of a day ("on Monday night") whose clocks disagree on the day (read 4, m3: "18
    March" beside "Monday night" looked like an error): "Tue 18 March (Israel/Gaza time), Mon 17
    March (New York, US Eastern)". Which clock the article keeps is our inference, and the
    dating words say so (:data:`CLOCK_INFERRED`)."""
    out = {}
    for ev in moments(facts).itertuples():
        if str(ev.precision) != "part_of_day":
            continue
        days = [(local_time(ev.moment_utc, zone), label) for label, zone in clocks(facts)]
        if len({d.date() for d, _ in days}) < 2:
            continue
        out[str(ev.event_id)] = ", ".join(f"{d:%a} {_day_words(d)} ({label})" for d, label in days)
    return out


def day_label(day: pd.Timestamp) -> str:
    """A calendar day as a description prints it: "2 March"."""
    return f"{day.day} {day:%B}"


def day_span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The days from ``start`` to ``end`` (exclusive, as in :func:`events`) in words:
    "2 March", "17 to 18 March", "19 January to 1 March"."""
    last = end - pd.Timedelta(days=1)
    if last <= start:
        return day_label(start)
    if (start.year, start.month) == (last.year, last.month):
        return f"{start.day} to {last.day} {last:%B}"
    return f"{day_label(start)} to {day_label(last)}"


def event_phrase(row: pd.Series) -> str:
    """One row of :func:`events` in words, with its precision and how it was dated: "Ground
    operations resume (19 March; from other reporting)", "PM's office statement (about 18
    March; from other reporting)", "Israeli strikes begin (part of the day: “on Monday night”:
    Tue 18 March (Israel/Gaza time), Mon 17 March (New York, US Eastern); the day from other
    reporting; which clock the article keeps: our inference)"."""
    span = day_span(row["start"], row["end"])
    precision = str(row["precision"])
    if precision == "approximate":
        span = f"about {span}"
    elif precision == "upper_bound":
        span = f"no later than {span}"
    elif precision == "part_of_day" and row.get("clocks"):
        span = f"part of the day: “{row['wording']}”: {row['clocks']}"
    elif precision == "part_of_day":
        span = f"{span}, part of the day: “{row['wording']}”"
    return f"{row['event']} ({span}; {row['dated_by']})"


def clock_sentences(moments: pd.DataFrame) -> str:
    """Each moment of :func:`closeup` on every clock, in words: "Israeli strikes begin: Tue 18
    Mar, 02:30 in Israel and Gaza (UTC+2), which was Mon 17 Mar, 20:30 in New York, US Eastern
    (UTC−4)." ("about" for an approximate time)."""
    sentences = []
    for _, rows in moments.groupby("id", sort=False):
        times = [f"{r.local} in {r.lane}" for r in rows.itertuples()]
        sentences.append(
            f"{rows.event.iloc[0]}: {times[0]}"
            + "".join(f", which was {t}" for t in times[1:])
            + "."
        )
    return " ".join(sentences)

"""What the article states, what we infer: each field that restates another field, or the
article itself, agrees with it (relay hops, source dates and titles, context claims, weekdays,
event dates, terms).
"""

from __future__ import annotations

import datetime as dt
import re

from explainer.package import Problem, display_path, scan
from explainer.package.checks.base import (
    Result,
    Row,
    anchors,
    article_date,
    check,
    record_ids,
    to_date,
    to_float,
)
from explainer.package.vocab import HEDGE_BOUND, ROLE_SOURCE_KIND

MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        1,
    )
    for name in names
}

WEEKDAY_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("Monday", "Mon"),
            ("Tuesday", "Tue"),
            ("Wednesday", "Wed"),
            ("Thursday", "Thu"),
            ("Friday", "Fri"),
            ("Saturday", "Sat"),
            ("Sunday", "Sun"),
        ]
    )
    for name in names
}

_MONTH_RE = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))

# "Tue 18 March 2025", "18 March", "March 18": a day of a month, with its weekday and year if given.
DATE_IN_TEXT = re.compile(
    r"(?:\b(?P<weekday>" + "|".join(WEEKDAY_NUMBERS) + r")\.?,?\s+)?"
    r"(?:\b(?P<day>\d{1,2})\s+(?P<month>" + _MONTH_RE + r")\b\.?"
    r"|\b(?P<month2>" + _MONTH_RE + r")\.?\s+(?P<day2>\d{1,2})\b)"
    r"(?:,?\s+(?P<year>\d{4})\b)?"
)

# A number as a claim prints it: "1,890", "2.1 million", "eight".
NUMBER_IN_TEXT = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion)\b)?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)"
    r"\b(?:\s+(?:hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)

# A time of day: 02:30.
TIME_IN_TEXT = re.compile(r"\b[0-2]\d:[0-5]\d\b")

# A year in an address's path: /2025/03/18/ or /2025/3/30/.
DATE_IN_ADDRESS = re.compile(r"/(?P<year>20\d\d)/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")

_TRANSLITERATE = str.maketrans({"ð": "d", "þ": "th", "æ": "ae", "ø": "o", "ß": "ss", "ł": "l"})


def dates_in(text: str, default_year: int) -> list[tuple[dt.date, str | None, str]]:
    """Every calendar date ``text`` names, with the weekday it gives (if any) and the words."""
    out = []
    for m in DATE_IN_TEXT.finditer(text):
        day = int(m["day"] or m["day2"])
        month = MONTH_NUMBERS[m["month"] or m["month2"]]
        year = int(m["year"]) if m["year"] else default_year
        try:
            out.append((dt.date(year, month, day), m["weekday"], m.group()))
        except ValueError:
            continue
    return out


def numbers_in(text: str) -> set[float]:
    """Every number a sentence prints, as a value (see :func:`scan.number_value`)."""
    found = set()
    for m in NUMBER_IN_TEXT.finditer(text):
        value = scan.number_value(m.group())
        if value is not None:
            found.add(value)
    return found


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, as web addresses spell titles."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _sentence_spans(result: Result, s: int, e: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in scan.sentences(result.article or "") if a < e and s < b]


@check("relay-basis")
def check_relay_basis(result: Result) -> None:
    """A hop's basis agrees with the article: what the sentence is said to name, it names."""
    text = result.article
    if text is None or "relay_hops" not in result.rows:
        return
    statements = {row["statement_id"]: (s, e) for row, s, e in anchors(result, "statements")}
    names = {r["actor_id"]: r["name"] for r in result.rows.get("actors", [])}
    aliases: dict[str, list[tuple[int, int, str]]] = {}
    alias_rows = anchors(result, "aliases")
    for row, s, e in alias_rows:
        aliases.setdefault(row["actor_id"], []).append((s, e, row["exact"]))
    # What a sentence names is read from aliases.csv; while that table has a problem of its own
    # (reported there), its evidence is not used against the hops.
    aliases_sound = (
        "aliases" in result.rows
        and all(text[s:e] == row["exact"] and row["actor_id"] in names for row, s, e in alias_rows)
        and len(alias_rows) == len(result.rows["aliases"])
    )
    sources = {r["source_id"]: r for r in result.rows.get("sources", [])}
    for hop in result.rows["relay_hops"]:
        basis, wording, role = hop["basis"], hop["wording"], hop["role"]
        span = statements.get(hop["statement_id"])
        if span is None or not basis:
            continue
        sentences = _sentence_spans(result, *span)
        in_sentence = [
            (a, b, words)
            for a, b, words in aliases.get(hop["actor_id"], [])
            if any(sa <= a and b <= sb for sa, sb in sentences)
        ]
        said = " ".join(text[a:b] for a, b in sentences)
        if basis == "stated_here" and aliases_sound:
            if not wording:
                result.report("relay-basis", "relay_hops", hop.line, "wording", "no-wording")
            elif not any(wording in words for _, _, words in in_sentence):
                result.report(
                    "relay-basis",
                    "relay_hops",
                    hop.line,
                    "basis",
                    "not-named",
                    actor=hop["actor_id"],
                    wording=wording,
                )
        elif wording and not re.search(rf"(?<!\w){re.escape(wording)}(?!\w)", said):
            where = "the byline" if basis == "byline" else "the passage's sentence"
            if (
                basis != "byline"
                or aliases_sound
                and not any(wording in words for _, _, words in aliases.get(hop["actor_id"], []))
            ):
                result.report(
                    "relay-basis",
                    "relay_hops",
                    hop.line,
                    "wording",
                    "wording",
                    wording=wording,
                    where=where,
                )
        if basis in ("stated_elsewhere", "inferred") and not hop["basis_note"].strip():
            result.report(
                "relay-basis", "relay_hops", hop.line, "basis_note", "no-note", basis=basis
            )
        if basis == "stated_elsewhere" and aliases_sound and not aliases.get(hop["actor_id"]):
            result.report(
                "relay-basis", "relay_hops", hop.line, "basis", "never-named", actor=hop["actor_id"]
            )
        if (basis == "byline") != (role == "publisher"):
            result.report("relay-basis", "relay_hops", hop.line, "basis", "byline")
        source = sources.get(hop["source_id"])
        if source is not None:
            name = names.get(hop["actor_id"])
            if name is not None and source["publisher"] != name:
                result.report(
                    "relay-basis",
                    "relay_hops",
                    hop.line,
                    "source_id",
                    "publisher",
                    source=hop["source_id"],
                    publisher=source["publisher"],
                    name=name,
                )
            kind = ROLE_SOURCE_KIND.get(role)
            if kind and source["kind"] != kind:
                result.report(
                    "relay-basis",
                    "relay_hops",
                    hop.line,
                    "source_id",
                    "source-kind",
                    role=role,
                    kind=kind,
                    found=source["kind"],
                )


@check("source-date")
def check_source_dates(result: Result) -> None:
    """A source's date, precision and basis say the same thing, and agree with its address."""
    about = {r["about_id"] for r in result.rows.get("context", [])}
    for src in result.rows.get("sources", []):
        start, end = to_date(src["date_start"]), to_date(src["date_end"])
        precision, basis = src["date_precision"], src["date_basis"]
        if basis == "unknown":
            for fld in ("date_start", "date_end", "date_precision"):
                if src[fld]:
                    result.report("source-date", "sources", src.line, fld, "unknown")
            continue
        if basis and not start:
            result.report("source-date", "sources", src.line, "date_start", "no-date", basis=basis)
            continue
        if start and not precision:
            result.report("source-date", "sources", src.line, "date_precision", "no-precision")
        if precision == "day" and end != start:
            result.report("source-date", "sources", src.line, "date_end", "day")
        if precision == "range" and not (end and end > start):
            result.report("source-date", "sources", src.line, "date_end", "range")
        if precision == "lower_bound" and src["date_end"]:
            result.report("source-date", "sources", src.line, "date_end", "lower-bound")
        # (When context.csv exists but could not be read, its own problem is reported instead.)
        unreadable = result.resource("context") is not None and "context" not in result.rows
        if basis == "inferred" and src["source_id"] not in about and not unreadable:
            result.report("source-date", "sources", src.line, "date_basis", "no-reasoning")
        m = DATE_IN_ADDRESS.search(src["url"])
        if m and start and precision == "day":
            try:
                in_address = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            except ValueError:
                continue
            if in_address != start:
                result.report(
                    "source-date",
                    "sources",
                    src.line,
                    "date_start",
                    "address",
                    start=start,
                    in_address=in_address,
                )


#: What an editor may change in a printed headline and still call it printed: quotation marks
#: and apostrophes straight or curly, the kind of dash, spaces, case, and a closing full stop
#: (a first line drafted as the title keeps the stop that ends it).
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def same_title(title: str, headline: str) -> bool:
    """Whether ``title`` is ``headline`` as printed, typography aside (:data:`_TYPOGRAPHY`)."""

    def bare(words: str) -> str:
        return " ".join(words.translate(_TYPOGRAPHY).split()).rstrip(".!?:;").casefold()

    return bare(title) == bare(headline)


@check("source-title")
def check_source_titles(result: Result) -> None:
    """Titles are what their basis says: the article's headline (typography aside: an edited
    title passes), or the words of the address; the article's author and outlet are in its
    byline."""
    text = result.article or ""
    paras = [text[a:b] for a, b in scan.paragraphs(text)]
    headline, byline = (paras + ["", ""])[:2]
    for src in result.rows.get("sources", []):
        basis = src["title_basis"]
        if src["kind"] == "article" and text:
            if basis == "printed" and not same_title(src["title"], headline):
                result.report(
                    "source-title", "sources", src.line, "title", "printed", headline=headline[:60]
                )
            # Only a byline ("By A. Writer, The Outlet") is checked; the outlet only where it
            # names one (many bylines give the author alone).
            is_byline = byline.lower().startswith("by ")
            names_outlet = "," in byline
            for fld in ("author", "publisher"):
                if not is_byline or (fld == "publisher" and not names_outlet):
                    continue
                if src[fld] and src[fld] not in byline:
                    result.report("byline", "sources", src.line, fld, value=src[fld], byline=byline)
        if basis == "from_address":
            if not src["url"]:
                result.report("source-title", "sources", src.line, "title_basis", "no-url")
            elif slug(src["title"]) not in slug(src["url"]):
                result.report("source-title", "sources", src.line, "title", "address")


@check("context-basis")
def check_context_basis(result: Result) -> None:
    """Every source a context fact cites exists; its values and dates are the ones its claim gives."""
    sources = {r["source_id"] for r in result.rows.get("sources", [])}
    ids = record_ids(result)
    for cx in result.rows.get("context", []):
        cited = cx["source_ids"].split()
        unknown = [s for s in cited if s not in sources]
        if unknown:
            result.report(
                "context-basis", "context", cx.line, "source_ids", "unknown", ids=", ".join(unknown)
            )
        if len(set(cited)) != len(cited):
            result.report("context-basis", "context", cx.line, "source_ids", "cited-twice")
        printed = numbers_in(cx["claim"])
        for fld in ("value_min", "value_max"):
            value = to_float(cx[fld])
            if value is not None and value not in printed:
                result.report("context-basis", "context", cx.line, fld, "value", value=value)
        table, row = ids.get(cx["about_id"], (None, None))
        if table == "figures":
            _agreement(result, cx, row)
        if table == "events" and cx["stance"] == "resolves":
            _claim_time(result, cx, row)
        if table == "events" and cx["stance"] == "agrees" and row["resolution"] == "context":
            result.report(
                "context-basis",
                "context",
                cx.line,
                "stance",
                "open-date",
                about=cx["about_id"],
                resolution=row["resolution"],
            )
        if cx["stance"] == "resolves" and table in ("events", "sources"):
            first = to_date(row["date_start"])
            last = to_date(row["date_end"]) or first
            if first is None or last < first:  # a broken range is reported where it is
                continue
            named = [d for d, _, _ in dates_in(cx["claim"], first.year)]
            if not any(first <= d <= last for d in named):
                result.report(
                    "context-basis",
                    "context",
                    cx.line,
                    "claim",
                    "no-date",
                    about=cx["about_id"],
                    first=first,
                    last=last,
                )


def _claim_time(result: Result, cx: Row, event: Row) -> None:
    """A claim that gives a time of day for an event with a known moment gives that moment, on
    the events' clock (the resource's ``timeZone``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    times = set(TIME_IN_TEXT.findall(cx["claim"]))
    zone_name = (result.resource("events") or {}).get("timeZone", "")
    if not times or not event["moment_utc"] or not zone_name:
        return
    try:
        zone = ZoneInfo(zone_name)
        moment = dt.datetime.fromisoformat(event["moment_utc"].replace("Z", "+00:00"))
    except (ZoneInfoNotFoundError, ValueError):
        return  # reported by check_event_basis or by the type check
    local = f"{moment.astimezone(zone):%H:%M}"
    if local not in times:
        result.report(
            "context-basis",
            "context",
            cx.line,
            "claim",
            "time",
            times=", ".join(sorted(times)),
            about=cx["about_id"],
            local=local,
            zone=zone_name,
        )


def _agreement(result: Result, cx: Row, figure: Row) -> None:
    """A context fact that agrees with a figure gives a value its hedge allows."""
    value, lo, hi = to_float(figure["value"]), to_float(cx["value_min"]), to_float(cx["value_max"])
    if cx["stance"] != "agrees" or value is None or lo is None:
        return
    hedge = figure["hedge"]
    if HEDGE_BOUND.get(hedge) != figure["bound"] or hedge not in figure["exact"].lower():
        return  # the figure contradicts itself; check_figures reports it
    hi = lo if hi is None else hi
    allowed = {
        "exact": lo <= value <= hi,
        "upper": lo <= value,  # "nearly 2,000": a report at or under 2,000
        "lower": hi >= value,  # "more than two million": a report at or over two million
    }.get(figure["bound"], True)
    if not allowed:
        result.report(
            "context-basis",
            "context",
            cx.line,
            "stance",
            "agrees",
            lo=lo,
            hi=hi,
            exact=figure["exact"],
            bound=figure["bound"],
        )


@check("weekday")
def check_weekdays(result: Result) -> None:
    """A weekday written beside a date is that date's weekday."""
    published = article_date(result)
    if published is None:
        return
    year = published.year
    for table, fields in (
        ("context", ("claim",)),
        ("events", ("note",)),
        ("sources", ("note",)),
    ):
        for row in result.rows.get(table, []):
            for fld in fields:
                for day, weekday, words in dates_in(row[fld], year):
                    if weekday and WEEKDAY_NUMBERS[weekday] != day.weekday():
                        result.report(
                            "weekday", table, row.line, fld, words=words, day=day, weekday=weekday
                        )


def _zone(result: Result, res: dict, key: str):
    """The IANA time zone the events resource names under ``key`` (None if it names none); an
    unknown name is a problem of the descriptor."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = res.get(key)
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                f"resources[events].{key}",
                f"unknown time zone {name!r}",
            )
        )
        return None


@check("event-basis")
def check_event_basis(result: Result) -> None:
    """A date marked stated is printed whole in the anchor; a known moment falls on its dates."""
    res = result.resource("events") or {}
    zone = _zone(result, res, "timeZone")
    _zone(result, res, "secondTimeZone")
    resolving: dict[str, list[Row]] = {}
    for cx in result.rows.get("context", []):
        if cx["stance"] == "resolves":
            resolving.setdefault(cx["about_id"], []).append(cx)
    for ev in result.rows.get("events", []):
        facts = resolving.get(ev["event_id"], [])
        if ev["resolution"] == "context" and facts:
            if all(cx["confidence"] == "inferred" for cx in facts):
                ids = ", ".join(cx["context_id"] for cx in facts)
                result.report("event-basis", "events", ev.line, "resolution", "unread", ids=ids)
        start, end = to_date(ev["date_start"]), to_date(ev["date_end"])
        if not (start and end):
            continue
        if ev["resolution"] == "stated" and str(start.year) not in ev["exact"]:
            result.report(
                "event-basis",
                "events",
                ev.line,
                "resolution",
                "year",
                exact=ev["exact"],
                year=start.year,
            )
        if not ev["moment_utc"]:
            continue
        if zone is None:
            result.report("event-basis", "events", ev.line, "moment_utc", "no-zone")
            continue
        try:
            moment = dt.datetime.fromisoformat(ev["moment_utc"].replace("Z", "+00:00"))
        except ValueError:
            continue
        local = moment.astimezone(zone).date()
        loose = start - dt.timedelta(days=1) <= moment.date() <= end + dt.timedelta(days=1)
        if loose and not start <= local <= end:
            result.report(
                "event-basis",
                "events",
                ev.line,
                "moment_utc",
                "moment",
                local=local,
                zone=res.get("timeZone"),
                start=start,
                end=end,
            )


@check("term-words")
def check_term_words(result: Result) -> None:
    """A term's canonical form is the words it anchors."""
    for row in result.rows.get("terms", []):
        if row["term"] and row["term"].lower() not in row["exact"].lower():
            result.report(
                "term-words", "terms", row.line, "term", term=row["term"], exact=row["exact"]
            )

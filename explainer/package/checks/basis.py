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
                result.add(
                    "relay_hops",
                    hop.line,
                    "wording",
                    "stated_here needs the words that name the hop",
                )
            elif not any(wording in words for _, _, words in in_sentence):
                result.add(
                    "relay_hops",
                    hop.line,
                    "basis",
                    f"stated_here, but no alias of {hop['actor_id']!r} in the passage's sentence "
                    f"contains {wording!r}: the sentence does not name this hop",
                )
        elif wording and not re.search(rf"(?<!\w){re.escape(wording)}(?!\w)", said):
            where = "the byline" if basis == "byline" else "the passage's sentence"
            if (
                basis != "byline"
                or aliases_sound
                and not any(wording in words for _, _, words in aliases.get(hop["actor_id"], []))
            ):
                result.add("relay_hops", hop.line, "wording", f"{wording!r} is not in {where}")
        if basis in ("stated_elsewhere", "inferred") and not hop["basis_note"].strip():
            result.add(
                "relay_hops",
                hop.line,
                "basis_note",
                f"{basis} needs the reasoning: where the article names the hop, or why we infer it",
            )
        if basis == "stated_elsewhere" and aliases_sound and not aliases.get(hop["actor_id"]):
            result.add(
                "relay_hops",
                hop.line,
                "basis",
                f"stated_elsewhere, but the article never names {hop['actor_id']!r} (no alias)",
            )
        if (basis == "byline") != (role == "publisher"):
            result.add(
                "relay_hops",
                hop.line,
                "basis",
                "the publisher's hop, and only it, has basis byline",
            )
        source = sources.get(hop["source_id"])
        if source is not None:
            name = names.get(hop["actor_id"])
            if name is not None and source["publisher"] != name:
                result.add(
                    "relay_hops",
                    hop.line,
                    "source_id",
                    f"{hop['source_id']} is published by {source['publisher']!r}, "
                    f"but this hop is {name!r}",
                )
            kind = ROLE_SOURCE_KIND.get(role)
            if kind and source["kind"] != kind:
                result.add(
                    "relay_hops",
                    hop.line,
                    "source_id",
                    f"a {role} hop's source is of kind {kind!r}, not {source['kind']!r}",
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
                    result.add(
                        "sources", src.line, fld, "date_basis is unknown, so this stays empty"
                    )
            continue
        if basis and not start:
            result.add("sources", src.line, "date_start", f"date_basis {basis!r} needs a date")
            continue
        if start and not precision:
            result.add("sources", src.line, "date_precision", "a dated source needs a precision")
        if precision == "day" and end != start:
            result.add(
                "sources", src.line, "date_end", "precision 'day' needs date_end == date_start"
            )
        if precision == "range" and not (end and end > start):
            result.add("sources", src.line, "date_end", "precision 'range' needs a later date_end")
        if precision == "lower_bound" and src["date_end"]:
            result.add("sources", src.line, "date_end", "a lower bound has no date_end")
        # (When context.csv exists but could not be read, its own problem is reported instead.)
        unreadable = result.resource("context") is not None and "context" not in result.rows
        if basis == "inferred" and src["source_id"] not in about and not unreadable:
            result.add(
                "sources",
                src.line,
                "date_basis",
                "an inferred date needs a context fact about this source that gives the reasoning",
            )
        m = DATE_IN_ADDRESS.search(src["url"])
        if m and start and precision == "day":
            try:
                in_address = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            except ValueError:
                continue
            if in_address != start:
                result.add(
                    "sources",
                    src.line,
                    "date_start",
                    f"{start}, but the address is dated {in_address}",
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
                result.add(
                    "sources",
                    src.line,
                    "title",
                    f"title_basis is printed, but the article's headline is {headline[:60]!r}; "
                    "a title in other words (an editor's, or the draft's --title) has "
                    "title_basis descriptive",
                )
            # Only a byline ("By A. Writer, The Outlet") is checked; the outlet only where it
            # names one (many bylines give the author alone).
            is_byline = byline.lower().startswith("by ")
            names_outlet = "," in byline
            for fld in ("author", "publisher"):
                if not is_byline or (fld == "publisher" and not names_outlet):
                    continue
                if src[fld] and src[fld] not in byline:
                    message = f"{src[fld]!r} is not in the byline {byline!r}"
                    result.add("sources", src.line, fld, message, "byline")
        if basis == "from_address":
            if not src["url"]:
                result.add("sources", src.line, "title_basis", "from_address needs a url")
            elif slug(src["title"]) not in slug(src["url"]):
                result.add(
                    "sources",
                    src.line,
                    "title",
                    "title_basis is from_address, but the address does not spell this title",
                )


@check("context-basis")
def check_context_basis(result: Result) -> None:
    """Every source a context fact cites exists; its values and dates are the ones its claim gives."""
    sources = {r["source_id"] for r in result.rows.get("sources", [])}
    ids = record_ids(result)
    for cx in result.rows.get("context", []):
        cited = cx["source_ids"].split()
        unknown = [s for s in cited if s not in sources]
        if unknown:
            result.add(
                "context",
                cx.line,
                "source_ids",
                f"unknown sources id(s) {', '.join(unknown)} (no row in sources.source_id)",
            )
        if len(set(cited)) != len(cited):
            result.add("context", cx.line, "source_ids", "a source is cited twice")
        printed = numbers_in(cx["claim"])
        for fld in ("value_min", "value_max"):
            value = to_float(cx[fld])
            if value is not None and value not in printed:
                result.add(
                    "context", cx.line, fld, f"{value:g}, but the claim gives no such number"
                )
        table, row = ids.get(cx["about_id"], (None, None))
        if table == "figures":
            _agreement(result, cx, row)
        if table == "events" and cx["stance"] == "resolves":
            _claim_time(result, cx, row)
        if cx["stance"] == "resolves" and table in ("events", "sources"):
            first = to_date(row["date_start"])
            last = to_date(row["date_end"]) or first
            if first is None or last < first:  # a broken range is reported where it is
                continue
            named = [d for d, _, _ in dates_in(cx["claim"], first.year)]
            if not any(first <= d <= last for d in named):
                result.add(
                    "context",
                    cx.line,
                    "claim",
                    f"resolves {cx['about_id']}, but names no date from {first} to {last}",
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
        result.add(
            "context",
            cx.line,
            "claim",
            f"gives {', '.join(sorted(times))}, but {cx['about_id']}'s moment_utc is {local} "
            f"in {zone_name}",
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
        result.add(
            "context",
            cx.line,
            "stance",
            f"agrees, but {lo:g}..{hi:g} does not fit {figure['exact']!r} ({figure['bound']})",
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
                        result.add(
                            table, row.line, fld, f"{words!r}: {day} is a {day:%A}, not {weekday}"
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
    for ev in result.rows.get("events", []):
        start, end = to_date(ev["date_start"]), to_date(ev["date_end"])
        if not (start and end):
            continue
        if ev["resolution"] == "stated" and str(start.year) not in ev["exact"]:
            result.add(
                "events",
                ev.line,
                "resolution",
                f"stated, but the anchored text {ev['exact']!r} does not give the year {start.year}",
            )
        if not ev["moment_utc"]:
            continue
        if zone is None:
            result.add(
                "events", ev.line, "moment_utc", "a moment needs the events resource's timeZone"
            )
            continue
        try:
            moment = dt.datetime.fromisoformat(ev["moment_utc"].replace("Z", "+00:00"))
        except ValueError:
            continue
        local = moment.astimezone(zone).date()
        loose = start - dt.timedelta(days=1) <= moment.date() <= end + dt.timedelta(days=1)
        if loose and not start <= local <= end:
            result.add(
                "events",
                ev.line,
                "moment_utc",
                f"falls on {local} in {res.get('timeZone')}, outside {start}..{end}",
            )


@check("term-words")
def check_term_words(result: Result) -> None:
    """A term's canonical form is the words it anchors."""
    for row in result.rows.get("terms", []):
        if row["term"] and row["term"].lower() not in row["exact"].lower():
            result.add(
                "terms",
                row.line,
                "term",
                f"{row['term']!r} is not in the anchored text {row['exact']!r}",
            )

"""Facts that the pages' prose states in its own words, computed from the data.

A page's text is not executed, so a number, date or time typed into it would survive a correction
to the data. The pages put these values in with myst-nb's ``{glue:md}`` role instead: a hidden
code cell calls :func:`glue` and the prose names the value, so a rebuild after a correction
re-executes the page (it read the tables) and prints the new value. Values are named after the
record they come from (a figure's id gives the figure as printed, an event's id its dates), so
this module names no record of its own.

:func:`limits_note` writes each page's "limits" box (EDITORIAL.md rule 6) from the same data: which
of the page's records other reporting corroborates, which it reports differently, which it only
dates, and which nothing here checks.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from explainer.package import scan
from explainer.package.facts import Facts
from explainer.views import cite
from explainer.views.derive import links, people, phrasing, relaying, sourcing, timing


def _clock(moment: pd.Timestamp, zone: str, day: bool = True) -> str:
    """ "02:30 on Tuesday 18 March" (or "03:00" with ``day=False``)."""
    local = timing.local_time(moment, zone)
    return f"{local:%H:%M} on {local:%A} {timing.day_label(local)}" if day else f"{local:%H:%M}"


def _amount(value: float) -> str:
    """A context value as prose prints it: "eight", "1,900", "2.1 million"."""
    if value >= 1e6:
        return f"{value / 1e6:g} million"
    return phrasing.number_words(value)


def _date_wording(exact: str) -> str:
    """The date words inside an event's anchor ("on Monday night" → "Monday night")."""
    found = scan.date_expressions(exact)
    return exact[found[0][0] : found[0][1]] if found else ""


def values(facts: Facts) -> dict[str, str]:
    """Every value the prose uses, by the name the pages glue it under.

    - ``<figure_id>``: the figure as printed ("nearly 2,000");
    - ``<event_id>``: its resolved days ("19 January", "1 to 29 March"); ``<event_id>_words``: the
      date as the article words it ("Monday night"); and for an event with a
      known moment ``<event_id>_local`` / ``_local_time`` (on the data's clock) and ``_other`` /
      ``_other_time`` (on the close-up's other clock);
    - ``<context_id>``: the values a context fact gives ("1,800 to 2,000", "2.1 million");
    - counts and dates of the article as a whole: ``quotations``, ``quoted_voices``,
      ``unattributed``, ``narration_share``, ``relay_summary``, ``relay_rule``, ``published``,
      ``date_wordings``;
      and the licence of the annotations, ``licence``.
    """
    out: dict[str, str] = {}
    for r in facts.figures.itertuples():
        out[r.figure_id] = str(r.exact)
    zones = [z for _, z in timing.clocks(facts)]
    zone, other = zones[0], zones[-1]  # one clock: its "other" time is the same
    for r in facts.events.itertuples():
        out[r.event_id] = timing.day_span(r.date_start, r.date_end + pd.Timedelta(days=1))
        if _date_wording(r.exact):
            out[f"{r.event_id}_words"] = _date_wording(r.exact)
        if not pd.isna(r.moment_utc):
            out[f"{r.event_id}_local"] = _clock(r.moment_utc, zone)
            out[f"{r.event_id}_local_time"] = _clock(r.moment_utc, zone, day=False)
            out[f"{r.event_id}_other"] = _clock(r.moment_utc, other)
            out[f"{r.event_id}_other_time"] = _clock(r.moment_utc, other, day=False)
    for r in facts.context.itertuples():
        if pd.isna(r.value_min):
            continue
        low, high = float(r.value_min), float(r.value_max) if not pd.isna(r.value_max) else None
        out[r.context_id] = (
            _amount(low) if high in (None, low) else f"{_amount(low)} to {_amount(high)}"
        )
    st = facts.statements
    direct = st[st["mode"] == "direct"]
    voices = facts.voices.set_index("voice_id")
    spoken = direct.voice_id.astype(str).map(voices.actor_id).fillna("")
    spoken = spoken[spoken != ""]
    share = people.voice_share(facts).set_index("voice").share
    wordings = [
        w
        for w in dict.fromkeys(_date_wording(e) for e in facts.events.sort_values("start").exact)
        if w
    ]
    date, how = sourcing.source_date(sourcing.article_source(facts))
    out.update(
        {
            "quotations": phrasing.count_words(len(direct)),
            "quoted_voices": phrasing.plural(spoken.nunique(), "voice"),
            "unattributed": phrasing.plural(
                int((direct.speaker_id.fillna("") == "").sum()), "passage"
            ),
            "narration_share": f"{share.get('narration', 0):.0%}",
            "relay_summary": relaying.relay_sentence(facts),
            "relay_rule": relaying.RELAY_RULE,
            "published": f"{date} ({how})" if how else date,
            "date_wordings": phrasing.listing([f"“{w}”" for w in wordings]),
            "licence": " and ".join(lic["name"] for lic in facts.descriptor.get("licenses", [])),
        }
    )
    return out


def glue(facts: Facts) -> None:
    """Glue every value of :func:`values` for the page's ``{glue:md}`` roles, showing nothing."""
    from IPython.display import Markdown
    from myst_nb import glue as glue_one

    for name, text in values(facts).items():
        glue_one(name, Markdown(text), display=False)


# ---------------------------------------------------------------- the limits of a page

#: What each kind of record is called in a limits box.
RECORD_NOUNS = {
    "statements": ("statement", "statements"),
    "events": ("date", "dates"),
    "figures": ("figure", "figures"),
    "relations": ("relation", "relations"),
    "aliases": ("mention of a name", "mentions of names"),
    "terms": ("use of a term", "uses of terms"),
}
#: Tables whose records are the article's own wording: nothing outside it could check them.
WORDING_TABLES = ("aliases", "terms")
#: The kinds of figure that claim something other reporting could check (a count, a duration).
CLAIM_FIGURE_KINDS = ("count", "duration")
#: How many records a limits box names one by one before it counts them instead.
LIMITS_LIST_MAX = 6


def _label(table: str, row) -> str:
    """A record as a limits box names it."""
    if table == "events":
        return str(row.label)
    if table == "figures":
        unit = str(row.unit)
        return f"“{row.exact}”" + ("" if unit.split()[0] in str(row.exact) else f" {unit}")
    if table == "relations":
        return str(row.detail)
    words = str(row.exact).split()
    shown = words[:6]
    # Stop before a quotation mark of the article's own: inside ours it would nest, “… “…” (read
    # 6, m4); the words stay verbatim and "…" marks the cut.
    inner = next((i for i, w in enumerate(shown) if i and any(q in w for q in '“”"')), None)
    if inner is not None:
        shown = shown[:inner]
    return "“" + " ".join(shown) + ("…" if len(shown) < len(words) else "") + "”"


def _links(items: list[tuple[str, str]], after: dict[str, str] | None = None) -> str:
    """The records as a list of links, each followed by its words in ``after`` (by id), if any."""
    after = after or {}
    return phrasing.listing(
        [
            f'<a href="{html.escape(links.href(rid))}">{html.escape(text)}</a>'
            + (f" {html.escape(after[rid])}" if rid in after else "")
            for rid, text in items
        ]
    )


def limits_note(facts: Facts, *table_names: str) -> str:
    """The page's limits box (EDITORIAL.md rule 6), for the records of ``table_names`` it draws on:
    one article from one outlet; what other reporting corroborates, reports differently or only
    dates; and what nothing here checks. Everything in it is computed from the data."""
    src = sourcing.article_source(facts)
    date, how = sourcing.source_date(src)
    reprint = (
        f' (<a href="{html.escape(src.reprint_url)}">reprint</a>)'
        if isinstance(src.reprint_url, str) and src.reprint_url
        else ""
    )
    byline = f" by {html.escape(src.author)}" if isinstance(src.author, str) else ""
    source = (
        f"This page draws on one article from one outlet: “{html.escape(src.title)}”{byline}, "
        f"{html.escape(src.publisher)}{reprint}, published {html.escape(date)}"
        + (f" ({html.escape(how)})" if how else "")
        + ". Its quotations are reproduced for analysis and commentary, and rights stay with the "
        "publisher. Facts from other reporting cite it; where the site goes beyond the article "
        "and that reporting, it says “our inference”."
    )
    parts = [("source", source), *limits_findings(facts, table_names)]
    # Each finding is a span of its own class (limits-agrees, limits-agrees-unread,
    # limits-differs, limits-resolves, limits-absent, limits-wording), so a test or a style can
    # find it.
    return (
        f'<div class="admonition note limits-note" id="{cite.LIMITS_ID}">'
        '<p class="admonition-title">'
        "The limits of this page</p><p>"
        + " ".join(
            text if kind == "source" else f'<span class="limits-{kind}">{text}</span>'
            for kind, text in parts
        )
        + "</p></div>"
    )


def limits_findings(
    facts: Facts, table_names: tuple[str, ...], only: set[str] | None = None
) -> list[tuple[str, str]]:
    """The findings of a limits box after its source sentence, as (kind, HTML) pairs: what other
    reporting corroborates, reports differently or only dates among the records of
    ``table_names`` (only those whose id is in ``only``, if given), and what nothing here checks.
    One source for the page's box (:func:`limits_note`) and a chart's copy (:func:`chart_limits`).
    """
    parts: list[tuple[str, str]] = []
    status = sourcing.corroboration(facts, tuple(t for t in table_names if t in sourcing.FACT_KEYS))
    unread_agreement = sourcing.agreement_unread(facts)
    groups: dict[str, list[tuple[str, str, str]]] = {}
    counted: list[str] = []
    counted_one = False
    for table in table_names:
        df = facts.tables[table]
        key = facts.schema(table)["primaryKey"][0]
        if only is not None:
            df = df[df[key].astype(str).isin(only)]
        if table in WORDING_TABLES:
            counted.append(phrasing.plural(len(df), *RECORD_NOUNS[table]))
            counted_one = len(df) == 1 and len(counted) == 1
            continue
        if table == "figures":  # ordinals, parts of dates and idioms state nothing to check
            df = df[df.kind.astype(str).isin(CLAIM_FIGURE_KINDS)]
        for row in df.itertuples():
            rid = getattr(row, key)
            found = status.get(rid, "absent")
            if found == "inferred" and rid in unread_agreement:
                found = "agrees-unread"
            groups.setdefault(found, []).append((table, rid, _label(table, row)))
    said = {
        "agrees": "Other reporting corroborates {}.",
        "consistent": "Other reporting is consistent with {}, a hedged number, which reports "
        "can fit but not confirm.",
        # One measure: agreement that rests only on what a report's web address reads as (our
        # reading, the page not checked) is said to be that, for whichever voice it concerns.
        "agrees-unread": "Only headlines read from other reports’ web addresses, not checked "
        "against the reports, match {}.",
        "differs": "Other reporting reports {} differently.",
        "resolves": "Other reporting supplies what the article leaves open (the date) for {}.",
        "inferred": "Our inference, from other reporting that does not state it, supplies the "
        "date of {}.",
    }
    # A day other reporting gives on its clock, matched to the article's wording by us (M2).
    clock = {rid: "(the clock is our inference)" for rid in timing.clock_inferred(facts)}
    # A date other reporting supplies only in part, or our inference in part, says which part, as
    # the timeline does: "Ramadan (1 March from other reporting; 29 March our inference)".
    for rid, how in timing.dating(facts).items():
        if status.get(rid) == "resolves" and how != timing.RESOLUTION_WORDS["context"]:
            clock.setdefault(rid, f"({how})")
    for stance, sentence in said.items():
        if groups.get(stance):
            items = [(rid, text) for _, rid, text in groups[stance]]
            parts.append((stance, sentence.format(_links(items, clock))))
    unchecked = groups.get("absent", [])
    if unchecked:
        if len(unchecked) <= LIMITS_LIST_MAX:
            what = _links([(rid, text) for _, rid, text in unchecked])
        else:
            by_table = {t: sum(1 for u in unchecked if u[0] == t) for t in table_names}
            what = phrasing.listing(
                [phrasing.plural(n, *RECORD_NOUNS[t]) for t, n in by_table.items() if n]
            )
            what += (
                ' (the <a href="article.html#all-records">record table</a> gives each one’s '
                "corroboration)"
            )
        parts.append(
            ("absent", f"Nothing here checks {what}: for them, this is only the article’s account.")
        )
    if counted:
        parts.append(
            (
                "wording",
                f"The {phrasing.listing(counted)} recorded in the article "
                + ("is" if counted_one else "are")
                + " its own wording: other "
                "reporting cannot confirm or contradict how the article words things.",
            )
        )
    return parts


_WORD = re.compile(r"[A-Za-z0-9_]+")


def chart_records(facts: Facts, spec: dict) -> set[str]:
    """Ids of the article's records a chart draws: each record id its data names, in a mark's
    link (``article.html#<id>``) or a row's list of records (``"st_p04 st_p05"``)."""
    known = {
        str(rid)
        for table in RECORD_NOUNS
        if table in facts.tables
        for rid in facts.tables[table][facts.schema(table)["primaryKey"][0]]
    }
    # Ids are words of their own in the spec's text (a link's anchor, a list's item); nothing
    # but the data names a record.
    return set(_WORD.findall(json.dumps(spec))) & known


def chart_limits(facts: Facts, spec: dict) -> list[tuple[str, str]]:
    """The limits findings of one chart, for the copies that travel alone (an embed, a chart
    image): :func:`limits_findings` for the records the chart draws (:func:`chart_records`),
    in the tables' order of a limits box. Empty when the chart draws no record."""
    ids = chart_records(facts, spec)
    tables = tuple(
        table
        for table in RECORD_NOUNS
        if table in facts.tables
        and facts.tables[table][facts.schema(table)["primaryKey"][0]].astype(str).isin(ids).any()
    )
    return limits_findings(facts, tables, ids) if tables else []


def as_text(fragment: str) -> str:
    """An HTML fragment of the site's prose as plain text (a chart image's lines)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())

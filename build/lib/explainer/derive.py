"""Reshape the fact tables for charts and tables. Pure functions of a :class:`Facts`; no I/O.

Kept apart from ``charts.py`` so that every number a chart draws can be tested on its own.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .facts import Facts
from .package import DOWNLOADS_DIR
from .validate import voice_at

ARTICLE_PAGE = "article.html"
# The built site's root as seen from a page in book/ (for links to the downloads).
PAGE_TO_SITE_ROOT = "../"
WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
CONTEXT_STANCES = ("agrees", "differs")


def href(record_id: str) -> str:
    """Permalink of a record's highlighted span on the annotated article page."""
    return f"{ARTICLE_PAGE}#{record_id}"


def download_href(name: str) -> str:
    """Link from a page to a file in the built site's downloads folder."""
    return f"{PAGE_TO_SITE_ROOT}{DOWNLOADS_DIR}/{name}"


def actor_names(facts: Facts) -> dict[str, str]:
    return dict(zip(facts.actors.actor_id, facts.actors.name, strict=True))


def voice_labels(facts: Facts) -> dict[str, str]:
    return dict(zip(facts.voices.voice_id.astype(str), facts.voices.label, strict=True))


def relay_chains(facts: Facts) -> dict[str, str]:
    """statement_id → "Hamas → Press TV → The Algemeiner" (speaker first, publisher last)."""
    names = actor_names(facts)
    hops = facts.relay_hops.sort_values(["statement_id", "position"])
    return {
        sid: " → ".join(names[a] for a in group.actor_id)
        for sid, group in hops.groupby("statement_id", sort=False)
    }


def corroboration(facts: Facts) -> dict[str, str]:
    """record id → 'differs', 'agrees' or 'absent' for every anchored fact record.

    A record that any context source reports differently is 'differs', even if another agrees:
    the reader should see the disagreement first.
    """
    stances = facts.context.groupby("about_id")["stance"].apply(lambda s: set(s.astype(str)))
    out = {}
    for table, key in (
        ("statements", "statement_id"),
        ("events", "event_id"),
        ("figures", "figure_id"),
        ("relations", "relation_id"),
    ):
        for rid in facts.tables[table][key]:
            found = stances.get(rid, set())
            out[rid] = (
                "differs"
                if "differs" in found
                else "agrees"
                if found & {"agrees", "resolves"}
                else "absent"
            )
    return out


def events(facts: Facts) -> pd.DataFrame:
    """One row per event with its wording, resolved dates and the sources that resolve it."""
    sources = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    cited = (
        facts.context.assign(publisher=facts.context.source_id.map(sources))
        .groupby("about_id")["publisher"]
        .apply(lambda s: "; ".join(dict.fromkeys(s)))
    )
    ev = facts.events
    return pd.DataFrame(
        {
            "id": ev.event_id,
            "event": ev.label,
            "wording": ev.exact,
            "start": ev.date_start,
            "end": ev.date_end
            + pd.Timedelta(days=1),  # exclusive end, so a one-day event has width
            "first_day": ev.date_start.dt.strftime("%a %d %b %Y"),
            "last_day": ev.date_end.dt.strftime("%a %d %b %Y"),
            "precision": ev.precision.astype(str),
            "resolution": ev.resolution.astype(str),
            "sources": ev.event_id.map(cited).fillna("the article itself"),
            "note": ev.note,
            "href": ev.event_id.map(href),
        }
    )


def statements(facts: Facts) -> pd.DataFrame:
    """One row per statement with its voice label, relay chain, date and length in words."""
    st = facts.statements
    ev = facts.events.set_index("event_id")
    chains = relay_chains(facts)
    labels = voice_labels(facts)
    return pd.DataFrame(
        {
            "id": st.statement_id,
            "voice": st.voice_id.astype(str),
            "voice_label": st.voice_id.astype(str).map(labels),
            "mode": st["mode"].astype(str),
            "text": st.exact,
            "chain": st.statement_id.map(chains),
            "date": st.event_id.map(ev.date_start).dt.strftime("%d %b %Y"),
            "date_precision": st.event_id.map(ev.precision).astype(str),
            "addresses": st.addresses,
            "start": st.start,
            "words": st.exact.map(lambda t: len(WORD.findall(t))),
            "href": st.statement_id.map(href),
        }
    )


def chain_paths(facts: Facts) -> pd.DataFrame:
    """Count statements along each distinct relay path, as (path, hop, position, actor, n), with
    the ids of the statements on it (``records``)."""
    names = actor_names(facts)
    hops = facts.relay_hops.sort_values(["statement_id", "position"])
    paths = hops.groupby("statement_id", sort=False)["actor_id"].apply(tuple)
    counts = Counter(paths)
    records = {p: " ".join(paths.index[paths == p]) for p in counts}
    rows = []
    for path, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        label = " → ".join(names[a] for a in path)
        # Align hops by role: speaker column 0, relay column 1, publisher column 2.
        cols = [0] + ([1] * (len(path) - 2)) + [2] if len(path) > 1 else [2]
        for a, col in zip(path, cols, strict=True):
            rows.append(
                {
                    "path": label,
                    "column": col,
                    "actor_id": a,
                    "actor": names[a],
                    "statements": n,
                    "records": records[path],
                }
            )
    return pd.DataFrame(rows)


def voice_share(facts: Facts) -> pd.DataFrame:
    """Words of the article per voice: direct quotations by their voice, everything else narration.

    Paraphrase counts as narration, because its words are the outlet's.
    """
    text = facts.article
    direct = [
        (int(r.start), int(r.end), str(r.voice_id), str(r.statement_id))
        for r in facts.statements.itertuples()
        if r.mode == "direct"
    ]
    spans = [(s, e, v) for s, e, v, _ in direct]
    counts: Counter[str] = Counter()
    for m in WORD.finditer(text):
        counts[voice_at(spans, m.start(), m.end())] += 1
    total = sum(counts.values())
    labels = voice_labels(facts)
    order = list(facts.voices.voice_id.astype(str))
    quoted = {v: " ".join(sid for _, _, voice, sid in direct if voice == v) for v in order}
    return pd.DataFrame(
        [
            {
                "voice": v,
                "voice_label": labels[v],
                "words": counts[v],
                "share": counts[v] / total,
                "records": quoted[v],  # the direct quotations counted ("" for the narration)
            }
            for v in order
            if counts[v]
        ]
    )


def term_usage(facts: Facts) -> pd.DataFrame:
    """Occurrences of each term per voice."""
    labels = voice_labels(facts)
    tm = facts.terms.assign(voice=facts.terms.voice_id.astype(str))
    out = (
        tm.groupby(["term", "voice", "loaded", "category"], observed=True)
        .agg(uses=("term_id", "size"), id=("term_id", "first"))
        .reset_index()
    )
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    out["category"] = out.category.astype(str)
    out["loaded"] = out.loaded.map({True: "loaded", False: "descriptive"})
    return out.sort_values(["voice", "term"]).reset_index(drop=True)


def alias_usage(facts: Facts, actor_ids: tuple[str, ...]) -> pd.DataFrame:
    """How each voice names the given actors: one row per (actor, alias, voice) with a count."""
    names = actor_names(facts)
    labels = voice_labels(facts)
    al = facts.aliases[facts.aliases.actor_id.isin(actor_ids)]
    out = (
        al.assign(voice=al.voice_id.astype(str), form=al.form.astype(str))
        .groupby(["actor_id", "exact", "voice", "form"], observed=True)
        .agg(uses=("alias_id", "size"), id=("alias_id", "first"))
        .reset_index()
        .rename(columns={"exact": "alias"})
    )
    out["actor"] = out.actor_id.map(names)
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    return out.sort_values(["actor_id", "voice", "alias"]).reset_index(drop=True)


def figure_bounds(facts: Facts) -> pd.DataFrame:
    """Count figures with the interval their hedge allows (upper: up to; lower: at least)."""
    fg = facts.figures[facts.figures.kind == "count"]
    labels = voice_labels(facts)
    rows = []
    for r in fg.itertuples():
        value = float(r.value)
        bound = str(r.bound)
        rows.append(
            {
                "id": r.figure_id,
                "as_printed": r.exact,
                "unit": r.unit,
                "value": value,
                "hedge": "" if pd.isna(r.hedge) else str(r.hedge),
                "bound": bound,
                "reading": {
                    "exact": "exactly",
                    "upper": "at most (just under)",
                    "lower": "at least (just over)",
                }[bound],
                "voice_label": labels[str(r.voice_id)],
                "note": r.note,
                "href": href(r.figure_id),
            }
        )
    return pd.DataFrame(rows)


def context_reports(facts: Facts, figure_id: str) -> pd.DataFrame:
    """What other reporting says about one figure, with the values it gives."""
    cx = facts.context[facts.context.about_id == figure_id]
    pub = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    url = dict(zip(facts.sources.source_id, facts.sources.url.fillna(""), strict=True))
    return pd.DataFrame(
        {
            "id": cx.context_id,
            "source": cx.source_id.map(pub),
            "url": cx.source_id.map(url),
            "stance": cx.stance.astype(str),
            "claim": cx.claim,
            "low": cx.value_min.astype(float),
            "high": cx.value_max.astype(float),
        }
    ).reset_index(drop=True)


def arithmetic(facts: Facts) -> pd.DataFrame:
    """Each declared check recomputed: the relation, its operands and whether it holds."""
    fg = facts.figures.set_index("figure_id")
    ev = facts.events.set_index("event_id")
    rows = []
    for ck in facts.checks.itertuples():
        ops = ck.operand_ids.split()
        if ck.kind == "sum":
            lhs = sum(float(fg.value[o]) for o in ops)
            rhs = float(fg.value[ck.result_id])
            relation = " + ".join(fg.exact[o] for o in ops) + f" = {fg.exact[ck.result_id]}"
        else:
            lhs = sum(float(fg.value[o]) * (7 if fg.unit[o] == "weeks" else 1) for o in ops)
            rhs = float((ev.date_end[ck.result_id] - ev.date_start[ck.result_id]).days + 1)
            relation = (
                f"{' + '.join(fg.exact[o] for o in ops)} = {lhs:g} days = "
                f"{ev.date_start[ck.result_id]:%d %b} to {ev.date_end[ck.result_id]:%d %b}"
            )
        rows.append(
            {
                "id": ck.check_id,
                "relation": relation,
                "holds": lhs == rhs,
                "note": ck.note,
                "records": " ".join([*ops, ck.result_id]),
            }
        )
    return pd.DataFrame(rows)


def network(facts: Facts, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node positions (deterministic spring layout) and edges for the actor network."""
    import networkx as nx

    rel = facts.relations
    graph = nx.Graph()
    used = sorted(set(rel.subject_id) | set(rel.object_id))
    graph.add_nodes_from(used)
    graph.add_edges_from(zip(rel.subject_id, rel.object_id, strict=True))
    # The layout also pulls together what the drawing does not show as edges: an actor and the body
    # it belongs to (actors.part_of), and the publisher and each voice it quotes (relay_hops). Without
    # them the outlet and the Israeli government float off as separate islands.
    layout = graph.copy()
    for child, parent in zip(facts.actors.actor_id, facts.actors.part_of, strict=True):
        if child in graph and isinstance(parent, str) and parent in graph:
            layout.add_edge(child, parent)
    for a, b in zip(
        facts.relay_hops.actor_id,
        facts.relay_hops.statement_id.map(
            dict(zip(facts.statements.statement_id, facts.statements.speaker_id, strict=True))
        ),
        strict=True,
    ):
        if a in graph and isinstance(b, str) and b in graph and a != b:
            layout.add_edge(a, b)
    start = nx.circular_layout(sorted(layout))
    pos = nx.spring_layout(layout, pos=start, seed=seed, k=0.55, iterations=300)
    names = actor_names(facts)
    kinds = dict(zip(facts.actors.actor_id, facts.actors.kind.astype(str), strict=True))
    degree = dict(graph.degree())
    nodes = pd.DataFrame(
        [
            {
                "actor_id": a,
                "actor": names[a],
                "kind": kinds[a],
                "x": round(float(pos[a][0]), 4),
                "y": round(float(pos[a][1]), 4),
                "relations": degree[a],
            }
            for a in used
        ]
    )
    labels = voice_labels(facts)
    edges = pd.DataFrame(
        {
            "id": rel.relation_id,
            "subject": rel.subject_id.map(names),
            "object": rel.object_id.map(names),
            "kind": rel.kind.astype(str),
            "relation": rel.kind.astype(str).str.replace("_", " "),
            "detail": rel.detail,
            "stated_by": rel.voice_id.astype(str).map(labels),
            "x": rel.subject_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y": rel.subject_id.map(lambda a: round(float(pos[a][1]), 4)),
            "x2": rel.object_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y2": rel.object_id.map(lambda a: round(float(pos[a][1]), 4)),
            "href": rel.relation_id.map(href),
        }
    )
    return nodes, edges


#: Where a node's name sits in the actor network: names near the left and right edges of the
#: drawing run inwards from their node, so that none runs off a narrow chart.
NETWORK_EDGE_SHARE = 0.15


def name_alignment(nodes: pd.DataFrame) -> pd.Series:
    """ "left", "right" or "center" for each node's name (see :data:`NETWORK_EDGE_SHARE`)."""
    edge = (nodes.x.max() - nodes.x.min()) * NETWORK_EDGE_SHARE
    return nodes.x.map(
        lambda x: (
            "left"
            if x < nodes.x.min() + edge
            else "right"
            if x > nodes.x.max() - edge
            else "center"
        )
    )


#: The narrowest drawing of the actor network, where names crowd most (a phone): plot size
#: in px, and the width of a character and the height of a line of its 9 px names.
PHONE_PLOT = {"width": 300.0, "height": 400.0, "char": 5.6, "line": 12.0}


def name_boxes(nodes: pd.DataFrame, under: pd.Series) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in px on a phone of each node's name, under the node where
    ``under`` is True and above it elsewhere."""
    size = PHONE_PLOT
    span_x = (nodes.x.max() - nodes.x.min()) or 1.0
    span_y = (nodes.y.max() - nodes.y.min()) or 1.0
    align = name_alignment(nodes)
    boxes = []
    for i in nodes.index:
        x = (nodes.x[i] - nodes.x.min()) / span_x * size["width"]
        y = (nodes.y.max() - nodes.y[i]) / span_y * size["height"]
        w = len(str(nodes.actor[i])) * size["char"]
        left = {"left": x, "right": x - w}.get(align[i], x - w / 2)
        top = y + 8 if under[i] else y - 13 - size["line"] / 2
        boxes.append((left, top, left + w, top + size["line"]))
    return boxes


def boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def names_below(nodes: pd.DataFrame) -> pd.Series:
    """True for each node whose name goes under it rather than above: greedily, from the top of
    the drawing down, a name that would overlap one already placed moves below its node, if
    that clears it. Measured for a phone (:data:`PHONE_PLOT`)."""
    above = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(False, index=nodes.index)), strict=True)
    )
    under = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(True, index=nodes.index)), strict=True)
    )
    placed: list[tuple[float, float, float, float]] = []
    below = pd.Series(False, index=nodes.index)
    for i in nodes.sort_values("y", ascending=False).index:
        if any(boxes_overlap(above[i], p) for p in placed) and not any(
            boxes_overlap(under[i], p) for p in placed
        ):
            below[i] = True
            placed.append(under[i])
        else:
            placed.append(above[i])
    return below


def voice_segments(facts: Facts) -> pd.DataFrame:
    """The article as a strip of runs in reading order: each direct quotation, and the narration
    between them, with its share of the text."""
    text = facts.article
    direct = sorted(
        (int(r.start), int(r.end), str(r.voice_id), r.statement_id)
        for r in facts.statements.itertuples()
        if r.mode == "direct"
    )
    labels = voice_labels(facts)
    rows, cursor = [], 0
    for s, e, voice, sid in direct:
        if s > cursor:
            rows.append((cursor, s, "narration", ""))
        rows.append((s, e, voice, sid))
        cursor = e
    if cursor < len(text):
        rows.append((cursor, len(text), "narration", ""))
    n = len(text)
    return pd.DataFrame(
        [
            {
                "from": round(100 * s / n, 2),
                "to": round(100 * e / n, 2),
                "voice": v,
                "voice_label": labels[v],
                "excerpt": text[s:e].strip()[:90] + ("…" if len(text[s:e].strip()) > 90 else ""),
                "id": sid,
                "href": href(sid) if sid else f"{ARTICLE_PAGE}#text",
            }
            for s, e, v, sid in rows
        ]
    )


#: The two clocks of the close-up, with their offsets from UTC in March 2025 (see closeup()).
CLOCKS = [("Israel and Gaza (UTC+2)", 2), ("New York, US Eastern (UTC−4)", -4)]


def local_time(moment: pd.Timestamp, offset: int) -> pd.Timestamp:
    """A UTC moment on a clock ``offset`` hours from UTC, as a naive timestamp."""
    return moment.tz_convert(None) + pd.Timedelta(hours=offset)


def closeup(facts: Facts, events_shown: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local calendar days (17 to 19 March 2025) in two time zones, and the moments to mark.

    Israel and Gaza were on UTC+2 until 28 March 2025; New York had moved to UTC-4 on 9 March.
    """
    zones = CLOCKS
    days = []
    for lane, offset in zones:
        for day in pd.date_range("2025-03-16", "2025-03-20", freq="D"):
            start = day - pd.Timedelta(hours=offset)
            days.append(
                {
                    "lane": lane,
                    "day": day.strftime("%a %d %b"),
                    "start": start,
                    "end": start + pd.Timedelta(days=1),
                    "parity": day.day % 2,
                }
            )
    ev = facts.events.set_index("event_id")
    moments = []
    for eid in events_shown:
        moment = ev.moment_utc.get(eid)
        if pd.isna(moment):
            continue
        for lane, offset in zones:
            local = local_time(moment, offset)
            moments.append(
                {
                    "id": eid,
                    "event": ev.label[eid],
                    "wording": ev.exact[eid],
                    "lane": lane,
                    "utc": moment.tz_convert(None),
                    "local": local.strftime("%a %d %b, %H:%M"),
                    "precision": str(ev.precision[eid]),
                    "href": href(eid),
                }
            )
    return pd.DataFrame(days), pd.DataFrame(moments)


# ---------------------------------------------------------------- words for chart descriptions
# Chart descriptions (the screen-reader text and the no-JS image's alt) are built from the data,
# so that a correction to a figure or a date can never leave a stale number in them.


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
    """One row of :func:`events` in words, with its precision: "Ground operations resume
    (19 March)", "PM's office statement (about 18 March)", "Israeli strikes begin (night of
    17 to 18 March)"."""
    span = day_span(row["start"], row["end"])
    prefix = {"approximate": "about ", "part_of_day": "night of "}.get(str(row["precision"]), "")
    return f"{row['event']} ({prefix}{span})"


def clock_sentences(moments: pd.DataFrame) -> str:
    """Each moment of :func:`closeup` on every clock, in words: "Israeli strikes begin: Tue 18
    Mar, 02:30 in Israel and Gaza (UTC+2), which was Mon 17 Mar, 20:30 in New York, US Eastern
    (UTC−4)." ("about" for an approximate time)."""
    sentences = []
    for _, rows in moments.groupby("id", sort=False):
        about = "about " if (rows.precision == "approximate").any() else ""
        times = [f"{about}{r.local} in {r.lane}" for r in rows.itertuples()]
        sentences.append(
            f"{rows.event.iloc[0]}: {times[0]}"
            + "".join(f", which was {t}" for t in times[1:])
            + "."
        )
    return " ".join(sentences)


def bounds_sentence(bounds: pd.DataFrame) -> str:
    """The rows of :func:`figure_bounds` in words, grouped by bound: "33, 25 and eight hostages
    are exact; “nearly 2,000” prisoners is drawn as an upper bound (...)"."""
    parts = []
    exact = bounds[bounds.bound == "exact"]
    for unit, rows in exact.groupby("unit", sort=False):
        verb = "is" if len(rows) == 1 else "are"
        parts.append(f"{listing(list(rows.as_printed))} {unit} {verb} exact")
    drawn = {
        "upper": "an upper bound (a left-pointing mark, the true value below it)",
        "lower": "a lower bound (a right-pointing mark, the true value above it)",
    }
    for r in bounds[bounds.bound != "exact"].itertuples():
        voice = "" if r.voice_label.endswith("(narration)") else f", inside the {r.voice_label},"
        parts.append(f"“{r.as_printed}” {r.unit}{voice} is drawn as {drawn[r.bound]}")
    return "; ".join(parts)


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number_words(value: float) -> str:
    """A count as a description prints it: 33, 2,000."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def axis_top(value: float, step: float) -> float:
    """The first multiple of ``step`` above ``value``: room to the right of the longest bar."""
    return step * (value // step + 1)

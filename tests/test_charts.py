"""Every chart on the site, checked through its Vega-Lite spec (``chart.to_dict()``).

Each public chart function in :mod:`explainer.views.charts` is discovered by introspection and must be named
in ``EXPECTED_CHARTS``, so a new chart cannot ship untested. All of them get the common checks (title,
description, data table, theme, strict JSON); each then gets checks of its own encodings and data.
The last section tests :mod:`explainer.views.render` on specs that carry a data table.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from chartspec import (
    all_rows,
    discover_charts,
    enc,
    mark_type,
    relay_views,
    title_text,
    tooltip_fields,
    views,
    walk,
)

from explainer.views import charts, prose, render, tables, theme
from explainer.views.charts import actors_page, words_page
from explainer.views.derive import graph, people, phrasing, quantities, relaying, roster

DATA = Path(__file__).resolve().parents[1] / "data"

EXPECTED_CHARTS = [
    "at_a_glance",
    "timeline",
    "timeline_closeup",
    "actor_network",
    "statements_by_voice",
    "relay_chains",
    "voice_share",
    "exchange",
    "figure_bounds",
    "figure_reports",
    "terms_by_voice",
    "aliases_by_voice",
]

# Charts that colour by voice; each must use the package's voice colours (theme.colours).
VOICE_CHARTS = {
    "at_a_glance",
    "statements_by_voice",
    "voice_share",
    "figure_bounds",
    "terms_by_voice",
    "aliases_by_voice",
}


CHARTS = discover_charts()


def read_csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def record_ids(facts) -> set[str]:
    """Every id that has an anchor on the annotated article page (records, context, sources)."""
    keys = {
        "statements": "statement_id",
        "relations": "relation_id",
        "events": "event_id",
        "aliases": "alias_id",
        "terms": "term_id",
        "figures": "figure_id",
        "notes": "note_id",
        "context": "context_id",
        "sources": "source_id",
    }
    return {str(i) for table, key in keys.items() for i in facts.tables[table][key]}


# ---------------------------------------------------------------- every chart


def test_every_chart_function_is_listed_here():
    assert CHARTS, "no chart functions discovered in explainer.views.charts"
    assert sorted(CHARTS) == sorted(EXPECTED_CHARTS), (
        f"new: {sorted(set(CHARTS) - set(EXPECTED_CHARTS))}, "
        f"gone: {sorted(set(EXPECTED_CHARTS) - set(CHARTS))}; add tests for new charts"
    )


def check_common(name: str, spec: dict) -> None:
    """What every chart carries: a title, a description, a data table whose caption is the
    title, the theme, marks, and JSON without NaN."""
    title = spec.get("title")
    assert isinstance(title, str | dict), f"{name}: title is {title!r}"
    assert title_text(title).strip(), f"{name}: empty title"
    description = spec.get("description", "")
    assert isinstance(description, str) and len(description.strip()) >= 40, (
        f"{name}: description too short: {description!r}"
    )
    table = spec.get("usermeta", {}).get(render.TABLE_KEY)
    assert table, f"{name}: no data table in usermeta"
    assert table["columns"] and all(len(c) == 2 and all(c) for c in table["columns"])
    assert len(table["rows"]) >= 1, f"{name}: data table has no rows"
    keys = [k for k, _ in table["columns"]]
    for row in table["rows"]:
        assert set(keys) <= set(row), f"{name}: row {row} lacks some of {keys}"
    assert table["caption"] == title_text(title)
    assert spec["config"]["background"] == theme.BACKGROUND
    json.dumps(spec, allow_nan=False)  # raises ValueError on NaN or infinity
    assert list(views(spec)), f"{name}: no marks found"


@pytest.mark.parametrize("name", CHARTS)
def test_chart_has_title_description_table_theme_and_strict_json(specs, name):
    check_common(name, specs[name])


# A second, small package: a short article of our own (docs/draft-example/), drafted by the
# draft command. Every chart is either drawn with all the common parts, or says in words what
# the package lacks; none fails.
EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "draft-example" / "article.txt"


@pytest.fixture(scope="module")
def example_facts(tmp_path_factory):
    import datetime as dt

    from explainer import load
    from explainer.draft import assemble, run

    out = tmp_path_factory.mktemp("example") / "package"
    meta = assemble.Meta(date=dt.date(2025, 3, 19), title="", outlet="The Riverside Courier")
    run.draft(EXAMPLE, out, meta)
    return load(out)


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_serves_a_second_small_package(example_facts, name):
    drawn = getattr(charts, name)(example_facts)
    if isinstance(drawn, tables.HTML):
        assert "explainer-absent" in drawn.markup and len(str(drawn)) > 60, drawn.markup
    else:
        check_common(name, drawn.to_dict())


def test_the_second_package_lists_its_actors_and_says_once_that_it_has_no_relations(
    example_facts,
):
    import html

    assert example_facts.tables["relations"].empty
    listed = str(tables.actors(example_facts))
    assert all(html.escape(name) in listed for name in example_facts.actors.name)
    assert str(tables.relations(example_facts)) == ""  # the diagram says it in words
    assert "explainer-absent" in charts.actor_network(example_facts).markup


def test_counts_printed_alike_get_rows_of_their_own(example_facts):
    """ "two" halves and "two" against: one row each, told apart by their units."""
    fb = quantities.figure_bounds(example_facts)
    printed = example_facts.figures.set_index("figure_id").exact
    assert (printed[fb.id] == "two").sum() == 2
    assert fb.as_printed.is_unique


@pytest.mark.parametrize("name", CHARTS)
def test_chart_links_point_at_records(specs, record_ids, name):
    """Every href a chart draws is a permalink to a record on the annotated article page."""
    for view, rows in views(specs[name]):
        field = enc(view, "href").get("field")
        if not field:
            continue
        for row in rows:
            target = row[field]
            assert target.startswith("article.html#"), f"{name}: {target!r}"
            anchor = target.split("#", 1)[1]
            assert anchor in record_ids | {"text"}, f"{name}: link to unknown record {anchor!r}"


# ---------------------------------------------------------------- voice colours


def test_voice_colours_are_distinct(facts):
    voices = theme.colours(facts).voices
    assert len(set(voices.values())) == len(voices) == len(facts.voices)


def test_voice_colours_default_to_the_palette_and_follow_a_package_override(facts):
    """Without colours of its own a package gets the accessible palette in voice order; with
    them, exactly those."""
    import copy

    bare = copy.copy(facts)
    bare.descriptor = {k: v for k, v in facts.descriptor.items() if k != "explainer"}
    computed = theme.colours(bare).voices
    others = [v for v in facts.voices.voice_id if v != "narration"]
    assert [computed[v] for v in others] == list(theme.PALETTE[: len(others)])
    assert computed["narration"] == theme.NARRATION_COLOR
    given = facts.descriptor["explainer"]["colors"]["voices"]
    assert theme.colours(facts).voices == {v: given[v] for v in facts.voices.voice_id}


def test_each_voice_keeps_its_colour_on_every_chart(specs, facts):
    voice_colours = theme.colours(facts).voices
    seen: dict[str, set[str]] = {}
    charts_with_voice = set()
    for name, spec in specs.items():
        for view, rows in views(spec):
            color = enc(view, "color")
            if color.get("field") != "voice_key":
                continue
            charts_with_voice.add(name)
            scale = color.get("scale") or {}
            domain, rng = scale.get("domain"), scale.get("range")
            assert domain and rng and len(domain) == len(rng), f"{name}: voice scale {scale}"
            for voice, colour in zip(domain, rng, strict=True):
                seen.setdefault(voice, set()).add(colour)
                assert colour == voice_colours[voice], f"{name}: {voice} drawn {colour}"
            present = {r["voice_key"] for r in rows if "voice_key" in r}
            assert present <= set(domain), f"{name}: voices {present - set(domain)} not in scale"
    assert charts_with_voice >= VOICE_CHARTS, f"missing: {VOICE_CHARTS - charts_with_voice}"
    # Every voice the article has is drawn somewhere, always in one colour.
    assert set(seen) == set(voice_colours)
    assert {v: sorted(c) for v, c in seen.items()} == {v: [voice_colours[v]] for v in seen}


@pytest.mark.parametrize("name", ["relay_chains"])
def test_speaking_actors_take_their_voice_colour(specs, facts, name):
    coloured = [
        row
        for view, rows in views(specs[name])
        if enc(view, "color").get("field") == "color"
        for row in rows
    ]
    assert coloured
    palette = theme.colours(facts)
    speakers = [r for r in coloured if r["actor_id"] in palette.speakers]
    assert {r["actor_id"] for r in speakers} >= {"hamas"}
    for row in coloured:
        # a relay the article does not name is no actor: it is drawn muted
        expected = theme.MUTED if row.get("unnamed") else palette.actor(row["actor_id"])
        assert row["color"] == expected
    for row in speakers:
        assert row["color"] == palette.voices[palette.speakers[row["actor_id"]]]


def test_a_renamed_legend_is_described_by_its_labels_not_its_codes(specs):
    """Read 7, m22: Vega describes a legend by its scale's values ("for fill color with 5
    values: narration, hamas, pmo"), the data's codes. A legend whose labels rename those values
    carries a description in the labels instead."""
    renamed = 0
    for name, spec in specs.items():
        for node in walk(spec):
            for channel in (node.get("encoding") or {}).values() if isinstance(node, dict) else []:
                legend = channel.get("legend") if isinstance(channel, dict) else None
                expr = str((legend or {}).get("labelExpr", ""))
                if not expr.endswith("[datum.value] || datum.value"):
                    continue
                names = json.loads(expr.split("[datum.value]")[0])
                described = legend.get("description", "")
                domain = [str(v) for v in channel["scale"]["domain"]]
                labels = [names.get(v, v) for v in domain]
                for value, label in zip(domain, labels, strict=True):
                    assert label in described, (name, label, described)
                    # A code that is no label's word ("part_of_day", "pmo") is not read out.
                    if not any(re.search(rf"\b{re.escape(value)}\b", x) for x in labels):
                        renamed += 1
                        assert not re.search(rf"\b{re.escape(value)}\b", described), (
                            name,
                            value,
                            described,
                        )
    assert renamed


def test_the_words_chart_names_which_terms_are_loaded(specs, facts):
    described = specs["terms_by_voice"]["description"]
    for term, loaded in people.term_usage(facts)[["term", "loaded"]].itertuples(index=False):
        assert f"“{term}” ({loaded})" in described, term


# ---------------------------------------------------------------- timeline


def test_timeline_encodings(specs, facts):
    spec = specs["timeline"]
    vs = list(views(spec))
    events = {r.event_id: r for r in facts.events.itertuples()}
    ranges = [v for v, _ in vs if mark_type(v) == "bar"]
    points = [v for v, _ in vs if mark_type(v) == "point"]
    assert ranges and points
    for view in ranges:
        assert enc(view, "x")["field"] == "start" and enc(view, "x")["type"] == "temporal"
        assert enc(view, "x2")["field"] == "end"
    for view in points:
        assert enc(view, "x")["field"] == "start" and enc(view, "x")["type"] == "temporal"
        assert enc(view, "shape")["field"] == "precision"
        assert enc(view, "shape")["scale"]["domain"] == list(theme.PRECISION_SHAPES)
    for view in ranges + points:
        color = enc(view, "color")
        assert color["field"] == "resolution"
        assert color["scale"]["domain"] == list(theme.RESOLUTION_COLORS)
        assert color["scale"]["range"] == list(theme.RESOLUTION_COLORS.values())
        assert "wording" in tooltip_fields(view)
        assert enc(view, "href")["field"] == "href"
    # Every event but Ramadan is a bar or a point, with the article's words verbatim.
    marked = [row for view, rows in vs if mark_type(view) in ("bar", "point") for row in rows]
    assert sorted(r["id"] for r in marked) == sorted(e for e in events if e != "ev_ramadan")
    for row in marked + [r for v, rows in vs for r in rows if r["id"] == "ev_ramadan"]:
        ev = events[row["id"]]
        assert row["wording"] == ev.exact == facts.article[ev.start : ev.end]
        assert row["href"] == f"article.html#{row['id']}"


def test_the_timeline_axis_holds_every_mark_and_band(specs):
    """Read 7, m19: Ramadan's band (to 29 March) was cut where the events ended (about 23 March).
    The time axis runs from before every start to past every end, bands included."""
    vs = list(views(specs["timeline"]))
    domains = [
        enc(v, "x")["scale"]["domain"] for v, _ in vs if enc(v, "x").get("scale", {}).get("domain")
    ]
    assert domains
    low, high = min(d[0] for d in domains), max(d[1] for d in domains)
    rows = [r for v, rs in vs if mark_type(v) in ("rect", "bar", "point") for r in rs]
    assert any(mark_type(v) == "rect" for v, _ in vs)
    for row in rows:
        assert low <= row["start"][:10], row["id"]
        end = row.get("end") or row["start"]
        # A band or bar's end is exclusive (the day after its last day); the axis reaches it.
        assert end[:10] <= high, (row["id"], end, high)


def test_timeline_zooms_and_pans(specs):
    params = [p for node in walk(specs["timeline"]) for p in node.get("params", [])]
    zoom = [p for p in params if p.get("bind") == "scales"]
    assert zoom, f"no scale-bound selection in {params}"
    assert zoom[0]["select"]["type"] == "interval"


# ---------------------------------------------------------------- actors


def _network(facts):
    spec = charts.actor_network(facts).to_dict()
    nodes = [r for v, rows in views(spec) if mark_type(v) == "circle" for r in rows]
    edges = [r for v, rows in views(spec) if mark_type(v) == "rule" for r in rows]
    return nodes, edges


def test_actor_network_layout_is_deterministic(facts):
    first, _ = _network(facts)
    second, _ = _network(facts)
    assert first
    assert {n["actor_id"]: (n["x"], n["y"]) for n in first} == {
        n["actor_id"]: (n["x"], n["y"]) for n in second
    }


def test_actor_network_draws_every_relation(facts):
    nodes, edges = _network(facts)
    assert sorted(e["id"] for e in edges) == sorted(facts.relations.relation_id)
    at = {n["actor"]: (n["x"], n["y"]) for n in nodes}
    names = dict(zip(facts.actors.actor_id, facts.actors.name, strict=True))
    for rel in facts.relations.itertuples():
        edge = next(e for e in edges if e["id"] == rel.relation_id)
        assert (edge["subject"], edge["object"]) == (names[rel.subject_id], names[rel.object_id])
        assert (edge["x"], edge["y"]) == at[edge["subject"]]
        assert (edge["x2"], edge["y2"]) == at[edge["object"]]
        assert edge["kind"] == rel.kind


def test_actor_network_draws_relations_between_the_same_actors_side_by_side(facts):
    _, edges = _network(facts)
    pairs: dict[frozenset, list[dict]] = {}
    for edge in edges:
        pairs.setdefault(frozenset((edge["subject"], edge["object"])), []).append(edge)
    shared = [rows for rows in pairs.values() if len(rows) > 1]
    assert shared, "the article relates some pair of actors more than once"
    for rows in shared:
        drawn = {(e["lx"], e["ly"], e["lx2"], e["ly2"]) for e in rows}
        assert len(drawn) == len(rows), f"lines drawn on top of each other: {rows}"
        for e in rows:  # each still runs from near its subject to near its object
            assert abs(e["lx"] - e["x"]) + abs(e["ly"] - e["y"]) < 0.1
            assert abs(e["lx2"] - e["x2"]) + abs(e["ly2"] - e["y2"]) < 0.1
    for rows in pairs.values():
        if len(rows) == 1:
            (e,) = rows
            assert (e["lx"], e["ly"], e["lx2"], e["ly2"]) == (e["x"], e["y"], e["x2"], e["y2"])


def test_actor_network_parallel_lines_stay_apart_on_a_phone(facts):
    """Read 4, m12: relations between the same two actors were stacked so close at 390 px that
    their colours and arrows could not be read. Neighbouring lines keep at least twice their
    stroke's width apart in a phone's plot (taken as 300 px across the layout's width)."""
    import itertools

    _, edges = _network(facts)
    xs = [e[k] for e in edges for k in ("x", "x2")]
    px = 300 / (max(xs) - min(xs))
    spec = charts.actor_network(facts).to_dict()
    stroke = max(
        v["mark"].get("strokeWidth", 1)
        for v, _ in views(spec)
        if mark_type(v) == "rule" and isinstance(v.get("mark"), dict)
    )
    pairs: dict[frozenset, list[dict]] = {}
    for edge in edges:
        pairs.setdefault(frozenset((edge["subject"], edge["object"])), []).append(edge)
    checked = 0
    for rows in (r for r in pairs.values() if len(r) > 1):
        mids = [((e["lx"] + e["lx2"]) / 2, (e["ly"] + e["ly2"]) / 2) for e in rows]
        for (ax, ay), (bx, by) in itertools.combinations(mids, 2):
            checked += 1
            apart = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 * px
            assert apart >= 2 * stroke - 0.01, (rows[0]["subject"], rows[0]["object"], apart)
    assert checked


def test_actor_network_shows_each_relations_direction(facts):
    """An arrowhead on every relation, most of the way from its subject to its object, turned
    on screen by the line's own angle; the actors are one neutral colour (m31, M7, M8)."""
    spec = charts.actor_network(facts).to_dict()
    heads = [
        (v, rows)
        for v, rows in views(spec)
        if mark_type(v) == "point" and (v["mark"].get("shape") == "triangle-up")
    ]
    assert len(heads) == 1, "one layer of arrowheads"
    view, rows = heads[0]
    assert "atan2" in view["mark"]["angle"]["expr"]
    assert sorted(r["id"] for r in rows) == sorted(facts.relations.relation_id)
    [calc] = [t for t in view.get("transform", []) if "calculate" in t and t["as"] == "hx"]
    assert str(actors_page.ARROW_AT) in calc["calculate"] and actors_page.ARROW_AT > 0.5
    nodes, _ = _network(facts)
    assert {n["color"] for n in nodes} == {actors_page.NODE_COLOUR}


def _categorical_colours(spec: dict) -> set[str]:
    """Every colour a chart's marks encode: colour, fill and stroke scales' ranges and values,
    the colours in data its marks take as is (scale null), and non-text marks' own colours."""
    found: set[str] = set()
    for view, rows in views(spec):
        mark = view.get("mark")
        mark = mark if isinstance(mark, dict) else {"type": mark}
        if mark.get("type") != "text":
            found |= {mark[k] for k in ("color", "fill", "stroke") if isinstance(mark.get(k), str)}
        for channel in ("color", "fill", "stroke"):
            e = enc(view, channel)
            scale = e.get("scale", {})
            if isinstance(scale, dict) and isinstance(scale.get("range"), list):
                found |= {c for c in scale["range"] if isinstance(c, str)}
            if isinstance(e.get("value"), str):
                found.add(e["value"])
            if isinstance(e.get("condition"), dict) and isinstance(
                e["condition"].get("value"), str
            ):
                found.add(e["condition"]["value"])
            if "scale" in e and e["scale"] is None and e.get("field"):
                found |= {r[e["field"]] for r in rows if isinstance(r.get(e["field"]), str)}
    return {c.lower() for c in found if c.startswith("#")} - {"#ffffff", "#fff"}


#: The most categorical colours a chart may use: more, and readers stop telling them apart.
MAX_COLOURS = 8


def test_no_chart_uses_more_than_eight_categorical_colours(specs):
    counts = {name: sorted(_categorical_colours(spec)) for name, spec in specs.items()}
    assert all(counts.values()), "the rule found no colours at all"
    over = {name: c for name, c in counts.items() if len(c) > MAX_COLOURS}
    assert not over, over


def test_the_colour_count_fails_a_chart_of_nine_colours():
    rows = [{"c": f"#00000{i}"} for i in range(9)]
    spec = {
        "data": {"values": rows},
        "mark": "point",
        "encoding": {"color": {"field": "c", "scale": None}},
    }
    assert len(_categorical_colours(spec)) == 9


def test_actor_network_colours_families_of_relations_not_kinds(facts):
    spec = charts.actor_network(facts).to_dict()
    (view, rows), *_ = [(v, r) for v, r in views(spec) if mark_type(v) == "rule"]
    color = enc(view, "color")
    assert color["field"] == "family"
    assert len(color["scale"]["domain"]) <= theme.MAX_RELATION_FAMILIES + 1
    assert len({r["kind"] for r in rows}) > len(color["scale"]["domain"])
    named = facts.descriptor["explainer"]["relation_families"]
    for row in rows:
        assert row["kind"] in named[row["family"]]


# ---------------------------------------------------------------- statements


def test_statements_by_voice(specs, facts):
    spec = specs["statements_by_voice"]
    params = [p for node in walk(spec) for p in node.get("params", [])]
    legend = [p for p in params if p.get("bind") == "legend"]
    assert len(legend) == 1
    assert legend[0]["select"]["type"] == "point"
    assert legend[0]["select"]["fields"] == ["voice_key"]
    (view, rows), *rest = list(views(spec))
    assert not rest, "one mark layer: one mark per statement"
    assert enc(view, "opacity")["condition"]["param"] == legend[0]["name"]
    assert len(rows) == len(facts.statements)
    assert sorted(r["id"] for r in rows) == sorted(facts.statements.statement_id)
    color = enc(view, "color")
    assert color["field"] == "voice_key"
    assert dict(zip(color["scale"]["domain"], color["scale"]["range"], strict=True)) == {
        v: theme.colours(facts).voices[v] for v in {r["voice"] for r in rows}
    }
    # Tooltip text is verbatim.
    exact = dict(zip(facts.statements.statement_id, facts.statements.exact, strict=True))
    assert "text" in tooltip_fields(view)
    assert all(r["text"] == exact[r["id"]] for r in rows)


def test_a_relay_the_article_does_not_state_is_never_drawn_as_stated(specs, facts):
    """An inferred hop is a dashed link and a hollow dot, and says "our inference" in words, in
    the chart and in its table; a stated one is neither. Counts come from relay_hops."""

    spec = specs["relay_chains"]
    links, hops = relay_views(spec)
    inferred = facts.relay_hops[facts.relay_hops["basis"] == "inferred"]
    assert len(inferred) >= 1
    names = roster.actor_names(facts)
    chains = relaying.relay_chains(facts)
    for hop in facts.relay_hops.itertuples():
        marked = f"{names[hop.actor_id]} ({relaying.INFERRED_MARK})"
        assert (marked in chains[hop.statement_id]) == (hop.basis == "inferred"), hop
    # dots: filled for stated hops, hollow for inferred ones and for a relay the article does
    # not name, which says so in words
    for view, rows in hops:
        filled = mark_type(view) == "circle"
        for row in rows:
            assert (row["inferred"] or row["unnamed"]) is (not filled), row
            assert row["actor"].endswith(f"({relaying.INFERRED_MARK})") == row["inferred"], row
            unnamed = {relaying.UNNAMED_RELAY, relaying.UNNAMED_SPEAKER}
            assert (row["actor"] in unnamed) == row["unnamed"], row
    # links: dashed where a hop at either end is inferred, dotted where the article names no
    # relay, solid only where the article names both hops; each dash in the legend
    (view, rows), *_ = links
    dash = enc(view, "strokeDash")
    dashes = dict(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
    words = relaying.LINK_WORDS
    assert dashes[words["named"]] == [1, 0]
    assert len({tuple(d) for d in dashes.values()}) == 3
    assert {r["link"] for r in rows if relaying.INFERRED_MARK in r["path"]} == {words["inferred"]}
    assert {r["link"] for r in rows if relaying.UNNAMED_RELAY in r["path"]} == {words["unnamed"]}
    assert {
        r["link"]
        for r in rows
        if relaying.INFERRED_MARK not in r["path"] and relaying.UNNAMED_RELAY not in r["path"]
    } <= {words["named"]}
    # one measure: every quoted speaker's chain has a relay hop, named, inferred or not named
    for chain in relaying.relay_chains(facts).values():
        assert chain.count(" → ") != 1, chain
    # the description's counts are relay_hops' counts, never typed
    relays = facts.relay_hops[facts.relay_hops["role"] == "relay"]
    n_inferred = relays[relays["basis"] == "inferred"].statement_id.nunique()
    n_named = relays[relays["basis"] != "inferred"].statement_id.nunique()
    words = spec["description"]
    assert f"names the relay of {phrasing.count_words(n_named)} statement records" in words
    assert f"for {phrasing.count_words(n_inferred)} more, the relay is our inference" in words
    # ... and the prose's counts add up to every statement record (read 6, m11: 4 + 5 + 11 of 21)
    summary = relaying.relay_summary(facts)
    counted = sum(summary["named"].values()) + sum(summary["inferred"].values())
    assert counted + summary["none"] == len(facts.statements)
    assert f"for the other {phrasing.count_words(summary['none'])}," in words
    table = spec["usermeta"][render.TABLE_KEY]["rows"]
    for row in table:
        ids = row["records"].split()
        assert all(
            (relaying.INFERRED_MARK in chains[i]) == (relaying.INFERRED_MARK in row["path"])
            for i in ids
        )


def _independent_word_counts(article: str) -> Counter:
    """Words per voice, from the article text and the direct quotations' spans in statements.csv."""
    owner = ["narration"] * len(article)
    direct = [r for r in read_csv("statements.csv") if r["mode"] == "direct"]
    # Paint the longest spans first, so an inner quotation wins over the one containing it.
    for row in sorted(direct, key=lambda r: int(r["start"]) - int(r["end"])):
        start, end = int(row["start"]), int(row["end"])
        assert article[start:end] == row["exact"]
        owner[start:end] = [row["voice_id"]] * (end - start)
    counts: Counter = Counter()
    for match in re.finditer(r"\w+(?:['’-]\w+)*", article):
        voices = set(owner[match.start() : match.end()])
        counts[voices.pop() if len(voices) == 1 else "narration"] += 1
    return counts


def test_voice_share_sums_to_one_and_matches_word_counts(specs, article):
    rows = all_rows(specs["voice_share"])
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    expected = _independent_word_counts(article)
    assert {r["voice"]: r["words"] for r in rows} == {v: n for v, n in expected.items() if n}
    total = sum(expected.values())
    for row in rows:
        assert row["share"] == pytest.approx(expected[row["voice"]] / total)
    # The table shows the same numbers, in percent.
    table = specs["voice_share"]["usermeta"][render.TABLE_KEY]["rows"]
    assert {r["words"] for r in table} == {r["words"] for r in rows}


# ---------------------------------------------------------------- numbers


# ---------------------------------------------------------------- words


def test_terms_by_voice_covers_every_term(specs):
    terms = read_csv("terms.csv")
    rows = [
        r for v, rows in views(specs["terms_by_voice"]) if mark_type(v) == "point" for r in rows
    ]
    assert {r["term"] for r in rows} == {t["term"] for t in terms}
    assert {(r["term"], r["voice"]): r["uses"] for r in rows} == dict(
        Counter((t["term"], t["voice_id"]) for t in terms)
    )
    loaded = {t["term"]: t["loaded"] == "true" for t in terms}
    for row in rows:
        assert row["loaded"] == people.LOADED_WORDS[bool(loaded[row["term"]])]
    # the marks show which terms are loaded (filled) and which not (hollow), with a legend
    [view] = [v for v in views(specs["terms_by_voice"]) if mark_type(v[0]) == "point"]
    shape = enc(view[0], "shape")
    assert shape["field"] == "loaded" and shape["title"] == words_page.LOADED_TITLE
    assert (
        shape["scale"]["range"] == ["circle", words_page.NOT_LOADED_SHAPE]
        and shape.get("legend") is not None
    )
    titles = {t.get("title") for t in enc(view[0], "tooltip")}
    assert words_page.LOADED_TITLE in titles and "Site's own voice" not in titles


def test_aliases_by_voice_names(specs):
    rows = all_rows(specs["aliases_by_voice"])
    by_alias = {(r["alias"], r["voice"]) for r in rows}
    assert {
        ("the coastal enclave", "narration"),
        ("the Palestinian territory", "hamas"),
        ("the coastal strip", "hamas"),
        ("Jerusalem", "narration"),  # Katz paraphrased: the words are the outlet's
    } <= by_alias


# ---------------------------------------------------------------- render


HOSTILE = "</script><img src=x onerror=alert(1)>"


def _table_spec(text: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": "A chart",
        "description": "A test chart with a data table in usermeta, and hostile data.",
        "data": {"values": [{"id": "st_q01", "label": text, "value": 1}]},
        "mark": "bar",
        "encoding": {"x": {"field": "label", "type": "nominal"}},
        "usermeta": {
            render.TABLE_KEY: {
                "caption": f"Caption {text}",
                "columns": [["id", "Record"], ["label", "Label"], ["value", "Value"]],
                "rows": [{"id": "st_q01", "label": text, "value": 1}],
            },
            "other": "kept",
        },
    }


def _json_block(fragment: str) -> str:
    match = re.search(
        r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>',
        fragment,
        re.DOTALL,
    )
    assert match, fragment
    return match.group(1)


def test_render_turns_usermeta_table_into_details_and_drops_it_from_json():
    spec = _table_spec("a < b & c")
    fragment = render.spec_to_html(spec)
    soup = BeautifulSoup(fragment, "html.parser")
    details = soup.select("details.chart-data")
    assert len(details) == 1
    assert "Caption a < b & c" in details[0].summary.get_text()
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in details[0].select("tbody tr")]
    assert cells == [["st_q01", "a < b & c", "1"]]
    assert details[0].select_one("td a")["href"] == "article.html#st_q01"
    assert "<td>a &lt; b &amp; c</td>" in fragment
    embedded = json.loads(_json_block(fragment))
    assert render.TABLE_KEY not in json.dumps(embedded)
    assert embedded["usermeta"] == {"other": "kept"}
    assert embedded["data"] == spec["data"]


def test_render_real_chart_table_matches_its_rows(facts):
    spec = charts.voice_share(facts).to_dict()
    fragment = render.spec_to_html(spec)
    soup = BeautifulSoup(fragment, "html.parser")
    rows = soup.select("details.chart-data tbody tr")
    assert len(rows) == len(spec["usermeta"][render.TABLE_KEY]["rows"])
    assert "usermeta" not in json.loads(_json_block(fragment))


def test_render_escapes_hostile_data_in_json_and_table():
    fragment = render.spec_to_html(_table_spec(HOSTILE))
    block = _json_block(fragment)
    assert "<" not in block and ">" not in block
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in block
    assert json.loads(block)["data"]["values"][0]["label"] == HOSTILE
    assert fragment.count("</script>") == 1
    assert f"<td>{html.escape(HOSTILE)}</td>" in fragment
    assert "<img src=x" not in fragment
    soup = BeautifulSoup(fragment, "html.parser")
    assert not [img for img in soup.find_all("img") if img.get("src") == "x"]
    assert [td.get_text() for td in soup.select("details td")][1] == HOSTILE


# ---------------------------------------------------------------------------------------
# Descriptions follow the data: a correction can leave no stale number or date in a chart's
# screen-reader text, subtitle or axes.


@pytest.fixture(scope="module")
def corrected(facts):
    """The facts with figures and dates changed in memory, as a correction would change them."""
    from explainer.package.facts import Facts

    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    fg = tables["figures"]
    for figure_id, exact, value in [
        ("fg_hostages_alive", "24", 24.0),
        ("fg_hostages_deceased", "nine", 9.0),
        ("fg_prisoners", "nearly 1,800", 1800.0),
    ]:
        fg.loc[fg.figure_id == figure_id, ["exact", "value"]] = [exact, value]
    ev = tables["events"]
    for column in ("date_start", "date_end"):
        ev.loc[ev.event_id == "ev_ground_ops", column] = pd.Timestamp("2025-03-21")
    ev.loc[ev.event_id == "ev_strikes", "moment_utc"] = pd.Timestamp("2025-03-18T00:10Z")
    # ... and the context claims that give the time say the new one (the validator checks that
    # a claim's time of day is the event's moment).
    cx = tables["context"]
    cx["claim"] = cx.claim.str.replace("02:30", "02:10").str.replace("20:30", "20:10")
    return Facts(facts.article, facts.descriptor, tables)


def _words(spec: dict) -> str:
    title = spec["title"]
    subtitle = title.get("subtitle", "")
    return " ".join([spec["description"], *([subtitle] if isinstance(subtitle, str) else subtitle)])


def test_hostage_chart_text_and_axes_follow_the_figures(corrected):
    spec = charts.exchange(corrected).to_dict()
    words = _words(spec)
    assert "24 alive and nine deceased" in words and "“nearly 1,800”" in words, words
    assert "“nearly 1,800” an upper bound" in words and "0–1,900 axis" in words, words
    assert not re.search(r"\b25\b|\b8 deceased|2,000|2,100", words), words
    domains = [c["layer"][0]["encoding"]["x"]["scale"]["domain"] for c in spec["vconcat"]]
    assert domains == [[0, 1900], [0, 1900]]


def test_bounds_chart_text_follows_the_figures(corrected):
    words = _words(charts.figure_bounds(corrected).to_dict())
    assert "33, 24 and nine hostages are exact" in words, words
    assert "“nearly 1,800” prisoners is drawn as an upper bound" in words, words
    assert "2,000" not in words


def test_the_axis_a_subtitle_states_is_the_axis_drawn(facts):
    """Read 6, m11: the exchange chart said "a 0–2,100 axis" while Vega rounded the drawn axis
    (and its screen-reader label) up to 2,200. A scale whose domain the text states is not
    rounded again."""
    spec = charts.exchange(facts).to_dict()
    for scale in (c["layer"][0]["encoding"]["x"]["scale"] for c in spec["vconcat"]):
        assert scale.get("nice") is False, scale
        assert f"0–{phrasing.number_words(scale['domain'][1])} axis" in _words(spec)


def test_the_bounds_legend_lists_only_bounds_drawn_and_round_axis_ends(facts):
    """Read 6, m11: the legend listed "approximate", which no mark used, and the log axis's
    screen-reader label read "values from 3.07692307692"."""
    spec = charts.figure_bounds(facts).to_dict()
    drawn = {row["bound"] for row in all_rows(spec) if "bound" in row}
    for view, _ in views(spec):
        shape = enc(view, "shape")
        if shape:
            assert set(shape["scale"]["domain"]) == drawn
        x = enc(view, "x").get("scale", {})
        for end in x.get("domain", []):
            assert float(f"{end:.2g}") == end, end


def test_position_charts_keep_their_end_label_and_part_their_marks(facts):
    """Read 6, m12: "100" was cut at the right edge of both position charts; in "Who said what"
    paraphrase squares covered the quotations inside them, and "size is length in words" had no
    legend."""
    for spec in (charts.at_a_glance(facts).to_dict(), charts.statements_by_voice(facts).to_dict()):
        for view, _ in views(spec):
            assert enc(view, "x")["axis"]["labelFlush"] is True
    [view] = [v for v, _ in views(charts.statements_by_voice(facts).to_dict())]
    assert enc(view, "yOffset")["field"] == "mode"
    assert enc(view, "size")["legend"]["values"]


def test_a_bound_leaves_its_open_side_empty_and_draws_it_dashed(facts):
    """Read 6, m10: "From Tue 18 Mar 2025" for a date known only to be no later than 18 March,
    and a ◀ with no dash, unlike the hedge chart. The open side is empty in the table and dashed
    in the chart."""
    from explainer.views.derive import timing

    ev = timing.events(facts)
    upper = ev[ev.precision == "upper_bound"]
    assert not upper.empty
    assert (upper.first_day == "").all() and (upper.last_day != "").all()
    assert (ev[ev.precision != "upper_bound"].first_day != "").all()
    spec = charts.timeline(facts).to_dict()
    rows = {r["id"]: r for r in spec["usermeta"][render.TABLE_KEY]["rows"]}
    assert all(rows[i]["first_day"] == "" for i in upper.id)
    dashed = {
        r["id"]
        for view, data in views(spec)
        if mark_type(view) == "rule" and view["mark"].get("strokeDash")
        for r in data
    }
    assert dashed == set(upper.id)


def test_a_date_the_article_prints_in_part_has_a_colour_of_its_own(facts):
    """Read 6, m10: "Phase one begins" ("Jan. 19", the year from other reporting) was coloured
    "from other reporting" like a date the article does not print at all."""
    from explainer.views.derive import timing

    how = timing.dating(facts)
    ev = timing.events(facts)
    in_part = {r.id for r in ev.itertuples() if "stated in the article; the year" in how[r.id]}
    assert in_part
    assert set(ev.id[ev.resolution == timing.STATED_IN_PART]) == in_part
    assert timing.STATED_IN_PART in theme.RESOLUTION_COLORS
    assert timing.STATED_IN_PART in timing.RESOLUTION_NAMES


def test_timeline_text_and_axis_follow_the_dates(corrected):
    spec = charts.timeline(corrected).to_dict()
    assert "Ground operations resume (21 March; from other reporting)" in spec["description"]
    assert "to 21 March 2025" in spec["description"]
    assert "19 March" not in spec["description"].replace("17 to 18 March", "")
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    # The events end on 21 March now; Ramadan's band, to 29 March, sets the axis's end (m19).
    assert domain == ["2025-01-15", "2025-04-02"]


def test_closeup_text_follows_the_moments(corrected):
    words = _words(charts.timeline_closeup(corrected).to_dict())
    assert "Tue 18 Mar, 02:10 in Israel/Gaza time (UTC+2)" in words, words
    assert "Mon 17 Mar, 20:10 in New York" in words and "02:30" not in words, words


# ---------------------------------------------------------------------------------------
# The actor network's names do not overlap on a phone


def _boxes(nodes, below):
    from explainer.views.derive import graph

    return graph.name_boxes(nodes, below)


def test_a_name_that_would_overlap_another_goes_under_its_node():
    from explainer.views.derive import graph

    nodes = pd.DataFrame(
        {
            "actor": ["Alpha Alpha", "Beta Beta", "Far away"],
            "x": [0.0, 0.05, 1.0],
            "y": [1.0, 0.99, 0.0],
        }
    )
    below = graph.names_below(nodes)
    assert list(below) == [False, True, False]
    apart = nodes.assign(y=[1.0, 0.5, 0.0])
    assert not graph.names_below(apart).any()


def test_no_two_actor_names_overlap_on_a_phone(facts):
    from explainer.views.derive import graph

    nodes, _ = graph.network(facts)
    boxes = _boxes(nodes, graph.names_below(nodes))
    clashes = [
        (nodes.actor[i], nodes.actor[j])
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if graph.boxes_overlap(boxes[i], boxes[j])
    ]
    assert not clashes
    # Without moving any name under its node, some would overlap: the test can fail.
    unmoved = _boxes(nodes, pd.Series(False, index=nodes.index))
    assert any(
        graph.boxes_overlap(unmoved[i], unmoved[j])
        for i in range(len(unmoved))
        for j in range(i + 1, len(unmoved))
    )


def test_an_actor_without_a_bloc_takes_the_colour_of_the_actor_it_belongs_to():
    blocs = {"state": "#8e4585"}
    colours = theme.Colours(
        {}, blocs, {"state": "state"}, {}, {"a_unit": "a_ministry", "a_ministry": "state"}
    )
    assert colours.actor("a_unit") == "#8e4585"
    assert theme.Colours({}, blocs, {}, {}, {}).actor("a_unit") == theme.NEUTRAL
    assert theme.Colours({}, blocs, {}, {}, {"loop": "loop"}).actor("loop") == theme.NEUTRAL


# ---------------------------------------------------------------------------------------
# No string in the code that writes chart text or page prose states a count or a date by hand
# (the corrected-data tests above check that the ones computed follow the data).

HAND_TYPED = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|half|dozen|twice|January|February|March|April|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)


def typed_strings(source: str) -> list[str]:
    """String constants of ``source`` (docstrings aside) that state a count or a date."""
    import ast

    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HAND_TYPED.search(node.value)
    ]


def test_the_typed_string_finder_finds_counts_and_dates():
    code = 'def f():\n    "Docstring of 19 March."\n    return "ten passages" + "x" + "in 2025"\n'
    assert sorted(t.split(": ", 1)[1] for t in typed_strings(code)) == [
        "'in 2025'",
        "'ten passages'",
    ]


VIEWS = Path(prose.__file__).parent


@pytest.mark.parametrize(
    "module",
    ["prose.py", *sorted(p.relative_to(VIEWS).as_posix() for p in (VIEWS / "charts").glob("*.py"))],
)
def test_no_chart_or_prose_string_states_a_count_or_a_date_by_hand(module):
    source = (VIEWS / module).read_text(encoding="utf-8")
    assert typed_strings(source) == []


def test_relation_families_without_a_packages_own_are_one_per_kind_then_other(facts):
    from explainer.package.facts import Facts

    explainer = {k: v for k, v in facts.descriptor["explainer"].items() if k != "relation_families"}
    bare = Facts(facts.article, {**facts.descriptor, "explainer": explainer}, facts.tables)
    kinds = facts.relations.kind.astype(str)
    counts = kinds.value_counts()
    assert len(counts) > 7
    families = graph.relation_families(bare, 7)
    assert set(families) == set(kinds)
    own = {f for f in families.values() if f != graph.OTHER_RELATIONS}
    assert len(own) == 7 and graph.OTHER_RELATIONS in families.values()
    for kind, family in families.items():  # the most frequent kinds keep their own, in words
        if family != graph.OTHER_RELATIONS:
            assert family == kind.replace("_", " ")
            assert counts[kind] >= max(
                counts[k] for k, f in families.items() if f == graph.OTHER_RELATIONS
            )
    # Room for every kind: no "other".
    assert graph.OTHER_RELATIONS not in graph.relation_families(bare, len(counts)).values()


@pytest.mark.parametrize("name", CHARTS)
def test_no_chart_of_a_small_package_draws_an_empty_layer(example_facts, name):
    """An empty layer (no range event, no inferred hop) is drawn as an unnamed graphics group,
    an image with no text to a screen reader (axe svg-img-alt, seen on real drafts)."""
    drawn = getattr(charts, name)(example_facts)
    if isinstance(drawn, tables.HTML):
        return
    spec = drawn.to_dict()
    datasets = spec.get("datasets") or {}
    empty = [
        node.get("mark")
        for node in walk(spec)
        for node in node.get("layer", [])
        if datasets.get((node.get("data") or {}).get("name"), [1]) == []
    ]
    assert empty == [], f"{name}: layers with no data: {empty}"


def test_a_voice_present_is_never_described_as_none_percent(specs):
    """Read 4, m13: the voice-share description said "0% (one word)" where the strip said
    "<1%": every chart's description writes a present voice's share with phrasing.percent."""
    import re

    for name, spec in specs.items():
        description = spec.get("description", "")
        zero = re.findall(r"\b0% \((?!no )[^)]*\)", description)
        assert not zero, f"{name}: {zero}"


#: Tooltip titles that name whose words a mark shows.
VOICE_TITLES = {"Voice", "Used by", "Stated by", "Asserted by"}
#: Charts whose marks are a voice's totals, not its records: voice share sums a voice's words
#: over all its routes, which the relay chart beside it draws one by one.
VOICE_TOTALS = {"voice_share"}


@pytest.mark.parametrize("name", sorted(set(CHARTS) - VOICE_TOTALS))
def test_every_mark_that_names_a_voice_names_its_relay_chain(specs, name):
    """Read 7, M2: a mark's tooltip (and so its accessible name) that says whose words it shows
    says through whom they reached the reader, as the chart's table and the record card do."""
    for view, _rows in views(specs[name]):
        tip = enc(view, "tooltip")
        titles = {t.get("title") for t in (tip if isinstance(tip, list) else [tip]) if t}
        if titles & VOICE_TITLES:
            assert {"Relay chain", "Reported via (relay chain)"} & titles, (name, titles)


def test_the_relay_chain_a_chart_shows_is_the_records_own(specs, facts):
    """The chain in each tooltip is the one the record card shows (cite.records), down to the
    inferred Press TV hop, and narration reaches the reader through the publisher alone."""
    from explainer.views import cite

    card = {r.id: r.chain for r in cite.records(facts)}
    seen = 0
    for name, key in [
        ("at_a_glance", "chain"),
        ("terms_by_voice", "chain"),
        ("figure_bounds", "chain"),
        ("actor_network", "relay"),
    ]:
        for _view, rows in views(specs[name]):
            for row in rows:
                if row.get("id") in card and key in row:
                    assert card[row["id"]] in row[key].split("; "), (name, row)
                    seen += 1
    assert seen >= 30
    network = [r for _v, rows in views(specs["actor_network"]) for r in rows if "relay" in r]
    assert any("Press TV" in r["relay"] and r["stated_by"].endswith("(narration)") for r in network)

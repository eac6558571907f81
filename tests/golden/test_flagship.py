"""The flagship's golden values: its charts and its prose, as the article and its context give
them (see conftest.py here for why these are apart)."""

from __future__ import annotations

import json

from chartspec import all_rows, enc, mark_type, relay_views, title_text, tooltip_fields, views

from explainer.views import prose, render


def test_the_flagship_has_its_records(facts):
    assert len(facts.statements) == 21
    assert len(facts.figures) == 11


def test_timeline_draws_ramadan_as_a_band(specs):
    bands = [
        (view, rows)
        for view, rows in views(specs["timeline"])
        if mark_type(view) == "rect" and [r["id"] for r in rows] == ["ev_ramadan"]
    ]
    assert len(bands) == 1
    view, rows = bands[0]
    assert enc(view, "x")["field"] == "start" and enc(view, "x2")["field"] == "end"
    assert "y" not in view["encoding"], "the band should span the full height"
    assert rows[0]["start"].startswith("2025-03-01")
    assert rows[0]["end"].startswith("2025-03-30")  # exclusive end: 29 March is the last day
    assert rows[0]["resolution"] == "context"


def test_timeline_closeup_shows_strikes_on_both_clocks(specs):
    vs = list(views(specs["timeline_closeup"]))
    strikes = [r for _, rows in vs for r in rows if r.get("id") == "ev_strikes"]
    assert strikes
    assert {r["utc"][:16] for r in strikes} == {"2025-03-18T00:30"}
    assert {r["local"] for r in strikes} == {"Tue 18 Mar, 02:30", "Mon 17 Mar, 20:30"}
    assert {r["wording"] for r in strikes} == {"on Monday night"}
    # The labels are drawn as text, on a UTC time axis.
    labels = [
        (v, rows)
        for v, rows in vs
        if mark_type(v) == "text" and enc(v, "text").get("field") == "local"
    ]
    assert labels
    drawn = {r["local"] for _, rows in labels for r in rows if r["id"] == "ev_strikes"}
    assert drawn == {"Tue 18 Mar, 02:30", "Mon 17 Mar, 20:30"}
    for view, _ in labels:
        assert enc(view, "x")["field"] == "utc"
        assert enc(view, "x")["scale"]["type"] == "utc"


def test_relay_chains_include_press_tv_route(specs):
    _, hops = relay_views(specs["relay_chains"])
    rows = [r for _, rs in hops for r in rs]
    paths = {r["path"] for r in rows}
    assert "Hamas → Press TV → The Algemeiner" in paths
    chain = [
        r["actor"]
        for r in sorted(
            (r for r in rows if r["path"] == "Hamas → Press TV → The Algemeiner"),
            key=lambda r: r["column"],
        )
    ]
    assert chain[0] == "Hamas" and chain[-1] == "The Algemeiner" and "Press TV" in chain


def test_hostage_exchange(specs):
    spec = specs["exchange"]
    panels = [(v, rows) for v, rows in views(spec) if mark_type(v) == "bar"]
    assert len(panels) == 2
    (left, hostages), (right, prisoners) = panels
    # one scale for both (M8): the sizes are the comparison; neutral colours, no party's
    assert enc(left, "x")["scale"]["domain"] == enc(right, "x")["scale"]["domain"] == [0, 2100]
    labels = [r["label"] for v, rows in views(spec) if mark_type(v) == "text" for r in rows]
    assert labels == ["33", "nearly 2,000"]
    assert sorted(r["value"] for r in hostages) == [8, 25]
    assert sum(r["value"] for r in hostages) == 33
    assert spec["vconcat"][0]["title"] == "33 hostages"
    assert enc(left, "x")["stack"] == "zero"
    assert [r["value"] for r in prisoners] == [2000]
    assert prisoners[0]["as_printed"] == "nearly 2,000"
    assert "nearly" in title_text(spec["vconcat"][1]["title"])
    assert "upper bound" in enc(right, "x")["title"]
    assert "as_printed" in tooltip_fields(right)
    assert "“nearly 2,000”" in spec["description"]
    table = spec["usermeta"][render.TABLE_KEY]["rows"]
    assert {r["id"]: r["as_printed"] for r in table}["fg_prisoners"] == "nearly 2,000"


def test_figure_bounds_marks_hedges(specs):
    spec = specs["figure_bounds"]
    rows = {r["id"]: r for r in all_rows(spec)}
    assert rows["fg_prisoners"]["bound"] == "upper"
    assert rows["fg_prisoners"]["as_printed"] == "nearly 2,000"
    assert rows["fg_population"]["bound"] == "lower"
    assert rows["fg_population"]["as_printed"] == "more than two million"
    assert rows["fg_hostages_total"]["bound"] == "exact"
    shaped = [v for v, _ in views(spec) if enc(v, "shape").get("field") == "bound"]
    assert shaped
    scale = enc(shaped[0], "shape")["scale"]
    shapes = dict(zip(scale["domain"], scale["range"], strict=True))
    assert shapes["upper"] == "triangle-left" and shapes["lower"] == "triangle-right"


def test_prisoner_reports_show_context_values(specs):
    rows = [
        r for v, rows in views(specs["figure_reports"]) if mark_type(v) == "point" for r in rows
    ]
    assert {r["low"] for r in rows} >= {1890, 1900, 1800}
    assert any(r["low"] == 1800 and r["high"] == 2000 for r in rows)
    assert any(r["low"] == 1900 and r["high"] == 1900 for r in rows)
    article = [r for r in rows if r["stance"] == "article"]
    assert len(article) == 1
    assert article[0]["high"] == 2000 and article[0]["low"] is None
    assert "nearly 2,000" in article[0]["claim"]
    ranges = [
        r for v, rows in views(specs["figure_reports"]) if mark_type(v) == "rule" for r in rows
    ]
    assert any(r["low"] == 1800 and r["high"] == 2000 for r in ranges)


def test_the_values_read_the_data(facts):
    """Expected values come from the article and context-sources.md, not from the code."""
    values = prose.values(facts)
    expected = {
        "quotations": "14",
        "quoted_voices": "three voices",
        "unattributed": "one passage",
        "ev_strikes_local": "02:30 on Tuesday 18 March",
        "ev_strikes_other": "20:30 on Monday 17 March",
        "ev_pmo_statement_local_time": "03:00",
        "ev_phase1_start": "19 January",
        "ev_phase1_expiry": "1 March",
        "ev_blockade": "2 March",
        "ev_ramadan": "1 to 29 March",
        "ev_hamas_statement": "18 March",
        "ev_strikes_words": "Monday night",
        "ev_ground_ops_words": "Wednesday",
        "fg_prisoners": "nearly 2,000",
        "fg_population": "more than two million",
        "fg_hostages_deceased": "eight",
        "fg_phase1_weeks": "six weeks",
        "cx_prisoners_range": "1,800 to 2,000",
        "cx_population_pcbs": "2.1 million",
        "cx_hostages_deceased": "eight",
        "published": "no earlier than 19 March 2025 (our inference)",
        "licence": "CC-BY-4.0",
    }
    assert {k: values.get(k) for k in expected} == expected
    assert "our inference" in values["relay_summary"]


def test_accusations_are_recorded_for_every_voice(facts):
    """Read 4, m10: the prime minister's office's “repeated refusal” is recorded as a
    characterisation, so the Hamas statement's accusations of the Israeli government are too
    (and the office's second one), or the counts per voice rest on an uneven selection."""
    recorded = {(row.exact, row.voice_id) for row in facts.terms.itertuples()}
    for exact, voice in [
        ("repeated refusal", "pmo"),
        ("rejection of all of the proposals", "pmo"),
        ("violating all human norms, values, and divine laws", "hamas"),
        ("flouted all international and humanitarian laws and norms", "hamas"),
        # read 5, M3: the same sentence's other accusation
        ("reversal of the ceasefire agreement", "hamas"),
    ]:
        assert (exact, voice) in recorded, f"{exact!r} ({voice}) is not recorded"


def test_one_test_classes_accusations_in_every_voice(facts):
    """Read 7, M1 (after read 6, M2): an accusation that only names an act is recorded and not
    loaded, in the office's words and in the Hamas statement's alike; words that judge the act
    are loaded in both. No other voice's account decides the class."""
    terms = {(row.exact, row.voice_id): bool(row.loaded) for row in facts.terms.itertuples()}
    names_an_act = [
        ("rejection of all of the proposals", "pmo"),
        ("reversal of the ceasefire agreement", "hamas"),
    ]
    judges_it = [
        ("repeated refusal", "pmo"),
        ("military aggression", "hamas"),
        ("flouted all international and humanitarian laws and norms", "hamas"),
    ]
    assert {terms[k] for k in names_an_act} == {False}
    assert {terms[k] for k in judges_it} == {True}


def test_other_reporting_dates_the_strikes_and_checks_no_word_of_them(facts):
    """Read 6, M1: LBC dates the strikes; it does not corroborate "extensive" or the targets."""
    cx = facts.context
    strikes = facts.relations.relation_id[
        facts.relations.exact.astype(str).str.contains("extensive")
    ]
    agreeing = cx[cx.about_id.isin(set(strikes)) & (cx.stance.astype(str) == "agrees")]
    assert agreeing.empty


def test_dates_say_which_part_is_ours(facts, specs):
    """Read 4, m1–m3, in the flagship's words."""
    from explainer.views.derive import timing

    ev = timing.events(facts).set_index("id")
    assert ev.dated_by["ev_ramadan"] == "1 March from other reporting; 29 March our inference"
    assert ev.dated_by["ev_phase1_start"] == (
        "“Jan. 19” stated in the article; the year from other reporting"
    )
    strikes = timing.event_phrase(ev.loc["ev_strikes"].to_dict())
    assert "Tue 18 March (Israel/Gaza time)" in strikes
    assert "Mon 17 March (New York, US Eastern)" in strikes
    assert strikes.endswith("which clock the article keeps: our inference)")
    assert "18 March, part of the day" not in strikes
    description = json.dumps(specs["timeline"])
    assert "29 March our inference" in description


def test_a_bound_is_drawn_as_a_short_dash_not_a_range(specs):
    """Read 4, m9: the dashed open side of "nearly 2,000" ran from 2,000 down to about 800 on
    the log axis, far wider than "nearly" allows. Each dash now starts at the value and is a
    fixed number of pixels long, whatever the scale."""
    spec = specs["figure_bounds"]
    dashed = [(v, rows) for v, rows in views(spec) if mark_type(v) == "rule"]
    assert {r["id"] for _, rows in dashed for r in rows} >= {"fg_prisoners", "fg_population"}
    for view, _ in dashed:
        assert enc(view, "x")["field"] == "value" and enc(view, "x2")["field"] == "value"
        assert 0 < abs(view["mark"]["x2Offset"]) <= 40


def test_every_population_takes_one_colour_whichever_side_it_is_on(facts):
    """Read 6, m9: the shipped colour settings put Israeli hostages and southern residents in
    Israel's colour, Palestinians and prisoners in the neutral one. People are never coloured
    as a party: every population is the same colour."""
    from explainer.views import theme

    colours = theme.colours(facts)
    actors = facts.actors
    people = {colours.actor(a) for a in actors.actor_id[actors.kind == "population"]}
    assert len(people) == 1, people


def test_the_imprisonment_relation_keeps_the_narrations_stated_reason(facts):
    """Read 6, m8: the relation said the prisoners "had been serving long sentences in Israeli
    prisons" and dropped the narration's "for terrorist activities", which its anchor holds;
    and its family, "armed action or captivity", put imprisonment and hostage-taking under one
    noun. The reason is kept, quoted as the narration's; the family names each act apart."""
    from explainer.views.derive import graph

    rel = facts.relations.set_index("relation_id").loc["rl_israel_imprisoned_prisoners"]
    assert "for terrorist activities" in rel.exact
    assert "the narration says: “for terrorist activities”" in rel.detail
    family = graph.relation_families(facts, 8)
    assert family["imprisons"] == family["took_hostages"]  # one family, its name lists both
    assert "hostage" in family["took_hostages"] and "imprisonment" in family["imprisons"]


def test_relation_summaries_use_the_sites_curly_quotation_marks(facts):
    """Read 6, m4: two relation summaries quoted with straight marks ("US-backed") where the
    site's prose uses curly ones (“US-backed”)."""
    straight = facts.relations[facts.relations.detail.str.contains('"', regex=False)]
    assert straight.empty, list(straight.relation_id)


def test_the_words_page_lists_every_term_of_every_voice_in_its_class(facts):
    """Reads 8 (M1) and 9 (M2): the page's summary listed every loaded term of Katz and of the
    office but 6 of Hamas's 14 and not all of the narration's. One selection for every voice:
    each voice's bullet cites the first use of every term it is recorded using, its loaded terms
    before "not loaded:" and the others after."""
    import re
    from pathlib import Path

    from explainer.views.derive import people

    page = (Path(__file__).resolve().parents[2] / "book" / "words.md").read_text(encoding="utf-8")
    section = page.split("## Descriptors and loaded words", 1)[1].split("```", 1)[0]
    bullets = [" ".join(b.split()) for b in section.split("\n- ")[1:]]
    usage = people.term_usage(facts)
    voice_of = dict(zip(facts.terms.term_id, facts.terms.voice_id.astype(str), strict=True))
    cited: dict[str, dict[str, set[str]]] = {}
    for bullet in bullets:
        loaded, _, rest = bullet.partition("not loaded:")
        ids_loaded = set(re.findall(r"\{rec\}`(tm_\w+)`", loaded))
        ids_not = set(re.findall(r"\{rec\}`(tm_\w+)`", rest))
        voices = {voice_of[i] for i in ids_loaded | ids_not}
        assert len(voices) == 1, (voices, bullet[:60])
        cited[voices.pop()] = {"loaded": ids_loaded, "not loaded": ids_not}
    for voice, rows in usage.groupby("voice"):
        for klass in ("loaded", "not loaded"):
            want = set(rows[rows.loaded == klass].id)
            assert cited.get(voice, {}).get(klass, set()) == want, (voice, klass)

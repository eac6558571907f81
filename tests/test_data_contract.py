"""The data contract: what the real fact package must contain and how load() must type it.

Expected values come from the article and the editorial brief, never from the validator's output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
# CI has ../shared beside the clone.
SEED = REPO.parent / "shared" / "seed" / "000_647102796b5d3a1d.txt"


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _tables(descriptor: dict) -> list[dict]:
    return [r for r in descriptor["resources"] if r.get("schema")]


def _csv_records(path: Path) -> int:
    """Data rows in a CSV, counted with the csv module (blank lines are not records)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


# ---------------------------------------------------------------- the package as a whole


def test_cli_validate_reports_ok_on_the_real_data(descriptor):
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tables = _tables(descriptor)
    assert len(tables) == 14  # 13 fact tables and provenance.csv
    n = sum(_csv_records(DATA / t["path"]) for t in tables)
    drafted = _csv_records(DATA / "provenance.csv")  # hand-made: no record is listed, none drafted
    assert proc.stdout.strip().splitlines() == [
        f"ok: {n} records in 14 tables",
        f"review: {drafted} drafted, {n - drafted} reviewed",
    ]
    assert "Traceback" not in proc.stderr


def test_validate_finds_no_problem(real_result):
    assert real_result.problems == []
    assert real_result.ok


def test_article_is_byte_identical_to_the_seed():
    if not SEED.is_file():
        pytest.skip(f"no seed copy at {SEED}")
    assert (DATA / "article.txt").read_bytes() == SEED.read_bytes()


def test_descriptor_records_article_bytes_and_sha256(descriptor):
    raw = (DATA / "article.txt").read_bytes()
    res = next(r for r in descriptor["resources"] if r["path"] == "article.txt")
    assert res["bytes"] == len(raw)
    assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    raw.decode("utf-8")  # and it is UTF-8


def test_every_field_has_a_type_and_a_description(descriptor):
    missing = [
        f"{t['name']}.{f.get('name')}: {key}"
        for t in _tables(descriptor)
        for f in t["schema"]["fields"]
        for key in ("name", "type", "description")
        if not str(f.get(key, "")).strip()
    ]
    assert missing == []


def test_every_table_has_a_primary_key_over_its_own_fields(descriptor):
    for t in _tables(descriptor):
        pk = t["schema"].get("primaryKey")
        names = {f["name"] for f in t["schema"]["fields"]}
        assert pk, f"{t['name']} has no primaryKey"
        assert set(pk) <= names, t["name"]


def test_csv_headers_match_the_schemas(descriptor):
    for t in _tables(descriptor):
        header = (DATA / t["path"]).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == [f["name"] for f in t["schema"]["fields"]], t["name"]


# ---------------------------------------------------------------- load() and types


def test_load_returns_every_table_typed_as_its_schema_says(facts, descriptor):
    for t in _tables(descriptor):
        df = facts.tables[t["name"]]
        assert list(df.columns) == [f["name"] for f in t["schema"]["fields"]]
        assert len(df) == _csv_records(DATA / t["path"])
        for f in t["schema"]["fields"]:
            col, where = df[f["name"]], f"{t['name']}.{f['name']}"
            enum = f.get("constraints", {}).get("enum")
            if f["type"] == "date":
                assert pd.api.types.is_datetime64_dtype(col.dtype), where
            elif f["type"] == "datetime":
                assert isinstance(col.dtype, pd.DatetimeTZDtype), where
                assert str(col.dtype.tz) == "UTC", where
            elif f["type"] == "integer":
                assert col.dtype == pd.Int64Dtype(), where
            elif f["type"] == "number":
                assert pd.api.types.is_float_dtype(col.dtype), where
            elif f["type"] == "boolean":
                assert col.dtype == pd.BooleanDtype(), where
            elif enum:
                assert isinstance(col.dtype, pd.CategoricalDtype), where
                assert list(col.dtype.categories) == enum, where
            else:
                assert pd.api.types.is_string_dtype(col.dtype), where


def test_typed_values_are_real_values(facts):
    ev = facts.events.set_index("event_id")
    assert ev.loc["ev_phase1_start", "date_start"] == pd.Timestamp("2025-01-19")
    assert facts.aliases["start"].sum() > 0
    assert set(facts.terms["loaded"].dropna()) == {True, False}
    assert facts.figures["value"].max() == 2_000_000
    assert facts.events["moment_utc"].notna().any()


# ---------------------------------------------------------------- actors and aliases

REQUIRED_ACTORS = {
    "Hamas": "armed_political_organisation",
    "Israel": "state",
    "Israeli government": "government",
    "Israeli Prime Minister's Office": "government_office",
    "Israel Defense Forces": "military",
    "Israel Katz": "person",
    "Steve Witkoff": "person",
    "United States": "state",
    "Iran": "state",
    "Press TV": "media_outlet",
    "Qatar": "state",
    "Egypt": "state",
    "The Algemeiner": "media_outlet",
}


def test_at_least_15_actors_with_unique_ids(facts):
    assert len(facts.actors) >= 15
    assert facts.actors["actor_id"].is_unique


def test_required_actors_exist_with_their_kind(facts):
    kinds = dict(zip(facts.actors["name"], facts.actors["kind"].astype(str), strict=True))
    for name, kind in REQUIRED_ACTORS.items():
        assert kinds.get(name) == kind, name


def test_the_author_is_the_byline_and_writes_for_the_algemeiner(facts, article):
    byline = next(line for line in article.splitlines() if line.startswith("By "))
    actors = facts.actors.set_index("actor_id")
    persons = actors[actors["kind"] == "person"]
    authors = [n for n in persons["name"] if n in byline]
    assert authors == ["Ailin Vilches Arguello"]
    author_id = persons.index[persons["name"] == authors[0]][0]
    outlet = actors.loc[actors.loc[author_id, "part_of"], "name"]
    assert outlet == "The Algemeiner" and outlet in byline


def _actor_id(facts, name: str) -> str:
    return facts.actors.loc[facts.actors["name"] == name, "actor_id"].item()


def test_gaza_aliases(facts):
    gaza = facts.aliases[facts.aliases["actor_id"] == _actor_id(facts, "Gaza")]
    exacts = set(gaza["exact"])
    assert {"the coastal enclave", "the Palestinian territory", "the coastal strip"} <= exacts
    assert "Gaza" in exacts


def test_jerusalem_is_an_alias_of_the_israeli_government(facts, article):
    rows = facts.aliases[facts.aliases["exact"] == "Jerusalem"]
    assert len(rows) == article.count("Jerusalem") >= 1
    assert set(rows["actor_id"]) == {_actor_id(facts, "Israeli government")}


def test_israel_in_israel_katz_is_not_a_mention_of_the_state(facts, article):
    israel = facts.aliases[facts.aliases["actor_id"] == _actor_id(facts, "Israel")]
    spans = list(zip(israel["start"], israel["end"], strict=True))
    names = [m.span() for m in re.finditer(r"Israel Katz", article)]
    assert names, "the article names Israel Katz"
    for a, b in names:
        assert not any(s < b and a < e for s, e in spans), (a, b)
    # ... while the state is mentioned by name elsewhere
    assert (israel["exact"] == "Israel").sum() >= 5


def test_every_anchor_matches_the_article(facts, article):
    for name, df in facts.tables.items():
        if {"start", "end", "exact"} <= set(df.columns):
            for row in df.itertuples():
                assert article[row.start : row.end] == row.exact, (name, row[1])


# ---------------------------------------------------------------- statements and relays


def test_fourteen_direct_statements(facts):
    direct = facts.statements[facts.statements["mode"] == "direct"]
    assert len(direct) == 14


def _sentence_of(article: str, start: int, end: int) -> str:
    """The sentences around a span, found here independently of explainer.package.scan: from the last
    sentence end (". " or a paragraph break) before it to the next one after it."""
    ends = [0] + [m.end() for m in re.finditer(r"[.!?][”’]*\s+(?=[A-Z“])|\n\n", article)]
    first = max(e for e in ends if e <= start)
    later = [e for e in ends if e >= end]
    return article[first : min(later) if later else len(article)]


def test_press_tv_is_a_stated_relay_only_where_the_sentence_names_it(facts, article):
    """The article names Press TV for the passages whose own sentence says so ("according to
    Iran's Press TV"); for every other passage a Press TV hop is our inference, with a reason."""
    hops = facts.relay_hops.sort_values(["statement_id", "position"])
    press_tv = _actor_id(facts, "Press TV")
    st = facts.statements.set_index("statement_id")
    relayed = hops[hops["actor_id"] == press_tv]
    assert len(relayed) >= 6
    named_here = {
        sid for sid in st.index if "Press TV" in _sentence_of(article, st.start[sid], st.end[sid])
    }
    assert named_here, "the article names Press TV somewhere"
    for hop in relayed.itertuples():
        if hop.statement_id in named_here:
            assert hop.basis == "stated_here", hop.statement_id
        else:
            assert hop.basis == "inferred", hop.statement_id
            assert len(str(hop.basis_note)) > 40, hop.statement_id
        chain = hops[hops["statement_id"] == hop.statement_id]
        assert list(chain["role"].astype(str)) == ["speaker", "relay", "publisher"]
        assert st.speaker_id[hop.statement_id] == "hamas"
    # "Iranian state-run media", which the lede credits, is not named as Press TV anywhere.
    lede = facts.statements[facts.statements["exact"].str.contains("Iranian state-run media")]
    assert len(lede) >= 1
    for sid in lede.statement_id:
        chain = hops[hops["statement_id"] == sid]
        assert press_tv not in set(chain["actor_id"]), sid


def test_every_hop_has_a_basis_and_every_inference_a_reason(facts):
    hops = facts.relay_hops
    assert hops["basis"].notna().all()
    open_ = hops[hops["basis"].isin(["inferred", "stated_elsewhere"])]
    assert len(open_) >= 6
    assert (open_["basis_note"].fillna("").str.len() > 20).all()
    publishers = hops[hops["role"] == "publisher"]
    assert set(publishers["basis"].astype(str)) == {"byline"}


def test_a_speakers_own_statement_is_not_a_relay(facts):
    hops = facts.relay_hops[facts.relay_hops["source_id"].fillna("") != ""]
    kinds = facts.sources.set_index("source_id")["kind"].astype(str)
    for hop in hops.itertuples():
        expected = {"speaker": "statement", "relay": "relay", "publisher": "article"}[hop.role]
        assert kinds[hop.source_id] == expected, hop


def test_every_chain_ends_with_the_publisher(facts):
    hops = facts.relay_hops.sort_values(["statement_id", "position"])
    assert set(hops["statement_id"]) == set(facts.statements["statement_id"])
    last = hops.groupby("statement_id").tail(1)
    assert set(last["actor_id"]) == {"algemeiner"}
    assert set(last["role"].astype(str)) == {"publisher"}


def test_quotations_keep_curly_quotes_and_the_editors_bracket(facts, article):
    direct = facts.statements[facts.statements["mode"] == "direct"]
    for row in direct.itertuples():
        assert article[row.start - 1] == "\u201c", row.statement_id
        assert article[row.end] == "\u201d", row.statement_id
        assert "'" not in row.exact and '"' not in row.exact, row.statement_id
    assert any("\u2019" in e for e in direct["exact"])
    katz = direct[direct["exact"].str.contains("[Israel Defense Forces]", regex=False)]
    assert len(katz) == 1 and katz["speaker_id"].item() == "katz"
    # paraphrases that contain quotations keep the curly marks too
    assert any("\u201c" in e and "\u201d" in e for e in facts.statements["exact"])


def test_the_stray_closing_mark_is_recorded_in_notes(facts, article):
    offset = article.index("the statement reads") + len("the statement reads")
    assert article[offset] == "\u201d"
    notes = facts.notes[facts.notes["kind"] == "stray_quotation_mark"]
    assert len(notes) == 1
    row = notes.iloc[0]
    assert (row["start"], row["end"], row["exact"]) == (offset, offset + 1, "\u201d")


# ---------------------------------------------------------------- figures and checks


def _figure(facts, exact: str) -> pd.Series:
    rows = facts.figures[facts.figures["exact"] == exact]
    assert len(rows) == 1, exact
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("exact", "value", "hedge", "bound"),
    [
        ("33", 33, None, "exact"),
        ("25", 25, None, "exact"),
        ("eight", 8, None, "exact"),
        ("nearly 2,000", 2000, "nearly", "upper"),
        ("more than two million", 2_000_000, "more than", "lower"),
    ],
)
def test_figures_keep_value_hedge_and_bound(facts, exact, value, hedge, bound):
    fig = _figure(facts, exact)
    assert fig["value"] == value
    assert (None if pd.isna(fig["hedge"]) else fig["hedge"]) == hedge
    assert fig["bound"] == bound


def test_the_hostage_sum_is_declared(facts):
    figures = facts.figures.set_index("figure_id")["value"]
    sums = facts.checks[facts.checks["kind"] == "sum"]
    found = [
        ck
        for ck in sums.itertuples()
        if figures[ck.result_id] == 33
        and sorted(figures[o] for o in ck.operand_ids.split()) == [8, 25]
    ]
    assert len(found) == 1
    assert 25 + 8 == 33


# ---------------------------------------------------------------- events and dates


def _event(facts, words: str) -> pd.DataFrame:
    rows = facts.events[facts.events["exact"].str.contains(words, regex=False)]
    assert len(rows) >= 1, words
    return rows


def test_monday_night_strikes(facts, descriptor):
    ev = _event(facts, "Monday night").iloc[0]
    assert ev["precision"] == "part_of_day"
    assert ev["resolution"] == "context"
    # Dates are those of Israel and Gaza, where the strikes began in the early hours of Tuesday.
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    assert events["timeZone"] == "Asia/Jerusalem"
    assert ev["date_start"] == ev["date_end"] == pd.Timestamp("2025-03-18")
    assert ev["moment_utc"].tz_convert("Asia/Jerusalem").day == 18
    assert "strikes" in ev["label"].lower()
    assert "our inference" in ev["note"]


def test_wednesday_ground_operations(facts):
    ev = _event(facts, "Wednesday").iloc[0]
    assert ev["date_start"] == ev["date_end"] == pd.Timestamp("2025-03-19")
    assert "ground" in ev["label"].lower()


def test_tuesday_statements(facts):
    rows = _event(facts, "Tuesday")
    assert len(rows) == 2  # Hamas's statement and Katz's remarks
    assert set(rows["date_start"]) == set(rows["date_end"]) == {pd.Timestamp("2025-03-18")}
    spoken = facts.statements[facts.statements["event_id"].isin(rows["event_id"])]
    assert {"hamas", "katz"} <= set(spoken["speaker_id"])


def test_phase_one_start_takes_its_year_from_context(facts):
    ev = _event(facts, "Jan. 19").iloc[0]
    assert ev["date_start"] == ev["date_end"] == pd.Timestamp("2025-01-19")
    assert "2025" not in ev["exact"]  # the article prints no year
    assert ev["resolution"] == "context"
    assert ev["precision"] == "day"
    assert ev["event_id"] in set(facts.context["about_id"])


def test_the_lede_and_the_talks_have_events(facts):
    decision = _event(facts, "decision to resume military operations")
    assert len(decision) == 1 and decision["resolution"].iloc[0] == "inferred"
    talks = _event(facts, "negotiations faltered")
    assert len(talks) == 1 and talks["resolution"].iloc[0] == "inferred"
    assert talks["date_end"].iloc[0] <= decision["date_start"].iloc[0]


def test_events_resolved_from_context_cite_a_context_row(facts):
    about = set(facts.context["about_id"])
    resolved = facts.events[facts.events["resolution"] == "context"]
    assert len(resolved) > 0
    assert set(resolved["event_id"]) <= about


# ---------------------------------------------------------------- context and sources


def test_context_rows_cite_existing_sources_and_records(facts):
    sources = facts.sources.set_index("source_id")
    cited = [s for ids in facts.context["source_ids"] for s in ids.split()]
    assert set(cited) <= set(sources.index)
    assert (sources.loc[cited, "kind"] == "context").all()
    ids = {v for name, df in facts.tables.items() if name != "context" for v in df.iloc[:, 0]}
    assert set(facts.context["about_id"]) <= ids


def test_context_stance_for_prisoners_and_hostages(facts):
    prisoners = _figure(facts, "nearly 2,000")["figure_id"]
    hostages = _figure(facts, "33")["figure_id"]
    cx = facts.context
    assert set(cx.loc[cx["about_id"] == prisoners, "stance"]) == {"differs"}
    assert set(cx.loc[cx["about_id"] == hostages, "stance"]) == {"agrees"}


def test_the_articles_own_date_is_an_inferred_lower_bound(facts):
    article_rows = facts.sources[facts.sources["kind"] == "article"]
    assert len(article_rows) == 1
    row = article_rows.iloc[0]
    # context-sources.md: no earlier than Wed 19 March 2025 (possibly the 20th); not a day.
    assert row["date_basis"] == "inferred"
    assert row["date_precision"] == "lower_bound"
    assert row["date_start"] == pd.Timestamp("2025-03-19") and pd.isna(row["date_end"])
    assert row["author"] == "Ailin Vilches Arguello"
    assert row["publisher"] == "The Algemeiner"


def test_a_summary_of_several_reports_cites_them_all_and_is_ours(facts):
    cx = facts.context.set_index("context_id")
    prisoners = _figure(facts, "nearly 2,000")["figure_id"]
    about = cx[cx["about_id"] == prisoners]
    summary = about[about["source_ids"].str.split().str.len() > 1]
    assert len(summary) == 1
    row = summary.iloc[0]
    assert row["confidence"] == "inferred"
    others = {s for ids in about["source_ids"] for s in ids.split()}
    assert set(row["source_ids"].split()) == others


def test_context_titles_say_whether_they_were_checked(facts):
    src = facts.sources
    assert set(src["title_basis"].astype(str)) <= {"printed", "from_address", "descriptive"}
    assert (src.loc[src["title_basis"] == "from_address", "url"].notna()).all()
    assert set(src.loc[src["kind"] == "article", "title_basis"].astype(str)) == {"printed"}


# ---------------------------------------------------------------- loaded terms and voices


@pytest.mark.parametrize(
    ("words", "voice"),
    [
        ("terrorist group", "narration"),
        ("genocide", "hamas"),
        ("Zionist aggression", "hamas"),
        ("barbaric aggression", "hamas"),
        ("gates of hell", "katz"),
    ],
)
def test_loaded_terms_carry_their_voice(facts, article, words, voice):
    rows = facts.terms[facts.terms["term"].str.contains(words, regex=False)]
    assert len(rows) >= 1, words
    assert set(rows["voice_id"]) == {voice}
    assert rows["loaded"].all()
    # every occurrence in the article is recorded as a term
    for m in re.finditer(re.escape(words), article):
        assert ((rows["start"] <= m.start()) & (m.end() <= rows["end"])).any(), (words, m.start())


def test_one_loaded_rule_for_every_voice(facts):
    """A party's framing of another as its sponsor is loaded whoever says it: Hamas's "US-backed"
    and the narration's "chief international backer" alike."""
    terms = facts.terms.set_index("term")["loaded"]
    assert terms["US-backed"] and terms["chief international backer"]


def test_records_the_issue_found_missing(facts, article):
    names = dict(zip(facts.actors["name"], facts.actors["kind"].astype(str), strict=True))
    assert names.get("Tel Nof Airbase") == "place"
    led = facts.aliases[facts.aliases["exact"] == "Hamas-led Palestinian terrorists"]
    assert len(led) == 1 and led["actor_id"].item() != "hamas"  # more than Hamas
    term = facts.terms[facts.terms["exact"] == "Palestinian terrorists"]
    assert term["term"].item() == "Palestinian terrorists"
    rel = facts.relations
    pressure = rel[rel["exact"].str.contains("immediate pressure")]
    assert set(pressure["object_id"]) == {"israel", "us"}
    counter = rel[(rel["voice_id"] == "hamas") & rel["exact"].str.contains("reversal")]
    assert len(counter) == 1
    assert len(rel[rel["exact"].str.contains("long sentences")]) == 1
    assert len(rel[rel["exact"].str.contains("military withdrawal")]) == 1
    aims = rel[rel["kind"] == "mediates"]
    assert aims["exact"].str.contains("lift the blockade").all()

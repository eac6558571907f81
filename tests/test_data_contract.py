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


def test_press_tv_relayed_statements_run_hamas_press_tv_algemeiner(facts):
    hops = facts.relay_hops.sort_values(["statement_id", "position"])
    press_tv = _actor_id(facts, "Press TV")
    relayed = set(hops.loc[hops["actor_id"] == press_tv, "statement_id"])
    # The article credits Press TV ("Iranian state-run media", "Iran's Press TV") for its first
    # Hamas passages: at least the quotations in the first three paragraphs after the byline.
    assert len(relayed) >= 6
    speakers = facts.statements.set_index("statement_id")["speaker_id"]
    for sid in relayed:
        chain = hops[hops["statement_id"] == sid]
        assert list(chain["position"]) == list(range(1, len(chain) + 1)), sid
        assert list(chain["actor_id"]) == ["hamas", "press_tv", "algemeiner"], sid
        assert list(chain["role"].astype(str)) == ["speaker", "relay", "publisher"], sid
        assert speakers[sid] == "hamas", sid


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


def test_monday_night_strikes(facts):
    ev = _event(facts, "Monday night").iloc[0]
    assert ev["precision"] == "part_of_day"
    assert ev["resolution"] == "context"
    assert ev["date_start"] == pd.Timestamp("2025-03-17")
    assert ev["date_end"] == pd.Timestamp("2025-03-18")
    assert "strikes" in ev["label"].lower()


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


def test_phase_one_start_is_stated(facts):
    ev = _event(facts, "Jan. 19").iloc[0]
    assert ev["date_start"] == ev["date_end"] == pd.Timestamp("2025-01-19")
    assert ev["resolution"] == "stated"
    assert ev["precision"] == "day"


def test_events_resolved_from_context_cite_a_context_row(facts):
    about = set(facts.context["about_id"])
    resolved = facts.events[facts.events["resolution"] == "context"]
    assert len(resolved) > 0
    assert set(resolved["event_id"]) <= about


# ---------------------------------------------------------------- context and sources


def test_context_rows_cite_existing_sources_and_records(facts):
    sources = facts.sources.set_index("source_id")
    assert set(facts.context["source_id"]) <= set(sources.index)
    assert (sources.loc[facts.context["source_id"], "kind"] == "context").all()
    ids = {v for name, df in facts.tables.items() if name != "context" for v in df.iloc[:, 0]}
    assert set(facts.context["about_id"]) <= ids


def test_context_stance_for_prisoners_and_hostages(facts):
    prisoners = _figure(facts, "nearly 2,000")["figure_id"]
    hostages = _figure(facts, "33")["figure_id"]
    cx = facts.context
    assert set(cx.loc[cx["about_id"] == prisoners, "stance"]) == {"differs"}
    assert set(cx.loc[cx["about_id"] == hostages, "stance"]) == {"agrees"}


def test_the_articles_own_date_is_inferred(facts):
    article_rows = facts.sources[facts.sources["kind"] == "article"]
    assert len(article_rows) == 1
    row = article_rows.iloc[0]
    assert row["date_confidence"] == "inferred"
    assert row["author"] == "Ailin Vilches Arguello"
    assert row["publisher"] == "The Algemeiner"


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

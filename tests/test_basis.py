"""What the article states, apart from what we inferred: the validator's cross-checks.

Each case corrupts a copy of data/ one way, as an editor's slip would, and checks that validation
names the file, the line and the field (tests/test_bad_input.py has the helpers and the rest of
the corruptions). Every field these checks read restates another field or the article itself.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from test_bad_input import Expect, check, edit, row_line, run

DATA = Path(__file__).resolve().parents[1] / "data"


def _hop(d, statement_id: str, position: int, **changes: str) -> int:
    return edit(
        d, "relay_hops", {"statement_id": statement_id, "position": str(position)}, **changes
    )


CASES = {
    # relay hops: a basis must be what the sentence shows
    "stated_relay_not_in_the_sentence": lambda d: Expect(
        "relay_hops.csv",
        _hop(d, "st_q02", 2, basis="stated_here", wording="Iran’s Press TV", basis_note=""),
        "basis",
    ),
    "inference_without_reasoning": lambda d: Expect(
        "relay_hops.csv", _hop(d, "st_q02", 2, basis_note=""), "basis_note"
    ),
    "stated_hop_without_its_words": lambda d: Expect(
        "relay_hops.csv", _hop(d, "st_q05", 2, wording=""), "wording"
    ),
    "reference_words_not_in_the_sentence": lambda d: Expect(
        "relay_hops.csv", _hop(d, "st_q14", 1, wording="she"), "wording"
    ),
    "publisher_not_by_byline": lambda d: Expect(
        "relay_hops.csv", _hop(d, "st_q10", 2, basis="stated_here"), "basis"
    ),
    "hop_source_of_another_outlet": lambda d: Expect(
        "relay_hops.csv", _hop(d, "st_q05", 2, source_id="src_mehr"), "source_id"
    ),
    # sources: dates, titles, the byline
    "day_with_a_range": lambda d: Expect(
        "sources.csv", edit(d, "sources", "src_lbc", date_end="2025-03-19"), "date_end"
    ),
    "address_dated_otherwise": lambda d: Expect(
        "sources.csv",
        edit(d, "sources", "src_jewishpress", date_start="2025-03-17", date_end="2025-03-17"),
        "date_start",
    ),
    "unknown_date_with_a_day": lambda d: Expect(
        "sources.csv", edit(d, "sources", "src_lbc", date_basis="unknown"), "date_start"
    ),
    "title_not_in_its_address": lambda d: Expect(
        "sources.csv", edit(d, "sources", "src_lbc", title="Israel ends the ceasefire"), "title"
    ),
    "headline_not_as_printed": lambda d: Expect(
        "sources.csv",
        edit(d, "sources", "src_article", title="Hamas calls for siege of embassies"),
        "title",
    ),
    "author_not_in_the_byline": lambda d: Expect(
        "sources.csv", edit(d, "sources", "src_article", author="Jane Doe"), "author"
    ),
    # context: every source cited exists; values, dates, weekdays and times are the claim's
    "unknown_source_among_several": lambda d: Expect(
        "context.csv",
        edit(d, "context", "cx_prisoners_range", source_ids="src_newsaz src_nowhere"),
        "source_ids",
    ),
    "value_the_claim_does_not_give": lambda d: Expect(
        "context.csv",
        edit(d, "context", "cx_prisoners_nyt", value_min="1950", value_max="1950"),
        "value_min",
    ),
    "agreement_the_hedge_rules_out": lambda d: Expect(
        "context.csv",
        edit(
            d,
            "context",
            "cx_population_ap",
            claim="AP: about 1.9 million Palestinians.",
            value_min="1900000",
            value_max="1900000",
        ),
        "stance",
    ),
    "resolution_naming_another_day": lambda d: Expect(
        "context.csv",
        edit(d, "context", "cx_ground_ops", claim="The ground offensive began on 21 March 2025."),
        "claim",
    ),
    "weekday_of_another_day": lambda d: Expect(
        "context.csv",
        edit(
            d,
            "context",
            "cx_blockade",
            claim="Israel halted the entry of all goods into Gaza on Mon 2 March 2025.",
        ),
        "claim",
    ),
    "time_of_day_of_another_moment": lambda d: Expect(
        "context.csv",
        edit(
            d,
            "context",
            "cx_pmo_time",
            claim="The Prime Minister's Office statement was issued at about 04:00 on Tue 18 March 2025.",
        ),
        "claim",
    ),
    # read 5, M2: a date the article leaves open is resolved by other reporting, not agreed with
    "agreement_with_an_open_date": lambda d: Expect(
        "context.csv", edit(d, "context", "cx_ground_ops", stance="agrees"), "stance"
    ),
    # events and terms
    # read 5, M1: a date only our inference resolves is not "from other reporting"
    "reported_date_resting_on_inference": lambda d: Expect(
        "events.csv",
        edit(d, "events", "ev_hamas_own_statement", resolution="context"),
        "resolution",
    ),
    "stated_date_without_its_year": lambda d: Expect(
        "events.csv", edit(d, "events", "ev_blockade", resolution="stated"), "resolution"
    ),
    "moment_on_another_local_day": lambda d: Expect(
        "events.csv",
        edit(d, "events", "ev_strikes", date_start="2025-03-17", date_end="2025-03-17"),
        "moment_utc",
        also=("context.csv",),
    ),
    "term_not_its_anchor": lambda d: Expect(
        "terms.csv", edit(d, "terms", "tm_023", term="terrorist group"), "term"
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_disagreement_is_named_by_file_line_and_field(data_copy, name):
    expect = CASES[name](data_copy)
    check(run(data_copy), expect)


def test_an_unknown_time_zone_is_named_in_the_descriptor(data_copy):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    events["timeZone"] = "Mars/Olympus_Mons"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    problems = run(data_copy)
    assert any(
        p.file.endswith("datapackage.json") and "timeZone" in p.field and "Mars" in p.message
        for p in problems
    ), problems


def test_an_inferred_article_date_needs_its_reasoning(data_copy):
    from test_bad_input import drop

    drop(data_copy, "context", lambda r: r["about_id"] == "src_article")
    line = row_line(data_copy, "sources", "src_article")
    check(run(data_copy), Expect("sources.csv", line, "date_basis"))


def test_the_real_data_states_only_what_it_can_show(real_result):
    assert real_result.problems == []


# ---------------------------------------------------------------- one account of each source


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ADDRESS_ONLY = re.compile(r"only (?:the|its) (?:web )?address was read", re.IGNORECASE)


def test_a_source_known_by_its_address_alone_supports_no_read_fact():
    """Read 5, M1: a source the data says was read only as a web address (its note, or a
    context fact citing it alone, says so) is never the whole basis of a fact marked read."""
    sources, context = _rows("sources"), _rows("context")
    address_only = {s["source_id"] for s in sources if ADDRESS_ONLY.search(s["note"])}
    address_only |= {
        cx["source_ids"]
        for cx in context
        if ADDRESS_ONLY.search(cx["claim"]) and len(cx["source_ids"].split()) == 1
    }
    assert address_only  # the flagship has such sources: the test can fail
    wrong = [
        cx["context_id"]
        for cx in context
        if cx["confidence"] == "read" and set(cx["source_ids"].split()) <= address_only
    ]
    assert not wrong


def _short(publisher: str) -> str:
    """A publisher as a note names it: "The Jerusalem Post" as "Jerusalem Post"."""
    return publisher.removeprefix("The ").split(" (")[0]


def test_an_events_note_names_only_the_sources_its_context_facts_cite():
    """Read 5, M1: the timeline's tooltip shows an event's note ("How") beside the publishers
    of the context facts about it ("Sources"); a publisher the note names is among them."""
    publishers = {
        s["source_id"]: _short(s["publisher"]) for s in _rows("sources") if s["kind"] == "context"
    }
    cited: dict[str, set[str]] = {}
    for cx in _rows("context"):
        for sid in cx["source_ids"].split():
            cited.setdefault(cx["about_id"], set()).add(publishers.get(sid, ""))
    wrong = []
    for ev in _rows("events"):
        for publisher in set(publishers.values()):
            if publisher in ev["note"] and publisher not in cited.get(ev["event_id"], set()):
                wrong.append(f"{ev['event_id']}: names {publisher}")
    assert not wrong

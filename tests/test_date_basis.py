"""A date other reporting gives on one clock, matched to the article's wording ("Monday night")
only by our inference, is shown as resolved by that reporting with the clock ours (read 5, M2):
never as corroborated, in its date phrase, the timeline's words and every limits box."""

from __future__ import annotations

import re

import pandas as pd

from explainer import load
from explainer.views import cite, prose
from explainer.views.derive import sourcing, timing
from explainer.views.derive.relaying import INFERRED_MARK


def _resolves_span(note: str) -> str:
    found = re.search(r'<span class="limits-resolves">(.*?)</span>', note)
    return found[1] if found else ""


def test_a_reported_day_on_our_clock_is_resolved_and_marked_ours(facts):
    ours = timing.clock_inferred(facts)
    assert ours  # the flagship's "on Monday night": the test can fail
    dates = timing.event_dates(facts)
    status = sourcing.corroboration(facts)
    events = timing.events(facts).set_index("id", drop=False)
    note = prose.limits_note(facts, "events")
    agrees = re.search(r'<span class="limits-agrees">(.*?)</span>', note)
    for eid in ours:
        assert "from other reporting" in dates[eid] and INFERRED_MARK in dates[eid], dates[eid]
        assert status[eid] == "resolves", status[eid]
        assert INFERRED_MARK in timing.event_phrase(events.loc[eid])
        assert INFERRED_MARK in next(r.summary for r in cite.records(facts) if r.id == eid)
        assert re.search(
            rf'#{eid}">[^<]*</a> \(the clock is our inference\)', _resolves_span(note)
        ), note
        assert agrees is None or f'#{eid}"' not in agrees[1]


def test_a_clock_a_report_states_is_not_marked_ours(data_copy):
    """The mark follows the data: where the clock's fact is read, nothing says "our inference"."""
    path = data_copy / "context.csv"
    context = pd.read_csv(path, dtype=str, keep_default_na=False)
    ours = (context.stance == "resolves") & (context.confidence == "inferred")
    before = timing.clock_inferred(load(data_copy))
    context.loc[ours & context.about_id.isin(before), "confidence"] = "read"
    context.to_csv(path, index=False, lineterminator="\n")
    facts = load(data_copy)
    assert before and not timing.clock_inferred(facts)
    for eid in before:
        assert INFERRED_MARK not in timing.event_dates(facts)[eid]
        assert "(the clock is our inference)" not in prose.limits_note(facts, "events")


def test_a_date_from_other_reporting_or_our_inference_cites_a_context_fact(facts):
    """A date the article does not give rests on a context fact, which names its sources, so the
    timeline never says "Sources: the article itself" beside it and the limits box never lists it
    as unchecked (read 7, m11: "Ceasefire talks falter", dated from the strikes' day)."""
    about = set(facts.context.about_id)
    ev = facts.events
    outside = ev[ev.resolution.astype(str).isin(["context", "inferred"])]
    assert len(outside) > 1
    for row in outside.itertuples():
        assert row.event_id in about, f"{row.event_id}: dated {row.resolution}, cites no source"
    sources = timing.events(facts).set_index("id").sources
    for eid in outside.event_id:
        assert sources[eid] != "the article itself", eid


def test_the_limits_box_says_which_part_of_a_date_other_reporting_supplies(facts):
    """A date the article prints in part ("Jan. 19") is resolved in the year only, and a span
    whose end is our inference says so, in the limits box as on the timeline (read 7, m9)."""
    resolves = _resolves_span(prose.limits_note(facts, "events"))
    status = sourcing.corroboration(facts, ("events",))
    dating = timing.dating(facts)
    partial = [
        eid
        for eid, how in dating.items()
        if status[eid] == "resolves"
        and how != timing.RESOLUTION_WORDS["context"]
        and eid not in timing.clock_inferred(facts)
    ]
    assert len(partial) >= 2
    for eid in partial:
        assert f"({dating[eid]})" in resolves.replace("&quot;", '"').replace("&#x27;", "'"), eid

"""How each event's date was resolved, in words (explainer.views.derive.timing.dating): the rule
for any package, checked on the data at hand. The flagship's own words are pinned in
tests/golden/test_flagship.py."""

from __future__ import annotations

from explainer.views.derive import relaying, timing


def test_a_date_resting_on_our_inference_says_so(facts):
    """Read 4, m1 and m3: a date that any context fact of ours helps resolve must say "our
    inference" in the words that travel with it (the dating words, or the clocks where the
    inference is the clock), not plain "from other reporting"."""
    ev = timing.events(facts).set_index("id")
    cx = facts.context
    ours = set(cx.about_id[cx.confidence.astype(str) == "inferred"]) & set(ev.index)
    assert ours, "no event of this package rests on an inference: nothing to check"
    for eid in sorted(ours):
        phrase = timing.event_phrase(ev.loc[eid].to_dict() | {"id": eid})
        assert relaying.INFERRED_MARK in phrase, f"{eid}: {phrase}"


def test_a_date_stated_in_part_says_which_part(facts):
    """Read 4, m2: where a date figure lies inside an event's words, the date is not wholly
    "from other reporting": its words quote the part the article states."""
    fg = facts.figures[facts.figures.kind.astype(str) == "date"]
    how = timing.dating(facts)
    checked = 0
    for e in facts.events.itertuples():
        inside = fg[(fg.start >= e.start) & (fg.end <= e.end)]
        if inside.empty or str(e.resolution) == "stated":
            continue
        checked += 1
        assert f"“{inside.exact.iloc[0]}” stated in the article" in how[e.event_id], how
    assert checked, "no event of this package has a date stated in part: nothing to check"

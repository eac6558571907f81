"""One measure for every voice's relay chain (EDITORIAL.md rules 2, 9 and 10), on the data.

A relay hop may be our inference only on the article's own evidence: the article names that
relay for another passage of the same voice, and the hop's reasoning quotes the article rather
than resting on outside reporting (which exists for some voices' statements and not for others,
so using it would put the extra inferential effort on one voice). Where the article names no
relay, every voice's chain says so with the same hop ("relay not named"), so that no chain of a
quoted voice reads as first-hand receipt by the outlet.
"""

from __future__ import annotations

import re

from explainer.views import derive

_QUOTED = re.compile(r"“([^”]+)”")


def _short(publisher: str) -> str:
    name = re.sub(r"\s*\(.*?\)", "", publisher).removeprefix("The ").split()
    return " ".join(name[:2])


def _voice_of(facts) -> dict[str, str]:
    return dict(zip(facts.statements.statement_id, facts.statements.voice_id, strict=True))


def test_an_inferred_relay_is_one_the_article_names_for_the_same_voice(facts):
    voice = _voice_of(facts)
    hops = facts.relay_hops.assign(voice=facts.relay_hops.statement_id.map(voice))
    relays = hops[hops.role.astype(str) == "relay"]
    stated = relays[relays.basis.astype(str) != "inferred"]
    named = set(zip(stated.voice, stated.actor_id, strict=True))
    for hop in relays[relays.basis.astype(str) == "inferred"].itertuples():
        assert (hop.voice, hop.actor_id) in named, (
            f"{hop.statement_id}: {hop.actor_id} is inferred as a relay of {hop.voice}, but the "
            "article names it as a relay for no passage of that voice"
        )


def test_an_inferred_relay_rests_on_the_article_not_on_outside_reporting(facts, article):
    others = facts.sources[facts.sources.kind.astype(str) == "context"]
    # Each outlet by the first two words of its name ("Mehr News", "Jerusalem Post").
    outside = {_short(str(p)) for p in others.publisher.dropna()} - {""}
    inferred = facts.relay_hops[facts.relay_hops.basis.astype(str) == "inferred"]
    assert len(inferred) >= 1
    for hop in inferred.itertuples():
        note = str(hop.basis_note)
        quoted = _QUOTED.findall(note)
        assert quoted and all(q in article for q in quoted), (hop.statement_id, note)
        cited = sorted(p for p in outside if p.lower() in note.lower())
        assert "http" not in note, hop.statement_id
        assert not cited, f"{hop.statement_id}: the reasoning rests on {cited}"


def test_every_quoted_voice_shows_its_relay_hop_named_inferred_or_not_named(facts):
    hops = derive.hops(facts)
    voice = _voice_of(facts)
    speakers = set(hops.loc[hops.role == "speaker", "statement_id"])
    assert speakers
    with_relay = set(hops.loc[hops.role == "relay", "statement_id"])
    assert speakers <= with_relay, sorted(speakers - with_relay)
    gaps = hops[hops.unnamed]
    assert set(gaps.actor) == {derive.UNNAMED_RELAY}
    # the same for every voice: each voice that has a passage with no relay named shows the hop
    stated = facts.relay_hops[facts.relay_hops.role.astype(str) == "relay"].statement_id
    bare = speakers - set(stated)
    assert {voice[s] for s in bare} == {voice[s] for s in gaps.statement_id}
    for sid in gaps.statement_id:
        assert derive.UNNAMED_RELAY in derive.relay_chains(facts)[sid]

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

from explainer.views.derive import relaying

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
    hops = relaying.hops(facts)
    voice = _voice_of(facts)
    speakers = set(hops.loc[hops.role == "speaker", "statement_id"])
    assert speakers
    with_relay = set(hops.loc[hops.role == "relay", "statement_id"])
    assert speakers <= with_relay, sorted(speakers - with_relay)
    gaps = hops[hops.unnamed & (hops.role == "relay")]
    assert set(gaps.actor) == {relaying.UNNAMED_RELAY}
    # the same for every voice: each voice that has a passage with no relay named shows the hop
    stated = facts.relay_hops[facts.relay_hops.role.astype(str) == "relay"].statement_id
    bare = speakers - set(stated)
    assert {voice[s] for s in bare} == {voice[s] for s in gaps.statement_id}
    for sid in gaps.statement_id:
        assert relaying.UNNAMED_RELAY in relaying.relay_chains(facts)[sid]


def test_a_quotation_with_no_speaker_named_is_not_drawn_as_the_outlets_own(facts):
    """Read 4, m5: words the article puts in quotation marks without naming who used them had
    the chain of the narration (the publisher alone). A missing speaker is drawn as a missing
    relay is: "speaker not named → relay not named → publisher"."""
    chains = relaying.relay_chains(facts)
    st = facts.statements
    quoted = st[st["mode"].astype(str) == "direct"].statement_id
    for sid in quoted:
        assert " → " in chains[sid], f"{sid}: the chain is the publisher alone: {chains[sid]}"
    rh = facts.relay_hops
    no_speaker = set(quoted) - set(rh.statement_id[rh.role.astype(str) == "speaker"])
    assert no_speaker, "no quotation of this package lacks a speaker: nothing to check"
    for sid in no_speaker:
        assert chains[sid].startswith(
            f"{relaying.UNNAMED_SPEAKER} → {relaying.UNNAMED_RELAY} → "
        ), chains[sid]


# ---------------------------------------------------------------- the adjacency rule (M1)


def _paragraph_of(article: str):
    """The index of the paragraph (non-empty line; the headline is 0) holding a character."""
    starts = [m.start() for m in re.finditer(r"[^\n]+", article)]

    def index(offset: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= offset)

    return index


def _adjacent_named(facts, article) -> tuple[dict, set]:
    """Each statement's (voice, paragraph), and the (voice, paragraph, relay) the article names."""
    para = _paragraph_of(article)
    where = {
        r.statement_id: (r.voice_id, para(int(r.start))) for r in facts.statements.itertuples()
    }
    relays = facts.relay_hops[facts.relay_hops.role.astype(str) == "relay"]
    named = {
        (*where[h.statement_id], h.actor_id)
        for h in relays.itertuples()
        if str(h.basis) != "inferred"
    }
    return where, named


def test_a_relay_is_inferred_only_from_an_adjacent_paragraph(facts, article):
    """relaying.RELAY_RULE, as the method and statements pages state it: an inferred relay is one
    a neighbouring paragraph names for the same voice, and never the headline's."""
    where, named = _adjacent_named(facts, article)
    relays = facts.relay_hops[facts.relay_hops.role.astype(str) == "relay"]
    inferred = relays[relays.basis.astype(str) == "inferred"]
    assert len(inferred) >= 1
    for hop in inferred.itertuples():
        voice, p = where[hop.statement_id]
        assert p != 0, f"{hop.statement_id}: a relay is inferred for the headline"
        assert {(voice, p - 1, hop.actor_id), (voice, p + 1, hop.actor_id)} & named, (
            f"{hop.statement_id}: {hop.actor_id} is inferred, but neither neighbouring paragraph "
            f"names it for {voice}"
        )


def test_the_adjacency_rule_is_applied_to_every_passage(facts, article):
    """The other half of one measure: a body passage with no relay, next to a paragraph that
    names one for the same voice, would be the rule applied unevenly."""
    where, named = _adjacent_named(facts, article)
    relays = facts.relay_hops[facts.relay_hops.role.astype(str) == "relay"]
    with_relay = set(relays.statement_id)
    by_place = {(v, p) for v, p, _ in named}
    for sid, (voice, p) in where.items():
        if sid in with_relay or p == 0:
            continue
        assert not {(voice, p - 1), (voice, p + 1)} & by_place, (
            f"{sid}: a neighbouring paragraph names a relay for {voice}, but none is inferred"
        )


def test_the_method_and_statements_pages_state_the_one_rule():
    """Both pages glue relaying.RELAY_RULE; neither words the rule another way."""
    from pathlib import Path

    book = Path(__file__).resolve().parents[1] / "book"
    for page in ("method.md", "statements.md"):
        text = (book / page).read_text(encoding="utf-8")
        assert "{glue:md}`relay_rule`" in text, page
        assert "relay is inferred" not in text.replace("\n", " "), page
    assert "headline" in relaying.RELAY_RULE and relaying.UNNAMED_RELAY in relaying.RELAY_RULE


def test_a_chain_with_no_relay_says_so_in_the_data(facts):
    """m7 (editorial read 4): relay_hops.csv travels alone in the download, where a chain with no
    relay row would read as direct; its publisher hop says the relay is not named."""
    hops = facts.relay_hops
    with_relay = set(hops.statement_id[hops.role.astype(str) == "relay"])
    with_speaker = set(hops.statement_id[hops.role.astype(str) == "speaker"])
    publishers = hops[hops.role.astype(str) == "publisher"]
    bare = publishers[~publishers.statement_id.isin(with_relay)]
    assert len(bare) >= 1
    for hop in bare.itertuples():
        expected = "Relay not named:" if hop.statement_id in with_speaker else "Speaker and relay"
        assert str(hop.basis_note).startswith(expected), (hop.statement_id, hop.basis_note)
    for hop in publishers[publishers.statement_id.isin(with_relay)].itertuples():
        assert "not named" not in str(hop.basis_note), hop.statement_id


def test_every_view_shows_a_relation_with_one_chain(facts):
    """Read 4, m6: the record cards and records.csv gave the siege relations the chain "The
    Algemeiner" while the actors page gave "Hamas → relay not named → The Algemeiner"; and the
    narration's "Israeli Defense Minister Israel Katz" was drawn as if Katz had said it."""
    from explainer.views import cite
    from explainer.views.derive import graph

    cards = {r.id: r.chain for r in cite.records(facts) if r.kind == "relation"}
    _, edges = graph.network(facts)
    table = dict(zip(edges.id, edges.relay, strict=True))
    assert cards and cards == table
    # The narration's name for a speaker is the narration's own words, not the speaker's.
    publisher = str(facts.sources[facts.sources.kind.astype(str) == "article"].publisher.iloc[0])
    al = facts.aliases
    names = set(zip(al.actor_id.astype(str), al.start, al.end, strict=True))
    named = [
        r.relation_id
        for r in facts.relations.itertuples()
        if str(r.voice_id) == "narration" and (str(r.subject_id), r.start, r.end) in names
    ]
    assert named, "no relation of this package is anchored on its subject's name"
    for rid in named:
        assert cards[rid] == publisher, (rid, cards[rid])


_WORD = re.compile(r"[A-Za-z]{4,}")
# The site's own verbs of report, which the summaries use in every voice's name.
_FRAMING = {"calls", "says", "said", "narration", "statement", "account", "words"}


def test_a_relation_summary_takes_no_words_from_another_paragraph(facts, article):
    """A summary shows its passage's relay chain, so its words come from that paragraph.

    A word the article prints only elsewhere (the lead's "embassies", credited to Iranian
    state-run media, in a summary of paragraph 9, which names no relay) would give the
    paragraph's chain to another passage's words. Words are compared by their first four
    letters, so that "calls" matches "called"; actors' names and the site's framing are free.
    """
    paragraphs = []
    for match in re.finditer(r"[^\n]+", article):
        paragraphs.append((match.start(), match.end(), match.group()))
    names = " ".join([*facts.actors.name.astype(str), *facts.aliases.exact.astype(str)])
    free = {w.lower()[:4] for w in _WORD.findall(names)} | {w[:4] for w in _FRAMING}
    in_article = {w.lower()[:4] for w in _WORD.findall(article)}
    for rel in facts.relations.itertuples():
        text = next(t for a, b, t in paragraphs if a <= int(rel.start) < b)
        own = {w.lower()[:4] for w in _WORD.findall(text)}
        borrowed = sorted(
            w for w in _WORD.findall(str(rel.detail)) if w.lower()[:4] in in_article - own - free
        )
        assert not borrowed, f"{rel.relation_id}: {borrowed} are not in its paragraph"

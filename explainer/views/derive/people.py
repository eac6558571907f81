"""What each voice says: its statements, its share of them, the words and names it uses."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from explainer.package.facts import Facts
from explainer.package.vocab import voice_at
from explainer.views.derive.links import ARTICLE_PAGE, href
from explainer.views.derive.phrasing import listing
from explainer.views.derive.relaying import (
    chain_bases,
    containing_chain,
    direct_parts,
    relay_chains,
)
from explainer.views.derive.roster import actor_names, voice_labels
from explainer.views.derive.sourcing import article_source
from explainer.views.derive.timing import event_dates

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


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
            "chain_basis": st.statement_id.map(chain_bases(facts)).fillna(""),
            "date": st.event_id.map(event_dates(facts)),
            "date_precision": st.event_id.map(ev.precision).astype(str),
            "addresses": st.addresses,
            "start": st.start,
            "words": st.exact.map(lambda t: len(WORD.findall(t))),
            "href": st.statement_id.map(href),
        }
    )


def voice_share(facts: Facts) -> pd.DataFrame:
    """Words of the article per voice: direct quotations by their voice, everything else narration.

    Paraphrase counts as narration, because its words are the outlet's.
    """
    text = facts.article
    direct = direct_parts(facts)
    spans = [(s, e, v) for s, e, v, _ in direct]
    counts: Counter[str] = Counter()
    for m in WORD.finditer(text):
        counts[voice_at(spans, m.start(), m.end())] += 1
    total = sum(counts.values())
    labels = voice_labels(facts)
    order = list(facts.voices.voice_id.astype(str))
    quoted = {
        v: " ".join(dict.fromkeys(sid for *_, voice, sid in direct if voice == v)) for v in order
    }
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


#: A term's ``loaded`` flag in words, loaded first (the terms chart fills those marks).
LOADED_WORDS = {True: "loaded", False: "not loaded"}


def term_usage(facts: Facts) -> pd.DataFrame:
    """Occurrences of each term per voice."""
    labels = voice_labels(facts)
    tm = facts.terms.assign(voice=facts.terms.voice_id.astype(str))
    tm["chain"] = span_chains(facts, zip(tm.start, tm.end, tm.voice, strict=True))
    out = (
        tm.groupby(["term", "voice", "loaded", "category"], observed=True)
        .agg(
            uses=("term_id", "size"),
            id=("term_id", "first"),
            chain=("chain", every_route),
        )
        .reset_index()
    )
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    out["category"] = out.category.astype(str)
    out["loaded"] = out.loaded.map(LOADED_WORDS)
    return out.sort_values(["voice", "term"]).reset_index(drop=True)


def alias_usage(facts: Facts, actor_ids: tuple[str, ...]) -> pd.DataFrame:
    """How each voice names the given actors: one row per (actor, alias, voice) with a count."""
    names = actor_names(facts)
    labels = voice_labels(facts)
    al = facts.aliases[facts.aliases.actor_id.isin(actor_ids)]
    al = al.assign(voice=al.voice_id.astype(str), form=al.form.astype(str))
    al["chain"] = span_chains(facts, zip(al.start, al.end, al.voice, strict=True))
    out = (
        al.groupby(["actor_id", "exact", "voice", "form"], observed=True)
        .agg(uses=("alias_id", "size"), id=("alias_id", "first"), chain=("chain", every_route))
        .reset_index()
        .rename(columns={"exact": "alias"})
    )
    out["actor"] = out.actor_id.map(names)
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    return out.sort_values(["actor_id", "voice", "alias"]).reset_index(drop=True)


def shared_actors(facts: Facts) -> tuple[str, ...]:
    """The actors that more than one voice names: whose names the words page compares."""
    voices = facts.aliases.groupby("actor_id", observed=True).voice_id.nunique()
    return tuple(sorted(voices.index[voices > 1]))


def referents(facts: Facts, actor_ids: set[str]) -> dict[str, str]:
    """actor_id → the heading it is shown under: the outermost actor it belongs to
    (actors.part_of) among ``actor_ids``, with the others it gathers ("Israel and Israeli
    government")."""
    parent = dict(zip(facts.actors.actor_id, facts.actors.part_of.fillna(""), strict=True))
    names = actor_names(facts)

    def top(actor: str) -> str:
        seen = {actor}
        while parent.get(actor) in actor_ids and parent[actor] not in seen:
            actor = parent[actor]
            seen.add(actor)
        return actor

    groups: dict[str, list[str]] = {}
    for actor in sorted(actor_ids):
        groups.setdefault(top(actor), []).append(actor)
    heading = {
        root: listing([names[root], *(names[a] for a in members if a != root)])
        for root, members in groups.items()
    }
    return {actor: heading[top(actor)] for actor in actor_ids}


def span_chains(facts: Facts, spans) -> list[str]:
    """The relay chain of each (start, end, voice id) of ``spans``: the innermost direct
    quotation's that holds it, or, outside every quotation, the publisher alone (read 7, M2: a
    chart's tooltip shows whose words reached the reader through whom, as its table does)."""
    direct, chains = direct_parts(facts), relay_chains(facts)
    publisher = str(article_source(facts).publisher)
    return [
        containing_chain(direct, chains, int(s), int(e), str(v)) or publisher for s, e, v in spans
    ]


def every_route(chains: pd.Series) -> str:
    """The relay chains of a voice's uses of one word, first use first, each once."""
    return "; ".join(dict.fromkeys(chains))


def voice_segments(facts: Facts) -> pd.DataFrame:
    """The article as a strip of runs in reading order: each direct quotation, and the narration
    between them, with its share of the text."""
    text = facts.article
    labels = voice_labels(facts)
    rows, cursor = [], 0
    for s, e, voice, sid in direct_parts(facts):
        if s > cursor:
            rows.append((cursor, s, "narration", ""))
        rows.append((s, e, voice, sid))
        cursor = e
    if cursor < len(text):
        rows.append((cursor, len(text), "narration", ""))
    n = len(text)
    chains = relay_chains(facts)
    publisher = str(article_source(facts).publisher)
    return pd.DataFrame(
        [
            {
                "from": round(100 * s / n, 2),
                "to": round(100 * e / n, 2),
                "voice": v,
                "voice_label": labels[v],
                "excerpt": text[s:e].strip()[:90] + ("…" if len(text[s:e].strip()) > 90 else ""),
                "id": sid,
                "chain": chains.get(sid, publisher) if sid else publisher,
                "href": href(sid) if sid else f"{ARTICLE_PAGE}#text",
            }
            for s, e, v, sid in rows
        ]
    )

"""Who said it through whom: relay hops, chains and their bases, and the sentence that sums them up."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from explainer.package import scan
from explainer.package.facts import Facts
from explainer.views.derive.phrasing import count_words, listing, plural
from explainer.views.derive.roster import actor_names

#: How the article supports a relay hop (relay_hops.basis), in words for tables and tooltips.
BASIS_WORDS = {
    "stated_here": "named in the sentence",
    "stated_elsewhere": "named elsewhere in the article",
    "inferred": "our inference",
    "byline": "named in the byline",
    "not_named": "the article names no relay",
}


#: What the site writes beside a hop that the article does not state (EDITORIAL.md rule 9).
INFERRED_MARK = "our inference"


#: The hop a chain shows where a quoted voice reached the publisher with no relay named: the
#: article does not say the outlet heard it first-hand, so the chain does not either (rule 2).
UNNAMED_RELAY = "relay not named"


#: The hop a chain starts with where the article quotes words without naming who used them: a
#: missing speaker is drawn as a missing relay is, never as the outlet's own words (read 4, m5).
UNNAMED_SPEAKER = "speaker not named"


#: The one rule for inferring a relay, worded once for every page that states it (the method
#: and statements pages glue it as ``relay_rule``); tests/test_relay_measure.py applies it to
#: the data.
RELAY_RULE = (
    "A relay is inferred only for a passage of the article’s body whose paragraph is next to a "
    "paragraph that names that relay for the same voice, continuing the same statement; never "
    "from other reporting, and never for the headline, which continues no paragraph. Everywhere "
    f"else, for every voice, the chain says “{UNNAMED_RELAY}”."
)


def hops(facts: Facts) -> pd.DataFrame:
    """One row per relay hop, in chain order, with the actor's name, whether the hop is our
    inference, and ``label``: the name as a chain shows it ("Press TV (our inference)").

    One measure for every voice: where a speaker's words reach the publisher with no relay
    named or inferred, the chain gets a hop of its own, ``unnamed``, labelled
    :data:`UNNAMED_RELAY` (basis ``not_named``), so that no chain reads as first-hand receipt."""
    names = actor_names(facts)
    rh = facts.relay_hops.sort_values(["statement_id", "position"])
    inferred = rh.basis.astype(str) == "inferred"
    actor = rh.actor_id.map(names)
    table = pd.DataFrame(
        {
            "statement_id": rh.statement_id,
            "position": rh.position.astype(float),
            "actor_id": rh.actor_id,
            "actor": actor,
            "role": rh.role.astype(str),
            "basis": rh.basis.astype(str),
            "basis_words": rh.basis.astype(str).map(BASIS_WORDS),
            "basis_note": rh.basis_note.fillna(""),
            "inferred": inferred,
            "unnamed": False,
            "label": actor.where(~inferred, actor + f" ({INFERRED_MARK})"),
        }
    )
    roles = table.groupby("statement_id", sort=False).role.agg(set)
    quoted = set(facts.statements.statement_id[facts.statements["mode"].astype(str) == "direct"])
    gaps = []

    def gap(sid: str, position: float, role: str, name: str, words: str) -> dict:
        return {
            "statement_id": sid,
            "position": position,
            "actor_id": "",
            "actor": name,
            "role": role,
            "basis": "not_named",
            "basis_words": words,
            "basis_note": "",
            "inferred": False,
            "unnamed": True,
            "label": name,
        }

    for sid, found in roles.items():
        if "publisher" not in found or "relay" in found:
            continue
        rows = table[table.statement_id == sid]
        first = rows.position.min()
        before = rows.loc[rows.role == "publisher", "position"].min()
        if "speaker" in found:
            gaps.append(gap(sid, before - 0.5, "relay", UNNAMED_RELAY, BASIS_WORDS["not_named"]))
        elif sid in quoted:  # words in quotation marks whose user the article does not name
            words = "the article names no speaker"
            gaps.append(gap(sid, first - 1.0, "speaker", UNNAMED_SPEAKER, words))
            gaps.append(gap(sid, first - 0.5, "relay", UNNAMED_RELAY, BASIS_WORDS["not_named"]))
    if gaps:
        table = pd.concat([table, pd.DataFrame(gaps)], ignore_index=True)
        order = {sid: i for i, sid in enumerate(dict.fromkeys(rh.statement_id))}
        table = table.sort_values(
            ["statement_id", "position"],
            key=lambda c: c.map(order) if c.name == "statement_id" else c,
        )
    return table.reset_index(drop=True)


def relay_chains(facts: Facts) -> dict[str, str]:
    """statement_id → "Hamas → Press TV (our inference) → The Algemeiner" (speaker first,
    publisher last; a hop the article does not state carries the mark of our inference)."""
    return {
        sid: " → ".join(group.label)
        for sid, group in hops(facts).groupby("statement_id", sort=False)
    }


def chain_bases(facts: Facts) -> dict[str, str]:
    """statement_id → how the article supports each hop before the publisher, in words:
    "Hamas: named in the passage's sentence; Press TV: our inference: ... (the reasoning)"."""
    hp = hops(facts)
    hp = hp[hp.role != "publisher"]
    return {
        sid: "; ".join(
            f"{r.actor}: {r.basis_words}" + (f" ({r.basis_note})" if r.inferred else "")
            for r in group.itertuples()
        )
        for sid, group in hp.groupby("statement_id", sort=False)
    }


def relay_summary(facts: Facts) -> dict[str, object]:
    """How the article attributes its relayed passages, counted from relay_hops: the passages
    whose relay it names (by relay), those whose relay is our inference (by relay), and all the
    others, with no relay named or inferred (and how many of those name no speaker either)."""
    hp = hops(facts)
    relays = hp[(hp.role == "relay") & ~hp.unnamed]
    named = relays[~relays.inferred]
    inferred = relays[relays.inferred]
    unnamed_speaker = set(hp.loc[(hp.role == "speaker") & hp.unnamed, "statement_id"])
    no_relay = set(hp.statement_id) - set(relays.statement_id)
    return {
        "named": Counter(dict(named.groupby("actor", sort=False).statement_id.nunique())),
        "inferred": Counter(dict(inferred.groupby("actor", sort=False).statement_id.nunique())),
        # Every other record, so the three counts add up to the records (read 6, m11); those
        # whose speaker the article does not name either are counted among them.
        "none": len(no_relay),
        "none_unnamed_speaker": len(no_relay & unnamed_speaker),
        "named_ids": sorted(set(named.statement_id)),
        "inferred_ids": sorted(set(inferred.statement_id)),
    }


def relay_sentence(facts: Facts) -> str:
    """The relay summary in words, counting records (a quotation inside a paraphrase is a record
    of its own): "The article names the relay of 4 statement records (Press TV 2,
    Iranian state-run media 2); for 6 more the relay is our inference (Press TV 5, ...); for
    5 it names no relay."."""
    summary = relay_summary(facts)

    def counts(counter: Counter) -> str:
        return listing([f"{name} for {count_words(n)}" for name, n in counter.most_common()])

    named, inferred = summary["named"], summary["inferred"]
    parts = []
    if named:
        parts.append(
            f"The article names the relay of "
            f"{plural(sum(named.values()), 'statement record')} "
            f"({counts(named)})"
        )
    if inferred:
        parts.append(
            f"for {count_words(sum(inferred.values()))} more, the relay is {INFERRED_MARK} "
            f"({counts(inferred)})"
        )
    if summary["none"]:
        no_speaker = summary["none_unnamed_speaker"]
        parts.append(
            f"for the other {count_words(summary['none'])}, it names no relay"
            + (
                f" ({count_words(no_speaker)} of them {'names' if no_speaker == 1 else 'name'} "
                "no speaker either)"
                if no_speaker
                else ""
            )
        )
    text = "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def chain_paths(facts: Facts) -> pd.DataFrame:
    """Count statements along each distinct relay path, as (path, column, actor, n, ...), with
    the ids of the statements on it (``records``). A hop that is our inference is part of the
    path ("Press TV (our inference)"), so an inferred route is never counted with a stated one;
    ``inferred`` marks such a hop and ``basis`` says how the article supports each."""
    hp = hops(facts)
    groups = {sid: g.reset_index(drop=True) for sid, g in hp.groupby("statement_id", sort=False)}
    paths = pd.Series(
        {
            sid: tuple(zip(g.actor_id, g.label, g.inferred, g.unnamed, strict=True))
            for sid, g in groups.items()
        }
    )
    counts = Counter(paths)
    rows = []
    for path, n in sorted(counts.items(), key=lambda kv: (-kv[1], [h[1] for h in kv[0]])):
        label = " → ".join(h[1] for h in path)
        on_path = list(paths.index[paths == path])
        # Align hops by role: speaker column 0, relay column 1, publisher column 2.
        cols = [0] + ([1] * (len(path) - 2)) + [2] if len(path) > 1 else [2]
        for i, ((actor_id, name, inferred, unnamed), col) in enumerate(
            zip(path, cols, strict=True)
        ):
            # The statements on one route may rest on the same hop in different ways.
            basis = "; ".join(dict.fromkeys(groups[sid].basis_words[i] for sid in on_path))
            rows.append(
                {
                    "path": label,
                    "column": col,
                    "actor_id": actor_id,
                    "actor": name,
                    "inferred": bool(inferred),
                    "unnamed": bool(unnamed),
                    "basis": basis,
                    "statements": n,
                    "records": " ".join(on_path),
                }
            )
    return pd.DataFrame(rows)


def chain_links(paths: pd.DataFrame) -> pd.DataFrame:
    """The segments between consecutive hops of :func:`chain_paths`: one row per link, its
    ``link`` one of :data:`LINK_WORDS`: named by the article (solid), our inference when either
    end is a hop of ours (dashed), or a hop the article does not name (dotted)."""
    rows = []
    for path, group in paths.groupby("path", sort=False):
        ordered = group.sort_values("column")
        for (_, a), (_, b) in zip(ordered.iterrows(), ordered.iloc[1:].iterrows(), strict=False):
            kind = (
                "unnamed"
                if a.unnamed or b.unnamed
                else "inferred"
                if a.inferred or b.inferred
                else "named"
            )
            rows.append(
                {
                    "path": path,
                    "column": a.column,
                    "column2": b.column,
                    "link": LINK_WORDS[kind],
                    "statements": a.statements,
                }
            )
    return pd.DataFrame(rows)


#: The three kinds of link the relay chart draws: solid, dashed and dotted.
LINK_WORDS = {
    "named": "the article names this hop",
    "inferred": f"{INFERRED_MARK}",
    "unnamed": UNNAMED_RELAY,
}


def direct_parts(facts: Facts) -> list[tuple[int, int, str, str]]:
    """The quoted words of every direct statement, in text order: (start, end, voice id,
    statement id). A quotation split by its cue is two parts; the cue between is the narration's
    (see :func:`explainer.package.scan.quoted_parts`)."""
    passages = scan.quotations(facts.article)[0]
    return sorted(
        (a, b, str(r.voice_id), str(r.statement_id))
        for r in facts.statements.itertuples()
        if r.mode == "direct"
        for a, b in scan.quoted_parts(passages, int(r.start), int(r.end))
    )


def containing_chain(
    direct: list[tuple[int, int, str, str]], chains: dict[str, str], s: int, e: int, voice: str
) -> str | None:
    """The relay chain of the innermost direct quotation in ``voice`` (of ``direct``, see
    :func:`direct_parts`) that contains s..e; None for words outside every quotation."""
    inside = [(b - a, sid) for a, b, v, sid in direct if a <= s and e <= b and v == voice]
    return chains.get(min(inside)[1]) if inside else None

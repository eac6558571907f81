"""Who speaks: change a statement's speaker, make an actor, merge two actors; and the voices
and relay hops that follow the speaker."""

from __future__ import annotations

import re
import unicodedata

from explainer.package import NARRATION, scan
from explainer.package.store import Package, StoreError, Written, resource

from .working import PROVENANCE, Edit, in_sentences, trim


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "actor"


def ensure_actor_and_voice(e: Edit, actor_id: str) -> str:
    """The voice of ``actor_id`` (made, as a reviewed record, if the actor has none)."""
    for v in e.tables.get("voices", []):
        if v["actor_id"] == actor_id:
            return v["voice_id"]
    actor = e.find("actors", actor_id)
    vid = actor_id if not e.has("voices", actor_id) else e.new_id("voices", f"{actor_id}_")
    e.add(
        "voices",
        {
            "voice_id": vid,
            "actor_id": actor_id,
            "label": actor["name"],
            "description": f"{actor['name']}, as quoted or reported by the article.",
        },
    )
    return vid


def new_actor(e: Edit, name: str, kind: str = "person") -> str:
    aid = slug(name)
    if e.has("actors", aid) or e.owner(aid):
        n = 2
        while e.has("actors", f"{aid}_{n}") or e.owner(f"{aid}_{n}"):
            n += 1
        aid = f"{aid}_{n}"
    e.add(
        "actors",
        {
            "actor_id": aid,
            "name": name,
            "kind": kind,
            "description": f"Named in the article as “{name}”.",
        },
    )
    return aid


def change_speaker(
    pkg: Package,
    rid: str,
    actor_id: str = "",
    start: int | None = None,
    end: int | None = None,
    version: str | None = None,
) -> Written:
    """Give statement ``rid`` another speaker: an actor by id, or one made from a selection.

    With a selection, the statement's named source is anchored there and, with no ``actor_id``,
    a new actor (and its voice and alias) is named after the selected words. The statement's
    voice and the first hop of its relay chain follow the speaker.
    """
    e = Edit(pkg)
    st = e.find("statements", rid)
    text = pkg.article
    if start is not None and end is not None:
        a, b = trim(text, int(start), int(end))
        words = text[a:b]
        named = [
            al["actor_id"]
            for al in e.tables.get("aliases", [])
            if (int(al["start"]), int(al["end"])) == (a, b)
        ]
        named += [r["actor_id"] for r in e.tables.get("actors", []) if r["name"] == words]
        if not actor_id and named:
            actor_id = named[0]  # the words already name an actor: that one
        elif not actor_id:
            actor_id = new_actor(e, re.sub(r"^(the|a|an)\s+", "", words, flags=re.I))
            e.add(
                "aliases",
                {
                    "alias_id": e.new_id("aliases", "al_"),
                    "actor_id": actor_id,
                    "start": a,
                    "end": b,
                    "exact": words,
                    "voice_id": e.voice_at(a, b),
                    "form": "name",
                },
            )
        if in_sentences(text, int(st["start"]), int(st["end"]), a, b):
            st["source_start"], st["source_end"], st["source_exact"] = str(a), str(b), words
    set_speaker(e, st, actor_id)
    return e.commit("change_speaker", version, record=f"statements/{rid}", speaker=actor_id)


def set_speaker(e: Edit, st: dict, actor_id: str) -> None:
    """Make ``actor_id`` the speaker of statement ``st`` in ``e``: its voice (made if the actor
    has none), the voice of the words it quotes, and the first hop of its relay chain follow."""
    if not actor_id or not e.has("actors", actor_id):
        raise StoreError(f"actors: no actor {actor_id!r}; pick one or select a name in the text")
    old_voice = st["voice_id"]
    st["speaker_id"] = actor_id
    st["voice_id"] = ensure_actor_and_voice(e, actor_id)
    if st["mode"] == "direct":
        e.revoice(int(st["start"]), int(st["end"]))
    _set_speaker_hop(e, st, actor_id)
    e.touched.append(f"statements/{st['statement_id']}")
    _drop_unused_voice(e, old_voice)


def _set_speaker_hop(e: Edit, st: dict, actor_id: str) -> None:
    """Make the first hop of ``st``'s relay chain its speaker ``actor_id``. A chain with no
    speaker hop (an unattributed statement's holds only the publisher) gets one at position 1,
    the other hops moving down one (their provenance rows with them)."""
    rid = st["statement_id"]
    chain = sorted(
        (h for h in e.tables.get("relay_hops", []) if h["statement_id"] == rid),
        key=lambda h: int(h["position"]) if h["position"].isdigit() else 0,
    )
    if chain and chain[0]["role"] == "speaker":
        chain[0].update(speaker_hop(e, st, actor_id))
        e.touched.append(f"relay_hops/{e.key_of('relay_hops', chain[0])}")
        return
    for hop in reversed(chain):
        old = e.key_of("relay_hops", hop)
        hop["position"] = str(int(hop["position"]) + 1)
        new = e.key_of("relay_hops", hop)
        for p in e.tables.get(PROVENANCE, []):
            if p["table"] == "relay_hops" and p["record_id"] == old:
                p["record_id"] = new
        e.touched += [f"relay_hops/{old}", f"relay_hops/{new}"]
    e.add(
        "relay_hops",
        {"statement_id": rid, "position": "1", "role": "speaker", **speaker_hop(e, st, actor_id)},
    )


def names_in_sentence(e: Edit, st: dict, actor_id: str) -> list[str]:
    """The words of each of the actor's names (aliases) in the sentences of statement ``st``,
    in the aliases' order."""
    s, t = int(st["start"]), int(st["end"])
    return [
        al["exact"]
        for al in e.tables.get("aliases", [])
        if al["actor_id"] == actor_id
        and in_sentences(e.pkg.article, s, t, int(al["start"]), int(al["end"]))
    ]


def speaker_hop(e: Edit, st: dict, actor_id: str) -> dict:
    """The first hop's fields: named in the passage's sentence (its alias there), or elsewhere."""
    named = names_in_sentence(e, st, actor_id)
    if named:
        return {
            "actor_id": actor_id,
            "basis": "stated_here",
            "wording": named[0],
            "basis_note": "",
        }
    return {
        "actor_id": actor_id,
        "basis": "stated_elsewhere",
        "wording": "",
        "basis_note": "The passage's sentence does not name the speaker; the article names "
        "them before it.",
    }


def refresh_speaker_wording(e: Edit, actor_id: str) -> None:
    """Each speaker hop of ``actor_id`` named in its passage's sentence takes the words of the
    actor's name there as they now stand (newcomer read 3: after a merge and a corrected name,
    three hops still read "Vermont" for "the Vermont senator")."""
    statements = {st["statement_id"]: st for st in e.tables.get("statements", [])}
    for hop in e.tables.get("relay_hops", []):
        st = statements.get(hop["statement_id"])
        if hop["role"] != "speaker" or hop["actor_id"] != actor_id or st is None:
            continue
        if hop["basis"] not in ("stated_here", "stated_elsewhere"):
            continue
        named = names_in_sentence(e, st, actor_id)
        if named and hop["wording"] not in named:  # not the words of one of its names there
            hop.update(basis="stated_here", wording=named[0], basis_note="")
            e.touched.append(f"relay_hops/{e.key_of('relay_hops', hop)}")


def _drop_unused_voice(e: Edit, vid: str) -> None:
    if not vid or vid == NARRATION or not e.drafted("voices", vid):
        return
    if not e.users("voices", vid):
        e.remove("voices", vid)


def merge_actors(pkg: Package, keep: str, drop: str, version: str | None = None) -> Written:
    """Make actor ``drop`` the same as ``keep``: every reference moves, ``drop`` goes."""
    if keep == drop:
        raise StoreError("pick two different actors to merge")
    e = Edit(pkg)
    e.find("actors", keep)
    e.find("actors", drop)
    keep_voice = next(
        (v["voice_id"] for v in e.tables.get("voices", []) if v["actor_id"] == keep), ""
    )
    drop_voices = [v["voice_id"] for v in e.tables.get("voices", []) if v["actor_id"] == drop]
    for vid in drop_voices:
        if keep_voice:
            _repoint(e, "voices", vid, keep_voice)
            e.remove("voices", vid)
        else:
            e.find("voices", vid)["actor_id"] = keep
            keep_voice = vid
    _repoint(e, "actors", drop, keep)
    e.remove("actors", drop)
    refresh_speaker_wording(e, keep)
    return e.commit("merge_actors", version, record=f"actors/{keep}", keep=keep, drop=drop)


#: What an event's second mention takes from the event it is the same as.
DATED = ("label", "date_start", "date_end", "precision", "resolution", "moment_utc")


def merge_events(pkg: Package, keep: str, drop: str, version: str | None = None) -> Written:
    """Say that event ``drop`` is ``keep`` mentioned again ("ruled Friday" and "Friday's
    decision"), in one transaction: every record pointing to ``drop`` points to ``keep``.
    ``drop`` goes, unless its words hold a date (every date in the text keeps an event): then
    it stays as the second mention, with ``keep``'s label and dates and a note naming it."""
    if keep == drop:
        raise StoreError("pick two different events to merge")
    e = Edit(pkg)
    kept, dropped = e.find("events", keep), e.find("events", drop)
    _repoint(e, "events", drop, keep)
    for cx in e.tables.get("context", []):
        if cx.get("about_id") == drop:
            cx["about_id"] = keep
            e.touched.append(f"context/{cx['context_id']}")
    a, b = int(dropped["start"]), int(dropped["end"])
    if not any(s < b and a < t for s, t in scan.date_expressions(pkg.article)):
        e.remove("events", drop)  # its words are no date the text needs an event for
        return e.commit("merge_events", version, record=f"events/{keep}", keep=keep, drop=drop)
    dropped.update({k: kept[k] for k in DATED})
    start = dropped["date_start"][:4]
    if dropped["resolution"] == "stated" and start and start not in dropped["exact"]:
        dropped["resolution"] = "inferred"  # its own words do not state the whole date
    dropped["note"] = (
        f"Another mention of {keep} (“{kept['exact']}”), the same event: dated as it is."
    )
    e.touched.append(f"events/{drop}")
    return e.commit("merge_events", version, record=f"events/{drop}", keep=keep, drop=drop)


def _repoint(e: Edit, table: str, old: str, new: str) -> None:
    for t, rows in e.tables.items():
        if t == PROVENANCE:
            continue
        res = resource(e.descriptor, t)
        fields = [
            fld
            for fk in res["schema"].get("foreignKeys", [])
            if (fk["reference"]["resource"] or t) == table
            for fld in fk["fields"]
        ]
        for row in rows:
            for fld in fields:
                if row.get(fld) == old:
                    row[fld] = new
                    e.touched.append(f"{t}/{e.key_of(t, row)}")

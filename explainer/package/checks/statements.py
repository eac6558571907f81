"""Statements: each statement's voice is its speaker's, and its relay chain runs speaker →
relays → publisher.
"""

from __future__ import annotations

from explainer.package.checks.base import Result, Row, check, publisher_id, to_int


@check("statement-voice")
def check_statement_voices(result: Result) -> None:
    """A statement's voice belongs to its speaker (the voices table names each voice's actor)."""
    voice_actor = {r["voice_id"]: r["actor_id"] for r in result.rows.get("voices", [])}
    for st in result.rows.get("statements", []):
        actor = voice_actor.get(st["voice_id"])
        if actor is not None and actor != st["speaker_id"]:
            result.report(
                "statement-voice",
                "statements",
                st.line,
                "voice_id",
                voice=st["voice_id"],
                actor=actor or "no named speaker",
                speaker=st["speaker_id"] or "not named",
            )


@check("relay-chain")
def check_relay_chains(result: Result) -> None:
    """Each chain runs speaker → relays → the publisher, positions 1..n without gaps."""
    if "statements" not in result.rows or "relay_hops" not in result.rows:
        return
    publisher = publisher_id(result)
    hops: dict[str, list[Row]] = {}
    for row in result.rows["relay_hops"]:
        hops.setdefault(row["statement_id"], []).append(row)
    for st in result.rows["statements"]:
        chain = sorted(hops.get(st["statement_id"], []), key=lambda r: to_int(r["position"]) or 0)
        if not chain:
            result.report("relay-chain", "statements", st.line, "statement_id", "no-chain")
            continue
        positions = [to_int(r["position"]) for r in chain]
        if positions != list(range(1, len(chain) + 1)):
            result.report(
                "relay-chain",
                "relay_hops",
                chain[0].line,
                "position",
                "positions",
                statement=st["statement_id"],
                positions=positions,
                n=len(chain),
            )
        last = chain[-1]
        if last["role"] != "publisher" or (publisher and last["actor_id"] != publisher):
            result.report(
                "relay-chain",
                "relay_hops",
                last.line,
                "actor_id",
                "publisher",
                statement=st["statement_id"],
                publisher=publisher or "(the actor of the narration voice)",
            )
        first = chain[0]
        if st["speaker_id"]:
            if first["role"] != "speaker" or first["actor_id"] != st["speaker_id"]:
                result.report(
                    "relay-chain",
                    "relay_hops",
                    first.line,
                    "actor_id",
                    "speaker",
                    statement=st["statement_id"],
                    speaker=st["speaker_id"],
                )
        for hop in chain[1:-1]:
            if hop["role"] != "relay":
                result.report("relay-chain", "relay_hops", hop.line, "role", "relays")

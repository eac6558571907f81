"""Accept and reject: a record with what it relies on, or with what only it used."""

from __future__ import annotations

import re
from dataclasses import dataclass

from explainer.package import NARRATION, scan
from explainer.package.store import Package, StoreError, Written

from .records import year_of
from .working import PROVENANCE, Edit


def accept(pkg: Package, table: str, rid: str, version: str | None = None) -> Written:
    """Mark a record reviewed with every drafted record it relies on.

    A reviewed paraphrase needs a direct statement for each quoted passage inside it (the
    validator's rule): accepting one makes them, by the same speaker, with the same voice, event
    and relay chain, as an editor would by hand.
    """
    e = Edit(pkg)
    _accept_into(e, table, rid)
    if not e.touched:
        raise StoreError(f"{table} {rid} and what it relies on are reviewed already")
    return e.commit("accept", version, record=f"{table}/{rid}")


def _accept_into(e: Edit, table: str, rid: str) -> None:
    row = e.find(table, rid)
    if table == "statements" and row["mode"] != "direct":
        _quote_passages(e, row)
    for t, r in [(table, rid), *e.relies_on(table, rid)]:
        e.set_reviewed(t, r)


def accept_all(pkg: Package, refs: list[tuple[str, str]], version: str | None = None) -> Written:
    """Accept several records (each as :func:`accept` does) in one transaction: the drafted
    mentions of one actor, say, read together on the page."""
    if not refs:
        raise StoreError("nothing to accept")
    e = Edit(pkg)
    for table, rid in refs:
        _accept_into(e, table, rid)
    if not e.touched:
        raise StoreError("these records and what they rely on are reviewed already")
    first = "/".join(refs[0])
    return e.commit("accept_all", version, record=first, count=len(refs))


def reject(pkg: Package, table: str, rid: str, version: str | None = None) -> Written:
    """Remove a record, its relay chain, and each drafted record that only it used.

    The text's quotation marks always need a record: a quoted passage the rejected statement
    held, and nothing else accounts for, gets a reviewed ``quoted_phrase`` note (the editor's
    reading that the marks hold no one's words here), in the same transaction."""
    e = Edit(pkg)
    row = e.find(table, rid)
    removed, noted = _reject_into(e, table, rid)
    if table == "figures":
        _keep_numbers_covered(e, row)
    if table == "aliases":
        _keep_names_covered(e, row)
    if table == "notes" and row["kind"] == "quoted_phrase":
        _keep_passages_covered(e, row)
    return e.commit(
        "reject",
        version,
        record=f"{table}/{rid}",
        removed=[f"{t}/{r}" for t, r in removed],
        noted=[f"notes/{n}" for n in noted],
    )


def _keep_numbers_covered(e: Edit, fig: dict) -> None:
    """Refuse, saying why and what to do instead, to leave a number of the text with no figure
    (the validator's coverage rule): a year is a figure of kind date, not a count to reject."""
    text = e.pkg.article
    a, b = int(fig["start"]), int(fig["end"])
    figures = [(int(f["start"]), int(f["end"])) for f in e.tables.get("figures", [])]
    for s, t in scan.numbers(text):
        if a <= s and t <= b and not any(x <= s and t <= y for x, y in figures):
            instead = (
                "It is a year: press d (“A year”) to make it one (kind date) and date its event."
                if year_of(fig)
                else "Correct its value, unit or kind instead (an ordinal or a figure of speech "
                "is a kind)."
            )
            raise StoreError(
                f"refused, nothing written: every number in the text keeps a figure, so "
                f"“{text[s:t]}” ({s}..{t}) cannot lose {fig['figure_id']}. {instead}"
            )


def _keep_names_covered(e: Edit, alias: dict) -> None:
    """Refuse, saying why and what to do instead, to leave a name the package records elsewhere
    with no record where the rejected name held it ("voters" in "eligible voters")."""
    text = e.pkg.article
    a, b = int(alias["start"]), int(alias["end"])
    spans = [
        (int(r["start"]), int(r["end"]))
        for r in e.tables.get("aliases", [])
        if r["start"].isdigit() and r["end"].isdigit()
    ]
    forms = {text[s:t] for s, t in spans}
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text[a:b]):
            s, t = a + m.start(), a + m.end()
            if any(x <= s and t <= y for x, y in spans):
                continue
            instead = (
                "move it to the actor it names (its card's actor list) instead"
                if (s, t) == (a, b)
                else f"set this name's span to “{form}” instead (select it, key s), or move "
                "it to the actor it names (its card's actor list)"
            )
            raise StoreError(
                f"refused, nothing written: rejecting “{alias['exact']}” leaves the name "
                f"“{form}” ({s}..{t}) with no record, and the package records that name "
                f"elsewhere (every printed name it knows keeps one): {instead}."
            )


def _keep_passages_covered(e: Edit, note: dict) -> None:
    """Refuse, saying what to do instead, to leave quoted words with no record: a
    ``quoted_phrase`` note is the record that no one says them (newcomer read 3: rejecting the
    note on a programme's title was refused with advice to add a statement)."""
    text = e.pkg.article
    for s, t in e.uncovered_passages(int(note["start"]), int(note["end"])):
        raise StoreError(
            f"refused, nothing written: every passage in quotation marks keeps a record, and "
            f"this note is the record of “{text[s:t]}” ({s}..{t}). If no one says these words "
            "(a title, a name, a scare quote), accept the note (a). If someone does, add their "
            "statement first (select the words, n), then reject the note."
        )


def rejected_with(pkg: Package, table: str, rid: str) -> list[tuple[str, str]]:
    """The other records :func:`reject` on (table, rid) would remove, as (table, id)."""
    return reject_preview(pkg, table, rid)[0]


def reject_preview(
    pkg: Package, table: str, rid: str
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """What :func:`reject` on (table, rid) would do, for its card to say before acting: the
    other records it would remove, as (table, id) (a drafted event only it used, say), and the
    quoted passages (start, end) it would leave a ``quoted_phrase`` note on."""
    e = Edit(pkg)
    removed, noted = _reject_into(e, table, rid)
    spans = [(int(e.find("notes", n)["start"]), int(e.find("notes", n)["end"])) for n in noted]
    return removed, spans


#: The note a rejected quotation leaves on its passage.
REJECTED_QUOTE = (
    "The editor rejected the statement drafted here: these quotation marks hold no one's words "
    "(a title, a name or a scare quote)."
)


def _reject_into(
    e: Edit, table: str, rid: str, notes: bool = True
) -> tuple[list[tuple[str, str]], list[str]]:
    """Reject (table, rid) in ``e``; return the other records that went with it, and the ids of
    the ``quoted_phrase`` notes made for the quoted passages it leaves bare. ``notes=False``:
    leave the bare sentences and passages to the caller (a replacement covers them)."""
    before = _keys(e)
    e.find(table, rid)
    candidates = e.relies_on(table, rid)
    dependants = [u for u in e.users(table, rid) if u[0] in ("relay_hops", "aliases")]
    for t, r in dependants:
        e.remove(t, r)
    for t, r in e.users(table, rid):
        if t == "voices" and not e.users(t, r) and r != NARRATION:
            e.remove(t, r)  # the voice of a rejected actor that nothing quotes
    row = e.find(table, rid)
    e.remove(table, rid)
    changed = True
    while changed:  # drop the drafts nothing points to any more, until none is left
        changed = False
        for t, r in candidates:
            if e.has(t, r) and e.drafted(t, r) and not e.users(t, r) and r != NARRATION:
                if t == "actors" and any(v["actor_id"] == r for v in e.tables.get("voices", [])):
                    continue
                if t == "aliases" and _names_a_kept_actor(e, r):
                    continue
                e.remove(t, r)
                changed = True
    noted: list[str] = []
    if notes and table in FACT_TABLES:
        s, t = int(row["start"]), int(row["end"])
        if table == "statements":
            e.revoice(s, t)  # the names and figures it quoted go back to the narration
            noted = e.note_quoted_phrases(e.uncovered_passages(s, t), REJECTED_QUOTE)
        note_bare_sentences(e, s, t)
    after = _keys(e)
    return [ref for ref in before if ref not in after and ref != (table, rid)], noted


def _names_a_kept_actor(e: Edit, alias_id: str) -> bool:
    """True when the alias's actor stays (something else refers to it): its name in the text
    keeps its record, or the name would be uncovered and the reject refused."""
    actor = e.find("aliases", alias_id)["actor_id"]
    return e.has("actors", actor) and any(
        u != ("aliases", alias_id) for u in e.users("actors", actor)
    )


def _keys(e: Edit) -> list[tuple[str, str]]:
    return [(t, e.key_of(t, r)) for t in e.tables if t != PROVENANCE for r in e.tables[t]]


#: Tables whose records count as a sentence's fact (the validator's sentence coverage).
FACT_TABLES = ("statements", "events", "figures", "relations")


def note_bare_sentences(e: Edit, start: int, end: int) -> None:
    """A sentence a rejection leaves with no fact gets a drafted ``no_fact`` note, so that the
    package stays valid and the sentence comes back in the queue to be read again."""
    text = e.pkg.article
    covered = [
        (int(r["start"]), int(r["end"])) for t in FACT_TABLES for r in e.tables.get(t, [])
    ] + [
        (int(n["start"]), int(n["end"]))
        for n in e.tables.get("notes", [])
        if n["kind"] == "no_fact"
    ]
    for s, t in scan.sentences(text):
        if s < end and start < t and not any(a < t and s < b for a, b in covered):
            nid = e.new_id("notes", "nt_")
            e.add(
                "notes",
                {
                    "note_id": nid,
                    "kind": "no_fact",
                    "start": s,
                    "end": t,
                    "exact": text[s:t],
                    "note": "The editor rejected the drafted record here.",
                },
            )
            e.tables.setdefault(PROVENANCE, []).append(
                {
                    "record_id": nid,
                    "table": "notes",
                    "review": "draft",
                    "rule": "editor_rejected",
                    "confidence": "0.50",
                    "note": "does this sentence hold a fact to record?",
                }
            )


def missing_passages(e: Edit, st: dict) -> list[tuple[int, int]]:
    """The quoted passages inside paraphrase ``st`` that no direct statement holds yet."""
    text = e.pkg.article
    s, t = int(st["start"]), int(st["end"])
    direct = [
        (int(r["start"]), int(r["end"]))
        for r in e.tables.get("statements", [])
        if r["mode"] == "direct"
    ]
    out: list[tuple[int, int]] = []
    passages, _ = scan.quotations(text)
    for q in passages:
        words = scan.after_label(text, q)
        if not (s <= q.start and q.end <= t) or any(a <= words and q.end <= b for a, b in direct):
            continue
        out.append((words, q.end))
        direct.append((words, q.end))
    return out


def _quote_passages(e: Edit, st: dict) -> None:
    text = e.pkg.article
    for words, end in missing_passages(e, st):
        nid = e.new_id("statements", "st_")
        e.add(
            "statements",
            {
                **st,
                "statement_id": nid,
                "mode": "direct",
                "start": words,
                "end": end,
                "exact": text[words:end],
                "relay_note": f"A quoted passage of the paraphrase {st['statement_id']}.",
            },
        )
        for hop in [
            h for h in e.tables.get("relay_hops", []) if h["statement_id"] == st["statement_id"]
        ]:
            e.add("relay_hops", {**hop, "statement_id": nid})
        e.revoice(words, end)  # the names and figures quoted now speak in the quotation's voice


@dataclass
class Carried:
    """What accepting a record takes with it, and the records that hang on it (for its card)."""

    #: The records it relies on, as (table, id, drafted): accepting marks the drafted ones reviewed.
    relies_on: list[tuple[str, str, bool]]
    #: The quoted passages (start, end) for which accepting a paraphrase makes direct statements.
    passages: list[tuple[int, int]]
    #: Records anchored inside its span (names, figures, terms, relations, ...) or pointing to it,
    #: as (table, id, drafted): accepting does not review them; each is reviewed on its own.
    attached: list[tuple[str, str, bool]]


#: Tables whose anchored records inside a statement's span are shown with it.
INSIDE = ("aliases", "figures", "terms", "relations", "events", "notes", "statements")


def carried(pkg: Package, table: str, rid: str) -> Carried:
    """What :func:`accept` on (table, rid) would mark reviewed or make, and what hangs on it."""
    e = Edit(pkg, read_only=True)
    row = e.find(table, rid)
    relies = [(t, r, e.drafted(t, r)) for t, r in e.relies_on(table, rid)]
    passages = missing_passages(e, row) if table == "statements" and row["mode"] != "direct" else []
    seen = {(table, rid), *((t, r) for t, r, _ in relies)}
    attached = []
    if row.get("start", "").isdigit() and row.get("end", "").isdigit():
        s, t = int(row["start"]), int(row["end"])
        for other in INSIDE:
            for r in e.tables.get(other, []):
                a, b = r.get("start", ""), r.get("end", "")
                ref = (other, e.key_of(other, r))
                if a.isdigit() and b.isdigit() and s <= int(a) and int(b) <= t and ref not in seen:
                    attached.append(ref)
                    seen.add(ref)
    attached += [u for u in e.users(table, rid) if u not in seen]
    return Carried(relies, passages, [(t, r, e.drafted(t, r)) for t, r in attached])

"""Re-drafting into a package that an editor has started to review.

A record is reviewed when ``provenance.csv`` says so or does not list it (a hand-made record).
Reviewed records are kept exactly as they are. Old drafts are replaced by the new draft, and a new
drafted record is dropped where a reviewed one already holds its anchor (same table, same span)
or its id (actors, voices, sources). New ids that clash with kept ones are renumbered, with every
reference to them. The change is written as a unified diff (``draft.diff``) for the editor to
read; :func:`merge` raises rather than return tables that lose a reviewed record.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

ANCHORED = ("aliases", "events", "statements", "figures", "terms", "notes", "relations")
BY_ID = ("actors", "voices", "sources", "context")
# References between tables: (table, field) -> the table its ids are in.
REFS = {
    ("statements", "event_id"): "events",
    ("statements", "speaker_id"): "actors",
    ("statements", "voice_id"): "voices",
    ("relay_hops", "statement_id"): "statements",
    ("relay_hops", "actor_id"): "actors",
    ("relay_hops", "source_id"): "sources",
    ("aliases", "actor_id"): "actors",
    ("checks", "result_id"): "figures",
    ("voices", "actor_id"): "actors",
}


class MergeError(Exception):
    """Merging would lose a reviewed record, or the package is for another text."""


@dataclass
class Merged:
    tables: dict[str, list[dict]]
    provenance: list[dict]
    kept: int = 0
    proposed: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)


def read_tables(out: Path, desc: dict) -> dict[str, list[dict]]:
    tables = {}
    for res in desc["resources"]:
        path = out / res["path"]
        if res.get("schema") and path.is_file():
            with path.open(encoding="utf-8", newline="") as f:
                tables[res["name"]] = list(csv.DictReader(f))
    return tables


def _pk(desc: dict) -> dict[str, list[str]]:
    return {
        r["name"]: r["schema"].get("primaryKey", []) for r in desc["resources"] if r.get("schema")
    }


def _key(row: dict, pk: list[str]) -> str:
    return "#".join(str(row.get(k, "")) for k in pk)


def _str(row: dict) -> dict:
    return {k: ("" if v is None else str(v)) for k, v in row.items()}


def merge(
    desc: dict, old: dict[str, list[dict]], new: dict[str, list[dict]], new_prov: list[dict]
) -> Merged:
    pks = _pk(desc)
    old_prov = {(r["table"], r["record_id"]): r for r in old.get("provenance", [])}

    def reviewed(table, row):
        p = old_prov.get((table, _key(row, pks[table])))
        return p is None or p["review"] == "reviewed"

    m = Merged(tables={}, provenance=[])
    keep: dict[str, list[dict]] = {}
    for table, rows in old.items():
        if table == "provenance":
            continue
        keep[table] = [r for r in rows if reviewed(table, r)]
        m.kept += len(keep[table])
    held = _referenced(old, keep, pks)  # old drafts that a reviewed record points to stay too
    for table, rows in old.items():
        if table in keep:
            ids = held.get(table, set())
            keep[table] += [
                r for r in rows if not reviewed(table, r) and _key(r, pks[table]) in ids
            ]
            m.replaced += len(rows) - len(keep[table])
    draft_prov = {(p["table"], p["record_id"]): p for p in new_prov}
    remap: dict[str, dict[str, str]] = {}
    out: dict[str, list[dict]] = {t: list(rows) for t, rows in keep.items()}
    added_prov = []
    order = (
        "actors",
        "voices",
        "sources",
        "events",
        "statements",
        "relay_hops",
        "figures",
        "checks",
        "aliases",
        "terms",
        "notes",
        "relations",
        "context",
    )
    chained = {h["statement_id"] for h in keep.get("relay_hops", [])}
    for table in order:
        pk = pks.get(table, [])
        taken = {_key(r, pk) for r in keep.get(table, [])}
        spans = {(str(r.get("start")), str(r.get("end"))): _key(r, pk) for r in keep.get(table, [])}
        for row in new.get(table, []):
            row = _str(row)
            for (t, f), target in REFS.items():
                if t == table and row.get(f) in remap.get(target, {}):
                    row[f] = remap[target][row[f]]
            old_key = _key(row, pk)
            prov = draft_prov.get((table, old_key))
            if table in ANCHORED and (row["start"], row["end"]) in spans:
                remap.setdefault(table, {})[old_key] = spans[(row["start"], row["end"])]
                m.skipped.append(
                    f"{table} {old_key}: a kept record holds {row['start']}..{row['end']}"
                )
                continue
            if table in BY_ID and old_key in taken:
                continue  # the kept record with this id stands
            if table == "relay_hops" and row["statement_id"] in chained:
                continue  # a kept statement keeps the chain it has
            if old_key in taken and len(pk) == 1:
                n = 2
                while f"{old_key}_{n}" in taken:
                    n += 1
                remap.setdefault(table, {})[old_key] = f"{old_key}_{n}"
                row[pk[0]] = f"{old_key}_{n}"
            key = _key(row, pk)
            taken.add(key)
            out.setdefault(table, []).append(row)
            m.proposed += 1
            if prov is not None:
                added_prov.append({**prov, "record_id": key})
    kept_keys = {(t, _key(r, pks[t])) for t, rows in keep.items() for r in rows}
    kept_prov = [p for p in old.get("provenance", []) if (p["table"], p["record_id"]) in kept_keys]
    for table in ANCHORED:  # text order, so that the diff shows only what changed
        out.get(table, []).sort(key=lambda r: (int(r["start"]), int(r["end"])))
    if "relay_hops" in out:
        order_of = {r["statement_id"]: i for i, r in enumerate(out.get("statements", []))}
        out["relay_hops"].sort(
            key=lambda h: (order_of.get(h["statement_id"], 0), int(h["position"]))
        )
    m.tables = out
    m.provenance = kept_prov + added_prov
    _check_kept(old, out, pks, reviewed)
    return m


def _referenced(old, keep, pks) -> dict[str, set[str]]:
    """Ids that reviewed records point to (a statement's event, speaker, voice and chain)."""
    held: dict[str, set[str]] = {}
    for (table, fld), target in REFS.items():
        for row in keep.get(table, []):
            if row.get(fld):
                held.setdefault(target, set()).add(row[fld])
    stmts = {r["statement_id"] for r in keep.get("statements", [])}
    for hop in old.get("relay_hops", []):
        if hop["statement_id"] in stmts:
            held.setdefault("relay_hops", set()).add(_key(hop, pks["relay_hops"]))
            held.setdefault("actors", set()).add(hop["actor_id"])
            if hop.get("source_id"):
                held.setdefault("sources", set()).add(hop["source_id"])
    for voice in old.get("voices", []):  # a kept voice's actor
        if voice["voice_id"] in held.get("voices", ()) and voice.get("actor_id"):
            held.setdefault("actors", set()).add(voice["actor_id"])
    return held


def _check_kept(old, out, pks, reviewed) -> None:
    for table, rows in old.items():
        if table == "provenance":
            continue
        have = {tuple(sorted(_str(r).items())) for r in out.get(table, [])}
        for r in rows:
            if reviewed(table, r) and tuple(sorted(_str(r).items())) not in have:
                raise MergeError(
                    f"re-drafting would change the reviewed record {table} {_key(r, pks[table])}"
                )


def diff(before: dict[str, str], after: dict[str, str]) -> str:
    out = io.StringIO()
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name, ""), after.get(name, "")
        if a != b and not name.endswith(".txt"):
            out.writelines(
                difflib.unified_diff(
                    a.splitlines(True), b.splitlines(True), f"a/{name}", f"b/{name}"
                )
            )
    return out.getvalue()

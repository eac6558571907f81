"""Calibrated confidence for drafted actors, aliases, figures and events (a statement's is
``confidence.py``'s).

Each record falls in a cell of a few features the drafter knows (``key``: an actor's kind and
whether it is named more than once; an alias's form; a figure's kind, whether its unit was found
and whether it is hedged; an event's precision and method). A cell's confidence is the share of
right records in that cell over the 8 tuning articles of the gold set (``bench/gold/``), smoothed
towards the table's share (``PRIOR`` pseudo-records), as ``bench/fit_confidence.py`` fits it into
``fact_confidence.json``; the 4 held-out articles only measure it (``make bench-draft``). A cell the
fit never saw takes the table's share.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FITTED = Path(__file__).with_name("fact_confidence.json")
TABLES = ("actors", "aliases", "figures", "events")
#: Pseudo-records of the table's share added to each cell: small cells lean on the table.
#: ``bench/fit_confidence.py`` chooses it by leaving one tuning article out at a time.
PRIOR = 4


def _mentions(tables: dict[str, list[dict]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in tables.get("aliases", []):
        out[r["actor_id"]] = out.get(r["actor_id"], 0) + 1
    return out


def keys(tables: dict[str, list[dict]]) -> dict[tuple[str, str], str]:
    """(table, record id) -> the record's cell, for every record of the calibrated tables. The
    groups the text describes and does not name have cells of their own (``described``): the
    gold set's group layer measures them apart from named actors."""
    many = _mentions(tables)
    kinds = {r["actor_id"]: r["kind"] for r in tables.get("actors", [])}
    named = {r["actor_id"] for r in tables.get("aliases", []) if r["form"] != "descriptor"}
    described = {r["actor_id"] for r in tables.get("actors", []) if r["kind"] == "group"} - named
    out = {}
    for r in tables.get("actors", []):
        kind = "described" if r["actor_id"] in described else r["kind"]
        out[("actors", r["actor_id"])] = f"{kind}|{min(many.get(r['actor_id'], 0), 3)}"
    for r in tables.get("aliases", []):
        n = min(many.get(r["actor_id"], 0), 3)
        kind = "described" if r["actor_id"] in described else kinds.get(r["actor_id"], "")
        out[("aliases", r["alias_id"])] = f"{r['form']}|{kind}|{n}"
    for r in tables.get("figures", []):
        unit = "no unit" if r["unit"] == "unit not found" else "unit"
        out[("figures", r["figure_id"])] = f"{r['kind']}|{unit}|{'hedged' if r['hedge'] else ''}"
    for r in tables.get("events", []):
        out[("events", r["event_id"])] = f"{r['precision']}|{r['resolution']}"
    return out


@cache
def fitted() -> dict:
    if not FITTED.is_file():
        return {}
    return json.loads(FITTED.read_text(encoding="utf-8"))


def fit(cells: dict[str, list[tuple[str, bool]]], prior: float = PRIOR) -> dict:
    """Per table, the share of right records in each cell, smoothed towards the table's share
    with ``prior`` pseudo-records."""
    out = {}
    for table, rows in sorted(cells.items()):
        base = sum(ok for _, ok in rows) / len(rows) if rows else 0.5
        counts: dict[str, list[int]] = {}
        for key, ok in rows:
            c = counts.setdefault(key, [0, 0])
            c[0] += ok
            c[1] += 1
        out[table] = {
            "_table": round(base, 3),
            **{
                k: round((r + prior * base) / (n + prior), 3)
                for k, (r, n) in sorted(counts.items())
            },
        }
    return out


def apply(tables: dict[str, list[dict]], provenance: list[dict]) -> None:
    """Set each calibrated record's confidence in ``provenance`` from the fitted cells."""
    table = fitted()
    if not table:
        return
    cell = keys(tables)
    for row in provenance:
        key = cell.get((row["table"], row["record_id"]))
        cells = table.get(row["table"])
        if key is None or not cells:
            continue
        row["confidence"] = f"{cells.get(key, cells['_table']):.2f}"

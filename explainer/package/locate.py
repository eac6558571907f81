"""``locate``: where a text is in the article, for writing an anchor.

The editor types words as a keyboard does; the article prints curly quotes, dashes and no-break
spaces. :func:`explainer.package.scan.find_lookalike` matches them alike, and every hit is shown with the
article's exact characters (what an anchor's ``exact`` must hold), a little context, and the
records already anchored on or around it, so a new anchor neither misses nor repeats one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from explainer.package import (
    anchored,
    article_resource,
    display_path,
    read_descriptor,
    scan,
    tables,
)

CONTEXT = 30  # characters of context on each side of a hit


@dataclass(frozen=True)
class Record:
    table: str
    id: str
    start: int
    end: int


@dataclass
class Hit:
    start: int
    end: int
    exact: str
    line: int
    before: str
    after: str
    records: list[tuple[str, Record]] = field(default_factory=list)  # (how it relates, record)


def anchored_records(data_dir: Path, descriptor: dict) -> list[Record]:
    """Every anchored record whose offsets parse, read leniently (validation reports the rest)."""
    out = []
    for res in tables(descriptor):
        path = data_dir / res["path"]
        if not anchored(res) or not path.is_file():
            continue
        pk = res["schema"].get("primaryKey", [])
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (UnicodeDecodeError, csv.Error):
            continue
        for row in rows:
            try:
                start, end = int(row.get("start") or ""), int(row.get("end") or "")
            except ValueError:
                continue
            out.append(Record(res["name"], " ".join(row.get(k) or "" for k in pk), start, end))
    return out


def relation(hit_start: int, hit_end: int, rec: Record) -> str | None:
    """How a record's span relates to a hit: "on it", "around it", "inside it", "across it"."""
    if rec.end <= hit_start or hit_end <= rec.start:
        return None
    if (rec.start, rec.end) == (hit_start, hit_end):
        return "on it"
    if rec.start <= hit_start and hit_end <= rec.end:
        return "around it"
    if hit_start <= rec.start and rec.end <= hit_end:
        return "inside it"
    return "across it"


def _flat(text: str) -> str:
    return text.replace("\n", "⏎")


def locate(data_dir: Path, query: str) -> tuple[str, list[Hit]]:
    """The article's path as shown in messages, and every hit of ``query`` in it."""
    descriptor, problems = read_descriptor(data_dir)
    res = article_resource(descriptor) if descriptor else None
    name = res["path"] if res else "article.txt"
    path = data_dir / name
    if not path.is_file():
        raise FileNotFoundError(f"{display_path(data_dir, name)} is missing")
    text = path.read_text(encoding="utf-8")
    records = anchored_records(data_dir, descriptor) if descriptor else []
    hits = []
    for s, e in scan.find_lookalike(text, query):
        hit = Hit(
            s,
            e,
            text[s:e],
            text.count("\n", 0, s) + 1,
            _flat(text[max(0, s - CONTEXT) : s]),
            _flat(text[e : e + CONTEXT]),
        )
        for rec in records:
            how = relation(s, e, rec)
            if how:
                hit.records.append((how, rec))
        order = {"on it": 0, "around it": 2, "inside it": 1, "across it": 3}
        hit.records.sort(key=lambda hr: (order[hr[0]], hr[1].end - hr[1].start, hr[1].id))
        hits.append(hit)
    return display_path(data_dir, name), hits


def report(shown: str, query: str, hits: list[Hit]) -> list[str]:
    """The lines ``locate`` prints: per hit its offsets, line, context and anchored records."""
    lines = []
    for i, hit in enumerate(hits, 1):
        lines.append(f"{i}. {hit.start}..{hit.end} (line {hit.line}): {hit.exact!r}")
        pad = "…" if hit.before else ""
        lines.append(f"   {pad}{hit.before}{hit.exact}{hit.after}…")
        lines.append("   " + " " * (len(pad) + len(hit.before)) + "^" * len(hit.exact))
        if hit.records:
            named = "; ".join(f"{r.table} {r.id} ({how})" for how, r in hit.records)
            lines.append(f"   anchored: {named}")
        else:
            lines.append("   anchored: nothing yet")
    exact = {hit.exact for hit in hits}
    n = len(hits)
    lines.append(f"{n} occurrence{'s' * (n != 1)} of {query.strip()!r} in {shown}")
    if exact != {query.strip()}:
        printed = ", ".join(repr(x) for x in sorted(exact))
        lines.append(
            f"note: the article prints {printed}, not {query.strip()!r}: an anchor's exact must "
            "copy the article's characters (curly quotes, dashes, spaces) as printed above"
        )
    return lines

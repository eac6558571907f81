"""Drafted records: a statement's cue and source anchors, the provenance table's references,
and how many records are still drafts (``review_counts``).
"""

from __future__ import annotations

from explainer.package import tables
from explainer.package.checks.base import Result, anchors, check, is_draft, provenance, to_int


def quotation_drafts(result: Result) -> list[tuple[int, int]]:
    """Spans that account for a quoted passage in a draft, until an editor reviews them.

    A drafted paraphrase may hold the quoted words it reports ("urged the “Arabic and Islamic
    world” to …"); a drafted ``quoted_phrase`` note holds a quoted title or scare quote. Once
    reviewed, each quoted passage needs its own direct statement, as in a hand-made package.
    """
    prov = provenance(result)
    spans = [
        (s, e)
        for row, s, e in anchors(result, "statements")
        if is_draft(prov, "statements", row["statement_id"])
    ]
    spans += [
        (s, e)
        for row, s, e in anchors(result, "notes")
        if row["kind"] == "quoted_phrase" and is_draft(prov, "notes", row["note_id"])
    ]
    return spans


@check("statement-sides")
def check_statement_sides(result: Result) -> None:
    """The cue and source anchors of a statement: both offsets or neither, matching the text."""
    text = result.article
    if text is None:
        return
    for row in result.rows.get("statements", []):
        for side in ("cue", "source"):
            s, e, exact = row[f"{side}_start"], row[f"{side}_end"], row[f"{side}_exact"]
            if not (s or e or exact):
                continue
            a, b = to_int(s), to_int(e)
            if a is None or b is None:
                result.report(
                    "statement-sides", "statements", row.line, f"{side}_start", "offsets", side=side
                )
            elif not 0 <= a < b <= len(text):
                result.report(
                    "statement-sides",
                    "statements",
                    row.line,
                    f"{side}_end",
                    "outside",
                    start=a,
                    end=b,
                )
            elif text[a:b] != exact:
                result.report(
                    "statement-sides",
                    "statements",
                    row.line,
                    f"{side}_exact",
                    "text",
                    start=a,
                    end=b,
                    found=text[a:b][:60],
                )


@check("provenance")
def check_provenance(result: Result) -> None:
    """Every provenance row names a record that exists (a relay hop as statement_id#position)."""
    keys: dict[str, set[str]] = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        rows = result.rows.get(res["name"], [])
        keys[res["name"]] = {"#".join(r[k] for k in pk) for r in rows}
    for row in result.rows.get("provenance", []):
        if row["table"] not in keys or row["table"] == "provenance":
            result.report(
                "provenance", "provenance", row.line, "table", "table", named=row["table"]
            )
        elif row["record_id"] not in keys[row["table"]]:
            result.report(
                "provenance",
                "provenance",
                row.line,
                "record_id",
                "record",
                record=row["record_id"],
                named=row["table"],
            )


def review_counts(result: Result) -> tuple[int, int]:
    """(drafted, reviewed) records: a record absent from provenance.csv counts as reviewed."""
    prov = provenance(result)
    drafted = reviewed = 0
    for res in tables(result.descriptor):
        if res["name"] == "provenance":
            continue
        pk = res["schema"].get("primaryKey", [])
        for row in result.rows.get(res["name"], []):
            if is_draft(prov, res["name"], "#".join(row[k] for k in pk)):
                drafted += 1
            else:
                reviewed += 1
    return drafted, reviewed

"""checks/provenance.py: a statement's cue and source anchors, the provenance table's records."""

from __future__ import annotations

from check_cases import codes_in
from test_draft_validate import PROV, read, write


def test_a_provenance_row_naming_no_record_is_a_provenance_problem(data_copy):
    row = {"record_id": "st_nope", "table": "statements", "review": "draft", "rule": "x"}
    write(data_copy / "provenance.csv", [{**row, "confidence": "0.5", "note": ""}], PROV)
    assert codes_in(data_copy, "provenance.csv") == ["provenance"]


def test_a_source_anchor_off_its_text_is_a_statement_sides_problem(data_copy, article):
    rows = read(data_copy / "statements.csv")
    row = next(r for r in rows if r["statement_id"] == "st_p06")
    cue = article.index(" said that Jerusalem") + 1
    row.update(source_start=str(cue - 5), source_end=str(cue - 1), source_exact="Kats")
    write(data_copy / "statements.csv", rows)
    assert codes_in(data_copy, "statements.csv") == ["statement-sides"]

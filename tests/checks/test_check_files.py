"""checks/files.py: the article and each CSV as text, and Frictionless's types and constraints."""

from __future__ import annotations

from check_cases import codes_in, types_test

TYPES = {
    "missing_file": "file-missing",
    "empty_file": "file-empty",
    "byte_order_mark": "encoding-error",
    "crlf_line_ending": "encoding-error",
    "invalid_utf8": "encoding-error",
    "missing_column": "missing-column",
    "extra_column": "unexpected-column",
    "columns_out_of_order": "column-order",
    "article_text_changed": "article-changed",
    "article_byte_added": "article-changed",
    "malformed_json": "descriptor-error",
    "resource_without_path": "descriptor-error",
    "text_in_integer": "cell-error",
    "unknown_enum_value": "cell-error",
    "empty_required_cell": "cell-error",
    "id_pattern_violation": "cell-error",
    "impossible_date": "cell-error",
    "offset_below_minimum": "cell-error",
}


test_each_file_problem_has_its_type = types_test(TYPES)


def test_a_broken_quotation_mark_and_a_misshapen_row_have_their_types(data_copy):
    path = data_copy / "actors.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ',"an extra value'
    path.write_text("\n".join(lines), encoding="utf-8")
    assert codes_in(data_copy, "actors.csv") == ["csv-syntax"]
    lines[2] = lines[2].replace(',"an extra value', ",an extra value")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert codes_in(data_copy, "actors.csv") == ["row-shape"]


def test_what_frictionless_alone_finds_is_a_table_problem(data_copy):
    """A blank row: our reader skips it, Frictionless reports it."""
    path = data_copy / "actors.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines[:3], ",,,,", *lines[3:]]), encoding="utf-8")
    assert codes_in(data_copy, "actors.csv") == ["table-error"]

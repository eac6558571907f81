"""checks/coverage.py: every quotation, number and date in the article has its record."""

from __future__ import annotations

from check_cases import types_test

TYPES = {
    "deleted_statement": "uncovered",
    "number_without_figure": "uncovered",
    "date_without_event": "uncovered",
    "stray_mark_note_deleted": "uncovered",
}


test_each_coverage_problem_has_its_type = types_test(TYPES)

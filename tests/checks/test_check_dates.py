"""checks/dates.py: an event's dates, precision and basis; a context fact's values."""

from __future__ import annotations

from check_cases import types_test

TYPES = {
    "end_before_start": "date-error",
    "day_precision_spanning_two_days": "date-error",
    "moment_outside_the_dates": "date-error",
    "context_resolution_without_a_source": "date-error",
    "context_about_unknown_record": "context-error",
    "context_minimum_above_maximum": "context-error",
}


test_each_date_problem_has_its_type = types_test(TYPES)

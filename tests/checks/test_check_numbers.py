"""checks/numbers.py: a figure's value, bounds and hedge; sums and durations."""

from __future__ import annotations

from check_cases import types_test

TYPES = {
    "hedge_bound_mismatch": "figure-error",
    "hedge_not_in_the_anchor": "figure-error",
    "broken_sum": "arithmetic",
    "broken_duration": "arithmetic",
}


test_each_number_problem_has_its_type = types_test(TYPES)

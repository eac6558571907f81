"""checks/keys.py: primary keys and unique fields, foreign keys, ids unique across tables."""

from __future__ import annotations

from check_cases import types_test

TYPES = {
    "duplicate_id": "duplicate-key",
    "duplicate_composite_key": "duplicate-key",
    "unknown_actor_id": "foreign-key",
    "id_used_in_two_tables": "duplicate-id",
}


test_each_key_problem_has_its_type = types_test(TYPES)

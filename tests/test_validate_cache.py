"""The validator remembers Frictionless's findings on tables it has checked (explainer/package/
checks/files.py), so a review desk's write re-checks only the tables it changed: its problems
must be exactly those of a validation that remembers nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_bad_input

from explainer.package import scan, store
from explainer.package.checks import files
from explainer.package.validate import validate

#: Corruptions of one table's cells, rows or header (what Frictionless reports), and of the
#: descriptor (which no cached finding may outlive).
CASES = [
    "text_in_integer",
    "empty_required_cell",
    "unknown_enum_value",
    "id_pattern_violation",
    "offset_below_minimum",
    "impossible_date",
    "extra_column",
    "missing_column",
    "resource_without_path",
]


def forget() -> None:
    files._TABLE_FINDINGS.clear()
    files._DESCRIPTOR_FINDINGS.clear()
    store._JOURNALS.clear()
    scan._sentences.cache_clear()
    scan._paragraphs.cache_clear()


@pytest.mark.parametrize("name", CASES)
def test_a_validation_that_remembers_finds_what_one_that_does_not_finds(data_copy: Path, name):
    forget()
    assert validate(data_copy).ok  # every table's findings remembered, clean
    test_bad_input.CASES[name](data_copy)
    warm = validate(data_copy).problems
    forget()
    cold = validate(data_copy).problems
    assert warm == cold and [p.code for p in warm] == [p.code for p in cold]
    assert cold  # the corruption is found at all


def test_a_table_changed_back_is_clean_again(data_copy: Path):
    forget()
    validate(data_copy)
    events = data_copy / "events.csv"
    clean = events.read_bytes()
    events.write_bytes(clean.replace(b",day,", b",dya,", 1))
    assert not validate(data_copy).ok
    events.write_bytes(clean)
    assert validate(data_copy).ok

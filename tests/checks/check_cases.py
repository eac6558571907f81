"""What the per-family check tests share: the corruptions of tests/test_bad_input.py and
tests/test_basis.py by name, and the problem types validation reports where each one points."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import test_bad_input
import test_basis

from explainer.package.validate import validate

#: Every named corruption: it damages a copy of data/ and returns where the problem must be.
CORRUPTIONS: dict[str, Callable] = {**test_bad_input.CASES, **test_basis.CASES}


def codes_where_it_points(data: Path, name: str) -> set[str]:
    """Corrupt ``data`` with the named corruption; the codes of the problems reported at the
    file, line and field it names (test_bad_input checks that they are reported there)."""
    expect = CORRUPTIONS[name](data)
    return {
        p.code
        for p in validate(data).problems
        if (Path(p.file).name, p.row, p.field) == expect.location
    }


def codes_in(data: Path, file: str) -> list[str]:
    """The codes of every problem validation reports in ``file`` of ``data``."""
    return [p.code for p in validate(data).problems if Path(p.file).name == file]


def types_test(types: dict[str, str]) -> Callable:
    """A test, parametrised over ``types`` (corruption name → problem type), that each
    corruption is reported with its type where it points."""

    @pytest.mark.parametrize("name", sorted(types))
    def test(data_copy: Path, name: str) -> None:
        assert codes_where_it_points(data_copy, name) == {types[name]}

    return test

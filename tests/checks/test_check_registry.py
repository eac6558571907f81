"""The registry of checks and the catalogue of problem types (explainer/package/checks/).

Every check is documented, declares a type the catalogue knows and has its family's tests;
every problem validation reports carries a type; every type is asserted by some test here."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import string
from pathlib import Path

import pytest
import test_bad_input

from explainer.package.checks import CHECKS, base, files
from explainer.package.checks.errors import CATALOGUE, explain
from explainer.package.validate import validate

HERE = Path(__file__).resolve().parent
FAMILIES = sorted({check.__module__.rsplit(".", 1)[1] for check in CHECKS} | {"files"})


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_check_is_documented_and_typed(check):
    assert check.__doc__ and check.__doc__.strip(), f"{check.__name__} has no docstring"
    assert check.code in CATALOGUE


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_is_documented_and_has_its_tests(family):
    module = importlib.import_module(f"explainer.package.checks.{family}")
    assert module.__doc__ and module.__doc__.strip()
    assert (HERE / f"test_check_{family}.py").is_file(), f"no tests/checks/test_check_{family}.py"


def test_every_problem_type_is_asserted_by_a_test():
    tested = set()
    for path in HERE.glob("test_check_*.py"):
        tested |= set(re.findall(r'"([a-z]+(?:-[a-z]+)*)"', path.read_text(encoding="utf-8")))
    assert not set(CATALOGUE) - tested, f"types no test asserts: {set(CATALOGUE) - tested}"


def test_a_type_outside_the_catalogue_cannot_be_declared():
    with pytest.raises(ValueError, match="not in the catalogue"):
        base.check("no-such-type")


def test_every_problem_carries_a_known_type(data_copy):
    for name in test_bad_input.MANY:
        test_bad_input.CASES[name](data_copy)
    problems = validate(data_copy).problems
    assert len(problems) >= len(test_bad_input.MANY)
    assert all(p.code in CATALOGUE for p in problems), [p for p in problems if not p.code]


def test_each_template_is_filled_from_its_placeholders(data_copy):
    """Every template of a type (its own, and each named one) is reported by Result.report,
    whose values fill every field."""
    for kind in CATALOGUE.values():
        for which, template in [("", kind.template), *kind.templates.items()]:
            if not template:
                continue
            parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f]
            # a field with a format takes a number, or a date where the format is a date's
            values = {
                f: (dt.date(2025, 3, 18) if "%" in spec else 1) if spec else "x"
                for f, spec in parsed
            }
            result = base.Result(data_dir=data_copy)
            result.report(kind.code, "actors", 1, "-", which, **values)
            (problem,) = result.problems
            assert problem.code == kind.code and "{" not in problem.message, (kind.code, which)


def test_a_template_the_catalogue_lacks_is_an_error():
    with pytest.raises(KeyError, match="no message template"):
        CATALOGUE["date-error"].message("no-such-case")
    with pytest.raises(KeyError, match="no message template"):
        CATALOGUE["cell-error"].message()
    assert files.read_table  # the reader that reports the templated types


def test_explain_gives_the_title_and_the_fix():
    assert explain("anchor-mismatch").splitlines() == [
        "anchor-mismatch: " + CATALOGUE["anchor-mismatch"].title,
        "  fix: " + CATALOGUE["anchor-mismatch"].fix,
    ]
    assert "no such problem type" in explain("nonsense")


def test_the_cli_lists_the_catalogue_and_explains_a_failed_validation(data_copy, capsys):
    from explainer import cli

    assert cli.main(["errors"]) == 0
    listed = capsys.readouterr().out
    assert all(f"{code}: {kind.title}" in listed for code, kind in CATALOGUE.items())
    assert cli.main(["errors", "nonsense"]) == 1
    test_bad_input.CASES["broken_sum"](data_copy)
    assert cli.main(["validate", str(data_copy), "--explain"]) == 1
    *problems, heading, fix, last = capsys.readouterr().out.splitlines()[-4:]
    assert heading == "how to fix each kind of problem:"
    assert fix == f"  arithmetic: {CATALOGUE['arithmetic'].fix}"
    assert last.startswith("1 problem in 1 file")


def test_a_failed_load_says_how_to_fix_each_kind(data_copy):
    from explainer import DataError, load

    test_bad_input.CASES["broken_sum"](data_copy)
    with pytest.raises(DataError) as info:
        load(data_copy)
    assert str(info.value).endswith(f"  arithmetic: {CATALOGUE['arithmetic'].fix}")

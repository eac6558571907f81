"""Validate a fact data package: read its files, let Frictionless check types and constraints,
then run the project's cross-checks (:data:`explainer.package.checks.CHECKS`).

Every problem is collected (never only the first) as a :class:`~explainer.package.Problem` that
names the file, the line and the field, and carries its type (``problem.code``, in
:mod:`explainer.package.checks.errors`). Nothing here raises on bad data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from explainer.package import DATA_DIR, Problem, display_path, read_descriptor, tables
from explainer.package.checks import CHECKS, base, files
from explainer.package.checks.base import Result, Row
from explainer.package.checks.provenance import review_counts

__all__ = ["Result", "Row", "Status", "review_counts", "status", "summary", "validate"]


def validate(data_dir: Path | str = DATA_DIR) -> Result:
    """Run every check on the package in ``data_dir`` and return all problems found."""
    result = Result(data_dir=Path(data_dir))
    descriptor, problems = read_descriptor(result.data_dir)
    result.problems += [replace(p, code="descriptor-error") for p in problems]
    if descriptor is None:
        return result
    result.descriptor = descriptor
    files.check_article(result)
    fatal = {res["name"] for res in tables(descriptor) if not files.read_table(result, res)}
    files.run_frictionless(result, fatal)
    base.run(result, CHECKS)
    result.problems = _in_file_order(result, _unique(result.problems))
    return result


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _in_file_order(result: Result, problems: list[Problem]) -> list[Problem]:
    """The descriptor first, then each resource in descriptor order; within a file, whole-file
    problems first, then by line (problems on one line keep the order the checks found them)."""
    order = {display_path(result.data_dir, "datapackage.json"): 0}
    for i, res in enumerate((result.descriptor or {}).get("resources", []), 1):
        if isinstance(res, dict) and res.get("path"):
            order.setdefault(display_path(result.data_dir, res["path"]), i)

    def key(p: Problem) -> tuple:
        return (order.get(p.file, len(order)), p.file, p.row != "-", p.row if p.row != "-" else 0)

    return sorted(problems, key=key)


@dataclass(frozen=True)
class Status:
    """Where a package's review stands: the one count that the command line and the review desk
    both show (records still drafted, records reviewed, the validator's problems)."""

    drafted: int
    reviewed: int
    problems: tuple[Problem, ...]

    @property
    def review_line(self) -> str:
        return f"review: {self.drafted} drafted, {self.reviewed} reviewed"


def status(result: Result) -> Status:
    """The :class:`Status` of a validated package (a record not in provenance.csv is reviewed)."""
    drafted, reviewed = review_counts(result) if result.descriptor else (0, 0)
    return Status(drafted, reviewed, tuple(result.problems))


def summary(problems: list[Problem] | tuple[Problem, ...], state: Status | None = None) -> str:
    """The last line of a failed validation: how many problems, in how many files (and, given
    the package's :class:`Status`, how its review stands)."""
    files_ = len({p.file for p in problems})
    n = len(problems)
    review = f" ({state.review_line})" if state else ""
    return (
        f"{n} problem{'s' * (n != 1)} in {files_} file{'s' * (files_ != 1)}: fix each line "
        f"above, then run `make validate` again{review}"
    )

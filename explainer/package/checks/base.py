"""What every check works on: the rows read (:class:`Row`), what validation found so far
(:class:`Result`), the :func:`check` decorator that gives a check its problem type, and the
small readers the check families share (offsets, numbers, dates, anchors, ids, provenance).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from explainer.package import DATA_DIR, NARRATION, Problem, display_path, tables
from explainer.package.checks.errors import CATALOGUE

#: Commands named in messages (the Makefile targets; the README explains them).
EDIT_COMMAND = "make edit-article OLD='…' NEW='…'"
REANCHOR_COMMAND = "make reanchor"
LOCATE_COMMAND = "make locate TEXT='…'"

Check = Callable[["Result"], None]


def check(code: str) -> Callable[[Check], Check]:
    """Declare a check and the type of problem it reports (a code of :data:`CATALOGUE`); a
    problem the check reports with no code of its own gets this one."""
    if code not in CATALOGUE:
        raise ValueError(f"{code!r} is not in the catalogue of problem types (checks/errors.py)")

    def declare(function: Check) -> Check:
        function.code = code  # type: ignore[attr-defined]
        return function

    return declare


def run(result: Result, checks: tuple[Check, ...]) -> None:
    """Run ``checks`` in order; each problem that has no code gets its check's."""
    for function in checks:
        before = len(result.problems)
        function(result)
        result.problems[before:] = [
            p if p.code else replace(p, code=function.code) for p in result.problems[before:]
        ]


@dataclass
class Row:
    """A CSV row as text, with the line it came from."""

    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Result:
    """What validation found, plus the raw rows it read (for the loader)."""

    problems: list[Problem] = field(default_factory=list)
    descriptor: dict | None = None
    article: str | None = None
    rows: dict[str, list[Row]] = field(default_factory=dict)
    # Frictionless numbers records, not lines: record n (header = 1) starts at record_lines[n-1].
    record_lines: dict[str, list[int]] = field(default_factory=dict)
    data_dir: Path = DATA_DIR

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def n_records(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def add(self, table: str, row: int | str, fld: str, message: str, code: str = "") -> None:
        """Report a problem in ``table``; without a ``code``, the running check's type."""
        self.problems.append(Problem(self.shown(table), row, fld, message, code))

    def report(
        self, code: str, table: str, row: int | str, fld: str, which: str = "", **values: object
    ) -> None:
        """Report a problem of type ``code`` whose message is a catalogue template filled in with
        ``values``: the type's own template, or the one named ``which`` among its templates."""
        self.add(table, row, fld, CATALOGUE[code].message(which, **values), code)

    def shown(self, table: str) -> str:
        res = self.resource(table)
        return display_path(self.data_dir, res["path"] if res else f"{table}.csv")

    def resource(self, name: str) -> dict | None:
        if not self.descriptor:
            return None
        return next((r for r in self.descriptor["resources"] if r["name"] == name), None)


def words(values: list[str], last: str = "or") -> str:
    """``['a', 'b', 'c']`` as "a, b or c"."""
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {last} {values[-1]}"


def closest(value: str, choices: list[str]) -> str:
    """The choice most like ``value`` (ignoring case), for a "did you mean" hint."""
    folded = {c.lower(): c for c in choices}
    if value.lower() in folded:
        return folded[value.lower()]
    ranked = difflib.get_close_matches(value.lower(), list(folded), n=1, cutoff=0.0)
    return folded[ranked[0]] if ranked else choices[0]


def record_ids(result: Result) -> dict[str, tuple[str, Row]]:
    """Every single-field primary key value, mapped to its table and row."""
    ids = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        if len(pk) == 1 and res["name"] in result.rows:
            for row in result.rows[res["name"]]:
                ids.setdefault(row[pk[0]], (res["name"], row))
    return ids


def to_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def anchors(result: Result, table: str) -> list[tuple[Row, int, int]]:
    """Rows of an anchored table whose offsets parse, with those offsets."""
    out = []
    for row in result.rows.get(table, []):
        s, e = to_int(row["start"]), to_int(row["end"])
        if s is not None and e is not None:
            out.append((row, s, e))
    return out


def publisher_id(result: Result) -> str:
    """The publishing actor: the actor whose voice is the narration ('' when none is named)."""
    return next(
        (r["actor_id"] for r in result.rows.get("voices", []) if r["voice_id"] == NARRATION), ""
    )


def to_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def to_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def article_date(result: Result) -> dt.date | None:
    """The article's earliest possible publication date, from its source record."""
    for row in result.rows.get("sources", []):
        if row["kind"] == "article":
            return to_date(row["date_start"] or row["published"])
    return None


def provenance(result: Result) -> dict[tuple[str, str], Row]:
    """Provenance rows by (table, record_id); a record absent from it was made by hand."""
    return {(r["table"], r["record_id"]): r for r in result.rows.get("provenance", [])}


def is_draft(prov: dict[tuple[str, str], Row], table: str, record_id: str) -> bool:
    row = prov.get((table, record_id))
    return row is not None and row["review"] == "draft"

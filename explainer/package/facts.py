"""Load the validated fact tables as typed pandas DataFrames."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from explainer.package import (
    DATA_DIR,
    DESCRIPTOR,
    Problem,
    article_resource,
    canonical_tables,
    deps,
    tables,
)
from explainer.package.validate import Result, validate


class DataError(Exception):
    """The data package failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        from explainer.package.checks.errors import fixes

        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        how = "\n".join(fixes(p.code for p in problems))
        how = f"\nhow to fix each kind of problem:\n{how}" if how else ""
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{lines}{how}")


@dataclass
class Facts:
    """The fact tables (one DataFrame each, by resource name), the article text and the descriptor."""

    article: str
    descriptor: dict
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["tables"][name]
        except KeyError:
            raise AttributeError(name) from None

    def schema(self, table: str) -> dict:
        own = (r["schema"] for r in self.descriptor["resources"] if r["name"] == table)
        contract = (r["schema"] for r in canonical_tables() if r["name"] == table)
        return next(own, None) or next(contract)

    def record(self, record_id: str) -> tuple[str, pd.Series]:
        """Find any record by its id: returns (table name, row)."""
        for name, df in self.tables.items():
            key = self.schema(name).get("primaryKey", [])
            if len(key) == 1 and record_id in set(df[key[0]]):
                return name, df.loc[df[key[0]] == record_id].iloc[0]
        raise KeyError(record_id)


def _typed(column: pd.Series, spec: dict) -> pd.Series:
    """Cast one text column to the pandas type its Table Schema field declares."""
    kind = spec.get("type", "string")
    blank = column == ""
    if kind == "integer":
        return pd.to_numeric(column.mask(blank)).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column.mask(blank)).astype("Float64")
    if kind == "boolean":
        return column.map({"true": True, "false": False}).astype("boolean")
    if kind == "date":
        return pd.to_datetime(column.mask(blank), format="%Y-%m-%d")
    if kind == "datetime":
        return pd.to_datetime(column.mask(blank), utc=True, format="ISO8601")
    enum = spec.get("constraints", {}).get("enum")
    if enum:
        return pd.Categorical(column.mask(blank), categories=enum)
    return column.astype("string")


def frames(result: Result) -> dict[str, pd.DataFrame]:
    """Typed DataFrames from a validation result's rows. A table of the data contract that the
    package leaves out is there too, empty, with the contract's columns and types."""
    out = {}
    for res in tables(result.descriptor):
        out[res["name"]] = _frame(
            res["schema"]["fields"], [r.values for r in result.rows[res["name"]]]
        )
    for res in canonical_tables():
        if res["name"] not in out:
            out[res["name"]] = _frame(res["schema"]["fields"], [])
    return out


def _frame(fields: list[dict], rows: list[dict[str, str]]) -> pd.DataFrame:
    names = [f["name"] for f in fields]
    raw = pd.DataFrame(rows, columns=names, dtype=object).fillna("").astype(str)
    return pd.DataFrame({f["name"]: _typed(raw[f["name"]], f) for f in fields}, columns=names)


def load(data_dir: Path | str = DATA_DIR) -> Facts:
    """Validate the package and return its tables; raise :class:`DataError` listing every problem.

    For the build's freshness check (:mod:`explainer.package.deps`) the descriptor and the article count
    as read, and each table's CSV counts as read when the table is first used.
    """
    data_dir = Path(data_dir)
    with deps.suspended():
        result = validate(data_dir)
    return from_result(result, data_dir)


def from_result(result: Result, data_dir: Path | str) -> Facts:
    """The tables of a package already validated (``result``, of the package in ``data_dir``):
    what :func:`load` returns, without validating again; raise :class:`DataError` if it failed."""
    data_dir = Path(data_dir)
    if not result.ok:
        raise DataError(result.problems)
    article = article_resource(result.descriptor)
    deps.record(data_dir / DESCRIPTOR, *([data_dir / article["path"]] if article else []))
    files = {res["name"]: data_dir / res["path"] for res in tables(result.descriptor)}
    return Facts(
        article=result.article,
        descriptor=result.descriptor,
        tables=deps.TrackedTables(frames(result), files),
    )

"""Load the validated fact tables as typed pandas DataFrames."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
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

#: This layer's folder: its checks and schema decide what validation finds.
PACKAGE_CODE = Path(__file__).resolve().parent


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


#: A folder where a package that passed validation keeps its result, named by
#: :func:`validation_key`; the build sets it for its page kernels, so that each kernel's
#: ``load()`` reads the result instead of validating the same files again (about 0.6 s each).
ENV_VALIDATION_CACHE = "EXPLAINER_VALIDATION_CACHE"
#: How many results that folder keeps (the newest): one per version of the package built lately.
VALIDATION_CACHE_SIZE = 8
_validated: dict[str, bytes] = {}  # this process's results that passed, by validation_key


@lru_cache(maxsize=1)
def _checks_digest() -> str:
    """sha256 of what validation is made of: this layer's code and schema, and Frictionless."""
    import frictionless

    digest = hashlib.sha256(f"{sys.version} {frictionless.__version__}".encode())
    for path in sorted(PACKAGE_CODE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json"):
            digest.update(f"{path.relative_to(PACKAGE_CODE)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def validation_key(data_dir: Path | str) -> str:
    """What a package's validation depends on, as one sha256: where it is, every file in it
    (name and bytes) and :func:`_checks_digest`. Two validations with one key find the same."""
    data_dir = Path(data_dir).resolve()
    digest = hashlib.sha256(f"{data_dir}\0{_checks_digest()}\0".encode())
    for path in sorted(data_dir.rglob("*")) if data_dir.is_dir() else []:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(data_dir).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _cached_validation(data_dir: Path) -> Result:
    """:func:`validate`, unless this package, byte for byte, already passed it in this process or
    in the build's cache (:data:`ENV_VALIDATION_CACHE`). Only results without problems are kept,
    each as a fresh copy (a caller may change what it is given)."""
    key = validation_key(data_dir)
    stored = _validated.get(key)
    folder = os.environ.get(ENV_VALIDATION_CACHE)
    cached = Path(folder) / f"{key}.pickle" if folder else None
    if stored is None and cached is not None and cached.is_file():
        try:
            stored = cached.read_bytes()
            result = pickle.loads(stored)
        except Exception:  # noqa: BLE001 - a torn or foreign file: validate instead
            stored = None
        else:
            if isinstance(result, Result) and result.ok:
                _validated[key] = stored
                return result
            stored = None
    if stored is not None:
        return pickle.loads(stored)
    result = validate(data_dir)
    if result.ok:
        stored = _validated[key] = pickle.dumps(result)
        if cached is not None:
            _store(cached, stored)
    return result


def _store(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole (a reader never sees half of it); keep the folder to its
    newest :data:`VALIDATION_CACHE_SIZE` results. A folder that cannot be written is no error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        kept = sorted(target.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-VALIDATION_CACHE_SIZE]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def load(data_dir: Path | str = DATA_DIR) -> Facts:
    """Validate the package and return its tables; raise :class:`DataError` listing every problem.

    A package that passed validation is not validated again while its files and the checks stay
    byte for byte the same (:func:`validation_key`): the build calls ``load()`` from several of
    its extensions and from every page's kernel.

    For the build's freshness check (:mod:`explainer.package.deps`) the descriptor and the article count
    as read, and each table's CSV counts as read when the table is first used.
    """
    data_dir = Path(data_dir)
    with deps.suspended():
        result = _cached_validation(data_dir)
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

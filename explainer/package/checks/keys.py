"""Keys and ids: primary keys and unique fields, references between tables, and record ids
unique across the package (each is a permalink).
"""

from __future__ import annotations

from explainer.package import tables
from explainer.package.checks.base import Result, check
from explainer.package.vocab import VOCABULARY_TABLES


@check("duplicate-key")
def check_unique_keys(result: Result) -> None:
    """Primary keys and unique fields, each duplicate named with its value and both lines."""
    for res in tables(result.descriptor):
        rows = result.rows.get(res["name"])
        if rows is None:
            continue
        keys = [res["schema"].get("primaryKey", [])]
        keys += [
            [f["name"]] for f in res["schema"]["fields"] if f.get("constraints", {}).get("unique")
        ]
        for key in filter(None, keys):
            first: dict[tuple[str, ...], int] = {}
            for row in rows:
                value = tuple(row[k] for k in key)
                if not all(value):
                    continue  # an empty key cell is reported as a missing value
                if value in first:
                    shown = " with ".join(f"{k} {v!r}" for k, v in zip(key, value, strict=True))
                    result.report(
                        "duplicate-key",
                        res["name"],
                        row.line,
                        "+".join(key),
                        shown=shown,
                        line=first[value],
                        key="+".join(key),
                    )
                else:
                    first[value] = row.line


@check("foreign-key")
def check_foreign_keys(result: Result) -> None:
    """Each reference the schema declares names a row that exists, reported at the referring
    field (Frictionless's own foreign-key errors name no field)."""
    for res in tables(result.descriptor):
        rows = result.rows.get(res["name"])
        if rows is None:
            continue
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or res["name"]
            target_rows = result.rows.get(target)
            if target_rows is None:
                continue
            (src,), (dst,) = fk["fields"], fk["reference"]["fields"]
            known = {r[dst] for r in target_rows}
            for row in rows:
                if row[src] and row[src] not in known:
                    result.report(
                        "foreign-key",
                        res["name"],
                        row.line,
                        src,
                        target=target,
                        value=row[src],
                        field=dst,
                    )


@check("duplicate-id")
def check_global_ids(result: Result) -> None:
    """Record ids double as permalinks (article.html#id), so they must be unique across tables."""
    seen: dict[str, str] = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        if len(pk) != 1 or res["name"] not in result.rows or res["name"] in VOCABULARY_TABLES:
            continue
        for row in result.rows[res["name"]]:
            key = row[pk[0]]
            if key in seen and seen[key] != res["name"]:
                result.report("duplicate-id", res["name"], row.line, pk[0], id=key, other=seen[key])
            seen.setdefault(key, res["name"])

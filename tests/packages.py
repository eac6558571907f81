"""Other packages made from this project's data, to prove the code serves any article.

* :func:`renamed`: every record, actor and voice id replaced by an opaque one (a fixed
  mapping), every actor's name and every voice's label replaced, and no pages of its own. If
  the code named any of this article's ids or names, the site built from it would break or
  show the old ones.
* :func:`minimal`: only the article, sources, actors, voices and statements: the other tables
  are left out, as a first draft of a new article might leave them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

from explainer.package import NARRATION

#: Columns that hold ids (one, or several separated by spaces); all others are text.
ID_COLUMNS = ("_id", "_ids", "refers_to", "part_of")
#: The tables a minimal package keeps (besides the article text).
MINIMAL = ("sources", "actors", "voices", "statements")


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _write_descriptor(folder: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def package_ids(folder: Path) -> set[str]:
    """Every primary-key value of every single-key table."""
    ids = set()
    for res in _descriptor(folder)["resources"]:
        key = (res.get("schema") or {}).get("primaryKey")
        key = [key] if isinstance(key, str) else key or []
        if len(key) == 1:
            _, rows = _read(folder / res["path"])
            ids |= {row[key[0]] for row in rows}
    return ids


def _ids_with_prefix(folder: Path) -> set[tuple[str, str]]:
    """(prefix, id) for every primary-key value; the prefix is the literal start of the key's
    pattern ("src_" for "src_[a-z0-9_]+"), or "r" when the pattern has none."""
    found = set()
    for res in _descriptor(folder)["resources"]:
        schema = res.get("schema") or {}
        key = schema.get("primaryKey")
        key = [key] if isinstance(key, str) else key or []
        if len(key) != 1:
            continue
        spec = next(f for f in schema["fields"] if f["name"] == key[0])
        pattern = spec.get("constraints", {}).get("pattern", "").lstrip("^")
        prefix = pattern.split("[", 1)[0] if pattern and pattern[0].isalpha() else ""
        _, rows = _read(folder / res["path"])
        found |= {(prefix or "r", row[key[0]]) for row in rows}
    return found


def _own_package(folder: Path, name: str) -> None:
    """A package of its own: its own name, and no pages (the generic ones are used)."""
    descriptor = _descriptor(folder)
    descriptor["name"] = name
    descriptor.pop("explainer", None)
    _write_descriptor(folder, descriptor)


def renamed(source: Path, target: Path) -> dict[str, str]:
    """Copy ``source`` to ``target`` with every id and name replaced; returns the id mapping."""
    shutil.copytree(source, target)
    _own_package(target, "renamed-copy")
    # Opaque, stable new ids: a hash of the old one, so nothing about it survives but the
    # table prefix ("ev_") that the schema's id pattern asks for.
    mapping = {}
    for prefix, old in sorted(_ids_with_prefix(target)):
        if old != NARRATION:
            mapping[old] = prefix + hashlib.sha256(old.encode()).hexdigest()[:10]
    prefixed = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(
            re.escape(i)
            for i in sorted(mapping, key=len, reverse=True)
            if i[2:3] == "_" or i[3:4] == "_"
        )
        + r")(?![\w-])"
    )
    names: dict[str, str] = {}  # old actor name -> new (actors come before sources' publishers)
    _, actor_rows = _read(target / "actors.csv")
    old_names = {r["actor_id"]: r["name"] for r in actor_rows}
    _, voice_rows = _read(target / "voices.csv")
    publisher = next(r["actor_id"] for r in voice_rows if r["voice_id"] == NARRATION)
    for res in sorted(
        (r for r in _descriptor(target)["resources"] if r.get("schema")),
        key=lambda r: r["name"] != "actors",
    ):
        path = target / res["path"]
        header, rows = _read(path)
        for row in rows:
            for column, value in row.items():
                if not column.endswith(ID_COLUMNS):
                    # A note that names a record ("see cx_…") names it by its new id too.
                    row[column] = prefixed.sub(lambda m: mapping[m.group(0)], value)
                    continue
                tokens = value.split(" ") if value else []
                if tokens and all(t in mapping for t in tokens):
                    row[column] = " ".join(mapping[t] for t in tokens)
            if res["name"] == "actors" and row["actor_id"] != mapping.get(publisher, publisher):
                # The publisher keeps its name: the article's byline prints it.
                names[row["name"]] = row["name"] = f"Actor {row['actor_id'][1:5].upper()}"
            if res["name"] == "voices":
                row["label"] = f"Voice {row['voice_id'][1:5].upper()}"
            if res["name"] == "sources" and row.get("publisher") in set(names):
                old_id = next(i for i, n in old_names.items() if n == row["publisher"])
                row["publisher"] = f"Actor {mapping.get(old_id, old_id)[1:5].upper()}"
        _write(path, header, rows)
    return mapping


def minimal(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` keeping only the article and :data:`MINIMAL` tables."""
    target.mkdir(parents=True)
    descriptor = _descriptor(source)
    kept = []
    for res in descriptor["resources"]:
        if res.get("schema") and res["name"] not in MINIMAL:
            continue
        shutil.copy2(source / res["path"], target / res["path"])
        if res.get("schema"):
            fks = res["schema"].get("foreignKeys", [])
            res["schema"]["foreignKeys"] = [
                fk for fk in fks if fk["reference"]["resource"] in (res["name"], *MINIMAL)
            ]
        kept.append(res)
    descriptor["resources"] = kept
    _write_descriptor(target, descriptor)
    _own_package(target, "minimal-copy")
    header, rows = _read(target / "statements.csv")
    for row in rows:
        row["event_id"] = ""  # no events table: no statement is dated
    _write(target / "statements.csv", header, rows)
    header, rows = _read(target / "sources.csv")
    for row in rows:
        if row["date_basis"] == "inferred":  # its reasoning was a context fact, left out here
            row.update(date_start="", date_end="", date_precision="", date_basis="unknown")
    _write(target / "sources.csv", header, rows)
    return target

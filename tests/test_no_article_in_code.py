"""The code serves any article: no id and no name of this article's package is written into
``explainer/``. What a chart singles out comes from a property in the data instead."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import packages

from explainer.package import NARRATION

REPO = Path(__file__).resolve().parents[1]
CODE = REPO / "explainer"


def _literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant in a module (docstrings included), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _names(table: str, column: str) -> set[str]:
    with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle) if row[column]}


def test_no_record_actor_or_voice_id_is_a_literal_in_the_code():
    ids = packages.package_ids(REPO / "data") - {NARRATION}
    assert len(ids) > 200
    found = [
        f"{path.relative_to(REPO)}:{line}: {value!r}"
        for path in sorted(CODE.rglob("*.py"))
        for line, value in _literals(path)
        if value in ids
    ]
    assert not found, "this article's ids in explainer/:\n" + "\n".join(found)


def test_no_actor_name_or_voice_label_of_this_article_is_written_into_the_code():
    """Names in prose or chart strings would show this article's parties on every article."""
    names = _names("actors", "name") | _names("voices", "label")
    names = {n for n in names if len(n) > 4}  # "Iran", "US" are also ordinary words
    found = [
        f"{path.relative_to(REPO)}:{line}: {name!r}"
        for path in sorted(CODE.rglob("*.py"))
        for line, value in _literals(path)
        for name in names
        if name in value
    ]
    assert not found, "this article's names in explainer/:\n" + "\n".join(found)

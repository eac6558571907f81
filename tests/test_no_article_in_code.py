"""The code serves any article: no id and no name of this article's package is written into
``explainer/``. What a chart singles out comes from a property in the data instead."""

from __future__ import annotations

import ast
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


def test_no_record_actor_or_voice_id_is_a_literal_in_the_code():
    # "narration" and "unattributed" are the schema's own voices, the same in every package.
    ids = packages.package_ids(REPO / "data") - {NARRATION, "unattributed"}
    assert len(ids) > 200
    found = [
        f"{path.relative_to(REPO)}:{line}: {value!r}"
        for path in sorted(CODE.rglob("*.py"))
        for line, value in _literals(path)
        if value in ids
    ]
    assert not found, "this article's ids in explainer/:\n" + "\n".join(found)

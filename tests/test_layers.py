"""The folders show the data's way through the code, and each layer imports only those below.

    explainer.package   the data contract: load, validate, schema, edit, dictionary
    explainer.draft     article text -> a draft package           (imports package)
    explainer.views     facts -> charts, tables, prose, citations  (imports package)
    explainer.site      the Jupyter Book / Sphinx build            (imports views, package)
    explainer.review    the review desk, a local web app           (imports views, package)
    explainer.cli       the command line                           (imports any)

A module's imports are read from its source (every ``import`` and ``from … import``, at the
top or inside a function), so a lazy import breaks the rule as surely as a top-level one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CODE = Path(__file__).resolve().parents[1] / "explainer"
#: Each layer, and the layers it may import besides itself.
ALLOWED = {
    "package": set(),
    "draft": {"package"},
    "views": {"package"},
    "site": {"views", "package"},
    "review": {"views", "package"},
}
#: Top-level modules: the entry points may import anything; start-up imports nothing of ours.
TOP = {"__init__": set(ALLOWED), "__main__": {"cli"}, "cli": set(ALLOWED), "startup": set()}


def _layer(path: Path) -> str:
    rel = path.relative_to(CODE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported_layers(path: Path, source: str | None = None) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    package = ".".join(("explainer",) + path.relative_to(CODE).parent.parts)
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names = [base] if node.module else [f"{base}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "explainer" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in CODE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_sits_in_a_layer():
    layers = {_layer(p) for p in MODULES}
    outside = layers - set(ALLOWED) - set(TOP)
    assert not outside, f"modules outside the layers: {outside}"
    flat = [p.name for p in MODULES if p.parent == CODE and p.stem not in TOP]
    assert not flat, f"modules at the top of explainer/ that belong in a layer: {flat}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(CODE).as_posix())
def test_a_module_imports_only_the_layers_below_its_own(path):
    layer = _layer(path)
    allowed = TOP.get(layer, ALLOWED.get(layer, set())) | {layer}
    if layer in TOP:
        allowed |= TOP[layer] | set(TOP)
    wrong = _imported_layers(path) - allowed
    assert not wrong, f"{path.relative_to(CODE)} ({layer}) imports {sorted(wrong)}"


def test_the_rule_catches_an_upward_import():
    """The check itself can fail: a view that imports the site, lazily or relatively, is caught."""
    view = CODE / "views" / "tables.py"
    assert "site" in _imported_layers(view, "def f():\n    from explainer.site import sphinx_ext\n")
    assert "site" in _imported_layers(view, "from ..site.inputs import digest\n")
    assert _imported_layers(view, "from . import derive\n") == {"views"}


# ---------------------------------------------------------------------------------------
# The README's map of the folders


def _layout_rows() -> list[tuple[list[str], str]]:
    """The README's Layout table: each row's paths (first column) and its description."""
    readme = (CODE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if line.startswith("| `") and len(cells) == 2:
            rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[1]))
    return rows


#: A name in a description that is a file or folder: no spaces or calls, a known ending.
PATHLIKE = re.compile(r"^[\w./-]+(/|\.(py|md|json|csv|yml|toml|txt|cff|js|css))$")


def test_every_path_the_readme_layout_names_exists():
    missing = []
    for paths, description in _layout_rows():
        for path in paths:
            if not (CODE.parent / path).exists():
                missing.append(path)
        folder = CODE.parent / paths[0] if len(paths) == 1 else CODE.parent
        for name in filter(PATHLIKE.match, re.findall(r"`([^`]+)`", description)):
            if not ((folder / name).exists() or (CODE.parent / name).exists()):
                missing.append(f"{paths[0]}: {name}")
    assert not missing, f"the README's Layout table names what is not there: {missing}"


def test_the_readme_layout_names_every_package_folder():
    named = {path.rstrip("/") for paths, _ in _layout_rows() for path in paths}
    folders = {p.parent.relative_to(CODE.parent).as_posix() for p in CODE.rglob("__init__.py")}
    assert folders - named == set(), (
        f"folders the README's Layout table leaves out: {folders - named}"
    )

"""The test tiers: markers come from fixtures (tests/conftest.py), so the tiers must name
fixtures that exist, be declared in pyproject.toml, and `make test-fast` must select by them."""

from __future__ import annotations

import ast
import importlib.util
import re
import tomllib
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def _load_conftest():
    """tests/conftest.py by path: `import conftest` may find tests/golden/conftest.py first."""
    spec = importlib.util.spec_from_file_location("tests_conftest", TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_conftest = _load_conftest()
TIERS = _conftest.TIERS
pytest_collection_modifyitems = _conftest.pytest_collection_modifyitems


def _fixtures() -> set[str]:
    """Every fixture defined in tests/ (a function decorated with pytest.fixture)."""
    found = set()
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "fixture" in ast.unparse(d) for d in node.decorator_list
            ):
                found.add(node.name)
    return found


def test_every_tier_names_fixtures_that_exist():
    """A renamed fixture would silently move its tests into the fast tier."""
    missing = {tier: names - _fixtures() for tier, names in TIERS.items() if names - _fixtures()}
    assert not missing, f"tiers name fixtures that no longer exist: {missing}"


def test_every_tier_is_a_declared_marker_and_make_test_fast_leaves_each_out():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {m.split(":")[0] for m in config["tool"]["pytest"]["ini_options"]["markers"]}
    assert set(TIERS) == declared
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    fast = re.search(r"^FAST\s*:=\s*(.+)$", makefile, re.M)
    assert fast, "the Makefile has no FAST selection"
    assert fast[1].split(" and ") == [f"not {tier}" for tier in TIERS]


def test_a_test_is_marked_with_the_tier_of_every_fixture_it_uses(request):
    class Item:
        def __init__(self, *fixturenames: str):
            self.fixturenames, self.markers = list(fixturenames), []

        def add_marker(self, marker: str) -> None:
            self.markers.append(marker)

    items = [Item("facts"), Item("base_url", "site", "chromium"), Item("wheel", "tmp_path")]
    pytest_collection_modifyitems(request.config, items)
    assert [i.markers for i in items] == [[], ["build", "browser"], ["install"]]
    # and this test, which uses none, carries none
    assert not {m.name for m in request.node.iter_markers()} & set(TIERS)

"""Repository hygiene: committed file sizes, licences, lint wiring and pre-commit hooks."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: No committed file may be larger than this (bytes). .pre-commit-config.yaml uses the
#: same limit for check-added-large-files, in kB.
MAX_FILE_BYTES = 1024 * 1024
#: The drafter's trained weights ship in the repository under a budget of their own (25 MB in
#: all, tests/test_draft_model.py); they are the one folder exempt from the per-file limit.
WEIGHTS = "explainer/draft/model/weights/"


def _committed_files() -> list[Path]:
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"git ls-files failed (is this a git checkout?): {result.stderr}"
    return [ROOT / name for name in result.stdout.split("\0") if name]


def oversized(paths: list[Path], root: Path = ROOT, limit: int = MAX_FILE_BYTES) -> list[str]:
    """'path: N bytes' for every existing file in ``paths`` larger than ``limit``."""
    return [
        f"{path.relative_to(root)}: {path.stat().st_size} bytes"
        for path in paths
        if path.is_file() and path.stat().st_size > limit
    ]


def test_no_committed_file_is_over_1_mb():
    files = _committed_files()
    assert len(files) > 20 and ROOT / "README.md" in files
    assert (
        oversized([f for f in files if not f.relative_to(ROOT).as_posix().startswith(WEIGHTS)])
        == []
    )


def test_size_guard_catches_a_large_file(tmp_path):
    big, small = tmp_path / "big.bin", tmp_path / "small.bin"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no megabyte actually written
    with small.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES)
    found = oversized([big, small, tmp_path / "deleted.bin"], root=tmp_path)
    assert found == [f"big.bin: {MAX_FILE_BYTES + 1} bytes"]


def test_pre_commit_uses_the_same_size_limit_and_the_projects_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"check-yaml", "check-added-large-files", "ruff-check", "ruff-format"} <= set(hooks)
    assert hooks["check-added-large-files"]["args"] == [f"--maxkb={MAX_FILE_BYTES // 1024}"]
    for name in ("ruff-check", "ruff-format"):
        assert hooks[name]["entry"].startswith(".venv/bin/ruff "), hooks[name]
        assert hooks[name]["language"] == "system"
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), f"pin {repo['repo']} to a commit"


def test_make_test_runs_the_lint_checks():
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "-o", "book", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    commands = result.stdout.splitlines()
    lint = [c for c in commands if "ruff" in c]
    assert any("ruff check explainer tests" in c for c in lint), commands
    assert any("ruff format --check explainer tests" in c for c in lint), commands
    pytest_at = next(i for i, c in enumerate(commands) if "pytest" in c)
    assert all(commands.index(c) < pytest_at for c in lint), "lint must run before the tests"


# ---------------------------------------------------------------------------------------
# Licences


def test_code_is_mit_licensed():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "data/LICENSE.md" in text


def test_data_statement_matches_the_data_package():
    statement = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (licence,) = package["licenses"]
    assert licence["name"] == "CC-BY-4.0"
    assert "CC BY 4.0" in statement and licence["path"] in statement
    # The article text is not ours to license: the statement says so and names the publisher.
    assert (
        "article.txt" in statement and "All rights in the text stay with the publisher" in statement
    )
    publisher = package["sources"][0]["title"].split(",")[0]  # "The Algemeiner"
    assert publisher in statement


@pytest.mark.parametrize("target", ["LICENSE", "data/LICENSE.md"])
def test_readme_rights_section_links_the_licences(target):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rights = readme.split("## Rights", 1)[1]
    assert f"]({target})" in rights
    assert (ROOT / target).is_file()


def test_no_merge_leftover_is_committed():
    leftovers = [
        p.relative_to(ROOT).as_posix()
        for p in _committed_files()
        if re.search(r"\.(orig|rej)$|\.(BACKUP|BASE|LOCAL|REMOTE)\.", p.name)
    ]
    assert leftovers == []

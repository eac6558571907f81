"""The explainer is a tool others can install: the wheel carries everything it reads, and a
fresh environment with nothing but the wheel and its declared dependencies validates a package
that lives outside this repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            package, _, version = line.partition("==")
            assert version, f"{name}: {line!r} is not an exact pin"
            pins[package.lower().replace("_", "-")] = version
    return pins


def _requirement_name(spec: str) -> str:
    for stop in "<>=![;~ ":
        spec = spec.split(stop, 1)[0]
    return spec.lower().replace("_", "-")


def test_runtime_dependencies_are_declared_and_locked():
    declared = [_requirement_name(d) for d in PYPROJECT["project"]["dependencies"]]
    assert "jupyter-book" in declared and "altair" in declared and "frictionless" in declared
    lock = _pins("requirements.txt")
    missing = [name for name in declared if name not in lock]
    assert not missing, f"declared but not in the lock requirements.txt: {missing}"
    assert lock["jupyter-book"] == "1.0.4.post1"


def test_test_and_lint_tools_are_extras_not_site_dependencies():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"test", "lint", "lab", "browser"} <= set(extras)
    site = _pins("requirements.txt")
    for tool in ("pytest", "ruff", "jupyterlab", "playwright", "axe-playwright-python"):
        assert tool not in site, f"{tool} is in the site's lock; it belongs to an extra"
    dev = _pins("requirements-dev.txt")
    for extra in ("test", "lint", "lab"):
        for spec in extras[extra]:
            name = _requirement_name(spec)
            if not name.startswith("explainer"):
                assert name in dev or name in site, f"extra {extra}: {name} is pinned nowhere"
    assert not set(site) & set(dev), "a package is pinned twice"


def test_no_pin_is_unused():
    """pytest-xdist was once pinned but never used: it is pinned only while a make target runs
    pytest on several processes (``make test-fast``: ``-n``)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    runs_in_parallel = re.search(r"pytest\b[^\n]*\s-n\s", makefile) is not None
    assert ("pytest-xdist" in _pins("requirements-dev.txt")) == runs_in_parallel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "explainer", source / "explainer", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["--disable-pip-version-check", "-w", str(out), str(source)],
        check=True,
        timeout=300,
        cwd=out,
    )
    (found,) = out.glob("explainer-*.whl")
    return found


def test_the_wheel_ships_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    on_disk = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "explainer").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    missing = sorted(set(on_disk) - names)
    assert not missing, f"files of explainer/ the wheel leaves out: {missing}"
    assert "explainer/site/templates/layout.html" in names


def test_a_fresh_venv_with_the_wheel_validates_a_package_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # The declared dependencies, at the locked versions: what an installer of the tool gets.
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        + ["-c", str(ROOT / "requirements.txt"), str(wheel)],
        check=True,
        timeout=900,
    )
    package = shutil.copytree(ROOT / "data", tmp_path / "elsewhere" / "my-article")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXPLAINER_DATA_DIR")}
    where = subprocess.run(
        [str(python), "-c", "import explainer; print(explainer.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), "imported the repository's copy"
    result = subprocess.run(
        [str(python), "-m", "explainer", "validate", str(package)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:"), result.stdout
    # A broken package outside the repository is reported, not a traceback.
    (package / "actors.csv").write_text("actor_id,name\n", encoding="utf-8")
    broken = subprocess.run(
        [str(python), "-m", "explainer", "validate", str(package)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert broken.returncode == 1 and "actors.csv" in broken.stdout, broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr

"""The one way the tests build a book: copy the project, seed its cache, run a build command.

Every test that needs a build gets it through a fixture of ``conftest.py`` (``site``,
``hostile_site``, ``book_builds``), and those fixtures use this module; ``conftest`` marks every
test that uses one of them ``build`` (see the tiers in ``conftest.py``). The commands are the
ones an editor runs:

* :func:`book_command`: ``jupyter-book build`` with the strict options of ``make book``;
* :func:`site_command`: ``python -m explainer site`` (several packages into one site);
* :func:`make_command`: ``make book`` itself, with this checkout's venv;
* :func:`sphinx_command`: a tiny Sphinx project built in isolation (one extension's output).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from explainer.package import ENV_DATA_DIR, deps
from explainer.site import buildlog, execution

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"

#: What the book is built from besides the data: pages, configuration, static files.
BOOK_FILES = ["_config.yml", "_toc.yml", "book", "_static"]
#: A whole project: the book, its data, its own explainer package and what pins it.
PROJECT_FILES = BOOK_FILES + [
    "data",
    "explainer",
    "requirements.txt",
    "pyproject.toml",
    "CITATION.cff",
]
#: Folders of the main build reused by a copy, so that its first build executes nothing it does
#: not have to (the execution records are content hashes, valid in any copy with the same files).
SEED = [".jupyter_cache", execution.STATE_DIRNAME, ".explainer_static"]
STRICT = ["-W", "-n", "--keep-going"]
#: This checkout's virtual environment, which the builds run in.
VENV = Path(sys.prefix)


def tracked_files() -> list[str]:
    """Every file git knows in this checkout (tracked, or new and not ignored): a fresh clone."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    return [name for name in listed if name and (REPO / name).is_file()]


def copy_project(
    project: Path, names: Iterable[str] = BOOK_FILES, seed: Path | None = None
) -> Path:
    """Copy the files and folders ``names`` of this repository into ``project``; with ``seed``,
    also the main build's execution cache, into ``seed`` (a ``_build`` folder)."""
    project.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb*", "__pycache__")
    for name in names:
        source, target = REPO / name, project / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    if seed is not None:
        for name in SEED:
            if (BUILD / name).is_dir():
                shutil.copytree(BUILD / name, seed / name)
    return project


def environment(
    project: Path | None = None, data_dir: Path | None = None, top_level: bool = False
) -> dict[str, str]:
    """The build's environment: with ``project``, its own explainer package is imported (by
    Sphinx and the kernels) ahead of the editable install; ``data_dir`` is the package to build,
    else the project's ``data/``; ``top_level`` drops make's variables, as for an editor's own
    ``make`` (not a sub-make of ``make test``, which would print "Entering directory")."""
    drop = {ENV_DATA_DIR, deps.ENV_DEPS_FILE}
    if top_level:
        drop |= {buildlog.ENV_LOG, "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if project is not None:
        env["PYTHONPATH"] = str(project)
    if data_dir is not None:
        env[ENV_DATA_DIR] = str(data_dir)
    return env


def book_command(project: Path, every_page: bool = True) -> list[str]:
    """The strict build `make book` runs; ``every_page`` re-reads every page (``--all``)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return [str(jupyter_book), "build", str(project), *STRICT] + ["--all"] * every_page


def site_command(packages: Sequence[Path | str], out: Path) -> list[str]:
    """``python -m explainer site``: every package into one site with an index, in ``out``."""
    return [sys.executable, "-m", "explainer", "site", *map(str, packages), "--out", str(out)] + (
        STRICT
    )


def make_command() -> list[str]:
    """``make book`` with this checkout's venv, taken as installed (its install steps are not
    repeated)."""
    return ["make", "-o", f"{VENV}/.installed", f"VENV={VENV}", "book"]


def sphinx_command(src: Path, out: Path) -> list[str]:
    """A strict, quiet html build of the Sphinx project in ``src``."""
    return [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(out)]


def run(
    command: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 1200,
    one_stream: bool = False,
) -> subprocess.CompletedProcess:
    """Run a build to the end; a failed build fails the test with the end of its output.
    ``one_stream``: stderr is interleaved into stdout, as a terminal shows them."""
    result = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if one_stream else subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"build failed:\n{result.stdout[-6000:]}\n{(result.stderr or '')[-4000:]}"
    )
    return result


@dataclass
class Background:
    """A build running in the background (the hostile book builds while other tests run)."""

    project: Path
    process: subprocess.Popen
    log: Path

    @property
    def html(self) -> Path:
        return self.project / "_build" / "html"

    def wait(self, timeout: float = 900) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def start(command: list[str], project: Path, env: dict[str, str], log: Path) -> Background:
    """Start ``command`` in ``project``, its output into ``log``; don't wait for it."""
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return Background(project, process, log)

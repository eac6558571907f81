"""`make book`'s output: what docs/build-log.md shows a fresh clone printing is what a build prints.

The build runs `make book` in a copy of the project with no `_build` (as in a fresh clone), with
this checkout's `.venv` (the install steps, minutes long, are the transcript's first lines and are
not repeated here). Lines are compared after taking out what changes from run to run: timings,
the folder, the order in which parallel pages finish. A new line in the log (a warning, a chatty
extension) or a lost one (a progress line) fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from explainer.site import buildlog

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "build-log.md"
#: The folder the transcript was taken in (a fresh clone), as docs/build-log.md shows it.
CLONE = "/home/editor/gaza-explainer"
#: What the install steps print before the first command the test repeats.
FIRST_REPEATED = ".venv/bin/python -m explainer validate data"


def transcript() -> list[str]:
    """The lines of the first ``text`` block of docs/build-log.md."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```text\n(.*?)\n```", text, re.S)
    assert block, f"{DOC} has no ```text block"
    lines = block[1].split("\n")
    assert lines[0] == "$ make book"
    return lines[1:]


def normalise(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip()
        # issue 14 starts kernels without TCP; until then each kernel prints this warning
        if line.startswith("[IPKernelApp] WARNING | Kernel is running over TCP"):
            continue
        line = re.sub(r"\b\d+(\.\d+)? s\b", "N s", line)
        line = re.sub(r"executed book/[\w-]+ in", "executed book/PAGE in", line)
        out.append(line)
    return out


def repeated_part(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line == FIRST_REPEATED)
    return lines[start:]


def test_the_transcript_starts_with_a_fresh_clone_setting_up_its_venv():
    lines = transcript()
    install = lines[: lines.index(FIRST_REPEATED)]
    assert install[0] == "test -x .venv/bin/python || python3 -m venv .venv"
    assert install[-1] == "touch .venv/.installed"
    assert len(transcript()) <= 40  # one screen


def test_a_build_prints_what_the_transcript_shows(tmp_path):
    project = tmp_path / "gaza-explainer"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_bytes(source.read_bytes())
    venv = Path(sys.prefix)
    # a top-level make, as an editor runs it: not a sub-make of `make test` (which would print
    # "Entering directory" lines)
    skip = {buildlog.ENV_LOG, "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["PYTHONPATH"] = str(project)  # the copy's explainer, for Sphinx and the kernels
    proc = subprocess.run(
        ["make", "-o", f"{venv}/.installed", f"VENV={venv}", "book"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-6000:]
    printed = proc.stdout.replace(f"{venv}/", ".venv/").replace(str(project), CLONE)
    assert normalise(repeated_part(printed.splitlines())) == normalise(repeated_part(transcript()))


def test_the_brief_filter_passes_warnings_and_own_lines_only():
    import logging

    def record(name: str, level: int, msg: str) -> logging.LogRecord:
        return logging.LogRecord(name, level, "x", 1, msg, None, None)

    keep = buildlog.BriefFilter().filter
    assert keep(record("sphinx.explainer.site.execution", logging.INFO, "explainer: executed"))
    assert keep(record("sphinx.sphinx.application", logging.INFO, "build %s."))
    assert keep(record("sphinx.myst_nb", logging.WARNING, "a real warning"))
    assert not keep(record("sphinx.myst_nb.sphinx_", logging.INFO, "Using cached notebook"))
    assert not keep(record("sphinx.sphinx.util.display", logging.INFO, "copying static files"))


def test_where_to_look_names_the_folder_and_the_preview(monkeypatch):
    monkeypatch.chdir(REPO)
    line = buildlog.where_to_look(REPO / "_build" / "html")
    assert "in _build/html:" in line and "make serve" in line and "_build/html/index.html" in line

"""`make book`'s output: what docs/build-log.md shows a fresh clone printing is what a build prints.

The build runs `make book` in a copy of the project with no `_build` (as in a fresh clone), with
this checkout's `.venv` (the install steps, minutes long, are the transcript's first lines and are
not repeated here). Lines are compared after taking out what changes from run to run: timings,
the folder, the order in which parallel pages finish. A new line in the log (a warning, a chatty
extension) or a lost one (a progress line) fails the test.
"""

from __future__ import annotations

import re
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


#: A log record of Jupyter's own machinery (tornado's or zmq's event loop), which a kernel process
#: prints straight to the terminal under load ("ERROR:tornado.general:Uncaught exception in
#: ZMQStream callback"), in Python's default logging format; the traceback after it, if any, is
#: part of it. The build did not print it, and a build that prints anything else still fails.
KERNEL_NOISE = re.compile(r"(ERROR|WARNING|CRITICAL):(tornado|zmq|asyncio)(\.[\w.]+)?:")
TRACEBACK_START = "Traceback (most recent call last):"


def without_kernel_noise(lines: list[str]) -> list[str]:
    """``lines`` without Jupyter's event-loop log records (:data:`KERNEL_NOISE`) and their
    tracebacks: the header line, indented frame lines, and the exception's last line."""
    out, i = [], 0
    while i < len(lines):
        if not KERNEL_NOISE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        i += 1
        if i < len(lines) and lines[i] == TRACEBACK_START:
            i += 1
            while i < len(lines) and lines[i].startswith(" "):
                i += 1
            i += 1  # "SomeError: what went wrong"
    return out


def normalise(lines: list[str]) -> list[str]:
    out = []
    for line in without_kernel_noise(lines):
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


def test_a_build_prints_what_the_transcript_shows(tmp_path, book_builds):
    project = book_builds.copy_project(tmp_path / "gaza-explainer", book_builds.tracked_files())
    # a top-level make, as an editor runs it, with the copy's explainer (for Sphinx and kernels)
    env = book_builds.environment(project, top_level=True)
    proc = book_builds.run(book_builds.make_command(), project, env, one_stream=True)
    printed = proc.stdout.replace(f"{book_builds.VENV}/", ".venv/").replace(str(project), CLONE)
    assert normalise(repeated_part(printed.splitlines())) == normalise(repeated_part(transcript()))


ZMQ_NOISE = [
    "ERROR:tornado.general:Uncaught exception in ZMQStream callback",
    TRACEBACK_START,
    '  File "/venv/lib/python3.11/site-packages/zmq/eventloop/zmqstream.py", line 565, in _run',
    "    f = callback(*args, **kwargs)",
    "zmq.error.ZMQError: Socket operation on non-socket",
]


def test_kernel_noise_is_not_the_builds_output_but_any_other_line_is():
    """The comparison above ignores a Jupyter event-loop record and its traceback wherever it
    falls, and nothing else: a new warning, a lost line or a bare traceback still differ."""
    lines = repeated_part(transcript())
    noisy = lines[:3] + ZMQ_NOISE + lines[3:] + ZMQ_NOISE[:1]
    assert normalise(noisy) == normalise(lines)
    assert normalise(lines[:3] + ["WARNING: a real warning"] + lines[3:]) != normalise(lines)
    assert normalise(lines[:3] + ZMQ_NOISE[1:] + lines[3:]) != normalise(lines)
    assert normalise(lines[:3] + lines[4:]) != normalise(lines)
    assert normalise(lines[:3] + ["ERROR:explainer:a page failed"] + lines[3:]) != normalise(lines)


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

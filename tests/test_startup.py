"""The start-up savings (explainer/startup.py) change no behaviour, and the build command forwards."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys
{first}
import jsonschema
stand_in = type(sys.modules["rfc3987_syntax"]).__name__ == "module" and (
    sys.modules["rfc3987_syntax"].__doc__ or ""
).startswith("Lazy stand-in")
grammars_loaded = "rfc3987_syntax.syntax_helpers" in sys.modules
checker = jsonschema.FormatChecker()
results = [
    checker.conforms("https://example.org/caf\\u00e9", "iri"),
    checker.conforms("no scheme here", "iri"),
    checker.conforms("../relative", "iri-reference"),
]
print(stand_in, grammars_loaded, results, "rfc3987_syntax.syntax_helpers" in sys.modules)
"""


def _run(first: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(first=first)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip()


def test_importing_explainer_defers_the_iri_grammars_without_changing_results():
    pytest.importorskip("rfc3987_syntax")
    plain = _run("")
    deferred = _run("import explainer")
    # Without explainer: the real module, grammars compiled at import.
    assert plain.startswith("False True ")
    # With it: a stand-in, no grammars until the first IRI check, then the same answers.
    assert deferred.startswith("True False ")
    assert plain.split(" ", 2)[2] == deferred.split(" ", 2)[2]
    assert deferred.endswith("True")  # the first check loaded the real implementation


def test_build_command_forwards_to_jupyter_book():
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "build", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: jupyter-book build" in result.stdout
    assert "--keep-going" in result.stdout

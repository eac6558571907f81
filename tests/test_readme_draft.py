"""The README's "Drafting a new article" transcript is what the commands it shows print.

The bridge example is drafted with the README's own `make draft` command (its folder moved into a
temporary one) and validated as the README shows; the output must match the README's lines but
for the seconds. A change to the drafter that changes what it finds fails here until the README
shows the new output.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("spacy")

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
FOLDER = "drafts/bridge"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Drafting a new article\n(.*?)^## ", text, re.S | re.M)
    assert match, "README.md has no 'Drafting a new article' section"
    return match[1]


def blocks() -> list[str]:
    return re.findall(r"^```\n(.*?)\n```", section(), re.S | re.M)


def no_seconds(text: str) -> str:
    return re.sub(r"\bin \d+(\.\d+)? s\b", "in N s", text)


def test_the_draft_command_prints_what_the_readme_shows(tmp_path):
    command, output = blocks()[:2]
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:2] == ["make", "draft"] and f"OUT={FOLDER}" in words
    out = tmp_path / FOLDER
    words = [f"OUT={out}" if w == f"OUT={FOLDER}" else w for w in words]
    proc = subprocess.run(
        [*words[:1], "-s", *words[1:]], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    printed = proc.stdout.replace(str(out), FOLDER).strip()
    assert no_seconds(printed) == no_seconds(output.strip())
    shown = re.search(rf"explainer validate {FOLDER}\s+# (ok: .*?); (review: .*)$", section(), re.M)
    assert shown, "README.md shows no validate line for the draft"
    validated = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.stdout.strip().splitlines() == [shown[1], shown[2]]

"""The command line: `locate` prints offsets that match the article; errors never show a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Israel Katz",  # once
        "Hamas",  # many times
        "the statement reads\u201d",  # ends with the stray closing mark
        "IDF [Israel Defense Forces]",
        "nearly 2,000",
    ],
)
def test_locate_prints_offsets_that_match_the_article(article, text):
    proc = cli("locate", "--offsets", text)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    lines = proc.stdout.splitlines()
    assert len(lines) == article.count(text) >= 1
    starts = []
    for line in lines:
        start, end, shown = line.split("\t")
        start, end = int(start), int(end)
        assert article[start:end] == text == shown
        starts.append(start)
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_locate_finds_overlapping_occurrences(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "article.txt").write_text("aaaa", encoding="utf-8")
    proc = cli("locate", "--offsets", "aa", "--data-dir", str(data))
    assert proc.returncode == 0
    assert [line.split("\t")[:2] for line in proc.stdout.splitlines()] == [
        ["0", "2"],
        ["1", "3"],
        ["2", "4"],
    ]


def test_locate_unknown_text_fails_with_a_message():
    proc = cli("locate", "this sentence is not in the article")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "not found" in proc.stderr
    no_traceback(proc)


@pytest.mark.parametrize("args", [["frobnicate"], [], ["validate", "--no-such-option"]])
def test_bad_command_lines_exit_non_zero_without_traceback(args):
    proc = cli(*args)
    assert proc.returncode != 0
    assert "usage:" in proc.stderr
    no_traceback(proc)


def test_validate_on_a_missing_directory_reports_a_problem(tmp_path):
    proc = cli("validate", str(tmp_path / "nowhere"))
    assert proc.returncode == 1
    no_traceback(proc)
    *problems, summary = proc.stdout.strip().splitlines()
    assert problems[-1].endswith("datapackage.json:-: -: file is missing")
    assert summary.startswith("1 problem in 1 file: ")


def test_locate_in_a_missing_directory_is_an_error_not_a_traceback(tmp_path):
    proc = cli("locate", "Hamas", "--data-dir", str(tmp_path / "nowhere"))
    assert proc.returncode != 0
    assert proc.stderr.startswith("error:")
    no_traceback(proc)

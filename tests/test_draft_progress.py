"""Drafting a folder says how far it has got: article n of N (or batch n of N) and the seconds
so far, on stderr, as it goes."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("spacy")

TEXTS = {
    "bridge": "Senator Ana Ruiz said the bridge would reopen in May.\n",
    "budget": "The council voted on Tuesday. According to the mayor, the budget is balanced.\n",
    "school": "Parents at Lincoln School said the new schedule was confusing.\n",
}


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "texts"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    return src


def test_one_line_per_article_drafted(folder, tmp_path, capsys):
    from explainer.cli import main

    assert main(["draft", str(folder), "--out", str(tmp_path / "out"), "--rules", "-model"]) == 0
    err = capsys.readouterr().err
    lines = re.findall(r"^drafting: (\d+) of (\d+) articles: (\w+) \((\d+) s\)$", err, re.M)
    assert [(n, total, name) for n, total, name, _ in lines] == [
        ("1", "3", "bridge"),
        ("2", "3", "budget"),
        ("3", "3", "school"),
    ]
    seconds = [int(s) for *_, s in lines]
    assert seconds == sorted(seconds)


def test_worker_processes_report_each_batch(folder, tmp_path, capsys):
    from explainer.cli import main

    out = tmp_path / "out"
    assert (
        main(["draft", str(folder), "--out", str(out), "--processes", "2", "--rules", "-model"])
        == 0
    )
    err = capsys.readouterr().err
    lines = re.findall(
        r"^drafting: (\d+) of (\d+) batches \(about (\d+) of 3\) \(\d+ s\)$", err, re.M
    )
    assert lines, err
    assert lines[-1][0] == lines[-1][1] and lines[-1][2] == "3"
    assert sorted(p.name for p in out.iterdir()) == sorted(TEXTS)

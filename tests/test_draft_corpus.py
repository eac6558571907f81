"""Drafting a folder of articles: locally and as a Dask bag on a LocalCluster (texts written here)."""

from __future__ import annotations

import csv
import re

import pytest

pytest.importorskip("spacy")
pytest.importorskip("distributed")

from explainer.draft import corpus  # noqa: E402
from explainer.draft.text import DraftInputError  # noqa: E402

TEXTS = {
    "bridge": "Senator Ana Ruiz said the bridge would reopen in May.\n\n"
    "“We are not done yet,” she told reporters on Monday.\n",
    "budget": "The council voted on Tuesday. According to the mayor, the budget is balanced.\n",
    "school": "Parents at Lincoln School said the new schedule was confusing.\n",
}


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "texts"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    (src / "meta.tsv").write_text(
        "filename\tpublication_date\ttitle\tpublisher\nbridge\t2025-03-03\tThe bridge\tThe Courier\n",
        encoding="utf-8",
    )
    return src


def statements(pkg):
    with (pkg / "statements.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_metadata_by_stem_and_a_bad_date_named_by_row(folder):
    meta = corpus.read_metadata(folder / "meta.tsv")
    assert meta["bridge"].title == "The bridge" and meta["bridge"].outlet == "The Courier"
    assert meta["bridge"].date.isoformat() == "2025-03-03"
    bad = folder / "bad.tsv"
    bad.write_text("name\tdate\nbridge\t3 March\n", encoding="utf-8")
    with pytest.raises(DraftInputError, match=r"bad.tsv: row 2: date '3 March' is not a date"):
        corpus.read_metadata(bad)


def test_one_bad_article_is_reported_by_name_and_the_rest_go_on(folder, tmp_path):
    (folder / "broken.txt").write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    results = corpus.draft_corpus(corpus.items(folder, folder / "meta.tsv"), out)
    by_name = {r.name: r for r in results}
    assert by_name["broken"].files is None and "broken.txt" in by_name["broken"].error
    assert sorted(p.name for p in out.iterdir()) == ["bridge", "budget", "school"]
    assert any("bridge would reopen" in s["exact"] for s in statements(out / "bridge"))


def test_a_folder_that_holds_a_package_is_left_alone(folder, tmp_path):
    out = tmp_path / "out"
    (out / "bridge").mkdir(parents=True)
    (out / "bridge" / "keep.txt").write_text("reviewed", encoding="utf-8")
    results = {r.name: r for r in corpus.draft_corpus(corpus.items(folder), out)}
    assert "not empty" in results["bridge"].error
    assert (out / "bridge" / "keep.txt").read_text(encoding="utf-8") == "reviewed"
    assert (out / "budget" / "statements.csv").is_file()


def test_dask_local_cluster_drafts_the_same_packages(folder, tmp_path):
    from distributed import LocalCluster

    local, remote = tmp_path / "local", tmp_path / "remote"
    todo = corpus.items(folder, folder / "meta.tsv")
    corpus.draft_corpus(todo, local)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        results = corpus.draft_corpus(todo, remote, dask=cluster.scheduler_address)
    assert [r.error for r in results] == ["", "", ""]
    for name in TEXTS:
        assert (remote / name / "statements.csv").read_text(encoding="utf-8") == (
            local / name / "statements.csv"
        ).read_text(encoding="utf-8")


def test_the_command_drafts_a_folder_and_names_the_bad_article(folder, tmp_path, capsys):
    from explainer.cli import main

    (folder / "broken.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["draft", str(folder), "--out", str(out), "--rules", "-model"])
    err = capsys.readouterr().err
    assert code == 1 and "broken" in err and "empty" in err
    assert sorted(p.name for p in out.iterdir()) == ["bridge", "budget", "school"]
    assert main(["draft", str(folder), "--out", str(tmp_path / "x"), "--rules", "-nope"]) == 2


# Progress: article n of N (or batch n of N) and the seconds so far, on stderr, as it goes.


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

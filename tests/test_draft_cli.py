"""`python -m explainer draft`: bad input refused before anything is written, a valid package
written otherwise, and re-drafting over reviewed records losing none of them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="the drafting extra: make test installs it")

from explainer.package.validate import review_counts, validate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Council approves new bridge\n\nBy Sam Writer\n\n"
    "The city council approved a new bridge on Tuesday, Mayor Ana Ruiz said. "
    "“We will open it by spring,” she said. The bridge will cost nearly 40 million dollars, "
    "according to the city's budget office.\n"
)


def draft(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "draft", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Caf\u00e9 owners said prices rose.".encode("latin-1"), "not UTF-8"),
        (b"12 34 56\n\n-- 7 --\n", "no sentences"),
    ],
)
def test_bad_input_is_refused_by_name_and_nothing_is_written(tmp_path, content, why):
    article = tmp_path / "bad article.txt"
    article.write_bytes(content)
    out = tmp_path / "out"
    proc = draft(str(article), "--out", str(out))
    assert proc.returncode == 1
    assert f"{article}:" in proc.stderr and why in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not out.exists()


def test_a_missing_file_and_a_bad_date_are_refused(tmp_path):
    proc = draft(str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1 and "nope.txt: no such file" in proc.stderr
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = draft(str(article), "--out", str(tmp_path / "o"), "--date", "19/03/2025")
    assert proc.returncode == 2 and "--date '19/03/2025' is not a date" in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("draft")
    article = root / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = draft(str(article), "--out", str(root / "pkg"), "--date", "2025-03-19",
                 "--outlet", "The Daily Example", "--author", "Sam Writer")  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok: valid package" in proc.stdout
    return root / "pkg"


def rows(pkg: Path, table: str) -> list[dict]:
    with (pkg / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_draft_is_a_valid_package_and_all_drafted(drafted):
    result = validate(drafted)
    assert result.ok, result.problems
    drafted_n, reviewed_n = review_counts(result)
    assert reviewed_n == 0 and drafted_n == result.n_records - len(result.rows["provenance"])
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(drafted)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0
    assert f"review: {drafted_n} drafted, 0 reviewed" in proc.stdout
    st = {r["exact"]: r for r in rows(drafted, "statements")}
    quote = st["We will open it by spring,"]
    assert (quote["mode"], quote["cue_exact"], quote["source_exact"]) == ("direct", "said", "she")
    ev = {r["exact"]: r for r in rows(drafted, "events")}
    assert (ev["Tuesday"]["date_start"], ev["Tuesday"]["precision"]) == ("2025-03-18", "day")


def test_the_drafts_descriptor_carries_nothing_of_the_projects_own_article(drafted):
    # A newcomer's USA Today draft said its rights stay with the flagship's publisher and its
    # days are Israel and Gaza's: the descriptor was the project's own, words and all.
    own = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    flagship = {str(own.get("title", ""))}
    for table in ("actors", "sources"):
        with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                flagship |= {row.get(k, "") for k in ("name", "publisher", "author")}
    flagship |= {"Asia/Jerusalem", "America/New_York"}
    drafted_descriptor = json.loads((drafted / "datapackage.json").read_text(encoding="utf-8"))
    # What the descriptor says of this package (the table schemas are the data contract's
    # dictionary, shared by every package, with the project's examples).
    said = json.dumps(
        [{k: v for k, v in r.items() if k != "schema"} for r in drafted_descriptor["resources"]]
        + [{k: v for k, v in drafted_descriptor.items() if k != "resources"}],
        ensure_ascii=False,
    )
    leaked = sorted(n for n in flagship if len(n) > 3 and n in said)
    assert leaked == []
    article = next(r for r in drafted_descriptor["resources"] if r["name"] == "article")
    assert "The Daily Example (by Sam Writer)" in article["description"]
    assert article["licenses"][0]["name"] == "publisher-rights-reserved"


def mark_reviewed(pkg: Path, table: str, record_id: str) -> None:
    path = pkg / "provenance.csv"
    with path.open(encoding="utf-8", newline="") as f:
        prov = list(csv.DictReader(f))
    for p in prov:
        if (p["table"], p["record_id"]) == (table, record_id):
            p["review"] = "reviewed"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(prov[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(prov)


def test_redrafting_keeps_every_reviewed_record_and_writes_a_diff(drafted, tmp_path):
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(drafted, pkg)
    st = rows(pkg, "statements")
    # The editor reviews the quotation and corrects the speaker's note; reviews one figure.
    edited = st[1]
    edited["relay_note"] = "Checked against the print edition."
    with (pkg / "statements.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(st[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(st)
    mark_reviewed(pkg, "statements", edited["statement_id"])
    fig = rows(pkg, "figures")[0]
    mark_reviewed(pkg, "figures", fig["figure_id"])
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = draft(str(article), "--out", str(pkg), "--date", "2025-03-19",
                 "--outlet", "The Daily Example")  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kept" in proc.stdout and "draft.diff" in proc.stdout
    after = {r["statement_id"]: r for r in rows(pkg, "statements")}
    assert after[edited["statement_id"]] == edited  # the reviewed record, exactly as edited
    assert (
        sum(r["start"] == edited["start"] and r["end"] == edited["end"] for r in after.values())
        == 1
    )
    assert rows(pkg, "figures").count(fig) == 1
    prov = {(p["table"], p["record_id"]): p["review"] for p in rows(pkg, "provenance")}
    assert prov[("statements", edited["statement_id"])] == "reviewed"
    assert prov[("figures", fig["figure_id"])] == "reviewed"
    assert validate(pkg).ok
    diff = (pkg / "draft.diff").read_text(encoding="utf-8")
    assert diff.startswith("--- a/")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert not [line for line in changed if line[1:].startswith(edited["statement_id"] + ",")]


def test_redrafting_another_text_into_a_package_is_refused(drafted, tmp_path):
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(drafted, pkg)
    before = {p.name: p.read_bytes() for p in pkg.iterdir()}
    other = tmp_path / "other.txt"
    other.write_text("The council met again on Friday. It approved a park.\n", encoding="utf-8")
    proc = draft(str(other), "--out", str(pkg))
    assert proc.returncode == 1 and "another text" in proc.stderr
    assert {p.name: p.read_bytes() for p in pkg.iterdir()} == before

"""explainer/package/edit.py: changing the article text keeps every anchor and the recorded hash true."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from explainer.package import edit
from explainer.package.validate import validate


def _rows(data: Path, table: str) -> dict[str, dict]:
    with (data / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    key = next(iter(rows[0]))
    return {row[key]: row for row in rows}


def _snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}


def test_no_edit_rewrites_every_file_byte_for_byte(data_copy):
    before = _snapshot(data_copy)
    edit.replace_in_article(data_copy, [])
    assert _snapshot(data_copy) == before


def test_text_inside_an_anchor_grows_it_and_moves_every_later_anchor(data_copy):
    before = _rows(data_copy, "statements")
    terms = _rows(data_copy, "terms")
    new = 'extensive & <b>"wide"</b>'
    grown = len(new) - len("extensive")
    edit.replace_in_article(data_copy, [("extensive", new)])
    after = _rows(data_copy, "statements")
    article = (data_copy / "article.txt").read_text(encoding="utf-8")

    # st_q07 is exactly the quoted word: it now holds the new text.
    assert after["st_q07"]["exact"] == new
    assert int(after["st_q07"]["end"]) - int(after["st_q07"]["start"]) == len(new)
    assert _rows(data_copy, "terms")["tm_012"]["exact"] == new
    for sid, row in before.items():
        start, end = int(row["start"]), int(row["end"])
        moved = after[sid]
        if end <= int(before["st_q07"]["start"]):  # before the edit: untouched
            assert (moved["start"], moved["end"]) == (row["start"], row["end"])
        elif start >= int(before["st_q07"]["end"]):  # after it: shifted
            assert int(moved["start"]) == start + grown and int(moved["end"]) == end + grown
        assert article[int(moved["start"]) : int(moved["end"])] == moved["exact"]
    assert terms.keys() == _rows(data_copy, "terms").keys()

    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "article")
    raw = (data_copy / "article.txt").read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert resource["bytes"] == len(raw)


def test_an_edited_package_still_validates(data_copy):
    edit.replace_in_article(
        data_copy,
        [("returned home", "returned home <script>x</script>"), ("Tel Nof", "Tel Nof & co")],
    )
    edit.set_fields(data_copy, "actors", "witkoff", {"name": 'Steve "><img src=x> Witkoff'})
    result = validate(data_copy)
    assert result.ok, "\n".join(str(p) for p in result.problems)
    assert _rows(data_copy, "actors")["witkoff"]["name"] == 'Steve "><img src=x> Witkoff'


def test_a_change_with_no_anchor_update_would_not_validate(data_copy):
    """The control: the same change made by hand breaks every anchor after it and the hash."""
    path = data_copy / "article.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Tel Nof", "Tel Nof & co"), "utf-8")
    problems = [str(p) for p in validate(data_copy).problems]
    assert any("hash" in p for p in problems)
    assert any("does not match article.txt" in p for p in problems)


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        ([("Hamas", "H")], "occurs"),  # many times
        ([("not in the article at all", "x")], "occurs 0 times"),
        ([("", "x")], "empty"),
        ([("on Monday night", "x"), ("Monday night began", "y")], "overlap"),
        # Straddles the end of the event anchor "on Monday night" (events.csv).
        ([("night began", "evening began")], "cuts across this anchor"),
        # Swallows the quotation st_q07 ("extensive") whole, quotation marks and all.
        ([("“extensive”", "big")], "cuts across this anchor"),
    ],
)
def test_ambiguous_or_straddling_edits_are_refused_and_nothing_is_written(
    data_copy, replacements, message
):
    before = _snapshot(data_copy)
    with pytest.raises(edit.EditError, match=message):
        edit.replace_in_article(data_copy, replacements)
    assert _snapshot(data_copy) == before


def test_a_straddling_edit_names_the_file_and_line(data_copy):
    with pytest.raises(edit.EditError, match=r"events\.csv:\d+ \(ev_\w+, .*\): .*1173\.\.1188"):
        edit.replace_in_article(data_copy, [("night began", "evening began")])


@pytest.mark.parametrize(
    ("table", "record", "values", "message"),
    [
        ("nope", "x", {"name": "y"}, "no table"),
        ("actors", "nobody", {"name": "y"}, "0 rows"),
        ("actors", "witkoff", {"nickname": "y"}, "no column"),
        ("terms", "tm_012", {"exact": "y"}, "anchor"),
    ],
)
def test_set_fields_refuses_what_it_cannot_do(data_copy, table, record, values, message):
    with pytest.raises(edit.EditError, match=message):
        edit.set_fields(data_copy, table, record, values)


def test_a_statements_cue_and_source_anchors_move_with_the_text(tmp_path):
    """A drafted statement anchors its cue and source too; an edit before them shifts all three,
    and the package stays valid (it did not: only start/end/exact moved)."""
    example = Path(__file__).resolve().parents[1] / "docs" / "draft-example" / "draft"
    package = tmp_path / "draft"
    shutil.copytree(example, package)
    before = _rows(package, "statements")["st_001"]
    assert before["cue_start"] and before["source_start"]  # the control: both are anchored
    article = (package / "article.txt").read_text(encoding="utf-8")
    old = "ending months of debate"
    assert article.count(old) == 1 and article.index(old) < int(before["cue_start"])
    edit.replace_in_article(package, [(old, old + " (edited)")])
    after = _rows(package, "statements")["st_001"]
    new_text = (package / "article.txt").read_text(encoding="utf-8")
    for side in ("", "cue_", "source_"):
        start, end = int(after[f"{side}start"]), int(after[f"{side}end"])
        assert start == int(before[f"{side}start"]) + len(" (edited)")
        assert new_text[start:end] == before[f"{side}exact"] == after[f"{side}exact"]
    result = validate(package)
    assert result.ok, "\n".join(str(p) for p in result.problems)

"""bench/compare_sites.py reports what a reader of either build would see differ: pages' text,
titles, embed pages and their chart images, and downloads (a zip member by member)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import compare_sites  # noqa: E402


def _site(root: Path, title: str, chart_word: str, cell: str, member: str) -> Path:
    (root / "book").mkdir(parents=True)
    (root / "embed").mkdir()
    (root / "_static" / "charts").mkdir(parents=True)
    (root / "downloads").mkdir()
    (root / "index.html").write_text("<title>Home</title>", encoding="utf-8")
    (root / "book" / "index.html").write_text(
        f"<html><head><title>{title}</title></head><body><main><p>Same text.</p></main></body>",
        encoding="utf-8",
    )
    svg = f"{abs(hash(chart_word))}.svg"
    (root / "_static" / "charts" / svg).write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><text>{chart_word}</text></svg>', encoding="utf-8"
    )
    (root / "embed" / "index-1.html").write_text(
        f'<title>Chart</title><main><p>Credit.</p><a href="../_static/charts/{svg}">SVG</a></main>',
        encoding="utf-8",
    )
    (root / "downloads" / "table.csv").write_text(f"a,b\n{cell},2\n", encoding="utf-8")
    with zipfile.ZipFile(root / "downloads" / "data.zip", "w") as archive:
        archive.writestr("pkg/notes.txt", member)
    return root


def test_identical_builds_show_no_difference(tmp_path):
    one = _site(tmp_path / "a", "T", "word", "1", "same")
    two = _site(tmp_path / "b", "T", "word", "1", "same")
    assert compare_sites.compare(one, two) == []


def test_each_kind_of_difference_is_reported(tmp_path):
    one = _site(tmp_path / "a", "Old title", "old word", "1", "old member")
    two = _site(tmp_path / "b", "New title", "new word", "9", "new member")
    diff = "\n".join(compare_sites.compare(one, two))
    for section in ("titles", "embeds", "downloads"):
        assert f"=== {section}" in diff
    for changed in ("+title: New title", "+new word", "+9,2", "+  new member"):
        assert changed in diff, changed
    assert "=== pages" not in diff  # the main text is the same
    assert compare_sites.compare(one, two, ("pages",)) == []

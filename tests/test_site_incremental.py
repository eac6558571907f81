"""A site of several articles rebuilds incrementally (explainer/site/articles.py).

In a copy of the project, one ``python -m explainer site`` builds two small packages (copies of
the bridge example's draft and of its reviewed version, docs/draft-example/). Then:

* correcting one article's data rebuilds that article alone: every file of the other article in
  the site keeps its bytes and its modification time, the corrected article's pages and the
  index show the correction;
* adding a third article builds it alone and lists it in the index, leaving the two others'
  files as they were;
* a run with nothing changed builds nothing and writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from explainer.site import articles

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "draft-example"
CORRECTED = "Council approves the river bridge, corrected title"


def _stamp(path: Path) -> tuple[str, int]:
    """A file's sha256 and modification time (ns)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _files(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``, with its :func:`_stamp`."""
    return {
        p.relative_to(folder).as_posix(): _stamp(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _retitle(package: Path, title: str) -> None:
    """Correct the article's title in the package's sources table."""
    path = package / "sources.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["kind"] == "article":
            row["title"] = title
            row["title_basis"] = "descriptive"  # no longer the printed headline
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, book_builds) -> dict:
    work = tmp_path_factory.mktemp("site-incremental")
    for name, source in (("bridge", "draft"), ("reviewed", "reviewed"), ("third", "draft")):
        shutil.copytree(EXAMPLE / source, work / name)
    project = book_builds.copy_project(work / "project", book_builds.PROJECT_FILES)
    env = book_builds.environment(project)
    out = work / "site"

    def site(*names: str) -> tuple[str, dict[str, dict]]:
        command = book_builds.site_command([work / n for n in names], out)
        log = book_builds.run(command, project, env, timeout=1800).stdout
        return log, {
            entry.name: _files(entry) if entry.is_dir() else _stamp(entry)
            for entry in sorted(out.iterdir())
        }

    runs = {"out": out}
    runs["first"] = site("bridge", "reviewed")
    runs["again"] = site("bridge", "reviewed")
    _retitle(work / "bridge", CORRECTED)
    runs["corrected"] = site("bridge", "reviewed")
    runs["added"] = site("bridge", "reviewed", "third")
    return runs


def _built(log: str) -> list[str]:
    return [line.split()[2] for line in log.splitlines() if line.startswith("explainer: building")]


def test_the_first_run_builds_both(runs):
    log, files = runs["first"]
    assert sorted(_built(log)) == ["bridge", "reviewed"]
    assert {"bridge", "reviewed", "index.html"} <= set(files)


def test_nothing_changed_builds_nothing_and_writes_nothing(runs):
    log, files = runs["again"]
    assert _built(log) == []
    assert files == runs["first"][1]


def test_correcting_one_article_leaves_the_other_untouched(runs):
    log, files = runs["corrected"]
    assert _built(log) == ["bridge"]
    before = runs["again"][1]
    assert files["reviewed"] == before["reviewed"]  # same bytes, same modification times
    assert files["bridge"] != before["bridge"]
    assert files["index.html"] != before["index.html"]
    index = (runs["out"] / "index.html").read_text(encoding="utf-8")
    page = (runs["out"] / "bridge" / "book" / "article.html").read_text(encoding="utf-8")
    assert CORRECTED in index and CORRECTED in page


def test_adding_an_article_builds_it_alone(runs):
    log, files = runs["added"]
    assert _built(log) == ["third"]
    before = runs["corrected"][1]
    assert files["reviewed"] == before["reviewed"] and files["bridge"] == before["bridge"]
    assert 'href="third/index.html"' in (runs["out"] / "index.html").read_text(encoding="utf-8")


def test_the_site_holds_only_what_this_build_put_there(runs):
    out = runs["out"]
    assert sorted(p.name for p in out.iterdir()) == ["bridge", "index.html", "reviewed", "third"]
    for name in ("bridge", "reviewed", "third"):
        built = articles.build_folder(out.parent / "project", out.parent / name)
        assert _files(out / name).keys() == _files(built / "_build" / "html").keys()

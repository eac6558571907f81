"""A site of several articles rebuilds incrementally (explainer/site/articles.py).

In a copy of the project, one ``python -m explainer site`` builds two small packages (copies of
the bridge example's draft and of its reviewed version, docs/draft-example/). Then:

* correcting one article's data rebuilds that article alone: every file of the other article in
  the site keeps its bytes and its modification time, the corrected article's pages and the
  index show the correction;
* adding a third article builds it alone and lists it in the index, leaving the two others'
  files as they were;
* a run with nothing changed builds nothing and writes nothing;
* the corrected article, built incrementally, is byte for byte what a build from nothing makes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
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


def _contents(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, with the sha256 of its content (:func:`_content`)."""
    return {
        p.relative_to(folder).as_posix(): _content(p)
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
    # The corrected article built again from nothing: what an incremental build must equal.
    runs["incremental"] = _contents(out / "bridge")
    shutil.rmtree(articles.build_folder(project, work / "bridge"))
    runs["clean"] = site("bridge", "reviewed", "third")
    clean = articles.build_folder(project, work / "bridge") / "_build" / "html"
    runs["clean_html"] = _contents(clean)
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


def test_the_corrected_article_is_byte_for_byte_a_clean_build(runs):
    """No page, chart, download or share image of the corrected article is stale: its files in
    the site, built incrementally (4 of its 8 pages executed again), hold the same bytes as a
    build of the corrected package from nothing."""
    log, _ = runs["clean"]
    assert _built(log) == ["bridge"]
    incremental, clean = runs["incremental"], runs["clean_html"]
    assert incremental.keys() == clean.keys()
    differ = sorted(name for name in clean if clean[name] != incremental[name])
    assert differ == [], differ


#: Sphinx adds ``?v=<checksum>`` to a stylesheet's link when the file is already in the output,
#: as myst-nb's (named by its own hash) is on every build but the first: the one difference
#: between two builds of the same package that says nothing about the package.
_STYLESHEET_VERSION = re.compile(rb"(mystnb\.[0-9a-f]+\.css)\?v=[0-9a-f]+")


def _content(path: Path) -> str:
    """The sha256 of what a file says: a page without :data:`_STYLESHEET_VERSION`; the search
    index as its terms, titles and pages, in sorted order, without a term that finds no page (an
    incremental build of Sphinx's index keeps each term it no longer finds, with no page)."""
    data = path.read_bytes()
    if path.name == "searchindex.js":
        index = json.loads(data.decode("utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
        for key in ("terms", "titleterms"):
            index[key] = {term: pages for term, pages in index.get(key, {}).items() if pages != []}
        data = json.dumps(_sorted(index), sort_keys=True).encode()
    return hashlib.sha256(_STYLESHEET_VERSION.sub(rb"\1", data)).hexdigest()


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


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

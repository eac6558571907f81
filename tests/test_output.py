"""The built site holds this build alone (issue 22, blocker 2).

In a copy of the project: build the flagship, then a drafted package with fewer charts and fewer
tables into the same ``_build/html`` (no ``make clean``). Every file there must be one that a
build of the draft alone writes: the same set of files as a build of the draft into an empty
folder, the same downloads byte for byte, and no embed page or chart drawing that no page links to.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from explainer.site import sphinx_output
from explainer.views import export

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "draft-example" / "article.txt"


def _files(html: Path) -> set[str]:
    return {p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, book_builds) -> dict:
    work = tmp_path_factory.mktemp("output")
    # the flagship's pages need not run again
    project = book_builds.copy_project(
        work / "project", book_builds.PROJECT_FILES, seed=work / "project" / "_build"
    )
    draft = work / "draft"
    drafting = [sys.executable, "-m", "explainer", "draft", str(EXAMPLE), "--out", str(draft)]
    drafting += ["--date", "2025-03-19", "--title", "A bridge"]
    book_builds.run(drafting, work, book_builds.environment(project))

    def build(data: Path | None, out: Path | None = None) -> str:
        command = book_builds.book_command(project, every_page=False, out=out)
        done = book_builds.run(command, project, book_builds.environment(project, data))
        return done.stdout + done.stderr

    html = project / "_build" / "html"
    build(None)
    flagship = _files(html)
    log = build(draft)
    alone = work / "alone"
    # the draft's pages need not run again
    book_builds.copy_project(alone, [], seed=alone / "_build", seed_from=project / "_build")
    build(draft, alone)
    return {"html": html, "flagship": flagship, "alone": alone / "_build" / "html", "log": log}


def test_the_draft_has_fewer_charts_and_tables_than_the_flagship(builds):
    """The case the test is about: outputs that the flagship has and the draft has not."""
    gone = builds["flagship"] - _files(builds["alone"])
    assert any(f.startswith("embed/") for f in gone), "the draft has as many charts"
    assert any(f.startswith("downloads/tables/") for f in gone), "the draft has as many tables"


def test_every_file_is_one_the_draft_alone_writes(builds):
    left = sorted(_files(builds["html"]) - _files(builds["alone"]))
    missing = sorted(_files(builds["alone"]) - _files(builds["html"]))
    assert not left, f"left from the flagship's build: {left[:20]}"
    assert not missing, f"missing after building over the flagship: {missing[:20]}"


def test_the_downloads_are_the_drafts_byte_for_byte(builds):
    for rel in sorted(_files(builds["alone"])):
        if rel.startswith("downloads/") and not rel.endswith(".zip"):
            assert (builds["html"] / rel).read_bytes() == (builds["alone"] / rel).read_bytes(), rel
    with zipfile.ZipFile(builds["html"] / "downloads" / export.ARTICLE_ZIP) as pair:
        assert pair.read(f"{export.ARTICLE_FOLDER}/{export.ARTICLE}") == EXAMPLE.read_bytes()


def test_no_embed_or_drawing_is_left_unlinked(builds):
    assert sphinx_output.foreign_files(builds["html"]) == []
    assert "held another build's site" in builds["log"]


def test_a_draft_build_prints_no_kernel_transport_warning(builds):
    """The kernels talk over Unix sockets (explainer/site/execution.py), so none warns that it
    "is running over TCP without encryption"."""
    assert "without encryption" not in builds["log"]


def test_foreign_files_names_an_embed_no_page_links(tmp_path):
    """The check itself can fail: an embed page and a drawing that no page links to."""
    (tmp_path / "embed").mkdir()
    (tmp_path / "_static" / "charts").mkdir(parents=True)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text('<iframe src="embed/a-1.html"></iframe>')
    (tmp_path / "embed" / "a-1.html").write_text('<img src="../_static/charts/f00.svg">')
    (tmp_path / "embed" / "a-2.html").write_text("")
    (tmp_path / "_static" / "charts" / "f00.svg").write_text("<svg/>")
    (tmp_path / "_static" / "charts" / "0ld.svg").write_text("<svg/>")
    assert sphinx_output.foreign_files(tmp_path) == ["_static/charts/0ld.svg", "embed/a-2.html"]

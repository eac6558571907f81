"""The built site holds this build alone (issue 22, blocker 2).

In a copy of the project: build the flagship, then a drafted package with fewer charts and fewer
tables into the same ``_build/html`` (no ``make clean``). Every file there must be one that a
build of the draft alone writes: the same set of files as a build of the draft into an empty
folder, the same downloads byte for byte, and no embed page or chart drawing that no page links to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import hostile
import pytest

from explainer.package import ENV_DATA_DIR
from explainer.site import sphinx_output

REPO = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["_config.yml", "_toc.yml", "book", "data", "explainer", "_static"]
PROJECT_FILES += ["requirements.txt", "pyproject.toml", "CITATION.cff"]
EXAMPLE = REPO / "docs" / "draft-example" / "article.txt"
#: What a build reads back from an earlier one (stored outputs, not outputs of the site).
CACHES = (".jupyter_cache", ".explainer_exec", ".explainer_charts")


def _build(project: Path, data: Path | None, out: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env["PYTHONPATH"] = str(project)
    if data is not None:
        env[ENV_DATA_DIR] = str(data)
    command = [sys.executable, "-m", "explainer", "build", str(project), "-W", "-n"]
    command += ["--keep-going"] + (["--path-output", str(out)] if out else [])
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, f"{result.stdout[-6000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def _seed(source: Path, target: Path) -> None:
    for name in CACHES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)


def _files(html: Path) -> set[str]:
    return {p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("output")
    project = hostile.copy_project(REPO, work / "project", PROJECT_FILES)
    _seed(REPO / "_build", project / "_build")  # the flagship's pages need not run again
    draft = work / "draft"
    subprocess.run(
        [sys.executable, "-m", "explainer", "draft", str(EXAMPLE), "--out", str(draft)]
        + ["--date", "2025-03-19", "--title", "A bridge"],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(project)},
        check=True,
        capture_output=True,
    )
    html = project / "_build" / "html"
    _build(project, None)
    flagship = _files(html)
    log = _build(project, draft)
    alone = work / "alone"
    _seed(project / "_build", alone / "_build")  # the draft's pages need not run again
    _build(project, draft, alone)
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
    assert (builds["html"] / "downloads" / "article.txt").read_bytes() == EXAMPLE.read_bytes()


def test_no_embed_or_drawing_is_left_unlinked(builds):
    assert sphinx_output.foreign_files(builds["html"]) == []
    assert "held another build's site" in builds["log"]


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

"""Shared fixtures: the repository layout, the real package and a scratch copy of it (data tests);
the built site, a local server for it and one Chromium for the session (build and browser tests).

The test tiers are set here, from the fixtures a test uses (directly or through another fixture),
so that nobody has to remember a marker: see :data:`TIERS`. ``make test-fast`` runs every test
with none of them; ``make test`` runs everything.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import builds
import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

#: Each tier's marker (declared in pyproject.toml) and the fixtures that put a test in it.
TIERS = {
    "build": {"site", "hostile_site", "book_builds"},
    "browser": {"chromium"},
    "install": {"wheel"},
    "lab": {"lab_server", "lab_runs"},
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark each test with the tiers of the fixtures it uses, before ``-m`` selects by them."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in TIERS.items():
            if used & fixtures:
                item.add_marker(marker)


@pytest.fixture(scope="session")
def real_result():
    """validate() on the real data, once per session (Frictionless makes each run ~1 s)."""
    from explainer.package.validate import validate

    return validate(DATA)


@pytest.fixture(scope="session")
def facts():
    """load() on the real data, once per session."""
    from explainer import load

    return load(DATA)


@pytest.fixture(scope="session")
def specs(facts) -> dict[str, dict]:
    """Every chart's Vega-Lite spec for the real data, built once."""
    from chartspec import discover_charts

    from explainer.views import charts

    return {name: getattr(charts, name)(facts).to_dict() for name in discover_charts()}


@pytest.fixture(scope="session")
def article() -> str:
    return (DATA / "article.txt").read_text(encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# ---------------------------------------------------------------------------------------
# The built site and a real browser (tests/test_build.py, test_browser.py, test_hostile.py)

HTML = REPO / "_build" / "html"
# What the site is built from; the site is rebuilt when any of them is newer than it.
SOURCES = ["_config.yml", "_toc.yml", "_static", "book", "explainer", "CITATION.cff"]


def _newest_source_mtime() -> float:
    from explainer import DATA_DIR

    newest = 0.0
    for path in [REPO / name for name in SOURCES] + [DATA_DIR]:
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site, built now if missing or older than its sources (`make test` builds first)."""
    from explainer.site.browser import toc_pages

    marker = HTML / f"{toc_pages()[0]}.html"
    if not marker.is_file() or marker.stat().st_mtime < _newest_source_mtime():
        builds.run(builds.book_command(REPO), REPO)
    return HTML


@pytest.fixture(scope="session")
def book_builds():
    """The build family (tests/builds.py) for a test that builds a copy of the project itself:
    a fixture, so that the test is marked ``build``."""
    return builds


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    """The built site served on 127.0.0.1 for the whole session."""
    from explainer.site.browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session. Missing Chromium is a failure, not a skip:
    the browser suite is part of `make test` (.ci/run installs Debian's chromium)."""
    from explainer.site import browser

    if browser.chromium_path() is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does this)")
    with browser.chromium() as instance:
        yield instance


# ---------------------------------------------------------------------------------------
# The book built from a package full of hostile text (tests/hostile.py, test_hostile.py)


@pytest.fixture(scope="session", autouse=True)
def _hostile_build(request, tmp_path_factory):
    """Starts building the hostile book as the session starts, when any selected test needs it,
    so that the build (about 40 s) runs while the other tests do."""
    if not any("hostile_site" in item.fixturenames for item in request.session.items):
        yield None
        return
    import hostile

    workdir = tmp_path_factory.mktemp("hostile")
    data = hostile.make_package(DATA, workdir / "data")
    project = builds.copy_project(workdir / "project")
    env = builds.environment(data_dir=data)
    build = builds.start(builds.book_command(project), project, env, workdir / "build.log")
    yield build
    build.stop()


@pytest.fixture(scope="session")
def hostile_site(_hostile_build) -> Path:
    """The hostile book's html folder, once its strict build has passed."""
    code = _hostile_build.wait()
    log = _hostile_build.log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, f"the hostile build failed:\n{log[-6000:]}"
    return _hostile_build.html


@pytest.fixture(scope="session")
def browser(chromium):
    """The same Chromium under the name the annotated-article and build tests use: Playwright's
    sync API allows one browser per thread, so there is only ever one."""
    return chromium

"""Shared fixtures for the data tests: the repository layout, the real package, and a scratch copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def real_result():
    """validate() on the real data, once per session (Frictionless makes each run ~1 s)."""
    from explainer.validate import validate

    return validate(DATA)


@pytest.fixture(scope="session")
def facts():
    """load() on the real data, once per session."""
    from explainer import load

    return load(DATA)


@pytest.fixture(scope="session")
def article() -> str:
    return (DATA / "article.txt").read_text(encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright, one for the whole session: Playwright's sync API
    cannot run two instances at once, so every browser test shares this one."""
    if not CHROMIUM.is_file() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")),
            args=CHROMIUM_ARGS,
        )
        yield instance
        instance.close()


def _scroll_past_every_chart(page, pause_ms: int = 200) -> None:
    page.evaluate(
        """async (pause) => {
            for (const div of document.querySelectorAll('.vega-chart')) {
                div.scrollIntoView();
                await new Promise(r => setTimeout(r, pause));
            }
        }""",
        pause_ms,
    )


@pytest.fixture
def scroll_past_every_chart():
    """Scrolls a Playwright page to each chart in turn: charts are drawn as they come into
    view (explainer/sphinx_ext.py), so a test that wants them all drawn scrolls past them."""
    return _scroll_past_every_chart

"""Hostile text: the book built from a package whose quotations, names, labels and claims carry
script payloads (tests/hostile.py) shows that text literally everywhere it appears, and no payload
ever runs.

Every payload sets ``window.__xss``. A positive control first proves that each payload does set it
when a page treats it as markup; then every page of the hostile book is loaded, its tooltips are
hovered, and the flag must still be unset. The build itself runs in the background from the start
of the session (conftest.py), since it takes about as long as the rest of the suite.
"""

from __future__ import annotations

import hostile
import pytest

from explainer.package import ROOT
from explainer.package.validate import validate
from explainer.site import browser as web

PAGES = web.toc_pages()
PAYLOADS = [hostile.SCRIPT, hostile.IMG, hostile.SVG, hostile.SVG_SINGLE]

# Elements a payload would create if any text reached the page as markup, and the flag it sets.
INJECTED_JS = f"""() => ({{
  flag: typeof window.{hostile.FLAG},
  injected: Array.from(document.querySelectorAll(
      'img[src="x"], svg[onload], [onerror], [onload], script:not([type="application/json"])'))
    .filter(el => el.tagName !== 'SCRIPT' || el.textContent.includes('{hostile.FLAG}'))
    .map(el => el.outerHTML.slice(0, 100)),
}})"""


def _safe(shown: web.Visit) -> None:
    state = shown.page.evaluate(INJECTED_JS)
    assert state == {"flag": "undefined", "injected": []}


def test_the_hostile_package_validates(tmp_path):
    data = hostile.make_package(ROOT / "data", tmp_path / "data")
    result = validate(data)
    assert result.ok, "\n".join(str(p) for p in result.problems)
    article = (data / "article.txt").read_text(encoding="utf-8")
    for _, new in hostile.ARTICLE:
        assert new in article


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_runs_when_treated_as_markup(chromium, payload):
    """Positive control: the flag is a real detector, and each payload is live markup."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content(f"<!doctype html><html><body><p>x{payload}</p></body></html>")
        page.wait_for_function(f"window.{hostile.FLAG} === true", timeout=5000)
    finally:
        context.close()


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with web.serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="module", params=PAGES)
def page_name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def shown(chromium, hostile_url, page_name):
    opened = web.visit(
        chromium, f"{hostile_url}/{page_name}.html", charts=web.expected_charts(page_name)
    )
    yield opened
    opened.close()


def test_every_page_loads_with_no_payload_run_or_injected(shown):
    assert shown.problems == []
    _safe(shown)


def _texts(shown: web.Visit, selector: str) -> list[str]:
    return shown.page.locator(selector).all_text_contents()


# Where each hostile string must appear, as text, on which page. Charts' axis labels may be cut
# short with an ellipsis, so chart text is checked in full where Vega never shortens it: node
# names in the network, the chart's accessible name (its description), and tooltips (below).
LITERAL = [
    ("book/article", "#text", hostile.QUOTED_WORD),
    ("book/article", "#text", hostile.KATZ_WORDS),
    ("book/article", "#text", hostile.NARRATION),
    ("book/article", ".context-list", hostile.CONTEXT_CLAIM),
    ("book/actors", "table.data-table", hostile.ACTOR_NAME),
    ("book/actors", "table.data-table", hostile.RELATION_DETAIL),
    ("book/actors", ".vega-chart svg text", hostile.ACTOR_NAME),
    ("book/statements", "table.data-table", hostile.VOICE_LABEL),
    ("book/statements", "table.data-table", hostile.KATZ_WORDS),
    ("book/timeline", "table.data-table", hostile.EVENT_LABEL),
    ("book/words", "table.data-table", hostile.QUOTED_WORD),
    ("book/method", "table.data-table", hostile.CONTEXT_CLAIM),
]


def _on(cases: list[tuple]) -> pytest.MarkDecorator:
    """Run a test only on the pages named first in ``cases`` (sharing the loaded pages)."""
    return pytest.mark.parametrize("page_name", sorted({c[0] for c in cases}), indirect=True)


@_on(LITERAL)
def test_hostile_text_is_shown_literally(shown, page_name):
    expected = [(where, text) for page, where, text in LITERAL if page == page_name]
    missing = [
        (where, text)
        for where, text in expected
        if not any(text in found for found in _texts(shown, where))
    ]
    assert missing == []


@_on([("book/article",)])
def test_the_annotated_article_keeps_hostile_text_in_its_record_titles(shown):
    # article.js moves each highlight's title to data-title (the record card replaces the tooltip)
    titles = shown.page.evaluate(
        "['rl_witkoff_envoy_us', 'ev_katz_statement'].map(id => {"
        " const el = document.getElementById(id);"
        " return el.title || el.dataset.title || ''; })"
    )
    assert hostile.RELATION_DETAIL in titles[0]
    assert hostile.EVENT_LABEL in titles[1]


@_on([("book/words",)])  # its term chart names every term in its description
def test_chart_descriptions_keep_hostile_text(shown):
    labels = shown.page.locator(".vega-chart").evaluate_all(
        "divs => divs.map(d => d.getAttribute('aria-label'))"
    )
    assert any(hostile.QUOTED_WORD in label for label in labels)


# (page, chart index, text a mark's tooltip must show).
TOOLTIPS = [
    ("book/timeline", 0, hostile.EVENT_LABEL),
    ("book/statements", 0, hostile.KATZ_WORDS),
    ("book/actors", 0, hostile.ACTOR_NAME),
    ("book/words", 0, hostile.QUOTED_WORD),
]


def _hover_mark_showing(shown: web.Visit, chart: int, text: str) -> str:
    """Hover the chart's mark whose data holds ``text`` (Vega writes each mark's data into its
    aria-label); the tooltip's HTML once it shows ``text``."""
    page = shown.page
    marks = page.locator(".vega-chart").nth(chart).locator("g.role-mark path[aria-label]")
    labels = marks.evaluate_all("paths => paths.map(p => p.getAttribute('aria-label'))")
    found = [i for i, label in enumerate(labels) if text in label]
    assert found, f"no mark of chart {chart} carries {text!r}"
    mark = marks.nth(found[0])
    mark.scroll_into_view_if_needed()
    web.settle(page)
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(SHOWN_JS, timeout=5000)  # Vega updates it asynchronously
    tooltip = page.locator("#vg-tooltip-element")
    assert text in tooltip.text_content(), f"tooltip shows {tooltip.text_content()!r}"
    return tooltip.inner_html()


SHOWN_JS = """() => {
  const tip = document.getElementById('vg-tooltip-element');
  return !!tip && tip.classList.contains('visible') && tip.textContent.trim() !== '';
}"""


@_on(TOOLTIPS)
def test_tooltips_show_hostile_text_literally(shown, page_name):
    cases = [(chart, text) for page, chart, text in TOOLTIPS if page == page_name]
    for chart, text in cases:
        markup = _hover_mark_showing(shown, chart, text)
        assert "<img" not in markup and "<script" not in markup and "<svg" not in markup
    _safe(shown)


def test_without_javascript_the_drawings_keep_hostile_text(chromium, hostile_url):
    shown = web.visit(chromium, f"{hostile_url}/book/words.html", javascript=False)
    try:
        # Each chart is its build-time drawing, named by its description.
        names = shown.page.locator(".vega-chart:has(svg.chart-static)").evaluate_all(
            "divs => divs.map(d => d.getAttribute('aria-label'))"
        )
        assert any(hostile.QUOTED_WORD in name for name in names)
        _safe(shown)
    finally:
        shown.close()

"""The annotated article in a real browser: record cards, keyboard, permalinks, 390 px, axe.

Uses the site and server fixtures and the session's one Chromium from conftest.py (
Debian's /usr/bin/chromium; every other host blocked). axe-core runs the WCAG 2.1 A and AA rules
with a record card open, in light and dark mode.
"""

from __future__ import annotations

import pytest

from explainer.site.browser import visit
from explainer.views import cite
from explainer.views.derive import links


def _open(browser, base_url: str, page_name: str, javascript: bool):
    """One page in a fresh context (outside hosts blocked); its context, page and problems."""
    found = visit(
        browser,
        f"{base_url}/{page_name}.html",
        javascript=javascript,
        viewport={"width": 1200, "height": 900},
    )
    return found.context, found.page, found.problems


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGE = "book/article"
CARD = "#record-card"


@pytest.fixture(scope="module")
def recs(facts) -> dict[str, cite.Record]:
    return {r.id: r for r in cite.records(facts)}


@pytest.fixture
def article(browser, base_url):  # noqa: F811
    context, page, problems = _open(browser, base_url, PAGE, javascript=True)
    yield page, problems
    context.close()


def _card_visible(page) -> bool:
    return page.evaluate(f"!document.querySelector('{CARD}').hidden")


def _card_fields(page) -> dict[str, str]:
    """The card's fields, label → value, as a reader sees them."""
    return page.evaluate(
        f"""() => Object.fromEntries(Array.from(document.querySelectorAll('{CARD} dt'))
            .map(dt => [dt.textContent, dt.nextElementSibling.textContent]))"""
    )


def _check_card(page, rec: cite.Record) -> None:
    head = page.inner_text(f"{CARD} .card-head")
    assert rec.type_label in head and rec.id in head
    fields = _card_fields(page)
    assert fields["Voice"] == rec.voice_label
    assert fields["Relay chain"] == rec.chain
    assert fields.get("Date", "") == rec.date
    assert fields.get("Our reasoning", "") == rec.reasoning
    assert fields["Characters"] == f"{rec.start}–{rec.end} of the article text"
    assert fields["Corroboration"] == rec.corroboration
    permalink = page.url.split("#")[0] + "#" + rec.id
    cited = page.inner_text(f"{CARD} .card-cite")
    assert cited == rec.citation.removesuffix(links.href(rec.id)) + permalink


def test_focus_shows_the_card_and_escape_closes_it(article, recs):
    page, problems = article
    page.focus(".skip-article")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.id")
    assert first in recs and _card_visible(page)
    _check_card(page, recs[first])
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.id")
    assert second in recs and second != first
    _check_card(page, recs[second])
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.activeElement === document.querySelector('{CARD}')")
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('{CARD}').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not _card_visible(page)
    assert page.evaluate("document.activeElement.id") == second
    page.keyboard.press("Tab")
    assert _card_visible(page)
    page.keyboard.press("Escape")
    assert not _card_visible(page)
    assert not problems


def test_a_card_gives_the_reasoning_of_an_inferred_relay_and_date(article, recs):
    """Read 6, m5: cards said "Press TV (our inference)" and "about 18 Mar 2025 (... our
    inference)" with no reason; the reason was only in a table on another page."""
    page, problems = article
    relay = next(r for r in recs.values() if r.kind == "statement" and "Relay:" in r.reasoning)
    dated = next(r for r in recs.values() if r.kind == "event" and "Date:" in r.reasoning)
    for rec in (relay, dated):
        page.focus(f"#{rec.id}")
        page.wait_for_function(
            f"document.querySelector('{CARD}').getAttribute('aria-label') === 'Record {rec.id}'"
        )
        _check_card(page, rec)
        assert _card_fields(page)["Our reasoning"]
    assert not problems


def test_every_record_is_a_tab_stop(article, recs):
    page, _ = article
    stops = page.evaluate(
        "Array.from(document.querySelectorAll('.annotated-article [tabindex=\"0\"]')).map(e => e.id)"
    )
    assert sorted(stops) == sorted(recs)


def test_hover_shows_the_innermost_record_and_what_holds_it(article, recs):
    """A figure inside a quotation: hovering it shows the figure, and names the quotation."""
    page, problems = article
    figure = next(
        r
        for r in recs.values()
        if r.kind == "figure"
        and any(
            q.type == "quotation" and q.start <= r.start < r.end <= q.end for q in recs.values()
        )
    )
    page.hover(f"#{figure.id}")
    page.wait_for_function(
        f"!document.querySelector('{CARD}').hidden && "
        f"document.querySelector('{CARD}').getAttribute('aria-label') === 'Record {figure.id}'"
    )
    _check_card(page, figure)
    inside = page.inner_text(f"{CARD} .card-also")
    holder = next(
        q
        for q in recs.values()
        if q.type == "quotation" and q.start <= figure.start < figure.end <= q.end
    )
    assert holder.id in inside
    page.mouse.move(5, 5)
    page.wait_for_function(f"document.querySelector('{CARD}').hidden")
    assert not problems


def test_permalink_outlines_the_record_and_shows_corroboration(browser, base_url, recs):  # noqa: F811
    context, page, problems = _open(browser, base_url, PAGE, javascript=True)
    try:
        page.goto(page.url + "#fg_prisoners")
        page.wait_for_function(f"!document.querySelector('{CARD}').hidden")
        assert page.evaluate(
            "document.getElementById('fg_prisoners').classList.contains('is-target')"
        )
        assert (
            page.evaluate("getComputedStyle(document.getElementById('fg_prisoners')).outlineStyle")
            == "solid"
        )
        _check_card(page, recs["fg_prisoners"])
        claims = page.locator(f"{CARD} .card-claims li")
        assert claims.count() == len(recs["fg_prisoners"].context_ids) == 3
        # an inferred fact names every source it rests on, and says the inference is ours (m21)
        ranged = next(t for t in claims.all_inner_texts() if "no authoritative" in t)
        assert "News.az" in ranged and "Atalayar" in ranged and "our inference" in ranged
        page.goto(page.url.split("#")[0] + "#fg_hostages_total")
        page.wait_for_function(
            f"document.querySelector('{CARD}').getAttribute('aria-label') === 'Record fg_hostages_total'"
        )
        assert "agrees" in page.inner_text(f"{CARD} .stance")
        assert not page.evaluate(
            "document.getElementById('fg_prisoners').classList.contains('is-target')"
        )
        assert not problems
    finally:
        context.close()


def test_copy_citation(browser, base_url, recs):  # noqa: F811
    context, page, problems = _open(browser, base_url, PAGE, javascript=True)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.focus("#st_q01")
        page.keyboard.press("Enter")
        page.click(f"{CARD} .card-copy")
        page.wait_for_function(f"document.querySelector('{CARD} .card-status').textContent !== ''")
        assert page.inner_text(f"{CARD} .card-status") == "Copied."
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(recs["st_q01"].citation.removesuffix(links.href("st_q01")))
        assert copied.endswith("/book/article.html#st_q01")
        assert not problems
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_no_horizontal_scroll_at_390px(browser, base_url, javascript):  # noqa: F811
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}.html#st_q13", wait_until="load")
        if javascript:
            page.wait_for_function(f"!document.querySelector('{CARD}').hidden")
            box = page.locator(CARD).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page is {width}px wide at a 390px viewport"
    finally:
        context.close()


def test_bottom_sheet_keeps_the_record_in_view(browser, base_url):  # noqa: F811
    """At 390 px the card is a bottom sheet; a record focused at the foot of the screen moves up."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}.html", wait_until="load")
        page.evaluate(
            """() => { const m = document.getElementById('fg_prisoners');
                window.scrollBy(0, m.getBoundingClientRect().top - window.innerHeight + 40);
                m.focus({ preventScroll: true }); }"""
        )
        page.wait_for_function(f"!document.querySelector('{CARD}').hidden")
        sheet = page.locator(CARD).bounding_box()
        mark = page.locator("#fg_prisoners").bounding_box()
        assert sheet["y"] + sheet["height"] <= 800
        assert mark["y"] + mark["height"] <= sheet["y"], "the bottom sheet hides the record"
    finally:
        context.close()


def test_without_javascript_every_record_keeps_its_title_and_table(browser, base_url, recs):  # noqa: F811
    context, page, problems = _open(browser, base_url, PAGE, javascript=False)
    try:
        titled = page.evaluate(
            "Array.from(document.querySelectorAll('.annotated-article mark[id][title]')).map(e => e.id)"
        )
        assert sorted(titled) == sorted(recs)
        rows = page.locator(".record-index tbody tr").count()
        assert rows == len(recs)
        assert page.locator(CARD).count() == 0
        assert not problems
    finally:
        context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_wcag21_aa(browser, base_url, mode):  # noqa: F811
    """With a record card open, so the card is checked along with the rest of the page."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=mode)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}.html", wait_until="load")
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        page.focus("#fg_population")
        page.wait_for_function(f"!document.querySelector('{CARD}').hidden")
        results = Axe().run(page, options=WCAG_21_AA)
        violations = results.response["violations"]
        report = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in violations
        ]
        assert not violations, "\n".join(report)
    finally:
        context.close()


def test_chart_marks_are_keyboard_links(browser, base_url):  # noqa: F811
    """From a chart, the keyboard reaches a record in one step: Tab to a mark, Enter."""
    context, page, problems = _open(browser, base_url, "book/statements", javascript=True)
    try:
        # Focus a mark of the chart as drawn at build time: the chart wakes (vega-init.js), and
        # focus moves to the same mark, a link, in the live chart.
        page.focus(".vega-chart svg.chart-static a")
        page.wait_for_selector('.vega-chart[data-chart-state="live"] [role=link]:focus')
        # Leave nothing loading: requests cut short by following the link would count as failures.
        page.wait_for_load_state("networkidle")
        href = page.evaluate("document.activeElement.getAttribute('data-href')")
        assert href.startswith("article.html#")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/book/{href}")
        record = href.split("#")[1]
        page.wait_for_function(
            f"document.getElementById('{record}').classList.contains('is-target')"
        )
        assert not problems
    finally:
        context.close()

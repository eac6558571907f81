"""The built site in a real browser: Debian's Chromium via Playwright, the site on 127.0.0.1, and
every request to another host aborted and reported.

Every page, on every build: charts paint at once from their build-time drawings and nothing of
vega loads until the reader touches one; then each chart is drawn live (as many as the page's
source calls for); nothing comes from another host, nothing logs an error, axe-core finds no
WCAG 2.1 A/AA violation and no breach of its best practices in the light or the dark theme,
before and after the charts wake, every chart has an accessible name and a data table, Tab
reaches every control, charts stay legible in the dark theme, and at 390 px nothing scrolls
sideways and every chart fits, drawn or live. The first touch of a chart gives a working tooltip,
legend filter, zoom, link and focus; a mark's link works before vega arrives. Then the
robustness checks: JavaScript off (the drawings alone) and the site opened from disk.

Tests share one Chromium (conftest.py) and each page is loaded as few times as the checks allow:
``page_name`` is a module-scoped parameter, so pytest runs all the tests of a page together, in the
order of this file. The desktop page is checked as it loads, then with its charts woken, then
switched to dark with the theme's own button and checked again, then tabbed through; a
phone-sized load, the first-touch checks, a load without JavaScript and one from disk are
separate.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainer.site import browser as web
from explainer.site import sphinx_ext

PAGES = web.site_pages()
#: axe-core's rules for WCAG 2.1 A and AA, and its best practices (landmarks, headings, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: The page's charts as they paint: each box's drawing for the column's width (CSS hides the
#: other layout's).
DRAWN_JS = """() => Array.from(document.querySelectorAll('.vega-chart')).map(div => {
  const shown = Array.from(div.querySelectorAll(':scope > svg.chart-static'))
    .filter(svg => svg.getClientRects().length > 0);
  const svg = shown[0];
  return {id: div.id, state: div.dataset.chartState || 'drawn', shown: shown.length,
          marks: svg ? svg.querySelectorAll('g.role-mark > *').length : 0,
          links: svg ? svg.querySelectorAll('a').length : 0,
          width: svg ? svg.getBoundingClientRect().width : 0,
          box: div.getBoundingClientRect().width};
})"""

# axe-core 4.x fetches a stylesheet's relative @import against the page's URL instead of the
# stylesheet's (dequelabs/axe-core#5268), so while axe runs, the theme's styles/theme.css
# (`@import "../basic.css"`) makes it request /basic.css, a 404 that the browser itself never makes.
# The axe checks therefore ignore network noise; every other check here fails on it.


@pytest.fixture(scope="module", params=PAGES)
def page_name(request) -> str:
    return request.param


def _expected(page_name: str) -> int:
    return web.expected_charts(page_name)


def _open(chromium, url: str, page_name: str, **options) -> web.Visit:
    shown = web.visit(chromium, url, charts=_expected(page_name), **options)
    shown.at_load = list(shown.problems)  # what went wrong while loading, before any test acts
    return shown


@pytest.fixture(scope="module")
def desktop(chromium, base_url, page_name):
    """The desktop page as it loads, its charts not yet touched."""
    shown = _open(chromium, f"{base_url}/{page_name}.html", page_name, wake=False, idle=True)
    yield shown
    shown.close()


@pytest.fixture(scope="module")
def live(desktop, page_name):
    """The desktop page once the reader has pointed at each chart and it is drawn live. (The
    tests of the page as it loaded come earlier in this file, so they have run by now.)"""
    desktop.before_wake = len(desktop.problems)
    web.wake_charts(desktop.page, _expected(page_name))
    desktop.page.wait_for_load_state("networkidle")
    return desktop


@pytest.fixture(scope="module")
def dark(live):
    """The desktop page after the reader switched it to the dark theme with the theme's button.
    (The light-theme tests of the page come earlier in this file, so they have run by now.)"""
    shown = live
    shown.before_switch = len(shown.problems)
    switch = shown.page.locator(".theme-switch-button").first
    for _ in range(3):  # the button cycles light → auto → dark
        if shown.page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        switch.click()
    # Move the pointer off the button so that its tooltip ("Color mode") fades out, and let the
    # theme's colour transitions finish before anything measures colours.
    shown.page.mouse.move(0, shown.page.viewport_size["height"] - 1)
    shown.page.locator(".tooltip").wait_for(state="detached")
    shown.page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    return shown


@pytest.fixture(scope="module")
def mobile(chromium, base_url, page_name):
    """A touch-screen phone, 390 px wide, as the page loads."""
    shown = _open(
        chromium,
        f"{base_url}/{page_name}.html",
        page_name,
        viewport=web.MOBILE,
        touch=True,
        wake=False,
    )
    yield shown
    shown.close()


def _charts(page) -> list[dict]:
    return page.evaluate(CHARTS_JS)


# The chart's SVG the reader sees: its live chart, or its drawing for this width.
CHARTS_JS = """() => Array.from(document.querySelectorAll('.vega-chart')).map(div => {
  const svg = Array.from(div.querySelectorAll('svg')).find(s => s.getClientRects().length > 0);
  const box = div.getBoundingClientRect();
  const drawn = svg ? svg.getBoundingClientRect() : null;
  const cut = [];
  if (svg) {
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) continue;
      if (r.left < drawn.left - 1 || r.right > drawn.right + 1 ||
          r.top < drawn.top - 1 || r.bottom > drawn.bottom + 1) cut.push(text.textContent);
    }
  }
  return {
    id: div.id,
    marks: svg ? svg.querySelectorAll('g.role-mark > *').length : 0,
    container: {left: box.left, right: box.right, width: box.width},
    width: drawn ? drawn.width : 0,
    right: drawn ? drawn.right : 0,
    designed: svg ? svg.viewBox.baseVal.width : 0,
    cut: cut,
  };
})"""


# ---------------------------------------------------------------------------------------
# As the page loads: every chart painted from its drawing, and nothing of vega


def _vega_requests(shown: web.Visit) -> list[str]:
    return [url for url in shown.requests if "vega-bundle" in url]


def test_charts_paint_at_once_and_vega_waits_for_a_touch(desktop, page_name):
    page = desktop.page
    # Read down the whole page, as a reader who never touches a chart does.
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 100));
            }
            window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    drawn = page.evaluate(DRAWN_JS)
    assert len(drawn) == _expected(page_name)
    for chart in drawn:
        assert chart["state"] == "drawn", chart
        assert chart["shown"] == 1, f"{chart['id']}: {chart['shown']} drawings shown"
        assert chart["marks"] > 0 and chart["width"] > 100, chart
    assert _vega_requests(desktop) == []
    assert page.evaluate("typeof window.vegaEmbed + typeof window.vega") == "undefinedundefined"


def test_no_drawn_chart_text_is_cut_off(desktop):
    cut = {c["id"]: c["cut"] for c in _charts(desktop.page) if c["cut"]}
    assert cut == {}, "text outside the drawing's SVG is clipped"


# Each mark that links to a record, in the drawings (``a``) or live (``[data-href]``): the
# aria-labels of those whose centre (a line's midpoint) is covered by something that is no link, such as a count
# printed on a dot. The reader points at the centre; what covers it takes the hover and click.
COVERED_MARKS_JS = """selector => {
  const marks = Array.from(document.querySelectorAll(selector))
    .filter(m => m.getClientRects().length > 0);
  const covered = [];
  for (const mark of marks) {
    mark.scrollIntoView({block: 'center'});
    // A shape's centre is the centre of its box. A line's is its midpoint, or a point near it
    // for a dashed line whose midpoint falls in a gap.
    const line = mark.matches('line') ? mark : mark.querySelector(':scope > line');
    let points;
    if (line) {
      const m = line.getScreenCTM(), length = line.getTotalLength();
      points = [0.5, 0.45, 0.55, 0.4, 0.6].map(f => {
        const at = line.getPointAtLength(length * f);
        return [m.a * at.x + m.c * at.y + m.e, m.b * at.x + m.d * at.y + m.f];
      });
    } else {
      const r = mark.getBoundingClientRect();
      points = [[r.left + r.width / 2, r.top + r.height / 2]];
    }
    const reached = points.some(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return hit && hit.closest('a, [data-href]');
    });
    if (!reached) {
      const named = mark.getAttribute('aria-label') ? mark : mark.querySelector('[aria-label]');
      covered.push((named && named.getAttribute('aria-label')) || mark.outerHTML.slice(0, 80));
    }
  }
  window.scrollTo(0, 0);
  return covered;
}"""


def test_no_drawn_mark_is_covered_where_the_reader_points(desktop):
    assert desktop.page.evaluate(COVERED_MARKS_JS, ".vega-chart svg.chart-static a") == []


def test_axe_finds_nothing_as_the_page_loads(desktop):
    assert desktop.page.evaluate("document.documentElement.dataset.theme") == "light"
    assert _axe_violations(desktop.page) == []


# ---------------------------------------------------------------------------------------
# Every chart woken: drawn live, offline, quiet


def test_charts_are_drawn(live, page_name):
    charts = _charts(live.page)
    assert len(charts) == _expected(page_name), "chart count differs from the page's source"
    for chart in charts:
        assert chart["marks"] > 0, f"{chart['id']} has no drawn marks"
        assert chart["width"] > 100, f"{chart['id']} is {chart['width']} px wide"
    live_count = live.page.locator(web.LIVE_CHART + " .vega-live svg").count()
    assert live_count == _expected(page_name)
    assert live.page.locator(".vega-chart svg.chart-static").count() == 0
    if _expected(page_name):
        assert len(_vega_requests(live)) == 1, "the bundle is fetched once a page"
    # vega-embed registers as an AMD module (and window.vegaEmbed never exists) under require.js.
    assert live.page.evaluate("typeof window.require") == "undefined"


def test_no_live_mark_is_covered_where_the_reader_points(live):
    assert live.page.evaluate(COVERED_MARKS_JS, ".vega-chart .vega-live [data-href]") == []


def test_nothing_from_another_host_and_no_errors(live):
    assert live.at_load == []
    assert live.problems[live.before_wake :] == [], "errors while the charts woke"


def test_no_chart_text_is_cut_off(live):
    cut = {c["id"]: c["cut"] for c in _charts(live.page) if c["cut"]}
    assert cut == {}, "text outside the chart's SVG is clipped"


# ---------------------------------------------------------------------------------------
# Accessibility


def _axe_violations(page) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result.response["violations"]
        for node in v["nodes"]
    ]


def test_axe_finds_nothing_in_the_light_theme(live):
    assert live.page.evaluate("document.documentElement.dataset.theme") == "light"
    assert _axe_violations(live.page) == []


def _accessible_names(shown: web.Visit, selector: str) -> list[str]:
    """The names Chromium's accessibility tree gives the elements matching ``selector``."""
    cdp = shown.context.new_cdp_session(shown.page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    names = []
    for node in nodes:
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        names.append((ax["nodes"][0].get("name") or {}).get("value", ""))
    cdp.detach()
    return names


def test_every_chart_has_its_description_as_name_and_a_data_table(live, page_name):
    specs = sphinx_ext.spec_blocks(live.page.content())
    names = _accessible_names(live, ".vega-chart")
    assert len(names) == len(specs) == _expected(page_name)
    tables = live.page.evaluate(
        """() => Array.from(document.querySelectorAll('script.vega-spec')).map(block => {
          const details = block.nextElementSibling;
          if (!details || !details.matches('details.chart-data')) return null;
          return details.querySelectorAll('table tbody tr').length;
        })"""
    )
    for spec, name, rows in zip(specs, names, tables, strict=True):
        description = spec["spec"].get("description", "")
        assert description.strip(), f"chart {spec['id']} has no description"
        assert name == description, f"chart {spec['id']}: accessible name {name!r}"
        assert rows, f"chart {spec['id']} has no data table after it"


def test_the_theme_switch_turns_the_page_dark(dark):
    state = dark.page.evaluate(
        "[document.documentElement.dataset.theme, localStorage.getItem('mode')]"
    )
    assert state == ["dark", "dark"]
    assert dark.problems[dark.before_switch :] == [], "errors after switching the theme"


def test_axe_finds_nothing_in_the_dark_theme(dark):
    assert _axe_violations(dark.page) == []


CONTRAST_JS = """() => {
  const rgba = css => {
    const m = /rgba?\\(([^)]+)\\)/.exec(css || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, alpha, under) => ({
    r: top.r * alpha + under.r * (1 - alpha), g: top.g * alpha + under.g * (1 - alpha),
    b: top.b * alpha + under.b * (1 - alpha), a: 1});
  const lum = c => [c.r, c.g, c.b].map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const alphaOf = (el, stop) => { let a = 1;
    for (let e = el; e && e !== stop; e = e.parentElement) a *= Number(getComputedStyle(e).opacity);
    return a; };
  // The colour behind the chart: the first opaque background from the SVG outwards.
  const backdrop = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = {r: 255, g: 255, b: 255, a: 1};
    for (const c of layers.reverse()) base = over(c, c.a, base);
    return base; };
  const out = [];
  for (const div of document.querySelectorAll('.vega-chart')) {
    const svg = div.querySelector('svg');
    if (!svg) continue;
    const card = backdrop(svg);
    // A name's halo (actors_page.HALO) is painted under the name like a shape: it is the backdrop.
    const shapes = Array.from(svg.querySelectorAll('path, rect, circle, g[class*="halo"] text'));
    for (const text of svg.querySelectorAll('text')) {
      if (text.closest('g[class*="halo"]')) continue;  // a backdrop, not a text to read
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || box.width === 0) continue;
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      let under = card;
      for (const shape of shapes) {  // marks painted before the text, under its centre
        if (shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_PRECEDING) break;
        const fill = rgba(getComputedStyle(shape).fill);
        const r = shape.getBoundingClientRect();
        if (!fill || fill.a === 0 || x < r.left || x > r.right || y < r.top || y > r.bottom) continue;
        const a = fill.a * Number(getComputedStyle(shape).fillOpacity) * alphaOf(shape, svg);
        under = over(fill, a, under);
      }
      const style = getComputedStyle(text);
      const ink = rgba(style.fill);
      const alpha = ink ? ink.a * Number(style.fillOpacity) * alphaOf(text, svg) : 0;
      if (alpha === 0) continue;  // hidden on purpose (Vega hides overlapping axis labels)
      const seen = over(ink, alpha, under);
      const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      out.push({chart: div.id, text: text.textContent.slice(0, 40),
                ratio: Math.round(ratio(seen, under) * 100) / 100, needs: large ? 3 : 4.5});
    }
  }
  return out;
}"""


def test_charts_stay_legible_in_the_dark_theme(dark, page_name):
    texts = dark.page.evaluate(CONTRAST_JS)
    if _expected(page_name):
        assert texts, "no chart text found to check"
    faint = [
        f"{t['chart']}: {t['text']!r} {t['ratio']}:1" for t in texts if t["ratio"] < t["needs"]
    ]
    assert faint == [], "chart text below WCAG contrast against what is behind it"


# ---------------------------------------------------------------------------------------
# Mobile


def _fits(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways at {web.MOBILE['width']} px"
    for chart in _charts(page):
        assert chart["right"] <= chart["container"]["right"] + 0.5, chart
        assert chart["container"]["right"] <= width[1], chart
        # Drawn at its designed size, not shrunk to fit (which would shrink its text too).
        assert chart["designed"] <= chart["width"] + 1, (
            f"{chart['id']} is designed {chart['designed']:.0f} px wide for a "
            f"{chart['width']:.0f} px column"
        )
        assert chart["cut"] == [], f"{chart['id']}: text clipped at {web.MOBILE['width']} px"


def test_mobile_nothing_scrolls_sideways_and_drawings_fit(mobile, page_name):
    assert mobile.at_load == []
    drawn = mobile.page.evaluate(DRAWN_JS)
    assert len(drawn) == _expected(page_name)
    assert all(chart["shown"] == 1 and chart["state"] == "drawn" for chart in drawn), drawn
    _fits(mobile.page)


# Each table the reader sees: its caption, and how far its wrapper would scroll sideways.
TABLES_JS = """() => Array.from(document.querySelectorAll('.table-wrapper'))
  .filter(w => w.getClientRects().length > 0)
  .map(w => ({caption: (w.querySelector('caption') || {}).textContent || w.id,
              overflow: w.scrollWidth - w.clientWidth}))"""


def test_mobile_no_table_scrolls_sideways(mobile):
    """Read 4, m12: at 390 px the relations table was cut off, its "From" column out of sight:
    a wide table stacks its rows on a phone instead (tables.STACK_COLUMNS)."""
    wide = [t for t in mobile.page.evaluate(TABLES_JS) if t["overflow"] > 1]
    assert wide == [], f"tables that scroll sideways at {web.MOBILE['width']} px: {wide}"


def test_mobile_a_tap_wakes_each_chart_and_it_fits(mobile, page_name):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    web.wake_charts(mobile.page, _expected(page_name), touch=True)
    _fits(mobile.page)
    assert mobile.problems == []


# ---------------------------------------------------------------------------------------
# The first touch: what the reader reached for works at once

#: The tooltip Vega shows, once it shows something.
TOOLTIP_JS = """() => {
  const tip = document.getElementById('vg-tooltip-element');
  return !!tip && tip.classList.contains('visible') && tip.textContent.trim() !== '';
}"""


# The first drawn mark that links to a record and is on top at its own centre (marks may
# overlap): its link, its aria-label and that point, scrolled into view.
LINKED_MARK_JS = """() => {
  const links = Array.from(document.querySelectorAll('.vega-chart svg.chart-static a'))
    .filter(a => a.getClientRects().length > 0);
  for (const a of links) {
    a.scrollIntoView({block: 'center'});
    const r = a.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest('a') === a) {
      return {href: a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'),
              label: a.firstElementChild.getAttribute('aria-label') || '', x: x, y: y};
    }
  }
  return null;
}"""


def _first_linked_mark(page):
    found = page.evaluate(LINKED_MARK_JS)
    if found is None:
        return None
    return found["href"], found["label"], (found["x"], found["y"])


def test_the_first_pointer_on_a_mark_gives_its_tooltip_then_its_link(chromium, base_url, page_name):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", wake=False)
    try:
        page = shown.page
        found = _first_linked_mark(page)
        assert found, "no chart on this page links a mark to its record"
        href, label, (x, y) = found
        web.settle(page)
        page.mouse.move(x, y)  # the reader's first act: pointing at a mark
        page.wait_for_selector(web.LIVE_CHART, timeout=20_000)
        page.wait_for_function(TOOLTIP_JS, timeout=5_000)
        tip = page.locator("#vg-tooltip-element").text_content()
        # Vega's aria-label lists the mark's fields ("Voice: Hamas; Mode: direct; ..."); the
        # tooltip shows some of the same values.
        values = [part.split(": ", 1)[-1] for part in label.split("; ")]
        assert any(value and value in tip for value in values), (tip, label)
        with page.expect_navigation():
            page.mouse.click(x, y)
        assert page.url.endswith("/book/" + href), page.url
        assert shown.problems == []
    finally:
        shown.close()


def test_a_marks_link_works_before_vega_arrives(chromium, base_url, page_name):
    """On a slow phone the bundle may take seconds: the drawing's links work meanwhile."""
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", wake=False, touch=True)
    try:
        page = shown.page
        page.route("**/vega-bundle.js*", lambda route: None)  # never answered
        found = _first_linked_mark(page)
        assert found
        href, _, (x, y) = found
        with page.expect_navigation():
            page.touchscreen.tap(x, y)
        assert page.url.endswith("/book/" + href), page.url
    finally:
        shown.close()


FOCUSED_JS = """() => {
  const el = document.activeElement;
  return el ? [el.getAttribute('data-href'), !!el.closest('.vega-live'), el.tagName] : null;
}"""


def test_focus_stays_on_the_mark_the_reader_tabbed_to(chromium, base_url, page_name):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", wake=False)
    try:
        page = shown.page
        links = page.locator(".vega-chart svg.chart-static a").filter(visible=True)
        if links.count() < 2:
            pytest.skip("no chart here has two linked marks")
        chart = page.locator("#" + links.first.evaluate("a => a.closest('.vega-chart').id"))
        hrefs = (
            chart.locator("svg.chart-static a")
            .filter(visible=True)
            .evaluate_all(
                "as => as.map(a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))"
            )
        )
        # Tab from just before the first link: onto it (the chart wakes), then to the next.
        links.first.evaluate(
            """a => { const b = document.createElement('button'); b.id = 'before';
                      b.textContent = 'x'; a.closest('.vega-chart').before(b); b.focus(); }"""
        )
        page.keyboard.press("Tab")
        chart.and_(page.locator(web.LIVE_CHART)).wait_for(timeout=20_000)
        assert page.evaluate(FOCUSED_JS)[:2] == [hrefs[0], True]
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED_JS)[:2] == [hrefs[1], True]
        assert shown.problems == []
    finally:
        shown.close()


def test_a_legend_click_made_while_vega_loads_filters_the_chart(chromium, base_url, page_name):
    if page_name != "book/statements":
        pytest.skip("the statements chart is the one with a legend filter")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", wake=False)
    try:
        page = shown.page
        chart = page.locator(".vega-chart").first
        entry = chart.locator("svg.chart-static g.role-legend-symbol path").filter(visible=True)
        entry.first.scroll_into_view_if_needed()
        box = entry.first.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(web.LIVE_CHART, timeout=20_000)
        faded = """() => Array.from(document.querySelectorAll(
            '.vega-chart .vega-live g.role-mark path')).filter(p =>
            Number(getComputedStyle(p).opacity) * Number(p.getAttribute('opacity') || 1) < 0.2
            || Number(p.getAttribute('fill-opacity') || 1) < 0.2).length"""
        page.wait_for_function(f"() => ({faded})() > 0", timeout=5_000)
        assert shown.problems == []
    finally:
        shown.close()


def test_the_timeline_zooms_with_the_wheel_once_woken(chromium, base_url, page_name):
    if page_name != "book/timeline":
        pytest.skip("the timeline is the chart that pans and zooms")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", charts=_expected(page_name))
    try:
        page = shown.page
        chart = page.locator(web.LIVE_CHART).first
        chart.scroll_into_view_if_needed()
        ticks = (
            "c => Array.from(c.querySelectorAll('.role-axis-label text')).map(t => t.textContent)"
        )
        before = chart.evaluate(ticks)
        box = chart.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -400)
        page.wait_for_function(
            f"before => JSON.stringify(({ticks})(document.querySelector('{web.LIVE_CHART}')))"
            " !== JSON.stringify(before)",
            arg=before,
            timeout=5_000,
        )
        assert shown.problems == []
    finally:
        shown.close()


# ---------------------------------------------------------------------------------------
# Robustness: no JavaScript, opened from disk


def test_without_javascript_every_chart_is_its_drawing_named_by_its_description(
    chromium, base_url, page_name
):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", javascript=False)
    try:
        page = shown.page
        drawn = page.evaluate(DRAWN_JS)
        specs = sphinx_ext.spec_blocks(page.content())
        assert len(drawn) == len(specs) == _expected(page_name)
        names = _accessible_names(shown, ".vega-chart")
        for chart, spec, name in zip(drawn, specs, names, strict=True):
            assert chart["shown"] == 1 and chart["marks"] > 0 and chart["width"] > 100, chart
            assert name == spec["spec"]["description"]
        assert shown.problems == []
    finally:
        shown.close()


def test_opened_from_disk_the_charts_are_drawn(chromium, site, page_name):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    url = (site / f"{page_name}.html").resolve().as_uri()
    shown = web.visit(chromium, url, charts=_expected(page_name))
    try:
        charts = _charts(shown.page)
        assert len(charts) == _expected(page_name)
        assert all(chart["marks"] > 0 for chart in charts), charts
        assert shown.page.locator(web.LIVE_CHART).count() == _expected(page_name)
        assert shown.problems == []
    finally:
        shown.close()


# ---------------------------------------------------------------------------------------
# Keyboard (last: it opens every <details> on the page it shares)

# Every visible control: links, buttons, form fields and summaries whatever their tabindex (one
# taken out of the tab order is a failure, not an exemption), and anything else given a tabindex
# of 0 or more (the scrollable table regions).
CONTROLS_JS = """() => {
  const native = 'a[href], button, input, select, textarea, summary';
  const controls = Array.from(document.querySelectorAll(native + ', [tabindex]')).filter(el =>
    (el.matches(native) || el.tabIndex >= 0) && !el.disabled && !el.closest('[inert]') &&
    el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0);
  controls.forEach((el, i) => el.setAttribute('data-tab-check', String(i)));
  return controls.map(el => el.outerHTML.slice(0, 120));
}"""


def test_tab_reaches_every_control(live):
    page = live.page
    # Open every <details> so the links in the charts' data tables are in the tab order too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    controls = page.evaluate(CONTROLS_JS)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    reached: set[int] = set()
    for _ in range(len(controls) + 10):
        page.keyboard.press("Tab")
        index = page.evaluate(
            "(document.activeElement && document.activeElement.getAttribute('data-tab-check'))"
        )
        if index is not None:
            reached.add(int(index))
        if len(reached) == len(controls):
            break
    missing = [html for i, html in enumerate(controls) if i not in reached]
    assert missing == [], json.dumps(missing, indent=1)

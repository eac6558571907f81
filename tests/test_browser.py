"""The built site in a real browser: Debian's Chromium via Playwright, the site on 127.0.0.1, and
every request to another host aborted and reported.

Every page, on every build: charts are drawn (as many as the page's source calls for), nothing comes
from another host, nothing logs an error, axe-core finds no WCAG 2.1 A/AA violation in the light
or the dark theme, every chart has an accessible name and a data table, Tab reaches every control,
charts stay legible in the dark theme, and at 390 px nothing scrolls sideways and every chart fits.
Then the robustness checks: JavaScript off (SVG fallbacks) and the site opened from disk.

Tests share one Chromium (conftest.py) and each page is loaded as few times as the checks allow:
``page_name`` is a module-scoped parameter, so pytest runs all the tests of a page together, in the
order of this file. The desktop page is checked in the light theme, then switched to dark with the
theme's own button and checked again, then tabbed through; a phone-sized load, a load without
JavaScript and one from disk are separate.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainer import browser as web
from explainer import sphinx_ext

PAGES = web.site_pages()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

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
    shown = _open(chromium, f"{base_url}/{page_name}.html", page_name, idle=True)
    yield shown
    shown.close()


@pytest.fixture(scope="module")
def dark(desktop):
    """The desktop page after the reader switched it to the dark theme with the theme's button.
    (The light-theme tests of the page come earlier in this file, so they have run by now.)"""
    shown = desktop
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
    shown = _open(chromium, f"{base_url}/{page_name}.html", page_name, viewport=web.MOBILE)
    yield shown
    shown.close()


def _charts(page) -> list[dict]:
    return page.evaluate(CHARTS_JS)


CHARTS_JS = """() => Array.from(document.querySelectorAll('.vega-chart')).map(div => {
  const svg = div.querySelector('svg');
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
    marks: div.querySelectorAll('svg g.role-mark > *').length,
    container: {left: box.left, right: box.right, width: box.width},
    width: drawn ? drawn.width : 0,
    right: drawn ? drawn.right : 0,
    designed: svg ? svg.viewBox.baseVal.width : 0,
    cut: cut,
  };
})"""


# ---------------------------------------------------------------------------------------
# Every page: drawn, offline, quiet


def test_charts_are_drawn(desktop, page_name):
    charts = _charts(desktop.page)
    assert len(charts) == _expected(page_name), "chart count differs from the page's source"
    for chart in charts:
        assert chart["marks"] > 0, f"{chart['id']} has no drawn marks"
        assert chart["width"] > 100, f"{chart['id']} is {chart['width']} px wide"
    # vega-embed registers as an AMD module (and window.vegaEmbed never exists) under require.js.
    assert desktop.page.evaluate("typeof window.require") == "undefined"


def test_nothing_from_another_host_and_no_errors(desktop):
    assert desktop.at_load == []


def test_no_chart_text_is_cut_off(desktop):
    cut = {c["id"]: c["cut"] for c in _charts(desktop.page) if c["cut"]}
    assert cut == {}, "text outside the chart's SVG is clipped"


# ---------------------------------------------------------------------------------------
# Accessibility


def _axe_violations(page) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result.response["violations"]
        for node in v["nodes"]
    ]


def test_axe_finds_no_wcag_violation_in_the_light_theme(desktop):
    assert desktop.page.evaluate("document.documentElement.dataset.theme") == "light"
    assert _axe_violations(desktop.page) == []


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


def test_every_chart_has_its_description_as_name_and_a_data_table(desktop, page_name):
    specs = sphinx_ext.spec_blocks(desktop.page.content())
    names = _accessible_names(desktop, ".vega-chart")
    assert len(names) == len(specs) == _expected(page_name)
    tables = desktop.page.evaluate(
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


def test_axe_finds_no_wcag_violation_in_the_dark_theme(dark):
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
    const shapes = Array.from(svg.querySelectorAll('path, rect, circle'));
    for (const text of svg.querySelectorAll('text')) {
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


def test_mobile_nothing_scrolls_sideways_and_charts_fit(mobile, page_name):
    page = mobile.page
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways at {web.MOBILE['width']} px"
    assert mobile.at_load == []
    for chart in _charts(page):
        assert chart["right"] <= chart["container"]["right"] + 0.5, chart
        assert chart["container"]["right"] <= width[1], chart
        # Drawn at its designed size, not shrunk to fit (which would shrink its text too).
        assert chart["designed"] <= chart["width"] + 1, (
            f"{chart['id']} is designed {chart['designed']:.0f} px wide for a "
            f"{chart['width']:.0f} px column"
        )
        assert chart["cut"] == [], f"{chart['id']}: text clipped at {web.MOBILE['width']} px"


# ---------------------------------------------------------------------------------------
# Robustness: no JavaScript, opened from disk


def test_without_javascript_every_chart_is_an_svg_with_alt_text(chromium, base_url, page_name):
    if not _expected(page_name):
        pytest.skip("no chart on this page")
    shown = web.visit(chromium, f"{base_url}/{page_name}.html", javascript=False)
    try:
        images = shown.page.locator(".vega-chart img")
        specs = sphinx_ext.spec_blocks(shown.page.content())
        assert images.count() == len(specs) == _expected(page_name)
        for i, spec in enumerate(specs):
            image = images.nth(i)
            assert image.is_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth") > 100
            assert image.get_attribute("alt") == spec["spec"]["description"]
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


def test_tab_reaches_every_control(desktop):
    page = desktop.page
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

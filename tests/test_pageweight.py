"""Pages ship only what they use (explainer/site/pageweight.py), and still work.

Unit tests for the icon CSS and the script filter, then checks on the built site (_build/html,
built by `make test` before the suite runs) and in Chromium: the icons are drawn, the search
page still finds words, and no page fetches Font Awesome.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from explainer.site import pageweight
from explainer.site.browser import LIVE_CHART, expected_charts, toc_pages, wake_charts

ROOT = Path(__file__).resolve().parents[1]
# From the sources, not the built site, so that a missing page fails instead of vanishing.
PAGES = [f"{page}.html" for page in toc_pages()]
CHART_PAGES = [f"{page}.html" for page in toc_pages() if expected_charts(page)]

FONTS = pageweight.theme_dir() / "vendor" / "fontawesome" / "webfonts"


def test_theme_css_glyphs_skips_font_awesomes_own_rules():
    css = (
        '.fa-bars:before{content:"\\f0c9"}.fa-a:before,.fa-b:before{content:"\\f001"}'
        ':root{--pst-icon-info-circle:"\uf05a"}'
        ".admonition>.admonition-title:after{content:var(--pst-icon-admonition-note)}"
        '.onthispage:after{content:"\\f107";font-family:Font Awesome}'
    )
    assert pageweight.theme_css_glyphs(css) == {0xF05A, 0xF107}


def test_subset_font_keeps_exactly_the_wanted_glyphs():
    from fontTools.ttLib import TTFont

    cmap = TTFont(FONTS / "fa-solid-900.ttf").getBestCmap()
    data = pageweight.subset_font(FONTS / "fa-solid-900.ttf", ("bars", "sun"), {0xF05A, 0x7})
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff"
    # Both icons under every code point they have, and the extra glyph (U+0007 is not in it).
    wanted = {cp for cp, name in cmap.items() if name in ("bars", "sun")} | {0xF05A}
    assert set(font.getBestCmap()) == wanted
    assert len(data) < 5_000 < (FONTS / "fa-solid-900.woff2").stat().st_size


def test_subset_font_fails_on_an_unknown_icon():
    with pytest.raises(RuntimeError, match="no-such-icon"):
        pageweight.subset_font(FONTS / "fa-solid-900.ttf", ("no-such-icon",), set())


def test_every_icon_in_icons_exists_in_its_font():
    for style, names in pageweight.ICONS.items():
        stem = pageweight.FONTS[style][2]
        assert set(names) <= set(pageweight.glyph_names(FONTS / f"{stem}.ttf")), style


def test_slim_theme_css_drops_only_rules_for_icons_not_used():
    css = (
        '.fa-bars:before{content:"\\f0c9"}.fa-anchor:before{content:"\\f13d"}'
        '.fa-anchor:before,.fa-sun:before{content:"x"}@media print{.fa-anchor:before{content:"y"}}'
        ".nav .fa-anchor:before{color:red}.bd-header{color:blue}"
    )
    assert pageweight.slim_theme_css(css) == (
        '.fa-bars:before{content:"\\f0c9"}.fa-sun:before{content:"x"}@media print{}'
        ".nav .fa-anchor:before{color:red}.bd-header{color:blue}"
    )


def test_missing_icons_names_icons_the_subsets_lack():
    known = {"solid": {"bars", "anchor"}, "brands": {"github", "gitlab"}, "regular": {"bell"}}
    page = (
        '<i class="fa-solid fa-bars fa-lg"></i><span class="fa-solid fa-anchor"></span>'
        '<i class="fab fa-gitlab"></i><i class="far fa-bell"></i><i class="fab fa-github"></i>'
    )
    assert pageweight.missing_icons(page, known) == {
        "solid anchor",
        "brands gitlab",
        "regular bell",
    }


def test_drop_scripts_removes_exactly_the_named_tags():
    html = (
        '  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />\n'
        '  <script src="../_static/searchtools.js"></script>\n'
    )
    out = pageweight.drop_scripts(html, "_static/scripts/fontawesome.js", "_static/searchtools.js")
    assert (
        out
        == '  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />\n'
    )


def test_drop_scripts_warns_when_the_theme_changed(caplog):
    caplog.set_level("WARNING")
    assert pageweight.drop_scripts("<p>no scripts</p>", "fontawesome.js") == "<p>no scripts</p>"
    assert "no longer loads fontawesome.js" in caplog.text


# ---------------------------------------------------------------------------------------
# The built site


def _head(html: str) -> str:
    return html.split("</head>", 1)[0]


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_load_font_awesome_or_idle_search_scripts(site, page):
    html = (site / page).read_text(encoding="utf-8")
    assert "fontawesome.js" not in html
    for script in ("searchtools.js", "language_data.js", "searchindex.js"):
        assert script not in html, script
    assert "_static/icons.css" in html
    assert re.search(r'<meta (?=[^>]*name="description")(?=[^>]*content="[^"]+")', html)


@pytest.mark.parametrize("page", PAGES)
def test_no_script_file_blocks_parsing(site, page):
    head = _head((site / page).read_text(encoding="utf-8"))
    blocking = [
        m.group(0)
        for m in re.finditer(r"<script\b[^>]*\bsrc=\"[^\"]+\"[^>]*>", head)
        if not re.search(r"\b(defer|async)\b", m.group(0))
    ]
    assert [b for b in blocking if "documentation_options.js" not in b] == []


def test_the_search_page_keeps_its_scripts(site):
    html = (site / "search.html").read_text(encoding="utf-8")
    assert "searchtools.js" in html and "searchindex.js" in html


@pytest.fixture(scope="module")
def served(site):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from serve import Server

    with Server(site) as server:
        yield server


@pytest.mark.parametrize("width", [412, 1200])
def test_icons_are_drawn_from_the_subset_fonts_only(browser, served, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    served.site.take_log()
    page.goto(f"{served.url}/book/index.html", wait_until="networkidle")
    page.wait_for_timeout(300)
    fetched = [hit.path for hit in served.site.take_log()]
    fonts = sorted(p for p in fetched if p.endswith((".woff", ".woff2", ".ttf")))
    assert fonts and all(p.endswith(".subset.woff") for p in fonts), fonts
    assert not [p for p in fetched if "fontawesome" in p]
    loaded = page.evaluate(
        "() => Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
    )
    # The brand icons (the repository button's) are only on a site that knows its repository
    # (explainer/site/sphinx_publish.py); the solid ones are on every page.
    brands = page.evaluate("() => document.querySelectorAll('.fa-brands, .fab').length > 0")
    assert {"Font Awesome 6 Free", *(["Font Awesome 6 Brands"] if brands else [])} <= set(loaded)
    # The admonition's icon and a header icon have ink: an icon glyph is wider than nothing.
    widths = page.evaluate(
        """() => {
            const probe = (el, pseudo) => {
                const s = getComputedStyle(el, pseudo);
                const span = document.createElement('span');
                span.style.font = s.font; span.textContent = s.content.replace(/^"|"$/g, '');
                document.body.appendChild(span);
                const w = span.getBoundingClientRect().width; span.remove(); return w;
            };
            return [probe(document.querySelector('.admonition-title'), '::after'),
                    probe(document.querySelector('.fa-magnifying-glass'), '::before')];
        }"""
    )
    assert all(w > 5 for w in widths), widths
    page.close()


def test_search_still_finds_words(browser, served):
    page = browser.new_page()
    page.goto(f"{served.url}/search.html?q=embassies", wait_until="networkidle")
    page.wait_for_selector("#search-results li", timeout=20_000)
    assert page.locator("#search-results li").count() >= 1
    page.close()


@pytest.mark.parametrize("page_name", CHART_PAGES)
def test_vega_comes_once_with_the_first_touch_of_a_chart(browser, served, page_name):
    """A reader who only reads fetches nothing for the charts but this page's small init script;
    the first chart they point at brings the bundle, once for the page, and each chart is drawn
    live when it is first pointed at, from its spec compiled at build time."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    served.site.take_log()
    page.goto(f"{served.url}/{page_name}", wait_until="networkidle")
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 100));
            }
        }"""
    )
    page.wait_for_timeout(1000)

    def bundles() -> list[str]:
        return [hit.path for hit in served.site.take_log() if "vega-bundle.js" in hit.path]

    assert bundles() == []
    assert page.locator(LIVE_CHART).count() == 0
    charts = page.locator(".vega-chart")
    charts.first.hover(position={"x": 2, "y": 2})
    page.wait_for_selector(LIVE_CHART, timeout=20_000)
    assert len(bundles()) == 1
    assert page.locator(LIVE_CHART).count() == 1, "only the chart touched is drawn"
    wake_charts(page, charts.count())
    assert bundles() == []
    # Every chart was drawn from its spec compiled at build time, not compiled here.
    modes = page.eval_on_selector_all(".vega-chart", "els => els.map(e => e.dataset.vegaMode)")
    assert modes and set(modes) == {"vega"}, modes
    page.close()


def _same_drawing(svg: str) -> str:
    # Vega numbers clip paths by a page-wide counter: each drawing gets new numbers.
    return re.sub(r"clip\d+", "clip", svg)


def _unnamed_legends(svg: str) -> str:
    """``svg`` without the accessible names of its legends: Vega-Lite's is an attribute of the
    legend's group, the one sphinx_ext.described_legends gives is on the group inside it, with
    a role. Both
    drawings go through the same parser, so they compare alike."""
    soup = BeautifulSoup(svg, "html.parser")
    for g in soup.select("g.role-legend"):
        del g["aria-label"]
        for named in g.find_all("g", recursive=False):  # the name and the role that come with it
            for attr in ("aria-label", "role", "aria-roledescription"):
                del named[attr]
    return str(soup)


def _without_inert_decorations(svg: str) -> str:
    """``svg`` with ``pointer-events="none"`` taken off the mark groups hidden from assistive
    technology: sphinx_ext.inert_decorations sets it on some of them (Vega-Lite on others), and
    that is all it changes."""

    def group(match: re.Match) -> str:
        tag = match.group(0)
        if 'aria-hidden="true"' not in tag or "role-mark" not in tag:
            return tag
        return tag.replace(' pointer-events="none"', "")

    return re.sub(r"<g [^>]*>", group, svg)


@pytest.mark.parametrize("page_name", CHART_PAGES)
def test_a_chart_drawn_from_its_compiled_spec_is_the_chart_vega_lite_draws(
    browser, served, page_name
):
    """Each chart's build-time Vega spec, with its rows put back from the Vega-Lite block by
    vega-init.js, draws the same SVG as the Vega-Lite spec compiled in the browser."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(f"{served.url}/{page_name}", wait_until="networkidle")
    page.locator(".vega-chart").first.hover(position={"x": 2, "y": 2})
    page.wait_for_function("() => typeof window.vegaEmbed === 'function'", timeout=20_000)
    pairs = page.evaluate(
        """async () => {
            const out = [];
            for (const block of document.querySelectorAll('script.vega-spec')) {
                const lite = JSON.parse(block.textContent);
                const vega = window.explainerChartSpec(block).spec;
                const draw = async (spec, mode) => {
                    const div = document.createElement('div');
                    div.style.width = '380px';
                    document.body.appendChild(div);
                    await vegaEmbed(div, spec, {renderer: 'svg', actions: false, mode});
                    const svg = div.querySelector('svg').outerHTML;
                    div.remove();
                    return svg;
                };
                out.push([block.id, await draw(lite, 'vega-lite'), await draw(vega, 'vega')]);
            }
            return out;
        }"""
    )
    assert pairs
    for block_id, from_lite, from_vega in pairs:
        # The one intended difference: the build makes decorations (groups hidden from assistive
        # technology, with no tooltip or link) let the pointer through (sphinx_ext.inert_decorations).
        # The second: a legend is named in its display labels (sphinx_ext.described_legends),
        # where Vega-Lite names it by the scale's codes.
        drawn = _same_drawing(_unnamed_legends(_without_inert_decorations(from_vega)))
        lite = _same_drawing(_unnamed_legends(_without_inert_decorations(from_lite)))
        assert drawn == lite, block_id
    page.close()


#: Each chart's box: its height, and the top of what follows it on the page.
BOXES_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('.vega-chart')).map(d => {
  const next = d.closest('.cell_output').nextElementSibling || d.closest('.cell').nextElementSibling;
  return [d.id, [d.getBoundingClientRect().height,
                 next ? next.getBoundingClientRect().top + scrollY : null]];
}))"""


@pytest.mark.parametrize("width", [412, 1280])
@pytest.mark.parametrize("page_name", CHART_PAGES)
def test_waking_a_chart_moves_nothing_on_the_page(browser, served, page_name, width):
    """No layout shift when the live chart replaces the drawing, on a phone (narrow layout) and
    a desktop: each chart's box keeps its height and nothing after it moves."""
    page = browser.new_page(viewport={"width": width, "height": 823})
    page.goto(f"{served.url}/{page_name}", wait_until="networkidle")
    before = page.evaluate(BOXES_JS)
    assert before, f"{page_name}: no chart"
    for chart_id in before:
        page.locator(f"#{chart_id}").hover(position={"x": 2, "y": 2})
        page.wait_for_selector(f"#{chart_id}[data-chart-state=live]", timeout=20_000)
        after = page.evaluate(BOXES_JS)
        for other, (height, below) in before.items():
            assert abs(after[other][0] - height) <= 2, (page_name, other, height, after[other][0])
            if below is not None:
                assert abs(after[other][1] - below) <= 2, (page_name, other, below, after[other][1])
    page.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_only_assets_are_only_on_the_pages_that_use_them(site, page):
    html = (site / page).read_text(encoding="utf-8")
    head = _head(html)
    for name, marker in pageweight.USED_WITH.items():
        linked = re.search(rf'(?:href|src)="[^"]*/{re.escape(name)}[?"]', html) is not None
        assert linked == (marker in html), (page, name)
    assert "_static/article.css" in head or 'class="annotated-article' not in html

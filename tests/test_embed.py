"""Chart embeds (explainer/site/sphinx_embed.py): every chart has a standalone page in _build/html/embed/
with its title, the chart, its no-JS SVG, its data table and a source line back to the explainer;
the page loads nothing from another host and passes axe; under each chart the explainer offers the
``<iframe>`` code. In a plain page of another origin (a second port on 127.0.0.1) running the
README's snippet, the embed draws and the frame takes the embed's height at each width."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_browser import _axe_violations
from test_hostile import _safe

from explainer.site import browser as web
from explainer.site import sphinx_embed, sphinx_ext

ROOT = Path(__file__).resolve().parents[1]
CHART_PAGES = [page for page in web.toc_pages() if web.expected_charts(page)]
_IFRAME_SRC = re.compile(r"&lt;iframe src=&quot;(?P<src>[^&]+)&quot;")


def _embeds(site: Path, page: str) -> list[Path]:
    return [
        site / sphinx_embed.EMBED_DIR / f"{sphinx_embed.embed_name(page, n)}.html"
        for n in range(1, web.expected_charts(page) + 1)
    ]


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_an_embed_page_with_its_parts(site, page):
    body = (site / f"{page}.html").read_text(encoding="utf-8")
    blocks = sphinx_ext.spec_blocks(body)
    assert len(blocks) == web.expected_charts(page)
    for block, path in zip(blocks, _embeds(site, page), strict=True):
        embed = path.read_text(encoding="utf-8")
        assert sphinx_ext.external_references(embed) == [], path.name
        [shown] = sphinx_ext.spec_blocks(embed)
        assert shown["spec"] == block["spec"]
        title = html.escape(sphinx_embed.chart_title(block["spec"]))
        # the chart's title, then the site's name (which credits the article's headline)
        assert re.search(rf"<title>{re.escape(title)} — [^<]+</title>", embed)
        assert re.search(rf"<h1( [^>]*)?>{re.escape(title)}</h1>", embed)
        # The chart's build-time drawing, painted before (and without) JavaScript, and as a file.
        assert re.search(r'class="vega-chart"[^>]*>\s*<svg', embed) or "<svg" in embed
        assert f'href="../_static/charts/{block["hash"]}.svg"' in embed
        assert '<details class="chart-data">' in embed
        assert re.search(rf'Source: <a href="\.\./{page}\.html(#[^"]*)?">', embed)
        # Every relative link and source resolves from the embed's own folder.
        for target in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', embed):
            if not re.match(r"[a-z]+:", target):
                assert (path.parent / target).resolve().exists(), (path.name, target)
        assert (site / "_static" / "charts" / f"{block['hash']}.svg").is_file()


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_offers_its_iframe_code(site, page):
    body = (site / f"{page}.html").read_text(encoding="utf-8")
    sources = [re.sub(r"<[^>]+>", "", m["src"]) for m in _IFRAME_SRC.finditer(body)]
    names = [f"{sphinx_embed.EMBED_DIR}/{p.name}" for p in _embeds(site, page)]
    assert len(sources) == len(names)
    for src, name in zip(sources, names, strict=True):
        assert src.endswith(name)


def test_the_embed_code_gives_the_frames_full_address(chromium, base_url, site):
    """The code is pasted into another site: the frame's address in it is the full one, never a
    path relative to the page around it (the build knows no address, so the page writes it)."""
    page = CHART_PAGES[0]
    shown = web.visit(chromium, f"{base_url}/{page}.html")
    try:
        codes = shown.page.locator("details.chart-embed code").all_text_contents()
        srcs = [re.search(r'<iframe src="([^"]+)"', code)[1] for code in codes[::2]]
        names = [f"{base_url}/{sphinx_embed.EMBED_DIR}/{p.name}" for p in _embeds(site, page)]
        assert srcs == names
    finally:
        shown.close()


def test_the_embed_code_is_written_with_the_sites_address_when_known():
    code, note = sphinx_embed.snippet("https://example.org/site/", "embed/a-1.html", "../")
    assert (code, note) == ("https://example.org/site/embed/a-1.html", "")
    code, note = sphinx_embed.snippet("", "embed/a-1.html", "../")
    assert 'data-src="../embed/a-1.html"' in code and "embed/a-1.html" in note


def test_a_chart_image_gives_its_limits_by_full_address_or_by_name():
    """An image travels alone: a path relative to it would lead nowhere."""
    where = sphinx_embed.limits_address("https://example.org/s/", "book/n.html#limits", "N", "S")
    assert where == "https://example.org/s/book/n.html#limits"
    where = sphinx_embed.limits_address("", "book/n.html#limits", "Numbers", "Site")
    assert where == (
        "the box “The limits of this page” on the page “Numbers” (book/n.html#limits) of the "
        "site titled Site."
    )


@pytest.mark.parametrize("page", CHART_PAGES)
def test_a_chart_image_names_itself_and_tells_no_interaction(site, page):
    """Read 6, m13: the still images kept "Drag to pan, scroll to zoom" and "Click a voice in
    the legend", which an image cannot do, and had no <title> or <desc>."""
    from explainer.views.charts.spec import HINT_KEY

    hints = 0
    for path in _embeds(site, page):
        [block] = sphinx_ext.spec_blocks(path.read_text(encoding="utf-8"))
        svg = (site / "_static" / "charts" / f"{block['hash']}.svg").read_text(encoding="utf-8")
        title = html.escape(sphinx_embed.chart_title(block["spec"]), quote=False)
        assert re.match(rf"<svg\b[^>]*><title>{re.escape(title)}</title><desc>[^<]+</desc>", svg)
        for line in block["spec"].get("usermeta", {}).get(HINT_KEY, []):
            hints += 1
            assert f">{html.escape(line, quote=False)}</tspan>" not in svg, (path.name, line)
    if page in ("book/timeline", "book/statements"):
        assert hints, "the live chart's hint is not named in its spec"


def test_the_readme_has_the_parent_snippet_the_tests_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sphinx_embed.PARENT_SNIPPET in readme


def _resizable_embed(site: Path) -> str:
    """The first chart whose layout changes with its width (narrow height != wide height)."""
    for page in CHART_PAGES:
        body = (site / f"{page}.html").read_text(encoding="utf-8")
        heights = re.findall(r"--chart-h:([\d.]+)px;--chart-h-narrow:([\d.]+)px", body)
        for n, (wide, narrow) in enumerate(heights, start=1):
            if wide != narrow:
                return sphinx_embed.embed_name(page, n)
    pytest.fail("no chart changes its layout with its width")


def test_an_embed_passes_axe_and_loads_only_from_its_site(chromium, base_url, site):
    name = _resizable_embed(site)
    shown = web.visit(chromium, f"{base_url}/embed/{name}.html", charts=1, idle=True)
    try:
        assert shown.problems == []
        assert _axe_violations(shown.page) == []
    finally:
        shown.close()


def test_an_embed_in_another_origin_draws_and_sends_its_height(chromium, base_url, site, tmp_path):
    name = _resizable_embed(site)
    code = sphinx_embed.iframe_code(f"{base_url}/embed/{name}.html", "chart", name)
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>A newsroom</title>"
        "<script>window.heights = []; window.addEventListener('message', e => "
        "window.heights.push(e.data));</script></head><body style='margin:0'>"
        f"<div id='column' style='width:900px'>{code}</div>"
        f"{sphinx_embed.PARENT_SNIPPET}</body></html>",
        encoding="utf-8",
    )
    with web.serve(tmp_path) as parent_url:
        assert parent_url != base_url
        shown = web.visit(chromium, f"{parent_url}/index.html", idle=True)
        try:
            page = shown.page
            frame = page.frame_locator("iframe")
            frame.locator(".vega-chart svg g.role-mark").first.wait_for(timeout=20_000)

            def settled() -> tuple[float, float]:
                """Wait until the frame is as tall as the embed's body; both heights."""
                page.wait_for_function(
                    """() => {
                        const frame = document.querySelector('iframe');
                        const last = window.heights.at(-1);
                        return last && Math.abs(frame.getBoundingClientRect().height
                            - Object.values(last['KEY'])[0]) < 1;
                    }""".replace("KEY", sphinx_embed.MESSAGE_KEY),
                    timeout=10_000,
                )
                inner = frame.locator("body").evaluate("b => b.getBoundingClientRect().height")
                outer = page.evaluate("document.querySelector('iframe').offsetHeight")
                return inner, outer

            wide_inner, wide_outer = settled()
            assert wide_outer == pytest.approx(wide_inner, abs=1.5)
            page.evaluate("document.getElementById('column').style.width = '340px'")
            page.wait_for_function(
                "h => document.querySelector('iframe').offsetHeight !== h", arg=wide_outer
            )
            narrow_inner, narrow_outer = settled()
            assert narrow_outer == pytest.approx(narrow_inner, abs=1.5)
            assert narrow_outer != wide_outer
            width = frame.locator(".vega-chart svg").first.evaluate(
                "svg => svg.getBoundingClientRect().width"
            )
            assert width <= 340
            assert shown.problems == []
        finally:
            shown.close()


@pytest.mark.parametrize("page", CHART_PAGES)
def test_without_javascript_every_embed_shows_its_svg(chromium, base_url, site, page):
    """Without JavaScript an embed shows the chart's build-time drawing, named by its
    description, as the explainer's own pages do."""
    for path in _embeds(site, page):
        url = f"{base_url}/{sphinx_embed.EMBED_DIR}/{path.name}"
        shown = web.visit(chromium, url, javascript=False)
        try:
            drawing = shown.page.locator(".vega-chart svg").first
            assert drawing.is_visible(), path.name
            assert drawing.evaluate("s => s.getBoundingClientRect().width") > 100, path.name
            assert drawing.evaluate("s => s.querySelectorAll('g.role-mark > *').length") > 0
            [block] = sphinx_ext.spec_blocks(path.read_text(encoding="utf-8"))
            label = shown.page.locator(".vega-chart").first.evaluate(
                "c => c.getAttribute('aria-label') || c.querySelector('svg').getAttribute("
                "'aria-label') || ''"
            )
            assert label == block["spec"]["description"], path.name
            assert shown.problems == []
        finally:
            shown.close()


def test_hostile_text_in_an_embed_stays_text(chromium, hostile_site):
    embeds = sorted((hostile_site / sphinx_embed.EMBED_DIR).glob("*.html"))
    assert len(embeds) == sum(web.expected_charts(page) for page in CHART_PAGES)
    with web.serve(hostile_site) as url:
        for path in embeds:
            shown = web.visit(chromium, f"{url}/{sphinx_embed.EMBED_DIR}/{path.name}", charts=1)
            try:
                _safe(shown)
                shown.page.locator("details.chart-data summary").click()
                _safe(shown)
            finally:
                shown.close()

"""Tests over the built site, _build/html: pages, charts, offline assets, and a real browser.

The site is built once per session (strict: -W -n --keep-going) when it is missing or
older than any of its sources; `make test` builds it first, so this reuses that build.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import altair as alt
import pytest
import yaml

from explainer import render, sphinx_ext

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SOURCES = ["_config.yml", "_toc.yml", "book", "explainer", "data"]
VEGA_LITE_V6 = re.compile(r"https://vega\.github\.io/schema/vega-lite/v6(\.\d+)*\.json")


def _toc_pages() -> list[str]:
    """Every page named in _toc.yml (root, chapters, and any nested sections or parts)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [re.sub(r"\.(md|ipynb)$", "", page) for page in pages]


PAGES = _toc_pages()


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site, built now if missing or stale."""
    marker = HTML / f"{PAGES[0]}.html"
    if not marker.is_file() or marker.stat().st_mtime < _newest_source_mtime():
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going", "--all"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, f"build failed:\n{result.stdout[-6000:]}\n{result.stderr}"
    return HTML


def _read(site: Path, page: str) -> str:
    return (site / f"{page}.html").read_text(encoding="utf-8")


def _all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------------------------------
# Static checks of the HTML


@pytest.mark.parametrize("page", PAGES)
def test_every_toc_page_is_built(site, page):
    assert (site / f"{page}.html").is_file()


@pytest.mark.parametrize("page", PAGES)
def test_chart_containers_match_spec_blocks(site, page):
    text = _read(site, page)
    containers = [m["id"] for m in sphinx_ext.CONTAINER_RE.finditer(text)]
    blocks = sphinx_ext.spec_blocks(text)
    # The regexes must see every block there is (catches a change in the markup).
    assert text.count('class="vega-spec"') == len(blocks)
    assert text.count('class="vega-chart"') == len(containers)
    assert len(containers) == len(blocks)
    assert sorted(containers) == sorted(block["target"] for block in blocks)
    assert len(set(containers)) == len(containers), "duplicate chart ids"
    for block in blocks:
        schema = block["spec"].get("$schema", "")
        assert VEGA_LITE_V6.fullmatch(schema), f"{page}: not a Vega-Lite v6 spec: {schema!r}"
        assert block["hash"] == render.spec_hash(block["spec"])


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_an_svg_fallback(site, page):
    text = _read(site, page)
    for block in sphinx_ext.spec_blocks(text):
        svg = site / render.fallback_path(block["hash"])
        assert svg.is_file(), f"{page}: missing {svg.relative_to(site)}"
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert f'src="{render.fallback_src(block["hash"])}"' in text


def test_demo_pages_have_charts(site):
    # Keeps the build/browser tests meaningful: at least one page must carry a chart.
    assert sum(len(sphinx_ext.spec_blocks(_read(site, page))) for page in PAGES) >= 1


def test_no_page_loads_from_another_host(site):
    offenders = {}
    for page in _all_html(site):
        found = sphinx_ext.external_references(page.read_text(encoding="utf-8"))
        if found:
            offenders[page.relative_to(site).as_posix()] = found
    for css in sorted((site / "_static").rglob("*.css")):
        found = sphinx_ext.external_references(css.read_text(encoding="utf-8", errors="replace"))
        if found:
            offenders[css.relative_to(site).as_posix()] = found
    assert not offenders


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>',
        "<script async src='//unpkg.com/thebe'></script>",
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">',
        '<img alt="x" src="http://example.org/a.png">',
        "<style>@import url(https://fonts.googleapis.com/css2);</style>",
        "<style>@import 'https://example.org/x.css';</style>",
        "<div style=\"background: url('https://example.org/bg.png')\"></div>",
    ],
)
def test_external_reference_detector_catches(snippet):
    assert sphinx_ext.external_references(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="../_static/vega-bundle.js"></script>',
        '<a href="https://github.com/example/gaza-explainer">repo</a>',
        '<link rel="next" href="timeline.html">',
        "url(\"data:image/svg+xml;charset=utf-8,%3Csvg xmlns='http://www.w3.org/2000/svg'\")",
        '<script type="application/json">{"$schema":"https://vega.github.io/schema/x.json"}',
    ],
)
def test_external_reference_detector_allows(snippet):
    assert not sphinx_ext.external_references(snippet)


@pytest.mark.parametrize("page", PAGES)
def test_no_mathjax_requirejs_or_thebe(site, page):
    text = _read(site, page).lower()
    assert "mathjax" not in text.replace("mathjax_process", "")
    assert "require.js" not in text and "require.min.js" not in text
    assert "thebe" not in text


def test_chart_assets_are_deferred_and_only_on_chart_pages(site):
    # The init script is deferred and fetches the bundle itself, when a chart nears the
    # viewport (explainer/sphinx_ext.py); no page loads the bundle with a script tag.
    for page in PAGES:
        text = _read(site, page)
        has_chart = bool(sphinx_ext.spec_blocks(text))
        init = re.search(
            r'<script data-vega-bundle="(?P<bundle>[^"]+)" defer="defer"'
            r' src="[./]*_static/vega-init\.js[^"]*">',
            text,
        )
        assert has_chart == bool(init), page
        assert text.count("vega-bundle.js") == int(has_chart), page  # in data-vega-bundle only
        if has_chart:
            bundle = (site / page).parent / init["bundle"].split("?")[0]
            assert bundle.resolve() == (site / "_static" / "vega-bundle.js").resolve()
            assert bundle.is_file(), page


def test_vega_bundle_defines_vega_embed_inside_an_iife(site):
    bundle = (site / "_static" / sphinx_ext.BUNDLE_JS).read_text(encoding="utf-8")
    header, rest = bundle.split("\n", 1)
    vl_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    assert f"vega-lite {vl_minor}," in header
    assert rest.startswith("(function () {\n")
    assert rest.rstrip().endswith("})();")
    assert "window.vegaEmbed=" in bundle.replace(" ", "")


# ---------------------------------------------------------------------------------------
# In a browser: Debian's Chromium, the site on 127.0.0.1, every other host blocked


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _open(browser, base_url: str, page_name: str, javascript: bool):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1200, "height": 900}
    )
    problems: list[str] = []

    def only_local(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

    def failed(request) -> None:
        # With JavaScript off, Chromium cancels the theme's <link rel="preload" as="script">.
        if not javascript and request.resource_type == "script":
            return
        problems.append(f"failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    page.goto(f"{base_url}/{page_name}.html", wait_until="load")
    return context, page, problems


@pytest.mark.parametrize("page_name", PAGES)
def test_browser_draws_every_chart_offline(
    browser, base_url, site, page_name, scroll_past_every_chart
):
    expected = len(sphinx_ext.spec_blocks(_read(site, page_name)))
    context, page, problems = _open(browser, base_url, page_name, javascript=True)
    try:
        if expected:
            # Charts are drawn as they come into view: scroll past each one.
            page.wait_for_load_state("load")
            scroll_past_every_chart(page)
            page.wait_for_function(
                "n => document.querySelectorAll('.vega-chart svg g.role-mark').length >= n",
                arg=expected,
                timeout=15000,
            )
            charts = page.evaluate(
                """() => Array.from(document.querySelectorAll('.vega-chart')).map(div => {
                    const svg = div.querySelector('svg');
                    return {
                        width: svg ? svg.getBoundingClientRect().width : 0,
                        marks: div.querySelectorAll('svg g.role-mark > *').length,
                    };
                })"""
            )
            assert len(charts) == expected
            for chart in charts:
                assert chart["marks"] > 0, charts
                assert chart["width"] > 100, charts  # width="container" needs width:100%
        else:
            page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.require") == "undefined"
        assert not problems
    finally:
        context.close()


@pytest.mark.parametrize("page_name", PAGES)
def test_browser_without_javascript_shows_svg_fallbacks(browser, base_url, site, page_name):
    expected = len(sphinx_ext.spec_blocks(_read(site, page_name)))
    if not expected:
        pytest.skip("no chart on this page")
    context, page, problems = _open(browser, base_url, page_name, javascript=False)
    try:
        page.wait_for_load_state("networkidle")
        images = page.locator(".vega-chart img")
        assert images.count() == expected
        for i in range(expected):
            image = images.nth(i)
            assert image.is_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth") > 100
            assert image.get_attribute("alt")
        assert not problems
    finally:
        context.close()

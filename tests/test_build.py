"""Tests over the built site's files, _build/html: pages, chart blocks, SVG fallbacks, offline assets.

The ``site`` fixture (conftest.py) builds the site once per session when it is missing or older
than its sources; `make test` builds it first, so this reuses that build. What a browser makes of
the site is tested in test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pytest

from explainer import render, sphinx_ext
from explainer.browser import expected_charts, toc_pages

VEGA_LITE_V6 = re.compile(r"https://vega\.github\.io/schema/vega-lite/v6(\.\d+)*\.json")
PAGES = toc_pages()


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


@pytest.mark.parametrize("page", PAGES)
def test_each_page_has_as_many_charts_as_its_source_calls_for(site, page):
    assert len(sphinx_ext.spec_blocks(_read(site, page))) == expected_charts(page)


PAGE_SOURCE = """\
# A page

```{code-cell} ipython3
:tags: [remove-cell]
from explainer import charts, load
facts = load()
charts.timeline(facts)
```

Prose that mentions charts.timeline(facts) is not a call.

```{code-cell} ipython3
:tags: [remove-input]
charts.timeline(facts)
```

```{code-cell} ipython3
# shown with its code: still a chart
charts.voice_share(facts)
```

```{code-cell} ipython3
:tags: ["remove-output"]
charts.voice_share(facts)
```
"""


def test_expected_charts_counts_calls_in_cells_whose_output_is_shown(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text(PAGE_SOURCE, encoding="utf-8")
    assert expected_charts("book/page", root=tmp_path) == 2
    assert expected_charts("search", root=tmp_path) == 0  # the theme's pages have no source


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
        '<link rel="canonical stylesheet" href="https://example.org/x.css">',
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
        '<link rel="canonical" href="https://example.github.io/gaza-explainer/book/index.html" />',
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


MISSING_VALUE = re.compile(r"<td>[^<]*(?:\bNaT\b|\bnan\b|&lt;NA&gt;)")


@pytest.mark.parametrize("page", PAGES)
def test_no_table_prints_a_missing_value_as_text(site, page):
    """A date nobody printed is an empty cell, not "NaT" (nor "nan" or "<NA>")."""
    assert MISSING_VALUE.findall(_read(site, page)) == []

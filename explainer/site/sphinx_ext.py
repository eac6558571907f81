"""Sphinx extension: charts that paint at once, offline, and cost nothing until touched.

Loaded by ``_config.yml`` (``sphinx: config: extensions``).  It

1. at ``config-inited`` sets ``EXPLAINER_RENDERER=book`` for the kernels that the build
   starts (see :func:`explainer.views.render.choose_renderer`), and adds two static folders:

   * ``explainer/site/static/`` (package data): ``vega-init.js``, which wakes a chart on the
     reader's first pointer, touch or focus on it (see that file), and ``vega-chart.css_t``
     (a Sphinx static template: it gets :data:`explainer.views.theme.NARROW` from ``html_context``);
   * ``_build/.explainer_static``, for what is generated (rewritten only when its content
     changes): ``vega-bundle.js`` (vega, vega-lite at the version Altair targets and
     vega-embed, from ``vl_convert.javascript_bundle``, wrapped in an IIFE so that its
     top-level ``const`` declarations cannot collide with Sphinx's ``doctools.js``; it sets
     ``window.vegaEmbed``), and ``theme-colors.css`` (the voice and stance colours of
     :mod:`explainer.views.theme` as CSS custom properties, on every page);

2. at ``doctree-read`` starts drawing each chart of the page in a background thread
   (vl-convert releases the GIL): its SVG for a wide column and, for a chart that follows its
   container's width, for a phone's (legends stack and labels shrink there), and its spec
   compiled to Vega (:func:`compiled_vega`);

3. at ``html-page-context`` puts those drawings into the chart's box in the page, with their
   ids made unique and their record links relative, so every chart paints with the page's
   HTML, links included, with or without JavaScript; gives the box the height of each layout
   (the live chart, when the reader wakes it, takes exactly that space); puts the compiled
   spec beside the Vega-Lite one; and adds the CSS and the init script (``defer``, the
   bundle's URL in ``data-vega-bundle``) to the pages that hold a chart, and only to them;

4. at ``build-finished`` warns (a build error under ``-W``) when a page loads anything from
   another host or when require.js is on a chart page (vega-embed would then register as an
   AMD module and ``window.vegaEmbed`` would never exist);

5. loads :mod:`explainer.site.execution`, which runs the pages (in parallel) and runs a page
   again exactly when a data file or a module it read changed: jupyter-cache keys only on
   code cells, so without it a change to a chart function or a CSV would leave stale charts
   in the book; :mod:`explainer.site.pageweight`, which keeps pages light; and
   :mod:`explainer.site.sphinx_root`, which writes the site's root page.

Every warning this project's extensions emit has the Sphinx type ``explainer`` and a subtype
(:data:`WARNING_TYPE`, e.g. ``explainer.chart``), so ``suppress_warnings`` can name it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import altair as alt
import vl_convert as vlc
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from explainer.views import render, theme

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: The Sphinx warning type of every warning this project's extensions emit; each also has a
#: subtype naming what is wrong (``suppress_warnings = ["explainer.chart"]`` would silence one).
WARNING_TYPE = "explainer"

#: The package's own static files (shipped as package data), added to ``html_static_path``.
PACKAGE_STATIC = Path(__file__).resolve().parent / "static"
#: Folder (next to the html output) where the generated assets are written.
STATIC_DIRNAME = ".explainer_static"
#: Folder (next to the html output, not published) where chart drawings are kept between builds.
DRAWINGS_DIRNAME = ".explainer_charts"
BUNDLE_JS = "vega-bundle.js"
INIT_JS = "vega-init.js"  # in PACKAGE_STATIC
CHART_CSS = "vega-chart.css"  # PACKAGE_STATIC/vega-chart.css_t, rendered by Sphinx
THEME_CSS = (
    "theme-colors.css"  # explainer.views.theme.css(): voice and stance colours, on every page
)
#: The ``html_context`` key that gives ``vega-chart.css_t`` :data:`explainer.views.theme.NARROW`.
NARROW_CONTEXT_KEY = "explainer_chart_narrow_px"

#: Vega-Lite version Altair writes in ``$schema`` ("v6.4.1"), and the "major.minor"
#: that vl-convert understands ("6.4").
VL_SCHEMA_VERSION = alt.SCHEMA_VERSION
VL_VERSION = ".".join(VL_SCHEMA_VERSION.lstrip("v").split(".")[:2])

#: Widths (px) at which a width="container" chart is drawn at build time: the theme's text
#: column on a 1280 px desktop (the column is 568-790 px wide from 600 px up), and on a 390 px
#: phone (288-398 px on phones), in the chart's narrow layout (below
#: :data:`explainer.views.theme.NARROW`: legends stack and labels shrink, so it is taller). A drawing
#: is shown at its own size in a wider column and shrunk in a narrower one; the live chart
#: fills the column.
WIDE_WIDTH = 688
NARROW_WIDTH = 358
#: The font the drawings' text is measured in. A drawing's text is set by the reader's browser,
#: in the charts' own font list (:data:`explainer.views.theme.FONT`: the system's UI font), but its
#: layout (legend spacing, the width a title needs) is fixed at build time; vl-convert alone
#: would measure it in its bundled Liberation Sans, narrower than most system fonts, and long
#: lines would be clipped. DejaVu Sans (Debian's system-ui, as in the browser tests) is wider
#: than the UI fonts of Android, iOS, macOS and Windows, so its layout leaves room for each.
#: It is tried first, then the charts' own list.
DRAWING_FONT = "DejaVu Sans"
# Raised when the drawing itself changes (not the spec), so kept drawings are not reused.
DRAWING_REVISION = 3  # 2: inert decorations; 3: legends named by their labels
#: vl-convert resolves a mark's relative href against this base (Vega's default loader base
#: in vl-convert); the drawings put the page-relative link back.
VL_CONVERT_BASE_URL = "https://vega.github.io/vega-datasets/"


# ---------------------------------------------------------------------------------------
# Finding things in built HTML (also used by tests/test_build.py)

SPEC_BLOCK_RE = re.compile(
    r'<script type="application/json" class="vega-spec" id="spec-(?P<id>[0-9a-f-]+)"'
    r' data-vega-target="(?P<target>[^"]+)" data-hash="(?P<hash>[0-9a-f]+)">'
    r"(?P<json>.*?)</script>",
    re.DOTALL,
)
#: How a chart's Vega-Lite block opens (explainer/views/render.py), by its id.
SPEC_OPENING = '<script type="application/json" class="vega-spec" id="spec-{id}"'
#: Class of the block, just before it, holding the same chart compiled to Vega (id="vega-ID").
COMPILED_CLASS = "vega-compiled"
CONTAINER_RE = re.compile(r'<div class="vega-chart" id="(?P<id>vis-[0-9a-f-]+)"')

_EXTERNAL = r"""(?:[a-z][a-z0-9+.-]*:)?//"""  # http://, https://, //host (not data:)
_EXTERNAL_PATTERNS = [
    re.compile(
        r"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\ssrc\s*=\s*"
        r"""["']?""" + _EXTERNAL,
        re.IGNORECASE,
    ),
    # Any <link> to another host except one whose rel is exactly "canonical": it names the
    # page's published address (html_baseurl) and makes the browser fetch nothing.
    re.compile(
        r"<link\b(?![^>]*\srel\s*=\s*(?:\"canonical\"|'canonical'|canonical(?=[\s/>])))"
        r"[^>]*?\shref\s*=\s*[\"']?" + _EXTERNAL,
        re.IGNORECASE,
    ),
    re.compile(r"\ssrcset\s*=\s*[\"'][^\"']*" + _EXTERNAL, re.IGNORECASE),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?" + _EXTERNAL, re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?" + _EXTERNAL, re.IGNORECASE),
]


def spec_blocks(page_html: str) -> list[dict[str, Any]]:
    """Every ``.vega-spec`` block of a built page: id, target, hash and parsed spec."""
    return [
        {
            "id": m["id"],
            "target": m["target"],
            "hash": m["hash"],
            "spec": json.loads(m["json"]),
        }
        for m in SPEC_BLOCK_RE.finditer(page_html)
    ]


def external_references(text: str) -> list[str]:
    """Snippets of HTML or CSS that make a browser fetch from another host."""
    found = []
    for pattern in _EXTERNAL_PATTERNS:
        for match in pattern.finditer(text):
            found.append(text[match.start() : match.end() + 60].split("\n")[0])
    return found


# ---------------------------------------------------------------------------------------
# Assets


def bundle_source() -> str:
    """vega + vega-lite + vega-embed as one classic script that defines window.vegaEmbed."""
    header = bundle_header()
    body = vlc.javascript_bundle(vl_version=VL_VERSION)
    if "window.vegaEmbed" not in body:
        raise RuntimeError("vl_convert.javascript_bundle() no longer assigns window.vegaEmbed")
    return f"{header}\n(function () {{\n{body}\n}})();\n"


def bundle_header() -> str:
    """First line of vega-bundle.js; it names the versions, so it doubles as a cache key."""
    return (
        f"/* vega {vlc.get_vega_version()}, vega-lite {VL_VERSION}, "
        f"vega-embed {vlc.get_vega_embed_version()} (vl-convert {vlc.__version__}); "
        "generated by explainer/site/sphinx_ext.py */"
    )


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _theme_css() -> str:
    """The voice colours of the package being built (none when it does not load: validation
    reports why, before the build)."""
    from explainer.package.facts import DataError, load

    try:
        return theme.css(load())
    except DataError:
        return theme.css()


def write_assets(static_dir: Path) -> Future[None]:
    """Create or refresh the generated assets in ``static_dir``.

    The bundle is regenerated only for a new version, and checked in a background thread:
    vl-convert takes about a second to start and another to bundle, and it releases the GIL,
    so the build goes on meanwhile.  The returned future must be waited for before the bundle
    is used or copied (:func:`_bundle_ready`).
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(static_dir / THEME_CSS, _theme_css())
    for legacy in (INIT_JS, CHART_CSS):  # written here by older versions; now in PACKAGE_STATIC
        (static_dir / legacy).unlink(missing_ok=True)
    bundle = static_dir / BUNDLE_JS

    def refresh() -> None:
        current = ""
        if bundle.is_file():
            with bundle.open(encoding="utf-8") as handle:
                current = handle.readline().rstrip("\n")
        if current == bundle_header():
            return
        logger.info("explainer: writing %s", bundle)
        tmp = bundle.with_name(bundle.name + ".tmp")
        tmp.write_text(bundle_source(), encoding="utf-8")
        tmp.replace(bundle)

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vega-bundle")
    future = pool.submit(refresh)
    pool.shutdown(wait=False)  # the thread finishes the job, then ends
    return future


def _bundle_ready(app: Sphinx) -> None:
    """Wait for the bundle being written in the background, if it is; raise its error."""
    future = getattr(app, "_explainer_bundle_future", None)
    if future is not None:
        future.result()


# ---------------------------------------------------------------------------------------
# Event handlers


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # The kernels that myst-nb starts inherit this process's environment. Force the book
    # renderer there, even when the build itself runs inside a JupyterLab kernel
    # (JPY_SESSION_NAME set) or a shell that exported EXPLAINER_RENDERER=default.
    os.environ[render.ENV_RENDERER] = "book"
    static_dir = Path(app.outdir).parent / STATIC_DIRNAME
    app._explainer_bundle_future = write_assets(static_dir)  # type: ignore[attr-defined]
    for folder in (str(static_dir), str(PACKAGE_STATIC)):
        if folder not in config.html_static_path:
            config.html_static_path.append(folder)
    config.html_context = {**config.html_context, NARROW_CONTEXT_KEY: theme.NARROW}
    app.add_css_file(THEME_CSS)


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    math = app.env.get_domain("math")
    if math.has_equations(pagename):  # type: ignore[attr-defined]
        logger.warning(
            "explainer: %s (or a page in its toctree) contains math, but MathJax is not"
            " shipped with the book and would come from a CDN",
            pagename,
            type=WARNING_TYPE,
            subtype="math",
        )
    body = context.get("body") or ""
    if 'class="vega-spec"' not in body:
        return
    context["body"] = _paint_charts(app, pagename, body)
    # Added here, these files go on this page only (Sphinx >= 3.5). The init script fetches
    # the bundle itself, when the reader first touches a chart; its URL carries a digest of
    # the bundle's content, so browsers may cache it for good.
    app.add_css_file(CHART_CSS)
    bundle = context["pathto"](f"_static/{BUNDLE_JS}", 1) + f"?v={_bundle_digest(app)}"
    app.add_js_file(INIT_JS, loading_method="defer", priority=901, **{"data-vega-bundle": bundle})


def _bundle_digest(app: Sphinx) -> str:
    digest = getattr(app, "_explainer_bundle_digest", None)
    if digest is None:
        _bundle_ready(app)
        path = Path(app.outdir).parent / STATIC_DIRNAME / BUNDLE_JS
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        app._explainer_bundle_digest = digest  # type: ignore[attr-defined]
    return digest


def _on_html_collect_pages(app: Sphinx) -> list[Any]:
    _bundle_ready(app)  # before Sphinx copies the static files
    return []


def _drawing_pool(app: Sphinx) -> ThreadPoolExecutor:
    pool = getattr(app, "_explainer_drawing_pool", None)
    if pool is None:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-drawings")
        app._explainer_drawing_pool = pool  # type: ignore[attr-defined]
        app._explainer_drawing_futures = {}  # type: ignore[attr-defined]
    return pool


def _drawings_dir(app: Sphinx) -> Path:
    """Where drawings are kept between builds: one folder per vl-convert and Vega-Lite version
    (and per width), so that a new version never serves an old drawing."""
    key = hashlib.sha256(
        f"{vlc.__version__} {VL_VERSION} {WIDE_WIDTH} {NARROW_WIDTH} {DRAWING_FONT} "
        f"{DRAWING_REVISION}".encode()
    ).hexdigest()[:12]
    return Path(app.outdir).parent / DRAWINGS_DIRNAME / key


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Start drawing a page's charts as soon as the page is read, in a background thread
    (vl-convert releases the GIL), so that they are ready, or nearly, when the page is
    written."""
    if app.builder is None or app.builder.format != "html":
        return
    for node in doctree.findall(nodes.raw):
        text = node.astext()
        if 'class="vega-spec"' not in text:
            continue
        pool = _drawing_pool(app)
        futures = app._explainer_drawing_futures  # type: ignore[attr-defined]
        for block in spec_blocks(text):
            if block["hash"] not in futures:
                futures[block["hash"]] = pool.submit(
                    draw_chart, _drawings_dir(app), app.env.docname, block
                )


@dataclass
class Drawings:
    """A chart drawn at build time: its SVG for each layout (``wide`` always, when it could be
    drawn; ``narrow`` for a chart that follows its container's width) and its spec compiled to
    Vega, as JSON safe inside ``<script>`` (None if it could not be compiled)."""

    wide: str | None
    narrow: str | None
    compiled: str | None


def draw_chart(cache: Path, page: str, block: dict[str, Any]) -> Drawings:
    """The drawings of a chart block (kept in ``cache`` by hash, so each is drawn once)."""
    spec = block["spec"]
    if render.spec_hash(spec) != block["hash"]:
        logger.warning(
            "explainer: %s: spec #%s does not match its hash",
            page,
            block["id"],
            type=WARNING_TYPE,
            subtype="chart",
        )
        return Drawings(None, None, None)
    # A chart has a narrow layout when it fills its container or asks for the container's size.
    layouts = spec.get("width") == "container" or "containerSize()" in json.dumps(spec)
    wide = _drawing(cache, page, block, WIDE_WIDTH if layouts else None)
    narrow = _drawing(cache, page, block, NARROW_WIDTH) if layouts else None
    return Drawings(wide, narrow, compiled_vega(page, block))


def _drawing(cache: Path, page: str, block: dict[str, Any], width: int | None) -> str | None:
    """The chart drawn by vl-convert, ``width`` px wide in the layout for that width (a
    width="container" chart), or as it is (``width`` None)."""
    target = cache / f"{block['hash']}-{width or 'fixed'}.svg"
    if target.is_file():
        return target.read_text(encoding="utf-8")
    spec = at_width(block["spec"], width)
    measured = f"{DRAWING_FONT}, {theme.FONT}"
    spec = json.loads(json.dumps(spec).replace(json.dumps(theme.FONT), json.dumps(measured)))
    svg = _converted(
        "draw",
        page,
        block,
        lambda: vlc.vega_to_svg(
            described_legends(inert_decorations(vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)))
        ),
    )
    if svg is None:
        return None
    svg = svg.replace(html.escape(measured), html.escape(theme.FONT))  # set in the page's font
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(target)
    return svg


def _converted(action: str, page: str, block: dict[str, Any], convert: Callable[[], T]) -> T | None:
    """What ``convert`` (a vl-convert call on the block's chart) returns; None, and a warning
    naming the page and the chart, if it fails."""
    try:
        return convert()
    except Exception as err:  # vl-convert raises plain ValueError/RuntimeError
        logger.warning(
            "explainer: %s: cannot %s chart %s: %s",
            page,
            action,
            block["hash"],
            err,
            type=WARNING_TYPE,
            subtype="chart",
        )
        return None


def inert_decorations(vega_spec: dict[str, Any]) -> dict[str, Any]:
    """``vega_spec`` with each decoration made inert: a mark hidden from assistive technology
    (``aria: false``) with no tooltip and no link, such as a count printed on a dot, lets the
    pointer through to the mark under it (Vega's ``interactive: false``). Otherwise it swallows
    the hover and the click meant for that mark: no tooltip, no link, on the very spot a
    reader points at."""

    def visit(marks: list[dict[str, Any]]) -> None:
        for mark in marks:
            visit(mark.get("marks", []))
            channels = {name for part in (mark.get("encode") or {}).values() for name in part}
            decoration = mark.get("type") != "group" and mark.get("aria") is False
            if decoration and not channels & {"tooltip", "href"}:
                mark["interactive"] = False

    visit(vega_spec.get("marks", []))
    return vega_spec


def described_legends(vega_spec: dict[str, Any]) -> dict[str, Any]:
    """``vega_spec`` with each legend's ``description`` (the chart's own, in its display labels:
    :func:`explainer.views.charts.spec.legend_descriptions`) as its accessible name. Vega names
    a legend from its group's ``description`` encoding only, and otherwise lists the scale's
    values, the data's codes ("for fill color with 5 values: narration, hamas, pmo")."""

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for legend in node.get("legends") or []:
                if isinstance(legend.get("description"), str):
                    update = legend.setdefault("encode", {}).setdefault("legend", {})
                    update.setdefault("update", {})["description"] = {
                        "value": legend["description"]
                    }
            visit(node.get("marks") or [])

    visit(vega_spec)
    return vega_spec


def compiled_vega(page: str, block: dict[str, Any]) -> str | None:
    """The block's Vega-Lite spec compiled to Vega, by the Vega-Lite version of the bundle.

    Compiling in the reader's browser is about a third of the time it takes to draw a chart
    (measured at Lighthouse's 4x CPU slowdown: 410-475 ms from Vega-Lite, 280-325 ms from
    Vega), in one long task; vega-init.js draws from this instead.

    The rows of each inline dataset are left out: the Vega-Lite block beside it has them under
    the same name (``datasets``), and vega-init.js puts them back. Shipped twice, they would
    push a page's HTML past the first round trip (about 14 KB gzipped)."""
    spec = block["spec"]
    vega_spec = _converted(
        "compile", page, block, lambda: vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)
    )
    if vega_spec is None:
        return None
    vega_spec = described_legends(inert_decorations(vega_spec))
    datasets = spec.get("datasets") or {}
    vega_spec["data"] = [
        {k: v for k, v in entry.items() if k != "values"}
        if entry.get("values") is not None and entry.get("values") == datasets.get(entry["name"])
        else entry
        for entry in vega_spec.get("data", [])
    ]
    return render.script_safe_json(vega_spec)


def _chart_drawings(app: Sphinx, page: str, block: dict[str, Any]) -> Drawings:
    """:func:`draw_chart` for a block: its background job's result when the page was read in
    this build, else done now."""
    future = getattr(app, "_explainer_drawing_futures", {}).get(block["hash"])
    if future is not None:
        return future.result()
    return draw_chart(_drawings_dir(app), page, block)


def _warn_remote(rel: str, ref: str) -> None:
    """A built file (``rel``, from the site's root) loads ``ref`` from another host."""
    logger.warning(
        "explainer: %s loads from another host: %s",
        rel,
        ref,
        type=WARNING_TYPE,
        subtype="remote_asset",
    )


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    pool = getattr(app, "_explainer_drawing_pool", None)
    if pool is not None:
        pool.shutdown(wait=True)
    if exception is not None:
        return
    _bundle_ready(app)
    if app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        text = page.read_text(encoding="utf-8")
        for ref in external_references(text):
            _warn_remote(rel, ref)
        if 'class="vega-spec"' in text and re.search(r"<script[^>]+require(?:\.min)?\.js", text):
            logger.warning(
                "explainer: %s loads require.js; vegaEmbed would not be defined",
                rel,
                type=WARNING_TYPE,
                subtype="requirejs",
            )
    for css in sorted((outdir / "_static").rglob("*.css")):
        for ref in external_references(css.read_text(encoding="utf-8", errors="replace")):
            _warn_remote(css.relative_to(outdir).as_posix(), ref)


_SVG_SIZE_RE = re.compile(r'<svg\b[^>]*?\swidth="(?P<w>[\d.]+)"[^>]*?\sheight="(?P<h>[\d.]+)"')
_SVG_ROOT_CLASS = ' class="marks"'
_SVG_ID_RE = re.compile(r'\bid="(?P<id>[^"]+)"')


def svg_height(svg: str) -> float | None:
    """The height (px) an SVG drawing declares on its root element."""
    size = _SVG_SIZE_RE.search(svg[:2000])
    return float(size["h"]) if size else None


def inline_drawing(svg: str, scope: str, layout: str | None) -> str:
    """A vl-convert drawing made fit to sit in a page: its root gets the class that CSS picks a
    layout by (``chart-static`` plus ``chart-static-wide`` or ``chart-static-narrow`` when the
    chart has both), its ids (clip paths) are prefixed with ``scope`` so that no two drawings
    on a page share one, and each mark's link is relative again, as the chart's spec has it."""
    classes = "chart-static" + (f" chart-static-{layout}" if layout else "")
    if _SVG_ROOT_CLASS not in svg[:300]:
        raise ValueError('vl-convert\'s SVG no longer opens with class="marks"')
    svg = svg.replace(_SVG_ROOT_CLASS, f' class="{classes}"', 1)
    ids = set(_SVG_ID_RE.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{scope}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg.replace(f'xlink:href="{VL_CONVERT_BASE_URL}', 'xlink:href="')


def _paint_charts(app: Sphinx, pagename: str, body: str) -> str:
    """Put each chart's drawings into its box, and give the box the height of each layout, so
    that the chart paints with the page and waking it later moves nothing on the page.

    A chart whose layout follows its container's width (``containerSize()``: legends stack
    and labels shrink in a narrow column) gets a second height for that layout; a container
    query in vega-chart.css picks one by the width of the chart's box, as the chart does."""
    for block in spec_blocks(body):
        drawn = _chart_drawings(app, pagename, block)
        if drawn.compiled is not None:
            opening = SPEC_OPENING.format(id=block["id"])
            body = body.replace(
                opening,
                f'<script type="application/json" class="{COMPILED_CLASS}" '
                f'id="vega-{block["id"]}">{drawn.compiled}</script>\n' + opening,
                1,
            )
        box = re.search(rf'<div class="vega-chart" id="{re.escape(block["target"])}"[^>]*>', body)
        if box is None or drawn.wide is None:
            continue
        layouts = [("wide", drawn.wide)] + ([("narrow", drawn.narrow)] if drawn.narrow else [])
        svgs = "".join(
            inline_drawing(svg, f"{block['target']}-{name[0]}", name if drawn.narrow else None)
            for name, svg in layouts
        )
        height = svg_height(drawn.wide)
        narrow = svg_height(drawn.narrow) if drawn.narrow else None
        opening = box.group(0)
        if height is not None:
            style = f"width:100%;--chart-h:{height:g}px;--chart-h-narrow:{narrow or height:g}px"
            opening = opening.replace('style="width:100%"', f'style="{style}"', 1)
        body = body[: box.start()] + opening + svgs + body[box.end() :]
    return body


def at_width(spec: dict[str, Any], width: int | None) -> dict[str, Any]:
    """A spec as it is drawn in a container ``width`` px wide, which drawing it offline
    requires (there is no container): ``containerSize()`` is that width, and a width="container"
    chart, axes included, fits it, as vega-embed fits a container. With ``width`` None, or for
    a spec that depends on neither, the spec as it is."""
    text = json.dumps(spec)
    if width is None or (spec.get("width") != "container" and "containerSize()" not in text):
        return spec
    fitted = json.loads(text.replace("containerSize()", f"[{width}, 0]"))
    if fitted.get("width") == "container":
        fitted["width"] = width
        fitted.setdefault("autosize", {"type": "fit-x", "contains": "padding"})
    return fitted


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("explainer.site.execution")
    app.setup_extension("explainer.site.pageweight")
    app.setup_extension("explainer.site.sphinx_root")
    # After jupyter-book/myst-nb have set their config (default priority is 500).
    app.connect("config-inited", _on_config_inited, priority=900)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("html-collect-pages", _on_html_collect_pages)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: everything the built book needs to draw charts offline.

Loaded by ``_config.yml`` (``sphinx: config: extensions``).  It

1. at ``config-inited`` sets ``EXPLAINER_RENDERER=book`` for the kernels that the build
   starts (see :func:`explainer.render.choose_renderer`), writes four assets into
   ``_build/.explainer_static`` (rewritten only when their content changes) and adds that
   folder to ``html_static_path``:

   * ``vega-bundle.js``: vega, vega-lite (the version Altair targets) and vega-embed, from
     ``vl_convert.javascript_bundle``, wrapped in an IIFE so that its top-level ``const``
     declarations cannot collide with Sphinx's ``doctools.js`` (``const _``).  It sets
     ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``;
   * ``vega-init.js``: finds each ``script.vega-spec`` JSON block written by
     :mod:`explainer.render` and, when its chart comes within half a screen of the
     viewport, loads the bundle (once) and draws the chart with ``vegaEmbed`` (SVG
     renderer, no actions) from the spec compiled to Vega at build time (the
     ``script.vega-compiled`` block, see step 2); every chart is drawn before printing;
     then makes every mark that has an ``href`` a keyboard link (Tab, Enter);
   * ``vega-chart.css``: makes the chart container full width (``width="container"``
     charts are 0 px wide otherwise) and keeps SVGs inside the column;
   * ``theme-colors.css``: the voice and stance colours of :mod:`explainer.theme` as CSS
     custom properties (added to every page), for the annotated article's highlights;

2. at ``html-page-context`` adds the CSS and the init script (``defer``, with the bundle's
   URL in ``data-vega-bundle``) to the pages that hold a chart, and only to them: the
   bundle is about 0.9 MB (300 KB gzipped), the method page, the search page and the
   annotated article need none of it, and a page whose charts are below the fold loads it
   only when the reader scrolls near them (the benchmark in BENCHMARKS.md measured it);
   and gives each chart its SVG fallback (rendered in a background thread as soon as the
   page is read), the height to keep for it in a wide and a narrow column, and its spec
   compiled to Vega (:func:`compiled_vega`);

3. at ``build-finished`` renders ``_static/charts/<hash>.svg`` for every spec in the built
   pages (the ``<noscript>`` fallback), and warns (a build error under ``-W``) when a page
   loads anything from another host or when require.js is on a chart page (vega-embed
   would then register as an AMD module and ``window.vegaEmbed`` would never exist);

4. loads :mod:`explainer.execution`, which runs the pages (in parallel) and runs a page
   again exactly when a data file or a module it read changed: jupyter-cache keys only on
   code cells, so without it a change to a chart function or a CSV would leave stale charts
   in the book; and :mod:`explainer.pageweight`, which keeps pages light.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from explainer import render, theme

logger = logging.getLogger(__name__)

#: Folder (next to the html output) where the generated assets are written.
STATIC_DIRNAME = ".explainer_static"
BUNDLE_JS = "vega-bundle.js"
INIT_JS = "vega-init.js"
CHART_CSS = "vega-chart.css"
THEME_CSS = "theme-colors.css"  # explainer.theme.css(): voice and stance colours, on every page

#: Vega-Lite version Altair writes in ``$schema`` ("v6.4.1"), and the "major.minor"
#: that vl-convert understands ("6.4").
VL_SCHEMA_VERSION = alt.SCHEMA_VERSION
VL_VERSION = ".".join(VL_SCHEMA_VERSION.lstrip("v").split(".")[:2])

#: Width (px) of the SVG fallback of a width="container" chart: the theme's text column.
FALLBACK_WIDTH = 620
#: Width (px) at which a width="container" chart is measured in its narrow (phone) layout,
#: below :data:`explainer.theme.NARROW`: legends stack and labels shrink, so it is taller.
NARROW_PROBE_WIDTH = 360


INIT_SOURCE = """\
/* Draws the charts on the page. Written by explainer/sphinx_ext.py; see explainer/render.py.
   Loaded with defer. After the page has loaded and painted, vega-bundle.js (about 300 KB
   gzipped, and a long task to run) is fetched when a chart comes within half a screen of the
   viewport, and each chart is drawn then,
   so a reader who never scrolls to a chart never pays for it. Before printing, every chart
   is drawn. Without IntersectionObserver, everything is drawn at once. */
(function () {
  "use strict";
  // Vega follows a mark's href on click only. Make each such mark a keyboard link too: focusable
  // in document order, announced as a link (its aria-label describes it), followed on Enter.
  // Re-applied when Vega redraws (a resize can replace the SVG elements).
  function linkMarks(view) {
    (function visit(node) {
      if (!node) {
        return;
      }
      var el = node._svg;
      if (node.href && el && el.getAttribute("data-href") !== node.href) {
        el.setAttribute("data-href", node.href);
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "link");
        el.removeAttribute("aria-roledescription");
        el.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            window.location.assign(new URL(el.getAttribute("data-href"), document.baseURI).href);
          }
        });
      }
      (node.items || []).forEach(visit);
    })(view.scenegraph().root);
  }
  var me = document.currentScript;
  var bundleUrl = me && me.getAttribute("data-vega-bundle");
  var loading = null;
  function loadBundle() {
    if (typeof window.vegaEmbed === "function") {
      return Promise.resolve();
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + bundleUrl)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }
  // Running the bundle and drawing a chart are long tasks; separate tasks keep the page
  // responsive in between.
  function nextTask() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }
  // The spec to draw a block's chart from: the chart compiled to Vega at build time when the
  // page has it (a third less work here than compiling the Vega-Lite spec), with the rows of
  // its inline datasets put back from the Vega-Lite spec, which has them by the same name.
  function chartSpec(block) {
    var lite = JSON.parse(block.textContent);
    var compiled = document.getElementById("vega-" + block.id.replace(/^spec-/, ""));
    if (!compiled) {
      return { spec: lite, mode: "vega-lite" };
    }
    var datasets = lite.datasets || {};
    var spec = JSON.parse(compiled.textContent);
    (spec.data || []).forEach(function (entry) {
      if (entry.values === undefined && datasets[entry.name]) {
        entry.values = datasets[entry.name];
      }
    });
    return { spec: spec, mode: "vega" };
  }
  window.explainerChartSpec = chartSpec;  // for the tests
  function draw(block) {
    var target = document.getElementById(block.getAttribute("data-vega-target"));
    if (!target || target.getAttribute("data-vega-drawn")) {
      return Promise.resolve();
    }
    target.setAttribute("data-vega-drawn", "1");
    return loadBundle().then(nextTask).then(function () {
      if (typeof window.vegaEmbed !== "function") {
        throw new Error("window.vegaEmbed is missing after loading " + bundleUrl);
      }
      var drawn = chartSpec(block);
      // Which spec was drawn, for the tests (tests/test_pageweight.py).
      target.setAttribute("data-vega-mode", drawn.mode);
      return window.vegaEmbed(target, drawn.spec, {
        renderer: "svg", actions: false, mode: drawn.mode
      });
    }).then(function (result) {
      linkMarks(result.view);
      new MutationObserver(function () { linkMarks(result.view); })
        .observe(target, { childList: true, subtree: true });
      // The space kept for the chart came from its SVG fallback, whose text the browser may
      // set a little differently; out of sight, let the box fit the chart exactly.
      var box = target.getBoundingClientRect();
      if (box.top > window.innerHeight || box.bottom < 0) {
        target.style.removeProperty("--chart-h");
        target.style.removeProperty("--chart-h-narrow");
      }
    }).catch(function (err) {
      console.error("vega-init: could not draw #" + target.id, err);
    });
  }
  function start() {
    var blocks = Array.prototype.slice.call(
      document.querySelectorAll('script.vega-spec[type="application/json"]'));
    var drawAll = function () { return Promise.all(blocks.map(draw)); };
    window.addEventListener("beforeprint", drawAll);
    if (!("IntersectionObserver" in window)) {
      drawAll();
      return;
    }
    var byTarget = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(byTarget[entry.target.id]);
        }
      });
    }, { rootMargin: "0px" });
    blocks.forEach(function (block) {
      var target = document.getElementById(block.getAttribute("data-vega-target"));
      if (target) {
        byTarget[target.id] = block;
        observer.observe(target);
      }
    });
  }
  // Only once the page has loaded and painted: running the bundle is a long task, which
  // would otherwise hold back the first paint of the text.
  function afterFirstPaint() {
    window.requestAnimationFrame(function () { window.setTimeout(start, 0); });
  }
  if (document.readyState === "complete") {
    afterFirstPaint();
  } else {
    window.addEventListener("load", afterFirstPaint);
  }
})();
"""

CSS_SOURCE = """\
/* Chart containers (explainer/render.py). width:100% lets width="container" charts size
   to the text column; without it their SVG is 0 px wide. */
.vega-chart { width: 100%; }
.vega-chart svg, .vega-chart img { max-width: 100%; height: auto; }
/* Marks that link to a record (made focusable by vega-init.js). */
.vega-chart svg [role="link"] { cursor: pointer; }
.vega-chart svg [role="link"]:focus { outline: none; }
.vega-chart svg [role="link"]:focus-visible {
  outline: 3px solid #1f2328; outline-offset: 2px; stroke: #1f2328; stroke-width: 3px;
}
/* Block, not inline: no line-box gap under the chart, so its height is the SVG's, which
   the page reserves before the chart is drawn (no layout shift when it appears). A
   width="container" chart has one height for a wide column and one for a narrow one
   (explainer.theme.NARROW, where legends stack); the container query picks by the width of
   the chart's own box, as the chart's containerSize() does. */
.vega-chart svg { display: block; }
.output:has(> .vega-chart) { container-type: inline-size; }
.vega-chart { min-height: var(--chart-h, auto); }
@container (width < NARROW_PX) {
  .vega-chart { min-height: var(--chart-h-narrow, var(--chart-h, auto)); }
}
""".replace("NARROW_PX", f"{theme.NARROW}px")

# ---------------------------------------------------------------------------------------
# Finding things in built HTML (also used by tests/test_build.py)

SPEC_BLOCK_RE = re.compile(
    r'<script type="application/json" class="vega-spec" id="spec-(?P<id>[0-9a-f-]+)"'
    r' data-vega-target="(?P<target>[^"]+)" data-hash="(?P<hash>[0-9a-f]+)">'
    r"(?P<json>.*?)</script>",
    re.DOTALL,
)
#: How a chart's Vega-Lite block opens (explainer/render.py), by its id.
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
        "generated by explainer/sphinx_ext.py */"
    )


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def write_assets(static_dir: Path) -> Future[None]:
    """Create or refresh the generated assets in ``static_dir``.

    The bundle is regenerated only for a new version, and checked in a background thread:
    vl-convert takes about a second to start and another to bundle, and it releases the GIL,
    so the build goes on meanwhile.  The returned future must be waited for before the bundle
    is used or copied (:func:`_bundle_ready`).
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(static_dir / INIT_JS, INIT_SOURCE)
    _write_if_changed(static_dir / CHART_CSS, CSS_SOURCE)
    _write_if_changed(static_dir / THEME_CSS, theme.css())
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
    if str(static_dir) not in config.html_static_path:
        config.html_static_path.append(str(static_dir))
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
        )
    body = context.get("body") or ""
    if 'class="vega-spec"' not in body:
        return
    context["body"] = _reserve_chart_space(app, pagename, body)
    # Added here, these files go on this page only (Sphinx >= 3.5). The init script fetches
    # the bundle itself, when a chart comes near the viewport; its URL carries a digest of
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


def _svg_pool(app: Sphinx) -> ThreadPoolExecutor:
    pool = getattr(app, "_explainer_svg_pool", None)
    if pool is None:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svg-fallbacks")
        app._explainer_svg_pool = pool  # type: ignore[attr-defined]
        app._explainer_svg_futures = {}  # type: ignore[attr-defined]
    return pool


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Start rendering the SVG fallbacks of a page's charts as soon as the page is read, in
    a background thread (vl-convert releases the GIL), so that they are ready, or nearly,
    when the page is written."""
    if app.builder is None or app.builder.format != "html":
        return
    charts_dir = Path(app.outdir) / render.CHARTS_DIR
    for node in doctree.findall(nodes.raw):
        text = node.astext()
        if 'class="vega-spec"' not in text:
            continue
        charts_dir.mkdir(parents=True, exist_ok=True)
        pool = _svg_pool(app)
        for block in spec_blocks(text):
            futures = app._explainer_svg_futures  # type: ignore[attr-defined]
            if block["hash"] not in futures:
                futures[block["hash"]] = pool.submit(
                    _render_chart, charts_dir, app.env.docname, block
                )


def _render_chart(
    charts_dir: Path, page: str, block: dict[str, Any]
) -> tuple[float | None, str | None]:
    """Write a chart's SVG fallback; return its height in the narrow layout (or None) and its
    spec compiled to Vega, as JSON safe inside ``<script>`` (or None if it cannot be)."""
    _write_fallback(charts_dir, page, block)
    return narrow_height(block["spec"]), compiled_vega(page, block)


def compiled_vega(page: str, block: dict[str, Any]) -> str | None:
    """The block's Vega-Lite spec compiled to Vega, by the Vega-Lite version of the bundle.

    Compiling in the reader's browser is about a third of the time it takes to draw a chart
    (measured at Lighthouse's 4x CPU slowdown: 410-475 ms from Vega-Lite, 280-325 ms from
    Vega), in one long task; vega-init.js draws from this instead.

    The rows of each inline dataset are left out: the Vega-Lite block beside it has them under
    the same name (``datasets``), and vega-init.js puts them back. Shipped twice, they would
    push a page's HTML past the first round trip (about 14 KB gzipped)."""
    spec = block["spec"]
    try:
        vega_spec = vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)
    except Exception as err:  # vl-convert raises plain ValueError/RuntimeError
        logger.warning("explainer: %s: cannot compile chart %s: %s", page, block["hash"], err)
        return None
    datasets = spec.get("datasets") or {}
    vega_spec["data"] = [
        {k: v for k, v in entry.items() if k != "values"}
        if entry.get("values") is not None and entry.get("values") == datasets.get(entry["name"])
        else entry
        for entry in vega_spec.get("data", [])
    ]
    return render.script_safe_json(vega_spec)


def _chart_rendered(
    app: Sphinx, charts_dir: Path, page: str, block: dict[str, Any]
) -> tuple[float | None, str | None]:
    """:func:`_render_chart` for a block: its background job's result when the page was read
    in this build, else done now."""
    future = getattr(app, "_explainer_svg_futures", {}).get(block["hash"])
    if future is not None:
        return future.result()
    return _render_chart(charts_dir, page, block)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    pool = getattr(app, "_explainer_svg_pool", None)
    if pool is not None:
        pool.shutdown(wait=True)
    if exception is not None:
        return
    _bundle_ready(app)
    if app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    charts_dir = outdir / render.CHARTS_DIR
    charts_dir.mkdir(parents=True, exist_ok=True)
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        text = page.read_text(encoding="utf-8")
        for ref in external_references(text):
            logger.warning("explainer: %s loads from another host: %s", rel, ref)
        if 'class="vega-spec"' not in text:
            continue
        if re.search(r"<script[^>]+require(?:\.min)?\.js", text):
            logger.warning("explainer: %s loads require.js; vegaEmbed would not be defined", rel)
        for block in spec_blocks(text):
            _write_fallback(charts_dir, rel, block)
    for css in sorted((outdir / "_static").rglob("*.css")):
        for ref in external_references(css.read_text(encoding="utf-8", errors="replace")):
            rel = css.relative_to(outdir).as_posix()
            logger.warning("explainer: %s loads from another host: %s", rel, ref)


_SVG_SIZE_RE = re.compile(r'<svg\b[^>]*?\swidth="(?P<w>[\d.]+)"[^>]*?\sheight="(?P<h>[\d.]+)"')


def _reserve_chart_space(app: Sphinx, pagename: str, body: str) -> str:
    """Give each chart container the height its chart will have, taken from its SVG fallback
    (rendered now if missing), so that drawing the chart later moves nothing on the page.

    A chart whose layout follows its container's width (``containerSize()``: legends stack
    and labels shrink in a narrow column) gets a second height for that layout; a container
    query in vega-chart.css picks one by the width of the chart's box, as the chart does."""
    charts_dir = Path(app.outdir) / render.CHARTS_DIR
    charts_dir.mkdir(parents=True, exist_ok=True)
    for block in spec_blocks(body):
        narrow, compiled = _chart_rendered(app, charts_dir, pagename, block)
        if compiled is not None:
            opening = SPEC_OPENING.format(id=block["id"])
            body = body.replace(
                opening,
                f'<script type="application/json" class="{COMPILED_CLASS}" '
                f'id="vega-{block["id"]}">{compiled}</script>\n' + opening,
                1,
            )
        svg = charts_dir / f"{block['hash']}.svg"
        if not svg.is_file():
            continue
        with svg.open(encoding="utf-8") as handle:
            size = _SVG_SIZE_RE.search(handle.read(2000))
        if not size:
            continue
        height = float(size["h"])
        narrow = height if narrow is None else narrow
        style = f"width:100%;--chart-h:{height:g}px;--chart-h-narrow:{narrow:g}px"
        opening = f'<div class="vega-chart" id="{block["target"]}" style="width:100%">'
        body = body.replace(opening, opening.replace('style="width:100%"', f'style="{style}"'), 1)
    return body


def narrow_height(spec: dict[str, Any]) -> float | None:
    """Height (px) of a chart drawn in a container narrower than :data:`explainer.theme.NARROW`,
    or None for a chart whose layout does not depend on its container.

    Offline there is no container, so ``containerSize()`` is replaced by the probe width."""
    text = json.dumps(spec)
    if "containerSize()" not in text:
        return None
    probe = _at_width(
        json.loads(text.replace("containerSize()", f"[{NARROW_PROBE_WIDTH}, 0]")),
        NARROW_PROBE_WIDTH,
    )
    try:
        svg = vlc.vegalite_to_svg(probe, vl_version=VL_VERSION)
    except Exception:  # the wide fallback's render reports the error; this one only sizes
        return None
    size = _SVG_SIZE_RE.search(svg[:2000])
    return float(size["h"]) if size else None


def _at_width(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """A width="container" spec drawn ``width`` px wide, as rendering it offline requires (there
    is no container): the whole chart, axes included, fits the width, as vega-embed fits a
    container. Any other spec as it is."""
    if spec.get("width") != "container":
        return spec
    fitted = {**spec, "width": width}
    fitted.setdefault("autosize", {"type": "fit-x", "contains": "padding"})
    return fitted


def _write_fallback(charts_dir: Path, page: str, block: dict[str, Any]) -> None:
    spec, digest = block["spec"], block["hash"]
    if render.spec_hash(spec) != digest:
        logger.warning("explainer: %s: spec #%s does not match its hash", page, block["id"])
        return
    target = charts_dir / f"{digest}.svg"
    if target.is_file():
        return
    try:
        svg = vlc.vegalite_to_svg(_at_width(spec, FALLBACK_WIDTH), vl_version=VL_VERSION)
    except Exception as err:  # vl-convert raises plain ValueError/RuntimeError
        logger.warning("explainer: %s: cannot render chart %s to SVG: %s", page, digest, err)
        return
    tmp = target.with_suffix(".svg.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("explainer.execution")
    app.setup_extension("explainer.pageweight")
    # After jupyter-book/myst-nb have set their config (default priority is 500).
    app.connect("config-inited", _on_config_inited, priority=900)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("html-collect-pages", _on_html_collect_pages)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

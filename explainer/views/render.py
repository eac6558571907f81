"""Offline rendering of Altair charts in the built book.

Altair's stock ``html`` renderer loads vega, vega-lite and vega-embed from a CDN, so a
chart would be blank on a reader's machine without network access and every page view
would tell a third party who is reading.  This module registers an Altair renderer,
``explainer-book``, whose HTML output needs nothing but files that the book ships:

* a ``<div class="vega-chart">``, the chart's box, named by the chart's description
  (``role="graphics-document"``, as vega-embed names it). At build time
  :mod:`explainer.site.sphinx_ext` puts the chart's SVG drawings into it, so the chart paints with
  the page, with or without JavaScript;
* a ``<script type="application/json" class="vega-spec">`` block holding the
  Vega-Lite spec as inert JSON (escaped so that data strings cannot close the block);
* the chart's data table, in a closed ``<details>``, as its text alternative.

No inline JavaScript is emitted.  ``_static/vega-init.js`` (``explainer/site/static/``) is
loaded with ``defer``; when the reader first touches a chart it loads
``_static/vega-bundle.js`` and draws that chart live from its spec with
``vegaEmbed(..., {renderer: "svg", actions: false})``.

Usage: ``explainer/views/charts/spec.py`` calls :func:`enable` once at import.  Importing this
module only registers the renderer; it activates nothing.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections import Counter
from typing import Any

import altair as alt

#: Name under which the renderer is registered with ``alt.renderers``.
RENDERER_NAME = "explainer-book"

#: Environment variable that forces a renderer: ``book`` the offline book renderer, ``lab``
#: the offline JupyterLab one, ``default`` Altair's own (which loads vega from a CDN).
ENV_RENDERER = "EXPLAINER_RENDERER"

#: Altair's renderer for JupyterLab: each chart a widget (anywidget) that draws with vega, which
#: ``offline=True`` puts in the widget itself instead of loading it from a CDN, so an editor
#: without network access still sees every chart, and the lab asks no other host for anything.
LAB_RENDERER = "jupyter"

#: jupyter_server sets this variable in the kernels it starts for notebooks.  The
#: kernels that jupyter-book/nbclient start for a build do not have it.
ENV_JUPYTER_SESSION = "JPY_SESSION_NAME"

#: Length of the hex digest used in ids and file names.
HASH_LENGTH = 16

# Counts how many times each spec has been rendered in this process, so that the
# same chart shown twice on one page still gets unique element ids.
_seen: Counter[str] = Counter()

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    # Valid in JSON but line terminators in older JavaScript; escaping costs nothing.
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def canonical_json(spec: dict[str, Any]) -> str:
    """The spec as compact JSON with sorted keys: the input of :func:`spec_hash`."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_hash(spec: dict[str, Any]) -> str:
    """A short, stable sha256 hex digest of a Vega-Lite spec (key order ignored)."""
    digest = hashlib.sha256(canonical_json(spec).encode("utf-8")).hexdigest()
    return digest[:HASH_LENGTH]


def script_safe_json(spec: dict[str, Any]) -> str:
    """The spec as JSON that is safe to place between ``<script>`` tags.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, so neither
    ``</script>`` nor ``<!--`` inside a data string can end or alter the block.  The
    result is still valid JSON and ``JSON.parse`` returns the original strings.
    """
    # allow_nan=False: NaN is not JSON; a chart with NaN in its data must fail the build, not the page.
    text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def chart_title(spec: dict[str, Any]) -> str:
    """The spec's ``title`` (text, lines, or an object with ``text``) as one line; "" if none."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return title.strip() if isinstance(title, str) else ""


def chart_description(spec: dict[str, Any]) -> str:
    """The chart's accessible name: the spec's description, else its title."""
    description = spec.get("description")
    if isinstance(description, str) and description.strip():
        return description.strip()
    return chart_title(spec) or "Chart"


#: ``usermeta`` key under which explainer.views.charts stores a chart's data table. The renderer
#: turns it into a collapsible HTML table (the chart's text alternative) and removes it
#: from the embedded spec, so the rows are not shipped twice.
TABLE_KEY = "explainer_table"


def split_table(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The spec without its data-table metadata, and that metadata (or None)."""
    meta = spec.get("usermeta")
    if not isinstance(meta, dict) or TABLE_KEY not in meta:
        return spec, None
    rest = {k: v for k, v in meta.items() if k != TABLE_KEY}
    clean = {k: v for k, v in spec.items() if k != "usermeta"}
    if rest:
        clean["usermeta"] = rest
    return clean, meta[TABLE_KEY]


def table_html(table: dict[str, Any]) -> str:
    """A chart's data table inside a closed ``<details>``; every cell escaped."""
    from explainer.views.tables import details, html_table

    columns = [tuple(c) for c in table["columns"]]
    # Record ids: the "id" column, and "records" (several ids in a cell) where a row sums up many.
    link = [k for k, _ in columns if k in ("id", "records")]
    body = html_table(table["rows"], columns, caption=table.get("caption", ""), link=link)
    return details(f"Data table: {table.get('caption', 'chart data')}", body)


def spec_to_html(spec: dict[str, Any]) -> str:
    """The HTML fragment for one chart (see the module docstring)."""
    spec, table = split_table(spec)
    digest = spec_hash(spec)
    _seen[digest] += 1
    element_id = digest if _seen[digest] == 1 else f"{digest}-{_seen[digest]}"
    name = html.escape(chart_description(spec), quote=True)
    return (
        f'<div class="vega-chart" id="vis-{element_id}" style="width:100%"'
        f' role="graphics-document" aria-roledescription="visualization" aria-label="{name}">'
        "</div>\n"
        f'<script type="application/json" class="vega-spec" id="spec-{element_id}" '
        f'data-vega-target="vis-{element_id}" data-hash="{digest}">'
        f"{script_safe_json(spec)}</script>" + (table_html(table) if table else "")
    )


def book_renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """Altair renderer: a MIME bundle with only ``text/html`` (all that myst-nb needs)."""
    return {"text/html": spec_to_html(spec)}


def register() -> None:
    """Register the ``explainer-book`` renderer with Altair (does not activate it)."""
    alt.renderers.register(RENDERER_NAME, book_renderer)


def choose_renderer(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Name of the renderer to use in the current process.

    * ``EXPLAINER_RENDERER=book``, ``=lab`` or ``=default`` forces the book's, the lab's
      (:data:`LAB_RENDERER`) or Altair's default;
    * otherwise a kernel started by a Jupyter server (``JPY_SESSION_NAME`` set, i.e.
      JupyterLab or Notebook) uses the lab's, so charts show in the editor, offline;
    * everything else, notably the kernels that jupyter-book starts, uses the book's.
    """
    env = os.environ if environ is None else environ
    forced = env.get(ENV_RENDERER, "").strip().lower()
    choices = {"book": RENDERER_NAME, "lab": LAB_RENDERER, "default": "default"}
    if forced in choices:
        return choices[forced]
    if forced:
        raise ValueError(
            f"{ENV_RENDERER} must be one of {', '.join(map(repr, choices))}, not {forced!r}"
        )
    if env.get(ENV_JUPYTER_SESSION):
        return LAB_RENDERER
    return RENDERER_NAME


def enable(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Register and activate the renderer chosen by :func:`choose_renderer`.

    Also lifts Altair's 5,000-row limit on inline data (our tables are tiny, and a
    silent error in a build is worse than a large page).  Returns the renderer name.
    """
    register()
    name = choose_renderer(environ)
    if name == LAB_RENDERER:
        alt.renderers.enable(name, offline=True)
    else:
        alt.renderers.enable(name)
    alt.data_transformers.disable_max_rows()
    return name


register()

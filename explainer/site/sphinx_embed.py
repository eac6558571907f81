"""Sphinx extension: a standalone embed page for every chart, and each chart's print image.

Loaded by ``_config.yml`` after :mod:`explainer.site.sphinx_ext` (whose ``html-page-context`` handler
has by then given each chart its compiled spec and SVG fallback). For every chart of a page it

* writes ``embed/<page>-<n>.html`` (n counts the page's charts from 1): the chart's title, the
  chart itself (drawn by the site's own ``vega-init.js`` and ``vega-bundle.js`` from the spec
  and compiled spec the page carries), its no-JS SVG, its data table, and a source line linking
  back to the explainer page. The page loads nothing from another host; ``embed.js`` sends its
  height to the parent page with ``postMessage`` (the README's "Embedding a chart" has the
  parent's side), so the iframe can be as tall as the chart at any width;
* adds, under the chart's data table, a closed ``<details class="chart-embed">`` with the
  ``<iframe>`` code to copy;
* adds ``img.chart-print`` after the chart: its build-time SVG, shown only in print
  (``_static/print.css``), so a printed page has every chart, drawn or not. It is fetched with
  the page (at low priority, 2-5 KB gzipped each), not lazily: Chromium prints without waiting
  for a lazy image that printing has just brought into view (measured: the PDF had none).
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from explainer.package.facts import load
from explainer.site import sphinx_ext
from explainer.views import cite, prose, render
from explainer.views.charts.spec import HINT_KEY

EMBED_DIR = "embed"
EMBED_JS = "embed.js"
EMBED_CSS = "embed.css"
#: Key of the message an embed sends to its parent: ``{KEY: {"<embed name>": <height px>}}``.
MESSAGE_KEY = "explainer-embed-height"

EMBED_JS_SOURCE = """\
/* Sends this embed's height to the page that frames it (explainer/site/sphinx_embed.py), as
   {"MESSAGE_KEY": {"<embed name>": <height in px>}}, whenever it changes: when the chart is
   drawn, when the reader opens the data table, when the frame's width changes. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var name = document.documentElement.getAttribute("data-embed");
  var last = -1;
  function send() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) {
      return;
    }
    last = height;
    var message = {};
    message["MESSAGE_KEY"] = {};
    message["MESSAGE_KEY"][name] = height;
    window.parent.postMessage(message, "*");
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.body);
  } else {
    window.addEventListener("resize", send);
    document.addEventListener("toggle", send, true);
  }
  window.addEventListener("load", send);
  send();
})();
""".replace("MESSAGE_KEY", MESSAGE_KEY)

EMBED_CSS_SOURCE = """\
/* The embed pages (explainer/site/sphinx_embed.py): the chart at the width of its frame. */
html { background: #fff; color: #1f2328; }
body { margin: 0; padding: 8px 4px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; }
h1 { font-size: 1.1rem; margin: 0 0 0.5rem; }
a { color: #0a58b5; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.embed-source { font-size: 0.85rem; color: #444b53; margin: 0.5rem 0; }
.embed-credit { font-size: 0.8rem; color: #444b53; margin: 0.5rem 0; }
"""

#: What the page that frames an embed runs to set the frame's height from the embed's messages
#: (README, "Embedding a chart"; tests/test_embed.py runs this very text).
PARENT_SNIPPET = """<script>
window.addEventListener("message", function (event) {
  var sizes = event.data && event.data["MESSAGE_KEY"];
  if (!sizes) { return; }
  document.querySelectorAll("iframe[data-explainer-embed]").forEach(function (frame) {
    var height = sizes[frame.getAttribute("data-explainer-embed")];
    if (frame.contentWindow === event.source && height) { frame.style.height = height + "px"; }
  });
});
</script>""".replace("MESSAGE_KEY", MESSAGE_KEY)

#: The embed code wraps instead of scrolling sideways, so all of it shows on a phone.
_PRE = 'tabindex="0" style="white-space:pre-wrap;overflow-wrap:anywhere"'
_SECTION_RE = re.compile(r'<section id="(?P<id>[^"]+)">')
_DATA_TABLE_RE = re.compile(r'<details class="chart-data">.*?</details>', re.DOTALL)


def chart_title(spec: dict[str, Any]) -> str:
    """A chart's title as one line of text: the spec's ``title`` (text or lines), else its
    description (:func:`explainer.views.render.chart_description`)."""
    return render.chart_title(spec) or render.chart_description(spec)


def embed_name(pagename: str, n: int) -> str:
    """File name (without .html) of a page's ``n``-th chart's embed: ``statements-2``."""
    return f"{Path(pagename).name}-{n}"


def iframe_code(src: str, title: str, name: str) -> str:
    """The ``<iframe>`` a newsroom pastes into its article."""
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}"'
        f' data-explainer-embed="{name}" style="width:100%;border:0" height="500"'
        ' scrolling="no" loading="lazy"></iframe>'
    )


#: Where the frame's address goes in the embed code while it is being written.
_SRC_SLOT = "\x00src\x00"


def snippet(baseurl: str, path: str, to_root: str) -> tuple[str, str]:
    """The frame's address as the embed code shows it (HTML), and a note for the reader, for an
    embed at ``path`` from the site's root, shown on a page ``to_root`` ("../") below the root.

    The code is pasted into another site, so the address must be full. With the site's base URL
    (``html_baseurl``) it is written in; without one the build cannot know it, so ``vega-init.js``
    writes the address the page was served from into ``span.embed-src`` when the page loads, and
    a reader without JavaScript is told to put the site's address before the path."""
    if baseurl:
        return html.escape(f"{baseurl.rstrip('/')}/{path}"), ""
    return (
        f'<span class="embed-src" data-src="{html.escape(to_root + path, quote=True)}">'
        f"{html.escape(path)}</span>",
        f"<noscript> (put this site’s address before “{html.escape(path)}”)</noscript>",
    )


def _chart_parts(body: str, block: dict[str, Any]) -> dict[str, Any]:
    """Where one chart's pieces are in the page body: container, compiled spec, spec, table."""
    container = re.search(
        r'<div class="vega-chart" id="' + re.escape(block["target"]) + r'".*?</div>',
        body,
        re.DOTALL,
    )
    spec_start = body.index(sphinx_ext.SPEC_OPENING.format(id=block["id"]))
    spec_end = body.index("</script>", spec_start) + len("</script>")
    compiled = re.search(
        r'<script type="application/json" class="'
        + sphinx_ext.COMPILED_CLASS
        + r'" id="vega-'
        + re.escape(block["id"])
        + r'">.*?</script>',
        body,
        re.DOTALL,
    )
    table = _DATA_TABLE_RE.match(body, spec_end)
    sections = [m["id"] for m in _SECTION_RE.finditer(body, 0, spec_start)]
    return {
        "container": container,
        "compiled": compiled[0] if compiled else "",
        "spec": body[spec_start:spec_end],
        "table": table[0] if table else "",
        "end": table.end() if table else spec_end,
        "section": sections[-1] if sections else "",
    }


_RELATIVE_URL = re.compile(
    r'(?P<attr>\s(?:xlink:)?(?:href|src))="(?!\.\./|[a-zA-Z][a-zA-Z0-9+.-]*:|#|/)'
)


def rebase(fragment: str, base: str) -> str:
    """``fragment``'s relative links and sources (``article.html#x``), written for a page in the
    folder ``base`` names, rewritten for the embed folder: ``../book/article.html#x``. The embed's
    ``<base>`` (for the chart's own record links, inside its spec) resolves them the same way."""
    return _RELATIVE_URL.sub(lambda m: f'{m["attr"]}="{base}', fragment)


def embed_page(
    *,
    name: str,
    title: str,
    lang: str,
    base: str,
    parts: dict[str, Any],
    source_href: str,
    source_title: str,
    svg_href: str,
    bundle_href: str,
    drawn_title: bool,
    credit: str = "",
    page_title: str = "",
) -> str:
    """The HTML of one embed page. ``base`` is the folder of the explainer page (relative to
    the embed): the ``<base>`` of the page, so the chart's record links resolve as there; every
    other link is written relative to the embed itself (:func:`rebase`), for tools that
    ignore ``<base>``. ``credit`` is the credit, rights and limits paragraph
    (:func:`credit_html`); ``page_title`` the ``<title>`` (default: ``title``)."""
    e = html.escape
    container = rebase(parts["container"][0], base) if parts["container"] else ""
    # A chart that draws its own title keeps the heading for screen readers only.
    heading_class = ' class="visually-hidden"' if drawn_title else ""
    return f"""<!DOCTYPE html>
<html lang="{e(lang, quote=True)}" data-embed="{e(name, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(page_title or title)}</title>
<base href="{e(base, quote=True)}" target="_top">
<link rel="stylesheet" href="../_static/{sphinx_ext.CHART_CSS}">
<link rel="stylesheet" href="../_static/{EMBED_CSS}">
<link rel="stylesheet" href="../_static/explainer.css">
<script defer src="../_static/{sphinx_ext.INIT_JS}" data-vega-bundle="{e(bundle_href, quote=True)}"></script>
<script defer src="../_static/{EMBED_JS}"></script>
</head>
<body>
<main>
<h1{heading_class}>{e(title)}</h1>
{container}
{parts["compiled"]}
{parts["spec"]}
<p class="embed-source">Source: <a href="{e(source_href, quote=True)}">{e(source_title)}</a>.
Chart as an image: <a href="{e(svg_href, quote=True)}">SVG</a>.</p>
{credit}
{rebase(parts["table"], base)}
</main>
</body>
</html>
"""


def credit_html(
    credit: cite.Credit, limits_href: str, findings: list[tuple[str, str]] | None = None
) -> str:
    """The paragraph every embed carries under its chart: the article's credit line with its
    reprint link, the rights line, the limits line with the chart's ``findings`` (what other
    reporting corroborates, reports differently, leaves unchecked:
    :func:`explainer.views.prose.chart_limits`), and a link to the page's limits box."""
    e = html.escape
    reprint = (
        f' (<a href="{e(credit.reprint_url, quote=True)}">reprint</a>)'
        if credit.reprint_url
        else ""
    )
    found = "".join(f' <span class="limits-{kind}">{text}</span>' for kind, text in findings or [])
    return (
        f'<p class="embed-credit">{e(credit.credit.removesuffix("."))}{reprint}. {e(credit.rights)} '
        f'{e(credit.limits)}{found} <a href="{e(limits_href, quote=True)}">The limits of this '
        "chart</a>.</p>"
    )


def credit_lines(
    credit: cite.Credit, limits_address: str, findings: list[tuple[str, str]] | None = None
) -> list[str]:
    """The same credit as lines of text, for a chart image that travels alone: the limits line
    carries the chart's findings as text, and the last line where the limits box is
    (:func:`limits_address`)."""
    reprint = f" Reprint: {credit.reprint_url}" if credit.reprint_url else ""
    found = "".join(" " + prose.as_text(text) for _, text in findings or [])
    return [
        credit.credit + reprint,
        credit.rights,
        credit.limits + found,
        f"Limits: {limits_address}",
    ]


def limits_address(
    baseurl: str, path: str, page_title: str, site_title: str, has_box: bool = True
) -> str:
    """Where a chart image's reader finds the limits box of its page (``path``: from the site's
    root, ``book/numbers.html#limits``): its full address when the site's base URL is known
    (``html_baseurl``, set when the site is published); else the box, page and site by name, with
    the path in that site, since an image that travels alone has no address to be relative to."""
    if baseurl:
        return f"{baseurl.rstrip('/')}/{path}"
    box = "the box “The limits of this page” on " if has_box else ""
    # The site's title may open and close with quotation marks of its own: it comes last, bare.
    return f"{box}the page “{page_title}” ({path}) of the site titled {site_title}."


#: Font size and line height (px) of the credit a chart image carries under the chart.
_CREDIT_FONT, _CREDIT_LINE = 10, 13
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_SVG_SIZE = re.compile(r'\b(?P<name>height)="(?P<value>[\d.]+)"')


def credited_svg(svg: str, lines: list[str]) -> str:
    """``svg`` with ``lines`` of credit wrapped to its width and drawn below it: the image grows
    by their height (its ``height`` and ``viewBox``), so nothing of the chart is covered."""
    root = _SVG_ROOT.search(svg)
    if root is None:
        return svg
    tag = root[0]
    width = float(re.search(r'\bwidth="([\d.]+)"', tag)[1])
    height = float(re.search(r'\bheight="([\d.]+)"', tag)[1])
    per_line = max(20, int(width / (_CREDIT_FONT * 0.55)))
    wrapped = [part for line in lines for part in textwrap.wrap(line, per_line)]
    extra = _CREDIT_LINE * len(wrapped) + 6
    total = height + extra
    new_tag = re.sub(r'\bheight="[\d.]+"', f'height="{total:g}"', tag, count=1)
    new_tag = re.sub(
        r'\bviewBox="([\d.-]+) ([\d.-]+) ([\d.]+) [\d.]+"',
        lambda m: f'viewBox="{m[1]} {m[2]} {m[3]} {total:g}"',
        new_tag,
    )
    texts = "".join(
        f'<text x="4" y="{height + _CREDIT_LINE * (i + 1):g}" font-size="{_CREDIT_FONT}" '
        f'font-family="sans-serif" fill="#444b53">{html.escape(line)}</text>'
        for i, line in enumerate(wrapped)
    )
    credit_block = (
        f'<g class="chart-credit"><rect y="{height:g}" width="{width:g}" height="{extra:g}" '
        f'fill="#ffffff"/>{texts}</g>'
    )
    body = svg[: root.start()] + new_tag + svg[root.end() :]
    at = body.rindex("</svg>")
    return body[:at] + credit_block + body[at:]


def still_image(svg: str, spec: dict[str, Any]) -> str:
    """``svg``, a chart's drawing, as an image that travels alone: without the subtitle lines
    that tell how to use the live chart ("Drag to pan": the spec's ``usermeta`` names them,
    :func:`explainer.views.charts.spec.finish`), and with a ``<title>`` and ``<desc>`` (the
    chart's title and description) for a reader who opens the file itself (read 6, m13)."""
    hint = (spec.get("usermeta") or {}).get(HINT_KEY) or []
    for line in hint:
        svg = re.sub(
            r"<tspan[^>]*>" + re.escape(html.escape(line, quote=False)) + "</tspan>",
            "",
            svg,
            count=1,
        )
    if hint:
        svg = svg.replace(" " + html.escape(" ".join(hint), quote=True), "", 1)
        svg = svg.replace(html.escape(" ".join(hint), quote=True), "", 1)
    root = _SVG_ROOT.search(svg)
    if root is None:
        return svg
    about = (
        f"<title>{html.escape(chart_title(spec), quote=False)}</title>"
        f"<desc>{html.escape(render.chart_description(spec), quote=False)}</desc>"
    )
    return svg[: root.end()] + about + svg[root.end() :]


def _facts(app: Sphinx):
    """The package's facts, read once per build."""
    found = getattr(app, "_explainer_facts", None)
    if found is None:
        found = app._explainer_facts = load()
    return found


def _credit(app: Sphinx) -> cite.Credit:
    """The package's credit, read once per build."""
    found = getattr(app, "_explainer_credit", None)
    if found is None:
        found = app._explainer_credit = cite.credit(_facts(app))
    return found


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static_dir = Path(app.outdir).parent / sphinx_ext.STATIC_DIRNAME
    static_dir.mkdir(parents=True, exist_ok=True)
    for filename, text in ((EMBED_JS, EMBED_JS_SOURCE), (EMBED_CSS, EMBED_CSS_SOURCE)):
        target = static_dir / filename
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body") or ""
    if 'class="vega-spec"' not in body:
        return
    outdir = Path(app.outdir)
    (outdir / EMBED_DIR).mkdir(parents=True, exist_ok=True)
    page_dir = Path(pagename).parent.as_posix()
    base = "../" + ("" if page_dir == "." else page_dir + "/")
    page_file = Path(pagename).name + ".html"
    source_title = f"{context.get('title', '')} ({context.get('docstitle', '')})"
    source_title = html.unescape(re.sub(r"<[^>]+>", "", source_title))
    baseurl = (app.config.html_baseurl or "").rstrip("/")
    digest = sphinx_ext._bundle_digest(app)
    credit = _credit(app)
    site_title = html.unescape(re.sub(r"<[^>]+>", "", str(context.get("docstitle", ""))))
    # The page's limits box, or the page itself when it has none.
    has_box = f'id="{cite.LIMITS_ID}"' in body
    limits = f"{page_file}#{cite.LIMITS_ID}" if has_box else page_file
    page_title = html.unescape(re.sub(r"<[^>]+>", "", str(context.get("title", ""))))
    address = limits_address(
        baseurl, f"{page_dir}/{limits}".removeprefix("./"), page_title, site_title, has_box
    )
    facts = _facts(app)
    inserts: list[tuple[int, str]] = []
    for n, block in enumerate(sphinx_ext.spec_blocks(body), start=1):
        parts = _chart_parts(body, block)
        name = embed_name(pagename, n)
        title = chart_title(block["spec"])
        # The chart's build-time drawing (explainer.site.sphinx_ext), as a file beside the embed:
        # the embed's no-JS picture and the picture the page prints.
        drawn = sphinx_ext._chart_drawings(app, pagename, block).wide
        svg = f"{CHARTS_DIR}/{block['hash']}.svg"
        # What other reporting says of the records this chart draws, as the page's limits box
        # says it (one source: explainer.views.prose.limits_findings).
        findings = prose.chart_limits(facts, block["spec"])
        if drawn is not None:
            (outdir / svg).parent.mkdir(parents=True, exist_ok=True)
            # The image travels alone: it carries the credit, rights and limits lines.
            drawn = still_image(drawn, block["spec"])
            drawn = credited_svg(drawn, credit_lines(credit, address, findings))
            (outdir / svg).write_text(drawn, encoding="utf-8")
        source_href = base + page_file + (f"#{parts['section']}" if parts["section"] else "")
        page = embed_page(
            name=name,
            title=title,
            lang=app.config.language or "en",
            base=base,
            parts=parts,
            source_href=source_href,
            source_title=source_title,
            svg_href="../" + svg,
            bundle_href=f"../_static/{sphinx_ext.BUNDLE_JS}?v={digest}",
            drawn_title=bool(block["spec"].get("title")),
            credit=rebase(credit_html(credit, base + limits, findings), base),
            page_title=f"{title} — {site_title}" if site_title else title,
        )
        (outdir / EMBED_DIR / f"{name}.html").write_text(page, encoding="utf-8")
        code, note = snippet(baseurl, f"{EMBED_DIR}/{name}.html", "../" * pagename.count("/"))
        code = html.escape(iframe_code(_SRC_SLOT, title, name)).replace(
            html.escape(_SRC_SLOT), code
        )
        inserts.append(
            (
                parts["end"],
                '<details class="chart-embed"><summary>Embed this chart</summary>'
                f"<p>Paste this into your page:{note}</p>"
                f"<pre {_PRE}><code>{code}</code></pre>"
                "<p>and, once per page, after the frames, this script, which makes each frame "
                "as tall as its chart:</p>"
                f"<pre {_PRE}><code>{html.escape(PARENT_SNIPPET)}</code></pre></details>",
            )
        )
        if parts["container"]:
            img = (
                '<img class="chart-print" decoding="async" alt="" '
                f'src="{html.escape("../" * pagename.count("/") + svg, quote=True)}">'
            )
            inserts.append((parts["container"].end(), img))
    for at, text in sorted(inserts, reverse=True):
        body = body[:at] + text + body[at:]
    context["body"] = body


#: Where each chart's drawing is written as a file (relative to the site's root), named by the
#: chart's hash: the embeds' no-JS picture and the picture a page prints.
CHARTS_DIR = "_static/charts"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    # After explainer.site.sphinx_ext (priority 500) has added the compiled specs.
    app.connect("html-page-context", _on_html_page_context, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: what a shared link shows (Open Graph and Twitter cards).

Loaded by ``_config.yml`` next to ``sphinxext.opengraph``, which writes the ``og:`` tags.
This module feeds it:

1. at ``config-inited``: the share image. It renders the overview chart
   (:func:`explainer.views.charts.at_a_glance`, the chart on the home page) to a PNG with
   vl-convert, at build time, into ``_build/.explainer_share/static/`` and adds that
   folder to ``html_static_path``, so the site ships it as ``_static/`` +
   :data:`IMAGE_NAME`. It points ``ogp_image`` at it, with the chart's own description as
   ``og:image:alt``, adds the image size and a ``twitter:card`` tag (Twitter and Mastodon
   read the ``og:`` tags for the rest), names the site by the book's title, and makes
   ``ogp_site_url`` default to ``html_baseurl`` so that the image and page URLs are
   absolute under the published site's base URL;

2. at ``html-page-context``, before sphinxext-opengraph: the page's description. Each page
   sets it in its front matter (``myst: html_meta: description: ...``), which MyST writes
   as ``<meta name="description">``. The same text becomes ``og:description`` (otherwise
   sphinxext-opengraph would use the page's first 200 characters), and a content page
   without a description is a build warning, so ``-W`` fails the build.

The PNG is only re-rendered when the inputs of the notebooks (explainer/, data/,
requirements.txt) changed, which is also when the chart can have changed.
"""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)

#: Folder (next to the html output) for the share image: its ``static`` subfolder is added
#: to ``html_static_path``; the alt text and the inputs stamp stay beside it, unpublished.
SHARE_DIRNAME = ".explainer_share"
#: File name of the share image inside the site's ``_static``.
IMAGE_NAME = "share-overview.png"
#: Size of the chart inside the image (CSS px) and the pixel ratio: about 1460 x 620 px,
#: close to the 1.91:1 that link previews crop to, and sharp on high-density screens.
IMAGE_CHART_WIDTH = 560
IMAGE_CHART_HEIGHT = 110
IMAGE_PADDING = 32
IMAGE_SCALE = 2
#: Where the share image's spec keeps its draft notice (Vega-Lite's ``usermeta``), for the alt text.
DRAFT_KEY = "explainer_draft_notice"


def overview_spec() -> dict[str, Any]:
    """The Vega-Lite spec of the overview chart, sized for a share image."""
    from explainer import load
    from explainer.views import charts, render
    from explainer.views.derive import drafts

    facts = load()
    spec, _table = render.split_table(charts.at_a_glance(facts).to_dict())
    spec = {
        **spec,
        "width": IMAGE_CHART_WIDTH,
        "height": IMAGE_CHART_HEIGHT,
        "padding": IMAGE_PADDING,
    }
    drafted, reviewed = drafts.review_counts(facts)
    if drafted:  # a shared draft says it is one, in the picture and in its alt text
        title = spec.get("title") or ""
        title = title if isinstance(title, dict) else {"text": title}
        notice = drafts.draft_notice(drafted, drafted + reviewed, "records")
        spec["usermeta"] = {**spec.get("usermeta", {}), DRAFT_KEY: notice}
        spec["title"] = {
            **title,
            "subtitle": [notice, *_lines(title.get("subtitle"))],
            "subtitleColor": "#8a3b00",
            "subtitleFontWeight": "bold",
        }
    return spec


def _lines(text: Any) -> list[str]:
    """A Vega-Lite title's text or subtitle as a list of lines."""
    if not text:
        return []
    return [str(t) for t in text] if isinstance(text, list) else [str(text)]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def render_image(share_dir: Path, stamp_value: str) -> tuple[Path, str]:
    """Write the share PNG into ``share_dir/static`` unless up to date; its path and alt text.

    ``stamp_value`` names the inputs the chart depends on; the PNG is rendered again only
    when it differs from the one recorded by the last render.
    """
    import vl_convert as vlc

    from explainer.site.sphinx_ext import VL_VERSION
    from explainer.views import render

    target = share_dir / "static" / IMAGE_NAME
    stamp = share_dir / "inputs-sha256"
    alt_file = share_dir / "alt.txt"
    if (
        target.is_file()
        and alt_file.is_file()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8") == stamp_value
    ):
        return target, alt_file.read_text(encoding="utf-8")
    spec = overview_spec()
    png = vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=IMAGE_SCALE)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".png.tmp")
    tmp.write_bytes(png)
    tmp.replace(target)
    alt_text = render.chart_description(spec)
    notice = spec.get("usermeta", {}).get(DRAFT_KEY)
    if notice and notice not in alt_text:
        alt_text = f"{alt_text} {notice}"
    alt_file.write_text(alt_text, encoding="utf-8")
    stamp.write_text(stamp_value, encoding="utf-8")
    logger.info("explainer: wrote the share image %s", target)
    return target, alt_text


def _on_config_inited(app: Sphinx, config: Config) -> None:
    from explainer.site import inputs

    share_dir = Path(app.outdir).parent / SHARE_DIRNAME
    target, alt_text = render_image(share_dir, inputs.digest(inputs.EXECUTION))
    if str(target.parent) not in config.html_static_path:
        config.html_static_path.append(str(target.parent))

    if not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if config.ogp_site_name is None:
        # Jupyter Book puts the book's title in html_title and leaves `project` unset.
        config.ogp_site_name = config.html_title
    config.ogp_image = f"_static/{IMAGE_NAME}"
    config.ogp_image_alt = alt_text
    width, height = png_size(target.read_bytes())
    config.ogp_custom_meta_tags = [
        *config.ogp_custom_meta_tags,
        f'<meta property="og:image:width" content="{width}" />',
        f'<meta property="og:image:height" content="{height}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
    ]


class _MetaDescription(HTMLParser):
    """Finds the content of ``<meta name="description">`` in a run of meta tags."""

    def __init__(self) -> None:
        super().__init__()
        self.description: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description" and self.description is None:
            self.description = (values.get("content") or "").strip()


def meta_description(metatags: str) -> str | None:
    """The page description in Sphinx's rendered ``metatags``, or None."""
    parser = _MetaDescription()
    parser.feed(metatags or "")
    parser.close()
    return parser.description or None


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None:  # generated pages: search, genindex
        return
    description = meta_description(context.get("metatags", ""))
    if description is None:
        logger.warning(
            "explainer: %s has no description; add `myst: html_meta: description: ...` to"
            " its front matter (link previews and search results show it)",
            pagename,
            location=pagename,
            type=WARNING_TYPE,
            subtype="share",
        )
        return
    # sphinxext-opengraph takes og:* fields from the page metadata over its own guesses.
    # A copy: context["meta"] is the build environment's own record of the page.
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}


#: What sphinxext-opengraph prints (with print(), at import) when matplotlib is missing. It is
#: about its generated social cards, which this site turns off (``ogp_social_cards`` in
#: _config.yml): the share image is the overview chart, rendered above with vl-convert.
SOCIAL_CARDS_NOTICE = "matplotlib is not installed, social cards will not be generated"


def import_opengraph() -> None:
    """Import sphinxext.opengraph without its notice about social cards; any other output passes."""
    import contextlib
    import io
    import sys

    if "sphinxext.opengraph" in sys.modules:
        return
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        import sphinxext.opengraph  # noqa: F401
    rest = [line for line in printed.getvalue().splitlines() if line != SOCIAL_CARDS_NOTICE]
    if rest:
        print("\n".join(rest))


def setup(app: Sphinx) -> dict[str, Any]:
    import_opengraph()
    app.setup_extension("sphinxext.opengraph")
    # After jupyter-book has set its config, like explainer.site.sphinx_ext.
    app.connect("config-inited", _on_config_inited, priority=900)
    # Before sphinxext-opengraph (priority 500) reads the page's fields.
    app.connect("html-page-context", _on_html_page_context, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

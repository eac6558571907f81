"""Sphinx extension: every page ships only what it uses, and nothing blocks its first paint.

Loaded by :mod:`explainer.site.sphinx_ext`.  Each change below moved ``make bench``'s numbers
(BENCHMARKS.md has the before and after):

1. Icons.  The theme puts ``fontawesome.js`` on every page: all of Font Awesome (1.5 MB,
   530 KB gzipped), whose engine swaps ``<i class="fa-...">`` for SVG, to draw the fifteen
   icons of its header and sidebars; and its CSS draws more icons (admonitions, external
   links) with Font Awesome's web fonts, which the browser fetched too (up to 300 KB).  Here
   the script tag is dropped (``templates/layout.html``) and ``icons.css`` points the theme's
   two icon fonts at subsets of themselves (a few KB) holding just the glyphs in
   :data:`ICONS` and the ones the theme's CSS uses, cut from the theme's own font files at
   build time.  The theme's CSS then draws every icon as before, from a copy of it without
   the 1,900 rules for the other icons (16 KB less to fetch before first paint).  A page
   that uses an icon missing from :data:`ICONS` fails the build with a warning naming it.
2. Scripts.  Every script file that Sphinx and the extensions add is loaded with ``defer``, so
   none blocks parsing and first paint; only ``documentation_options.js`` stays as it is,
   because the inline scripts after it read ``DOCUMENTATION_OPTIONS`` at once (and the search
   page keeps them all, since its search scripts run at once and need ``doctools.js``).  Deferred
   scripts still run in document order, before ``DOMContentLoaded``.
3. Search.  The theme loads ``searchtools.js``, ``language_data.js`` and ``searchindex.js``
   on every page for search-as-you-type; with that option off, the search page alone uses
   them, so only the search page loads them.
4. Styles.  ``basic.css``, which the theme's CSS imports, is preloaded (one round trip
   less before first paint), and ``pygments.css`` and the annotated article's ``article.css``
   and ``article.js`` are left off the pages that do not use them (:data:`USED_WITH`).
5. Description.  Each page gets a ``<meta name="description">`` from its first paragraph,
   for search engines and link previews (Lighthouse's SEO audit asks for one).
6. Landmarks.  The theme's logo and title link, first in the primary sidebar, is put in a
   ``<nav aria-label="Home">`` (``templates/explainer-logo.html``), so that no content sits
   outside a landmark (axe's best practice "region").
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from explainer.site.sphinx_ext import STATIC_DIRNAME, WARNING_TYPE

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ICONS_CSS = "icons.css"
THEME_CSS = "pydata-sphinx-theme.css"  # the theme's stylesheet, in _static/styles
SLIM_THEME_CSS = "pydata-sphinx-theme.slim.css"  # the same without unused icon rules

#: Font Awesome icons the theme's templates put on pages with this project's configuration,
#: by style: "solid" (classes fa-solid / fas) and "brands" (fa-brands / fab).
ICONS = {
    "solid": (
        "angle-left",
        "angle-right",
        "arrow-up",
        "bars",
        "circle-half-stroke",
        "code",  # the launch menu's JupyterHub button
        "download",
        "file",
        "file-pdf",
        "lightbulb",  # "open issue"
        "list",
        "magnifying-glass",
        "moon",
        "outdent",
        "rocket",  # the launch menu
        "sun",
    ),
    "brands": ("github",),
}
#: Each style's @font-face in the theme's CSS: family, weight, and font file (without suffix).
FONTS = {
    "solid": ("Font Awesome 6 Free", 900, "fa-solid-900"),
    "brands": ("Font Awesome 6 Brands", 400, "fa-brands-400"),
}
STYLE_CLASSES = {
    "solid": ("fa-solid", "fas"),
    "regular": ("fa-regular", "far"),
    "brands": ("fa-brands", "fab"),
}
# A glyph in the theme's CSS: a private-use character, or its escape (\f05a).
_GLYPH = re.compile(r"[\ue000-\uf8ff]|\\f[0-9a-f]{3}\b")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FA_OWN_RULE = re.compile(r"\.fa[-a-z0-9]*(?::before|::before)?$")
_ICON_CLASS = re.compile(r'<(?:i|span)\b[^>]*\bclass="(?P<classes>[^"]*\bfa-[^"]*)"')


def theme_dir() -> Path:
    spec = importlib.util.find_spec("pydata_sphinx_theme")
    if spec is None or spec.origin is None:
        raise RuntimeError("pydata_sphinx_theme is not installed")
    return Path(spec.origin).parent / "theme" / "pydata_sphinx_theme" / "static"


def theme_css_glyphs(css: str) -> set[int]:
    """Code points the theme's CSS draws itself (admonition icons, external-link marks...):
    every glyph in a rule that is not one of Font Awesome's own ``.fa-NAME`` rules."""
    found = set()
    for match in _RULE.finditer(css):
        selectors = [s.strip() for s in match.group(1).split(",")]
        if all(_FA_OWN_RULE.match(s) for s in selectors):
            continue
        for glyph in _GLYPH.findall(match.group(2)):
            found.add(ord(glyph) if len(glyph) == 1 else int(glyph[1:], 16))
    return found


def glyph_names(ttf: Path) -> dict[str, int]:
    """Icon name to code point, from a Font Awesome font (its glyphs are named after icons)."""
    from fontTools.ttLib import TTFont

    names: dict[str, int] = {}
    for codepoint, name in sorted(TTFont(ttf).getBestCmap().items()):
        names.setdefault(name, codepoint)
    return names


def subset_font(ttf: Path, names: tuple[str, ...], extra: set[int]) -> bytes:
    """A WOFF font with only the glyphs ``names`` and the code points ``extra`` it has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(ttf, recalcTimestamp=False)  # same input, same bytes: no rebuild churn
    cmap = font.getBestCmap()
    by_name = glyph_names(ttf)
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise RuntimeError(f"{ttf.name} has no icon named {', '.join(unknown)}")
    wanted = {cp for cp, name in cmap.items() if name in names} | (extra & set(cmap))
    options = subset.Options()
    options.flavor = "woff"  # zlib: no brotli needed, and every browser reads it
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the copyright and licence records
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def write_icon_fonts(static_dir: Path) -> str:
    """Write the subset fonts into ``static_dir``; return the CSS that points the theme's
    font families at them."""
    theme = theme_dir()
    css = "".join((theme / "styles" / name).read_text(encoding="utf-8") for name in (THEME_CSS,))
    slim = slim_theme_css(css)
    (static_dir / "styles").mkdir(exist_ok=True)
    # Beside the theme's copy, not over it: Sphinx copies the theme's static files and then
    # ours, and overwriting one of its files is logged ("will overwrite data"). The pages link
    # this one instead (the explainer_slim_theme_css filter in templates/layout.html).
    (static_dir / "styles" / THEME_CSS).unlink(missing_ok=True)  # left by older builds
    target = static_dir / "styles" / SLIM_THEME_CSS
    if not target.is_file() or target.read_text(encoding="utf-8") != slim:
        target.write_text(slim, encoding="utf-8")
    css += _book_theme_css()
    extra = theme_css_glyphs(css)
    rules = [
        "/* The theme's icon fonts, cut down to the glyphs this site uses (explainer/site/pageweight.py).",
        "   Font Awesome Free: icons CC BY 4.0, fonts SIL OFL 1.1, https://fontawesome.com/license/free */",
    ]
    for style, (family, weight, stem) in FONTS.items():
        name = f"{stem}.subset.woff"
        data = _subset_cached(
            theme / "vendor" / "fontawesome" / "webfonts" / f"{stem}.ttf",
            ICONS.get(style, ()),
            extra,
            static_dir / name,
        )
        digest = hashlib.sha256(data).hexdigest()[:12]
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight};'
            f' font-display: block; src: url("{name}?v={digest}") format("woff"); }}'
        )
    return "\n".join(rules) + "\n"


def _subset_cached(font: Path, names: tuple[str, ...], extra: set[int], target: Path) -> bytes:
    """:func:`subset_font`, written to ``target``; skipped (0.2 s a build) when ``target`` was
    made from the same font, names and glyphs, as a key file beside it records."""
    key_file = target.with_name(f".{target.name}.key")  # a dot file: Sphinx does not publish it
    key = hashlib.sha256(
        hashlib.sha256(font.read_bytes()).digest()
        + json.dumps([sorted(names), sorted(extra)]).encode()
    ).hexdigest()
    if target.is_file() and key_file.is_file() and key_file.read_text(encoding="utf-8") == key:
        return target.read_bytes()
    data = subset_font(font, names, extra)
    target.write_bytes(data)
    key_file.write_text(key, encoding="utf-8")
    return data


_FA_NAME_RULE = re.compile(r"\.fa-([a-z0-9-]+):{1,2}before$")


def slim_theme_css(css: str) -> str:
    """The theme's CSS without Font Awesome's ``.fa-NAME:before`` rules (about 1,900 of them,
    a quarter of the file gzipped) for icons that are not in :data:`ICONS`: the icon fonts have
    no glyphs for them anyway."""
    keep = {name for names in ICONS.values() for name in names}

    def trim(match: re.Match[str]) -> str:
        selectors = [sel.strip() for sel in match.group(1).split(",")]
        names = [_FA_NAME_RULE.match(sel) for sel in selectors]
        if not all(names):
            return match.group(0)
        kept = [sel for sel, name in zip(selectors, names, strict=True) if name[1] in keep]
        return f"{','.join(kept)}{{{match.group(2)}}}" if kept else ""

    return _RULE.sub(trim, css)


def _book_theme_css() -> str:
    spec = importlib.util.find_spec("sphinx_book_theme")
    if spec is None or spec.origin is None:
        return ""
    path = (
        Path(spec.origin).parent
        / "theme"
        / "sphinx_book_theme"
        / "static"
        / "styles"
        / "sphinx-book-theme.css"
    )
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def missing_icons(page_html: str, known: dict[str, set[str]]) -> set[str]:
    """Icons used on a page (``<i class="fa-solid fa-NAME">``) that the subsets lack, as
    "style name"; ``known`` maps each style to the icon names its full font has."""
    missing = set()
    for match in _ICON_CLASS.finditer(page_html):
        classes = match["classes"].split()
        styles = [st for st, names in STYLE_CLASSES.items() if set(names) & set(classes)] or [
            "solid"
        ]
        for cls in classes:
            name = cls[3:] if cls.startswith("fa-") else None
            for style in styles:
                if name and name in known.get(style, set()) and name not in ICONS.get(style, ()):
                    missing.add(f"{style} {name}")
    return missing


def _theme_changed(verb: str, name: str) -> None:
    """The theme no longer loads (or links) ``name``, which this module expects to rewrite."""
    logger.warning(
        "explainer: the theme no longer %s %s; update explainer/site/pageweight.py",
        verb,
        name,
        type=WARNING_TYPE,
        subtype="theme",
    )


def drop_scripts(html: str, *names: str) -> str:
    """Jinja filter: ``html`` without the ``<script src>`` and ``<link rel=preload>`` tags
    whose URL ends in one of ``names`` (before any query string)."""
    for name in names:
        pattern = re.compile(
            r'[ \t]*<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref)="[^"]*'
            + re.escape(name)
            + r'(?:\?[^"]*)?"[^>]*>(?:\s*</script>)?\n?'
        )
        html, count = pattern.subn("", html)
        if not count:
            _theme_changed("loads", name)
    return html


def slim_theme_css_link(html: str, static_dir: Path) -> str:
    """Jinja filter: the theme's stylesheet link pointed at :data:`SLIM_THEME_CSS`, with a
    digest of that file (so a changed file is fetched again under a year of caching)."""
    digest = hashlib.sha256((static_dir / "styles" / SLIM_THEME_CSS).read_bytes()).hexdigest()
    pattern = re.compile(r"(_static/styles/)" + re.escape(THEME_CSS) + r'(\?digest=[^"]*)?"')
    html, count = pattern.subn(rf'\g<1>{SLIM_THEME_CSS}?digest={digest[:20]}"', html)
    if not count:
        _theme_changed("links", THEME_CSS)
    return html


def _on_config_inited(app: Sphinx, config: Any) -> None:
    if str(TEMPLATES_DIR) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES_DIR))


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.builder.templates.environment.filters["explainer_drop_scripts"] = drop_scripts
    static_dir = Path(app.outdir).parent / STATIC_DIRNAME
    app.builder.templates.environment.filters["explainer_slim_theme_css"] = lambda html: (
        slim_theme_css_link(html, static_dir)
    )
    static_dir.mkdir(parents=True, exist_ok=True)
    css = write_icon_fonts(static_dir)
    target = static_dir / ICONS_CSS
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    app.add_css_file(ICONS_CSS)


KEEP_BLOCKING = ("documentation_options.js",)
#: The theme's sidebar template for its logo, and ours that puts it in a landmark.
THEME_LOGO, LOGO_IN_LANDMARK = "navbar-logo.html", "explainer-logo.html"


def _unblock_styles(context: dict[str, Any]) -> None:
    """Fewer round trips before first paint: the theme's theme.css pulls in basic.css with an
    @import, which the browser finds only once theme.css has arrived, so basic.css is
    preloaded from the head; and the files in :data:`USED_WITH` are left off the pages that do
    not use them."""
    pathto = context.get("pathto")
    if pathto is not None:
        href = escape(pathto("_static/basic.css", 1), quote=True)
        context["metatags"] = f'<link rel="preload" href="{href}" as="style" />\n' + (
            context.get("metatags") or ""
        )
    body = context.get("body") or ""
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if not isinstance(files, list):
            continue
        for asset in list(files):
            name = str(getattr(asset, "filename", "")).split("?")[0].rsplit("/", 1)[-1]
            if name in USED_WITH and USED_WITH[name] not in body:
                files.remove(asset)


#: Files that Sphinx or Jupyter Book add to every page but that serve only pages whose body
#: holds a marker: highlighted code (pygments.css), and the annotated article (the project's
#: _static/article.css and article.js). Elsewhere each would be one more request, and a
#: stylesheet one more before first paint (with a dozen, the browser queues some).
USED_WITH = {
    "pygments.css": 'class="highlight',
    "article.css": 'class="annotated-article',
    "article.js": 'class="annotated-article',
}


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    _add_description(context, doctree)
    _unblock_styles(context)
    sidebars = context.get("sidebars")
    if isinstance(sidebars, list):
        context["sidebars"] = [LOGO_IN_LANDMARK if s == THEME_LOGO else s for s in sidebars]
    scripts = context.get("script_files")
    # The search page runs searchtools.js at once, and it needs doctools.js before it.
    if not isinstance(scripts, list) or pagename == "search":
        return
    for js in list(scripts):
        filename = getattr(js, "filename", None)
        attributes = dict(getattr(js, "attributes", {}))
        if not filename or "async" in attributes or "defer" in attributes:
            continue
        if str(filename).split("?")[0].endswith(KEEP_BLOCKING):
            continue
        scripts.remove(js)
        # The builder stores "_static/x.js"; add_js_file takes the name below _static.
        name = str(filename).removeprefix("_static/")
        app.add_js_file(name, priority=js.priority, loading_method="defer", **attributes)


DESCRIPTION_LENGTH = 155


def page_description(doctree: nodes.Node) -> str:
    """The first paragraph of a page, as plain text of at most :data:`DESCRIPTION_LENGTH`
    characters (cut at a word, with an ellipsis); record citations are left out."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, nodes.admonition) for a in _ancestors(paragraph)):
            continue
        words = []
        for text in paragraph.findall(nodes.Text):
            if not any("rec-cite" in a.get("classes", []) for a in _ancestors(text)):
                words.append(text.astext())
        description = re.sub(r"\s+", " ", "".join(words)).strip()
        description = re.sub(r"\s+([.,;:])", r"\1", description)
        if not description:
            continue
        if len(description) > DESCRIPTION_LENGTH:
            cut = description[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:")
            description = cut + "…"
        return description
    return ""


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _add_description(context: dict[str, Any], doctree: nodes.Node | None) -> None:
    metatags = context.get("metatags") or ""
    if doctree is None or 'name="description"' in metatags:
        return
    description = page_description(doctree)
    if description:
        tag = f'<meta name="description" content="{escape(description, quote=True)}" />'
        context["metatags"] = (metatags + "\n" + tag).lstrip("\n")


_known_icons: dict[str, set[str]] | None = None


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    global _known_icons
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    if _known_icons is None:
        fonts = theme_dir() / "vendor" / "fontawesome" / "webfonts"
        _known_icons = {
            "solid": set(glyph_names(fonts / "fa-solid-900.ttf")),
            "regular": set(glyph_names(fonts / "fa-regular-400.ttf")),
            "brands": set(glyph_names(fonts / "fa-brands-400.ttf")),
        }
    outdir = Path(app.outdir)
    for page in sorted(outdir.rglob("*.html")):
        if page.relative_to(outdir).parts[0] == "_static":  # theme templates, not pages
            continue
        text = page.read_text(encoding="utf-8")
        if "fontawesome.js" in text:
            logger.warning(
                "explainer: %s still loads fontawesome.js",
                page.relative_to(outdir),
                type=WARNING_TYPE,
                subtype="theme",
            )
        for icon in sorted(missing_icons(text, _known_icons)):
            style, name = icon.split()
            logger.warning(
                "explainer: %s uses the %s icon fa-%s, which the icon font subsets lack;"
                " add it to ICONS in explainer/site/pageweight.py",
                page.relative_to(outdir),
                style,
                name,
                type=WARNING_TYPE,
                subtype="icons",
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_html_page_context, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

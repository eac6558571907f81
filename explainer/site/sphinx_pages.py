"""Sphinx extension: which source each page of the book is built from, for any data package.

The table of contents (``_toc.yml``) fixes the pages: ``book/index``, ``book/timeline``, and so
on. What a page says about its article is the article's own, not the code's, so each page's
source is looked up for the package being built (:data:`explainer.package.DATA_DIR`):

1. the package's own narrative, ``<pages folder>/<name>.md``. The pages folder is the
   descriptor's ``explainer.pages`` (a path relative to the package), by default ``pages/``
   inside the package. This project's ``data/`` names ``../book``: its hand-written pages;
2. otherwise the generic page ``explainer/site/pages/<name>.md``, whose sentences are computed from
   the data (:mod:`explainer.views.narrate`), so a package without narrative still gets a whole site.

Sphinx reads the chosen text in place of ``book/<name>.md`` (the ``source-read`` event), and
:mod:`explainer.site.execution` executes the same text. The site's title comes from the package too
(``explainer.site_title`` in the descriptor, else the article's title), so switching packages
switches every page and the title with it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from explainer import package
from explainer.package import settings as settings_of_package
from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)

#: The generic pages, shipped with this package.
GENERIC_DIR = Path(__file__).resolve().parent / "pages"
#: The folder of the book's pages in the project, as named in ``_toc.yml``.
BOOK_DIR = "book"
#: Where a package keeps its own pages when its descriptor names no folder.
DEFAULT_PAGES = "pages"


def package_settings(data_dir: Path | None = None) -> dict[str, Any]:
    """The descriptor's ``explainer`` object: site settings that belong to the package."""
    descriptor, _ = package.read_descriptor(Path(data_dir or package.DATA_DIR))
    return settings_of_package.of(descriptor)


def pages_dir(data_dir: Path | None = None) -> Path:
    """The folder holding the package's own pages (it need not exist)."""
    data_dir = Path(data_dir or package.DATA_DIR)
    return (data_dir / str(package_settings(data_dir).get("pages") or DEFAULT_PAGES)).resolve()


def page_name(docname: str) -> str | None:
    """``book/timeline`` -> ``timeline``; None for a document outside the book's folder."""
    folder, _, name = docname.rpartition("/")
    return name if folder == BOOK_DIR and name else None


def page_source(docname: str, data_dir: Path | None = None) -> Path | None:
    """The file a page is built from for the package (None: not a page of the book)."""
    name = page_name(docname)
    if name is None:
        return None
    own = pages_dir(data_dir) / f"{name}.md"
    if own.is_file():
        return own
    generic = GENERIC_DIR / f"{name}.md"
    return generic if generic.is_file() else None


def page_text(docname: str, path: Path) -> str:
    """The source text of a page as the build reads it (``path`` is Sphinx's own file)."""
    source = page_source(docname)
    return (source or path).read_text(encoding="utf-8")


def site_title(data_dir: Path | None = None) -> str | None:
    """The site's title for the package: its own setting, else "<article title>: explainer"."""
    title = package_settings(data_dir).get("site_title")
    if title:
        return str(title)
    try:
        from explainer.package.facts import load

        facts = load(data_dir or package.DATA_DIR)
    except Exception:  # noqa: BLE001 - an invalid package is reported by validate, not here
        return None
    from explainer.views import cite

    return cite.explainer_title(facts)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    named = package_settings().get("pages")
    if named and not pages_dir().is_dir():
        # A package that names its pages but whose folder is gone (a copy moved elsewhere)
        # would otherwise quietly get the generic pages instead of its own narrative.
        logger.warning(
            "explainer: %s names the pages folder %r, which does not exist (%s);"
            " fix the path, or remove it to use the generic pages",
            package.display_path(package.DATA_DIR, package.DESCRIPTOR),
            named,
            pages_dir(),
            type=WARNING_TYPE,
            subtype="pages",
        )
    title = site_title()
    if title:
        config.project = title
        config.html_title = title
    footer = package_settings().get("footer")
    if footer:  # the theme's footer line: "By <author>"
        config.author = str(footer)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    path = page_source(docname)
    if path is None:
        return
    own = Path(app.env.doc2path(docname)).resolve()
    if path != own:
        source[0] = path.read_text(encoding="utf-8")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx copies each page's file from disk into ``_sources/`` (the "download source"
    button): where another source was read, copy that one instead."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    for docname in sorted(app.env.found_docs):
        path = page_source(docname)
        if path is None or path == Path(app.env.doc2path(docname)).resolve():
            continue
        for copied in sources.glob(f"{docname}.md*"):
            copied.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


#: Set by ``python -m explainer site`` for each article it builds (explainer.site.articles): the
#: site index's address from the site's root, one folder above the explainer's own root.
ENV_SITE_INDEX = "EXPLAINER_SITE_INDEX"


def back_link(pagename: str, index: str) -> str:
    """The link from a page of one explainer back to the index of the site of many."""
    href = "../" * (pagename.count("/") + 1) + index
    return (
        f'<nav class="site-back" aria-label="All explainers"><a href="{href}">'
        "← All explainers on this site</a></nav>"
    )


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    index = os.environ.get(ENV_SITE_INDEX)
    if index and context.get("body"):
        context["body"] = back_link(pagename, index) + context["body"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited, priority=400)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("source-read", _on_source_read)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

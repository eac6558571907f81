"""Sphinx extension: the site's root ``index.html``, a real page that sends the reader on.

The book's first page is ``book/index.html``, so the site's root needs a page of its own.
sphinx-external-toc writes one line there, a ``<meta http-equiv="Refresh">`` with no doctype,
no title and no language: the Nu HTML Checker rejects it, a link to the site's root shows no
preview, and a search engine finds no canonical address. This extension writes the root page
first (sphinx-external-toc then leaves it alone): a valid HTML document with the root page's
title, description, canonical address and share card (its ``og:`` and ``twitter:`` tags,
copied from the built first page, which :mod:`explainer.site.sphinx_share` gave them), the same
redirect, and a link for a reader whose browser does not follow it.

Loaded by :mod:`explainer.site.sphinx_ext`.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)

#: The root page's file name in the built site.
ROOT_PAGE = "index.html"
#: What the root page takes from the head of the page it sends the reader to.
_TITLE = re.compile(r"<title>(?P<title>.*?)</title>", re.DOTALL)
_CARRIED = re.compile(
    r"<meta\b(?=[^>]*\b(?:name|property)=\"(?:description|og:[^\"]*|twitter:[^\"]*)\")[^>]*>"
    r"|<link\b(?=[^>]*\brel=\"canonical\")[^>]*>"
)
_LANG = re.compile(r"<html\b[^>]*\blang=\"(?P<lang>[^\"]+)\"")


def root_page(first_page: str, first_page_html: str) -> str:
    """The root page for a site whose first page is ``first_page`` (a path relative to the
    root, e.g. ``book/index.html``), whose built HTML is ``first_page_html``."""
    head = first_page_html.split("</head>", 1)[0]
    title = _TITLE.search(head)
    lang = _LANG.search(first_page_html)
    carried = [re.sub(r"\s*/?>$", ">", tag) for tag in _CARRIED.findall(head)]
    url = escape(first_page, quote=True)
    title_text = title["title"].strip() if title else first_page
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang["lang"] if lang else "en"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title_text}</title>",
            *carried,
            f'<meta http-equiv="refresh" content="0; url={url}">',
            "</head>",
            "<body>",
            f'<p><a href="{url}">{title_text}</a></p>',
            "</body>",
            "</html>",
            "",
        ]
    )


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.name != "html":
        return
    root_doc = app.config.root_doc
    if root_doc == "index":
        return  # the first page is the root page itself
    first_page = app.builder.get_target_uri(root_doc)
    source = Path(app.outdir) / first_page
    if not source.is_file():
        logger.warning(
            "explainer: the first page %s was not built; the root %s is not written",
            first_page,
            ROOT_PAGE,
            type=WARNING_TYPE,
            subtype="root_page",
        )
        return
    text = root_page(first_page, source.read_text(encoding="utf-8"))
    target = Path(app.outdir) / ROOT_PAGE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # Before sphinx-external-toc's own build-finished handler (priority 500), which writes its
    # one-line redirect only when there is no index.html yet.
    app.connect("build-finished", _on_build_finished, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: write the downloads into the built site (see :mod:`explainer.export`).

At ``build-finished`` (after every page is written) it loads the data, reads the built pages for
their tables, and writes ``_build/html/downloads/``: the data package as a zip, each data table and
every table on the site as CSV, the article text, and the W3C Web Annotation export. Every build
does this, so the downloads always match the data and the pages; a problem (a table without a CSV
link, two tables with one CSV name, data that does not validate) is a warning, which fails the
build under ``-W``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    from .export import ExportError, write_downloads
    from .facts import DataError, load

    try:
        written = write_downloads(load(), Path(app.outdir))
    except (ExportError, DataError) as err:
        logger.warning("explainer: downloads not written: %s", err)
        return
    if written:
        logger.info("explainer: downloads written: %s", ", ".join(written))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

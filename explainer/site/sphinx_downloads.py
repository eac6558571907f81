"""Sphinx extension: write the downloads into the built site (see :mod:`explainer.views.export`).

At ``build-finished`` (after every page is written) it loads the data, reads the built pages for
their tables, and writes ``_build/html/downloads/``: the data package as a zip, each data table and
every table on the site as CSV, the article text, and the W3C Web Annotation export. Every build
checks this, so the downloads always match the data and the pages; a problem (a table without a
CSV link, two tables with one CSV name, data that does not validate) is a warning, which fails the
build under ``-W``.

Making them takes about 1.5 s (the data is validated again and every page parsed), so a build
whose inputs (the data package, this package's code, CITATION.cff and the built pages) hash the
same as at the last successful write, with every file still as written, skips it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    stamp = Path(app.doctreedir) / STAMP_FILE
    digest = inputs_digest(outdir)
    if _up_to_date(stamp, digest, outdir):
        return
    from explainer.package.facts import DataError, load
    from explainer.views.export import (  # imported only when needed: 0.3 s
        ExportError,
        write_downloads,
    )

    try:
        written = write_downloads(load(), outdir)
    except (ExportError, DataError) as err:
        logger.warning(
            "explainer: downloads not written: %s", err, type=WARNING_TYPE, subtype="downloads"
        )
        stamp.unlink(missing_ok=True)
        return
    if written:
        logger.info(
            "explainer: downloads written: %d file%s", len(written), "s" * (len(written) != 1)
        )
    stamp.write_text(
        json.dumps({"inputs": digest, "files": _written_files(outdir)}, indent=1), encoding="utf-8"
    )


#: In the Sphinx doctree folder: what the downloads were last made from, and what they were.
STAMP_FILE = "explainer-downloads.json"


def inputs_digest(outdir: Path) -> str:
    """sha256 over everything the downloads are made from: the inputs and the built pages."""
    from explainer.site import inputs

    return inputs.digest(inputs.DOWNLOADS, extra=sorted(outdir.rglob("*.html")))


def _written_files(outdir: Path) -> dict[str, str]:
    from explainer.package import DOWNLOADS_DIR

    folder = outdir / DOWNLOADS_DIR
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _up_to_date(stamp: Path, digest: str, outdir: Path) -> bool:
    try:
        last = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return last.get("inputs") == digest and last.get("files") == _written_files(outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

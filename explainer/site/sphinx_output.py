"""Sphinx extension: the built site holds this build alone.

Sphinx writes into ``_build/html`` and never removes what an earlier build left there. After the
flagship, a package with fewer charts kept the flagship's extra ``embed/`` pages and chart
drawings, and its downloads then served the flagship's files (issue 22). So:

* when the package being built is not the one the folder was last built from (or no build of
  ours recorded one), the folder is emptied as the build starts: Sphinx then writes every page,
  and every other output is made again, for this package;
* when the build finishes, every embed page and chart drawing that no built page links to (a chart
  the data no longer has) is removed. The downloads folder prunes itself
  (:func:`explainer.views.export.write_downloads`).

:func:`foreign_files` lists what a folder holds beyond what its pages reach; the tests use it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from explainer import package
from explainer.site.sphinx_embed import CHARTS_DIR, EMBED_DIR

logger = logging.getLogger(__name__)

#: In the doctree folder: which package the html folder was last built from.
RECORD_FILE = "explainer-output.json"
#: Outputs written per chart; each must be linked from a built page (or, for a drawing, an embed).
PER_CHART = (EMBED_DIR, CHARTS_DIR)
_FOLDERS = "|".join(map(re.escape, PER_CHART))
_LINK = re.compile(rf"(?:{_FOLDERS})/[\w.-]+\.(?:html|svg)")


def package_key(data_dir: Path | None = None) -> str:
    """What the html folder is built from: the package's folder and its descriptor's name."""
    data_dir = Path(data_dir or package.DATA_DIR).resolve()
    descriptor, _ = package.read_descriptor(data_dir)
    return json.dumps([str(data_dir), (descriptor or {}).get("name")])


#: A static file named by its own content's hash (myst-nb's ``mystnb.<sha256>.css``) is the same
#: for every package. It is kept when the folder is emptied: myst-nb writes it only after the
#: pages, and Sphinx gives a stylesheet its ``?v=`` checksum only if the file is already there,
#: so a build into an emptied folder linked it without one and its pages differed from a rebuild's.
CONTENT_NAMED = re.compile(r"\.[0-9a-f]{32,}\.(?:css|js)$")


def empty(folder: Path, keep: re.Pattern | None = None) -> int:
    """Remove everything inside ``folder`` (in ``_static``, all but files named by their content's
    hash); the number of entries removed."""
    removed = 0
    for entry in folder.iterdir() if folder.is_dir() else []:
        if keep is not None and keep.search(entry.name) and entry.is_file():
            continue
        if entry.name == "_static" and keep is None and entry.is_dir():
            removed += empty(entry, CONTENT_NAMED)
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        removed += 1
    return removed


def linked_outputs(outdir: Path) -> set[str]:
    """The per-chart outputs (embed pages, chart drawings) that the built pages link to, and the
    drawings that those embed pages link to, as paths relative to ``outdir``."""
    found: set[str] = set()
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir).as_posix()
        if rel.startswith(f"{EMBED_DIR}/") or rel.startswith("_static/"):
            continue
        found.update(_LINK.findall(page.read_text(encoding="utf-8", errors="replace")))
    for embed in sorted(found):
        if embed.endswith(".html") and (outdir / embed).is_file():
            text = (outdir / embed).read_text(encoding="utf-8", errors="replace")
            found.update(_LINK.findall(text))
    return found


def foreign_files(outdir: Path) -> list[str]:
    """Embed pages and chart drawings in ``outdir`` that no page of this build links to."""
    linked = linked_outputs(outdir)
    return sorted(
        path.relative_to(outdir).as_posix()
        for folder in PER_CHART
        for path in (outdir / folder).rglob("*")
        if path.is_file() and path.relative_to(outdir).as_posix() not in linked
    )


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    record = Path(app.doctreedir) / RECORD_FILE
    key = package_key()
    try:
        last = json.loads(record.read_text(encoding="utf-8")).get("package")
    except (OSError, ValueError, AttributeError):
        last = None
    if last != key:
        removed = empty(outdir)
        if removed:
            logger.info(
                "explainer: %s held another build's site; emptied it (%d entries)",
                outdir,
                removed,
            )
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"package": key}), encoding="utf-8")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for rel in foreign_files(outdir):
        (outdir / rel).unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    # Before any other extension writes into the output folder.
    app.connect("builder-inited", _on_builder_inited, priority=100)
    # After the embeds and downloads (priority 500) are written.
    app.connect("build-finished", _on_build_finished, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: a build log that says only what matters, with progress on the long steps.

Sphinx, Jupyter Book and their extensions report every step of every page (some sixty lines on
a clean build) and bury the few that matter. When ``python -m explainer build`` runs the build
(``make book`` does), it sets :data:`ENV_LOG` to ``brief`` and this extension lets through only

- every warning and error, as before (``-W`` still fails the build on each);
- this project's own lines (``explainer: ...``): what is executed, one line per page as it
  finishes with how many remain, the share image and downloads written;
- one line as Sphinx starts reading and one as it starts writing pages, with their count;
- Sphinx's verdict (``build succeeded.`` or ``build finished with problems, N warnings``);
- and, last, where the site is and how to look at it, instead of Jupyter Book's closing box.

``-v`` (or ``EXPLAINER_BUILD_LOG=full``) restores Sphinx's own log. ``docs/build-log.md`` has a
transcript of a fresh clone's ``make book``, which ``tests/test_build_log.py`` compares with
what a build prints.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)

#: ``brief`` (set by ``python -m explainer build``) or ``full`` (Sphinx's own log).
ENV_LOG = "EXPLAINER_BUILD_LOG"
#: Loggers whose status lines pass: this package's own.
OWN_LOGGERS = ("sphinx.explainer",)


class BriefFilter(logging.Filter):
    """For Sphinx's status handler: this project's lines and Sphinx's verdict, nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or record.name.startswith(OWN_LOGGERS):
            return True
        return record.name == "sphinx.sphinx.application" and "build %s" in str(record.msg)


def brief(app: Sphinx) -> bool:
    return os.environ.get(ENV_LOG) == "brief" and app.verbosity == 0


def _install_filter(app: Sphinx) -> None:
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if any(isinstance(f, sphinx_logging.InfoFilter) for f in handler.filters):
            if not any(isinstance(f, BriefFilter) for f in handler.filters):
                handler.addFilter(BriefFilter())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _on_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    if brief(app) and docnames:
        logger.info("explainer: reading %s", _plural(len(docnames), "page"))


def _on_write(app: Sphinx, builder: Any) -> None:
    if brief(app):
        logger.info("explainer: writing the HTML")


def where_to_look(outdir: Path) -> str:
    """The closing line: where the site is and how to preview it."""
    try:
        shown = os.path.relpath(outdir)
    except ValueError:
        shown = str(outdir)
    if shown.startswith(".."):
        shown = str(outdir)
    return (
        f"explainer: the site is in {shown}: `make serve` previews it on http://127.0.0.1:8000"
        f" (or open {shown}/index.html)"
    )


def _on_finished(app: Sphinx, exception: Exception | None) -> None:
    if not brief(app) or exception is not None or app.builder.format != "html":
        return
    seconds = time.perf_counter() - app._explainer_started  # type: ignore[attr-defined]
    pages = len(app.env.all_docs)
    logger.info("explainer: %s built in %.0f s", _plural(pages, "page"), seconds)


def brief_build() -> None:
    """Set up a brief log for a ``jupyter-book build`` in this process: the filter goes on as
    Sphinx sets up its logging (before its first lines, which come before any extension loads),
    colour codes only go to a terminal, and Jupyter Book's closing box (twelve lines on where
    the HTML is) becomes :func:`where_to_look`'s one line; a failed build still gets Jupyter
    Book's own report."""
    import sys

    from jupyter_book.cli import main as jb
    from sphinx.util import console

    if not sys.stdout.isatty():
        console.nocolor()
    setup_logging = sphinx_logging.setup
    if not getattr(setup_logging, "_explainer", False):

        def setup_then_filter(app: Sphinx, status: Any, warning: Any) -> None:
            setup_logging(app, status, warning)
            if brief(app):
                _install_filter(app)

        setup_then_filter._explainer = True  # type: ignore[attr-defined]
        sphinx_logging.setup = setup_then_filter

    original = jb.builder_specific_actions
    if getattr(original, "_explainer", False):
        return

    def actions(result: Any, builder: str, output_path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(result, Exception) or result or builder != "html":
            return original(result, builder, output_path, *args, **kwargs)
        print(where_to_look(Path(output_path)), flush=True)
        return None

    actions._explainer = True  # type: ignore[attr-defined]
    jb.builder_specific_actions = actions


def setup(app: Sphinx) -> dict[str, Any]:
    app._explainer_started = time.perf_counter()  # type: ignore[attr-defined]
    if brief(app):
        _install_filter(app)
    app.connect("env-before-read-docs", _on_read)
    app.connect("write-started", _on_write)
    app.connect("build-finished", _on_finished, priority=950)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

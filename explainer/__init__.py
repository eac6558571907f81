"""The explainer package: load and validate the fact data, and draw the site's charts.

Pages import from here, and the modules from their layer (``explainer.package``, ``.draft``,
``.views``, ``.site``; docs/contributing.md)::

    from explainer import load
    from explainer.views import charts

    facts = load()

Heavy modules (pandas, Frictionless, Altair) load on first use, so that the Sphinx extension and the
command line start fast.
"""

from __future__ import annotations

from explainer.startup import defer_rfc3987_syntax

defer_rfc3987_syntax()  # before anything imports jsonschema: see explainer/startup.py

from explainer.package import DATA_DIR, ROOT, Problem  # noqa: E402
from explainer.package import deps as _deps  # noqa: E402

# In a kernel started by the book build, record what the page reads (see explainer/package/deps.py).
_deps.install()

__all__ = ["DATA_DIR", "ROOT", "Problem", "DataError", "Facts", "load", "validate"]


def __getattr__(name: str):
    if name in ("load", "Facts", "DataError"):
        from explainer.package import facts as _facts

        return getattr(_facts, name)
    if name == "validate":
        from explainer.package.validate import validate

        return validate
    raise AttributeError(name)

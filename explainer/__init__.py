"""The explainer package: load and validate the fact data, and draw the site's charts.

Pages import from here::

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

#: The modules pages and notebooks import by their short names, and where they live: the data
#: contract (explainer.package), the views (explainer.views) and the site (explainer.site).
_MODULES = {
    "validate": "explainer.package.validate",
    "facts": "explainer.package.facts",
    "scan": "explainer.package.scan",
    "edit": "explainer.package.edit",
    "dictionary": "explainer.package.dictionary",
    "deps": "explainer.package.deps",
    "locate": "explainer.package.locate",
    "derive": "explainer.views.derive",
    "charts": "explainer.views.charts",
    "tables": "explainer.views.tables",
    "prose": "explainer.views.prose",
    "narrate": "explainer.views.narrate",
    "annotate": "explainer.views.annotate",
    "cite": "explainer.views.cite",
    "theme": "explainer.views.theme",
    "export": "explainer.views.export",
    "render": "explainer.views.render",
}

__all__ = ["DATA_DIR", "ROOT", "Problem", "DataError", "Facts", "load", "validate"]


def __getattr__(name: str):
    if name in ("load", "Facts", "DataError"):
        from explainer.package import facts as _facts

        return getattr(_facts, name)
    if name == "validate":
        from explainer.package.validate import validate

        return validate
    if name in _MODULES:  # `from explainer import charts` in the pages
        import importlib

        return importlib.import_module(_MODULES[name])
    raise AttributeError(name)

"""Start-up time of the processes that import this package, mainly the build's page kernels.

Every page runs in a fresh kernel, so import costs are paid once per page.  The largest one is
not ours: ``jsonschema`` (imported by Altair) imports ``rfc3987_syntax`` when it is installed
(``jupyter-events`` pulls it in for JupyterLab), and that module compiles about forty Lark
grammars at import, about 0.85 s of CPU, only to offer the "iri" and "iri-reference" format
checks, which no schema we validate uses (Vega-Lite's use "uri" and "uri-reference").

:func:`defer_rfc3987_syntax` puts a stand-in module in its place whose ``is_valid_syntax``
imports the real implementation on its first call, so the checks behave exactly as before and
only a process that actually checks an IRI pays for the grammars.  It must run before
``jsonschema`` is imported; ``explainer/__init__.py`` calls it first thing, and it does nothing
when ``jsonschema`` is already loaded (as in the Sphinx process) or the module is missing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

DEFERRED = "rfc3987_syntax"


def defer_rfc3987_syntax() -> bool:
    """Replace ``rfc3987_syntax`` by a lazy stand-in; True if it was installed."""
    if DEFERRED in sys.modules or "jsonschema" in sys.modules:
        return False
    spec = importlib.util.find_spec(DEFERRED)
    if spec is None or not spec.submodule_search_locations:
        return False
    stand_in = types.ModuleType(DEFERRED, "Lazy stand-in installed by explainer.startup")
    stand_in.__path__ = list(spec.submodule_search_locations)  # submodules import as usual

    def is_valid_syntax(term: str, value: str) -> Any:
        real = importlib.import_module(f"{DEFERRED}.syntax_helpers")
        return real.is_valid_syntax(term, value)

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[DEFERRED] = stand_in
    return True

"""The validator's checks, one module per family, in the manner of frictionless-py's checks.

Each family module has a docstring saying what it checks; each check is a function of the
:class:`~explainer.package.checks.base.Result` read so far, declared with the type of problem it
reports (``@check("anchor-mismatch")``, a code of :mod:`~explainer.package.checks.errors`).
:data:`CHECKS` is the registry: every cross-check, in the order they run, which is the order of
the problems they report on one line. :mod:`explainer.package.validate` reads the files
(:mod:`~explainer.package.checks.files`) and then runs them.

A new check goes in the module of its family (or a new module, added here), with its problem
type in the catalogue and a test in ``tests/checks/``.
"""

from __future__ import annotations

from explainer.package.checks import (
    anchors,
    basis,
    coverage,
    dates,
    keys,
    numbers,
    provenance,
    settings,
    statements,
)

#: Every cross-check, in the order they run.
CHECKS = (
    keys.check_unique_keys,
    keys.check_foreign_keys,
    keys.check_global_ids,
    anchors.check_anchors,
    anchors.check_shared_spans,
    anchors.check_direct_quotes,
    anchors.check_mention_voices,
    statements.check_statement_voices,
    statements.check_relay_chains,
    numbers.check_figures,
    numbers.check_arithmetic,
    dates.check_dates,
    dates.check_context,
    coverage.check_coverage,
    provenance.check_statement_sides,
    provenance.check_provenance,
    basis.check_relay_basis,
    basis.check_source_dates,
    basis.check_source_titles,
    basis.check_context_basis,
    basis.check_weekdays,
    basis.check_event_basis,
    basis.check_term_words,
    settings.check_settings,
)

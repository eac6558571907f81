"""What an editor does to a drafted package, each action one validated transaction.

A record is named by its table and its id (a relay hop's id is ``statement_id#position``, as in
``provenance.csv``). A record is drafted while ``provenance.csv`` lists it with ``review`` =
``draft``; accepting it sets ``reviewed`` there, for it and for every drafted record it relies
on. Every action takes the :class:`~explainer.package.store.Package` the editor saw and returns
what :func:`~explainer.package.store.commit` wrote, or raises its errors (nothing written).
References between tables are the descriptor's foreign keys, plus the two the schema cannot
state (a check's figures, a context fact's record and sources).

By concern: :mod:`.working` (the working copy and its references), :mod:`.review` (accept,
reject), :mod:`.spans` (anchors, replace, split), :mod:`.speakers` (speakers, actors, voices),
:mod:`.records` (new records, fields, settings).
"""

from explainer.package.vocab import HEDGE_BOUND

from .records import (
    EDITABLE,
    add_event,
    add_figure,
    add_statement,
    date_year,
    edit_fields,
    set_settings,
    set_title,
    year_of,
)
from .review import (
    FACT_TABLES,
    Carried,
    accept,
    accept_all,
    carried,
    reject,
    reject_preview,
    rejected_with,
)
from .spans import SIDES, replace, set_span, split
from .speakers import change_speaker, merge_actors, merge_events, new_actor, slug
from .working import EXTRA_REFS, PROVENANCE, Edit

__all__ = [
    "EDITABLE",
    "EXTRA_REFS",
    "FACT_TABLES",
    "HEDGE_BOUND",
    "PROVENANCE",
    "SIDES",
    "Carried",
    "Edit",
    "accept",
    "accept_all",
    "add_event",
    "add_figure",
    "add_statement",
    "carried",
    "change_speaker",
    "date_year",
    "edit_fields",
    "merge_actors",
    "merge_events",
    "new_actor",
    "reject",
    "reject_preview",
    "rejected_with",
    "replace",
    "set_settings",
    "set_span",
    "set_title",
    "slug",
    "split",
    "year_of",
]

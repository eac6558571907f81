"""Which records are drafted and not yet reviewed, and the notice a page shows for them."""

from __future__ import annotations

from collections.abc import Iterable

from explainer.package.facts import Facts
from explainer.views.derive.phrasing import count_words


def drafted_ids(facts: Facts) -> set[tuple[str, str]]:
    """(table, record id) of every record the drafter made and no editor has reviewed yet."""
    prov = facts.tables.get("provenance")
    if prov is None or prov.empty:
        return set()
    rows = prov[prov.review.astype(str) == "draft"]
    return set(zip(rows.table.astype(str), rows.record_id.astype(str), strict=True))


def review_counts(facts: Facts, table_names: Iterable[str] | None = None) -> tuple[int, int]:
    """(drafted, reviewed) records of the package, or of ``table_names``; a record that
    provenance.csv does not mark as a draft was made or checked by an editor.

    A record is a row of any table but provenance.csv, a row with a key of several fields (a
    relay hop, ``st_001#1``) too: the count ``make validate`` prints
    (:func:`explainer.package.checks.provenance.review_counts`), so the editor reads one number."""
    drafted = drafted_ids(facts)
    names = [t for t in (table_names or facts.tables) if t != "provenance"]
    n_drafted = n_reviewed = 0
    for name in names:
        key = facts.schema(name).get("primaryKey", [])
        if not key or name not in facts.tables:
            continue
        table = facts.tables[name]
        ids = table[key[0]].astype(str)
        for more in key[1:]:
            ids = ids + "#" + table[more].astype(str)
        here = sum((name, i) in drafted for i in ids)
        n_drafted += here
        n_reviewed += len(ids) - here
    return n_drafted, n_reviewed


def is_draft(facts: Facts) -> bool:
    """True while any record of the package is a draft no editor has reviewed."""
    return bool(drafted_ids(facts))


def how_many(drafted: int, total: int) -> str:
    """ "the one", "all 14", "12 of the 14": how many of ``total`` records are drafts."""
    if total == 1:
        return "the one"
    if drafted == total:
        return f"all {count_words(total)}"
    return f"{count_words(drafted)} of the {count_words(total)}"


def draft_notice(drafted: int, total: int, what: str = "records on this page") -> str:
    """ "Draft: 12 of the 20 records on this page were drafted by machine ..." (plain text)."""
    verb = "was" if drafted == 1 else "were"
    them = "it" if drafted == 1 else "them"
    of = how_many(drafted, total)
    return f"Draft: {of} {what} {verb} drafted by machine, and no editor has reviewed {them} yet."

"""Sources: the article and the context reporting, which facts other reporting agrees with or reports
differently, and how a source's date is known.
"""

from __future__ import annotations

import pandas as pd

from explainer.package.facts import Facts
from explainer.package.vocab import agreement
from explainer.views.derive.relaying import INFERRED_MARK

CONTEXT_STANCES = ("agrees", "differs")


#: The stance a record shows when several context facts speak to it: a disagreement first.
CORROBORATION_RANK = ("differs", "agrees", "resolves")


#: The tables whose records state facts that other reporting could check, with their id columns.
FACT_KEYS = {
    "statements": "statement_id",
    "events": "event_id",
    "figures": "figure_id",
    "relations": "relation_id",
}


def corroboration(facts: Facts, tables: tuple[str, ...] = tuple(FACT_KEYS)) -> dict[str, str]:
    """record id → 'differs', 'agrees', 'consistent', 'resolves', 'inferred' or 'absent' for
    every record of ``tables``
    (by default every anchored fact record). Reads only those tables and the context.

    A record that any context source reports differently is 'differs', even if another agrees:
    the reader should see the disagreement first. 'resolves' means other reporting supplies what
    the article leaves open (a date) without confirming the record itself; 'inferred', that only
    our inference from other reporting supplies it or agrees with it (context facts whose
    ``confidence`` is 'inferred', such as a headline read from a report's web address);
    'consistent', that reports agree with a hedged figure, which they can fit but not confirm
    (:func:`explainer.package.vocab.agreement`).
    """
    cx = facts.context
    stances = cx.groupby("about_id")["stance"].apply(lambda s: set(s.astype(str)))
    # A date or an agreement that only our inference from other reporting supplies, and no report
    # states, is "inferred": the site's reasoning must not be credited to the reporting it reasons
    # from.
    read = cx[cx.confidence.astype(str) == "read"]
    by_a_report = {
        stance: set(read.loc[read.stance.astype(str) == stance, "about_id"])
        for stance in ("resolves", "agrees")
    }
    fg = facts.figures
    bounds = dict(zip(fg.figure_id, fg.bound.astype(str), strict=True))
    out = {}
    for table in tables:
        key = FACT_KEYS[table]
        for rid in facts.tables[table][key]:
            found = stances.get(rid, set())
            status = next((s for s in CORROBORATION_RANK if s in found), "absent")
            if status in by_a_report and rid not in by_a_report[status]:
                status = "inferred"
            elif status == "agrees" and rid in bounds:
                status = agreement(bounds[rid])
            out[rid] = status
    return out


def fact_labels(facts: Facts) -> list[str]:
    """Each context fact's own corroboration label, in the order of ``facts.context``, in the
    words of the legend (:data:`explainer.views.cite.CORROBORATION_LABELS`): a fact that only our
    inference supplies is 'inferred', and one that agrees with a hedged figure is 'consistent',
    as the record it is about says; the bare stance 'agrees' would claim more than either."""
    bounds = dict(zip(facts.figures.figure_id, facts.figures.bound.astype(str), strict=True))
    labels = []
    for r in facts.context.itertuples():
        stance = str(r.stance)
        if stance in ("agrees", "resolves") and str(r.confidence) != "read":
            stance = "inferred"
        elif stance == "agrees" and r.about_id in bounds:
            stance = agreement(bounds[r.about_id])
        labels.append(stance)
    return labels


def agreement_unread(facts: Facts) -> set[str]:
    """Ids of the records whose only agreement from other reporting is our inference (a context
    fact with stance 'agrees' and confidence 'inferred', and none read)."""
    cx = facts.context
    agrees = cx.stance.astype(str) == "agrees"
    read = cx.confidence.astype(str) == "read"
    return set(cx.about_id[agrees & ~read]) - set(cx.about_id[agrees & read])


#: How a source's date is known (sources.date_basis), in words ("" where the source gives it).
SOURCE_DATE_WORDS = {
    "read": "",
    "reported": "date from other reporting",
    "inferred": INFERRED_MARK,
    "unknown": "",
}


def source_date(row) -> tuple[str, str]:
    """A source's publication date in words and how it is known: ("no earlier than 19 March
    2025", "our inference"), ("18 March 2025", ""), ("undated", "")."""
    start, end, precision = row.date_start, row.date_end, str(row.date_precision)
    if pd.isna(start):
        return "undated", ""
    text = f"{start.day} {start:%B %Y}"
    if precision == "lower_bound":
        text = f"no earlier than {text}"
    elif precision == "range" and not pd.isna(end):
        text = f"between {text} and {end.day} {end:%B %Y}"
    return text, SOURCE_DATE_WORDS.get(str(row.date_basis), "")


def article_source(facts: Facts):
    """The article's own row of the sources table (its one source of kind "article")."""
    return next(facts.sources[facts.sources.kind.astype(str) == "article"].itertuples())


def source_publishers(facts: Facts, source_ids: str) -> str:
    """Space-separated source ids as their publishers' names: "Newser; News.az"."""
    pub = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    return "; ".join(dict.fromkeys(pub[s] for s in str(source_ids).split()))

"""Figures: their bounds and hedges, what context reporting says of them, the arithmetic between
them, and the sentence that sums up the bounds.
"""

from __future__ import annotations

import pandas as pd

from explainer.package.facts import Facts
from explainer.views.derive.links import href
from explainer.views.derive.people import span_chains
from explainer.views.derive.phrasing import listing
from explainer.views.derive.relaying import INFERRED_MARK
from explainer.views.derive.roster import voice_labels
from explainer.views.derive.sourcing import source_publishers
from explainer.views.derive.timing import day_range


def figure_bounds(facts: Facts) -> pd.DataFrame:
    """Count figures with the interval their hedge allows (upper: up to; lower: at least)."""
    fg = facts.figures[facts.figures.kind == "count"]
    labels = voice_labels(facts)
    chains = span_chains(facts, zip(fg.start, fg.end, fg.voice_id, strict=True))
    rows = []
    for r, chain in zip(fg.itertuples(), chains, strict=True):
        value = float(r.value)
        bound = str(r.bound)
        rows.append(
            {
                "id": r.figure_id,
                "as_printed": r.exact,
                "unit": r.unit,
                "value": value,
                "hedge": "" if pd.isna(r.hedge) else str(r.hedge),
                "bound": bound,
                "reading": reading(bound, "" if pd.isna(r.hedge) else str(r.hedge)),
                "voice": str(r.voice_id),
                "voice_label": labels[str(r.voice_id)],
                "chain": chain,
                "note": r.note,
                "href": href(r.figure_id),
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        # The chart has one row per printing: two counts printed alike ("two" halves, "two"
        # against) would be drawn on one row, one hiding the other; their units tell them apart.
        twice = out.as_printed.duplicated(keep=False)
        out.loc[twice, "as_printed"] = out.as_printed[twice] + " (" + out.unit[twice] + ")"
        # Alike in unit too: numbered in the article's order (an id is no words for a reader).
        again = out.as_printed.duplicated(keep=False)
        nth = out[again].groupby("as_printed").cumcount() + 1
        out.loc[again, "as_printed"] = out.as_printed[again] + " (no. " + nth.astype(str) + ")"
    return out


#: What a figure's bound means, in words (the hedge itself is quoted beside it).
BOUND_WORDS = {
    "exact": "exact",
    "upper": "an upper bound: the count is at or just under the number",
    "lower": "a lower bound: the count is above the number",
    "approximate": "approximate: the count is near the number, above or below it",
}


def reading(bound: str, hedge: str) -> str:
    """ "exact", or the hedge as printed with the bound it sets: "“nearly”: an upper bound: ..."."""
    words = BOUND_WORDS[bound]
    return f"“{hedge}”: {words}" if hedge else words


def context_reports(facts: Facts, figure_id: str) -> pd.DataFrame:
    """What other reporting says about one figure, with the values it gives."""
    cx = facts.context[facts.context.about_id == figure_id]
    return pd.DataFrame(
        {
            "id": cx.context_id,
            "source": [
                f"{INFERRED_MARK[:1].upper()}{INFERRED_MARK[1:]} from {source_publishers(facts, ids)}"
                if str(conf) == "inferred"
                else source_publishers(facts, ids)
                for ids, conf in zip(cx.source_ids, cx.confidence, strict=True)
            ],
            "stance": cx.stance.astype(str),
            "confidence": cx.confidence.astype(str),
            "claim": context_claims(facts).loc[cx.index],
            "low": cx.value_min.astype(float),
            "high": cx.value_max.astype(float),
        }
    ).reset_index(drop=True)


def context_claims(facts: Facts) -> pd.Series:
    """Each context fact's claim as the site shows it: a finding or deduction of ours says so
    ("Our inference: ...")."""
    cx = facts.context
    ours = cx.confidence.astype(str) == "inferred"
    return cx.claim.where(~ours, f"{INFERRED_MARK[:1].upper()}{INFERRED_MARK[1:]}: " + cx.claim)


def arithmetic(facts: Facts) -> pd.DataFrame:
    """Each declared check recomputed: the relation, its operands and whether it holds."""
    fg = facts.figures.set_index("figure_id")
    ev = facts.events.set_index("event_id")
    rows = []
    for ck in facts.checks.itertuples():
        ops = ck.operand_ids.split()
        if ck.kind == "sum":
            lhs = sum(float(fg.value[o]) for o in ops)
            rhs = float(fg.value[ck.result_id])
            relation = " + ".join(fg.exact[o] for o in ops) + f" = {fg.exact[ck.result_id]}"
        else:
            lhs = sum(float(fg.value[o]) * (7 if fg.unit[o] == "weeks" else 1) for o in ops)
            rhs = float((ev.date_end[ck.result_id] - ev.date_start[ck.result_id]).days + 1)
            relation = (
                f"{' + '.join(fg.exact[o] for o in ops)} = {lhs:g} days = "
                f"{day_range(ev.date_start[ck.result_id], ev.date_end[ck.result_id])}"
            )
        rows.append(
            {
                "id": ck.check_id,
                "relation": relation,
                "holds": lhs == rhs,
                "note": ck.note,
                "records": " ".join([*ops, ck.result_id]),
            }
        )
    return pd.DataFrame(rows)


def bounds_sentence(bounds: pd.DataFrame) -> str:
    """The rows of :func:`figure_bounds` in words, grouped by bound: "33, 25 and eight hostages
    are exact; “nearly 2,000” prisoners is drawn as an upper bound (...)"."""
    parts = []
    exact = bounds[bounds.bound == "exact"]
    for unit, rows in exact.groupby("unit", sort=False):
        verb = "is" if len(rows) == 1 else "are"
        parts.append(f"{listing(list(rows.as_printed))} {unit} {verb} exact")
    drawn = {
        "upper": "an upper bound (a left-pointing mark, the true value below it)",
        "lower": "a lower bound (a right-pointing mark, the true value above it)",
        "approximate": "an approximate value (a diamond, the true value near it)",
    }
    for r in bounds[bounds.bound != "exact"].itertuples():
        voice = "" if r.voice_label.endswith("(narration)") else f", inside the {r.voice_label},"
        parts.append(f"“{r.as_printed}” {r.unit}{voice} is drawn as {drawn[r.bound]}")
    return "; ".join(parts)

"""The data contract's shared vocabulary, read by the validator, the drafter and the views:
the hedges a figure may carry and the bound each makes, the tables whose anchors carry facts,
the voice speaking at a span, how far an event may lie from the article's date, and how a relay
chain's roles map to source kinds.
"""

from __future__ import annotations

from explainer.package import NARRATION

# Record types whose anchors carry a fact, for sentence coverage (aliases and terms only name things).
FACT_TABLES = ("statements", "events", "figures", "relations")

# Vocabulary tables: their ids are labels (a voice id may equal its actor's id), not permalinks.
VOCABULARY_TABLES = ("voices",)

#: How far an event's date may lie from the article's publication date before it is reported as
#: a likely typo (a year off): events are recent news, or history the article recounts.
DATE_WINDOW_YEARS = 10
#: The hedge lexicon: each qualifier a figure may carry, and the bound it makes of the number.
#: "nearly 2,000" is at most 2,000; "more than two million" at least two million; "about 40"
#: neither. A package may use only these hedges (datapackage.json lists the same words).
HEDGE_BOUND = {
    "": "exact",
    "nearly": "upper",
    "almost": "upper",
    "up to": "upper",
    "as many as": "upper",
    "at most": "upper",
    "fewer than": "upper",
    "less than": "upper",
    "under": "upper",
    "more than": "lower",
    "over": "lower",
    "at least": "lower",
    "upwards of": "lower",
    "about": "approximate",
    "around": "approximate",
    "approximately": "approximate",
    "roughly": "approximate",
    "some": "approximate",
    "an estimated": "approximate",
}


def agreement(bound: str) -> str:
    """What other reporting's agreement with a figure amounts to, by the bound its hedge sets:
    "agrees" with an exact number; only "consistent" with a hedged one, since a report can fall
    within the bound ("more than two million": about 2.1 million) but cannot state the same
    number (read 4, m8; context-sources.md: "Consistent with")."""
    return "agrees" if bound == "exact" else "consistent"


UNIT_DAYS = {"days": 1, "weeks": 7}

#: A table schema property: records of the table may share one span (one sentence can state
#: several relations). Its value says why; without it two records on one span are an error.
SHARED_SPANS = "sharedSpans"


def voice_at(direct: list[tuple[int, int, str]], s: int, e: int) -> str:
    """The voice of the innermost direct quotation containing s..e, else the narration."""
    inside = [(b - a, v) for a, b, v in direct if a <= s and e <= b]
    return min(inside)[1] if inside else NARRATION


ROLE_SOURCE_KIND = {"speaker": "statement", "relay": "relay", "publisher": "article"}

"""Who is who: actors' names, which actor is part of which, and the label of each voice."""

from __future__ import annotations

import pandas as pd

from explainer.package.facts import Facts


def actor_parents(facts: Facts) -> dict[str, str]:
    """actor_id → the actor it belongs to (actors.part_of), where there is one."""
    return {
        a: p
        for a, p in zip(facts.actors.actor_id, facts.actors.part_of.fillna(""), strict=True)
        if p
    }


def actor_names(facts: Facts) -> dict[str, str]:
    return dict(zip(facts.actors.actor_id, facts.actors.name, strict=True))


def actor_rows(facts: Facts) -> pd.DataFrame:
    """Every actor with the names the article uses for it (distinct, in reading order) and the
    records of those names: one row per actor, in the package's order."""
    names: dict[str, list[str]] = {}
    records: dict[str, list[str]] = {}
    for a in facts.aliases.sort_values("start").itertuples():
        actor = str(a.actor_id)
        if str(a.exact) not in names.setdefault(actor, []):
            names[actor].append(str(a.exact))
        records.setdefault(actor, []).append(str(a.alias_id))
    return pd.DataFrame(
        [
            {
                "name": str(r.name),
                "kind": str(r.kind).replace("_", " "),
                "names": "; ".join(names.get(str(r.actor_id), [])),
                "records": " ".join(records.get(str(r.actor_id), [])),
            }
            for r in facts.actors.itertuples()
        ],
        columns=["name", "kind", "names", "records"],
    )


def voice_labels(facts: Facts) -> dict[str, str]:
    return dict(zip(facts.voices.voice_id.astype(str), facts.voices.label, strict=True))

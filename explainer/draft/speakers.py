"""Sources resolved to actors, and relay chains from the text.

- A named source: the actor of the first person or organisation named in the source span.
- A pronoun ("he added"): the last speaker of the matching kind (he/she: a person; they/it: an
  organisation or a group), else the last person named before it.
- A source that names no one ("sources said", "a spokesman"): no speaker; the statement's voice
  is then unattributed, and the source span is still anchored.
- Relays: "according to X" around a clause that has its own speaker ("Hamas has called for …,
  according to Iran's Press TV"), "told X" where X is an outlet, "in a statement carried by X",
  and a source that is itself an outlet named with "media". Each hop's basis is "stated in this
  sentence" (the only basis the drafter can see); an editor adds inferred hops by hand.
"""

from __future__ import annotations

import re

from .actors import MEDIA, Registry
from .attributions import Attr

PERSONAL = {"he", "she", "him", "her"}
GROUP = {"they", "it", "we"}
CARRIED = re.compile(r"\b(?:carried|published|broadcast|reported|released) by\s+", re.I)


def _entity_in(entities, span):
    s, e = span
    inside = [x for x in entities if s <= x[0] and x[1] <= e and x[2] != "NORP"]
    inside.sort(key=lambda x: (x[2] != "PERSON", x[0]))
    return inside[0] if inside else None


def resolve(text: str, attrs: list[Attr], entities, registry: Registry) -> None:
    """Fill ``speaker`` (an actor id or "") and ``relay_actor`` on every attribution."""
    last_person = last_group = ""
    ent_index = sorted(entities)
    for a in sorted(attrs, key=lambda a: a.content[0]):
        a.relays = []
        if a.rule in ("quoted_phrase", "unattributed_quote"):
            continue
        src = a.source
        if src is not None:
            word = text[src[0] : src[1]].lower()
            ent = _entity_in(ent_index, src)
            if ent is not None:
                actor = _actor_of(registry, text, ent)
                a.speaker = actor.actor_id if actor else ""
            elif word in PERSONAL or (a.source_pronoun and word in PERSONAL):
                a.speaker = last_person or _last_person_before(ent_index, registry, text, src[0])
                a.notes.append(f"“{text[src[0] : src[1]]}” read as the last named speaker")
            elif word in GROUP:
                a.speaker = last_group
                if a.speaker:
                    a.notes.append(f"“{text[src[0] : src[1]]}” read as the last named group")
            elif MEDIA.search(text[src[0] : src[1]]) and re.search(r"\bmedia\b", word):
                a.speaker = registry.add(_name(text, src), "media_outlet").actor_id
        if a.rule == "according_to" and a.speaker:
            inner = [
                b for b in attrs if b is not a and b.cue and a.content[0] <= b.cue[0] < a.content[1]
            ]
            if inner and inner[0].source and registry.actors[a.speaker].kind == "media_outlet":
                a.relays.append(a.speaker)
                a.speaker = getattr(inner[0], "speaker", "") or ""
                a.notes.append(
                    "the speaker's words came through the outlet named after “according to”"
                )
        if a.relay is not None:
            ent = _entity_in(ent_index, a.relay)
            actor = _actor_of(registry, text, ent) if ent else None
            if actor is not None:
                a.relays.append(actor.actor_id)
        carried = CARRIED.search(text, a.reach, min(len(text), a.reach + 80))
        if carried:
            ent = next((x for x in ent_index if x[0] == carried.end()), None)
            actor = _actor_of(registry, text, ent) if ent else None
            if actor is not None:
                a.relays.append(actor.actor_id)
        if a.speaker:
            kind = registry.actors[a.speaker].kind
            if kind == "person":
                last_person = a.speaker
            elif kind != "media_outlet" or not a.relays:
                last_group = a.speaker
    # A continuation or an orphan quotation keeps the speaker of the attribution it follows.
    for a in attrs:
        if a.inherited_source and not a.speaker:
            lead = [b for b in attrs if b.source == a.source and b is not a and b.speaker]
            if lead:
                a.speaker = lead[0].speaker


def _name(text, span):
    return re.sub(r"^(?:the|The)\s+", "", text[span[0] : span[1]]).strip()


def _actor_of(registry: Registry, text: str, ent):
    if ent is None:
        return None
    return registry.lookup(text, ent)


def _last_person_before(ents, registry: Registry, text: str, offset: int) -> str:
    people = [x for x in ents if x[2] == "PERSON" and x[1] <= offset]
    if not people:
        return ""
    actor = registry.lookup(text, people[-1])
    return actor.actor_id if actor else ""

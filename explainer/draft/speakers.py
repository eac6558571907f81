"""Sources resolved to actors, and relay chains from the text.

- A named source: the actor of the first person or organisation named in the source span.
- A pronoun ("he added"): the last speaker of the matching kind (he/she: a person; they/it: an
  organisation or a group), else the last person named before it.
- An institution the text describes rather than names ("according to the city's budget office",
  "police said"): an organisation, with a note to check it.
- A source that names no one ("sources said", "a spokesman", "the agency"): no speaker; the
  statement's voice is then the unnamed source's, and the source span is still anchored.
- Relays: "according to X" around a clause that has its own speaker ("The union has called for …,
  according to state media"), "told X" where X is an outlet, "in a statement carried by X",
  and a source that is itself an outlet named with "media". Each hop's basis is "stated in this
  sentence".
- Accounts: a statement whose source refers back ("the group said", "the statement reads", "he
  added") continues the account of the statement before it, by the same speaker; so do the
  statements of one paragraph. A relay named for one statement of an account is carried to the
  account's statements that name none, with the basis "stated elsewhere" and where it is named.
"""

from __future__ import annotations

import bisect
import re

from explainer.package import scan

from .actors import MEDIA, Registry, title_only
from .attributions import Attr

# A person's name, maybe after a title: two or three capitalised words.
NAME = re.compile(
    r"(?:(?:[A-Z][a-z]+\s+)*?(?:Minister|President|Secretary|Senator|Governor|Mayor|Judge|"
    r"Sen\.|Rep\.|Gov\.|Dr\.|Mr\.|Mrs\.|Ms\.)\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})"
)
PERSONAL = {"he", "she", "him", "her"}
GROUP = {"they", "it", "we"}
CARRIED = re.compile(r"\b(?:carried|published|broadcast|reported|released) by\s+", re.I)


def _entity_in(entities, span, text):
    s, e = span
    i = bisect.bisect_left(entities, (s,))
    inside = []
    while i < len(entities) and entities[i][0] < e:
        if entities[i][1] <= e and entities[i][2] != "NORP":
            inside.append(entities[i])
        i += 1
    # "Norland’s Radio One": the possessor names whose the source is; the source is the radio
    owned = [x for x in inside if _possessor(text, x) and any(y[0] > x[1] for y in inside)]
    inside = [x for x in inside if x not in owned] or inside
    inside.sort(key=lambda x: (x[2] != "PERSON", x[0]))
    return inside[0] if inside else None


def _possessor(text: str, ent) -> bool:
    return text[ent[1] : ent[1] + 2] in ("'s", "’s")


def resolve(text: str, attrs: list[Attr], entities, registry: Registry) -> None:
    """Fill ``speaker`` (an actor id or "") and ``relays`` (actor ids) on every attribution."""
    last = {"person": "", "group": "", "any": ""}
    ents = sorted(entities)
    ordered = sorted(attrs, key=lambda a: a.content[0])
    for a in ordered:
        a.relays = []
        a.relay_span = None
        if a.rule in ("quoted_phrase", "unattributed_quote") or a.source is None:
            continue
        a.speaker = _speaker(text, a, ents, registry, last)
        if a.speaker:
            kind = registry.actors[a.speaker].kind
            last["any"] = a.speaker
            if kind == "person":
                last["person"] = a.speaker
            elif kind != "media_outlet":
                last["group"] = a.speaker
    # A continuation or an orphan quotation keeps the speaker of the attribution it follows.
    said_by = {}
    for a in ordered:
        if a.speaker and not a.inherited_source:
            said_by.setdefault(a.source, a.speaker)
    for a in ordered:
        if a.inherited_source and not a.speaker:
            a.speaker = said_by.get(a.source, "")
        if a.inherited_source and a.speaker:
            a.referent = a.source
    for a in ordered:
        _relays(text, a, ordered, ents, registry)
    _accounts(text, ordered)


def _accounts(text: str, ordered: list[Attr]) -> None:
    """Carry a relay across the statements of one account (see the module's docstring)."""
    paras = scan.paragraphs(text)
    starts = [p[0] for p in paras]

    def para(a: Attr) -> int:
        return bisect.bisect_right(starts, a.content[0]) - 1

    accounts: list[list[Attr]] = []
    for a in ordered:
        if a.rule in ("quoted_phrase", "unattributed_quote") or not a.speaker:
            continue
        prev = accounts[-1][-1] if accounts else None
        if prev is not None and prev.speaker == a.speaker and (a.referent or para(a) == para(prev)):
            accounts[-1].append(a)
        else:
            accounts.append([a])
    for account in accounts:
        named: dict[str, tuple[int, int]] = {}
        for a in account:
            for r in a.relays:
                named.setdefault(r, a.relay_span or a.source or a.content)
        for a in account:
            if a.relays:
                continue
            for r, where in named.items():
                if r != a.speaker:
                    a.relays.append(r)
                    a.carried[r] = where


def _speaker(text, a, ents, registry: Registry, last) -> str:
    s, e = a.source
    named = text[s:e]
    word = named.lower().strip()
    ent = _entity_in(ents, a.source, text)
    if ent is not None:
        actor = _actor_of(registry, text, ent)
        return actor.actor_id if actor else ""
    known = registry.find(named)
    if known is not None:
        return known.actor_id
    person = NAME.fullmatch(named)
    if person and not title_only(person.group(1)):  # a name the NER missed ("Mayor Ana Ruiz")
        return registry.person(text, a.source, person.group(1)).actor_id
    a.referent = a.source  # until a name is found below
    if word in PERSONAL:
        a.notes.append(f"“{named}” read as the last person quoted or named")
        return last["person"] or _last_person_before(ents, registry, text, s)
    if word in GROUP:
        if last["group"]:
            a.notes.append(f"“{named}” read as the last group quoted")
        return last["group"]
    words = word.split()
    a.referent = None
    if re.search(r"\bmedia\b", word) or (MEDIA.search(named) and named[:1].isupper()):
        return registry.described(text, a.source, _name(text, a.source), "media_outlet").actor_id
    if _described(text, a.source, ents) and not (words and words[-1] in GROUP_NOUNS):
        return registry.described(text, a.source, _name(text, a.source), "group").actor_id
    if 2 <= len(words) <= 4 and words[0] in DETERMINERS and words[-1] in ANAPHORS:
        target = last["group"] if words[-1] in GROUP_NOUNS else last["any"]
        if target:
            a.notes.append(f"“{named}” read as {registry.actors[target].name}")
            a.referent = a.source
        return target
    if _institution(words):
        a.notes.append(f"“{named}”: an institution the text describes rather than names")
        name = _name(text, a.source)
        name = name[:1].upper() + name[1:]  # a label: "City’s budget office"
        return registry.described(text, a.source, name, "organisation").actor_id
    return ""


# "the city's budget office", "the state health department", "police": an institution the reader
# can identify, unlike "a spokesman" or "officials", which stay unnamed sources.
INSTITUTIONS = frozenset(
    """office ministry department council police committee agency board court government
    commission authority administration bureau secretariat parliament senate""".split()
)


def _institution(words: list[str]) -> bool:
    if not words or len(words) > 6 or words[-1] not in INSTITUTIONS:
        return False
    # "the agency", "the government" alone refer back to one named before, or to none: no guess.
    possessive = any(w.endswith(("'s", "’s")) for w in words[:-1])
    return (words[0] == "the" and len(words) >= 3) or possessive or words == ["police"]


# "the statement read", "the group said": the last speaker (of a group, for a group noun).
GROUP_NOUNS = frozenset("group organization organisation movement militants campaign".split())
DETERMINERS = frozenset("the its his her their this that".split())
ANAPHORS = GROUP_NOUNS | frozenset("statement report announcement communique message".split())


def _described(text, span, ents) -> bool:
    """A source described with a name in it ("the French prime minister's office")."""
    s, e = span
    i = bisect.bisect_left(ents, (s,))
    has_name = i < len(ents) and ents[i][0] < e and ents[i][1] <= e
    words = text[s:e].split()
    return has_name and len(words) <= 6 and text[s:e].lower().startswith("the ")


def _within(ordered: list[Attr], a: Attr) -> list[Attr]:
    """The other attributions that start inside ``a``'s content (``ordered`` by start)."""
    starts = [b.content[0] for b in ordered]
    lo = bisect.bisect_left(starts, a.content[0])
    hi = bisect.bisect_right(starts, a.content[1])
    return [b for b in ordered[lo:hi] if b is not a]


def _relays(text, a: Attr, ordered, ents, registry: Registry) -> None:
    # "The union has called for …, according to state media": the outlet relays the speaker.
    if a.rule == "according_to" and a.speaker and registry.actors[a.speaker].kind == "media_outlet":
        inner = [
            b for b in ordered if b is not a and b.cue and a.content[0] <= b.cue[0] < a.content[1]
        ]
        if inner and inner[0].speaker:
            outlet = a.speaker
            a.speaker = inner[0].speaker
            a.referent = inner[0].referent
            a.relays.append(outlet)
            a.relay_span = a.source
            a.notes.append("the words came through the outlet named after “according to”")
            for b in _within(ordered, a):  # the inner attribution and the quotations inside it
                if a.content[0] <= b.content[0] and b.content[1] <= a.content[1] + 2:
                    if b.speaker == a.speaker and outlet not in b.relays:
                        b.relays.append(outlet)
    if a.relay is not None:
        ent = _entity_in(ents, a.relay, text)
        actor = _actor_of(registry, text, ent) if ent else None
        if actor is not None and actor.kind == "media_outlet":
            a.relays.append(actor.actor_id)
            a.relay_span = a.relay
    carried = CARRIED.search(text, a.reach, min(len(text), a.reach + 80))
    if carried:
        ent = next((x for x in ents if x[0] == carried.end()), None)
        actor = _actor_of(registry, text, ent) if ent else None
        if actor is not None:
            a.relays.append(actor.actor_id)
            a.relay_span = (ent[0], ent[1])


def _name(text, span):
    return re.sub(r"^(?:the|The)\s+", "", text[span[0] : span[1]]).strip()


def _actor_of(registry: Registry, text: str, ent):
    if ent is None:
        return None
    return registry.lookup(text, ent)


def _last_person_before(ents, registry: Registry, text: str, offset: int) -> str:
    i = bisect.bisect_left(ents, (offset,))
    people = [x for x in ents[max(0, i - 200) : i] if x[2] == "PERSON" and x[1] <= offset]
    if not people:
        return ""
    actor = registry.lookup(text, people[-1])
    return actor.actor_id if actor else ""

"""Actors and their anchored mentions (aliases), from the named entities of every paragraph.

People are one actor per surname ("Donald Trump", "Mr. Trump", "Trump"); other entities one per
name without "the" and the possessive. The kind comes from the entity label (a name that looks like
a news outlet is a ``media_outlet``). A title printed before a person's name ("Transport
Minister Paul Grant") makes the alias ``title_and_name`` and the actor's description carries it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LABEL_KIND = {
    "PERSON": "person",
    "ORG": "group",
    "GPE": "territory",
    "LOC": "territory",
    "NORP": "population",
    "FAC": "territory",
}
MEDIA = re.compile(
    r"\b(TV|News|Times|Post|Journal|Reuters|Associated Press|AP|CNN|Fox|BBC|MSNBC|NPR|Press|"
    r"Herald|Tribune|Gazette|Radio|Network|Agency|Magazine|Daily|Politico|Breitbart|media|"
    r"Telegraph|Guardian|Bloomberg|Axios|Wire|Caller)\b"
)
# A title printed before a name: capitalised words ending in a title noun ("Defense Minister",
# "Transport Minister", "Sen.", "Mayor").
TITLES = re.compile(
    r"(?:[A-Z][a-z]+\s+)*?(?:Minister|President|Secretary|Senator|Representative|Governor|Mayor|"
    r"Judge|Justice|Chairman|Chairwoman|Chief|General|Commissioner|Director|Ambassador|Speaker|"
    r"Spokesman|Spokeswoman|Sheikh|King|Queen|Prince|Sen|Rep|Gov|Gen|Col|Dr|Mr|Mrs|Ms)\.?\s+$"
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class Actor:
    actor_id: str
    name: str
    kind: str
    title: str = ""
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, form


def slug(text: str) -> str:
    """An id from a name: lower case words joined by "_", starting with a letter, as the data
    contract's ids do ("2014 survey" -> "n_2014_survey")."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if s and not s[0].isalpha():
        s = f"n_{s}"
    return s or "actor"


def clean(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" .,")


class Registry:
    """Actors by key; ``mention`` returns the actor for an entity span, creating it if new."""

    def __init__(self, taken: set[str]):
        self.actors: dict[str, Actor] = {}
        self.by_key: dict[str, str] = {}
        self.taken = set(taken)
        self.spans: dict[tuple[int, int], str] = {}

    def _new_id(self, name: str) -> str:
        base = slug(name)
        aid, n = base, 2
        while aid in self.taken:
            aid, n = f"{base}_{n}", n + 1
        self.taken.add(aid)
        return aid

    def key(self, name: str, label: str) -> str:
        if label == "PERSON":
            return "person:" + name.split()[-1].lower()
        return "name:" + name.lower()

    def add(self, name: str, kind: str, label: str = "") -> Actor:
        key = self.key(name, label)
        if key in self.by_key:
            return self.actors[self.by_key[key]]
        if any(a.name == name for a in self.actors.values()):
            name = f"{name} ({kind})"
        actor = Actor(self._new_id(name), name, kind)
        self.actors[actor.actor_id] = actor
        self.by_key[key] = actor.actor_id
        return actor

    def publisher(self, actor_id: str, name: str) -> None:
        """The outlet: its name in the text ("Breitbart") is this actor, not a new one."""
        self.taken.add(actor_id)
        self.actors[actor_id] = Actor(actor_id, name, "media_outlet")
        self.by_key["name:" + clean(name).lower()] = actor_id

    def described(self, text: str, span, name: str, kind: str) -> Actor:
        """An actor the text describes rather than names ("Iranian state-run media")."""
        actor = self.add(name, kind)
        if span not in self.spans:
            actor.mentions.append((span[0], span[1], "descriptor"))
            self.spans[span] = actor.actor_id
        return actor

    def person(self, text: str, span, name: str) -> Actor:
        """A person the NER missed, named in a source span."""
        actor = self.add(name, "person", "PERSON")
        if span not in self.spans:
            title = text[span[0] : span[1]][: -len(name)].strip()
            form = "title_and_name" if title else "name"
            actor.title = actor.title or title
            actor.mentions.append((span[0], span[1], form))
            self.spans[span] = actor.actor_id
        return actor

    def find(self, named: str) -> Actor | None:
        """A known actor for a name the NER missed ("Grant said"): by surname or by name."""
        name = clean(named)
        if not name or not name[:1].isupper():
            return None
        aid = self.by_key.get("person:" + name.split()[-1].lower()) or self.by_key.get(
            "name:" + name.lower()
        )
        return self.actors[aid] if aid else None

    def lookup(self, text: str, ent) -> Actor | None:
        """The actor of an entity (start, end, label), registering it on first sight."""
        aid = self.spans.get((ent[0], ent[1]))
        return self.actors[aid] if aid else self.mention(text, *ent)

    def mention(self, text: str, start: int, end: int, label: str) -> Actor | None:
        if label not in LABEL_KIND:
            return None
        span = (start, end)
        exact = text[start:end]
        name = clean(exact)
        if not name or not re.search(r"[A-Za-z]", name):
            return None
        kind = LABEL_KIND[label]
        if label == "ORG" and MEDIA.search(name):
            kind = "media_outlet"
        actor = self.add(name, kind, label)
        if label == "PERSON" and len(name.split()) > len(actor.name.split()):
            actor.name = name  # the fullest form names the person
        before = text[max(0, start - 60) : start]
        title = TITLES.search(before)
        form = "name"
        if label == "NORP":
            form = "demonym"
        elif title and label == "PERSON":
            form = "title_and_name"
            actor.title = actor.title or title.group().strip()
            start = start - len(title.group())
        actor.mentions.append((start, end, form))
        self.spans[span] = actor.actor_id
        return actor

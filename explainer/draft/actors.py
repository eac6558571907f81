"""Actors and their anchored mentions (aliases), from the named entities of every paragraph.

People are one actor per surname ("Donald Trump", "Mr. Trump", "Trump"); other entities one per
name without "the" and the possessive. The kind comes from the entity label (a name that looks like
a news outlet is a ``media_outlet``). A title printed before a person's name ("Transport
Minister Paul Grant") makes the alias ``title_and_name`` and the actor's description carries it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

LABEL_KIND = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "territory",
    "LOC": "place",
    "NORP": "population",
    "FAC": "place",
}
MEDIA = re.compile(
    r"\b(TV|News|Times|Post|Journal|Reuters|Associated Press|AP|CNN|Fox|BBC|MSNBC|NPR|Press|"
    r"Herald|Tribune|Gazette|Radio|Network|Agency|Magazine|Daily|Politico|Breitbart|media|"
    r"Telegraph|Guardian|Bloomberg|Axios|Wire|Caller|Today|UPI|Gannett|Reuters)\b"
)
#: Title nouns printed before a name ("Defense Minister", "Sen.", "Mayor").
TITLE_WORDS = (
    "Minister|President|Secretary|Senator|Representative|Governor|Mayor|Judge|Justice|Chairman|"
    "Chairwoman|Chief|General|Commissioner|Director|Ambassador|Speaker|Spokesman|Spokeswoman|"
    "Sheikh|King|Queen|Prince|Admiral|Colonel|Captain|Lieutenant|Commander|Leader|Sen|Rep|Gov|"
    "Gen|Adm|Col|Capt|Lt|Dr|Mr|Mrs|Ms"
)
# A title printed before a name: capitalised words ending in a title noun ("Defense Minister",
# "Transport Minister", "Sen.", "Mayor").
# "[ ]", not "\s": a title does not run across lines (a headline above is no title).
TITLES = re.compile(rf"(?:[A-Z][a-z]+ +)*?(?:{TITLE_WORDS})\.? +$")
_TITLE_ONLY = re.compile(rf"(?:[A-Z][a-z]+ +)*(?:{TITLE_WORDS})\.?")


def title_only(name: str) -> bool:
    """Whether capitalised words are a title with no name after it ("Retired General", "Former
    President"): a description of someone, not a person's name."""
    return bool(_TITLE_ONLY.fullmatch(name.strip()))


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
#: One country, many names: "the U.S." and "the United States" are one actor.
SAME_PLACE = {
    # written in capitals, compared in capitals without full stops (see _canonical)
    **dict.fromkeys(("US", "USA", "UNITED STATES OF AMERICA", "AMERICA"), "UNITED STATES"),
    **dict.fromkeys(("UK", "BRITAIN", "GREAT BRITAIN"), "UNITED KINGDOM"),
    "UN": "UNITED NATIONS",
    "EU": "EUROPEAN UNION",
}
#: Names in ``SAME_PLACE`` (so in ``COUNTRIES``) of bodies of states, not states.
UNIONS = frozenset({"united nations", "european union"})
#: Plural nouns for a party's members, which stand for the party ("Republicans", "Democrats").
PARTY_MEMBERS = frozenset({"Republicans", "Democrats", "Libertarians"})
_MINOR = frozenset("of and the for on in at to de".split())


def _countries() -> frozenset[str]:
    import pycountry

    extra = {"RUSSIA", "PALESTINE"}  # not among pycountry's common names
    names = {n.lower() for n in (*SAME_PLACE, *SAME_PLACE.values(), *extra)}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr).lower())
    return frozenset(names)


def _us_states() -> frozenset[str]:
    import pycountry

    return frozenset(sd.name.lower() for sd in pycountry.subdivisions.get(country_code="US"))


COUNTRIES = _countries()
US_STATES = _us_states()


def _canonical(name: str) -> str:
    key = name.upper().replace(".", "")
    return SAME_PLACE.get(key, key).lower()


def _same_place(name: str) -> bool:
    return name.upper().replace(".", "") in SAME_PLACE


def initials(name: str) -> str:
    """The acronym a long name makes: "Coastal Protection Agency" -> "CPA"."""
    return "".join(w[0] for w in name.split() if w.lower() not in _MINOR and w[:1].isupper())


def acronym(name: str) -> str:
    """The letters of an acronym ("S.E.C." -> "SEC"), or "" when the name is not one."""
    letters = name.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha() else ""


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
        self.people: dict[str, list[str]] = {}  # surname -> person ids

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
        return "name:" + _canonical(name)

    def _person(self, name: str) -> str | None:
        """The known person a name means: the same first name and surname; a surname alone, the
        person of that surname mentioned last; a first name alone, the one person who has it.
        Two first names under one surname ("Hannah Okafor", "Samuel Okafor") are two people."""
        parts = [p.lower() for p in name.split() if not re.fullmatch(r"[A-Z]\.?", p)]
        if not parts:
            return None
        surname, first = parts[-1], parts[0] if len(parts) > 1 else ""
        same = [aid for aid in self.people.get(surname, []) if aid in self.actors]
        if first:
            for aid in same:
                known = self.actors[aid].name.lower().split()
                if len(known) == 1 or known[0] == first:
                    return aid
            return None
        if same:
            return (
                self.by_key.get("person:" + surname)
                if self.by_key.get("person:" + surname) in same
                else same[0]
            )
        firsts = [
            aid
            for aid, a in self.actors.items()
            if a.kind == "person"
            and len(a.name.split()) > 1
            and a.name.split()[0].lower() == surname
        ]
        return firsts[0] if len(firsts) == 1 else None

    def _same_organisation(self, name: str) -> str | None:
        """An acronym and its long form ("CPA", "Coastal Protection Agency"; "HA",
        "Department of Harbour Affairs") are one actor, whichever comes first."""
        short = acronym(name)
        for aid, a in self.actors.items():
            if a.kind == "person":
                continue
            other = acronym(a.name)
            if short and not other and len(short) >= 2 and initials(a.name).endswith(short):
                return aid
            if other and not short and initials(name).endswith(other) and len(other) >= 2:
                return aid
        return None

    def add(self, name: str, kind: str, label: str = "") -> Actor:
        key = self.key(name, label)
        if label == "PERSON":
            aid = self._person(name)
            if aid:
                self.by_key[key] = aid
                return self.actors[aid]
        elif key in self.by_key:
            return self.actors[self.by_key[key]]
        else:
            same = self._same_organisation(name)
            if same:
                self.by_key[key] = same
                actor = self.actors[same]
                if acronym(actor.name) and not acronym(name):
                    actor.name = name  # the long form names it
                return actor
        if any(a.name == name for a in self.actors.values()):
            name = f"{name} ({kind})"
        actor = Actor(self._new_id(name), name, kind)
        self.actors[actor.actor_id] = actor
        self.by_key[key] = actor.actor_id
        if label == "PERSON":
            self.people.setdefault(name.split()[-1].lower(), []).append(actor.actor_id)
        return actor

    def group(self, name: str) -> Actor:
        """The actor for a group the article describes (:func:`group_mentions`): one per name."""
        for actor in self.actors.values():
            if actor.kind == "group" and actor.name.lower() == name.lower():
                return actor
        if any(a.name.lower() == name.lower() for a in self.actors.values()):
            name = f"{name} (group)"
        actor = Actor(self._new_id(name), name, "group")
        self.actors[actor.actor_id] = actor
        return actor

    def publisher(self, actor_id: str, name: str) -> None:
        """The outlet: its name in the text ("Breitbart") is this actor, not a new one."""
        self.taken.add(actor_id)
        self.actors[actor_id] = Actor(actor_id, name, "media_outlet")
        self.by_key["name:" + clean(name).lower()] = actor_id

    def described(self, text: str, span, name: str, kind: str) -> Actor:
        """An actor the text describes rather than names ("Iranian state-run media"); where one
        named organisation's name holds every word of the description ("the appeals court" and
        "U.S. Court of Appeals for the Sixth Circuit"), that organisation."""
        actor = self.named_as(name) or self.add(name, kind)
        if span not in self.spans:
            actor.mentions.append((span[0], span[1], "descriptor"))
            self.spans[span] = actor.actor_id
        return actor

    def named_as(self, description: str) -> Actor | None:
        """The one organisation (not a person, not a described actor) whose name has every word
        of ``description``, or None (none, or more than one)."""
        words = set(re.findall(r"[a-z]+", description.lower())) - _MINOR
        if not words:
            return None
        hits = [
            a
            for a in self.actors.values()
            if a.kind != "person"
            and a.mentions
            and any(form != "descriptor" for *_, form in a.mentions)
            and words <= set(re.findall(r"[a-z]+", a.name.lower()))
        ]
        return hits[0] if len(hits) == 1 else None

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
        if label == "ORG" and name.lower() in COUNTRIES and _canonical(name) not in UNIONS:
            label = "GPE"  # "Iran" cut from "Iran’s Press TV", which the parser tagged whole
        kind = LABEL_KIND[label]
        if label in ("ORG", "NORP") and name in PARTY_MEMBERS:
            kind = "organisation"
        elif label == "GPE" and (name.lower() in COUNTRIES or _same_place(name)):
            kind = "state"
        elif label != "GPE" and MEDIA.search(name):
            kind = "media_outlet"
        actor = self.add(name, kind, label)
        if label == "PERSON":
            self.by_key["person:" + name.split()[-1].lower()] = actor.actor_id  # mentioned last
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


@dataclass
class Entity:
    """A named entity as the parser found it, with what the parse says of its role."""

    start: int
    end: int
    label: str
    locative: bool = False  # the object of "in", "at", "near"...: a place named as a location
    adjective: bool = False  # "Russian hackers", "a Democratic nominee", "GOP-heavy"
    acts: bool = False  # the subject or a possessor: "Norway said", "Norway's offer"


_LOCATIVE = frozenset("in at near from outside across throughout around inside into".split())
_HEADLINE_WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
#: The last word of a name that names a thing, not an actor: a law, a plan, an event, a place.
THING = frozenset(
    "act acts agreement partnership treaty accord accords program programme plan law bill week "
    "day war rim strip place tower street avenue road bridge airport park square brexit "
    "twitter facebook youtube instagram".split()
)
#: Court words the parser tags alone ("the Court's decision", "Appeals court"): descriptors.
GENERIC = frozenset({"court", "appeals court", "district court", "state"})


def role(span) -> tuple[bool, bool, bool]:
    """(locative, adjective, acts) for a spaCy entity span."""
    root, doc = span.root, span.doc
    after = doc[span.end] if span.end < len(doc) else None
    locative = root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE
    adjective = (after is not None and after.text == "-") or (
        span[-1].tag_ in ("JJ", "NNP") and span[-1].dep_ in ("amod", "compound")
    )
    acts = root.dep_ in ("nsubj", "nsubjpass", "poss") or (
        after is not None and after.tag_ == "POS"
    )
    return locative, adjective, acts


def headline_end(text: str) -> int:
    """Where a title-case first line ends (a headline set apart), or 0."""
    if "\n" not in text.strip():
        return 0  # one paragraph: no line set apart
    first = text.split("\n", 1)[0]
    words = [w for w in _HEADLINE_WORD.findall(first) if len(w) > 3]
    if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.6:
        return len(first)
    return 0


_NAME_JOINT = frozenset({" of ", " of the ", " for ", " for the "})


def _joined(text: str, ents: list[Entity]) -> list[Entity]:
    """An organisation's name the parser cut at "of" or "for" ("Coalition" + "the Homeless")
    is one name: the tail is not an actor of its own."""
    out: list[Entity] = []
    for e in sorted(ents, key=lambda x: x.start):
        prev = out[-1] if out else None
        if prev and prev.label == "ORG" and text[prev.end : e.start] in _NAME_JOINT:
            out[-1] = Entity(prev.start, e.end, "ORG", prev.locative, prev.adjective, prev.acts)
        else:
            out.append(e)
    return out


def _trimmed(text: str, ents: list[Entity]) -> list[Entity]:
    """Leading lower-case words off ("federal Coastal Protection Agency"), and a
    possessive inside split ("Acme Corp’s Widgets" is two names)."""
    out = []
    for e in _joined(text, ents):
        s, end = e.start, e.end
        while s < end and text[s].islower():
            nxt = text.find(" ", s, end)
            if nxt < 0:
                break
            s = nxt + 1
        inner = re.search(r"[’']s\s+(?=[A-Z])", text[s:end])
        if inner:
            out.append(Entity(s, s + inner.start(), e.label, e.locative, e.adjective, e.acts))
            s += inner.end()
        out.append(Entity(s, end, e.label, e.locative, e.adjective, e.acts))
    return out


def prepare(text: str, ents: list[Entity]) -> list[tuple[int, int, str]]:
    """The entities that name actors, relabelled where the article disagrees with itself.

    Dropped: adjectives of nationality or party ("Russian", "Democratic", "GOP-heavy"), names of
    things (laws, plans, events, streets: ``THING``; codes with a digit), bare court words, places
    named only as locations (a city no sentence makes a subject or possessor and that is named
    fewer than three times; countries and US states are kept), landmarks, title-case headline words that name no one the body names,
    capitalised subheads and datelines (but for a name the body has), and "State" in "Secretary of
    State". Relabelled: a single name that is the surname or first name of a person the article
    names in full is that person ("Delgado" tagged as an organisation); a one-word outlet tagged as
    a person is an organisation; otherwise a name takes its most frequent label.
    """
    head = headline_end(text)
    ents = _trimmed(text, ents)
    full = [clean(text[e.start : e.end]).split() for e in ents if e.label == "PERSON"]
    person_words = {w.lower() for p in full if len(p) > 1 for w in (p[0], p[-1])}
    votes: dict[str, dict[str, int]] = {}
    body_names: set[str] = set()
    for e in ents:
        low = clean(text[e.start : e.end]).lower()
        votes.setdefault(low, {}).setdefault(e.label, 0)
        votes[low][e.label] += 1
        if e.start >= head and low:
            body_names |= {low, low.split()[-1]}
    acting = {clean(text[e.start : e.end]).lower() for e in ents if e.acts}
    # the text's words, in one pass rather than one search per name: each word, and each run of
    # words joined by hyphens or apostrophes ("AFL-CIO")
    text_words = set(re.findall(r"\w+", text)) | set(re.findall(r"\w+(?:[-’']\w+)+", text))
    out = []
    for e in ents:
        exact = text[e.start : e.end]
        name = clean(exact)
        low = name.lower()
        if not name or not re.search(r"[A-Za-z]", name):
            continue
        label = e.label
        if len(name.split()) == 1 and low in person_words:
            label = "PERSON"
        elif label == "PERSON" and len(name.split()) == 1 and MEDIA.search(name):
            label = "ORG"
        elif len(votes[low]) > 1:
            label = max(votes[low], key=lambda k: (votes[low][k], k == "ORG"))
        last = re.split(r"[\s-]+", low)[-1]
        if last in THING or re.search(r"\d", last) or low in GENERIC:
            continue
        if text[max(0, e.start - 13) : e.start].endswith("Secretary of "):
            continue
        if " " not in name and label in ("NORP", "ORG") and low in text_words:
            continue  # a capitalised common noun ("Farmers" opening a sentence, "farmers")
        if label == "NORP":
            plural_noun = name[0].isupper() and name.endswith("s") and not e.adjective
            if name not in PARTY_MEMBERS and not plural_noun:
                continue
        if text[e.end : e.end + 1] == "-" and label in ("ORG", "NORP", "GPE"):
            continue  # "GOP-heavy areas", "Washington-based"
        if label in ("LOC", "FAC") and low not in acting:
            continue
        place = low in COUNTRIES or low in US_STATES or _same_place(low)
        central = sum(votes[low].values()) >= 3  # a place the article is about ("Gaza")
        if label == "GPE" and not (place or central) and low not in acting:
            continue  # a city named as a location, not as a party
        if exact.isupper() and len(exact) > 6 and not acronym(name):
            # a subhead or dateline in capitals ("MARSH HOLDS FIRM", "BRIGHTWATER"): only a
            # word that names someone in the body ("Marsh") is kept
            for m in re.finditer(r"[A-Z][A-Z’']+", exact):
                if m.group().lower() in person_words:
                    out.append((e.start + m.start(), e.start + m.end(), "PERSON"))
            continue
        if e.start < head and low not in body_names:
            words = name.split()
            for n in range(len(words) - 1, 0, -1):  # the longest leading part the body names
                part = " ".join(words[:n])
                if part.lower() in body_names:
                    at = text.index(part, e.start)
                    kind = "PERSON" if part.lower() in person_words else label
                    out.append((at, at + len(part), kind))
                    break
            continue
        out.append((e.start, e.end, label))
    return sorted(set(out))


def acronym_mentions(text: str, registry: Registry) -> None:
    """Every printing of an organisation's acronym ("CPA", "C.P.A.") is a mention of it, when
    the article names it in full: the parser often misses an acronym it has not seen."""
    taken = [(s, e) for a in registry.actors.values() for s, e, _ in a.mentions]
    for actor in list(registry.actors.values()):
        if actor.kind == "person" or acronym(actor.name):
            continue
        short = initials(actor.name)
        if len(short) < 2 or len(short) == len(actor.name.split()) == 1:
            continue
        dotted = re.escape(".".join(short) + ".")
        for m in re.finditer(rf"(?<![\w.])(?:{short}|{dotted})(?![\w])", text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                actor.mentions.append((m.start(), m.end(), "name"))
                taken.append(m.span())


_TITLE_BEFORE = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Judge|Justice)\.?\s$"
)


def surname_mentions(text: str, registry: Registry) -> None:
    """Every printing of a surname of a person named in full is a mention of that person (the
    parser misses many: "Okafor said"), with a title before it ("Mr. Lindqvist"); where two
    people share the surname, the one named in full last before it."""
    taken = Spans((s, e) for a in registry.actors.values() for s, e, _ in a.mentions)
    full: dict[str, list[tuple[int, str]]] = {}
    for actor in registry.actors.values():
        words = actor.name.split()
        if actor.kind != "person" or len(words) < 2 or not words[-1][:1].isupper():
            continue
        for s, _, _ in actor.mentions:
            full.setdefault(words[-1], []).append((s, actor.actor_id))
    for surname, seen in full.items():
        seen.sort()
        seen_starts = [s for s, _ in seen]
        pattern = rf"(?<![\w.’'-]){re.escape(surname)}(?![\w-])(?!\s+[A-Z][a-z])"
        for m in re.finditer(pattern, text):
            if taken.overlapping(m.start(), m.end()):
                continue
            i = bisect.bisect_left(seen_starts, m.start())
            before = [seen[i - 1][1] if i else seen[0][1]]
            start = m.start()
            title = _TITLE_BEFORE.search(text, max(0, start - 12), start)
            form = "title_and_name" if title else "name"
            if title:
                start = title.start()
            registry.actors[before[-1]].mentions.append((start, m.end(), form))
            taken.add((start, m.end()))


#: Plural nouns for people in a role, and collective nouns for a public: a noun phrase with one of
#: these heads names a group the article describes ("the mediators", "33 Israeli hostages", "the
#: Arabic and Islamic world"). Lemmas, as spaCy gives them.
GROUP_HEADS = frozenset(
    """hostage prisoner detainee captive mediator negotiator demonstrator protester protestor
    marcher resident inhabitant civilian citizen refugee migrant immigrant settler villager
    worker employee farmer fisherman miner teacher nurse doctor student parent child
    voter supporter donor activist volunteer member delegate lawmaker legislator
    soldier troop fighter militant gunman terrorist insurgent rebel attacker
    victim survivor casualty veteran family people
    world public community diaspora
    official judge justice president prosecutor investigator developer critic proponent
    advocate fugitive""".split()
)
#: Verbs whose subject undergoes or is described rather than acts ("veterans are dying",
#: "voters were ex-cons"): a group that is only their subject does not act.
_UNDERGOING = frozenset(
    "be have become remain seem die suffer lose receive face qualify get lack".split()
)
#: A group mentioned this often is a party the story is about, acting or not ("the hostages"
#: released, "the prisoners" exchanged), as a hand-made package keeps it.
_RECURRING = 2
#: Words before a group's noun that count or rank it, not which group it is ("the remaining
#: hostages" are the hostages).
_QUANTIFYING = frozenset(
    "all remaining additional other many several more most few some new former further enough "
    "such".split()
)
#: Heads too general to name a group without a describing word ("people", "the world").
_GENERAL = frozenset("people world public community family".split())
_GROUP_MODIFIERS = frozenset({"amod", "compound", "nmod", "npadvmod"})


def _group_span(tok) -> tuple[int, int, str]:
    """(start, end, key) of the noun phrase ``tok`` heads, in the doc's characters, without its
    determiner, numbers and quantifying words; the key is the head's lemma with the describing
    words before it ("our" kept: "our people" is not "free people")."""
    mods = [c for c in tok.lefts if c.dep_ in _GROUP_MODIFIERS or c.dep_ == "poss"]
    mods = [
        c for c in mods if c.lower_ not in _QUANTIFYING and not any(w.like_num for w in c.subtree)
    ]
    if not mods:
        start = tok.idx
    else:
        start = min(c.left_edge.idx for c in mods)
        while start < tok.idx and not tok.doc.text[start].isalnum():
            start += 1
    words = [
        w.lower_
        for c in mods
        for w in c.subtree
        if w.is_alpha and w.lower_ not in _QUANTIFYING and w.lower_ != "and"
    ]
    return start, tok.idx + len(tok), " ".join([*words, tok.lemma_.lower()])


class Spans:
    """Sorted (start, end) spans, for the ones that overlap a span, by bisection (the drafter
    stays linear in the article's length)."""

    #: How far back to look for a span that starts before and reaches in: names are short.
    REACH = 8

    def __init__(self, spans):
        self.spans = sorted(tuple(x) for x in spans)
        self.starts = [x[0] for x in self.spans]

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        i = bisect.bisect_left(self.starts, e)
        return [x for x in self.spans[max(0, i - self.REACH) : i] if x[1] > s]

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.spans, span)
        self.spans.insert(i, span)
        self.starts.insert(i, span[0])


def _acts(tok) -> bool:
    """Whether the group ``tok`` heads acts or speaks here (the gold guidelines' 6.1): the
    subject of a verb of doing or saying, the agent of a passive ("by voters"), a source
    ("according to officials"), the possessor of something ("the members' vote"), the subject
    of its own relative clause ("citizens, who make up ... and see ...") or of an infinitive it
    is pushed to ("pushing doctors to query veterans")."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    head, dep = tok.head, tok.dep_
    if dep == "nsubj" and head.lemma_.lower() not in _UNDERGOING or dep == "poss":
        return True
    if dep == "pobj" and (
        head.dep_ == "agent" or (head.lower_ == "to" and head.head.lower_ == "according")
    ):
        return True
    if dep in ("dobj", "obj") and any(c.dep_ == "xcomp" for c in head.children):
        return True
    if dep == "pobj" and head.lower_ == "from":
        while head.dep_ == "conj" and head.head is not head:
            head = head.head  # "from the envoy and from the mediators"
        if head.head.lemma_.lower() in _RECEIVED:
            return True  # "proposals it has received from the mediators": their word
    return any(
        c.dep_ == "relcl"
        and any(_relative_subject(s) for s in c.children)
        and c.lemma_.lower() not in _UNDERGOING
        for c in tok.children
    )


#: What a party gives by its word: "received from", "a proposal from" name the party as a source.
_RECEIVED = frozenset(
    "receive hear get learn proposal statement letter message call offer request demand".split()
)


def _relative_subject(tok) -> bool:
    """The subject of a relative clause about the group: "who", "that", "many of whom"."""
    if tok.dep_ != "nsubj":
        return False
    if tok.tag_ in ("WP", "WDT"):
        return True
    return any(
        w.lower_ in ("whom", "which") for c in tok.children if c.dep_ == "prep" for w in c.children
    )


def group_mentions(text: str, paragraphs, registry: Registry) -> None:
    """Groups the article describes rather than names (``GROUP_HEADS``), each an actor of kind
    ``group`` with ``descriptor`` mentions. One actor per head and describing words; the bare
    head ("the hostages") joins its one described form ("Israeli hostages") where there is one.
    A mention never overlaps a name: "Hamas-led Palestinian terrorists" starts after "Hamas"."""
    taken = Spans(s_e for a in registry.actors.values() for *s_e, _ in a.mentions)
    headline = headline_end(text)
    found: dict[str, list[tuple[int, int]]] = {}
    acting: set[str] = set()
    for p in paragraphs:
        for tok in p.doc:
            if tok.idx + p.start < headline:
                continue  # a headline's words, in title case, describe no one yet
            plural = tok.tag_ == "NNS" or tok.lemma_.lower() in ("people", "world", "public")
            if not plural or tok.lemma_.lower() not in GROUP_HEADS or tok.dep_ == "compound":
                continue
            if tok.lemma_.lower() in ("world", "public", "community") and tok.dep_ == "pobj":
                continue  # "around the world": a place, not an audience
            s, e, key = _group_span(tok)
            if key in _GENERAL:
                continue
            s, e = s + p.start, e + p.start
            for _, te in taken.overlapping(s, e):
                s = max(s, te)
            while s < e and not text[s].isalpha():
                s += 1
            if e - s >= 3:
                found.setdefault(key, []).append((s, e))
                if _acts(tok):
                    acting.add(key)
    heads: dict[str, list[str]] = {}
    for key in found:
        heads.setdefault(key.split()[-1], []).append(key)
    for head, keys in heads.items():
        described = [k for k in keys if k != head and not k.startswith(("our ", "their ", "its "))]
        if head in found and len(described) == 1:
            found[described[0]] += found.pop(head)
            if head in acting:
                acting.add(described[0])
    for key, spans in found.items():
        if key not in acting and len(spans) < _RECURRING:
            continue  # named once, and never acting: a group talked about, not a party
        spans.sort()
        name = max((text[s:e] for s, e in spans), key=len)
        actor = registry.group(name[:1].upper() + name[1:])
        actor.mentions += [(s, e, "descriptor") for s, e in spans]


# "IDF [Israel Defense Forces]", "CPA (Coastal Protection Agency)", "Coastal Protection Agency
# (CPA)": an acronym glossed with its long form, or the reverse.
_GLOSS = re.compile(
    r"\b(?P<short>[A-Z]{2,6})\s*[\[(](?P<long>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){1,7}?)[\])]"
    r"|(?P<long2>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){1,7}?)\s*[\[(](?P<short2>[A-Z]{2,6})[\])]"
)
_MILITARY = frozenset("forces army navy corps guard militia".split())


def glossed_acronyms(text: str, registry: Registry) -> None:
    """An acronym printed with its long form in brackets is one organisation, each printing its
    own mention (form ``abbreviation_with_gloss``): the long form's initials must spell the
    acronym. An actor that already holds either printing keeps both."""
    matches = list(_GLOSS.finditer(text))
    if not matches:
        return
    held_by = {(s, e): a for a in registry.actors.values() for s, e, _ in a.mentions}
    taken = Spans(held_by)
    for m in matches:
        short, long_ = ("short", "long") if m.group("short") else ("short2", "long2")
        words = m.group(long_).split()
        # the long form is the run of words in or before the brackets whose initials spell it
        for n in range(len(words)):
            cand = " ".join(words[n:]) if long_ == "long2" else " ".join(words[: len(words) - n])
            if initials(cand) == m.group(short):
                break
        else:
            continue
        ls = m.start(long_) + m.group(long_).index(cand)
        spans = [(m.start(short), m.end(short)), (ls, ls + len(cand))]
        owner = next((held_by[x] for ps, pe in spans for x in taken.overlapping(ps, pe)), None)
        if owner is None:
            kind = "military" if words[-1].lower() in _MILITARY else "organisation"
            owner = registry.add(cand, kind)
        for ps, pe in spans:
            if not taken.overlapping(ps, pe):
                owner.mentions.append((ps, pe, "abbreviation_with_gloss"))

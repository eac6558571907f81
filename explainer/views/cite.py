"""Cite a fact: every anchored record with what a reader needs to cite it, and the book's citation.

A record's citation names the voice, the relay chain (speaker → relay → article), the outlet, its
date, the quoted characters and their offsets in the article, and the record's permalink. The
annotated article page shows it on each highlight, its record table lists it, and the downloads
carry it. The book's own citation is read from ``CITATION.cff`` at the repository root, the one
place that says how to cite the book.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml

from explainer.package import CFF_PATH, display_path
from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.package.vocab import voice_at
from explainer.views.derive import (
    drafts,
    graph,
    links,
    people,
    quantities,
    relaying,
    roster,
    sourcing,
    timing,
)

# Every anchored table: (table, id column, kind), outermost kind first. When two records cover the
# same characters, the earlier kind wraps the later one on the annotated article page.
ANCHORED = (
    ("statements", "statement_id", "statement"),
    ("relations", "relation_id", "relation"),
    ("events", "event_id", "event"),
    ("aliases", "alias_id", "alias"),
    ("terms", "term_id", "term"),
    ("figures", "figure_id", "figure"),
    ("notes", "note_id", "note"),
)
KIND_RANK = {kind: i for i, (_, _, kind) in enumerate(ANCHORED)}

# What a reader sees as the type of a record. A statement is a quotation or a paraphrase.
TYPE_LABELS = {
    "quotation": "Quotation",
    "paraphrase": "Paraphrase",
    "relation": "Relation",
    "event": "Date or time",
    "alias": "Name",
    "term": "Term",
    "figure": "Figure",
    "note": "Note on the text",
}

# Corroboration, as sourcing.corroboration() reports it, plus "n/a" for records of wording (names,
# terms, notes): the article itself is their evidence, so nothing outside it could confirm them.
CORROBORATION_LABELS = {
    "agrees": "agrees: other reporting says the same",
    "consistent": "consistent: other reporting fits a hedged number, which it cannot confirm",
    "differs": "reported differently: other reporting gives another figure or account",
    "resolves": "resolves: other reporting supplies what the article leaves open (a date)",
    "inferred": "our inference: no report we read states it; we infer it from other reporting "
    "(a date it implies, or a headline read from a report's web address only)",
    "absent": "absent: no other source checked here",
    "n/a": "n/a: a record of the article's wording",
}


@dataclass(frozen=True)
class Outlet:
    """The article as a publication: who wrote it, where, when."""

    source_id: str
    title: str
    publisher: str
    author: str
    date: str  # "no earlier than 19 March 2025"
    date_note: str  # "" when the source gives its date, else e.g. "our inference"
    reprint_url: str

    @property
    def dated(self) -> str:
        return f"{self.date} ({self.date_note})" if self.date_note else self.date


@dataclass(frozen=True)
class Record:
    """One anchored record, with everything its highlight, its card and its citation show."""

    id: str
    kind: str  # a key of ANCHORED's kinds: statement, relation, event, ...
    type: str  # a key of TYPE_LABELS: quotation, paraphrase, relation, ...
    start: int
    end: int
    exact: str
    voice: str  # voice id: whose words the anchored characters are
    voice_label: str
    chain: str  # speaker → relay → publisher
    date: str  # when it was said or happened; "" when the record has no date of its own
    summary: str
    corroboration: str  # a key of CORROBORATION_LABELS
    context_ids: tuple[str, ...]  # context facts about this record
    citation: str
    drafted: bool = False  # made by `python -m explainer draft`, not yet reviewed
    # A quotation's quoted parts, when its cue splits it ("“A,” he said, “B.”"): the words
    # between are the narration's and are not highlighted as the quotation. Empty: start..end.
    parts: tuple[tuple[int, int], ...] = ()
    # Why the site says "our inference" in the chain or the date, in words (read 6, m5): the
    # inferred hop's basis and the event's note. Empty when nothing in them is inferred.
    reasoning: str = ""

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.parts or ((self.start, self.end),)

    @property
    def review_label(self) -> str:
        return "drafted, not yet reviewed" if self.drafted else "reviewed"

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    @property
    def href(self) -> str:
        return links.href(self.id)


def outlet(facts: Facts) -> Outlet:
    """The article's own entry in the sources table (the one row of kind "article")."""
    src = sourcing.article_source(facts)
    date, note = sourcing.source_date(src)
    return Outlet(
        source_id=str(src.source_id),
        title=str(src.title),
        publisher=str(src.publisher),
        author="" if pd.isna(src.author) else str(src.author),
        date=date,
        date_note=note,
        reprint_url="" if pd.isna(src.reprint_url) else str(src.reprint_url),
    )


def _summary(kind: str, row: dict, names: dict[str, str], dating: dict[str, str]) -> str:
    if kind == "statement":
        return f"{row['mode']} statement; addresses: {row['addresses']}"
    if kind == "event":
        return f"{row['label']} (date {dating[row['event_id']]})"
    if kind == "figure":
        hedge = "" if pd.isna(row["hedge"]) else str(row["hedge"])
        return f"{row['exact']}: {row['unit']} ({quantities.reading(str(row['bound']), hedge)})"
    if kind == "relation":
        return (
            f"{names[row['subject_id']]} {str(row['kind']).replace('_', ' ')} "
            f"{names[row['object_id']]}: {row['detail']}"
        )
    if kind == "alias":
        return f"names {names[row['actor_id']]} ({str(row['form']).replace('_', ' ')})"
    if kind == "term":
        loaded = people.LOADED_WORDS[bool(row["loaded"])]
        return f"the term “{row['term']}” ({loaded} {row['category']})"
    return str(row["note"])


#: Characters that open or close a quotation, set around a sentence's words but not ending it.
_QUOTE_MARKS = "“”‘’\"'"


def _starts_a_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t").rstrip(_QUOTE_MARKS).rstrip(" \t")
    return not before or before.endswith(("\n", ".", "?", "!", ":")) or text[start - 1] in '“‘"'


def _ends_a_sentence(text: str, end: int) -> bool:
    span = text[:end].rstrip(_QUOTE_MARKS)
    after = text[end:].lstrip(_QUOTE_MARKS).lstrip(" \t")
    return (
        span.endswith((".", "?", "!"))
        or not after
        or after.startswith(("\n", ".", "?", "!"))
        or text[end : end + 1] in ("”", "’", '"')
    )


def cut_marked(text: str, start: int, end: int) -> str:
    """The article's words from ``start`` to ``end``, with "…" where they cut a sentence: before
    them when they start inside one, after them when they stop inside one (read 6, M3: a
    citation copied out on its own must not read as the whole sentence). Words bounded by their
    own quotation marks are whole as quoted."""
    words = text[start:end]
    if not _starts_a_sentence(text, start):
        words = "…" + words
    if not _ends_a_sentence(text, end):
        words += "…"
    return words


def citation(
    rec_type: str,
    exact: str,
    voice_label: str,
    chain: str,
    start: int,
    end: int,
    record_id: str,
    out: Outlet,
    drafted: bool = False,
) -> str:
    """The plain-text citation of one record; a drafted one says it is a draft."""
    byline = f"{out.author}, " if out.author else ""
    draft = "Drafted by machine, not yet reviewed by an editor: " if drafted else ""
    marks = exact.strip("…")
    if marks and not any(ch.isalnum() for ch in marks):
        # A record of a mark alone (a stray quotation mark): in quotation marks it would read
        # “”” (read 6, m4), so it is named in words, and shown.
        named = " ".join(unicodedata.name(ch, "mark").lower() for ch in marks)
        shown = f"the {named} ({marks})"
    else:
        shown = f"“{exact}”"
    return (
        f"{draft}{shown} ({TYPE_LABELS[rec_type].lower()}; voice: {voice_label}; relay chain: {chain}). "
        f"In {byline}“{out.title}”, {out.publisher}, {out.dated}, "
        f"characters {start}–{end}. Record {record_id}: {links.href(record_id)}"
    )


#: (table, record id) of every drafted record no editor has reviewed (one source: derive.drafts).
drafted_ids = drafts.drafted_ids


def _reasonings(facts: Facts, chains: dict[str, str]):
    """A function (record id, kind, span, chain, date, event id) → why its chain or date says
    "our inference": the inferred hop's basis note, from the innermost statement holding the
    record with the same chain (a statement's own), and the dating event's note."""
    hops = relaying.hops(facts)
    inferred = hops[hops.inferred.astype(bool)]
    hop_notes = {
        sid: "; ".join(f"{r.actor} is our inference: {r.basis_note}" for r in group.itertuples())
        for sid, group in inferred.groupby("statement_id", sort=False)
    }
    st = facts.statements
    spans = list(zip(st.start.astype(int), st.end.astype(int), st.statement_id, strict=True))
    ev = facts.events.set_index("event_id")
    notes = ev.note.where(ev.note.notna(), "").astype(str).to_dict() if "note" in ev else {}

    def reasoning(rid: str, kind: str, start: int, end: int, chain: str, date: str, event) -> str:
        parts = []
        if relaying.INFERRED_MARK in chain:
            holders = [(b - a, sid) for a, b, sid in spans if a <= start and end <= b]
            own = [rid] if kind == "statement" else []
            for sid in own + [sid for _, sid in sorted(holders)]:
                if chains.get(sid) == chain and sid in hop_notes:
                    parts.append(f"Relay: {hop_notes[sid]}")
                    break
        if relaying.INFERRED_MARK in date and isinstance(event, str) and notes.get(event):
            parts.append(f"Date: {notes[event]}")
        return " ".join(parts)

    return reasoning


def records(facts: Facts) -> list[Record]:
    """Every anchored record, in the order of ANCHORED and then of its table."""
    chains = relaying.relay_chains(facts)
    labels = roster.voice_labels(facts)
    names = roster.actor_names(facts)
    corroborated = sourcing.corroboration(facts)
    about = facts.context.groupby("about_id")["context_id"].apply(tuple).to_dict()
    dates = timing.event_dates(facts)
    dating = timing.dating(facts)
    relation_chains = graph.relation_chains(facts)
    out_ = outlet(facts)
    direct = relaying.direct_parts(facts)
    spans = [(s, e, v) for s, e, v, _ in direct]
    parts_of: dict[str, list[tuple[int, int]]] = {}
    for s, e, _, sid in direct:
        parts_of.setdefault(sid, []).append((s, e))
    drafted = drafted_ids(facts)
    reasoning = _reasonings(facts, chains)
    result = []
    for table, key, kind in ANCHORED:
        for row in facts.tables[table].to_dict("records"):
            rid, start, end = str(row[key]), int(row["start"]), int(row["end"])
            # Events and notes carry no voice of their own: theirs is the voice of the words
            # they anchor, as for every other mention (see vocab.voice_at).
            voice = row.get("voice_id", pd.NA)
            voice = voice_at(spans, start, end) if pd.isna(voice) else str(voice)
            if kind == "statement":
                chain = chains.get(rid, "relay chain not recorded")
            elif kind == "relation":  # the chain the actors page shows too (one source: graph)
                chain = relation_chains[rid]
            else:
                chain = (
                    relaying.containing_chain(direct, chains, start, end, voice) or out_.publisher
                )
            date = ""
            event_id = (
                rid if kind == "event" else row.get("event_id") if kind == "statement" else None
            )
            if isinstance(event_id, str) and event_id:
                date = dates.get(event_id, "")
            rec_type = (
                str(row["mode"]).replace("direct", "quotation") if kind == "statement" else kind
            )
            voice_label = labels[voice]
            result.append(
                Record(
                    id=rid,
                    kind=kind,
                    type=rec_type,
                    start=start,
                    end=end,
                    exact=str(row["exact"]),
                    voice=voice,
                    voice_label=voice_label,
                    chain=chain,
                    date=date,
                    summary=_summary(kind, row, names, dating),
                    corroboration=corroborated.get(rid, "n/a"),
                    context_ids=tuple(about.get(rid, ())),
                    citation=citation(
                        rec_type,
                        cut_marked(facts.article, start, end),
                        voice_label,
                        chain,
                        start,
                        end,
                        rid,
                        out_,
                        drafted=(table, rid) in drafted,
                    ),
                    drafted=(table, rid) in drafted,
                    parts=tuple(parts_of[rid]) if kind == "statement" and rid in parts_of else (),
                    reasoning=reasoning(rid, kind, start, end, chain, date, event_id),
                )
            )
    return result


# ---------------------------------------------------------------- the book's own citation


CFF_REQUIRED = ("cff-version", "message", "title", "authors")


class CitationError(Exception):
    """CITATION.cff cannot be read; the message names the file, the line or key, and the problem."""


def load_cff(path: Path = CFF_PATH) -> dict:
    """CITATION.cff as a dict (it is YAML), with the keys CFF 1.2.0 requires."""
    from explainer.package import deps

    deps.record(path)  # a page that cites the book re-runs when CITATION.cff changes
    shown = display_path(Path(path).parent, Path(path).name)
    try:
        cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise CitationError(f"{shown}: cannot read: {err.strerror}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else "-"
        problem = getattr(err, "problem", None) or str(err)
        raise CitationError(f"{shown}:{line}: invalid YAML: {problem}") from None
    if not isinstance(cff, dict):
        raise CitationError(f"{shown}: not a mapping of keys to values")
    for key in CFF_REQUIRED:
        if not cff.get(key):
            raise CitationError(f"{shown}: {key}: missing (CFF 1.2.0 requires it)")
    return cff


def _person(author: dict) -> str:
    if "name" in author:  # an entity: a team, an organisation
        return str(author["name"])
    given = str(author.get("given-names", ""))
    initials = " ".join(f"{part[0]}." for part in given.split())
    return f"{author['family-names']}, {initials}".strip(", ")


def explainer_title(facts: Facts) -> str | None:
    """This package's explainer title (see :func:`explainer.package.settings.title`)."""
    articles = facts.sources[facts.sources["kind"] == "article"]
    row = None if articles.empty else articles.iloc[0]
    article_title = "" if row is None or pd.isna(row["title"]) else str(row["title"])
    publisher = "" if row is None or pd.isna(row["publisher"]) else str(row["publisher"])
    return package_settings.title(facts.descriptor, article_title, publisher)


_QUOTED = re.compile(r"“([^”]+)”")


def credits_headline(title: str, out: Outlet) -> bool:
    """Whether ``title`` attributes the article's claim: it quotes the headline (whole, or cut
    with an ellipsis at the cut) between curly quotation marks and names the outlet. A headline
    is the outlet's claim; a title that restates it unquoted says it in the site's voice."""
    if out.publisher not in title:
        return False
    for quoted in _QUOTED.findall(title):
        if quoted == out.title:
            return True
        cut = quoted.removesuffix("…")
        if cut != quoted and cut.strip() and out.title.startswith(cut):
            return True
    return False


def book_citation(cff: dict | None = None, facts: Facts | None = None) -> str:
    """The suggested citation of the book, APA-like, from CITATION.cff: its authors, date and
    version; the title is the package's own explainer title, so another article's explainer is
    not cited by the title of the one CITATION.cff was written for."""
    cff = load_cff() if cff is None else cff
    own = explainer_title(facts) if facts is not None else None
    if own:
        cff = {**cff, "title": own}
    authors = [_person(a) for a in cff["authors"]]
    who = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + f", & {authors[-1]}"
    released = cff.get("date-released")
    year = str(released)[:4] if released else "n.d."
    version = f" (version {cff['version']})" if cff.get("version") else ""
    where = cff.get("url") or cff.get("repository-code") or ""
    kind = "Annotated explainer and data set"
    if facts is not None and drafts.is_draft(facts):
        drafted, reviewed = drafts.review_counts(facts)
        kind = f"Draft explainer: {drafted} of {drafted + reviewed} records not yet reviewed"
    return f"{who} ({year}). {cff['title']}{version} [{kind}]. {where}".strip()


def book_citation_html(cff: dict | None = None, facts: Facts | None = None) -> str:
    """The suggested citation as a paragraph for the method page."""
    return f'<p class="book-citation">{html.escape(book_citation(cff, facts))}</p>'


#: The rights line every copy of the article's text carries (EDITORIAL.md rule 8).
RIGHTS_LINE = "Reproduced for analysis and commentary; rights stay with the publisher."
#: The limits line of a copy that travels alone (an embed, a chart image): rule 6.
LIMITS_LINE = "One article from one outlet; it does not establish what happened."
#: The id of each page's limits box (explainer.views.prose.limits_note), for links to it.
LIMITS_ID = "limits"


@dataclass(frozen=True)
class Credit:
    """What a copy of the article's text that leaves the site carries: the credit line (outlet,
    author, reprint link), the rights line and the limits line. Read from the package's own
    sources table, so every package's embeds credit its own article."""

    credit: str  # From “<title>” by <author>, <publisher>.
    reprint_url: str  # "" when the package knows no copy of the article to link
    rights: str = RIGHTS_LINE
    limits: str = LIMITS_LINE


def credit(facts: Facts) -> Credit:
    """The credit of this package's article (see :class:`Credit`)."""
    out = outlet(facts)
    src = sourcing.article_source(facts)
    url = out.reprint_url or ("" if pd.isna(src.url) else str(src.url))
    byline = f" by {out.author}" if out.author else ""
    return Credit(credit=f"From “{out.title}”{byline}, {out.publisher}.", reprint_url=url)


# ---------------------------------------------------------------- what carries the article's text

#: A run of this many of the article's words, in order, is its text (shorter runs are phrases any
#: report of the same events would use: "the United States", "on Tuesday").
ARTICLE_RUN = 3
_WORD = re.compile(r"\w+(?:'\w+)*")
_QUOTED_ANY = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_ADDRESS = re.compile(r"\w+://\S+")  # a web address: its slug may spell the headline


def _plain(text: str) -> str:
    """Lower case, straight quotes and apostrophes, hyphens as spaces, single spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("-", " ")
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class ArticleText:
    """Tells whether a text reproduces the article's: it quotes a passage of the article (in
    curly or straight quotation marks; the headline quoted as a citation names the work and does
    not count), or it shares a run of :data:`ARTICLE_RUN` words with it once names (of actors,
    voices, the outlet and the author) are set aside."""

    article: str
    names: tuple[str, ...] = ()
    headline: str = ""

    @cached_property
    def _grams(self) -> set[tuple[str, ...]]:
        words = _WORD.findall(self._plain_article)
        return {tuple(words[i : i + ARTICLE_RUN]) for i in range(len(words) - ARTICLE_RUN + 1)}

    @cached_property
    def _plain_article(self) -> str:
        return _plain(self.article)

    @cached_property
    def _plain_names(self) -> frozenset[str]:
        return frozenset(_plain(n) for n in self.names if n.strip())

    @cached_property
    def _name_pattern(self) -> re.Pattern | None:
        names = sorted(self._plain_names, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def carried_by(self, text: str) -> bool:
        """True when ``text`` quotes the article or shares a run of its words."""
        text = _ADDRESS.sub(" ", text)
        for a, b in _QUOTED_ANY.findall(text):
            quoted = _plain(a or b).strip(" ,.;:")
            if quoted and quoted != _plain(self.headline) and quoted in self._plain_article:
                return True
        rest = _plain(text)
        if self._name_pattern is not None:
            rest = self._name_pattern.sub("|", rest)
        for piece in rest.split("|"):
            words = _WORD.findall(piece)
            if any(tuple(words[i : i + ARTICLE_RUN]) in self._grams for i in range(len(words))):
                return True
        return False


def article_text(facts: Facts) -> ArticleText:
    """This package's :class:`ArticleText`: its article, with its names set aside, but for a
    name that is a whole quotation of the article ("“Arabic and Islamic world”"): that name is
    the article's words, and a text that uses it carries them (read 6, m1)."""
    out = outlet(facts)
    names = (
        *roster.actor_names(facts).values(),
        *roster.voice_labels(facts).values(),
        out.title,
        out.author,
        out.publisher,
    )
    quoted = {_plain(q).strip(" ,.;:") for q in re.findall(r"“([^“”]+)”", facts.article)}
    kept = tuple(str(n) for n in names if _plain(str(n)) not in quoted)
    return ArticleText(facts.article, kept, out.title)

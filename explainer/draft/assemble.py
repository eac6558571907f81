"""The tables of a drafted package, from the parsed paragraphs.

Every drafted record gets a provenance row: its rule, its confidence and a note for the editor.
Coverage is by construction: every quoted passage, number and date expression the validator's
scanners find is drafted, and a sentence with no fact gets a ``no_fact`` note, so the draft
passes ``python -m explainer validate`` and the editor sees every place still to read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from explainer.package import scan
from explainer.package.vocab import voice_at

from . import actors, attributions, confidence, dates, fact_confidence, figures, speakers
from .actors import Registry, Spans, slug

# "narration" is the schema's name for the article's own voice (see vocab.voice_at).
NARRATION, UNNAMED = "narration", "unnamed_source"
ARTICLE_SOURCE = "src_text"
#: The confidence of a group the text describes (``actors.group_mentions``) before the fit:
#: an even chance; ``fact_confidence`` sets the share right of its own cell (``described|n``).
DESCRIBED_CONFIDENCE = 0.5
TABLES = (
    "sources", "actors", "voices", "aliases", "events", "statements", "relay_hops", "figures",
    "checks", "relations", "terms", "context", "notes",
)  # fmt: skip


@dataclass
class Meta:
    date: dt.date | None = None
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""


@dataclass
class Draft:
    tables: dict[str, list[dict]] = field(default_factory=dict)
    provenance: list[dict] = field(default_factory=list)

    def add(self, table: str, row: dict, id_field: str, rule: str, conf: float, note: str = ""):
        self.tables.setdefault(table, []).append(row)
        self.provenance.append(
            {
                "record_id": row[id_field],
                "table": table,
                "review": "draft",
                "rule": rule,
                "confidence": f"{conf:.2f}",
                "note": note,
            }
        )


def _span(text, x):
    return ("", "", "") if not x else (x[0], x[1], text[x[0] : x[1]])


def _sentence_of(sentences, offset):
    """Index of the sentence holding ``offset`` (-1 if none), by bisection."""
    i = bisect.bisect_right(sentences, (offset, float("inf"))) - 1
    return i if i >= 0 and sentences[i][0] <= offset < sentences[i][1] else -1


# "By Sam Writer, The Riverside Courier": the author, then the outlet (the validator's reading).
BYLINE = re.compile(r"By\s+([^,\n]{2,80}?),\s+([^,\n]{2,80}?)\s*")


def with_byline(text: str, meta: Meta) -> Meta:
    """``meta`` with the author and outlet the byline prints, where the command line gave none."""
    paras = scan.paragraphs(text)
    if len(paras) < 2 or (meta.outlet and meta.author):
        return meta
    m = BYLINE.fullmatch(text, *paras[1])
    if m is None:
        return meta
    return replace(meta, author=meta.author or m.group(1), outlet=meta.outlet or m.group(2))


def build(text: str, paragraphs, meta: Meta) -> Draft:
    given = meta
    meta = with_byline(text, meta)
    d = Draft()
    sentences = scan.sentences(text)
    # ---- attributions, with article-level rules
    attrs = attributions.extend(text, attributions.lift(paragraphs))
    found = []
    for p in paragraphs:
        for ent in p.doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
                at = ent.start_char + p.start, ent.end_char + p.start
                found.append(actors.Entity(*at, ent.label_, *actors.role(ent)))
    ents = actors.prepare(text, found)
    outlet = meta.outlet or "The publisher (not given)"
    publisher_id = slug(meta.outlet) if meta.outlet else "publisher"
    registry = Registry(set())
    registry.publisher(publisher_id, outlet)
    for ent in sorted(ents):
        registry.mention(text, *ent)
    actors.glossed_acronyms(text, registry)
    actors.acronym_mentions(text, registry)
    actors.surname_mentions(text, registry)
    speakers.resolve(text, attrs, sorted(ents), registry)
    # after the speakers, so that a group described in the text is never read as a name
    actors.group_mentions(text, paragraphs, registry)
    attrs = attributions.unnested(attrs)
    direct = [a for a in attrs if a.mode == "direct"]
    passages = scan.quotations(text)[0]

    def voice_of_speaker(a):
        return a.speaker if a.speaker else UNNAMED

    direct_spans = []
    q_starts = [q.start for q in passages]
    for a in direct:
        # Only the passages that start inside the span, found by bisection: linear in the article.
        lo = bisect.bisect_left(q_starts, a.content[0])
        hi = bisect.bisect_right(q_starts, a.content[1])
        parts = scan.quoted_parts(passages[lo:hi], *a.content)
        direct_spans += [(s, e, voice_of_speaker(a)) for s, e in parts]

    direct_spans.sort()
    starts = [x[0] for x in direct_spans]

    def voice(s, e):
        # voice_at over the few quotations that start before s (quotations sit in paragraphs)
        i = bisect.bisect_right(starts, s)
        return voice_at(direct_spans[max(0, i - 50) : i], s, e)

    # ---- sources
    d.add(
        "sources",
        {
            "source_id": ARTICLE_SOURCE,
            "kind": "article",
            "title": title_of(text, meta)[0],
            "publisher": outlet,
            "author": meta.author,
            "url": meta.url,
            "reprint_url": "",
            "title_basis": title_of(text, meta)[1],
            "date_start": meta.date.isoformat() if meta.date else "",
            "date_end": meta.date.isoformat() if meta.date else "",
            "date_precision": "day" if meta.date else "",
            "date_basis": "read" if meta.date else "unknown",
            "note": "The article drafted from; publication date as given with --date."
            if meta.date
            else "The article drafted from; no publication date was given (--date).",
        },
        "source_id",
        "command_line",
        1.0,
        "check the title, outlet, author, address and date"
        + ("; the outlet and author were read from the byline" if meta != given else ""),
    )
    # ---- events from date expressions
    ev_rows = []
    stated = []  # (offset, date) of stated month-day dates, for durations
    for p in paragraphs:
        for x in p.doc._.dates:
            s, e = x.start + p.start, x.end + p.start
            phrase = text[s:e]
            anchor = None
            if x.kind == "duration":
                si = _sentence_of(sentences, s)
                near = [dd for off, dd in stated if _sentence_of(sentences, off) in (si, si - 1)]
                anchor = near[-1] if near else None
            r = dates.within_year(
                dates.resolve(phrase, x.kind, meta.date, anchor, x.tense), meta.date
            )
            if x.kind == "month_day" and r.date_start:
                stated.append((s, r.date_start))
            ev_rows.append((s, e, phrase, r, x.kind))
    periods = [
        (s, e, r.date_end, phrase)
        for s, e, phrase, r, kind in ev_rows
        if kind == "duration" and r.date_end and r.date_start != r.date_end
    ]
    for s, e, day, note in dates.period_ends(paragraphs, periods):
        r = dates.Resolved(day, day, "day", "computed", note)
        ev_rows.append((s, e, text[s:e], r, "period_end"))
    ev_rows += _statements_dated_by_another(text, paragraphs, sentences, attrs, ev_rows)
    ev_rows.sort(key=lambda row: row[0])
    for n, (s, e, phrase, r, kind) in enumerate(ev_rows, 1):
        d.add(
            "events",
            {
                "event_id": f"ev_{n:03d}",
                "label": f"{phrase}",
                "start": s,
                "end": e,
                "exact": phrase,
                "date_start": r.date_start.isoformat() if r.date_start else "",
                "date_end": r.date_end.isoformat() if r.date_end else "",
                "precision": r.precision,
                "resolution": r.resolution,
                "moment_utc": "",
                "note": r.note,
            },
            "event_id",
            f"date_{kind}",
            0.8 if r.precision != "unresolved" else 0.5,
            "what happened then? give the event a label"
            + ("" if meta.date else "; no --date given"),
        )
    date_events = [
        (row["start"], row["end"], row["event_id"]) for row in d.tables.get("events", [])
    ]
    events_in: dict[int, list] = {}
    for ev in date_events:
        events_in.setdefault(_sentence_of(sentences, ev[0]), []).append(ev)
    # ---- actors: publisher first
    actor_rows = {
        publisher_id: {
            "actor_id": publisher_id,
            "name": outlet,
            "kind": "media_outlet",
            "part_of": "",
            "description": "The outlet that published the article (from --outlet).",
        }
    }
    # ---- statements
    statements = [a for a in attrs if a.mode != "note"]
    voices_used = {NARRATION, UNNAMED}
    elsewhere: dict[str, dict[str, tuple[int, int]]] = {}
    # A statement is dated by an event only where its sentence dates it: an undated event whose
    # label could only name the statement ("Statement st_002") tells the reader nothing.
    for n, a in enumerate(statements, 1):
        sid = f"st_{n:03d}"
        elsewhere[sid] = dict(a.carried)
        if a.referent and a.speaker:
            elsewhere[sid].setdefault(a.speaker, a.referent)
        cs, ce, cx = _span(text, a.content)
        same = events_in.get(_sentence_of(sentences, a.content[0]), [])
        event_id = same[0][2] if same else ""
        speaker = a.speaker
        v = voice_of_speaker(a)
        voices_used.add(v)
        cs_, ce_, cx_ = _span(text, a.cue)
        ss, se, sx = _span(text, a.source)
        notes = "; ".join(a.notes)
        row = {
            "statement_id": sid,
            "mode": a.mode,
            "voice_id": v,
            "speaker_id": speaker,
            "start": cs,
            "end": ce,
            "exact": cx,
            "event_id": event_id,
            "addressee_id": "",
            "addresses": "not drafted",
            "relay_note": notes,
            "cue_start": cs_,
            "cue_end": ce_,
            "cue_exact": cx_,
            "source_start": ss,
            "source_end": se,
            "source_exact": sx,
        }
        # The fitted chance that this statement is right (model/calibration.json).
        a.confidence = confidence.of_statement(row, a.rule, a.confidence)
        d.add(
            "statements",
            row,
            "statement_id",
            a.rule,
            a.confidence,
            notes or "check the content span, the cue and the speaker",
        )
        chain = (
            ([(speaker, "speaker", "")] if speaker else [])
            + [
                (r, "relay", f"src_{r}")
                for r in dict.fromkeys(getattr(a, "relays", []))
                if r != speaker
            ]
            + [(publisher_id, "publisher", ARTICLE_SOURCE)]
        )
        for pos, (actor, role, src) in enumerate(chain, 1):
            row = {
                "statement_id": sid,
                "position": pos,
                "actor_id": actor,
                "role": role,
                "source_id": src,
            }
            d.tables.setdefault("relay_hops", []).append(row)
            d.provenance.append(
                {
                    "record_id": f"{sid}#{pos}",
                    "table": "relay_hops",
                    "review": "draft",
                    "rule": f"relay_{role}",
                    "confidence": f"{a.confidence:.2f}",
                    "note": (
                        "basis: stated for the same account elsewhere"
                        if actor in a.carried
                        else "basis: stated in this sentence"
                        if role == "relay"
                        else ""
                    ),
                }
            )
            if role == "relay":
                _relay_source(d, registry, actor)
    # ---- figures and checks
    fig_rows = []
    for p in paragraphs:
        for f in p.doc._.figures:
            s, e = f.start + p.start, f.end + p.start
            fig_rows.append((s, e, f))
    for n, (s, e, f) in enumerate(fig_rows, 1):
        d.add(
            "figures",
            {
                "figure_id": f"fg_{n:03d}",
                "start": s,
                "end": e,
                "exact": text[s:e],
                "value": str(int(f.value)) if f.value.is_integer() else repr(f.value),
                "unit": f.unit,
                "hedge": f.hedge,
                "bound": f.bound,
                "kind": f.kind,
                "voice_id": voice(s, e),
                "note": "Drafted from the text.",
            },
            "figure_id",
            f"figure_{f.kind}",
            f.confidence,
            "check the unit and what is counted" + (f"; hedge “{f.hedge}” kept" if f.hedge else ""),
        )
    _sum_checks(d, text)
    # ---- aliases and actors
    repeats = _repeated_names(text, registry.actors.values())
    n_alias = 0
    for actor in registry.actors.values():
        desc = (
            f"Named in the article as “{text[actor.mentions[0][0] : actor.mentions[0][1]]}”."
            if actor.mentions
            else "Named as a relay."
        )
        if actor.title:
            desc += f" Title printed with the name: {actor.title}."
        if actor.actor_id != publisher_id:
            actor_rows[actor.actor_id] = {
                "actor_id": actor.actor_id,
                "name": actor.name,
                "kind": actor.kind,
                "part_of": "",
                "description": desc,
            }
        group = actor.kind == "group" and all(f == "descriptor" for *_, f in actor.mentions)
        if group:
            actor_rows[actor.actor_id]["description"] = (
                f"A group the article describes, as “{actor.name}”, and does not name."
            )
        for s, e, form in sorted(actor.mentions + repeats.get(actor.actor_id, [])):
            n_alias += 1
            repeated = (s, e) in {(a, b) for a, b, _ in repeats.get(actor.actor_id, [])}
            if group:
                rule, conf = "described_group", DESCRIBED_CONFIDENCE
                check = "a group the text describes: the same group as its other mentions?"
            elif repeated:
                rule, conf = "name_repeated", 0.6
                check = (
                    "the same name printed again, which the parser did not tag here: "
                    "the same actor?"
                )
            else:
                rule, conf, check = "spacy_ner", 0.7, "same actor as the other aliases? right kind?"
            d.add(
                "aliases",
                {
                    "alias_id": f"al_{n_alias:03d}",
                    "actor_id": actor.actor_id,
                    "start": s,
                    "end": e,
                    "exact": text[s:e],
                    "voice_id": voice(s, e),
                    "form": form,
                },
                "alias_id",
                rule,
                conf,
                check,
            )
    for row in actor_rows.values():
        if row["description"].startswith("A group the article describes"):
            d.add(
                "actors",
                row,
                "actor_id",
                "described_group",
                DESCRIBED_CONFIDENCE,
                "a group the text describes, not names: is it a party to what happens here?",
            )
            continue
        d.add(
            "actors",
            row,
            "actor_id",
            "spacy_ner" if row["actor_id"] != publisher_id else "command_line",
            0.7 if row["actor_id"] != publisher_id else 1.0,
            "check the name, kind and description",
        )
    # ---- voices
    d.tables["voices"] = [
        {
            "voice_id": NARRATION,
            "actor_id": publisher_id,
            "label": f"{outlet} (narration)",
            "description": "The article's own words, outside quotation marks.",
        },
        {
            "voice_id": UNNAMED,
            "actor_id": "",
            "label": "Unattributed",
            "description": "Words whose speaker the text does not name.",
        },
    ]
    for v in sorted(voices_used - {NARRATION, UNNAMED}):
        name = actor_rows[v]["name"]
        d.tables["voices"].append(
            {
                "voice_id": v,
                "actor_id": v,
                "label": name,
                "description": f"{name}, as quoted or reported by the article.",
            }
        )
    for row in d.tables["voices"]:
        d.provenance.append(
            {
                "record_id": row["voice_id"],
                "table": "voices",
                "review": "draft",
                "rule": "speakers",
                "confidence": "0.70",
                "note": "",
            }
        )
    # ---- terms
    n_term = 0
    for p in paragraphs:
        for m in p.doc._.terms:
            s, e = m.start + p.start, m.end + p.start
            n_term += 1
            d.add(
                "terms",
                {
                    "term_id": f"tm_{n_term:03d}",
                    "term": m.entry.term,
                    "start": s,
                    "end": e,
                    "exact": text[s:e],
                    "voice_id": voice(s, e),
                    "category": m.entry.category,
                    "loaded": "true" if m.entry.loaded else "false",
                    "refers_to": "",
                },
                "term_id",
                "lexicon",
                0.5,
                f"lexicon: {m.entry.note}; is it loaded here, and whom does it name?",
            )
    # ---- notes: stray marks, quoted phrases, sentences with no fact
    n_note = 0
    for off in scan.quotations(text)[1]:
        n_note += 1
        d.add(
            "notes",
            {
                "note_id": f"nt_{n_note:03d}",
                "kind": "stray_quotation_mark",
                "start": off,
                "end": off + 1,
                "exact": text[off],
                "note": "A quotation mark that pairs with no other in its paragraph; kept as printed.",
            },
            "note_id",
            "unbalanced_quote",
            0.9,
            "where does the quotation start or end?",
        )
    for a in attrs:
        if a.mode == "note":
            n_note += 1
            s, e, x = _span(text, a.content)
            d.add(
                "notes",
                {
                    "note_id": f"nt_{n_note:03d}",
                    "kind": "quoted_phrase",
                    "start": s,
                    "end": e,
                    "exact": x,
                    "note": "A quoted phrase with no cue: a title, a name or a scare quote.",
                },
                "note_id",
                a.rule,
                a.confidence,
                "whose words are these? make it a statement if someone says them",
            )
    facts = [
        (r["start"], r["end"])
        for t in ("statements", "events", "figures")
        for r in d.tables.get(t, [])
    ]
    covered = bytearray(len(text) + 1)
    for a, b in facts:
        covered[a:b] = b"\1" * (b - a)
    for s, e in sentences:
        if covered.find(1, s, e) < 0:
            n_note += 1
            d.add(
                "notes",
                {
                    "note_id": f"nt_{n_note:03d}",
                    "kind": "no_fact",
                    "start": s,
                    "end": e,
                    "exact": text[s:e],
                    "note": "The drafter found no attribution, figure or date here.",
                },
                "note_id",
                "no_fact",
                0.5,
                "does this sentence hold a fact to record?",
            )
    for t in TABLES:
        d.tables.setdefault(t, [])
    _hop_basis(d, text, elsewhere)
    fact_confidence.apply(d.tables, d.provenance)
    return d


def _repeated_names(text: str, actors) -> dict[str, list[tuple[int, int, str]]]:
    """Every printing of a name the parser tagged somewhere but not there (NER misses repeats),
    per actor: the package records each printing of a name it records (the validator checks
    this). A name two actors share goes to the first that has it."""
    covered = Spans((s, e) for actor in actors for s, e, _ in actor.mentions)
    owner: dict[str, tuple[str, str]] = {}
    for actor in actors:
        for s, e, form in actor.mentions:
            owner.setdefault(text[s:e], (actor.actor_id, form))
    found: dict[str, list[tuple[int, int, str]]] = {}
    for name, (actor_id, form) in owner.items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            near = covered.overlapping(m.start(), m.end())
            if not any(a <= m.start() and m.end() <= b for a, b in near):
                found.setdefault(actor_id, []).append((m.start(), m.end(), form))
                covered.add((m.start(), m.end()))
    return found


def _hop_basis(d: Draft, text: str, elsewhere: dict[str, dict[str, tuple[int, int]]]) -> None:
    """Each relay hop's basis, as the schema asks: ``stated_here`` with the words of an alias
    in the passage's sentence that names the hop's actor; the publisher's hop, the ``byline``;
    ``stated_elsewhere`` for a speaker the sentence only refers to ("the group", "he") and for
    a relay carried from another statement of the same account (``elsewhere``: statement id ->
    actor id -> the words naming it); any other hop the sentence does not name, our inference,
    with the reason, for the editor to check."""
    spans = {r["statement_id"]: (int(r["start"]), int(r["end"])) for r in d.tables["statements"]}
    # Where the statement names its source ("Rep. Jane Doe, the top Democrat on the panel, said"),
    # even outside the passage's own sentence: a speaker named there is never our inference.
    sources = {
        r["statement_id"]: (int(r["source_start"]), int(r["source_end"]))
        for r in d.tables["statements"]
        if r.get("source_start") not in (None, "")
    }
    sentences = scan.sentences(text)
    sentence_starts = [a for a, _ in sentences]
    by_actor: dict[str, list[tuple[int, int, str]]] = {}
    for alias in d.tables["aliases"]:
        by_actor.setdefault(alias["actor_id"], []).append(
            (int(alias["start"]), int(alias["end"]), alias["exact"])
        )
    for aliases in by_actor.values():
        aliases.sort()
    alias_starts = {k: [a for a, _, _ in v] for k, v in by_actor.items()}
    for hop in d.tables["relay_hops"]:
        hop.update(basis="", wording="", basis_note="")
        if hop["role"] == "publisher":
            hop["basis"] = "byline"
            continue
        s, e = spans[hop["statement_id"]]
        # the sentences the passage touches, and the actor's aliases inside them, by bisection
        lo = max(0, bisect.bisect_right(sentence_starts, s) - 1)
        hi = bisect.bisect_left(sentence_starts, e)
        around = [(a, b) for a, b in sentences[lo : max(hi, lo + 1)] if a < e and s < b]
        mine = by_actor.get(hop["actor_id"], [])
        first = alias_starts.get(hop["actor_id"], [])
        named = []
        if around:
            i = bisect.bisect_left(first, around[0][0])
            j = bisect.bisect_right(first, around[-1][1])
            named = [
                words for a, b, words in mine[i:j] if any(sa <= a and b <= sb for sa, sb in around)
            ]
        where = elsewhere.get(hop["statement_id"], {}).get(hop["actor_id"])
        if named:
            hop.update(basis="stated_here", wording=named[0])
        elif where is not None and hop["role"] == "speaker":
            # "the group said": the sentence refers to the speaker the article named before.
            words = text[where[0] : where[1]]
            inside = any(sa <= where[0] and where[1] <= sb for sa, sb in around)
            hop.update(
                basis="stated_elsewhere",
                wording=words if inside else "",
                basis_note=f"Drafted: the speaker read from “{words}”"
                f"{'' if inside else f' (at {where[0]})'}, which refers to or continues a"
                " speaker the article names before. Check it.",
            )
        elif where is not None:
            words = text[where[0] : where[1]]
            hop.update(
                basis="stated_elsewhere",
                basis_note=f"Drafted: the sentence names no relay; “{words}” (at {where[0]}) is"
                " named for another statement of the same account. Check it.",
            )
        elif hop["role"] == "speaker" and _names(
            by_actor.get(hop["actor_id"], []), sources.get(hop["statement_id"])
        ):
            a, b = sources[hop["statement_id"]]
            hop.update(
                basis="stated_elsewhere",
                basis_note=f"Drafted: the statement names its speaker as “{text[a:b]}” (at {a}),"
                " beside the passage's sentence. Check it.",
            )
        else:
            hop.update(
                basis="inferred",
                basis_note="Drafted: the passage's sentence does not name this actor; the"
                " drafter resolved the speaker from an earlier mention (a pronoun or 'the"
                " statement'). Check it.",
            )


def _names(aliases: list[tuple[int, int, str]], source: tuple[int, int] | None) -> bool:
    """Whether an alias of the actor lies inside the statement's source span."""
    return source is not None and any(source[0] <= a and b <= source[1] for a, b, _ in aliases)


def _relay_source(d: Draft, registry, actor_id: str) -> None:
    sid = f"src_{actor_id}"
    if any(r["source_id"] == sid for r in d.tables["sources"]):
        return
    name = registry.actors[actor_id].name
    d.add(
        "sources",
        {
            "source_id": sid,
            "kind": "relay",
            "title": f"{name}'s report, as the article names it",
            "publisher": name,
            "author": "",
            "url": "",
            "reprint_url": "",
            "title_basis": "descriptive",
            "date_basis": "unknown",
            "note": "A relay the article names; the original report was not looked for.",
        },
        "source_id",
        "relay",
        0.6,
        "find the relay's own report, or say it was not found",
    )


def _sum_checks(d: Draft, text: str) -> None:
    """ "33 … (25 alive and eight deceased)": a count followed by a bracket of counts that add up."""
    figs = d.tables.get("figures", [])
    n = 0
    for i, f in enumerate(figs):
        if f["kind"] != "count":
            continue
        open_at = text.find("(", f["end"], f["end"] + 60)
        close_at = text.find(")", open_at) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            continue
        parts = [
            g
            for g in figs[i + 1 :]
            if open_at < g["start"] and g["end"] <= close_at and g["kind"] == "count"
        ]
        if len(parts) >= 2 and sum(float(g["value"]) for g in parts) == float(f["value"]):
            n += 1
            for g in parts:  # "nine members (seven in favour and two against)": members too
                if g["unit"] == figures.NO_UNIT and f["unit"] != figures.NO_UNIT:
                    g["unit"] = f["unit"]
            d.add(
                "checks",
                {
                    "check_id": f"ck_{n:03d}",
                    "kind": "sum",
                    "result_id": f["figure_id"],
                    "operand_ids": " ".join(g["figure_id"] for g in parts),
                    "note": f"{' + '.join(g['exact'] for g in parts)} makes {f['exact']}, as the text implies.",
                },
                "check_id",
                "sum_in_brackets",
                0.7,
                "do the parts count the same thing as the total?",
            )


def _statements_dated_by_another(text, paragraphs, sentences, attrs, ev_rows) -> list[tuple]:
    """Undated statements ("In its own statement, the union called for …") of a speaker whose
    other statement the text dates to a day ("In a statement issued on Tuesday, the union
    said …"): dated that day, ``approximate`` and ``inferred``, since the text does not say it
    is the same day. A statement with a date in its own sentence, or whose speaker has no dated
    statement, gets no event."""
    dated = {
        _sentence_of(sentences, s): (r.date_start, phrase)
        for s, e, phrase, r, kind in ev_rows
        if r.precision == "day" and r.date_start
    }
    said: dict[str, list[int]] = {}
    speaker_in: dict[int, str] = {}
    for a in attrs:
        if a.mode == "note" or not a.speaker:
            continue
        at = a.cue or a.source or a.content
        si = _sentence_of(sentences, at[0])
        said.setdefault(a.speaker, []).append(si)
        speaker_in.setdefault(si, a.speaker)
    statement_sents, found = set(), []
    for p in paragraphs:
        for tok in p.doc:
            if tok.lemma_.lower() != "statement" or tok.dep_ != "pobj" or tok.head.lower_ != "in":
                continue
            si = _sentence_of(sentences, tok.idx + p.start)
            statement_sents.add(si)
            found.append((tok.head.idx + p.start, tok.idx + len(tok) + p.start, si))
    out = []
    for s, e, si in found:
        speaker = speaker_in.get(si)
        if si in dated or not speaker:
            continue
        others = [o for o in said[speaker] if o in dated and o in statement_sents and o != si]
        if not others:
            continue
        day, phrase = dated[min(others, key=lambda o: abs(o - si))]
        note = (
            "The text does not date this statement; it dates another by the same speaker "
            f"(“{phrase}”, {day:%a %d %b %Y}): that this one came on or near that day is our "
            "inference."
        )
        out.append((s, e, text[s:e], dates.Resolved(day, day, "approximate", "inferred", note),
                    "statement_dated_by_another"))  # fmt: skip
    return out


def _first_line(text: str) -> str:
    first = scan.paragraphs(text)[0]
    line = text[first[0] : first[1]].split("\n")[0]
    return line[:200]


#: A first paragraph longer than this is body text, not a headline.
HEADLINE_MAX = 300


def title_of(text: str, meta: Meta) -> tuple[str, str]:
    """The article's title and its ``title_basis``.

    ``--title`` wins: ``printed`` when it is the headline as printed, else ``descriptive`` (the
    editor's wording). Without it, a recognised headline (a first paragraph of one short line)
    is the title: ``printed`` as it stands when it ends without a full stop, and without its full
    stop, as our description, when it has one (a headline does not end a sentence, so the stop
    is not the title's). Otherwise the first line, as our description."""
    first = scan.paragraphs(text)[0]
    headline = text[first[0] : first[1]]
    if meta.title:
        return meta.title, "printed" if meta.title == headline else "descriptive"
    one_line = "\n" not in headline.strip() and len(scan.sentences(headline)) <= 1
    if len(headline) <= HEADLINE_MAX and one_line:
        if not headline.rstrip().endswith("."):
            return headline, "printed"
        return headline.rstrip().rstrip("."), "descriptive"
    return _first_line(text), "descriptive"

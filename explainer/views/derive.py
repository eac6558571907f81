"""Reshape the fact tables for charts and tables. Pure functions of a :class:`Facts`; no I/O.

Kept apart from ``charts.py`` so that every number a chart draws can be tested on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from explainer.package import DOWNLOADS_DIR, scan
from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.package.vocab import voice_at

ARTICLE_PAGE = "article.html"
# The built site's root as seen from a page in book/ (for links to the downloads).
PAGE_TO_SITE_ROOT = "../"
WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
CONTEXT_STANCES = ("agrees", "differs")


def href(record_id: str) -> str:
    """Permalink of a record's highlighted span on the annotated article page."""
    return f"{ARTICLE_PAGE}#{record_id}"


def download_href(name: str) -> str:
    """Link from a page to a file in the built site's downloads folder."""
    return f"{PAGE_TO_SITE_ROOT}{DOWNLOADS_DIR}/{name}"


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


#: How the article supports a relay hop (relay_hops.basis), in words for tables and tooltips.
BASIS_WORDS = {
    "stated_here": "named in the sentence",
    "stated_elsewhere": "named elsewhere in the article",
    "inferred": "our inference",
    "byline": "named in the byline",
    "not_named": "the article names no relay",
}
#: What the site writes beside a hop that the article does not state (EDITORIAL.md rule 9).
INFERRED_MARK = "our inference"


#: The hop a chain shows where a quoted voice reached the publisher with no relay named: the
#: article does not say the outlet heard it first-hand, so the chain does not either (rule 2).
UNNAMED_RELAY = "relay not named"

#: The one rule for inferring a relay, worded once for every page that states it (the method
#: and statements pages glue it as ``relay_rule``); tests/test_relay_measure.py applies it to
#: the data.
RELAY_RULE = (
    "A relay is inferred only for a passage of the article’s body whose paragraph is next to a "
    "paragraph that names that relay for the same voice, continuing the same statement; never "
    "from other reporting, and never for the headline, which continues no paragraph. Everywhere "
    f"else, for every voice, the chain says “{UNNAMED_RELAY}”."
)


def hops(facts: Facts) -> pd.DataFrame:
    """One row per relay hop, in chain order, with the actor's name, whether the hop is our
    inference, and ``label``: the name as a chain shows it ("Press TV (our inference)").

    One measure for every voice: where a speaker's words reach the publisher with no relay
    named or inferred, the chain gets a hop of its own, ``unnamed``, labelled
    :data:`UNNAMED_RELAY` (basis ``not_named``), so that no chain reads as first-hand receipt."""
    names = actor_names(facts)
    rh = facts.relay_hops.sort_values(["statement_id", "position"])
    inferred = rh.basis.astype(str) == "inferred"
    actor = rh.actor_id.map(names)
    table = pd.DataFrame(
        {
            "statement_id": rh.statement_id,
            "position": rh.position.astype(float),
            "actor_id": rh.actor_id,
            "actor": actor,
            "role": rh.role.astype(str),
            "basis": rh.basis.astype(str),
            "basis_words": rh.basis.astype(str).map(BASIS_WORDS),
            "basis_note": rh.basis_note.fillna(""),
            "inferred": inferred,
            "unnamed": False,
            "label": actor.where(~inferred, actor + f" ({INFERRED_MARK})"),
        }
    )
    roles = table.groupby("statement_id", sort=False).role.agg(set)
    direct = roles[roles.map(lambda r: "speaker" in r and "publisher" in r and "relay" not in r)]
    gaps = []
    for sid in direct.index:
        rows = table[table.statement_id == sid]
        before = rows.loc[rows.role == "publisher", "position"].min()
        gaps.append(
            {
                "statement_id": sid,
                "position": before - 0.5,
                "actor_id": "",
                "actor": UNNAMED_RELAY,
                "role": "relay",
                "basis": "not_named",
                "basis_words": "the article names no relay",
                "basis_note": "",
                "inferred": False,
                "unnamed": True,
                "label": UNNAMED_RELAY,
            }
        )
    if gaps:
        table = pd.concat([table, pd.DataFrame(gaps)], ignore_index=True)
        order = {sid: i for i, sid in enumerate(dict.fromkeys(rh.statement_id))}
        table = table.sort_values(
            ["statement_id", "position"],
            key=lambda c: c.map(order) if c.name == "statement_id" else c,
        )
    return table.reset_index(drop=True)


def relay_chains(facts: Facts) -> dict[str, str]:
    """statement_id → "Hamas → Press TV (our inference) → The Algemeiner" (speaker first,
    publisher last; a hop the article does not state carries the mark of our inference)."""
    return {
        sid: " → ".join(group.label)
        for sid, group in hops(facts).groupby("statement_id", sort=False)
    }


def chain_bases(facts: Facts) -> dict[str, str]:
    """statement_id → how the article supports each hop before the publisher, in words:
    "Hamas: named in the passage's sentence; Press TV: our inference: ... (the reasoning)"."""
    hp = hops(facts)
    hp = hp[hp.role != "publisher"]
    return {
        sid: "; ".join(
            f"{r.actor}: {r.basis_words}" + (f" ({r.basis_note})" if r.inferred else "")
            for r in group.itertuples()
        )
        for sid, group in hp.groupby("statement_id", sort=False)
    }


def relay_summary(facts: Facts) -> dict[str, object]:
    """How the article attributes its relayed passages, counted from relay_hops: the passages
    whose relay it names (by relay), those whose relay is our inference (by relay), and the
    passages of a named speaker that reached it with no relay named or inferred."""
    hp = hops(facts)
    relays = hp[(hp.role == "relay") & ~hp.unnamed]
    named = relays[~relays.inferred]
    inferred = relays[relays.inferred]
    speakers = set(hp.loc[hp.role == "speaker", "statement_id"])
    return {
        "named": Counter(dict(named.groupby("actor", sort=False).statement_id.nunique())),
        "inferred": Counter(dict(inferred.groupby("actor", sort=False).statement_id.nunique())),
        "none": len(speakers - set(relays.statement_id)),
        "named_ids": sorted(set(named.statement_id)),
        "inferred_ids": sorted(set(inferred.statement_id)),
    }


def relay_sentence(facts: Facts) -> str:
    """The relay summary in words, counting records (a quotation inside a paraphrase is a record
    of its own): "The article names the relay of 4 statement records (Press TV 2,
    Iranian state-run media 2); for 6 more the relay is our inference (Press TV 5, ...); for
    5 it names no relay."."""
    summary = relay_summary(facts)

    def counts(counter: Counter) -> str:
        return listing([f"{name} for {count_words(n)}" for name, n in counter.most_common()])

    named, inferred = summary["named"], summary["inferred"]
    parts = []
    if named:
        parts.append(
            f"The article names the relay of "
            f"{plural(sum(named.values()), 'statement record')} "
            f"({counts(named)})"
        )
    if inferred:
        parts.append(
            f"for {count_words(sum(inferred.values()))} more, the relay is {INFERRED_MARK} "
            f"({counts(inferred)})"
        )
    if summary["none"]:
        parts.append(f"for the other {count_words(summary['none'])}, it names no relay")
    text = "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


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
    """record id → 'differs', 'agrees', 'resolves', 'inferred' or 'absent' for every record of
    ``tables``
    (by default every anchored fact record). Reads only those tables and the context.

    A record that any context source reports differently is 'differs', even if another agrees:
    the reader should see the disagreement first. 'resolves' means other reporting supplies what
    the article leaves open (a date) without confirming the record itself; 'inferred', that only
    our inference from other reporting supplies it or agrees with it (context facts whose
    ``confidence`` is 'inferred', such as a headline read from a report's web address).
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
    out = {}
    for table in tables:
        key = FACT_KEYS[table]
        for rid in facts.tables[table][key]:
            found = stances.get(rid, set())
            status = next((s for s in CORROBORATION_RANK if s in found), "absent")
            if status in by_a_report and rid not in by_a_report[status]:
                status = "inferred"
            out[rid] = status
    return out


def agreement_unread(facts: Facts) -> set[str]:
    """Ids of the records whose only agreement from other reporting is our inference (a context
    fact with stance 'agrees' and confidence 'inferred', and none read)."""
    cx = facts.context
    agrees = cx.stance.astype(str) == "agrees"
    read = cx.confidence.astype(str) == "read"
    return set(cx.about_id[agrees & ~read]) - set(cx.about_id[agrees & read])


#: How an event's date was resolved (events.resolution), in words.
RESOLUTION_WORDS = {
    "stated": "stated in the article",
    "computed": "computed from a stated date and duration",
    "context": "from other reporting",
    "inferred": INFERRED_MARK,
}
#: What a date's precision adds to it in words ("" where the date itself says it).
PRECISION_WORDS = {
    "day": "",
    "range": "",
    "part_of_day": "part of a day",
    "approximate": "",  # "about" before the date says it
    "upper_bound": "",  # "no later than" before the date says it
}
#: Names of the resolutions and precisions for a legend (one or two words each).
RESOLUTION_NAMES = {
    "stated": "stated in the article",
    "computed": "computed from the article",
    "context": "from other reporting",
    "inferred": INFERRED_MARK,
}
PRECISION_NAMES = {
    "day": "a day",
    "part_of_day": "part of a day",
    "range": "a span of days",
    "approximate": "about a day",
    "upper_bound": "no later than a day",
}
#: How a source's date is known (sources.date_basis), in words ("" where the source gives it).
SOURCE_DATE_WORDS = {
    "read": "",
    "reported": "date from other reporting",
    "inferred": INFERRED_MARK,
    "unknown": "",
}


def time_zone(facts: Facts) -> tuple[str, str]:
    """The time zone of the events' calendar days (the events resource's ``timeZone``) and the
    words the site uses for it (``timeZoneLabel``)."""
    res = next((r for r in facts.descriptor["resources"] if r["name"] == "events"), {})
    return res.get("timeZone", "UTC"), res.get("timeZoneLabel", res.get("timeZone", "UTC"))


def day_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'18 Mar 2025', '17–18 Mar 2025', '19 Jan – 1 Mar 2025' (``end`` inclusive)."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def date_phrase(
    start: pd.Timestamp, end: pd.Timestamp, precision: str, resolution: str, zone: str = ""
) -> str:
    """A resolved date with its precision, time zone and method, as every table, tooltip and
    citation shows it: '18 Mar 2025 (part of a day, Israel/Gaza time; from other
    reporting)', 'about 18 Mar 2025 (approximate, ...; our inference)'."""
    if pd.isna(start) or pd.isna(end):  # a drafted date the text gives no way to resolve
        return "date not resolved"
    text = day_range(start, end)
    if precision == "approximate":
        text = f"about {text}"
    elif precision == "upper_bound":
        text = f"no later than {text}"
    notes = ", ".join(p for p in (PRECISION_WORDS.get(precision, precision), zone) if p)
    how = RESOLUTION_WORDS.get(resolution, resolution)
    return f"{text} ({notes}; {how})" if notes else f"{text} ({how})"


def event_dates(facts: Facts) -> dict[str, str]:
    """event_id → its :func:`date_phrase`."""
    _, zone = time_zone(facts)
    return {
        r.event_id: date_phrase(r.date_start, r.date_end, str(r.precision), str(r.resolution), zone)
        for r in facts.events.itertuples()
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


def record_ids(facts: Facts) -> set[str]:
    """Every record's id, in every table with a primary key."""
    ids: set[str] = set()
    for res in facts.descriptor["resources"]:
        key = (res.get("schema") or {}).get("primaryKey")
        key = [key] if isinstance(key, str) else key or []
        table = facts.tables.get(res["name"])
        if len(key) == 1 and table is not None and key[0] in table:
            ids |= set(table[key[0]].astype(str))
    return ids


_PARENTHESISED = re.compile(r"\s*\(([^()\s]+)\)")


def without_ids(text: object, ids: set[str]) -> object:
    """``text`` without the record ids an editor's note names in brackets ("… our inference
    (cx_strikes_timezone).") for a reader who sees the note, not the data."""
    if not isinstance(text, str):
        return text
    return _PARENTHESISED.sub(lambda m: "" if m[1] in ids else m[0], text)


def events(facts: Facts) -> pd.DataFrame:
    """One row per event with its wording, resolved dates and the sources that resolve it."""
    cited = (
        facts.context.assign(
            publisher=facts.context.source_ids.map(lambda ids: source_publishers(facts, ids))
        )
        .groupby("about_id")["publisher"]
        .apply(lambda s: "; ".join(dict.fromkeys("; ".join(s).split("; "))))
    )
    ev = facts.events
    dates = event_dates(facts)
    ids = record_ids(facts)
    return pd.DataFrame(
        {
            "id": ev.event_id,
            "event": ev.label,
            "wording": ev.exact,
            "start": ev.date_start,
            "end": ev.date_end
            + pd.Timedelta(days=1),  # exclusive end, so a one-day event has width
            "first_day": ev.date_start.dt.strftime("%a %d %b %Y"),
            "last_day": ev.date_end.dt.strftime("%a %d %b %Y"),
            "date": ev.event_id.map(dates),
            "precision": ev.precision.astype(str),
            "precision_words": ev.precision.astype(str).map(PRECISION_NAMES).fillna("not resolved"),
            "resolution": ev.resolution.astype(str),
            "dated_by": ev.resolution.astype(str).map(RESOLUTION_WORDS),
            "sources": ev.event_id.map(cited).astype(object).fillna("the article itself"),
            "note": ev.note.map(lambda n: without_ids(n, ids)),
            "href": ev.event_id.map(href),
        }
    )


def statements(facts: Facts) -> pd.DataFrame:
    """One row per statement with its voice label, relay chain, date and length in words."""
    st = facts.statements
    ev = facts.events.set_index("event_id")
    chains = relay_chains(facts)
    labels = voice_labels(facts)
    return pd.DataFrame(
        {
            "id": st.statement_id,
            "voice": st.voice_id.astype(str),
            "voice_label": st.voice_id.astype(str).map(labels),
            "mode": st["mode"].astype(str),
            "text": st.exact,
            "chain": st.statement_id.map(chains),
            "chain_basis": st.statement_id.map(chain_bases(facts)).fillna(""),
            "date": st.event_id.map(event_dates(facts)),
            "date_precision": st.event_id.map(ev.precision).astype(str),
            "addresses": st.addresses,
            "start": st.start,
            "words": st.exact.map(lambda t: len(WORD.findall(t))),
            "href": st.statement_id.map(href),
        }
    )


def chain_paths(facts: Facts) -> pd.DataFrame:
    """Count statements along each distinct relay path, as (path, column, actor, n, ...), with
    the ids of the statements on it (``records``). A hop that is our inference is part of the
    path ("Press TV (our inference)"), so an inferred route is never counted with a stated one;
    ``inferred`` marks such a hop and ``basis`` says how the article supports each."""
    hp = hops(facts)
    groups = {sid: g.reset_index(drop=True) for sid, g in hp.groupby("statement_id", sort=False)}
    paths = pd.Series(
        {
            sid: tuple(zip(g.actor_id, g.label, g.inferred, g.unnamed, strict=True))
            for sid, g in groups.items()
        }
    )
    counts = Counter(paths)
    rows = []
    for path, n in sorted(counts.items(), key=lambda kv: (-kv[1], [h[1] for h in kv[0]])):
        label = " → ".join(h[1] for h in path)
        on_path = list(paths.index[paths == path])
        # Align hops by role: speaker column 0, relay column 1, publisher column 2.
        cols = [0] + ([1] * (len(path) - 2)) + [2] if len(path) > 1 else [2]
        for i, ((actor_id, name, inferred, unnamed), col) in enumerate(
            zip(path, cols, strict=True)
        ):
            # The statements on one route may rest on the same hop in different ways.
            basis = "; ".join(dict.fromkeys(groups[sid].basis_words[i] for sid in on_path))
            rows.append(
                {
                    "path": label,
                    "column": col,
                    "actor_id": actor_id,
                    "actor": name,
                    "inferred": bool(inferred),
                    "unnamed": bool(unnamed),
                    "basis": basis,
                    "statements": n,
                    "records": " ".join(on_path),
                }
            )
    return pd.DataFrame(rows)


def chain_links(paths: pd.DataFrame) -> pd.DataFrame:
    """The segments between consecutive hops of :func:`chain_paths`: one row per link, its
    ``link`` one of :data:`LINK_WORDS`: named by the article (solid), our inference when either
    end is a hop of ours (dashed), or a hop the article does not name (dotted)."""
    rows = []
    for path, group in paths.groupby("path", sort=False):
        ordered = group.sort_values("column")
        for (_, a), (_, b) in zip(ordered.iterrows(), ordered.iloc[1:].iterrows(), strict=False):
            kind = (
                "unnamed"
                if a.unnamed or b.unnamed
                else "inferred"
                if a.inferred or b.inferred
                else "named"
            )
            rows.append(
                {
                    "path": path,
                    "column": a.column,
                    "column2": b.column,
                    "link": LINK_WORDS[kind],
                    "statements": a.statements,
                }
            )
    return pd.DataFrame(rows)


#: The three kinds of link the relay chart draws: solid, dashed and dotted.
LINK_WORDS = {
    "named": "the article names this hop",
    "inferred": f"{INFERRED_MARK}",
    "unnamed": UNNAMED_RELAY,
}


def direct_parts(facts: Facts) -> list[tuple[int, int, str, str]]:
    """The quoted words of every direct statement, in text order: (start, end, voice id,
    statement id). A quotation split by its cue is two parts; the cue between is the narration's
    (see :func:`explainer.package.scan.quoted_parts`)."""
    passages = scan.quotations(facts.article)[0]
    return sorted(
        (a, b, str(r.voice_id), str(r.statement_id))
        for r in facts.statements.itertuples()
        if r.mode == "direct"
        for a, b in scan.quoted_parts(passages, int(r.start), int(r.end))
    )


def voice_share(facts: Facts) -> pd.DataFrame:
    """Words of the article per voice: direct quotations by their voice, everything else narration.

    Paraphrase counts as narration, because its words are the outlet's.
    """
    text = facts.article
    direct = direct_parts(facts)
    spans = [(s, e, v) for s, e, v, _ in direct]
    counts: Counter[str] = Counter()
    for m in WORD.finditer(text):
        counts[voice_at(spans, m.start(), m.end())] += 1
    total = sum(counts.values())
    labels = voice_labels(facts)
    order = list(facts.voices.voice_id.astype(str))
    quoted = {
        v: " ".join(dict.fromkeys(sid for *_, voice, sid in direct if voice == v)) for v in order
    }
    return pd.DataFrame(
        [
            {
                "voice": v,
                "voice_label": labels[v],
                "words": counts[v],
                "share": counts[v] / total,
                "records": quoted[v],  # the direct quotations counted ("" for the narration)
            }
            for v in order
            if counts[v]
        ]
    )


#: A term's ``loaded`` flag in words, loaded first (the terms chart fills those marks).
LOADED_WORDS = {True: "loaded", False: "not loaded"}


def term_usage(facts: Facts) -> pd.DataFrame:
    """Occurrences of each term per voice."""
    labels = voice_labels(facts)
    tm = facts.terms.assign(voice=facts.terms.voice_id.astype(str))
    out = (
        tm.groupby(["term", "voice", "loaded", "category"], observed=True)
        .agg(uses=("term_id", "size"), id=("term_id", "first"))
        .reset_index()
    )
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    out["category"] = out.category.astype(str)
    out["loaded"] = out.loaded.map(LOADED_WORDS)
    return out.sort_values(["voice", "term"]).reset_index(drop=True)


def alias_usage(facts: Facts, actor_ids: tuple[str, ...]) -> pd.DataFrame:
    """How each voice names the given actors: one row per (actor, alias, voice) with a count."""
    names = actor_names(facts)
    labels = voice_labels(facts)
    al = facts.aliases[facts.aliases.actor_id.isin(actor_ids)]
    out = (
        al.assign(voice=al.voice_id.astype(str), form=al.form.astype(str))
        .groupby(["actor_id", "exact", "voice", "form"], observed=True)
        .agg(uses=("alias_id", "size"), id=("alias_id", "first"))
        .reset_index()
        .rename(columns={"exact": "alias"})
    )
    out["actor"] = out.actor_id.map(names)
    out["voice_label"] = out.voice.map(labels)
    out["href"] = out["id"].map(href)
    return out.sort_values(["actor_id", "voice", "alias"]).reset_index(drop=True)


def shared_actors(facts: Facts) -> tuple[str, ...]:
    """The actors that more than one voice names: whose names the words page compares."""
    voices = facts.aliases.groupby("actor_id", observed=True).voice_id.nunique()
    return tuple(sorted(voices.index[voices > 1]))


def referents(facts: Facts, actor_ids: set[str]) -> dict[str, str]:
    """actor_id → the heading it is shown under: the outermost actor it belongs to
    (actors.part_of) among ``actor_ids``, with the others it gathers ("Israel and Israeli
    government")."""
    parent = dict(zip(facts.actors.actor_id, facts.actors.part_of.fillna(""), strict=True))
    names = actor_names(facts)

    def top(actor: str) -> str:
        seen = {actor}
        while parent.get(actor) in actor_ids and parent[actor] not in seen:
            actor = parent[actor]
            seen.add(actor)
        return actor

    groups: dict[str, list[str]] = {}
    for actor in sorted(actor_ids):
        groups.setdefault(top(actor), []).append(actor)
    heading = {
        root: listing([names[root], *(names[a] for a in members if a != root)])
        for root, members in groups.items()
    }
    return {actor: heading[top(actor)] for actor in actor_ids}


def figure_bounds(facts: Facts) -> pd.DataFrame:
    """Count figures with the interval their hedge allows (upper: up to; lower: at least)."""
    fg = facts.figures[facts.figures.kind == "count"]
    labels = voice_labels(facts)
    rows = []
    for r in fg.itertuples():
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


#: The family of the relation kinds a package groups in none of its families, when there are
#: more kinds than a chart has colours for.
OTHER_RELATIONS = "other relations"


def relation_families(facts: Facts, limit: int) -> dict[str, str]:
    """Each relation kind → the family it is drawn in: at most ``limit`` families, and
    :data:`OTHER_RELATIONS` for the rest.

    The package names its families in ``datapackage.json`` under ``explainer.relation_families``
    (family name → the kinds in it; a kind listed twice stays in the first), in the order they
    take colours. A kind in no family is a family of its own, named in words ("supports
    proposal"), after the named families, the most frequent first. Families past the
    ``limit``-th are drawn together as :data:`OTHER_RELATIONS`."""
    settings = package_settings.of(facts.descriptor).get("relation_families") or {}
    counts = facts.relations.kind.astype(str).value_counts()
    kinds = sorted(counts.index, key=lambda k: (-counts[k], k))
    family: dict[str, str] = {}
    for name, members in settings.items():
        for kind in members:
            family.setdefault(str(kind), str(name))
    named = [str(name) for name in settings if any(family.get(k) == name for k in kinds)]
    own = {k: k.replace("_", " ") for k in kinds if k not in family}
    kept = set((named + list(own.values()))[:limit])
    return {k: f if (f := family.get(k, own.get(k))) in kept else OTHER_RELATIONS for k in kinds}


def relation_relays(facts: Facts) -> dict[str, str]:
    """relation_id → the relay chain of the statement the relation restates: the innermost
    statement whose anchor holds the relation's (rule 2: a relation drawn from a reported
    statement keeps that statement's chain). A relation in no statement is the narration's own."""
    chains = relay_chains(facts)
    st = facts.statements
    spans = list(zip(st.start, st.end, st.statement_id, strict=True))
    found = {}
    for r in facts.relations.itertuples():
        inside = [(e - s, sid) for s, e, sid in spans if s <= r.start and r.end <= e]
        if inside and min(inside)[1] in chains:
            found[r.relation_id] = chains[min(inside)[1]]
    return found


def network(
    facts: Facts, seed: int = 7, family_limit: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node positions (deterministic spring layout) and edges for the actor network, each edge
    with its kind's family (:func:`relation_families`, at most ``family_limit`` of them)."""
    import networkx as nx

    rel = facts.relations
    graph = nx.Graph()
    used = sorted(set(rel.subject_id) | set(rel.object_id))
    graph.add_nodes_from(used)
    graph.add_edges_from(zip(rel.subject_id, rel.object_id, strict=True))
    # The layout also pulls together what the drawing does not show as edges: an actor and the body
    # it belongs to (actors.part_of), and the publisher and each voice it quotes (relay_hops). Without
    # them the outlet and the Israeli government float off as separate islands.
    layout = graph.copy()
    for child, parent in zip(facts.actors.actor_id, facts.actors.part_of, strict=True):
        if child in graph and isinstance(parent, str) and parent in graph:
            layout.add_edge(child, parent)
    for a, b in zip(
        facts.relay_hops.actor_id,
        facts.relay_hops.statement_id.map(
            dict(zip(facts.statements.statement_id, facts.statements.speaker_id, strict=True))
        ),
        strict=True,
    ):
        if a in graph and isinstance(b, str) and b in graph and a != b:
            layout.add_edge(a, b)
    start = nx.circular_layout(sorted(layout))
    pos = nx.spring_layout(layout, pos=start, seed=seed, k=0.55, iterations=300)
    names = actor_names(facts)
    kinds = dict(zip(facts.actors.actor_id, facts.actors.kind.astype(str), strict=True))
    degree = dict(graph.degree())
    nodes = pd.DataFrame(
        [
            {
                "actor_id": a,
                "actor": names[a],
                "kind": kinds[a].replace("_", " "),
                "x": round(float(pos[a][0]), 4),
                "y": round(float(pos[a][1]), 4),
                "relations": degree[a],
            }
            for a in used
        ]
    )
    labels = voice_labels(facts)
    edges = pd.DataFrame(
        {
            "id": rel.relation_id,
            "subject": rel.subject_id.map(names),
            "object": rel.object_id.map(names),
            "kind": rel.kind.astype(str),
            "relation": rel.kind.astype(str).str.replace("_", " "),
            "family": rel.kind.astype(str).map(relation_families(facts, family_limit)),
            "detail": rel.detail,
            "stated_by": rel.voice_id.astype(str).map(labels),
            "relay": rel.relation_id.map(relation_relays(facts)).fillna(""),
            "voice": rel.voice_id.astype(str),
            "x": rel.subject_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y": rel.subject_id.map(lambda a: round(float(pos[a][1]), 4)),
            "x2": rel.object_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y2": rel.object_id.map(lambda a: round(float(pos[a][1]), 4)),
            "href": rel.relation_id.map(href),
        }
    )
    return nodes, side_by_side(edges)


#: How far apart (as a share of the layout's width) two relations between the same two actors
#: are drawn, so that each shows its own colour instead of the last one covering the others.
PARALLEL_GAP = 0.012


def side_by_side(edges: pd.DataFrame) -> pd.DataFrame:
    """``edges`` with where each line is drawn (``lx``, ``ly`` to ``lx2``, ``ly2``): on the line
    between its two actors (``x``, ``y`` to ``x2``, ``y2``), or, where the article relates the
    same two actors more than once, moved sideways so that the lines lie side by side,
    :data:`PARALLEL_GAP` apart, centred on that line."""
    out = edges.copy()
    span = max(float(pd.concat([edges.x, edges.x2]).agg(["min", "max"]).diff().iloc[-1]), 1e-9)
    pair = [tuple(sorted(p)) for p in zip(edges.subject, edges.object, strict=True)]
    seen: Counter = Counter()
    total = Counter(pair)
    shifts = []
    for (x, y, x2, y2), key in zip(
        edges[["x", "y", "x2", "y2"]].itertuples(index=False), pair, strict=True
    ):
        n, k = total[key], seen[key]
        seen[key] += 1
        length = ((x2 - x) ** 2 + (y2 - y) ** 2) ** 0.5 or 1.0
        # One normal for the pair, whichever way each relation points.
        sign = 1 if (x, y) <= (x2, y2) else -1
        nx, ny = -(y2 - y) / length * sign, (x2 - x) / length * sign
        step = (k - (n - 1) / 2) * PARALLEL_GAP * span
        shifts.append((nx * step, ny * step))
    dx = pd.Series([s[0] for s in shifts], index=edges.index)
    dy = pd.Series([s[1] for s in shifts], index=edges.index)
    out["lx"], out["ly"] = (edges.x + dx).round(4), (edges.y + dy).round(4)
    out["lx2"], out["ly2"] = (edges.x2 + dx).round(4), (edges.y2 + dy).round(4)
    return out


#: Where a node's name sits in the actor network: names near the left and right edges of the
#: drawing run inwards from their node, so that none runs off a narrow chart.
NETWORK_EDGE_SHARE = 0.15


def name_alignment(nodes: pd.DataFrame) -> pd.Series:
    """ "left", "right" or "center" for each node's name (see :data:`NETWORK_EDGE_SHARE`)."""
    edge = (nodes.x.max() - nodes.x.min()) * NETWORK_EDGE_SHARE
    return nodes.x.map(
        lambda x: (
            "left"
            if x < nodes.x.min() + edge
            else "right"
            if x > nodes.x.max() - edge
            else "center"
        )
    )


#: The narrowest drawing of the actor network, where names crowd most (a phone): plot size
#: in px, and the width of a character and the height of a line of its 9 px names.
PHONE_PLOT = {"width": 300.0, "height": 400.0, "char": 5.6, "line": 12.0}


def name_boxes(nodes: pd.DataFrame, under: pd.Series) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in px on a phone of each node's name, under the node where
    ``under`` is True and above it elsewhere."""
    size = PHONE_PLOT
    span_x = (nodes.x.max() - nodes.x.min()) or 1.0
    span_y = (nodes.y.max() - nodes.y.min()) or 1.0
    align = name_alignment(nodes)
    boxes = []
    for i in nodes.index:
        x = (nodes.x[i] - nodes.x.min()) / span_x * size["width"]
        y = (nodes.y.max() - nodes.y[i]) / span_y * size["height"]
        w = len(str(nodes.actor[i])) * size["char"]
        left = {"left": x, "right": x - w}.get(align[i], x - w / 2)
        top = y + 8 if under[i] else y - 13 - size["line"] / 2
        boxes.append((left, top, left + w, top + size["line"]))
    return boxes


def boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def names_below(nodes: pd.DataFrame) -> pd.Series:
    """True for each node whose name goes under it rather than above: greedily, from the top of
    the drawing down, a name that would overlap one already placed moves below its node, if
    that clears it. Measured for a phone (:data:`PHONE_PLOT`)."""
    above = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(False, index=nodes.index)), strict=True)
    )
    under = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(True, index=nodes.index)), strict=True)
    )
    placed: list[tuple[float, float, float, float]] = []
    below = pd.Series(False, index=nodes.index)
    for i in nodes.sort_values("y", ascending=False).index:
        if any(boxes_overlap(above[i], p) for p in placed) and not any(
            boxes_overlap(under[i], p) for p in placed
        ):
            below[i] = True
            placed.append(under[i])
        else:
            placed.append(above[i])
    return below


def voice_segments(facts: Facts) -> pd.DataFrame:
    """The article as a strip of runs in reading order: each direct quotation, and the narration
    between them, with its share of the text."""
    text = facts.article
    labels = voice_labels(facts)
    rows, cursor = [], 0
    for s, e, voice, sid in direct_parts(facts):
        if s > cursor:
            rows.append((cursor, s, "narration", ""))
        rows.append((s, e, voice, sid))
        cursor = e
    if cursor < len(text):
        rows.append((cursor, len(text), "narration", ""))
    n = len(text)
    return pd.DataFrame(
        [
            {
                "from": round(100 * s / n, 2),
                "to": round(100 * e / n, 2),
                "voice": v,
                "voice_label": labels[v],
                "excerpt": text[s:e].strip()[:90] + ("…" if len(text[s:e].strip()) > 90 else ""),
                "id": sid,
                "href": href(sid) if sid else f"{ARTICLE_PAGE}#text",
            }
            for s, e, v, sid in rows
        ]
    )


#: How much of the days around the moments the close-up shows, before and after (hours).
CLOSEUP_BEFORE_HOURS, CLOSEUP_AFTER_HOURS = 26, 37


def clocks(facts: Facts) -> list[tuple[str, str]]:
    """(label, IANA zone) of the close-up's clocks: the data's time zone, then the second clock
    the events resource names (``secondTimeZone``, ``secondTimeZoneLabel``), if it names one:
    a clock some of the article's times may be read on (the flagship's "Monday night")."""
    zone, label = time_zone(facts)
    res = next((r for r in facts.descriptor["resources"] if r["name"] == "events"), {})
    second = res.get("secondTimeZone")
    return [(label, zone)] + ([(res.get("secondTimeZoneLabel", second), second)] if second else [])


def local_time(moment: pd.Timestamp, zone: str) -> pd.Timestamp:
    """A UTC moment on the clock of ``zone``, as a naive timestamp."""
    return moment.tz_convert(zone).tz_localize(None)


def utc_offset(moment: pd.Timestamp, zone: str) -> str:
    """ "UTC+2", "UTC−4": the offset of ``zone`` at ``moment``."""
    hours = moment.tz_convert(zone).utcoffset().total_seconds() / 3600
    sign = "+" if hours >= 0 else "−"
    return f"UTC{sign}{abs(hours):g}"


def moments(facts: Facts) -> pd.DataFrame:
    """The events with a known moment (``moment_utc``), earliest first."""
    ev = facts.events[facts.events.moment_utc.notna()]
    return ev.sort_values("moment_utc").reset_index(drop=True)


def closeup_window(facts: Facts) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The stretch of time (naive UTC) the close-up shows: a day and more around the moments."""
    known = moments(facts).moment_utc.dt.tz_convert(None)
    return (
        (known.min() - pd.Timedelta(hours=CLOSEUP_BEFORE_HOURS)).floor("h"),
        (known.max() + pd.Timedelta(hours=CLOSEUP_AFTER_HOURS)).ceil("h"),
    )


def closeup(facts: Facts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The local calendar days around the known moments on each clock, and the moments.

    Each clock's offset is read from the time-zone database at the moment it shows (Israel was
    on UTC+2 until 28 March 2025; New York had moved to UTC−4 on 9 March).
    """
    known = moments(facts)
    first, last = closeup_window(facts)
    lanes = [
        (f"{label} ({utc_offset(known.moment_utc.iloc[0], zone)})", zone)
        for label, zone in clocks(facts)
    ]
    days = []
    for lane, zone in lanes:
        local_first = first.tz_localize("UTC").tz_convert(zone).normalize().tz_localize(None)
        local_last = last.tz_localize("UTC").tz_convert(zone).normalize().tz_localize(None)
        for day in pd.date_range(local_first, local_last, freq="D"):
            start = day.tz_localize(zone).tz_convert("UTC").tz_localize(None)
            end = (day + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC").tz_localize(None)
            days.append(
                {
                    "lane": lane,
                    "day": day.strftime("%a %d %b"),
                    "start": start,
                    "end": end,
                    "parity": day.day % 2,
                }
            )
    rows = []
    for ev in known.itertuples():
        for lane, zone in lanes:
            local = local_time(ev.moment_utc, zone)
            rows.append(
                {
                    "id": ev.event_id,
                    "event": ev.label,
                    "wording": ev.exact,
                    "lane": lane,
                    "utc": ev.moment_utc.tz_convert(None),
                    # An approximate time says so wherever it is shown.
                    "local": ("about " if str(ev.precision) == "approximate" else "")
                    + local.strftime("%a %d %b, %H:%M"),
                    "precision": str(ev.precision),
                    "href": href(ev.event_id),
                }
            )
    return pd.DataFrame(days), pd.DataFrame(rows)


# ---------------------------------------------------------------- words for chart descriptions
# Chart descriptions (the screen-reader text and the no-JS image's alt) are built from the data,
# so that a correction to a figure or a date can never leave a stale number in them.


def day_label(day: pd.Timestamp) -> str:
    """A calendar day as a description prints it: "2 March"."""
    return f"{day.day} {day:%B}"


def day_span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The days from ``start`` to ``end`` (exclusive, as in :func:`events`) in words:
    "2 March", "17 to 18 March", "19 January to 1 March"."""
    last = end - pd.Timedelta(days=1)
    if last <= start:
        return day_label(start)
    if (start.year, start.month) == (last.year, last.month):
        return f"{start.day} to {last.day} {last:%B}"
    return f"{day_label(start)} to {day_label(last)}"


def event_phrase(row: pd.Series) -> str:
    """One row of :func:`events` in words, with its precision and how it was dated: "Ground
    operations resume (19 March, from other reporting)", "PM's office statement (about 18
    March, from other reporting)", "Israeli strikes begin (18 March, part of the day: “on
    Monday night”, from other reporting)"."""
    span = day_span(row["start"], row["end"])
    precision = str(row["precision"])
    if precision == "approximate":
        span = f"about {span}"
    elif precision == "upper_bound":
        span = f"no later than {span}"
    elif precision == "part_of_day":
        span = f"{span}, part of the day: “{row['wording']}”"
    return f"{row['event']} ({span}, {RESOLUTION_WORDS[str(row['resolution'])]})"


def clock_sentences(moments: pd.DataFrame) -> str:
    """Each moment of :func:`closeup` on every clock, in words: "Israeli strikes begin: Tue 18
    Mar, 02:30 in Israel and Gaza (UTC+2), which was Mon 17 Mar, 20:30 in New York, US Eastern
    (UTC−4)." ("about" for an approximate time)."""
    sentences = []
    for _, rows in moments.groupby("id", sort=False):
        times = [f"{r.local} in {r.lane}" for r in rows.itertuples()]
        sentences.append(
            f"{rows.event.iloc[0]}: {times[0]}"
            + "".join(f", which was {t}" for t in times[1:])
            + "."
        )
    return " ".join(sentences)


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


def drafted_ids(facts: Facts) -> set[tuple[str, str]]:
    """(table, record id) of every record the drafter made and no editor has reviewed yet."""
    prov = facts.tables.get("provenance")
    if prov is None or prov.empty:
        return set()
    rows = prov[prov.review.astype(str) == "draft"]
    return set(zip(rows.table.astype(str), rows.record_id.astype(str), strict=True))


def review_counts(facts: Facts, table_names: Iterable[str] | None = None) -> tuple[int, int]:
    """(drafted, reviewed) records of the package, or of ``table_names``; a record that
    provenance.csv does not mark as a draft was made or checked by an editor."""
    drafted = drafted_ids(facts)
    names = [t for t in (table_names or facts.tables) if t != "provenance"]
    n_drafted = n_reviewed = 0
    for name in names:
        key = facts.schema(name).get("primaryKey", [])
        if len(key) != 1 or name not in facts.tables:
            continue
        ids = facts.tables[name][key[0]].astype(str)
        here = sum((name, i) in drafted for i in ids)
        n_drafted += here
        n_reviewed += len(ids) - here
    return n_drafted, n_reviewed


def is_draft(facts: Facts) -> bool:
    """True while any record of the package is a draft no editor has reviewed."""
    return bool(drafted_ids(facts))


def how_many(drafted: int, total: int) -> str:
    """ "the one", "all 14", "12 of the 14": how many of ``total`` records are drafts."""
    if total == 1:
        return "the one"
    if drafted == total:
        return f"all {count_words(total)}"
    return f"{count_words(drafted)} of the {count_words(total)}"


def draft_notice(drafted: int, total: int, what: str = "records on this page") -> str:
    """ "Draft: 12 of the 20 records on this page were drafted by machine ..." (plain text)."""
    verb = "was" if drafted == 1 else "were"
    them = "it" if drafted == 1 else "them"
    of = how_many(drafted, total)
    return f"Draft: {of} {what} {verb} drafted by machine, and no editor has reviewed {them} yet."


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


SMALL_NUMBERS = "zero one two three four five six seven eight nine".split()


def number_words(value: float) -> str:
    """A number as the site's prose prints it: "eight", 33, 2,000 (whole numbers under ten in
    words, as the article prints them)."""
    value = float(value)
    if value.is_integer() and 0 <= value < len(SMALL_NUMBERS):
        return SMALL_NUMBERS[int(value)]
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def count_words(n: int) -> str:
    """A count in words: "one", "five", 14."""
    return number_words(n)


def percent(share: float) -> str:
    """A share as a whole percentage, "<1%" for a present voice that rounds to 0 % (a voice
    that is there is never shown as none)."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """ "one passage", "14 passages"."""
    return f"{count_words(n)} {noun if n == 1 else nouns or noun + 's'}"


def axis_top(value: float, step: float) -> float:
    """The first multiple of ``step`` above ``value``: room to the right of the longest bar."""
    return step * (value // step + 1)

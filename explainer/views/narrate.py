"""Plain sentences computed from any data package, for the generic pages (``explainer/pages``).

An article without hand-written narrative still gets a readable site: each function here says
what the data holds, in the site's neutral voice (``EDITORIAL.md``). The rules it follows:

* it asserts only what the tables hold: "the article reports", "the article attributes";
* every fact it names cites its record with the ``{rec}`` role, so a reader can check it;
* counts and values come from the data, hedges travel with their numbers;
* what the data marks as an inference of ours is said to be ours, in words;
* every voice's words are described with the same verbs;
* an empty table is said in words ("The article states no figures."), never left out.

Each function returns MyST Markdown; :func:`show` turns it into a cell output that myst-nb
parses as MyST (``nb_render_markdown_format: myst`` in ``_config.yml``), so the roles work.
"""

from __future__ import annotations

import html

import pandas as pd

from explainer.package.facts import Facts
from explainer.views import cite
from explainer.views.derive import drafts, people, phrasing, roster, timing


def show(text: str):
    """The Markdown as a cell's output (parsed as MyST by myst-nb)."""
    from IPython.display import Markdown

    return Markdown(text)


def rec(record_id: str) -> str:
    """A citation of one record."""
    return f"{{rec}}`{record_id}`"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 event", "3 events", "no events"."""
    many = many or f"{one}s"
    if count == 0:
        return f"no {many}"
    return f"{phrasing.number_words(count)} {one if count == 1 else many}"


def _table(facts: Facts, name: str) -> pd.DataFrame:
    return facts.tables[name] if name in facts.tables else pd.DataFrame()


def _drafted(facts: Facts, *table_names: str) -> bool:
    """True when any record of ``table_names`` (or, for an empty table, of the package) is a
    draft: the sentence then says what the draft found, not what the article states."""
    drafted, _ = drafts.review_counts(facts, table_names)
    empty = all(_table(facts, t).empty for t in table_names)
    return bool(drafted) or (empty and drafts.is_draft(facts))


def _draft_tally(facts: Facts, *table_names: str) -> str:
    """ " (a draft: 12 of these 14 records drafted by machine, not yet reviewed)" or ""."""
    drafted, reviewed = drafts.review_counts(facts, table_names)
    if not drafted:
        return ""
    total = drafted + reviewed
    records = "record" if total == 1 else "records"
    return (
        f" (a draft: {drafts.how_many(drafted, total)} {records} drafted by machine, not yet"
        " reviewed by an editor)"
    )


def _article(facts: Facts) -> pd.Series | None:
    sources = _table(facts, "sources")
    if sources.empty or "kind" not in sources:
        return None
    articles = sources[sources["kind"] == "article"]
    return None if articles.empty else articles.iloc[0]


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _words(value: object) -> str:
    """A code from the data as words: ``part_of_day`` -> "part of day"."""
    return _text(value).replace("_", " ")


def _counted(counts: pd.Series, labels: dict[str, str]) -> str:
    """ "Hamas statement (5), the narration (12)", largest first, then by label."""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    return phrasing.listing([f"{labels.get(key, key)} ({value})" for key, value in rows])


def _published(article: pd.Series) -> str:
    """The publication date as precisely as the data knows it, with its basis in words."""
    start = article.get("date_start", article.get("published"))
    end = article.get("date_end", start)
    if start is None or pd.isna(start):
        return "no publication date is recorded"
    start, end = (
        pd.Timestamp(start),
        pd.Timestamp(end if end is not None and not pd.isna(end) else start),
    )
    shown = timing.day_label(start) + f" {start.year}"
    if end != start:
        shown = f"between {shown} and {timing.day_label(end)} {end.year}"
    basis = _text(article.get("date_basis", article.get("date_confidence")))
    return f"{shown} (our inference)" if basis == "inferred" else shown


def credit(facts: Facts) -> str:
    """Whose text this is, when it appeared, and the rights (EDITORIAL.md rule 8)."""
    article = _article(facts)
    if article is None:
        return "The package names no article source."
    title, outlet = _text(article.get("title")), _text(article.get("publisher"))
    author = _text(article.get("author"))
    where = _text(article.get("url")) or _text(article.get("reprint_url"))
    link = f"; [the known copy]({where})" if where else ""
    return (
        f"The text is “{title}”{' by ' + author if author else ''}"
        f"{', ' + outlet if outlet else ''} ({_published(article)}{link}) {rec(article['source_id'])}."
        " It is reproduced for analysis and commentary; all rights stay with the publisher."
    )


# ---------------------------------------------------------------------------------------
# One function per page


def overview(facts: Facts) -> str:
    """The index page: which article, and what the data records about it."""
    article = _article(facts)
    lines = []
    if article is not None:
        title, outlet = _text(article.get("title")), _text(article.get("publisher"))
        author = _text(article.get("author"))
        byline = f" by {author}" if author else ""
        lines.append(
            f"This explainer is built from one article: \u201c{title}\u201d{byline}"
            f"{', ' + outlet if outlet else ''} {rec(article['source_id'])}."
        )
    spoken = _table(facts, "statements")
    events = _table(facts, "events")
    dated = (
        int((events["precision"].astype(str) != "unresolved").sum())
        if "precision" in events
        else len(events)
    )
    counts = {
        "events": plural(len(events), "event") + f" ({phrasing.count_words(dated)} with a date)",
        "actors": plural(len(_table(facts, "actors")), "actor"),
        "statements": plural(len(spoken), "attributed passage"),
        # The voices the passages are attributed to, as the statements page counts them (the
        # narration's voice is one of the package's voices but speaks none of them).
        "voices": plural(spoken["voice_id"].nunique() if "voice_id" in spoken else 0, "voice"),
        "figures": plural(len(_table(facts, "figures")), "figure"),
        "terms": plural(len(_table(facts, "terms")), "recorded term"),
    }
    drafted, reviewed = drafts.review_counts(facts)
    lines.append(
        (
            "Its draft, which no editor has reviewed yet, records "
            if drafted
            else "Its data records "
        )
        + phrasing.listing(
            [
                counts["events"],
                counts["actors"],
                f"{counts['statements']} by {counts['voices']}",
                counts["figures"],
                counts["terms"],
            ]
        )
        + ". Every fact on this site links to the exact words of the article it came from."
        + (
            f" {drafts.draft_notice(drafted, drafted + reviewed, 'records of this explainer')}"
            " Each drafted record is marked “drafted, not yet reviewed” where it is shown."
            if drafted
            else ""
        )
    )
    lines.append(
        "This is one article from one outlet. What it reports is attributed to it; context"
        " from other reporting is kept apart and cites its source; where this site goes beyond"
        " the text, it says so."
    )
    return "\n\n".join(lines)


def timeline(facts: Facts) -> str:
    events = _table(facts, "events")
    draft = _drafted(facts, "events")
    if events.empty:
        if draft:
            return (
                "The draft found no events in the article, so there is no timeline to draw;"
                " no editor has reviewed the draft yet."
            )
        return "The article states no events with a date, so there is no timeline to draw."
    if "precision" in events:
        undated = events[events["precision"] == "unresolved"]
        dated = events[events["precision"] != "unresolved"]
    else:
        undated, dated = events.iloc[0:0], events
    records = "The draft records" if draft else "The data records"
    tally_ = _draft_tally(facts, "events")
    if undated.empty:
        parts = [f"{records} {plural(len(events), 'event')}, each with a date{tally_}."]
    elif draft:
        parts = [
            f"{records} {plural(len(events), 'event')}{tally_}: {phrasing.count_words(len(dated))}"
            f" with a date, and {phrasing.count_words(len(undated))} the drafter could not date"
            " (its note on each says why; the text may still give a date an editor can resolve)."
        ]
    else:
        parts = [
            f"{records} {plural(len(events), 'event')}: {phrasing.count_words(len(dated))} with"
            f" a date, and {phrasing.count_words(len(undated))} for which the text gives none that could"
            " be resolved."
        ]

    def tally(column: str) -> str:
        counts = dated[column].value_counts()
        return phrasing.listing(
            [f"{_words(name)} ({n})" for name, n in sorted(counts.items()) if n]
        )

    if not dated.empty and "resolution" in dated:
        parts.append(
            f"How each date was resolved: {tally('resolution')}. Only a date marked stated is"
            " printed in the article; the others are computed from it, taken from cited context"
            " reporting, or our inference, as each event says."
        )
    if not dated.empty and "precision" in dated:
        parts.append(f"Precision: {tally('precision')}.")

    def listed(rows: pd.DataFrame) -> str:
        return phrasing.listing(
            [
                f"{_text(row['label'])} {rec(row['event_id'])}"
                for _, row in rows.sort_values(["date_start", "event_id"]).iterrows()
            ]
        )

    if not dated.empty:
        parts.append(f"In date order: {listed(dated)}.")
    if not undated.empty:
        parts.append(f"Without a date: {listed(undated)}.")
    return " ".join(parts)


def actors(facts: Facts) -> str:
    actors_ = _table(facts, "actors")
    relations = _table(facts, "relations")
    names = (
        f"The draft found {plural(len(actors_), 'actor')} named in the article"
        f"{_draft_tally(facts, 'actors')}"
        if _drafted(facts, "actors")
        else f"The article names {plural(len(actors_), 'actor')}"
    )
    lines = [f"{names}; the table lists each with the names the article gives it."]
    if not relations.empty:
        labels = roster.voice_labels(facts)
        kinds = relations["kind"].map(_words).value_counts()
        by_voice = relations["voice_id"].value_counts()
        states = (
            f"The draft found {plural(len(relations), 'relation')}"
            f"{_draft_tally(facts, 'relations')}"
            if _drafted(facts, "relations")
            else f"It states {plural(len(relations), 'relation')}"
        )
        lines.append(
            f"{states} between them, by kind:"
            f" {_counted(kinds, {})}; and by the voice that states each:"
            f" {_counted(by_voice, labels)}. The table below lists every one with its record."
        )
    return "\n\n".join(lines)


def statements(facts: Facts) -> str:
    statements_ = _table(facts, "statements")
    draft = _drafted(facts, "statements")
    if statements_.empty:
        if draft:
            return "The draft found no passages attributed to anyone; no editor has reviewed it."
        return "The article attributes no passages to anyone."
    labels = roster.voice_labels(facts)
    by_voice = statements_["voice_id"].value_counts()
    direct = int((statements_["mode"] == "direct").sum())
    who = (
        f"The draft{_draft_tally(facts, 'statements')} attributes"
        if draft
        else "The article attributes"
    )
    lines = [
        f"{who} {plural(len(statements_), 'passage')} to"
        f" {plural(len(by_voice), 'voice')}: {_counted(by_voice, labels)}."
        f" {plural(direct, 'passage').capitalize()} {'is' if direct == 1 else 'are'} in quotation"
        " marks, quoted as printed; the others are the article's paraphrase."
    ]
    lines.append(relays(facts))
    return "\n\n".join(lines)


def relays(facts: Facts) -> str:
    """How the attributed passages reached the article, with the basis of every relay hop."""
    hops = _table(facts, "relay_hops")
    relayed = hops[hops["role"] == "relay"] if not hops.empty and "role" in hops else hops
    if relayed.empty:
        if _drafted(facts, "relay_hops", "statements"):
            return (
                "The draft found no relay: no passage it drafted reaches the article second-hand."
            )
        return "The article names no relay: no passage is reported as reaching it second-hand."
    names = roster.actor_names(facts)
    per_relay = relayed.groupby("actor_id")["statement_id"].nunique()
    sentence = (
        f"{plural(int(relayed['statement_id'].nunique()), 'passage').capitalize()} reached the"
        f" article through a relay: {_counted(per_relay, names)}."
    )
    if "basis" in relayed:
        inferred = relayed[relayed["basis"] == "inferred"]
        if not inferred.empty:
            cited = " ".join(rec(s) for s in sorted(inferred["statement_id"].unique()))
            sentence += (
                f" For {plural(int(inferred['statement_id'].nunique()), 'passage')} the relay is"
                f" our inference, not the article's words {cited}."
            )
    return sentence


def numbers(facts: Facts) -> str:
    figures = _table(facts, "figures")
    draft = _drafted(facts, "figures")
    if figures.empty:
        return (
            "The draft found no figures in the article."
            if draft
            else "The article states no figures."
        )
    listed = []
    for _, row in figures.iterrows():
        hedge = _text(row.get("hedge"))
        value = _text(row.get("exact")) or phrasing.number_words(row["value"])
        unit = _text(row.get("unit"))
        shown = value if hedge and hedge in value else f"{hedge} {value}".strip()
        counted = f" ({unit})" if unit else ""
        listed.append(f"\u201c{shown}\u201d{counted} {rec(row['figure_id'])}")
    hedged = sum(1 for hedge in figures["hedge"] if _text(hedge).strip())
    states = (
        f"The draft found {plural(len(figures), 'figure')} in the article"
        f"{_draft_tally(facts, 'figures')}"
        if draft
        else f"The article states {plural(len(figures), 'figure')}"
    )
    lines = [
        f"{states}, {plural(hedged, 'hedged one')}"
        " among them; each is shown with its hedge: " + phrasing.listing(listed) + "."
    ]
    checks = _table(facts, "checks")
    if checks.empty and _drafted(facts, "checks", "figures"):
        lines.append("The draft found no sums or durations to check.")
    elif checks.empty:
        lines.append("The article implies no sums or durations that could be checked.")
    else:
        verb = "recomputes" if len(checks) == 1 else "recompute"
        lines.append(
            f"{plural(len(checks), 'check').capitalize()} {verb} what the figures imply: "
            + phrasing.listing([rec(c) for c in checks["check_id"]])
            + "."
        )
    return "\n\n".join(lines)


def words(facts: Facts) -> str:
    terms = _table(facts, "terms")
    if terms.empty:  # the terms chart says so in words; this says what the page can show
        return _shares(facts)
    labels = roster.voice_labels(facts)
    by_voice = terms["voice_id"].value_counts()
    loaded = terms[[str(v).lower() in ("true", "1") for v in terms["loaded"]]]
    lines = [
        f"{plural(len(terms), 'term').capitalize()} are recorded"
        f"{_draft_tally(facts, 'terms')}, by voice:"
        f" {_counted(by_voice, labels)}. The same rule applies to every voice, the article's"
        " own narration included."
    ]
    if loaded.empty:
        lines.append("None is flagged as loaded.")
    else:
        lines.append(
            f"{plural(len(loaded), 'term').capitalize()} {'is' if len(loaded) == 1 else 'are'}"
            " flagged as loaded, each the words of the voice that uses it: "
            + phrasing.listing(
                [
                    f"\u201c{_text(t['exact'])}\u201d ({labels.get(t['voice_id'], t['voice_id'])})"
                    f" {rec(t['term_id'])}"
                    for _, t in loaded.iterrows()
                ]
            )
            + "."
        )
    return "\n\n".join(lines)


def _shares(facts: Facts) -> str:
    """Whose words the article's are, in shares of its words (the voice-share chart in words)."""
    share = people.voice_share(facts)
    if share.empty:
        return "The article has no words to count."
    parts = [f"{r.voice_label} {round(100 * r.share)}%" for r in share.itertuples()]
    return (
        f"Of the article's {share.words.sum():,} words, by whose words they are: "
        f"{phrasing.listing(parts)}. Only quotations count as a quoted voice's words; paraphrase"
        " is the narration's."
    )


def limits_box(facts: Facts) -> str:
    """:func:`limits` as the page's limits box (raw HTML in the page's Markdown), with the id
    that every chart's embed and image link to (:data:`explainer.views.cite.LIMITS_ID`)."""
    return (
        f'<div class="admonition note limits-note" id="{cite.LIMITS_ID}">'
        '<p class="admonition-title">The limits of this page</p>'
        f"<p>{html.escape(limits(facts))}</p></div>"
    )


def limits(facts: Facts) -> str:
    """What no page of a one-article explainer can claim (EDITORIAL.md rule 6)."""
    context = _table(facts, "context")
    if context.empty:
        return (
            "This is one article from one outlet. No other reporting is recorded here as"
            " context, so nothing on this site checks what the article says."
        )
    corroborated = differs = ours = 0
    if "stance" in context:
        agrees = context["stance"] == "agrees"
        # An agreement that is our inference (a headline read from a web address) is not the
        # reporting's: it is counted apart, in our voice.
        if "confidence" in context:
            inferred = context["confidence"].astype(str) == "inferred"
        else:
            inferred = agrees & False
        corroborated = int((agrees & ~inferred).sum())
        ours = int((agrees & inferred).sum())
        differs = int((context["stance"] == "differs").sum())
    also = f", by our inference only, matches {plural(ours, 'more fact')}" if ours else ""
    return (
        "This is one article from one outlet. Other reporting, kept apart as context,"
        f" agrees with {plural(corroborated, 'fact')}{also} and reports {plural(differs, 'fact')}"
        " differently; nothing here checks the rest."
    )

"""The annotated article: the text with every anchored record highlighted, addressable and citable.

Each record is one ``<mark>`` element (or a few, where two records cross without nesting or a
quotation's cue splits it: the first carries the id, the others ``rec-cont``). The first
element's ``id`` is the record id, so ``article.html#<record-id>`` is its permalink, and it is
focusable (``tabindex="0"``). Records nest as their spans do: a figure inside a quotation is a
mark inside a mark, so each keeps its own style.

The page works without JavaScript: every mark has a ``title``, and the record table below the text
lists every record with its voice, relay chain, date, corroboration and citation. With JavaScript,
``_static/article.js`` reads that table and shows a record's card when its mark is hovered or
focused. Colours come from :mod:`explainer.views.theme` through the ``voice-*`` and ``stance-*`` classes
(CSS written at build time from the theme, see :func:`explainer.views.theme.css`).
"""

from __future__ import annotations

import html
import re

from explainer.package.facts import Facts
from explainer.package.scan import paragraphs
from explainer.views import cite, tables
from explainer.views.derive import quantities, roster, sourcing

RECORD_TABLE_ID = "all-records"
RECORD_CSV = "records"  # downloads/tables/records.csv

# Record types in legend order.
LEGEND_TYPES = ("quotation", "paraphrase", "figure", "event", "alias", "term", "relation", "note")
CORROBORATION_ORDER = ("agrees", "consistent", "differs", "resolves", "inferred", "absent", "n/a")

# The record table: (key, header). article.js reads the cells by their key (data-field).
RECORD_COLUMNS: list[tables.Column] = [
    ("id", "Record"),
    ("type", "Type"),
    ("summary", "What it records"),
    ("voice_label", "Voice"),
    ("chain", "Relay chain"),
    ("date", "Date"),
    ("reasoning", "Our reasoning"),
    ("start", "Start"),
    ("end", "End"),
    ("corroboration", "Corroboration"),
    ("context", "Context facts"),
    ("citation", "Cite this"),
]


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _classes(rec: cite.Record) -> str:
    return f"rec rec-{rec.type} voice-{rec.voice}" + (" rec-draft" if rec.drafted else "")


def _title(rec: cite.Record) -> str:
    return (
        ("Drafted, not yet reviewed. " if rec.drafted else "")
        + f"{rec.type_label} {rec.id}: {rec.summary}. Voice: {rec.voice_label}; relay chain: "
        f"{rec.chain}; corroboration: {rec.corroboration}."
    )


def _open(rec: cite.Record, first: bool) -> str:
    if first:
        return (
            f'<mark class="{_classes(rec)}" id="{_attr(rec.id)}" data-record="{_attr(rec.id)}" '
            f'tabindex="0" title="{_attr(_title(rec))}">'
        )
    return f'<mark class="{_classes(rec)} rec-cont" data-record="{_attr(rec.id)}">'


def _nesting_key(rec: cite.Record) -> tuple:
    """Outer first: the record that ends later wraps the other; on a tie, the outer kind."""
    return (-rec.end, rec.start, cite.KIND_RANK[rec.kind], rec.id)


def marked_up(text: str, start: int, end: int, recs: list[cite.Record], opened: set[str]) -> str:
    """``text[start:end]`` as HTML with every record in ``recs`` that covers part of it as a mark.

    The text is cut at every record boundary. For each piece, marks that no longer cover it are
    closed, and with them any mark opened inside them that still does (it is reopened as a
    continuation); then the marks that start covering it are opened, outermost first. ``opened``
    collects the ids whose first mark is written, so a record crossing a paragraph break keeps one id.
    """
    inside = [r for r in recs if any(s < end and e > start for s, e in r.spans)]
    bounds = {c for r in inside for span in r.spans for c in span}
    cuts = sorted({start, end} | {c for c in bounds if start < c < end})
    out: list[str] = []
    stack: list[cite.Record] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = {r.id: r for r in inside if any(s <= a and b <= e for s, e in r.spans)}
        keep = 0
        while keep < len(stack) and stack[keep].id in covering:
            keep += 1
        out.append("</mark>" * (len(stack) - keep))
        del stack[keep:]
        on_stack = {r.id for r in stack}
        for rec in sorted((r for r in covering.values() if r.id not in on_stack), key=_nesting_key):
            out.append(_open(rec, rec.id not in opened))
            opened.add(rec.id)
            stack.append(rec)
        out.append(html.escape(text[a:b], quote=False))
    out.append("</mark>" * len(stack))
    return "".join(out)


def article_paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs a reader sees: separated by blank lines; in a text with no blank line at
    all (copy pasted from a web page or a wire feed), every line is a paragraph of its own, so a
    headline or a subhead is not run together with the text after it."""
    spans = paragraphs(text)
    if re.search(r"\n[ \t]*\n", text):
        return spans
    lines = []
    for ps, pe in spans:
        for m in re.finditer(r"[^\n]+", text[ps:pe]):
            chunk = m.group()
            s = ps + m.start() + len(chunk) - len(chunk.lstrip())
            e = ps + m.end() - (len(chunk) - len(chunk.rstrip()))
            if e > s:
                lines.append((s, e))
    return lines


def article_html(facts: Facts) -> str:
    """The article as HTML: the headline, then one paragraph per paragraph, records as marks."""
    text = facts.article
    recs = cite.records(facts)
    out_ = cite.outlet(facts)
    cite_attr = f' cite="{_attr(out_.reprint_url)}"' if out_.reprint_url else ""
    out = [
        f'<a class="skip-article" href="#{RECORD_TABLE_ID}">Skip the annotated text</a>',
        f'<blockquote class="annotated-article" id="text" lang="en"{cite_attr}>',
    ]
    opened: set[str] = set()
    for i, (ps, pe) in enumerate(article_paragraphs(text)):
        tag = "h2" if i == 0 else "p"
        out.append(f'<{tag} class="article-para">{marked_up(text, ps, pe, recs, opened)}</{tag}>')
    out.append("</blockquote>")
    return "".join(out)


def _chip(classes: str, label: str, count: int) -> str:
    return (
        f'<li><span class="{classes}">{html.escape(label)}</span>'
        f' <span class="count">{count}</span></li>'
    )


def legend_html(facts: Facts) -> str:
    """What the highlights mean: voices, record types and corroboration, each with its count."""
    recs = cite.records(facts)
    labels = roster.voice_labels(facts)
    quoted = [r.voice for r in recs if r.type == "quotation"]
    voices = "".join(
        _chip(f"sample rec-quotation voice-{_attr(v)}", labels[v], quoted.count(v))
        for v in labels
        if v in quoted
    )
    types = "".join(
        _chip(
            f"sample rec-{t} voice-narration", cite.TYPE_LABELS[t], sum(r.type == t for r in recs)
        )
        for t in LEGEND_TYPES
    )
    stances = "".join(
        _chip(f"stance stance-{s.replace('/', '')}", s, sum(r.corroboration == s for r in recs))
        for s in CORROBORATION_ORDER
    )
    notes = "; ".join(
        f"<strong>{html.escape(s)}</strong>: {html.escape(cite.CORROBORATION_LABELS[s].split(': ', 1)[1])}"
        for s in CORROBORATION_ORDER
    )
    rows = [
        (
            "Whose words",
            voices,
            "Quotations are tinted in the colour of the voice they quote; the article's reports of "
            "what someone said are underlined with dashes in that colour. Everything else is the "
            "article's own narration.",
        ),
        (
            "What kind of record",
            types,
            "Each highlight is one record; where records overlap (a figure inside a quotation), "
            "each keeps its own style. The numbers count records.",
        ),
        ("Does other reporting support it?", stances, notes + "."),
    ]
    body = "".join(
        f'<div class="legend-row"><p class="legend-head">{html.escape(head)}</p>'
        f'<ul class="legend-chips">{chips}</ul><p class="legend-note">{note}</p></div>'
        for head, chips, note in rows
    )
    return (
        '<section class="article-legend" aria-labelledby="legend-title">'
        '<p class="legend-title" id="legend-title">How to read the highlights</p>'
        f"{_draft_note(recs)}{body}</section>"
    )


def _draft_note(recs: list[cite.Record]) -> str:
    """Say so when records were drafted by machine and no editor has reviewed them yet."""
    drafted = sum(r.drafted for r in recs)
    if not drafted:
        return ""
    return (
        f'<p class="legend-draft"><strong>Draft.</strong> {drafted} of {len(recs)} highlighted '
        "records were drafted by machine (<code>python -m explainer draft</code>) and no editor "
        "has reviewed them yet. Each one says so in its card, its title and the table below."
        "</p>"
    )


def record_rows(facts: Facts) -> list[dict]:
    """One row per record for the record table (and its CSV)."""
    return [
        {
            "id": r.id,
            "type": r.type_label + (" (drafted, not yet reviewed)" if r.drafted else ""),
            "summary": r.summary,
            "voice_label": r.voice_label,
            "voice": r.voice,
            "chain": r.chain,
            "date": r.date,
            "reasoning": r.reasoning,
            "start": r.start,
            "end": r.end,
            "corroboration": r.corroboration,
            "context": " ".join(r.context_ids),
            "citation": r.citation,
        }
        for r in sorted(cite.records(facts), key=lambda r: (r.start, -r.end, r.id))
    ]


def record_table(facts: Facts) -> str:
    """Every record in reading order, with its citation: the page's text alternative and the
    data that article.js shows in a record's card."""
    rows = record_rows(facts)
    table = tables.html_table(
        rows,
        RECORD_COLUMNS,
        caption="Every record in the article, in reading order, with its citation",
        link=("id", "context"),
        row_key="id",
        csv_name=RECORD_CSV,
    )
    return (
        f'<details class="record-index" id="{RECORD_TABLE_ID}">'
        f"<summary>All {len(rows)} records, with their citations</summary>{table}</details>"
    )


def about_labels(facts: Facts) -> dict[str, str]:
    """What a context fact is about, in words a reader can read (its id lives in the link):
    "the figure “nearly 2,000”", "the article"."""
    labels = {}
    for rec in cite.records(facts):
        words = rec.exact.split()
        short = " ".join(words[:6])
        # A cut is marked: past six words, or where words that open a sentence stop inside it.
        opens = short[:1].isupper() and not short.rstrip("”’\"'").endswith((".", "!", "?"))
        if len(words) > 6 or opens:
            short = short.rstrip(",;:") + "…"
        labels[rec.id] = f"the {rec.type_label.lower()} “{short}”"
    for src in facts.sources.itertuples():
        labels[src.source_id] = (
            "the article" if str(src.kind) == "article" else f"the source “{src.title}”"
        )
    return labels


def context_html(facts: Facts) -> str:
    """Context facts and sources, each with its own permalink id. A context fact cites every
    source it rests on, and one of our own findings says so; each source says how its title and
    its date are known."""
    pub = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    claims = quantities.context_claims(facts)
    about = about_labels(facts)
    labels = sourcing.fact_labels(facts)
    items = ['<ul class="context-list">']
    for r, label in zip(facts.context.itertuples(), labels, strict=True):
        cited = ", ".join(
            f'<a class="source" href="#{_attr(sid)}">{html.escape(pub[sid])}</a>'
            for sid in r.source_ids.split()
        )
        # data-confidence: the record cards say "our inference" beside an inferred fact's sources.
        items.append(
            f'<li id="{_attr(r.context_id)}" data-confidence="{_attr(str(r.confidence))}">'
            f"<strong>{html.escape(label)}</strong> "
            f'(about <a href="#{_attr(r.about_id)}" title="Record {_attr(r.about_id)}">'
            f"{html.escape(about.get(r.about_id, 'the record'))}</a>): "
            f'<span class="claim">{html.escape(claims[r.Index])}</span> '
            f"{'Sources' if ' ' in r.source_ids else 'Source'}: {cited} "
            f"({html.escape(str(r.confidence))}).</li>"
        )
    items.append('</ul><ul class="source-list">')
    for r in facts.sources.itertuples():
        url = tables.address(r)
        shown = tables.address_words(r)
        link = (
            f' <a href="{_attr(url)}">{html.escape(shown)}</a>' if url else " (address not found)"
        )
        date, how = sourcing.source_date(r)
        dated = f"{date} ({how})" if how else date
        items.append(
            f'<li id="{_attr(r.source_id)}">{html.escape(r.publisher)}: '
            f"<cite>{html.escape(r.title)}</cite> ({html.escape(tables.TITLE_WORDS[str(r.title_basis)])}); "
            f"{html.escape(dated)}.{link}</li>"
        )
    items.append("</ul>")
    return "".join(items)

"""The annotated article: the text with every anchored record highlighted and addressable.

Each record's first segment carries ``id="<record-id>"``, so ``article.html#<record-id>`` is its
permalink. Overlapping anchors (a figure inside a quotation) are rendered by cutting the text at every
anchor boundary; each piece lists the records that cover it in ``data-records``.
"""

from __future__ import annotations

import html

from . import derive
from .facts import Facts
from .scan import paragraphs

# (table, id column, css kind) for every anchored table, outermost kinds first.
ANCHORED = (
    ("statements", "statement_id", "statement"),
    ("relations", "relation_id", "relation"),
    ("events", "event_id", "event"),
    ("aliases", "alias_id", "alias"),
    ("terms", "term_id", "term"),
    ("figures", "figure_id", "figure"),
    ("notes", "note_id", "note"),
)


def records(facts: Facts) -> list[dict]:
    """Every anchored record as a dict: id, kind, start, end, voice, summary."""
    out = []
    chains = derive.relay_chains(facts)
    for table, key, kind in ANCHORED:
        df = facts.tables[table]
        for row in df.to_dict("records"):
            voice = str(row.get("voice_id", "") or "")
            if kind == "statement":
                summary = f"{row['mode']} statement; relay chain: {chains.get(row[key], '')}"
            elif kind == "event":
                summary = f"{row['label']} ({row['date_start']:%d %b %Y}, {row['precision']}, {row['resolution']})"
            elif kind == "figure":
                summary = f"{row['exact']}: {row['unit']} (bound: {row['bound']})"
            elif kind == "relation":
                summary = f"{row['subject_id']} {row['kind']} {row['object_id']}: {row['detail']}"
            elif kind == "alias":
                summary = f"refers to {row['actor_id']} ({row['form']})"
            elif kind == "term":
                summary = f"term “{row['term']}” ({'loaded' if row['loaded'] else 'descriptive'})"
            else:
                summary = row["note"]
            direct = kind == "statement" and row["mode"] == "direct"
            out.append(
                {
                    "id": row[key],
                    "kind": kind,
                    "start": int(row["start"]),
                    "end": int(row["end"]),
                    "voice": voice,
                    "direct": direct,
                    "summary": summary,
                }
            )
    return out


def article_html(facts: Facts) -> str:
    """The article as HTML paragraphs with nested highlight segments."""
    text = facts.article
    recs = records(facts)
    cuts = {0, len(text)}
    for r in recs:
        cuts.update((r["start"], r["end"]))
    first_at: dict[int, list[dict]] = {}
    for r in recs:
        first_at.setdefault(r["start"], []).append(r)
    out = ['<div class="annotated-article" id="text" lang="en">']
    for ps, pe in paragraphs(text):
        tag = "h2" if ps == 0 else "p"
        out.append(f'<{tag} class="article-para">')
        points = sorted(c for c in cuts if ps < c < pe) + [pe]
        cursor = ps
        for cut in points:
            piece = text[cursor:cut]
            covering = [r for r in recs if r["start"] <= cursor and cut <= r["end"]]
            anchors = "".join(
                f'<span class="record-anchor" id="{html.escape(r["id"])}" tabindex="-1" '
                f'title="{html.escape(r["kind"] + ": " + r["summary"])}"></span>'
                for r in first_at.get(cursor, [])
            )
            if covering:
                kinds = sorted({f"hl-{r['kind']}" for r in covering})
                voices = [r["voice"] for r in covering if r["direct"]]
                if any(r["kind"] == "statement" and not r["direct"] for r in covering):
                    kinds.append("hl-paraphrase")
                if voices:
                    kinds.append(f"voice-{voices[-1]}")
                ids = " ".join(r["id"] for r in covering)
                out.append(
                    f'{anchors}<span class="seg {" ".join(kinds)}" data-records="{html.escape(ids)}">'
                    f"{html.escape(piece)}</span>"
                )
            else:
                out.append(anchors + html.escape(piece))
            cursor = cut
        out.append(f"</{tag}>")
    out.append("</div>")
    return "".join(out)


def context_html(facts: Facts) -> str:
    """Context facts and sources, each with its own permalink id."""
    pub = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    items = ['<ul class="context-list">']
    for r in facts.context.itertuples():
        items.append(
            f'<li id="{html.escape(r.context_id)}"><strong>{html.escape(str(r.stance))}</strong> '
            f'(about <a href="#{html.escape(r.about_id)}">{html.escape(r.about_id)}</a>): '
            f"{html.escape(r.claim)} Source: {html.escape(pub[r.source_id])} ({html.escape(str(r.confidence))}).</li>"
        )
    items.append('</ul><ul class="source-list">')
    for r in facts.sources.itertuples():
        url = (
            r.url
            if isinstance(r.url, str)
            else (r.reprint_url if isinstance(r.reprint_url, str) else "")
        )
        link = (
            f' <a href="{html.escape(url)}">{html.escape(url)}</a>'
            if url
            else " (address not found)"
        )
        items.append(
            f'<li id="{html.escape(r.source_id)}">{html.escape(r.publisher)}: '
            f"<cite>{html.escape(r.title)}</cite>.{link}</li>"
        )
    items.append("</ul>")
    return "".join(items)

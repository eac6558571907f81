"""HTML tables: the text alternative of every chart, and the tables pages show.

Every cell is escaped; only the record-id column becomes a link, to the record's highlighted span.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from explainer.package.facts import Facts
from explainer.views import theme
from explainer.views.derive import drafts, graph, links, people, quantities, roster, sourcing

Column = tuple[str, str]  # (key in the row, header shown)

# Shared by the relations list and the actor network's data table.
#: A table of more columns than this stacks its rows on a phone (see :func:`html_table`).
STACK_COLUMNS = 4

RELATION_COLUMNS: list[Column] = [
    ("id", "Record"),
    ("subject", "From"),
    ("relation", "Relation"),
    ("family", "Kind of relation"),
    ("object", "To"),
    ("detail", "In our summary"),
    ("stated_by", "Stated by"),
    ("relay", "Reported via (relay chain)"),
]


def _cell(value) -> str:
    missing = value is None or value is pd.NA or value is pd.NaT  # NaT: a date nobody printed
    if missing or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _csv_name(caption: str) -> str:
    """The file name of a table's CSV download, from its caption: lowercase ASCII words and hyphens."""
    words = re.findall(r"[a-z0-9]+", caption.lower().encode("ascii", "ignore").decode())
    return "-".join(words)[:80].rstrip("-") or "table"


def _links(value: str) -> str:
    """Space-separated record ids as links to their highlights on the annotated article page."""
    return " ".join(
        f'<a href="{html.escape(links.href(rid))}">{html.escape(rid)}</a>' for rid in value.split()
    )


def html_table(
    rows: Iterable[dict],
    columns: Sequence[Column],
    caption: str = "",
    link: str | Sequence[str] | None = "id",
    css_class: str = "data-table",
    row_key: str | None = None,
    csv_name: str | None = None,
) -> str:
    """A plain, escaped HTML table with a link to the same table as CSV in its caption.

    ``link`` names the column (or columns) whose values are record ids (several, space-separated,
    in one cell are fine); each becomes a link to the record's highlight. With ``row_key``, each row
    carries ``data-record`` (that column's value) and each cell ``data-field`` (its key), for scripts.
    ``csv_name`` overrides the CSV's file name, which is otherwise made from the caption; the file
    itself is written at build time from the built page (see :mod:`explainer.views.export`).

    The wrapper scrolls a table too wide for the column (on a phone), so it is a focusable region
    named after the caption: keyboard users can scroll it too. A table of more than
    :data:`STACK_COLUMNS` columns is too wide for a phone whatever its text: it gets the class
    ``stacks``, and each cell its column's name (``data-label``), so that on a phone each row
    stands as a block of "name: value" lines (``_static/explainer.css``) instead of scrolling.
    """
    linked = {link} if isinstance(link, str) else set(link or ())
    name = csv_name or _csv_name(caption)
    csv_link = (
        f' <a class="table-csv" href="{html.escape(links.download_href(f"tables/{name}.csv"))}" '
        f"download>CSV</a>"
    )
    label = f' role="region" aria-label="{html.escape(caption)}"' if caption else ""
    stacks = len(columns) > STACK_COLUMNS
    classes = f"{css_class} stacks" if stacks else css_class
    out = [f'<div class="table-wrapper" tabindex="0"{label}><table class="{classes}">']
    out.append(f"<caption>{html.escape(caption)}{csv_link}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{html.escape(h)}</th>' for _, h in columns)
        + "</tr></thead><tbody>"
    )
    for row in rows:
        cells = []
        for key, head in columns:
            value = _cell(row.get(key))
            text = _links(value) if key in linked else html.escape(value)
            field = f' data-field="{html.escape(key)}"' if row_key else ""
            field += f' data-label="{html.escape(head)}"' if stacks else ""
            cells.append(f"<td{field}>{text}</td>")
        attrs = f' data-record="{html.escape(_cell(row.get(row_key)))}"' if row_key else ""
        out.append(f"<tr{attrs}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


class HTML:
    """Minimal rich-display wrapper so a page can show a table with one call."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


#: What a view says instead of a chart or table when the package has nothing for it, by the
#: table it needs (EDITORIAL.md: say what is absent, in words; never an empty axis).
ABSENT = {
    "events": "The article states no events with a date.",
    "relations": "The article states no relations between actors.",
    "statements": "The article attributes no passages to anyone.",
    "relay_hops": "The article names no relay: no passage is reported as reaching it second-hand.",
    "figures": "The article states no figures.",
    "checks": "The article implies no sums or durations to check.",
    "terms": "No descriptors or loaded terms are recorded for this article.",
    "aliases": "No names of actors are recorded for this article.",
    "context": "No context from other reporting is recorded for this article.",
    "sources": "The package lists no sources.",
    "actors": "The package records no actors.",
}


#: What the draft did not find, by table: a draft's gap is not a fact about the article.
DRAFT_ABSENT = {
    "events": "events",
    "relations": "relations between actors",
    "statements": "passages attributed to anyone",
    "relay_hops": "relay: no drafted passage reaches the article second-hand",
    "figures": "figures",
    "checks": "sums or durations to check",
    "terms": "descriptors or loaded terms",
    "aliases": "names of actors",
}


def absence(table: str, facts: Facts | None = None) -> HTML:
    """The sentence a view shows when ``table`` is empty; for a draft, what the draft did not
    find (an editor reviewing it may find some)."""
    text = ABSENT[table]
    if facts is not None and table in DRAFT_ABSENT and drafts.is_draft(facts):
        text = (
            f"The draft found no {DRAFT_ABSENT[table]} in the article. No editor has reviewed"
            " the draft yet, so the article may still hold some."
        )
    return absent_note(text)


def absent_note(text: str) -> HTML:
    """The paragraph a view shows in place of a chart or table it has nothing to draw for."""
    return HTML(f'<p class="explainer-absent">{html.escape(text)}</p>')


def no_counts(facts: Facts) -> HTML:
    """What the numbers chart shows when the package has figures but none is a count."""
    kinds = facts.figures.kind.astype(str).value_counts()
    held = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in kinds.items())
    return absent_note(
        "No figure here is a count, so there is nothing to draw on a scale of counts; the"
        f" figures are {held}, each marked in the annotated article."
    )


#: The class of the paragraph a view shows in place of what it failed to draw.
VIEW_ERROR_CLASS = "explainer-view-error"


def view_error(name: str, exc: Exception) -> HTML:
    """What a page shows where a view failed on a valid package: which view, and what it could
    not read (a KeyError names the record or field), instead of a crashed build."""
    what = f"{type(exc).__name__}: {exc}"
    return HTML(
        f'<p class="explainer-absent {VIEW_ERROR_CLASS}">This part of the page ({name.replace("_", " ")})'
        f" could not be drawn from the data ({html.escape(what)}). The package is valid, so this is"
        " a fault of the explainer's code, not of the data: please report it with the package.</p>"
    )


def needs(*tables: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view that shows ``absence`` of the first of ``tables`` that is empty, instead of
    failing on it or drawing an empty chart."""

    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(facts: Facts, *args: Any, **kwargs: Any) -> Any:
            for table in tables:
                if facts.tables[table].empty:
                    return absence(table, facts)
            try:
                return view(facts, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - a valid package never crashes the build
                return view_error(view.__name__, exc)

        return guarded

    return wrap


def details(summary: str, body: str) -> str:
    return f'<details class="chart-data"><summary>{html.escape(summary)}</summary>{body}</details>'


def frame_rows(df: pd.DataFrame) -> list[dict]:
    return df.to_dict(orient="records")


@needs("statements")
def quotations(facts: Facts) -> HTML:
    """Every direct quotation, verbatim, with its voice, relay chain and date."""
    st = people.statements(facts)
    st = st[st["mode"] == "direct"]
    return HTML(
        html_table(
            frame_rows(st),
            [
                ("id", "Record"),
                ("voice_label", "Voice"),
                ("text", "Quotation (verbatim)"),
                ("chain", "Relay chain"),
                ("chain_basis", "How the article supports the chain"),
                ("date", "Date (precision; how it was dated)"),
            ],
            caption="Every passage in quotation marks, as printed",
        )
    )


@needs("actors")
def actors(facts: Facts) -> HTML:
    """Every actor, with the names the article gives it, linked to each name's highlight."""
    return HTML(
        html_table(
            frame_rows(roster.actor_rows(facts)),
            [
                ("name", "Actor"),
                ("kind", "Kind"),
                ("names", "Names in the text"),
                ("records", "Records"),
            ],
            caption="Every actor the article names",
            link="records",
        )
    )


def relations(facts: Facts) -> HTML:
    """The actor network as a list, for readers who cannot use the diagram, grouped by the
    families the diagram colours. Without relations it shows nothing: the diagram above it says
    so in words, and a second sentence would only repeat it."""
    if facts.tables["relations"].empty:
        return HTML("")
    _, edges = graph.network(facts, family_limit=theme.MAX_RELATION_FAMILIES)
    return HTML(
        html_table(
            frame_rows(edges.sort_values(["family", "subject", "kind"])),
            RELATION_COLUMNS,
            caption="Relations between actors, as the article states them",
        )
    )


@needs("checks")
def arithmetic(facts: Facts) -> HTML:
    rows = frame_rows(
        quantities.arithmetic(facts).assign(
            result=lambda d: d.holds.map({True: "holds", False: "does NOT hold"})
        )
    )
    return HTML(
        html_table(
            rows,
            [
                ("id", "Check"),
                ("relation", "Relation"),
                ("result", "Result"),
                ("note", "Note"),
                ("records", "Records"),
            ],
            caption="Arithmetic checks, recomputed at build time",
            link="records",
        )
    )


def address(source) -> str:
    """A source's web address: its own, else its known reprint's, else "" (blank cells are "")."""
    return next((u for u in (source.url, source.reprint_url) if isinstance(u, str) and u), "")


def address_words(source) -> str:
    """:func:`address` as a table shows it: a reprint's address says it is a reprint's."""
    found = address(source)
    own = isinstance(source.url, str) and source.url
    return f"{found} (reprint)" if found and not own else found


#: How a source's title is known (sources.title_basis), in words.
TITLE_WORDS = {
    "printed": "as printed",
    "from_address": "rebuilt from its address; not checked",
    "descriptive": "our description",
}


@needs("sources")
def sources(facts: Facts) -> HTML:
    rows = []
    for r in facts.sources.itertuples():
        date, how = sourcing.source_date(r)
        rows.append(
            {
                "id": r.source_id,
                "kind": r.kind,
                "publisher": r.publisher,
                "title": r.title,
                "title_basis": TITLE_WORDS[str(r.title_basis)],
                "date": f"{date} ({how})" if how else date,
                "address": address_words(r) or "not found",
            }
        )
    return HTML(
        html_table(
            rows,
            [
                ("id", "Source"),
                ("kind", "Kind"),
                ("publisher", "Publisher"),
                ("title", "Title"),
                ("title_basis", "How the title is known"),
                ("date", "Date"),
                ("address", "Address"),
            ],
            caption="Sources: the article, its relays and the context reporting",
        )
    )


@needs("context")
def context(facts: Facts) -> HTML:
    claims = quantities.context_claims(facts)
    labels = sourcing.fact_labels(facts)
    rows = [
        {
            "id": r.context_id,
            "about": r.about_id,
            "stance": label,
            "claim": claims[r.Index],
            "source": sourcing.source_publishers(facts, r.source_ids),
            "confidence": r.confidence,
        }
        for r, label in zip(facts.context.itertuples(), labels, strict=True)
    ]
    return HTML(
        html_table(
            rows,
            [
                ("id", "Context fact"),
                ("about", "About record"),
                ("stance", "Corroboration"),
                ("claim", "What other reporting says, or what we infer from it"),
                ("source", "Sources"),
                ("confidence", "Confidence"),
            ],
            caption="Context facts from other reporting, kept apart from the article",
            link=("id", "about"),
        )
    )

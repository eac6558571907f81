"""HTML tables: the text alternative of every chart, and the tables pages show.

Every cell is escaped; only the record-id column becomes a link, to the record's highlighted span.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from . import derive
from .facts import Facts

Column = tuple[str, str]  # (key in the row, header shown)

# Shared by the relations list and the actor network's data table.
RELATION_COLUMNS: list[Column] = [
    ("id", "Record"),
    ("subject", "From"),
    ("kind", "Relation"),
    ("object", "To"),
    ("detail", "As the text puts it"),
    ("stated_by", "Stated by"),
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


def html_table(
    rows: Iterable[dict],
    columns: Sequence[Column],
    caption: str = "",
    link: str | None = "id",
    css_class: str = "data-table",
) -> str:
    """A plain, escaped HTML table. ``link`` names the column whose values are record ids.

    The wrapper scrolls a table too wide for the column (on a phone), so it is a focusable region
    named after the caption: keyboard users can scroll it too.
    """
    label = f' role="region" aria-label="{html.escape(caption)}"' if caption else ""
    out = [f'<div class="table-wrapper" tabindex="0"{label}><table class="{css_class}">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{html.escape(h)}</th>' for _, h in columns)
        + "</tr></thead><tbody>"
    )
    for row in rows:
        cells = []
        for key, _ in columns:
            text = html.escape(_cell(row.get(key)))
            if key == link and text:
                text = f'<a href="{html.escape(derive.href(_cell(row.get(key))))}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
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


def details(summary: str, body: str) -> str:
    return f'<details class="chart-data"><summary>{html.escape(summary)}</summary>{body}</details>'


def frame_rows(df: pd.DataFrame) -> list[dict]:
    return df.to_dict(orient="records")


def quotations(facts: Facts) -> HTML:
    """Every direct quotation, verbatim, with its voice, relay chain and date."""
    st = derive.statements(facts)
    st = st[st["mode"] == "direct"]
    return HTML(
        html_table(
            frame_rows(st),
            [
                ("id", "Record"),
                ("voice_label", "Voice"),
                ("text", "Quotation (verbatim)"),
                ("chain", "Relay chain"),
                ("date", "Date"),
            ],
            caption="Every passage in quotation marks, as printed",
        )
    )


def relations(facts: Facts) -> HTML:
    """The actor network as a list, for readers who cannot use the diagram."""
    _, edges = derive.network(facts)
    return HTML(
        html_table(
            frame_rows(edges.sort_values(["subject", "kind"])),
            RELATION_COLUMNS,
            caption="Relations between actors, as the article states them",
        )
    )


def arithmetic(facts: Facts) -> HTML:
    rows = frame_rows(
        derive.arithmetic(facts).assign(
            result=lambda d: d.holds.map({True: "holds", False: "does NOT hold"})
        )
    )
    return HTML(
        html_table(
            rows,
            [("id", "Check"), ("relation", "Relation"), ("result", "Result"), ("note", "Note")],
            caption="Arithmetic checks, recomputed at build time",
            link=None,
        )
    )


def sources(facts: Facts) -> HTML:
    src = facts.sources
    rows = []
    for r in src.itertuples():
        rows.append(
            {
                "id": r.source_id,
                "kind": r.kind,
                "publisher": r.publisher,
                "title": r.title,
                "date": (
                    _cell(r.published)
                    + ("" if str(r.date_confidence) == "read" else f" ({r.date_confidence})")
                ).strip(),
                "address": r.url
                if isinstance(r.url, str)
                else (r.reprint_url if isinstance(r.reprint_url, str) else "not found"),
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
                ("date", "Date"),
                ("address", "Address"),
            ],
            caption="Sources: the article, its relays and the context reporting",
            link=None,
        )
    )


def context(facts: Facts) -> HTML:
    pub = dict(zip(facts.sources.source_id, facts.sources.publisher, strict=True))
    rows = [
        {
            "id": r.about_id,
            "stance": r.stance,
            "claim": r.claim,
            "source": pub[r.source_id],
            "confidence": r.confidence,
        }
        for r in facts.context.itertuples()
    ]
    return HTML(
        html_table(
            rows,
            [
                ("id", "About record"),
                ("stance", "Stance"),
                ("claim", "What other reporting says"),
                ("source", "Source"),
                ("confidence", "Confidence"),
            ],
            caption="Context facts from other reporting, kept apart from the article",
        )
    )

"""Sphinx extension: every page that cites, charts or tabulates a drafted record says so.

A drafted record (``python -m explainer draft``; ``review`` = ``draft`` in provenance.csv) is a
machine's reading, not yet an editor's. At ``html-page-context`` this reads the page's body for
the records it links to (citations, table rows, chart marks: every ``article.html#<id>``, and on
the annotated article page every highlighted record) and, when any is a draft, puts a notice
under the page's title with the counts: "Draft: 35 of the 40 records on this page were drafted by
machine, and no editor has reviewed them yet." Each chart with drafted marks gets the same
sentence, for its own marks, above it and in its accessible name.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx

_records: dict[str, bool] | None = None
_LINKED = re.compile(r"article\.html#([\w.:-]+)")
_ELEMENT = re.compile(r'\bid="([\w.:-]+)"')
_CHART = re.compile(r'(<div class="vega-chart" id="vis-([\w-]+)"[^>]*?aria-label=")([^"]*)(")')
NOTICE_CLASS = "draft-notice"


def records() -> dict[str, bool]:
    """Every record id of the package built, and whether it is a draft."""
    global _records
    if _records is None:
        from explainer.package.facts import load
        from explainer.views.derive import drafts

        facts = load()
        drafted = {rid for _, rid in drafts.drafted_ids(facts)}
        _records = {}
        for name, df in facts.tables.items():
            key = facts.schema(name).get("primaryKey", [])
            if len(key) == 1 and name not in ("voices", "provenance"):
                for rid in df[key[0]].astype(str):
                    _records[rid] = rid in drafted
    return _records


def counted(text: str, own_page: bool = False) -> tuple[int, int]:
    """(drafted, all) records that ``text`` links to (on the article page: also shows)."""
    known = records()
    ids = set(_LINKED.findall(text))
    if own_page:
        ids |= set(_ELEMENT.findall(text))
    ids &= known.keys()
    return sum(known[i] for i in ids), len(ids)


def notice(drafted: int, total: int, what: str) -> str:
    from explainer.views.derive import drafts

    return drafts.draft_notice(drafted, total, what)


def _spec_text(body: str, target: str) -> str:
    """The JSON of the spec block that draws into ``vis-<target>``."""
    match = re.search(
        rf'<script type="application/json" class="vega-spec" id="spec-{re.escape(target)}"'
        r"[^>]*>(.*?)</script>",
        body,
        re.S,
    )
    return match.group(1) if match else ""


def mark(body: str, pagename: str) -> str:
    """The body with a draft notice under its title and above each chart with drafted marks."""
    if not any(records().values()):
        return body
    own_page = pagename.rsplit("/", 1)[-1] == "article"

    def chart(match: re.Match) -> str:
        drafted, total = counted(_spec_text(body, match.group(2)))
        if not drafted:
            return match.group(0)
        sentence = notice(drafted, total, "records this chart draws")
        label = match.group(3) + " " + html.escape(sentence, quote=True)
        return (
            f'<p class="{NOTICE_CLASS} chart-draft-notice">{html.escape(sentence)}</p>'
            + match.group(1)
            + label
            + match.group(4)
        )

    marked = _CHART.sub(chart, body)
    drafted, total = counted(body, own_page)
    if not drafted:
        return marked
    box = (
        f'<div class="admonition warning {NOTICE_CLASS}" role="note"><p class="admonition-title">'
        f"Draft</p><p>{html.escape(notice(drafted, total, 'records on this page'))} Each is"
        " marked “drafted, not yet reviewed” in its card and table row.</p></div>"
    )
    heading = re.search(r"</h1>", marked)
    at = heading.end() if heading else 0
    return marked[:at] + box + marked[at:]


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if context.get("body"):
        context["body"] = mark(context["body"], pagename)


def setup(app: Sphinx) -> dict[str, Any]:
    # After the charts are drawn (sphinx_ext, 500), before the embeds copy them (sphinx_embed, 600).
    app.connect("html-page-context", _on_html_page_context, priority=550)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

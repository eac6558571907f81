"""Sphinx extension: the ``{rec}`` role that cites a record in the narrative.

``{rec}`st_q08``` renders as a citation mark a reader can read, a superscript number in brackets
("[3]"), numbered in the order a page first cites each record, linked to ``article.html#st_q08``,
the record's highlighted span on the annotated article page. The id lives in the link's target and
its title, never in the running text. An id that is not in the data fails the build (a warning
under ``-W``), so no citation can point at nothing.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)
_known: dict[str, str] | None = None
#: What a record of each table is, in a citation's title.
KINDS = {
    "statements": "statement",
    "events": "event",
    "figures": "figure",
    "relations": "relation",
    "terms": "term",
    "aliases": "name",
    "actors": "actor",
    "context": "fact from other reporting",
    "sources": "source",
    "checks": "check",
    "notes": "note",
}


def known_ids() -> dict[str, str]:
    """Every record id a citation may name (anchored records, context facts and sources), with
    its table."""
    global _known
    if _known is None:
        from explainer.package.facts import load

        facts = load()
        ids: dict[str, str] = {}
        for name, df in facts.tables.items():
            key = facts.schema(name).get("primaryKey", [])
            if len(key) == 1 and name != "voices":
                ids.update(dict.fromkeys(df[key[0]].astype(str), name))
        _known = ids
    return _known


def mark_number(numbers: dict[str, int], record_id: str) -> int:
    """The number of a record's citation mark on a page: the same record, the same number."""
    return numbers.setdefault(record_id, len(numbers) + 1)


class RecordRole(SphinxRole):
    def run(self):
        # pandas: imported only when a page with citations is read
        from explainer.views.derive import links

        record_id = self.text.strip()
        if record_id not in known_ids():
            logger.warning(
                "unknown record id in citation: %r",
                record_id,
                location=self.get_location(),
                type=WARNING_TYPE,
                subtype="citation",
            )
        numbers = self.env.temp_data.setdefault("explainer_rec_numbers", {})
        n = mark_number(numbers, record_id)
        kind = KINDS.get(known_ids().get(record_id, ""), "record")
        ref = nodes.reference("", f"[{n}]", refuri=links.href(record_id), classes=["rec-cite"])
        ref["reftitle"] = f"Source {n}: the {kind} in the annotated article (record {record_id})"
        return [nodes.superscript("", "", ref)], []


def setup(app: Sphinx) -> dict:
    app.add_role("rec", RecordRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

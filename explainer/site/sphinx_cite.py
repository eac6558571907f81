"""Sphinx extension: the ``{rec}`` role that cites a record in the narrative.

``{rec}`st_q08``` renders as a small link to ``article.html#st_q08``, the record's highlighted span on
the annotated article page. An id that is not in the data fails the build (a warning under ``-W``), so
no citation can point at nothing.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from explainer.site.sphinx_ext import WARNING_TYPE

logger = logging.getLogger(__name__)
_known: set[str] | None = None


def known_ids() -> set[str]:
    """Every record id a citation may name (anchored records, context facts and sources)."""
    global _known
    if _known is None:
        from explainer.package.facts import load

        facts = load()
        ids: set[str] = set()
        for name, df in facts.tables.items():
            key = facts.schema(name).get("primaryKey", [])
            if len(key) == 1 and name != "voices":
                ids.update(df[key[0]].astype(str))
        _known = ids
    return _known


class RecordRole(SphinxRole):
    def run(self):
        # pandas: imported only when a page with citations is read
        from explainer.views import derive

        record_id = self.text.strip()
        if record_id not in known_ids():
            logger.warning(
                "unknown record id in citation: %r",
                record_id,
                location=self.get_location(),
                type=WARNING_TYPE,
                subtype="citation",
            )
        ref = nodes.reference("", record_id, refuri=derive.href(record_id), classes=["rec-cite"])
        ref["reftitle"] = f"Source: record {record_id} in the annotated article"
        return [ref], []


def setup(app: Sphinx) -> dict:
    app.add_role("rec", RecordRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Addresses on the built site: a record's permalink, a download's, and record ids kept out of
readers' text.
"""

from __future__ import annotations

import re

from explainer.package import DOWNLOADS_DIR
from explainer.package.facts import Facts

ARTICLE_PAGE = "article.html"


# The built site's root as seen from a page in book/ (for links to the downloads).
PAGE_TO_SITE_ROOT = "../"


def href(record_id: str) -> str:
    """Permalink of a record's highlighted span on the annotated article page."""
    return f"{ARTICLE_PAGE}#{record_id}"


def download_href(name: str) -> str:
    """Link from a page to a file in the built site's downloads folder."""
    return f"{PAGE_TO_SITE_ROOT}{DOWNLOADS_DIR}/{name}"


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

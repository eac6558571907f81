"""Write a drafted package: the project's schema, the article, every table and its provenance.

The descriptor is the project's own (``data/datapackage.json``, the one definition of what a
valid package is) with this article's title, its text's size and hash, and the voices drafted
for it. Files are written into a temporary folder beside ``--out`` and moved in only when all
are written, so an error never leaves half a package.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from explainer.package import ARTICLE_RIGHTS, DESCRIPTOR, ROOT, canonical_tables, store
from explainer.package.store import csv_text

SCHEMA_SOURCE = ROOT / "data" / DESCRIPTOR


def schema() -> dict:
    return json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))


#: The events table of a draft: its clock is unknown until an editor sets ``timeZone``.
EVENTS_DESCRIPTION = (
    "Each dated happening, with the date as worded, the resolved range, its precision and how it "
    "was resolved. Calendar days are those of the resource's `timeZone` once an editor sets it; "
    "until then, of the article's own wording."
)


def _article_description(tables: dict[str, list[dict]]) -> str:
    """The article resource's description, naming this article's publisher and author as its
    sources row gives them (or the publisher in general, when it gives none)."""
    row = next((r for r in tables.get("sources", []) if r.get("kind") == "article"), {})
    publisher, author = (str(row.get(k) or "").strip() for k in ("publisher", "author"))
    rights = f"the publisher, {publisher}" if publisher else "the publisher"
    if publisher and author:
        rights += f" (by {author})"
    return (
        "Byte-identical copy of the article as received. Every anchor's offsets point into this "
        f"text. All rights in it stay with {rights}: it is reproduced for analysis and "
        "commentary and is not covered by the package's CC BY 4.0 licence, which covers the "
        "annotations only."
    )


def descriptor(text: str, tables: dict[str, list[dict]], title: str) -> dict:
    d = copy.deepcopy(schema())
    raw = text.encode("utf-8")
    d["name"] = "drafted-explainer"
    d["title"] = f"Drafted facts of '{title}'"
    d["description"] = (
        "Drafted by `python -m explainer draft` from the article's text; every record is a draft "
        "until an editor marks it reviewed in provenance.csv."
    )
    d.pop("sources", None)
    d.pop("explainer", None)  # this project's pages and title are not the draft's
    # The tables as the data contract defines them (shipped with the package, so a drafter
    # installed from a wheel has them too); the events' time zone is the article's, unknown.
    contract = {r["name"]: r["schema"] for r in canonical_tables()}
    for res in d["resources"]:
        if res["name"] == "article":
            res["bytes"] = len(raw)
            res["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
            # The project's own words name its own article's publisher: this one's are its own.
            res["description"] = _article_description(tables)
            res["licenses"] = [dict(ARTICLE_RIGHTS)]
        if res["name"] in contract:
            res["schema"] = copy.deepcopy(contract[res["name"]])
        if res["name"] == "events":
            for key in ("timeZone", "timeZoneLabel", "secondTimeZone", "secondTimeZoneLabel"):
                res.pop(key, None)
            res["description"] = EVENTS_DESCRIPTION
        if res["name"] == "voices":
            for f in res["schema"]["fields"]:
                if f["name"] == "voice_id":
                    f["constraints"]["enum"] = [v["voice_id"] for v in tables["voices"]]
    return d


def files(text: str, tables: dict[str, list[dict]], desc: dict) -> dict[str, str]:
    """Every file of the package by name, as text."""
    out = {DESCRIPTOR: json.dumps(desc, indent=2, ensure_ascii=False) + "\n"}
    for res in desc["resources"]:
        if res["name"] == "article":
            out[res["path"]] = text
        else:
            fields = [f["name"] for f in res["schema"]["fields"]]
            out[res["path"]] = csv_text(fields, tables.get(res["name"], []))
    return out


def write(out: Path, contents: dict[str, str]) -> None:
    """Write all files into ``out`` through the package layer (new folder: all at once;
    a package there already: one journaled transaction the review desk can undo)."""
    store.write_package(out, contents, action="draft")

"""Records the draft missed (a statement, a figure, an event from a selection), a record's
fields, the site's title and settings."""

from __future__ import annotations

from explainer.package import NARRATION
from explainer.package.store import Package, StoreError, Written
from explainer.package.vocab import HEDGE_BOUND

from .speakers import ensure_actor_and_voice, speaker_hop
from .working import Edit, trim


def add_statement(
    pkg: Package,
    start: int,
    end: int,
    speaker_id: str,
    mode: str = "direct",
    addresses: str = "not stated",
    version: str | None = None,
) -> Written:
    """A statement the draft missed, on the selected words, with its chain to the publisher."""
    e = Edit(pkg)
    a, b = trim(pkg.article, int(start), int(end))
    e.find("actors", speaker_id)
    voice = ensure_actor_and_voice(e, speaker_id)
    sid = e.new_id("statements", "st_")
    e.add(
        "statements",
        {
            "statement_id": sid,
            "mode": mode,
            "voice_id": voice,
            "speaker_id": speaker_id,
            "start": a,
            "end": b,
            "exact": pkg.article[a:b],
            "addresses": addresses,
        },
    )
    publisher = next(
        (v["actor_id"] for v in e.tables.get("voices", []) if v["voice_id"] == NARRATION), ""
    )
    article_src = next(
        (s["source_id"] for s in e.tables.get("sources", []) if s["kind"] == "article"), ""
    )
    hop = speaker_hop(e, e.find("statements", sid), speaker_id)
    e.add("relay_hops", {"statement_id": sid, "position": "1", "role": "speaker", **hop})
    e.add(
        "relay_hops",
        {
            "statement_id": sid,
            "position": "2",
            "actor_id": publisher,
            "role": "publisher",
            "source_id": article_src,
            "basis": "byline",
        },
    )
    if mode == "direct":
        e.revoice(a, b)
    return e.commit("add_statement", version, record=f"statements/{sid}")


def add_figure(
    pkg: Package,
    start: int,
    end: int,
    value: str,
    unit: str,
    hedge: str = "",
    kind: str = "count",
    version: str | None = None,
) -> Written:
    e = Edit(pkg)
    a, b = trim(pkg.article, int(start), int(end))
    fid = e.new_id("figures", "fg_")
    e.add(
        "figures",
        {
            "figure_id": fid,
            "start": a,
            "end": b,
            "exact": pkg.article[a:b],
            "value": value,
            "unit": unit,
            "hedge": hedge,
            "bound": HEDGE_BOUND.get(hedge, ""),
            "kind": kind,
            "voice_id": e.voice_at(a, b),
        },
    )
    return e.commit("add_figure", version, record=f"figures/{fid}")


def add_event(
    pkg: Package,
    start: int,
    end: int,
    label: str,
    date_start: str = "",
    date_end: str = "",
    precision: str = "unresolved",
    resolution: str = "stated",
    note: str = "",
    version: str | None = None,
) -> Written:
    """An event the draft missed, on the selected words (its note says how it was dated:
    by default, from those words)."""
    e = Edit(pkg)
    a, b = trim(pkg.article, int(start), int(end))
    eid = e.new_id("events", "ev_")
    e.add(
        "events",
        {
            "event_id": eid,
            "label": label,
            "start": a,
            "end": b,
            "exact": pkg.article[a:b],
            "date_start": date_start,
            "date_end": date_end or date_start,
            "precision": precision,
            "resolution": resolution,
            "note": note.strip() or f"Dated by the editor from the words “{pkg.article[a:b]}”.",
        },
    )
    return e.commit("add_event", version, record=f"events/{eid}")


# ----------------------------------------------------------------------------- fields

#: The fields an editor may set on a record directly, by table.
EDITABLE = {
    "figures": ("value", "unit", "hedge", "kind", "voice_id", "note"),
    "aliases": ("actor_id", "voice_id", "form"),
    "events": ("label", "date_start", "date_end", "precision", "resolution", "moment_utc", "note"),
    "actors": ("name", "kind", "description"),
    "statements": ("mode", "event_id", "addressee_id", "addresses", "relay_note"),
    "sources": ("title", "publisher", "author", "url", "date_start", "date_end"),
}


def edit_fields(
    pkg: Package, table: str, rid: str, values: dict[str, str], version: str | None = None
) -> Written:
    """Set some fields of a record; a figure's bound follows its hedge."""
    e = Edit(pkg)
    row = e.find(table, rid)
    allowed = EDITABLE.get(table, ())
    for fld, value in values.items():
        if fld not in allowed:
            raise StoreError(f"{table}: {fld} is not a field the review desk edits")
        row[fld] = str(value).strip()
    if table == "figures" and "hedge" in values:
        row["bound"] = HEDGE_BOUND.get(row["hedge"], row["bound"])
    e.touched.append(f"{table}/{rid}")
    return e.commit("edit", version, record=f"{table}/{rid}", fields=sorted(values))


def set_title(pkg: Package, title: str, version: str | None = None) -> Written:
    """The site's title (the ``site_title`` setting); the article's own title stays as printed."""
    return set_settings(pkg, {"site_title": title.strip()}, version)


def set_settings(pkg: Package, values: dict, version: str | None = None) -> Written:
    """Set (or, with an empty value, remove) settings in the descriptor's ``explainer`` object."""
    e = Edit(pkg)
    settings = e.descriptor.setdefault("explainer", {})
    for name, value in values.items():
        if value in ("", None):
            settings.pop(name, None)
        else:
            settings[name] = value
    if not settings:
        e.descriptor.pop("explainer")
    return e.commit("settings", version, settings=sorted(values))

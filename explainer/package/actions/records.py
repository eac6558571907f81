"""Records the draft missed (a statement, a figure, an event from a selection), a record's
fields, the site's title and settings."""

from __future__ import annotations

import re

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


# ----------------------------------------------------------------------------- years

#: A four-digit number a year may be, as printed ("2004", not "2,004" nor "20,040").
YEAR = re.compile(r"(?<![\d,.])(1[5-9]\d\d|20\d\d|2100)(?![\d,.]\d)")
#: Words after a year that make no label ("in 2004, the ...", "2000 and 2004").
NOT_A_LABEL = {"and", "or", "to", "the", "a", "an", "of", "in", "on", "at", "when", "with", "by"}


def year_of(figure: dict) -> int | None:
    """The year a figure's words print, when they are one four-digit year, else None."""
    found = YEAR.findall(figure.get("exact", ""))
    return int(found[0]) if len(found) == 1 and figure["exact"].strip() == found[0] else None


def date_year(
    pkg: Package, figure_id: str, event: bool = True, version: str | None = None
) -> Written:
    """Say that a figure's number is a year ("the 2000 election", "a 2014 study", "in 2004"),
    in one transaction: the figure becomes kind ``date`` (unit year, no hedge) and is reviewed,
    and, with ``event``, the event its words date is dated to that year (the drafted event
    anchored over the year, else a new one on the year's words, labelled with the word after
    it). A year cannot be rejected: every number in the text keeps a figure."""
    e = Edit(pkg)
    fig = e.find("figures", figure_id)
    year = year_of(fig)
    if year is None:
        raise StoreError(f"figures {figure_id}: “{fig['exact']}” is not a four-digit year")
    fig.update(value=str(year), unit="year", hedge="", bound="exact", kind="date")
    e.set_reviewed("figures", figure_id)
    e.touched.append(f"figures/{figure_id}")
    eid = ""
    if event:
        a, b = int(fig["start"]), int(fig["end"])
        dated = {
            "date_start": f"{year}-01-01",
            "date_end": f"{year}-12-31",
            "precision": "range",
            "resolution": "stated",
            "moment_utc": "",
        }
        over = [
            ev
            for ev in e.tables.get("events", [])
            if ev["start"].isdigit() and int(ev["start"]) <= a and b <= int(ev["end"])
        ]
        if over:
            ev = min(over, key=lambda r: int(r["end"]) - int(r["start"]))
            eid = ev["event_id"]
            if ev["label"].strip().lower() == ev["exact"].strip().lower():  # the draft's words
                dated["label"] = _year_label(pkg.article, b, year)
            ev.update(dated, note=f"The year {year}, as the text prints it.")
            e.set_reviewed("events", eid)
            e.touched.append(f"events/{eid}")
        else:
            eid = e.new_id("events", "ev_")
            e.add(
                "events",
                {
                    "event_id": eid,
                    "label": _year_label(pkg.article, b, year),
                    "start": a,
                    "end": b,
                    "exact": fig["exact"],
                    **dated,
                    "note": f"The year {year}, as the text prints it; the label is the "
                    "word after it: check it.",
                },
            )
    return e.commit(
        "date_year", version, record=f"figures/{figure_id}", event=eid and f"events/{eid}"
    )


def _year_label(text: str, end: int, year: int) -> str:
    """The year and the word after it, if one is: "2000 election" for "the 2000 election"."""
    m = re.match(r"[ -]([a-z][a-z-]+)", text[end : end + 40])
    return f"{year} {m.group(1)}" if m and m.group(1) not in NOT_A_LABEL else f"In {year}"


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

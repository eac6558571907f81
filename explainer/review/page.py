"""The review desk's HTML: the article with every record marked, the queue, the current card.

Everything shown from the package is escaped here (:func:`esc`), so a package's text is shown
literally and never runs: the page also forbids inline script (see ``app.CSP``). Paragraphs carry
their offset in the article (``data-start``), so ``review.js`` can turn a selection into article
offsets without knowing the markup inside.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from urllib.parse import quote

from explainer.package import Problem, scan
from explainer.package.actions import (
    EDITABLE,
    HEDGE_BOUND,
    carried,
    reject_preview,
    year_of,
)
from explainer.package.checks.errors import CATALOGUE
from explainer.package.facts import DataError, from_result
from explainer.package.store import Package, history, journal
from explainer.package.validate import Result, Status, status, validate
from explainer.views import annotate, cite

#: Tables an editor reviews record by record (relay hops go with their statement).
QUEUE_TABLES = (
    "statements",
    "figures",
    "events",
    "aliases",
    "actors",
    "voices",
    "checks",
    "terms",
    "relations",
    "notes",
    "sources",
    "context",
)
#: What a record of each table is, in a line, for an editor new to the package's tables.
TABLE_HELP = {
    "statements": "Words someone said: a direct quotation (the words between quotation marks) "
    "or a paraphrase. Check the words, the speaker and the cue.",
    "figures": "A number the article gives, with its unit and hedge (“nearly”, “more than”). "
    "Every number in the text needs one: for an ordinal (“first”) or an idiom, set its kind "
    "rather than reject it.",
    "events": "Something that happened or will, with its date as the text gives it.",
    "aliases": "A mention of an actor in the text (a name, a title, a description). Check that "
    "it names that actor.",
    "actors": "A person, group, outlet or place the article names.",
    "voices": "Whose words a passage is: each quoted speaker has a voice; the narration is the "
    "article's own.",
    "notes": "A place the drafter flagged: a quoted phrase with no cue, a sentence with no fact. "
    "Accepting it agrees: the marks hold no one's words, or the sentence no fact to record.",
    "terms": "A loaded or technical word, from the drafter's lexicon.",
    "relations": "A relation between two actors that the article states.",
    "checks": "Figures that should add up, as the text implies.",
    "sources": "Where the article, or a statement it relays, comes from.",
    "context": "A fact from outside the article, with its sources.",
    "relay_hops": "One link of a statement's relay chain: its speaker first, the publisher last.",
}
KEYS = (
    ("j", "next record"),
    ("k", "previous record"),
    ("a", "accept the record and what it relies on"),
    ("A", "accept every drafted mention of the actor a name's (or actor's) card shows"),
    ("x", "reject the record and what only it used"),
    ("u", "undo"),
    ("y", "redo"),
    ("s", "set the record's span to the selection"),
    ("d", "on a figure's card: its number is a year (kind date); date the event it names"),
    ("p", "make the selection the statement's speaker"),
    ("t", "split the statement at the selection"),
    ("r", "replace the statement's words by the selection (speaker and mode as picked)"),
    ("n", "add a statement on the selection"),
    ("c", "confirm a year the check asked about (history, not a typo)"),
    ("o", "switch the queue's order"),
    ("v", "preview the built pages"),
)


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@dataclass
class Item:
    table: str
    id: str
    confidence: float
    start: int | None
    note: str
    rule: str
    exact: str

    @property
    def ref(self) -> str:
        return f"{self.table}/{self.id}"


def queue(pkg: Package, order: str = "confidence") -> list[Item]:
    """The drafted records, lowest confidence first (then in reading order), or reading order."""
    items = []
    for p in pkg.tables.get("provenance", []):
        if p["review"] != "draft" or p["table"] not in QUEUE_TABLES:
            continue
        row = _row(pkg, p["table"], p["record_id"])
        if row is None:
            continue
        start = int(row["start"]) if row.get("start", "").isdigit() else None
        try:
            conf = float(p["confidence"])
        except ValueError:
            conf = 0.0
        items.append(
            Item(
                p["table"],
                p["record_id"],
                conf,
                start,
                p["note"],
                p["rule"],
                _what(p["table"], row),
            )
        )
    far = 10**9
    if order == "reading":
        items.sort(key=lambda i: (i.start if i.start is not None else far, i.table, i.id))
    else:
        items.sort(key=lambda i: (i.confidence, i.start if i.start is not None else far, i.id))
    return items


def _row(pkg: Package, table: str, rid: str) -> dict | None:
    pk = pkg.key(table)
    return next((r for r in pkg.tables.get(table, []) if "#".join(r[k] for k in pk) == rid), None)


def _what(table: str, row: dict) -> str:
    if row.get("exact"):
        return row["exact"]
    for fld in ("name", "label", "title", "claim", "note"):
        if row.get(fld):
            return row[fld]
    return ""


@dataclass(frozen=True)
class View:
    """What the desk shows of one version of a package, whatever record is current: how its
    review stands (the validator's count) and the annotated article."""

    status: Status
    article: str
    #: The article as last marked, its new marks still being made: the page fetches them.
    stale: bool = False


def view(pkg: Package, result: Result | None = None) -> View:
    """The :class:`View` of ``pkg``, from ``result`` (its validation) or by validating it."""
    result = validate(pkg.folder) if result is None else result
    try:
        recs = cite.records(from_result(result, pkg.folder))
    except DataError:  # a package the hand left invalid still shows its text
        recs = []
    return View(status(result), article(pkg.article, recs))


def article(text: str, recs: list) -> str:
    """The annotated article (the site's marks), one element per paragraph with its offset."""
    opened: set[str] = set()
    out = ['<div class="annotated-article review-article" id="text" lang="en">']
    for i, (ps, pe) in enumerate(scan.paragraphs(text)):
        tag = "h2" if i == 0 else "p"
        body = annotate.marked_up(text, ps, pe, recs, opened)
        out.append(f'<{tag} class="article-para" data-start="{ps}">{body}</{tag}>')
    out.append("</div>")
    return "".join(out)


def mark_current(article_html: str, current: str | None) -> str:
    if not current:
        return article_html
    rid = esc(current.split("/", 1)[1])
    return article_html.replace(f'data-record="{rid}"', f'data-record="{rid}" data-current')


def _options(values: list[tuple[str, str]], selected: str = "") -> str:
    return "".join(
        f'<option value="{esc(v)}"{" selected" if v == selected else ""}>{esc(label)}</option>'
        for v, label in values
    )


def card(
    pkg: Package,
    item_ref: str | None,
    typed: dict[str, str] | None = None,
    order: str = "confidence",
    back: str = "",
    refused: bool = False,
) -> str:
    """The current record: its fields, its review note, and every action on it. ``typed``: the
    values an editor typed into its edit form, kept there when the edit was refused; ``back``:
    the record whose card linked here (a merge returns there); ``refused``: the last action on
    it was refused, so accepting or rejecting it as it stands asks first."""
    if not item_ref:
        return (
            '<section class="card" id="card"><p>Nothing left to review in the queue.</p></section>'
        )
    table, rid = item_ref.split("/", 1)
    row = _row(pkg, table, rid)
    if row is None:
        return f'<section class="card" id="card"><p>No record {esc(item_ref)}.</p></section>'
    prov = next(
        (
            p
            for p in pkg.tables.get("provenance", [])
            if p["table"] == table and p["record_id"] == rid
        ),
        None,
    )
    status = "drafted" if prov and prov["review"] == "draft" else "reviewed"
    fields = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in row.items() if v != ""
    )
    rec = f'<input type="hidden" name="table" value="{esc(table)}"><input type="hidden" name="id" value="{esc(rid)}">'
    out = [
        f'<section class="card" id="card" data-ref="{esc(item_ref)}">',
        f'<h2><span class="rec-table">{esc(table)}</span> <code>{esc(rid)}</code> '
        + (f"{esc(row['name'])} " if table == "actors" and row.get("name") else "")
        + f'<span class="status status-{status}">{status}</span></h2>',
    ]
    if table in TABLE_HELP:
        out.append(f'<p class="help">{esc(TABLE_HELP[table])}</p>')
    if prov:
        out.append(
            f'<p class="why">Rule <code>{esc(prov["rule"])}</code>, confidence '
            f"{esc(prov['confidence'])}. {esc(prov['note'])}</p>"
        )
    out.append(gist(pkg, table, row))
    # A key pressed while a refusal is on screen must not act, unasked, on the uncorrected record.
    ask = (
        f"The last action on {item_ref} was refused and nothing was written: its card still "
        "shows it as it was. "
        if refused or typed
        else ""
    )
    removes, noted = _reject_preview(pkg, table, rid)
    # Words of the text that would lose their record (an event, a name) are worth a question;
    # an actor or voice that only the rejected name used is not.
    texts = any("start" in (_row(pkg, t, r) or {}) for t, r in removes)
    gone = "; ".join(_named(pkg, t, r) for t, r in removes)
    out.append('<div class="actions">')
    out.append(_button("accept", "Accept", "a", rec, confirm=ask and ask + "Accept it as it is?"))
    reject_ask = ask + (f"Rejecting it also removes: {gone}. " if texts else "")
    out.append(
        _button("reject", "Reject", "x", rec, confirm=reject_ask and reject_ask + "Reject it?")
    )
    if "start" in row:
        out.append(_button("set_span", "Set span to selection", "s", rec, selection=True))
    out.append("</div>")
    if table == "figures" and (year := year_of(row)) is not None:
        # a year drafted as a count ("the 2000 election": 2,000 elections) in one action
        out.append(
            '<div class="actions year">'
            + _button("date_year", f"{year} is a year: date its event", "d", rec)
            + _button(
                "date_year",
                f"{year} is a year, no event",
                "",
                rec + '<input type="hidden" name="event" value="0">',
            )
            + "</div>"
        )
    mentions = drafted_mentions(pkg, table, row)
    if mentions:
        name = _name(pkg, mentions[0][1])
        ids = " ".join(f"aliases/{a}" for a, _ in mentions)
        # One mention too: A on any name's or actor's card does what the README says it does,
        # never nothing (newcomer read 3: A was silent on actors named once).
        label = (
            f"Accept all {len(mentions)} drafted mentions of {name}"
            if len(mentions) > 1
            else f"Accept the one drafted mention of {name}"
        )
        out.append(
            '<div class="actions">'
            + _button(
                "accept_all",
                label,
                "A",
                rec + f'<input type="hidden" name="refs" value="{esc(ids)}">',
                confirm=ask and ask + "Accept them all as they are?",
            )
            + "</div>"
        )
    actors = [
        (a["actor_id"], f"{a['name']} ({a['actor_id']})") for a in pkg.tables.get("actors", [])
    ]
    if table == "statements":
        out.append(
            '<div class="actions"><form hx-post="action/change_speaker" data-selection="optional">'
            f'{rec}<input type="hidden" name="was" value="{esc(row["speaker_id"])}">'
            f'<label>Speaker <select name="actor" data-role="speaker">'
            f'<option value="">(from the selection)</option>{_options(actors, row["speaker_id"])}'
            '</select></label> <button type="submit" data-key="p">Set speaker <kbd>p</kbd></button>'
            "</form>" + _button("split", "Split at selection", "t", rec, selection=True) + "</div>"
        )
        same = [("", "(same speaker)"), *actors]
        modes = [("", "(same mode)"), ("direct", "direct"), ("paraphrase", "paraphrase")]
        out.append(
            '<div class="actions"><form hx-post="action/replace" data-selection="required">'
            f'{rec}<label>as <select name="actor" data-role="replace-speaker">{_options(same)}'
            f'</select></label> <label>mode <select name="mode">{_options(modes)}</select></label> '
            '<button type="submit" data-key="r">Replace with selection <kbd>r</kbd></button>'
            "</form></div>"
        )
        for side in ("cue", "source"):
            out.append(
                _button(
                    "set_span",
                    f"Set {side} to selection",
                    "",
                    rec + f'<input type="hidden" name="side" value="{side}">',
                    selection=True,
                )
            )
    if table == "actors":
        others = [a for a in actors if a[0] != rid]
        out.append(
            '<div class="actions"><form hx-post="action/merge_actors">'
            f'<input type="hidden" name="drop" value="{esc(rid)}">'
            f'<input type="hidden" name="back" value="{esc(back)}">'
            f'<label>Merge into <select name="keep" data-role="merge" required>'
            f'<option value="">(choose an actor)</option>{_options(others)}</select></label> '
            '<button type="submit">Merge</button></form></div>'
        )
    if table == "events":
        events = [
            (ev["event_id"], f"{ev['label']} (“{ev['exact'][:30]}”, {ev['event_id']})")
            for ev in pkg.tables.get("events", [])
            if ev["event_id"] != rid
        ]
        out.append(
            '<div class="actions"><form hx-post="action/merge_events">'
            f'<input type="hidden" name="drop" value="{esc(rid)}">'
            '<label>Same event as <select name="keep" data-role="merge-event" required>'
            f'<option value="">(choose an event)</option>{_options(events)}</select></label> '
            '<button type="submit">Merge events</button></form></div>'
        )
    out.append(carries_html(pkg, table, rid, status == "drafted", order))
    if noted:
        items = "".join(f"<li>“{esc(pkg.article[a:b][:80])}”</li>" for a, b in noted)
        out.append(
            '<section class="carries rejects" aria-label="What rejecting leaves">'
            "<h3>Rejecting leaves a note on its quotation marks</h3>"
            "<p>The text's quotation marks need a record: rejecting notes that they hold no "
            "one's words here (a title, a name, a scare quote). If they are someone's words, set "
            f"the speaker (<kbd>p</kbd>) or replace the words (<kbd>r</kbd>) instead.</p><ul>{items}</ul>"
            "</section>"
        )
    if removes:
        items = "".join(
            f"<li>{link(f'{t}/{r}', order, esc(_named(pkg, t, r)))}</li>" for t, r in removes
        )
        out.append(
            '<section class="carries rejects" aria-label="What rejecting removes">'
            f"<h3>Rejecting also removes</h3><ul>{items}</ul></section>"
        )
    out.append(f'<table class="fields">{fields}</table>')
    if table in EDITABLE:
        inputs = []
        enums = _enums(pkg, table)
        refs = _references(pkg, table)
        for fld in EDITABLE[table]:
            value = (typed or {}).get(fld, row.get(fld, ""))
            if fld == "actor_id":
                choice = _options([(a, label) for a, label in actors], value)
                inputs.append(f'<label>actor <select name="f_{fld}">{choice}</select></label>')
            elif fld in refs:  # a record of another table: offered by name, never typed
                offered = refs[fld] if fld in REQUIRED_REFS else [("", "(none)"), *refs[fld]]
                if value not in {v for v, _ in offered}:
                    offered.append((value, value))
                choice = _options(offered, value)
                inputs.append(f'<label>{fld} <select name="f_{fld}">{choice}</select></label>')
            elif fld == "hedge" or fld in enums:
                allowed = list(HEDGE_BOUND) if fld == "hedge" else ["", *enums[fld]]
                if value not in allowed:
                    allowed.append(value)
                choice = _options([(h, h or "(none)") for h in allowed], value)
                inputs.append(f'<label>{fld} <select name="f_{fld}">{choice}</select></label>')
            else:
                inputs.append(f'<label>{fld} <input name="f_{fld}" value="{esc(value)}"></label>')
        out.append(
            f'<form class="edit" hx-post="action/edit">{rec}{"".join(inputs)}'
            '<button type="submit">Save fields</button></form>'
        )
    out.append("</section>")
    return "".join(out)


#: Reference fields a record cannot leave empty (the others offer "(none)").
REQUIRED_REFS = {"voice_id"}

#: The column that names a record of each referenced table in a list.
REF_LABELS = {"actors": "name", "voices": "label", "events": "label", "sources": "title"}


def _references(pkg: Package, table: str) -> dict[str, list[tuple[str, str]]]:
    """Each field of ``table`` that the schema makes a foreign key, with the records it may
    name: (id, "label (id)") (newcomer read 3: event, addressee and voice ids were typed)."""
    out = {}
    for fk in _schema(pkg, table).get("foreignKeys", []):
        fields, ref = fk["fields"], fk["reference"]
        if isinstance(fields, str):
            fields, ref = [fields], {**ref, "fields": [ref["fields"]]}
        if len(fields) != 1:
            continue  # a key of several fields is set by the actions that make it
        field, target, key = fields[0], ref["resource"] or table, ref["fields"][0]
        label = REF_LABELS.get(target, key)
        out[field] = [
            (r[key], f"{r.get(label) or r[key]} ({r[key]})") for r in pkg.tables.get(target, [])
        ]
    return out


def _schema(pkg: Package, table: str) -> dict:
    """The table schema the package's descriptor gives ``table`` (empty if none)."""
    res = next((r for r in pkg.descriptor.get("resources", []) if r.get("name") == table), {})
    return res.get("schema", {})


def _enums(pkg: Package, table: str) -> dict[str, list[str]]:
    """The allowed values of each field of ``table`` that the schema lists them for."""
    return {
        f["name"]: list(f["constraints"]["enum"])
        for f in _schema(pkg, table).get("fields", [])
        if "enum" in f.get("constraints", {})
    }


def _name(pkg: Package, actor_id: str) -> str:
    actor = _row(pkg, "actors", actor_id)
    return actor["name"] if actor else actor_id


def gist(pkg: Package, table: str, row: dict) -> str:
    """The record as an editor reads it: its words, and for a statement who says them, how
    (the cue) and as whom the article names them; for a mention, whom it names."""
    out = []
    if row.get("exact"):
        out.append(f'<blockquote class="exact">{esc(row["exact"])}</blockquote>')
    if table == "statements":
        said = f"{esc(_name(pkg, row['speaker_id']))} ({esc(row['mode'])})"
        if row.get("cue_exact"):
            said += f", cue “{esc(row['cue_exact'])}”"
        if row.get("source_exact"):
            said += f", named as “{esc(row['source_exact'])}”"
        out.append(f'<p class="gist">Speaker: {said}</p>')
    elif table == "aliases":
        out.append(f'<p class="gist">Names: {esc(_name(pkg, row["actor_id"]))}</p>')
    elif table == "figures":
        how = [row[k] for k in ("hedge", "bound") if row.get("hedge")]
        how += [row["kind"]] if row.get("kind") not in ("", "count") else []
        more = f" ({esc(', '.join(how))})" if how else ""
        out.append(f'<p class="gist">{esc(row["value"])} {esc(row["unit"])}{more}</p>')
    return "".join(out)


def drafted_mentions(pkg: Package, table: str, row: dict) -> list[tuple[str, str]]:
    """The drafted mentions (alias id, actor id) of the actor an alias or actor card shows."""
    actor = row.get("actor_id", "") if table in ("aliases", "actors") else ""
    drafted = {
        p["record_id"]
        for p in pkg.tables.get("provenance", [])
        if p["table"] == "aliases" and p["review"] == "draft"
    }
    return [
        (a["alias_id"], actor)
        for a in pkg.tables.get("aliases", [])
        if actor and a["actor_id"] == actor and a["alias_id"] in drafted
    ]


#: The order a card lists the records another relies on: its chain first, the article last.
CARRY_ORDER = ("relay_hops", "actors", "voices", "aliases", "events", "figures", "sources")


def link(ref: str, order: str, text: str, back: str = "") -> str:
    """A link that makes ``ref`` (table/id) the current record; the id may hold a ``#``.
    ``back``: the record it was followed from, where a merge made on that card returns."""
    href = f"desk?rec={quote(ref, safe='/')}&order={quote(order)}"
    href += f"&back={quote(back, safe='/')}" if back else ""
    return f'<a hx-get="{esc(href)}" href="#" data-ref="{esc(ref)}">{text}</a>'


def label(table: str, row: dict) -> str:
    """A record in a few words, for a list of records."""
    if table == "relay_hops":
        words = f" “{row['wording']}”" if row.get("wording") else ""
        return f"hop {row['position']}: {row['role']} {row['actor_id']}{words}"
    return _what(table, row)[:60]


def carries_html(pkg: Package, table: str, rid: str, drafted: bool, order: str) -> str:
    """What accepting the record marks reviewed with it (or did), the direct statements it makes
    for a paraphrase's quoted passages, and the records anchored inside it or pointing to it;
    each one a link, so a reviewed record stays one click away."""
    what = carried(pkg, table, rid)
    checks = {
        (p["table"], p["record_id"]): p["note"]
        for p in pkg.tables.get("provenance", [])
        if p["review"] == "draft" and p.get("note")
    }

    def items(refs: list[tuple[str, str, bool]]) -> str:
        rank = {t: i for i, t in enumerate(CARRY_ORDER)}
        refs = sorted(refs, key=lambda x: (rank.get(x[0], len(rank)), x[1]))
        out = []
        for t, r, is_draft in refs:
            row = _row(pkg, t, r) or {}
            state = "drafted" if is_draft else "reviewed"
            text = f'<span class="rec-table">{esc(t)}</span> {esc(label(t, row))}'
            # A drafted record carried along still asks its own question: show it, so it is
            # not reviewed unseen (newcomer read 3: an event labelled "Friday" left the queue).
            check = checks.get((t, r)) if is_draft else None
            ask = (
                f' <span class="carried-check">still to check: {esc(check)}</span>' if check else ""
            )
            out.append(
                f"<li>{link(f'{t}/{r}', order, text, f'{table}/{rid}')} "
                f'<span class="status status-{state}">{state}</span>{ask}</li>'
            )
        return "".join(out)

    head = "Accepting marks reviewed with it" if drafted else "It relies on"
    parts = []
    if what.relies_on or what.passages:
        made = "".join(
            f"<li>a new direct statement “{esc(pkg.article[a:b][:60])}”</li>"
            for a, b in what.passages
        )
        parts.append(f"<h3>{head}</h3><ul>{items(what.relies_on)}{made}</ul>")
    if what.attached:
        parts.append(
            "<h3>Inside it or pointing to it (each reviewed on its own)</h3>"
            f"<ul>{items(what.attached)}</ul>"
        )
    if not parts:
        return ""
    return f'<section class="carries" aria-label="What it carries">{"".join(parts)}</section>'


def _named(pkg: Package, table: str, rid: str) -> str:
    """A record by table, id and a few words: ``events ev_002 (in 2004)``."""
    return f"{table} {rid} ({label(table, _row(pkg, table, rid) or {})})"


def _reject_preview(
    pkg: Package, table: str, rid: str
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """The records rejecting (table, rid) would take with it (its own relay hops aside), and the
    quoted passages it would leave a note on."""
    own = f"{rid}#"
    removed, noted = reject_preview(pkg, table, rid)
    removed = [
        (t, r)
        for t, r in removed
        if not (t == "relay_hops" and table == "statements" and r.startswith(own))
    ]
    return removed, noted


def _button(
    action: str, label: str, key: str, hidden: str, selection: bool = False, confirm: str = ""
) -> str:
    """A one-button form posting ``action``; with ``confirm``, the browser asks that first."""
    sel = ' data-selection="required"' if selection else ""
    sel += f' hx-confirm="{esc(confirm)}"' if confirm else ""
    kbd = f" <kbd>{key}</kbd>" if key else ""
    data_key = f' data-key="{key}"' if key else ""
    return (
        f'<form hx-post="action/{action}"{sel}>{hidden}'
        f'<button type="submit"{data_key}>{esc(label)}{kbd}</button></form>'
    )


def add_forms(pkg: Package, current: str | None = None) -> str:
    """Records the draft missed, made from the selection (by the current statement's speaker,
    unless another is picked)."""
    actors = [(a["actor_id"], a["name"]) for a in pkg.tables.get("actors", [])]
    row = _row(pkg, *current.split("/", 1)) if current else None
    speaker = row.get("speaker_id", "") if row else ""
    hedges = _options([(h, h or "(no hedge)") for h in HEDGE_BOUND])
    enums = _enums(pkg, "events")  # the schema's own values, nothing it would refuse
    precisions = [(v, v) for v in enums.get("precision", ["unresolved"])]
    methods = [(v, v) for v in enums.get("resolution", ["stated"])]
    return (
        '<section class="add" aria-label="Add from the selection"><h2>Add from the selection</h2>'
        '<form hx-post="action/add_statement" data-selection="required">'
        f'<label>Speaker <select name="actor">{_options(actors, speaker)}</select></label> '
        '<label>Mode <select name="mode"><option>direct</option><option>paraphrase</option></select></label> '
        '<button type="submit" data-key="n">Add statement <kbd>n</kbd></button></form>'
        '<form hx-post="action/add_figure" data-selection="required">'
        '<label>Value <input name="value" size="8"></label> <label>Unit <input name="unit" size="8"></label> '
        f'<label>Hedge <select name="hedge">{hedges}</select></label> '
        '<button type="submit">Add figure</button></form>'
        '<form hx-post="action/add_event" data-selection="required">'
        '<label>Label <input name="label" size="14"></label> '
        '<label>From <input name="date_start" size="10" placeholder="YYYY-MM-DD"></label> '
        '<label>to <input name="date_end" size="10" placeholder="same day"></label> '
        f'<label>Precision <select name="precision">{_options(precisions, "unresolved")}'
        "</select></label> "
        f'<label>Method <select name="resolution">{_options(methods, "stated")}</select></label> '
        '<label>Note <input name="note" size="24" placeholder="how it was dated"></label> '
        '<button type="submit">Add event</button></form>'
        "</section>"
    )


def far_years(problems: tuple[Problem, ...]) -> list[int]:
    """The years of the dates refused as far from the article's (a typo in the year?)."""
    return sorted(
        {
            int(p.message[:4])
            for p in problems
            if p.code == "date-error"
            and p.field in ("date_start", "date_end")
            and "years from the article's date" in p.message
            and p.message[:4].isdigit()
        }
    )


def confirm_years(action: str, form: dict[str, str], years: list[int]) -> str:
    """A form that sends the refused ``action`` again with the editor's confirmation of each
    far year added to the event's note (which the validator reads: a year the note names is
    no typo)."""
    if not years or action not in ("edit", "add_event"):
        return ""
    note_field = "f_note" if action == "edit" else "note"
    said = " ".join(f"The editor confirmed the year {y}." for y in years)
    values = {k: v for k, v in form.items() if k not in ("version", "order", "current")}
    values[note_field] = " ".join(x for x in (values.get(note_field, "").strip(), said) if x)
    hidden = "".join(
        f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">' for k, v in values.items()
    )
    shown = " and ".join(str(y) for y in years)
    return (
        f'<form class="confirm" hx-post="action/{esc(action)}">{hidden}'
        f"<p>If {shown} is right (history the article recounts), confirm it: the event's note "
        f"will say so, and that is what the check reads.</p>"
        f'<button type="submit" data-key="c">The year {shown} is right <kbd>c</kbd></button>'
        "</form>"
    )


def settings_form(pkg: Package) -> str:
    settings = pkg.descriptor.get("explainer", {})
    title = settings.get("site_title", "")
    rest = {k: v for k, v in settings.items() if k != "site_title"}
    return (
        '<section class="settings"><h2>Site</h2>'
        '<form hx-post="action/title"><label>Site title <input name="title" size="40" '
        f'value="{esc(title)}"></label> <button type="submit">Save title</button></form>'
        '<form hx-post="action/settings"><label>Other settings (JSON) '
        f'<textarea name="settings" rows="3" cols="50">{esc(json.dumps(rest, ensure_ascii=False))}</textarea>'
        '</label> <button type="submit">Save settings</button></form></section>'
    )


def journal_html(pkg: Package, last: int = 8) -> str:
    entries = journal(pkg.folder)
    done, undone = history(entries)
    rows = "".join(
        f"<li><time>{esc(e['time'])}</time> {esc(e['editor'])}: <b>{esc(e['action'])}</b> "
        f"{esc(e['detail'].get('record') or e['detail'].get('of') or '')}</li>"
        for e in reversed(entries[-last:])
    )
    return (
        f'<section class="journal"><h2>History ({len(entries)} entries, '
        f"{len(done)} to undo, {len(undone)} to redo)</h2><ol>{rows}</ol></section>"
    )


def desk(
    pkg: Package,
    current: str | None,
    order: str,
    message: str = "",
    error: bool = False,
    typed: dict[str, str] | None = None,
    shown: View | None = None,
    refused: tuple[Problem, ...] = (),
    back: str = "",
    confirm: str = "",
    previous: str = "",
) -> str:
    """Everything that changes after an action, one element htmx swaps whole. ``shown``: the
    package's :class:`View` (computed here when not given); ``refused``: the problems a refused
    action would have made; ``back``: the record whose card linked to the current one;
    ``previous``: the record just accepted (out of the queue now), where ``k`` goes back to."""
    shown = view(pkg) if shown is None else shown
    state = shown.status
    items = queue(pkg, order)
    refs = [i.ref for i in items]
    if current and "/" not in current:  # a mark names only its id: find its table
        current = next(
            (f"{t}/{current}" for t in QUEUE_TABLES if _row(pkg, t, current) is not None), None
        )
    if current not in refs and not (current and _row(pkg, *current.split("/", 1)) is not None):
        current = refs[0] if refs else None
    i = refs.index(current) if current in refs else -1
    nxt = refs[(i + 1) % len(refs)] if refs else ""
    prev = refs[(i - 1) % len(refs)] if refs else ""
    if previous and _row(pkg, *previous.split("/", 1)) is not None:
        prev = previous  # a reviewed record leaves the queue: k still reaches it
    other = "reading" if order == "confidence" else "confidence"
    qs = "".join(
        f"<li{' aria-current=true' if it.ref == current else ''}>"
        + link(
            it.ref,
            order,
            f'<span class="conf">{it.confidence:.2f}</span> '
            f'<span class="rec-table">{esc(it.table)}</span> {esc(it.exact[:70])}',
        )
        + "</li>"
        for it in items
    )
    msg = ""
    if refused:
        msg = problems_html(
            refused, "Refused, nothing written: the package would have", "message error"
        )
        msg += confirm
    elif message:
        role = "alert" if error else "status"
        msg = (
            f'<pre class="message {"error" if error else "ok"}" role="{role}">{esc(message)}</pre>'
        )
    if state.problems:
        msg += problems_html(state.problems, "The package has", "problems")
    hops = sum(
        1
        for p in pkg.tables.get("provenance", [])
        if p["table"] == "relay_hops" and p["review"] == "draft"
    )
    with_hops = f" (its {hops} drafted relay hops go with their statements)" if hops else ""
    return (
        f'<main id="desk" data-version="{esc(pkg.version)}" data-order="{order}">'
        '<header class="bar">'
        f'<span class="counts" data-drafted="{state.drafted}" data-reviewed="{state.reviewed}" '
        f'data-problems="{len(state.problems)}">{state.drafted} to review, {state.reviewed} '
        f"reviewed, {_n(len(state.problems), 'problem')}</span> "
        f'<a hx-get="desk?rec={esc(prev)}&amp;order={order}" href="#" data-key="k">Previous <kbd>k</kbd></a> '
        f'<a hx-get="desk?rec={esc(nxt)}&amp;order={order}" href="#" data-key="j">Next <kbd>j</kbd></a> '
        '<form hx-post="action/undo"><button type="submit" data-key="u">Undo <kbd>u</kbd></button></form> '
        '<form hx-post="action/redo"><button type="submit" data-key="y">Redo <kbd>y</kbd></button></form> '
        f'<a hx-get="desk?rec={esc(current or "")}&amp;order={other}" href="#" data-key="o">Order: {order} <kbd>o</kbd></a> '
        '<a href="preview" target="_blank" data-key="v" id="preview-link">Preview <kbd>v</kbd></a>'
        "</header>"
        f"{msg}"
        '<div class="columns">'
        f"{_fetch_when_stale(mark_current(shown.article, current), shown.stale, current)}"
        f'<aside class="side">{card(pkg, current, typed, order, back, error)}{add_forms(pkg, current)}'
        f'<section class="queue"><h2>Queue: {_n(len(items), "record")}{with_hops}</h2><ol>{qs}</ol></section>'
        f"{settings_form(pkg)}{journal_html(pkg)}</aside>"
        "</div></main>"
    )


def _fetch_when_stale(article_html: str, stale: bool, current: str | None) -> str:
    """A stale article fetches its new marks as soon as it is shown (htmx, on load)."""
    if not stale:
        return article_html
    href = f"article?rec={quote(current or '', safe='/')}"
    attrs = f'id="text" data-stale hx-get="{esc(href)}" hx-trigger="load" hx-target="this" hx-swap="outerHTML"'
    return article_html.replace('id="text"', attrs, 1)


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def problems_html(problems, lead: str, cls: str) -> str:
    """The validator's problems grouped by type: each type's title and fix (the catalogue in
    :mod:`explainer.package.checks.errors`), then each problem's file, line, field and words."""
    by_code: dict[str, list[Problem]] = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    groups = []
    for code, found in by_code.items():
        kind = CATALOGUE.get(code)
        head = f"<code>{esc(code)}</code> {esc(kind.title)}" if kind else esc(code or "problem")
        fix = f'<p class="fix">Fix: {esc(kind.fix)}</p>' if kind else ""
        items = "".join(f"<li>{esc(p)}</li>" for p in found)
        groups.append(f"<h3>{head}</h3>{fix}<ul>{items}</ul>")
    return (
        f'<section class="{cls}" role="alert"><p>{esc(lead)} {_n(len(problems), "problem")} '
        "(as <code>python -m explainer validate</code> finds them):</p>"
        f"{''.join(groups)}</section>"
    )


def page(
    pkg: Package, token: str, current: str | None, order: str, shown: View | None = None
) -> str:
    keys = "".join(f"<li><kbd>{k}</kbd> {esc(what)}</li>" for k, what in KEYS)
    config = json.dumps(
        {
            "allowEval": False,
            "allowScriptTags": False,
            "includeIndicatorStyles": False,
            "selfRequestsOnly": True,
            "responseHandling": [
                {"code": "204", "swap": False},
                {"code": "[23]..", "swap": True},
                {"code": "40[39]|422", "swap": True, "error": False},
                {"code": "...", "swap": False, "error": True},
            ],
        }
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Review: {esc(pkg.folder.name)}</title>"
        f'<meta name="htmx-config" content="{esc(config)}">'
        f'<meta name="review-token" content="{esc(token)}">'
        '<link rel="stylesheet" href="static/article.css">'
        '<link rel="stylesheet" href="theme.css">'
        '<link rel="stylesheet" href="static/review.css">'
        '<script src="static/htmx.min.js" defer></script>'
        '<script src="static/review.js" defer></script>'
        '</head><body hx-target="#desk" hx-swap="outerHTML">'
        f"<h1>Review desk: {esc(pkg.folder.name)}</h1>"
        f'<details class="keys"><summary>Keys</summary><ul>{keys}</ul>'
        "<p>Select words in the article first for the actions marked “selection”.</p></details>"
        f"{desk(pkg, current, order, shown=shown)}</body></html>"
    )

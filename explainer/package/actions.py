"""What an editor does to a drafted package, each action one validated transaction.

A record is named by its table and its id (a relay hop's id is ``statement_id#position``, as in
``provenance.csv``). A record is drafted while ``provenance.csv`` lists it with ``review`` =
``draft``; accepting it sets ``reviewed`` there, for it and for every drafted record it relies
on. Every function here takes the :class:`~explainer.package.store.Package` the editor saw and
returns what :func:`~explainer.package.store.commit` wrote, or raises its errors (nothing written).
References between tables are the descriptor's foreign keys, plus the two the schema cannot
state (a check's figures, a context fact's record and sources).
"""

from __future__ import annotations

import copy
import re
import unicodedata

from explainer.package import NARRATION, scan
from explainer.package.store import Package, StoreError, Written, commit, journal, resource
from explainer.package.vocab import HEDGE_BOUND

PROVENANCE = "provenance"
#: References the schema's foreignKeys cannot express: (table, field, target table, many).
EXTRA_REFS = (
    ("checks", "result_id", "figures", False),
    ("checks", "operand_ids", "figures", True),
    ("context", "source_ids", "sources", True),
)


class Edit:
    """A working copy of a package's tables and descriptor that one action changes."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.tables = copy.deepcopy(pkg.tables)
        self.descriptor = copy.deepcopy(pkg.descriptor)
        self.touched: list[str] = []

    # -- records
    def key_of(self, table: str, row: dict) -> str:
        return "#".join(row.get(k, "") for k in self.pkg.key(table))

    def find(self, table: str, rid: str) -> dict:
        for row in self.tables.get(table, []):
            if self.key_of(table, row) == rid:
                return row
        raise StoreError(f"{table}: no record {rid!r}")

    def has(self, table: str, rid: str) -> bool:
        return any(self.key_of(table, r) == rid for r in self.tables.get(table, []))

    def remove(self, table: str, rid: str) -> None:
        self.tables[table] = [r for r in self.tables[table] if self.key_of(table, r) != rid]
        self.tables[PROVENANCE] = [
            p
            for p in self.tables.get(PROVENANCE, [])
            if not (p["table"] == table and p["record_id"] == rid)
        ]
        self.touched.append(f"{table}/{rid}")

    def add(self, table: str, row: dict, rule: str = "editor") -> dict:
        fields = self.pkg.fields(table)
        full = {f: str(row.get(f, "") or "") for f in fields}
        self.tables.setdefault(table, []).append(full)
        self.touched.append(f"{table}/{self.key_of(table, full)}")
        return full

    def new_id(self, table: str, prefix: str) -> str:
        """The next free ``prefix`` id: never one a record held before (the journal says), so a
        rejected record's permalink never comes to name another."""
        taken = {self.key_of(t, r) for t in self.tables if t != PROVENANCE for r in self.tables[t]}
        taken |= {r["key"] for e in journal(self.pkg.folder) for r in e.get("rows", [])}
        n = 1
        while f"{prefix}{n:03d}" in taken:
            n += 1
        return f"{prefix}{n:03d}"

    # -- review state
    def drafted(self, table: str, rid: str) -> bool:
        return any(
            p["table"] == table and p["record_id"] == rid and p["review"] == "draft"
            for p in self.tables.get(PROVENANCE, [])
        )

    def set_reviewed(self, table: str, rid: str) -> None:
        for p in self.tables.get(PROVENANCE, []):
            if p["table"] == table and p["record_id"] == rid and p["review"] != "reviewed":
                p["review"] = "reviewed"
                self.touched.append(f"{table}/{rid}")

    # -- references
    def refs_from(self, table: str, row: dict) -> list[tuple[str, str]]:
        """The records ``row`` points to, as (table, id)."""
        out = []
        res = resource(self.descriptor, table)
        for fk in res["schema"].get("foreignKeys", []):
            for fld in fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]:
                if row.get(fld):
                    out.append((fk["reference"]["resource"] or table, row[fld]))
        for t, fld, target, many in EXTRA_REFS:
            if t == table and row.get(fld):
                out += [(target, v) for v in (row[fld].split() if many else [row[fld]])]
        if table == "context" and row.get("about_id"):
            owner = self.owner(row["about_id"])
            if owner:
                out.append(owner)
        return out

    def owner(self, rid: str) -> tuple[str, str] | None:
        for t, rows in self.tables.items():
            if t in (PROVENANCE, "voices"):
                continue
            for r in rows:
                if self.key_of(t, r) == rid:
                    return t, rid
        return None

    def users(self, table: str, rid: str) -> list[tuple[str, str]]:
        """The records that point to (table, rid)."""
        out = []
        for t, rows in self.tables.items():
            if t == PROVENANCE:
                continue
            for r in rows:
                if (table, rid) in self.refs_from(t, r):
                    out.append((t, self.key_of(t, r)))
        if table == "statements":
            out += [
                ("relay_hops", self.key_of("relay_hops", h))
                for h in self.tables.get("relay_hops", [])
                if h["statement_id"] == rid
                and ("relay_hops", self.key_of("relay_hops", h)) not in out
            ]
        return out

    def relies_on(self, table: str, rid: str) -> list[tuple[str, str]]:
        """Everything a record needs to stand: what it points to, its relay chain, their needs,
        and the alias that names a statement's speaker where the statement names them."""
        seen: list[tuple[str, str]] = []
        todo = [(table, rid)]
        while todo:
            t, r = todo.pop()
            if (t, r) in seen:
                continue
            seen.append((t, r))
            row = self.find(t, r)
            todo += [x for x in self.refs_from(t, row) if self.has(*x)]
            if t == "statements":
                todo += [
                    ("relay_hops", self.key_of("relay_hops", h))
                    for h in self.tables.get("relay_hops", [])
                    if h["statement_id"] == r
                ]
                todo += [
                    ("aliases", a["alias_id"])
                    for a in self.tables.get("aliases", [])
                    if a["actor_id"] == row["speaker_id"]
                    and row.get("source_start")
                    and int(row["source_start"]) <= int(a["start"])
                    and int(a["end"]) <= int(row["source_end"])
                ]
        return seen[1:]

    def sync_voice_enum(self) -> None:
        """The descriptor lists the voice ids (a constraint on voices.voice_id): keep it current."""
        res = resource(self.descriptor, "voices")
        for f in res["schema"]["fields"]:
            if f["name"] == "voice_id" and "enum" in f.get("constraints", {}):
                f["constraints"]["enum"] = [v["voice_id"] for v in self.tables.get("voices", [])]

    def commit(self, action: str, version: str | None, **detail) -> Written:
        self.sync_voice_enum()
        detail.setdefault("records", sorted(set(self.touched)))
        return commit(
            self.pkg, action, self.tables, self.descriptor, detail=detail, version=version
        )


# ----------------------------------------------------------------------------- review


def accept(pkg: Package, table: str, rid: str, version: str | None = None) -> Written:
    """Mark a record reviewed with every drafted record it relies on.

    A reviewed paraphrase needs a direct statement for each quoted passage inside it (the
    validator's rule): accepting one makes them, by the same speaker, with the same voice, event
    and relay chain, as an editor would by hand.
    """
    e = Edit(pkg)
    row = e.find(table, rid)
    if table == "statements" and row["mode"] != "direct":
        _quote_passages(e, row)
    for t, r in [(table, rid), *e.relies_on(table, rid)]:
        e.set_reviewed(t, r)
    if not e.touched:
        raise StoreError(f"{table} {rid} and what it relies on are reviewed already")
    return e.commit("accept", version, record=f"{table}/{rid}")


def reject(pkg: Package, table: str, rid: str, version: str | None = None) -> Written:
    """Remove a record, its relay chain, and each drafted record that only it used."""
    e = Edit(pkg)
    e.find(table, rid)
    candidates = e.relies_on(table, rid)
    dependants = [u for u in e.users(table, rid) if u[0] in ("relay_hops", "aliases")]
    for t, r in dependants:
        e.remove(t, r)
    for t, r in e.users(table, rid):
        if t == "voices" and not e.users(t, r) and r != NARRATION:
            e.remove(t, r)  # the voice of a rejected actor that nothing quotes
    row = e.find(table, rid)
    e.remove(table, rid)
    changed = True
    while changed:  # drop the drafts nothing points to any more, until none is left
        changed = False
        for t, r in candidates:
            if e.has(t, r) and e.drafted(t, r) and not e.users(t, r) and r != NARRATION:
                if t == "actors" and any(v["actor_id"] == r for v in e.tables.get("voices", [])):
                    continue
                e.remove(t, r)
                changed = True
    if table in FACT_TABLES:
        _note_bare_sentences(e, int(row["start"]), int(row["end"]))
    return e.commit("reject", version, record=f"{table}/{rid}")


#: Tables whose records count as a sentence's fact (the validator's sentence coverage).
FACT_TABLES = ("statements", "events", "figures", "relations")


def _note_bare_sentences(e: Edit, start: int, end: int) -> None:
    """A sentence a rejection leaves with no fact gets a drafted ``no_fact`` note, so that the
    package stays valid and the sentence comes back in the queue to be read again."""
    text = e.pkg.article
    covered = [
        (int(r["start"]), int(r["end"])) for t in FACT_TABLES for r in e.tables.get(t, [])
    ] + [
        (int(n["start"]), int(n["end"]))
        for n in e.tables.get("notes", [])
        if n["kind"] == "no_fact"
    ]
    for s, t in scan.sentences(text):
        if s < end and start < t and not any(a < t and s < b for a, b in covered):
            nid = e.new_id("notes", "nt_")
            e.add(
                "notes",
                {
                    "note_id": nid,
                    "kind": "no_fact",
                    "start": s,
                    "end": t,
                    "exact": text[s:t],
                    "note": "The editor rejected the drafted record here.",
                },
            )
            e.tables.setdefault(PROVENANCE, []).append(
                {
                    "record_id": nid,
                    "table": "notes",
                    "review": "draft",
                    "rule": "editor_rejected",
                    "confidence": "0.50",
                    "note": "does this sentence hold a fact to record?",
                }
            )


def _quote_passages(e: Edit, st: dict) -> None:
    text = e.pkg.article
    s, t = int(st["start"]), int(st["end"])
    direct = [
        (int(r["start"]), int(r["end"]))
        for r in e.tables.get("statements", [])
        if r["mode"] == "direct"
    ]
    passages, _ = scan.quotations(text)
    for q in passages:
        words = scan.after_label(text, q)
        if not (s <= q.start and q.end <= t) or any(a <= words and q.end <= b for a, b in direct):
            continue
        nid = e.new_id("statements", "st_")
        e.add(
            "statements",
            {
                **st,
                "statement_id": nid,
                "mode": "direct",
                "start": words,
                "end": q.end,
                "exact": text[words : q.end],
                "relay_note": f"A quoted passage of the paraphrase {st['statement_id']}.",
            },
        )
        for hop in [
            h for h in e.tables.get("relay_hops", []) if h["statement_id"] == st["statement_id"]
        ]:
            e.add("relay_hops", {**hop, "statement_id": nid})
        direct.append((words, q.end))


# ----------------------------------------------------------------------------- anchors

SIDES = {"content": ("start", "end", "exact"), "cue": ("cue_start", "cue_end", "cue_exact")}
SIDES["source"] = ("source_start", "source_end", "source_exact")


def set_span(
    pkg: Package,
    table: str,
    rid: str,
    start: int,
    end: int,
    side: str = "content",
    version: str | None = None,
) -> Written:
    """Anchor a record (or a statement's cue or named source) on ``article[start:end]``."""
    text = pkg.article
    start, end = _trim(text, int(start), int(end))
    e = Edit(pkg)
    row = e.find(table, rid)
    if side not in SIDES or (side != "content" and table != "statements"):
        raise StoreError(f"{table}: no {side} anchor to set")
    s, t, x = SIDES[side]
    row[s], row[t], row[x] = str(start), str(end), text[start:end]
    e.touched.append(f"{table}/{rid}")
    return e.commit("set_span", version, record=f"{table}/{rid}", side=side)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    if not 0 <= start < end <= len(text):
        raise StoreError(f"{start}..{end} is not a span of the article (0..{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise StoreError("the selection holds only white space")
    return start, end


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "actor"


def _ensure_actor_and_voice(e: Edit, actor_id: str) -> str:
    """The voice of ``actor_id`` (made, as a reviewed record, if the actor has none)."""
    for v in e.tables.get("voices", []):
        if v["actor_id"] == actor_id:
            return v["voice_id"]
    actor = e.find("actors", actor_id)
    vid = actor_id if not e.has("voices", actor_id) else e.new_id("voices", f"{actor_id}_")
    e.add(
        "voices",
        {
            "voice_id": vid,
            "actor_id": actor_id,
            "label": actor["name"],
            "description": f"{actor['name']}, as quoted or reported by the article.",
        },
    )
    return vid


def new_actor(e: Edit, name: str, kind: str = "person") -> str:
    aid = slug(name)
    if e.has("actors", aid) or e.owner(aid):
        n = 2
        while e.has("actors", f"{aid}_{n}") or e.owner(f"{aid}_{n}"):
            n += 1
        aid = f"{aid}_{n}"
    e.add(
        "actors",
        {
            "actor_id": aid,
            "name": name,
            "kind": kind,
            "description": f"Named in the article as “{name}”.",
        },
    )
    return aid


def change_speaker(
    pkg: Package,
    rid: str,
    actor_id: str = "",
    start: int | None = None,
    end: int | None = None,
    version: str | None = None,
) -> Written:
    """Give statement ``rid`` another speaker: an actor by id, or one made from a selection.

    With a selection, the statement's named source is anchored there and, with no ``actor_id``,
    a new actor (and its voice and alias) is named after the selected words. The statement's
    voice and the first hop of its relay chain follow the speaker.
    """
    e = Edit(pkg)
    st = e.find("statements", rid)
    old_voice = st["voice_id"]
    text = pkg.article
    if start is not None and end is not None:
        a, b = _trim(text, int(start), int(end))
        words = text[a:b]
        named = [
            al["actor_id"]
            for al in e.tables.get("aliases", [])
            if (int(al["start"]), int(al["end"])) == (a, b)
        ]
        named += [r["actor_id"] for r in e.tables.get("actors", []) if r["name"] == words]
        if not actor_id and named:
            actor_id = named[0]  # the words already name an actor: that one
        elif not actor_id:
            actor_id = new_actor(e, re.sub(r"^(the|a|an)\s+", "", words, flags=re.I))
            e.add(
                "aliases",
                {
                    "alias_id": e.new_id("aliases", "al_"),
                    "actor_id": actor_id,
                    "start": a,
                    "end": b,
                    "exact": words,
                    "voice_id": _voice_at(e, a, b),
                    "form": "name",
                },
            )
        if _in_sentences(text, int(st["start"]), int(st["end"]), a, b):
            st["source_start"], st["source_end"], st["source_exact"] = str(a), str(b), words
    if not actor_id or not e.has("actors", actor_id):
        raise StoreError(f"actors: no actor {actor_id!r}; pick one or select a name in the text")
    st["speaker_id"] = actor_id
    st["voice_id"] = _ensure_actor_and_voice(e, actor_id)
    if st["mode"] == "direct":
        _revoice_inside(e, st, old_voice)
    for hop in e.tables.get("relay_hops", []):
        if hop["statement_id"] == rid and hop["position"] == "1" and hop["role"] == "speaker":
            hop.update(_speaker_hop(e, st, actor_id))
    e.touched.append(f"statements/{rid}")
    _drop_unused_voice(e, old_voice)
    return e.commit("change_speaker", version, record=f"statements/{rid}", speaker=actor_id)


#: Tables whose rows are anchored words with the voice that speaks them.
VOICED = ("aliases", "figures", "terms")


def _revoice_inside(e: Edit, st: dict, old_voice: str) -> None:
    """Names, figures and terms inside a direct quotation speak in its voice: when the
    quotation's speaker changes, those that spoke in the old voice follow (the validator
    refuses a span whose voice is not the quotation's)."""
    s, t = int(st["start"]), int(st["end"])
    for table in VOICED:
        for row in e.tables.get(table, []):
            if row.get("voice_id") == old_voice and s <= int(row["start"]) and int(row["end"]) <= t:
                row["voice_id"] = st["voice_id"]


def _in_sentences(text: str, s: int, t: int, a: int, b: int) -> bool:
    """True when a..b lies in a sentence of the passage s..t."""
    return any(sa <= a and b <= sb for sa, sb in scan.sentences(text) if sa < t and s < sb)


def _speaker_hop(e: Edit, st: dict, actor_id: str) -> dict:
    """The first hop's fields: named in the passage's sentence (its alias there), or elsewhere."""
    text = e.pkg.article
    s, t = int(st["start"]), int(st["end"])
    for al in e.tables.get("aliases", []):
        if al["actor_id"] == actor_id and _in_sentences(
            text, s, t, int(al["start"]), int(al["end"])
        ):
            return {
                "actor_id": actor_id,
                "basis": "stated_here",
                "wording": al["exact"],
                "basis_note": "",
            }
    return {
        "actor_id": actor_id,
        "basis": "stated_elsewhere",
        "wording": "",
        "basis_note": "The passage's sentence does not name the speaker; the article names "
        "them before it.",
    }


def _voice_at(e: Edit, a: int, b: int) -> str:
    """The voice of words at a..b: the direct quotation holding them, else the narration."""
    for st in e.tables.get("statements", []):
        if st["mode"] == "direct" and int(st["start"]) <= a and b <= int(st["end"]):
            return st["voice_id"]
    return NARRATION


def _drop_unused_voice(e: Edit, vid: str) -> None:
    if not vid or vid == NARRATION or not e.drafted("voices", vid):
        return
    if not e.users("voices", vid):
        e.remove("voices", vid)


def merge_actors(pkg: Package, keep: str, drop: str, version: str | None = None) -> Written:
    """Make actor ``drop`` the same as ``keep``: every reference moves, ``drop`` goes."""
    if keep == drop:
        raise StoreError("pick two different actors to merge")
    e = Edit(pkg)
    e.find("actors", keep)
    e.find("actors", drop)
    keep_voice = next(
        (v["voice_id"] for v in e.tables.get("voices", []) if v["actor_id"] == keep), ""
    )
    drop_voices = [v["voice_id"] for v in e.tables.get("voices", []) if v["actor_id"] == drop]
    for vid in drop_voices:
        if keep_voice:
            _repoint(e, "voices", vid, keep_voice)
            e.remove("voices", vid)
        else:
            e.find("voices", vid)["actor_id"] = keep
            keep_voice = vid
    _repoint(e, "actors", drop, keep)
    e.remove("actors", drop)
    return e.commit("merge_actors", version, keep=keep, drop=drop)


def _repoint(e: Edit, table: str, old: str, new: str) -> None:
    for t, rows in e.tables.items():
        if t == PROVENANCE:
            continue
        res = resource(e.descriptor, t)
        fields = [
            fld
            for fk in res["schema"].get("foreignKeys", [])
            if (fk["reference"]["resource"] or t) == table
            for fld in fk["fields"]
        ]
        for row in rows:
            for fld in fields:
                if row.get(fld) == old:
                    row[fld] = new
                    e.touched.append(f"{t}/{e.key_of(t, row)}")


def split(
    pkg: Package,
    table: str,
    rid: str,
    at: int,
    until: int | None = None,
    version: str | None = None,
) -> Written:
    """Cut a statement in two at ``at`` (or cut out ``at..until``, the cue between two parts of
    a quotation); the second part is a new statement with the same speaker, voice, event and
    relay chain. Quotation marks and spaces at the cut are left out of both parts."""
    if table != "statements":
        raise StoreError("only a quotation or a paraphrase can be split")
    e = Edit(pkg)
    st = e.find("statements", rid)
    text = pkg.article
    s, t = int(st["start"]), int(st["end"])
    until = int(at) if until is None else int(until)
    if not s < int(at) <= until < t:
        raise StoreError(f"{at}..{until} is not inside {rid} ({s}..{t}); select inside it")
    a1, b1 = _trim(text, s, int(at))
    b1 = _strip_punct(text, a1, b1)
    a2, b2 = _trim(text, until, t)
    a2 = _skip_punct(text, a2, b2)
    second = dict(st)
    st["start"], st["end"], st["exact"] = str(a1), str(b1), text[a1:b1]
    nid = e.new_id("statements", "st_")
    second.update(statement_id=nid, start=str(a2), end=str(b2), exact=text[a2:b2])
    e.add("statements", second)
    for hop in [h for h in e.tables.get("relay_hops", []) if h["statement_id"] == rid]:
        new = e.add("relay_hops", {**hop, "statement_id": nid})
        for h, part in ((hop, st), (new, second)):
            if h["position"] == "1" and h["role"] == "speaker" and st["speaker_id"]:
                h.update(_speaker_hop(e, part, st["speaker_id"]))
    e.touched.append(f"statements/{rid}")
    return e.commit("split", version, record=f"statements/{rid}", new=nid)


#: Marks a cut leaves at the end of the first part or the start of the second.
CUT_MARKS = "“”\"‘’' "


def _strip_punct(text: str, a: int, b: int) -> int:
    while b - 1 > a and text[b - 1] in CUT_MARKS:
        b -= 1
    return b


def _skip_punct(text: str, a: int, b: int) -> int:
    while a + 1 < b and text[a] in CUT_MARKS:
        a += 1
    return a


# ----------------------------------------------------------------------------- new records


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
    a, b = _trim(pkg.article, int(start), int(end))
    e.find("actors", speaker_id)
    voice = _ensure_actor_and_voice(e, speaker_id)
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
    hop = _speaker_hop(e, e.find("statements", sid), speaker_id)
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
    a, b = _trim(pkg.article, int(start), int(end))
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
            "voice_id": _voice_at(e, a, b),
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
    version: str | None = None,
) -> Written:
    e = Edit(pkg)
    a, b = _trim(pkg.article, int(start), int(end))
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
        },
    )
    return e.commit("add_event", version, record=f"events/{eid}")


# ----------------------------------------------------------------------------- fields

#: The fields an editor may set on a record directly, by table.
EDITABLE = {
    "figures": ("value", "unit", "hedge", "kind", "voice_id", "note"),
    "aliases": ("voice_id", "form"),
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

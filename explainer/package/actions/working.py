"""The working copy an action changes (:class:`Edit`), and the small helpers every action
shares: a selection trimmed to words (:func:`trim`), a sentence test (:func:`in_sentences`)."""

from __future__ import annotations

import copy

from explainer.package import scan, vocab
from explainer.package.store import Package, StoreError, Written, commit, journal, resource

PROVENANCE = "provenance"
#: References the schema's foreignKeys cannot express: (table, field, target table, many).
EXTRA_REFS = (
    ("checks", "result_id", "figures", False),
    ("checks", "operand_ids", "figures", True),
    ("context", "source_ids", "sources", True),
)

#: Tables whose anchored words speak in a voice (checked by the validator's mention-voice).
VOICED = ("aliases", "figures", "terms", "relations")


class Edit:
    """A working copy of a package's tables and descriptor that one action changes."""

    def __init__(self, pkg: Package, read_only: bool = False):
        """``read_only``: the package's own tables, not a copy, for a question that changes
        nothing (what an accept carries, say); it must not be committed."""
        self.pkg = pkg
        self.tables = pkg.tables if read_only else copy.deepcopy(pkg.tables)
        self.descriptor = pkg.descriptor if read_only else copy.deepcopy(pkg.descriptor)
        self.touched: list[str] = []
        self.read_only = read_only

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

    # -- voices of anchored words
    def direct_parts(self) -> list[tuple[int, int, str]]:
        """The quoted parts of every direct statement, with its voice (as the validator's
        mention-voice check reads them: the cue between two parts is the narration's)."""
        passages = scan.quotations(self.pkg.article)[0]
        return [
            (a, b, st["voice_id"])
            for st in self.tables.get("statements", [])
            if st["mode"] == "direct" and st["start"].isdigit() and st["end"].isdigit()
            for a, b in scan.quoted_parts(passages, int(st["start"]), int(st["end"]))
        ]

    def voice_at(self, a: int, b: int) -> str:
        """The voice speaking the words at a..b: the quotation holding them, else narration."""
        return vocab.voice_at(self.direct_parts(), a, b)

    def revoice(self, start: int, end: int) -> None:
        """Give each voiced mention anchored in start..end the voice speaking at its span.

        An action that makes, moves or re-voices a direct statement calls it in the same
        transaction: the names, figures and terms inside the quotation then speak in its voice,
        and those it leaves go back to the narration (the validator's mention-voice rule)."""
        parts = self.direct_parts()
        for table in VOICED:
            for row in self.tables.get(table, []):
                a, b = row.get("start", ""), row.get("end", "")
                if not (row.get("voice_id") and a.isdigit() and b.isdigit()):
                    continue
                if start <= int(a) and int(b) <= end:
                    voice = vocab.voice_at(parts, int(a), int(b))
                    if row["voice_id"] != voice:
                        row["voice_id"] = voice
                        self.touched.append(f"{table}/{self.key_of(table, row)}")

    def uncovered_passages(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted passages touching start..end that nothing accounts for (the validator's
        coverage): no direct statement, no drafted statement, no ``quoted_phrase`` note."""
        text = self.pkg.article
        review = {
            (p["table"], p["record_id"]): p["review"] for p in self.tables.get(PROVENANCE, [])
        }

        def spans(table: str, keep) -> list[tuple[int, int]]:
            return [
                (int(r["start"]), int(r["end"]))
                for r in self.tables.get(table, [])
                if r["start"].isdigit() and r["end"].isdigit() and keep(r)
            ]

        covering = spans(
            "statements",
            lambda r: (
                r["mode"] == "direct" or review.get(("statements", r["statement_id"])) == "draft"
            ),
        ) + spans("notes", lambda r: r["kind"] == "quoted_phrase")
        out = []
        for q in scan.quotations(text)[0]:
            words = scan.after_label(text, q)
            if (
                q.start < end
                and start < q.end
                and not any(a <= words and q.end <= b for a, b in covering)
            ):
                out.append((words, q.end))
        return out

    def note_quoted_phrases(self, passages: list[tuple[int, int]], why: str) -> list[str]:
        """A reviewed ``quoted_phrase`` note on each passage: the editor's reading that its
        marks hold no one's words here (a title, a name, a scare quote). Returns the note ids."""
        text = self.pkg.article
        made = []
        for a, b in passages:
            nid = self.new_id("notes", "nt_")
            self.add(
                "notes",
                {"note_id": nid, "kind": "quoted_phrase", "start": a, "end": b,
                 "exact": text[a:b], "note": why},
            )  # fmt: skip
            made.append(nid)
        return made

    def sync_voice_enum(self) -> None:
        """The descriptor lists the voice ids (a constraint on voices.voice_id): keep it current."""
        res = resource(self.descriptor, "voices")
        for f in res["schema"]["fields"]:
            if f["name"] == "voice_id" and "enum" in f.get("constraints", {}):
                f["constraints"]["enum"] = [v["voice_id"] for v in self.tables.get("voices", [])]

    def commit(self, action: str, version: str | None, **detail) -> Written:
        if self.read_only:
            raise StoreError(f"{action}: a read-only view of the package cannot be written")
        self.sync_voice_enum()
        detail.setdefault("records", sorted(set(self.touched)))
        return commit(
            self.pkg, action, self.tables, self.descriptor, detail=detail, version=version
        )


def trim(text: str, start: int, end: int, words: bool = True) -> tuple[int, int]:
    """A selection without the white space around it. ``words``: refuse one that holds no
    letter or digit (a drag that caught only a "." made a statement of it, unwarned)."""
    if not 0 <= start < end <= len(text):
        raise StoreError(f"{start}..{end} is not a span of the article (0..{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise StoreError("the selection holds only white space")
    if words and not any(ch.isalnum() for ch in text[start:end]):
        raise StoreError(
            f"the selection “{text[start:end]}” ({start}..{end}) holds no word; nothing was "
            "written: select the words in the article again"
        )
    return start, end


def in_sentences(text: str, s: int, t: int, a: int, b: int) -> bool:
    """True when a..b lies in a sentence of the passage s..t."""
    return any(sa <= a and b <= sb for sa, sb in scan.sentences(text) if sa < t and s < sb)

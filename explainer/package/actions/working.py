"""The working copy an action changes (:class:`Edit`), and the small helpers every action
shares: a selection trimmed to words (:func:`trim`), a sentence test (:func:`in_sentences`)."""

from __future__ import annotations

import copy

from explainer.package import scan
from explainer.package.store import Package, StoreError, Written, commit, journal, resource

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


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    if not 0 <= start < end <= len(text):
        raise StoreError(f"{start}..{end} is not a span of the article (0..{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise StoreError("the selection holds only white space")
    return start, end


def in_sentences(text: str, s: int, t: int, a: int, b: int) -> bool:
    """True when a..b lies in a sentence of the passage s..t."""
    return any(sa <= a and b <= sb for sa, sb in scan.sentences(text) if sa < t and s < sb)

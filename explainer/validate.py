"""Validate the fact data package: Frictionless first, then the project's own cross-checks.

Every problem is collected (never only the first) as a :class:`~explainer.package.Problem` that names
the file, the line and the field. Nothing here raises on bad data.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import scan
from .package import (
    DATA_DIR,
    Problem,
    anchored,
    article_resource,
    display_path,
    read_descriptor,
    tables,
)

# Record types whose anchors carry a fact, for sentence coverage (aliases and terms only name things).
FACT_TABLES = ("statements", "events", "figures", "relations")
PUBLISHER = "algemeiner"
# Vocabulary tables: their ids are labels (the voice "hamas" beside the actor "hamas"), not permalinks.
VOCABULARY_TABLES = ("voices",)
HEDGE_BOUND = {"": "exact", "nearly": "upper", "more than": "lower"}
UNIT_DAYS = {"days": 1, "weeks": 7}
ARTICLE_WINDOW = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@dataclass
class Row:
    """A CSV row as text, with the line it came from."""

    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Result:
    """What validation found, plus the raw rows it read (for the loader)."""

    problems: list[Problem] = field(default_factory=list)
    descriptor: dict | None = None
    article: str | None = None
    rows: dict[str, list[Row]] = field(default_factory=dict)
    # Frictionless numbers records, not lines: record n (header = 1) starts at record_lines[n-1].
    record_lines: dict[str, list[int]] = field(default_factory=dict)
    data_dir: Path = DATA_DIR

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def n_records(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def add(self, table: str, row: int | str, fld: str, message: str) -> None:
        self.problems.append(Problem(self.shown(table), row, fld, message))

    def shown(self, table: str) -> str:
        res = self.resource(table)
        return display_path(self.data_dir, res["path"] if res else f"{table}.csv")

    def resource(self, name: str) -> dict | None:
        if not self.descriptor:
            return None
        return next((r for r in self.descriptor["resources"] if r["name"] == name), None)


def validate(data_dir: Path | str = DATA_DIR) -> Result:
    """Run every check on the package in ``data_dir`` and return all problems found."""
    result = Result(data_dir=Path(data_dir))
    descriptor, problems = read_descriptor(result.data_dir)
    result.problems += problems
    if descriptor is None:
        return result
    result.descriptor = descriptor
    _check_article(result)
    fatal = {res["name"] for res in tables(descriptor) if not _read_table(result, res)}
    _run_frictionless(result, fatal)
    for check in (
        _check_foreign_keys,
        _check_global_ids,
        _check_anchors,
        _check_direct_quotes,
        _check_mention_voices,
        _check_statement_voices,
        _check_relay_chains,
        _check_figures,
        _check_arithmetic,
        _check_dates,
        _check_context,
        _check_coverage,
        _check_relay_basis,
        _check_source_dates,
        _check_source_titles,
        _check_context_basis,
        _check_weekdays,
        _check_event_basis,
        _check_term_words,
    ):
        check(result)
    result.problems = _unique(result.problems)
    return result


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# ---------------------------------------------------------------- files


def _check_article(result: Result) -> None:
    res = article_resource(result.descriptor)
    if res is None:
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                "resources",
                "no resource named 'article' (the article text)",
            )
        )
        return
    path = result.data_dir / res["path"]
    shown = display_path(result.data_dir, res["path"])
    if not path.is_file():
        result.problems.append(Problem(shown, "-", "-", "file is missing"))
        return
    raw = path.read_bytes()
    expected = str(res.get("hash", "")).removeprefix("sha256:")
    actual = hashlib.sha256(raw).hexdigest()
    if expected and expected != actual:
        result.problems.append(
            Problem(
                shown,
                "-",
                "hash",
                f"sha256 is {actual[:12]}…, datapackage.json records {expected[:12]}…: "
                "the article text changed; every anchor depends on it",
            )
        )
    if "bytes" in res and res["bytes"] != len(raw):
        result.problems.append(
            Problem(
                shown, "-", "bytes", f"{len(raw)} bytes, datapackage.json records {res['bytes']}"
            )
        )
    try:
        result.article = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(Problem(shown, "-", "-", f"not valid UTF-8 at byte {exc.start}"))


def _read_table(result: Result, res: dict) -> bool:
    """Read one CSV as text rows after the raw-file checks. False when it cannot be read at all."""
    name, path = res["name"], result.data_dir / res["path"]
    if not path.is_file():
        result.add(name, "-", "-", "file is missing")
        return False
    raw = path.read_bytes()
    if not raw.strip():
        result.add(name, "-", "-", "file is empty (not even a header row)")
        return False
    if raw.startswith(b"\xef\xbb\xbf"):
        result.add(
            name, 1, "-", "file starts with a byte-order mark (BOM); save as UTF-8 without BOM"
        )
        raw = raw[3:]
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        result.add(name, line, "-", "CRLF or CR line ending; use LF (\\n) line endings")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.add(name, line, "-", f"not valid UTF-8 (byte {exc.start})")
        return False
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    expected = [f["name"] for f in res["schema"]["fields"]]
    missing = [c for c in expected if c not in header]
    for col in missing:
        result.add(name, 1, col, "missing column")
    for col in header:
        if col not in expected:
            result.add(name, 1, col, "unexpected column (not in datapackage.json)")
    if missing:
        return False
    if header != expected and not [c for c in header if c not in expected]:
        result.add(name, 1, "-", f"columns out of order; expected {', '.join(expected)}")
    rows, lines = [], [1]
    for values in reader:
        lines.append(reader.line_num - sum(v.count("\n") for v in values))  # a record's first line
        if not any(v.strip() for v in values):
            continue  # frictionless reports blank rows
        rows.append(Row(lines[-1], dict(zip(header, values, strict=False))))
    result.rows[name] = rows
    result.record_lines[name] = lines
    return True


def _run_frictionless(result: Result, fatal: set[str]) -> None:
    """Types, constraints, primary keys and the article hash, as Frictionless checks them.

    Foreign keys are checked by :func:`_check_foreign_keys` instead, which names the field. Files
    already reported as unreadable are skipped so that each problem is reported once.
    """
    import frictionless  # slow to import; only needed here

    skip = {"foreign-key", "hash-count", "byte-count"}  # the article checks are ours, more precise
    try:
        report = frictionless.validate(str(result.data_dir / "datapackage.json"))
    except Exception as exc:  # noqa: BLE001 - a broken descriptor must become a message
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                "-",
                f"Frictionless could not read the package: {exc}",
            )
        )
        return
    unreadable = [result.resource(name)["path"] for name in fatal]
    for task in report.tasks:
        if task.name in fatal or task.name == "article":
            continue
        res = result.resource(task.name)
        for err in task.errors:
            if err.type in skip or (err.type == "scheme-error" and res is None):
                continue
            if any(path in err.message for path in unreadable):
                continue  # a side effect of a file already reported as unreadable
            row = getattr(err, "row_number", None) or "-"
            lines = result.record_lines.get(task.name, [])
            if isinstance(row, int) and 0 < row <= len(lines):
                row = lines[row - 1]
            fld = getattr(err, "field_name", None)
            if not fld and err.type == "primary-key" and res:
                fld = "+".join(res["schema"].get("primaryKey", []))
            note = getattr(err, "note", "") or err.message
            if err.type in ("type-error", "constraint-error", "missing-cell"):
                note = f"{err.title.lower()}: {err.note} (cell {getattr(err, 'cell', '')!r})"
            result.add(task.name, row, fld or "-", note)
    for err in report.errors:  # package-level (descriptor) errors
        result.problems.append(
            Problem(display_path(result.data_dir, "datapackage.json"), "-", "-", err.message)
        )


# ---------------------------------------------------------------- keys and ids


def _check_foreign_keys(result: Result) -> None:
    for res in tables(result.descriptor):
        rows = result.rows.get(res["name"])
        if rows is None:
            continue
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or res["name"]
            target_rows = result.rows.get(target)
            if target_rows is None:
                continue
            (src,), (dst,) = fk["fields"], fk["reference"]["fields"]
            known = {r[dst] for r in target_rows}
            for row in rows:
                if row[src] and row[src] not in known:
                    result.add(
                        res["name"],
                        row.line,
                        src,
                        f"unknown {target} id {row[src]!r} (no row in {target}.{dst})",
                    )


def record_ids(result: Result) -> dict[str, tuple[str, Row]]:
    """Every single-field primary key value, mapped to its table and row."""
    ids = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        if len(pk) == 1 and res["name"] in result.rows:
            for row in result.rows[res["name"]]:
                ids.setdefault(row[pk[0]], (res["name"], row))
    return ids


def _check_global_ids(result: Result) -> None:
    """Record ids double as permalinks (article.html#id), so they must be unique across tables."""
    seen: dict[str, str] = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        if len(pk) != 1 or res["name"] not in result.rows or res["name"] in VOCABULARY_TABLES:
            continue
        for row in result.rows[res["name"]]:
            key = row[pk[0]]
            if key in seen and seen[key] != res["name"]:
                result.add(
                    res["name"],
                    row.line,
                    pk[0],
                    f"id {key!r} is also used in {seen[key]}; ids are permalinks and must be unique",
                )
            seen.setdefault(key, res["name"])


# ---------------------------------------------------------------- anchors


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def anchors(result: Result, table: str) -> list[tuple[Row, int, int]]:
    """Rows of an anchored table whose offsets parse, with those offsets."""
    out = []
    for row in result.rows.get(table, []):
        s, e = _int(row["start"]), _int(row["end"])
        if s is not None and e is not None:
            out.append((row, s, e))
    return out


def _check_anchors(result: Result) -> None:
    text = result.article
    if text is None:
        return
    for res in tables(result.descriptor):
        if not anchored(res):
            continue
        for row, s, e in anchors(result, res["name"]):
            if not 0 <= s < e <= len(text):
                result.add(
                    res["name"],
                    row.line,
                    "end" if s < e else "start",
                    f"offsets {s}..{e} are not a span inside the article (0..{len(text)})",
                )
                continue
            if text[s:e] != row["exact"]:
                hint = ""
                found = text.find(row["exact"]) if row["exact"] else -1
                if found >= 0:
                    hint = f"; that text is at {found}..{found + len(row['exact'])} (shift {found - s:+d})"
                result.add(
                    res["name"],
                    row.line,
                    "exact",
                    f"does not match article.txt[{s}:{e}] = {text[s:e][:60]!r}{hint}",
                )


def _check_direct_quotes(result: Result) -> None:
    """A direct statement is exactly one passage between curly quotes, verbatim."""
    text = result.article
    if text is None:
        return
    quotes = {(q.start, q.end) for q in scan.quotations(text)[0]}
    for row, s, e in anchors(result, "statements"):
        if row["mode"] == "direct" and text[s:e] == row["exact"] and (s, e) not in quotes:
            result.add(
                "statements",
                row.line,
                "exact",
                "a direct statement must span exactly one passage between “ and ”",
            )


def _direct_spans(result: Result) -> list[tuple[int, int, str]]:
    # By offsets alone: a quotation whose `exact` was mistyped is reported once, by the anchor
    # check, without every name inside it also being blamed for a wrong voice.
    return [
        (s, e, row["voice_id"])
        for row, s, e in anchors(result, "statements")
        if row["mode"] == "direct"
    ]


def voice_at(direct: list[tuple[int, int, str]], s: int, e: int) -> str:
    """The voice of the innermost direct quotation containing s..e, else the narration."""
    inside = [(b - a, v) for a, b, v in direct if a <= s and e <= b]
    return min(inside)[1] if inside else "narration"


def _check_mention_voices(result: Result) -> None:
    """Words inside a quotation belong to the quoted voice; words outside, to the narration."""
    direct = _direct_spans(result)
    for table in ("aliases", "terms", "figures", "relations"):
        for row, s, e in anchors(result, table):
            expected = voice_at(direct, s, e)
            if row["voice_id"] and row["voice_id"] != expected:
                result.add(
                    table,
                    row.line,
                    "voice_id",
                    f"{row['voice_id']!r}, but the span is in the {expected} voice",
                )


# ---------------------------------------------------------------- statements


def _check_statement_voices(result: Result) -> None:
    """A statement's voice belongs to its speaker (the voices table names each voice's actor)."""
    voice_actor = {r["voice_id"]: r["actor_id"] for r in result.rows.get("voices", [])}
    for st in result.rows.get("statements", []):
        actor = voice_actor.get(st["voice_id"])
        if actor is not None and actor != st["speaker_id"]:
            result.add(
                "statements",
                st.line,
                "voice_id",
                f"{st['voice_id']!r} is the voice of {actor or 'no named speaker'!r}, "
                f"but the speaker is {st['speaker_id'] or 'not named'!r}",
            )


def _check_relay_chains(result: Result) -> None:
    """Each chain runs speaker → relays → The Algemeiner, positions 1..n without gaps."""
    if "statements" not in result.rows or "relay_hops" not in result.rows:
        return
    hops: dict[str, list[Row]] = {}
    for row in result.rows["relay_hops"]:
        hops.setdefault(row["statement_id"], []).append(row)
    for st in result.rows["statements"]:
        chain = sorted(hops.get(st["statement_id"], []), key=lambda r: _int(r["position"]) or 0)
        if not chain:
            result.add("statements", st.line, "statement_id", "no relay chain in relay_hops")
            continue
        positions = [_int(r["position"]) for r in chain]
        if positions != list(range(1, len(chain) + 1)):
            result.add(
                "relay_hops",
                chain[0].line,
                "position",
                f"positions for {st['statement_id']} are {positions}, expected 1..{len(chain)}",
            )
        last = chain[-1]
        if last["role"] != "publisher" or last["actor_id"] != PUBLISHER:
            result.add(
                "relay_hops",
                last.line,
                "actor_id",
                f"the chain for {st['statement_id']} must end with the publisher {PUBLISHER!r}",
            )
        first = chain[0]
        if st["speaker_id"]:
            if first["role"] != "speaker" or first["actor_id"] != st["speaker_id"]:
                result.add(
                    "relay_hops",
                    first.line,
                    "actor_id",
                    f"the chain for {st['statement_id']} must start with its speaker "
                    f"{st['speaker_id']!r}",
                )
        for hop in chain[1:-1]:
            if hop["role"] != "relay":
                result.add(
                    "relay_hops", hop.line, "role", "hops between speaker and publisher are relays"
                )


# ---------------------------------------------------------------- numbers


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _check_figures(result: Result) -> None:
    for row in result.rows.get("figures", []):
        hedge = row["hedge"]
        if hedge in HEDGE_BOUND and row["bound"] and HEDGE_BOUND[hedge] != row["bound"]:
            result.add(
                "figures",
                row.line,
                "bound",
                f"{row['bound']!r} does not fit the hedge {hedge or '(none)'!r}; "
                f"expected {HEDGE_BOUND[hedge]!r}",
            )
        if hedge and hedge not in row["exact"]:
            result.add("figures", row.line, "hedge", f"{hedge!r} is not in the anchored text")
        printed, value = scan.number_value(row["exact"]), _float(row["value"])
        if printed is not None and value is not None and printed != value:
            result.add(
                "figures",
                row.line,
                "value",
                f"{value:g}, but the anchored text {row['exact']!r} says {printed:g}",
            )


def _check_arithmetic(result: Result) -> None:
    figures = {r["figure_id"]: r for r in result.rows.get("figures", [])}
    events = {r["event_id"]: r for r in result.rows.get("events", [])}
    for ck in result.rows.get("checks", []):
        operands = ck["operand_ids"].split()
        unknown = [o for o in operands if o not in figures]
        if unknown:
            result.add(
                "checks", ck.line, "operand_ids", f"unknown figure id(s): {', '.join(unknown)}"
            )
            continue
        values = [_float(figures[o]["value"]) for o in operands]
        if None in values:
            continue
        if ck["kind"] == "sum":
            if ck["result_id"] not in figures:
                result.add("checks", ck.line, "result_id", f"unknown figure id {ck['result_id']!r}")
                continue
            total = _float(figures[ck["result_id"]]["value"])
            if total is not None and sum(values) != total:
                parts = " + ".join(f"{v:g}" for v in values)
                result.add(
                    "checks",
                    ck.line,
                    "result_id",
                    f"{parts} = {sum(values):g}, but {ck['result_id']} is {total:g}",
                )
        elif ck["kind"] == "duration":
            ev = events.get(ck["result_id"])
            if ev is None:
                result.add("checks", ck.line, "result_id", f"unknown event id {ck['result_id']!r}")
                continue
            start, end = _date(ev["date_start"]), _date(ev["date_end"])
            days = 0
            for o, v in zip(operands, values, strict=True):
                unit = figures[o]["unit"]
                if unit not in UNIT_DAYS:
                    result.add(
                        "checks", ck.line, "operand_ids", f"{o} has unit {unit!r}, not a duration"
                    )
                    break
                days += v * UNIT_DAYS[unit]
            else:
                if start and end and (end - start).days + 1 != days:
                    result.add(
                        "checks",
                        ck.line,
                        "result_id",
                        f"{ck['result_id']} spans {(end - start).days + 1} days "
                        f"({start}..{end}), but the operands make {days:g}",
                    )


# ---------------------------------------------------------------- dates


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _check_dates(result: Result) -> None:
    context_about = {r["about_id"] for r in result.rows.get("context", [])}
    for ev in result.rows.get("events", []):
        start, end = _date(ev["date_start"]), _date(ev["date_end"])
        if not (start and end):
            continue
        for fld, d in (("date_start", start), ("date_end", end)):
            if not ARTICLE_WINDOW[0] <= d <= ARTICLE_WINDOW[1]:
                result.add(
                    "events",
                    ev.line,
                    fld,
                    f"{d} is outside {ARTICLE_WINDOW[0].year}, the article's year",
                )
        if end < start:
            result.add("events", ev.line, "date_end", f"{end} is before date_start {start}")
            continue
        span = (end - start).days
        precision = ev["precision"]
        if precision == "day" and span != 0:
            result.add(
                "events", ev.line, "date_end", "precision 'day' needs date_start == date_end"
            )
        if precision == "range" and span == 0:
            result.add("events", ev.line, "date_end", "precision 'range' needs more than one day")
        if precision == "part_of_day" and span > 1:
            result.add(
                "events",
                ev.line,
                "date_end",
                "precision 'part_of_day' spans at most two calendar days",
            )
        if ev["resolution"] == "context" and ev["event_id"] not in context_about:
            result.add(
                "events",
                ev.line,
                "resolution",
                "resolved from context, but no context row cites a source for it",
            )
        if ev["moment_utc"]:
            try:
                moment = dt.datetime.fromisoformat(ev["moment_utc"].replace("Z", "+00:00")).date()
            except ValueError:
                continue
            if not start - dt.timedelta(days=1) <= moment <= end + dt.timedelta(days=1):
                result.add(
                    "events", ev.line, "moment_utc", f"{moment} falls outside {start}..{end}"
                )


def _check_context(result: Result) -> None:
    ids = record_ids(result)
    for cx in result.rows.get("context", []):
        if cx["about_id"] and cx["about_id"] not in ids:
            result.add("context", cx.line, "about_id", f"unknown record id {cx['about_id']!r}")
        elif cx["about_id"] and ids[cx["about_id"]][0] == "context":
            result.add(
                "context", cx.line, "about_id", "a context fact must be about an article record"
            )
        lo, hi = _float(cx["value_min"]), _float(cx["value_max"])
        if lo is not None and hi is not None and lo > hi:
            result.add("context", cx.line, "value_max", f"{hi:g} is below value_min {lo:g}")


# ---------------------------------------------------------------- coverage


def _spans(result: Result, tables_: tuple[str, ...]) -> list[tuple[int, int]]:
    text = result.article or ""
    return [
        (s, e) for t in tables_ for row, s, e in anchors(result, t) if text[s:e] == row["exact"]
    ]


def _check_coverage(result: Result) -> None:
    """Everything the scanners find in the article must be covered by a record."""
    text = result.article
    if text is None or any(t not in result.rows for t in (*FACT_TABLES, "notes")):
        return
    article = display_path(result.data_dir, article_resource(result.descriptor)["path"])

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def report(offset: int, what: str) -> None:
        result.problems.append(Problem(article, line_of(offset), "-", what))

    direct = {(s, e) for row, s, e in anchors(result, "statements") if row["mode"] == "direct"}
    quotes, strays = scan.quotations(text)
    for q in quotes:
        if (q.start, q.end) not in direct:
            report(
                q.start,
                f"quoted passage at {q.start}..{q.end} has no direct statement: {q.text[:50]!r}",
            )
    marks = {s for row, s, e in anchors(result, "notes") if row["kind"] == "stray_quotation_mark"}
    for offset in strays:
        if offset not in marks:
            report(offset, f"stray quotation mark at {offset} is not recorded in notes")

    figures = _spans(result, ("figures",))
    for s, e in scan.numbers(text):
        if not any(a <= s and e <= b for a, b in figures):
            report(s, f"number {text[s:e]!r} at {s}..{e} has no figure")

    events = _spans(result, ("events",))
    for s, e in scan.date_expressions(text):
        if not any(a < e and s < b for a, b in events):
            report(s, f"date expression {text[s:e]!r} at {s}..{e} has no event")

    facts = _spans(result, FACT_TABLES)
    no_fact = [(s, e) for row, s, e in anchors(result, "notes") if row["kind"] == "no_fact"]
    for s, e in scan.sentences(text):
        if not any(a < e and s < b for a, b in facts + no_fact):
            report(s, f"sentence at {s}..{e} has no record: {text[s:e][:50]!r}")


# ---------------------------------------------------------------- what the article states, what we infer
# Each field below restates another field, or the article itself; these checks make them agree.

MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        1,
    )
    for name in names
}
WEEKDAY_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("Monday", "Mon"),
            ("Tuesday", "Tue"),
            ("Wednesday", "Wed"),
            ("Thursday", "Thu"),
            ("Friday", "Fri"),
            ("Saturday", "Sat"),
            ("Sunday", "Sun"),
        ]
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
# "Tue 18 March 2025", "18 March", "March 18": a day of a month, with its weekday and year if given.
DATE_IN_TEXT = re.compile(
    r"(?:\b(?P<weekday>" + "|".join(WEEKDAY_NUMBERS) + r")\.?,?\s+)?"
    r"(?:\b(?P<day>\d{1,2})\s+(?P<month>" + _MONTH_RE + r")\b\.?"
    r"|\b(?P<month2>" + _MONTH_RE + r")\.?\s+(?P<day2>\d{1,2})\b)"
    r"(?:,?\s+(?P<year>\d{4})\b)?"
)
# A number as a claim prints it: "1,890", "2.1 million", "eight".
NUMBER_IN_TEXT = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion)\b)?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)"
    r"\b(?:\s+(?:hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)
# A time of day: 02:30.
TIME_IN_TEXT = re.compile(r"\b[0-2]\d:[0-5]\d\b")
# A year in an address's path: /2025/03/18/ or /2025/3/30/.
DATE_IN_ADDRESS = re.compile(r"/(?P<year>20\d\d)/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")
ROLE_SOURCE_KIND = {"speaker": "statement", "relay": "relay", "publisher": "article"}
_TRANSLITERATE = str.maketrans({"ð": "d", "þ": "th", "æ": "ae", "ø": "o", "ß": "ss", "ł": "l"})


def dates_in(text: str, default_year: int) -> list[tuple[dt.date, str | None, str]]:
    """Every calendar date ``text`` names, with the weekday it gives (if any) and the words."""
    out = []
    for m in DATE_IN_TEXT.finditer(text):
        day = int(m["day"] or m["day2"])
        month = MONTH_NUMBERS[m["month"] or m["month2"]]
        year = int(m["year"]) if m["year"] else default_year
        try:
            out.append((dt.date(year, month, day), m["weekday"], m.group()))
        except ValueError:
            continue
    return out


def numbers_in(text: str) -> set[float]:
    """Every number a sentence prints, as a value (see :func:`scan.number_value`)."""
    found = set()
    for m in NUMBER_IN_TEXT.finditer(text):
        value = scan.number_value(m.group())
        if value is not None:
            found.add(value)
    return found


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, as web addresses spell titles."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _sentence_spans(result: Result, s: int, e: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in scan.sentences(result.article or "") if a < e and s < b]


def _check_relay_basis(result: Result) -> None:
    """A hop's basis agrees with the article: what the sentence is said to name, it names."""
    text = result.article
    if text is None or "relay_hops" not in result.rows:
        return
    statements = {row["statement_id"]: (s, e) for row, s, e in anchors(result, "statements")}
    names = {r["actor_id"]: r["name"] for r in result.rows.get("actors", [])}
    aliases: dict[str, list[tuple[int, int, str]]] = {}
    alias_rows = anchors(result, "aliases")
    for row, s, e in alias_rows:
        aliases.setdefault(row["actor_id"], []).append((s, e, row["exact"]))
    # What a sentence names is read from aliases.csv; while that table has a problem of its own
    # (reported there), its evidence is not used against the hops.
    aliases_sound = (
        "aliases" in result.rows
        and all(text[s:e] == row["exact"] and row["actor_id"] in names for row, s, e in alias_rows)
        and len(alias_rows) == len(result.rows["aliases"])
    )
    sources = {r["source_id"]: r for r in result.rows.get("sources", [])}
    for hop in result.rows["relay_hops"]:
        basis, wording, role = hop["basis"], hop["wording"], hop["role"]
        span = statements.get(hop["statement_id"])
        if span is None or not basis:
            continue
        sentences = _sentence_spans(result, *span)
        in_sentence = [
            (a, b, words)
            for a, b, words in aliases.get(hop["actor_id"], [])
            if any(sa <= a and b <= sb for sa, sb in sentences)
        ]
        said = " ".join(text[a:b] for a, b in sentences)
        if basis == "stated_here" and aliases_sound:
            if not wording:
                result.add(
                    "relay_hops",
                    hop.line,
                    "wording",
                    "stated_here needs the words that name the hop",
                )
            elif not any(wording in words for _, _, words in in_sentence):
                result.add(
                    "relay_hops",
                    hop.line,
                    "basis",
                    f"stated_here, but no alias of {hop['actor_id']!r} in the passage's sentence "
                    f"contains {wording!r}: the sentence does not name this hop",
                )
        elif wording and not re.search(rf"(?<!\w){re.escape(wording)}(?!\w)", said):
            where = "the byline" if basis == "byline" else "the passage's sentence"
            if (
                basis != "byline"
                or aliases_sound
                and not any(wording in words for _, _, words in aliases.get(hop["actor_id"], []))
            ):
                result.add("relay_hops", hop.line, "wording", f"{wording!r} is not in {where}")
        if basis in ("stated_elsewhere", "inferred") and not hop["basis_note"].strip():
            result.add(
                "relay_hops",
                hop.line,
                "basis_note",
                f"{basis} needs the reasoning: where the article names the hop, or why we infer it",
            )
        if basis == "stated_elsewhere" and aliases_sound and not aliases.get(hop["actor_id"]):
            result.add(
                "relay_hops",
                hop.line,
                "basis",
                f"stated_elsewhere, but the article never names {hop['actor_id']!r} (no alias)",
            )
        if (basis == "byline") != (role == "publisher"):
            result.add(
                "relay_hops",
                hop.line,
                "basis",
                "the publisher's hop, and only it, has basis byline",
            )
        source = sources.get(hop["source_id"])
        if source is not None:
            name = names.get(hop["actor_id"])
            if name is not None and source["publisher"] != name:
                result.add(
                    "relay_hops",
                    hop.line,
                    "source_id",
                    f"{hop['source_id']} is published by {source['publisher']!r}, "
                    f"but this hop is {name!r}",
                )
            kind = ROLE_SOURCE_KIND.get(role)
            if kind and source["kind"] != kind:
                result.add(
                    "relay_hops",
                    hop.line,
                    "source_id",
                    f"a {role} hop's source is of kind {kind!r}, not {source['kind']!r}",
                )


def _check_source_dates(result: Result) -> None:
    """A source's date, precision and basis say the same thing, and agree with its address."""
    about = {r["about_id"] for r in result.rows.get("context", [])}
    for src in result.rows.get("sources", []):
        start, end = _date(src["date_start"]), _date(src["date_end"])
        precision, basis = src["date_precision"], src["date_basis"]
        if basis == "unknown":
            for fld in ("date_start", "date_end", "date_precision"):
                if src[fld]:
                    result.add(
                        "sources", src.line, fld, "date_basis is unknown, so this stays empty"
                    )
            continue
        if basis and not start:
            result.add("sources", src.line, "date_start", f"date_basis {basis!r} needs a date")
            continue
        if start and not precision:
            result.add("sources", src.line, "date_precision", "a dated source needs a precision")
        if precision == "day" and end != start:
            result.add(
                "sources", src.line, "date_end", "precision 'day' needs date_end == date_start"
            )
        if precision == "range" and not (end and end > start):
            result.add("sources", src.line, "date_end", "precision 'range' needs a later date_end")
        if precision == "lower_bound" and src["date_end"]:
            result.add("sources", src.line, "date_end", "a lower bound has no date_end")
        if basis == "inferred" and src["source_id"] not in about:
            result.add(
                "sources",
                src.line,
                "date_basis",
                "an inferred date needs a context fact about this source that gives the reasoning",
            )
        m = DATE_IN_ADDRESS.search(src["url"])
        if m and start and precision == "day":
            try:
                in_address = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            except ValueError:
                continue
            if in_address != start:
                result.add(
                    "sources",
                    src.line,
                    "date_start",
                    f"{start}, but the address is dated {in_address}",
                )


def _check_source_titles(result: Result) -> None:
    """Titles are what their basis says: the article's headline, or the words of the address."""
    text = result.article or ""
    paras = [text[a:b] for a, b in scan.paragraphs(text)]
    headline, byline = (paras + ["", ""])[:2]
    for src in result.rows.get("sources", []):
        basis = src["title_basis"]
        if src["kind"] == "article" and text:
            if basis == "printed" and src["title"] != headline:
                result.add(
                    "sources",
                    src.line,
                    "title",
                    f"title_basis is printed, but the article's headline is {headline[:60]!r}",
                )
            for fld in ("author", "publisher"):
                if src[fld] and src[fld] not in byline:
                    result.add(
                        "sources", src.line, fld, f"{src[fld]!r} is not in the byline {byline!r}"
                    )
        if basis == "from_address":
            if not src["url"]:
                result.add("sources", src.line, "title_basis", "from_address needs a url")
            elif slug(src["title"]) not in slug(src["url"]):
                result.add(
                    "sources",
                    src.line,
                    "title",
                    "title_basis is from_address, but the address does not spell this title",
                )


def _check_context_basis(result: Result) -> None:
    """Every source a context fact cites exists; its values and dates are the ones its claim gives."""
    sources = {r["source_id"] for r in result.rows.get("sources", [])}
    ids = record_ids(result)
    for cx in result.rows.get("context", []):
        cited = cx["source_ids"].split()
        unknown = [s for s in cited if s not in sources]
        if unknown:
            result.add(
                "context",
                cx.line,
                "source_ids",
                f"unknown sources id(s) {', '.join(unknown)} (no row in sources.source_id)",
            )
        if len(set(cited)) != len(cited):
            result.add("context", cx.line, "source_ids", "a source is cited twice")
        printed = numbers_in(cx["claim"])
        for fld in ("value_min", "value_max"):
            value = _float(cx[fld])
            if value is not None and value not in printed:
                result.add(
                    "context", cx.line, fld, f"{value:g}, but the claim gives no such number"
                )
        table, row = ids.get(cx["about_id"], (None, None))
        if table == "figures":
            _check_agreement(result, cx, row)
        if table == "events" and cx["stance"] == "resolves":
            _check_claim_time(result, cx, row)
        if cx["stance"] == "resolves" and table in ("events", "sources"):
            first = _date(row["date_start"])
            last = _date(row["date_end"]) or first
            if first is None or last < first:  # a broken range is reported where it is
                continue
            named = [d for d, _, _ in dates_in(cx["claim"], first.year)]
            if not any(first <= d <= last for d in named):
                result.add(
                    "context",
                    cx.line,
                    "claim",
                    f"resolves {cx['about_id']}, but names no date from {first} to {last}",
                )


def _check_claim_time(result: Result, cx: Row, event: Row) -> None:
    """A claim that gives a time of day for an event with a known moment gives that moment, on
    the events' clock (the resource's ``timeZone``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    times = set(TIME_IN_TEXT.findall(cx["claim"]))
    zone_name = (result.resource("events") or {}).get("timeZone", "")
    if not times or not event["moment_utc"] or not zone_name:
        return
    try:
        zone = ZoneInfo(zone_name)
        moment = dt.datetime.fromisoformat(event["moment_utc"].replace("Z", "+00:00"))
    except (ZoneInfoNotFoundError, ValueError):
        return  # reported by _check_event_basis or by the type check
    local = f"{moment.astimezone(zone):%H:%M}"
    if local not in times:
        result.add(
            "context",
            cx.line,
            "claim",
            f"gives {', '.join(sorted(times))}, but {cx['about_id']}'s moment_utc is {local} "
            f"in {zone_name}",
        )


def _check_agreement(result: Result, cx: Row, figure: Row) -> None:
    """A context fact that agrees with a figure gives a value its hedge allows."""
    value, lo, hi = _float(figure["value"]), _float(cx["value_min"]), _float(cx["value_max"])
    if cx["stance"] != "agrees" or value is None or lo is None:
        return
    hedge = figure["hedge"]
    if HEDGE_BOUND.get(hedge) != figure["bound"] or hedge not in figure["exact"]:
        return  # the figure contradicts itself; _check_figures reports it
    hi = lo if hi is None else hi
    allowed = {
        "exact": lo <= value <= hi,
        "upper": lo <= value,  # "nearly 2,000": a report at or under 2,000
        "lower": hi >= value,  # "more than two million": a report at or over two million
    }.get(figure["bound"], True)
    if not allowed:
        result.add(
            "context",
            cx.line,
            "stance",
            f"agrees, but {lo:g}..{hi:g} does not fit {figure['exact']!r} ({figure['bound']})",
        )


def _check_weekdays(result: Result) -> None:
    """A weekday written beside a date is that date's weekday."""
    year = ARTICLE_WINDOW[0].year
    for table, fields in (
        ("context", ("claim",)),
        ("events", ("note",)),
        ("sources", ("note",)),
    ):
        for row in result.rows.get(table, []):
            for fld in fields:
                for day, weekday, words in dates_in(row[fld], year):
                    if weekday and WEEKDAY_NUMBERS[weekday] != day.weekday():
                        result.add(
                            table, row.line, fld, f"{words!r}: {day} is a {day:%A}, not {weekday}"
                        )


def _check_event_basis(result: Result) -> None:
    """A date marked stated is printed whole in the anchor; a known moment falls on its dates."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    res = result.resource("events") or {}
    zone_name = res.get("timeZone", "")
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (ZoneInfoNotFoundError, ValueError):
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                "resources[events].timeZone",
                f"unknown time zone {zone_name!r}",
            )
        )
        zone = None
    for ev in result.rows.get("events", []):
        start, end = _date(ev["date_start"]), _date(ev["date_end"])
        if not (start and end):
            continue
        if ev["resolution"] == "stated" and str(start.year) not in ev["exact"]:
            result.add(
                "events",
                ev.line,
                "resolution",
                f"stated, but the anchored text {ev['exact']!r} does not give the year {start.year}",
            )
        if not ev["moment_utc"]:
            continue
        if zone is None:
            result.add(
                "events", ev.line, "moment_utc", "a moment needs the events resource's timeZone"
            )
            continue
        try:
            moment = dt.datetime.fromisoformat(ev["moment_utc"].replace("Z", "+00:00"))
        except ValueError:
            continue
        local = moment.astimezone(zone).date()
        loose = start - dt.timedelta(days=1) <= moment.date() <= end + dt.timedelta(days=1)
        if loose and not start <= local <= end:
            result.add(
                "events",
                ev.line,
                "moment_utc",
                f"falls on {local} in {zone_name}, outside {start}..{end}",
            )


def _check_term_words(result: Result) -> None:
    """A term's canonical form is the words it anchors."""
    for row in result.rows.get("terms", []):
        if row["term"] and row["term"].lower() not in row["exact"].lower():
            result.add(
                "terms",
                row.line,
                "term",
                f"{row['term']!r} is not in the anchored text {row['exact']!r}",
            )

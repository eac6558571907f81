"""Validate the fact data package: Frictionless first, then the project's own cross-checks.

Every problem is collected (never only the first) as a :class:`~explainer.package.Problem` that names
the file, the line and the field. Nothing here raises on bad data.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from explainer.package import (
    DATA_DIR,
    NARRATION,
    Problem,
    anchored,
    article_resource,
    display_path,
    read_descriptor,
    scan,
    tables,
)
from explainer.package import settings as package_settings

# Record types whose anchors carry a fact, for sentence coverage (aliases and terms only name things).
FACT_TABLES = ("statements", "events", "figures", "relations")
# Vocabulary tables: their ids are labels (a voice id may equal its actor's id), not permalinks.
VOCABULARY_TABLES = ("voices",)
#: The hedge lexicon: each qualifier a figure may carry, and the bound it makes of the number.
#: "nearly 2,000" is at most 2,000; "more than two million" at least two million; "about 40"
#: neither. A package may use only these hedges (datapackage.json lists the same words).
HEDGE_BOUND = {
    "": "exact",
    "nearly": "upper",
    "almost": "upper",
    "up to": "upper",
    "as many as": "upper",
    "at most": "upper",
    "fewer than": "upper",
    "less than": "upper",
    "under": "upper",
    "more than": "lower",
    "over": "lower",
    "at least": "lower",
    "upwards of": "lower",
    "about": "approximate",
    "around": "approximate",
    "approximately": "approximate",
    "roughly": "approximate",
    "some": "approximate",
    "an estimated": "approximate",
}
UNIT_DAYS = {"days": 1, "weeks": 7}
#: How far an event's date may lie from the article's publication date before it is reported as
#: a likely typo (a year off): events are recent news, or history the article recounts.
DATE_WINDOW_YEARS = 10
#: A table schema property: records of the table may share one span (one sentence can state
#: several relations). Its value says why; without it two records on one span are an error.
SHARED_SPANS = "sharedSpans"
#: Commands named in messages (the Makefile targets; the README explains them).
EDIT_COMMAND = "make edit-article OLD='…' NEW='…'"
REANCHOR_COMMAND = "make reanchor"
LOCATE_COMMAND = "make locate TEXT='…'"


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
        _check_unique_keys,
        _check_foreign_keys,
        _check_global_ids,
        _check_anchors,
        _check_shared_spans,
        _check_direct_quotes,
        _check_mention_voices,
        _check_statement_voices,
        _check_relay_chains,
        _check_figures,
        _check_arithmetic,
        _check_dates,
        _check_context,
        _check_coverage,
        _check_statement_sides,
        _check_provenance,
        _check_relay_basis,
        _check_source_dates,
        _check_source_titles,
        _check_context_basis,
        _check_weekdays,
        _check_event_basis,
        _check_term_words,
        _check_settings,
    ):
        check(result)
    result.problems = _in_file_order(result, _unique(result.problems))
    return result


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _in_file_order(result: Result, problems: list[Problem]) -> list[Problem]:
    """The descriptor first, then each resource in descriptor order; within a file, whole-file
    problems first, then by line (problems on one line keep the order the checks found them)."""
    order = {display_path(result.data_dir, "datapackage.json"): 0}
    for i, res in enumerate((result.descriptor or {}).get("resources", []), 1):
        if isinstance(res, dict) and res.get("path"):
            order.setdefault(display_path(result.data_dir, res["path"]), i)

    def key(p: Problem) -> tuple:
        return (order.get(p.file, len(order)), p.file, p.row != "-", p.row if p.row != "-" else 0)

    return sorted(problems, key=key)


def summary(problems: list[Problem]) -> str:
    """The last line of a failed validation: how many problems, in how many files."""
    files = len({p.file for p in problems})
    n = len(problems)
    return (
        f"{n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}: fix each line above, "
        "then run `make validate` again"
    )


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
                "the article text changed, and every anchor counts characters in it. "
                f"To keep your edit, run `{REANCHOR_COMMAND}`: it shifts the anchors and records "
                "the new hash; or undo it and make it with "
                f"`{EDIT_COMMAND}`",
            )
        )
    if "bytes" in res and res["bytes"] != len(raw):
        result.problems.append(
            Problem(
                shown,
                "-",
                "bytes",
                f"{len(raw)} bytes, datapackage.json records {res['bytes']}: "
                f"run `{REANCHOR_COMMAND}` to record the new size with the new hash",
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
    expected = [f["name"] for f in res["schema"]["fields"]]
    first_line = text.split("\n", 1)[0]
    named = next(csv.reader([first_line]), []) if '"' not in first_line else expected
    syntax = csv_syntax_errors(text, named or expected)
    for line, fld, message in syntax:
        result.add(name, line, fld, message)
    if syntax:
        return False  # its other checks would only describe the misreading
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
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
    rows, lines, misshapen = [], [1], False
    for values in reader:
        lines.append(reader.line_num - sum(v.count("\n") for v in values))  # a record's first line
        if not any(v.strip() for v in values):
            continue  # frictionless reports blank rows
        if len(values) != len(header):
            misshapen = True
            result.add(name, lines[-1], "-", _shape_message(values, header, reader.line_num))
            continue
        rows.append(Row(lines[-1], dict(zip(header, values, strict=False))))
    if misshapen:
        return False
    result.rows[name] = rows
    result.record_lines[name] = lines
    return True


def _shape_message(values: list[str], header: list[str], last_line: int) -> str:
    n, want = len(values), len(header)
    first = last_line - sum(v.count("\n") for v in values)
    span = f" (lines {first}..{last_line}: a quoted value runs over a line end)" * (
        last_line > first
    )
    if n > want:
        return (
            f"{n} values, but the header has {want} columns{span}: "
            f"after {header[-1]} comes {values[want]!r}; a value that contains a comma "
            'must be enclosed in quotation marks ("like, this")'
        )
    return (
        f"{n} values, but the header has {want} columns{span}: {', '.join(header[n:])} "
        f"{'is' if want - n == 1 else 'are'} missing; add "
        f"{'a comma' if want - n == 1 else f'{want - n} commas'} for empty values"
    )


def csv_syntax_errors(text: str, fields: list[str]) -> list[tuple[int, str, str]]:
    """Quotation-mark errors in a CSV text, as (line, field, message), found before any parsing.

    A parser that meets an unclosed quotation mark reads on into the next rows and reports
    what it misread there (a blank required cell, a type error, an extra value); this reads the
    text as RFC 4180 does and stops at the first error, naming the line where the quoted value
    opened. ``fields`` names the columns, for the field of a value.
    """
    n, i, line, col = len(text), 0, 1, 0

    def field() -> str:
        return fields[col] if line > 1 and col < len(fields) else "-"

    while i < n:
        if text[i] == '"':
            opened, opened_in, i = line, field(), i + 1
            while True:
                if i >= n:
                    return [
                        (
                            opened,
                            opened_in,
                            "unclosed quotation mark: the quoted value that opens on this line "
                            'never ends; add the closing " (write a quotation mark inside a '
                            'quoted value as "")',
                        )
                    ]
                if text[i] == '"':
                    if text.startswith('""', i):
                        i += 2
                        continue
                    i += 1
                    break
                line += text[i] == "\n"
                i += 1
            if i < n and text[i] not in ",\n":
                if line > opened:
                    message = (
                        "unclosed quotation mark: the quoted value that opens on this line runs "
                        f'on to line {line}; add the closing " where the value ends (write a '
                        'quotation mark inside a quoted value as "")'
                    )
                else:
                    after = text[i : text.find("\n", i) if "\n" in text[i:] else n][:20]
                    message = (
                        f"text {after!r} after the closing quotation mark; a quotation mark "
                        'inside a quoted value is written twice ("")'
                    )
                return [(opened, opened_in, message)]
        else:
            start = i
            while i < n and text[i] not in ",\n":
                i += 1
            if '"' in text[start:i]:
                return [
                    (
                        line,
                        field(),
                        "quotation mark inside a value that does not start with one; enclose "
                        'the whole value in quotation marks and write each mark inside as ""',
                    )
                ]
        if i < n and text[i] == ",":
            col += 1
        elif i < n:
            line, col = line + 1, 0
        i += 1
    return []


def _run_frictionless(result: Result, fatal: set[str]) -> None:
    """Types, constraints, primary keys and the article hash, as Frictionless checks them.

    Foreign keys are checked by :func:`_check_foreign_keys` instead, which names the field. Files
    already reported as unreadable are skipped so that each problem is reported once.
    """
    import frictionless  # slow to import; only needed here

    # The article checks and key uniqueness are ours: they name the lines and values.
    skip = {"foreign-key", "hash-count", "byte-count", "primary-key", "unique-error"}
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
                spec = _field_spec(res, fld)
                note = _cell_message(err, spec, _example(result.rows.get(task.name, []), spec))
            result.add(task.name, row, fld or "-", note)
    for err in report.errors:  # package-level (descriptor) errors
        result.problems.append(
            Problem(display_path(result.data_dir, "datapackage.json"), "-", "-", err.message)
        )


def _example(rows: list[Row], spec: dict) -> str:
    """A value of the field that fits its pattern, to show what one looks like."""
    pattern = spec.get("constraints", {}).get("pattern")
    if not pattern:
        return ""
    return next((r[spec["name"]] for r in rows if re.fullmatch(pattern, r[spec["name"]])), "")


def _field_spec(res: dict | None, name: str | None) -> dict:
    fields = res["schema"]["fields"] if res else []
    return next((f for f in fields if f["name"] == name), {})


TYPE_HINTS = {  # what a cell of each type must be, and an example
    "integer": ("a whole number", "12"),
    "number": ("a number", "1.5 or 2000"),
    "date": ("a real date written YYYY-MM-DD", "2025-03-18"),
    "datetime": ("a date and time written YYYY-MM-DDTHH:MM:SSZ", "2025-03-18T00:30:00Z"),
    "boolean": ("true or false", "true"),
    "year": ("a year", "2025"),
}


def words(values: list[str], last: str = "or") -> str:
    """``['a', 'b', 'c']`` as "a, b or c"."""
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {last} {values[-1]}"


def closest(value: str, choices: list[str]) -> str:
    """The choice most like ``value`` (ignoring case), for a "did you mean" hint."""
    folded = {c.lower(): c for c in choices}
    if value.lower() in folded:
        return folded[value.lower()]
    ranked = difflib.get_close_matches(value.lower(), list(folded), n=1, cutoff=0.0)
    return folded[ranked[0]] if ranked else choices[0]


def _cell_message(err, spec: dict, example: str = "") -> str:
    """What is wrong with one cell and how to write it, from the field's schema."""
    cell = str(getattr(err, "cell", "") or "")
    constraints = spec.get("constraints", {})
    kind = re.match(r'constraint "(\w+)"', err.note or "")
    kind = kind[1] if kind else ""
    if err.type == "missing-cell" or (kind == "required" and not cell.strip()):
        return f"is empty, but every row needs a {spec.get('name', 'value')}: fill it in"
    if err.type == "type-error":
        noun, example = TYPE_HINTS.get(spec.get("type", ""), (f"a {spec.get('type')}", ""))
        return f"{cell!r} is not {noun}" + f", such as {example}" * bool(example)
    if kind == "enum":
        allowed = [str(v) for v in constraints["enum"]]
        return (
            f"{cell!r} is not an allowed value: write {words(allowed)} "
            f"(closest: {closest(cell, allowed)})"
        )
    if kind == "pattern":
        like = f", such as {example!r}" * bool(example)
        return (
            f"{cell!r} does not match the pattern {constraints['pattern']} that every "
            f"{spec.get('name', 'value')} follows{like}"
        )
    if kind in ("minimum", "maximum", "minLength", "maxLength"):
        bound = {"minimum": "at least", "maximum": "at most"}.get(kind, kind)
        return f"{cell!r} is out of range: it must be {bound} {constraints[kind]}"
    return f"{err.title.lower()}: {err.note} (cell {cell!r})"


# ---------------------------------------------------------------- keys and ids


def _check_unique_keys(result: Result) -> None:
    """Primary keys and unique fields, each duplicate named with its value and both lines."""
    for res in tables(result.descriptor):
        rows = result.rows.get(res["name"])
        if rows is None:
            continue
        keys = [res["schema"].get("primaryKey", [])]
        keys += [
            [f["name"]] for f in res["schema"]["fields"] if f.get("constraints", {}).get("unique")
        ]
        for key in filter(None, keys):
            first: dict[tuple[str, ...], int] = {}
            for row in rows:
                value = tuple(row[k] for k in key)
                if not all(value):
                    continue  # an empty key cell is reported as a missing value
                if value in first:
                    shown = " with ".join(f"{k} {v!r}" for k, v in zip(key, value, strict=True))
                    result.add(
                        res["name"],
                        row.line,
                        "+".join(key),
                        f"{shown} is already used on line {first[value]}; each row needs its "
                        f"own {'+'.join(key)}: change this one, or delete one of the two rows",
                    )
                else:
                    first[value] = row.line


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


def _check_shared_spans(result: Result) -> None:
    """Two records of one table on the same span say one thing twice, or one of them was moved
    onto the other's text by mistake; a schema with :data:`SHARED_SPANS` allows it."""
    for res in tables(result.descriptor):
        if not anchored(res) or res["schema"].get(SHARED_SPANS):
            continue
        pk = res["schema"].get("primaryKey", [])
        first: dict[tuple[int, int], Row] = {}
        for row, s, e in anchors(result, res["name"]):
            if (s, e) not in first:
                first[(s, e)] = row
                continue
            other = first[(s, e)]
            ids = [" ".join(r[k] for k in pk) or f"line {r.line}" for r in (row, other)]
            result.add(
                res["name"],
                row.line,
                "start",
                f"{ids[0]} has the same span {s}..{e} ({row['exact'][:40]!r}) as {ids[1]} on line "
                f"{other.line}; two {res['name']} on one span record one thing twice. Move the "
                f"misplaced one to its own occurrence (`{LOCATE_COMMAND}` lists each with the "
                "records on it) or delete it",
            )


def _check_direct_quotes(result: Result) -> None:
    """A direct statement is exactly one passage between quotation marks, verbatim."""
    text = result.article
    if text is None:
        return
    passages = scan.quotations(text)[0]
    # A passage opened by a transcript's speaker label ("“WALLACE: …”") may start after it.
    starts = {q.start for q in passages} | {scan.after_label(text, q) for q in passages}
    ends = {q.end for q in passages}
    for row, s, e in anchors(result, "statements"):
        # One passage, or a quotation split by its cue ("“A,” he said, “B.”") or running over
        # paragraphs: from the start of a passage to the end of a later one.
        if (
            row["mode"] == "direct"
            and text[s:e] == row["exact"]
            and not (s in starts and e in ends)
        ):
            result.add(
                "statements",
                row.line,
                "exact",
                "a direct statement must span exactly one passage between quotation marks "
                "(or run from the start of one to the end of a later one)",
            )


def _direct_spans(result: Result) -> list[tuple[int, int, str]]:
    # By offsets alone: a quotation whose `exact` was mistyped is reported once, by the anchor
    # check, without every name inside it also being blamed for a wrong voice.
    # A direct statement split by its cue covers only its quoted passages: the cue between them
    # ("he said") is the narration's.
    passages = scan.quotations(result.article or "")[0]
    out = []
    for row, s, e in anchors(result, "statements"):
        if row["mode"] == "direct":
            out += [(a, b, row["voice_id"]) for a, b in scan.quoted_parts(passages, s, e)]
    return out


def voice_at(direct: list[tuple[int, int, str]], s: int, e: int) -> str:
    """The voice of the innermost direct quotation containing s..e, else the narration."""
    inside = [(b - a, v) for a, b, v in direct if a <= s and e <= b]
    return min(inside)[1] if inside else NARRATION


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


def publisher_id(result: Result) -> str:
    """The publishing actor: the actor whose voice is the narration ('' when none is named)."""
    return next(
        (r["actor_id"] for r in result.rows.get("voices", []) if r["voice_id"] == NARRATION), ""
    )


def _check_relay_chains(result: Result) -> None:
    """Each chain runs speaker → relays → the publisher, positions 1..n without gaps."""
    if "statements" not in result.rows or "relay_hops" not in result.rows:
        return
    publisher = publisher_id(result)
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
        if last["role"] != "publisher" or (publisher and last["actor_id"] != publisher):
            result.add(
                "relay_hops",
                last.line,
                "actor_id",
                f"the chain for {st['statement_id']} must end with the publisher "
                f"{publisher or '(the actor of the narration voice)'!r}",
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
        if hedge and hedge not in row["exact"].lower():  # "Nearly 1,500" opens a sentence
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


def _article_date(result: Result) -> dt.date | None:
    """The article's earliest possible publication date, from its source record."""
    for row in result.rows.get("sources", []):
        if row["kind"] == "article":
            return _date(row["date_start"] or row["published"])
    return None


def _check_dates(result: Result) -> None:
    context_about = {r["about_id"] for r in result.rows.get("context", [])}
    published = _article_date(result)
    for ev in result.rows.get("events", []):
        start, end = _date(ev["date_start"]), _date(ev["date_end"])
        _check_unresolved(result, ev)
        if not (start and end):
            continue
        for fld, d in (("date_start", start), ("date_end", end)):
            if published and abs(d.year - published.year) > DATE_WINDOW_YEARS:
                result.add(
                    "events",
                    ev.line,
                    fld,
                    f"{d} is more than {DATE_WINDOW_YEARS} years from the article's date"
                    f" ({published}): a typo in the year?",
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
        if (
            ev["resolution"] == "context"
            and "context" in result.rows  # an unreadable context.csv is reported already
            and ev["event_id"] not in context_about
        ):
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

    direct = [(s, e) for row, s, e in anchors(result, "statements") if row["mode"] == "direct"]
    quotes, strays = scan.quotations(text)
    covering = direct + quotation_drafts(result)
    for q in quotes:
        words = scan.after_label(text, q)
        if not any(s <= words and q.end <= e for s, e in covering):
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

    # Names: every printed occurrence of a name the aliases record. Forms come from anchors that
    # match the text; any alias's offsets count as cover, so a broken anchor is reported once.
    aliases = [(s, e) for _, s, e in anchors(result, "aliases")]
    for form in sorted({text[s:e] for s, e in _spans(result, ("aliases",))}):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            if not any(a <= m.start() and m.end() <= b for a, b in aliases):
                report(
                    m.start(),
                    f"name {form!r} at {m.start()}..{m.end()} has no alias, though aliases.csv "
                    "records that name elsewhere: add an alias row with start "
                    f"{m.start()}, end {m.end()}, exact {form!r}",
                )

    facts = _spans(result, FACT_TABLES)
    no_fact = [(s, e) for row, s, e in anchors(result, "notes") if row["kind"] == "no_fact"]
    for s, e in scan.sentences(text):
        if not any(a < e and s < b for a, b in facts + no_fact):
            report(s, f"sentence at {s}..{e} has no record: {text[s:e][:50]!r}")


# ---------------------------------------------------------------- drafted records


def provenance(result: Result) -> dict[tuple[str, str], Row]:
    """Provenance rows by (table, record_id); a record absent from it was made by hand."""
    return {(r["table"], r["record_id"]): r for r in result.rows.get("provenance", [])}


def is_draft(prov: dict[tuple[str, str], Row], table: str, record_id: str) -> bool:
    row = prov.get((table, record_id))
    return row is not None and row["review"] == "draft"


def quotation_drafts(result: Result) -> list[tuple[int, int]]:
    """Spans that account for a quoted passage in a draft, until an editor reviews them.

    A drafted paraphrase may hold the quoted words it reports ("urged the “Arabic and Islamic
    world” to …"); a drafted ``quoted_phrase`` note holds a quoted title or scare quote. Once
    reviewed, each quoted passage needs its own direct statement, as in a hand-made package.
    """
    prov = provenance(result)
    spans = [
        (s, e)
        for row, s, e in anchors(result, "statements")
        if is_draft(prov, "statements", row["statement_id"])
    ]
    spans += [
        (s, e)
        for row, s, e in anchors(result, "notes")
        if row["kind"] == "quoted_phrase" and is_draft(prov, "notes", row["note_id"])
    ]
    return spans


def _check_unresolved(result: Result, ev: Row) -> None:
    """An unresolved date has no calendar dates; every other precision has both."""
    blank = not ev["date_start"] and not ev["date_end"]
    if ev["precision"] == "unresolved" and not blank:
        result.add("events", ev.line, "date_start", "precision 'unresolved' needs blank dates")
    elif ev["precision"] and ev["precision"] != "unresolved":
        for fld in ("date_start", "date_end"):
            if not ev[fld]:
                result.add("events", ev.line, fld, "required unless precision is 'unresolved'")


def _check_statement_sides(result: Result) -> None:
    """The cue and source anchors of a statement: both offsets or neither, matching the text."""
    text = result.article
    if text is None:
        return
    for row in result.rows.get("statements", []):
        for side in ("cue", "source"):
            s, e, exact = row[f"{side}_start"], row[f"{side}_end"], row[f"{side}_exact"]
            if not (s or e or exact):
                continue
            a, b = _int(s), _int(e)
            if a is None or b is None:
                result.add(
                    "statements", row.line, f"{side}_start", f"{side} needs start, end and exact"
                )
            elif not 0 <= a < b <= len(text):
                result.add(
                    "statements", row.line, f"{side}_end", f"{a}..{b} is not inside the article"
                )
            elif text[a:b] != exact:
                result.add(
                    "statements",
                    row.line,
                    f"{side}_exact",
                    f"does not match article.txt[{a}:{b}] = {text[a:b][:60]!r}",
                )


def _check_provenance(result: Result) -> None:
    """Every provenance row names a record that exists (a relay hop as statement_id#position)."""
    keys: dict[str, set[str]] = {}
    for res in tables(result.descriptor):
        pk = res["schema"].get("primaryKey", [])
        rows = result.rows.get(res["name"], [])
        keys[res["name"]] = {"#".join(r[k] for k in pk) for r in rows}
    for row in result.rows.get("provenance", []):
        if row["table"] not in keys or row["table"] == "provenance":
            result.add("provenance", row.line, "table", f"no table named {row['table']!r}")
        elif row["record_id"] not in keys[row["table"]]:
            result.add(
                "provenance",
                row.line,
                "record_id",
                f"no record {row['record_id']!r} in {row['table']}",
            )


def review_counts(result: Result) -> tuple[int, int]:
    """(drafted, reviewed) records: a record absent from provenance.csv counts as reviewed."""
    prov = provenance(result)
    drafted = reviewed = 0
    for res in tables(result.descriptor):
        if res["name"] == "provenance":
            continue
        pk = res["schema"].get("primaryKey", [])
        for row in result.rows.get(res["name"], []):
            if is_draft(prov, res["name"], "#".join(row[k] for k in pk)):
                drafted += 1
            else:
                reviewed += 1
    return drafted, reviewed


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
        # (When context.csv exists but could not be read, its own problem is reported instead.)
        unreadable = result.resource("context") is not None and "context" not in result.rows
        if basis == "inferred" and src["source_id"] not in about and not unreadable:
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
            # Only a byline ("By A. Writer, The Outlet") is checked; the outlet only where it
            # names one (many bylines give the author alone).
            is_byline = byline.lower().startswith("by ")
            names_outlet = "," in byline
            for fld in ("author", "publisher"):
                if not is_byline or (fld == "publisher" and not names_outlet):
                    continue
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
    if HEDGE_BOUND.get(hedge) != figure["bound"] or hedge not in figure["exact"].lower():
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
    published = _article_date(result)
    if published is None:
        return
    year = published.year
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


def _zone(result: Result, res: dict, key: str):
    """The IANA time zone the events resource names under ``key`` (None if it names none); an
    unknown name is a problem of the descriptor."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = res.get(key)
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                f"resources[events].{key}",
                f"unknown time zone {name!r}",
            )
        )
        return None


def _check_event_basis(result: Result) -> None:
    """A date marked stated is printed whole in the anchor; a known moment falls on its dates."""
    res = result.resource("events") or {}
    zone = _zone(result, res, "timeZone")
    _zone(result, res, "secondTimeZone")
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
                f"falls on {local} in {res.get('timeZone')}, outside {start}..{end}",
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


def _check_settings(result: Result) -> None:
    """The descriptor's site settings (explainer.package.settings) name ids the package has."""

    def ids(table: str, column: str) -> set[str] | None:
        # Only a table read without a problem of its own is evidence to check names against.
        shown_table = result.shown(table)
        if table not in result.rows or any(p.file == shown_table for p in result.problems):
            return None
        return {row[column] for row in result.rows[table]}

    shown = display_path(result.data_dir, "datapackage.json")
    for path, message in package_settings.problems(result.descriptor or {}, ids):
        result.problems.append(Problem(shown, "-", path, message))

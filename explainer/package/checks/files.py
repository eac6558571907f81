"""Files: the article (present, UTF-8, its hash and size as recorded) and each CSV as text
(encoding, line endings, quotation marks, header, row shape), then Frictionless's types and
constraints, each problem translated into a message that names the cell and how to write it.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re

from explainer.package import Problem, article_resource, display_path
from explainer.package.checks.base import (
    EDIT_COMMAND,
    REANCHOR_COMMAND,
    Result,
    Row,
    closest,
    words,
)


def check_article(result: Result) -> None:
    """The article resource exists, is UTF-8, and has the hash and size the descriptor records
    (every anchor counts characters in it); an edit names the command that keeps it valid."""
    res = article_resource(result.descriptor)
    if res is None:
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                "resources",
                "no resource named 'article' (the article text)",
                "descriptor-error",
            )
        )
        return
    _check_article_rights(result, res)
    path = result.data_dir / res["path"]
    shown = display_path(result.data_dir, res["path"])
    if not path.is_file():
        result.problems.append(Problem(shown, "-", "-", "file is missing", "file-missing"))
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
                "article-changed",
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
                "article-changed",
            )
        )
    try:
        result.article = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(
            Problem(shown, "-", "-", f"not valid UTF-8 at byte {exc.start}", "encoding-error")
        )


def _check_article_rights(result: Result, res: dict) -> None:
    """The article resource never declares the package's open licence as its own: that licence
    covers our annotations, and the article's text is the publisher's."""
    ours = {lic.get("name") for lic in result.descriptor.get("licenses", [])} - {None}
    for lic in res.get("licenses", []):
        if lic.get("name") in ours:
            result.problems.append(
                Problem(
                    display_path(result.data_dir, "datapackage.json"),
                    "-",
                    "resources.article.licenses",
                    f"the article declares the package's licence {lic['name']!r}, which covers "
                    "our annotations only; its text is the publisher's: give it a rights entry "
                    'such as {"name": "publisher-rights-reserved", "title": "<rights line>"}',
                    "descriptor-error",
                )
            )


def read_table(result: Result, res: dict) -> bool:
    """Read one CSV as text rows after the raw-file checks. False when it cannot be read at all."""
    name, path = res["name"], result.data_dir / res["path"]
    if not path.is_file():
        result.report("file-missing", name, "-", "-")
        return False
    raw = path.read_bytes()
    if not raw.strip():
        result.report("file-empty", name, "-", "-")
        return False
    if raw.startswith(b"\xef\xbb\xbf"):
        result.add(
            name,
            1,
            "-",
            "file starts with a byte-order mark (BOM); save as UTF-8 without BOM",
            "encoding-error",
        )
        raw = raw[3:]
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        result.add(
            name, line, "-", "CRLF or CR line ending; use LF (\\n) line endings", "encoding-error"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.add(name, line, "-", f"not valid UTF-8 (byte {exc.start})", "encoding-error")
        return False
    expected = [f["name"] for f in res["schema"]["fields"]]
    first_line = text.split("\n", 1)[0]
    named = next(csv.reader([first_line]), []) if '"' not in first_line else expected
    syntax = csv_syntax_errors(text, named or expected)
    for line, fld, message in syntax:
        result.add(name, line, fld, message, "csv-syntax")
    if syntax:
        return False  # its other checks would only describe the misreading
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    missing = [c for c in expected if c not in header]
    for col in missing:
        result.report("missing-column", name, 1, col)
    for col in header:
        if col not in expected:
            result.report("unexpected-column", name, 1, col)
    if missing:
        return False
    if header != expected and not [c for c in header if c not in expected]:
        result.report("column-order", name, 1, "-", expected=", ".join(expected))
    rows, lines, misshapen = [], [1], False
    for values in reader:
        lines.append(reader.line_num - sum(v.count("\n") for v in values))  # a record's first line
        if not any(v.strip() for v in values):
            continue  # frictionless reports blank rows
        if len(values) != len(header):
            misshapen = True
            message = _shape_message(values, header, reader.line_num)
            result.add(name, lines[-1], "-", message, "row-shape")
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


#: Frictionless's findings by table, for tables it has seen before: (name, the resource's
#: descriptor, the file's sha256) -> (line, field, message, code) each. Its checks that are
#: left (types, constraints, row shapes) look at one table at a time, so a table that did
#: not change keeps its findings: a review desk's write re-checks only what it changed.
_TABLE_FINDINGS: dict[tuple[str, str, str], list[tuple]] = {}
#: Frictionless's findings on the descriptor itself, by the descriptor's sha256.
_DESCRIPTOR_FINDINGS: dict[str, list[str]] = {}
_CACHE_SIZE = 256  # tables remembered (about 15 a package)

# The article checks and key uniqueness are ours: they name the lines and values.
_SKIP = {"foreign-key", "hash-count", "byte-count", "primary-key", "unique-error"}


def run_frictionless(result: Result, fatal: set[str]) -> None:
    """Types, constraints, primary keys and the article hash, as Frictionless checks them.

    Foreign keys are checked by :func:`~explainer.package.checks.keys.check_foreign_keys` instead, which names the field. Files
    already reported as unreadable are skipped so that each problem is reported once. A table
    Frictionless has checked before, with the same descriptor and text, is not checked again
    (the package's other tables may have changed: its findings cannot)."""
    import frictionless  # slow to import; only needed here

    desc_path = result.data_dir / "datapackage.json"
    desc_key = hashlib.sha256(desc_path.read_bytes()).hexdigest()
    keys = {
        res["name"]: _table_key(result, res)
        for res in (result.descriptor or {}).get("resources", [])
        if isinstance(res, dict) and res.get("schema") and res.get("name") not in fatal
    }
    if not fatal and desc_key in _DESCRIPTOR_FINDINGS and None not in keys.values():
        for name, key in keys.items():
            if key not in _TABLE_FINDINGS:
                res = copy.deepcopy(result.resource(name))
                res["schema"].pop("foreignKeys", None)  # ours; a lone table has no targets
                report = frictionless.Resource(res, basepath=str(result.data_dir)).validate()
                _remember(key, _task_findings(result, report.tasks[0], set()))
            for row, fld, note, code in _TABLE_FINDINGS[key]:
                result.add(name, row, fld, note, code)
        for message in _DESCRIPTOR_FINDINGS[desc_key]:
            shown = display_path(result.data_dir, "datapackage.json")
            result.problems.append(Problem(shown, "-", "-", message, "descriptor-error"))
        return
    try:
        report = frictionless.validate(str(desc_path))
    except Exception as exc:  # noqa: BLE001 - a broken descriptor must become a message
        result.problems.append(
            Problem(
                display_path(result.data_dir, "datapackage.json"),
                "-",
                "-",
                f"Frictionless could not read the package: {exc}",
                "descriptor-error",
            )
        )
        return
    unreadable = {result.resource(name)["path"] for name in fatal}
    for task in report.tasks:
        if task.name in fatal or task.name == "article":
            continue
        found = _task_findings(result, task, unreadable)
        if not fatal and keys.get(task.name):
            _remember(keys[task.name], found)
        for row, fld, note, code in found:
            result.add(task.name, row, fld, note, code)
    for err in report.errors:  # package-level (descriptor) errors
        shown = display_path(result.data_dir, "datapackage.json")
        result.problems.append(Problem(shown, "-", "-", err.message, "descriptor-error"))
    if not fatal:
        _DESCRIPTOR_FINDINGS[desc_key] = [err.message for err in report.errors]


def _table_key(result: Result, res: dict) -> tuple[str, str, str] | None:
    try:
        text = (result.data_dir / res["path"]).read_bytes()
    except (OSError, KeyError, TypeError):
        return None
    spec = json.dumps(res, sort_keys=True)
    return res["name"], spec, hashlib.sha256(text).hexdigest()


def _remember(key: tuple[str, str, str], found: list[tuple]) -> None:
    if len(_TABLE_FINDINGS) >= _CACHE_SIZE:
        _TABLE_FINDINGS.pop(next(iter(_TABLE_FINDINGS)))
    _TABLE_FINDINGS[key] = found


def _task_findings(result: Result, task, unreadable: set[str]) -> list[tuple]:
    """One table's Frictionless errors as (line, field, message, code), each message naming
    the cell and how to write it."""
    res = result.resource(task.name)
    out = []
    for err in task.errors:
        if err.type in _SKIP or (err.type == "scheme-error" and res is None):
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
        note, code = getattr(err, "note", "") or err.message, "table-error"
        if err.type in ("type-error", "constraint-error", "missing-cell"):
            spec = _field_spec(res, fld)
            note = _cell_message(err, spec, _example(result.rows.get(task.name, []), spec))
            code = "cell-error"
        out.append((row, fld or "-", note, code))
    return out


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

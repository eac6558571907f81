"""The one writer of a data package: transactions, validated before they are written, journaled.

A :class:`Package` is a folder read into memory: its descriptor, every table as rows of text, and
the text of each file. A change is a *transaction*: new contents for some tables and perhaps the
descriptor. :func:`commit` serialises it, validates the whole package as it would be (the project's
own validator, run on a scratch copy inside the package folder), and refuses it with the
validator's messages, writing nothing, or writes it:

1. the journal entry (``journal.jsonl`` in the package folder, one JSON object a line, appended
   and flushed to disk) with every changed file's text before and after, the changed rows, the
   action, the editor (the ``EXPLAINER_EDITOR`` setting, else the system user) and the time;
2. each changed file, through a temporary file beside it and :func:`os.replace`.

So a write killed before step 1 ends leaves the old package (a torn last journal line is dropped
on the next open), and one killed during step 2 is rolled forward from the journal the next time
the package is opened (:func:`recover`). Undo and redo are journal entries too: they apply an
earlier entry's files backwards or forwards, so they work across restarts and the journal keeps
the whole history.

Every write names the :attr:`Package.version` it was computed from (a hash of the package's
files); a write computed from an older version is refused (:class:`StaleWrite`), so two tabs
never overwrite each other's work.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from explainer.package import DESCRIPTOR, Problem, display_path, read_descriptor, tables
from explainer.package.validate import Result, Status, status
from explainer.package.validate import validate as validate_folder

JOURNAL = "journal.jsonl"
#: Environment variable with the editor's name for the journal (else the system user).
EDITOR_ENV = "EXPLAINER_EDITOR"
#: Scratch folders for validation live inside the package folder, hidden, and are removed.
SCRATCH_PREFIX = ".review-check-"


class StoreError(Exception):
    """A package cannot be opened or a transaction cannot be written; the message says why."""


class StaleWrite(StoreError):
    """The package changed since the version a write was computed from."""


class Refused(StoreError):
    """The validator refuses the package a transaction would make; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__(
            f"refused, nothing written: the package would have {len(lines)} problem(s):\n"
            + "\n".join(lines)
        )


@dataclass
class Package:
    """A package folder in memory. ``tables`` and ``descriptor`` are the ones to copy and change."""

    folder: Path
    descriptor: dict
    tables: dict[str, list[dict]]
    texts: dict[str, str]  # file name -> text, for the descriptor, the article and every table
    version: str

    def fields(self, table: str) -> list[str]:
        return [f["name"] for f in resource(self.descriptor, table)["schema"]["fields"]]

    def key(self, table: str) -> list[str]:
        return resource(self.descriptor, table)["schema"].get("primaryKey", [])

    @property
    def article(self) -> str:
        res = resource(self.descriptor, "article")
        return self.texts[res["path"]]


def resource(descriptor: dict, name: str) -> dict:
    for res in descriptor["resources"]:
        if res["name"] == name:
            return res
    raise StoreError(f"{DESCRIPTOR}: no resource named {name!r}")


def csv_text(fields: list[str], rows: list[dict]) -> str:
    """A table as CSV text, the one way the package layer writes one (LF, minimal quoting)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for row in rows:
        w.writerow({k: row.get(k, "") for k in fields})
    return buf.getvalue()


def descriptor_text(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def _version(texts: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name in sorted(texts):
        h.update(name.encode() + b"\0" + texts[name].encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def load(folder: Path | str) -> Package:
    """Read the package in ``folder`` (after rolling forward a write that was cut short)."""
    folder = Path(folder)
    recover(folder)
    return _load(folder)


def _load(folder: Path) -> Package:
    desc, problems = read_descriptor(folder)
    if desc is None:
        raise StoreError("; ".join(str(p) for p in problems))
    texts = {DESCRIPTOR: _read(folder / DESCRIPTOR)}
    rows: dict[str, list[dict]] = {}
    for res in desc["resources"]:
        path = folder / res["path"]
        if not path.is_file():
            if res.get("schema"):
                rows[res["name"]] = []
            continue
        texts[res["path"]] = _read(path)
        if res.get("schema"):
            rows[res["name"]] = list(csv.DictReader(io.StringIO(texts[res["path"]])))
    return Package(folder, desc, rows, texts, _version(texts))


# ----------------------------------------------------------------------------- the journal


def editor() -> str:
    name = os.environ.get(EDITOR_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


#: The journals read so far, by path: (inode, bytes read, entries). A journal only grows (each
#: entry holds the files before and after, so a long review's is megabytes): only what was
#: appended since is read again. One cut short (a torn line dropped) is read whole.
_JOURNALS: dict[Path, tuple[int, int, list[dict]]] = {}


def journal(folder: Path | str) -> list[dict]:
    """Every entry of the package's journal, oldest first ([] when it has none)."""
    path = (Path(folder) / JOURNAL).resolve()
    try:
        stat = path.stat()
    except FileNotFoundError:
        _JOURNALS.pop(path, None)
        return []
    inode, done, entries = _JOURNALS.get(path, (stat.st_ino, 0, []))
    if inode != stat.st_ino or stat.st_size < done:
        done, entries = 0, []
    if stat.st_size > done:
        with path.open("rb") as f:
            f.seek(done)
            raw = f.read()
        # Split on LF alone: a record's text may hold U+2028 or U+0085, which JSON leaves as they
        # are and str.splitlines would take for line ends. The last piece is b"" or a torn line.
        lines = raw.split(b"\n")[:-1]
        entries = entries + [json.loads(line.decode("utf-8")) for line in lines]
        done += sum(len(line) + 1 for line in lines)
    _JOURNALS[path] = (stat.st_ino, done, entries)
    return list(entries)


def history(entries: list[dict]) -> tuple[list[int], list[int]]:
    """(done, undone): the entries undo would take back, last first at the end, and redo's."""
    done: list[int] = []
    undone: list[int] = []
    for e in entries:
        if e["action"] == "undo":
            done.remove(e["undoes"])
            undone.append(e["undoes"])
        elif e["action"] == "redo":
            undone.remove(e["redoes"])
            done.append(e["redoes"])
        else:
            done.append(e["seq"])
            undone.clear()
    return done, undone


def _append(folder: Path, entry: dict) -> None:
    path = folder / JOURNAL
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def recover(folder: Path | str) -> list[str]:
    """Finish a write that was cut short; return the names of the files it rolled forward.

    A torn last journal line (killed while appending) is cut off: no file of that write had been
    replaced yet. A file still holding the last entry's *before* text is given its *after* text.
    A file that holds neither was edited by hand since, and is left alone.
    """
    folder = Path(folder)
    path = folder / JOURNAL
    for scratch in folder.glob(f"{SCRATCH_PREFIX}*"):
        shutil.rmtree(scratch, ignore_errors=True)
    for tmp in folder.glob(".*.tmp-*"):
        tmp.unlink(missing_ok=True)
    if not path.is_file():
        return []
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        keep = raw[: raw.rfind(b"\n") + 1]
        with path.open("r+b") as f:
            f.truncate(len(keep))
            os.fsync(f.fileno())
    entries = journal(folder)
    if not entries:
        return []
    rolled = []
    for name, change in entries[-1]["files"].items():
        target = folder / name
        now = _read(target) if target.is_file() else None
        if now == change["before"] and now != change["after"]:
            _replace(folder, name, change["after"])
            rolled.append(name)
    return rolled


def _replace(folder: Path, name: str, text: str | None) -> None:
    target = folder / name
    if text is None:
        target.unlink(missing_ok=True)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.tmp-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------- transactions


@dataclass
class Written:
    """What a committed transaction wrote: its journal entry and the package after it."""

    entry: dict
    package: Package
    #: The validator's result on the package as written (None for an unvalidated write).
    result: Result | None = None

    @property
    def status(self) -> Status | None:
        """How the package's review stands after the write (None for an unvalidated write)."""
        return None if self.result is None else status(self.result)


def files_for(pkg: Package, new_tables: dict[str, list[dict]], new_desc: dict) -> dict[str, str]:
    """The files that change: a table's text is rewritten only when its rows changed."""
    changed: dict[str, str] = {}
    desc_changed = new_desc != pkg.descriptor
    if desc_changed:
        changed[DESCRIPTOR] = descriptor_text(new_desc)
    for res in tables(new_desc):
        name = res["name"]
        rows = new_tables.get(name, [])
        old_res = next((r for r in tables(pkg.descriptor) if r["name"] == name), None)
        same_schema = old_res is not None and old_res["schema"] == res["schema"]
        if same_schema and rows == pkg.tables.get(name, []) and res["path"] in pkg.texts:
            continue
        fields = [f["name"] for f in res["schema"]["fields"]]
        text = csv_text(fields, rows)
        if text != pkg.texts.get(res["path"]):
            changed[res["path"]] = text
    return changed


def row_changes(pkg: Package, new_tables: dict[str, list[dict]]) -> list[dict]:
    """The rows a transaction adds, removes or changes, by table and key (for the journal)."""
    out = []
    for name in sorted(set(pkg.tables) | set(new_tables)):
        if name not in new_tables:
            continue
        try:
            pk = pkg.key(name)
        except StoreError:
            pk = []
        before = {_key(r, pk): r for r in pkg.tables.get(name, [])}
        after = {_key(r, pk): r for r in new_tables[name]}
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                out.append(
                    {"table": name, "key": key, "before": before.get(key), "after": after.get(key)}
                )
    return out


def _key(row: dict, pk: list[str]) -> str:
    return "#".join(str(row.get(k, "")) for k in pk) if pk else json.dumps(row, sort_keys=True)


def check(pkg: Package, files: dict[str, str | None]) -> Result:
    """The validator's result on the package as it would be after writing ``files`` (each
    problem names the package's own file, with its type)."""
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=pkg.folder))
    try:
        for name, text in pkg.texts.items():
            (scratch / name).write_text(text, encoding="utf-8", newline="")
        for name, text in files.items():
            if text is None:
                (scratch / name).unlink(missing_ok=True)
            else:
                (scratch / name).write_text(text, encoding="utf-8", newline="")
        result = validate_folder(scratch)
        result.problems = [
            replace(p, file=display_path(pkg.folder, Path(p.file).name)) for p in result.problems
        ]
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def commit(
    pkg: Package,
    action: str,
    new_tables: dict[str, list[dict]] | None = None,
    new_descriptor: dict | None = None,
    *,
    detail: dict | None = None,
    version: str | None = None,
    validate: bool = True,
) -> Written:
    """Validate and write one transaction computed from ``pkg``; return what was written.

    ``version`` is the version the editor saw (default: ``pkg``'s own); if the folder no longer
    holds it, :class:`StaleWrite` is raised. :class:`Refused` carries the validator's problems.
    """
    new_tables = pkg.tables if new_tables is None else {**pkg.tables, **new_tables}
    new_desc = pkg.descriptor if new_descriptor is None else new_descriptor
    files = files_for(pkg, new_tables, new_desc)
    rows = row_changes(pkg, new_tables)
    return _write(pkg, action, files, rows, detail or {}, version, validate)


def _write(pkg, action, files, rows, detail, version, validate, extra=None) -> Written:
    current = _load(pkg.folder)
    if current.version != pkg.version or (version and version != pkg.version):
        raise StaleWrite(
            f"{display_path(pkg.folder, '')}: the package changed since this view of it was "
            "loaded (another tab, editor or command wrote to it); nothing was written. Reload "
            "to see the change, then try again."
        )
    if not files:
        raise StoreError(f"{action}: this changes nothing; nothing was written")
    result = None
    if validate:
        result = check(pkg, files)
        if result.problems:
            raise Refused(result.problems)
    entries = journal(pkg.folder)
    entry = {
        "seq": (entries[-1]["seq"] + 1) if entries else 1,
        "action": action,
        "detail": detail,
        "editor": editor(),
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "version_before": pkg.version,
        "rows": rows,
        "files": {
            name: {"before": _text_of(pkg, name), "after": text} for name, text in files.items()
        },
        **(extra or {}),
    }
    _append(pkg.folder, entry)
    for name, text in files.items():
        _replace(pkg.folder, name, text)
    _sync_dir(pkg.folder)
    return Written(entry, _load(pkg.folder), result)


def _reverse_rows(rows: list[dict]) -> list[dict]:
    return [{**r, "before": r["after"], "after": r["before"]} for r in rows]


def undo(pkg: Package, version: str | None = None) -> Written:
    """Take back the last action not yet undone (a journal entry of its own)."""
    return _step(pkg, backwards=True, version=version)


def redo(pkg: Package, version: str | None = None) -> Written:
    """Apply again the last action undone, if nothing was done since."""
    return _step(pkg, backwards=False, version=version)


def _step(pkg: Package, backwards: bool, version: str | None) -> Written:
    """Undo (``backwards``) the last action done, or redo the last one undone."""
    entries = journal(pkg.folder)
    done, undone = history(entries)
    stack = done if backwards else undone
    if not stack:
        raise StoreError(f"nothing to {'undo' if backwards else 'redo'}")
    return _apply(pkg, entries[stack[-1] - 1], backwards=backwards, version=version)


def _apply(pkg: Package, target: dict, backwards: bool, version: str | None) -> Written:
    have, want = ("after", "before") if backwards else ("before", "after")
    files = {}
    for name, change in target["files"].items():
        if _text_of(pkg, name) != change[have]:
            raise StoreError(
                f"{name} was changed after '{target['action']}' (entry {target['seq']}) by "
                f"something else; it cannot be {'undone' if backwards else 'redone'} safely. "
                "Nothing was written."
            )
        files[name] = change[want]
    rows = _reverse_rows(target["rows"]) if backwards else target["rows"]
    verb = "undo" if backwards else "redo"
    extra = {"undoes" if backwards else "redoes": target["seq"]}
    detail = {"of": target["action"], **target.get("detail", {})}
    return _write(pkg, verb, files, rows, detail, version, validate=True, extra=extra)


def _read_or_none(path: Path) -> str | None:
    return _read(path) if path.is_file() else None


def _text_of(pkg: Package, name: str) -> str | None:
    """A file's text as ``pkg`` holds it, or as the folder does for a file outside the package."""
    return pkg.texts[name] if name in pkg.texts else _read_or_none(pkg.folder / name)


# ----------------------------------------------------------------------------- whole packages


def write_package(out: Path | str, contents: dict[str, str], action: str = "draft") -> dict | None:
    """Write a whole package (every file by name) into ``out``; the drafter's way to write.

    Into a new or empty folder, the files are written in a temporary folder beside it and moved
    in when all are written. Into a folder that holds a package, it is a journaled transaction
    (not validated: a draft may be invalid and the drafter reports it), so it can be undone.
    Returns the journal entry, or None for a new folder.
    """
    out = Path(out)
    if (out / DESCRIPTOR).is_file():
        pkg = load(out)
        files = {name: text for name, text in contents.items() if _text_of(pkg, name) != text}
        if not files:
            return None
        return _write(pkg, action, files, [], {}, None, validate=False).entry
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, body in contents.items():
            (tmp / name).write_bytes(body.encode("utf-8"))
        out.mkdir(exist_ok=True)
        for name in contents:
            (tmp / name).replace(out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return None


def copy_tables(pkg: Package) -> dict[str, list[dict]]:
    """A deep copy of the tables, for an action to change."""
    return copy.deepcopy(pkg.tables)

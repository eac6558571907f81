"""Edit a data package without breaking it: change the article text and every anchor follows.

Every anchored record points into ``article.txt`` by character offsets, and ``datapackage.json``
records the article's sha256 and size, so a one-character change to the text invalidates the whole
package. :func:`replace_in_article` makes such a change safely: it applies text replacements, shifts
the ``start``/``end`` of every anchor after them, rewrites the ``exact`` text of every anchor that
contains one, and records the new hash and size. :func:`set_fields` changes plain fields of one
record. Both rewrite only what changes; CSVs keep their format (UTF-8, LF, minimal quoting).

The tests use them to build a fixture package full of hostile text that still validates; an editor
can use them to correct a transcription error in the article copy.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from explainer.package import DESCRIPTOR, anchored, article_resource, tables


class EditError(ValueError):
    """An edit that cannot be applied unambiguously; the message names the text or the record."""


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    new: str

    @property
    def delta(self) -> int:
        return len(self.new) - (self.end - self.start)


def _descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))


def _write_descriptor(data_dir: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (data_dir / DESCRIPTOR).write_text(text, encoding="utf-8", newline="\n")


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _splices(text: str, replacements: Sequence[tuple[str, str]]) -> list[_Splice]:
    """Locate each ``old`` (which must occur exactly once) and refuse overlapping replacements."""
    found = []
    for old, new in replacements:
        if not old:
            raise EditError("cannot replace an empty string")
        count = text.count(old)
        if count != 1:
            raise EditError(
                f"{old!r} occurs {count} times in the article; a replacement needs exactly one"
            )
        start = text.index(old)
        found.append(_Splice(start, start + len(old), new))
    found.sort(key=lambda s: s.start)
    for a, b in zip(found, found[1:], strict=False):
        if b.start < a.end:
            raise EditError(
                f"replacements of {text[a.start : a.end]!r} and {text[b.start : b.end]!r} overlap"
            )
    return found


def _shift(start: int, end: int, splices: list[_Splice], where: str) -> tuple[int, int, bool]:
    """New offsets of the span start..end after the splices (given in the original text), and
    whether its own text changed.

    A splice before the span moves it; one inside it (or replacing exactly it) changes its text;
    one that straddles a boundary of the span is refused, since no offset would be right.
    """
    new_start, new_end, changed = start, end, False
    for s in splices:
        if s.end <= start:
            new_start += s.delta
            new_end += s.delta
        elif s.start >= end:
            continue
        elif start <= s.start and s.end <= end:
            new_end += s.delta
            changed = True
        else:
            raise EditError(
                f"{where}: the replacement at {s.start}..{s.end} cuts across this anchor at "
                f"{start}..{end}; replace text wholly inside the anchor or wholly around it"
            )
    return new_start, new_end, changed


@dataclass(frozen=True)
class Edited:
    """What an edit changed: anchors moved, anchors whose ``exact`` text was rewritten, and the
    article's new sha256."""

    moved: int
    rewritten: int
    sha256: str


def _article(data_dir: Path) -> tuple[dict, dict, Path]:
    descriptor = _descriptor(data_dir)
    article = article_resource(descriptor)
    if article is None:
        raise EditError(f"{data_dir / DESCRIPTOR}: no resource named 'article'")
    return descriptor, article, data_dir / article["path"]


def replace_in_article(data_dir: Path | str, replacements: Sequence[tuple[str, str]]) -> Edited:
    """Replace text in the package's article and keep every anchor and the recorded hash true.

    ``replacements`` are ``(old, new)`` pairs; each ``old`` must occur exactly once in the article
    and no two may overlap. Raises :class:`EditError` (and writes nothing) when a replacement is
    ambiguous or straddles an anchor's boundary.
    """
    data_dir = Path(data_dir)
    descriptor, article, article_path = _article(data_dir)
    text = article_path.read_bytes().decode("utf-8")
    return _apply(data_dir, descriptor, text, _splices(text, replacements))


def recorded_text(data_dir: Path | str) -> str:
    """The article as ``datapackage.json`` records it (by its sha256), from git: the committed
    or the staged version of the file, whichever has that hash."""
    data_dir = Path(data_dir)
    _, article, article_path = _article(data_dir)
    want = str(article.get("hash", "")).removeprefix("sha256:")
    for rev in ("HEAD:", ":"):
        try:
            raw = subprocess.run(
                ["git", "show", f"{rev}./{article_path.name}"],
                cwd=article_path.parent,
                capture_output=True,
                check=True,
                timeout=30,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if hashlib.sha256(raw).hexdigest() == want:
            return raw.decode("utf-8")
    raise EditError(
        f"{article_path}: no version of it in git has the sha256 that {DESCRIPTOR} records "
        f"({want[:12]}…), so the text before your edit is unknown; undo the edit and make it "
        "with edit-article OLD NEW"
    )


def reanchor(data_dir: Path | str) -> Edited:
    """After ``article.txt`` was edited by hand: compare it with the text ``datapackage.json``
    records (:func:`recorded_text`), then shift every anchor and record the new hash, exactly as
    :func:`replace_in_article` would have done for the same change."""
    data_dir = Path(data_dir)
    descriptor, _, article_path = _article(data_dir)
    old = recorded_text(data_dir)
    new = article_path.read_bytes().decode("utf-8")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    splices = [
        _Splice(i1, i2, new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return _apply(data_dir, descriptor, old, splices)


def _anchor_prefixes(header: list[str]) -> list[str]:
    """The anchors a table's rows carry: "" for start/end/exact, and every ``X_`` prefix with
    its own X_start/X_end/X_exact (a statement's cue_ and source_)."""
    return [
        name.removesuffix("start")
        for name in header
        if name.endswith("start")
        and {name.removesuffix("start") + k for k in ("end", "exact")} <= set(header)
    ]


def _apply(data_dir: Path, descriptor: dict, text: str, splices: list[_Splice]) -> Edited:
    """Write ``text`` with ``splices`` applied, every anchor shifted and the new hash recorded."""
    article = article_resource(descriptor)
    article_path = data_dir / article["path"]
    moved = rewritten_exact = 0
    pieces, cursor = [], 0
    for s in splices:
        pieces += [text[cursor : s.start], s.new]
        cursor = s.end
    new_text = "".join(pieces) + text[cursor:]

    rewritten: dict[Path, list[list[str]]] = {}
    for res in tables(descriptor):
        if not anchored(res):
            continue
        path = data_dir / res["path"]
        rows = _read_csv(path)
        header = rows[0]
        for line, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                continue  # validation reports malformed rows; nothing to shift here
            for prefix in _anchor_prefixes(header):
                i_start, i_end, i_exact = (
                    header.index(prefix + k) for k in ("start", "end", "exact")
                )
                try:
                    start, end = int(row[i_start]), int(row[i_end])
                except ValueError:
                    continue  # an empty optional anchor (no cue, no source) or a malformed one
                where = f"{res['path']}:{line} ({row[0]}, {prefix}{text[start:end]!r})"
                new_start, new_end, changed = _shift(start, end, splices, where)
                moved += (new_start, new_end) != (start, end)
                row[i_start], row[i_end] = str(new_start), str(new_end)
                if (
                    changed
                ):  # an anchor that was already wrong stays wrong, for validation to report
                    row[i_exact] = new_text[new_start:new_end]
                    rewritten_exact += 1
        rewritten[path] = rows

    raw = new_text.encode("utf-8")
    article["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
    if "bytes" in article:
        article["bytes"] = len(raw)
    article_path.write_bytes(raw)
    for path, rows in rewritten.items():
        _write_csv(path, rows)
    _write_descriptor(data_dir, descriptor)
    return Edited(moved, rewritten_exact, article["hash"].removeprefix("sha256:"))


def set_fields(data_dir: Path | str, table: str, record_id: str, values: Mapping[str, str]) -> None:
    """Set plain (non-anchor) fields of one record, found by its primary key."""
    data_dir = Path(data_dir)
    res = next((r for r in tables(_descriptor(data_dir)) if r["name"] == table), None)
    if res is None:
        raise EditError(f"no table named {table!r} in {data_dir / DESCRIPTOR}")
    key = res["schema"].get("primaryKey", [])
    if len(key) != 1:
        raise EditError(f"{table} has no single-field primary key")
    path = data_dir / res["path"]
    rows = _read_csv(path)
    header = rows[0]
    for name in values:
        if name not in header:
            raise EditError(f"{res['path']}: no column {name!r}")
        if anchored(res) and name in ("start", "end", "exact"):
            raise EditError(f"{res['path']}: {name!r} is an anchor; use replace_in_article")
    matches = [row for row in rows[1:] if row and row[header.index(key[0])] == record_id]
    if len(matches) != 1:
        raise EditError(f"{res['path']}: {len(matches)} rows with {key[0]} {record_id!r}")
    for name, value in values.items():
        matches[0][header.index(name)] = value
    _write_csv(path, rows)

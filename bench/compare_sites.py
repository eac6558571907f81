"""What two builds of the site show, compared: for a refactor that must not change it, or to list
what an editorial change did change.

    python bench/compare_sites.py BEFORE/_build/html AFTER/_build/html

Compared, each as lines of text, then a unified diff of whatever differs:

* every page of the book: the reader's text (the article column, without scripts, styles and the
  inline chart specs), each chart's accessible name (its description) and the text its
  build-time drawing shows;
* titles: each page's and each embed's ``<title>``, share-card title and description;
* embeds: each ``embed/*.html`` page's text, and the text its chart image (the SVG it links,
  ``_static/charts/<hash>.svg``) draws, under the embed's name (the file's hash changes with
  any change to the chart);
* downloads: every file under ``downloads/``, text files line by line; the data package zip
  member by member.

Exit status 1 if anything differs. Content, not pixels: a changed colour or position is not
reported, a changed word is.
"""

from __future__ import annotations

import difflib
import io
import re
import sys
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

SKIPPED = {"script", "style", "template", "noscript"}
#: Files under downloads/ compared as text; any other is compared by its bytes.
TEXT_SUFFIXES = {".csv", ".txt", ".json", ".jsonld", ".md", ".cff", ".yml"}


class _Reader(HTMLParser):
    """Lines of text of the page's main column, and each chart's name and drawn words."""

    def __init__(self, everything: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._skip = 0
        self._in_main = 1 if everything else 0
        self._chunk: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self._in_main += 1
        if tag in SKIPPED:
            self._skip += 1
        if self._in_main and "vega-chart" in (values.get("class") or "").split():
            self._flush()
            self.lines.append(f"[chart] {values.get('aria-label') or ''}")
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "tr", "td", "th", "text", "dt", "dd"}:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skip:
            self._skip -= 1
        if tag == "main" and self._in_main:
            self._flush()
            self._in_main -= 1

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skip:
            self._chunk.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._chunk).split())
        if text:
            self.lines.append(text)
        self._chunk = []


def _read(markup: str, everything: bool = False) -> list[str]:
    reader = _Reader(everything)
    reader.feed(markup)
    reader.close()
    return reader.lines


def page_text(path: Path) -> list[str]:
    return _read(path.read_text(encoding="utf-8"))


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_META = re.compile(
    r'<meta (?:property|name)="(?P<name>og:title|og:description|description|og:site_name)"'
    r' content="(?P<content>[^"]*)"'
)


def titles(path: Path) -> list[str]:
    """A page's ``<title>`` and its share-card title, description and site name."""
    markup = path.read_text(encoding="utf-8")
    found = [f"title: {' '.join(_read(m, True))}" for m in _TITLE.findall(markup)]
    found += [f"{m['name']}: {' '.join(_read(m['content'], True))}" for m in _META.finditer(markup)]
    return found


def embed_text(path: Path) -> list[str]:
    """An embed page's text, then the text its chart image draws."""
    markup = path.read_text(encoding="utf-8")
    lines = page_text(path)
    for svg in re.findall(r'href="(\.\./_static/charts/[^"]+\.svg)"', markup):
        image = (path.parent / svg).resolve()
        drawn = _read(image.read_text(encoding="utf-8"), True) if image.is_file() else []
        lines += ["[image]", *drawn]
    return lines


def download_text(path: Path) -> list[str]:
    """A download as lines: a text file's lines, a zip's members (each text member's lines
    under its name), any other file its size."""
    if path.suffix in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".zip":
        lines = []
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                lines.append(f"[member] {info.filename}")
                if Path(info.filename).suffix in TEXT_SUFFIXES:
                    body = archive.read(info).decode("utf-8")
                    lines += [f"  {line}" for line in io.StringIO(body).read().splitlines()]
        return lines
    return [f"[{path.stat().st_size} bytes]"]


def _diff(
    before: Path, after: Path, names: set[str], read: Callable[[Path], list[str]]
) -> list[str]:
    out: list[str] = []
    for name in sorted(names):
        old = read(before / name) if (before / name).is_file() else []
        new = read(after / name) if (after / name).is_file() else []
        out += difflib.unified_diff(old, new, f"before/{name}", f"after/{name}", lineterm="", n=0)
    return out


def _names(before: Path, after: Path, pattern: str) -> set[str]:
    return {p.relative_to(before).as_posix() for p in before.glob(pattern) if p.is_file()} | {
        p.relative_to(after).as_posix() for p in after.glob(pattern) if p.is_file()
    }


#: What is compared: (section, files, how each is read).
SECTIONS: list[tuple[str, str, Callable[[Path], list[str]]]] = [
    ("pages", "book/*.html", page_text),
    ("titles", "book/*.html", titles),
    ("titles", "index.html", titles),
    ("titles", "embed/*.html", titles),
    ("embeds", "embed/*.html", embed_text),
    ("downloads", "downloads/**/*", download_text),
]


def compare(before: Path, after: Path, sections: tuple[str, ...] = ()) -> list[str]:
    """Unified diffs of everything that differs (a file on one side only included), section by
    section; ``sections`` limits them (default: all)."""
    out: list[str] = []
    for section, pattern, read in SECTIONS:
        if sections and section not in sections:
            continue
        diff = _diff(before, after, _names(before, after, pattern), read)
        if diff:
            out += [f"=== {section}: {pattern}", *diff]
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    diff = compare(Path(argv[0]), Path(argv[1]), tuple(argv[2:]))
    print("\n".join(diff) if diff else "The two builds show the same content everywhere.")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

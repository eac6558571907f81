"""What two builds of the site show, compared page by page: for a refactor that must not change it.

    python bench/compare_sites.py BEFORE/_build/html AFTER/_build/html

For each page of the book, the reader's text (the article column, without scripts, styles and
the inline chart specs), each chart's accessible name (its description) and the text its
build-time drawing shows, then a unified diff of whatever differs. Exit status 1 if anything
does. Content, not pixels: a changed colour or position is not reported, a changed word is.
"""

from __future__ import annotations

import difflib
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIPPED = {"script", "style", "template", "noscript"}


class _Reader(HTMLParser):
    """Lines of text of the page's main column, and each chart's name and drawn words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._skip = 0
        self._in_main = 0
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

    def _flush(self) -> None:
        text = " ".join("".join(self._chunk).split())
        if text:
            self.lines.append(text)
        self._chunk = []


def page_text(path: Path) -> list[str]:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.lines


def compare(before: Path, after: Path) -> list[str]:
    """Unified diffs of every page whose content differs (a page on one side only included)."""
    out: list[str] = []
    names = sorted(
        {p.relative_to(before).as_posix() for p in (before / "book").glob("*.html")}
        | {p.relative_to(after).as_posix() for p in (after / "book").glob("*.html")}
    )
    for name in names:
        old = page_text(before / name) if (before / name).exists() else []
        new = page_text(after / name) if (after / name).exists() else []
        out += difflib.unified_diff(old, new, f"before/{name}", f"after/{name}", lineterm="", n=0)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    diff = compare(Path(argv[0]), Path(argv[1]))
    print("\n".join(diff) if diff else "The two builds show the same content on every page.")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

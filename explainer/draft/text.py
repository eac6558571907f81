"""Read an article for drafting, refusing input that has no article in it.

Every refusal is a :class:`DraftInputError` whose message names the file, so the command line can
print it and exit non-zero before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from explainer.package import scan

# At least two words of two letters or more in one sentence: "—" or "12 34" is not an article.
_WORDS = re.compile(r"[^\W\d_]{2,}(?:[\s,;:'’-]+[^\W\d_]{2,})")


class DraftInputError(Exception):
    """The article cannot be drafted; the message names the file and says why."""


def read_article(path: Path | str) -> str:
    """The article's text, exactly as stored (offsets are into this string)."""
    path = Path(path)
    if not path.is_file():
        raise DraftInputError(
            f"{path}: no such file" if not path.exists() else f"{path}: not a regular file"
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise DraftInputError(f"{path}: the file is empty")
    if b"\x00" in raw:
        raise DraftInputError(f"{path}: this is a binary file (it holds NUL bytes), not a text")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DraftInputError(
            f"{path}: starts with a byte-order mark; save it as UTF-8 without BOM"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DraftInputError(
            f"{path}: line {line}: not UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r}); "
            "convert it, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    if "\r" in text:
        raise DraftInputError(f"{path}: CR or CRLF line endings; convert them to LF (\\n)")
    if not any(_WORDS.search(text, s, e) for s, e in scan.sentences(text)):
        raise DraftInputError(f"{path}: no sentences found (no two words in a row)")
    return text

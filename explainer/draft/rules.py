"""The drafting rules by name, in their declared order (``lexicon/rules.cfg``), each switchable.

``configure("-quoted_as,-dobj")`` switches rules off for this process (``pipeline.load`` does it
from its ``rules`` argument); every rule asks ``on(name)`` before it drafts. An unknown name is
refused with the list of known ones, so a typo never silently measures nothing.
"""

from __future__ import annotations

from pathlib import Path

CONFIG = Path(__file__).parent / "lexicon" / "rules.cfg"


def _read() -> dict[str, bool]:
    from confection import Config

    return dict(Config().from_disk(CONFIG)["rules"])


ORDER: tuple[str, ...] = tuple(_read())
#: The rules the config itself switches off (``name = false``).
DEFAULT_OFF = frozenset(name for name, run in _read().items() if not run)
_off: set[str] = set(DEFAULT_OFF)


class UnknownRule(ValueError):
    pass


def parse(spec: str) -> frozenset[str]:
    """The rules a spec switches off: "-a,-b" (a spec of "" switches none off)."""
    off = set()
    for part in filter(None, (p.strip() for p in spec.replace(" ", ",").split(","))):
        name = part.removeprefix("-")
        if not part.startswith("-") or name not in ORDER:
            raise UnknownRule(
                f"--rules {part!r}: give rules to switch off as -NAME; known rules: "
                + ", ".join(ORDER)
            )
        off.add(name)
    return frozenset(off)


def configure(spec: str | frozenset[str] = "") -> None:
    _off.clear()
    _off.update(DEFAULT_OFF | (parse(spec) if isinstance(spec, str) else spec))


def on(name: str) -> bool:
    return name not in _off


def off() -> frozenset[str]:
    return frozenset(_off)

"""The test tiers: each marker (declared in pyproject.toml) and the fixtures that put a test in it.

``conftest.py`` marks every collected test from the fixtures it uses, directly or through another
fixture; ``make test-fast`` deselects every tier, ``make test`` runs them all.
"""

from __future__ import annotations

TIERS = {
    "build": {"site", "hostile_site", "book_builds"},
    "browser": {"chromium"},
    "install": {"wheel"},
    "lab": {"lab_server", "lab_runs"},
}


#: A tier set by what a test is, not by a fixture: a Hypothesis state machine runs many random
#: sequences of actions (half a minute or more), so it is ``slow``.
SLOW = "slow"
#: Every tier marker, in the order `make test-fast` leaves them out.
MARKERS = [*TIERS, SLOW]


def _is_state_machine(item) -> bool:
    cls = getattr(item, "cls", None)
    return cls is not None and cls.__module__ == "hypothesis.stateful"


def mark(items) -> None:
    """Add to each pytest item the marker of every tier whose fixtures it uses, and ``slow`` to a
    Hypothesis state machine."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in TIERS.items():
            if used & fixtures:
                item.add_marker(marker)
        if _is_state_machine(item):
            item.add_marker(SLOW)

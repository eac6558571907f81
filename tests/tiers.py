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


def mark(items) -> None:
    """Add to each pytest item the marker of every tier whose fixtures it uses."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in TIERS.items():
            if used & fixtures:
                item.add_marker(marker)

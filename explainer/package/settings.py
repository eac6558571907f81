"""The package's site settings: the descriptor's ``explainer`` object, and its checks.

A package says how its own site looks and reads here, so that no article's ids live in the code.
Every setting is optional:

- ``pages``: the folder of the package's own narrative pages, relative to the package
  (default ``pages/``); pages it lacks are the generic ones.
- ``site_title``: the site's title.
- ``footer``: who the footer of every page names ("By ..."), e.g. the newsroom; by default the
  project's ``author`` in ``_config.yml``.
- ``colors``: ``voices`` (voice id to colour), ``blocs`` (bloc name to colour) and
  ``actor_blocs`` (actor id to bloc name); any voice or actor left out takes a colour of the
  accessible default palette (explainer.views.theme).
- ``exchange``: two figures the article sets against each other, drawn side by side:
  ``sides`` (exactly two, each a ``figure`` id with its ``group`` name, ``axis`` title and
  optionally ``counted``, what the figure counts in words), ``parts`` (figure id to a name, for
  the parts a sum check breaks the first side into) and a ``title``.
- ``relation_families``: family name to the relation kinds it groups, so that the actor network
  colours a few families, not every kind (explainer.views.derive.graph.relation_families).

:func:`problems` checks them against the package's tables, so that a typo is an error naming
the setting rather than a chart that quietly goes missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

#: The descriptor's key for the settings.
KEY = "explainer"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def title(
    descriptor: Mapping[str, Any] | None, article_title: str, publisher: str = ""
) -> str | None:
    """The explainer's title: its ``site_title`` setting, else the article's headline quoted
    and credited to its outlet ("“<headline>”: an article from <publisher>, annotated"), else
    None (no title known). A headline is the outlet's claim, so the default title quotes it
    and names whose it is rather than stating it in the site's voice."""
    given = of(descriptor).get("site_title")
    if given:
        return str(given)
    if not article_title.strip():
        return None
    source = f"an article from {publisher.strip()}" if publisher.strip() else "an article"
    return f"“{article_title.strip()}”: {source}, annotated"


def of(descriptor: Mapping[str, Any] | None) -> dict[str, Any]:
    """The settings object of ``descriptor`` ({} when it has none or it is not an object)."""
    settings = (descriptor or {}).get(KEY)
    return settings if isinstance(settings, dict) else {}


def problems(descriptor: Mapping[str, Any], ids: Callable[[str, str], set[str] | None]) -> list:
    """Every problem of the settings, as (field path, message). ``ids(table, column)`` gives the
    values of a column of the package (None when the table could not be read: then references
    into it are not checked)."""
    if KEY not in descriptor:
        return []
    settings = descriptor[KEY]
    if not isinstance(settings, dict):
        return [(KEY, "must be an object of site settings")]
    found: list[tuple[str, str]] = []
    known = {"pages", "site_title", "footer", "colors", "exchange", "relation_families"}
    for name in sorted(set(settings) - known):
        found.append((f"{KEY}.{name}", f"unknown setting (known: {', '.join(sorted(known))})"))
    for name in ("pages", "site_title", "footer"):
        if name in settings and not (isinstance(settings[name], str) and settings[name].strip()):
            found.append((f"{KEY}.{name}", "must be a non-empty text"))
    if "colors" in settings:
        found += _colour_problems(settings["colors"], ids)
    if "exchange" in settings:
        found += _exchange_problems(settings["exchange"], ids)
    if "relation_families" in settings:
        found += _family_problems(settings["relation_families"], ids)
    return found


def _family_problems(families: Any, ids: Callable) -> list[tuple[str, str]]:
    path = f"{KEY}.relation_families"
    if not isinstance(families, dict) or not all(
        isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)
        for kinds in families.values()
    ):
        return [(path, "must be an object: each family's name to a list of relation kinds")]
    found = []
    seen: dict[str, str] = {}
    for family, kinds in families.items():
        for kind in kinds:
            if kind in seen:
                found.append((f"{path}.{family}", f"{kind!r} is already in {seen[kind]!r}"))
            seen.setdefault(kind, family)
        found += _references(f"{path}.{family}", kinds, "relations", "kind", ids)
    return found


def _references(
    path: str, values: Any, table: str, column: str, ids: Callable
) -> list[tuple[str, str]]:
    """Each of ``values`` that is not a ``column`` value of ``table``."""
    known = ids(table, column)
    if known is None:
        return []
    return [
        (path, f"{value!r}: no such {column} in {table}.csv")
        for value in values
        if value not in known
    ]


def _colour_problems(colors: Any, ids: Callable) -> list[tuple[str, str]]:
    path = f"{KEY}.colors"
    if not isinstance(colors, dict):
        return [(path, "must be an object with voices, blocs and actor_blocs")]
    found = [
        (f"{path}.{name}", "unknown colour setting (known: actor_blocs, blocs, voices)")
        for name in sorted(set(colors) - {"voices", "blocs", "actor_blocs"})
    ]
    for name in ("voices", "blocs", "actor_blocs"):
        if name in colors and not isinstance(colors[name], dict):
            found.append((f"{path}.{name}", "must be an object"))
    voices = colors.get("voices") if isinstance(colors.get("voices"), dict) else {}
    blocs = colors.get("blocs") if isinstance(colors.get("blocs"), dict) else {}
    actor_blocs = colors.get("actor_blocs") if isinstance(colors.get("actor_blocs"), dict) else {}
    for group, mapping in (("voices", voices), ("blocs", blocs)):
        for key, colour in mapping.items():
            if not (isinstance(colour, str) and _COLOUR.match(colour)):
                found.append((f"{path}.{group}.{key}", f"{colour!r} is not a colour like #0072b2"))
    found += _references(f"{path}.voices", voices, "voices", "voice_id", ids)
    found += _references(f"{path}.actor_blocs", actor_blocs, "actors", "actor_id", ids)
    for actor, bloc in actor_blocs.items():
        if bloc not in blocs:
            found.append(
                (f"{path}.actor_blocs.{actor}", f"{bloc!r} is not a bloc named in {path}.blocs")
            )
    return found


def _exchange_problems(exchange: Any, ids: Callable) -> list[tuple[str, str]]:
    path = f"{KEY}.exchange"
    if not isinstance(exchange, dict):
        return [(path, "must be an object with sides, parts and title")]
    found = [
        (f"{path}.{name}", "unknown exchange setting (known: parts, sides, title)")
        for name in sorted(set(exchange) - {"sides", "parts", "title"})
    ]
    sides = exchange.get("sides")
    if not (
        isinstance(sides, list) and len(sides) == 2 and all(isinstance(s, dict) for s in sides)
    ):
        return [*found, (f"{path}.sides", "must list exactly two sides, each an object")]
    for n, side in enumerate(sides):
        where = f"{path}.sides[{n}]"
        for name in sorted(set(side) - {"figure", "group", "axis", "counted"}):
            found.append((f"{where}.{name}", "unknown (known: axis, counted, figure, group)"))
        if not isinstance(side.get("figure"), str):
            found.append((f"{where}.figure", "names no figure (a figure_id of figures.csv)"))
        for name in ("group", "axis", "counted"):
            if name in side and not isinstance(side[name], str):
                found.append((f"{where}.{name}", "must be a text"))
    found += _references(
        f"{path}.sides",
        [s["figure"] for s in sides if isinstance(s.get("figure"), str)],
        "figures",
        "figure_id",
        ids,
    )
    parts = exchange.get("parts", {})
    if not isinstance(parts, dict):
        found.append((f"{path}.parts", "must be an object (figure id to a name)"))
    else:
        found += _references(f"{path}.parts", parts, "figures", "figure_id", ids)
    return found

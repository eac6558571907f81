"""Colour-blind safety, measured on the built charts.

Every categorical colour scale in every chart the site builds (read from the Vega-Lite specs in
the built pages, so what is measured is what a reader gets) has at most 8 colours. Each pair of
categories of one scale is compared as seen with normal vision and with protanopia,
deuteranopia and tritanopia, simulated with the Machado, Oliveira and Fernandes (2009)
matrices at full severity (``colorspacious``'s ``sRGB1+CVD``), by CIEDE2000 ΔE. Where a pair
comes closer than :data:`MIN_DELTA_E` in any of them, the chart must tell the two apart another
way too: a shape, a dash, a text label or a position (a row or column of their own) that the
two categories never share. The closest pair of each chart is printed (``pytest -s``).

Scales without a legend are not keys a reader matches: the close-up's alternating day shading,
and colours given with the data (``scale: null``: an actor's fixed colour in the network and the
relay chains, where each node is named). The theme's default palette, which any package without
colours of its own gets, is checked the same way on its own.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from colorspacious import cspace_convert

from explainer.site import browser as web
from explainer.site import sphinx_ext
from explainer.views import theme

#: Below this CIEDE2000 difference two colours are hard to tell apart (a common threshold for
#: categorical palettes: about 2.3 is just noticeable, 10 is "different at a glance").
MIN_DELTA_E = 10.0
MAX_COLOURS = 8
VISIONS = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")
#: Channels that can tell two categories apart besides colour.
SECOND_CHANNELS = ("shape", "strokeDash", "text", "x", "y", "row", "column")
CHART_PAGES = [page for page in web.toc_pages() if web.expected_charts(page)]


# ---------------------------------------------------------------------------------------
# Colour science


def _rgb1(colour: str) -> np.ndarray:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def seen(colour: str, vision: str) -> np.ndarray:
    """``colour`` in CIELab as seen with ``vision`` (Machado 2009, severity 100)."""
    rgb = _rgb1(colour)
    if vision != "normal":
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CIELab")


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = (float(v) for v in lab1)
    l2, a2, b2 = (float(v) for v in lab2)
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    big_dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (big_dh / s_h) ** 2 + r_t * (dc / s_c) * (big_dh / s_h)
    )


def closest(colours: dict[str, str]) -> tuple[float, str, str, str]:
    """The pair of categories whose colours come closest in any vision: (ΔE, a, b, vision)."""
    best = (math.inf, "", "", "")
    labs = {v: {k: seen(c, v) for k, c in colours.items()} for v in VISIONS}
    for (a, _), (b, _) in itertools.combinations(colours.items(), 2):
        for vision in VISIONS:
            d = ciede2000(labs[vision][a], labs[vision][b])
            if d < best[0]:
                best = (d, a, b, vision)
    return best


def test_ciede2000_matches_sharmas_published_pairs():
    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 7 and 17.
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == (
        pytest.approx(2.0425, abs=1e-4)
    )
    assert ciede2000(np.array([50, 0, 0]), np.array([50, -1, 2])) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(
        27.1492, abs=1e-4
    )


def test_the_simulation_makes_red_and_green_alike_for_a_red_blind_reader():
    red, green = "#d55e00", "#009e73"  # far apart in normal vision
    normal = ciede2000(seen(red, "normal"), seen(green, "normal"))
    protan = ciede2000(seen(red, "protanomaly"), seen(green, "protanomaly"))
    assert protan < normal / 2


# ---------------------------------------------------------------------------------------
# The charts' colour scales, from the built specs


def _units(spec: dict[str, Any], data: Any = None, facet: dict | None = None):
    """Every single-view spec in ``spec`` with the data it draws (inherited from its parents)
    and the facet channels around it."""
    data = spec.get("data", data)
    facet = {**(facet or {}), **(spec.get("facet") or {})}
    if "mark" in spec:
        yield spec, data, facet
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key) or []:
            yield from _units(child, data, facet)
    if isinstance(spec.get("spec"), dict):
        yield from _units(spec["spec"], data, facet)


def _rows(data: Any, datasets: dict[str, list]) -> list[dict]:
    if not isinstance(data, dict):
        return []
    if "values" in data:
        return list(data["values"])
    return list(datasets.get(data.get("name"), []))


def colour_scales(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The chart's categorical colour keys: colour field → {category: colour}. A scale with no
    legend is not a key; one without a range takes the theme's categorical palette."""
    datasets = spec.get("datasets") or {}
    palette = ((spec.get("config") or {}).get("range") or {}).get("category") or []
    scales: dict[str, dict[str, str]] = {}
    for unit, data, _ in _units(spec):
        enc = (unit.get("encoding") or {}).get("color")
        if not isinstance(enc, dict) or "field" not in enc:
            continue
        if enc.get("type") not in ("nominal", "ordinal") or enc.get("legend", {}) is None:
            continue
        scale = enc.get("scale", {})
        field = enc["field"]
        if scale is None:  # colours given with the data: Vega draws no legend for them
            continue
        domain = scale.get("domain")
        if domain is None:
            domain = sorted({str(r.get(field)) for r in _rows(data, datasets)})
        colours = scale.get("range") or palette
        scales.setdefault(field, {}).update(
            {str(d): colours[i % len(colours)] for i, d in enumerate(domain)}
        )
    return scales


def told_apart(spec: dict[str, Any], field: str, a: str, b: str) -> str | None:
    """The channel other than colour that tells categories ``a`` and ``b`` of ``field`` apart:
    one that gives all of ``a``'s marks one value (a shape, a dash, a label, a row) and all of
    ``b``'s another (None if there is none). A row per event does not tell two ways of dating
    events apart; a row per voice, named, does tell two voices apart."""
    datasets = spec.get("datasets") or {}
    for unit, data, facet in _units(spec):
        rows = _rows(data, datasets)
        if not rows or field not in rows[0]:
            continue
        channels = {**facet, **(unit.get("encoding") or {})}
        for name in SECOND_CHANNELS:
            enc = channels.get(name)
            if not isinstance(enc, dict) or "field" not in enc:
                continue
            if name in ("x", "y") and enc.get("type") not in ("nominal", "ordinal"):
                continue
            other = enc["field"]
            values_a = {str(r.get(other)) for r in rows if str(r.get(field)) == a}
            values_b = {str(r.get(other)) for r in rows if str(r.get(field)) == b}
            if len(values_a) == len(values_b) == 1 and values_a != values_b:
                return f"{name} ({other})"
    return None


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title") or {}
    text = title.get("text", title) if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def alike_untold(where: str, spec: dict[str, Any], field: str, scale: dict[str, str]) -> list[str]:
    """Pairs of categories closer than MIN_DELTA_E in some vision that nothing else tells apart."""
    labs = {v: {k: seen(c, v) for k, c in scale.items()} for v in VISIONS}
    found = []
    for x, y in itertools.combinations(scale, 2):
        worst = min(ciede2000(labs[v][x], labs[v][y]) for v in VISIONS)
        if worst < MIN_DELTA_E and told_apart(spec, field, x, y) is None:
            found.append(f"{where}: {field} {x!r} / {y!r} ΔE {worst:.1f}")
    return found


@pytest.fixture(scope="module")
def charts(site) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for page in CHART_PAGES:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        for block in sphinx_ext.spec_blocks(html):
            found.append((f"{page}: {_title(block['spec'])}", block["spec"]))
    assert len(found) == sum(web.expected_charts(p) for p in CHART_PAGES)
    return found


def test_the_themes_scales_have_at_most_8_colours_all_apart_in_every_vision():
    scales = {
        "PALETTE and NARRATION_COLOR": [*theme.PALETTE, theme.NARRATION_COLOR],
        "RESOLUTION_COLORS": list(theme.RESOLUTION_COLORS.values()),
        "STANCE_COLORS": list(theme.STANCE_COLORS.values()),
        "RELATION_PALETTE and NEUTRAL": [*theme.RELATION_PALETTE, theme.NEUTRAL],
    }
    for name, colours in scales.items():
        assert len(set(colours)) == len(colours) <= MAX_COLOURS, name
        d, a, b, vision = closest({c: c for c in colours})
        print(f"theme {name}: closest pair {a} / {b} ΔE {d:.1f} ({vision})")
        assert d >= MIN_DELTA_E, f"{name}: {a} and {b} are ΔE {d:.1f} apart ({vision})"


def test_no_kind_of_relation_is_drawn_in_a_voices_colour():
    # The network's relation colours are no party's: each is far from every colour a voice or
    # an actor's bloc can take, as seen with normal vision.
    near = [
        f"{r} ~ {p}: ΔE {d:.1f}"
        for r in theme.RELATION_PALETTE
        for p in (*theme.PALETTE, theme.NARRATION_COLOR)
        if (d := ciede2000(seen(r, "normal"), seen(p, "normal"))) < 18
    ]
    assert near == []


def _contrast(colour: str, background: str = theme.BACKGROUND) -> float:
    def luminance(hex_colour: str) -> float:
        rgb = _rgb1(hex_colour)
        rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(rgb @ [0.2126, 0.7152, 0.0722])

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_relation_lines_stand_out_from_the_white_card():
    faint = {c: round(_contrast(c), 2) for c in theme.RELATION_PALETTE if _contrast(c) < 3}
    assert faint == {}


def test_our_inference_has_one_colour_that_means_nothing_else():
    """Read 4, m13: "our inference" is one colour in every key that marks it, and no voice's
    colour, no kind of relation's, no actor bloc's and no palette colour comes near it in any
    vision, so a reader moving between charts cannot take an inference for a voice, a relation
    or an actor."""
    from explainer import load
    from explainer.views.derive import graph

    facts = load()
    assert theme.RESOLUTION_COLORS["inferred"] == theme.STANCE_COLORS["inferred"]
    inference = theme.STANCE_COLORS["inferred"]
    colours = theme.colours(facts)
    voices = colours.voices
    families = list(
        dict.fromkeys(graph.relation_families(facts, theme.MAX_RELATION_FAMILIES).values())
    )
    relations = theme.relation_colours(families, tuple(voices.values()))
    others = {
        **{f"voice {v}": c for v, c in voices.items()},
        **{f"relation {f}": c for f, c in relations.items()},
        **{f"palette {c}": c for c in theme.PALETTE},
        **{f"bloc {b}": c for b, c in colours.blocs.items()},
    }
    for name, colour in others.items():
        d, _, _, vision = closest({"inference": inference, name: colour})
        assert d >= MIN_DELTA_E, f"{name} {colour} is ΔE {d:.1f} from our inference ({vision})"


def test_no_chart_has_a_scale_of_more_than_8_colours(charts):
    many = [
        f"{where}: {field} has {len(set(scale.values()))} colours"
        for where, spec in charts
        for field, scale in colour_scales(spec).items()
        if len(set(scale.values())) > MAX_COLOURS
    ]
    assert many == []


def test_categories_alike_to_a_colour_blind_reader_differ_in_another_channel(charts):
    keyed = 0
    unsafe = []
    for where, spec in charts:
        report = []
        for field, scale in colour_scales(spec).items():
            if len(scale) < 2:
                continue
            keyed += 1
            d, a, b, vision = closest(scale)
            report.append(f"{field}: {a} / {b} ΔE {d:.1f} ({vision})")
            unsafe += alike_untold(where, spec, field, scale)
        print(f"{where}: closest pair " + ("; ".join(report) or "no categorical colour key"))
    assert keyed, "no chart has a colour key to check"
    assert unsafe == [], "alike in some colour vision, and nothing else tells them apart:\n" + (
        "\n".join(unsafe)
    )


def test_twelve_voices_keep_8_colours_and_stay_apart_in_every_vision():
    """A package with twelve voices (real copy has them): no chart has more than 8 colours, and
    voices alike in some vision are told apart by another channel (their names)."""
    from dataclasses import replace

    from chartspec import discover_charts
    from pagecells import more_voices

    from explainer import load
    from explainer.views import charts as views

    facts = load()
    facts = replace(facts, tables=more_voices(dict(facts.tables), 12))
    assert len(facts.voices) == 12
    colours = theme.colours(facts).voices
    assert len(set(colours.values())) <= MAX_COLOURS
    found = []
    for name in discover_charts():
        drawn = getattr(views, name)(facts)
        if hasattr(drawn, "to_dict"):
            found.append((name, drawn.to_dict()))
    many, unsafe = [], []
    for where, spec in found:
        for field, scale in colour_scales(spec).items():
            if len(set(scale.values())) > MAX_COLOURS:
                many.append(f"{where}: {field} has {len(set(scale.values()))} colours")
            unsafe += alike_untold(where, spec, field, scale)
    assert many == []
    assert unsafe == [], "\n".join(unsafe)

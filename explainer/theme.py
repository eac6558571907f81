"""The shared chart theme: colour-blind-safe colours that stay fixed per voice and per actor.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies) plus greys.
Actors that speak in the article take their voice's colour, so a voice looks the same on every chart;
the other actors share a colour with the bloc the article puts them in, which is a grouping for
legibility, not a judgement.
"""

from __future__ import annotations

import json
import textwrap

import altair as alt

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
TEXT = "#1f2328"
MUTED = "#57606a"
GRID = "#d8dee4"
BACKGROUND = "#ffffff"

VOICE_COLORS = {
    "narration": "#5f6368",  # grey: the outlet's own words
    "hamas": "#b35900",  # Okabe-Ito orange, darkened for 4.5:1 text contrast on white
    "pmo": "#0072b2",  # Okabe-Ito blue
    "katz": "#2b8cbe",  # a lighter blue: the other Israeli government voice
    "unattributed": "#a23b72",  # reddish purple
}
VOICE_ORDER = list(VOICE_COLORS)

# Blocs for non-speaking actors; one colour each.
BLOC_COLORS = {
    "israel": "#0072b2",
    "hamas": "#b35900",
    "us": "#007a5a",  # bluish green
    "iran": "#8e4585",
    "mediator": "#7a6a00",  # dark yellow
    "outlet": "#5f6368",
    "people": "#6b6b6b",
}
ACTOR_BLOC = {
    "israel": "israel",
    "israel_gov": "israel",
    "pmo": "israel",
    "idf": "israel",
    "katz": "israel",
    "southern_residents": "israel",
    "hostages": "israel",
    "hamas": "hamas",
    "us": "us",
    "witkoff": "us",
    "iran": "iran",
    "press_tv": "iran",
    "qatar": "mediator",
    "egypt": "mediator",
    "mediators": "mediator",
    "algemeiner": "outlet",
    "author": "outlet",
    "gaza": "people",
    "palestinians": "people",
    "prisoners": "people",
    "arab_islamic_world": "people",
    "free_people": "people",
    "demonstrators": "people",
}

RESOLUTION_COLORS = {
    "stated": "#1f2328",
    "computed": "#0072b2",
    "context": "#b35900",
    "inferred": "#a23b72",
}
PRECISION_SHAPES = {
    "day": "circle",
    "part_of_day": "triangle-down",
    "range": "square",
    "approximate": "diamond",
}
STANCE_COLORS = {
    "agrees": "#007a5a",
    "differs": "#b35900",
    "resolves": "#0072b2",
    "absent": "#8c959f",
}
RELATION_COLORS = {
    "backs": "#8e4585",
    "mediates": "#7a6a00",
    "supports_proposal": "#007a5a",
    "rejects_proposal": "#b35900",
    "represents": "#0072b2",
    "serves_in": "#0072b2",
    "part_of": "#8c959f",
    "state_media_of": "#8e4585",
    "relays": "#a23b72",
    "military_action": "#c0392b",
    "blockades": "#c0392b",
    "ceasefire_with": "#2b8cbe",
    "releases": "#007a5a",
    "took_hostages": "#b35900",
    "calls_protest_against": "#b35900",
    "calls_pressure_on": "#b35900",
    "reverses_agreement": "#c0392b",
    "imprisons": "#2b8cbe",
    "planned_withdrawal_from": "#007a5a",
    "writes_for": "#5f6368",
}


#: Below this container width (px), a phone's column, charts switch to their narrow layout.
NARROW = 560
#: Titles and subtitles are broken into lines that fit the narrowest column (about 340 px).
TITLE_CHARS = 34
SUBTITLE_CHARS = 54


def responsive(narrow: object, wide: object) -> dict:
    """A Vega-Lite expression worth ``narrow`` in a container narrower than :data:`NARROW` px and
    ``wide`` otherwise. Without a container (the build's SVG fallbacks) it is ``wide``."""
    return {"expr": f"containerSize()[0] < {NARROW} ? {json.dumps(narrow)} : {json.dumps(wide)}"}


def label_limit(wide: int, narrow: int = 110) -> dict:
    """Axis label width: ``wide`` px, cut to ``narrow`` px (with an ellipsis) on a phone."""
    return responsive(min(narrow, wide), wide)


def lines(text: str, width: int) -> str | list[str]:
    """``text`` broken into lines of at most ``width`` characters (a list only when it must be)."""
    broken = textwrap.wrap(text, width) if text else [text]
    return broken[0] if len(broken) == 1 else broken


def actor_color(actor_id: str, parents: dict[str, str] | None = None) -> str:
    """Every actor's fixed colour: its voice colour if it speaks, else its bloc's. An actor with
    no bloc of its own takes that of the actor it belongs to (``parents``: actors.part_of)."""
    if actor_id in VOICE_COLORS:
        return VOICE_COLORS[actor_id]
    seen = {actor_id}
    while actor_id not in ACTOR_BLOC and (parents or {}).get(actor_id) not in (None, "", *seen):
        actor_id = parents[actor_id]
        seen.add(actor_id)
    return BLOC_COLORS[ACTOR_BLOC.get(actor_id, "people")]


def scale(mapping: dict[str, str], domain: list[str] | None = None) -> alt.Scale:
    """A nominal colour scale pinned to ``mapping`` so colours never shift between charts."""
    keys = domain if domain is not None else list(mapping)
    return alt.Scale(domain=keys, range=[mapping[k] for k in keys])


def voice_scale(voices: list[str] | None = None) -> alt.Scale:
    return scale(VOICE_COLORS, voices)


def config() -> dict:
    """The Vega-Lite ``config`` block every chart shares."""
    return {
        "background": BACKGROUND,
        "padding": 8,
        "font": FONT,
        "title": {
            "fontSize": 15,
            "fontWeight": 600,
            "anchor": "start",
            "color": TEXT,
            "subtitleColor": MUTED,
            "subtitleFontSize": 12,
            "offset": 10,
        },
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": GRID,
            "domainColor": MUTED,
            "tickColor": MUTED,
            "titleFontWeight": 600,
        },
        "legend": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": responsive(1, 2),
            # On a phone, legends stack one under another, centred under the plot and clear of
            # the axis title; side by side from the plot's left edge (Vega's default, kept for
            # wider columns) they run off the chart's right edge.
            "layout": responsive(
                {"bottom": {"anchor": "middle", "direction": "vertical", "offset": 24}},
                {"bottom": {"anchor": "start", "direction": "horizontal", "offset": 24}},
            ),
            "symbolSize": 110,
            "labelLimit": {"expr": "width < 300 ? 150 : 260"},
        },
        "header": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12},
        "view": {"stroke": None},
        "text": {"color": TEXT, "fontSize": 12},
        "range": {"category": list(VOICE_COLORS.values())},
    }


def apply(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Attach the shared config to a top-level chart."""
    return chart.configure(**config())


def css() -> str:
    """CSS custom properties for the colours that pages use outside charts.

    ``.voice-<id>`` sets ``--voice`` and ``.stance-<status>`` sets ``--stance``, so the article
    page's highlights, legend and record cards take their colours from this module, the one source
    of truth. explainer/sphinx_ext.py writes this to ``_static/theme-colors.css`` at build time.
    """
    lines = ["/* Generated from explainer/theme.py by explainer/sphinx_ext.py. Do not edit. */"]
    lines += [f".voice-{voice} {{ --voice: {color}; }}" for voice, color in VOICE_COLORS.items()]
    stances = {**STANCE_COLORS, "na": STANCE_COLORS["absent"]}
    lines += [f".stance-{stance} {{ --stance: {color}; }}" for stance, color in stances.items()]
    return "\n".join(lines) + "\n"

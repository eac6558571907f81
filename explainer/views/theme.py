"""The shared chart theme: colour-blind-safe colours that stay fixed per voice and per actor.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies) plus greys.
Actors that speak in the article take their voice's colour, so a voice looks the same on every chart;
the other actors share a colour with the bloc the article puts them in, which is a grouping for
legibility, not a judgement.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

import altair as alt

from explainer.package import NARRATION
from explainer.package import settings as package_settings

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
TEXT = "#1f2328"
MUTED = "#57606a"
GRID = "#d8dee4"
BACKGROUND = "#ffffff"

#: The default categorical palette: Okabe-Ito (safe for the common colour-vision
#: deficiencies), darkened where needed for 4.5:1 text contrast on white. A package without
#: colours of its own gets these, in the order of its voices, then of its actor blocs.
PALETTE = ("#b35900", "#0072b2", "#007a5a", "#8e4585", "#a23b72", "#7a6a00", "#2b8cbe")
#: The article's own words, and anything with no colour of its own.
NARRATION_COLOR = "#5f6368"
NEUTRAL = "#6b6b6b"


@dataclass(frozen=True)
class Colours:
    """One package's fixed colours: per voice, per actor bloc, and which bloc each actor is in.

    Set in the package's ``datapackage.json`` under ``explainer.colors`` (``voices``: voice id
    to colour; ``blocs``: bloc name to colour; ``actor_blocs``: actor id to bloc name), and
    otherwise computed: voices take :data:`PALETTE` in the order of ``voices.csv``; an actor
    that speaks takes its voice's colour; any other actor takes the colour of the actor at the
    top of its ``part_of`` chain, its bloc. Blocs are a grouping for legibility, not a verdict.
    """

    voices: dict[str, str]
    blocs: dict[str, str]
    actor_blocs: dict[str, str]
    speakers: dict[str, str]  # actor id -> its voice id
    parents: dict[str, str]

    @property
    def voice_order(self) -> list[str]:
        return list(self.voices)

    def actor(self, actor_id: str) -> str:
        """Every actor's fixed colour: its voice colour if it speaks, else its bloc's."""
        if actor_id in self.speakers:
            return self.voices[self.speakers[actor_id]]
        seen = {actor_id}
        while actor_id not in self.actor_blocs and self.parents.get(actor_id) not in (
            None,
            "",
            *seen,
        ):
            actor_id = self.parents[actor_id]
            seen.add(actor_id)
            if actor_id in self.speakers:
                return self.voices[self.speakers[actor_id]]
        bloc = self.actor_blocs.get(actor_id, actor_id)
        return self.blocs.get(bloc, NEUTRAL)

    def voice_scale(self, voices: list[str] | None = None) -> alt.Scale:
        return scale(self.voices, voices)


def colours(facts) -> Colours:
    """The package's colours (see :class:`Colours`)."""
    settings = package_settings.of(facts.descriptor).get("colors") or {}
    voices_table = facts.tables["voices"]
    given = dict(settings.get("voices") or {})
    free = [c for c in PALETTE if c not in given.values()]
    voices: dict[str, str] = {}
    for voice in voices_table["voice_id"].astype(str):
        if voice in given:
            voices[voice] = given[voice]
        elif voice == NARRATION:
            voices[voice] = NARRATION_COLOR
        else:
            voices[voice] = free.pop(0) if free else NEUTRAL
    speakers = {
        str(a): str(v)
        for v, a in zip(voices_table["voice_id"], voices_table["actor_id"], strict=True)
        if isinstance(a, str) and a and v != NARRATION
    }
    actors = facts.tables["actors"]
    parents = {
        str(a): str(p)
        for a, p in zip(actors["actor_id"], actors["part_of"], strict=True)
        if isinstance(p, str) and p
    }
    blocs = dict(settings.get("blocs") or {})
    actor_blocs = dict(settings.get("actor_blocs") or {})
    if not blocs:  # computed: one colour per top-level actor that does not speak
        roots = [str(a) for a in actors["actor_id"] if str(a) not in parents]
        spare = [c for c in PALETTE if c not in voices.values()]
        for root in roots:
            if root not in speakers:
                blocs[root] = spare.pop(0) if spare else NEUTRAL
    return Colours(voices, blocs, actor_blocs, speakers, parents)


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


def scale(mapping: dict[str, str], domain: list[str] | None = None) -> alt.Scale:
    """A nominal colour scale pinned to ``mapping`` so colours never shift between charts."""
    keys = domain if domain is not None else list(mapping)
    return alt.Scale(domain=keys, range=[mapping.get(k, NEUTRAL) for k in keys])


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
        "range": {"category": list(PALETTE)},
    }


def apply(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Attach the shared config to a top-level chart."""
    return chart.configure(**config())


def css(facts=None) -> str:
    """CSS custom properties for the colours that pages use outside charts.

    ``.voice-<id>`` sets ``--voice`` and ``.stance-<status>`` sets ``--stance``, so the article
    page's highlights, legend and record cards take their colours from this module, the one source
    of truth. explainer/site/sphinx_ext.py writes this to ``_static/theme-colors.css`` at build time,
    for the package being built.
    """
    lines = [
        "/* Generated from explainer/views/theme.py by explainer/site/sphinx_ext.py. Do not edit. */"
    ]
    voices = colours(facts).voices if facts is not None else {}
    lines += [f".voice-{voice} {{ --voice: {color}; }}" for voice, color in voices.items()]
    stances = {**STANCE_COLORS, "na": STANCE_COLORS["absent"]}
    lines += [f".stance-{stance} {{ --stance: {color}; }}" for stance, color in stances.items()]
    return "\n".join(lines) + "\n"

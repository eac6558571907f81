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

#: The default categorical palette, from Okabe-Ito's hues (orange, blue, reddish purple, bluish
#: green) with a navy, a dark red and a near-black, chosen so that every two of them, and each
#: and :data:`NARRATION_COLOR`, stay at least CIEDE2000 ΔE 12 apart with normal vision and as
#: simulated for protanopia, deuteranopia and tritanopia (Machado 2009; measured by
#: tests/test_colour_blind.py). Okabe-Ito darkened for text contrast was not: its dark yellow and
#: orange are ΔE 0.8 apart for a red-blind reader. A package without colours of its own gets
#: these, in the order of its voices, then of its actor blocs.
PALETTE = ("#b35900", "#0072b2", "#cc79a7", "#173f73", "#009e73", "#781800", "#2a2a2a")
#: The article's own words, and anything with no colour of its own.
NARRATION_COLOR = "#5f6368"
NEUTRAL = "#6b6b6b"
#: The voices past what colour can carry (a package with more than seven voices besides the
#: narration): they share this light grey, at least ΔE 14 from the palette and the narration's
#: dark grey in every vision, as one legend entry, "other voices"; each mark's tooltip, row or
#: label names its voice (explainer.views.charts.spec.voice_colour).
OTHER_VOICES_COLOR = "#c8cdd2"
#: The colour key the voices past the palette share.
OTHER_VOICES = "other voices"
#: At most this many colours in one chart: the palette's voices, the narration and the others.
MAX_CHART_COLOURS = 8


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

    def voice_key(self, voice: str) -> str:
        """The colour key of a voice: itself, or :data:`OTHER_VOICES` when it has no colour of
        its own (past the palette)."""
        return OTHER_VOICES if self.voices.get(voice) == OTHER_VOICES_COLOR else voice

    def key_scale(self, voices: list[str]) -> tuple[alt.Scale, list[str]]:
        """The colour scale of the voice keys of ``voices`` (at most 8 colours), and its domain."""
        domain = list(dict.fromkeys(self.voice_key(v) for v in voices))
        colours = {**self.voices, OTHER_VOICES: OTHER_VOICES_COLOR}
        return scale(colours, domain), domain


def colours(facts) -> Colours:
    """The package's colours (see :class:`Colours`)."""
    settings = package_settings.of(facts.descriptor).get("colors") or {}
    voices_table = facts.tables["voices"]
    given = dict(settings.get("voices") or {})
    free = [c for c in PALETTE if c not in given.values()]
    ids = list(voices_table["voice_id"].astype(str))
    unset = [v for v in ids if v not in given and v != NARRATION]
    if len(unset) > len(free):
        # More voices than colours: the most quoted keep a colour each, one fewer than the
        # palette holds, and the rest share OTHER_VOICES_COLOR (never more than 8 in a chart).
        spoken = facts.tables["statements"]["voice_id"].astype(str).value_counts()
        unset.sort(key=lambda v: (-spoken.get(v, 0), ids.index(v)))
        coloured = set(unset[: len(free) - 1])
    else:
        coloured = set(unset)
    voices: dict[str, str] = {}
    for voice in ids:
        if voice in given:
            voices[voice] = given[voice]
        elif voice == NARRATION:
            voices[voice] = NARRATION_COLOR
        else:
            voices[voice] = free.pop(0) if voice in coloured else OTHER_VOICES_COLOR
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


#: "Our inference", in every chart and legend that marks one (how a date was resolved, what
#: other reporting does with a record): one colour, which is no colour of the palette, so no
#: voice and no kind of relation is ever drawn in it (read 4, m13: the timeline's inferences
#: were the unattributed quotation's pink).
INFERENCE_COLOR = "#8078f8"
# How a date was resolved, and what other reporting does with a record: colours of no voice
# (the voices' own orange, blue and navy are theirs alone), so no category reads as a party's.
RESOLUTION_COLORS = {
    "stated": "#1f2328",
    "computed": "#009e73",
    "context": "#781800",
    "inferred": INFERENCE_COLOR,
    # a date the article prints in part, the rest from other reporting (timing.STATED_IN_PART)
    "stated_in_part": "#c00090",
}
PRECISION_SHAPES = {
    "day": "circle",
    "part_of_day": "triangle-down",
    "range": "square",
    "approximate": "diamond",
    # a bound: the event came on this day or before it (the triangle points to the earlier side)
    "upper_bound": "triangle-left",
}
STANCE_COLORS = {
    "agrees": "#009e73",
    "differs": "#781800",
    "resolves": "#1f2328",
    "inferred": INFERENCE_COLOR,
    "absent": "#8c959f",
}
#: Relation families take these colours in the order the package lists them
#: (``explainer.relation_families``, see :func:`explainer.views.derive.graph.relation_families`);
#: a kind left out of every family is drawn in :data:`NEUTRAL` as "other". None of them is near
#: a colour of :data:`PALETTE` (CIEDE2000 ΔE ≥ 18), the voices' and parties' colours, so no
#: relation reads as one party's (read 5, M4: "rejects or presses" was the PM's office's blue);
#: all of them, NEUTRAL and INFERENCE_COLOR stay apart with normal vision and each
#: colour-blindness, and each has
#: 3:1 contrast on the charts' white card (tests/test_colour_blind.py).
RELATION_PALETTE = ("#204828", "#c81860", "#680880", "#908818", "#108890", "#200028")
MAX_RELATION_FAMILIES = len(RELATION_PALETTE)


def relation_colours(families: list[str], avoid: tuple[str, ...] = ()) -> dict[str, str]:
    """Each relation family's colour: :data:`RELATION_PALETTE` in order, any colour in ``avoid``
    (a package's own voice colours) last; :data:`NEUTRAL` past the palette's end."""
    order = [c for c in RELATION_PALETTE if c not in avoid]
    order += [c for c in RELATION_PALETTE if c in avoid]
    return {f: order[i] if i < len(order) else NEUTRAL for i, f in enumerate(families)}


#: Below this container width (px), a phone's column, charts switch to their narrow layout.
NARROW = 560
#: Titles and subtitles are broken into lines that fit the narrowest column (about 340 px).
TITLE_CHARS = 34
SUBTITLE_CHARS = 54


def responsive(narrow: object, wide: object) -> dict:
    """A Vega-Lite expression worth ``narrow`` in a container narrower than :data:`NARROW` px and
    ``wide`` otherwise. Without a container (the build's SVG fallbacks) it is ``wide``."""
    return {"expr": f"containerSize()[0] < {NARROW} ? {json.dumps(narrow)} : {json.dumps(wide)}"}


#: The width (px) of an average character of a 12 px label, measured generously (DejaVu Sans,
#: the widest of the fonts the charts are set in), for breaking labels into lines.
CHAR_PX = 7.4
#: Room (px) a label may take past its estimated width before Vega would cut it.
LABEL_SLACK = 40


#: The width (px) of a chart's axis labels on a phone.
NARROW_LABEL_PX = 110


def wrapped_labels(values, wide: int, narrow: int = NARROW_LABEL_PX) -> dict:
    """Axis settings that show every label of ``values`` in full: broken into lines of about
    ``wide`` px, or ``narrow`` px on a phone, instead of being cut with an ellipsis. Use as
    ``alt.Axis(**wrapped_labels(...))``; the axis's labels must have room for their lines
    (:func:`label_lines` says how many the longest takes)."""
    labels = [str(v) for v in dict.fromkeys(values)]
    broken = {size: {label: wrap(label, size) for label in labels} for size in (wide, narrow)}
    pick = f"containerSize()[0] < {NARROW}"
    return {
        "labelExpr": (
            f"({pick} ? {json.dumps(broken[narrow])} : {json.dumps(broken[wide])})"
            "[datum.label] || datum.label"
        ),
        "labelLimit": responsive(narrow + LABEL_SLACK, wide + LABEL_SLACK),
    }


#: A line of 12 px chart text (px).
LINE_PX = 15


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of about ``width`` px (12 px text), never cut."""
    return textwrap.wrap(str(text), max(4, int(width / CHAR_PX))) or [str(text)]


def label_lines(values, width: int) -> int:
    """How many lines the longest of ``values`` takes broken at ``width`` px (see
    :func:`wrapped_labels`)."""
    return max((len(wrap(v, width)) for v in values), default=1)


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
            # Long enough for a voice's or a family's name in full, one to a line on a phone.
            "labelLimit": 300,
            "titleLimit": 320,
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
    # "consistent" is a kind of agreement (with a hedged figure): its colour, its own word.
    stances = {
        **STANCE_COLORS,
        "consistent": STANCE_COLORS["agrees"],
        "na": STANCE_COLORS["absent"],
    }
    lines += [f".stance-{stance} {{ --stance: {color}; }}" for stance, color in stances.items()]
    return "\n".join(lines) + "\n"

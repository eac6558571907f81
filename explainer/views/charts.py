"""Every chart on the site: one function per chart, each taking :class:`Facts` and returning an
Altair chart with a title, a ``description`` (Vega's aria-label) and a data table for the page.

Data shaping lives in :mod:`explainer.views.derive`; colours and fonts in :mod:`explainer.views.theme`.
No function here reads a file.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from explainer.package import NARRATION
from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.views import derive, render, tables, theme

render.enable()

#: The usermeta key the renderer turns into a <details> data table (one owner: render).
TABLE_KEY = render.TABLE_KEY
#: Room (days) left on each side of the timeline's first and last event.
TIMELINE_MARGIN_DAYS = 4
#: The width (px) an event's name may take on its row of the timeline, on a phone and wide: the
#: plot's width in each layout, less a margin.
TIMELINE_NAME_PX = (320, 640)
#: A timeline row's height (px) besides its name's lines: the mark and the gaps around it; and
#: the gap (px) between a name and the middle of its row, where its mark is.
TIMELINE_ROW_PX = 26
TIMELINE_NAME_GAP_PX = 10


def _finish(
    chart: alt.TopLevelMixin,
    title: str,
    description: str,
    table: pd.DataFrame,
    columns: list[tuple[str, str]],
    subtitle: str | list[str] = "",
) -> alt.TopLevelMixin:
    """Title, description, data table and theme: what every chart on the site carries."""
    rows = table.copy()
    for col in rows.columns:  # JSON-safe values for the table
        if pd.api.types.is_datetime64_any_dtype(rows[col]):
            rows[col] = rows[col].dt.strftime("%Y-%m-%d")
    keys = [k for k, _ in columns]
    meta = {
        TABLE_KEY: {
            "caption": title,
            "columns": [list(c) for c in columns],
            "rows": rows[keys].astype(object).where(rows[keys].notna(), None).to_dict("records"),
        }
    }
    text = theme.lines(title, theme.TITLE_CHARS)
    if isinstance(subtitle, str):
        subtitle = theme.lines(subtitle, theme.SUBTITLE_CHARS)
    heading = alt.TitleParams(text=text, subtitle=subtitle) if subtitle else alt.TitleParams(text)
    chart = chart.properties(title=heading, description=description, usermeta=meta)
    themed = theme.apply(chart)
    return type(themed).from_dict(_mark_descriptions(_without_empty_layers(themed.to_dict())))


def _without_empty_layers(spec: dict) -> dict:
    """The spec without layers that draw no data (no range event, no inferred hop): Vega would
    draw each as an empty, unnamed graphics group, which a screen reader announces as an image
    with no text (axe: svg-img-alt)."""
    datasets = spec.get("datasets") or {}

    def empty(layer: dict) -> bool:
        name = (layer.get("data") or {}).get("name")
        return name in datasets and not datasets[name] and not layer.get("params")

    def walk(node: object) -> None:
        if isinstance(node, dict):
            layers = node.get("layer")
            if isinstance(layers, list) and any(map(empty, layers)):
                kept = [layer for layer in layers if not empty(layer)]
                node["layer"] = kept or layers[:1]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return spec


#: The field each mark's accessible description is computed into (see :func:`_mark_descriptions`).
DESCRIPTION_FIELD = "__description"


def _mark_descriptions(spec: dict) -> dict:
    """Every mark that has a tooltip is described, for a screen reader, by the same fields:
    "Event: …; Date: …". (Vega-Lite's own description lists every encoded field under its
    field name, ids and links included: "voice_label: Hamas statement; href: ...".)"""

    def value(entry: dict) -> str:
        datum = f"datum[{json.dumps(entry['field'])}]"
        fmt = entry.get("format")
        if entry.get("type") == "quantitative" and fmt:
            shown = f"format({datum}, {json.dumps(fmt)})"
        elif entry.get("type") == "temporal":
            shown = f"timeFormat({datum}, {json.dumps(fmt or '%d %b %Y')})"
        else:
            shown = datum
        return f"(isValid({datum}) ? {shown} : '')"

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        tips = (node.get("encoding") or {}).get("tooltip") if "mark" in node else None
        if isinstance(tips, dict):
            tips = [tips]
        if "mark" in node and not tips:
            # No tooltip: a mark that repeats what a described one says (a count, a name, an
            # arrow), which a screen reader would otherwise announce by its field names.
            mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
            node["mark"] = {**mark, "aria": False}
        if isinstance(tips, list) and tips and all("field" in t for t in tips):
            parts = [f"{json.dumps(t.get('title', t['field']) + ': ')} + {value(t)}" for t in tips]
            node.setdefault("transform", []).append(
                {"calculate": " + '; ' + ".join(parts), "as": DESCRIPTION_FIELD}
            )
            node["encoding"]["description"] = {"field": DESCRIPTION_FIELD, "type": "nominal"}
        for key, child in node.items():
            if key not in ("encoding", "data", "datasets", "usermeta", "config"):
                walk(child)

    walk(spec)
    return spec


def _values(df: pd.DataFrame) -> alt.Data:
    """Inline data with missing values as JSON null (Altair would keep float NaN, which is not JSON)."""
    records = df.astype(object).to_dict("records")
    clean = [
        {
            k: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v)
            for k, v in r.items()
        }
        for r in records
    ]
    return alt.Data(values=clean)


def _voice_legend_order(df: pd.DataFrame, facts: Facts) -> list[str]:
    return [v for v in theme.colours(facts).voice_order if v in set(df["voice"])]


# ---------------------------------------------------------------- overview


@tables.needs("statements")
def at_a_glance(facts: Facts) -> alt.Chart:
    """The article as a strip in reading order, coloured by whose words each stretch is."""
    seg = derive.voice_segments(facts)
    share = derive.voice_share(facts).set_index("voice").share
    voices = _voice_legend_order(seg, facts)
    labels = derive.voice_labels(facts)
    seg, colour = _voice_colour(
        facts,
        seg,
        voices,
        "Whose words",
        {v: f"{labels[v]} ({derive.percent(share[v])} of words)" for v in voices},
    )
    chart = (
        alt.Chart(seg)
        .mark_bar(height=44, stroke="#ffffff", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "from:Q",
                title="Position in the article (% of characters)",
                scale=alt.Scale(domain=[0, 100]),
                # Every 20 %: at every 10 the last two labels ran into each other.
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
            ),
            x2="to:Q",
            color=colour,
            tooltip=[
                alt.Tooltip("voice_label:N", title="Voice"),
                alt.Tooltip("excerpt:N", title="Text"),
            ],
            href="href:N",
        )
        .properties(width="container", height=60)
    )
    return _finish(
        chart,
        "Whose words fill the article",
        "A strip of the article in reading order. Grey stretches are the outlet's narration; coloured "
        "stretches are direct quotations: "
        + derive.listing(
            [
                f"{labels[v]} {derive.percent(share.get(v, 0))} of the words"
                for v in voices
                if v != NARRATION
            ]
        )
        + ".",
        seg,
        [
            ("id", "Record"),
            ("voice_label", "Voice"),
            ("from", "From %"),
            ("to", "To %"),
            ("excerpt", "Text"),
        ],
        subtitle="Each coloured block is a direct quotation; grey is the outlet's own narration",
    )


def _voice_colour(
    facts: Facts, df: pd.DataFrame, voices: list[str], title: str, labels: dict[str, str], **legend
) -> tuple[pd.DataFrame, alt.Color]:
    """``df`` with its voices' colour keys (``voice_key``), and the colour channel on them: a
    colour per voice up to the palette's size, then one shared "other voices" entry, so no chart
    has more than 8 colours; the tooltip, row or label of each mark names its own voice."""
    colours = theme.colours(facts)
    df = df.assign(voice_key=[colours.voice_key(str(v)) for v in df["voice"]])
    scale, domain = colours.key_scale(voices)
    others = [labels.get(v, v) for v in voices if colours.voice_key(v) == theme.OTHER_VOICES]
    names = {k: labels.get(k, k) for k in domain}
    if others:
        names[theme.OTHER_VOICES] = f"{len(others)} other voices (named in each mark's tooltip)"
    return df, alt.Color(
        "voice_key:N",
        title=title,
        scale=scale,
        legend=alt.Legend(labelExpr=_label_expr(names), **legend),
    )


def _label_expr(mapping: dict[str, str]) -> str:
    """A Vega expression mapping legend values to longer labels."""
    return f"{json.dumps(mapping)}[datum.value] || datum.value"


# ---------------------------------------------------------------- timeline


@tables.needs("events")
def timeline(facts: Facts) -> alt.LayerChart:
    """Every dated event, styled by precision and how it was dated; Ramadan as a band behind."""
    ev = derive.events(facts)
    # A drafted event whose date the text leaves open has no place on a time axis.
    ev = ev[ev.start.notna() & ev.end.notna()]
    if ev.empty:
        return tables.HTML(
            '<p class="explainer-absent">No event of the article has a resolved date yet.</p>'
        )
    # A period that other reporting dates (Ramadan) is drawn as a band behind the events.
    is_band = (ev.precision == "range") & (ev.resolution == "context")
    band = ev[is_band]
    rows = ev[~is_band].sort_values("start")
    order = list(rows.event)
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    margin = pd.Timedelta(days=TIMELINE_MARGIN_DAYS)
    first, last = rows.start.min(), rows.end.max() - pd.Timedelta(days=1)
    domain = [f"{first - margin:%Y-%m-%d}", f"{last + margin:%Y-%m-%d}"]
    x = alt.X(
        "start:T",
        title=None,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format="%d %b", tickCount=8, labelAngle=0),
    )
    # Each event's name is written in full over its own row, from the plot's left edge, and its
    # mark sits under it, so the time axis has the whole width, on a phone too, and no name is
    # cut: rows run down the page in date order.
    lines = max(theme.label_lines(order, TIMELINE_NAME_PX[0]), 1)
    step = TIMELINE_ROW_PX + theme.LINE_PX * lines
    y = alt.Y(
        "event:N",
        sort=order,
        title=None,
        axis=None,
        scale=alt.Scale(paddingInner=0, paddingOuter=0.25),
    )
    tooltip = [
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("wording:N", title="Article's words"),
        alt.Tooltip("date:N", title="Date (precision; how it was dated)"),
        alt.Tooltip("sources:N", title="Sources"),
        alt.Tooltip("note:N", title="How"),
    ]
    color = alt.Color(
        "resolution:N",
        title=theme.lines("How the date was resolved", theme.TITLE_CHARS),
        scale=theme.scale(theme.RESOLUTION_COLORS),
        legend=alt.Legend(labelExpr=_label_expr(derive.RESOLUTION_NAMES)),
    )
    ramadan = (
        alt.Chart(band)
        .mark_rect(color="#f0c987", opacity=0.35)
        .encode(x=x, x2="end:T", tooltip=tooltip, href="href:N")
    )
    # Ramadan runs past the right edge of the axis, so its label ends there, at the foot of the
    # band, under the last row's mark (the zoomable layers are clipped to the plot, so a label
    # outside it would be cut off). The band's sources are named where they fit; on a phone,
    # only that they are context (the tooltip and the data table name them).
    ramadan_label = (
        alt.Chart(
            band.assign(
                label=band.event + " (context: " + band.sources + ")",
                short=band.event + " (context)",
            )
        )
        .mark_text(
            align="right", dx=-4, dy=-4, baseline="bottom", color=theme.MUTED, fontStyle="italic"
        )
        .encode(x=alt.value("width"), y=alt.value("height"), text="shown:N")
        .transform_calculate(
            shown=f"containerSize()[0] < {theme.NARROW} ? datum.short : datum.label"
        )
    )
    names = (
        alt.Chart(
            rows.assign(
                wide=[theme.wrap(e, TIMELINE_NAME_PX[1]) for e in rows.event],
                narrow=[theme.wrap(e, TIMELINE_NAME_PX[0]) for e in rows.event],
            )[["id", "event", "wide", "narrow"]]
        )
        .mark_text(
            align="left",
            baseline="bottom",
            dy=-TIMELINE_NAME_GAP_PX,
            fontWeight=600,
            color=theme.TEXT,
            lineHeight=theme.LINE_PX,
        )
        .encode(x=alt.value(0), y=y, text="name:N")
        .transform_calculate(
            name=f"containerSize()[0] < {theme.NARROW} ? datum.narrow : datum.wide"
        )
    )
    ranges = (
        alt.Chart(rows[rows.precision == "range"])
        .mark_bar(height=12, cornerRadius=2, opacity=0.85)
        .encode(x=x, x2="end:T", y=y, color=color, tooltip=tooltip, href="href:N")
    )
    points = (
        alt.Chart(rows[rows.precision != "range"])
        .mark_point(size=150, filled=True, opacity=0.95)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=alt.Shape(
                "precision:N",
                title="Precision",
                scale=theme.scale(theme.PRECISION_SHAPES),
                legend=alt.Legend(labelExpr=_label_expr(derive.PRECISION_NAMES)),
            ),
            tooltip=tooltip,
            href="href:N",
        )
    )
    chart = (
        alt.layer(ramadan, ramadan_label, names, ranges, points)
        .add_params(zoom)
        .properties(width="container", height=round(step * (len(order) + 0.5)))
    )
    return _finish(
        chart,
        "What happened when, as precisely as the article allows",
        f"Timeline of the article's events from {derive.day_label(first)} to "
        f"{derive.day_label(last)} {last.year}: "
        + "; ".join(derive.event_phrase(r) for _, r in rows.iterrows())
        + "".join(
            f". {derive.event_phrase(r)} is a shaded context band" for _, r in band.iterrows()
        )
        + ". Colour shows whether a date is stated in the article, computed, taken from other "
        "reporting or our inference.",
        ev,
        [
            ("id", "Record"),
            ("event", "Event"),
            ("wording", "Article's words"),
            ("first_day", "From"),
            ("last_day", "To"),
            ("precision_words", "Precision"),
            ("dated_by", "Dated by"),
            ("sources", "Sources"),
        ],
        subtitle="Drag to pan, scroll to zoom. Shape: precision; colour: how the date was resolved",
    )


#: Day names in the close-up sit only over days with this much of them in view (hours).
CLOSEUP_LABEL_MARGIN_HOURS = 4


#: How far apart (px) the close-up draws moments of different events in one clock's lane.
MOMENT_ROW_PX = 18


@tables.needs("events")
def timeline_closeup(facts: Facts) -> alt.LayerChart | tables.HTML:
    """The events whose time of day other reporting gives, on the data's clock and on the second
    clock the package names (derive.clocks), if any: where an article's wording of the time fits
    another clock, as a context fact of ours may say."""
    if derive.moments(facts).empty:
        return tables.HTML(
            '<p class="explainer-absent">No event has a known time of day, so there is no'
            " close-up by the hour.</p>"
        )
    days, moments = derive.closeup(facts)
    first, last = derive.closeup_window(facts)
    shown = list(dict.fromkeys(moments.id))
    ev = derive.events(facts).set_index("id")
    sources = ", ".join(
        dict.fromkeys(src.strip() for eid in shown for src in str(ev.sources[eid]).split(";"))
    )
    claims = derive.context_claims(facts)
    cx = facts.context
    ours_at = cx.about_id.isin(shown) & (cx.confidence.astype(str) == "inferred")
    ours = [claims[i] for i in cx.index[ours_at]]
    wording = derive.listing(
        [f"“{ev.wording[eid]}”" for eid in shown if eid in set(cx.about_id[ours_at])]
    )
    x = alt.X(
        "start:T",
        title="Time (UTC)",
        scale=alt.Scale(
            type="utc", domain=[f"{first:%Y-%m-%dT%H:%M:%S}", f"{last:%Y-%m-%dT%H:%M:%S}"]
        ),
        axis=alt.Axis(format="%a %H:%M", labelAngle=0, tickCount=theme.responsive(2, 4)),
    )
    # Each clock's name on two lines, "(UTC+2)" under the place, so that both fit a phone.
    y = alt.Y(
        "lane:N",
        title=None,
        axis=alt.Axis(
            labelLimit=160,
            labelFontWeight=600,
            labelExpr="split(replace(datum.label, ' (', '|('), '|')",
        ),
    )
    day_rects = (
        alt.Chart(days)
        .mark_rect(stroke="#ffffff", strokeWidth=2, clip=True)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.Color(
                "parity:N",
                scale=alt.Scale(domain=[0, 1], range=["#eef1f4", "#dfe4ea"]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("lane:N", title="Clock"), alt.Tooltip("day:N", title="Local day")],
        )
    )
    margin = pd.Timedelta(hours=CLOSEUP_LABEL_MARGIN_HOURS)
    mid = days.start + (days.end - days.start) / 2
    day_text = (
        alt.Chart(days[(mid > first + margin) & (mid < last - margin)])
        .mark_text(dy=-22, color=theme.TEXT, fontWeight=600)
        .encode(x=alt.X("mid:T", scale=alt.Scale(type="utc")), y=y, text="label:N")
        .transform_calculate(
            mid="(toDate(datum.start) + toDate(datum.end)) / 2",
            # "Mon 17 Mar", or "Mon 17" where days are too narrow for the month.
            label=f"containerSize()[0] < {theme.NARROW} ? slice(datum.day, 0, 6) : datum.day",
        )
    )
    # Moments minutes apart would sit on one another: each event is drawn in its own row of a
    # clock's lane (the earliest lowest), and the earliest's label under it.
    order = list(dict.fromkeys(moments.event))
    shift = {event: ((len(order) - 1) / 2 - i) * MOMENT_ROW_PX for i, event in enumerate(order)}

    def moment_marks(event: str) -> alt.Chart:
        return (
            alt.Chart(moments[moments.event == event])
            .mark_point(size=160, filled=True, shape="triangle-down", yOffset=shift[event])
            .encode(
                x=alt.X("utc:T", scale=alt.Scale(type="utc")),
                y=y,
                color=alt.Color(
                    "event:N",
                    title="Moment",
                    # The domain named: each event is its own layer, and all share one scale.
                    scale=alt.Scale(domain=order, range=["#781800", "#009e73"]),
                    # Two long labels, one under the other; on a phone they start where the plot
                    # does, so they are cut short (the data table below has them in full).
                    legend=alt.Legend(columns=1, labelLimit=theme.responsive(180, 260)),
                ),
                tooltip=[
                    alt.Tooltip("event:N", title="Event"),
                    alt.Tooltip("wording:N", title="Article's words"),
                    alt.Tooltip("lane:N", title="Clock"),
                    alt.Tooltip("local:N", title="Local time"),
                ],
                href="href:N",
            )
        )

    marks = [moment_marks(event) for event in order]

    # Only the earliest moment is labelled: the moments can be minutes apart.
    labels = (
        alt.Chart(moments[moments.id == shown[0]])
        .mark_text(dy=shift[order[0]] + 17, fontSize=12, fontWeight=600, color=theme.TEXT)
        .encode(x=alt.X("utc:T", scale=alt.Scale(type="utc")), y=y, text="local:N")
    )
    chart = (
        alt.layer(day_rects, day_text, alt.layer(*marks), labels)
        .resolve_scale(color="independent")
        .properties(width="container", height=170)
    )
    clocks = derive.clocks(facts)
    second = clocks[-1][0] if len(clocks) > 1 else ""
    inference = (
        f"; reading {wording} on the {second} clock is {derive.INFERRED_MARK}"
        if wording and second
        else ""
    )
    each = "each clock" if second else f"the {clocks[0][0]} clock"
    return _finish(
        chart,
        "The same moments on each clock" if second else f"The moments on the {clocks[0][0]} clock",
        f"Close-up of {derive.day_span(first.normalize(), last.normalize() + pd.Timedelta(days=1))} "
        f"{last.year}, in UTC, on {each}. "
        + derive.clock_sentences(moments)
        + "".join(f" {claim}" for claim in ours),
        moments,
        [
            ("id", "Record"),
            ("event", "Event"),
            ("lane", "Clock"),
            ("local", "Local time"),
            ("wording", "Article's words"),
        ],
        subtitle=f"Times from other reporting ({sources}){inference}",
    )


# ---------------------------------------------------------------- actors


#: The actors' one colour in the network, and how far along a relation's line its arrowhead is.
NODE_COLOUR = theme.MUTED
ARROW_AT = 0.72
#: The name of the white copy drawn under each actor's name (its marks' class contains it).
HALO = "halo"


@tables.needs("relations")
def actor_network(facts: Facts) -> alt.LayerChart:
    """Actors as nodes, the article's relations as edges coloured by kind; deterministic layout."""
    nodes, edges = derive.network(facts, family_limit=theme.MAX_RELATION_FAMILIES)
    # The actors are one neutral colour: colour is the relations' (their families'), and a
    # party's colour belongs to its voice on the other charts, not to the people it names.
    nodes = nodes.assign(color=NODE_COLOUR)
    # Families in the order the package names them (the first take the strongest colours),
    # "other relations" last.
    families = list(
        dict.fromkeys(derive.relation_families(facts, theme.MAX_RELATION_FAMILIES).values())
    )
    named = list(package_settings.of(facts.descriptor).get("relation_families") or {})
    families.sort(
        key=lambda f: (f == derive.OTHER_RELATIONS, named.index(f) if f in named else len(named))
    )
    axis = dict(axis=None, scale=alt.Scale(padding=30, nice=False, zero=False))
    edge_tip = [
        alt.Tooltip("subject:N", title="From"),
        alt.Tooltip("relation:N", title="Relation"),
        alt.Tooltip("family:N", title="Kind of relation"),
        alt.Tooltip("object:N", title="To"),
        alt.Tooltip("detail:N", title="In our summary"),
        alt.Tooltip("stated_by:N", title="Stated by"),
    ]
    lines = (
        alt.Chart(edges)
        .mark_rule(strokeWidth=2.5, opacity=0.8)
        .encode(
            x=alt.X("lx:Q", **axis),
            y=alt.Y("ly:Q", **axis),
            x2="lx2:Q",
            y2="ly2:Q",
            color=alt.Color(
                "family:N",
                title="Kind of relation",
                scale=theme.scale(
                    theme.relation_colours(families, tuple(theme.colours(facts).voices.values())),
                    families,
                ),
                # Lines, as the edges are, so the key is not read as one for the actors' dots.
                legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolSize=300),
            ),
            strokeDash=alt.condition(
                f"datum.voice != '{NARRATION}'",
                alt.value([5, 3]),
                alt.value([1, 0]),
            ),
            tooltip=edge_tip,
            href="href:N",
        )
    )
    # Each relation's direction: an arrowhead most of the way along its line, pointing from the
    # subject to the object, turned by the line's angle on screen (so at any width).
    heads = (
        alt.Chart(edges)
        .transform_calculate(
            hx=f"datum.lx + {ARROW_AT} * (datum.lx2 - datum.lx)",
            hy=f"datum.ly + {ARROW_AT} * (datum.ly2 - datum.ly)",
        )
        .mark_point(
            shape="triangle-up",
            filled=True,
            size=70,
            opacity=1,
            angle={
                "expr": "atan2(scale('y', datum.ly2) - scale('y', datum.ly), "
                "scale('x', datum.lx2) - scale('x', datum.lx)) * 180 / PI + 90"
            },
        )
        .encode(
            x=alt.X("hx:Q", **axis),
            y=alt.Y("hy:Q", **axis),
            color=alt.Color("family:N", legend=None),
            tooltip=edge_tip,
            href="href:N",
        )
    )
    dots = (
        alt.Chart(nodes)
        .mark_circle(stroke="#ffffff", strokeWidth=1.5, opacity=1)
        .encode(
            x=alt.X("x:Q", **axis),
            y=alt.Y("y:Q", **axis),
            size=alt.Size("relations:Q", scale=alt.Scale(range=[90, 600]), legend=None),
            color=alt.Color("color:N", scale=None),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("relations:Q", title="Actors linked"),
            ],
        )
    )
    # Names near the left and right edges run inwards from their node, so that none runs off a
    # narrow chart; a name that would overlap another on a phone goes under its node.
    labelled = nodes.assign(align=derive.name_alignment(nodes), below=derive.names_below(nodes))

    def names(rows: pd.DataFrame, dy: int) -> alt.LayerChart:
        # Each name over a white halo of itself, so the lines under it do not strike it through.
        def text(**style) -> alt.Chart:
            return (
                alt.Chart(rows)
                .mark_text(
                    dy=dy,
                    fontSize=theme.responsive(9, 11),
                    fontWeight=600,
                    align={"expr": "datum.align"},
                    **style,
                )
                .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="actor:N")
            )

        halo = text(
            color=theme.BACKGROUND, stroke=theme.BACKGROUND, strokeWidth=4, strokeJoin="round"
        )
        # Named, so its marks' group says "halo": a reader of the drawing skips the copy.
        return alt.layer(
            halo.properties(name=f"{HALO}_{'below' if dy > 0 else 'above'}"), text(color=theme.TEXT)
        )

    chart = alt.layer(
        lines,
        heads,
        dots,
        names(labelled[~labelled.below], -13),
        names(labelled[labelled.below], 15),
    ).properties(width="container", height=460)
    return _finish(
        chart,
        "Who's who: the actors and how the article relates them",
        f"Network of {len(nodes)} actors joined by {len(edges)} relations the article states, in "
        f"{edges.kind.nunique()} kinds grouped in {len(families)} families, by colour: "
        + derive.listing(
            [
                f"{f} ({', '.join(dict.fromkeys(edges.relation[edges.family == f]))})"
                for f in families
            ]
        )
        + " (the data table lists every relation). The most connected: "
        + derive.listing(
            [
                f"{r.actor} (linked to {r.relations} others)"
                for r in nodes.sort_values(["relations", "actor"], ascending=[False, True])
                .head(3)
                .itertuples()
            ]
        )
        + ". Each arrow points from the actor who acts to the actor acted on. Solid lines are"
        " relations stated by the article's narration; dashed lines, by a quoted voice.",
        edges,
        tables.RELATION_COLUMNS,
        subtitle=(
            "Arrows point from subject to object; solid: stated by the narration; dashed: stated"
            " by a quoted voice; layout computed with a fixed seed"
        ),
    )


# ---------------------------------------------------------------- statements


@tables.needs("statements")
def statements_by_voice(facts: Facts) -> alt.Chart:
    """Each statement placed where it appears in the article, one row per voice; click the legend to
    filter."""
    st = derive.statements(facts).assign(
        position=lambda d: (100 * d.start / len(facts.article)).round(1)
    )
    voices = _voice_legend_order(st, facts)
    pick = alt.selection_point(fields=["voice_key"], bind="legend")
    labels = derive.voice_labels(facts)
    st, colour = _voice_colour(
        facts, st, voices, "Voice (click to filter)", {v: labels[v] for v in voices}
    )
    chart = (
        alt.Chart(st)
        .mark_point(filled=True, opacity=0.9)
        .encode(
            x=alt.X(
                "position:Q", title="Position in the article (%)", scale=alt.Scale(domain=[0, 100])
            ),
            y=alt.Y(
                "voice_label:N",
                title=None,
                sort=[labels[v] for v in voices],
                axis=alt.Axis(**theme.wrapped_labels([labels[v] for v in voices], 190)),
            ),
            color=colour,
            shape=alt.Shape(
                "mode:N",
                title="Mode",
                scale=alt.Scale(domain=["direct", "paraphrase"], range=["circle", "square"]),
            ),
            size=alt.Size("words:Q", title="Words", scale=alt.Scale(range=[60, 700]), legend=None),
            opacity=alt.condition(pick, alt.value(0.95), alt.value(0.08)),
            tooltip=[
                alt.Tooltip("voice_label:N", title="Voice"),
                alt.Tooltip("mode:N", title="Mode"),
                alt.Tooltip("text:N", title="Text (verbatim)"),
                alt.Tooltip("chain:N", title="Relay chain"),
                alt.Tooltip("date:N", title="Date (precision; how it was dated)"),
            ],
            href="href:N",
        )
        .add_params(pick)
        .properties(width="container", height=230)
    )
    counts = st.groupby("voice").size()
    return _finish(
        chart,
        "Who said what, and where the article puts it",
        f"{len(st)} statement records (a quotation inside a paraphrase is a record of its own)"
        " placed by their position in the article, one row per voice: "
        + ", ".join(f"{labels[v]} {counts[v]}" for v in voices)
        + ". Circles are direct quotations, squares paraphrases; size is length in words.",
        st,
        [
            ("id", "Record"),
            ("voice_label", "Voice"),
            ("mode", "Mode"),
            ("text", "Text (verbatim)"),
            ("chain", "Relay chain"),
            ("date", "Date (precision; how it was dated)"),
        ],
        subtitle="Click a voice in the legend to show only its statements",
    )


@tables.needs("statements", "relay_hops")
def relay_chains(facts: Facts) -> alt.LayerChart:
    """Each distinct route a statement took to the reader: speaker → relay → publisher. A hop the
    article does not state is our inference: its links are dashed, its dot hollow, and its name
    says so in words."""
    paths = derive.chain_paths(facts)
    paths = paths.assign(
        color=[
            theme.MUTED if unnamed else theme.colours(facts).actor(a)
            for a, unnamed in zip(paths.actor_id, paths.unnamed, strict=True)
        ]
    )
    links = derive.chain_links(paths)
    order = list(dict.fromkeys(paths.path))
    x = alt.X(
        "column:Q",
        title=None,
        scale=alt.Scale(domain=[-0.3, 2.3]),
        axis=alt.Axis(
            values=[0, 1, 2],
            labelExpr="['Speaker','Relay','Published by'][datum.value]",
            orient="top",
            grid=False,
            labelFontWeight=600,
        ),
    )
    y = alt.Y("path:N", sort=order, title=None, axis=None)
    tip = [
        alt.Tooltip("path:N", title="Relay chain"),
        alt.Tooltip("statements:Q", title="Statements"),
    ]
    kinds = list(derive.LINK_WORDS.values())
    line = (
        alt.Chart(links)
        .mark_rule(color=theme.MUTED, strokeWidth=2)
        .encode(
            x=x,
            x2="column2:Q",
            y=y,
            strokeDash=alt.StrokeDash(
                "link:N",
                title="Link",
                scale=alt.Scale(domain=kinds, range=[[1, 0], [5, 3], [1, 3]]),
                legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2, symbolSize=300),
            ),
            tooltip=[*tip, alt.Tooltip("link:N", title="Link")],
        )
    )
    hop_tip = [*tip, alt.Tooltip("actor:N", title="Hop"), alt.Tooltip("basis:N", title="Basis")]
    stated = paths[~paths.inferred & ~paths.unnamed]
    inferred = paths[paths.inferred]
    unnamed = paths[paths.unnamed]
    dots = (
        alt.Chart(stated)
        .mark_circle(size=260, opacity=1)
        .encode(x=x, y=y, color=alt.Color("color:N", scale=None), tooltip=hop_tip)
    )
    rings = (
        alt.Chart(inferred)
        .mark_point(size=230, filled=False, strokeWidth=2.5, strokeDash=[3, 2], opacity=1)
        .encode(x=x, y=y, color=alt.Color("color:N", scale=None), tooltip=hop_tip)
    )
    gaps = (
        alt.Chart(unnamed)
        .mark_point(size=120, filled=False, strokeWidth=1.5, strokeDash=[1, 2], opacity=1)
        .encode(x=x, y=y, color=alt.Color("color:N", scale=None), tooltip=hop_tip)
    )
    # Speakers' names run rightwards from their dot, so none leaves a narrow chart. The publisher,
    # the same on every route (the subtitle names it), is named only where it speaks for itself:
    # repeated at the end of every row, it would collide with long speakers' names on a phone.
    align = {"expr": "datum.column == 0 ? 'left' : datum.column == 2 ? 'right' : 'center'"}
    named = paths[(paths.column != 2) | (paths.path == paths.actor)]
    # A hop of ours says so on a line of its own, under its dot, so that a long name and its
    # mark fit between the speaker's name and the count on a phone.
    mark = f" ({derive.INFERRED_MARK})"
    named = named.assign(name=named.actor.str.replace(mark, "", regex=False))
    # Speakers' names above the line, relays' below it: on a phone a long speaker's name and a
    # relay's no longer run into each other on one line.
    names = (
        alt.Chart(named[named.column != 1])
        .mark_text(dy=-16, fontSize=12, fontWeight=600, color=theme.TEXT, align=align)
        .encode(x=x, y=y, text="name:N")
    )
    relays = (
        alt.Chart(named[(named.column == 1) & ~named.unnamed])
        .mark_text(dy=18, fontSize=12, fontWeight=600, color=theme.TEXT, align=align)
        .encode(x=x, y=y, text="name:N")
    )
    not_named = (
        alt.Chart(named[named.unnamed])
        .mark_text(dy=18, fontSize=11, fontStyle="italic", color=theme.MUTED, align=align)
        .encode(x=x, y=y, text="name:N")
    )
    marks = (
        alt.Chart(named[named.inferred].assign(mark=mark.strip()))
        .mark_text(dy=32, fontSize=11, fontStyle="italic", color=theme.TEXT, align=align)
        .encode(x=x, y=y, text="mark:N")
    )

    def count(rows: pd.DataFrame, dy: int) -> alt.Chart:
        return (
            alt.Chart(rows)
            .mark_text(dy=dy, fontSize=11, color=theme.MUTED, align="right")
            .encode(x=x, y=y, text=alt.Text("label:N"))
            .transform_calculate(
                label="datum.statements + (datum.statements == 1 ? ' statement' : ' statements')"
            )
        )

    # The count sits under the publisher's dot, a line lower than the relay's name, so that
    # neither a long speaker's name above nor a long relay's name below runs into it.
    counts = count(paths[paths.column == 2], 34)
    chart = alt.layer(line, dots, rings, gaps, names, relays, not_named, marks, counts).properties(
        width="container", height=76 * len(order)
    )
    summary = paths.drop_duplicates("path")[["path", "statements", "records"]]
    publisher = paths.loc[paths.column == 2, "actor"].mode().iloc[0]
    return _finish(
        chart,
        "How each voice reached the reader",
        "Relay chains: "
        + "; ".join(f"{r.path} ({r.statements})" for r in summary.itertuples())
        + ". "
        + derive.relay_sentence(facts)
        + f" A hop marked “{derive.INFERRED_MARK}” is drawn with dashed links and a hollow dot;"
        + f" where the article names no relay, the chain shows “{derive.UNNAMED_RELAY}”, dotted.",
        summary.rename(columns={"path": "chain"}),
        [("chain", "Relay chain"), ("statements", "Statements"), ("records", "Records")],
        subtitle=(
            f"Speaker → relay → {publisher}; statements on each route. Solid: the article "
            f"names this hop; dashed: {derive.INFERRED_MARK}; dotted: {derive.UNNAMED_RELAY}"
        ),
    )


@tables.needs("statements")
def voice_share(facts: Facts) -> alt.Chart:
    """Share of the article's words that is each voice's direct quotation, against the narration."""
    share = derive.voice_share(facts)
    voices = _voice_legend_order(share, facts)
    share, colour = _voice_colour(
        facts, share, voices, "Voice", dict(zip(share.voice, share.voice_label, strict=True))
    )
    chart = (
        alt.Chart(share)
        .mark_bar(height=36)
        .encode(
            x=alt.X(
                "share:Q",
                stack="zero",
                title="Share of the article's words",
                axis=alt.Axis(format="%"),
            ),
            color=colour,
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("voice_label:N", title="Voice"),
                alt.Tooltip("words:Q", title="Words"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .transform_calculate(order=f"indexof({voices}, datum.voice)")
        .properties(width="container", height=50)
    )
    return _finish(
        chart,
        "Voice share: whose words the article uses",
        "Share of the article's words by voice: "
        + ", ".join(
            f"{r.voice_label} {r.share:.0%} ({derive.plural(r.words, 'word')})"
            for r in share.itertuples()
        )
        + ". Paraphrase counts as narration because its words are the outlet's.",
        share.assign(share=lambda d: (100 * d.share).round(1)),
        [
            ("voice_label", "Voice"),
            ("words", "Words"),
            ("share", "Share (%)"),
            ("records", "Quotations counted"),
        ],
    )


# ---------------------------------------------------------------- numbers


def _exchange_settings(facts: Facts) -> dict | None:
    """The package's ``explainer.exchange``: two figures the article sets against each other
    (explainer.package.settings), or None when it sets none."""
    settings = package_settings.of(facts.descriptor).get("exchange")
    if not isinstance(settings, dict) or len(settings.get("sides") or []) != 2:
        return None
    known = set(facts.figures.figure_id)
    return settings if all(s.get("figure") in known for s in settings["sides"]) else None


def _bar_label(printed: str, value: float, top: float) -> alt.Chart:
    """The count as the article prints it ("nearly 2,000"), just past the end of its bar; inside
    its end when the bar nears the axis's end, so the label never widens the panel past its
    designed width (a phone's column)."""
    row = pd.DataFrame([{"value": value, "label": printed}])
    inside = value > 0.6 * top
    return (
        alt.Chart(row)
        .mark_text(
            align="right" if inside else "left",
            dx=-6 if inside else 6,
            fontSize=12,
            fontWeight=600,
            color=theme.TEXT,
        )
        .encode(x="value:Q", text="label:N")
    )


def exchange(facts: Facts) -> alt.VConcatChart | tables.HTML:
    """Two figures the article sets against each other (the package's ``explainer.exchange``),
    the first broken into the parts its sum check adds up, each on its own scale."""
    settings = _exchange_settings(facts)
    if settings is None:
        return tables.HTML(
            '<p class="explainer-absent">The package sets no pair of figures against each'
            " other.</p>"
        )
    fg = facts.figures.set_index("figure_id")
    (first, second) = settings["sides"]
    one, other = first["figure"], second["figure"]
    parts_named = settings.get("parts") or {}
    sums = facts.checks[(facts.checks.kind.astype(str) == "sum") & (facts.checks.result_id == one)]
    part_ids = str(sums.operand_ids.iloc[0]).split() if not sums.empty else [one]
    total, other_value = float(fg.value[one]), float(fg.value[other])
    # One scale for both: the two counts' sizes are the comparison the article makes.
    top = derive.axis_top(max(total, other_value), 100 if max(total, other_value) > 50 else 5)
    left_rows = pd.DataFrame(
        [
            {
                "id": pid,
                "group": first.get("group", ""),
                "part": f"{parts_named.get(pid, fg.unit[pid])} ({fg.exact[pid]})",
                "value": float(fg.value[pid]),
                "as_printed": fg.exact[pid],
            }
            for pid in part_ids
        ]
    ).assign(href=lambda d: d.id.map(derive.href))
    right_rows = pd.DataFrame(
        [
            {
                "id": other,
                "group": second.get("group", ""),
                "part": fg.exact[other],
                "value": other_value,
                "as_printed": fg.exact[other],
                "href": derive.href(other),
            }
        ]
    )
    tip = [alt.Tooltip("part:N", title="Part"), alt.Tooltip("as_printed:N", title="As printed")]
    bound = str(fg.bound[other])
    hedge = fg.hedge[other]
    axis_note = {
        "upper": " (upper bound)",
        "lower": " (lower bound)",
        "approximate": " (approximate)",
    }.get(bound, "")
    left = (
        alt.Chart(left_rows)
        .mark_bar(height=34)
        .encode(
            x=alt.X(
                "value:Q",
                stack="zero",
                title=first.get("axis", ""),
                scale=alt.Scale(domain=[0, top]),
            ),
            # People, not parties: neutral greys for both groups (no voice's colour).
            color=alt.Color(
                "part:N",
                title=first.get("group", ""),
                scale=alt.Scale(range=[theme.MUTED, "#8c959f", theme.TEXT, "#b6bdc5"]),
            ),
            tooltip=tip,
            href="href:N",
        )
    )
    left = alt.layer(left, _bar_label(fg.exact[one], total, top)).properties(
        width=280, height=50, title=f"{fg.exact[one]} {fg.unit[one]}"
    )
    right = (
        alt.Chart(right_rows)
        .mark_bar(
            height=34,
            color=theme.MUTED,
            opacity=0.35,
            stroke=theme.MUTED,
            strokeDash=[4, 2],
            strokeWidth=1.5,
        )
        .encode(
            x=alt.X(
                "value:Q",
                title=f"{second.get('axis', '')}{axis_note}",
                scale=alt.Scale(domain=[0, top]),
            ),
            tooltip=tip,
            href="href:N",
        )
    )
    right = alt.layer(right, _bar_label(fg.exact[other], other_value, top)).properties(
        width=280, height=50, title=f"{fg.exact[other]} {fg.unit[other]}"
    )
    # Stacked, not side by side: two fixed-width panels cannot size to the container, and
    # stacked they fit a phone's column at full size.
    chart = alt.vconcat(left, right).resolve_scale(color="independent")
    table = pd.concat([left_rows, right_rows])
    n = derive.number_words
    other_printed = fg.exact[other]
    if bound == "exact":
        reading = ""
    else:
        side = {"upper": "an upper bound", "lower": "a lower bound"}.get(bound, "an approximation")
        reading = (
            f"; the {str(second.get('group', '')).lower()} bar is dashed and faded because"
            f" “{hedge}” makes “{other_printed}” {side}, not a count"
        )
    parts_words = derive.listing(
        [f"{fg.exact[p]} {parts_named.get(p, fg.unit[p])}" for p in part_ids if p != one]
    )
    # Every number as the article prints it ("eight", "nearly 2,000"): a hedge never drops.
    return _finish(
        chart,
        settings.get("title") or f"{first.get('group', '')} and {second.get('group', '')}",
        f"The narration counts {fg.exact[one]} {first.get('counted') or fg.unit[one]}"
        + (f", {parts_words}," if parts_words else "")
        + f" against “{other_printed}” {second.get('counted') or fg.unit[other]}{reading}."
        " Both are drawn to one scale.",
        table,
        [("id", "Record"), ("group", "Group"), ("part", "Part"), ("as_printed", "As printed")],
        subtitle=(
            f"One scale: {fg.exact[one]} {fg.unit[one]} and “{other_printed}” "
            f"{fg.unit[other]} are both drawn to a 0–{n(top)} axis"
        ),
    )


#: How far (a factor, on the log axis) a bound's dashed open side runs from its value: long
#: enough to see on a phone.
OPEN_SIDE = 2.6


@tables.needs("figures")
def figure_bounds(facts: Facts) -> alt.LayerChart:
    """Every count in the article with the bound its hedge sets: exact, at most, at least."""
    fb = derive.figure_bounds(facts)
    if fb.empty:
        return tables.no_counts(facts)
    shapes = {
        "exact": "circle",
        "upper": "triangle-left",
        "lower": "triangle-right",
        "approximate": "diamond",
    }
    # Room for the dashed open side of a bound (x1 and x2 below: the value times or over
    # OPEN_SIDE).
    scale = alt.Scale(
        type="log", domain=[fb.value.min() / OPEN_SIDE, fb.value.max() * OPEN_SIDE * 1.5]
    )
    axis = alt.Axis(format="~s")
    x = alt.X("value:Q", title="Value (log scale)", scale=scale, axis=axis)
    y = alt.Y(
        "as_printed:N",
        title=None,
        sort=list(fb.as_printed),
        axis=alt.Axis(**theme.wrapped_labels(fb.as_printed, 200)),
    )
    tip = [
        alt.Tooltip("as_printed:N", title="As printed"),
        alt.Tooltip("reading:N", title="Reading"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("voice_label:N", title="Asserted by"),
        alt.Tooltip("note:N", title="Note"),
    ]
    arrows = (
        alt.Chart(fb[fb.bound != "exact"])
        .mark_rule(strokeWidth=2.5, strokeDash=[6, 3], color=theme.MUTED)
        .encode(x=alt.X("x1:Q", title="Value (log scale)", scale=scale, axis=axis), x2="x2:Q", y=y)
        # The open side of a bound, dashed: below an upper bound, above a lower one, both sides
        # of an approximate value.
        .transform_calculate(
            x1=f"datum.bound == 'lower' ? datum.value : datum.value / {OPEN_SIDE}",
            x2=f"datum.bound == 'upper' ? datum.value : datum.value * {OPEN_SIDE}",
        )
    )
    fb, colour = _voice_colour(
        facts, fb, sorted(set(fb.voice)), "Asserted by", derive.voice_labels(facts)
    )
    marks = (
        alt.Chart(fb)
        .mark_point(size=220, filled=True)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("bound:N", title="Bound", scale=theme.scale(shapes)),
            color=colour,
            tooltip=tip,
            href="href:N",
        )
    )
    rows_px = max(25, theme.LINE_PX * theme.label_lines(fb.as_printed, theme.NARROW_LABEL_PX) + 8)
    chart = alt.layer(arrows, marks).properties(
        width="container", height=max(200, rows_px * fb.as_printed.nunique())
    )
    return _finish(
        chart,
        "Every count, with its hedge",
        "Each count the article prints, on a log scale: " + derive.bounds_sentence(fb) + ".",
        fb,
        [
            ("id", "Record"),
            ("as_printed", "As printed"),
            ("unit", "Unit"),
            ("reading", "Reading"),
            ("voice_label", "Asserted by"),
        ],
        subtitle="Circle: exact; ◀ at most (“nearly”); ▶ at least (“more than”). Dashes show the open side",
    )


def _differing_figure(facts: Facts) -> str | None:
    """The first figure that other reporting gives differently, with numbers of its own."""
    cx = facts.context
    figures = set(facts.figures.figure_id)
    rows = cx[
        (cx.stance.astype(str) == "differs") & cx.value_min.notna() & cx.about_id.isin(figures)
    ]
    return None if rows.empty else str(rows.about_id.iloc[0])


#: The prisoner chart's stances in words: "differs" is a count reported differently (lower, or
#: less precise), which a hedge like "nearly" may well allow, not a contradiction.
STANCE_NAMES = {"article": "the article", "differs": "reported differently"}
#: Other reporting's colour there: no voice's colour (a count is no party's).
REPORTED_COLOUR = "#781800"


@tables.needs("figures", "context")
def figure_reports(facts: Facts) -> alt.LayerChart | tables.HTML:
    """A figure of the article (the first that other reporting gives differently) beside what
    other reporting says."""
    fid = _differing_figure(facts)
    if fid is None:
        return tables.HTML(
            '<p class="explainer-absent">Other reporting, as recorded here, gives no figure of'
            " the article differently.</p>"
        )
    fg = facts.figures.set_index("figure_id")
    reports = derive.context_reports(facts, fid)
    bound, hedge = str(fg.bound[fid]), fg.hedge[fid]
    value = float(fg.value[fid])
    article = pd.DataFrame(
        [
            {
                "id": fid,
                "source": f"{derive.article_source(facts).publisher} (this article)",
                "claim": f"“{fg.exact[fid]}”: "
                + derive.reading(bound, "" if pd.isna(hedge) else str(hedge)),
                "low": value if bound == "lower" else None,
                "high": value if bound != "lower" else None,
                "stance": "article",
                "kind": {"upper": "upper bound", "lower": "lower bound"}.get(bound, "about"),
            }
        ]
    )
    rows = pd.concat([article, reports], ignore_index=True)
    rows["point"] = rows.apply(
        lambda r: r.high if pd.notna(r.high) and (pd.isna(r.low) or r.low == r.high) else r.low,
        axis=1,
    )
    rows["href"] = derive.href(fid)
    # The axis spans every value shown, padded to whole hundreds (1,800 to 2,000 gives 1,700 to 2,100).
    values = pd.concat([rows.low, rows.high, rows.point]).dropna().astype(float)
    domain = [100 * (int(values.min()) // 100 - 1), 100 * (-(-int(values.max()) // 100) + 1)]
    x = alt.X(
        "low:Q",
        title=str(fg.unit[fid])[:1].upper() + str(fg.unit[fid])[1:],
        scale=alt.Scale(domain=domain, zero=False),
    )
    y = alt.Y(
        "source:N",
        title=None,
        sort=list(rows.source),
        axis=alt.Axis(**theme.wrapped_labels(rows.source, 220)),
    )
    tip = [alt.Tooltip("source:N", title="Source"), alt.Tooltip("claim:N", title="Says")]
    ranges = (
        alt.Chart(_values(rows.dropna(subset=["low", "high"])))
        .mark_rule(strokeWidth=6, opacity=0.6)
        .encode(x=x, x2="high:Q", y=y, color=alt.value(REPORTED_COLOUR), tooltip=tip)
    )
    dots = (
        alt.Chart(_values(rows))
        .mark_point(size=200, filled=True)
        .encode(
            x=alt.X("point:Q", scale=alt.Scale(domain=domain, zero=False)),
            y=y,
            shape=alt.Shape(
                "kind:N",
                title="Reading",
                scale=alt.Scale(
                    domain=["upper bound", "lower bound", "about", "range"],
                    range=["triangle-left", "triangle-right", "circle", "square"],
                ),
            ),
            color=alt.Color(
                "stance:N",
                title="Stance",
                scale=alt.Scale(
                    domain=["article", "differs"],
                    range=[theme.NARRATION_COLOR, REPORTED_COLOUR],
                ),
                legend=alt.Legend(labelExpr=_label_expr(STANCE_NAMES)),
            ),
            tooltip=tip,
            href="href:N",
        )
        .transform_calculate(
            kind="datum.stance == 'article' ? datum.kind : (datum.high == null ? 'lower bound' : "
            "(datum.low == datum.high ? 'about' : 'range'))"
        )
    )
    rows_px = theme.LINE_PX * theme.label_lines(rows.source, theme.NARROW_LABEL_PX) + 10
    chart = alt.layer(ranges, dots).properties(
        width="container", height=max(190, rows_px * rows.source.nunique())
    )
    # Title and description come from the data, so a corrected figure can never leave stale text.
    printed = str(fg.exact[fid])
    return _finish(
        chart,
        f"“{printed}” {fg.unit[fid]}, beside other reporting",
        f"The article's “{printed}” {fg.unit[fid]} beside other reports. "
        + " ".join(str(claim) for claim in reports.claim),
        rows,
        [("id", "About record"), ("source", "Source"), ("claim", "Says"), ("stance", "Stance")],
        subtitle="The article's figure (first row) beside other reporting, which is not in the article",
    )


# ---------------------------------------------------------------- words


#: The width (px) of a term's name on a phone: wider than other charts' labels, so that the
#: longest take two lines, not four.
TERM_LABEL_PX = 180


#: The symbol of a term that is not loaded: a square, where a loaded one is a disc. (A hollow
#: ring was tried: its empty middle was no target for a pointer or a finger.)
NOT_LOADED_SHAPE = "square"
#: The title of the terms chart's loaded/not loaded field: the classification is the site's rule
#: (book/words.md), applied to every voice; it is not a claim about the site's own voice.
LOADED_TITLE = "Loaded (our rule)"


@tables.needs("terms")
def terms_by_voice(facts: Facts) -> alt.LayerChart:
    """Which voice uses which descriptor or loaded word, and how often."""
    tu = derive.term_usage(facts)
    voices = _voice_legend_order(tu, facts)
    labels = derive.voice_labels(facts)
    # Rows in the columns' order, voice by voice, so no voice's terms lead by its id's spelling.
    rank = {v: i for i, v in enumerate(voices)}
    order = list(
        tu.assign(rank=tu.voice.map(rank)).sort_values(["rank", "term"]).term.drop_duplicates()
    )
    x = alt.X(
        "voice_label:N",
        title=None,
        sort=[labels[v] for v in voices],
        axis=alt.Axis(
            orient="top",
            # Tilted, each name running up and left from its column: level, they collide.
            labelAngle=40,
            labelAlign="right",
            labelFontWeight=600,
            **theme.wrapped_labels([labels[v] for v in voices], 120, 120),
        ),
    )
    y = alt.Y(
        "term:N",
        title=None,
        sort=order,
        axis=alt.Axis(**theme.wrapped_labels(order, 220, TERM_LABEL_PX)),
    )
    row_px = max(22, theme.LINE_PX * theme.label_lines(order, TERM_LABEL_PX) + 4)
    tip = [
        alt.Tooltip("term:N", title="Term"),
        alt.Tooltip("voice_label:N", title="Used by"),
        alt.Tooltip("uses:Q", title="Uses"),
        alt.Tooltip("category:N", title="Kind"),
        alt.Tooltip("loaded:N", title=LOADED_TITLE),
    ]
    tu, colour = _voice_colour(facts, tu, voices, "Voice", {v: labels[v] for v in voices})
    dots = (
        alt.Chart(tu)
        .mark_point(filled=True, opacity=1)
        .encode(
            # Loaded by the page's rule: a disc; not loaded: a square. The shape carries
            # the legend, drawn the same (Vega-Lite draws none for a fill opacity).
            shape=alt.Shape(
                "loaded:N",
                title=LOADED_TITLE,
                scale=alt.Scale(
                    domain=list(derive.LOADED_WORDS.values()), range=["circle", NOT_LOADED_SHAPE]
                ),
                legend=alt.Legend(symbolFillColor=theme.TEXT, symbolStrokeWidth=0),
            ),
            x=x,
            y=y,
            size=alt.Size(
                "uses:Q",
                title="Uses",
                scale=alt.Scale(domain=[1, 3], range=[120, 420]),
                legend=None,
            ),
            color=colour,
            tooltip=tip,
            href="href:N",
        )
    )
    count = (
        alt.Chart(tu[tu.uses > 1])
        .mark_text(color="#ffffff", fontSize=10, fontWeight=700)
        .encode(x=x, y=y, text="uses:Q")
    )
    chart = alt.layer(dots, count).properties(width="container", height=row_px * len(order))
    by_voice = tu.groupby("voice_label").term.apply(lambda s: ", ".join(f"“{t}”" for t in s))
    return _finish(
        chart,
        "Which voice uses which words",
        "Descriptors and loaded words by the voice that uses them. "
        + " ".join(f"{v}: {t}." for v, t in by_voice.items()),
        tu,
        [
            ("id", "First use"),
            ("term", "Term"),
            ("voice_label", "Used by"),
            ("uses", "Uses"),
            ("category", "Kind"),
            ("loaded", LOADED_TITLE),
        ],
        subtitle="The site never uses the loaded ones in its own voice",
    )


#: The width (px) of the names in the aliases chart, on every screen (a faceted chart cannot
#: follow its container).
ALIAS_LABEL_PX = 140


@tables.needs("aliases")
def aliases_by_voice(facts: Facts) -> alt.FacetChart | tables.HTML:
    """The names each voice gives the actors that more than one voice names: one rule for every
    voice, so no party's names are shown without the others'. An actor that belongs to another
    (the Israeli government to Israel) is shown with it."""
    au = derive.alias_usage(facts, derive.shared_actors(facts))
    if au.empty:
        return tables.HTML(
            '<p class="explainer-absent">No actor is named by more than one voice, so there are'
            " no names to set side by side.</p>"
        )
    au["referent"] = au.actor_id.map(derive.referents(facts, set(au.actor_id)))
    referents = list(au.groupby("referent").uses.sum().sort_values(ascending=False).index)
    voices = _voice_legend_order(au, facts)
    labels = derive.voice_labels(facts)
    au, colour = _voice_colour(
        facts, au, voices, "Voice", {v: labels[v] for v in voices}, columns=1
    )
    chart = (
        alt.Chart(au)
        .mark_bar(height=14)
        .encode(
            x=alt.X("uses:Q", title="Mentions", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(
                "alias:N",
                title=None,
                sort="-x",
                axis=alt.Axis(**theme.wrapped_labels(au.alias, ALIAS_LABEL_PX, ALIAS_LABEL_PX)),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("alias:N", title="Name used"),
                alt.Tooltip("actor:N", title="Refers to"),
                alt.Tooltip("voice_label:N", title="Voice"),
                alt.Tooltip("uses:Q", title="Mentions"),
                alt.Tooltip("form:N", title="Form"),
            ],
            href="href:N",
        )
        # A faceted chart cannot size to its container: 150 px of bars plus 140 px of names, with
        # each panel's heading above it, fits a phone's column at full size.
        .properties(
            width=150,
            height=alt.Step(theme.LINE_PX * theme.label_lines(au.alias, ALIAS_LABEL_PX) + 6),
        )
        .facet(
            row=alt.Row(
                "referent:N",
                title=None,
                sort=referents,
                header=alt.Header(
                    labelAngle=0,
                    labelOrient="top",
                    labelAlign="left",
                    labelAnchor="start",
                    labelFontWeight=600,
                    labelFontSize=13,
                    # "Israel and Israeli government" on two lines, so that it fits a phone.
                    labelExpr="split(replace(datum.label, ' and ', '|and '), '|')",
                ),
            ),
        )
        .resolve_scale(y="independent")
    )
    return _finish(
        chart,
        "What each voice calls the actors they share",
        "Names for each actor that more than one voice names, by voice. "
        + " ".join(
            f"{referent}: "
            + "; ".join(
                f"{labels[voice]} says {derive.listing([f'“{a}”' for a in rows.alias])}"
                for voice, rows in au[au.referent == referent].groupby("voice", sort=False)
            )
            + "."
            for referent in referents
        ),
        au,
        [
            ("id", "First use"),
            ("alias", "Name used"),
            ("actor", "Refers to"),
            ("voice_label", "Voice"),
            ("uses", "Mentions"),
        ],
    )

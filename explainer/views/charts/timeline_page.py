"""The timeline page's charts: every event by its date, and the close-up of the hours around the
moments the article times.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.package.facts import Facts
from explainer.views import tables, theme
from explainer.views.charts import registry
from explainer.views.charts.spec import finish, label_expr
from explainer.views.derive import phrasing, quantities, relaying, timing

#: Room (days) left on each side of the timeline's first and last event.
TIMELINE_MARGIN_DAYS = 4


#: The width (px) an event's name may take on its row of the timeline, on a phone and wide: the
#: plot's width in each layout, less a margin.
TIMELINE_NAME_PX = (320, 640)


#: A timeline row's height (px) besides its name's lines: the mark and the gaps around it; and
#: the gap (px) between a name and the middle of its row, where its mark is.
TIMELINE_ROW_PX = 26


TIMELINE_NAME_GAP_PX = 10
#: How long (px) a bound's dashed open side is drawn, past its mark.
OPEN_SIDE_PX = 22


@tables.needs("events")
def timeline(facts: Facts) -> alt.LayerChart:
    """Every dated event, styled by precision and how it was dated; Ramadan as a band behind."""
    ev = timing.events(facts)
    # A drafted event whose date the text leaves open has no place on a time axis.
    ev = ev[ev.start.notna() & ev.end.notna()]
    if ev.empty:
        return tables.absent_note("No event of the article has a resolved date yet.")
    # A period that other reporting dates (Ramadan) is drawn as a band behind the events.
    is_band = (ev.precision == "range") & (ev.resolution == "context")
    band = ev[is_band]
    rows = ev[~is_band].sort_values("start")
    order = list(rows.event)
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    margin = pd.Timedelta(days=TIMELINE_MARGIN_DAYS)
    first, last = rows.start.min(), rows.end.max() - pd.Timedelta(days=1)
    # The axis holds the band too (read 7, m19: Ramadan was cut where the events ended).
    low = min(first, band.start.min()) if not band.empty else first
    high = max(last, band.end.max() - pd.Timedelta(days=1)) if not band.empty else last
    domain = [f"{low - margin:%Y-%m-%d}", f"{high + margin:%Y-%m-%d}"]
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
    tooltip = registry.TIMELINE.tooltip("event", "wording", "date", "sources", "note")
    color = alt.Color(
        "resolution:N",
        title=theme.lines("How the date was resolved", theme.TITLE_CHARS),
        scale=theme.scale(theme.RESOLUTION_COLORS),
        legend=alt.Legend(labelExpr=label_expr(timing.RESOLUTION_NAMES)),
    )
    ramadan = (
        alt.Chart(band)
        .mark_rect(color="#f0c987", opacity=0.35)
        .encode(x=x, x2="end:T", tooltip=tooltip, href="href:N")
    )
    # The band's label ends at the right edge of the axis, at the foot of the band, under the
    # last row's mark (the zoomable layers are clipped to the plot, so a label outside it would
    # be cut off).
    ramadan_label = (
        alt.Chart(
            band.assign(
                # How the band was dated, each bound that is our inference saying so, on a
                # phone too (read 4, m1); its sources are in the tooltip and the data table.
                label=band.event + " (" + band.dated_by + ")",
                short=band.event
                + band.dated_by.map(
                    lambda how: (
                        f" (context, in part {relaying.INFERRED_MARK})"
                        if relaying.INFERRED_MARK in how
                        else " (context)"
                    )
                ),
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
                legend=alt.Legend(labelExpr=label_expr(timing.PRECISION_NAMES)),
            ),
            tooltip=tooltip,
            href="href:N",
        )
    )
    # A bound's open side, dashed, from the mark towards the days it leaves open (read 6, m10):
    # "no later than" opens to the left. A fixed length: a direction, not a span of days.
    bounds = rows[rows.precision == "upper_bound"]
    leads = (
        alt.Chart(bounds)
        .mark_rule(strokeWidth=2, strokeDash=[4, 3], color=theme.MUTED, x2Offset=-OPEN_SIDE_PX)
        .encode(x=x, x2="start:T", y=y)
    )
    chart = (
        alt.layer(ramadan, ramadan_label, names, ranges, leads, points)
        .add_params(zoom)
        .properties(width="container", height=round(step * (len(order) + 0.5)))
    )
    return finish(
        chart,
        registry.TIMELINE,
        f"Timeline of the article's events from {timing.day_label(first)} to "
        f"{timing.day_label(last)} {last.year}: "
        + "; ".join(timing.event_phrase(r) for _, r in rows.iterrows())
        + "".join(
            f". {timing.event_phrase(r)} is a shaded context band" for _, r in band.iterrows()
        )
        + ". Colour shows whether a date is stated in the article, computed, taken from other "
        "reporting or our inference.",
        ev,
        subtitle="Shape: precision; colour: how the date was resolved. A dash shows a bound’s "
        "open side",
        hint="Drag to pan, scroll to zoom",
    )


#: Day names in the close-up sit only over days with this much of them in view (hours).
CLOSEUP_LABEL_MARGIN_HOURS = 4


#: How far apart (px) the close-up draws moments of different events in one clock's lane.
MOMENT_ROW_PX = 18


@tables.needs("events")
def timeline_closeup(facts: Facts) -> alt.LayerChart | tables.HTML:
    """The events whose time of day other reporting gives, on the data's clock and on the second
    clock the package names (timing.clocks), if any: where an article's wording of the time fits
    another clock, as a context fact of ours may say."""
    if timing.moments(facts).empty:
        return tables.absent_note(
            "No event has a known time of day, so there is no close-up by the hour."
        )
    days, moments = timing.closeup(facts)
    first, last = timing.closeup_window(facts)
    shown = list(dict.fromkeys(moments.id))
    ev = timing.events(facts).set_index("id")
    sources = ", ".join(
        dict.fromkeys(src.strip() for eid in shown for src in str(ev.sources[eid]).split(";"))
    )
    claims = quantities.context_claims(facts)
    cx = facts.context
    ours_at = cx.about_id.isin(shown) & (cx.confidence.astype(str) == "inferred")
    ours = [claims[i] for i in cx.index[ours_at]]
    wording = phrasing.listing(
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
            tooltip=registry.TIMELINE_CLOSEUP.tooltip("lane", "day"),
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
                tooltip=registry.TIMELINE_CLOSEUP.tooltip("event", "wording", "lane", "local"),
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
    clocks = timing.clocks(facts)
    second = clocks[-1][0] if len(clocks) > 1 else ""
    inference = (
        f"; reading {wording} on the {second} clock is {relaying.INFERRED_MARK}"
        if wording and second
        else ""
    )
    each = "each clock" if second else f"the {clocks[0][0]} clock"
    return finish(
        chart,
        registry.TIMELINE_CLOSEUP,
        f"Close-up of {timing.day_span(first.normalize(), last.normalize() + pd.Timedelta(days=1))} "
        f"{last.year}, in UTC, on {each}. "
        + timing.clock_sentences(moments)
        + "".join(f" {claim}" for claim in ours),
        moments,
        subtitle=f"Times from other reporting ({sources}){inference}",
        title=None if second else registry.ONE_CLOCK_TITLE.format(clock=clocks[0][0]),
    )

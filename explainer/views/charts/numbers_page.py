"""The numbers page's charts: the exchange, figures with their bounds, and figures as other
reporting gives them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.views import tables, theme
from explainer.views.charts import registry
from explainer.views.charts.spec import finish, inline_values, label_expr, voice_colour
from explainer.views.derive import links, phrasing, quantities, roster, sourcing


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
        return tables.absent_note("The package sets no pair of figures against each other.")
    fg = facts.figures.set_index("figure_id")
    (first, second) = settings["sides"]
    one, other = first["figure"], second["figure"]
    parts_named = settings.get("parts") or {}
    sums = facts.checks[(facts.checks.kind.astype(str) == "sum") & (facts.checks.result_id == one)]
    part_ids = str(sums.operand_ids.iloc[0]).split() if not sums.empty else [one]
    total, other_value = float(fg.value[one]), float(fg.value[other])
    # One scale for both: the two counts' sizes are the comparison the article makes.
    top = phrasing.axis_top(max(total, other_value), 100 if max(total, other_value) > 50 else 5)
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
    ).assign(href=lambda d: d.id.map(links.href))
    right_rows = pd.DataFrame(
        [
            {
                "id": other,
                "group": second.get("group", ""),
                "part": fg.exact[other],
                "value": other_value,
                "as_printed": fg.exact[other],
                "href": links.href(other),
            }
        ]
    )
    tip = registry.EXCHANGE.tooltip("part", "as_printed")
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
                scale=alt.Scale(domain=[0, top], nice=False),
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
                scale=alt.Scale(domain=[0, top], nice=False),
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
    n = phrasing.number_words
    other_printed = fg.exact[other]
    if bound == "exact":
        reading = ""
    else:
        side = {"upper": "an upper bound", "lower": "a lower bound"}.get(bound, "an approximation")
        reading = (
            f"; the {str(second.get('group', '')).lower()} bar is dashed and faded because"
            f" “{hedge}” makes “{other_printed}” {side}, not a count"
        )
    parts_words = phrasing.listing(
        [f"{fg.exact[p]} {parts_named.get(p, fg.unit[p])}" for p in part_ids if p != one]
    )
    # Every number as the article prints it ("eight", "nearly 2,000"): a hedge never drops.
    return finish(
        chart,
        registry.EXCHANGE,
        f"The narration counts {fg.exact[one]} {first.get('counted') or fg.unit[one]}"
        + (f", {parts_words}," if parts_words else "")
        + f" against “{other_printed}” {second.get('counted') or fg.unit[other]}{reading}."
        " Both are drawn to one scale.",
        table,
        subtitle=(
            f"One scale: {fg.exact[one]} {fg.unit[one]} and “{other_printed}” "
            f"{fg.unit[other]} are both drawn to a 0–{n(top)} axis"
        ),
        title=settings.get("title"),
        first=first.get("group", ""),
        second=second.get("group", ""),
    )


#: How long (px) a bound's dashed open side is drawn, the same for every bound and at every
#: width: a mark of direction, not a range of values. Drawn to scale on the log axis it ran from
#: 2,000 down to about 800, far wider than "nearly" (at or just under the number) allows (read
#: 4, m9).
OPEN_SIDE_PX = 16


#: Room (a factor on the log axis) left beside the smallest and largest values for their marks.
AXIS_ROOM = 2.6
#: The log axis's labels: a value below 1 as a plain decimal ("0.4", "0.05"; Vega's SI format
#: prints "400m" and "50m"), larger ones in SI's short form ("2k", "3M") but "B" for billions,
#: as a newsroom writes it, not SI's "G". A tick the log scale leaves unlabelled (its label is
#: empty: 2 to 9 between 1 and 10) stays so, or the labels would run into each other.
VALUE_LABELS = (
    "datum.label === '' ? '' : datum.value < 1 ? format(datum.value, '~g')"
    " : replace(datum.label, 'G', 'B')"
)


@tables.needs("figures")
def figure_bounds(facts: Facts) -> alt.LayerChart:
    """Every count in the article with the bound its hedge sets: exact, at most, at least."""
    fb = quantities.figure_bounds(facts)
    if fb.empty:
        return tables.no_counts(facts)
    shapes = {
        "exact": "circle",
        "upper": "triangle-left",
        "lower": "triangle-right",
        "approximate": "diamond",
    }
    # Only the bounds the article uses are in the legend (read 6, m11: "approximate" was listed
    # with no mark). The axis ends are rounded: a screen reader reads them out (3.07692307692).
    shapes = {bound: shape for bound, shape in shapes.items() if (fb.bound == bound).any()}
    ends = (fb.value.min() / AXIS_ROOM, fb.value.max() * AXIS_ROOM * 1.5)
    scale = alt.Scale(type="log", domain=[float(f"{end:.2g}") for end in ends])
    axis = alt.Axis(format="~s", labelExpr=VALUE_LABELS)
    x = alt.X("value:Q", title="Value (log scale)", scale=scale, axis=axis)
    y = alt.Y(
        "as_printed:N",
        title=None,
        sort=list(fb.as_printed),
        axis=alt.Axis(**theme.wrapped_labels(fb.as_printed, 200)),
    )
    tip = registry.FIGURE_BOUNDS.tooltip(
        "as_printed", "reading", "unit", "voice_label", "chain", "note"
    )
    # The open side of a bound, dashed: below an upper bound, above a lower one, both sides of
    # an approximate value; a fixed OPEN_SIDE_PX long, from the value's own position.
    sides = [("upper", -OPEN_SIDE_PX), ("lower", OPEN_SIDE_PX)]
    sides += [("approximate", -OPEN_SIDE_PX), ("approximate", OPEN_SIDE_PX)]
    dashes = [
        alt.Chart(fb[fb.bound == bound])
        .mark_rule(strokeWidth=2.5, strokeDash=[6, 3], color=theme.MUTED, x2Offset=offset)
        .encode(x=x, x2="value:Q", y=y)
        for bound, offset in sides
        if (fb.bound == bound).any()
    ]
    fb, colour = voice_colour(
        facts, fb, sorted(set(fb.voice)), "Asserted by", roster.voice_labels(facts)
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
    chart = alt.layer(*dashes, marks).properties(
        width="container", height=max(200, rows_px * fb.as_printed.nunique())
    )
    return finish(
        chart,
        registry.FIGURE_BOUNDS,
        "Each count the article prints, on a log scale: " + quantities.bounds_sentence(fb) + ".",
        fb,
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
        return tables.absent_note(
            "Other reporting, as recorded here, gives no figure of the article differently."
        )
    fg = facts.figures.set_index("figure_id")
    reports = quantities.context_reports(facts, fid)
    bound, hedge = str(fg.bound[fid]), fg.hedge[fid]
    value = float(fg.value[fid])
    article = pd.DataFrame(
        [
            {
                "id": fid,
                "source": f"{sourcing.article_source(facts).publisher} (this article)",
                "claim": f"“{fg.exact[fid]}”: "
                + quantities.reading(bound, "" if pd.isna(hedge) else str(hedge)),
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
    rows["href"] = links.href(fid)
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
    tip = registry.FIGURE_REPORTS.tooltip("source", "claim")
    ranges = (
        alt.Chart(inline_values(rows.dropna(subset=["low", "high"])))
        .mark_rule(strokeWidth=6, opacity=0.6)
        .encode(x=x, x2="high:Q", y=y, color=alt.value(REPORTED_COLOUR), tooltip=tip)
    )
    dots = (
        alt.Chart(inline_values(rows))
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
                legend=alt.Legend(labelExpr=label_expr(STANCE_NAMES)),
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
    return finish(
        chart,
        registry.FIGURE_REPORTS,
        f"The article's “{printed}” {fg.unit[fid]} beside other reports. "
        + " ".join(str(claim) for claim in reports.claim),
        rows,
        subtitle="The article's figure (first row) beside other reporting, which is not in the article",
        printed=printed,
        unit=fg.unit[fid],
    )

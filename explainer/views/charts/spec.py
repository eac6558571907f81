"""What every chart carries (title, description, data table, theme) and the helpers the charts
share: inline data, the voices' colours and legend order.
"""

from __future__ import annotations

import json
import re
import textwrap

import altair as alt
import pandas as pd

from explainer.package.facts import Facts
from explainer.views import render, theme
from explainer.views.charts.registry import Declared

render.enable()


def finish(
    chart: alt.TopLevelMixin,
    declared: Declared,
    description: str,
    table: pd.DataFrame,
    subtitle: str | list[str] = "",
    title: str | None = None,
    hint: str = "",
    **title_values: object,
) -> alt.TopLevelMixin:
    """Title, description, data table and theme: what every chart on the site carries. The
    title is the declared one filled with ``title_values`` (or ``title``, a package's own); the
    table's columns are the declared fields'. ``hint`` says how to use the live chart ("Drag to
    pan"): the subtitle's last lines, named in the spec's ``usermeta`` (:data:`HINT_KEY`) so that
    a still image of the chart can leave them out."""
    title = title or declared.title.format(**title_values)
    columns = declared.columns()
    rows = table.copy()
    for col in rows.columns:  # JSON-safe values for the table
        if pd.api.types.is_datetime64_any_dtype(rows[col]):
            rows[col] = rows[col].dt.strftime("%Y-%m-%d")
    keys = [k for k, _ in columns]
    meta = {
        render.TABLE_KEY: {
            "caption": title,
            "columns": [list(c) for c in columns],
            "rows": rows[keys].astype(object).where(rows[keys].notna(), None).to_dict("records"),
        }
    }
    text = theme.lines(title, theme.TITLE_CHARS)
    if isinstance(subtitle, str):
        subtitle = theme.lines(subtitle, theme.SUBTITLE_CHARS)
    if hint:
        meta[HINT_KEY] = textwrap.wrap(hint, theme.SUBTITLE_CHARS)
        shown = [subtitle] if isinstance(subtitle, str) else subtitle
        subtitle = [*filter(None, shown), *meta[HINT_KEY]]
        subtitle = subtitle[0] if len(subtitle) == 1 else subtitle
    heading = alt.TitleParams(text=text, subtitle=subtitle) if subtitle else alt.TitleParams(text)
    chart = chart.properties(title=heading, description=description, usermeta=meta)
    themed = theme.apply(chart)
    spec = legend_descriptions(mark_descriptions(without_empty_layers(themed.to_dict())))
    return type(themed).from_dict(spec)


#: The ``usermeta`` key of a chart's interaction hint lines (see :func:`finish`).
HINT_KEY = "explainer_hint"


def without_empty_layers(spec: dict) -> dict:
    """The spec without layers that draw no data (no range event, no inferred hop): Vega would
    draw each as an empty, unnamed graphics group, which a screen reader announces as an image
    with no text (axe: svg-img-alt)."""
    datasets = spec.get("datasets") or {}

    def empty(layer: dict) -> bool:
        name = (layer.get("data") or {}).get("name")
        return name in datasets and not datasets[name] and not layer.get("params")

    for node in _nodes(spec):
        layers = node.get("layer")
        if isinstance(layers, list) and any(map(empty, layers)):
            kept = [layer for layer in layers if not empty(layer)]
            node["layer"] = kept or layers[:1]
    return spec


def _nodes(node: object, skip: frozenset[str] = frozenset()):
    """Every object of a spec, depth first, each before what it holds, not entering the keys
    in ``skip``. The caller may change an object when it is yielded: what it then holds is
    what is walked next."""
    if isinstance(node, list):
        for item in node:
            yield from _nodes(item, skip)
    elif isinstance(node, dict):
        yield node
        for key, child in list(node.items()):
            if key not in skip:
                yield from _nodes(child, skip)


#: The field each mark's accessible description is computed into (see :func:`mark_descriptions`).
DESCRIPTION_FIELD = "__description"


def mark_descriptions(spec: dict) -> dict:
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

    for node in _nodes(spec, frozenset({"encoding", "data", "datasets", "usermeta", "config"})):
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
    return spec


def inline_values(df: pd.DataFrame) -> alt.Data:
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


def voice_legend_order(df: pd.DataFrame, facts: Facts) -> list[str]:
    return [v for v in theme.colours(facts).voice_order if v in set(df["voice"])]


def voice_colour(
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
        legend=alt.Legend(labelExpr=label_expr(names), **legend),
    )


#: A legend's labels as :func:`label_expr` writes them: the JSON mapping, then the lookup.
_LABELS = re.compile(r"^(\{.*\})\[datum\.value\] \|\| datum\.value$", re.DOTALL)


def legend_descriptions(spec: dict) -> dict:
    """A legend whose labels :func:`label_expr` renames is described, for a screen reader, by
    those labels: Vega's own description lists the scale's values, the data's codes ("for fill
    color with 5 values: narration, hamas, pmo", read 7, m22)."""

    for node in _nodes(spec, frozenset({"data", "datasets", "usermeta", "config"})):
        for channel in (node.get("encoding") or {}).values():
            legend = channel.get("legend") if isinstance(channel, dict) else None
            domain = (channel.get("scale") or {}).get("domain") if legend else None
            found = _LABELS.match(str(legend.get("labelExpr", ""))) if legend else None
            if found and isinstance(domain, list) and "description" not in legend:
                names = json.loads(found[1])
                title = channel.get("title") or channel.get("field", "")
                title = " ".join(title) if isinstance(title, list) else str(title)
                labels = ", ".join(str(names.get(str(v), v)) for v in domain)
                legend["description"] = f"Legend, {title}: {labels}"
    return spec


def label_expr(mapping: dict[str, str]) -> str:
    """A Vega expression mapping legend values to longer labels."""
    return f"{json.dumps(mapping)}[datum.value] || datum.value"

"""What the site does to a chart's compiled Vega before drawing it (explainer.site.sphinx_ext)."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert as vlc

from explainer.site import sphinx_ext


def _compiled(chart: alt.TopLevelMixin) -> dict:
    return vlc.vegalite_to_vega(chart.to_dict(), vl_version=sphinx_ext.VL_VERSION)


def _marks(spec: dict) -> list[dict]:
    found = []
    for mark in spec.get("marks", []):
        found.append(mark)
        found.extend(_marks(mark))
    return found


def _dot_with_a_count() -> alt.LayerChart:
    rows = pd.DataFrame({"term": ["a", "b"], "uses": [1, 2], "href": ["x.html", "y.html"]})
    dots = (
        alt.Chart(rows)
        .mark_point(filled=True)
        .encode(y="term:N", tooltip=["term:N"], href="href:N")
    )
    count = alt.Chart(rows).mark_text(aria=False).encode(y="term:N", text="uses:Q")
    labelled = (
        alt.Chart(rows)
        .mark_text(aria=False, dx=20)
        .encode(y="term:N", text="term:N", tooltip=["term:N"])
    )
    return alt.layer(dots, count, labelled)


def test_a_decoration_lets_the_pointer_through_to_the_mark_under_it():
    marks = _marks(sphinx_ext.inert_decorations(_compiled(_dot_with_a_count())))
    by_type = {}
    for mark in marks:
        by_type.setdefault(mark["type"], []).append(mark)
    (dots,) = by_type["symbol"]
    count, labelled = by_type["text"]
    assert count.get("interactive") is False  # no tooltip, no link, hidden from readers
    assert "interactive" not in dots  # the mark the reader points at
    assert "interactive" not in labelled  # a text with its own tooltip stays reachable


def test_the_drawing_of_a_decoration_takes_no_pointer_events():
    spec = sphinx_ext.inert_decorations(_compiled(_dot_with_a_count()))
    groups = re.findall(r'<g class="mark-(?:text|symbol) role-mark[^>]*>', vlc.vega_to_svg(spec))
    inert = ['pointer-events="none"' in group for group in groups]
    assert inert == [False, True, False], groups  # the dots, the count, the labels


def test_a_legend_is_named_by_its_labels_in_the_drawing_and_the_live_chart(facts):
    """Read 7, m22: Vega named each legend by its scale's values ("for fill color with 5
    values: narration, hamas, pmo"). Both the drawing and the live chart start from the
    compiled Vega that sphinx_ext passes through described_legends, so both read the labels."""
    from explainer.views import charts

    raw = vlc.vega_to_svg(_compiled(charts.voice_share(facts)))
    named = vlc.vega_to_svg(sphinx_ext.described_legends(_compiled(charts.voice_share(facts))))
    legend = r'aria-roledescription="legend"[^>]*aria-label="([^"]*)"'
    assert "narration, hamas, pmo" in " ".join(re.findall(legend, raw))  # the test can fail
    labels = re.findall(legend, named)
    assert labels and all("Hamas statement" in a and "pmo" not in a for a in labels), labels

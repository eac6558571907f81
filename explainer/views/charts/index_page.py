"""The home page's chart: the article at a glance."""

from __future__ import annotations

import altair as alt

from explainer.package import NARRATION
from explainer.package.facts import Facts
from explainer.views import tables
from explainer.views.charts import registry
from explainer.views.charts.spec import finish, voice_colour, voice_legend_order
from explainer.views.derive import people, phrasing, roster


@tables.needs("statements")
def at_a_glance(facts: Facts) -> alt.Chart:
    """The article as a strip in reading order, coloured by whose words each stretch is."""
    seg = people.voice_segments(facts)
    share = people.voice_share(facts).set_index("voice").share
    voices = voice_legend_order(seg, facts)
    labels = roster.voice_labels(facts)
    seg, colour = voice_colour(
        facts,
        seg,
        voices,
        "Whose words",
        {v: f"{labels[v]} ({phrasing.percent(share[v])} of words)" for v in voices},
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
                # The end labels sit inside the axis, so "100" is never cut at the right edge
                # (read 6, m12).
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], labelFlush=True),
            ),
            x2="to:Q",
            color=colour,
            tooltip=registry.AT_A_GLANCE.tooltip("voice_label", "excerpt", "chain"),
            href="href:N",
        )
        .properties(width="container", height=60)
    )
    return finish(
        chart,
        registry.AT_A_GLANCE,
        "A strip of the article in reading order. Grey stretches are the outlet's narration; coloured "
        "stretches are direct quotations: "
        + phrasing.listing(
            [
                f"{labels[v]} {phrasing.percent(share.get(v, 0))} of the words"
                for v in voices
                if v != NARRATION
            ]
        )
        + ".",
        seg,
        # Read 5, m14: the axis counts characters, the legend's shares count words.
        subtitle="Each coloured block is a direct quotation; grey is the outlet’s own narration. "
        "Positions count characters; the shares in the legend count words",
    )

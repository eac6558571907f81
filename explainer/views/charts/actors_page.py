"""The actors page's chart: the network of actors and the relations the article states."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.package import NARRATION
from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.views import tables, theme
from explainer.views.charts import registry
from explainer.views.charts.spec import finish
from explainer.views.derive import graph, phrasing

#: The actors' one colour in the network, and how far along a relation's line its arrowhead is.
NODE_COLOUR = theme.MUTED


ARROW_AT = 0.72


#: The name of the white copy drawn under each actor's name (its marks' class contains it).
HALO = "halo"


@tables.needs("relations")
def actor_network(facts: Facts) -> alt.LayerChart:
    """Actors as nodes, the article's relations as edges coloured by kind; deterministic layout."""
    nodes, edges = graph.network(facts, family_limit=theme.MAX_RELATION_FAMILIES)
    # The actors are one neutral colour: colour is the relations' (their families'), and a
    # party's colour belongs to its voice on the other charts, not to the people it names.
    nodes = nodes.assign(color=NODE_COLOUR)
    # Families in the order the package names them (the first take the strongest colours),
    # "other relations" last.
    families = list(
        dict.fromkeys(graph.relation_families(facts, theme.MAX_RELATION_FAMILIES).values())
    )
    named = list(package_settings.of(facts.descriptor).get("relation_families") or {})
    families.sort(
        key=lambda f: (f == graph.OTHER_RELATIONS, named.index(f) if f in named else len(named))
    )
    axis = dict(axis=None, scale=alt.Scale(padding=30, nice=False, zero=False))
    edge_tip = registry.ACTOR_NETWORK.tooltip(
        "subject", "relation", "family", "object", "detail", "stated_by", "relay"
    )
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
            tooltip=registry.ACTOR_NETWORK.tooltip("actor", "kind", "relations"),
        )
    )
    # Names near the left and right edges run inwards from their node, so that none runs off a
    # narrow chart; a name that would overlap another on a phone goes under its node.
    labelled = nodes.assign(align=graph.name_alignment(nodes), below=graph.names_below(nodes))

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
    return finish(
        chart,
        registry.ACTOR_NETWORK,
        f"Network of {len(nodes)} actors joined by {len(edges)} relations the article states, in "
        f"{edges.kind.nunique()} kinds grouped in {len(families)} families, by colour: "
        + phrasing.listing(
            [
                f"{f} ({', '.join(dict.fromkeys(edges.relation[edges.family == f]))})"
                for f in families
            ]
        )
        + " (the data table lists every relation). The most connected: "
        + phrasing.listing(
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
        subtitle=(
            "Arrows point from subject to object; solid: stated by the narration; dashed: stated"
            " by a quoted voice; layout computed with a fixed seed"
        ),
    )

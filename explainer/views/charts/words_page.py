"""The words page's charts: the terms each voice uses, and the names each voice gives an actor."""

from __future__ import annotations

import altair as alt

from explainer.package.facts import Facts
from explainer.views import tables, theme
from explainer.views.charts import registry
from explainer.views.charts.spec import finish, voice_colour, voice_legend_order
from explainer.views.derive import people, phrasing, roster

#: The width (px) of a term's name on a phone: wider than other charts' labels, so that the
#: longest take two lines, not four.
TERM_LABEL_PX = 180


#: The symbol of a term that is not loaded: a square, where a loaded one is a disc. (A hollow
#: ring was tried: its empty middle was no target for a pointer or a finger.)
NOT_LOADED_SHAPE = "square"


#: The title of the terms chart's loaded/not loaded field: the classification is the site's rule
#: (book/words.md), applied to every voice; it is not a claim about the site's own voice.
LOADED_TITLE = registry.TERMS_BY_VOICE.field("loaded").title


@tables.needs("terms")
def terms_by_voice(facts: Facts) -> alt.LayerChart:
    """Which voice uses which descriptor or loaded word, and how often."""
    tu = people.term_usage(facts)
    voices = voice_legend_order(tu, facts)
    labels = roster.voice_labels(facts)
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
    # A label's lines run down from its row's tick, so a row leaves a line's gap below the
    # longest label before the next one (at 390 px a three-line term touched the next).
    row_px = max(22, theme.LINE_PX * (theme.label_lines(order, TERM_LABEL_PX) + 1))
    tip = registry.TERMS_BY_VOICE.tooltip(
        "term", "voice_label", "uses", "category", "loaded", "chain"
    )
    tu, colour = voice_colour(facts, tu, voices, "Voice", {v: labels[v] for v in voices})
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
                    domain=list(people.LOADED_WORDS.values()), range=["circle", NOT_LOADED_SHAPE]
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
    # Each term with its class, so the accessible name says which are loaded (read 7, m22).
    by_voice = (
        tu.assign(named=[f"“{t}” ({c})" for t, c in zip(tu.term, tu.loaded, strict=True)])
        .groupby("voice_label")
        .named.apply(", ".join)
    )
    return finish(
        chart,
        registry.TERMS_BY_VOICE,
        "Descriptors and loaded words by the voice that uses them. "
        + " ".join(f"{v}: {t}." for v, t in by_voice.items()),
        tu,
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
    au = people.alias_usage(facts, people.shared_actors(facts))
    if au.empty:
        return tables.absent_note(
            "No actor is named by more than one voice, so there are no names to set side by side."
        )
    au["referent"] = au.actor_id.map(people.referents(facts, set(au.actor_id)))
    referents = list(au.groupby("referent").uses.sum().sort_values(ascending=False).index)
    voices = voice_legend_order(au, facts)
    labels = roster.voice_labels(facts)
    au, colour = voice_colour(facts, au, voices, "Voice", {v: labels[v] for v in voices}, columns=1)
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
            tooltip=registry.ALIASES_BY_VOICE.tooltip(
                "alias", "actor", "voice_label", "uses", "chain", "form"
            ),
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
    return finish(
        chart,
        registry.ALIASES_BY_VOICE,
        "Names for each actor that more than one voice names, by voice. "
        + " ".join(
            f"{referent}: "
            + "; ".join(
                f"{labels[voice]} says {phrasing.listing([f'“{a}”' for a in rows.alias])}"
                for voice, rows in au[au.referent == referent].groupby("voice", sort=False)
            )
            + "."
            for referent in referents
        ),
        au,
    )

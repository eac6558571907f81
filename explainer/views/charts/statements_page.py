"""The statements page's charts: statements by voice, relay chains, and each voice's share."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.package.facts import Facts
from explainer.views import tables, theme
from explainer.views.charts import registry
from explainer.views.charts.spec import finish, voice_colour, voice_legend_order
from explainer.views.derive import people, phrasing, relaying, roster


def _size_steps(words: pd.Series) -> list[int]:
    """The size legend's lengths: the shortest and the longest statement."""
    return sorted({int(words.min()), int(words.max())})


@tables.needs("statements")
def statements_by_voice(facts: Facts) -> alt.Chart:
    """Each statement placed where it appears in the article, one row per voice; click the legend to
    filter."""
    st = people.statements(facts).assign(
        position=lambda d: (100 * d.start / len(facts.article)).round(1)
    )
    voices = voice_legend_order(st, facts)
    pick = alt.selection_point(fields=["voice_key"], bind="legend")
    labels = roster.voice_labels(facts)
    st, colour = voice_colour(
        facts, st, voices, "Voice (click to filter)", {v: labels[v] for v in voices}
    )
    chart = (
        alt.Chart(st)
        .mark_point(filled=True, opacity=0.9)
        .encode(
            # "100" sits inside the axis, not past the edge, and a mark at 0 % clears the voice
            # names (read 6, m12).
            x=alt.X(
                "position:Q",
                title="Position in the article (%)",
                scale=alt.Scale(domain=[0, 100], padding=12),
                axis=alt.Axis(labelFlush=True),
            ),
            # Quotations and paraphrases on two lanes of their voice's row: a paraphrase's square
            # and the quotation inside it no longer cover each other.
            yOffset=alt.YOffset("mode:N", scale=alt.Scale(domain=["paraphrase", "direct"])),
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
                # One entry under the other: side by side, three legends ran past the right edge.
                legend=alt.Legend(direction="vertical", columns=1),
            ),
            size=alt.Size(
                "words:Q",
                title="Words",
                scale=alt.Scale(range=[60, 700]),
                legend=alt.Legend(
                    values=_size_steps(st.words),
                    symbolFillColor=theme.MUTED,
                    direction="vertical",
                    columns=1,
                ),
            ),
            opacity=alt.condition(pick, alt.value(0.95), alt.value(0.08)),
            tooltip=registry.STATEMENTS_BY_VOICE.tooltip(
                "voice_label", "mode", "text", "chain", "date"
            ),
            href="href:N",
        )
        .add_params(pick)
        .properties(width="container", height=230)
    )
    counts = st.groupby("voice").size()
    return finish(
        chart,
        registry.STATEMENTS_BY_VOICE,
        f"{len(st)} statement records (a quotation inside a paraphrase is a record of its own)"
        " placed by their position in the article, one row per voice: "
        + ", ".join(f"{labels[v]} {counts[v]}" for v in voices)
        + ". Circles are direct quotations, squares paraphrases; size is length in words.",
        st,
        hint="Click a voice in the legend to show only its statements",
    )


@tables.needs("statements", "relay_hops")
def relay_chains(facts: Facts) -> alt.LayerChart:
    """Each distinct route a statement took to the reader: speaker → relay → publisher. A hop the
    article does not state is our inference: its links are dashed, its dot hollow, and its name
    says so in words."""
    paths = relaying.chain_paths(facts)
    paths = paths.assign(
        color=[
            theme.MUTED if unnamed else theme.colours(facts).actor(a)
            for a, unnamed in zip(paths.actor_id, paths.unnamed, strict=True)
        ]
    )
    links = relaying.chain_links(paths)
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
    tip = registry.RELAY_CHAINS.tooltip("path", "statements")
    kinds = list(relaying.LINK_WORDS.values())
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
            tooltip=[*tip, *registry.RELAY_CHAINS.tooltip("link")],
        )
    )
    hop_tip = [*tip, *registry.RELAY_CHAINS.tooltip("actor", "basis")]
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
    mark = f" ({relaying.INFERRED_MARK})"
    named = named.assign(name=named.actor.str.replace(mark, "", regex=False))
    # Speakers' names above the line, relays' below it: on a phone a long speaker's name and a
    # relay's no longer run into each other on one line.
    names = (
        alt.Chart(named[(named.column != 1) & ~named.unnamed])
        .mark_text(dy=-16, fontSize=12, fontWeight=600, color=theme.TEXT, align=align)
        .encode(x=x, y=y, text="name:N")
    )
    relays = (
        alt.Chart(named[(named.column == 1) & ~named.unnamed])
        .mark_text(dy=18, fontSize=12, fontWeight=600, color=theme.TEXT, align=align)
        .encode(x=x, y=y, text="name:N")
    )
    # A hop the article does not name, speaker or relay, in muted italics where its name would
    # be: "speaker not named" above the line, "relay not named" below it.
    not_named = alt.layer(
        *(
            alt.Chart(named[named.unnamed & (named.column == column)])
            .mark_text(dy=dy, fontSize=11, fontStyle="italic", color=theme.MUTED, align=align)
            .encode(x=x, y=y, text="name:N")
            for column, dy in ((0, -16), (1, 18))
        )
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
    return finish(
        chart,
        registry.RELAY_CHAINS,
        "Relay chains: "
        + "; ".join(f"{r.path} ({r.statements})" for r in summary.itertuples())
        + ". "
        + relaying.relay_sentence(facts)
        + f" A hop marked “{relaying.INFERRED_MARK}” is drawn with dashed links and a hollow dot;"
        + f" where the article names no relay, the chain shows “{relaying.UNNAMED_RELAY}”, dotted,"
        + f" and where it names no speaker, “{relaying.UNNAMED_SPEAKER}”.",
        summary,
        subtitle=(
            f"Speaker → relay → {publisher}; statements on each route. Solid: the article "
            f"names this hop; dashed: {relaying.INFERRED_MARK}; dotted: {relaying.UNNAMED_RELAY}"
        ),
    )


@tables.needs("statements")
def voice_share(facts: Facts) -> alt.Chart:
    """Share of the article's words that is each voice's direct quotation, against the narration."""
    share = people.voice_share(facts)
    voices = voice_legend_order(share, facts)
    share, colour = voice_colour(
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
            tooltip=registry.VOICE_SHARE.tooltip("voice_label", "words", "share"),
        )
        .transform_calculate(order=f"indexof({voices}, datum.voice)")
        .properties(width="container", height=50)
    )
    return finish(
        chart,
        registry.VOICE_SHARE,
        "Share of the article's words by voice: "
        + ", ".join(
            f"{r.voice_label} {phrasing.percent(r.share)} ({phrasing.plural(r.words, 'word')})"
            for r in share.itertuples()
        )
        + ". Paraphrase counts as narration because its words are the outlet's.",
        share.assign(share=lambda d: (100 * d.share).round(1)),
    )

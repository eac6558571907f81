"""Every chart declared once: its name, its page, its title, what it shows, and its one list of
fields, from which both its tooltips and its data table are built, so that a field is titled
the same wherever a reader meets it.

A chart's function (in its page's module) draws it: it asks its declaration for tooltips
(:meth:`Declared.tooltip`) and hands it to :func:`explainer.views.charts.spec.finish`, which
writes the title and the data table from it. The accessible description each chart carries is
composed from the data by its function; ``description`` here says what the chart is for.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from explainer.views import tables


@dataclass(frozen=True)
class Field:
    """One field of a chart's data, as a reader sees it in the tooltip and the data table."""

    key: str
    title: str
    #: Vega-Lite type of the field in a tooltip (N nominal, Q quantitative).
    type: str = "N"
    #: A d3 format for a tooltip's number (the table shows the value as it is).
    format: str | None = None
    #: Whether the data table has a column for it (some fields only explain a mark).
    in_table: bool = True


@dataclass(frozen=True)
class Declared:
    """A chart: name (its function's), page (``book/<page>.md``), title (a ``str.format``
    template), description, fields."""

    name: str
    page: str
    title: str
    description: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"chart {self.name} declares no field {key!r}")

    def tooltip(self, *keys: str) -> list[alt.Tooltip]:
        """Tooltips of the fields named (in that order), titled as declared."""
        tips = []
        for key in keys:
            f = self.field(key)
            extra = {"format": f.format} if f.format else {}
            tips.append(alt.Tooltip(f"{f.key}:{f.type}", title=f.title, **extra))
        return tips

    def columns(self) -> list[tables.Column]:
        """The data table's columns: (key, header) of every field in the table, in order."""
        return [(f.key, f.title) for f in self.fields if f.in_table]


#: Every chart, by name, in the order of the site's pages.
REGISTRY: dict[str, Declared] = {}


def declare(name: str, page: str, title: str, description: str, *fields: Field) -> Declared:
    keys = [f.key for f in fields]
    if len(set(keys)) != len(keys) or name in REGISTRY:
        raise ValueError(f"chart {name} is declared again, or declares a field again: {keys}")
    REGISTRY[name] = Declared(name, page, title, description, fields)
    return REGISTRY[name]


RECORD = Field("id", "Record")
FIRST_USE = Field("id", "First use")
VOICE = Field("voice_label", "Voice")
EVENT = Field("event", "Event")
WORDING = Field("wording", "Article's words")
DATE = Field("date", "Date (precision; how it was dated)")
AS_PRINTED = Field("as_printed", "As printed")

AT_A_GLANCE = declare(
    "at_a_glance",
    "index",
    "Whose words fill the article",
    "The article as a strip in reading order: the outlet's narration, and each direct quotation"
    " coloured by its voice.",
    RECORD,
    VOICE,
    Field("from", "From %"),
    Field("to", "To %"),
    Field("excerpt", "Text"),
    Field("chain", "Relay chain"),
)
TIMELINE = declare(
    "timeline",
    "timeline",
    "What happened when, as precisely as the article allows",
    "Every event on one time axis, its shape the precision of its date and its colour how the"
    " date was resolved.",
    RECORD,
    EVENT,
    WORDING,
    Field("first_day", "From"),
    Field("last_day", "To"),
    Field("precision_words", "Precision"),
    Field("dated_by", "Dated by"),
    Field("sources", "Sources"),
    Field(DATE.key, DATE.title, in_table=False),
    Field("note", "How", in_table=False),
)
TIMELINE_CLOSEUP = declare(
    "timeline_closeup",
    "timeline",
    "The same moments on each clock",
    "The hours around the moments the article times, on each clock the data names.",
    RECORD,
    EVENT,
    Field("lane", "Clock"),
    Field("local", "Local time"),
    WORDING,
    Field("day", "Local day", in_table=False),
)
#: The title of the close-up when the data names one clock only.
ONE_CLOCK_TITLE = "The moments on the {clock} clock"
ACTOR_NETWORK = declare(
    "actor_network",
    "actors",
    "Who's who: the actors and how the article relates them",
    "The actors as a network, each arrow a relation the article states, coloured by its family.",
    *(Field(key, title) for key, title in tables.RELATION_COLUMNS),
    Field("actor", "Actor", in_table=False),
    Field("kind", "Kind", in_table=False),
    Field("relations", "Actors linked", "Q", in_table=False),
)
STATEMENTS_BY_VOICE = declare(
    "statements_by_voice",
    "statements",
    "Who said what, and where the article puts it",
    "Each statement placed where it appears in the article, one row per voice.",
    RECORD,
    VOICE,
    Field("mode", "Mode"),
    Field("text", "Text (verbatim)"),
    Field("chain", "Relay chain"),
    DATE,
)
RELAY_CHAINS = declare(
    "relay_chains",
    "statements",
    "How each voice reached the reader",
    "Each route a statement took to the reader, speaker → relay → publisher, with our inferences"
    " marked.",
    Field("path", "Relay chain"),
    Field("statements", "Statements", "Q"),
    Field("records", "Records"),
    Field("link", "Link", in_table=False),
    Field("actor", "Hop", in_table=False),
    Field("basis", "Basis", in_table=False),
)
VOICE_SHARE = declare(
    "voice_share",
    "statements",
    "Voice share: whose words the article uses",
    "The share of the article's words each voice has.",
    VOICE,
    Field("words", "Words", "Q"),
    Field("share", "Share (%)", "Q", ".1%"),
    Field("records", "Quotations counted"),
)
EXCHANGE = declare(
    "exchange",
    "numbers",
    "{first} and {second}",
    "The figures the article sets against each other, drawn to a common scale.",
    RECORD,
    Field("group", "Group"),
    Field("part", "Part"),
    AS_PRINTED,
)
FIGURE_BOUNDS = declare(
    "figure_bounds",
    "numbers",
    "Every count, with its hedge",
    "Every count the article prints, on a log scale, with the side its hedge leaves open.",
    RECORD,
    AS_PRINTED,
    Field("unit", "Unit"),
    Field("reading", "Reading"),
    Field("voice_label", "Asserted by"),
    Field("chain", "Relay chain"),
    Field("note", "Note", in_table=False),
)
FIGURE_REPORTS = declare(
    "figure_reports",
    "numbers",
    "“{printed}” {unit}, beside other reporting",
    "A figure the article prints beside what other reporting gives for it.",
    Field("id", "About record"),
    Field("source", "Source"),
    Field("claim", "Says"),
    Field("stance", "Stance"),
)
TERMS_BY_VOICE = declare(
    "terms_by_voice",
    "words",
    "Which voice uses which words",
    "The descriptors and loaded words each voice uses.",
    FIRST_USE,
    Field("term", "Term"),
    Field("voice_label", "Used by"),
    Field("uses", "Uses", "Q"),
    Field("category", "Kind"),
    Field("loaded", "Loaded (our rule)"),
    Field("chain", "Relay chain"),
)
ALIASES_BY_VOICE = declare(
    "aliases_by_voice",
    "words",
    "What each voice calls the actors they share",
    "The names each voice gives the actors more than one voice names.",
    FIRST_USE,
    Field("alias", "Name used"),
    Field("actor", "Refers to"),
    VOICE,
    Field("uses", "Mentions", "Q"),
    Field("chain", "Relay chain"),
    Field("form", "Form", in_table=False),
)

"""The catalogue of problem types: what each code means and how an editor fixes it.

Every :class:`~explainer.package.Problem` the validator reports carries one of these codes
(``problem.code``). The message on the problem says what is wrong with that cell; the catalogue
says, once for every problem of its type, what the type is and how to fix it. The command line
(``python -m explainer errors``), the build's failure message and the review desk read it from
here, so the words are written once.

A type's messages are its ``template`` or its named ``templates``: a check reports through
:meth:`Result.report <explainer.package.checks.base.Result.report>`, which fills one in with the
values the check found, so an editor's message is written once, here. The few types without
templates (a parser's or Frictionless's own words, passed on) compose theirs where found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorType:
    """One kind of problem: its code, a short title, the fix, and its message: one template, or
    several, each named for the case it reports (``str.format`` fields filled in by the check)."""

    code: str
    title: str
    fix: str
    template: str = ""
    templates: Mapping[str, str] = field(default_factory=dict)

    def message(self, which: str = "", **values: object) -> str:
        """The message of this type (or of its case ``which``), filled in with ``values``."""
        template = self.templates.get(which, "") if which else self.template
        if not template:
            raise KeyError(f"{self.code} has no message template {which!r}")
        return template.format(**values)


def _catalogue(*types: ErrorType) -> dict[str, ErrorType]:
    return {t.code: t for t in types}


CATALOGUE = _catalogue(
    # files: the descriptor, the article, each CSV as text
    ErrorType(
        "descriptor-error",
        "datapackage.json cannot be read",
        "Fix datapackage.json at the line named: valid JSON, a list of resources, each with a "
        "name, a path and a schema with a fields list.",
    ),
    ErrorType(
        "article-changed",
        "The article is not the text the anchors count in",
        "Make text changes with `make edit-article`, or run `make reanchor` after editing "
        "article.txt by hand: both shift the anchors and record the new hash and size.",
    ),
    ErrorType(
        "file-missing",
        "A file the descriptor names is missing",
        "Restore the file, or remove its resource from datapackage.json.",
        "file is missing",
    ),
    ErrorType(
        "file-empty",
        "A table has no header row",
        "Write the header row: the columns datapackage.json lists, in its order.",
        "file is empty (not even a header row)",
    ),
    ErrorType(
        "encoding-error",
        "A file is not plain UTF-8 with LF line endings",
        "Save the file as UTF-8 without a byte-order mark, with LF (\\n) line endings.",
    ),
    ErrorType(
        "csv-syntax",
        "A quotation mark breaks the CSV",
        "Close the quoted value that opens on the line named; write a quotation mark inside a "
        'quoted value as "".',
    ),
    ErrorType(
        "missing-column",
        "A column the schema requires is missing",
        "Add the column to the header row (and a value, or an empty one, to every row).",
        "missing column",
    ),
    ErrorType(
        "unexpected-column",
        "A column the schema does not know",
        "Remove the column, or add it to the table's schema in datapackage.json.",
        "unexpected column (not in datapackage.json)",
    ),
    ErrorType(
        "column-order",
        "The columns are out of order",
        "Put the header's columns in the order datapackage.json lists them.",
        "columns out of order; expected {expected}",
    ),
    ErrorType(
        "row-shape",
        "A row has more or fewer values than the header",
        'Enclose a value that contains a comma in quotation marks ("like, this"); add a comma '
        "for each empty value.",
    ),
    ErrorType(
        "cell-error",
        "A value is not of its column's type or breaks a constraint",
        "Write the value as the message says: its type, an allowed value or the pattern.",
    ),
    ErrorType(
        "table-error",
        "Frictionless found a problem with a table",
        "Fix the table as the message says.",
    ),
    # keys and ids
    ErrorType(
        "duplicate-key",
        "Two rows share a primary key or a unique value",
        "Give one of the two rows a value of its own, or delete the duplicate row.",
        template=(
            "{shown} is already used on line {line}; each row needs its own {key}: change "
            "this one, or delete one of the two rows"
        ),
    ),
    ErrorType(
        "foreign-key",
        "A reference to a record that does not exist",
        "Use an id that exists in the table referred to (the message suggests the closest), or "
        "add the record.",
        template="unknown {target} id {value!r} (no row in {target}.{field})",
    ),
    ErrorType(
        "duplicate-id",
        "One id names records of two tables",
        "Rename one record: an id is a permalink, so it must be unique across the package.",
        template="id {id!r} is also used in {other}; ids are permalinks and must be unique",
    ),
    # anchors
    ErrorType(
        "anchor-mismatch",
        "An anchor's text is not the article's text at its offsets",
        "Find the words with `make locate TEXT='…'` and copy its offsets and exact text.",
        templates={
            "outside": "offsets {start}..{end} are not a span inside the article (0..{size})",
            "text": "does not match article.txt[{start}:{end}] = {found!r}{hint}",
            "found-at": "; that text is at {start}..{end} (shift {shift:+d})",
        },
    ),
    ErrorType(
        "shared-span",
        "Two records of one table on the same span",
        "Move the misplaced record to its own occurrence (`make locate` lists each with the "
        "records on it), or delete it.",
        template=(
            "{id} has the same span {start}..{end} ({exact!r}) as {other} on line {line}; "
            "two {records} on one span record one thing twice. Move the misplaced one to its "
            "own occurrence (`{locate}` lists each with the records on it) or delete it"
        ),
    ),
    ErrorType(
        "direct-quote",
        "A direct statement is not one passage between quotation marks",
        "Anchor the statement on exactly the quoted passage (or from the start of one passage "
        "to the end of a later one), or make it indirect.",
        template=(
            "a direct statement must span exactly one passage between quotation marks (or "
            "run from the start of one to the end of a later one)"
        ),
    ),
    ErrorType(
        "mention-voice",
        "A mention's voice is not the voice speaking at its span",
        "Set voice_id to the voice of the quotation the words stand in, or to narration outside "
        "quotation marks.",
        template="{voice!r}, but the span is in the {expected} voice",
    ),
    # statements
    ErrorType(
        "statement-voice",
        "A statement's voice belongs to another speaker",
        "Make voice_id the voice of the statement's speaker (voices.csv names each voice's "
        "actor), or correct the speaker.",
        template="{voice!r} is the voice of {actor!r}, but the speaker is {speaker!r}",
    ),
    ErrorType(
        "relay-chain",
        "A relay chain does not run speaker, relays, publisher",
        "Number the hops 1..n; start with the speaker, end with the publisher, relays between.",
        templates={
            "no-chain": "no relay chain in relay_hops",
            "positions": "positions for {statement} are {positions}, expected 1..{n}",
            "publisher": "the chain for {statement} must end with the publisher {publisher!r}",
            "speaker": "the chain for {statement} must start with its speaker {speaker!r}",
            "relays": "hops between speaker and publisher are relays",
        },
    ),
    # numbers
    ErrorType(
        "figure-error",
        "A figure's value, bounds or hedge disagree",
        "Use a hedge from the lexicon and bounds that the hedge and the value allow.",
        templates={
            "bound": "{bound!r} does not fit the hedge {hedge!r}; expected {expected!r}",
            "hedge": "{hedge!r} is not in the anchored text",
            "value": "{value:g}, but the anchored text {exact!r} says {printed:g}",
        },
    ),
    ErrorType(
        "arithmetic",
        "Figures that should add up do not",
        "Correct the parts or the total so that the sum holds, or say why it does not.",
        templates={
            "unknown-operands": "unknown figure id(s): {ids}",
            "unknown-figure": "unknown figure id {id!r}",
            "unknown-event": "unknown event id {id!r}",
            "sum": "{parts} = {total:g}, but {id} is {value:g}",
            "not-duration": "{id} has unit {unit!r}, not a duration",
            "duration": "{id} spans {days} days ({start}..{end}), but the operands make {made:g}",
        },
    ),
    # dates
    ErrorType(
        "date-error",
        "An event's dates, precision or basis disagree",
        "Make the start, end, precision and basis agree, as the message says.",
        templates={
            "far": (
                "{date} is more than {years} years from the article's date ({published}), and "
                "neither the event's words nor its note print {year}: a typo in the year? If the "
                "year is right, name it in the event's note (the review desk does it in one click)"
            ),
            "order": "{end} is before date_start {start}",
            "day": "precision 'day' needs date_start == date_end",
            "range": "precision 'range' needs more than one day",
            "part-of-day": "precision 'part_of_day' spans at most two calendar days",
            "no-context": "resolved from context, but no context row cites a source for it",
            "moment": "{moment} falls outside {start}..{end}",
            "unresolved": "precision 'unresolved' needs blank dates",
            "required": "required unless precision is 'unresolved'",
        },
    ),
    ErrorType(
        "context-error",
        "A context fact's values disagree",
        "Correct the value or its bounds, as the message says.",
        templates={
            "unknown": "unknown record id {id!r}",
            "about-context": "a context fact must be about an article record",
            "order": "{max:g} is below value_min {min:g}",
        },
    ),
    # coverage
    ErrorType(
        "uncovered",
        "A quotation, number or date in the article has no record",
        "Add a record anchored on it (a statement, a figure, an event), or anchor the existing "
        "record there.",
    ),
    # drafted records
    ErrorType(
        "statement-sides",
        "A statement's cue or source anchor is half given or not the article's text",
        "Give both offsets or neither, and the exact text the offsets cover (`make locate`).",
        templates={
            "offsets": "{side} needs start, end and exact",
            "outside": "{start}..{end} is not inside the article",
            "text": "does not match article.txt[{start}:{end}] = {found!r}",
        },
    ),
    ErrorType(
        "provenance",
        "A provenance row names a record that does not exist",
        "Point the provenance row at an existing record (a relay hop as statement_id#position), "
        "or delete it.",
        templates={
            "table": "no table named {named!r}",
            "record": "no record {record!r} in {named}",
        },
    ),
    # what the article states, what we infer
    ErrorType(
        "relay-basis",
        "A relay hop's basis is not what the sentence says",
        "Set the hop's basis to what the article's words show: stated where the sentence names "
        "the relay, inferred where we infer it.",
        templates={
            "no-wording": "stated_here needs the words that name the hop",
            "not-named": (
                "stated_here, but no alias of {actor!r} in the passage's sentence contains "
                "{wording!r}: the sentence does not name this hop"
            ),
            "wording": "{wording!r} is not in {where}",
            "no-note": "{basis} needs the reasoning: where the article names the hop, or why we infer it",
            "never-named": "stated_elsewhere, but the article never names {actor!r} (no alias)",
            "byline": "the publisher's hop, and only it, has basis byline",
            "publisher": "{source} is published by {publisher!r}, but this hop is {name!r}",
            "source-kind": "a {role} hop's source is of kind {kind!r}, not {found!r}",
        },
    ),
    ErrorType(
        "source-date",
        "A source's date disagrees with its address or the article",
        "Correct the date, its precision or its basis, as the message says.",
        templates={
            "unknown": "date_basis is unknown, so this stays empty",
            "no-date": "date_basis {basis!r} needs a date",
            "no-precision": "a dated source needs a precision",
            "day": "precision 'day' needs date_end == date_start",
            "range": "precision 'range' needs a later date_end",
            "lower-bound": "a lower bound has no date_end",
            "no-reasoning": "an inferred date needs a context fact about this source that gives the reasoning",
            "address": "{start}, but the address is dated {in_address}",
        },
    ),
    ErrorType(
        "source-title",
        "A title is not what its title_basis says",
        "A printed title is the article's headline (typography aside); a title of your own has "
        "title_basis descriptive; a title rebuilt from the address spells its words.",
        templates={
            "printed": (
                "title_basis is printed, but the article's headline is {headline!r}; a title in "
                "other words (an editor's, or the draft's --title) has title_basis descriptive"
            ),
            "no-url": "from_address needs a url",
            "address": "title_basis is from_address, but the address does not spell this title",
        },
    ),
    ErrorType(
        "byline",
        "The article's author or outlet is not in its byline",
        "Write the author and the publisher as the byline prints them.",
        template="{value!r} is not in the byline {byline!r}",
    ),
    ErrorType(
        "context-basis",
        "A context fact's sources, values or dates are not the ones its claim gives",
        "Make the claim and its fields agree: the values, dates and sources it names.",
        templates={
            "unknown": "unknown sources id(s) {ids} (no row in sources.source_id)",
            "cited-twice": "a source is cited twice",
            "value": "{value:g}, but the claim gives no such number",
            "no-date": "resolves {about}, but names no date from {first} to {last}",
            "time": "gives {times}, but {about}'s moment_utc is {local} in {zone}",
            "agrees": "agrees, but {lo:g}..{hi:g} does not fit {exact!r} ({bound})",
            "open-date": "agrees about {about}, whose date the article leaves open (resolution "
            "{resolution}): other reporting resolves such a date (stance resolves); put an "
            "agreement on the record of the fact itself",
        },
    ),
    ErrorType(
        "weekday",
        "A weekday does not fall on its date",
        "Correct the weekday or the date.",
        template="{words!r}: {day} is a {day:%A}, not {weekday}",
    ),
    ErrorType(
        "event-basis",
        "An event's date is marked stated but not printed, or its moment is off its dates",
        "Mark a date stated only where the anchor prints it whole; otherwise give its basis; put "
        "a known moment on the event's dates.",
        templates={
            "year": "stated, but the anchored text {exact!r} does not give the year {year}",
            "no-zone": "a moment needs the events resource's timeZone",
            "moment": "falls on {local} in {zone}, outside {start}..{end}",
            "unread": "from other reporting (context), but every context fact that resolves it "
            "is our inference ({ids}): mark the resolution inferred",
        },
    ),
    ErrorType(
        "term-words",
        "A term's canonical form is not the words it anchors",
        "Make the term the words its anchor covers.",
        template="{term!r} is not in the anchored text {exact!r}",
    ),
    # settings
    ErrorType(
        "settings-error",
        "An explainer setting in datapackage.json names what the package has not got",
        "Correct the setting as the message says: an id, a table or a name the package has.",
    ),
)


def explain(code: str) -> str:
    """What a problem type is and how to fix it, on two lines; unknown codes say so."""
    kind = CATALOGUE.get(code)
    if kind is None:
        return f"{code}: no such problem type (see `python -m explainer errors`)"
    return f"{kind.code}: {kind.title}\n  fix: {kind.fix}"


def fixes(codes: Iterable[str]) -> list[str]:
    """One line per type among ``codes`` (in the order first met): how to fix that type."""
    seen = dict.fromkeys(c for c in codes if c in CATALOGUE)
    return [f"  {code}: {CATALOGUE[code].fix}" for code in seen]

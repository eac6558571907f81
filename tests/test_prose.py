"""The facts that the pages' prose states in its own words come from the data (explainer/views/prose.py),
so a correction reaches the prose; no page types a number or a date by hand.

Every digit, number word, month and weekday in a page's prose (its Markdown outside code cells and
roles, and its front-matter description) is a number or a date stated by hand, and fails here;
numbered-list markers are the only digits left. A value the prose needs is glued in instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from explainer.package import facts as facts_module
from explainer.package.facts import Facts
from explainer.views import prose
from explainer.views.derive import people, phrasing, sourcing

BOOK = Path(__file__).resolve().parents[1] / "book"
GLUE_ROLE = re.compile(r"\{glue:md\}`([^`]+)`")
#: What states a number or a date: a number standing alone (not the 3 of "W3C"), a number
#: word, an ordinal, a month or a weekday.
BY_HAND = re.compile(
    r"(?<![\w.])\d[\d,.]*(?![\w])"
    r"|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|twice|"
    r"first|second|third|fourth|fifth)\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
LIST_MARKER = re.compile(r"^\s*\d+\.\s", re.MULTILINE)


@pytest.fixture(scope="module")
def facts() -> Facts:
    return facts_module.load()


def _prose(page: Path) -> str:
    """A page's Markdown without its front matter, code cells, roles and link targets."""
    text = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not prose
    text = re.sub(r"`[^`]*`", "", text)  # nor is code
    return LIST_MARKER.sub("", text)


def _description(page: Path) -> str:
    header = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])
    return header["myst"]["html_meta"]["description"]


def by_hand(text: str) -> list[str]:
    """Each number or date in ``text``, with the words around it."""
    return [
        " ".join(
            f"{text[max(0, m.start() - 30) : m.start()]}[{m.group()}]{text[m.end() : m.end() + 30]}".split()
        )
        for m in BY_HAND.finditer(text)
    ]


def test_the_checker_finds_numbers_and_dates_typed_by_hand():
    assert by_hand("Over half of it") and by_hand("ten Hamas passages") and by_hand("19 March")
    assert by_hand("on Monday night") and by_hand("about 1,800") and by_hand("CC BY 4.0")
    assert by_hand("the first phase")
    assert not by_hand("W3C selectors, a sha256 hash and an IDF [Israel Defense Forces] bracket")
    assert not LIST_MARKER.sub("", "1. Every claim\n10. Every party").strip()[:1].isdigit()


@pytest.mark.parametrize("page", sorted(BOOK.glob("*.md")), ids=lambda p: p.stem)
def test_no_page_states_a_number_or_a_date_by_hand(page):
    typed = by_hand(_prose(page)) + by_hand(_description(page))
    assert not typed, (
        f"{page.name} types by hand (glue it from explainer/views/prose.py):\n  "
        + "\n  ".join(typed)
    )


def test_a_correction_changes_the_values(facts):
    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    ev, cx, fg = tables["events"], tables["context"], tables["figures"]
    ev.loc[ev.event_id == "ev_strikes", "moment_utc"] = pd.Timestamp("2025-03-17T23:40Z")
    cx.loc[cx.context_id == "cx_prisoners_range", ["value_min", "value_max"]] = [1850.0, 1950.0]
    fg.loc[fg.figure_id == "fg_prisoners", "exact"] = "about 1,900"
    corrected = prose.values(Facts(facts.article, facts.descriptor, tables))
    assert corrected["ev_strikes_local"] == "01:40 on Tuesday 18 March"
    assert corrected["ev_strikes_other"] == "19:40 on Monday 17 March"
    assert corrected["cx_prisoners_range"] == "1,850 to 1,950"
    assert corrected["fg_prisoners"] == "about 1,900"


def test_every_glued_name_exists_and_every_page_that_glues_runs_the_glue(facts):
    names = set(prose.values(facts))
    for page in sorted(BOOK.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        roles = set(GLUE_ROLE.findall(text))
        assert roles <= names, (page.name, roles - names)
        if roles:
            assert "prose.glue(facts)" in text, page.name


@pytest.mark.parametrize("page", sorted(BOOK.glob("*.md")), ids=lambda p: p.stem)
def test_no_page_types_a_glued_value_by_hand(facts, page):
    text = _prose(page)
    typed = [
        value
        for value in prose.values(facts).values()
        if len(value) > 3 and re.search(rf"(?<![\w.,]){re.escape(value)}(?![\w]|,\d)", text)
    ]
    assert not typed, f"{page.name} types {typed}: use {{glue:md}} (explainer/views/prose.py)"


def _limits(note: str) -> dict[str, set[str]]:
    """The record ids a limits note links under each finding (limits-agrees, -differs, ...)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(note, "html.parser")
    return {
        kind: {a["href"].split("#", 1)[1] for a in span.find_all("a") if "#" in a["href"]}
        for span in soup.select("span[class^=limits-]")
        for kind in [span["class"][0].removeprefix("limits-")]
    }


def test_a_limits_note_is_computed_for_its_page(facts):
    """EDITORIAL.md rule 6: what other reporting corroborates, reports differently and what
    nothing here checks, from the data for the page's records."""
    numbers = prose.limits_note(facts, "figures")
    assert "one article from one outlet" in numbers and "The Algemeiner" in numbers
    found = _limits(numbers)
    cx = facts.context
    assert found["differs"] == set(cx.about_id[cx.stance == "differs"]) & set(
        facts.figures.figure_id
    )
    agrees = set(cx.about_id[cx.stance == "agrees"]) - found["differs"]
    # a hedged figure is only consistent with what reports give (read 4, m8)
    agreed = found["agrees"] | found.get("consistent", set())
    assert agreed == agrees & set(facts.figures.figure_id)
    assert not found.get("absent", set()) & set(cx.about_id)
    # a correction moves a record from "nothing checks" to "corroborates"
    status = sourcing.corroboration(facts, ("statements",))
    unchecked = sorted(rid for rid, found in status.items() if found == "absent")[0]
    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    row = (
        tables["context"]
        .iloc[[0]]
        .assign(context_id="cx_new", about_id=unchecked, stance="agrees", confidence="read")
    )
    tables["context"] = pd.concat([tables["context"], row], ignore_index=True)
    after = _limits(prose.limits_note(Facts(facts.article, facts.descriptor, tables), "statements"))
    assert unchecked in after["agrees"] and unchecked not in after.get("absent", set())
    # ... and one that rests only on what a report's address reads as says so, for any voice
    tables["context"].loc[tables["context"].context_id == "cx_new", "confidence"] = "inferred"
    after = _limits(prose.limits_note(Facts(facts.article, facts.descriptor, tables), "statements"))
    assert unchecked in after["agrees-unread"] and unchecked not in after.get("agrees", set())
    # the wording tables are never said to be corroborated
    words = prose.limits_note(facts, "terms", "aliases")
    assert set(_limits(words)) == {"wording"}


def test_a_charts_limits_are_the_page_boxs_findings_for_the_records_it_draws(facts):
    """A chart that travels alone (embed, image) says of its own records what the page's limits
    box says of them: the same sentences, from the same code, for those records only."""
    differs = sorted(set(facts.context.about_id[facts.context.stance == "differs"]))
    figure = next(rid for rid in differs if rid in set(facts.figures.figure_id))
    term = str(facts.terms.term_id.iloc[0])
    spec = {
        "layer": [
            {"data": {"values": [{"href": f"article.html#{figure}", "n": 1}]}},
            {"data": {"values": [{"records": f"{term} not_a_record"}]}},
        ]
    }
    assert prose.chart_records(facts, spec) == {figure, term}
    found = prose.chart_limits(facts, spec)
    assert [kind for kind, _ in found] == ["differs", "wording"]
    page = prose.limits_note(facts, "figures")
    # the page box's sentence on that record, word for word
    assert found[0][1] in page
    assert "The one use of a term recorded in the article is its own" in prose.as_text(found[1][1])
    # a chart that draws no record says nothing beyond the credit's limits line
    assert prose.chart_limits(facts, {"data": {"values": [{"voice": "narration"}]}}) == []


def test_the_index_counts_the_voices_the_statements_page_counts(facts):
    """The narration's voice is a voice of the package but speaks none of the passages."""
    from explainer.views import narrate

    index = re.search(r"attributed passages? by (\w+) voices?", narrate.overview(facts))
    page = re.search(r"attributes \w+ passages? to (\w+) voices?", narrate.statements(facts))
    assert index and page and index.group(1) == page.group(1)


def test_the_timeline_prose_keeps_undated_events_apart(facts):
    """An unresolved event has no date: it is not counted as "stated" nor listed in date order."""
    from explainer.views import narrate

    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    ev = tables["events"]
    first, second = ev.event_id.iloc[0], ev.event_id.iloc[1]
    ev.loc[ev.event_id.isin([first, second]), ["precision", "resolution"]] = [
        "unresolved",
        "stated",
    ]
    ev.loc[ev.event_id.isin([first, second]), ["date_start", "date_end"]] = pd.NaT
    text = narrate.timeline(Facts(facts.article, facts.descriptor, tables))
    dated, _, undated = text.partition("Without a date: ")
    for event_id in (first, second):
        cited = f"{{rec}}`{event_id}`"
        assert cited in undated and cited not in dated
    assert "stated (" not in dated and "(0)" not in text
    n = len(ev)
    assert f"{phrasing.count_words(n - 2)} with a date" in text


def test_without_context_the_limits_say_nothing_is_checked(facts):
    from explainer.views import narrate

    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    assert "agrees with" in narrate.limits(facts)
    tables["context"] = tables["context"].iloc[0:0]
    note = narrate.limits(Facts(facts.article, facts.descriptor, tables))
    assert "one article from one outlet" in note and "nothing on this site checks" in note
    assert "agrees with no facts" not in note


def test_without_terms_the_words_prose_gives_the_shares_not_the_absence_again(facts):
    """The terms chart says that no term is recorded; the prose says whose words the text is."""
    from explainer.views import narrate, tables

    emptied = {name: frame.copy() for name, frame in facts.tables.items()}
    emptied["terms"] = emptied["terms"].iloc[0:0]
    text = narrate.words(Facts(facts.article, facts.descriptor, emptied))
    assert tables.ABSENT["terms"] not in text
    shares = [int(n) for n in re.findall(r" (\d+)%", text)]
    assert len(shares) == len(people.voice_share(facts)) and 98 <= sum(shares) <= 102


def test_a_limits_box_never_nests_quotation_marks(facts):
    """Read 6, m4: the boxes printed “Hamas has called for “mass demonstrations…”. A label stops
    before the article's own quotation mark, the cut marked "…"."""
    tables = ("statements", "events", "figures", "relations", "terms", "aliases")
    text = prose.as_text(prose.limits_note(facts, *tables))
    assert not re.search(r"“[^”]*“", text), re.search(r"“[^”]*“", text)

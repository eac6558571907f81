"""The facts that the pages' prose states in its own words come from the data (explainer/prose.py),
so a correction reaches the prose; no page types one of them in by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from explainer import facts as facts_module
from explainer import prose
from explainer.facts import Facts

BOOK = Path(__file__).resolve().parents[1] / "book"
GLUE_ROLE = re.compile(r"\{glue:md\}`([^`]+)`")


@pytest.fixture(scope="module")
def facts() -> Facts:
    return facts_module.load()


def _prose(page: Path) -> str:
    """A page's Markdown without its front matter, code cells and roles' targets."""
    text = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.DOTALL)
    return re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)


def test_the_values_read_the_data(facts):
    assert prose.values(facts) == {
        "quotations": "14",
        "strikes_israel": "02:30 on Tuesday 18 March",
        "strikes_new_york": "20:30 on Monday 17 March",
        "pmo_israel": "03:00",
        "phase1_start": "19 January",
        "phase1_end": "1 March",
        "blockade": "2 March",
        "ramadan": "1 to 29 March",
        "tuesday": "18 March",
        "prisoners_range": "1,800 to 2,000",
        "population_estimate": "2.1 million",
        "hostages_corroborated": "33, 25 living and 8 dead",
    }


def test_a_correction_changes_the_values(facts):
    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    ev, cx = tables["events"], tables["context"]
    ev.loc[ev.event_id == "ev_strikes", "moment_utc"] = pd.Timestamp("2025-03-17T23:40Z")
    cx.loc[cx.context_id == "cx_prisoners_range", ["value_min", "value_max"]] = [1850.0, 1950.0]
    corrected = prose.values(Facts(facts.article, facts.descriptor, tables))
    assert corrected["strikes_israel"] == "01:40 on Tuesday 18 March"
    assert corrected["strikes_new_york"] == "19:40 on Monday 17 March"
    assert corrected["prisoners_range"] == "1,850 to 1,950"


def test_every_glued_name_exists_and_every_page_that_glues_runs_the_glue(facts):
    names = set(prose.values(facts))
    used = set()
    for page in sorted(BOOK.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        roles = set(GLUE_ROLE.findall(text))
        assert roles <= names, (page.name, roles - names)
        if roles:
            assert "prose.glue(facts)" in text, page.name
        used |= roles
    assert used == names, f"values no page uses: {names - used}"


@pytest.mark.parametrize("page", sorted(BOOK.glob("*.md")), ids=lambda p: p.stem)
def test_no_page_types_a_glued_value_by_hand(facts, page):
    text = _prose(page)
    typed = [
        value
        for value in prose.values(facts).values()
        if re.search(rf"(?<![\w.,]){re.escape(value)}(?![\w]|,\d)", text)
    ]
    assert not typed, f"{page.name} types {typed}: use {{glue:md}} (explainer/prose.py)"

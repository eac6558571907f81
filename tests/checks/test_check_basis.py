"""checks/basis.py: fields that restate another field, or the article, agree with it; among
them, a printed title is the headline, and an edited title passes."""

from __future__ import annotations

import pytest
from check_cases import codes_in, types_test
from test_bad_input import edit

from explainer.package.checks.basis import same_title

TYPES = {
    "stated_relay_not_in_the_sentence": "relay-basis",
    "inference_without_reasoning": "relay-basis",
    "stated_hop_without_its_words": "relay-basis",
    "reference_words_not_in_the_sentence": "relay-basis",
    "publisher_not_by_byline": "relay-basis",
    "hop_source_of_another_outlet": "relay-basis",
    "day_with_a_range": "source-date",
    "address_dated_otherwise": "source-date",
    "unknown_date_with_a_day": "source-date",
    "title_not_in_its_address": "source-title",
    "headline_not_as_printed": "source-title",
    "author_not_in_the_byline": "byline",
    "unknown_source_among_several": "context-basis",
    "value_the_claim_does_not_give": "context-basis",
    "agreement_the_hedge_rules_out": "context-basis",
    "resolution_naming_another_day": "context-basis",
    "time_of_day_of_another_moment": "context-basis",
    "agreement_with_an_open_date": "context-basis",
    "reported_date_resting_on_inference": "event-basis",
    "weekday_of_another_day": "weekday",
    "moment_on_another_local_day": "event-basis",
    "stated_date_without_its_year": "event-basis",
    "term_not_its_anchor": "term-words",
}
HEADLINE = "Hamas calls for global siege on US, Israeli embassies after renewed strikes in Gaza"


test_each_basis_problem_has_its_type = types_test(TYPES)


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        (HEADLINE + ".", True),  # a first line drafted as the title keeps its full stop
        (HEADLINE.upper(), True),
        (HEADLINE.replace(", ", ",  "), True),
        (HEADLINE.replace("US, Israeli", "US – Israeli"), False),  # a word (",") changed
        (HEADLINE.replace("global siege", "world siege"), False),
    ],
)
def test_a_printed_title_may_differ_from_the_headline_in_typography_only(data_copy, title, printed):
    assert same_title(title, HEADLINE) is printed
    edit(data_copy, "sources", "src_article", title=title)
    assert ("source-title" not in codes_in(data_copy, "sources.csv")) is printed


def test_quotation_marks_and_dashes_are_typography():
    assert same_title("A ‘siege’ — now", "A 'siege' - now.")
    assert not same_title("A siege now", "A 'siege' now")


def test_an_edited_title_in_other_words_passes_as_descriptive(data_copy):
    """An editor's title, or the draft's --title, in words the article does not print: the
    validator accepts it as ours (title_basis descriptive) and names that fix when it is
    marked printed."""
    title = "Hamas urges a siege of US and Israeli embassies"
    line = edit(data_copy, "sources", "src_article", title=title)
    from explainer.package.validate import validate

    printed = [p for p in validate(data_copy).problems if p.code == "source-title"]
    assert [(p.row, p.field) for p in printed] == [(line, "title")]
    assert "title_basis descriptive" in printed[0].message
    edit(data_copy, "sources", "src_article", title_basis="descriptive")
    assert validate(data_copy).ok

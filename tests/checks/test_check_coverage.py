"""checks/coverage.py: every quotation, number and date in the article has its record."""

from __future__ import annotations

from check_cases import types_test

TYPES = {
    "deleted_statement": "uncovered",
    "number_without_figure": "uncovered",
    "date_without_event": "uncovered",
    "stray_mark_note_deleted": "uncovered",
}


test_each_coverage_problem_has_its_type = types_test(TYPES)


def test_a_reviewed_quoted_phrase_note_accounts_for_a_title_in_quotation_marks(data_copy):
    """A newcomer could neither accept nor reject the drafted note on a show's title in
    quotation marks ("Morning Joe"): once reviewed, a quoted_phrase note did not cover it."""
    import csv

    from explainer.package import edit
    from explainer.package.validate import validate

    edit.replace_in_article(data_copy, [("during a visit to", "during a “visit” to")])
    text = (data_copy / "article.txt").read_text(encoding="utf-8")
    start = text.index("“visit”")
    problems = [str(p) for p in validate(data_copy).problems]
    assert any("has no direct statement: 'visit" in p for p in problems), problems
    with (data_copy / "notes.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "nt_title",
                "quoted_phrase",
                start,
                start + 7,
                "“visit”",
                "A scare quote, no one's words.",
            ]
        )
    result = validate(data_copy)  # the note is not in provenance.csv: reviewed
    assert result.ok, "\n".join(str(p) for p in result.problems)

"""Coverage: every quotation, number and date the scanners find in the article is covered by a
record (sentences that state facts are anchored).
"""

from __future__ import annotations

import re

from explainer.package import Problem, article_resource, display_path, scan
from explainer.package.checks.base import Result, anchors, check
from explainer.package.checks.provenance import quotation_drafts
from explainer.package.vocab import FACT_TABLES


def _spans(result: Result, tables_: tuple[str, ...]) -> list[tuple[int, int]]:
    text = result.article or ""
    return [
        (s, e) for t in tables_ for row, s, e in anchors(result, t) if text[s:e] == row["exact"]
    ]


@check("uncovered")
def check_coverage(result: Result) -> None:
    """Everything the scanners find in the article must be covered by a record."""
    text = result.article
    if text is None or any(t not in result.rows for t in (*FACT_TABLES, "notes")):
        return
    article = display_path(result.data_dir, article_resource(result.descriptor)["path"])

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def report(offset: int, what: str) -> None:
        result.problems.append(Problem(article, line_of(offset), "-", what))

    direct = [(s, e) for row, s, e in anchors(result, "statements") if row["mode"] == "direct"]
    quotes, strays = scan.quotations(text)
    # A quoted_phrase note is an editor's (or, drafted, the machine's) reading that the marks
    # hold a title, a name or a scare quote, not anyone's words: the note says why.
    phrases = [(s, e) for row, s, e in anchors(result, "notes") if row["kind"] == "quoted_phrase"]
    covering = direct + quotation_drafts(result) + phrases
    for q in quotes:
        words = scan.after_label(text, q)
        if not any(s <= words and q.end <= e for s, e in covering):
            report(
                q.start,
                f"quoted passage at {q.start}..{q.end} has no direct statement: {q.text[:50]!r}",
            )
    marks = {s for row, s, e in anchors(result, "notes") if row["kind"] == "stray_quotation_mark"}
    for offset in strays:
        if offset not in marks:
            report(offset, f"stray quotation mark at {offset} is not recorded in notes")

    figures = _spans(result, ("figures",))
    for s, e in scan.numbers(text):
        if not any(a <= s and e <= b for a, b in figures):
            report(s, f"number {text[s:e]!r} at {s}..{e} has no figure")

    events = _spans(result, ("events",))
    for s, e in scan.date_expressions(text):
        if not any(a < e and s < b for a, b in events):
            report(s, f"date expression {text[s:e]!r} at {s}..{e} has no event")

    # Names: every printed occurrence of a name the aliases record. Forms come from anchors that
    # match the text; any alias's offsets count as cover, so a broken anchor is reported once.
    aliases = [(s, e) for _, s, e in anchors(result, "aliases")]
    for form in sorted({text[s:e] for s, e in _spans(result, ("aliases",))}):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            if not any(a <= m.start() and m.end() <= b for a, b in aliases):
                report(
                    m.start(),
                    f"name {form!r} at {m.start()}..{m.end()} has no alias, though aliases.csv "
                    "records that name elsewhere: add an alias row with start "
                    f"{m.start()}, end {m.end()}, exact {form!r}",
                )

    facts = _spans(result, FACT_TABLES)
    no_fact = [(s, e) for row, s, e in anchors(result, "notes") if row["kind"] == "no_fact"]
    for s, e in scan.sentences(text):
        if not any(a < e and s < b for a, b in facts + no_fact):
            report(s, f"sentence at {s}..{e} has no record: {text[s:e][:50]!r}")

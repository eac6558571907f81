"""checks/anchors.py: offsets and exact text, shared spans, direct quotations, mention voices."""

from __future__ import annotations

from check_cases import codes_in, types_test

TYPES = {
    "shifted_offsets": "anchor-mismatch",
    "quote_altered_by_one_character": "anchor-mismatch",
    "offsets_outside_the_article": "anchor-mismatch",
    "direct_statement_not_a_full_passage": "direct-quote",
    "alias_voice_contradicts_its_quotation": "mention-voice",
    "figure_voice_contradicts_its_quotation": "mention-voice",
    "narration_term_given_to_a_quoted_voice": "mention-voice",
}


test_each_anchor_problem_has_its_type = types_test(TYPES)


def test_two_aliases_on_one_span_are_a_shared_span(data_copy):
    path = data_copy / "aliases.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    hamas = [i for i, line in enumerate(lines) if ",Hamas," in line]
    first, second = lines[hamas[0]].split(","), lines[hamas[1]].split(",")
    first[2:4] = second[2:4]  # the first alias moved onto the second's span
    lines[hamas[0]] = ",".join(first)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "shared-span" in codes_in(data_copy, "aliases.csv")

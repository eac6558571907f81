"""The validator's checks for drafted records: provenance, cue and source anchors, split
quotations, unresolved dates. They run on a copy of the hand-made package (no spaCy needed)."""

from __future__ import annotations

import csv
from pathlib import Path

from explainer.package.validate import review_counts, validate


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, rows: list[dict], fields: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields or list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def problems(data: Path) -> list[str]:
    return [str(p) for p in validate(data).problems]


PROV = ["record_id", "table", "review", "rule", "confidence", "note"]


def test_hand_made_records_count_as_reviewed(real_result):
    drafted, reviewed = review_counts(real_result)
    assert drafted == 0 and reviewed == real_result.n_records


def test_drafted_records_are_counted(data_copy):
    rows = [
        {"record_id": "st_q01", "table": "statements", "review": "draft", "rule": "quote", "confidence": "0.9", "note": ""},
        {"record_id": "fg_prisoners", "table": "figures", "review": "reviewed", "rule": "number", "confidence": "0.8", "note": ""},
    ]  # fmt: skip
    write(data_copy / "provenance.csv", rows, PROV)
    result = validate(data_copy)
    assert result.ok, result.problems
    n = result.n_records - 2  # the two provenance rows are not fact records
    assert review_counts(result) == (1, n - 1)


def test_provenance_must_name_a_real_record(data_copy):
    rows = [
        {"record_id": "st_nope", "table": "statements", "review": "draft", "rule": "x", "confidence": "0.5", "note": ""},
        {"record_id": "st_q01", "table": "quotes", "review": "draft", "rule": "x", "confidence": "0.5", "note": ""},
        {"record_id": "st_q02", "table": "statements", "review": "maybe", "rule": "x", "confidence": "1.5", "note": ""},
    ]  # fmt: skip
    write(data_copy / "provenance.csv", rows, PROV)
    found = problems(data_copy)
    assert any("provenance.csv:2: record_id: no record 'st_nope' in statements" in p for p in found)
    assert any("provenance.csv:3: table: no table named 'quotes'" in p for p in found)
    assert any(
        p.startswith(str(Path("data") / "provenance.csv")) or "provenance.csv:4: review" in p
        for p in found
    )
    assert any("provenance.csv:4: confidence" in p for p in found)


def test_cue_and_source_anchors_must_match_the_text(data_copy, article):
    rows = read(data_copy / "statements.csv")
    row = next(r for r in rows if r["statement_id"] == "st_p06")
    cue = article.index(" said that Jerusalem") + 1
    row.update(cue_start=str(cue), cue_end=str(cue + 4), cue_exact="said")
    row.update(source_start=str(cue - 5), source_end=str(cue - 1), source_exact="Kats")
    write(data_copy / "statements.csv", rows)
    found = problems(data_copy)
    line = rows.index(row) + 2
    assert [p.split(": ", 1)[1] for p in found if f"statements.csv:{line}:" in p] == [
        f"source_exact: does not match article.txt[{cue - 5}:{cue - 1}] = 'Katz'"
    ]
    assert not any(": cue_" in p for p in found)


def test_a_drafted_paraphrase_may_hold_quoted_words_until_reviewed(data_copy):
    # Remove a direct fragment that a paraphrase holds: the quoted passage is then uncovered ...
    rows = [r for r in read(data_copy / "statements.csv") if r["statement_id"] != "st_q02"]
    write(data_copy / "statements.csv", rows)
    hops = [h for h in read(data_copy / "relay_hops.csv") if h["statement_id"] != "st_q02"]
    write(data_copy / "relay_hops.csv", hops)
    assert any(
        "has no direct statement: 'Arabic and Islamic world'" in p for p in problems(data_copy)
    )
    # ... unless the paraphrase holding it is a draft, which an editor has yet to split.
    prov = [{"record_id": "st_p02", "table": "statements", "review": "draft", "rule": "xcomp", "confidence": "0.7", "note": ""}]  # fmt: skip
    write(data_copy / "provenance.csv", prov, PROV)
    assert not any("has no direct statement" in p for p in problems(data_copy))
    prov[0]["review"] = "reviewed"
    write(data_copy / "provenance.csv", prov, PROV)
    assert any("has no direct statement" in p for p in problems(data_copy))


def test_unresolved_events_have_no_dates_and_others_need_them(data_copy):
    rows = read(data_copy / "events.csv")
    rows[0]["precision"] = "unresolved"  # but it keeps its dates
    rows[1]["date_end"] = ""  # a resolved event without its end
    write(data_copy / "events.csv", rows)
    found = problems(data_copy)
    assert any(":2: date_start: precision 'unresolved' needs blank dates" in p for p in found)
    assert any(":3: date_end: required unless precision is 'unresolved'" in p for p in found)


def test_the_site_marks_drafted_records_as_drafted(data_copy):
    from explainer import load
    from explainer.views import annotate

    prov = [{"record_id": "st_q01", "table": "statements", "review": "draft", "rule": "quote_adjacent", "confidence": "0.85", "note": ""}]  # fmt: skip
    write(data_copy / "provenance.csv", prov, PROV)
    facts = load(data_copy)
    text = annotate.article_html(facts)
    opening = text[text.index('id="st_q01"') - 200 : text.index('id="st_q01"')]
    assert "rec-draft" in opening.rsplit("<mark", 1)[1]
    assert text.count("rec-draft") == 1 + text.count('rec-cont" data-record="st_q01"')
    assert 'title="Drafted, not yet reviewed. ' in text
    legend = annotate.legend_html(facts)
    n = len(annotate.record_rows(facts))
    assert f"<strong>Draft.</strong> 1 of {n} highlighted records" in legend
    (row,) = [r for r in annotate.record_rows(facts) if r["id"] == "st_q01"]
    assert row["type"].endswith("(drafted, not yet reviewed)")


def test_a_reviewed_package_shows_no_draft_note(facts):
    from explainer.views import annotate

    assert "legend-draft" not in annotate.legend_html(facts)
    assert "rec-draft" not in annotate.article_html(facts)

"""Bad input: corrupt a copy of data/ one way at a time and check exactly what validation reports.

Each case corrupts the scratch copy and returns where the problem must be reported: the file name, the
line (header = line 1; found by searching the corrupted file, never hard-coded) and the field. Cases
also say which other files may legitimately be named (knock-on problems); any other file named is a
misattributed problem and fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer import DataError, load
from explainer.package.validate import validate

PROBLEM_LINE = re.compile(r"^\S+:(\d+|-): \S+: .+")


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Expect:
    file: str
    row: int | str
    field: str
    also: tuple[str, ...] = ()  # other files that may be named by knock-on problems

    @property
    def location(self) -> tuple[str, int | str, str]:
        return (self.file, self.row, self.field)


def path_of(d: Path, table: str) -> Path:
    return d / f"{table}.csv"


def read_table(d: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    text = path_of(d, table).read_text(encoding="utf-8")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    return header, [dict(zip(header, r, strict=True)) for r in rows]


def csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()[:-1]


def write_table(d: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    lines = [csv_line(header)] + [csv_line([r.get(h, "") for h in header]) for r in rows]
    path_of(d, table).write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_number(path: Path, line: str) -> int:
    """The 1-based line of `path` that is exactly `line` (which must occur once)."""
    hits = [
        i for i, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text == line
    ]
    assert len(hits) == 1, (path.name, line, hits)
    return hits[0]


def _matches(row: dict[str, str], header: list[str], where: str | dict[str, str]) -> bool:
    if isinstance(where, str):
        return row[header[0]] == where
    return all(row[k] == v for k, v in where.items())


def edit(d: Path, table: str, where: str | dict[str, str], **changes: str) -> int:
    """Change cells of the one row matching `where`; return that row's line in the new file."""
    header, rows = read_table(d, table)
    hits = [r for r in rows if _matches(r, header, where)]
    assert len(hits) == 1, (table, where)
    hits[0].update(changes)
    write_table(d, table, header, rows)
    return line_number(path_of(d, table), csv_line([hits[0][h] for h in header]))


def row_line(d: Path, table: str, where: str | dict[str, str]) -> int:
    """The line of the one row matching `where`, found by searching the file for it."""
    header, rows = read_table(d, table)
    hits = [r for r in rows if _matches(r, header, where)]
    assert len(hits) == 1, (table, where)
    return line_number(path_of(d, table), csv_line([hits[0][h] for h in header]))


def drop(d: Path, table: str, pred: Callable[[dict[str, str]], bool]) -> None:
    header, rows = read_table(d, table)
    kept = [r for r in rows if not pred(r)]
    assert len(kept) < len(rows), table
    write_table(d, table, header, kept)


def append(d: Path, table: str, copy_of: str | dict[str, str], **changes: str) -> int:
    """Append a copy of the row `copy_of` with some cells changed; return its line."""
    header, rows = read_table(d, table)
    new = dict(next(r for r in rows if _matches(r, header, copy_of)), **changes)
    write_table(d, table, header, [*rows, new])
    return line_number(path_of(d, table), csv_line([new[h] for h in header]))


def article_line(d: Path, offset: int) -> int:
    return (d / "article.txt").read_text(encoding="utf-8").count("\n", 0, offset) + 1


def article_offset(d: Path, text: str) -> int:
    article = (d / "article.txt").read_text(encoding="utf-8")
    assert article.count(text) == 1, text
    return article.index(text)


def run(d: Path) -> list:
    """Validate; it must return problems, never raise."""
    result = validate(d)
    assert isinstance(result.problems, list)
    assert not result.ok and result.problems, "the corruption went unnoticed"
    return result.problems


def locations(problems) -> set[tuple[str, int | str, str]]:
    return {(Path(p.file).name, p.row, p.field) for p in problems}


def check(problems, expect: Expect) -> None:
    listing = "\n".join(str(p) for p in problems)
    assert expect.location in locations(problems), f"expected {expect.location} in:\n{listing}"
    named = {Path(p.file).name for p in problems}
    assert named <= {expect.file, *expect.also}, f"misattributed problems:\n{listing}"


# ---------------------------------------------------------------- the corruptions

CASES: dict[str, Callable[[Path], Expect]] = {}


def case(fn: Callable[[Path], Expect]) -> Callable[[Path], Expect]:
    CASES[fn.__name__] = fn
    return fn


# files and encodings


@case
def missing_column(d):
    header, rows = read_table(d, "aliases")
    write_table(d, "aliases", [h for h in header if h != "form"], rows)
    return Expect("aliases.csv", 1, "form")


@case
def extra_column(d):
    header, rows = read_table(d, "actors")
    write_table(d, "actors", [*header, "wikidata"], [dict(r, wikidata="Q1") for r in rows])
    return Expect("actors.csv", 1, "wikidata")


@case
def columns_out_of_order(d):
    header, rows = read_table(d, "voices")
    write_table(d, "voices", [header[1], header[0], *header[2:]], rows)
    return Expect("voices.csv", 1, "-", also=("voices.csv",))


@case
def missing_file(d):
    (d / "notes.csv").unlink()
    return Expect("notes.csv", "-", "-")


@case
def empty_file(d):
    (d / "checks.csv").write_bytes(b"")
    return Expect("checks.csv", "-", "-")


@case
def byte_order_mark(d):
    path = d / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expect("sources.csv", 1, "-")


@case
def crlf_line_ending(d):
    path = d / "relay_hops.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    target = csv_line(
        ["st_q05", "2", "press_tv", "relay", "src_presstv", "stated_here", "Iran’s Press TV", ""]
    )
    line = line_number(path, target)
    lines[line - 1] += "\r"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return Expect("relay_hops.csv", line, "-")


@case
def invalid_utf8(d):
    path = d / "notes.csv"
    raw = path.read_bytes()
    at = raw.index(b"It is kept")
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    return Expect("notes.csv", raw[:at].count(b"\n") + 1, "-")


# the descriptor


@case
def malformed_json(d):
    path = d / "datapackage.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    (i,) = [i for i, line in enumerate(lines) if '"bytes":' in line]
    lines[i] = re.sub(r'("bytes": )(\d+)', r"\1\2 \2", lines[i])
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect("datapackage.json", i + 1, "-")


@case
def resource_without_path(d):
    path = d / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    i = next(i for i, r in enumerate(desc["resources"]) if r["name"] == "aliases")
    del desc["resources"][i]["path"]
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False), encoding="utf-8")
    return Expect("datapackage.json", "-", f"resources[{i}]")


# types and constraints


@case
def text_in_integer(d):
    return Expect("aliases.csv", edit(d, "aliases", "al_010", start="abc"), "start")


@case
def empty_required_cell(d):
    return Expect("actors.csv", edit(d, "actors", "egypt", description=""), "description")


@case
def duplicate_id(d):
    line = append(d, "actors", "qatar", name="Qatar (again)")
    return Expect("actors.csv", line, "actor_id")


@case
def duplicate_composite_key(d):
    where = {"statement_id": "st_q02", "position": "2"}
    line = append(d, "relay_hops", where, source_id="src_mehr")
    return Expect("relay_hops.csv", line, "statement_id+position")


@case
def unknown_enum_value(d):
    return Expect("actors.csv", edit(d, "actors", "egypt", kind="planet"), "kind")


@case
def id_pattern_violation(d):
    return Expect("aliases.csv", edit(d, "aliases", "al_010", alias_id="AL_010"), "alias_id")


@case
def offset_below_minimum(d):
    return Expect("terms.csv", edit(d, "terms", "tm_010", start="-1"), "start", also=("terms.csv",))


@case
def impossible_date(d):
    return Expect("events.csv", edit(d, "events", "ev_phase1", date_end="2025-02-30"), "date_end")


# keys and ids


@case
def unknown_actor_id(d):
    return Expect("aliases.csv", edit(d, "aliases", "al_010", actor_id="nobody"), "actor_id")


@case
def id_used_in_two_tables(d):
    line = append(d, "actors", "qatar", actor_id="src_article", name="A second source")
    return Expect("actors.csv", line, "actor_id")


# anchors and quotations


@case
def quote_altered_by_one_character(d):
    header, rows = read_table(d, "statements")
    exact = next(r["exact"] for r in rows if r["statement_id"] == "st_q04")
    tidied = exact.replace("\u2019", "'", 1)  # the curly apostrophe "tidied" to a straight one
    assert len(tidied) == len(exact) and tidied != exact
    line = edit(d, "statements", "st_q04", exact=tidied)
    # the aliases and terms inside the quotation lose their quoted voice as a knock-on
    return Expect("statements.csv", line, "exact", also=("aliases.csv", "terms.csv"))


@case
def shifted_offsets(d):
    header, rows = read_table(d, "figures")
    row = next(r for r in rows if r["figure_id"] == "fg_prisoners")
    line = edit(
        d, "figures", "fg_prisoners", start=str(int(row["start"]) + 1), end=str(int(row["end"]) + 1)
    )
    return Expect("figures.csv", line, "exact", also=("article.txt",))


@case
def offsets_outside_the_article(d):
    return Expect("aliases.csv", edit(d, "aliases", "al_078", end="99999"), "end")


@case
def article_text_changed(d):
    path = d / "article.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("Jan. 19") == 1
    path.write_text(text.replace("Jan. 19", "Jan. 18"), encoding="utf-8")  # same length
    return Expect("article.txt", "-", "hash", also=("events.csv", "figures.csv"))


@case
def article_byte_added(d):
    path = d / "article.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    return Expect("article.txt", "-", "bytes")


@case
def direct_statement_not_a_full_passage(d):
    # "Arabic and Islamic world" cut to "Arabic": still a verbatim anchor, but not a whole quotation
    start = article_offset(d, "Arabic and Islamic world")
    line = edit(d, "statements", "st_q02", end=str(start + len("Arabic")), exact="Arabic")
    return Expect("statements.csv", line, "exact", also=("aliases.csv", "article.txt"))


@case
def alias_voice_contradicts_its_quotation(d):
    # al_008 is "Israeli" inside Hamas's quoted call for a siege of embassies
    return Expect("aliases.csv", edit(d, "aliases", "al_008", voice_id="narration"), "voice_id")


@case
def narration_term_given_to_a_quoted_voice(d):
    # "terrorist group" in the narration, attributed to Hamas
    return Expect("terms.csv", edit(d, "terms", "tm_002", voice_id="hamas"), "voice_id")


@case
def figure_voice_contradicts_its_quotation(d):
    line = edit(d, "figures", "fg_population", voice_id="narration")
    return Expect("figures.csv", line, "voice_id")


# relay chains


@case
def chain_not_ending_with_publisher(d):
    where = {"statement_id": "st_q01", "position": "3"}
    line = edit(d, "relay_hops", where, actor_id="press_tv", role="relay")
    return Expect("relay_hops.csv", line, "actor_id")


@case
def chain_not_starting_with_speaker(d):
    where = {"statement_id": "st_q08", "position": "1"}
    return Expect("relay_hops.csv", edit(d, "relay_hops", where, actor_id="katz"), "actor_id")


@case
def chain_position_gap(d):
    edit(d, "relay_hops", {"statement_id": "st_q05", "position": "3"}, position="4")
    first = row_line(d, "relay_hops", {"statement_id": "st_q05", "position": "1"})
    return Expect("relay_hops.csv", first, "position")


@case
def statement_without_chain(d):
    drop(d, "relay_hops", lambda r: r["statement_id"] == "st_q07")
    return Expect("statements.csv", row_line(d, "statements", "st_q07"), "statement_id")


# numbers


@case
def broken_sum(d):
    # 25 + six weeks' "6" is not 33: a wrong operand, with every figure still matching its text
    line = edit(d, "checks", "ck_hostages_sum", operand_ids="fg_hostages_alive fg_phase1_weeks")
    return Expect("checks.csv", line, "result_id")


@case
def broken_duration(d):
    # six weeks checked against a one-day event
    line = edit(d, "checks", "ck_phase1_length", result_id="ev_phase1_start")
    return Expect("checks.csv", line, "result_id")


@case
def hedge_bound_mismatch(d):
    return Expect("figures.csv", edit(d, "figures", "fg_prisoners", bound="exact"), "bound")


@case
def hedge_not_in_the_anchor(d):
    line = edit(d, "figures", "fg_population", hedge="nearly", bound="upper")
    return Expect("figures.csv", line, "hedge")


# dates


@case
def end_before_start(d):
    return Expect("events.csv", edit(d, "events", "ev_ramadan", date_end="2025-02-28"), "date_end")


@case
def day_precision_spanning_two_days(d):
    line = edit(d, "events", "ev_ground_ops", date_end="2025-03-20")
    return Expect("events.csv", line, "date_end")


@case
def moment_outside_the_dates(d):
    line = edit(d, "events", "ev_strikes", moment_utc="2025-03-25T00:30:00Z")
    return Expect("events.csv", line, "moment_utc")


# context


@case
def context_about_unknown_record(d):
    return Expect("context.csv", edit(d, "context", "cx_katz_i24", about_id="st_q99"), "about_id")


@case
def context_minimum_above_maximum(d):
    line = edit(d, "context", "cx_prisoners_range", value_min="2500")
    return Expect("context.csv", line, "value_max")


@case
def context_resolution_without_a_source(d):
    drop(d, "context", lambda r: r["about_id"] == "ev_ground_ops")
    return Expect("events.csv", row_line(d, "events", "ev_ground_ops"), "resolution")


# coverage of the article


@case
def deleted_statement(d):
    drop(d, "statements", lambda r: r["statement_id"] == "st_q14")
    drop(d, "relay_hops", lambda r: r["statement_id"] == "st_q14")
    line = article_line(d, article_offset(d, "We will not stop fighting"))
    # the alias and the term inside the lost quotation fall back to the narration voice
    return Expect("article.txt", line, "-", also=("aliases.csv", "terms.csv"))


@case
def stray_mark_note_deleted(d):
    drop(d, "notes", lambda r: r["kind"] == "stray_quotation_mark")
    offset = article_offset(d, "the statement reads\u201d") + len("the statement reads")
    return Expect("article.txt", article_line(d, offset), "-")


@case
def number_without_figure(d):
    drop(d, "figures", lambda r: r["exact"] == "one voice")
    return Expect("article.txt", article_line(d, article_offset(d, "one voice")), "-")


@case
def date_without_event(d):
    drop(d, "events", lambda r: r["exact"] == "on Wednesday")
    line = article_line(d, article_offset(d, "on Wednesday"))
    # the context row about the deleted event now points nowhere
    return Expect("article.txt", line, "-", also=("context.csv",))


# ---------------------------------------------------------------- the tests


def test_enough_distinct_corruptions():
    assert len(CASES) >= 24


def test_the_clean_copy_is_valid(data_copy):
    result = validate(data_copy)
    assert result.problems == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_corruption_is_reported_exactly(data_copy, name):
    expect = CASES[name](data_copy)
    check(run(data_copy), expect)


MANY = [
    "unknown_enum_value",
    "text_in_integer",
    "broken_sum",
    "end_before_start",
    "context_about_unknown_record",
    "chain_not_ending_with_publisher",
    "narration_term_given_to_a_quoted_voice",
    "hedge_bound_mismatch",
    "byte_order_mark",
]


def test_several_corruptions_are_all_reported_in_one_run(data_copy):
    expected = [CASES[name](data_copy) for name in MANY]
    problems = run(data_copy)
    missing = [e.location for e in expected if e.location not in locations(problems)]
    assert missing == [], "\n".join(str(p) for p in problems)
    assert len({e.file for e in expected}) >= 7


@pytest.mark.parametrize(
    "names",
    [["malformed_json"], ["missing_file"], ["deleted_statement"], MANY],
    ids=["malformed_json", "missing_file", "deleted_statement", "many"],
)
def test_cli_lists_every_problem_without_a_traceback(data_copy, names):
    expected = [CASES[name](data_copy) for name in names]
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", "data"],
        cwd=data_copy.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr
    *lines, last = proc.stdout.splitlines()
    assert lines
    bad = [line for line in lines if not PROBLEM_LINE.match(line)]
    assert bad == []
    for e in expected:
        prefix = f"data/{e.file}:{e.row}: {e.field}: "
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)
    # the summary is the last line of stdout, where it cannot land among the problems
    assert re.match(rf"{len(lines)} problems? in \d+ files?: ", last), last
    assert proc.stderr == ""


def test_load_raises_data_error_listing_the_problems(data_copy):
    expected = [CASES[name](data_copy) for name in ("unknown_enum_value", "broken_sum")]
    with pytest.raises(DataError) as info:
        load(data_copy)
    problems = info.value.problems
    assert {e.location for e in expected} <= locations(problems)
    for p in problems:
        assert str(p) in str(info.value)


# ---------------------------------------------------------------- gaps found in review, now checked


def test_gap_figure_value_contradicts_its_anchor(data_copy):
    line = edit(data_copy, "figures", "fg_prisoners", value="3000")
    check(run(data_copy), Expect("figures.csv", line, "value"))


def test_gap_relation_voice_contradicts_its_quotation(data_copy):
    # "US presidential envoy Steve Witkoff" is inside the PMO's quoted statement
    line = edit(data_copy, "relations", "rl_witkoff_envoy_us", voice_id="narration")
    check(run(data_copy), Expect("relations.csv", line, "voice_id"))


def test_gap_statement_voice_contradicts_its_speaker(data_copy):
    line = edit(data_copy, "statements", "st_p06", voice_id="pmo")
    check(run(data_copy), Expect("statements.csv", line, "voice_id"))


def test_bug_missing_referenced_file_is_reported_once(data_copy):
    (data_copy / "actors.csv").unlink()
    check(run(data_copy), Expect("actors.csv", "-", "-"))


def test_bug_rows_after_a_multiline_cell_keep_their_line_numbers(data_copy):
    path = data_copy / "actors.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("The State of Israel.") == 1
    path.write_text(text.replace("The State of Israel.", '"The State\nof Israel."'), "utf-8")
    line = edit(data_copy, "actors", "egypt", kind="planet")
    check(run(data_copy), Expect("actors.csv", line, "kind"))

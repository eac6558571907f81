"""The editor's messages: each mistake an editor makes gets one line that names the file, the line,
the field, what is wrong and how to fix it (issue 16's walk-through, one test per mistake).

Lines are found by searching the corrupted file, never hard-coded.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.package import scan
from explainer.package.locate import locate, report
from explainer.package.validate import validate

REPO = Path(__file__).resolve().parents[1]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def line_with(path: Path, needle: str) -> int:
    hits = [i for i, line in enumerate(lines_of(path), 1) if needle in line]
    assert len(hits) == 1, (path.name, needle, hits)
    return hits[0]


def problems_in(d: Path, name: str) -> list:
    return [p for p in validate(d).problems if Path(p.file).name == name]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def rows(d: Path, table: str) -> list[dict[str, str]]:
    with (d / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- CSV syntax first


def test_an_unclosed_quotation_mark_is_named_at_the_line_it_opened(data_copy):
    path = data_copy / "context.csv"
    text = path.read_text(encoding="utf-8")
    claim = next(r["claim"] for r in rows(data_copy, "context") if r["context_id"] == "cx_pubdate")
    quoted = '"' + claim.replace('"', '""') + '"'
    assert text.count(quoted) == 1
    path.write_text(text.replace(quoted, quoted[:-1]), encoding="utf-8")  # drop the closing mark
    line = line_with(path, "cx_pubdate,")

    result = validate(data_copy)
    context = [p for p in result.problems if Path(p.file).name == "context.csv"]
    assert [(p.row, p.field) for p in context] == [(line, "claim")], context
    message = context[0].message
    assert "unclosed quotation mark" in message
    assert 'add the closing "' in message
    # nothing misread after it: no blank cells, type or enum errors, no knock-on in other files
    assert {Path(p.file).name for p in result.problems} == {"context.csv"}, result.problems


def test_text_after_a_closing_quotation_mark_is_named(data_copy):
    path = data_copy / "notes.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count('""the statement reads""') == 1
    path.write_text(text.replace('""the statement reads""', '"the statement reads"'), "utf-8")
    line = line_with(path, "the statement reads")
    (problem,) = problems_in(data_copy, "notes.csv")
    assert (problem.row, problem.field) == (line, "note")
    assert "after the closing quotation mark" in problem.message
    assert 'written twice ("")' in problem.message


def test_an_unquoted_comma_is_named_with_the_columns(data_copy):
    path = data_copy / "actors.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(",The State of Israel.") == 1
    path.write_text(text.replace(",The State of Israel.", ",The State, of Israel."), "utf-8")
    line = line_with(path, "The State, of Israel.")
    (problem,) = problems_in(data_copy, "actors.csv")
    assert problem.row == line
    assert "6 values, but the header has 5 columns" in problem.message
    assert "' of Israel.'" in problem.message and "description" in problem.message
    assert "enclosed in quotation marks" in problem.message


# ---------------------------------------------------------------- keys and values


def test_a_duplicate_id_is_named_with_both_lines(data_copy):
    path = data_copy / "actors.csv"
    original = line_with(path, "qatar,")
    copy = lines_of(path)[original - 1].replace("qatar,Qatar,", "qatar,Qatar again,")
    path.write_text(path.read_text(encoding="utf-8") + copy + "\n", encoding="utf-8")
    duplicate = len(lines_of(path)) - 1
    (problem,) = [p for p in problems_in(data_copy, "actors.csv") if p.field == "actor_id"]
    assert problem.row == duplicate
    assert f"'qatar' is already used on line {original}" in problem.message
    assert "change this one, or delete one of the two rows" in problem.message
    assert "position" not in problem.message


def test_a_duplicate_composite_key_names_each_part(data_copy):
    path = data_copy / "relay_hops.csv"
    original = line_with(path, "st_q02,2,")
    path.write_text(
        path.read_text(encoding="utf-8")
        + "st_q02,2,press_tv,relay,src_mehr,stated_here,Press TV,\n",
        "utf-8",
    )
    (problem,) = [p for p in problems_in(data_copy, "relay_hops.csv") if "+" in p.field]
    assert (problem.row, problem.field) == (len(lines_of(path)) - 1, "statement_id+position")
    assert f"statement_id 'st_q02' with position '2' is already used on line {original}" in (
        problem.message
    )


def test_an_enum_lists_its_values_as_words_and_suggests_the_closest(data_copy):
    path = data_copy / "context.csv"
    text = path.read_text(encoding="utf-8")
    target = next(line for line in lines_of(path) if line.startswith("cx_pubdate,"))
    path.write_text(text.replace(target, target.replace(",resolves,", ",resolve,")), "utf-8")
    (problem,) = problems_in(data_copy, "context.csv")
    assert (problem.row, problem.field) == (line_with(path, "cx_pubdate,"), "stance")
    assert problem.message == (
        "'resolve' is not an allowed value: write resolves, agrees or differs (closest: resolves)"
    )


@pytest.mark.parametrize(
    ("value", "wanted"),
    [("abc", "'abc' is not a whole number, such as 12"), ("-1", "'-1' is out of range")],
)
def test_a_bad_number_says_what_to_write(data_copy, value, wanted):
    path = data_copy / "terms.csv"
    line = line_with(path, "tm_010,")
    lines = lines_of(path)
    cells = next(csv.reader([lines[line - 1]]))
    cells[2] = value  # start
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[line - 1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")
    found = [p for p in problems_in(data_copy, "terms.csv") if p.field == "start"]
    assert [p.row for p in found] == [line]
    assert found[0].message.startswith(wanted), found[0].message


# ---------------------------------------------------------------- the summary and the order


def test_problems_print_in_file_order_with_the_summary_last(data_copy):
    for table, needle, old, new in [
        ("context", "cx_pubdate,", ",resolves,", ",resolve,"),
        ("actors", "egypt,", ",state,", ",planet,"),
        ("actors", "qatar,", ",state,", ",planet,"),
    ]:
        path = data_copy / f"{table}.csv"
        target = lines_of(path)[line_with(path, needle) - 1]
        path.write_text(path.read_text("utf-8").replace(target, target.replace(old, new)), "utf-8")
    proc = cli("validate", "data", cwd=data_copy.parent)
    assert proc.returncode == 1 and proc.stderr == ""
    *problems, summary = proc.stdout.splitlines()
    files = [line.split(":")[0] for line in problems]
    assert files == ["data/actors.csv", "data/actors.csv", "data/context.csv"]  # descriptor order
    actor_lines = [int(line.split(":")[1]) for line in problems[:2]]
    assert actor_lines == sorted(actor_lines)
    assert summary.startswith("3 problems in 2 files: ")
    assert "make validate" in summary


# ---------------------------------------------------------------- the article text


def git_copy(data_copy: Path) -> None:
    """Make the scratch copy a git repository, as a clone of the project is."""
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "data"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=data_copy,
            check=True,
            capture_output=True,
        )


def test_a_hand_edit_of_the_article_names_the_command_that_takes_it(data_copy):
    git_copy(data_copy)
    path = data_copy / "article.txt"
    text = path.read_text(encoding="utf-8")
    before = {r["alias_id"]: r for r in rows(data_copy, "aliases")}
    assert text.count("Israel\u2019s decision") == 1
    path.write_text(text.replace("Israel\u2019s decision", "Israel\u2019s choice"), "utf-8")
    (problem,) = [p for p in validate(data_copy).problems if p.field == "hash"]
    assert Path(problem.file).name == "article.txt"
    assert "`make reanchor`" in problem.message and "`make edit-article" in problem.message

    proc = cli("reanchor", "--data-dir", "data", cwd=data_copy.parent)
    assert proc.returncode == 0, proc.stderr
    assert "make validate" in proc.stdout
    assert validate(data_copy).problems == []
    after = {r["alias_id"]: r for r in rows(data_copy, "aliases")}
    shift = len("choice") - len("decision")
    late = [a for a, r in before.items() if int(r["start"]) > text.index("decision")]
    assert late and all(int(after[a]["start"]) == int(before[a]["start"]) + shift for a in late)


def test_reanchor_without_the_recorded_text_says_what_to_do(data_copy):
    path = data_copy / "article.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Jan. 19", "Jan. 18"), "utf-8")
    proc = cli("reanchor", "--data-dir", "data", cwd=data_copy.parent)
    assert proc.returncode == 1
    assert "edit-article OLD NEW" in proc.stderr and "nothing was changed" in proc.stderr


def test_edit_article_keeps_the_package_valid(data_copy):
    proc = cli(
        "edit-article",
        "decision to resume",
        "choice to resume",
        "--data-dir",
        "data",
        cwd=data_copy.parent,
    )
    assert proc.returncode == 0, proc.stderr
    assert "anchors shifted" in proc.stdout and "make validate" in proc.stdout
    text = (data_copy / "article.txt").read_text(encoding="utf-8")
    assert "Israel\u2019s choice to resume" in text
    assert validate(data_copy).problems == []


def test_edit_article_takes_straight_quotes_and_refuses_to_cut_an_anchor(data_copy):
    # typed with a straight apostrophe, found as printed; but it cuts across the alias "Israel"
    proc = cli(
        "edit-article",
        "Israel's decision",
        "the decision",
        "--data-dir",
        "data",
        cwd=data_copy.parent,
    )
    assert proc.returncode == 1
    article = (data_copy / "article.txt").read_text(encoding="utf-8")
    at = article.index("Israel\u2019s decision")
    alias = next(r for r in rows(data_copy, "aliases") if r["start"] == str(at))
    line = line_with(data_copy / "aliases.csv", alias["alias_id"] + ",")
    assert f"aliases.csv:{line} (" in proc.stderr
    assert f"({alias['alias_id']}, 'Israel'): the replacement at" in proc.stderr
    assert "replace text wholly inside the anchor or wholly around it" in proc.stderr
    assert "nothing was changed" in proc.stderr


def test_edit_article_refuses_an_ambiguous_text(data_copy):
    proc = cli("edit-article", "Hamas", "Hamás", "--data-dir", "data", cwd=data_copy.parent)
    assert proc.returncode == 1
    assert "occurs 14 times" in proc.stderr and "nothing was changed" in proc.stderr


# ---------------------------------------------------------------- anchors moved by hand


def test_an_alias_moved_onto_another_is_reported_with_the_name_it_left(data_copy):
    aliases = rows(data_copy, "aliases")
    first, second = (next(r for r in aliases if r["start"] == s) for s in ("0", "128"))
    assert first["exact"] == second["exact"] == "Hamas"
    path = data_copy / "aliases.csv"
    old = f"{first['alias_id']},hamas,0,5,Hamas,"
    new = f"{first['alias_id']},hamas,128,133,Hamas,"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    problems = validate(data_copy).problems
    shared = [p for p in problems if Path(p.file).name == "aliases.csv"]
    assert [(p.row, p.field) for p in shared] == [
        (line_with(path, second["alias_id"] + ","), "start")
    ]
    assert first["alias_id"] in shared[0].message and second["alias_id"] in shared[0].message
    assert "make locate" in shared[0].message
    headline = [p for p in problems if Path(p.file).name == "article.txt"]
    assert [(p.row, p.field) for p in headline] == [(1, "-")]
    assert "name 'Hamas' at 0..5 has no alias" in headline[0].message
    assert "start 0, end 5" in headline[0].message


def test_relations_may_share_a_span_because_the_schema_says_so(real_result):
    spans = [(r["start"], r["end"]) for r in real_result.rows["relations"]]
    assert len(spans) > len(set(spans))  # the real data shares spans, and validates
    assert real_result.ok


def test_the_headline_is_checked_like_every_sentence(data_copy):
    headline_end = (data_copy / "article.txt").read_text(encoding="utf-8").index("\n")
    path = data_copy / "statements.csv"
    covering = [r["statement_id"] for r in rows(data_copy, "statements") if r["start"] == "0"]
    assert covering
    kept = [line for line in lines_of(path) if line.split(",")[0] not in covering]
    path.write_text("\n".join(kept), encoding="utf-8")
    hops = data_copy / "relay_hops.csv"
    kept = [line for line in lines_of(hops) if line.split(",")[0] not in covering]
    hops.write_text("\n".join(kept), encoding="utf-8")
    problems = [p for p in validate(data_copy).problems if Path(p.file).name == "article.txt"]
    assert [(p.row, p.field) for p in problems] == [(1, "-")]
    assert f"sentence at 0..{headline_end} has no record" in problems[0].message


# ---------------------------------------------------------------- quotations and locate


def test_straight_quoted_quotations_are_read_like_curly_ones(data_copy):
    path = data_copy / "article.txt"
    text = path.read_text(encoding="utf-8")
    quote = "\u201cArabic and Islamic world\u201d"
    assert text.count(quote) == 1
    path.write_text(text.replace(quote, '"Arabic and Islamic world"'), encoding="utf-8")
    quotes, strays = scan.quotations(path.read_text(encoding="utf-8"))
    assert "Arabic and Islamic world" in [q.text for q in quotes] and len(strays) == 1
    # the direct statement still spans the passage: no quotation or stray mark is reported
    problems = validate(data_copy).problems
    assert problems and not [p for p in problems if "quot" in p.message], problems


def test_an_unrecorded_straight_quotation_is_reported(data_copy):
    path = data_copy / "article.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("to resume military operations") == 1
    changed = text.replace("to resume military", '"resumes" military')  # same length
    path.write_text(changed, encoding="utf-8")
    problems = [p for p in validate(data_copy).problems if "quoted passage" in p.message]
    assert [p.message.split(":")[0] for p in problems] == [
        f"quoted passage at {changed.index('resumes')}..{changed.index('resumes') + 7} has no "
        "direct statement"
    ]


def test_locate_matches_curly_quotes_and_prints_the_article_characters(data_copy):
    shown, hits = locate(data_copy, "Israel's decision")
    assert [h.exact for h in hits] == ["Israel\u2019s decision"]
    out = report(shown, "Israel's decision", hits)
    assert any("the article prints 'Israel\u2019s decision'" in line for line in out)


def test_locate_matches_dashes_and_spaces_alike():
    text = "a cease\u2011fire \u2013 now\u00a0held"
    assert scan.find_lookalike(text, "cease-fire - now held") == [(2, len(text))]
    assert scan.find_lookalike(text, "ceasefire") == []


def test_locate_shows_context_and_the_records_anchored_there(data_copy, article):
    shown, hits = locate(data_copy, "Hamas")
    assert len(hits) == article.count("Hamas") >= 10
    aliases = {(int(r["start"]), int(r["end"])): r["alias_id"] for r in rows(data_copy, "aliases")}
    for hit in hits:  # each "Hamas" is an alias, or inside one ("Hamas-led ...")
        named = [(how, r.id) for how, r in hit.records if r.table == "aliases"]
        exact = aliases.get((hit.start, hit.end))
        assert named[:1] == [("on it", exact)] if exact else named[0][0] == "around it"
        assert (
            article[hit.start - len(hit.before) : hit.start].replace("\n", "\u23ce") == hit.before
        )
    out = report(shown, "Hamas", hits)
    assert out[-1] == f"{len(hits)} occurrences of 'Hamas' in {shown}"
    first = out[:4]
    assert re.match(r"1\. 0\.\.5 \(line 1\): 'Hamas'", first[0])
    assert first[2].strip() == "^^^^^"
    assert first[3].startswith("   anchored: aliases ")


def test_make_targets_run_the_editor_commands():
    proc = subprocess.run(
        ["make", "-s", "locate", "TEXT=Israel's decision"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Israel\u2019s decision" in proc.stdout and "anchored:" in proc.stdout
    usage = subprocess.run(["make", "-s", "locate"], cwd=REPO, capture_output=True, text=True)
    assert usage.returncode != 0 and 'make locate TEXT="' in usage.stdout

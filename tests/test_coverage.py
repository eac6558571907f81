"""Coverage: everything in the article that carries a fact has a record.

The article is scanned twice, with explainer.package.scan and with the simple regexes below, and the findings
are checked against the anchors load() returns (not against the validator's own coverage check). The
scanners themselves are unit-tested on small synthetic strings so that a broken scanner fails here.
"""

from __future__ import annotations

import re

import pytest

from explainer.package import scan

OPEN, CLOSE = "\u201c", "\u201d"
FACT_TABLES = ("statements", "events", "figures", "relations")

# ---------------------------------------------------------------- independent scanners

QUOTED = re.compile(r"\u201c([^\u201c\u201d\n]*)\u201d")
MY_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty "
    "thirty forty fifty hundred hundreds thousand thousands million millions billion billions "
    "dozen dozens half twice first second third fourth fifth"
).split()
MY_NUMBERS = re.compile(r"\d(?:[\d,.]*\d)?|\b(?:" + "|".join(MY_NUMBER_WORDS) + r")\b", re.I)
MY_DATES = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2}\b"
    r"|\b\w+\s+(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:yesterday|today|tomorrow|recently|tonight)\b"
    r"|\bRamadan\b"
)
# A sentence ends at . ! or ? (plus closing quotes) before whitespace and a capital or an opening
# quote; "Jan. 19" is safe because a digit follows.
MY_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\u201d?\s+(?=[A-Z\u201c])")


def my_quotes(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    spans = [m.span(1) for m in QUOTED.finditer(text)]
    used = {e for _, e in spans} | {s - 1 for s, _ in spans}
    strays = [i for i, ch in enumerate(text) if ch in (OPEN, CLOSE) and i not in used]
    return spans, strays


def my_sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for para in re.finditer(r"[^\n]+", text):
        cursor = para.start()
        for m in MY_SENTENCE_BREAK.finditer(text, para.start(), para.end()):
            out.append((cursor, m.start() + (text[m.start()] == CLOSE)))
            cursor = m.end()
        out.append((cursor, para.end()))
    return [(s, e) for s, e in out if text[s:e].strip()]


# ---------------------------------------------------------------- anchors from load()


def _spans(facts, tables, **where) -> list[tuple[int, int]]:
    out = []
    for name in tables:
        df = facts.tables[name]
        for col, value in where.items():
            df = df[df[col] == value]
        out += [(int(s), int(e)) for s, e in zip(df["start"], df["end"], strict=True)]
    assert out, (tables, where)
    return out


def _inside(s: int, e: int, spans) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def _overlaps(s: int, e: int, spans) -> bool:
    return any(a < e and s < b for a, b in spans)


@pytest.fixture(scope="module")
def direct(facts):
    return set(_spans(facts, ["statements"], mode="direct"))


# ---------------------------------------------------------------- quotations


def test_fourteen_quoted_passages_and_one_stray_mark(article):
    quotes, strays = scan.quotations(article)
    assert len(quotes) == 14
    assert len(strays) == 1
    assert article[strays[0]] == CLOSE
    assert article[: strays[0]].endswith("the statement reads")
    mine, my_strays = my_quotes(article)
    assert mine == [(q.start, q.end) for q in quotes]
    assert my_strays == strays
    assert article.count(OPEN) == 14 and article.count(CLOSE) == 15


def test_every_quoted_passage_is_a_direct_statement(article, facts, direct):
    quotes, _ = scan.quotations(article)
    exact = dict(zip(facts.statements["start"], facts.statements["exact"], strict=True))
    for q in quotes:
        assert (q.start, q.end) in direct, q.text
        assert exact[q.start] == q.text
    assert len(direct) == len(quotes)


def test_the_stray_mark_is_a_note(article, facts):
    _, strays = scan.quotations(article)
    notes = _spans(facts, ["notes"], kind="stray_quotation_mark")
    assert [s for s, _ in notes] == strays


# ---------------------------------------------------------------- numbers and dates


def test_every_number_is_inside_a_figure(article, facts):
    figures = _spans(facts, ["figures"])
    found = scan.numbers(article) + [m.span() for m in MY_NUMBERS.finditer(article)]
    assert len(found) >= 20  # both scanners found something
    missing = [article[s:e] for s, e in found if not _inside(s, e, figures)]
    assert missing == []


def test_the_scanners_agree_on_numbers(article):
    theirs = {article[s:e] for s, e in scan.numbers(article)}
    mine = {m.group() for m in MY_NUMBERS.finditer(article)}
    assert {"33", "25", "eight", "2,000", "two", "million", "six", "19", "first"} <= theirs
    assert theirs == mine


def test_every_date_expression_overlaps_an_event(article, facts):
    events = _spans(facts, ["events"])
    found = scan.date_expressions(article) + [m.span() for m in MY_DATES.finditer(article)]
    texts = {article[s:e] for s, e in found}
    assert {"Monday night", "Wednesday", "Tuesday", "Jan. 19", "six weeks", "recently"} <= texts
    missing = [article[s:e] for s, e in found if not _overlaps(s, e, events)]
    assert missing == []


# ---------------------------------------------------------------- sentences


def test_every_sentence_has_a_record(article, facts):
    facts_spans = _spans(facts, FACT_TABLES)
    notes = facts.notes[facts.notes["kind"] == "no_fact"]
    facts_spans += [(int(s), int(e)) for s, e in zip(notes["start"], notes["end"], strict=True)]
    theirs, mine = scan.sentences(article), my_sentences(article)
    assert len(theirs) >= 20 and len(mine) >= 20
    missing = [article[s:e][:60] for s, e in theirs + mine if not _overlaps(s, e, facts_spans)]
    assert missing == []


def test_the_scanners_agree_on_sentences(article):
    theirs = [article[s:e].strip() for s, e in scan.sentences(article)]
    mine = [article[s:e].strip() for s, e in my_sentences(article)]
    assert theirs == mine
    assert theirs[0].startswith("Hamas calls for global siege")  # headline
    assert theirs[1].startswith("By Ailin Vilches Arguello")  # byline
    assert any(s.startswith("During the first phase, which began on Jan. 19,") for s in theirs)


# ---------------------------------------------------------------- unit tests of explainer.package.scan


def test_quotations_pairs_curly_marks_and_excludes_them():
    text = "He said \u201cgo\u201d and \u201cstay, now.\u201d Then left."
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == ["go", "stay, now."]
    assert [text[q.start : q.end] for q in quotes] == ["go", "stay, now."]
    assert text[quotes[0].start - 1] == OPEN and text[quotes[0].end] == CLOSE
    assert strays == []


def test_quotations_reports_a_stray_closing_mark():
    text = "\u201cWe resume,\u201d the statement reads\u201d\n\nNext paragraph."
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == ["We resume,"]
    assert strays == [text.index("reads") + len("reads")]


def test_quotations_do_not_run_across_paragraphs():
    text = "\u201cunclosed\n\nlater\u201d"
    quotes, strays = scan.quotations(text)
    assert quotes == []
    assert strays == [0, text.index(CLOSE)]


def test_quotations_pair_straight_marks_and_doubled_apostrophes():
    # Copy from other outlets prints straight marks ("go") or doubled apostrophes (''go'').
    text = "He said \"go\" and left. ''Stay,'' she said. It isn't theirs."
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == ["go", "Stay,"] and strays == []
    # In a text that also prints curly marks, straight marks quote too (issue: treat them
    # alike), but an inch mark after a digit is no quotation mark.
    quotes, strays = scan.quotations('\u201cA 12" pipe,\u201d he said, "and more."')
    assert [q.text for q in quotes] == ['A 12" pipe,', "and more."] and strays == []


def test_a_quotation_running_over_paragraphs_is_no_stray():
    text = "He said: \u201cFirst part.\n\n\u201cSecond part.\u201d\n\nThe end \u201copen"
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == ["First part.", "Second part."]
    assert strays == [text.index("\u201copen")]  # the last one is never continued


def test_sentences_do_not_end_at_jan_19():
    text = "The phase began on Jan. 19, and it held. Then it ended."
    spans = scan.sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "The phase began on Jan. 19, and it held.",
        "Then it ended.",
    ]


def test_sentences_end_after_a_closing_quote_and_split_paragraphs():
    text = "Headline here\n\nBy A Writer\n\n\u201cWe go.\u201d He said it. \u201cAgain,\u201d he added."
    got = [text[s:e] for s, e in scan.sentences(text)]
    assert got == [
        "Headline here",
        "By A Writer",
        "\u201cWe go.\u201d",
        "He said it.",
        "\u201cAgain,\u201d he added.",
    ]


def test_numbers_finds_digits_and_number_words():
    text = "Nearly 2,000 prisoners, 33 hostages, eight dead, the first phase, two million."
    got = [text[s:e] for s, e in scan.numbers(text)]
    assert got == ["2,000", "33", "eight", "first", "two", "million"]


def test_numbers_respects_word_boundaries():
    text = "Someone often gave the last tone alone; none were eighteen."
    assert scan.numbers(text) == []  # no "one", "ten", "last", "eight" inside other words


def test_date_expressions():
    text = (
        "On Monday night they struck; on Wednesday troops moved. It began on Jan. 19 and lasted "
        "six weeks, during the holy month of Ramadan. Israel recently closed it."
    )
    got = [text[s:e] for s, e in scan.date_expressions(text)]
    assert got == [
        "Monday night",
        "Wednesday",
        "Jan. 19",
        "six weeks",
        "month of Ramadan",
        "recently",
    ]


def test_a_quotation_inside_a_quotation_with_the_same_marks():
    text = "“As a voter, I’d rather live in what he calls “hell” than live here.” ― Ana Ruiz"
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == [
        "As a voter, I’d rather live in what he calls “hell” than live here."
    ]
    assert strays == []
    # A second left mark with one right mark after it: the first quotation never closed.
    quotes, strays = scan.quotations("“She left. “We stay,” he said.")
    assert [q.text for q in quotes] == ["We stay,"] and strays == [0]


def test_an_empty_pair_of_marks_quotes_nothing():
    quotes, strays = scan.quotations("He said \"\" and ''y''")
    assert [q.text for q in quotes] == ["y"] and strays == []


def test_a_right_mark_that_opens_a_paragraph_opens_a_quotation():
    # Some copy prints a reader's comment with a right mark where the left one belongs; a right
    # mark after a word still closes nothing and stays a stray.
    text = "\u201dFear. I am afraid.\u201d \u2015 Ana Ruiz\n\nThe statement reads\u201d here."
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == ["Fear. I am afraid."]
    assert strays == [text.index("reads") + len("reads")]


def test_a_transcript_turn_quoted_with_a_straight_mark_nests_its_curly_quotations():
    text = '"PENCE: She thinks this is \u201cShark Tank.\u201d It is not.\n\n"WALLACE: Thank you."'
    quotes, strays = scan.quotations(text)
    assert [q.text for q in quotes] == [
        "PENCE: She thinks this is \u201cShark Tank.\u201d It is not.",
        "WALLACE: Thank you.",
    ]
    assert strays == []
    # Without a speaker's label the straight mark is an ordinary one: the curly pair is the
    # quotation (a quoted article's paragraph holds attributions of its own).
    quotes, strays = scan.quotations('"She thinks this is \u201cShark Tank.\u201d\n\n"Next."')
    assert [q.text for q in quotes] == ["Shark Tank.", "Next."]

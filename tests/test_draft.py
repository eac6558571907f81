"""The drafting rules, each on a few lines written for the test (never PolNeAR's texts)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("spacy", reason="the drafting extra: make test installs it")

from explainer.draft import assemble, attributions, dates, pipeline, run  # noqa: E402
from explainer.package import (
    ROOT,  # noqa: E402
    scan,  # noqa: E402
)
from explainer.package.validate import validate  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    """The rules alone: these tests pin each rule's spans; the trained tagger and its merging
    with the rules are tested in test_draft_model.py."""
    nlp = pipeline.load("-model")
    yield nlp
    pipeline.rules.configure("")


def attrs(text, nlp):
    return [a for a in attributions.extend(text, attributions.lift(pipeline.parse(text, nlp)))]


def statements_in(text, nlp):
    """The attributions drafted as statements: every one but the notes on quoted phrases."""
    return [a for a in attrs(text, nlp) if a.mode != "note"]


def by_content(text, atts):
    return {text[a.content[0] : a.content[1]]: a for a in atts}


def span(text, x):
    return text[x[0] : x[1]] if x else ""


def load_rows(path):
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def draft(text, nlp, date=None, outlet="The Daily Example"):
    return run.draft_text(text, assemble.Meta(date=date, outlet=outlet), nlp)


# ---------------------------------------------------------------- quotations


def test_curly_quote_with_its_cue_and_speaker(nlp):
    text = "“We will rebuild the bridge by spring,” Mayor Ana Ruiz said on Friday."
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "We will rebuild the bridge by spring,"
    assert a.mode == "direct"
    assert span(text, a.cue) == "said"
    assert span(text, a.source) == "Mayor Ana Ruiz"


def test_straight_quotes_after_the_cue(nlp):
    text = 'The minister told reporters: "The budget is balanced."'
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "The budget is balanced."
    assert span(text, a.source) == "The minister"


def test_a_quote_split_by_its_cue_is_one_statement(nlp):
    text = "“The river is rising,” she said, “and the levee will not hold.”"
    (a,) = statements_in(text, nlp)
    assert a.mode == "direct"
    assert a.content == (1, len(text) - 1)  # from the first passage to the end of the second
    assert span(text, a.cue) == "said"


def test_a_quote_going_on_after_its_cue(nlp):
    text = "“We are ready,” the coach said. “The team has trained all winter.”"
    (a,) = statements_in(text, nlp)
    assert span(text, a.content).startswith("We are ready,")
    assert span(text, a.content).endswith("The team has trained all winter.")
    assert span(text, a.source) == "the coach"


def test_a_quote_running_over_two_paragraphs(nlp):
    text = (
        "The senator said: “We will vote against this bill in committee.\n\n"
        "“And we will vote against it on the floor.”"
    )
    passages = scan.quotations(text)[0]
    assert len(passages) == 2 and not scan.quotations(text)[1]  # no stray mark
    (a,) = statements_in(text, nlp)
    assert a.content == (passages[0].start, passages[1].end)


def test_nested_quotes_stay_inside_the_outer_quotation(nlp):
    text = "“They told us ‘wait until Monday’ and we waited,” said the farmer Jo Lee."
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "They told us ‘wait until Monday’ and we waited,"
    assert span(text, a.source) == "the farmer Jo Lee"


def test_a_short_quote_with_no_cue_is_a_quoted_phrase(nlp):
    text = "The plan, known as “Green Start,” begins in May."
    atts = attrs(text, nlp)
    assert [(span(text, a.content), a.mode) for a in atts] == [("Green Start,", "note")]


def test_an_unbalanced_quote_never_crashes_and_is_flagged(nlp):
    text = "“The fund is empty,” the treasurer said”\n\nThe meeting ended."
    atts = statements_in(text, nlp)
    assert atts and atts[0].confidence <= 0.3
    assert any("unpaired quotation mark" in n for n in atts[0].notes)
    d = draft(text, nlp)
    assert [n["kind"] for n in d.tables["notes"]].count("stray_quotation_mark") == 1


# ---------------------------------------------------------------- reported speech


def test_said_that(nlp):
    text = "The mayor said that the bridge would reopen in May."
    (a,) = attrs(text, nlp)
    assert span(text, a.content) == "that the bridge would reopen in May"
    assert (span(text, a.cue), span(text, a.source), a.mode) == ("said", "The mayor", "paraphrase")


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The mayor said the bridge would reopen in May, ending a year of detours for commuters.",
            "the bridge would reopen in May",
        ),
        (
            "The senator said she would not vote for Mr. Grant, the favourite of the donors.",
            "she would not vote for Mr. Grant",
        ),
    ],
)
def test_the_narrators_aside_after_a_reported_clause_stays_out(nlp, text, content):
    contents = [span(text, a.content) for a in attrs(text, nlp)]
    assert contents == [content]


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The ministry said it was firmly opposed to the plan and warned the council to stop.",
            "it was firmly opposed to the plan",
        ),
        (
            "The spot concludes with footage of Grant saying during the debate last week, “That"
            " makes me careful,” when Ruiz blasted him for not paying the bridge toll.",
            "That makes me careful,",
        ),
        (
            "He often told his students on a regular basis that “hard work is the answer.”",
            "that “hard work is the answer.",
        ),
    ],
)
def test_a_reported_clause_ends_where_the_reported_words_do(nlp, text, content):
    got = [span(text, a.content) for a in statements_in(text, nlp)]
    assert got[:1] == [content]


@pytest.mark.parametrize(
    "text",
    [
        "It is worth noting that the bridge opened a year late.",
        "It goes without saying that the council wanted the bridge.",
        "Imagine that the bridge had cost twice as much.",
    ],
)
def test_the_narrators_own_idiom_reports_no_one(nlp, text):
    assert statements_in(text, nlp) == []


def test_urged_someone_to(nlp):
    text = "The union urged its members to reject the offer."
    (a,) = attrs(text, nlp)
    assert span(text, a.content) == "its members to reject the offer"
    assert span(text, a.cue) == "urged"


def test_called_for(nlp):
    text = "The opposition called for an independent inquiry."
    (a,) = attrs(text, nlp)
    assert span(text, a.content) == "an independent inquiry"
    assert span(text, a.cue) == "called for"


def test_according_to(nlp):
    text = "The factory will close next year, according to the company."
    (a,) = attrs(text, nlp)
    assert span(text, a.content) == "The factory will close next year"
    assert (span(text, a.cue), span(text, a.source)) == ("according to", "the company")


def test_a_cue_inside_a_quotation_is_the_quoted_voice_s(nlp):
    text = "“My father said that we should leave,” the witness said."
    (a,) = statements_in(text, nlp)
    assert span(text, a.source) == "the witness"


# ---------------------------------------------------------------- speakers and relays


def test_he_added_is_the_last_named_speaker(nlp):
    text = (
        "Transport Minister Paul Grant said the line would open in June. "
        "“It is the biggest project in a decade,” he added."
    )
    d = draft(text, nlp)
    st = d.tables["statements"]
    assert len(st) == 2
    assert st[0]["speaker_id"] and st[1]["speaker_id"] == st[0]["speaker_id"]
    actor = next(a for a in d.tables["actors"] if a["actor_id"] == st[0]["speaker_id"])
    assert actor["name"] == "Paul Grant" and actor["kind"] == "person"
    alias = next(a for a in d.tables["aliases"] if a["actor_id"] == actor["actor_id"])
    assert alias["form"] == "title_and_name" and alias["exact"] == "Transport Minister Paul Grant"


def test_according_to_an_outlet_is_a_relay_hop(nlp):
    text = "Hamas has called for a general strike, according to Iranian state-run media."
    d = draft(text, nlp)
    st = next(s for s in d.tables["statements"] if s["cue_exact"] == "according to")
    chain = [h for h in d.tables["relay_hops"] if h["statement_id"] == st["statement_id"]]
    assert [h["role"] for h in chain] == ["speaker", "relay", "publisher"]
    actors = {a["actor_id"]: a for a in d.tables["actors"]}
    assert actors[chain[0]["actor_id"]]["name"] == "Hamas"
    assert actors[chain[1]["actor_id"]]["kind"] == "media_outlet"
    assert actors[chain[2]["actor_id"]]["name"] == "The Daily Example"
    basis = {p["record_id"]: p["note"] for p in d.provenance if p["table"] == "relay_hops"}
    assert basis[f"{st['statement_id']}#2"] == "basis: stated in this sentence"


def test_a_relay_named_for_one_statement_covers_its_account(nlp):
    text = (
        "In a statement on Monday, Hamas urged unions to stop work at the port.\n\n"
        "The group called for a general strike, according to Iranian state-run media.\n\n"
        "“The strike will go on until the blockade ends,” the statement reads.\n\n"
        "Mayor Ana Ruiz said the port would stay open."
    )
    d = draft(text, nlp)
    hops = d.tables["relay_hops"]
    actors = {a["actor_id"]: a for a in d.tables["actors"]}

    def chain(words):
        st = next(s for s in d.tables["statements"] if s["exact"].startswith(words))
        return [h for h in hops if h["statement_id"] == st["statement_id"]]

    first = chain("unions to stop work")
    assert [h["role"] for h in first] == ["speaker", "relay", "publisher"]
    assert actors[first[1]["actor_id"]]["kind"] == "media_outlet"
    assert first[1]["basis"] == "stated_elsewhere" and first[1]["wording"] == ""
    assert "Iranian state-run media" in first[1]["basis_note"]
    quoted = chain("The strike will go on")
    assert [h["actor_id"] for h in quoted] == [h["actor_id"] for h in first]
    assert quoted[0]["basis"] == "stated_elsewhere" and quoted[0]["wording"] == "the statement"
    # Another speaker starts another account: the relay is not carried to it.
    assert [h["role"] for h in chain("the port would stay open")] == ["speaker", "publisher"]


def test_an_unnamed_source_has_no_speaker(nlp):
    text = "Officials said the talks had stalled."
    d = draft(text, nlp)
    (st,) = d.tables["statements"]
    assert st["speaker_id"] == "" and st["voice_id"] == "unnamed_source"
    assert st["source_exact"] == "Officials"


def test_the_byline_gives_the_outlet_and_author_the_command_line_did_not(nlp):
    text = "Bridge opens\n\nBy Sam Writer, The Courier\n\nThe mayor said the bridge was safe.\n"
    (src,) = draft(text, nlp, outlet="").tables["sources"]
    assert (src["publisher"], src["author"]) == ("The Courier", "Sam Writer")
    (given,) = draft(text, nlp, outlet="The Daily Courier").tables["sources"]
    assert (given["publisher"], given["author"]) == ("The Daily Courier", "Sam Writer")
    (none,) = draft(text.replace("By Sam Writer, ", ""), nlp, outlet="").tables["sources"]
    assert none["author"] == "" and "not given" in none["publisher"]


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        (
            "The bridge will cost more, according to the city’s budget office.",
            "the city’s budget office",
            "City’s budget office",
        ),
        (
            "The state health department said the water was safe.",
            "The state health department",
            "State health department",
        ),
        ("The agency said the water was safe.", "The agency", ""),  # refers back, or to none
        ("A spokesman said the water was safe.", "A spokesman", ""),
    ],
)
def test_an_institution_described_by_the_text_is_the_speaker(nlp, text, source, speaker):
    d = draft(text, nlp)
    (st,) = d.tables["statements"]
    assert st["source_exact"] == source
    names = {a["actor_id"]: a["name"] for a in d.tables["actors"]}
    assert names.get(st["speaker_id"], "") == speaker


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("text", "exact", "value", "hedge", "bound"),
    [
        ("The storm cut power to nearly 2,000 homes.", "nearly 2,000", 2000, "nearly", "upper"),
        # a hedge opening the sentence is the hedge still, printed capitalised
        ("More than two million people voted.", "More than two million", 2e6, "more than", "lower"),
        (
            "It has more than two million residents.",
            "more than two million",
            2e6,
            "more than",
            "lower",
        ),
        ("At least 33 people were hurt.", "At least 33", 33, "at least", "lower"),
        ("The police held at least 33 people.", "at least 33", 33, "at least", "lower"),
        ("The fire burned for about 40 hours.", "about 40", 40, "about", "approximate"),
        ("The plan costs up to 5 million dollars.", "up to 5 million", 5e6, "up to", "upper"),
    ],
)
def test_figures_keep_their_hedge(nlp, text, exact, value, hedge, bound):
    d = draft(text, nlp)
    fig = next(f for f in d.tables["figures"] if f["exact"].endswith(exact.split()[-1]))
    assert (fig["exact"], float(fig["value"]), fig["hedge"], fig["bound"]) == (
        exact,
        value,
        hedge,
        bound,
    )


def test_figure_units_and_kinds(nlp):
    d = draft("The strike lasted six weeks and closed 12 schools.", nlp)
    figs = {f["exact"]: f for f in d.tables["figures"]}
    assert (figs["six"]["unit"], figs["six"]["kind"]) == ("weeks", "duration")
    assert (figs["12"]["unit"], figs["12"]["kind"]) == ("schools", "count")


def test_a_sum_in_brackets_becomes_a_check(nlp):
    text = "The ship carried 30 passengers (22 adults and eight children) to the port."
    d = draft(text, nlp)
    (ck,) = d.tables["checks"]
    figs = {f["figure_id"]: f["exact"] for f in d.tables["figures"]}
    assert figs[ck["result_id"]] == "30"
    assert [figs[x] for x in ck["operand_ids"].split()] == ["22", "eight"]


def test_the_parts_of_a_sum_count_what_the_total_counts(nlp):
    text = "All nine members voted (seven in favour and two against) on the plan."
    units = {f["exact"]: f["unit"] for f in draft(text, nlp).tables["figures"]}
    assert units == {"nine": "members", "seven": "members", "two": "members"}


def test_a_sum_that_does_not_add_up_is_no_check(nlp):
    d = draft("The ship carried 30 passengers (22 adults and nine children).", nlp)
    assert d.tables["checks"] == []


# ---------------------------------------------------------------- dates

WED = dt.date(2025, 3, 19)
REPO_DATA = ROOT / "data"


@pytest.mark.parametrize(
    ("phrase", "kind", "start", "end", "precision", "resolution"),
    [
        ("on Tuesday", "weekday", "2025-03-18", "2025-03-18", "day", "computed"),
        ("on Wednesday", "weekday", "2025-03-19", "2025-03-19", "day", "computed"),  # same day
        ("Monday night", "weekday", "2025-03-17", "2025-03-18", "part_of_day", "computed"),
        ("Jan. 19", "month_day", "2025-01-19", "2025-01-19", "day", "computed"),
        ("Jan. 19, 2024", "month_day", "2024-01-19", "2024-01-19", "day", "stated"),
        ("yesterday", "relative_day", "2025-03-18", "2025-03-18", "day", "computed"),
        ("last week", "last_week", "2025-03-10", "2025-03-16", "range", "computed"),
        ("recently", "vague", None, None, "unresolved", "stated"),
        ("month of Ramadan", "ramadan", "2025-03-01", "2025-03-29", "range", "computed"),
    ],
)
def test_dates_against_the_article_date(phrase, kind, start, end, precision, resolution):
    text = phrase.removeprefix("on ")
    assert dates.classify(text) == kind
    r = dates.resolve(text, kind, WED)
    got = (str(r.date_start) if r.date_start else None, str(r.date_end) if r.date_end else None)
    assert got == (start, end)
    assert (r.precision, r.resolution) == (precision, resolution)


@pytest.mark.parametrize(
    ("phrase", "tense", "start"),
    [
        # A newcomer's September 2016 article: "Oct. 9" in a past-tense sentence came out a year
        # back while "Oct. 19" came out ahead. Sixteen days ahead is nearer than 350 back.
        ("Oct. 9", "past", "2016-10-09"),
        ("Oct. 19", "past", "2016-10-19"),
        ("Aug. 30", "past", "2016-08-30"),  # the tense holds where its day is near
        ("Aug. 30", "future", "2016-08-30"),  # ...and where the other is much nearer
        ("Dec. 20", "future", "2016-12-20"),
        ("Sept. 20", "future", "2016-09-20"),  # three days back, said of the future: near
    ],
)
def test_a_sentences_tense_does_not_carry_a_day_most_of_a_year_away(phrase, tense, start):
    r = dates.resolve(phrase, dates.classify(phrase), dt.date(2016, 9, 23), tense=tense)
    assert str(r.date_start) == start


@pytest.mark.parametrize(
    ("ref", "start", "end"),
    [
        (dt.date(2025, 4, 20), "2025-03-01", "2025-03-29"),  # after it: the last one
        (dt.date(2025, 2, 20), "2024-03-11", "2024-04-09"),  # before it: the year before's
        (dt.date(2016, 6, 6), "2016-06-06", "2016-07-05"),  # its first day
    ],
)
def test_ramadan_is_the_one_under_way_or_the_last_before(ref, start, end):
    r = dates.resolve("month of Ramadan", "ramadan", ref)
    assert (str(r.date_start), str(r.date_end), r.precision) == (start, end, "range")
    assert "Umm al-Qura" in r.note and "sighting of the moon" in r.note


def test_a_duration_after_a_stated_date_is_computed(nlp):
    text = "The truce began on Jan. 19, and fighting ceased for six weeks."
    d = draft(text, nlp, date=WED)
    ev = {e["exact"]: e for e in d.tables["events"]}
    assert (ev["six weeks"]["date_start"], ev["six weeks"]["date_end"]) == (
        "2025-01-19",
        "2025-03-01",
    )
    assert (ev["six weeks"]["precision"], ev["six weeks"]["resolution"]) == ("range", "computed")


def test_without_a_date_a_weekday_is_never_guessed(nlp):
    d = draft("The council met on Tuesday.", nlp, date=None)
    (ev,) = [e for e in d.tables["events"] if e["exact"] == "Tuesday"]
    assert (ev["date_start"], ev["date_end"], ev["precision"]) == ("", "", "unresolved")
    assert "--date" in ev["note"]


# ---------------------------------------------------------------- terms and provenance


def test_loaded_terms_come_from_the_lexicon_with_their_voice(nlp):
    text = "“The regime must fall,” the rebel leader Omar Haddad said of the government."
    d = draft(text, nlp)
    (tm,) = d.tables["terms"]
    assert (tm["exact"], tm["loaded"]) == ("regime", "true")
    st = d.tables["statements"][0]
    assert tm["voice_id"] == st["voice_id"] != "narration"


def test_every_drafted_record_has_a_review_state_rule_and_confidence(nlp):
    d = draft("The mayor said that the bridge would reopen on Monday with 40 lanes.", nlp)
    keyed = {
        "sources": "source_id", "events": "event_id", "statements": "statement_id",
        "figures": "figure_id", "actors": "actor_id", "aliases": "alias_id",
    }  # fmt: skip
    listed = {(p["table"], p["record_id"]) for p in d.provenance}
    for table, key in keyed.items():
        for row in d.tables[table]:
            assert (table, row[key]) in listed
    assert {p["review"] for p in d.provenance} == {"draft"}
    assert all(p["rule"] and 0 <= float(p["confidence"]) <= 1 for p in d.provenance)


# ---------------------------------------------------------------- size


def test_a_repeated_article_is_drafted_whole(nlp):
    """Each copy of a repeated article yields its statements: nothing is lost or merged across
    copies as the text grows (this article's stray mark repeats throughout). How the time grows
    with the size is measured by `make bench-draft` (bench/bench_draft.py, "Linear time")."""
    one = (REPO_DATA / "article.txt").read_text(encoding="utf-8").rstrip() + "\n\n"
    single = len(draft(one, nlp, date=WED).tables["statements"])
    assert single >= 10
    assert len(draft(one * 3, nlp, date=WED).tables["statements"]) == 3 * single


# ---------------------------------------------------------------- quotations: split sources, labels


def test_a_quote_before_a_new_sentence_is_not_the_next_cues(nlp):
    text = "She says the plan is “a waste of money.” She adds, “Who pays for it?”"
    got = by_content(text, statements_in(text, nlp))
    assert "Who pays for it?" in got
    assert span(text, got["Who pays for it?"].cue) == "adds"
    assert not any(k.startswith("a waste") and "adds" in k for k in got)


def test_a_clause_before_a_quote_and_its_cue_stays_out(nlp):
    text = "Senator Ana Ruiz scolded him: “The bridge was never safe,” she said."
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "The bridge was never safe,"


def test_a_quote_split_by_a_long_source_is_two_statements(nlp):
    text = (
        "“The river is rising,” said Ana Ruiz, an engineer who has studied the levee for "
        "twenty years at the county office. “It will not hold.”"
    )
    got = by_content(text, statements_in(text, nlp))
    assert set(got) == {"The river is rising,", "It will not hold."}
    rest = got["It will not hold."]
    assert rest.rule == "quote_continued"
    assert span(text, rest.source) == span(text, got["The river is rising,"].source)
    assert span(text, rest.cue) == "said"


def test_two_undated_statements_on_one_cue_draft_no_event(nlp, tmp_path):
    text = (
        "Levee talks\n\n“The river is rising,” said Ana Ruiz, an engineer who has studied the "
        "levee and its floods at the county office. “It will not hold.”\n"
    )
    d = draft(text, nlp)
    first, rest = d.tables["statements"]
    # no date in the sentence: no "Statement st_001" placeholder event for either
    assert first["event_id"] == rest["event_id"] == ""
    assert d.tables["events"] == []
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    run.draft(article, tmp_path / "package", assemble.Meta(outlet="The Daily Example"))
    assert validate(tmp_path / "package").ok


def test_a_transcript_label_is_the_speaker(nlp):
    text = "The exchange, as aired:\n\n“RUIZ: We will rebuild the bridge before the spring floods.”"
    (a,) = statements_in(text, nlp)
    assert a.rule == "speaker_label"
    assert span(text, a.source) == "RUIZ"
    assert span(text, a.content) == "We will rebuild the bridge before the spring floods."


def test_a_transcript_quoted_label_by_label_drafts_a_valid_package(nlp, tmp_path):
    """Each turn a passage opened by its speaker's label: the statement starts after the label,
    and the validator counts the passage as quoted."""
    text = (
        "Bridge debate\n\nPartial transcript as follows:\n\n"
        '"RUIZ: We will rebuild the bridge before the spring floods, whatever it costs.\n\n'
        '"HALE: The council cannot afford it, and the mayor knows that very well."\n'
    )
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    run.draft(article, tmp_path / "package", assemble.Meta(outlet="The Daily Example"))
    result = validate(tmp_path / "package")
    assert result.ok, [str(p) for p in result.problems]
    rows = load_rows(tmp_path / "package" / "statements.csv")
    assert [(r["source_exact"], r["exact"][:12]) for r in rows] == [
        ("RUIZ", "We will rebu"),
        ("HALE", "The council "),
    ]


def test_a_transcript_turn_quoted_with_a_straight_mark_keeps_its_label(nlp):
    text = (
        "The transcript follows.\n\n"
        '"RUIZ: Well, she thinks this bridge is an episode of “Bridge Wars.” But this is serious '
        "business for the county.\n\n"
        '"SMITH: Thank you, Mayor Ruiz, for your time this morning."'
    )
    got = by_content(text, statements_in(text, nlp))
    turn = got[
        "Well, she thinks this bridge is an episode of “Bridge Wars.” But this is "
        "serious business for the county."
    ]
    assert (turn.rule, span(text, turn.source)) == ("speaker_label", "RUIZ")


def test_a_source_after_a_dash_at_the_end_of_the_line(nlp):
    text = (
        "Readers wrote to us.\n\n“The bridge has been closed for a year and nobody says why.” ― Ana Ruiz\n"
        "“I cross the river by ferry now.”"
    )
    got = by_content(text, statements_in(text, nlp))
    a = got["The bridge has been closed for a year and nobody says why."]
    assert a.rule == "dash_source"
    assert span(text, a.source) == "Ana Ruiz"


def test_a_thought_reported_inside_a_statement_is_not_drafted_apart(nlp):
    text = "The mayor said she thinks the bridge will open in June."
    d = draft(text, nlp)
    (st,) = d.tables["statements"]
    assert st["exact"] == "she thinks the bridge will open in June"
    assert st["cue_exact"] == "said"


def test_a_nested_statement_with_its_own_named_source_stays(nlp):
    text = "The mayor said the engineer Ana Ruiz had warned that the levee would fail."
    got = {s["exact"] for s in draft(text, nlp).tables["statements"]}
    assert "that the levee would fail" in got
    assert "the engineer Ana Ruiz had warned that the levee would fail" in got


def test_a_verb_that_casts_its_object_as_a_quotation(nlp):
    text = "The senator blasted the budget as a “disgrace” on Wednesday."
    got = {
        s["exact"]: s for s in draft(text, nlp).tables["statements"] if s["cue_exact"] == "blasted"
    }
    assert set(got) == {"the budget as a “disgrace"}
    assert got["the budget as a “disgrace"]["source_exact"] == "The senator"


def test_a_verb_of_blame_with_a_quoted_for_phrase(nlp):
    text = "In an interview on Tuesday the mayor blasted the county board for being “utterly reckless.”"
    got = {s["exact"]: s for s in draft(text, nlp).tables["statements"]}
    assert set(got) == {"the county board for being “utterly reckless."}
    st = got["the county board for being “utterly reckless."]
    assert (st["cue_exact"], st["source_exact"]) == ("blasted", "the mayor")


def test_a_for_phrase_that_quotes_nothing_is_no_statement(nlp):
    text = "In an interview on Tuesday the mayor thanked the county board for its work."
    assert draft(text, nlp).tables["statements"] == []


def test_the_as_phrase_ends_with_its_quotation(nlp):
    text = "Ana Ruiz described the plan as a “costly mistake” during a visit to the port."
    (st,) = draft(text, nlp).tables["statements"]
    assert st["exact"] == "the plan as a “costly mistake"


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz spoke at a news conference announcing that the bridge would close in May.",
        "Ana Ruiz refused to name a date, aside from saying the bridge would close in May.",
    ],
)
def test_a_participle_cue_inherits_the_clause_subject(nlp, text):
    st = next(s for s in draft(text, nlp).tables["statements"] if "would close" in s["exact"])
    assert st["source_exact"] == "Ana Ruiz"


def test_a_quote_after_its_cue_sentence_joins_the_statement(nlp):
    text = (
        "“We will rebuild the bridge before the floods,” Mayor Ana Ruiz said in an interview. "
        "“It is the only road to the hospital.”"
    )
    (a,) = statements_in(text, nlp)
    assert span(text, a.content).startswith("We will rebuild")
    assert span(text, a.content).endswith("the only road to the hospital.")


def test_a_short_quote_split_by_its_cue_sentence_is_one_statement(nlp):
    # The narration is a little longer than the quoted words, but not than the words with marks.
    text = "“We can,” Ana Ruiz said to the crowd. “We can, and we will.”"
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "We can,” Ana Ruiz said to the crowd. “We can, and we will."


def test_a_quote_after_a_second_participle_cue_is_not_the_first_cues(nlp):
    text = "“The bridge is safe,” Ana Ruiz said, noting the county’s “very careful inspection.”"
    got = by_content(text, [a for a in attrs(text, nlp) if a.cue and span(text, a.cue) == "said"])
    assert set(got) == {"The bridge is safe,"}


def test_a_clause_after_the_cue_of_a_quotation_before_it_stays_out(nlp):
    text = (
        "“You should resign,” Ana Ruiz told the mayor, after he admitted under her questioning "
        "he hadn’t yet been held accountable."
    )
    got = by_content(text, statements_in(text, nlp))
    assert span(text, got["You should resign,"].cue) == "told"
    assert not any(k.startswith("You should") and "admitted" in k for k in got)


@pytest.mark.parametrize(
    ("text", "content", "cue", "source"),
    [
        (
            "Protesters outside the hall chanted “No more closures!” until midnight.",
            "No more closures!",
            "chanted",
            "Protesters outside the hall",
        ),
        (
            "On the form, a nurse had typed “no known allergies.”",
            "no known allergies.",
            "had typed",
            "a nurse",
        ),
    ],
)
def test_a_quotation_uttered_as_a_verbs_object(nlp, text, content, cue, source):
    got = by_content(text, statements_in(text, nlp))
    assert set(got) == {content}
    assert got[content].rule == "words_as_object"
    assert (span(text, got[content].cue), span(text, got[content].source)) == (cue, source)


@pytest.mark.parametrize(
    "text",
    [
        "The senator walked into the hall, chanting “U-K! U-K!”",
        "The crowd rose to its feet, chanting “L-A! L-A!”",
    ],
)
def test_a_chant_the_parser_cut_loose_is_the_verb_before_its(nlp, text):
    (a,) = statements_in(text, nlp)
    assert (a.rule, span(text, a.cue)) == ("words_as_object", "chanting")
    assert text[a.content[0] - 1] == "“" and text[a.content[1]] == "”"


def test_a_passive_label_is_drafted_without_a_source(nlp):
    text = "When the county checked the mayor’s claim, it was labeled “Half True.”"
    (a,) = statements_in(text, nlp)
    assert (span(text, a.content), span(text, a.cue), a.source) == (
        "Half True.",
        "was labeled",
        None,
    )


def test_the_phrase_named_before_a_quotation_cues_it(nlp):
    text = "The mayor has often used the phrase “bridge to nowhere” in her speeches."
    (a,) = statements_in(text, nlp)
    assert (span(text, a.content), span(text, a.cue), span(text, a.source)) == (
        "bridge to nowhere",
        "has often used the phrase",
        "The mayor",
    )


def test_a_cue_noun_and_a_colon_before_a_quotation(nlp):
    text = "The mayor is rolling out a new and more personal campaign message: “It is about us.”"
    (a,) = statements_in(text, nlp)
    assert (span(text, a.content), span(text, a.cue), span(text, a.source)) == (
        "It is about us.",
        "message",
        "The mayor",
    )


def test_a_verbs_object_drafted_without_its_quotation_runs_on_to_it(nlp):
    # One cue, one statement: the object the dobj rule found takes in the quotation after it.
    text = 'The council branded the landlord a "menace to the whole street."'
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == 'the landlord a "menace to the whole street.'
    assert span(text, a.cue) == "branded"


def test_a_quoted_title_after_another_verb_is_no_statement(nlp):
    text = "The mayor opened “Bridges of the County,” an exhibition of old photographs."
    assert statements_in(text, nlp) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "With the river this high, “the levee will not hold,” the engineer said.",
            "With the river this high, “the levee will not hold,",
        ),
        (
            "The bridge “has been closed for a year,” Ana Ruiz said.",
            "The bridge “has been closed for a year,",
        ),
    ],
)
def test_the_words_opening_a_quoted_clause_are_its_content(nlp, text, content):
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == content


def test_a_lead_in_with_a_cue_of_its_own_stays_out(nlp):
    text = "Her deputy told him: “It has been closed for a year,” she said."
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "It has been closed for a year,"


def test_after_a_cue_and_a_colon_the_quotation_alone_is_the_content(nlp):
    text = "The bridge will probably close in May, Ana Ruiz said: “We have no other choice.”"
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == "We have no other choice."
    assert span(text, a.cue) == "said"


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (
            "His degree has not spared him from being seen, as The Daily Example put it in a "
            "long profile, “the operator.”",
            "the operator.",
            "The Daily Example",
        ),
        (
            "The main requirement is a “lawful source of income,” as a county memo put it.",
            "The main requirement is a “lawful source of income,",
            "a county memo",
        ),
    ],
)
def test_as_x_put_it(nlp, text, content, source):
    got = by_content(text, statements_in(text, nlp))
    assert set(got) == {content}
    assert (span(text, got[content].cue), span(text, got[content].source)) == ("put it", source)


def test_a_quotation_opening_the_clause_after_its_cue_is_part_of_the_clause(nlp):
    text = 'Ruiz said "budget reforms" and the collection of unpaid fees would help finance it.'
    (a,) = statements_in(text, nlp)
    assert span(text, a.content) == (
        'budget reforms" and the collection of unpaid fees would help finance it'
    )


def test_a_quotation_closed_at_its_paragraphs_end_does_not_run_on(nlp):
    # A quotation that goes on into the next paragraph has no closing mark (the printers'
    # rule); this one has, so the next paragraph's quotation is drafted apart.
    text = (
        "On the form, a nurse had typed “no known allergies.”\n\n"
        "“He had three of them, and nobody in the ward ever asked him about any of them.”"
    )
    got = by_content(text, statements_in(text, nlp))
    assert "no known allergies." in got
    assert not any("\n" in k for k in got)


def test_a_quote_after_a_long_narration_is_drafted_apart(nlp):
    text = (
        "“We will rebuild,” Mayor Ana Ruiz said on Friday at the end of a long meeting with the "
        "engineers of the county office and the river authority. “It will take us two more years.”"
    )
    got = by_content(text, statements_in(text, nlp))
    assert set(got) == {"We will rebuild,", "It will take us two more years."}


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The plan, she said, would cost too much.", "The plan, she said, would cost too much"),
        (
            "Though the first closure was short, Ana Ruiz said, the second will last a year.",
            "Though the first closure was short, Ana Ruiz said, the second will last a year",
        ),
    ],
)
def test_a_cue_set_off_by_commas_reports_the_clause_around_it(nlp, text, content):
    (st,) = draft(text, nlp).tables["statements"]
    assert st["exact"] == content
    assert st["cue_exact"] == "said"


def test_a_headline_names_its_source_before_a_colon(nlp):
    text = "Mayor: the bridge will reopen in the spring\n\nThe city council met on Monday."
    (a,) = statements_in(text, nlp)
    assert a.rule == "headline_label"
    assert (span(text, a.source), span(text, a.cue)) == ("Mayor", ":")
    assert span(text, a.content) == "the bridge will reopen in the spring"


def test_a_labelled_quotation_runs_on_into_the_next_paragraph(nlp):
    text = (
        "The exchange, as aired:\n\n“RUIZ: We will rebuild the bridge before the spring floods.\n\n"
        "“And we will open the second lane by the summer, whatever the council says.”"
    )
    (a,) = [a for a in attrs(text, nlp) if a.mode != "note" and a.rule == "speaker_label"]
    assert span(text, a.content).startswith("We will rebuild")
    assert span(text, a.content).endswith("whatever the council says.")


def test_called_for_takes_a_second_object_the_parser_hung_on_the_verb(nlp):
    text = (
        "In a statement, the union called for mass strikes in ports nationwide and a coordinated "
        "blockade of Danish and Dutch shipping offices “until the wages are paid in full.”"
    )
    st = next(s for s in draft(text, nlp).tables["statements"] if s["cue_exact"] == "called for")
    assert st["exact"].startswith("mass strikes in ports")
    assert st["exact"].endswith("Danish and Dutch shipping offices")


def test_a_quoted_fragment_in_the_next_sentence_is_not_the_cues(nlp):
    text = (
        "“The bridge is not safe,” Ana Ruiz said. “You closed the road too late” to save "
        "money, she said."
    )
    got = by_content(text, statements_in(text, nlp))
    assert "The bridge is not safe," in got
    assert span(text, got["The bridge is not safe,"].source) == "Ana Ruiz"


def test_a_source_between_the_quotation_and_its_cue(nlp):
    # The fallback for a parse that hangs the name inside the quotation: read from the text.
    from explainer.draft import reported

    text = "“There is a severe disconnect here,” Ruiz, a former engineer, said on Thursday."
    (p,) = pipeline.parse(text, nlp)
    cue = (text.index("said"), text.index("said") + 4)
    assert span(text, reported._source_after_quote(p.doc, cue)) == "Ruiz, a former engineer"
    told = "“There is a disconnect,” the mayor told reporters. Then she left."
    (p,) = pipeline.parse(told, nlp)
    left = (told.index("left"), told.index("left") + 4)
    assert reported._source_after_quote(p.doc, left) is None  # a sentence, not a name


def test_it_said_names_a_source(nlp):
    text = "The union met on Monday. It said the strike would go on."
    (st,) = draft(text, nlp).tables["statements"]
    assert st["source_exact"] == "It"
    assert st["exact"] == "the strike would go on"


def test_an_id_made_from_a_name_starts_with_a_letter():
    from explainer.draft.actors import slug

    assert slug("2014 American Community Survey") == "n_2014_american_community_survey"
    assert slug("The Riverside Courier") == "the_riverside_courier"


def test_the_title_is_printed_only_when_the_text_prints_it():
    from explainer.draft.assemble import Meta, title_of

    text = "Small Steps Toward College Savings.\n\nBody text here."
    # A headline's full stop is not the title's: the title is ours, without it.
    assert title_of(text, Meta()) == ("Small Steps Toward College Savings", "descriptive")
    assert title_of("Small Steps\n\nBody text here.", Meta()) == ("Small Steps", "printed")
    # A given title is the title; "printed" only when it is the headline as printed.
    given = Meta(title="Small Steps Toward College Savings")
    assert title_of(text, given) == ("Small Steps Toward College Savings", "descriptive")
    printed = Meta(title="Small Steps Toward College Savings.")
    assert title_of(text, printed) == ("Small Steps Toward College Savings.", "printed")
    # Another title: ours, so not "printed".
    assert title_of(text, Meta(title="Savings")) == ("Savings", "descriptive")


@pytest.mark.parametrize(
    ("text", "given", "want"),
    [
        # A headline with a full stop: the title is ours, without the stop, in both places.
        ("Small Steps Toward College Savings.\n\nThe fund grew, the bank said.\n", "",
         "Small Steps Toward College Savings"),
        # A first paragraph of two lines is no headline: its first line, in both places.
        ("Savings rise\nin the valley\n\nThe fund grew, the bank said.\n", "", "Savings rise"),
        # --title wins everywhere.
        ("Small Steps.\n\nThe fund grew, the bank said.\n", "Valley savings",
         "Valley savings"),
    ],
)  # fmt: skip
def test_the_descriptor_and_the_sources_row_carry_one_title(nlp, text, given, want):
    meta = assemble.Meta(title=given)
    d = run.draft_text(text, meta, nlp)
    files = run.package_files(text, d, meta)
    import csv
    import io
    import json

    (src,) = [
        r for r in csv.DictReader(io.StringIO(files["sources.csv"])) if r["kind"] == "article"
    ]
    assert src["title"] == want
    assert json.loads(files["datapackage.json"])["title"] == f"Drafted facts of '{want}'"


def test_a_redraft_keeps_the_editors_title_in_the_descriptor():
    tables = {"sources": [{"source_id": assemble.ARTICLE_SOURCE, "title": "An edited title"}]}
    assert run.article_title(tables) == "An edited title"
    with pytest.raises(ValueError, match="no 'src_text' row"):
        run.article_title({"sources": []})

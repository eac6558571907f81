"""The annotated article's markup: verbatim text, one permalink per record, readable overlaps."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

from explainer.package.scan import paragraphs
from explainer.views import annotate, cite
from explainer.views.derive import links, roster


def _rec(rid: str, start: int, end: int, kind: str = "figure", text: str = "") -> cite.Record:
    return cite.Record(
        id=rid,
        kind=kind,
        type="quotation" if kind == "statement" else kind,
        start=start,
        end=end,
        exact=text[start:end],
        voice="narration",
        voice_label="The Algemeiner (narration)",
        chain="The Algemeiner",
        date="",
        summary="s",
        corroboration="n/a",
        context_ids=(),
        citation="c",
    )


def _fragments(soup: BeautifulSoup, rid: str) -> list:
    return soup.select(f'mark[data-record="{rid}"]')


@pytest.fixture(scope="module")
def page(facts) -> BeautifulSoup:
    return BeautifulSoup(annotate.article_html(facts), "html.parser")


@pytest.fixture(scope="module")
def recs(facts) -> list[cite.Record]:
    return cite.records(facts)


def test_text_is_verbatim(facts, page):
    """Every paragraph's text is the article's characters, exactly (quotes, brackets, stray mark)."""
    paras = page.select(".annotated-article .article-para")
    spans = paragraphs(facts.article)
    assert len(paras) == len(spans)
    for el, (s, e) in zip(paras, spans, strict=True):
        assert el.get_text() == facts.article[s:e]


def test_every_record_has_one_permalink_target(page, recs):
    ids = Counter(el["id"] for el in page.find_all(id=True))
    for r in recs:
        assert ids[r.id] == 1, r.id
        first = page.find(id=r.id)
        assert first.name == "mark" and first["data-record"] == r.id
        assert first["tabindex"] == "0"
        assert r.id in first["title"] and r.voice_label in first["title"]


def test_fragments_spell_each_record_exactly(page, recs):
    """A record's marks, read in order, give exactly its quoted text: nothing lost at overlaps."""
    for r in recs:
        frags = _fragments(page, r.id)
        assert "".join(f.get_text() for f in frags) == r.exact, r.id
        assert frags[0].get("id") == r.id
        assert all("rec-cont" in f["class"] and not f.get("id") for f in frags[1:]), r.id


def test_records_are_styled_by_type_and_voice(page, recs):
    for r in recs:
        classes = page.find(id=r.id)["class"]
        assert f"rec-{r.type}" in classes and f"voice-{r.voice}" in classes, r.id


def test_a_figure_inside_a_quotation_is_a_mark_inside_a_mark(page, recs):
    by_id = {r.id: r for r in recs}
    nested = 0
    for r in recs:
        if r.kind != "figure":
            continue
        holders = [
            q for q in recs if q.type == "quotation" and q.start <= r.start and r.end <= q.end
        ]
        for q in holders:
            assert page.find(id=r.id).find_parent("mark", attrs={"data-record": q.id}), (r.id, q.id)
            nested += 1
    assert nested >= 1, "no figure inside a quotation to check"
    assert by_id


def test_crossing_records_are_split_without_losing_text():
    text = "aaaa bbbb cccc dddd"
    a, b = _rec("a", 0, 9, text=text), _rec("b", 5, 14, text=text)
    html = annotate.marked_up(text, 0, len(text), [a, b], set())
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text() == text
    assert [f.get_text() for f in _fragments(soup, "a")] == ["aaaa bbbb"]
    assert [f.get_text() for f in _fragments(soup, "b")] == ["bbbb", " cccc"]
    assert soup.find(id="b").find_parent("mark")["data-record"] == "a"
    assert html.count("<mark") == html.count("</mark>")


def test_same_span_records_nest_outer_kind_first():
    text = "the same words"
    rel = _rec("r", 0, 14, kind="relation", text=text)
    st = _rec("s", 0, 14, kind="statement", text=text)
    soup = BeautifulSoup(annotate.marked_up(text, 0, 14, [rel, st], set()), "html.parser")
    assert soup.find("mark")["data-record"] == "s"
    assert soup.find(id="r").find_parent("mark")["data-record"] == "s"


def test_a_record_crossing_a_paragraph_keeps_one_id():
    text = "one two\n\nthree"
    r = _rec("x", 4, 14, text=text)
    opened: set[str] = set()
    first = annotate.marked_up(text, 0, 7, [r], opened)
    second = annotate.marked_up(text, 9, 14, [r], opened)
    assert 'id="x"' in first and 'id="x"' not in second and "rec-cont" in second


def test_markup_escapes_text():
    text = "a <b> & c"
    html = annotate.marked_up(text, 0, len(text), [_rec("r", 2, 5, text=text)], set())
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert BeautifulSoup(html, "html.parser").get_text() == text


def test_page_credits_and_links_the_reprint(facts, page):
    quote = page.select_one("blockquote.annotated-article")
    assert quote["cite"] == cite.outlet(facts).reprint_url
    assert page.select_one("a.skip-article")["href"] == f"#{annotate.RECORD_TABLE_ID}"


def test_legend_counts_every_type_voice_and_status(facts, recs):
    legend = BeautifulSoup(annotate.legend_html(facts), "html.parser")
    chips = {
        li.select_one("span").get_text(): int(li.select_one(".count").get_text())
        for li in legend.select("li")
    }
    labels = roster.voice_labels(facts)
    for kind, label in cite.TYPE_LABELS.items():
        assert chips[label] == sum(r.type == kind for r in recs), label
    for voice, n in Counter(r.voice for r in recs if r.type == "quotation").items():
        assert chips[labels[voice]] == n, voice
    for status in cite.CORROBORATION_LABELS:
        assert chips[status] == sum(r.corroboration == status for r in recs), status
    assert legend.select(".sample.rec-quotation.voice-hamas")


def test_record_table_lists_every_record_in_reading_order(facts, recs):
    soup = BeautifulSoup(annotate.record_table(facts), "html.parser")
    rows = soup.select("tbody tr")
    assert [tr["data-record"] for tr in rows] == [
        r.id for r in sorted(recs, key=lambda r: (r.start, -r.end, r.id))
    ]
    by_id = {r.id: r for r in recs}
    for tr in rows:
        r = by_id[tr["data-record"]]
        cell = {td["data-field"]: td for td in tr.find_all("td")}
        assert cell["id"].a["href"] == links.href(r.id)
        assert cell["citation"].get_text() == r.citation
        assert cell["corroboration"].get_text() == r.corroboration
        assert [a["href"] for a in cell["context"].find_all("a")] == [
            links.href(c) for c in r.context_ids
        ]
    assert soup.select_one("caption a.table-csv")["href"].endswith("tables/records.csv")


def test_context_list_gives_claims_and_sources(facts):
    soup = BeautifulSoup(annotate.context_html(facts), "html.parser")
    for r in facts.context.itertuples():
        li = soup.find(id=r.context_id)
        claim = li.select_one(".claim").get_text()
        assert claim.endswith(r.claim)
        # A finding of ours says so beside the claim (EDITORIAL.md rule 9).
        assert claim.startswith("Our inference: ") == (r.confidence == "inferred"), r.context_id
        cited = [a["href"] for a in li.select("a.source")]
        assert cited == [f"#{s}" for s in r.source_ids.split()], r.context_id
    assert {li["id"] for li in soup.select(".source-list li")} == set(facts.sources.source_id)


def test_each_context_fact_shows_its_own_corroboration_label(facts):
    """A fact only our inference supplies reads "inferred", and one that fits a hedged figure
    "consistent", as the legend defines them; never the bare stance "agrees" (rule 6)."""
    soup = BeautifulSoup(annotate.context_html(facts), "html.parser")
    bounds = dict(zip(facts.figures.figure_id, facts.figures.bound.astype(str), strict=True))
    seen = set()
    for r in facts.context.itertuples():
        label = soup.find(id=r.context_id).strong.get_text()
        assert label in cite.CORROBORATION_LABELS or label == "differs", (r.context_id, label)
        if r.stance in ("agrees", "resolves") and r.confidence != "read":
            assert label == "inferred", (r.context_id, label)
        elif r.stance == "agrees" and bounds.get(r.about_id, "exact") != "exact":
            assert label == "consistent", (r.context_id, label)
        else:
            assert label == r.stance, (r.context_id, label)
        seen.add(label)
    assert {"inferred", "consistent"} <= seen


def test_a_text_with_single_newlines_between_paragraphs_is_split_on_them():
    """Real copy pasted from a page: a headline, a subhead and paragraphs on lines of their own,
    no blank line anywhere. Each line is a paragraph; a text with blank lines keeps its own."""
    from explainer.views.annotate import article_paragraphs

    text = "Council backs bridge\nThe vote was close.\nWHAT COMES NEXT\nWork starts in May.\n"
    assert [text[s:e] for s, e in article_paragraphs(text)] == [
        "Council backs bridge",
        "The vote was close.",
        "WHAT COMES NEXT",
        "Work starts in May.",
    ]
    wrapped = "Headline\n\nA paragraph\nwrapped by hand.\n\nAnother."
    assert [wrapped[s:e] for s, e in article_paragraphs(wrapped)] == [
        "Headline",
        "A paragraph\nwrapped by hand.",
        "Another.",
    ]

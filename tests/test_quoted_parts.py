"""A quotation split by its cue ("“A,” she said. “B.”") is one direct statement whose span runs
from the first passage to the last; the words between are the narration's. The validator has read
it so; these tests hold the site's word counts, reading strip and highlights to the same reading.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

pytest.importorskip("spacy")

from explainer import load  # noqa: E402
from explainer.draft import assemble, run  # noqa: E402
from explainer.package import scan  # noqa: E402
from explainer.views import annotate  # noqa: E402
from explainer.views.derive import people, relaying  # noqa: E402

TEXT = (
    "Bridge vote passes\n\n"
    "The council voted on Tuesday to build the bridge.\n\n"
    "“The bridge is safe,” Mayor Ana Ruiz said after the vote. “It will open in May.”\n"
)
CUE = "Mayor Ana Ruiz said after the vote."


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("split")
    article = folder / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    meta = assemble.Meta(
        date=dt.date(2025, 3, 19), title="Bridge vote passes", outlet="The Courier"
    )
    run.draft(article, folder / "package", meta)
    return load(folder / "package")


def test_quoted_parts_are_the_passages_inside_the_span():
    passages = scan.quotations(TEXT)[0]
    first, last = passages[0], passages[-1]
    assert scan.quoted_parts(passages, first.start, last.end) == [
        (first.start, first.end),
        (last.start, last.end),
    ]
    # A span inside one passage (a hand-made quotation without its marks) is itself.
    assert scan.quoted_parts(passages, first.start + 4, first.end) == [(first.start + 4, first.end)]


def test_the_drafted_statement_is_split_by_its_cue(facts):
    (row,) = facts.statements[facts.statements["mode"] == "direct"].itertuples()
    assert CUE in row.exact  # one statement, the cue inside its span
    parts = [p for p in relaying.direct_parts(facts) if p[3] == row.statement_id]
    assert [TEXT[a:b] for a, b, *_ in parts] == ["The bridge is safe,", "It will open in May."]


def test_the_cue_between_the_parts_counts_as_narration(facts):
    share = people.voice_share(facts).set_index("voice")
    (voice,) = [v for v in share.index if v != "narration"]
    assert share.loc[voice, "words"] == 4 + 5  # "The bridge is safe," + "It will open in May."
    runs = people.voice_segments(facts)
    assert list(runs.voice) == ["narration", voice, "narration", voice, "narration"]


class _Marks(HTMLParser):
    """The text inside each quotation mark element of the annotated article."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.quoted: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.stack.append("rec-quotation" in (dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack):
            self.quoted.append(data)


def test_the_cue_is_not_highlighted_as_the_quotation(facts):
    marks = _Marks()
    marks.feed(annotate.article_html(facts))
    quoted = "".join(marks.quoted)
    assert "The bridge is safe," in quoted and "It will open in May." in quoted
    assert "said after the vote" not in quoted

"""EDITORIAL.md rules 3, 6 and 8 on the built site and on the charts' own labels.

Rule 3: the site's own narration must not use loaded terms. What counts as narration is the main
article content of each built page minus everything that is someone else's words or data: text in
quotation marks, block quotations, tables, data tables, charts, the annotated article and the context
and source lists. Loaded terms are the ``loaded`` rows of data/terms.csv plus a list of stems.

Rule 6: every page that draws conclusions carries the limits note. Rule 8: every page that reproduces
the article names the outlet and the author and links the known reprint.

The built-site tests read _build/html, which the ``site`` fixture builds when it is stale.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from explainer.site.browser import toc_pages
from explainer.views import charts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BOOK = ROOT / "_build" / "html" / "book"

#: A test of the built site: conftest's ``site`` builds it when missing or stale (tier ``build``).
needs_site = pytest.mark.usefixtures("site")

STEMS = [
    "terrorist",
    "genocide",
    "Zionist",
    "fascist",
    "barbaric",
    "aggression",
    "regime",
    "onslaught",
    "gates of hell",
    "elimination",
    "Islamist",
    "stifling",
]

# Someone else's words or data, not the site's narration.
NOT_NARRATION = [
    "script",
    "style",
    "noscript",
    "blockquote",
    "table",
    "details",
    ".vega-chart",
    ".annotated-article",
    ".context-list",
    ".source-list",
]
BLOCKS = [
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "div",
    "section",
    "br",
    "caption",
    "figcaption",
    "pre",
]
BREAK = "\u2029"  # marks a block boundary: a quotation closes in the block it opens in
QUOTED = re.compile(f'“[^“”{BREAK}]*”|"[^"{BREAK}]*"')  # an unclosed mark removes nothing
SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")  # whitespace, but not BREAK

# Pages that draw no conclusions of their own: the method page and the article itself.
NO_CONCLUSIONS = {"method", "article"}


def _read_csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def loaded_terms() -> list[str]:
    terms = {row["term"] for row in _read_csv("terms.csv") if row["loaded"] == "true"}
    return sorted(terms | set(STEMS), key=str.lower)


LOADED = loaded_terms()


def _pattern(term: str) -> str:
    """A term at the start of a word, any whitespace between its words ("terrorist" matches
    "terrorists"; "gates of hell" matches across a line break)."""
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in term.split())


LOADED_RE = re.compile("|".join(_pattern(t) for t in LOADED), re.IGNORECASE)


def main_content(markup: str) -> BeautifulSoup:
    soup = BeautifulSoup(markup, "html.parser")
    return soup.select_one("article.bd-article") or soup.select_one("main") or soup


def strip_quotations(text: str) -> str:
    return QUOTED.sub(" ", text)


def narration(markup: str) -> str:
    """The page's own words: main content without quotations, tables, charts or article text."""
    main = main_content(markup)
    for selector in NOT_NARRATION:
        for element in main.select(selector):
            element.decompose()
    for element in main.find_all(BLOCKS):
        element.insert_before(BREAK)
        element.insert_after(BREAK)
    text = strip_quotations(SPACE.sub(" ", main.get_text()))
    return re.sub(f" *{BREAK}[{BREAK} ]*", "\n", text)


def find_loaded(text: str, width: int = 50) -> list[str]:
    """Each loaded term in ``text``, with the words around it."""
    found = []
    for match in LOADED_RE.finditer(text):
        before = text[max(0, match.start() - width) : match.start()]
        after = text[match.end() : match.end() + width]
        found.append(" ".join(f"{before}[{match.group()}]{after}".split()))
    return found


PAGES = sorted(page.removeprefix("book/") for page in toc_pages())


def _page(name: str) -> str:
    return (BOOK / f"{name}.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the filter itself


def test_loaded_term_list_comes_from_the_data():
    from_data = {r["term"] for r in _read_csv("terms.csv") if r["loaded"] == "true"}
    assert from_data and from_data <= set(LOADED)
    assert {"war of genocide", "fascist occupation government", "gates of hell"} <= set(LOADED)
    assert not {r["term"] for r in _read_csv("terms.csv") if r["loaded"] == "false"} & set(STEMS)


def test_filter_finds_unquoted_loaded_words_and_ignores_quoted_ones():
    page = (
        '<html><body><nav>the regime in the sidebar</nav><main><article class="bd-article">'
        "<h1>A page</h1>"
        '<p>Hamas called the government “the <em>regime</em>” and spoke of "genocide war".</p>'
        "<p>Here the site itself says Terrorist, unquoted.</p>"
        "<blockquote>barbaric aggression</blockquote>"
        "<table><tr><td>fascist</td></tr></table>"
        '<details class="chart-data"><summary>data</summary>Zionist aggression</details>'
        '<div class="vega-chart"><noscript><img alt="onslaught"></noscript></div>'
        '<script type="application/json">{"t": "Islamist group"}</script>'
        '<div class="annotated-article"><p>the gates of hell</p></div>'
        '<ul class="context-list"><li>complete elimination</li></ul>'
        '<ul class="source-list"><li>stifling blockade</li></ul>'
        "</article></main></body></html>"
    )
    hits = find_loaded(narration(page))
    assert len(hits) == 1, hits
    assert "[Terrorist]" in hits[0] and "the site itself says" in hits[0]


def test_filter_keeps_a_word_after_an_unclosed_or_cross_paragraph_quote():
    assert find_loaded(narration("<main><p>He said “the regime and left.</p></main>"))
    assert find_loaded(narration("<main><p>“quoted”</p><p>a regime here”</p></main>"))
    assert not find_loaded(narration("<main><p>“the gates   of\nhell”</p></main>"))
    assert find_loaded(narration("<main><p>the gates of\nhell</p></main>"))


def test_filter_falls_back_to_main_and_ignores_navigation():
    page = "<nav>regime</nav><main><p>Hamas and Israel</p></main><footer>genocide</footer>"
    assert find_loaded(narration(page)) == []
    assert "Hamas and Israel" in narration(page)


# ---------------------------------------------------------------- rule 3 on the built site


@needs_site
def test_site_has_the_expected_pages():
    assert {"index", "article", "method"} <= set(PAGES)
    assert len(PAGES) >= 8


@needs_site
@pytest.mark.parametrize("page", PAGES)
def test_narration_uses_no_loaded_terms(page):
    text = narration(_page(page))
    assert len(text.split()) > 20, f"{page}: filtered narration is suspiciously empty"
    hits = find_loaded(text)
    assert not hits, f"{page}.html uses loaded terms in its own voice:\n  " + "\n  ".join(hits)


# ---------------------------------------------------------------- rule 3 on the records' own words

#: The fields in which a record speaks in the site's voice: summaries, labels and notes. (The
#: ``exact`` columns are the article's words; ``term`` and ``title`` are others' words.)
OWN_VOICE_FIELDS = {
    "relations.csv": ["detail"],
    "events.csv": ["label", "note", "resolution"],
    "figures.csv": ["note"],
    "notes.csv": ["note"],
    "context.csv": ["claim"],
    "actors.csv": ["name", "description"],
    "voices.csv": ["label", "description"],
    "checks.csv": ["note"],
    "relay_hops.csv": ["basis_note"],
    "statements.csv": ["relay_note"],
    "sources.csv": ["note", "date_basis"],
}


def own_voice_hits(rows_by_file: dict[str, list[dict]]) -> list[str]:
    """Loaded terms outside quotation marks in the records' own-voice fields."""
    hits = []
    for name, fields in OWN_VOICE_FIELDS.items():
        for row in rows_by_file[name]:
            for field in fields:
                for hit in find_loaded(strip_quotations(row.get(field) or "")):
                    hits.append(f"{name} {next(iter(row.values()))} {field}: {hit}")
    return hits


def test_own_voice_check_finds_an_unquoted_loaded_term():
    rows = {name: [] for name in OWN_VOICE_FIELDS}
    rows["relations.csv"] = [
        {"relation_id": "a", "detail": "chief international backer: weapons"},
        {"relation_id": "b", "detail": 'the narration calls it "chief international backer"'},
    ]
    hits = own_voice_hits(rows)
    assert len(hits) == 1 and hits[0].startswith("relations.csv a detail"), hits


def test_records_summaries_use_no_loaded_terms_unquoted():
    """M2 (editorial read 4): a term terms.csv records as loaded appears in a relation's or
    record's summary only in quotation marks, attributed, as Hamas's "US-backed" is."""
    hits = own_voice_hits({name: _read_csv(name) for name in OWN_VOICE_FIELDS})
    assert not hits, "loaded terms in the records' own voice:\n  " + "\n  ".join(hits)


# ---------------------------------------------------------------- rule 3 on chart labels


def _chart_labels(spec: dict) -> list[str]:
    """The site's own words in a chart: titles, subtitles, description, axis and legend titles and
    constant text. Data values (terms, quotations, tooltips' contents) are data, not narration."""
    labels = []

    def title(value):
        if isinstance(value, dict):
            for key in ("text", "subtitle"):
                title(value.get(key))
        elif isinstance(value, list):
            labels.extend(str(v) for v in value)
        elif isinstance(value, str):
            labels.append(value)

    def walk(node):
        if isinstance(node, dict):
            title(node.get("title"))
            if isinstance(node.get("description"), str):
                labels.append(node["description"])
            for channel in node.get("encoding", {}).values():
                items = channel if isinstance(channel, list) else [channel]
                for item in items:
                    if isinstance(item, dict):
                        title(item.get("title"))
                        if isinstance(item.get("value"), str):
                            labels.append(item["value"])
            for key, value in node.items():
                if key not in ("datasets", "data", "usermeta", "encoding", "config"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return labels


CHART_NAMES = [fn.__name__ for fn in charts.CHARTS]


def test_chart_label_collector_sees_titles():
    assert len(CHART_NAMES) >= 12


@pytest.mark.parametrize("name", CHART_NAMES)
def test_chart_labels_use_no_loaded_terms(facts, name):
    spec = getattr(charts, name)(facts).to_dict()
    labels = _chart_labels(spec)
    assert labels, f"{name}: no labels found"
    hits = [hit for label in labels for hit in find_loaded(strip_quotations(label))]
    assert not hits, f"chart {name} uses loaded terms in its own labels:\n  " + "\n  ".join(hits)


# ---------------------------------------------------------------- rules 6 and 8


@needs_site
@pytest.mark.parametrize("page", [p for p in PAGES if p not in NO_CONCLUSIONS])
def test_pages_that_draw_conclusions_mark_their_limits(page):
    main = main_content(_page(page))
    notes = [a for a in main.select(".admonition") if "one article" in a.get_text().lower()]
    assert notes, f"{page}.html has no limits note (“one article …”)"
    assert "The Algemeiner" in notes[0].get_text()


@needs_site
def test_pages_that_reproduce_the_article_credit_it():
    source = next(r for r in _read_csv("sources.csv") if r["source_id"] == "src_article")
    reproducing = [p for p in PAGES if main_content(_page(p)).select_one(".annotated-article")]
    assert "article" in reproducing
    for page in reproducing:
        main = main_content(_page(page))
        for selector in (".annotated-article", ".context-list", ".source-list"):
            for element in main.select(selector):
                element.decompose()
        text = " ".join(main.get_text().split())
        assert source["publisher"] in text, f"{page}.html does not name the outlet"
        assert source["author"] in text, f"{page}.html does not name the author"
        links = [a["href"] for a in main.find_all("a", href=True)]
        assert source["reprint_url"] in links, f"{page}.html does not link the reprint"


def test_the_words_page_gives_every_voices_terms_with_one_verb():
    """Read 6, m6 (rule 10): the page had Hamas and the PMO "accuse", the narration "describe"
    and Katz's remarks "use their own terms". Each voice's terms are now introduced by one
    neutral verb, "uses", and quoted, whichever voice speaks: one bullet per voice."""
    source = (ROOT / "book" / "words.md").read_text(encoding="utf-8")
    section = source.split("## Descriptors and loaded words", 1)[1].split("```", 1)[0]
    text = " ".join(re.sub(r"\{rec\}`[^`]+`", "", section).split())
    # one bullet per voice (reads 8 and 9: every term of every voice), each opening alike
    bullets = [" ".join(b.split()) for b in section.split("\n- ")[1:]]
    assert len(bullets) >= 4, bullets
    for bullet in bullets:
        assert re.match(r"\*\*[^*]+\*\* uses?, (not )?loaded: “", bullet), bullet
    assert not re.search(r"\b(accuses?|describes?|threatens?|own terms)\b", text), text


def test_no_term_records_a_voices_words_for_its_own_side():
    """Read 6, m7: the selection rule is "characterises another party or that party's actions"
    (words.md), the same for every voice: no term record refers to its voice's own actor or a
    part of it."""
    with (DATA / "voices.csv").open(encoding="utf-8", newline="") as handle:
        own = {r["voice_id"]: r["actor_id"] for r in csv.DictReader(handle)}
    with (DATA / "actors.csv").open(encoding="utf-8", newline="") as handle:
        parent = {r["actor_id"]: r["part_of"] for r in csv.DictReader(handle)}

    def side(actor: str) -> set[str]:
        found = set()
        while actor and actor not in found:
            found.add(actor)
            actor = parent.get(actor, "")
        return found

    with (DATA / "terms.csv").open(encoding="utf-8", newline="") as handle:
        for term in csv.DictReader(handle):
            speaker = own.get(term["voice_id"], "")
            if speaker and term["refers_to"]:
                assert speaker not in side(term["refers_to"]), term["term_id"]

"""The site never claims more than the article says (EDITORIAL.md rules 4, 7 and 9).

On the built site, and on every chart's spec:

- no hedge is dropped: wherever a hedged figure's number appears ("2,000", "two million"), its
  hedge ("nearly", "more than") is right before it;
- a paraphrase is never called a quotation: a sentence of the site's own that says "quotes" or
  "quoted" quotes only words the article prints inside quotation marks, and the tables that list
  quotations list only direct statements;
- a relay the article does not state is never shown as stated: every relay chain shown in a
  table or a chart's data says "our inference" beside exactly the hops that are ours.

The built-site tests read _build/html, which the ``site`` fixture builds when it is stale.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from explainer.site.browser import toc_pages
from explainer.views import charts
from explainer.views.derive import phrasing, quantities, relaying, roster

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "_build" / "html" / "book"
#: A test of the built site: conftest's ``site`` builds it when missing or stale (tier ``build``).
needs_site = pytest.mark.usefixtures("site")
PAGES = sorted(page.removeprefix("book/") for page in toc_pages())


@cache
def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((BOOK / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _strings(node) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def page_strings(markup: str) -> list[str]:
    """What a reader of a built page can read: its text, its attributes' words (title, alt,
    aria-label, meta descriptions) and every string of its charts' specs."""
    soup = BeautifulSoup(markup, "html.parser")
    out = []
    # A chart's drawing (its SVG: axis ticks, the data values of its marks) is drawn from the
    # spec, whose strings are read below; the spec's words are what a reader reads.
    for drawing in soup.find_all("svg"):
        drawing.decompose()
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            try:
                out += _strings(json.loads(script.string or "null"))
            except json.JSONDecodeError:
                pass
        script.decompose()
    for tag in soup.find_all(True):
        for attr in ("title", "alt", "aria-label", "content"):
            if isinstance(tag.get(attr), str):
                out.append(tag[attr])
    out.append(soup.get_text(" "))
    return out


# ---------------------------------------------------------------- hedges


def hedged_figures(facts) -> list[tuple[str, list[str]]]:
    """(hedge, ways its number is written) for every figure that carries a hedge."""
    out = []
    for r in facts.figures.itertuples():
        hedge = "" if r.hedge is None or str(r.hedge) in ("", "<NA>", "nan") else str(r.hedge)
        if not hedge:
            continue
        value = float(r.value)
        forms = {
            str(r.exact)[len(hedge) :].strip(),
            f"{value:,.0f}",
            f"{value:.0f}",
            phrasing.number_words(value),
        }
        if value >= 1e6:
            forms.add(f"{value / 1e6:g} million")
        out.append((hedge, sorted(forms, key=len, reverse=True)))
    return out


def others_words(facts) -> list[str]:
    """Text that is other sources' numbers, not the article's: context claims, the values the
    prose glues from them, and source titles and notes."""
    from explainer.views import prose

    claims = list(facts.context.claim) + list(quantities.context_claims(facts))
    values = prose.values(facts)
    glued = [values[c] for c in facts.context.context_id if c in values]
    words = claims + glued + list(facts.sources.title) + list(facts.sources.note)
    return sorted(words, key=len, reverse=True)


def dropped_hedges(
    text: str, figures: list[tuple[str, list[str]]], exclude: list[str]
) -> list[str]:
    """Each place in ``text`` where a hedged figure's number appears without its hedge."""
    for words in exclude:
        text = text.replace(words, " ")
    text = " ".join(text.replace("“", "").replace("”", "").replace('"', "").split())
    found = []
    for hedge, forms in figures:
        for form in forms:
            for m in re.finditer(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", text):
                if not text[: m.start()].rstrip().lower().endswith(hedge.lower()):
                    found.append(text[max(0, m.start() - 40) : m.end() + 20])
    return found


def test_the_hedge_checker_finds_a_dropped_hedge(facts):
    figures = hedged_figures(facts)
    assert figures, "the article has hedged figures"
    assert dropped_hedges("Separate scales: 33 is drawn, 2,000 to a 0–2,100 axis", figures, [])
    assert dropped_hedges("about two million people", figures, [])
    assert not dropped_hedges(
        "“nearly 2,000” to a 0–2,100 axis; more than two million", figures, []
    )
    claim = "counts run from about 1,800 to 2,000"
    assert not dropped_hedges(f"Reports: {claim}.", figures, [claim])


@pytest.mark.parametrize("name", [fn.__name__ for fn in charts.CHARTS])
def test_no_chart_drops_a_hedge(facts, name):
    fn = getattr(charts, name)
    spec = fn(facts).to_dict()
    text = " | ".join(_strings(spec))
    dropped = dropped_hedges(text, hedged_figures(facts), others_words(facts))
    assert not dropped, f"{name} drops a hedge:\n  " + "\n  ".join(dropped)


@needs_site
@pytest.mark.parametrize("page", PAGES)
def test_no_page_drops_a_hedge(facts, page):
    markup = (BOOK / f"{page}.html").read_text(encoding="utf-8")
    figures, exclude = hedged_figures(facts), others_words(facts)
    dropped = [d for s in page_strings(markup) for d in dropped_hedges(s, figures, exclude)]
    assert not dropped, f"{page}.html drops a hedge:\n  " + "\n  ".join(dropped[:10])


# ---------------------------------------------------------------- quotations

QUOTE_WORDS = re.compile(r"\bquot(?:es|ed|ing|ation|ations)\b(?!\s+marks?\b)", re.IGNORECASE)
QUOTED = re.compile(r"“([^“”]+)”")
SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“])")
#: The site's own narration: the main content without tables, charts, the article and the lists.
NOT_OURS = [
    "script",
    "style",
    "table",
    "details",
    ".vega-chart",
    ".annotated-article",
    ".context-list",
    ".source-list",
]


def direct_spans(facts) -> list[tuple[int, int]]:
    st = facts.statements
    return [
        (int(s), int(e))
        for s, e, m in zip(st.start, st.end, st["mode"], strict=True)
        if m == "direct"
    ]


def misquotes(text: str, article: str, direct: list[tuple[int, int]]) -> list[str]:
    """Sentences of ``text`` that say "quotes" of words the article prints outside quotation
    marks (its own narration or paraphrase)."""
    found = []
    for sentence in SENTENCE.split(" ".join(text.split())):
        if not QUOTE_WORDS.search(sentence):
            continue
        for fragment in QUOTED.findall(sentence):
            for part in re.split(r"\s*…\s*", fragment):
                part = part.strip(" ,.;:")
                if len(part) < 4 or part not in article:
                    continue
                at = [m.start() for m in re.finditer(re.escape(part), article)]
                if not any(a <= s and s + len(part) <= b for s in at for a, b in direct):
                    found.append(f"“{part}” in: {sentence}")
    return found


def test_the_misquote_checker_finds_a_paraphrase_called_a_quotation(facts, article):
    direct = direct_spans(facts)
    bad = "It quotes a second passage calling for a “coordinated siege” of diplomatic missions."
    assert misquotes(bad, article, direct)
    good = "It says Hamas called for a “coordinated siege”. It quotes the call “in response to the Israeli government’s resumption”."
    assert not misquotes(good, article, direct)
    assert not misquotes("A closing quotation mark after “the statement reads”.", article, direct)


@needs_site
@pytest.mark.parametrize("page", PAGES)
def test_the_site_never_calls_a_paraphrase_a_quotation(facts, article, page):
    main = _soup(page).select_one("article.bd-article") or _soup(page)
    main = BeautifulSoup(str(main), "html.parser")
    for selector in NOT_OURS:
        for element in main.select(selector):
            element.decompose()
    found = misquotes(main.get_text(" "), article, direct_spans(facts))
    assert not found, f"{page}.html calls a paraphrase a quotation:\n  " + "\n  ".join(found)


@needs_site
def test_tables_of_quotations_list_only_what_the_article_quotes(facts):
    direct = set(facts.statements.statement_id[facts.statements["mode"] == "direct"])
    table = next(
        t for t in _soup("statements").select("table") if "quotation marks" in t.caption.get_text()
    )
    listed = {tr.td.get_text(strip=True) for tr in table.select("tbody tr")}
    assert listed == direct
    records = _soup("article").select(f"#{'all-records'} tbody tr")
    quoted = {
        tr["data-record"]
        for tr in records
        if tr.select_one('td[data-field="type"]').get_text() == "Quotation"
    }
    assert quoted == direct


# ---------------------------------------------------------------- relays


def inferred_statements(facts) -> set[str]:
    hops = facts.relay_hops
    return set(hops.statement_id[hops["basis"] == "inferred"])


@needs_site
@pytest.mark.parametrize(("page", "field"), [("statements", None), ("article", "chain")])
def test_a_relay_the_article_does_not_state_is_never_shown_as_stated(facts, page, field):
    """Every chain a table shows marks our inference beside exactly the hops that are ours."""
    inferred = inferred_statements(facts)
    names = roster.actor_names(facts)
    marks = {
        sid: {
            f"{names[a]} ({relaying.INFERRED_MARK})"
            for a in group.actor_id[group["basis"] == "inferred"]
        }
        for sid, group in facts.relay_hops.groupby("statement_id")
    }
    checked = 0
    for table in _soup(page).select("table"):
        headers = [th.get_text() for th in table.select("thead th")]
        if "Relay chain" not in headers:
            continue
        col = headers.index("Relay chain")
        for tr in table.select("tbody tr"):
            cells = tr.find_all("td")
            sid = cells[0].get_text(strip=True)
            if sid not in marks:
                continue
            chain = cells[col].get_text()
            for mark in marks[sid]:
                assert mark in chain, (page, sid, chain)
            assert (relaying.INFERRED_MARK in chain) == (sid in inferred), (page, sid, chain)
            checked += 1
    assert checked >= len(inferred), f"{page}: only {checked} chains checked"


@needs_site
def test_chart_data_marks_every_inferred_relay(facts):
    """A chart row marks our inference where its record's relay is inferred: a statement's own,
    or (read 7, M2) that of the quotation a term, name or figure stands in."""
    from explainer.views import cite

    inferred = inferred_statements(facts) | {
        r.id for r in cite.records(facts) if relaying.INFERRED_MARK in r.chain
    }
    assert inferred_statements(facts) < inferred  # terms inside inferred quotations count too
    seen = 0
    for page in PAGES:
        for script in _soup(page).select('script[type="application/json"].vega-spec'):
            spec = json.loads(script.string)
            for data in [spec.get("datasets", {})]:
                for rows in data.values():
                    for row in rows:
                        if isinstance(row, dict) and "chain" in row and "id" in row:
                            assert (relaying.INFERRED_MARK in row["chain"]) == (
                                row["id"] in inferred
                            ), row
                            seen += 1
    assert seen >= len(facts.statements)

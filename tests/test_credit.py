"""The copies that travel, and the text most shared: credit, titles and whole quotations.

* Every embed page and every chart image carries the credit line (outlet, author, reprint link),
  the rights line, the limits line for the records its chart draws and a link to the limits
  (tests/credit_checks.py; tests/test_any_package.py runs the same checks on other packages'
  sites).
* The site's name, and so every ``<title>``, quotes the article's headline and names its outlet:
  a headline is the outlet's claim, not the site's (EDITORIAL.md rules 1 and 2).
* A quotation the site prints in its prose is never cut before the end of its sentence unless an
  ellipsis marks the cut (rule 7): a cut that drops half a condition changes what was said.
"""

from __future__ import annotations

import html
import re

import credit_checks
import pytest
from bs4 import BeautifulSoup

from explainer import load
from explainer.package.facts import Facts
from explainer.site import browser as web
from explainer.views import cite

PAGES = web.toc_pages()
_QUOTED = re.compile(r"“([^“”]+)”")
#: What may end a quoted sentence in the article: its closing mark, a line's end, or a full stop.
_ENDS = re.compile(r"[,.;:!?]?(”|\n|$)|[.!?](\s|$)")


@pytest.fixture(scope="module")
def credit(facts) -> cite.Credit:
    return cite.credit(facts)


def test_every_embed_page_credits_the_article_and_links_its_limits(site, credit):
    assert credit_checks.embed_problems(site, credit) == []


def test_every_chart_image_carries_the_credit_rights_and_limits(site, credit):
    assert credit_checks.image_problems(site, credit) == []


def test_every_embed_and_chart_image_says_what_other_reporting_says_of_its_records(site, facts):
    """Each copy that travels says, for the records its chart draws, what the page's limits box
    says of them (corroborated, reported differently, only dated, unchecked), and a chart image
    gives the limits box by full address or by name, never by a path relative to itself."""
    assert credit_checks.limits_problems(site, facts) == []


def test_the_credit_is_read_from_the_package(facts):
    """Another article's sources give another credit: nothing of this one is typed in code."""
    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    sources = tables["sources"]
    row = sources["kind"] == "article"
    sources.loc[row, ["title", "author", "publisher"]] = [
        "Bridge vote passes",
        "A. N. Other",
        "Gazette",
    ]
    sources.loc[row, "reprint_url"] = "https://example.org/bridge"
    other = cite.credit(Facts(facts.article, facts.descriptor, tables))
    assert other.credit == "From “Bridge vote passes” by A. N. Other, Gazette."
    assert other.reprint_url == "https://example.org/bridge"


def test_the_site_title_quotes_the_headline_and_names_the_outlet(facts):
    out = cite.outlet(facts)
    assert cite.credits_headline(cite.explainer_title(facts), out)
    # the default title of a package that sets none does the same
    descriptor = {**facts.descriptor, "explainer": {}}
    default = cite.explainer_title(Facts(facts.article, descriptor, facts.tables))
    assert cite.credits_headline(default, out), default
    # the rule fails a title that states the claim in the site's voice
    assert not cite.credits_headline("Hamas calls for a siege of embassies: an explainer", out)
    assert not cite.credits_headline(f"“{out.title[:20]}”: an explainer", out)  # cut unmarked


def test_every_title_of_the_site_carries_the_attributed_site_name(site, facts):
    name = cite.explainer_title(facts)
    pages = [site / f"{page}.html" for page in PAGES] + sorted((site / "embed").glob("*.html"))
    for path in pages:
        title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
        assert title and name in html.unescape(title[1]), path.name


def cut_quotations(text: str, article: str, names: set[str]) -> list[str]:
    """Each quotation in ``text`` that opens a sentence of the article (it follows an opening
    quotation mark, a full stop or a line's start there) but stops before that sentence's end,
    with no ellipsis at the cut. A fragment inside a sentence (“global siege”) is not a cut
    sentence, and a quoted name or term (“The group”) is a name, not a statement."""
    flat = " ".join(article.split(" "))
    found = []
    for quoted in _QUOTED.findall(text):
        core = " ".join(quoted.split()).rstrip(",.;:!? ")
        if quoted.rstrip().endswith("…") or len(core.split()) < 2 or core in names:
            continue
        for match in re.finditer(re.escape(core), flat):
            before = flat[: match.start()].rstrip(" ")
            opens = not before or before[-1] in "“\n.!?"
            if opens and not _ENDS.match(flat, match.end()):
                found.append(quoted)
    return found


def _prose(markup: str) -> list[str]:
    """The paragraphs and list items of a page's main column, outside the annotated article,
    tables and record cards (whose quotations are whole records)."""
    soup = BeautifulSoup(markup, "html.parser")
    main = soup.find("main") or soup
    for element in main.select(".annotated-article, table, template, script, .record-card"):
        element.decompose()
    return [" ".join(el.get_text(" ").split()) for el in main.find_all(["p", "li"])]


def test_the_rule_finds_a_cut_quotation(article):
    cut = "He says “We will not stop fighting until all the hostages are returned home”."
    whole = cut.replace("home”", "home and all threats to the southern residents are removed”")
    assert cut_quotations(cut, article, set()) == [
        "We will not stop fighting until all the hostages are returned home"
    ]
    assert cut_quotations(whole, article, set()) == []
    assert cut_quotations(cut.replace("home”", "home…”"), article, set()) == []


@pytest.mark.parametrize("page", PAGES)
def test_no_quotation_in_the_prose_is_cut_unmarked(site, article, page):
    facts = load()
    names = set(facts.aliases.exact.astype(str)) | set(facts.terms.exact.astype(str))
    markup = (site / f"{page}.html").read_text(encoding="utf-8")
    cut = [q for text in _prose(markup) for q in cut_quotations(text, article, names)]
    assert cut == [], f"{page}: quotations cut before their sentence ends: {cut}"

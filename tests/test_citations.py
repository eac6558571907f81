"""Every link in the built site lands somewhere, and every record link lands on its highlight.

Reads _build/html, which the ``site`` fixture builds when it is missing or stale. A record link is a narrative
``{rec}`` citation (``a.rec-cite``), a record id in any table (chart data tables included), a chart
mark's ``href``, or a link on the annotated article page itself; all must resolve to an element id
on book/article.html. A crawler follows every other local link of every page too: the file must
exist and, for a page, so must the fragment.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from explainer.site import sphinx_ext
from explainer.site.browser import toc_pages

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
BOOK = SITE / "book"
ARTICLE = BOOK / "article.html"
BASE = "https://site.invalid/"  # any base works: links are resolved relative to their page

#: Every test here reads the built site: conftest's ``site`` builds it when missing or stale.
pytestmark = pytest.mark.usefixtures("site")

PAGES = sorted(page.removeprefix("book/") for page in toc_pages())


def _all_html() -> list[str]:
    """Every page of the built site; _static holds the theme's Jinja templates, not pages."""
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if p.relative_to(SITE).parts[0] != "_static"
    )


# Pages exempt from "at least one narrative citation": the method page (per the brief) and the
# article page, which is what every citation points at (its own record links are checked below).
NO_NARRATIVE_CITATION = {"method", "article"}


@cache
def _site_soup(rel: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")


def _soup(page: str) -> BeautifulSoup:
    return _site_soup(f"book/{page}.html")


def _main(soup: BeautifulSoup):
    return soup.select_one("article.bd-article") or soup.select_one("main") or soup


@cache
def _ids(rel: str) -> frozenset[str]:
    soup = _site_soup(rel)
    return frozenset(
        [el["id"] for el in soup.find_all(id=True)]
        + [el["name"] for el in soup.find_all("a", attrs={"name": True})]
    )


@pytest.fixture(scope="module")
def article_ids() -> set[str]:
    ids = set(_ids("book/article.html"))
    assert len(ids) > 100, "article page has suspiciously few ids"
    return ids


def _target(page: str, href: str) -> tuple[str, str]:
    """(page file the link opens, fragment), resolved as the browser would from book/<page>.html."""
    url = urlparse(urljoin(f"{BASE}book/{page}.html", href))
    return url.path.rsplit("/", 1)[
        -1
    ] if url.netloc == "site.invalid" else url.geturl(), url.fragment


def _resolve(rel: str, href: str) -> tuple[str | None, str]:
    """(site-relative path, fragment) of a link on the page ``rel``; (None, "") for another host."""
    url = urlparse(urljoin(f"{BASE}{rel}", href))
    if url.netloc != "site.invalid":
        return None, ""
    return unquote(url.path.lstrip("/")), unquote(url.fragment)


def _broken(page: str, links, article_ids: set[str]) -> list[str]:
    bad = []
    for a in links:
        href = a.get("href", "")
        file, fragment = _target(page, href)
        if file != "article.html" or not fragment or fragment not in article_ids:
            bad.append(f"{page}.html: {a.get_text(strip=True)!r} -> {href!r}")
    return bad


def _record_links(node):
    """Links to records in tables: every link in a body cell (not the caption's CSV link)."""
    return node.select("table tbody td a")


def test_site_has_pages():
    assert {"index", "article", "method"} <= set(PAGES)


def test_target_resolution():
    assert _target("index", "article.html#st_q01") == ("article.html", "st_q01")
    assert _target("article", "#st_q01") == ("article.html", "st_q01")
    assert _target("index", "timeline.html#st_q01")[0] == "timeline.html"
    assert _target("index", "https://example.org/article.html#x")[0].startswith("https://")
    assert _resolve("book/index.html", "../downloads/a.csv") == ("downloads/a.csv", "")
    assert _resolve("book/index.html", "#x") == ("book/index.html", "x")
    assert _resolve("index.html", "book/article.html#st_q01") == ("book/article.html", "st_q01")
    assert _resolve("book/index.html", "https://example.org/")[0] is None


@pytest.mark.parametrize("page", PAGES)
def test_record_citations_resolve(page, article_ids):
    links = _main(_soup(page)).select("a.rec-cite")
    bad = _broken(page, links, article_ids)
    assert not bad, "citations to missing records:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("page", PAGES)
def test_chart_data_table_links_resolve(page, article_ids):
    main = _main(_soup(page))
    charts = main.select(".vega-chart")
    tables = main.select("details.chart-data")
    assert len(tables) == len(charts), f"{page}.html: {len(charts)} charts, {len(tables)} tables"
    bad = []
    for details in tables:
        bad += _broken(page, _record_links(details), article_ids)
    assert not bad, "data-table links to missing records:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("page", PAGES)
def test_table_links_resolve(page, article_ids):
    bad = _broken(page, _record_links(_main(_soup(page))), article_ids)
    assert not bad, "table links to missing records:\n  " + "\n  ".join(bad)


def _unlinked_rows(page: str, table, article_ids: set[str]) -> list[str]:
    """Rows of a table whose record cells do not link a record highlight.

    The record columns are those where any row has a link. A row may have no link only when all
    its record cells are empty: it is about no record (the narration between two quotations).
    """
    rows = [tr.find_all("td") for tr in table.select("tbody tr")]
    columns = {i for cells in rows for i, td in enumerate(cells) if td.find("a")}
    caption = table.caption.get_text(" ", strip=True) if table.caption else "(no caption)"
    if not columns:
        return [f"{page}.html: {caption!r} links no record at all"]
    bad = []
    for n, cells in enumerate(rows, start=1):
        shown = [cells[i] for i in columns if i < len(cells) and cells[i].get_text(strip=True)]
        if any(not td.find("a") for td in shown) or _broken(
            page, _record_links(table.select("tbody tr")[n - 1]), article_ids
        ):
            bad.append(
                f"{page}.html: {caption!r} row {n}: {' | '.join(td.get_text(strip=True) for td in cells)[:80]}"
            )
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_every_table_row_links_its_record(page, article_ids):
    """Every table on every page links its records: each record id it shows opens its highlight."""
    tables = _main(_soup(page)).select("table")
    bad = [row for table in tables for row in _unlinked_rows(page, table, article_ids)]
    assert not bad, "table rows without a working record link:\n  " + "\n  ".join(bad)


def test_unlinked_rows_are_caught():
    """The row check fails a table with an unlinked id, and one with no links at all."""
    ids = {"st_q01", "st_q02"}
    linked = '<td><a href="article.html#st_q01">st_q01</a></td><td>x</td>'
    table = BeautifulSoup(
        f"<table><caption>t</caption><tbody><tr>{linked}</tr><tr><td>st_q02</td><td>y</td></tr>"
        "<tr><td></td><td>narration</td></tr></tbody></table>",
        "html.parser",
    )
    assert [r.split(" row ")[1][:1] for r in _unlinked_rows("p", table, ids)] == ["2"]
    plain = BeautifulSoup("<table><tbody><tr><td>st_q01</td></tr></tbody></table>", "html.parser")
    assert _unlinked_rows("p", plain, ids) == ["p.html: '(no caption)' links no record at all"]
    dead = BeautifulSoup(
        '<table><tbody><tr><td><a href="article.html#gone">gone</a></td></tr></tbody></table>',
        "html.parser",
    )
    assert len(_unlinked_rows("p", dead, ids)) == 1


@pytest.mark.parametrize("page", PAGES)
def test_chart_marks_link_to_records(page, article_ids):
    """Every href a chart on this page draws opens an existing record highlight."""
    bad = []
    specs = sphinx_ext.spec_blocks((BOOK / f"{page}.html").read_text(encoding="utf-8"))
    for block in specs:
        for href in _spec_hrefs(block["spec"]):
            file, fragment = _target(page, href)
            if file != "article.html" or fragment not in article_ids:
                bad.append(f"{page}.html chart {block['id']}: {href!r}")
    assert not bad, "chart marks linking to missing records:\n  " + "\n  ".join(bad)


def _spec_hrefs(spec) -> list[str]:
    """Every value of an ``href`` field in the spec's inline data, found wherever it sits."""
    fields = set()
    rows = []

    def walk(node):
        if isinstance(node, dict):
            enc = node.get("encoding")
            if (
                isinstance(enc, dict)
                and isinstance(enc.get("href"), dict)
                and "field" in enc["href"]
            ):
                fields.add(enc["href"]["field"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            rows.extend(r for r in node if isinstance(r, dict))  # inline data rows, among others
            for value in node:
                walk(value)

    walk(spec)
    return [str(r[f]) for r in rows for f in fields if r.get(f)]


def test_spec_hrefs_finds_nested_links():
    spec = {
        "layer": [{"encoding": {"href": {"field": "link"}}}],
        "datasets": {"d": [{"link": "article.html#a"}, {"link": None}]},
        "data": {"values": [{"link": "article.html#b", "other": "x"}]},
    }
    assert sorted(_spec_hrefs(spec)) == ["article.html#a", "article.html#b"]


def test_charts_do_link_records():
    """Keeps test_chart_marks_link_to_records meaningful: the site's charts carry record links."""
    n = sum(
        len(_spec_hrefs(block["spec"]))
        for page in PAGES
        for block in sphinx_ext.spec_blocks((BOOK / f"{page}.html").read_text(encoding="utf-8"))
    )
    assert n >= 50


def test_every_local_link_resolves():
    """The crawler: every local link and resource of every built page exists, fragment included."""
    pages = _all_html()
    assert len(pages) > len(PAGES)
    broken = {rel: bad for rel in pages if (bad := _broken_local_links(rel))}
    assert not broken, "broken links:\n" + "\n".join(
        f"{rel}:\n  " + "\n  ".join(bad) for rel, bad in broken.items()
    )


def _broken_local_links(rel: str) -> list[str]:
    """What is wrong with each local link and resource of the built page ``rel``."""
    soup = _site_soup(rel)
    bad = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for el in soup.find_all(tag, attrs={attr: True}):
            href = el[attr]
            if not href.strip():
                bad.append(f"<{tag}> {el.get_text(strip=True)[:40]!r}: empty {attr}")
                continue
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            path, fragment = _resolve(rel, href)
            if path is None:
                continue
            path = path.split("?", 1)[0]
            target = SITE / path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                bad.append(f"{href!r}: no file {path}")
            elif fragment and target.suffix == ".html":
                if fragment not in _ids(target.relative_to(SITE).as_posix()):
                    bad.append(f"{href!r}: no id {fragment!r} in {path}")
    return bad


def test_crawler_sees_the_record_links():
    """Keeps the crawler meaningful: it follows hundreds of links to record highlights."""
    n = 0
    for rel in _all_html():
        for a in _site_soup(rel).find_all("a", href=True):
            path, fragment = _resolve(rel, a["href"])
            n += path == "book/article.html" and bool(fragment)
    assert n >= 500


def test_article_page_record_links_resolve(article_ids):
    """The context list on the article page links each context fact to the record it is about."""
    main = _main(_soup("article"))
    links = main.select(".context-list a")
    assert links
    bad = _broken("article", links, article_ids)
    assert not bad, "context facts about missing records:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("page", [p for p in PAGES if p not in NO_NARRATIVE_CITATION])
def test_every_page_cites_records(page):
    assert _main(_soup(page)).select("a.rec-cite"), f"{page}.html cites no record"


def test_every_record_citation_has_a_title():
    """The {rec} role gives each link a hover title naming its number and the record."""
    for page in PAGES:
        for a in _main(_soup(page)).select("a.rec-cite"):
            number = a.get_text(strip=True).strip("[]")
            record = a["href"].rpartition("#")[2]
            assert f"Source {number}:" in a.get("title", ""), f"{page}.html: {a}"
            assert f"(record {record})" in a.get("title", ""), f"{page}.html: {a}"


#: Where a record's id may be shown: data tables, the article's cards and highlights, code.
ID_PLACES = "table, details.chart-data, .rec-card, .record-table, code, pre, .vega-chart, script"


def ids_in_prose(main, ids: set[str]) -> list[str]:
    """Record ids shown as visible text in a running paragraph or list item."""
    found = []
    for block in main.select("p, li"):
        if block.find_parent(["table", "pre", "code"]) or block.select_one(ID_PLACES) is block:
            continue
        for hidden in block.select(ID_PLACES):
            hidden.extract()
        words = set(block.get_text(" ").replace("`", " ").split())
        found += sorted(w.strip(".,;:()[]“”") for w in words if w.strip(".,;:()[]“”") in ids)
    return found


def test_no_record_id_is_visible_in_prose(article_ids):
    """Citation marks a reader can read: ids live in link targets, cards and data tables."""
    ids = {i for i in article_ids if "_" in i or any(c.isdigit() for c in i)}
    bad = {page: ids_in_prose(_main(_soup(page)), ids) for page in PAGES}
    bad = {page: found for page, found in bad.items() if found}
    assert not bad, f"record ids in running text: {bad}"


def test_ids_in_prose_finds_an_id_chip():
    soup = BeautifulSoup(
        '<main><p>He said so <a class="rec-cite" href="a.html#st_q01">st_q01</a>.</p>'
        "<li>In a table <table><tr><td>st_q02</td></tr></table></li></main>",
        "html.parser",
    )
    assert ids_in_prose(soup, {"st_q01", "st_q02"}) == ["st_q01"]

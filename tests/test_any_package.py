"""Any valid package builds the whole site; several build into one site with an index.

One ``python -m explainer site`` run, in a copy of the project, builds three packages:

* this project's ``data/`` (its execution cache seeded from the main build, so it runs nothing);
* a copy with every id, actor name and voice label replaced and no pages of its own
  (tests/packages.py): if the code named any of this article's records, it would break or show
  them;
* a copy with only the article, sources, actors, voices and statements: every page must say
  in words what the package lacks.

The tests then read the assembled site and open it in Chromium.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import credit_checks
import packages
import pytest

from explainer.site import articles, browser, sphinx_pages
from explainer.views import export

REPO = Path(__file__).resolve().parents[1]
PAGES = browser.toc_pages()
FLAGSHIP = "gaza-siege-call-explainer"
RENAMED, MINIMAL = "renamed-copy", "minimal-copy"


@pytest.fixture(scope="module")
def built(tmp_path_factory, book_builds) -> dict:
    work = tmp_path_factory.mktemp("any-package")
    mapping = packages.renamed(REPO / "data", work / "renamed")
    packages.minimal(REPO / "data", work / "minimal")
    # The flagship's records are content hashes of the same files: reuse the main build's.
    project = book_builds.copy_project(
        work / "project",
        book_builds.PROJECT_FILES,
        seed=articles.build_folder(work / "project", work / "project" / "data") / "_build",
    )
    out = work / "site"
    command = book_builds.site_command(["data", work / "renamed", work / "minimal"], out)
    result = book_builds.run(command, project, book_builds.environment(project), timeout=1800)
    return {"site": out, "mapping": mapping, "work": work, "log": result.stdout}


def _html(site: Path, article: str, page: str) -> str:
    return (site / article / f"{page}.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# ---------------------------------------------------------------------------------------
# The site of several articles


def test_the_index_links_every_article(built):
    index = (built["site"] / "index.html").read_text(encoding="utf-8")
    for name in (FLAGSHIP, RENAMED, MINIMAL):
        assert f'href="{name}/index.html"' in index
        assert (built["site"] / name / "index.html").is_file()
    assert "Hamas calls for global siege" in index  # the article's title, from its package


@pytest.mark.parametrize("article", [FLAGSHIP, RENAMED, MINIMAL])
def test_every_article_has_every_page_and_its_own_downloads(built, article):
    for page in PAGES:
        assert (built["site"] / article / f"{page}.html").is_file(), page
    downloads = built["site"] / article / "downloads"
    assert (downloads / "explainer-data.zip").is_file()
    with zipfile.ZipFile(downloads / export.ARTICLE_ZIP) as pair:  # the text, beside its notice
        text = pair.read(f"{export.ARTICLE_FOLDER}/{export.ARTICLE}")
    assert text == (REPO / "data" / "article.txt").read_bytes()


def test_no_link_in_the_site_is_broken(built):
    site = built["site"]
    broken = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:  # the theme's Jinja templates, not pages
            continue
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', text):
            if urlsplit(target).scheme or target.startswith(("//", "mailto:", "data:")):
                continue
            resolved = (page.parent / unquote(target)).resolve()
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert not broken, "\n".join(broken[:20])


def test_the_flagship_keeps_its_old_addresses(built, chromium):
    site = built["site"]
    assert "location.replace" in (site / "book" / "article.html").read_text(encoding="utf-8")
    assert (site / "downloads" / "explainer-data.zip").is_file()
    with browser.serve(site) as url:
        shown = browser.visit(chromium, f"{url}/book/article.html#st_q01")
        try:
            shown.page.wait_for_url(re.compile(rf"/{FLAGSHIP}/book/article\.html#st_q01$"))
        finally:
            shown.close()


def test_each_article_keeps_its_own_permalinks(built):
    for article in (FLAGSHIP, RENAMED):
        html = _html(built["site"], article, "book/article")
        ids = set(re.findall(r'id="((?:st|ev|fg)_[a-z0-9_]+)"', html))
        assert ids, f"{article}: no record anchors on article.html"
    renamed = _html(built["site"], RENAMED, "book/article")
    new_ids = {v for v in built["mapping"].values() if v.startswith("st_")}
    assert any(f'id="{i}"' in renamed for i in new_ids)


# ---------------------------------------------------------------------------------------
# Every id renamed: the code names none of this article's records


def test_the_renamed_package_shows_none_of_the_old_ids(built):
    old = [i for i in built["mapping"] if re.fullmatch(r"[a-z]{2,3}_[a-z0-9_]+", i)]
    assert len(old) > 100
    site = built["site"] / RENAMED
    found = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        hits = [i for i in old if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        if hits:
            found[page.relative_to(site).as_posix()] = hits[:5]
    assert not found, f"old record ids on the renamed site: {found}"


@pytest.mark.parametrize("page", PAGES)
def test_the_renamed_package_draws_every_chart(built, chromium, page):
    source = sphinx_pages.page_source(page, built["work"] / "renamed")
    expected = browser.expected_charts(page, source=source)
    html = _html(built["site"], RENAMED, page)
    assert html.count('class="vega-chart"') == expected
    with browser.serve(built["site"]) as url:
        shown = browser.visit(chromium, f"{url}/{RENAMED}/{page}.html")
        try:
            if expected:
                browser.wake_charts(shown.page, expected, timeout=60_000)
                live = shown.page.evaluate(
                    f"() => [...document.querySelectorAll('{browser.LIVE_CHART}')]"
                    ".filter(c => c.querySelector('svg g.role-mark > *')).length"
                )
                assert live == expected
            assert shown.problems == []
        finally:
            shown.close()


# ---------------------------------------------------------------------------------------
# A minimal package: every page says what is absent


ABSENT = {
    "book/timeline": "The article states no events",
    "book/numbers": "The article states no figures",
    "book/actors": "The article states no relations",
    "book/statements": "The article names no relay",
}


@pytest.mark.parametrize("page", sorted(ABSENT))
def test_the_minimal_package_says_what_it_lacks(built, page):
    assert ABSENT[page] in _text(_html(built["site"], MINIMAL, page))


def test_the_minimal_package_shows_no_empty_chart(built):
    for page in PAGES:
        html = _html(built["site"], MINIMAL, page)
        for spec in re.findall(r'class="vega-spec"[^>]*>(.*?)</script>', html, flags=re.S):
            assert '"values": []' not in spec and '"values":[]' not in spec, page


# ---------------------------------------------------------------------------------------
# Credit, rights, limits and titles: read from each package, never the flagship's


def test_the_renamed_packages_embeds_and_images_credit_its_own_article(built):
    from explainer.package.facts import load
    from explainer.views import cite

    facts = load(built["work"] / "renamed")
    credit = cite.credit(facts)
    site = built["site"] / RENAMED
    assert credit_checks.embed_problems(site, credit) == []
    assert credit_checks.image_problems(site, credit) == []
    assert credit_checks.limits_problems(site, facts) == []


@pytest.mark.parametrize("article, folder", [(RENAMED, "renamed"), (MINIMAL, "minimal")])
def test_every_packages_titles_quote_its_headline_and_name_its_outlet(built, article, folder):
    from explainer.package.facts import load
    from explainer.views import cite

    facts = load(built["work"] / folder)
    name = cite.explainer_title(facts)
    assert cite.credits_headline(name, cite.outlet(facts)), name
    for page in PAGES:
        title = re.search(r"<title>(.*?)</title>", _html(built["site"], article, page), re.S)
        assert title and name in html.unescape(title[1]), (article, page)

"""The site of many articles, without building it: names made unique, an index that says what
each article is and how much of it is a draft, a link back from every page, a footer setting."""

from __future__ import annotations

from pathlib import Path

from explainer.package import settings
from explainer.site import articles, sphinx_pages


def _article(folder: str, name: str = "drafted-explainer", **kw) -> articles.Article:
    base = {"title": "A title", "outlet": "The Courier", "author": "Sam Writer"}
    return articles.Article(Path("/tmp") / folder, name, **{**base, **kw})


def test_two_packages_of_one_name_are_built_under_their_folders_names(capsys):
    named = articles.unique_names(
        [_article("bridge"), _article("budget"), _article("x/bridge"), _article("own", "own")]
    )
    assert [a.name for a in named] == ["bridge", "budget", "bridge-2", "own"]
    assert "built as 'bridge-2'" in capsys.readouterr().out


def test_the_index_names_title_outlet_date_and_review_counts_under_the_sites_title():
    page = articles.index_page(
        [
            _article("a", "a", date="2016-09-12", drafted=35, reviewed=5),
            _article("b", "b", title="Reviewed & done", drafted=0, reviewed=40),
        ],
        title="Our explainers",
    )
    assert "<title>Our explainers</title>" in page and "<h1>Our explainers</h1>" in page
    assert "Sam Writer, The Courier, 2016-09-12" in page
    assert "Draft: 35 of 40 records drafted by machine, not yet reviewed; 5 reviewed" in page
    assert "40 records, all made or reviewed by an editor" in page
    assert "Reviewed &amp; done" in page
    assert "1 of them is a draft" in page


def test_every_page_of_an_explainer_links_back_to_the_index():
    assert 'href="../../index.html"' in sphinx_pages.back_link("book/timeline", "index.html")
    assert 'href="../index.html"' in sphinx_pages.back_link("index", "index.html")


def test_the_footer_is_a_setting():
    assert (
        settings.problems({"explainer": {"footer": "The Courier newsroom"}}, lambda *a: None) == []
    )
    assert settings.problems({"explainer": {"footer": ""}}, lambda *a: None) == [
        ("explainer.footer", "must be a non-empty text")
    ]

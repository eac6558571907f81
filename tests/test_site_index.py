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


# ---------------------------------------------------------------------------------------
# Assembling the site again: only what differs is written (tests/test_site_incremental.py
# builds real sites)


def _tree(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_sync_tree_writes_only_what_differs_and_removes_the_rest(tmp_path):
    source = _tree(tmp_path / "a", {"same.html": "same", "book/new.html": "new", "x.css": "v2"})
    target = _tree(tmp_path / "b", {"same.html": "same", "x.css": "v1", "old/gone.html": "old"})
    same_before = (target / "same.html").stat().st_mtime_ns
    assert articles.sync_tree(source, target) == 2
    assert {k: v[0] for k, v in _stamps(target).items()} == {
        "same.html": b"same",
        "book/new.html": b"new",
        "x.css": b"v2",
    }
    assert (target / "same.html").stat().st_mtime_ns == same_before
    assert not (target / "old").exists()


def test_assemble_leaves_an_article_of_the_same_build_alone(tmp_path):
    one = _tree(tmp_path / "one", {"index.html": "one", "book/a.html": "a"})
    two = _tree(tmp_path / "two", {"index.html": "two"})
    built = [(_article("one", "one"), one), (_article("two", "two"), two)]
    site = tmp_path / "site"
    assert articles.assemble(built, site, keys={"one": "k1", "two": "k2"}) == ["one", "two"]
    (site / "stray.html").write_text("from another build", encoding="utf-8")
    before = _stamps(site / "one")
    (two / "index.html").write_text("two, corrected", encoding="utf-8")
    built[1] = (_article("two", "two", title="Corrected"), two)
    assert articles.assemble(built, site, keys={"one": "k1", "two": "k2b"}) == ["two"]
    assert _stamps(site / "one") == before
    assert (site / "two" / "index.html").read_text(encoding="utf-8") == "two, corrected"
    assert "Corrected" in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "one", "two"]
    # An article left out of the site is removed from it.
    assert articles.assemble(built[:1], site, keys={"one": "k1"}) == []
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "one"]


def test_an_article_cannot_take_the_name_of_a_folder_the_site_uses():
    named = articles.unique_names([_article("a", "book"), _article("b", "downloads")])
    assert [a.name for a in named] == ["book-2", "downloads-2"]


def test_a_changed_package_file_changes_its_build_key(tmp_path):
    package = _tree(tmp_path / "pkg", {"datapackage.json": "{}", "figures.csv": "a\n1\n"})
    project = articles.project_pairs(articles.package.ROOT)
    key = articles.build_key(package, [], project)
    assert key == articles.build_key(package, [], project)
    assert key != articles.build_key(package, ["-W"], project)
    (package / "figures.csv").write_text("a\n2\n", encoding="utf-8")
    assert key != articles.build_key(package, [], project)


def test_a_pages_text_counts_only_for_the_package_built_from_it(tmp_path):
    """Editing the flagship's own prose (data/ names ../book) rebuilds the flagship alone."""
    own = _tree(
        tmp_path / "own",
        {"datapackage.json": '{"resources": [], "explainer": {"pages": "../prose"}}'},
    )
    prose = _tree(tmp_path / "prose", {"timeline.md": "# Timeline\n"})
    other = _tree(tmp_path / "other", {"datapackage.json": "{}"})
    project = [("book/timeline.md", "page")]
    before = {p: articles.build_key(p, [], project) for p in (own, other)}
    (prose / "timeline.md").write_text("# Timeline, edited\n", encoding="utf-8")
    assert articles.build_key(own, [], project) != before[own]
    assert articles.build_key(other, [], project) == before[other]

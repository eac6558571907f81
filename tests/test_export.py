"""Downloads: the data package zip, the CSVs and the W3C Web Annotation export round-trip.

The unit tests build downloads from the data and from small pages; the tests of the built site
read _build/html/downloads (written by explainer/site/sphinx_downloads.py at build time) and skip when
the site is missing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from explainer.package import DOWNLOADS_DIR
from explainer.package.dictionary import for_download
from explainer.package.validate import validate
from explainer.views import cite, export, tables
from explainer.views.derive import links

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE = ROOT / "_build" / "html"
DOWNLOADS = SITE / DOWNLOADS_DIR
#: A test of the built site: conftest's ``site`` builds it when missing or stale (tier ``build``).
built = pytest.mark.usefixtures("site")


def reanchor(text: str, selector: dict) -> list[tuple[int, int]]:
    """Every place where a TextQuoteSelector's prefix + exact + suffix occurs (overlaps included).

    Written apart from explainer.views.export on purpose, with regular expressions, so the round trip
    does not test the exporter's own search against itself.
    """
    pattern = (
        "(?="
        + re.escape(selector["prefix"])
        + "("
        + re.escape(selector["exact"])
        + ")"
        + re.escape(selector["suffix"])
        + ")"
    )
    return [(m.start(1), m.end(1)) for m in re.finditer(pattern, text, flags=re.DOTALL)]


# ---------------------------------------------------------------- unit


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("the cat and the dog and the cat", 28, 31),
        ("the cat and the dog and the cat", 0, 3),
        ("aaaaaaaa", 3, 5),
        ("x" * 10 + "ab" + "x" * 100 + "ab" + "x" * 10, 112, 114),
    ],
)
def test_quote_selector_picks_out_one_place(text, start, end):
    sel = export.quote_selector(text, start, end, context=2)
    assert sel["exact"] == text[start:end]
    assert text[start - len(sel["prefix"]) : start] == sel["prefix"]
    assert text[end : end + len(sel["suffix"])] == sel["suffix"]
    assert reanchor(text, sel) == [(start, end)]


def test_quote_selector_keeps_short_context_when_unique():
    sel = export.quote_selector("one two three four five", 8, 13, context=3)
    assert (sel["prefix"], sel["suffix"]) == ("wo ", " fo")


def test_empty_quote_is_an_error():
    with pytest.raises(export.ExportError, match="empty quote at 3"):
        export.quote_selector("abcdef", 3, 3)


def test_reanchor_sees_ambiguity():
    """The test's own re-anchoring reports every match, so an ambiguous selector would fail."""
    sel = {"exact": "ab", "prefix": "", "suffix": ""}
    assert reanchor("ab ab", sel) == [(0, 2), (3, 5)]


def test_package_zip_is_deterministic_and_complete():
    first, second = export.package_zip(DATA), export.package_zip(DATA)
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    expected = {"datapackage.json", "README.md", "LICENSE.md"} | {
        r["path"] for r in descriptor["resources"]
    }
    assert {n.split("/", 1)[1] for n in names} == expected
    assert all(n.startswith(f"{export.ZIP_FOLDER}/") for n in names)


def test_package_zip_carries_the_readme_as_the_data_makes_it(data_copy):
    """A correction made without regenerating data/README.md does not reach the zip stale."""
    context = data_copy / "context.csv"
    context.write_text(
        context.read_text(encoding="utf-8").replace("roughly 1,900", "roughly 1,880"),
        encoding="utf-8",
    )
    archive = zipfile.ZipFile(io.BytesIO(export.package_zip(data_copy)))
    readme = archive.read(f"{export.ZIP_FOLDER}/README.md").decode("utf-8")
    assert "roughly 1,880" in readme and "roughly 1,900" not in readme
    assert archive.read(f"{export.ZIP_FOLDER}/context.csv") == context.read_bytes()


def test_zip_readme_needs_nothing_but_the_download():
    """Read 4, m14: the zip's README told readers to run `make validate` from the repository's
    root. It must name no make target, no .venv and no repository, and every file it names must
    be in the zip."""
    archive = zipfile.ZipFile(io.BytesIO(export.package_zip(DATA, "notice")))
    inside = {n.split("/", 1)[1] for n in archive.namelist()}
    readme = archive.read(f"{export.ZIP_FOLDER}/README.md").decode("utf-8")
    for phrase in ("make ", ".venv", "repository's root", "REPOSITORY ONLY"):
        assert phrase not in readme, f"the zip's README says {phrase!r}"
    assert "frictionless validate datapackage.json" in readme
    named = set(re.findall(r"`([\w.-]+\.(?:csv|json|md|txt))`", readme))
    named |= set(re.findall(r"\b([A-Za-z-]+\.(?:md|txt))\b", readme))
    assert named and named <= inside, f"named but not in the zip: {sorted(named - inside)}"


def test_the_repository_readme_keeps_its_instructions():
    """The data folder's own README still says how to check and correct it in the repository."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert "make validate" in text and "make validate" not in for_download(text)


def test_package_zip_reports_a_missing_file(data_copy):
    (data_copy / "notes.csv").unlink()
    with pytest.raises(export.ExportError, match="missing notes.csv"):
        export.package_zip(data_copy)


def test_package_zip_reports_a_broken_descriptor(data_copy):
    (data_copy / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(export.ExportError, match=r"datapackage.json:1: -: invalid JSON"):
        export.package_zip(data_copy)


def _page(*tables_html: str) -> str:
    return "<html><body><main>" + "".join(tables_html) + "</main></body></html>"


def test_page_tables_round_trip_an_html_table():
    rows = [
        {"id": "st_q01", "text": "“quoted, with a comma” & <b>", "n": 2000.0},
        {"id": "fg_prisoners", "text": 'say "nearly"', "n": None},
    ]
    html = tables.html_table(rows, [("id", "Record"), ("text", "Text"), ("n", "N")], caption="A b")
    (table,) = export.page_tables("book/x.html", _page(html))
    assert table.name == "tables/a-b.csv"
    parsed = list(csv.reader(io.StringIO(export.csv_text(table.header, table.rows))))
    assert parsed == [
        ["Record", "Text", "N"],
        ["st_q01", "“quoted, with a comma” & <b>", "2,000"],
        ["fg_prisoners", 'say "nearly"', ""],
    ]


def test_a_table_without_csv_link_is_an_error():
    html = '<table class="data-table"><caption>Lost</caption><tbody></tbody></table>'
    with pytest.raises(export.ExportError, match="book/x.html: the table 'Lost' has no CSV link"):
        export.page_tables("book/x.html", _page(html))


def test_two_tables_with_one_csv_name_are_an_error(facts, tmp_path):
    one = tables.html_table([{"id": "a"}], [("id", "Record")], caption="Same")
    two = tables.html_table([{"id": "b"}], [("id", "Record")], caption="Same")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "p.html").write_text(_page(one), encoding="utf-8")
    (tmp_path / "book" / "q.html").write_text(_page(two), encoding="utf-8")
    with pytest.raises(export.ExportError, match="share the CSV name tables/same.csv"):
        export.downloads(facts, tmp_path)
    (tmp_path / "book" / "q.html").write_text(_page(one), encoding="utf-8")  # same table: fine
    assert "tables/same.csv" in export.downloads(facts, tmp_path)


def test_write_downloads_rewrites_only_changes_and_drops_stale_files(facts, tmp_path):
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "p.html"
    page.write_text(_page(tables.html_table([{"id": "a"}], [("id", "R")], caption="Old")), "utf-8")
    written = export.write_downloads(facts, tmp_path)
    assert "tables/old.csv" in written and export.ZIP_NAME in written
    assert export.write_downloads(facts, tmp_path) == []
    page.write_text(_page(tables.html_table([{"id": "a"}], [("id", "R")], caption="New")), "utf-8")
    assert export.write_downloads(facts, tmp_path) == ["tables/new.csv"]
    assert not (tmp_path / "downloads" / "tables" / "old.csv").exists()


def test_annotations_cover_every_record(facts):
    doc = export.annotations(facts)
    items = doc["first"]["items"]
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(items)
    assert len(items) == len(cite.records(facts))
    for item in items:
        assert item["type"] == "Annotation"
        kinds = {s["type"] for s in item["target"]["selector"]}
        assert kinds == {"TextQuoteSelector", "TextPositionSelector"}
        assert item["target"]["source"]["id"] == export.ARTICLE
        assert item["target"]["scope"] == cite.outlet(facts).reprint_url
        assert all(b["type"] == "TextualBody" and b["value"] for b in item["body"])


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(DOWNLOADS / export.ZIP_NAME) as archive:
        archive.extractall(folder)
    return folder / export.ZIP_FOLDER


@built
def test_zip_validates_with_our_validator(unzipped):
    result = validate(unzipped)
    assert result.ok, "\n".join(str(p) for p in result.problems)
    assert result.n_records > 300


@built
def test_zip_validates_with_frictionless(unzipped):
    import frictionless

    report = frictionless.validate(str(unzipped / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) >= 13


@built
def test_zip_matches_the_data(unzipped, facts):
    """The download is the data as it is now: a data change without a rebuild fails here. The
    article's rights notice, made from the data, travels beside it."""
    for path in sorted(unzipped.rglob("*")):
        if path.is_file():
            rel = path.relative_to(unzipped)
            if rel.as_posix() == export.ARTICLE_NOTICE:
                expected = export.article_notice(facts).encode("utf-8")
            elif rel.as_posix() == export.DATA_README:
                readme = (DATA / rel).read_text(encoding="utf-8")
                expected = for_download(readme).encode("utf-8")
            else:
                expected = (DATA / rel).read_bytes()
            assert path.read_bytes() == expected, f"stale download: {rel}"
    assert (unzipped / export.ARTICLE_NOTICE).is_file()


@built
def test_unzipped_data_with_an_error_fails_validation(unzipped, tmp_path):
    """Keeps the two validation tests honest: a corrupted copy of the download does not pass."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(unzipped, broken)
    path = broken / "figures.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",2763,2765,33,", ",2763,2765,34,"), "utf-8"
    )
    assert not validate(broken).ok


@built
def test_data_tables_are_downloadable_as_they_are(facts):
    """A table offered on its own is the package's, byte for byte; one that quotes the article is
    offered only in the zip (tests/test_download_rights.py)."""
    alone, zipped = export.standalone_tables(facts)
    for res in alone:
        name = Path(res["path"]).name
        assert (DOWNLOADS / "data" / name).read_bytes() == (DATA / res["path"]).read_bytes()
    for res in zipped:
        assert not (DOWNLOADS / "data" / Path(res["path"]).name).exists()
    # Read 9, M3: the whole text travels only beside its rights notice, never on its own.
    assert not (DOWNLOADS / export.ARTICLE).exists()
    with zipfile.ZipFile(DOWNLOADS / export.ARTICLE_ZIP) as pair:
        folder = export.ARTICLE_FOLDER
        assert pair.read(f"{folder}/{export.ARTICLE}") == (DATA / "article.txt").read_bytes()
        assert "rights stay with the publisher" in pair.read(
            f"{folder}/{export.ARTICLE_NOTICE}"
        ).decode("utf-8")
        assert (
            pair.read(f"{folder}/{export.ANNOTATIONS}")
            == (DOWNLOADS / export.ANNOTATIONS).read_bytes()
        )


@built
def test_annotations_reanchor_from_the_export_alone(facts, tmp_path):
    """Every annotation, re-anchored with its quote selector (exact, prefix, suffix) against the
    article.txt its target names, lands on exactly one place: its position selector's, and its
    record's in the data."""
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(DOWNLOADS / export.ARTICLE_ZIP) as pair:
        pair.extractall(unzipped)
    path = unzipped / export.ARTICLE_FOLDER / export.ANNOTATIONS
    doc = json.loads(path.read_text(encoding="utf-8"))
    items = doc["first"]["items"]
    assert doc["total"] == len(items)
    spans = {}
    for item in items:
        target = item["target"]
        source = urljoin(path.as_uri(), target["source"]["id"])
        text = Path(source.removeprefix("file://")).read_text(encoding="utf-8")
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        found = reanchor(text, quote)
        assert found == [(position["start"], position["end"])], item["id"]
        spans[item["id"].rsplit("#", 1)[1]] = found[0]
    expected = {r.id: (r.start, r.end) for r in cite.records(facts)}
    assert spans == expected


@built
def test_annotation_ids_are_record_permalinks():
    doc = json.loads((DOWNLOADS / export.ANNOTATIONS).read_text(encoding="utf-8"))
    article = (SITE / "book" / "article.html").read_text(encoding="utf-8")
    ids = {el["id"] for el in BeautifulSoup(article, "html.parser").find_all(id=True)}
    for item in doc["first"]["items"]:
        resolved = urljoin(f"https://site.invalid/{DOWNLOADS_DIR}/x", item["id"])
        page, fragment = resolved.split("#")
        assert page == "https://site.invalid/book/article.html" and fragment in ids


def _shown_tables(rel: str) -> list:
    soup = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
    return soup.select("table.data-table")


@built
def test_every_table_on_the_site_downloads_as_shown(facts):
    pages = sorted(p.relative_to(SITE).as_posix() for p in (SITE / "book").glob("*.html"))
    checked = 0
    for rel in pages:
        for table in _shown_tables(rel):
            href = table.select_one("caption a.table-csv")["href"]
            path = SITE / urljoin(f"https://site.invalid/{rel}", href).split("site.invalid/")[1]
            with path.open(encoding="utf-8", newline="") as handle:
                got = list(csv.reader(handle))
            header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            body = [
                [td.get_text(" ", strip=True) for td in tr.select("td")]
                for tr in table.select("tbody tr")
            ]
            if got[0][-1:] == [export.CREDIT_COLUMN]:  # it quotes the article: credited
                credit = export.credit_cell(facts)
                assert {row[-1] for row in got[1:]} <= {credit, ""}, f"{rel}: {href}"
                assert any(row[-1] == credit for row in got[1:]), f"{rel}: {href}"
                got = [row[:-1] for row in got]
            assert got == [header, *body], f"{rel}: {href}"
            checked += 1
    assert checked >= 15


@built
def test_records_csv_carries_every_citation(facts):
    with (DOWNLOADS / "tables" / "records.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Record"]: r["Cite this"] for r in rows} == {
        r.id: r.citation for r in cite.records(facts)
    }


@built
@pytest.mark.parametrize("page", ["article", "method"])
def test_pages_link_the_downloads(page):
    soup = BeautifulSoup(
        (SITE / "book" / f"{page}.html").read_text(encoding="utf-8"), "html.parser"
    )
    hrefs = {a["href"] for a in soup.select(".downloads-list a")}
    for name in (export.ZIP_NAME, export.ANNOTATIONS, export.ARTICLE_ZIP, "tables/records.csv"):
        assert links.download_href(name) in hrefs, name


def test_the_licence_covers_the_annotations_not_the_article(facts):
    """M10: CC BY is declared on our annotation bodies only (a body that quotes the article
    states the article's rights: tests/test_download_rights.py); the collection says the quoted
    article text stays the publisher's, and article.txt travels with a rights notice."""
    collection = export.annotations(facts)
    assert "rights" not in collection
    assert "rights stay with the publisher" in collection["label"]
    for item in collection["first"]["items"]:
        assert "rights" not in item["target"]
        assert {body["rights"] for body in item["body"]} <= {
            export.LICENSE_URL,
            export.ARTICLE_NOTICE,
        }
    notice = export.article_notice(facts)
    credit = cite.credit(facts)
    for part in (credit.credit, credit.rights, credit.reprint_url, "not covered by the CC BY"):
        assert part in notice


def test_the_zip_keeps_the_open_licence_off_the_article(data_copy, facts):
    """M4: under the Data Package spec a resource without its own ``licenses`` inherits the
    package's CC BY; the zip's article resource states the publisher's rights instead, for any
    package, and the rights notice travels inside the zip."""
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in descriptor["resources"] if r["name"] == "article")
    article.pop("licenses", None)  # a package that never said it
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    archive = zipfile.ZipFile(io.BytesIO(export.package_zip(data_copy, "the notice\n")))
    shipped = json.loads(archive.read(f"{export.ZIP_FOLDER}/datapackage.json"))
    (shipped_article,) = [r for r in shipped["resources"] if r["name"] == "article"]
    package_licences = {lic["name"] for lic in shipped["licenses"]}
    assert shipped_article["licenses"]
    assert not package_licences & {lic["name"] for lic in shipped_article["licenses"]}
    assert archive.read(f"{export.ZIP_FOLDER}/{export.ARTICLE_NOTICE}") == b"the notice\n"


def test_the_flagship_article_states_its_own_rights():
    """M4: data/ itself declares the article's rights, so the zip's descriptor is byte for byte."""
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in descriptor["resources"] if r["name"] == "article")
    assert [lic["name"] for lic in article["licenses"]] == ["publisher-rights-reserved"]
    assert "rights" in article["description"] and "publisher" in article["description"]


def test_validate_refuses_the_open_licence_on_the_article(data_copy):
    """M4: declaring the package's CC BY on the article resource is a named descriptor error."""
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in descriptor["resources"] if r["name"] == "article")
    article["licenses"] = [dict(descriptor["licenses"][0])]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = validate(data_copy).problems
    assert any(p.field == "resources.article.licenses" for p in problems), problems

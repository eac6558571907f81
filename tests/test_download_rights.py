"""No licence over the article's text, and no copy of it that travels alone without its credit
(EDITORIAL.md rule 8), for any package: the flagship and a copy with every id, actor name and voice
label replaced, and one with only the article, sources, actors, voices and statements
(tests/packages.py).

* ``annotations.jsonld``: a body that carries the article's text states the article's own rights,
  never CC BY; the collection's label does not say that every body is CC BY.
* every CSV offered on its own (``downloads/data/*.csv``, ``downloads/tables/*.csv``): one that
  carries the article's text names its outlet, author and reprint and says the text is reproduced
  for analysis and commentary with rights staying with the publisher; a data-package table offered
  on its own stays byte for byte the package's.

What "carries the article's text" means is measured here apart from explainer.views.cite (which
counts runs of words): characters shared with the article, after web addresses and the package's
own names (actors, voices, outlet, author, headline) are set aside.
"""

from __future__ import annotations

import csv
import io
import json
import re
from difflib import SequenceMatcher
from pathlib import Path

import packages
import pytest

from explainer import load
from explainer.package import DOWNLOADS_DIR, anchored
from explainer.views import cite, export, tables

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: This many characters in common with the article is a passage of it, not a phrase.
SHARED = 24


@pytest.fixture(scope="module")
def package_dirs(tmp_path_factory) -> dict[str, Path]:
    renamed = tmp_path_factory.mktemp("renamed") / "data"
    packages.renamed(DATA, renamed)
    minimal = tmp_path_factory.mktemp("minimal") / "data"
    packages.minimal(DATA, minimal)
    return {"flagship": DATA, "renamed": renamed, "minimal": minimal}


@pytest.fixture(scope="module", params=["flagship", "renamed", "minimal"])
def package(request, package_dirs):
    folder = package_dirs[request.param]
    return folder, load(folder)


def _plain(text: str) -> str:
    text = re.sub(r"\w+://\S+", " ", text)
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def _names(folder: Path) -> list[str]:
    def column(table: str, field: str) -> list[str]:
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            return [row[field] for row in csv.DictReader(handle) if row[field]]

    with (folder / "sources.csv").open(encoding="utf-8", newline="") as handle:
        article = next(r for r in csv.DictReader(handle) if r["kind"] == "article")
    names = column("actors", "name") + column("voices", "label")
    names += [article["title"], article["author"], article["publisher"]]
    return sorted({_plain(n) for n in names}, key=len, reverse=True)


def shared_passage(text: str, folder: Path) -> str:
    """The longest run of characters ``text`` shares with the package's article, its names
    and web addresses set aside."""
    article = _plain((folder / "article.txt").read_text(encoding="utf-8"))
    rest = _plain(text)
    for name in _names(folder):
        rest = rest.replace(name, "\0")
    best = ""
    for piece in rest.split("\0"):
        match = SequenceMatcher(None, piece, article, autojunk=False).find_longest_match()
        best = max(best, piece[match.a : match.a + match.size], key=len)
    return best


def carries_article(text: str, folder: Path) -> bool:
    return len(shared_passage(text, folder).strip()) >= SHARED


# ---------------------------------------------------------------- annotations.jsonld


def test_no_body_that_carries_the_article_is_cc_by(package):
    """B1 (read 5): the "Cite as" bodies quote the article verbatim; none of them, nor any other
    body sharing a passage with the article, may state CC BY."""
    folder, facts = package
    doc = export.annotations(facts)
    wrong = []
    for item in doc["first"]["items"]:
        record = item["id"].rsplit("#", 1)[1]
        exact = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        for body in item["body"]:
            if body["rights"] != export.LICENSE_URL:
                continue
            quotes_its_record = re.search(r"\w", exact["exact"]) and (
                f"“{exact['exact']}”" in body["value"]
            )
            if quotes_its_record or carries_article(body["value"], folder):
                wrong.append(f"{record}: {body['value'][:80]}")
    assert not wrong, f"{len(wrong)} CC BY bodies carry the article's text:\n" + "\n".join(
        wrong[:10]
    )


def test_no_cc_by_body_reuses_a_phrase_the_article_quotes(package):
    """Read 6, m1: "addresses: the Arabic and Islamic world and free people everywhere" was CC
    BY, though both are the Hamas statement's words, quoted in the article (“Arabic and Islamic
    world”), reused without quotation marks (they are also actors' names)."""
    folder, facts = package
    phrases = {
        " ".join(q.lower().split())
        for q in re.findall(r"“([^“”]+)”", facts.article)
        if len(q.split()) >= 3
    }
    wrong = [
        body["value"]
        for item in export.annotations(facts)["first"]["items"]
        for body in item["body"]
        if body["rights"] == export.LICENSE_URL
        and any(p in " ".join(body["value"].lower().split()) for p in phrases)
    ]
    assert not wrong, wrong[:5]


def test_quoting_bodies_state_the_articles_own_rights(package):
    """The rights a quoting body states are the article's, as the data package declares them,
    and the label says which bodies CC BY covers, not "each body"."""
    folder, facts = package
    doc = export.annotations(facts)
    rights = {b["rights"] for item in doc["first"]["items"] for b in item["body"]}
    assert export.LICENSE_URL in rights  # our own bodies stay open
    (other,) = rights - {export.LICENSE_URL}
    assert other == export.ARTICLE_NOTICE  # resolves beside annotations.jsonld
    licence = export.article_licence(facts.descriptor)
    assert licence["name"] == "publisher-rights-reserved"
    assert licence["title"] in doc["label"] and cite.RIGHTS_LINE in doc["label"]
    assert "each body" not in doc["label"]
    assert licence["title"] in export.article_notice(facts)


# ---------------------------------------------------------------- standalone CSVs


def _page(*tables_html: str) -> str:
    return "<html><body><main>" + "".join(tables_html) + "</main></body></html>"


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def test_every_standalone_csv_that_quotes_the_article_carries_its_credit(package, tmp_path):
    """B2 (read 5): a page table quoting a statement and one quoting nothing; every data table.
    A CSV offered alone either carries no article text, or credits it in every row."""
    folder, facts = package
    statements = facts.statements.sort_values("start")
    long_quote = max(statements["exact"], key=len)
    quoting = tables.html_table(
        [{"id": "a", "text": long_quote}], [("id", "Record"), ("text", "Text")], caption="Quoting"
    )
    plain = tables.html_table([{"id": "b", "n": 3.0}], [("id", "Record"), ("n", "N")], caption="N")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "p.html").write_text(_page(quoting, plain), encoding="utf-8")
    files = export.downloads(facts, tmp_path, folder)
    credit = cite.credit(facts)
    parts = [credit.credit, credit.reprint_url, cite.RIGHTS_LINE]
    problems = []
    checked = 0
    for name, body in sorted(files.items()):
        if not name.endswith(".csv"):
            continue
        checked += 1
        rows = _rows(body)
        if name.startswith("data/"):
            if body != (folder / Path(name).name).read_bytes():
                problems.append(f"{name}: not byte for byte the package's")
        if not any(carries_article(cell, folder) for row in rows for cell in row):
            continue
        if name.startswith("data/"):
            problems.append(f"{name}: quotes the article, offered alone without credit")
            continue
        for row in rows[1:]:
            missing = [p for p in parts if p and not any(p in cell for cell in row)]
            if missing:
                problems.append(f"{name}: a row lacks {missing}")
                break
    assert "tables/quoting.csv" in files and "tables/n.csv" in files
    assert _rows(files["tables/n.csv"]) == [["Record", "N"], ["b", "3"]]  # nothing to credit
    assert checked >= 3 and not problems, "\n".join(problems)


def test_tables_that_anchor_into_the_article_travel_only_in_the_zip(package):
    """Every table with ``exact`` anchors quotes the article by construction."""
    folder, facts = package
    alone, zipped = export.standalone_tables(facts, folder)
    for res in facts.descriptor["resources"]:
        if res.get("schema") and anchored(res):
            assert res in zipped and res not in alone, res["name"]


# ---------------------------------------------------------------- the built site


@pytest.mark.usefixtures("site")
def test_the_built_downloads_carry_no_open_licence_on_the_article():
    downloads = ROOT / "_build" / "html" / DOWNLOADS_DIR
    doc = json.loads((downloads / export.ANNOTATIONS).read_text(encoding="utf-8"))
    for item in doc["first"]["items"]:
        for body in item["body"]:
            if body["rights"] == export.LICENSE_URL:
                assert not carries_article(body["value"], DATA), body["value"]
            else:
                assert (downloads / body["rights"]).is_file()
    credit = cite.credit(load(DATA))
    article = cite.article_text(load(DATA))
    for path in sorted((downloads / "tables").glob("*.csv")) + sorted(
        (downloads / "data").glob("*.csv")
    ):
        body = path.read_bytes()
        rows = _rows(body)
        if not any(carries_article(c, DATA) for row in rows for c in row):
            continue
        assert path.parent.name == "tables", f"{path.name} quotes the article, offered alone"
        assert rows[0][-1] == export.CREDIT_COLUMN, path.name
        # Every row that quotes the article credits it; a row that quotes none of its words
        # (the site's measure, which counts short quotations too) does not (read 6, m3: rows
        # from other reporting read as the article's).
        for row in rows[1:]:
            credited = [part in row[-1] for part in (credit.credit, credit.reprint_url)]
            credited.append(cite.RIGHTS_LINE in row[-1])
            if any(carries_article(c, DATA) for c in row[:-1]):
                assert all(credited), (path.name, row[:2])
            if not any(article.carried_by(c) for c in row[:-1]):
                assert not any(credited), (path.name, row[:2])

"""Downloads, written into the built site at build time (see explainer/site/sphinx_downloads.py).

``_build/html/downloads/`` holds:

* ``explainer-data.zip``: the whole data package (``datapackage.json``, every CSV, ``article.txt``
  the data README and LICENSE.md), byte for byte as in ``data/`` but for the README, under one
  folder; it validates after unzipping;
* ``data/<table>.csv``: each table of the data package that carries none of the article's text,
  on its own and byte for byte (a table that quotes the article travels only in the zip, beside
  the article's rights notice);
* ``tables/<name>.csv``: every table shown on the site, as shown (each table's caption links to its
  file; the file is made from the built page, so it cannot drift from what the reader sees), plus
  a last column crediting the article (outlet, author, reprint, rights) when the table quotes it;
* ``article.zip``: under ``article/``, the article text that every offset counts into
  (``article.txt``, byte for byte), its rights notice (``article-rights.txt``) and
  ``annotations.jsonld``, every anchored record as a W3C Web Annotation, with a
  ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` on the
  ``article.txt`` beside it; a body that carries the article's text states the article's rights,
  never CC BY. The whole text never travels without its notice (read 9, M3), as the tables that
  quote it do not;
* ``annotations.jsonld``: the same annotations on their own, whose ids (record permalinks)
  resolve in the site; their target is the ``article.txt`` of ``article.zip``;
* ``article-rights.txt``: that notice on its own.

Everything here is deterministic: the same data and pages give the same bytes, so a rebuild rewrites
nothing that has not changed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from explainer.package import (
    DATA_DIR,
    DESCRIPTOR,
    DOWNLOADS_DIR,
    anchored,
    article_resource,
    read_descriptor,
    with_article_rights,
)
from explainer.package.dictionary import for_download, render_readme
from explainer.package.facts import Facts
from explainer.views import annotate, cite
from explainer.views.derive import links

ZIP_NAME = "explainer-data.zip"
ZIP_FOLDER = "explainer-data"
ANNOTATIONS = "annotations.jsonld"
ARTICLE = "article.txt"
#: The article's text, its notice and the annotations on it: one download, under one folder.
ARTICLE_ZIP = "article.zip"
ARTICLE_FOLDER = "article"
DATA_README = "README.md"
DATA_LICENSE = "LICENSE.md"  # the rights of data/: which files are ours, and the article's
QUOTE_CONTEXT = 32  # characters of prefix and suffix, grown where a quote would be ambiguous
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no build time in the bytes
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The notice that travels beside article.txt, which stays byte-identical to the article.
ARTICLE_NOTICE = "article-rights.txt"


class ExportError(Exception):
    """A download could not be made; the message says which and why."""


@dataclass(frozen=True)
class PageTable:
    """A table found in a built page, and the CSV file its caption links to."""

    page: str
    name: str  # path under downloads/, e.g. "tables/records.csv"
    header: list[str]
    rows: list[list[str]]


# ---------------------------------------------------------------- the data package


def package_files(data_dir: Path = DATA_DIR) -> list[str]:
    """The files of the data package: the descriptor, every resource it names, the README and
    the rights file (where the package has them)."""
    descriptor, problems = read_descriptor(Path(data_dir))
    if descriptor is None:
        raise ExportError("; ".join(str(p) for p in problems))
    names = [DESCRIPTOR] + [r["path"] for r in descriptor["resources"]]
    names += [n for n in (DATA_README, DATA_LICENSE) if (Path(data_dir) / n).is_file()]
    missing = [n for n in names if not (Path(data_dir) / n).is_file()]
    if missing:
        raise ExportError(f"{data_dir}: missing {', '.join(missing)}")
    return names


def package_zip(data_dir: Path = DATA_DIR, notice: str | None = None) -> bytes:
    """The data package as a zip, every file under ``explainer-data/``, byte for byte but for
    the README, whose generated parts are generated afresh and whose repository-only parts say
    what holds for the download instead (:mod:`explainer.package.dictionary`),
    and the descriptor, whose article resource gets a publisher's-rights licence entry where it
    declares none (:func:`explainer.package.with_article_rights`). ``notice``, the article's
    rights notice, travels in the zip as ``article-rights.txt`` when given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        names = package_files(data_dir) + ([ARTICLE_NOTICE] if notice is not None else [])
        for name in names:
            if name == ARTICLE_NOTICE:
                body = notice.encode("utf-8")
            else:
                body = (Path(data_dir) / name).read_bytes()
            if name == DATA_README:  # its generated parts as the data now makes them
                readme = render_readme(Path(data_dir), body.decode("utf-8"))
                body = for_download(readme).encode("utf-8")
            elif name == DESCRIPTOR:
                body = _descriptor_with_rights(body)
            _write_entry(archive, f"{ZIP_FOLDER}/{name}", body)
    return buffer.getvalue()


def _write_entry(archive: zipfile.ZipFile, path: str, body: bytes) -> None:
    """One file of a download zip, with no build time or owner in its bytes (deterministic)."""
    info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, body)


def article_zip(facts: Facts, data_dir: Path = DATA_DIR) -> bytes:
    """``article.txt`` (byte for byte), its rights notice and the annotations on it, under
    ``article/``: the annotations' target is the text beside them."""
    files = {
        ARTICLE: (Path(data_dir) / ARTICLE).read_bytes(),
        ARTICLE_NOTICE: article_notice(facts).encode("utf-8"),
        ANNOTATIONS: annotations_json(facts).encode("utf-8"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            _write_entry(archive, f"{ARTICLE_FOLDER}/{name}", body)
    return buffer.getvalue()


def _descriptor_with_rights(body: bytes) -> bytes:
    """The descriptor's bytes, unchanged when its article resource already states its rights."""
    descriptor = json.loads(body)
    stamped = with_article_rights(descriptor)
    if stamped == descriptor:
        return body
    return (json.dumps(stamped, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------- web annotations


def quote_selector(text: str, start: int, end: int, context: int = QUOTE_CONTEXT) -> dict:
    """A TextQuoteSelector for ``text[start:end]`` whose prefix and suffix pick out this one place.

    The prefix and suffix start at ``context`` characters (fewer at the ends of the text) and grow
    until no other occurrence of the quote has the same prefix and suffix.
    """
    exact = text[start:end]
    if not exact:
        raise ExportError(f"empty quote at {start}–{end}")
    others = []
    at = text.find(exact)
    while at >= 0:
        if at != start:
            others.append(at)
        at = text.find(exact, at + 1)
    n = context
    while True:  # ends: with the whole text before it as prefix, a place is unique
        prefix, suffix = text[max(0, start - n) : start], text[end : end + n]
        clash = [
            o
            for o in others
            if text[max(0, o - len(prefix)) : o] == prefix
            and text[o + len(exact) : o + len(exact) + len(suffix)] == suffix
        ]
        if not clash:
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        n *= 2


@dataclass(frozen=True)
class BodyRights:
    """Which rights an annotation body states: CC BY for a body of ours alone, the article's own
    (publisher's, rights reserved) for a body that quotes the article (see cite.ArticleText)."""

    article_text: cite.ArticleText
    article_rights: str  # the IRI of the article's rights: its licence's path, or its notice

    def of(self, value: str) -> str:
        return self.article_rights if self.article_text.carried_by(value) else LICENSE_URL


def article_licence(descriptor: dict) -> dict:
    """The article resource's licence entry, as the zip ships it (one source of truth: the
    package's own entry, else :data:`explainer.package.ARTICLE_RIGHTS`)."""
    article = article_resource(with_article_rights(descriptor)) or {}
    return (article.get("licenses") or [{}])[0]


def annotation(rec: cite.Record, text: str, source: dict, scope: str, rights: BodyRights) -> dict:
    """One record as a W3C Web Annotation on the article text; each body states its rights."""
    bodies = [
        {"type": "TextualBody", "purpose": "tagging", "value": rec.type_label},
        {"type": "TextualBody", "purpose": "describing", "value": rec.summary},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": f"Voice: {rec.voice_label}. Relay chain: {rec.chain}.",
        },
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": "Corroboration: "
            + cite.CORROBORATION_LABELS[rec.corroboration]
            + (f" (context facts: {', '.join(rec.context_ids)})" if rec.context_ids else ""),
        },
        {"type": "TextualBody", "purpose": "commenting", "value": f"Cite as: {rec.citation}"},
    ]
    if rec.date:
        bodies.insert(
            2, {"type": "TextualBody", "purpose": "describing", "value": f"Date: {rec.date}"}
        )
    target = {
        "source": source,
        "selector": [
            quote_selector(text, rec.start, rec.end),
            {"type": "TextPositionSelector", "start": rec.start, "end": rec.end},
        ],
    }
    if scope:
        target["scope"] = scope
    return {
        "id": f"{links.PAGE_TO_SITE_ROOT}book/{rec.href}",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {**b, "format": "text/plain", "language": "en", "rights": rights.of(b["value"])}
            for b in bodies
        ],
        "target": target,
    }


def annotations(facts: Facts) -> dict:
    """Every anchored record as an AnnotationCollection (JSON-LD) on ``article.txt``.

    Identifiers are relative to the file's place in the built site (``downloads/``): the target is
    ``article.txt`` next to it, and each annotation's id is its record's permalink. The target's
    ``scope`` is the web page where the article is published (its known reprint). No licence is
    declared over the article's text: a body that quotes it states the article's own rights
    (its licence entry in the data package, explained in ``article-rights.txt``), and CC BY is
    stated only on bodies that carry none of it (EDITORIAL.md rule 8).
    """
    out = cite.outlet(facts)
    source = {
        "id": ARTICLE,
        "type": "Text",
        "format": "text/plain",
        "language": "en",
    }
    licence = article_licence(facts.descriptor)
    rights = BodyRights(cite.article_text(facts), licence.get("path") or ARTICLE_NOTICE)
    items = [
        annotation(r, facts.article, source, out.reprint_url, rights) for r in cite.records(facts)
    ]
    quoting = sum(b["rights"] != LICENSE_URL for item in items for b in item["body"])
    bodies = sum(len(item["body"]) for item in items)
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": ANNOTATIONS,
        "type": "AnnotationCollection",
        "label": f"Annotations of “{out.title}” ({out.publisher}, {out.dated}). "
        + annotation_rights(licence, rights.article_rights, quoting, bodies),
        "total": len(items),
        "first": {
            "id": f"{ANNOTATIONS}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def annotation_rights(licence: dict, iri: str, quoting: int, bodies: int) -> str:
    """What the collection's label says of its rights: which bodies are CC BY, which are not."""
    return (
        f"Our annotations are the {bodies - quoting} of {bodies} bodies that carry none of the "
        f"article's text; they are under CC BY 4.0. The other {quoting} bodies quote or reuse its "
        f"words and so stay under its rights, not CC BY ({iri}): {licence_title(licence)}. "
        + cite.RIGHTS_LINE
    )


def licence_title(licence: dict) -> str:
    return licence.get("title") or licence.get("name") or "all rights reserved by the publisher"


def annotations_json(facts: Facts) -> str:
    return json.dumps(annotations(facts), ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- tables shown on the site


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def page_tables(page: str, page_html: str) -> list[PageTable]:
    """Every data table in a built page, with the CSV file its caption links to.

    A table without a CSV link is reported as an error: every table on the site has one.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    prefix = links.download_href("")
    found = []
    for table in soup.select("table.data-table"):
        link = table.select_one("caption a.table-csv")
        if link is None or not link.get("href", "").startswith(prefix):
            caption = table.caption.get_text(" ", strip=True) if table.caption else "(no caption)"
            raise ExportError(f"{page}: the table {caption!r} has no CSV link")
        header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        rows = [
            [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")
        ]
        found.append(PageTable(page, html.unescape(link["href"][len(prefix) :]), header, rows))
    return found


# ---------------------------------------------------------------- the downloads folder


def article_notice(facts: Facts) -> str:
    """The rights notice of ``article.txt``: whose text it is, and on what basis it is here."""
    credit = cite.credit(facts)
    reprint = f" Reprint: {credit.reprint_url}" if credit.reprint_url else ""
    licence = licence_title(article_licence(facts.descriptor))
    return (
        f"{ARTICLE} is the text of the article this explainer annotates. {credit.credit}{reprint}\n"
        f"{credit.rights} It is not covered by the CC BY 4.0 licence of the annotations, nor are "
        f"the annotation bodies or table cells that quote it. Licence: {licence}.\n"
    )


#: The column a table's CSV gains when it quotes the article: the file may travel alone. Only
#: the rows that quote it fill it in, so a row from other reporting never reads as the
#: article's (read 6, m3).
CREDIT_COLUMN = "Credit and rights (rows that quote the article)"


def credit_cell(facts: Facts) -> str:
    """The credit a standalone CSV that quotes the article carries in every row: outlet, author,
    reprint link and the rights line (EDITORIAL.md rule 8)."""
    credit = cite.credit(facts)
    reprint = f" Reprint: {credit.reprint_url}" if credit.reprint_url else ""
    return f"{credit.credit}{reprint} {credit.rights}"


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def quotes_article(rows: list[list[str]], article: cite.ArticleText) -> bool:
    """Whether any cell of a table (header included) carries the article's text."""
    return any(article.carried_by(cell) for row in rows for cell in row)


def standalone_tables(facts: Facts, data_dir: Path = DATA_DIR) -> tuple[list[dict], list[dict]]:
    """The data package's tables split in two: those offered as CSV on their own, byte for byte
    as in the package, and those that quote the article, which travel only inside the zip, beside
    the article's rights notice (a package file must stay the package's, so it gets no credit
    column of its own)."""
    article = cite.article_text(facts)
    alone, zipped = [], []
    descriptor, _ = read_descriptor(Path(data_dir))
    for res in descriptor["resources"]:
        if not res.get("schema"):
            continue
        body = (Path(data_dir) / res["path"]).read_bytes()
        quoting = anchored(res) or quotes_article(_csv_rows(body), article)
        (zipped if quoting else alone).append(res)
    return alone, zipped


def downloads(facts: Facts, site: Path, data_dir: Path = DATA_DIR) -> dict[str, bytes]:
    """Every file of the downloads folder, by path under it: built from the data and the pages."""
    files: dict[str, bytes] = {
        ZIP_NAME: package_zip(data_dir, article_notice(facts)),
        ARTICLE_ZIP: article_zip(facts, data_dir),
        ANNOTATIONS: annotations_json(facts).encode("utf-8"),
        ARTICLE_NOTICE: article_notice(facts).encode("utf-8"),
    }
    for res in standalone_tables(facts, data_dir)[0]:
        files[f"data/{Path(res['path']).name}"] = (Path(data_dir) / res["path"]).read_bytes()
    article, credit = cite.article_text(facts), credit_cell(facts)
    seen: dict[str, PageTable] = {}
    for page in sorted(Path(site).rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for table in page_tables(rel, page.read_text(encoding="utf-8")):
            header, rows = table.header, table.rows
            if quotes_article([header, *rows], article):
                header = [*header, CREDIT_COLUMN]
                rows = [[*row, credit if quotes_article([row], article) else ""] for row in rows]
            body = csv_text(header, rows).encode("utf-8")
            if table.name in seen and files[table.name] != body:
                raise ExportError(
                    f"{rel} and {seen[table.name].page}: two different tables share the CSV name "
                    f"{table.name}; give one another caption or csv_name"
                )
            seen[table.name] = table
            files[table.name] = body
    return files


def write_downloads(facts: Facts, site: Path, data_dir: Path = DATA_DIR) -> list[str]:
    """Write the downloads folder into the built site; return the paths written or rewritten.

    Files are rewritten only when their bytes change, and files no build makes any more (a renamed
    table) are removed, so the folder always matches the data and the pages.
    """
    folder = Path(site) / DOWNLOADS_DIR
    files = downloads(facts, site, data_dir)
    written = []
    for name, body in sorted(files.items()):
        path = folder / name
        if path.is_file() and path.read_bytes() == body:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written.append(name)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()
    return written


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def downloads_html(facts: Facts, data_dir: Path = DATA_DIR) -> str:
    """The list of downloads for the article and method pages, with what each file holds."""
    n_records = len(cite.records(facts))
    zip_size = len(package_zip(data_dir, article_notice(facts)))
    alone, zipped = standalone_tables(facts, data_dir)
    csv_links = ", ".join(
        f'<a href="{html.escape(links.download_href("data/" + Path(r["path"]).name))}" download>'
        f"{html.escape(r['name'])}</a>"
        for r in alone
    )
    record_csv = links.download_href(f"tables/{annotate.RECORD_CSV}.csv")
    items = [
        (
            ZIP_NAME,
            f"the whole data package ({_size(zip_size)}): datapackage.json, every table as CSV, "
            f"article.txt with its rights notice ({ARTICLE_NOTICE}) and the data README. It validates with Frictionless "
            f"(<code>frictionless validate {ZIP_FOLDER}/datapackage.json</code>); its README "
            "says how, with nothing but the download.",
        ),
        (
            ARTICLE_ZIP,
            f"{ARTICLE}, the article text that every character offset counts into, with its "
            f"rights notice ({ARTICLE_NOTICE}: the rights stay with the publisher) and "
            f"{ANNOTATIONS}: all {n_records} anchors as W3C Web Annotations (JSON-LD), each with "
            f"a TextQuoteSelector (exact text, prefix, suffix) and a TextPositionSelector on the "
            f"{ARTICLE} beside it, its type, voice, relay chain, corroboration and citation. "
            f"Bodies that quote the article carry its rights; CC BY covers only the bodies that "
            "carry none of its text. The text comes only with its notice, as the tables that "
            "quote it do.",
        ),
        (
            ANNOTATIONS,
            f"the same annotations on their own; their target is the {ARTICLE} in {ARTICLE_ZIP}.",
        ),
        (ARTICLE_NOTICE, f"the rights notice of {ARTICLE}: whose text it is, and why it is here."),
    ]
    lis = "".join(
        f'<li><a href="{html.escape(links.download_href(name))}" download>{html.escape(name)}</a>: '
        f"{desc}</li>"
        for name, desc in items
    )
    if alone:
        lis += (
            "<li>Each table of the data package that quotes none of the article, as CSV, byte "
            f"for byte: {csv_links}.</li>"
        )
    if zipped:
        names = ", ".join(html.escape(r["name"]) for r in zipped)
        lis += (
            f"<li>The tables that quote the article ({names}) come only inside {ZIP_NAME}, "
            f"beside its rights notice.</li>"
        )
    lis += (
        f'<li><a href="{html.escape(record_csv)}" download>records.csv</a>: every record with its '
        "citation. Every other table on this site links its own CSV from its caption. The CSV of "
        f"a table that quotes the article adds a last column, “{CREDIT_COLUMN}”, which names the "
        "article, its author, outlet and reprint in each row that quotes it and says: "
        f"{html.escape(cite.RIGHTS_LINE)}</li>"
    )
    return f'<ul class="downloads-list">{lis}</ul>'

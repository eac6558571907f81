"""One site for several articles: ``python -m explainer site PACKAGE [PACKAGE ...]``.

Each data package is built as its own explainer, exactly as ``EXPLAINER_DATA_DIR=PACKAGE make
book`` would build it, in its own build folder (``_build/articles/<name>/``, where ``<name>``
is the package's ``name`` in ``datapackage.json``). Each build keeps its own execution cache and
freshness records, so editing one article's data re-executes only that article's pages, and
the other builds find nothing to do.

The site (``_build/site/`` by default) then holds every explainer under its name, with its own
downloads, citations and permalinks (``<name>/book/article.html#<record-id>``), and an index
of articles at the top. When this project's own package (``data/``) is one of them, its old
addresses (``book/<page>.html#<record-id>``, ``downloads/...``) keep working: each is a small
page that forwards to the same place under the article's name, fragment included.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from explainer import package
from explainer.site import sphinx_pages

#: Where each article is built, and where the site is assembled, under the project's _build.
ARTICLES_DIR = "articles"
SITE_DIR = "site"
#: Set for each article's build, so every page of the explainer links back to the site's index.
ENV_SITE_INDEX = sphinx_pages.ENV_SITE_INDEX
DEFAULT_TITLE = "Annotated explainers"


class SiteError(Exception):
    """A package cannot be built into the site; the message says which and why."""


@dataclass(frozen=True)
class Article:
    """One package of the site."""

    data_dir: Path
    name: str
    title: str
    outlet: str
    author: str
    date: str = ""
    drafted: int = 0
    reviewed: int = 0

    @property
    def is_default(self) -> bool:
        return self.data_dir == (package.ROOT / "data").resolve()


def describe(data_dir: Path) -> Article:
    """Name and credits of a package, read from its descriptor and its article source."""
    data_dir = Path(data_dir).resolve()
    descriptor, problems = package.read_descriptor(data_dir)
    if descriptor is None:
        raise SiteError("; ".join(map(str, problems)))
    name = str(descriptor.get("name") or "").strip()
    if not name or not all(c.isalnum() or c in "-_." for c in name) or name.startswith("."):
        raise SiteError(
            f"{package.display_path(data_dir, package.DESCRIPTOR)}: name: {name!r} cannot name"
            " a folder of the site; use letters, digits, '-', '_' or '.'"
        )
    from explainer.package.facts import DataError, load

    try:
        facts = load(data_dir)
    except DataError as err:
        raise SiteError(str(err)) from err
    sources = facts.sources
    article = sources[sources["kind"] == "article"]
    first = article.iloc[0] if not article.empty else None

    def field(key: str) -> str:
        value = None if first is None else first.get(key)
        return "" if value is None or value != value else str(value)

    from explainer.package import settings
    from explainer.views.derive import drafts

    drafted, reviewed = drafts.review_counts(facts)
    return Article(
        data_dir,
        name,
        str(settings.of(descriptor).get("site_title") or "") or field("title") or name,
        field("publisher"),
        field("author"),
        field("date_start")[:10],
        drafted,
        reviewed,
    )


def unique_names(articles: list[Article]) -> list[Article]:
    """The articles, each under a name no other has: a name two packages share (every draft is
    ``drafted-explainer``) becomes the package folder's name, then gets ``-2``, ``-3``..."""
    from dataclasses import replace

    names = [a.name for a in articles]
    taken: set[str] = set()
    out = []
    for article in articles:
        name = article.name
        if names.count(name) > 1:
            folder = "".join(c if c.isalnum() or c in "-_." else "-" for c in article.data_dir.name)
            name = folder.strip(".-") or name
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        if name != article.name:
            print(
                f"explainer: {article.data_dir} is named {article.name!r} like another package;"
                f" it is built as {name!r}",
                flush=True,
            )
        out.append(replace(article, name=name))
    return out


def build_article(article: Article, root: Path, extra_args: list[str]) -> Path:
    """Build one article's explainer in its own folder; returns its html folder."""
    out = root / "_build" / ARTICLES_DIR / article.name
    env = dict(
        os.environ, **{package.ENV_DATA_DIR: str(article.data_dir), ENV_SITE_INDEX: "index.html"}
    )
    command = [sys.executable, "-m", "explainer", "build", str(root), "--path-output", str(out)]
    print(f"explainer: building {article.name} from {article.data_dir}", flush=True)
    result = subprocess.run(command + extra_args, cwd=root, env=env)
    if result.returncode != 0:
        raise SiteError(f"the build of {article.name} ({article.data_dir}) failed")
    return out / "_build" / "html"


def forwarder(target: str) -> str:
    """A page that forwards to ``target``, keeping the address's #fragment."""
    quoted = html.escape(target, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Moved to {quoted}</title>\n"
        f'<link rel="canonical" href="{quoted}">\n'
        f'<meta http-equiv="refresh" content="0; url={quoted}">\n'
        f"<script>location.replace({target!r} + location.hash);</script>\n"
        f'</head><body><p>This page is now at <a href="{quoted}">{quoted}</a>.</p></body></html>\n'
    )


def review_line(article: Article) -> str:
    """ "Draft: 35 of 40 records not yet reviewed" or "40 records, all reviewed"."""
    total = article.drafted + article.reviewed
    if article.drafted:
        return (
            f"Draft: {article.drafted} of {total} records drafted by machine, not yet reviewed;"
            f" {article.reviewed} reviewed"
        )
    return f"{total} records, all made or reviewed by an editor"


def index_page(articles: list[Article], title: str = DEFAULT_TITLE) -> str:
    """The site's front page: one entry per article, with its outlet, author, date and how many
    of its records are drafts no editor has reviewed."""
    items = []
    for article in articles:
        credit = ", ".join(x for x in (article.author, article.outlet, article.date) if x)
        items.append(
            f'<li><a href="{html.escape(article.name)}/index.html">'
            f"{html.escape(article.title)}</a>"
            + (f"<br><span>{html.escape(credit)}</span>" if credit else "")
            + f'<br><span class="{"draft" if article.drafted else "reviewed"}">'
            f"{html.escape(review_line(article))}</span>" + "</li>"
        )
    count = len(articles)
    drafts = sum(1 for a in articles if a.drafted)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="description" content="Annotated news explainers: who said what, through whom,'
        ' and the words behind every fact.">\n'
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}"
        "li{margin:0 0 1rem}span{color:#444}a{color:#0645ad}span.draft{color:#8a3b00}"
        "@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}"
        "span{color:#bbb}a{color:#8ab4f8}span.draft{color:#ffb37a}}</style>\n"
        f"</head><body><main><h1>{html.escape(title)}</h1>\n"
        f"<p>{count} article{'s' if count != 1 else ''}, each taken apart into the facts it states,"
        " who states them, and the words behind every one."
        + (
            f" {drafts} of them {'is a draft' if drafts == 1 else 'are drafts'}: records"
            " drafted by machine that no editor has reviewed yet, marked as such on every page."
            if drafts
            else ""
        )
        + "</p>\n"
        f"<ul>{''.join(items)}</ul></main></body></html>\n"
    )


def assemble(built: list[tuple[Article, Path]], site: Path, title: str = DEFAULT_TITLE) -> None:
    """Copy each explainer under its name, write the index, forward the default's old pages."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for article, html_dir in built:
        shutil.copytree(html_dir, site / article.name)
    (site / "index.html").write_text(index_page([a for a, _ in built], title), encoding="utf-8")
    for article, html_dir in built:
        if not article.is_default:
            continue
        if (html_dir / package.DOWNLOADS_DIR).is_dir():  # zip and CSV cannot forward
            shutil.copytree(html_dir / package.DOWNLOADS_DIR, site / package.DOWNLOADS_DIR)
        for page in sorted(html_dir.rglob("*.html")):
            rel = page.relative_to(html_dir)
            if rel.as_posix() == "index.html" or rel.parts[0] == package.DOWNLOADS_DIR:
                continue
            depth = len(rel.parts) - 1
            target = "../" * depth + f"{article.name}/{rel.as_posix()}"
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(forwarder(target), encoding="utf-8")


def build_site(
    packages: list[Path], out: Path, extra_args: list[str], title: str = DEFAULT_TITLE
) -> list[Article]:
    """Validate every package, build each one, and assemble the site in ``out``."""
    from explainer.package.validate import validate

    articles = []
    for data_dir in packages:
        result = validate(data_dir)
        if not result.ok:
            raise SiteError(
                f"{data_dir} does not validate:\n" + "\n".join(map(str, result.problems))
            )
        articles.append(describe(data_dir))
    folders = [a.data_dir for a in articles]
    twice = sorted({str(f) for f in folders if folders.count(f) > 1})
    if twice:
        raise SiteError(f"a package is listed twice: {', '.join(twice)}")
    articles = unique_names(articles)
    root = package.ROOT
    built = [(a, build_article(a, root, extra_args)) for a in articles]
    assemble(built, out, title)
    return articles

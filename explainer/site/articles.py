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

#: Where each article is built, and where the site is assembled, under the project's _build.
ARTICLES_DIR = "articles"
SITE_DIR = "site"


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
        sources = load(data_dir).sources
    except DataError as err:
        raise SiteError(str(err)) from err
    article = sources[sources["kind"] == "article"]
    first = article.iloc[0] if not article.empty else None

    def field(key: str) -> str:
        value = None if first is None else first.get(key)
        return "" if value is None or value != value else str(value)

    return Article(data_dir, name, field("title") or name, field("publisher"), field("author"))


def build_article(article: Article, root: Path, extra_args: list[str]) -> Path:
    """Build one article's explainer in its own folder; returns its html folder."""
    out = root / "_build" / ARTICLES_DIR / article.name
    env = dict(os.environ, **{package.ENV_DATA_DIR: str(article.data_dir)})
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


def index_page(articles: list[Article]) -> str:
    """The site's front page: one entry per article, with its outlet and author."""
    items = []
    for article in articles:
        credit = ", ".join(x for x in (article.author, article.outlet) if x)
        items.append(
            f'<li><a href="{html.escape(article.name)}/index.html">'
            f"{html.escape(article.title)}</a>"
            + (f"<br><span>{html.escape(credit)}</span>" if credit else "")
            + "</li>"
        )
    count = len(articles)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Annotated explainers</title>\n"
        '<meta name="description" content="Annotated news explainers: who said what, through whom,'
        ' and the words behind every fact.">\n'
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}"
        "li{margin:0 0 1rem}span{color:#444}a{color:#0645ad}"
        "@media (prefers-color-scheme:dark){body{color:#eee;background:#121212}"
        "span{color:#bbb}a{color:#8ab4f8}}</style>\n"
        "</head><body><main><h1>Annotated explainers</h1>\n"
        f"<p>{count} article{'s' if count != 1 else ''}, each taken apart into the facts it states,"
        " who states them, and the words behind every one.</p>\n"
        f"<ul>{''.join(items)}</ul></main></body></html>\n"
    )


def assemble(built: list[tuple[Article, Path]], site: Path) -> None:
    """Copy each explainer under its name, write the index, forward the default's old pages."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for article, html_dir in built:
        shutil.copytree(html_dir, site / article.name)
    (site / "index.html").write_text(index_page([a for a, _ in built]), encoding="utf-8")
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


def build_site(packages: list[Path], out: Path, extra_args: list[str]) -> list[Article]:
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
    names = [a.name for a in articles]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SiteError(f"two packages share the name {', '.join(twice)}: rename one")
    root = package.ROOT
    built = [(a, build_article(a, root, extra_args)) for a in articles]
    assemble(built, out)
    return articles

"""One site for several articles: ``python -m explainer site PACKAGE [PACKAGE ...]``.

Each data package is built as its own explainer, exactly as ``EXPLAINER_DATA_DIR=PACKAGE make
book`` would build it, in its own build folder (``_build/articles/<folder>-<hash>/``, named
after the package's folder and where it is: :func:`build_folder`). Each build keeps its own
execution cache and freshness records, so editing one article's data re-executes only that
article's pages.

The site (``_build/site/`` by default) then holds every explainer under its name, with its own
downloads, citations and permalinks (``<name>/book/article.html#<record-id>``), and an index
of articles at the top. When this project's own package (``data/``) is one of them, its old
addresses (``book/<page>.html#<record-id>``, ``downloads/...``) keep working: each is a small
page that forwards to the same place under the article's name, fragment included.

Rebuilding the site is incremental, article by article. Each article's build is keyed on what it
is made from (:func:`build_key`: its package's files, the text of each page as built for it,
the project's configuration, static files and ``explainer/`` package, the environment, the
build's options); an article whose key matches its last successful build is neither validated
nor built again. Assembling copies into the site only the files that differ
(:func:`sync_tree`), so adding or correcting one article rebuilds that article and rewrites the
index, and leaves every other article's files as they were, down to their modification times.
Anything in the site that belongs to no article of this build is removed.
"""

from __future__ import annotations

import filecmp
import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from explainer import package
from explainer.site import inputs, sphinx_pages, sphinx_publish

#: Where each article is built, and where the site is assembled, under the project's _build.
ARTICLES_DIR = "articles"
SITE_DIR = "site"
#: Set for each article's build, so every page of the explainer links back to the site's index.
ENV_SITE_INDEX = sphinx_pages.ENV_SITE_INDEX
DEFAULT_TITLE = "Annotated explainers"
#: In an article's build folder: the key of its last successful build (see :func:`build_key`).
BUILD_RECORD = ".site-build.json"
#: What every article's build reads from the project, besides its own package (``data/`` is the
#: flagship's package, read by its build alone).
PROJECT_INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "_static",
    "requirements.txt",
    "pyproject.toml",
    "CITATION.cff",
)
#: Names an explainer cannot take in the site: the folders at the top of an explainer, which the
#: default article's forwarding pages occupy.
RESERVED = ("book", "downloads", "embed", "_static", "_sources", "_images", "index.html")
#: Settings from the environment that change what a build writes.
BUILD_ENVIRONMENT = (sphinx_publish.ENV, "EXPLAINER_RENDERER")


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
    taken = set(RESERVED)
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


def _hashed(files: list[Path], base: Path, label: str) -> list[tuple[str, str | None]]:
    return [
        (f"{label}/{f.relative_to(base).as_posix()}" if f != base else label, inputs.sha256_file(f))
        for f in files
    ]


def project_pairs(root: Path) -> list[tuple[str, str | None]]:
    """What every article's build depends on in the project: (name, sha256) of each file of
    :data:`PROJECT_INPUTS` and of the ``explainer`` package the build imports, the Python, and
    the settings of :data:`BUILD_ENVIRONMENT`."""
    pairs: list[tuple[str, str | None]] = []
    for name in PROJECT_INPUTS:
        pairs += _hashed(inputs.files_under(root / name), root / name, name)
    # A page's own text counts for the package it is built for (see build_key): here only that
    # the page is there, so that editing the flagship's prose rebuilds the flagship alone.
    pairs = [(n, "page" if _is_page(n) else sha) for n, sha in pairs]
    pairs += _hashed(inputs.files_under(inputs.PACKAGE_DIR), inputs.PACKAGE_DIR, "explainer")
    pairs += [("python", f"{sys.executable} {sys.version}")]
    pairs += [(var, os.environ.get(var, "")) for var in BUILD_ENVIRONMENT]
    return pairs


def build_key(data_dir: Path, extra_args: list[str], project: list[tuple[str, str | None]]) -> str:
    """What a package's build is made from, as one sha256: its files, the text each page of the
    book is built from for it (its own page, else the generic one), where it is, the build's
    options and ``project`` (:func:`project_pairs`). Two builds with one key write the same
    explainer (its name in the site is not part of it)."""
    data_dir = Path(data_dir).resolve()
    pairs = [("package", str(data_dir))]
    pairs += [("options", json.dumps(extra_args))]
    pairs += _hashed(inputs.files_under(data_dir), data_dir, "package")
    for name, _ in project:
        if _is_page(name):
            source = sphinx_pages.page_source(name.removesuffix(".md"), data_dir)
            pairs.append((f"{name} from {source}", source and inputs.sha256_file(source)))
    return inputs.digest_pairs(pairs + project)


def _is_page(name: str) -> bool:
    """``book/<page>.md``: a page of the book, whose text comes from the package's pages folder
    or the generic pages (explainer/site/sphinx_pages.py)."""
    return sphinx_pages.page_name(name.removesuffix(".md")) is not None and name.endswith(".md")


def build_folder(root: Path, data_dir: Path) -> Path:
    """Where a package's explainer is built: named after the package's folder, not its name in
    the site, so that a package renamed in the site (another of the same name was added) is
    copied again, not built again."""
    data_dir = Path(data_dir).resolve()
    where = hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]
    return root / "_build" / ARTICLES_DIR / f"{data_dir.name}-{where}"


def last_build(root: Path, data_dir: Path, key: str) -> Article | None:
    """The package's description as its last successful build recorded it, if that build had
    ``key``: the package was validated then and has not changed since."""
    folder = build_folder(root, data_dir)
    record = _read_json(folder / BUILD_RECORD)
    if record.get("key") != key or not (folder / "_build" / "html" / "index.html").is_file():
        return None
    try:
        return Article(**dict(record["article"], data_dir=Path(data_dir).resolve()))
    except (KeyError, TypeError):
        return None


def build_article(
    article: Article, root: Path, extra_args: list[str], key: str, described: Article
) -> Path:
    """Build one article's explainer in its own folder, unless :func:`last_build` finds a build
    with the same ``key``; record ``key`` and the package's description (``described``, under
    its own name) when the build succeeds. Returns its html folder."""
    out = build_folder(root, article.data_dir)
    html_dir = out / "_build" / "html"
    if last_build(root, article.data_dir, key) is not None:
        print(f"explainer: {article.name} unchanged since its last build", flush=True)
        return html_dir
    record = out / BUILD_RECORD
    record.unlink(missing_ok=True)  # a failed build leaves no record: the next one builds
    env = dict(
        os.environ, **{package.ENV_DATA_DIR: str(article.data_dir), ENV_SITE_INDEX: "index.html"}
    )
    command = [sys.executable, "-m", "explainer", "build", str(root), "--path-output", str(out)]
    print(f"explainer: building {article.name} from {article.data_dir}", flush=True)
    result = subprocess.run(command + extra_args, cwd=root, env=env)
    if result.returncode != 0:
        raise SiteError(f"the build of {article.name} ({article.data_dir}) failed")
    description = {k: v for k, v in asdict(described).items() if k != "data_dir"}
    record.write_text(json.dumps({"key": key, "article": description}), encoding="utf-8")
    return html_dir


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


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


def _same(source: Path, target: Path) -> bool:
    return target.is_file() and filecmp.cmp(source, target, shallow=False)


def _write(target: Path, source: Path | None = None, text: str | None = None) -> bool:
    """Put ``source``'s bytes (or ``text``) at ``target`` unless it holds them already; True
    when it wrote."""
    if source is not None and _same(source, target):
        return False
    if text is not None and target.is_file() and target.read_bytes() == text.encode("utf-8"):
        return False
    if target.is_dir():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copy2(source, target)
    else:
        target.write_text(text or "", encoding="utf-8")
    return True


def sync_tree(source: Path, target: Path) -> int:
    """Make ``target`` hold exactly ``source``'s files: copy those that differ, remove those
    ``source`` lacks; files already equal are not touched. The number of files written."""
    wanted = {p.relative_to(source) for p in source.rglob("*")}
    written = sum(
        _write(target / rel, source / rel) for rel in sorted(wanted) if (source / rel).is_file()
    )
    _prune(target, wanted)
    return written


def _prune(folder: Path, wanted: set[Path], base: Path | None = None) -> None:
    """Remove everything under ``folder`` whose path relative to ``base`` (by default
    ``folder``) is not in ``wanted``."""
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folder
        if path.relative_to(base or folder) in wanted:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _state_file(site: Path) -> Path:
    """Beside the site, not in it (the site is published as it is): which build of each article
    the site holds."""
    return site.parent / f".{site.name}-assembled.json"


def assemble(
    built: list[tuple[Article, Path]],
    site: Path,
    title: str = DEFAULT_TITLE,
    keys: dict[str, str] | None = None,
) -> list[str]:
    """Put each explainer in the site under its name, write the index, forward the default's old
    pages, and remove whatever else the site held. With ``keys`` (each article's
    :func:`build_key`), an article whose key is the one the site was last assembled with is left
    as it is. Returns the names of the articles whose files were synced."""
    keys = keys or {}
    state = _state_file(site)
    assembled = _read_json(state) if site.is_dir() else {}
    state.unlink(missing_ok=True)  # until this assembly is whole
    site.mkdir(parents=True, exist_ok=True)
    synced = []
    for article, html_dir in built:
        key = keys.get(article.name)
        if key and assembled.get(article.name) == key and (site / article.name).is_dir():
            continue
        sync_tree(html_dir, site / article.name)
        synced.append(article.name)
    extra: dict[Path, Path | str] = {Path("index.html"): index_page([a for a, _ in built], title)}
    for article, html_dir in built:
        if article.is_default:
            extra.update(forwarders(article, html_dir))
    for rel, content in extra.items():
        if isinstance(content, Path):
            _write(site / rel, source=content)
        else:
            _write(site / rel, text=content)
    names = {a.name for a, _ in built}
    wanted = {p for rel in extra for p in (rel, *rel.parents)} - {Path(".")}
    for entry in list(site.iterdir()):
        if entry.name in names and entry.is_dir():
            continue  # synced above, or kept as it was
        rel = Path(entry.name)
        if rel not in wanted:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        elif entry.is_dir():
            _prune(entry, wanted, base=site)
    state.write_text(
        json.dumps({a.name: keys[a.name] for a, _ in built if a.name in keys}), encoding="utf-8"
    )
    return synced


def forwarders(article: Article, html_dir: Path) -> dict[Path, Path | str]:
    """The default article's old addresses at the site's top: its downloads, copied (a zip or a
    CSV cannot forward), and a forwarding page for each of its other pages."""
    files: dict[Path, Path | str] = {}
    downloads = html_dir / package.DOWNLOADS_DIR
    for path in sorted(downloads.rglob("*")) if downloads.is_dir() else []:
        if path.is_file():
            files[path.relative_to(html_dir)] = path
    for page in sorted(html_dir.rglob("*.html")):
        rel = page.relative_to(html_dir)
        if rel.as_posix() == "index.html" or rel.parts[0] == package.DOWNLOADS_DIR:
            continue
        depth = len(rel.parts) - 1
        files[rel] = forwarder("../" * depth + f"{article.name}/{rel.as_posix()}")
    return files


def build_site(
    packages: list[Path], out: Path, extra_args: list[str], title: str = DEFAULT_TITLE
) -> list[Article]:
    """Validate every package, build each one, and assemble the site in ``out``. A package
    unchanged since its last successful build (:func:`last_build`) is neither validated nor
    built again."""
    from explainer.package.facts import ENV_VALIDATION_CACHE, DataError, load

    root = package.ROOT
    # Each package validated here is not validated again by its build (nor by its pages).
    os.environ.setdefault(ENV_VALIDATION_CACHE, str(root / "_build" / ARTICLES_DIR / ".validated"))
    project = project_pairs(root)
    described, keys = [], {}
    for data_dir in packages:
        key = build_key(data_dir, extra_args, project)
        article = last_build(root, data_dir, key)
        if article is None:
            try:
                load(data_dir)
            except DataError as err:
                raise SiteError(
                    f"{data_dir} does not validate:\n" + "\n".join(map(str, err.problems))
                ) from err
            article = describe(data_dir)
        described.append(article)
        keys[article.data_dir] = key
    folders = [a.data_dir for a in described]
    twice = sorted({str(f) for f in folders if folders.count(f) > 1})
    if twice:
        raise SiteError(f"a package is listed twice: {', '.join(twice)}")
    articles = unique_names(described)
    built = [
        (a, build_article(a, root, extra_args, keys[a.data_dir], d))
        for a, d in zip(articles, described, strict=True)
    ]
    synced = assemble(built, out, title, {a.name: keys[a.data_dir] for a in articles})
    print(
        f"explainer: {len(synced)} of {len(built)} explainers copied into {out}"
        + (f" ({', '.join(synced)})" if 0 < len(synced) < len(built) else ""),
        flush=True,
    )
    return articles

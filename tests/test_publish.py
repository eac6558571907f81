"""The published site: GitHub Pages sub-path, sitemap, canonical URLs, share cards, buttons.

GitHub Pages serves a project site under /<repository>/. A local server does the same here
(everything outside the prefix is a 404), and a crawler follows every internal link,
asset, stylesheet url() and #fragment from the site's root, so a root-relative URL or a
broken anchor fails. The built site comes from the `site` fixture of test_build.py.

The site's absolute addresses come from one setting, EXPLAINER_REPOSITORY
(explainer/site/sphinx_publish.py). The test build has none, so it must publish no canonical
link, no sitemap, no share-card URL and no repository link; a small Sphinx project built
with and without the setting checks what the setting turns on.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from explainer.site import sphinx_publish, sphinx_share
from explainer.site.browser import _QuietHandler, serve, toc_pages

PAGES = toc_pages()

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BRANCH = CONFIG["repository"]["branch"]
#: The sub-path the site is served under here, as GitHub Pages serves a project site.
PREFIX = "/site-under-test/"
#: Placeholder addresses that must never be published (the before-stop hook looks for them).
PLACEHOLDERS = re.compile(r"example\.(?:github\.io|com|org)|github\.com/example/")
#: Bounds for the crawler: it stops by itself.
MAX_REQUESTS = 3000
MAX_SECONDS = 120
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_the_setting_gives_the_pages_url_and_the_repository():
    project = sphinx_publish.site({sphinx_publish.ENV: "octo-org/gaza-explainer"})
    assert project.base_url == "https://octo-org.github.io/gaza-explainer/"
    assert project.repository_url == "https://github.com/octo-org/gaza-explainer"
    user_site = sphinx_publish.site({sphinx_publish.ENV: "Octo/octo.github.io"})
    assert user_site.base_url == "https://octo.github.io/"
    assert sphinx_publish.site({}) is None
    assert sphinx_publish.site({sphinx_publish.ENV: "  "}) is None


@pytest.mark.parametrize("value", ["gaza-explainer", "a/b/c", "https://github.com/a/b", "-a/b"])
def test_a_malformed_setting_is_a_clear_error(value):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=sphinx_publish.ENV):
        sphinx_publish.site({sphinx_publish.ENV: value})


def test_the_config_publishes_no_address_without_the_setting():
    from types import SimpleNamespace

    launch = {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"}
    config = SimpleNamespace(
        html_baseurl="https://stale.invalid/",
        html_theme_options={"launch_buttons": launch, "use_repository_button": True},
        suppress_warnings=[],
    )
    sphinx_publish.configure(config, None)
    assert config.html_baseurl == ""
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == ""
    assert not any(config.html_theme_options[b] for b in sphinx_publish.REPOSITORY_BUTTONS)
    assert "repository_url" not in config.html_theme_options
    sphinx_publish.configure(config, sphinx_publish.Site("octo", "gaza-explainer"))
    assert config.html_baseurl == "https://octo.github.io/gaza-explainer/"
    assert config.html_theme_options["repository_url"] == "https://github.com/octo/gaza-explainer"
    assert all(config.html_theme_options[b] for b in sphinx_publish.REPOSITORY_BUTTONS)


# ---------------------------------------------------------------------------------------
# A server that serves the site only under /<repository>/, as GitHub Pages does


class _PrefixHandler(_QuietHandler):
    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + clean[len(PREFIX) :])


@pytest.fixture(scope="module")
def prefixed(site) -> Iterator[str]:  # noqa: F811
    with serve(site, _PrefixHandler) as origin:
        yield f"{origin}{PREFIX}"


def test_prefix_server_refuses_paths_outside_the_prefix(prefixed):
    origin = prefixed[: -len(PREFIX)]
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{origin}/index.html", timeout=10)
    assert err.value.code == 404
    with urllib.request.urlopen(f"{prefixed}index.html", timeout=10) as response:
        assert response.status == 200


# ---------------------------------------------------------------------------------------
# The crawler

_CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3"""
)
_REFRESH = re.compile(r"url=(?P<url>\S+)", re.IGNORECASE)
#: Attributes that make a browser fetch something (as opposed to a link a reader follows).
_RESOURCE_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src"}


class Crawl:
    """Everything the crawler found: pages and their ids, broken URLs, foreign resources."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.origin = base[: -len(PREFIX)]
        self.fetched: dict[str, int] = {}
        self.ids: dict[str, set[str]] = {}
        self.anchors: list[tuple[str, str, str]] = []  # (page it is on, target page, fragment)
        self.broken: list[str] = []
        self.foreign: list[str] = []
        self.canonical: dict[str, str] = {}
        self._links_to: dict[str, set[str]] = {}

    def internal(self, url: str) -> bool:
        return url.startswith(self.origin + "/")

    def run(self, seeds: list[str]) -> Crawl:
        queue = list(seeds)
        started = time.monotonic()
        while queue:
            assert len(self.fetched) < MAX_REQUESTS, "crawler: too many URLs"
            assert time.monotonic() - started < MAX_SECONDS, "crawler: took too long"
            url = queue.pop()
            if url in self.fetched:
                continue
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    kind = response.headers.get_content_type()
                    self.fetched[url] = response.status
            except urllib.error.HTTPError as err:
                self.fetched[url] = err.code
                self.broken.append(f"HTTP {err.code}: {url} (linked from {self._referrers(url)})")
                continue
            if kind == "text/html":
                queue.extend(self._html(url, body.decode("utf-8")))
            elif kind == "text/css":
                queue.extend(self._css(url, body.decode("utf-8", errors="replace")))
        return self

    def _referrers(self, url: str) -> str:
        return ", ".join(sorted(self._links_to.get(url, set()))[:3]) or "a seed"

    def _follow(self, page: str, raw: str) -> str | None:
        """The absolute URL (no fragment) to fetch for a reference on ``page``, if internal."""
        raw = raw.strip()
        if not raw or raw.startswith(("data:", "mailto:", "javascript:")):
            return None
        absolute, fragment = urldefrag(urljoin(page, raw))
        if not self.internal(absolute):
            return None
        absolute = absolute.split("?", 1)[0]
        if fragment:
            self.anchors.append((page, absolute, unquote(fragment)))
        self._links_to.setdefault(absolute, set()).add(page.replace(self.base, ""))
        return absolute

    def _html(self, url: str, text: str) -> list[str]:
        soup = BeautifulSoup(text, "html.parser")
        self.ids[url] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})
        }
        found = []
        for tag in soup.find_all(True):
            for attr in ("href", "src", "action"):
                value = tag.get(attr)
                if not value:
                    continue
                rels = tag.get("rel") or []
                if tag.name == "link" and "canonical" in rels:
                    self.canonical[url] = value
                    continue
                fetched_by_browser = (tag.name == "link" and "stylesheet" in rels) or (
                    _RESOURCE_ATTRS.get(tag.name) == attr
                )
                if fetched_by_browser and not self.internal(urljoin(url, value)):
                    if not value.startswith("data:"):
                        self.foreign.append(f"{url}: <{tag.name} {attr}={value}>")
                target = self._follow(url, value)
                if target:
                    found.append(target)
            for candidate in (tag.get("srcset") or "").split(","):
                target = self._follow(url, candidate.strip().split(" ")[0])
                if target:
                    found.append(target)
        for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
            match = _REFRESH.search(meta.get("content", ""))
            if match and (target := self._follow(url, match["url"].strip("'\""))):
                found.append(target)
        return found

    def _css(self, url: str, text: str) -> list[str]:
        found = []
        for match in _CSS_URL.finditer(text):
            raw = match["url"] or match["imp"]
            if raw.startswith("#"):  # an SVG filter reference, not a file
                continue
            target = self._follow(url, raw)
            if target:
                found.append(target)
        return found


@pytest.fixture(scope="module")
def crawl(prefixed, site) -> Crawl:  # noqa: F811
    crawler = Crawl(prefixed)
    # From the root, as a visitor arrives; then every built page, so none is left out.
    # (_static/ holds the theme's Jinja macro files, which are .html but not pages.)
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]
    seeds = [prefixed] + [prefixed + page for page in pages if not page.startswith("_static/")]
    return crawler.run(list(reversed(seeds)))


def test_crawl_reaches_every_page_from_the_root(crawl):
    pages = {url for url in crawl.ids if url.startswith(crawl.base)}
    for page in PAGES:
        assert f"{crawl.base}{page}.html" in pages
    # Stylesheets, scripts and fonts were followed too, not only pages.
    kinds = {Path(urlparse(url).path).suffix for url in crawl.fetched}
    assert {".css", ".js", ".svg"} <= kinds


def test_no_internal_url_is_broken_under_the_prefix(crawl):
    assert not crawl.broken, "\n".join(crawl.broken)


def test_every_anchor_exists_in_its_target_page(crawl):
    missing = [
        f"{page.replace(crawl.base, '')} → {target.replace(crawl.base, '')}#{fragment}"
        for page, target, fragment in crawl.anchors
        if target in crawl.ids and fragment not in crawl.ids[target]
    ]
    assert crawl.anchors, "no #fragment links found: the anchor check would check nothing"
    assert not missing, "\n".join(sorted(set(missing)))


def test_no_page_fetches_a_resource_from_another_host(crawl):
    assert not crawl.foreign, "\n".join(crawl.foreign)


# ---------------------------------------------------------------------------------------
# Without the setting, no address is published


def test_no_page_has_a_canonical_url_without_the_setting(crawl):
    pages = [url for url in crawl.ids if url.startswith(crawl.base) and url.endswith(".html")]
    assert len(pages) >= len(PAGES)
    assert crawl.canonical == {}, crawl.canonical


def test_no_sitemap_without_the_setting(site):  # noqa: F811
    assert not (site / "sitemap.xml").exists()


def test_no_placeholder_or_repository_address_is_published(site):  # noqa: F811
    found = [
        f"{path.relative_to(site)}: {match.group()}"
        for path in sorted(site.rglob("*.html"))
        for match in PLACEHOLDERS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found[:10])
    for page in PAGES:
        hrefs = _hrefs(site, page)
        assert not [h for h in hrefs if urlparse(h).netloc == "github.com"], page
        assert not [h for h in hrefs if "mybinder.org" in h], page


def test_the_placeholder_pattern_finds_placeholders():
    for text in ("https://example.github.io/x/", "https://github.com/example/x", "hub.example.org"):
        assert PLACEHOLDERS.search(text), text
    assert not PLACEHOLDERS.search("https://github.com/octo/gaza-explainer")


# ---------------------------------------------------------------------------------------
# With the setting: a small Sphinx project on the same theme and extensions

_MINI_CONF = """
project = "Mini"
html_theme = "sphinx_book_theme"
extensions = ["explainer.site.sphinx_publish", "sphinx_sitemap"]
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]
html_theme_options = {
    "path_to_docs": "", "repository_branch": "main",
    "launch_buttons": {"binderhub_url": "https://mybinder.org"},
}
"""


def _mini_build(builds, tmp_path: Path, repository: str | None) -> Path:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(_MINI_CONF, encoding="utf-8")
    (src / "index.rst").write_text("Mini\n====\n\nA page.\n", encoding="utf-8")
    env = {k: v for k, v in builds.environment().items() if k != sphinx_publish.ENV}
    if repository:
        env[sphinx_publish.ENV] = repository
    builds.run(builds.sphinx_command(src, out), ROOT, env, timeout=300)
    return out


def test_the_setting_publishes_canonical_urls_sitemap_and_repository_link(tmp_path, book_builds):
    out = _mini_build(book_builds, tmp_path, "octo/gaza-explainer")
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    canonical = soup.find("link", rel="canonical")
    assert canonical and canonical["href"] == "https://octo.github.io/gaza-explainer/index.html"
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert "https://github.com/octo/gaza-explainer" in hrefs
    tree = ElementTree.parse(out / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().findall("sm:url/sm:loc", SITEMAP_NS)]
    assert locs == ["https://octo.github.io/gaza-explainer/index.html"]


def test_without_the_setting_the_same_project_publishes_none(tmp_path, book_builds):
    out = _mini_build(book_builds, tmp_path, None)
    text = (out / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert "github.com" not in text
    assert not (out / "sitemap.xml").exists()


# ---------------------------------------------------------------------------------------
# Share cards and descriptions


def _meta(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            assert key not in found or key == "viewport", f"duplicate <meta {key}>"
            found[key] = tag.get("content", "")
    return found


def _front_matter_description(page: str) -> str:
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    header = yaml.safe_load(text.split("---\n", 2)[1])
    return header["myst"]["html_meta"]["description"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_own_description(site, page):  # noqa: F811
    meta = _meta((site / f"{page}.html").read_text(encoding="utf-8"))
    description = meta.get("description", "")
    assert description == _front_matter_description(page)
    assert len(description.split()) >= 12, description  # a sentence, not a label
    assert meta.get("og:description") == description


def test_descriptions_differ_between_pages():
    descriptions = [_front_matter_description(page) for page in PAGES]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize("page", PAGES)
def test_share_card_tags(site, page):  # noqa: F811
    meta = _meta((site / f"{page}.html").read_text(encoding="utf-8"))
    assert meta["og:title"]
    assert meta["og:site_name"] == CONFIG["title"]
    assert meta["twitter:card"] == "summary_large_image"
    # Without a base URL there is no absolute address for the page or its image: none is
    # published rather than a relative one, which link previews cannot use.
    for key in sphinx_publish.ABSOLUTE_OG_TAGS:
        assert key not in meta, (key, meta.get(key))


def test_share_card_tags_keep_their_image_with_a_base_url():
    tags = (
        '<meta property="og:title" content="T" />\n'
        '<meta property="og:url" content="book/index.html" />\n'
        '<meta property="og:image" content="_static/x.png" />\n'
        '<meta property="og:image:width" content="1460" />\n'
    )
    from types import SimpleNamespace

    for base, kept in (("", ["og:title"]), ("https://o.github.io/r/", ["og:title", "og:url"])):
        app = SimpleNamespace(config=SimpleNamespace(html_baseurl=base))
        context = {"metatags": tags}
        sphinx_publish._on_html_page_context(app, "book/index", "page.html", context, None)
        found = re.findall(r'property="([^"]+)"', context["metatags"])
        assert set(kept) <= set(found)
        assert ("og:image" in found) == bool(base)


def test_share_image_is_the_overview_chart_rendered_at_build_time(site):  # noqa: F811
    import vl_convert as vlc

    from explainer.site.sphinx_ext import VL_VERSION

    built = (site / "_static" / sphinx_share.IMAGE_NAME).read_bytes()
    spec = sphinx_share.overview_spec()
    fresh = vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=sphinx_share.IMAGE_SCALE)
    assert built == fresh
    width, height = sphinx_share.png_size(built)
    assert width >= 1200 and 1.5 <= width / height <= 2.6  # what link previews expect


@pytest.mark.parametrize(
    ("metatags", "expected"),
    [
        ('<meta content="A page." name="description" />', "A page."),
        ('<meta name="description" content=" Spaced &amp; escaped ">', "Spaced & escaped"),
        ('<meta name="viewport" content="width=device-width" />', None),
        ('<meta name="description" content="" />', None),
        ("", None),
    ],
)
def test_meta_description_parser(metatags, expected):
    assert sphinx_share.meta_description(metatags) == expected


def test_a_page_without_description_is_a_build_warning(monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(sphinx_share.logger, "warning", lambda msg, *a, **k: warnings.append(msg))
    context = {"metatags": '<meta name="viewport" content="x" />', "meta": {}}
    sphinx_share._on_html_page_context(None, "book/x", "page.html", context, doctree=object())
    assert warnings and "no description" in warnings[0]
    assert "og:description" not in context["meta"]


# ---------------------------------------------------------------------------------------
# Links on a built page


def _hrefs(site: Path, page: str) -> list[str]:  # noqa: F811
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


# ---------------------------------------------------------------------------------------
# The launched environment (Binder) is the project's environment


def test_binder_installs_exactly_the_project_requirements():
    lines = [
        line.strip()
        for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines == ["-r ../requirements-dev.txt", "-e ."]
    assert (ROOT / "binder" / "../requirements-dev.txt").resolve() == ROOT / "requirements-dev.txt"
    # ... which includes the site's lock, and JupyterLab for the launched lab.
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert "-r requirements.txt" in dev
    assert any(line.startswith("jupyterlab==") for line in dev)
    assert (ROOT / "pyproject.toml").is_file()  # what `-e .` installs


def test_binder_python_is_the_projects_python():
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    workflow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text(encoding="utf-8"))
    image = workflow["jobs"]["test"]["container"]["image"]
    ci_python = re.match(r"python:(\d+\.\d+)-", image)[1]
    assert runtime == f"python-{ci_python}"
    assert ci_python == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_binder_start_puts_the_repositorys_jupyter_config_on_the_path():
    start = ROOT / "binder" / "start"
    assert start.stat().st_mode & 0o111, "binder/start must be executable"
    code = "from jupyter_core.paths import jupyter_config_path as p; print('\\n'.join(p()))"
    result = subprocess.run(
        ["bash", str(start), sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert str(ROOT / "jupyter") in result.stdout.splitlines()


def test_dropping_a_share_card_tag_drops_all_of_it():
    """An alt text may quote markup (its ``"`` escaped, its ``>`` not): the tag goes whole, and
    nothing of its value is left in the page as markup."""
    from types import SimpleNamespace

    tags = (
        '<meta property="og:title" content="T" />\n'
        '<meta property="og:image:alt" content="Katz &quot;><svg onload=x> & co." />\n'
    )
    app = SimpleNamespace(config=SimpleNamespace(html_baseurl=""))
    context = {"metatags": tags}
    sphinx_publish._on_html_page_context(app, "book/index", "page.html", context, None)
    assert context["metatags"] == '<meta property="og:title" content="T" />\n'


def test_a_build_without_the_setting_removes_an_earlier_sitemap(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    app = SimpleNamespace(outdir=str(tmp_path), config=SimpleNamespace(html_baseurl="https://o/"))
    sphinx_publish._on_build_finished(app, None)
    assert (tmp_path / "sitemap.xml").exists()  # with a base URL, it is this build's own
    app.config.html_baseurl = ""
    sphinx_publish._on_build_finished(app, None)
    assert not (tmp_path / "sitemap.xml").exists()

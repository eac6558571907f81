"""The published site: GitHub Pages sub-path, sitemap, canonical URLs, share cards, buttons.

GitHub Pages serves a project site under /<repository>/. A local server does the same here
(everything outside the prefix is a 404), and a crawler follows every internal link,
asset, stylesheet url() and #fragment from the site's root, so a root-relative URL or a
broken anchor fails. The built site comes from the `site` fixture of test_build.py.
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

from explainer import sphinx_share
from explainer.browser import _QuietHandler, serve, toc_pages

PAGES = toc_pages()

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
OWNER, REPO = urlparse(REPO_URL).path.strip("/").split("/")
BASEURL = CONFIG["html"]["baseurl"]
PREFIX = f"/{REPO}/"
#: Bounds for the crawler: it stops by itself.
MAX_REQUESTS = 3000
MAX_SECONDS = 120
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_base_url_is_the_pages_url_of_the_repository():
    assert urlparse(REPO_URL).netloc == "github.com"
    assert BASEURL == f"https://{OWNER}.github.io/{REPO}/"


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
# Canonical URLs and the sitemap follow html_baseurl


def test_canonical_urls_are_the_published_addresses(crawl, site):  # noqa: F811
    for page in PAGES:
        url = f"{crawl.base}{page}.html"
        assert crawl.canonical.get(url) == f"{BASEURL}{page}.html"


def test_sitemap_lists_every_page_under_the_base_url(site):  # noqa: F811
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().findall("sm:url/sm:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(BASEURL), loc
        assert (site / loc[len(BASEURL) :]).is_file(), loc
    assert {f"{BASEURL}{page}.html" for page in PAGES} <= set(locs)


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
    assert meta["og:url"] == f"{BASEURL}{page}.html"
    assert meta["og:title"]
    assert meta["og:site_name"] == CONFIG["title"]
    assert meta["og:image"] == f"{BASEURL}_static/{sphinx_share.IMAGE_NAME}"
    assert meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    png = (site / "_static" / sphinx_share.IMAGE_NAME).read_bytes()
    assert sphinx_share.png_size(png) == (int(meta["og:image:width"]), int(meta["og:image:height"]))


def test_share_image_is_the_overview_chart_rendered_at_build_time(site):  # noqa: F811
    import vl_convert as vlc

    from explainer.sphinx_ext import VL_VERSION

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
# Edit, issue and launch buttons


def _hrefs(site: Path, page: str) -> list[str]:  # noqa: F811
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


@pytest.mark.parametrize("page", PAGES)
def test_edit_issue_and_launch_buttons_point_at_this_page(site, page):  # noqa: F811
    hrefs = _hrefs(site, page)
    source = f"{page}.md"
    assert (ROOT / source).is_file()
    assert f"{REPO_URL}/edit/{BRANCH}/{source}" in hrefs
    assert any(h.startswith(f"{REPO_URL}/issues/new?") for h in hrefs)
    binder = CONFIG["launch_buttons"]["binderhub_url"]
    assert f"{binder}/v2/gh/{OWNER}/{REPO}/{BRANCH}?urlpath=lab/tree/{source}" in hrefs
    hub = CONFIG["launch_buttons"]["jupyterhub_url"]
    hub_links = [h for h in hrefs if h.startswith(f"{hub}/hub/user-redirect/git-pull?")]
    assert len(hub_links) == 1 and f"urlpath=lab/tree/{REPO}/{source}" in hub_links[0]


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

"""The built site in a real browser: a local server, Debian's Chromium driven by Playwright, and
screenshots for review.

Shared by the browser tests (``tests/test_browser.py``, ``tests/test_hostile.py``) and by
``make screenshots`` (``python -m explainer screenshots``). Chromium is Debian's
``/usr/bin/chromium``, launched with ``executable_path`` because ``playwright install`` cannot
download browsers here; ``.ci/run`` installs it when it is missing.

Every page opened with :func:`visit` lets only the local server (or ``file://``) answer: any
request to another host is aborted and recorded, as are console errors, page errors, failed
requests and HTTP errors, so that a test can fail and name them.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from explainer.package import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
THEMES = ("light", "dark")

#: Pages the theme adds to every book besides those in _toc.yml.
THEME_PAGES = ("search", "genindex")

#: A chart call in a page's source: ``charts.timeline(facts)``.
CHART_CALL = re.compile(r"^\s*charts\.[A-Za-z_]\w*\(", re.MULTILINE)
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.DOTALL | re.MULTILINE)
_HIDDEN_OUTPUT = {"remove-cell", "remove-output", "hide-output"}


def chromium_path() -> Path | None:
    """Debian's Chromium, or whatever ``chromium`` is on PATH; None when there is none."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page named in _toc.yml (root, chapters, nested sections), without its suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [re.sub(r"\.(md|ipynb)$", "", page) for page in pages]


def site_pages(root: Path = ROOT) -> list[str]:
    """Every page a reader can reach: the book's pages and the theme's search and index pages."""
    return toc_pages(root) + list(THEME_PAGES)


def expected_charts(page: str, root: Path = ROOT, source: Path | None = None) -> int:
    """How many charts a page shows, read from its source (``root/<page>.md`` unless another
    ``source`` is given): one per ``charts.<name>(`` call in a code cell whose output is shown.
    Pages without a source (the theme's) show none."""
    source = source or root / f"{page}.md"
    if not source.is_file():
        return 0
    count = 0
    for cell in _CODE_CELL.finditer(source.read_text(encoding="utf-8")):
        body = cell["body"]
        tags = re.search(r"^:tags:\s*\[(?P<tags>[^\]]*)\]", body, re.MULTILINE)
        names = {t.strip().strip("'\"") for t in tags["tags"].split(",")} if tags else set()
        if not names & _HIDDEN_OUTPUT:
            count += len(CHART_CALL.findall(body))
    return count


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a page needs about twenty files

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path | str, handler_class: type = _QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base URL.
    ``handler_class`` may be a subclass of the quiet handler (e.g. one that adds a path prefix)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class PortTaken(Exception):
    """The port asked for is in use; the message names it and a free one."""


def free_port(host: str, start: int, tries: int = 50) -> int | None:
    """The first port from ``start`` on that ``host`` can bind, or None within ``tries``."""
    import socket

    for port in range(start, min(start + tries, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    return None


def preview_server(directory: Path | str, host: str, port: int) -> http.server.HTTPServer:
    """A server for ``directory`` bound to ``host``:``port`` (``make serve``), not yet serving;
    :class:`PortTaken` when another program holds the port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        free = free_port(host, port + 1)
        hint = f"; port {free} is free: make serve PORT={free}" if free else ""
        raise PortTaken(f"cannot serve on {host}:{port}: {err.strerror or err}{hint}") from err


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (a Playwright ``Browser``) for as long as the block runs."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


#: A chart's box once the reader has woken it and its live (vega) chart has replaced the drawing.
LIVE_CHART = '.vega-chart[data-chart-state="live"]'


def wake_charts(page: Any, count: int, *, touch: bool = False, timeout: float = 20_000) -> None:
    """Wake every chart of a Playwright page as a reader does, by pointing at it (or, with
    ``touch``, tapping it) near its top-left corner, away from the marks; then wait until ``count``
    charts are live (vega-init.js draws a chart only when it is first touched)."""
    boxes = page.locator(".vega-chart")
    for i in range(boxes.count()):
        if touch:
            boxes.nth(i).tap(position={"x": 2, "y": 2})
        else:
            boxes.nth(i).hover(position={"x": 2, "y": 2})
    page.wait_for_function(
        f"n => document.querySelectorAll('{LIVE_CHART}').length >= n", arg=count, timeout=timeout
    )
    # The pointer off every chart and control (the theme's buttons have tooltips), page at the top.
    if not touch:
        page.mouse.move(0, page.viewport_size["height"] - 1)
    page.evaluate("window.scrollTo(0, 0)")


def settle(page: Any) -> None:
    """Wait two frames, so that a scroll has been laid out before the pointer moves: a move made
    while Chromium still hit-tests the old layout sends the mark under it only ``pointerover``,
    not the ``pointermove`` that Vega's tooltip waits for (a real pointer keeps moving and sends
    one next; a single scripted move does not)."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob") or parsed.hostname == LOCAL_HOST


@dataclass
class Visit:
    """One page in its own browser context, and everything that went wrong while it ran."""

    context: Any
    page: Any
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def close(self) -> None:
        self.context.close()


def visit(
    browser: Any,
    url: str,
    *,
    javascript: bool = True,
    viewport: dict[str, int] = DESKTOP,
    theme: str | None = None,
    charts: int = 0,
    wake: bool = True,
    touch: bool = False,
    idle: bool = False,
    timeout: float = 15_000,
) -> Visit:
    """Open ``url`` in a fresh context and wait until it is loaded; with ``charts`` (how many the
    page shows) and ``wake``, also until the reader has woken each chart (:func:`wake_charts`,
    by tapping it with ``touch``, which makes a touch screen) and it is live; with ``idle``,
    also until the network has been quiet for half a second (so that requests made by scripts
    after the load event are seen too).

    ``theme`` stores the reader's colour-mode choice where the theme keeps it (``localStorage``
    ``mode``, read by the theme's inline script before the page paints), as a returning reader
    who picked it with the theme switch would have it.
    """
    context = browser.new_context(
        java_script_enabled=javascript, viewport=viewport, has_touch=touch
    )
    if theme is not None:
        context.add_init_script(f"localStorage.setItem('mode', {theme!r});")
    found = Visit(context, context.new_page())

    def only_local(route: Any) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            found.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    def failed(request: Any) -> None:
        # With JavaScript off, Chromium cancels the theme's <link rel="preload" as="script">.
        if not javascript and request.resource_type == "script":
            return
        if not _is_local(request.url):
            return  # already reported as a request to another host
        found.problems.append(f"failed: {request.url} ({request.failure})")

    context.route("**/*", only_local)
    page = found.page
    page.on("console", lambda m: m.type == "error" and found.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda err: found.problems.append(f"page error: {err}"))
    page.on("request", lambda request: found.requests.append(request.url))
    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda r: r.status >= 400 and found.problems.append(f"HTTP {r.status}: {r.url}"),
    )
    page.goto(url, wait_until="load")
    if javascript and charts and wake:
        wake_charts(page, charts, touch=touch, timeout=timeout)
    if idle:
        page.wait_for_load_state("networkidle")
    return found


#: Paper of the print PDFs (``page.pdf``): A4, Chromium's default margins.
PRINT_FORMAT = "A4"
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def print_pdf(page: Any) -> bytes:
    """The page as printed (print media, ``_static/print.css``), as a PDF."""
    page.emulate_media(media="print")
    return page.pdf(format=PRINT_FORMAT, print_background=False)


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF written by Chromium has (its ``/Type /Page`` objects)."""
    return len(_PDF_PAGE.findall(pdf))


#: The colour-vision deficiencies Chromium emulates (CDP ``Emulation.setEmulatedVisionDeficiency``)
#: for ``make screenshots``: red-blind, green-blind and blue-blind.
VISION_DEFICIENCIES = ("protanopia", "deuteranopia", "tritanopia")


#: A full-page screenshot paints the whole page at once, but a chart box out of the viewport is
#: not painted (``content-visibility: auto``, which a reader scrolling never notices): paint them.
PAINT_EVERY_CHART = ".vega-chart { content-visibility: visible !important; }"


def full_page_png(page: Any, path: Path) -> None:
    """A full-page PNG of ``page`` as a reader scrolling through it sees every part."""
    page.add_style_tag(content=PAINT_EVERY_CHART)
    page.screenshot(path=str(path), full_page=True)


def built_charts(html_dir: Path, page_name: str) -> int:
    """How many chart boxes the built page holds. A page built for another package (its own
    pages, or the generic ones, where a chart the package cannot feed says so in words) need not
    have the charts the project's page sources call."""
    page = html_dir / f"{page_name}.html"
    return page.read_text(encoding="utf-8").count('class="vega-chart"') if page.is_file() else 0


def simulated_screenshots(
    browser: Any, base: str, page_name: str, width: int, out_dir: Path, charts: int
) -> list[Path]:
    """Full-page PNGs of a page, its ``charts`` woken, as a reader with each of
    :data:`VISION_DEFICIENCIES` sees it (light theme): ``<page>-<width>-<deficiency>.png``."""
    written = []
    shown = visit(
        browser,
        f"{base}/{page_name}.html",
        viewport={"width": width, "height": MOBILE["height"]},
        theme="light",
        charts=charts,
        idle=True,
    )
    try:
        cdp = shown.context.new_cdp_session(shown.page)
        for deficiency in VISION_DEFICIENCIES:
            cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": deficiency})
            name = f"{page_name.replace('/', '-')}-{width}-{deficiency}.png"
            full_page_png(shown.page, out_dir / name)
            written.append(out_dir / name)
        cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": "none"})
        cdp.detach()
    finally:
        shown.close()
    return written


def screenshots(
    html_dir: Path,
    out_dir: Path,
    widths: tuple[int, ...] = (DESKTOP["width"], MOBILE["width"]),
    themes: tuple[str, ...] = THEMES,
    root: Path = ROOT,
) -> list[Path]:
    """Full-page PNGs of every page at each width in each theme: ``<page>-<width>-<theme>.png``;
    of every page with a chart as seen with each colour-vision deficiency
    (:func:`simulated_screenshots`); and each page as printed: ``<page>-print.pdf``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(html_dir) as base, chromium() as browser:
        for page_name in site_pages(root):
            charts = built_charts(html_dir, page_name)
            for width in widths:
                viewport = {"width": width, "height": MOBILE["height"]}
                for theme in themes:
                    shown = visit(
                        browser,
                        f"{base}/{page_name}.html",
                        viewport=viewport,
                        theme=theme,
                        charts=charts,
                        idle=True,
                    )
                    try:
                        name = f"{page_name.replace('/', '-')}-{width}-{theme}.png"
                        full_page_png(shown.page, out_dir / name)
                        written.append(out_dir / name)
                    finally:
                        shown.close()
            if charts:
                for width in widths:
                    written += simulated_screenshots(
                        browser, base, page_name, width, out_dir, charts
                    )
            shown = visit(browser, f"{base}/{page_name}.html", idle=True)
            try:
                pdf = out_dir / f"{page_name.replace('/', '-')}-print.pdf"
                pdf.write_bytes(print_pdf(shown.page))
                written.append(pdf)
            finally:
                shown.close()
    return written

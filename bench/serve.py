"""A small static server that serves a built site the way a production host does.

* text (HTML, CSS, JS, JSON, SVG, XML, plain text) is gzip-compressed when the client accepts it;
* a URL with a fingerprint in its query (Sphinx's ``?v=<checksum>``, the theme's
  ``?digest=<hash>``) is cached for a year, since a new file always gets a new URL;
* everything else (pages, ``searchindex.js``, un-fingerprinted assets) must be revalidated
  (``no-cache`` with an ``ETag``; an unchanged file costs a ``304`` without a body);
* every response is counted (path, status, bytes on the wire), so the benchmark can measure
  what a visit actually transferred.

Run it alone with ``python bench/serve.py DIR [PORT]``; the benchmark starts it in a thread.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import mimetypes
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
    "application/xml",
    "text/xml",
}
FINGERPRINT_KEYS = ("v", "digest")
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@dataclass
class Hit:
    path: str
    status: int
    wire_bytes: int  # status line + headers + body, as sent


class Site:
    """One served directory, its compressed-file cache and its request log."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.log: list[Hit] = []
        self._lock = threading.Lock()
        self._gz: dict[tuple[Path, float], bytes] = {}

    def gzipped(self, path: Path, data: bytes) -> bytes:
        key = (path, path.stat().st_mtime)
        with self._lock:
            if key not in self._gz:
                # mtime=0: identical bytes for identical input, like a production pre-compressor.
                self._gz[key] = gzip.compress(data, compresslevel=6, mtime=0)
            return self._gz[key]

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.log.append(hit)

    def take_log(self) -> list[Hit]:
        with self._lock:
            hits, self.log = self.log, []
        return hits


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind == "application/javascript":
        kind = "text/javascript"
    return kind


def make_handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def end_headers(self) -> None:
            # Measure the header block before BaseHTTPRequestHandler flushes (and clears) it.
            self._sent_header_bytes = sum(len(line) for line in self._headers_buffer) + 2
            super().end_headers()

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            url_path = unquote(parts.path)
            target = (site.root / url_path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if site.root not in target.parents or not target.is_file():
                body = b"not found"
                self._reply(
                    404, {"Content-Type": "text/plain", "Content-Length": "9"}, body, url_path
                )
                return
            data = target.read_bytes()
            etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            query = parse_qs(parts.query)
            cache = LONG_CACHE if any(k in query for k in FINGERPRINT_KEYS) else REVALIDATE
            headers = {"Cache-Control": cache, "ETag": etag, "Vary": "Accept-Encoding"}
            if self.headers.get("If-None-Match") == etag:
                self._reply(304, headers, b"", url_path)
                return
            kind = content_type(target)
            headers["Content-Type"] = kind + ("; charset=utf-8" if kind.startswith("text/") else "")
            accepts_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
            if kind in COMPRESSIBLE and accepts_gzip:
                data = site.gzipped(target, data)
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(data))
            self._reply(200, headers, data, url_path)

        def _reply(self, status: int, headers: dict[str, str], body: bytes, url_path: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD" and body:
                self.wfile.write(body)
            status_line = len(f"HTTP/1.1 {status} XX\r\n")
            site.record(Hit(url_path, status, status_line + self._sent_header_bytes + len(body)))

    return Handler


class Server:
    """A threaded server for one site on 127.0.0.1, usable as a context manager."""

    def __init__(self, root: Path, port: int = 0):
        self.site = Site(root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.site))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        print("usage: python bench/serve.py DIR [PORT]", file=sys.stderr)
        return 2
    port = int(argv[1]) if len(argv) > 1 else 8000
    with Server(Path(argv[0]), port) as server:
        print(
            f"serving {os.path.abspath(argv[0])} on {server.url} (gzip, cache headers); Ctrl-C stops"
        )
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

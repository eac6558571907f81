"""The review desk's web app (Starlette): one page, and one POST route per action.

Safe by default: the app answers only requests for ``127.0.0.1``/``localhost`` (a DNS-rebinding
page cannot reach it), the page opens only with the token made at start (``?token=``, as the
command prints it), and every write carries the token in a header a cross-site form cannot set.
The page runs only the app's own scripts (a Content-Security-Policy without inline script), so a
package's text shows literally. Each action is one transaction of :mod:`explainer.package.actions`:
refused, it answers 422 with the validator's own messages and writes nothing; computed from a
version the folder no longer holds, 409.
"""

from __future__ import annotations

import hmac
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from explainer.package import ENV_DATA_DIR, ROOT, actions, store
from explainer.package.facts import load
from explainer.package.validate import status
from explainer.views import theme

from . import page

STATIC = Path(__file__).resolve().parent / "static"
#: The annotated article's stylesheet, shared with the site.
ARTICLE_CSS = ROOT / "_static" / "article.css"
TOKEN_HEADER = "X-Review-Token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class Desk:
    """The app's state: the package folder, the token and the preview's build folder."""

    def __init__(self, folder: Path, token: str, preview_out: Path | None = None):
        self.folder = Path(folder).resolve()
        self.token = token
        self.preview_out = preview_out or ROOT / "_build" / "review-preview"
        self.preview_html = self.preview_out / "_build" / "html"
        self.lock = threading.Lock()
        store.recover(self.folder)

        self._view: tuple[str, page.View] | None = None
        #: The view of the version last written, being made in the background.
        self._making: tuple[str, Future] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-view")

    def package(self) -> store.Package:
        return store.load(self.folder)

    def view(self, pkg: store.Package) -> page.View:
        """What the desk shows of this version of the package, made once per version, so
        moving between records costs nothing (one being made after a write is waited for)."""
        making = self._making
        if making is not None and making[0] == pkg.version:
            return making[1].result()
        if self._view is None or self._view[0] != pkg.version:
            self._view = (pkg.version, page.view(pkg))
        return self._view[1]

    def view_after(self, written: store.Written) -> page.View:
        """The view to answer a write with at once: its counts (the write's own validation) and
        the article as last marked, while the article's new marks are made in the background
        (re-marking a long article takes longer than the write); the page fetches them next."""
        version = written.package.version
        if self._view is None:  # no article marked yet to show meanwhile
            self._view = (version, page.view(written.package, written.result))
            return self._view[1]

        def make() -> page.View:
            made = page.view(written.package, written.result)
            self._view = (version, made)
            return made

        self._making = (version, self._pool.submit(make))
        return page.View(status(written.result), self._view[1].article, stale=True)


def _ok_token(desk: Desk, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), desk.token.encode())


def _form_int(form, name: str) -> int | None:
    value = form.get(name, "")
    return int(value) if str(value).strip().lstrip("-").isdigit() else None


def _need(form, *names: str) -> list:
    missing = [n for n in names if form.get(n) in (None, "")]
    if missing:
        raise store.StoreError(
            f"this action needs {', '.join(missing)}"
            + (": select words in the article first" if "start" in missing else "")
        )
    return [form[n] for n in names]


def run_action(pkg: store.Package, name: str, form) -> tuple[store.Written, str | None]:
    """Apply the action ``name`` with the form's values; return what was written and the record
    to show next (None: the next in the queue)."""
    version = form.get("version") or None
    table, rid = form.get("table", ""), form.get("id", "")
    start, end = _form_int(form, "start"), _form_int(form, "end")
    if name == "accept":
        return actions.accept(pkg, table, rid, version), None
    if name == "accept_all":
        refs = [tuple(r.split("/", 1)) for r in form.get("refs", "").split() if "/" in r]
        return actions.accept_all(pkg, refs, version), None
    if name == "reject":
        return actions.reject(pkg, table, rid, version), None
    if name in ("undo", "redo"):  # then the record the step changed, to see what it did
        w = (store.undo if name == "undo" else store.redo)(pkg, version)
        return w, w.entry["detail"].get("record") or form.get("current") or None
    if name == "set_span":
        _need(form, "start", "end")
        side = form.get("side") or "content"
        return actions.set_span(pkg, table, rid, start, end, side, version), f"{table}/{rid}"
    if name == "date_year":
        w = actions.date_year(pkg, rid, form.get("event", "1") != "0", version)
        return w, w.entry["detail"]["event"] or None  # the event's card, to check its label
    if name == "replace":
        _need(form, "start", "end")
        w = actions.replace(
            pkg, rid, start, end, form.get("actor", ""), form.get("mode", ""), version
        )
        return w, f"{table}/{rid}"
    if name == "change_speaker":
        # Another actor picked in the list wins (a selection left over from reading must not
        # make a new actor); else selected words name the speaker; else the list's actor.
        picked = form.get("actor", "")
        selected = start is not None and end is not None and end > start
        if selected and not (picked and picked != form.get("was", "")):
            w = actions.change_speaker(pkg, rid, "", start, end, version)
        else:
            w = actions.change_speaker(pkg, rid, picked, None, None, version)
        return w, f"{table}/{rid}"
    if name == "merge_actors":
        keep, drop = _need(form, "keep", "drop")
        # Back to the card the actor's was opened from (a statement it spoke), else the kept one.
        return actions.merge_actors(pkg, keep, drop, version), form.get("back") or f"actors/{keep}"
    if name == "merge_events":
        keep, drop = _need(form, "keep", "drop")
        return actions.merge_events(pkg, keep, drop, version), f"events/{keep}"
    if name == "split":
        _need(form, "start")
        w = actions.split(pkg, table, rid, start, end if end and end > start else None, version)
        return w, f"{table}/{rid}"
    if name == "add_statement":
        _need(form, "start", "end", "actor")
        w = actions.add_statement(
            pkg, start, end, form["actor"], form.get("mode") or "direct", version=version
        )
        return w, w.entry["detail"]["record"]
    if name == "add_figure":
        _need(form, "start", "end", "value", "unit")
        w = actions.add_figure(
            pkg, start, end, form["value"], form["unit"], form.get("hedge", ""), version=version
        )
        return w, w.entry["detail"]["record"]
    if name == "add_event":
        _need(form, "start", "end", "label")
        w = actions.add_event(
            pkg,
            start,
            end,
            form["label"],
            form.get("date_start", ""),
            form.get("date_end", ""),
            form.get("precision") or "unresolved",
            form.get("resolution") or "stated",
            form.get("note", ""),
            version=version,
        )
        return w, w.entry["detail"]["record"]
    if name == "edit":
        values = {k[2:]: v for k, v in form.items() if k.startswith("f_")}
        return actions.edit_fields(pkg, table, rid, values, version), f"{table}/{rid}"
    if name == "title":
        return actions.set_title(pkg, form.get("title", ""), version), form.get("current") or None
    if name == "settings":
        try:
            values = json.loads(form.get("settings") or "{}")
        except json.JSONDecodeError as exc:
            raise store.StoreError(f"settings: not JSON ({exc.msg}, column {exc.colno})") from exc
        if not isinstance(values, dict):
            raise store.StoreError("settings: give a JSON object of setting names and values")
        return actions.set_settings(pkg, values, version), form.get("current") or None
    raise store.StoreError(f"no action named {name!r}")


def next_in_queue(before: list[str], acted: str, after: list) -> str | None:
    """The record to show after ``acted`` left the queue: the first one after it in the queue
    as it was that is still there (the queue's first when none is), not the queue's top."""
    left = {item.ref for item in after}
    start = before.index(acted) + 1 if acted in before else 0
    return next((ref for ref in before[start:] if ref in left), after[0].ref if after else None)


def create_app(desk: Desk) -> Starlette:
    def guard(request: Request) -> Response | None:
        if not _ok_token(desk, request.headers.get(TOKEN_HEADER)):
            return PlainTextResponse(
                "refused: this write does not carry the review desk's token; nothing was written",
                status_code=403,
            )
        return None

    def html(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": CSP})

    async def index(request: Request) -> Response:
        if not _ok_token(desk, request.query_params.get("token")):
            return PlainTextResponse(
                "Open the address `python -m explainer review` printed (it carries the token).",
                status_code=403,
            )
        order = request.query_params.get("order", "confidence")
        pkg = desk.package()
        rec = request.query_params.get("rec")
        return html(page.page(pkg, desk.token, rec, order, desk.view(pkg)))

    async def desk_view(request: Request) -> Response:
        if (refused := guard(request)) is not None:
            return refused
        order = request.query_params.get("order", "confidence")
        pkg = desk.package()
        rec = request.query_params.get("rec")
        back = request.query_params.get("back", "")
        shown = await run_in_threadpool(desk.view, pkg)
        return html(page.desk(pkg, rec, order, shown=shown, back=back))

    async def action(request: Request) -> Response:
        if (refused := guard(request)) is not None:
            return refused
        form = await request.form()
        name = request.path_params["name"]
        order = form.get("order") or "confidence"
        with desk.lock:
            pkg = desk.package()
            before = [item.ref for item in page.queue(pkg, order)]
            try:
                written, current = run_action(pkg, name, form)
            except store.StaleWrite as exc:
                shown = page.desk(
                    pkg, form.get("current"), order, str(exc), True, shown=desk.view(pkg)
                )
                return html(shown, 409)
            except store.StoreError as exc:
                # A refused edit keeps what was typed in its form, for the editor to correct.
                typed = {k[2:]: v for k, v in form.items() if k.startswith("f_")}
                refused = tuple(exc.problems) if isinstance(exc, store.Refused) else ()
                confirm = page.confirm_years(name, dict(form), page.far_years(refused))
                shown = page.desk(
                    pkg,
                    form.get("current"),
                    order,
                    str(exc),
                    True,
                    typed,
                    desk.view(pkg),
                    refused,
                    confirm=confirm,
                )
                return html(shown, 422)
            acted = f"{form.get('table', '')}/{form.get('id', '')}"
            if current is None:  # accepted or rejected: on to the record after it
                current = next_in_queue(before, acted, page.queue(written.package, order))
            else:
                acted = ""
            entry = written.entry
            done = f"{entry['action']} {entry['detail'].get('record') or entry['detail'].get('of', '')}: written"
            if entry["detail"].get("drop"):  # a merge: both records named
                done += f" ({entry['detail']['drop']} merged into {entry['detail']['keep']})"
            if entry["detail"].get("removed"):  # what a reject took with it, each named
                done += "; also removed " + ", ".join(entry["detail"]["removed"])
            if entry["detail"].get("noted"):  # the notes left on quotation marks
                done += "; noted the quotation marks in " + ", ".join(entry["detail"]["noted"])
            shown = desk.view_after(written) if written.result else desk.view(written.package)
            return html(
                page.desk(written.package, current, order, done, shown=shown, previous=acted)
            )

    async def article(request: Request) -> Response:
        """The article with every record marked, for the version the folder holds (a desk
        answering a write fetches it once its marks are made)."""
        if (refused := guard(request)) is not None:
            return refused
        pkg = desk.package()
        shown = await run_in_threadpool(desk.view, pkg)
        rec = request.query_params.get("rec") or None
        return html(page.mark_current(shown.article, rec if rec and "/" in rec else None))

    async def theme_css(request: Request) -> Response:
        try:
            facts = load(desk.folder)
        except Exception:  # noqa: BLE001 - an invalid package still gets the default colours
            facts = None
        return Response(theme.css(facts), media_type="text/css")

    async def article_css(request: Request) -> Response:
        return FileResponse(ARTICLE_CSS, media_type="text/css")

    async def preview(request: Request) -> Response:
        if not _ok_token(desk, request.query_params.get("token")):
            return PlainTextResponse("Open the preview from the review page.", status_code=403)
        built = await run_in_threadpool(build_preview, desk)
        if built is None:
            return PlainTextResponse(
                f"The preview build failed; its log is {desk.preview_out}/build.log",
                status_code=500,
            )
        return html('<meta http-equiv="refresh" content="0; url=preview/book/article.html">')

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", index),
        Route("/favicon.ico", no_icon),
        Route("/desk", desk_view),
        Route("/article", article),
        Route("/action/{name}", action, methods=["POST"]),
        Route("/theme.css", theme_css),
        Route("/static/article.css", article_css),
        Route("/preview", preview),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Mount("/preview", StaticFiles(directory=desk.preview_html, html=True, check_dir=False)),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])]
    return Starlette(routes=routes, middleware=middleware)


def build_preview(desk: Desk) -> Path | None:
    """Build the site from the package into the preview folder (the only write outside it)."""
    out = desk.preview_out
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, ENV_DATA_DIR: str(desk.folder)}
    log = out / "build.log"
    with log.open("w", encoding="utf-8") as f:
        done = subprocess.run(
            [sys.executable, "-m", "explainer", "build", str(ROOT), "--path-output", str(out)],
            cwd=ROOT,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode or not desk.preview_html.is_dir():
        return None
    return desk.preview_html

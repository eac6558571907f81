"""Shared by the review desk's tests: the bridge example drafted, and the desk served."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "draft-example"
#: How the README drafts the bridge example (make draft ... DATE= TITLE= OUTLET= AUTHOR=).
META = {
    "date": "2025-03-19",
    "title": "City council approves new river bridge after months of debate",
    "outlet": "The Riverside Courier",
    "author": "Sam Writer",
}


def draft_into(out: Path) -> Path:
    """Draft docs/draft-example/article.txt into ``out``, as the README's command does."""
    from explainer.draft import assemble, run

    meta = assemble.Meta(
        date=run.parse_date(META["date"]),
        title=META["title"],
        outlet=META["outlet"],
        author=META["author"],
        url="",
    )
    run.draft(EXAMPLE / "article.txt", out, meta)
    return out


def bridge_draft() -> Path:
    """The bridge example's draft as the README's command made it (docs/draft-example/draft/,
    read only: copy it). Committed, so the desk's tests do not move with the drafter's rules."""
    return EXAMPLE / "draft"


def copy_draft(target: Path) -> Path:
    shutil.copytree(bridge_draft(), target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(
    folder: Path, token: str = "test-token", preview_out: Path | None = None
) -> Iterator[str]:
    """The review desk on ``folder`` in a thread; yields its address with the token."""
    import uvicorn

    from explainer.review.app import Desk, create_app

    port = free_port()
    desk = Desk(folder, token, preview_out)
    server = uvicorn.Server(
        uvicorn.Config(create_app(desk), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the review desk did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/?token={token}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def package_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a package but its journal, by name."""
    return {
        p.name: p.read_bytes()
        for p in sorted(Path(folder).iterdir())
        if p.is_file() and p.name != "journal.jsonl"
    }

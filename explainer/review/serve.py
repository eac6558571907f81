"""``python -m explainer review DIR [--port N] [--no-browser]``: start the review desk.

It binds to 127.0.0.1 only, makes a token for this run (every write needs it) and prints the
address with the token, as ``jupyter lab`` does; with a browser, it opens that address.
"""

from __future__ import annotations

import secrets
import threading
import webbrowser
from pathlib import Path

from explainer.package import DESCRIPTOR

from .app import Desk, create_app

HOST = "127.0.0.1"


def serve(folder: Path, port: int = 8765, browser: bool = True) -> int:
    import uvicorn

    folder = Path(folder)
    if not (folder / DESCRIPTOR).is_file():
        print(f"error: {folder}: no {DESCRIPTOR}; draft a package there first (make draft)")
        return 2
    token = secrets.token_urlsafe(24)
    desk = Desk(folder, token)
    url = f"http://{HOST}:{port}/?token={token}"
    print(
        f"Review desk for {folder}: {url}\n(Ctrl-C stops it; every change is in {folder}/journal.jsonl)"
    )
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(create_app(desk), host=HOST, port=port, log_level="warning")
    return 0

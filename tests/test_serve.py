"""`make serve`: PORT= chooses the port; a port in use fails with a message naming a free one."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<p>the preview</p>", encoding="utf-8")
    return site


def test_a_taken_port_fails_with_a_clear_message(tmp_path):
    site = _site(tmp_path)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = subprocess.run(
            ["make", "-s", "serve", f"SERVE_DIR={site}", f"PORT={port}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stdout + proc.stderr
    message = re.search(
        rf"cannot serve on 127\.0\.0\.1:{port}: .*make serve PORT=(\d+)", proc.stderr
    )
    assert message, proc.stderr
    assert int(message[1]) != port


def test_serve_takes_the_port_given_and_says_where(tmp_path):
    site = _site(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        ["make", "-s", "serve", f"SERVE_DIR={site}", f"PORT={port}"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # make and the server it starts, stopped together below
    )
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as reply:
            assert b"the preview" in reply.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_refuses_a_folder_without_a_site(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "serve", str(tmp_path), "--port", "0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "run 'make book'" in proc.stderr

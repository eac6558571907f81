"""The pages as notebooks: open, run and save them the way JupyterLab does.

* `make lab` starts a JupyterLab whose default viewer for Markdown is jupytext's notebook,
  and whose contents API serves book/*.md as notebooks;
* every page runs top to bottom in a fresh kernel whose working directory is book/, with
  the environment a JupyterLab kernel has (JPY_SESSION_NAME), and its charts come out of
  Altair's widget renderer with vega inside the widget (offline), not the book's renderer;
  and in JupyterLab itself, in Chromium with every other host blocked, a page's charts are
  drawn and nothing is asked of another host;
* saving the executed notebook through jupytext's contents manager (what JupyterLab's
  save does) writes back the page byte for byte: no outputs, no metadata churn; and so
  does a plain jupytext read → write of every page.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupytext import TextFileContentsManager
from jupytext.cli import jupytext as jupytext_cli
from nbclient import NotebookClient

from explainer.views import render

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAGES = sorted(path.stem for path in BOOK.glob("*.md"))
KERNEL = "python3"
#: A code cell that shows a chart calls a function of explainer.views.charts (see README).
CHART_CELL = re.compile(r"^\s*charts\.\w+\(", re.MULTILINE)
#: Kernels at once: the machines have two cores.
PARALLEL = 2


def test_every_page_is_found():
    assert len(PAGES) >= 2 and "index" in PAGES


# ---------------------------------------------------------------------------------------
# Round trip through jupytext, as the command line does it (book/jupytext.toml applies)


@pytest.mark.parametrize("page", PAGES)
def test_jupytext_round_trip_is_byte_identical(page, tmp_path):
    out = tmp_path / f"{page}.md"
    jupytext_cli(["--quiet", "--to", "myst", "--output", str(out), str(BOOK / f"{page}.md")])
    assert out.read_bytes() == (BOOK / f"{page}.md").read_bytes()


# ---------------------------------------------------------------------------------------
# Run every page as JupyterLab would, then save it as JupyterLab would


def _lab_kernelspec() -> dict[str, str]:
    """The kernelspec JupyterLab writes into a notebook it ran (NotebookPanel._updateSpec)."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    return {"name": KERNEL, "display_name": spec.display_name, "language": spec.language}


async def _run_and_save(page: str, manager: TextFileContentsManager, gate: asyncio.Semaphore):
    async with gate:
        model = manager.get(f"{page}.md", type="notebook", content=True)
        nb = nbformat.from_dict(model["content"])
        env = {k: v for k, v in os.environ.items() if k != render.ENV_RENDERER}
        # jupyter_server gives each notebook kernel the notebook's path in JPY_SESSION_NAME.
        env[render.ENV_JUPYTER_SESSION] = str(BOOK / f"{page}.md")
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=120,
            resources={"metadata": {"path": str(BOOK)}},  # the kernel's cwd: book/
        )
        await client.async_execute(env=env)
    nb.metadata["kernelspec"] = _lab_kernelspec()
    manager.save({"type": "notebook", "format": "json", "content": nb}, f"{page}.md")
    return nb


@pytest.fixture(scope="session")
def lab_runs(tmp_path_factory) -> dict[str, tuple[nbformat.NotebookNode, bytes]]:
    """Every page executed like in JupyterLab, and the bytes that saving it wrote."""
    workdir = tmp_path_factory.mktemp("lab") / "book"
    shutil.copytree(BOOK, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    manager = TextFileContentsManager(root_dir=str(workdir))

    async def run_all():
        gate = asyncio.Semaphore(PARALLEL)
        return await asyncio.gather(*(_run_and_save(page, manager, gate) for page in PAGES))

    # In a thread of its own: another session fixture (Playwright's sync API, in
    # test_build.py) may already run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        notebooks = pool.submit(asyncio.run, run_all()).result()
    return {
        page: (nb, (workdir / f"{page}.md").read_bytes())
        for page, nb in zip(PAGES, notebooks, strict=True)
    }


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_top_to_bottom_in_a_lab_kernel(lab_runs, page):
    nb, _ = lab_runs[page]
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{page} has no code cell"
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"{page}: {output.get('ename')}"
            assert output.get("name") != "stderr", f"{page}: stderr: {output.get('text')}"


#: What a chart cell shows in JupyterLab: a widget (Altair's JupyterChart, an anywidget).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("page", PAGES)
def test_charts_are_offline_widgets_in_jupyterlab(lab_runs, page):
    nb, _ = lab_runs[page]
    for cell in nb.cells:
        if cell.cell_type != "code" or not CHART_CELL.search(cell.source):
            continue
        results = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        assert len(results) == 1, f"{page}: {cell.source!r} shows {len(results)} outputs"
        data = results[0]["data"]
        # IPython adds a text/plain repr to every result; the rest is the widget's view.
        assert set(data) - {"text/plain"} == {WIDGET_VIEW}, f"{page}: {cell.source!r}"
        assert data[WIDGET_VIEW]["model_id"]


def test_some_page_shows_a_chart(lab_runs):
    # Keeps the renderer test meaningful: the pages must have chart cells to check.
    sources = [cell.source for nb, _ in lab_runs.values() for cell in nb.cells]
    assert sum(len(CHART_CELL.findall(source)) for source in sources) >= 1


@pytest.mark.parametrize("page", PAGES)
def test_saving_from_jupyterlab_gives_back_the_page(lab_runs, page):
    nb, saved = lab_runs[page]
    # The notebook that was saved did carry outputs and the lab's kernel metadata ...
    assert any(cell.get("outputs") for cell in nb.cells)
    assert "language_info" in nb.metadata
    # ... and none of it reached the file.
    assert saved == (BOOK / f"{page}.md").read_bytes()


# ---------------------------------------------------------------------------------------
# `make lab`: JupyterLab opens the pages as notebooks


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """`make lab` on a free local port, with a scratch user config; stopped afterwards."""
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = _free_port(), "explainer-test"
    env = {
        **os.environ,
        # The user's own settings must not decide the outcome.
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    env.pop("JUPYTER_CONFIG_PATH", None)
    # A notebook opened by a test must never be saved back into book/.
    docmanager = home / "settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text('{"autosave": false}', encoding="utf-8")
    # expose_app_in_browser: window.jupyterapp, so a test can run a notebook's cells.
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
        " --LabApp.expose_app_in_browser=True"
    )
    # -o: treat the venv as up to date; a test must not reinstall packages.
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: make and jupyter stop together
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"make lab exited {process.returncode}:\n{process.stdout.read()}")
            try:
                _get_json(f"{base}/api/status", token)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within 60 s")
                time.sleep(0.3)
        yield base, token
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.stdout.close()


def test_make_lab_opens_markdown_as_jupytext_notebooks(lab_server):
    base, token = lab_server
    settings = _get_json(f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin", token)
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
    # JupyterLab picks the viewer by file type: MyST pages are "markdown" (.md) or "myst".
    assert viewers.get("markdown") == "Jupytext Notebook"
    assert viewers.get("myst") == "Jupytext Notebook"


def test_make_lab_serves_the_pages_as_notebooks(lab_server):
    base, token = lab_server
    listing = _get_json(f"{base}/api/contents", token)
    names = {item["name"] for item in listing["content"]}
    assert {f"{page}.md" for page in PAGES} <= names  # the lab opens in book/
    model = _get_json(f"{base}/api/contents/{PAGES[0]}.md?type=notebook&content=1", token)
    assert model["type"] == "notebook"
    cells = model["content"]["cells"]
    assert any(cell["cell_type"] == "code" for cell in cells)
    assert model["content"]["metadata"]["kernelspec"] == _lab_kernelspec()


#: A page with several charts, run in JupyterLab in the browser test below.
LAB_PAGE = "numbers"


def test_a_page_run_in_jupyterlab_draws_its_charts_asking_no_other_host(lab_server, chromium):
    """JupyterLab in Chromium with every request to another host aborted and recorded: the
    page's cells run in a lab kernel, each chart is drawn (vega from inside its widget), and
    nothing, the lab's own assets included, came from anywhere but the local server."""
    from explainer.site import browser as web

    base, token = lab_server
    expected = web.expected_charts(f"book/{LAB_PAGE}")
    assert expected >= 2
    shown = web.visit(chromium, f"{base}/lab/tree/{LAB_PAGE}.md?token={token}", timeout=60_000)
    try:
        page = shown.page
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext",
            timeout=60_000,
        )
        # The whole notebook read and its kernel started; then run every cell (not awaited:
        # the command's promise waits on the lab's own bookkeeping).
        kernel = page.evaluate(
            """async () => {
                const panel = window.jupyterapp.shell.currentWidget;
                await panel.context.ready;
                await panel.sessionContext.ready;
                window.jupyterapp.commands.execute('notebook:run-all-cells');
                return panel.sessionContext.session.kernel.name;
            }"""
        )
        assert kernel == KERNEL
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-OutputArea-output svg.marks').length >= n",
            arg=expected,
            timeout=120_000,
        )
        outside = [p for p in shown.problems if p.startswith("request to another host")]
        assert outside == []
        assert any("/api/kernels" in url for url in shown.requests)  # it ran in a lab kernel
    finally:
        shown.close()

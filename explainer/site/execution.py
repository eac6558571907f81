"""Sphinx extension: execute the book's pages in parallel, and again exactly when their inputs change.

myst-nb's ``cache`` mode (``execute_notebooks: cache``) keys a page's stored outputs on its code
cells only.  Our pages' outputs also depend on the data they read and on this package's code, so
this extension decides, page by page, whether the stored outputs are still fresh, and runs the
stale pages itself, several kernels at a time, before Sphinx reads them.  Sphinx then reads every
page as usual, and myst-nb finds each page's outputs in jupyter-cache.

What a page depends on is recorded by the page's own kernel (:mod:`explainer.package.deps`): the data
files it read, and this package's modules it imported.  After a page runs, its record is kept in
``_build/.explainer_exec/state.json`` with the sha256 of each of those files, taken before the
page ran.  A page's outputs are fresh when

* jupyter-cache holds outputs for its current code cells (a changed code cell misses the cache),
  and they are the outputs this extension stored for it;
* every file in its record still has the recorded hash;
* the environment is the same: ``requirements.txt``, ``pyproject.toml``, the Python interpreter,
  the copy of this package that kernels import (``PYTHONPATH`` may point elsewhere), and any file
  in ``explainer/`` that is not a module (none today; counted for every page).

A page with no record (the first build, a lost state file, a kernel that never imported
:mod:`explainer`) counts as depending on every file in ``data/`` and ``explainer/``.  Anything
else is stale: its cache entry is removed and the page runs again.

Sphinx's own part of a page (the narrative, ``{rec}`` citations checked against the data, the
theme's asset checksums) is re-read when Sphinx thinks the page changed, and, for all pages,
when ``explainer/``, ``data/``, ``requirements.txt`` or a project ``_static`` file changed since
the last build that finished without a warning.  Re-reading a page whose outputs are fresh costs
no execution.  A build with warnings or errors leaves no "clean" mark, so the next build re-reads
every page and reports every warning again instead of passing because nothing looks out of date.

Only the ``cache`` execution mode is handled; a page that sets its own execution options in its
metadata, a kernel alias or an exclude pattern is left to myst-nb and, in ``cache`` mode, always
re-executed.  ``_build/.explainer_exec/last-build.json`` lists the pages that the last build read
and the pages it executed (the freshness test and ``make bench`` read it).

jupyter-cache matches outputs by code alone, so two pages with identical code cells would share
one cache entry; each would then find the other's record and run again on every build (never
stale, only slower).  No two pages of this book are alike.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from explainer import package
from explainer.package.deps import ENV_DEPS_FILE, PACKAGE_DIR
from explainer.package.facts import ENV_VALIDATION_CACHE
from explainer.site import inputs
from explainer.site import sphinx_pages as pages
from explainer.site.sphinx_ext import DRAWINGS_DIRNAME, WARNING_TYPE

logger = logging.getLogger(__name__)

STATE_DIRNAME = ".explainer_exec"
STATE_FILE = "state.json"
REPORT_FILE = "last-build.json"
STATE_VERSION = 1
#: Under the state folder: the package's validation, kept for the page kernels (see setup).
VALIDATION_DIRNAME = "validated"
#: myst-nb's jupyter-cache, next to the html output (its default when ``execute.cache`` is unset).
JUPYTER_CACHE_DIRNAME = ".jupyter_cache"


def reused_paths(build_dir: str = "_build") -> list[str]:
    """What a build reads back from an earlier one, relative to the project (for a build into
    ``build_dir``/html): the stored outputs, the record of what each page read, and the chart
    drawings. With them a build executes only the pages whose inputs changed; CI caches exactly
    these (.github/workflows/book.yml; tests/test_workflow.py checks). None can make a page
    stale: each page's record is checked against the files before its outputs are used, and a
    drawing is named by its chart's hash."""
    return [
        f"{build_dir}/{JUPYTER_CACHE_DIRNAME}",
        f"{build_dir}/{STATE_DIRNAME}/{STATE_FILE}",
        f"{build_dir}/{DRAWINGS_DIRNAME}",
    ]


_sha = inputs.sha256_file
_files = inputs.files_under
_digest = inputs.digest_pairs
#: Folders of explainer/ that only Sphinx's side of a page uses (static files, templates, the
#: generic pages' sources, which jupyter-cache keys on their code): a change there re-reads
#: every page but executes none.
SPHINX_ONLY_DIRS = {"static", "templates", "pages"}


class Snapshot:
    """sha256 of the files that pages may depend on, taken once per build before anything runs."""

    def __init__(self, root: Path, static_dirs: list[Path], data_dir: Path | None = None):
        self.root = root
        self._sha: dict[str, str | None] = {}
        # The data package actually built (``EXPLAINER_DATA_DIR`` may point outside the
        # project), and this package's code: the inputs a page's kernel may read.
        data_dir = Path(data_dir or root / "data").resolve()
        self.tracked = _files(root / "explainer") + _files(data_dir)
        for path in self.tracked:
            self.sha(self.key(path))
        self.environment = _digest(
            inputs.environment_pairs(root, data_dir)
            # Which copy of this package its kernels import: PYTHONPATH or an editable
            # install can point a build at another checkout, whose files differ.
            + [("package", self.key(PACKAGE_DIR))]
            + [
                (self.key(p), self.sha(self.key(p)))
                for p in _files(root / "explainer")
                if p.suffix != ".py"
                and not SPHINX_ONLY_DIRS & set(p.relative_to(root / "explainer").parts[:-1])
            ]
        )
        # Everything Sphinx's side of a page can depend on beyond what Sphinx tracks itself.
        static = [f for d in static_dirs for f in _files(d)]
        self.sphinx = _digest(
            [("environment", self.environment)]
            + [(self.key(p), self.sha(self.key(p))) for p in self.tracked + static]
        )

    def key(self, path: Path | str) -> str:
        """A path as stored in the state: relative to the project when inside it."""
        path = Path(os.path.abspath(path))
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def sha(self, key: str) -> str | None:
        if key not in self._sha:
            path = Path(key) if os.path.isabs(key) else self.root / key
            self._sha[key] = _sha(path)
        return self._sha[key]

    def everything(self) -> dict[str, str | None]:
        return {self.key(p): self.sha(self.key(p)) for p in self.tracked}


@dataclass
class State:
    """What the last builds executed, per page, and whether the last build finished clean."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    sphinx: str | None = None  # Snapshot.sphinx of the last build without warnings

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return cls()
        return cls(pages=dict(data.get("pages") or {}), sphinx=data.get("sphinx"))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": STATE_VERSION, "sphinx": self.sphinx, "pages": self.pages}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)


def stale_inputs(record: dict[str, Any] | None, snapshot: Snapshot) -> list[str]:
    """Why a page's stored outputs are stale, judged from its record alone ([] = fresh)."""
    if not record:
        return ["no record of what it read"]
    if not record.get("notebook", True):
        return []
    if record.get("environment") != snapshot.environment:
        return ["the environment changed"]
    return [
        key for key, sha in sorted(record.get("inputs", {}).items()) if snapshot.sha(key) != sha
    ]


def inputs_from_deps(
    deps: dict[str, list[str]] | None, snapshot: Snapshot
) -> dict[str, str | None]:
    """The record of a page from what its kernel reported (everything if it reported nothing)."""
    if deps is None:
        return snapshot.everything()
    keys = {snapshot.key(p) for p in deps.get("data", []) + deps.get("modules", [])}
    return {key: snapshot.sha(key) for key in sorted(keys)}


# ---------------------------------------------------------------------------------------
# One build


@dataclass
class Job:
    docname: str
    path: Path
    notebook: Any  # nbformat.NotebookNode
    deps_file: Path
    seconds: float = 0.0
    error: str | None = None


class Build:
    """The state of the current build (one per Sphinx application)."""

    def __init__(self, app: Sphinx):
        self.app = app
        self.dir = Path(app.outdir).parent / STATE_DIRNAME
        self.state = State.load(self.dir / STATE_FILE)
        root = Path(app.confdir).resolve()
        build_dir = Path(app.outdir).resolve().parent
        # The project's own static folders; not those the build generates under _build,
        # which follow from explainer/ and the installed packages, both already counted.
        static_dirs = [
            (root / d).resolve()
            for d in app.config.html_static_path
            if (root / d).resolve().is_relative_to(root)
            and not (root / d).resolve().is_relative_to(build_dir)
        ]
        self.snapshot = Snapshot(root, static_dirs, package.DATA_DIR)
        self.read: list[str] = []
        self.executed: dict[str, float] = {}

    def save(self) -> None:
        self.state.save(self.dir / STATE_FILE)


def _build(app: Sphinx) -> Build:
    build = getattr(app, "_explainer_execution", None)
    if build is None:
        build = Build(app)
        app._explainer_execution = build  # type: ignore[attr-defined]
    return build


def _cache_mode(env: BuildEnvironment) -> bool:
    config = getattr(env, "mystnb_config", None)
    return config is not None and config.execution_mode == "cache"


def _on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    build = _build(app)
    if not _cache_mode(env):
        return []
    candidates = sorted(env.found_docs - added - changed - removed)
    if build.state.sphinx != build.snapshot.sphinx:
        if candidates:
            logger.info(
                "explainer: explainer/, data/, the environment or _static changed, or the last"
                " build had warnings: reading the other %d pages again too",
                len(candidates),
            )
        return candidates
    outdated = []
    for docname in candidates:
        reasons = stale_inputs(build.state.pages.get(docname), build.snapshot)
        if reasons:
            logger.info("explainer: %s is out of date: %s", docname, ", ".join(reasons[:5]))
            outdated.append(docname)
    return outdated


def _eligible(env: BuildEnvironment, path: Path, notebook: Any) -> bool:
    """True when myst-nb would run this notebook exactly as we do (see the module docstring)."""
    config = env.mystnb_config
    if config.kernel_rgx_aliases or config.metadata_key in notebook.metadata:
        return False
    posix = PurePosixPath(path.as_posix())
    return not any(posix.match(pattern) for pattern in config.execution_excludepatterns)


def _on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build = _build(app)
    build.read = sorted(docnames)
    if not _cache_mode(env) or not docnames:
        return
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(env.mystnb_config.execution_cache_path or ".jupyter_cache")
    jobs: list[Job] = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        text = pages.page_text(docname, path)
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None:
            build.state.pages[docname] = {"notebook": False}
            continue
        notebook = reader.read(text)
        try:
            cached = cache.match_cache_notebook(notebook)
        except KeyError:
            cached = None
        record = build.state.pages.get(docname)
        if not _eligible(env, path, notebook):
            # Left to myst-nb; without a record of its inputs it can never be trusted as fresh.
            build.state.pages.pop(docname, None)
            if cached is not None:
                cache.remove_cache(cached.pk)
            continue
        fresh = (
            cached is not None
            and record is not None
            and record.get("cache_pk") == cached.pk
            and not stale_inputs(record, build.snapshot)
        )
        if fresh:
            continue
        if cached is not None:
            cache.remove_cache(cached.pk)
        deps_file = build.dir / "deps" / f"{docname}.json"
        jobs.append(Job(docname, path, notebook, deps_file))
    if not jobs:
        return
    _execute(app, env, jobs)
    for job in jobs:
        if job.error is not None:
            # Named here, since myst-nb's own report does not say what went wrong; myst-nb
            # then runs the page again while reading and fails the build as usual.
            logger.warning(
                "explainer: executing %s failed: %s",
                job.docname,
                job.error,
                type=WARNING_TYPE,
                subtype="execution",
            )
            build.state.pages.pop(job.docname, None)
            continue
        from jupyter_cache.base import CacheBundleIn

        stored = cache.cache_notebook_bundle(
            CacheBundleIn(job.notebook, str(job.path), data={"execution_seconds": job.seconds}),
            check_validity=False,
            overwrite=True,
        )
        deps = None
        if job.deps_file.is_file():
            deps = json.loads(job.deps_file.read_text(encoding="utf-8"))
        build.state.pages[job.docname] = {
            "notebook": True,
            "cache_pk": stored.pk,
            "environment": build.snapshot.environment,
            "inputs": inputs_from_deps(deps, build.snapshot),
            "seconds": round(job.seconds, 2),
        }
        build.executed[job.docname] = job.seconds
    build.save()


def ipc_kernel_config(socket_dir: str) -> Any:
    """Configuration for a kernel that talks to the build over Unix sockets in ``socket_dir``
    instead of TCP on localhost: no port is opened to other users of the machine, and the
    kernel has no reason to warn that it "is running over TCP without encryption" (which it
    prints, one line per page, on every TCP start). ``socket_dir`` must be private to the
    kernel and short (a socket path has at most 107 bytes)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(socket_dir, "k")}})


def jobs_limit(app: Sphinx, count: int) -> int:
    configured = int(app.config.explainer_execution_jobs or 0)
    return max(1, min(count, configured or os.cpu_count() or 1))


def _execute(app: Sphinx, env: BuildEnvironment, jobs: list[Job]) -> None:
    """Run every job's notebook, ``explainer_execution_jobs`` kernels at a time."""
    import asyncio

    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient

    config = env.mystnb_config
    limit = jobs_limit(app, len(jobs))
    logger.info(
        "explainer: executing %d page(s), %d at a time: %s",
        len(jobs),
        limit,
        ", ".join(j.docname for j in jobs),
    )

    async def run(job: Job, gate: asyncio.Semaphore) -> None:
        async with gate:
            timeout, allow_errors = config.execution_timeout, config.execution_allow_errors
            overrides = job.notebook.metadata.get("execution", {})
            timeout = overrides.get("timeout", timeout)
            allow_errors = overrides.get("allow_errors", allow_errors)
            job.deps_file.parent.mkdir(parents=True, exist_ok=True)
            job.deps_file.unlink(missing_ok=True)
            kernel_env = dict(os.environ, **{ENV_DEPS_FILE: str(job.deps_file)})
            with (
                tempfile.TemporaryDirectory() as tmp,
                tempfile.TemporaryDirectory(prefix="kernel-") as sockets,
            ):
                cwd = tmp if config.execution_in_temp else str(job.path.parent)
                client = NotebookClient(
                    job.notebook,
                    timeout=timeout,
                    allow_errors=allow_errors,
                    record_timing=False,
                    # The outputs are in and the page's record was written after its last
                    # cell (explainer/package/deps.py): a graceful shutdown would only wait,
                    # 1 to 2 s a page, for the kernel's interpreter to tear itself down.
                    shutdown_kernel="immediate",
                    resources={"metadata": {"path": cwd}},
                    config=ipc_kernel_config(sockets),
                )
                start = time.perf_counter()
                try:
                    await client.async_execute(env=kernel_env)
                except Exception as err:  # a failing cell, a timeout, a dead kernel
                    # CellExecutionError carries the cell's exception: "ValueError: ...".
                    ename, evalue = getattr(err, "ename", ""), getattr(err, "evalue", "")
                    job.error = f"{ename}: {evalue}" if ename else type(err).__name__
                job.seconds = time.perf_counter() - start
            finished.append(job.docname)
            logger.info(
                "explainer: executed %s in %.1f s (%d of %d, %d to go)",
                *(job.docname, job.seconds, len(finished), len(jobs), len(jobs) - len(finished)),
            )

    finished: list[str] = []  # progress, as each page finishes

    async def run_all() -> None:
        gate = asyncio.Semaphore(limit)
        await asyncio.gather(*(run(job, gate) for job in jobs))

    run_sync(run_all)()


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    build = getattr(app, "_explainer_execution", None)
    if build is None:
        return
    clean = exception is None and getattr(app, "_warncount", 1) == 0
    build.state.sphinx = build.snapshot.sphinx if clean else None
    build.save()
    report = {
        "read": build.read,
        "executed": sorted(build.executed),
        "execution_seconds": {k: round(v, 2) for k, v in sorted(build.executed.items())},
        "clean": clean,
    }
    (build.dir / REPORT_FILE).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # The first load() of the build validates the package; the other extensions' calls and
    # every page's kernel (which inherits this environment) reuse that result while the
    # package's files are unchanged (explainer/package/facts.py).
    os.environ.setdefault(
        ENV_VALIDATION_CACHE,
        str(Path(app.outdir).resolve().parent / STATE_DIRNAME / VALIDATION_DIRNAME),
    )
    app.add_config_value("explainer_execution_jobs", 0, "env", [int])
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    # Last, so that warnings from other build-finished handlers count.
    app.connect("build-finished", _on_build_finished, priority=990)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

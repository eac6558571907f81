"""Record what a page's code read while it ran, so the build knows when its outputs go stale.

jupyter-cache keys an executed page only on its code cells, but a page's outputs also depend on
the data it read and on the code of this package.  :mod:`explainer.site.execution` starts each page's
kernel with ``EXPLAINER_DEPS_FILE`` set; in that kernel, importing :mod:`explainer` calls
:func:`install`, and from then on the kernel records

* ``datapackage.json`` and the article text whenever :func:`explainer.load` runs (every table's
  types come from the descriptor; every anchor is checked against the article);
* a table's CSV the first time the page reads that table, as ``facts.<name>`` or through
  ``facts.tables`` (see :class:`TrackedTables`).  ``load()`` validates the whole package, so
  every file decides whether the page builds at all; but the page's outputs depend only on the
  tables it reads, and a change that breaks validation fails the build when any page that reads
  the changed file is re-executed;
* any other file under ``data/`` that the process opens (a :func:`sys.addaudithook` hook), so a
  page that reads a file directly is tracked too.  Opens inside ``load()`` are not: that is
  what the two rules above describe more precisely;
* every module of this package that is imported.

After every cell (an IPython ``post_run_cell`` hook; ``atexit`` outside IPython) the record is
written to that file as JSON with paths made absolute; the build hashes them.  Without the
variable, :func:`install` does nothing and nothing is recorded.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from explainer.package import DATA_DIR

ENV_DEPS_FILE = "EXPLAINER_DEPS_FILE"
#: The explainer package (every module of it is recorded when imported).
PACKAGE_DIR = Path(__file__).resolve().parents[1]

_data_files: set[str] = set()
_suspended = 0
_installed = False

V = TypeVar("V")


def record(*paths: Path | str) -> None:
    """Note files that this process's outputs depend on."""
    for path in paths:
        _data_files.add(os.path.abspath(path))


@contextmanager
def suspended() -> Iterator[None]:
    """Do not record the files opened inside this block (``load()`` records its own reads)."""
    global _suspended
    _suspended += 1
    try:
        yield
    finally:
        _suspended -= 1


class TrackedTables(Mapping[str, V]):
    """A read-only mapping of table name to DataFrame that records each table read.

    Listing the names (``keys()``, ``in``, ``len``) reads no table; ``[name]``, ``get``,
    ``items()`` and ``values()`` record the file of each table they return.
    """

    def __init__(self, frames: Mapping[str, V], files: Mapping[str, Path]):
        self._frames = dict(frames)
        self._files = dict(files)
        self.read: set[str] = set()  # names of the tables read through this mapping

    def __getitem__(self, name: str) -> V:
        frame = self._frames[name]
        self.read.add(name)
        if name in self._files:
            record(self._files[name])
        return frame

    def __contains__(self, name: object) -> bool:
        return name in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __repr__(self) -> str:
        return f"TrackedTables({sorted(self._frames)})"


def _under(path: str, folder: Path) -> bool:
    return path.startswith(str(folder) + os.sep)


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or _suspended:
        return
    path = args[0]
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str):  # a file descriptor, or None
        return
    path = os.path.abspath(path)
    if _under(path, DATA_DIR):
        _data_files.add(path)


def modules() -> list[str]:
    """Files of this package's modules imported by this process."""
    found = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and _under(os.path.abspath(file), PACKAGE_DIR):
            found.add(os.path.abspath(file))
    return sorted(found)


def snapshot() -> dict[str, list[str]]:
    """What this process has read so far: data files and package modules (absolute paths)."""
    return {"data": sorted(_data_files), "modules": modules()}


def write(path: Path | str | None = None) -> None:
    """Write :func:`snapshot` as JSON to ``path`` (default: ``$EXPLAINER_DEPS_FILE``)."""
    target = path or os.environ.get(ENV_DEPS_FILE)
    if not target:
        return
    target = Path(target)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(snapshot(), indent=1) + "\n", encoding="utf-8")
    tmp.replace(target)


def install() -> bool:
    """Start recording if the build asked for it (``EXPLAINER_DEPS_FILE`` set); idempotent."""
    global _installed
    if _installed or not os.environ.get(ENV_DEPS_FILE):
        return _installed
    _installed = True
    sys.addaudithook(_on_audit)
    shell = None
    if "IPython" in sys.modules:
        shell = sys.modules["IPython"].get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", lambda *_: write())
    else:
        atexit.register(write)
    write()
    return True

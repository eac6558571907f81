"""Where the data lives and what its descriptor says: the one reader of ``datapackage.json``."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming another data package to use instead of ``data/`` (the build, the
#: loader, the citation role and the CLI all default to :data:`DATA_DIR`). The tests use it to build
#: the book from a fixture package.
ENV_DATA_DIR = "EXPLAINER_DATA_DIR"


def _data_dir_from_environment() -> Path:
    """The package :data:`ENV_DATA_DIR` names, relative to the working directory of the process
    that first imports this module (where ``make`` ran), else ``data/``.

    The variable is rewritten as an absolute path, so the processes this one starts see the same
    folder wherever they run: the page kernels run in ``book/``, where ``drafts/x`` or
    ``../my-article`` would name another folder, or none.
    """
    value = os.environ.get(ENV_DATA_DIR)
    if not value:
        return (ROOT / "data").resolve()
    path = Path(value).expanduser().resolve()
    os.environ[ENV_DATA_DIR] = str(path)
    return path


DATA_DIR = _data_dir_from_environment()
#: How to cite the book (Citation File Format); read by :mod:`explainer.views.cite`.
CFF_PATH = ROOT / "CITATION.cff"
#: The downloads folder of the built site (see explainer.views.export and explainer.site.sphinx_downloads).
DOWNLOADS_DIR = "downloads"
DESCRIPTOR = "datapackage.json"
#: The voice of the article's own words (outside quotation marks): every package has it, and its
#: actor is the publisher that ends every relay chain. Part of the schema, not of one article.
NARRATION = "narration"
ARTICLE_RESOURCE = "article"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible.

    ``row`` is the line number in the file (the header is line 1), or ``"-"`` when the problem is
    about the whole file. ``field`` is a column name, or ``"-"``. ``code`` is the problem's type,
    a key of :data:`explainer.package.checks.errors.CATALOGUE` (what it is and how to fix it); it
    takes no part in comparing problems.
    """

    file: str
    row: int | str
    field: str
    message: str
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.field}: {self.message}"


def display_path(data_dir: Path, name: str) -> str:
    """The path to show in messages: relative to the working directory when that is shorter."""
    path = Path(data_dir) / name
    try:
        rel = os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def read_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Parse ``datapackage.json``; a missing or malformed descriptor is a problem, not a crash."""
    path = Path(data_dir) / DESCRIPTOR
    shown = display_path(data_dir, DESCRIPTOR)
    if not path.is_file():
        return None, [Problem(shown, "-", "-", "file is missing")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(shown, "-", "-", f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
        ]
    if not text.strip():
        return None, [Problem(shown, "-", "-", "file is empty")]
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [
            Problem(shown, exc.lineno, "-", f"invalid JSON: {exc.msg} (column {exc.colno})")
        ]
    problems = []
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(shown, "-", "resources", "the descriptor has no list of resources")]
    for i, res in enumerate(descriptor["resources"]):
        if not isinstance(res, dict) or not res.get("name") or not res.get("path"):
            problems.append(
                Problem(shown, "-", f"resources[{i}]", "a resource needs a name and a path")
            )
        elif res.get("schema") is not None and not isinstance(res["schema"].get("fields"), list):
            problems.append(
                Problem(shown, "-", f"resources[{i}].schema", "schema has no fields list")
            )
    return (None if problems else descriptor), problems


#: Every table a package may have, with its Table Schema: generated from this project's
#: ``data/datapackage.json`` by ``python -m explainer dictionary`` (tests check it is current),
#: and shipped with the package, so that a package leaving a table out still loads it, empty.
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"


def canonical_tables() -> list[dict]:
    """The tables of the data contract, as ``{"name", "path", "schema"}`` resources."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["resources"]


def schema_text(descriptor: dict) -> str:
    """The contents of :data:`SCHEMA_PATH` for a descriptor: its tables' names, paths, schemas."""
    resources = [
        {"name": r["name"], "path": r["path"], "schema": r["schema"]} for r in tables(descriptor)
    ]
    return json.dumps({"resources": resources}, indent=1, ensure_ascii=False) + "\n"


def tables(descriptor: dict) -> list[dict]:
    """The tabular resources, in descriptor order."""
    return [r for r in descriptor["resources"] if r.get("schema")]


def article_resource(descriptor: dict) -> dict | None:
    return next((r for r in descriptor["resources"] if r["name"] == ARTICLE_RESOURCE), None)


#: The article resource's own rights entry. Under the Data Package spec a resource without its own
#: ``licenses`` inherits the package's, and the package's open licence covers our annotations only:
#: the article's text is the publisher's, so its resource says so in a field machines read.
ARTICLE_RIGHTS = {
    "name": "publisher-rights-reserved",
    "title": (
        "All rights reserved by the publisher: the article's text is reproduced for analysis and "
        "commentary and is under no open licence"
    ),
}


def with_article_rights(descriptor: dict) -> dict:
    """``descriptor`` with :data:`ARTICLE_RIGHTS` as the article resource's licence wherever the
    resource declares none of its own (a copy; the argument is left as it is)."""
    out = json.loads(json.dumps(descriptor))
    article = article_resource(out)
    if article is not None and not article.get("licenses"):
        article["licenses"] = [dict(ARTICLE_RIGHTS)]
    return out


def anchored(resource: dict) -> bool:
    """True for tables whose rows carry a span anchor into the article."""
    names = {f["name"] for f in resource["schema"]["fields"]}
    return {"start", "end", "exact"} <= names

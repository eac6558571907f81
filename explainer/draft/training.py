"""Training data for the attribution tagger: PolNeAR's brat standoff to spaCy ``DocBin`` files.

PolNeAR is univocal: every token is a source, a cue, a content or none, in at most one
attribution. So one attribution corpus becomes one entity layer per paragraph (labels ``SOURCE``,
``CUE``, ``CONTENT``) that spaCy's ``ner`` learns as BILUO tags; ``tagged.py`` links the tagged
spans back into attributions.

    python -m explainer.draft.training convert SPLIT_DIR OUT.spacy [HELD_OUT.spacy]
    python -m explainer.draft.training install TRAINED_DIR explainer/draft/model/weights

SPLIT_DIR is a PolNeAR split (``text/NAME.txt``, ``attributions/NAME_ANNOTATOR.ann``); the first
annotator's file in name order is the gold, as in PolNeAR's ``score.py``. The output is a scratch
file: it holds PolNeAR text and must stay out of the repository. With HELD_OUT, every
``HOLD_EVERY``-th article (name order) goes there instead: training stops early and keeps its
best weights by the score on that slice of train, so dev is only ever used to measure.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from explainer.package import scan

#: One article in this many (name order) is held out of training to choose the weights on.
HOLD_EVERY = 20
ROLES = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT"}
Ranges = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    """One annotated attribution: each role as character ranges into the article."""

    content: Ranges
    cue: Ranges = field(default_factory=list)
    source: Ranges = field(default_factory=list)


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat standoff file (those with a content)."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offs = parts[1].partition(" ")
            ranges = [tuple(map(int, r.split())) for r in offs.split(";")]
            spans[parts[0]] = (kind, ranges)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(p.split(":", 1) for p in parts[1].split()))
    out = []
    for roles in events:

        def get(role, roles=roles):
            tid = roles.get(role)
            return list(spans[tid][1]) if tid in spans else []

        if get("Content"):
            out.append(GoldAttribution(get("Content"), get("Cue"), get("Source")))
    return out


def articles(split: Path):
    """(name, text, gold attributions) for every annotated article of a split, in name order."""
    for txt in sorted((split / "text").glob("*.txt")):
        anns = sorted((split / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            yield txt.stem, txt.read_text(encoding="utf-8"), read_ann(anns[0])


def labelled_spans(gold: list[GoldAttribution]) -> list[tuple[int, int, str]]:
    """Every role range as (start, end, label), article offsets."""
    out = []
    for g in gold:
        for role, label in (("source", "SOURCE"), ("cue", "CUE"), ("content", "CONTENT")):
            out.extend((s, e, label) for s, e in getattr(g, role))
    return out


def paragraph_docs(nlp, text: str, gold: list[GoldAttribution]):
    """One ``Doc`` per paragraph with the gold roles as entities (overlaps: the longer wins)."""
    from spacy.util import filter_spans

    labelled = labelled_spans(gold)
    for ps, pe in scan.paragraphs(text):
        doc = nlp.make_doc(text[ps:pe])
        spans = []
        for s, e, label in labelled:
            s, e = max(s, ps), min(e, pe)
            if e <= s:
                continue
            span = doc.char_span(s - ps, e - ps, label=label, alignment_mode="expand")
            if span is not None and span.text.strip():
                spans.append(span)
        doc.ents = filter_spans(spans)
        yield doc


def convert(split: Path, out: Path, held_out: Path | None = None) -> tuple[int, int]:
    """Write the split's paragraphs to ``out`` (and one article in ``HOLD_EVERY`` to
    ``held_out`` when given); returns the two paragraph counts."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    bins = (DocBin(store_user_data=False), DocBin(store_user_data=False))
    counts = [0, 0]
    for i, (_name, text, gold) in enumerate(articles(split)):
        which = int(held_out is not None and i % HOLD_EVERY == HOLD_EVERY - 1)
        for doc in paragraph_docs(nlp, text, gold):
            bins[which].add(doc)
            counts[which] += 1
    for db, path in zip(bins, (out, held_out), strict=True):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            db.to_disk(path)
    return counts[0], counts[1]


def install(trained: Path, weights: Path) -> None:
    """Replace ``weights`` with the trained pipeline (``spacy train``'s model-last)."""
    import shutil

    if not (trained / "meta.json").is_file():
        sys.exit(f"{trained}: no trained pipeline (meta.json) here")
    from confection import Config

    shutil.rmtree(weights, ignore_errors=True)
    shutil.copytree(trained, weights)
    # The scratch paths of the training files mean nothing in the repository.
    cfg = Config().from_disk(weights / "config.cfg", interpolate=False)
    cfg["paths"].update(train=None, dev=None)
    cfg.to_disk(weights / "config.cfg")
    _prune_strings(weights)


def _prune_strings(weights: Path) -> None:
    """Keep only the English pipeline's own strings and the labels in the string table, so no
    word list of the training text ships (the tagger hashes words; it needs no table of them)."""
    import json

    import spacy

    from .pipeline import MODEL

    base = set(spacy.load(MODEL, exclude=["tagger", "parser", "ner", "lemmatizer"]).vocab.strings)
    path = weights / "vocab" / "strings.json"
    labels = {"SOURCE", "CUE", "CONTENT"}
    kept = [x for x in json.loads(path.read_text(encoding="utf-8")) if x in base or x in labels]
    path.write_text(json.dumps(kept), encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    arity = {"install": (3,), "convert": (3, 4)}
    if not args or len(args) not in arity.get(args[0], ()):
        sys.exit(__doc__)
    if args[0] == "convert":
        held = Path(args[3]) if len(args) == 4 else None
        n, h = convert(Path(args[1]), Path(args[2]), held)
        print(f"{n} paragraphs -> {args[2]}" + (f"; {h} held out -> {held}" if held else ""))
    else:
        install(Path(sys.argv[2]), Path(sys.argv[3]))

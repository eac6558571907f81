"""The trained attribution tagger, and the linking of its spans into attributions.

The tagger (``model/weights``, trained by ``make train-drafter``; see ``model/MODEL_CARD.md``)
labels each paragraph's tokens as ``SOURCE``, ``CUE`` or ``CONTENT`` spans. ``link`` joins them:
each content goes to the nearest cue of its paragraph, and each cue to its nearest source; the
content pieces of one cue ("“A,” he said, “B.”") become one content from the first piece to the last.

The component ``draft_tagged`` writes ``doc._.tagged`` (a list of ``reported.Attribution`` with
rule ``model``); ``draft_reported`` merges them with the rules' attributions.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

WEIGHTS = Path(__file__).parent / "model" / "weights"
#: How far (tokens) a content or source may sit from its cue and still be linked to it.
REACH = 60

if not Doc.has_extension("tagged"):
    Doc.set_extension("tagged", default=None)


@cache
def tagger(path: str = str(WEIGHTS)):
    """The trained tagger, loaded once per process; a clear error when the weights are missing."""
    import spacy

    if not Path(path, "meta.json").is_file():
        raise FileNotFoundError(
            f"{path}: no trained attribution tagger here; run `make train-drafter POLNEAR=...` "
            "or restore explainer/draft/model/weights from the repository"
        )
    return spacy.load(path)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens strictly between two token ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def link(spans: list[tuple[int, int, str]]) -> list[tuple[list, tuple | None, tuple | None]]:
    """Group labelled token ranges (start, end, label) into (contents, cue, source) triples.

    Each content goes to the nearest cue within ``REACH`` tokens (a cue before it wins a tie);
    each cue takes the nearest source its content does not cut off, and one source may serve
    several cues ("McCain said …, citing …"). A content with no cue near it stands alone.
    """
    cues = [(s, e) for s, e, lab in spans if lab == "CUE"]
    contents = [(s, e) for s, e, lab in spans if lab == "CONTENT"]
    sources = [(s, e) for s, e, lab in spans if lab == "SOURCE"]
    groups: dict[tuple | None, list] = {}
    alone = []
    for c in contents:
        near = [(_gap(c, q), q[0] > c[0], q) for q in cues if _gap(c, q) <= REACH]
        if near:
            groups.setdefault(min(near)[2], []).append(c)
        else:
            alone.append(c)
    out = []
    for cue, pieces in sorted(groups.items()):
        best = None
        for src in sources:
            # A source is not cut off from its cue by the content.
            if any(p[0] >= min(src[1], cue[1]) and p[1] <= max(src[0], cue[0]) for p in pieces):
                continue
            d = (_gap(src, cue), src[0] > cue[0])
            if d[0] <= REACH and (best is None or d < best[0]):
                best = (d, src)
        out.append((sorted(pieces), cue, best[1] if best else None))
    out.extend(([c], None, None) for c in alone)
    return sorted(out, key=lambda x: x[0][0])


def _copy(nlp, doc: Doc) -> Doc:
    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def _inside_one_quote(doc: Doc, span: tuple[int, int]) -> bool:
    return any(q.start <= span[0] and span[1] <= q.end for q in doc._.quotes)


def attributions(doc: Doc, tagged: Doc) -> list:
    """The linked attributions of ``tagged`` (a copy of ``doc``'s tokens), as paragraph offsets.

    A tagged cue with no tagged source takes its verb's subject from ``doc``'s parse (as the
    rules do), unless that subject lies inside the content or the cue inside a quotation: on PolNeAR dev this drafts 42 more
    of the tagger's attributions, F1 0.716 → 0.722 (``reported.merged``)."""
    from .reported import PRONOUNS, Attribution, _quoted, _source_span, _subject

    def char(r):
        return (doc[r[0]].idx, doc[r[1] - 1].idx + len(doc[r[1] - 1])) if r else None

    spans = [(e.start, e.end, e.label_) for e in tagged.ents]
    out = []
    for pieces, cue, src in link(spans):
        content = char((pieces[0][0], pieces[-1][1]))
        head = doc[src[0] : src[1]].root if src else None
        source = char(src)
        verb = doc[cue[0] : cue[1]].root if cue else None
        if verb is not None and _quoted(doc, verb) and not _inside_one_quote(doc, content):
            # A cue in a quotation and a content running out of it: the quoted speaker's own
            # words, cut wrongly; it would hide the quotation from the rules that attribute it.
            continue
        # Not a cue inside a quotation: its subject is the quoted speaker's, not the source.
        if src is None and verb is not None and not _quoted(doc, verb):
            subj = _subject(verb)
            if subj is not None and not pieces[0][0] <= subj.i < pieces[-1][1]:
                source, head = _source_span(doc, subj), subj
        out.append(
            Attribution(
                content=content,
                cue=char(cue),
                source=source,
                rule="model",
                confidence=0.7,
                source_pronoun=head is not None and head.lower_ in PRONOUNS,
                source_label=(head.ent_type_ if head is not None else ""),
            )
        )
    return out


class TaggedAttributions:
    """Pipe: run the trained tagger over each paragraph's tokens and link its spans."""

    def __init__(self, path: str):
        self.path = path

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 64):
        nlp = tagger(self.path)
        docs = list(docs)
        outs = nlp.pipe((_copy(nlp, d) for d in docs), batch_size=batch_size)
        for doc, out in zip(docs, outs, strict=True):
            doc._.tagged = attributions(doc, out)
            yield doc


@Language.factory("draft_tagged", default_config={"path": str(WEIGHTS)})
def make_tagged(nlp: Language, name: str, path: str) -> TaggedAttributions:
    return TaggedAttributions(path)

"""The trained attribution tagger, its linking, and the rules switched by name (texts written here)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from explainer.draft import pipeline, rules, tagged  # noqa: E402

MODEL = Path(tagged.__file__).parent / "model"
TEXT = "Senator Ana Ruiz said the bridge would reopen in May."


def test_weights_ship_in_the_repository_within_25_mb_with_a_model_card():
    weights = MODEL / "weights"
    assert (weights / "meta.json").is_file() and (weights / "config.cfg").is_file()
    size = sum(p.stat().st_size for p in weights.rglob("*") if p.is_file())
    assert size <= 25 * 2**20, f"{size / 2**20:.1f} MB of weights"
    card = (MODEL / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("PolNeAR", "Newell", "Ruths", "## Terms", "## Figures", "## Limits"):
        assert needed in card


def test_the_tagger_loads_and_tags_a_sentence_of_ours():
    nlp = tagged.tagger()
    doc = nlp(TEXT)
    labels = {e.label_: e.text for e in doc.ents}
    assert labels.get("CUE") == "said"
    assert "Ana Ruiz" in labels.get("SOURCE", "")
    assert "bridge would reopen" in labels.get("CONTENT", "")


def test_missing_weights_are_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train-drafter"):
        tagged.tagger(str(tmp_path))


def test_linking_joins_the_pieces_of_one_cue_and_shares_a_source():
    # “A,” he said, “B.” He added, citing C.  (token ranges, labels)
    spans = [
        (0, 3, "CONTENT"), (3, 4, "SOURCE"), (4, 5, "CUE"), (6, 9, "CONTENT"),
        (10, 11, "SOURCE"), (11, 12, "CUE"), (13, 14, "CUE"), (14, 17, "CONTENT"),
    ]  # fmt: skip
    linked = tagged.link(spans)
    assert linked[0] == ([(0, 3), (6, 9)], (4, 5), (3, 4))
    # "citing" has no source of its own: it shares the nearest one, "He".
    assert ([(14, 17)], (13, 14), (10, 11)) in linked


def test_a_content_with_no_cue_in_reach_stands_alone():
    assert tagged.link([(0, 5, "CONTENT")]) == [([(0, 5)], None, None)]
    far = [(0, 1, "CUE"), (tagged.REACH + 5, tagged.REACH + 9, "CONTENT")]
    assert tagged.link(far) == [([(tagged.REACH + 5, tagged.REACH + 9)], None, None)]


def test_every_rule_is_declared_once_and_an_unknown_name_is_refused():
    assert len(rules.ORDER) == len(set(rules.ORDER))
    assert {"model", "ccomp", "quoted_as", "orphan_quote"} <= set(rules.ORDER)
    with pytest.raises(rules.UnknownRule, match="known rules: parenthetical"):
        rules.parse("-quoted_ass")
    with pytest.raises(rules.UnknownRule):
        rules.parse("quoted_as")  # no leading minus: not a switch


@pytest.mark.parametrize(
    ("text", "rule", "content"),
    [
        (TEXT, "ccomp", "the bridge would reopen in May"),
        (
            "The mayor blasted the council as a “disgrace” on Monday.",
            "quoted_as",
            "the council as a “disgrace",
        ),
        (
            "According to the mayor, the budget is balanced.",
            "according_to",
            "the budget is balanced",
        ),
    ],
)
def test_a_rule_switched_off_by_name_drafts_nothing(text, rule, content):
    def contents(off):
        nlp = pipeline.load(off)
        paras = pipeline.parse(text, nlp)
        return {
            (p.doc.text[a.content[0] : a.content[1]], a.rule)
            for p in paras
            for a in p.doc._.attributions
        }

    try:
        assert (content, rule) in contents("-model")
        assert not any(r == rule for _, r in contents(f"-model,-{rule}"))
    finally:
        rules.configure("")


def test_the_model_proposes_where_no_rule_does():
    text = "Critics have long blamed the agency for the delays, the report noted."
    try:
        nlp = pipeline.load("")
        found = [a for p in pipeline.parse(text, nlp) for a in p.doc._.attributions]
        nlp = pipeline.load("-model")
        without = [a for p in pipeline.parse(text, nlp) for a in p.doc._.attributions]
    finally:
        rules.configure("")
    assert not any(a.rule == "model" for a in without)
    assert {a.rule for a in found} >= {a.rule for a in without}


def test_cue_lexicons_are_data_beside_the_terms(tmp_path):
    from explainer.draft import reported

    assert reported.CUE_LEXICON.parent == Path(reported.__file__).parent / "lexicon"
    assert "say" in reported.SPEECH and "believe" in reported.MENTAL
    assert "claim" in reported.NOUN_CUES and "urge" in reported.XCOMP_CUES
    own = tmp_path / "cues.csv"
    own.write_text("# a comment\nlist,lemma\nspeech,Opine\nmental,muse\n", encoding="utf-8")
    assert reported._lexicon(own) == {"speech": {"opine"}, "mental": {"muse"}}


def _split(root: Path, n: int) -> Path:
    """A PolNeAR-shaped split of ``n`` one-paragraph articles of ours, one attribution each."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for i in range(n):
        text = f"Mayor Lee said the pool {i} would open.\n"
        (root / "text" / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
        cue, src, content = (10, 14), (0, 9), (15, len(text) - 2)
        ann = (
            f"T1\tSource {src[0]} {src[1]}\t{text[src[0] : src[1]]}\n"
            f"T2\tCue {cue[0]} {cue[1]}\tsaid\n"
            f"T3\tContent {content[0]} {content[1]}\t{text[content[0] : content[1]]}\n"
            "E1\tCue:T2 Source:T1 Content:T3\n"
        )
        (root / "attributions" / f"a{i:02d}_ann1.ann").write_text(ann, encoding="utf-8")
    return root


def test_conversion_holds_one_article_in_every_few_out_of_training(tmp_path, monkeypatch):
    import spacy
    from spacy.tokens import DocBin

    from explainer.draft import training

    monkeypatch.setattr(training, "HOLD_EVERY", 3)
    split = _split(tmp_path / "train", 7)
    n, held = training.convert(split, tmp_path / "t.spacy", tmp_path / "h.spacy")
    assert (n, held) == (5, 2)  # a02 and a05 held out
    vocab = spacy.blank("en").vocab
    docs = list(DocBin().from_disk(tmp_path / "h.spacy").get_docs(vocab))
    assert [d.text.split()[5] for d in docs] == ["2", "5"]
    assert [(e.label_, e.text) for e in docs[0].ents] == [
        ("SOURCE", "Mayor Lee"), ("CUE", "said"), ("CONTENT", "the pool 2 would open"),
    ]  # fmt: skip
    # Without a held-out file every article is training data.
    assert training.convert(split, tmp_path / "all.spacy") == (7, 0)


def test_the_retraining_check_fails_beyond_its_tolerance():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import retrain_check

    shipped = {"f1": 0.700, "recall": 0.600, "tagger_f": 0.650}
    assert retrain_check.compare(shipped, {"f1": 0.704, "recall": 0.596, "tagger_f": 0.650}) == []
    off = retrain_check.compare(shipped, {"f1": 0.707, "recall": 0.600})
    assert off == ["f1: shipped 0.7, retrained 0.707", "tagger_f: shipped 0.65, retrained None"]


def test_the_pipeline_can_load_another_taggers_weights(tmp_path):
    try:
        nlp = pipeline.load("", weights=str(tmp_path))
        assert nlp.get_pipe("draft_tagged").path == str(tmp_path)
        with pytest.raises(FileNotFoundError, match=str(tmp_path)):
            pipeline.parse(TEXT, nlp)
    finally:
        rules.configure("")


def test_the_phrase_rules_are_registered_with_spacy_in_the_configs_order():
    from spacy.util import registry

    from explainer.draft import reported

    names = [name for name, _ in reported.phrase_rules()]
    assert names == [n for n in rules.ORDER if n in names]
    assert {"according_to", "noun_that", "quoted_as", "quoted_for"} <= set(names)
    fn = registry.misc.get("draft_rule.according_to.v1")
    doc = pipeline.load("-model")("The bridge will close, according to the mayor.")
    (att,) = fn(doc, [])
    assert att.rule == "according_to"
    assert doc.text[att.content[0] : att.content[1]] == "The bridge will close"


def test_a_tagged_cue_without_a_tagged_source_takes_its_subject_from_the_parse():
    from spacy.tokens import Span

    nlp = pipeline.load("-model")
    doc = nlp("The governor warned that the dam could fail.")
    tags = tagged._copy(nlp, doc)
    # The tagger found the cue and the content, not the source.
    tags.ents = [Span(tags, 2, 3, label="CUE"), Span(tags, 3, 8, label="CONTENT")]
    (att,) = tagged.attributions(doc, tags)
    assert doc.text[att.source[0] : att.source[1]] == "The governor"
    assert doc.text[att.content[0] : att.content[1]] == "that the dam could fail"
    # A subject inside the content is not the source.
    tags.ents = [Span(tags, 2, 3, label="CUE"), Span(tags, 0, 2, label="CONTENT")]
    (att,) = tagged.attributions(doc, tags)
    assert att.source is None


def test_a_tagged_cue_inside_a_quotation_takes_no_subject_from_the_parse():
    from spacy.tokens import Span

    nlp = pipeline.load("-model")
    doc = next(
        p.doc
        for p in pipeline.parse("“The governor warned that the dam could fail,” Ruiz wrote.", nlp)
    )
    tags = tagged._copy(nlp, doc)
    warned = next(t.i for t in doc if t.text == "warned")
    tags.ents = [
        Span(tags, warned, warned + 1, label="CUE"),
        Span(tags, warned + 1, warned + 6, label="CONTENT"),
    ]
    (att,) = tagged.attributions(doc, tags)
    assert att.source is None  # "The governor" is the quoted speaker's subject, not a source


def test_a_tagged_cue_in_a_quotation_with_a_content_running_out_of_it_is_dropped():
    from spacy.tokens import Span

    nlp = pipeline.load("-model")
    text = "“He said the dam could fail. It will.” The mayor spoke at noon."
    doc = next(p.doc for p in pipeline.parse(text, nlp))
    tags = tagged._copy(nlp, doc)
    said = next(t.i for t in doc if t.text == "said")
    last = len(doc) - 1
    tags.ents = [
        Span(tags, said - 1, said, label="SOURCE"),
        Span(tags, said, said + 1, label="CUE"),
        Span(tags, said + 1, last, label="CONTENT"),  # out of the quotation
    ]
    assert tagged.attributions(doc, tags) == []
    tags.ents = [
        Span(tags, said - 1, said, label="SOURCE"),
        Span(tags, said, said + 1, label="CUE"),
        Span(tags, said + 1, said + 6, label="CONTENT"),  # "the dam could fail", inside it
    ]
    (att,) = tagged.attributions(doc, tags)
    assert doc.text[att.content[0] : att.content[1]] == "the dam could fail."

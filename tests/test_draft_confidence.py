"""Calibrated confidence: fitting, the reliability table, ECE and AUROC on examples made here."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("numpy")

from explainer.draft import confidence  # noqa: E402


def row(words: int, source: bool, mode: str = "paraphrase") -> dict:
    return {
        "exact": " ".join(["w"] * words),
        "mode": mode,
        "source_start": "3" if source else "",
        "source_exact": "Ana Ruiz" if source else "",
        "speaker_id": "ana_ruiz" if source else "",
        "cue_start": "10",
    }


def synthetic(n: int, seed: int) -> list[tuple[dict, str, bool]]:
    """A rule right 90 % of the time with a source and 30 % without; another right 50 %."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        if rnd.random() < 0.5:
            src = rnd.random() < 0.5
            out.append((row(8, src), "ccomp", rnd.random() < (0.9 if src else 0.3)))
        else:
            out.append((row(8, True), "dobj", rnd.random() < 0.5))
    return out


def test_a_fit_on_one_sample_is_calibrated_on_another():
    model = confidence.fit(synthetic(3000, 1))
    held = synthetic(3000, 2)
    pairs = [(confidence.probability(model, r, rule), ok) for r, rule, ok in held]
    table, ece = confidence.reliability(pairs)
    assert ece < 0.03
    assert confidence.auroc(pairs) > 0.7  # right and wrong are told apart
    p_src = confidence.probability(model, row(8, True), "ccomp")
    p_none = confidence.probability(model, row(8, False), "ccomp")
    assert p_src == pytest.approx(0.9, abs=0.04) and p_none == pytest.approx(0.3, abs=0.04)
    assert sum(b["n"] for b in table) == len(held)


def test_a_rare_rule_shares_the_weight_of_other():
    model = confidence.fit(synthetic(500, 3) + [(row(5, True), "rare_rule", True)])
    assert "rule=rare_rule" not in model["features"] and "rule=other" in model["features"]
    assert 0 < confidence.probability(model, row(5, True), "never_seen") < 1


def test_ece_and_auroc_by_hand():
    pairs = [(0.95, True), (0.95, True), (0.15, False), (0.15, True)]
    table, ece = confidence.reliability(pairs)
    # bin 0.9–1.0: confidence 0.95, all right (gap 0.05); bin 0.1–0.2: 0.15 vs 0.5 (gap 0.35)
    assert ece == pytest.approx(0.5 * 0.05 + 0.5 * 0.35)
    assert [b["n"] for b in table] == [2, 2]
    assert confidence.auroc(pairs) == pytest.approx((2 * 1 + 0.5) / 3)

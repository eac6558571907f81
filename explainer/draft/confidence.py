"""A drafted statement's confidence: the fitted chance that it is right.

"Right" is PolNeAR's: the statement's content matches an annotated attribution (half of each
span shared) and, where the annotation names a source, the drafted source overlaps it. The
chance is a logistic regression over what the draft itself shows (``features``: the rule that
drafted it, its mode, whether a source and a speaker were found, its length), fitted by
``make bench-draft`` on one half of PolNeAR dev and measured on the other (``model/
calibration.json``; the bench prints the reliability table, the ECE and the AUROC). An editor
sorting by confidence sees the likely errors first.

The same ``features`` serve drafting (from the statement row being written) and fitting (from
the drafted ``statements.csv`` and ``provenance.csv``), so the two cannot drift apart.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from . import reported

CALIBRATION = Path(__file__).parent / "model" / "calibration.json"
#: A rule with fewer fitted examples than this shares the weight of "rule=other".
MIN_EXAMPLES = 15


def features(row: dict, rule: str) -> dict[str, float]:
    """The features of one statement row (``statements.csv`` fields) drafted by ``rule``."""
    words = len((row.get("exact") or "").split())
    source = (row.get("source_exact") or "").strip().lower()
    return {
        f"rule={rule}": 1.0,
        f"mode={row.get('mode', '')}": 1.0,
        "source": float(bool(str(row.get("source_start", "")).strip())),
        "pronoun": float(source in reported.PRONOUNS),
        "speaker": float(bool(row.get("speaker_id"))),
        "cue": float(bool(str(row.get("cue_start", "")).strip())),
        "words": math.log1p(words),
        "short": float(words < 4),
        "bias": 1.0,
    }


def _vector(feats: dict[str, float], names: list[str]) -> list[float]:
    rule = next((k for k in feats if k.startswith("rule=")), "")
    out = dict(feats)
    if rule and rule not in names:
        out.pop(rule)
        out["rule=other"] = 1.0
    return [out.get(n, 0.0) for n in names]


def fit(examples: list[tuple[dict, str, bool]], l2: float = 1.0, steps: int = 400) -> dict:
    """Logistic regression of right (bool) on ``features(row, rule)``, by Newton's method."""
    import numpy as np

    counts: dict[str, int] = {}
    for _row, rule, _ in examples:
        counts[rule] = counts.get(rule, 0) + 1
    rows = [features(row, rule) for row, rule, _ in examples]
    names = sorted({k for f in rows for k in f if not k.startswith("rule=")})
    names += sorted(f"rule={r}" for r, n in counts.items() if n >= MIN_EXAMPLES) + ["rule=other"]
    x = np.array([_vector(f, names) for f in rows])
    y = np.array([float(ok) for *_, ok in examples])
    w = np.zeros(len(names))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x.T * (p * (1 - p))) @ x + l2 * np.eye(len(names))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"features": names, "weights": [round(float(v), 6) for v in w], "examples": len(y)}


def probability(model: dict, row: dict, rule: str) -> float:
    z = sum(
        a * b
        for a, b in zip(
            model["weights"], _vector(features(row, rule), model["features"]), strict=True
        )
    )
    return 1 / (1 + math.exp(-z))


@cache
def shipped() -> dict | None:
    """The fitted calibration in the repository, or None (then the rules' own figures stand)."""
    if not CALIBRATION.is_file():
        return None
    return json.loads(CALIBRATION.read_text(encoding="utf-8"))


def of_statement(row: dict, rule: str, default: float) -> float:
    model = shipped()
    return round(probability(model, row, rule), 2) if model else default


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> tuple[list[dict], float]:
    """Ten equal-width bins of confidence: count, mean confidence, share right; and the ECE."""
    table, ece, n = [], 0.0, len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / n * abs(conf - acc)
        table.append(
            {"bin": f"{lo:.1f}–{hi:.1f}", "n": len(inside), "confidence": conf, "right": acc}
        )
    return table, ece


def auroc(pairs: list[tuple[float, bool]]) -> float:
    """The chance that a right statement has a higher confidence than a wrong one (ties: half)."""
    right = [c for c, ok in pairs if ok]
    wrong = [c for c, ok in pairs if not ok]
    if not right or not wrong:
        return float("nan")
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))

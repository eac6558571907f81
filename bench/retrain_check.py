"""Does retraining reproduce the shipped tagger? (``make check-train-drafter POLNEAR=.../train``)

Scores two taggers on PolNeAR dev, the shipped weights and freshly retrained ones, and fails
(exit 1) unless every figure agrees within ``TOLERANCE``: the tagger's own spans (spaCy's scorer,
exact match, per label and in all) and the drafter's attributions with each tagger (``score.py``'s
matching, as in ``make bench-draft``). The test split is refused; the drafts go to a temporary
folder.

    python bench/retrain_check.py --dev .../dev RETRAINED_WEIGHTS [--shipped WEIGHTS]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_draft import polnear  # noqa: E402

from explainer.draft import tagged  # noqa: E402

TOLERANCE = 0.005
DRAFTER = ("precision", "recall", "f1", "direct_recall", "speaker_accuracy")


def dev_scores(weights: Path, split: Path) -> dict[str, float]:
    """The tagger's own figures on ``split`` and the drafter's with this tagger beside the rules."""
    with tempfile.TemporaryDirectory(prefix="retrain-check-") as tmp:
        res = polnear(split, Path(tmp), None, False, weights=str(weights))
    return res["tagger"] | {k: res["ours"][k] for k in DRAFTER}


def compare(a: dict[str, float], b: dict[str, float]) -> list[str]:
    """The figures that differ by more than ``TOLERANCE`` (or that one side lacks)."""
    return [
        f"{k}: shipped {a.get(k)}, retrained {b.get(k)}"
        for k in sorted(set(a) | set(b))
        if k not in a or k not in b or abs(a[k] - b[k]) > TOLERANCE
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("retrained", type=Path, help="the retrained tagger's folder")
    ap.add_argument("--dev", type=Path, required=True, help="PolNeAR's data/dev folder")
    ap.add_argument("--shipped", type=Path, default=tagged.WEIGHTS)
    args = ap.parse_args(argv)
    if "test" in args.dev.resolve().parts:
        print("refusing: PolNeAR's test split is reserved for an independent evaluation")
        return 2
    for w in (args.shipped, args.retrained):
        if not (w / "meta.json").is_file():
            print(f"{w}: no trained tagger here (meta.json)")
            return 2
    figures = {}
    for which, w in (("shipped", args.shipped), ("retrained", args.retrained)):
        figures[which] = dev_scores(w, args.dev)
        print(f"{which} ({w}): {figures[which]}", flush=True)
    off = compare(figures["shipped"], figures["retrained"])
    if off:
        print(f"NOT reproduced within {TOLERANCE}:\n  " + "\n  ".join(off))
        return 1
    print(f"reproduced: every dev figure within {TOLERANCE} of the shipped tagger's")
    return 0


if __name__ == "__main__":
    sys.exit(main())

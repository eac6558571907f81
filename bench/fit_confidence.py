"""Fit the drafter's confidences (explainer/draft/fact_confidence.json) on the 8 tuning articles.

``python bench/fit_confidence.py --polnear PolNeAR/data/dev``: drafts the gold articles, scores
every actor, alias, figure and event against the gold set (``gold_score``), and writes the share
of right records per cell (``explainer.draft.fact_confidence``). Only the tuning articles are read;
the held-out 4 are left for ``make bench-draft`` to measure the fit on.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gold_score  # noqa: E402

from explainer.draft import fact_confidence as confidence  # noqa: E402


def tables_of(folder: Path) -> dict[str, list[dict]]:
    out = {}
    for t in confidence.TABLES:
        with (folder / f"{t}.csv").open(encoding="utf-8", newline="") as f:
            out[t] = list(csv.DictReader(f))
    return out


def cells(drafts: Path, names: list[str]) -> dict[str, list[tuple[str, bool]]]:
    files = gold_score.gold_files()
    out: dict[str, list[tuple[str, bool]]] = {t: [] for t in confidence.TABLES}
    for name in names:
        folder = drafts / name
        tally = gold_score.score(
            gold_score.from_draft(folder, name), gold_score.from_gold(files[name])
        )
        for (table, rid), key in confidence.keys(tables_of(folder)).items():
            if (table, rid) in tally.outcomes:
                out[table].append((key, tally.outcomes[(table, rid)]))
    return out


PRIORS = (1, 2, 4, 8, 16, 32, 64)


def brier(fitted: dict, rows: dict[str, list[tuple[str, bool]]]) -> tuple[float, int]:
    total, n = 0.0, 0
    for table, pts in rows.items():
        cells = fitted.get(table, {})
        for key, ok in pts:
            p = cells.get(key, cells.get("_table", 0.5))
            total += (p - ok) ** 2
            n += 1
    return total, n


def choose_prior(per_article: dict[str, dict[str, list[tuple[str, bool]]]]) -> int:
    """The smoothing whose fit on 7 tuning articles predicts the 8th best (Brier score)."""
    best = None
    for prior in PRIORS:
        total, n = 0.0, 0
        for held in per_article:
            rest: dict[str, list] = {}
            for name, rows in per_article.items():
                if name != held:
                    for table, pts in rows.items():
                        rest.setdefault(table, []).extend(pts)
            t, k = brier(confidence.fit(rest, prior), per_article[held])
            total, n = total + t, n + k
        score = total / max(n, 1)
        print(f"prior {prior}: leave-one-article-out Brier {score:.4f}")
        if best is None or score < best[0]:
            best = (score, prior)
    return best[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR's data/dev folder")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fit-confidence-") as tmp:
        confidence.FITTED.unlink(missing_ok=True)  # draft with the rules' own confidences
        confidence.fitted.cache_clear()
        gold_score.draft_gold(args.polnear, Path(tmp))
        tune = gold_score.split()["tune"]
        per_article = {name: cells(Path(tmp), [name]) for name in tune}
        prior = choose_prior(per_article)
        fitted = confidence.fit(cells(Path(tmp), tune), prior)
        fitted["_prior"] = prior
    confidence.FITTED.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(f"smoothing: {fitted['_prior']} pseudo-records")
    for table, c in fitted.items():
        if table != "_prior":
            print(f"{table}: {len(c) - 1} cells, table share {c['_table']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The attribution part of ``make bench-draft``: calibration and the effect of each rule.

- ``examples``: every drafted statement of a PolNeAR split with its confidence, its features and
  whether it is right (content matched one to one as ``score.py`` does, and the speaker right
  where the annotation names one).
- ``calibration``: fit on one half of dev (even-numbered articles in name order), measure on
  the other: the reliability table over ten bins, the expected calibration error and the AUROC.
- ``ablation``: the figures with each rule, and the trained tagger, switched off by name.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from explainer.draft import confidence


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def examples(gold_dir: Path, pred_root: Path, names: list[str]) -> list[dict]:
    """One dict per drafted statement: name, row, rule, confidence, right."""
    from bench_draft import brat, covered, match

    out = []
    for name in names:
        anns = sorted((gold_dir / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        gold = brat(anns[0])
        rows = [r for r in _rows(pred_root / name / "statements.csv") if r.get("start")]
        prov = {p["record_id"]: p for p in _rows(pred_root / name / "provenance.csv")}
        pred = [
            {
                "content": [(int(r["start"]), int(r["end"]))],
                "source": [(int(r["source_start"]), int(r["source_end"]))]
                if r.get("source_start")
                else [],
            }
            for r in rows
        ]
        right = {}
        for i, j in match(pred, gold):
            right[i] = not gold[j]["source"] or bool(covered(pred[i]["source"], gold[j]["source"]))
        for i, r in enumerate(rows):
            p = prov.get(r["statement_id"], {})
            out.append(
                {
                    "name": name,
                    "row": r,
                    "rule": p.get("rule", ""),
                    "confidence": float(p.get("confidence") or 0),
                    "right": right.get(i, False),
                }
            )
    return out


def halves(names: list[str]) -> tuple[set[str], set[str]]:
    """Fit on the even-numbered articles (name order), measure on the odd-numbered ones."""
    names = sorted(names)
    return set(names[0::2]), set(names[1::2])


def fit_calibration(exs: list[dict], names: list[str], path: Path = confidence.CALIBRATION):
    fit_on, _ = halves(names)
    model = confidence.fit([(e["row"], e["rule"], e["right"]) for e in exs if e["name"] in fit_on])
    model["fitted_on"] = "PolNeAR dev, the even-numbered articles in name order"
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    return model


def calibration_report(exs: list[dict], names: list[str]) -> tuple[str, dict]:
    _, measure_on = halves(names)
    pairs = [(e["confidence"], e["right"]) for e in exs if e["name"] in measure_on]
    table, ece = confidence.reliability(pairs)
    auc = confidence.auroc(pairs)
    out = io.StringIO()
    w = out.write
    w(
        f"Confidence against being right, measured on the {len(measure_on)} odd-numbered dev "
        f"articles ({len(pairs)} drafted statements; fitted on the even-numbered ones): "
        f"expected calibration error **{ece:.3f}** (target ≤ 0.05, "
        f"{'met' if ece <= 0.05 else 'not met'}), AUROC **{auc:.3f}**.\n\n"
    )
    w("| confidence | statements | mean confidence | share right |\n|---|---|---|---|\n")
    for row in table:
        w(f"| {row['bin']} | {row['n']} | {row['confidence']:.2f} | {row['right']:.2f} |\n")
    return out.getvalue(), {"ece": ece, "auroc": auc, "n": len(pairs)}


def per_rule(exs: list[dict]) -> str:
    """Drafted statements and precision by the rule that drafted them."""
    counts: dict[str, list[int]] = {}
    for e in exs:
        c = counts.setdefault(e["rule"], [0, 0])
        c[0] += 1
        c[1] += e["right"]
    out = ["| rule | drafted | right (content and speaker) |", "|---|---|---|"]
    for rule, (n, ok) in sorted(counts.items(), key=lambda x: -x[1][0]):
        out.append(f"| `{rule}` | {n} | {ok / n:.2f} |")
    return "\n".join(out) + "\n"


def ablation_table(full: dict, ablation: dict[str, dict]) -> str:
    """The change in each figure when one rule (or the tagger, "model") is switched off."""
    keys = ("precision", "recall", "f1", "direct_recall", "speaker_accuracy")
    out = [
        "Each rule switched off by name (`--rules -NAME`), the change in each figure "
        "(negative: the rule helps that figure):",
        "",
        "| switched off | drafted | precision | recall | F1 | quoted recall | speaker |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule, res in ablation.items():
        cells = " | ".join(f"{res[k] - full[k]:+.3f}" for k in keys)
        out.append(f"| `{rule}` | {res['predicted'] - full['predicted']:+d} | {cells} |")
    return "\n".join(out) + "\n"


def misses(gold_dir: Path, pred_root: Path, names: list[str]) -> str:
    """The unmatched annotated attributions by kind, and the unmatched drafted ones.

    A gold attribution is missed at its boundary when a drafted content overlaps it but shares
    less than half of one of the two spans, and missed outright when nothing drafted touches it.
    """
    from bench_draft import QUOTES, brat, covered, match

    kinds: dict[str, int] = {}
    wrong: dict[str, int] = {}
    speaker: dict[str, int] = {}

    def count(d, k):
        d[k] = d.get(k, 0) + 1

    for name in names:
        anns = sorted((gold_dir / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        text = (gold_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        gold = brat(anns[0])
        rows = [r for r in _rows(pred_root / name / "statements.csv") if r.get("start")]
        pred = [
            {
                "content": [(int(r["start"]), int(r["end"]))],
                "source": [(int(r["source_start"]), int(r["source_end"]))]
                if r.get("source_start")
                else [],
            }
            for r in rows
        ]
        pairs = match(pred, gold)
        for i, j in pairs:
            if gold[j]["source"] and not covered(pred[i]["source"], gold[j]["source"]):
                count(speaker, _speaker_miss(text, pred[i]["source"], gold[j]["source"]))
        got_g, got_p = {j for _, j in pairs}, {i for i, _ in pairs}
        for j, g in enumerate(gold):
            if j in got_g:
                continue
            quoted = any(q in text[s:e] for s, e in g["content"] for q in QUOTES)
            touched = any(covered(p["content"], g["content"]) for p in pred)
            words = sum(len(text[s:e].split()) for s, e in g["content"])
            size = "short (< 5 words)" if words < 5 else "long (≥ 5 words)"
            count(
                kinds,
                (
                    "quoted" if quoted else "not quoted",
                    size,
                    "boundary" if touched else "none drafted",
                ),
            )
        for i, p in enumerate(pred):
            if i in got_p:
                continue
            touched = any(covered(p["content"], g["content"]) for g in gold)
            count(
                wrong,
                "overlaps an annotated one (boundary)"
                if touched
                else "no annotated attribution there",
            )
    out = [
        "| missed annotated attribution | content | what was drafted there | count |",
        "|---|---|---|---|",
    ]
    for (q, size, how), n in sorted(kinds.items(), key=lambda x: -x[1]):
        out.append(f"| {q} | {size} | {how} | {n} |")
    out += ["", "| drafted, matching nothing | count |", "|---|---|"]
    out += [f"| {k} | {n} |" for k, n in sorted(wrong.items(), key=lambda x: -x[1])]
    out += ["", "| matched, speaker wrong | count |", "|---|---|"]
    out += [f"| {k} | {n} |" for k, n in sorted(speaker.items(), key=lambda x: -x[1])]
    return "\n".join(out) + "\n"


#: Words an annotator may mark as the source where the drafter names who they stand for.
STAND_INS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"}


def _speaker_miss(text: str, pred: list, gold: list) -> str:
    """The kind of a wrong speaker: none drafted, a stand-in word against a name on one side,
    or another name in the same paragraph or elsewhere."""
    if not pred:
        return "no source drafted"
    words = [text[s:e].strip().lower() for s, e in (pred[0], gold[0])]
    if any(w in STAND_INS for w in words):
        return "a pronoun or relative word on one side, a name on the other"
    between = text[min(pred[0][0], gold[0][0]) : max(pred[0][1], gold[0][1])]
    return "another source, same paragraph" if "\n" not in between else "a source elsewhere"

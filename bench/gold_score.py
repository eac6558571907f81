"""Score drafts against the hand-made gold set in ``bench/gold/`` (actors, figures, dated events).

The rules of the gold set are ``docs/gold-guidelines.md``. A draft is read from its package folder
(``aliases.csv``, ``actors.csv``, ``figures.csv``, ``events.csv``, ``provenance.csv``); a second
annotator's gold file can be read in its place (:func:`from_gold`), which is how the agreement
between two annotators is measured with the same code.

Matching is by anchor: a drafted mention, figure or event matches the gold item whose span it
overlaps most (one to one, largest overlap first). What is scored:

- **Actor clustering**, mention-level B³ (Bagga and Baldwin 1998): precision averaged over the
  drafted mentions, recall over the gold mentions; a mention with no twin on the other side is a
  singleton there (so a missed mention costs recall, a spurious one precision only where it joins
  a real actor; spurious actors are the actor list's precision, below).
- **Actor list precision**: the share of drafted actors (those with a mention in the text) that
  have at least one mention on a gold actor. **Actor recall**: gold actors with a drafted mention.
- **Scope**: the guidelines mark names, never common-noun descriptors, so a drafted mention of
  form ``descriptor`` is neither right nor wrong and is left out of all the above; an actor with
  only such mentions (a group the article describes, "the mediators") is listed apart, by name,
  and the actor list precision is printed a second time counting each of them as wrong.
- **Actor type**: of drafted actors that match, the share whose kind is in the same class as the
  gold actor they most overlap (person, organisation, place, group; see ``KIND_CLASS``).
- **Figures**: a drafted figure is right when it overlaps a gold figure and has its value
  (relative tolerance 0.5 %); precision over drafted figures, recall over gold; hedge right over
  matched pairs.
- **Dated events**: a drafted event with a date is right when it overlaps a gold event and has
  its ``date_start``, ``date_end`` and ``precision``; precision over drafted dated events, recall
  over gold events; the method (``resolution``) is counted apart.
- **Placeholder events**: drafted events with no date whose label only names a record.
- **Calibration**, per record type (aliases, actors, figures, events): each drafted record's
  confidence (``provenance.csv``) against whether it is right; ECE over ten equal-width bins
  where a type has at least 100 records, AUROC wherever both outcomes occur.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"

KIND_CLASS = {
    "person": "person",
    "organisation": "organisation",
    "government": "organisation",
    "government_office": "organisation",
    "military": "organisation",
    "media_outlet": "organisation",
    "armed_political_organisation": "organisation",
    "state": "place",
    "territory": "place",
    "place": "place",
    "group": "group",
    "population": "group",
    "audience": "group",
    "other": "other",
}
#: A label that only names a record ("Statement st_002"): a placeholder, not an event.
PLACEHOLDER = re.compile(r"^\s*(?:statement|event|record)?\s*(?:st|ev|fg)_[a-z0-9_]+\s*$", re.I)
VALUE_TOLERANCE = 0.005
ECE_MIN_RECORDS = 100

TARGETS = {
    "b3_f1": 0.90,
    "actor_precision": 0.95,
    "figure_precision": 0.95,
    "figure_recall": 0.90,
    "hedge_right": 0.98,
    "event_precision": 0.85,
    "event_recall": 0.75,
    "placeholders": 0,
}


@dataclass
class Annotation:
    """One article's actors, figures and events, from a gold file or a draft package."""

    name: str
    actors: dict[str, dict] = field(default_factory=dict)  # id -> {kind, label, mentions}
    figures: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    confidence: dict[tuple[str, str], float] = field(default_factory=dict)  # (table, id) -> p


def from_gold(path: Path) -> Annotation:
    g = json.loads(Path(path).read_text(encoding="utf-8"))
    ann = Annotation(g["article"])
    for a in g["actors"]:
        ann.actors[a["id"]] = {
            "kind": a["kind"],
            "label": a["id"],
            "mentions": [(int(m[0]), int(m[1])) for m in a["mentions"]],
        }
    for i, f in enumerate(g["figures"]):
        ann.figures.append({**f, "id": f.get("id", f"f{i}"), "value": float(f["value"])})
    for i, e in enumerate(g["events"]):
        ann.events.append({**e, "id": e.get("id", f"e{i}"), "label": e.get("label", "")})
    return ann


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def from_draft(folder: Path, name: str = "") -> Annotation:
    folder = Path(folder)
    ann = Annotation(name or folder.name)
    for r in _rows(folder / "actors.csv"):
        ann.actors[r["actor_id"]] = {"kind": r["kind"], "label": r["name"], "mentions": []}
    for r in _rows(folder / "aliases.csv"):
        actor = ann.actors.setdefault(r["actor_id"], {"kind": "", "label": "", "mentions": []})
        actor["mentions"].append((int(r["start"]), int(r["end"]), r["alias_id"], r.get("form", "")))
    for r in _rows(folder / "figures.csv"):
        ann.figures.append(
            {
                "id": r["figure_id"],
                "start": int(r["start"]),
                "end": int(r["end"]),
                "value": float(r["value"]),
                "hedge": r["hedge"],
            }
        )
    for r in _rows(folder / "events.csv"):
        ann.events.append(
            {
                "id": r["event_id"],
                "start": int(r["start"]),
                "end": int(r["end"]),
                "label": r["label"],
                "date_start": r["date_start"],
                "date_end": r["date_end"],
                "precision": r["precision"],
                "resolution": r["resolution"],
            }
        )
    for r in _rows(folder / "provenance.csv"):
        try:
            ann.confidence[(r["table"], r["record_id"])] = float(r["confidence"])
        except (KeyError, ValueError):
            continue
    return ann


# ---------------------------------------------------------------- matching


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[int, int]:
    """Pred index -> gold index, one to one, largest overlap first (ties: earlier first)."""
    pairs = sorted(
        (
            (-_overlap(p, g), i, j)
            for i, p in enumerate(pred)
            for j, g in enumerate(gold)
            if _overlap(p, g)
        ),
    )
    out, used = {}, set()
    for _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


# ---------------------------------------------------------------- actors


def _mentions(ann: Annotation) -> list[tuple[tuple[int, int], str]]:
    return [((m[0], m[1]), aid) for aid, a in ann.actors.items() for m in a["mentions"]]


def b_cubed(pred: Annotation, gold: Annotation) -> tuple[float, float, int, int]:
    """Mention-level B³ sums: (precision sum, recall sum, drafted mentions, gold mentions)."""
    pm, gm = _mentions(pred), _mentions(gold)
    link = match_spans([m[0] for m in pm], [m[0] for m in gm])
    back = {j: i for i, j in link.items()}
    p_cluster: dict[str, set[int]] = {}
    for i, (_, aid) in enumerate(pm):
        p_cluster.setdefault(aid, set()).add(i)
    g_cluster: dict[str, set[int]] = {}
    for j, (_, aid) in enumerate(gm):
        g_cluster.setdefault(aid, set()).add(j)
    p_sum = 0.0
    for i, (_, aid) in enumerate(pm):
        mine = p_cluster[aid]
        if i not in link:
            p_sum += 1 / len(mine)
            continue
        gold_ids = g_cluster[gm[link[i]][1]]
        same = sum(1 for k in mine if k in link and link[k] in gold_ids)
        p_sum += same / len(mine)
    r_sum = 0.0
    for j, (_, aid) in enumerate(gm):
        theirs = g_cluster[aid]
        if j not in back:
            r_sum += 1 / len(theirs)
            continue
        pred_ids = p_cluster[pm[back[j]][1]]
        same = sum(1 for k in theirs if k in back and back[k] in pred_ids)
        r_sum += same / len(theirs)
    return p_sum, r_sum, len(pm), len(gm)


def actor_links(pred: Annotation, gold: Annotation) -> dict[str, str | None]:
    """Drafted actor id -> the gold actor most of its matched mentions fall on (None: no match)."""
    pm, gm = _mentions(pred), _mentions(gold)
    link = match_spans([m[0] for m in pm], [m[0] for m in gm])
    votes: dict[str, dict[str, int]] = {}
    for i, j in link.items():
        v = votes.setdefault(pm[i][1], {})
        v[gm[j][1]] = v.get(gm[j][1], 0) + 1
    out: dict[str, str | None] = {}
    for aid, a in pred.actors.items():
        if not a["mentions"]:
            continue  # the publisher from --outlet, never printed: not drawn from the text
        v = votes.get(aid)
        out[aid] = max(v, key=lambda k: (v[k], k)) if v else None
    return out


# ---------------------------------------------------------------- figures and events


def _value_ok(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1e-9)


def figure_outcomes(pred: Annotation, gold: Annotation):
    """(right per drafted figure, found per gold figure, hedge right per matched pair)."""
    link = match_spans(
        [(f["start"], f["end"]) for f in pred.figures],
        [(f["start"], f["end"]) for f in gold.figures],
    )
    right = [
        i in link and _value_ok(f["value"], gold.figures[link[i]]["value"])
        for i, f in enumerate(pred.figures)
    ]
    found = [False] * len(gold.figures)
    hedges = []
    for i, j in link.items():
        found[j] = right[i]
        hedges.append(
            (
                pred.figures[i]["id"],
                (pred.figures[i]["hedge"] or "").lower() == (gold.figures[j]["hedge"] or ""),
            )
        )
    return right, found, hedges


def dated(e: dict) -> bool:
    return bool(e.get("date_start"))


def placeholder(e: dict) -> bool:
    return not dated(e) and bool(PLACEHOLDER.match(e.get("label") or ""))


def event_outcomes(pred: Annotation, gold: Annotation):
    """(right per drafted dated event, found per gold event, method right per matched pair)."""
    mine = [e for e in pred.events if dated(e)]
    link = match_spans(
        [(e["start"], e["end"]) for e in mine], [(e["start"], e["end"]) for e in gold.events]
    )
    keys = ("date_start", "date_end", "precision")
    right = [
        i in link and all(e[k] == gold.events[link[i]][k] for k in keys) for i, e in enumerate(mine)
    ]
    found = [False] * len(gold.events)
    methods = []
    for i, j in link.items():
        found[j] = right[i]
        methods.append(mine[i]["resolution"] == gold.events[j]["resolution"])
    return mine, right, found, methods


# ---------------------------------------------------------------- calibration


def ece(points: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error over equal-width confidence bins; NaN with no points. The
    drafter's own reading (``draft.confidence.reliability``), imported here only when used, so
    that scoring drafts does not load spaCy."""
    if not points:
        return float("nan")
    from explainer.draft.confidence import reliability

    return reliability(points, bins)[1]


def auroc(points: list[tuple[float, bool]]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count half); NaN with one outcome only."""
    from explainer.draft.confidence import auroc as shared

    return shared(points)


# ---------------------------------------------------------------- one article, many articles


@dataclass
class Tally:
    b3_p: float = 0.0
    b3_r: float = 0.0
    n_pm: int = 0
    n_gm: int = 0
    actors: int = 0
    actors_real: int = 0
    gold_actors: int = 0
    gold_actors_found: int = 0
    typed: int = 0
    typed_right: int = 0
    fig_pred: int = 0
    fig_right: int = 0
    fig_gold: int = 0
    fig_found: int = 0
    hedge_pairs: int = 0
    hedge_right: int = 0
    ev_pred: int = 0
    ev_right: int = 0
    ev_gold: int = 0
    ev_found: int = 0
    method_pairs: int = 0
    method_right: int = 0
    placeholders: int = 0
    described: int = 0
    described_names: list[str] = field(default_factory=list)
    calibration: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], bool] = field(default_factory=dict)  # (table, id) -> right
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k, v in vars(other).items():
            if isinstance(v, (int, float)):
                setattr(self, k, getattr(self, k) + v)
        for k, pts in other.calibration.items():
            self.calibration.setdefault(k, []).extend(pts)
        self.misses.extend(other.misses)
        self.described_names.extend(other.described_names)
        self.outcomes.update(other.outcomes)

    def figures(self) -> dict[str, float]:
        def ratio(a, b):
            return a / b if b else float("nan")

        p, r = ratio(self.b3_p, self.n_pm), ratio(self.b3_r, self.n_gm)
        return {
            "b3_precision": p,
            "b3_recall": r,
            "b3_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "actor_precision": ratio(self.actors_real, self.actors),
            "actor_precision_strict": ratio(self.actors_real, self.actors + self.described),
            "described": self.described,
            "actor_recall": ratio(self.gold_actors_found, self.gold_actors),
            "actor_type": ratio(self.typed_right, self.typed),
            "figure_precision": ratio(self.fig_right, self.fig_pred),
            "figure_recall": ratio(self.fig_found, self.fig_gold),
            "hedge_right": ratio(self.hedge_right, self.hedge_pairs),
            "event_precision": ratio(self.ev_right, self.ev_pred),
            "event_recall": ratio(self.ev_found, self.ev_gold),
            "method_right": ratio(self.method_right, self.method_pairs),
            "placeholders": self.placeholders,
        }


def _span_name(ann: Annotation, a: dict) -> str:
    m = a["mentions"][0]
    return f"{a['label'] or '?'} ({ann.name} {m[0]}-{m[1]})"


def scoped(pred: Annotation) -> tuple[Annotation, list[str]]:
    """The draft as far as the gold can judge it, and the actors it cannot. The guidelines mark
    names only (a common-noun descriptor is no mention), so a drafted ``descriptor`` mention is
    neither right nor wrong; an actor with only such mentions (a group the article describes,
    "the mediators") is listed apart, not scored."""
    out = Annotation(pred.name, {}, pred.figures, pred.events, pred.confidence)
    described = []
    for aid, a in pred.actors.items():
        named = [m for m in a["mentions"] if len(m) < 4 or m[3] != "descriptor"]
        if a["mentions"] and not named:
            described.append(_span_name(pred, a))
            continue
        out.actors[aid] = {**a, "mentions": named}
    return out, described


def score(pred: Annotation, gold: Annotation) -> Tally:
    t = Tally()
    pred, described = scoped(pred)
    t.described = len(described)
    t.described_names = described
    t.b3_p, t.b3_r, t.n_pm, t.n_gm = b_cubed(pred, gold)
    links = actor_links(pred, gold)
    t.actors = len(links)
    t.actors_real = sum(1 for g in links.values() if g)
    t.gold_actors = len(gold.actors)
    t.gold_actors_found = len({g for g in links.values() if g})
    cal = t.calibration
    for aid, g in links.items():
        a = pred.actors[aid]
        if g is None:
            t.misses.append(f"not an actor: {_span_name(pred, a)}")
        else:
            t.typed += 1
            ok = KIND_CLASS.get(a["kind"]) == KIND_CLASS.get(gold.actors[g]["kind"])
            t.typed_right += ok
            if not ok:
                t.misses.append(
                    f"type {a['kind']}, not {gold.actors[g]['kind']}: {_span_name(pred, a)}"
                )
        t.outcomes[("actors", aid)] = g is not None
        if ("actors", aid) in pred.confidence:
            cal.setdefault("actors", []).append((pred.confidence[("actors", aid)], g is not None))
    for gid, ga in gold.actors.items():
        if gid not in set(links.values()):
            m = ga["mentions"][0]
            t.misses.append(f"actor not drafted: {gid} ({gold.name} {m[0]}-{m[1]})")
    # aliases: right when the mention is a gold mention of the gold actor its drafted actor is
    pm, gm = _mentions(pred), _mentions(gold)
    link = match_spans([m[0] for m in pm], [m[0] for m in gm])
    for aid, a in pred.actors.items():
        for m in a["mentions"]:
            if len(m) > 2:
                i = pm.index(((m[0], m[1]), aid))
                ok = i in link and gm[link[i]][1] == links.get(aid)
                t.outcomes[("aliases", m[2])] = ok
            if len(m) > 2 and ("aliases", m[2]) in pred.confidence:
                cal.setdefault("aliases", []).append((pred.confidence[("aliases", m[2])], ok))
    right, found, hedges = figure_outcomes(pred, gold)
    t.fig_pred, t.fig_right = len(right), sum(right)
    t.fig_gold, t.fig_found = len(found), sum(found)
    t.hedge_pairs, t.hedge_right = len(hedges), sum(ok for _, ok in hedges)
    t.misses += [f"hedge wrong: {fid} ({pred.name})" for fid, ok in hedges if not ok]
    for f, ok in zip(pred.figures, right, strict=True):
        t.outcomes[("figures", f["id"])] = ok
        if not ok:
            t.misses.append(
                f"figure wrong: {f['id']} ({pred.name} {f['start']}-{f['end']} value {f['value']:g})"
            )
        if ("figures", f["id"]) in pred.confidence:
            cal.setdefault("figures", []).append((pred.confidence[("figures", f["id"])], ok))
    for f, ok in zip(gold.figures, found, strict=True):
        if not ok:
            t.misses.append(
                f"figure missed: {gold.name} {f['start']}-{f['end']} value {f['value']:g}"
            )
    mine, right, found, methods = event_outcomes(pred, gold)
    t.ev_pred, t.ev_right = len(mine), sum(right)
    t.ev_gold, t.ev_found = len(found), sum(found)
    t.method_pairs, t.method_right = len(methods), sum(methods)
    for e, ok in zip(mine, right, strict=True):
        if not ok:
            t.misses.append(
                f"event wrong: {e['id']} ({pred.name} {e['start']}-{e['end']} "
                f"{e['date_start']}..{e['date_end']} {e['precision']})"
            )
    ok_by_id = {e["id"]: ok for e, ok in zip(mine, right, strict=True)}
    t.outcomes.update({("events", k): v for k, v in ok_by_id.items()})
    for e in pred.events:
        if ("events", e["id"]) in pred.confidence and dated(e):
            cal.setdefault("events", []).append(
                (pred.confidence[("events", e["id"])], ok_by_id[e["id"]])
            )
    for e, ok in zip(gold.events, found, strict=True):
        if not ok:
            t.misses.append(
                f"event missed: {gold.name} {e['start']}-{e['end']} "
                f"{e['date_start']}..{e['date_end']} {e['precision']}"
            )
    t.placeholders = sum(placeholder(e) for e in pred.events)
    return t


def gold_files(folder: Path = GOLD) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(folder).glob("*.json"))}


def split(readme: Path = GOLD / "README.md") -> dict[str, list[str]]:
    """The tuning and held-out articles, as the gold README's table records them."""
    out: dict[str, list[str]] = {"tune": [], "held": [], "double": []}
    for line in readme.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*([^|]+)\|", line)
        if not m:
            continue
        name, role = m.group(1), m.group(2)
        out["held" if "held" in role else "tune"].append(name)
        if "double" in role:
            out["double"].append(name)
    return out


def calibration_table(cal: dict[str, list[tuple[float, bool]]]) -> dict[str, dict]:
    out = {}
    for kind, pts in sorted(cal.items()):
        out[kind] = {
            "n": len(pts),
            "right": sum(1 for _, y in pts if y),
            "ece": ece(pts) if len(pts) >= ECE_MIN_RECORDS else None,
            "auroc": auroc(pts),
        }
    return out


# ---------------------------------------------------------------- report


def score_set(drafts: Path, names: list[str], gold_dir: Path = GOLD) -> Tally:
    files = gold_files(gold_dir)
    total = Tally()
    for name in names:
        total.add(score(from_draft(Path(drafts) / name, name), from_gold(files[name])))
    return total


def agreement(second_dir: Path, gold_dir: Path = GOLD) -> tuple[Tally, list[str]]:
    """The second annotator's files scored against ours, with the same code as a draft."""
    files = gold_files(gold_dir)
    total, names = Tally(), []
    for path in sorted(Path(second_dir).glob("*.json")):
        if path.stem in files:
            total.add(score(from_gold(path), from_gold(files[path.stem])))
            names.append(path.stem)
    return total, names


ROWS = (
    ("actor clustering, mention-level B³ F1", "b3_f1", "≥ 0.90"),
    ("actor list precision (actors that are actors)", "actor_precision", "≥ 0.95"),
    (
        "actor list precision, counting every described group as not an actor",
        "actor_precision_strict",
        "",
    ),
    ("described groups drafted (descriptors, which the gold does not mark)", "described", ""),
    ("gold actors drafted (recall)", "actor_recall", ""),
    ("actor type right (4 classes)", "actor_type", ""),
    ("figures precision", "figure_precision", "≥ 0.95"),
    ("figures recall", "figure_recall", "≥ 0.90"),
    ("figures hedge right", "hedge_right", "≥ 0.98"),
    ("dated events precision (date and precision right)", "event_precision", "≥ 0.85"),
    ("dated events recall (date and precision right)", "event_recall", "≥ 0.75"),
    ("dated events, method right of matched", "method_right", ""),
    ("placeholder events", "placeholders", "0"),
)


def _fmt(v) -> str:
    if isinstance(v, int):
        return str(v)
    return "n/a" if v != v else f"{v:.3f}"


def met(key: str, value) -> str:
    target = TARGETS.get(key)
    if target is None or value != value:
        return ""
    ok = value <= target if key == "placeholders" else value >= target
    return " (met)" if ok else " (not met)"


def report(drafts: Path, gold_dir: Path = GOLD, second_dir: Path | None = None) -> str:
    sp = split(gold_dir / "README.md")
    sets = {"tuning 8": sp["tune"], "held-out 4": sp["held"], "all 12": sp["tune"] + sp["held"]}
    tallies = {k: score_set(drafts, v, gold_dir) for k, v in sets.items()}
    ceiling = None
    if second_dir and Path(second_dir).is_dir():
        ceiling, agreed = agreement(second_dir, gold_dir)
        ceiling = ceiling if agreed else None
    head = "| figure | target | " + " | ".join(sets) + " |"
    if ceiling:
        head += f" agreement ({len(agreed)} doubly annotated) |"
    lines = [
        "Actors, figures and dated events against the hand-made gold set (`bench/gold/`, "
        "`docs/gold-guidelines.md`):",
        "",
        head,
        "|---|---|" + "---|" * (len(sets) + bool(ceiling)),
    ]
    figs = {k: t.figures() for k, t in tallies.items()}
    for label, key, target in ROWS:
        row = f"| {label} | {target} | " + " | ".join(
            _fmt(figs[k][key]) + (met(key, figs[k][key]) if k != "tuning 8" else "") for k in sets
        )
        if ceiling:
            row += f" | {_fmt(ceiling.figures()[key])}"
        lines.append(row + " |")
    lines += ["", "Calibration (confidence against right or wrong; fit on the tuning 8):", ""]
    lines.append("| record type | set | records | right | ECE (≥ 100 records) | AUROC |")
    lines.append("|---|---|---|---|---|---|")
    for k in ("tuning 8", "held-out 4"):
        for kind, c in calibration_table(tallies[k].calibration).items():
            e = "n/a (< 100)" if c["ece"] is None else f"{c['ece']:.3f}"
            lines.append(f"| {kind} | {k} | {c['n']} | {c['right']} | {e} | {_fmt(c['auroc'])} |")
    groups = tallies["all 12"].described_names
    lines += ["", f"Described groups drafted on all 12 ({len(groups)}), not scored:", ""]
    lines.append("; ".join(groups) if groups else "none")
    miss = tallies["all 12"].misses
    lines += ["", f"Misses on all 12 ({len(miss)}):", ""]
    lines += [f"- {m}" for m in miss]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    import argparse
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    ap = argparse.ArgumentParser(description="Draft the 12 gold articles and score them.")
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR's data/dev folder")
    ap.add_argument("--out", type=Path, required=True, help="where to write the drafts")
    ap.add_argument("--second", type=Path, help="a second annotator's gold files")
    args = ap.parse_args(argv)
    draft_gold(args.polnear, args.out)
    print(report(args.out, second_dir=args.second))
    return 0


def draft_gold(polnear: Path, out: Path, nlp=None) -> None:
    """Draft the gold articles from PolNeAR's dev folder into ``out/<name>``."""
    from explainer.draft import assemble, corpus, pipeline, run, write

    metas = corpus.read_metadata(polnear / "metadata.tsv")
    nlp = nlp or pipeline.load()
    for name in gold_files():
        meta = metas.get(name, assemble.Meta())
        text = (polnear / "text" / f"{name}.txt").read_text(encoding="utf-8")
        d = run.draft_text(text, meta, nlp)
        write.write(out / name, run.package_files(text, d, meta))


if __name__ == "__main__":
    raise SystemExit(main())

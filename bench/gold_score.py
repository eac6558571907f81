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
- **Scope**: the guidelines' name layer (sections 1-5) marks names; their group layer (section 6)
  marks the groups an article describes ("the protesters"), as actors whose mentions have form
  ``descriptor``. A gold file with ``"layers": ["names", "groups"]`` has both, and a drafted
  actor with only ``descriptor`` mentions (a described group) is scored like any actor. A drafted
  descriptor of a *named* actor ("the company" on the company) is never marked by the gold, so it
  is left out everywhere. Against a gold file with names only, described groups are left out and
  listed apart, by name.
- **Views**: the actor figures are computed three times: on names and described groups together
  (the issue's targets), on names only (as before the group layer), and on described groups only
  (their own B³, precision, recall and type).
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
DESCRIPTOR = "descriptor"
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
    #: What the file marks: a gold file's ``layers`` (names only when it does not say); a draft
    #: drafts everything.
    layers: tuple[str, ...] = ("names", "groups")
    #: "gold" (every descriptor mention is a marked group) or "draft" (only a descriptor-only
    #: actor is a group; a descriptor on a named actor is out of the gold's scope).
    source: str = "draft"


def from_gold(path: Path) -> Annotation:
    g = json.loads(Path(path).read_text(encoding="utf-8"))
    ann = Annotation(g["article"], layers=tuple(g.get("layers", ["names"])), source="gold")
    for a in g["actors"]:
        ann.actors[a["id"]] = {
            "kind": a["kind"],
            "label": a["id"],
            "mentions": [
                (int(m[0]), int(m[1]), "", m[2] if len(m) > 2 else "name") for m in a["mentions"]
            ],
        }
    for i, f in enumerate(g.get("figures", [])):
        ann.figures.append({**f, "id": f.get("id", f"f{i}"), "value": float(f["value"])})
    for i, e in enumerate(g.get("events", [])):
        ann.events.append({**e, "id": e.get("id", f"e{i}"), "label": e.get("label", "")})
    return ann


FORMS = ("name", "title_and_name", "abbreviation_with_gloss", "metonym", "demonym", DESCRIPTOR)


def problems(path: Path, text: str | None = None) -> list[str]:
    """What is wrong with a gold file's actors, each naming the file, actor and field: unknown
    layers, kinds or forms, a described group whose kind is not in the group class, a span that
    is empty, runs past ``text`` (the article, when given) or overlaps another."""
    path = Path(path)
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"{path}: not a readable JSON file ({e})"]
    out = []
    layers = g.get("layers", ["names"])
    if not set(layers) <= {"names", "groups"} or not layers:
        out.append(f"{path}: layers {layers!r}: expected names and/or groups")
    spans = []
    for a in g.get("actors", []):
        aid = a.get("id", "?")
        if a.get("kind") not in KIND_CLASS:
            out.append(f"{path}: actor {aid}: kind {a.get('kind')!r} is not a contract kind")
        for m in a.get("mentions", []):
            if len(m) != 3 or not all(isinstance(x, int) for x in m[:2]) or m[2] not in FORMS:
                out.append(f"{path}: actor {aid}: mention {m!r}: expected [start, end, form]")
                continue
            if not 0 <= m[0] < m[1] or (text is not None and m[1] > len(text)):
                out.append(f"{path}: actor {aid}: mention {m[:2]}: not a span of the article")
            if m[2] == DESCRIPTOR and (
                "groups" not in layers or KIND_CLASS.get(a.get("kind")) != "group"
            ):
                out.append(
                    f"{path}: actor {aid}: descriptor {m[:2]} needs the groups layer and a group kind"
                )
            spans.append((m[0], m[1], aid))
    spans.sort()
    for (s1, e1, a1), (s2, e2, a2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            out.append(f"{path}: actors {a1} and {a2}: mentions {s1}-{e1} and {s2}-{e2} overlap")
    return out


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


def _form(m) -> str:
    return m[3] if len(m) > 3 else "name"


def group_ids(ann: Annotation) -> set[str]:
    """The actors that are described groups. In a gold file, every actor with a ``descriptor``
    mention (those mentions are the group layer; a group may join a named one, as a poll's
    "wealthy voters" join "Americans living in households making ..."). In a draft, an actor whose
    every mention is a descriptor: a descriptor of a named actor is not a group."""
    out = set()
    for aid, a in ann.actors.items():
        forms = [_form(m) for m in a["mentions"]]
        if DESCRIPTOR in forms and (ann.source == "gold" or all(f == DESCRIPTOR for f in forms)):
            out.add(aid)
    return out


def view(ann: Annotation, which: str) -> Annotation:
    """``ann`` as one view of the actors scores it: ``names`` (name mentions only), ``groups``
    (the descriptor mentions of described groups only) or ``all`` (both). A draft's descriptor of
    a named actor ("the company") is in none: the gold never marks one."""
    groups = group_ids(ann)
    out = Annotation(ann.name, {}, ann.figures, ann.events, ann.confidence, ann.layers, ann.source)
    for aid, a in ann.actors.items():
        keep = [
            m
            for m in a["mentions"]
            if (_form(m) != DESCRIPTOR and which != "groups")
            or (_form(m) == DESCRIPTOR and aid in groups and which != "names")
        ]
        if keep or (not a["mentions"] and which != "groups"):
            out.actors[aid] = {**a, "mentions": keep}
    return out


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
class ActorTally:
    """The actor figures of one view (names, described groups, or both)."""

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

    def add(self, other: ActorTally) -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)

    def figures(self) -> dict[str, float]:
        p, r = _ratio(self.b3_p, self.n_pm), _ratio(self.b3_r, self.n_gm)
        return {
            "b3_precision": p,
            "b3_recall": r,
            "b3_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "actor_precision": _ratio(self.actors_real, self.actors),
            "actor_recall": _ratio(self.gold_actors_found, self.gold_actors),
            "actor_type": _ratio(self.typed_right, self.typed),
            "actors": self.actors,
            "gold_actors": self.gold_actors,
        }


def _ratio(a, b) -> float:
    return a / b if b else float("nan")


def actor_tally(pred: Annotation, gold: Annotation) -> tuple[ActorTally, dict[str, str | None]]:
    """One view's actor figures, and each drafted actor's gold actor (None: not an actor)."""
    t = ActorTally()
    t.b3_p, t.b3_r, t.n_pm, t.n_gm = b_cubed(pred, gold)
    links = actor_links(pred, gold)
    t.actors = len(links)
    t.actors_real = sum(1 for g in links.values() if g)
    t.gold_actors = sum(1 for a in gold.actors.values() if a["mentions"])
    t.gold_actors_found = len({g for g in links.values() if g})
    for aid, g in links.items():
        if g is not None:
            t.typed += 1
            t.typed_right += KIND_CLASS.get(pred.actors[aid]["kind"]) == KIND_CLASS.get(
                gold.actors[g]["kind"]
            )
    return t, links


@dataclass
class Tally(ActorTally):
    """One article's figures, or a set's; its own actor fields are the combined view's."""

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
    described: int = 0  # drafted groups against gold with no group layer: not scored
    described_names: list[str] = field(default_factory=list)
    names: ActorTally = field(default_factory=ActorTally)  # the name layer alone
    groups: ActorTally = field(default_factory=ActorTally)  # described groups alone
    group_verdicts: list[str] = field(default_factory=list)  # each drafted group, right or not
    calibration: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], bool] = field(default_factory=dict)  # (table, id) -> right
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k, v in vars(other).items():
            if isinstance(v, (int, float)):
                setattr(self, k, getattr(self, k) + v)
        for k, pts in other.calibration.items():
            self.calibration.setdefault(k, []).extend(pts)
        self.names.add(other.names)
        self.groups.add(other.groups)
        self.misses.extend(other.misses)
        self.described_names.extend(other.described_names)
        self.group_verdicts.extend(other.group_verdicts)
        self.outcomes.update(other.outcomes)

    def figures(self) -> dict[str, float]:
        ratio = _ratio
        out = super().figures()
        out |= {f"names_{k}": v for k, v in self.names.figures().items()}
        out |= {f"groups_{k}": v for k, v in self.groups.figures().items()}
        return out | {
            "actor_precision_strict": ratio(self.actors_real, self.actors + self.described),
            "described": self.described,
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
    """The draft as a gold file with names only can judge it, and the actors it cannot: a
    drafted ``descriptor`` mention is neither right nor wrong there, and an actor with only such
    mentions (a group the article describes, "the mediators") is listed apart, not scored."""
    groups = group_ids(Annotation(pred.name, pred.actors, source="draft"))
    return view(pred, "names"), [_span_name(pred, pred.actors[aid]) for aid in sorted(groups)]


def score(pred: Annotation, gold: Annotation) -> Tally:
    """One article's figures. The actors are scored in three views (:func:`view`): names and
    described groups together (the targets; names only where the gold file has no group layer),
    names alone, described groups alone."""
    t = Tally()
    draft_groups = group_ids(pred)
    t.names, _ = actor_tally(view(pred, "names"), view(gold, "names"))
    groups_on = "groups" in gold.layers and "groups" in pred.layers
    if groups_on:
        t.groups, _ = actor_tally(view(pred, "groups"), view(gold, "groups"))
        pred_all, gold_all = view(pred, "all"), view(gold, "all")
    else:
        (pred_all, described), gold_all = scoped(pred), view(gold, "names")
        t.described, t.described_names = len(described), described
    main, links = actor_tally(pred_all, gold_all)
    for k, v in vars(main).items():
        setattr(t, k, v)
    gold_groups = group_ids(gold_all) if groups_on else set()
    cal = t.calibration
    for aid, g in links.items():
        a = pred_all.actors[aid]
        what = " (described group)" if aid in draft_groups else ""
        if aid in draft_groups and groups_on:
            t.group_verdicts.append(
                f"{_span_name(pred_all, a)} {'right' if g else 'not a group the gold marks'}"
            )
        if g is None:
            t.misses.append(f"not an actor{what}: {_span_name(pred_all, a)}")
        elif KIND_CLASS.get(a["kind"]) != KIND_CLASS.get(gold_all.actors[g]["kind"]):
            t.misses.append(
                f"type {a['kind']}, not {gold_all.actors[g]['kind']}: {_span_name(pred_all, a)}"
            )
        t.outcomes[("actors", aid)] = g is not None
        if ("actors", aid) in pred.confidence:
            cal.setdefault("actors", []).append((pred.confidence[("actors", aid)], g is not None))
    for gid, ga in gold_all.actors.items():
        if ga["mentions"] and gid not in set(links.values()):
            m = ga["mentions"][0]
            what = "described group" if gid in gold_groups else "actor"
            t.misses.append(f"{what} not drafted: {gid} ({gold.name} {m[0]}-{m[1]})")
    # aliases: right when the mention is a gold mention of the gold actor its drafted actor is
    pm, gm = _mentions(pred_all), _mentions(gold_all)
    link = match_spans([m[0] for m in pm], [m[0] for m in gm])
    for aid, a in pred_all.actors.items():
        for m in a["mentions"]:
            if len(m) > 2 and m[2]:
                i = pm.index(((m[0], m[1]), aid))
                ok = i in link and gm[link[i]][1] == links.get(aid)
                t.outcomes[("aliases", m[2])] = ok
            if len(m) > 2 and m[2] and ("aliases", m[2]) in pred.confidence:
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
    """The second annotator's files scored against ours, with the same code as a draft, on the
    layers their files have (``second/``: names; ``second-groups/``: described groups)."""
    files = gold_files(gold_dir)
    total, names = Tally(), []
    for path in sorted(Path(second_dir).glob("*.json")):
        if path.stem in files:
            total.add(score(from_gold(path), from_gold(files[path.stem])))
            names.append(path.stem)
    return total, names


ROWS = (
    ("actor clustering, mention-level B³ F1 (names and described groups)", "b3_f1", "≥ 0.90"),
    ("actor list precision (names and described groups)", "actor_precision", "≥ 0.95"),
    ("gold actors drafted (recall)", "actor_recall", ""),
    ("actor type right (4 classes)", "actor_type", ""),
    ("names only: B³ F1", "names_b3_f1", ""),
    ("names only: actor list precision", "names_actor_precision", ""),
    ("names only: gold actors drafted", "names_actor_recall", ""),
    ("described groups only: B³ F1", "groups_b3_f1", ""),
    (
        "described groups: precision (drafted groups that are gold groups)",
        "groups_actor_precision",
        "",
    ),
    ("described groups: recall (gold groups drafted)", "groups_actor_recall", ""),
    ("described groups: type right", "groups_actor_type", ""),
    ("described groups: drafted / in the gold", "groups_counts", ""),
    ("figures precision", "figure_precision", "≥ 0.95"),
    ("figures recall", "figure_recall", "≥ 0.90"),
    ("figures hedge right", "hedge_right", "≥ 0.98"),
    ("dated events precision (date and precision right)", "event_precision", "≥ 0.85"),
    ("dated events recall (date and precision right)", "event_recall", "≥ 0.75"),
    ("dated events, method right of matched", "method_right", ""),
    ("placeholder events", "placeholders", "0"),
)
#: Shown only when some gold file lacks the group layer (then drafted groups are not scored).
UNSCORED_ROWS = (
    ("drafted groups the gold cannot judge (no group layer)", "described", ""),
    ("actor list precision, counting each of them as not an actor", "actor_precision_strict", ""),
)


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    return "n/a" if v != v else f"{v:.3f}"


def met(key: str, value) -> str:
    target = TARGETS.get(key)
    if target is None or value != value:
        return ""
    ok = value <= target if key == "placeholders" else value >= target
    return " (met)" if ok else " (not met)"


def _row_figures(t: Tally) -> dict:
    f = t.figures()
    return f | {"groups_counts": f"{f['groups_actors']} / {f['groups_gold_actors']}"}


def report(drafts: Path, gold_dir: Path = GOLD, second_dir: Path | None = None) -> str:
    """The gold-set table of ``make bench-draft``. The agreement column is the second
    annotator's: ``second_dir`` (names) for every row, and its sibling ``second-groups`` (when
    present) for the described groups' rows."""
    sp = split(gold_dir / "README.md")
    sets = {"tuning 8": sp["tune"], "held-out 4": sp["held"], "all 12": sp["tune"] + sp["held"]}
    tallies = {k: score_set(drafts, v, gold_dir) for k, v in sets.items()}
    ceilings: dict[str, tuple[dict, list[str]]] = {}
    for layer, folder in (("names", second_dir), ("groups", _groups_dir(second_dir))):
        if folder and Path(folder).is_dir():
            tally, agreed = agreement(folder, gold_dir)
            if agreed:
                ceilings[layer] = (_row_figures(tally), agreed)
    head = "| figure | target | " + " | ".join(sets) + " |"
    if ceilings:
        done = ", ".join(f"{k} {len(v[1])}" for k, v in ceilings.items())
        head += f" agreement (doubly annotated: {done}) |"
    lines = [
        "Actors, figures and dated events against the hand-made gold set (`bench/gold/`, "
        "`docs/gold-guidelines.md`; described groups by its section 6):",
        "",
        head,
        "|---|---|" + "---|" * (len(sets) + bool(ceilings)),
    ]
    figs = {k: _row_figures(t) for k, t in tallies.items()}
    rows = ROWS + (UNSCORED_ROWS if any(f["described"] for f in figs.values()) else ())
    for label, key, target in rows:
        row = f"| {label} | {target} | " + " | ".join(
            _fmt(figs[k][key]) + (met(key, figs[k][key]) if k != "tuning 8" else "") for k in sets
        )
        if ceilings:
            layer = "groups" if key.startswith("groups_") else "names"
            row += f" | {_fmt(ceilings[layer][0][key]) if layer in ceilings else 'not yet'}"
        lines.append(row + " |")
    if ceilings and "groups" not in ceilings:
        lines += [
            "",
            "The agreement column is the name layer's (its combined rows included): no second "
            "annotator has marked described groups yet.",
        ]
    lines += ["", "Calibration (confidence against right or wrong; fit on the tuning 8):", ""]
    lines.append("| record type | set | records | right | ECE (≥ 100 records) | AUROC |")
    lines.append("|---|---|---|---|---|---|")
    for k in ("tuning 8", "held-out 4"):
        for kind, c in calibration_table(tallies[k].calibration).items():
            e = "n/a (< 100)" if c["ece"] is None else f"{c['ece']:.3f}"
            lines.append(f"| {kind} | {k} | {c['n']} | {c['right']} | {e} | {_fmt(c['auroc'])} |")
    verdicts = tallies["all 12"].group_verdicts
    lines += ["", f"Described groups drafted on all 12 ({len(verdicts)}), each judged:", ""]
    lines.append("; ".join(verdicts) if verdicts else "none")
    groups = tallies["all 12"].described_names
    if groups:
        lines += ["", f"Described groups drafted, not scored (no group layer; {len(groups)}):", ""]
        lines.append("; ".join(groups))
    miss = tallies["all 12"].misses
    lines += ["", f"Misses on all 12 ({len(miss)}):", ""]
    lines += [f"- {m}" for m in miss]
    return "\n".join(lines) + "\n"


def _groups_dir(second_dir: Path | None) -> Path | None:
    """The second annotator's described-group files: ``second-groups`` beside ``second``."""
    return Path(second_dir).parent / "second-groups" if second_dir else None


def main(argv=None) -> int:
    import argparse
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    ap = argparse.ArgumentParser(description="Draft the 12 gold articles and score them.")
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR's data/dev folder")
    ap.add_argument("--out", type=Path, help="where to write the drafts")
    ap.add_argument("--second", type=Path, help="a second annotator's gold files")
    ap.add_argument(
        "--check", type=Path, nargs="+", metavar="FILE", help="only check gold files, draft nothing"
    )
    args = ap.parse_args(argv)
    if args.check:
        found = []
        for path in args.check:
            text = args.polnear / "text" / f"{path.stem}.txt"
            if not text.is_file():
                found.append(f"{path}: no article {text}")
                continue
            found += problems(path, text.read_text(encoding="utf-8"))
        print("\n".join(found) or f"{len(args.check)} file(s): no problems")
        return 1 if found else 0
    if not args.out:
        ap.error("--out is required to draft and score")
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

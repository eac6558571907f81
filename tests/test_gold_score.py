"""The gold-set scorer (bench/gold_score.py) on tiny hand-made annotations, figures worked by hand."""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import gold_score as gs  # noqa: E402


def ann(actors=(), figures=(), events=(), name="t", layers=None):
    """A draft, or with ``layers`` a gold file that marks those layers."""
    a = gs.Annotation(name)
    if layers:
        a.layers, a.source = tuple(layers), "gold"
    for aid, kind, mentions in actors:
        a.actors[aid] = {"kind": kind, "label": aid, "mentions": list(mentions)}
    a.figures = [dict(f, id=f.get("id", f"f{i}")) for i, f in enumerate(figures)]
    a.events = [dict(e, id=e.get("id", f"e{i}")) for i, e in enumerate(events)]
    return a


# Bagga and Baldwin's own example shape: gold {1,2,3,4,5} {6,7}; response merges all seven.
SPANS = [(i * 10, i * 10 + 5) for i in range(7)]
GOLD_2 = ann([("A", "person", SPANS[:5]), ("B", "person", SPANS[5:])])


def test_b_cubed_of_a_merge_worked_by_hand():
    merged = ann([("X", "person", SPANS)])
    p, r, n_p, n_g = gs.b_cubed(merged, GOLD_2)
    # precision: five mentions see 5/7 right, two see 2/7: (5*5/7 + 2*2/7) / 7 = 29/49
    assert p / n_p == pytest.approx(29 / 49)
    assert r / n_g == pytest.approx(1.0)


def test_b_cubed_of_a_split_and_a_missed_mention():
    # A split in two (3 + 1), its fifth mention not drafted; B whole.
    split = ann([("X", "person", SPANS[:3]), ("Y", "person", SPANS[3:4]), ("Z", "org", SPANS[5:])])
    p, r, n_p, n_g = gs.b_cubed(split, GOLD_2)
    assert p / n_p == pytest.approx(1.0)
    # recall: A's mentions 3/5,3/5,3/5,1/5 and the missed one alone 1/5; B's 1,1: (11/5 + 2) / 7
    assert r / n_g == pytest.approx((11 / 5 + 2) / 7)


def test_identical_annotations_score_one_everywhere():
    g = ann(
        [("A", "person", SPANS[:2])],
        [{"start": 100, "end": 102, "value": 5.0, "hedge": "about"}],
        [
            {
                "start": 200,
                "end": 210,
                "date_start": "2016-09-01",
                "date_end": "2016-09-30",
                "precision": "range",
                "resolution": "computed",
                "label": "In September",
            }
        ],
    )
    f = gs.score(g, g).figures()
    for k in (
        "b3_f1",
        "actor_precision",
        "actor_recall",
        "actor_type",
        "figure_precision",
        "figure_recall",
        "hedge_right",
        "event_precision",
        "event_recall",
        "method_right",
    ):
        assert f[k] == 1.0, k
    assert f["placeholders"] == 0


def test_actor_list_precision_counts_actors_with_no_gold_mention():
    drafted = ann(
        [
            ("A", "person", SPANS[:5]),
            ("headline", "person", [(300, 310)]),
            ("publisher", "media_outlet", []),
        ]
    )
    t = gs.score(drafted, GOLD_2)
    # the publisher has no mention in the text and is not counted; "headline" is not an actor
    assert (t.actors, t.actors_real) == (2, 1)
    assert t.gold_actors_found == 1
    assert any("not an actor: headline" in m for m in t.misses)
    assert any("actor not drafted: B" in m for m in t.misses)


def test_against_names_only_gold_described_actors_are_listed_apart_not_scored():
    drafted = ann(
        [
            # A named twice, and once more by a descriptor ("the senator") the gold does not mark
            ("A", "person", [(*SPANS[0], "al_1", "name"), (*SPANS[1], "al_2", "name"),
                             (400, 410, "al_3", "descriptor")]),
            ("mediators", "group", [(300, 310, "al_4", "descriptor")]),
            ("headline", "person", [(500, 510, "al_5", "name")]),
        ]
    )  # fmt: skip
    names_only = ann([("A", "person", SPANS[:5]), ("B", "person", SPANS[5:])], layers=["names"])
    t = gs.score(drafted, names_only)
    # "mediators" is neither right nor wrong: listed apart; "headline" is still not an actor
    assert (t.actors, t.actors_real, t.described) == (2, 1, 1)
    assert t.described_names == ["mediators (t 300-310)"]
    f = t.figures()
    assert f["actor_precision"] == 0.5
    assert f["actor_precision_strict"] == pytest.approx(1 / 3)
    # the descriptor mention of A is not a drafted mention the gold can judge
    p, r, n_p, n_g = gs.b_cubed(gs.scoped(drafted)[0], GOLD_2)
    assert n_p == 3


# Gold with both layers: A and B named; "voters" (a described group, three mentions) and a named
# group "Americans" that a descriptor ("wealthy voters") joins.
BOTH = ann(
    [
        ("A", "person", [(0, 5, "", "name"), (10, 15, "", "name")]),
        ("B", "organisation", [(20, 25, "", "name")]),
        ("g1", "group", [(100, 106, "", "descriptor"), (200, 206, "", "descriptor"),
                         (300, 306, "", "descriptor")]),
        ("a5", "population", [(400, 409, "", "demonym"), (500, 514, "", "descriptor")]),
    ],
    layers=["names", "groups"],
)  # fmt: skip


def test_with_a_group_layer_drafted_groups_are_scored_like_any_actor():
    drafted = ann(
        [
            ("A", "person", [(0, 5, "al_1", "name"), (10, 15, "al_2", "name"),
                             (40, 50, "al_3", "descriptor")]),  # "the senator": out of scope
            ("B", "organisation", [(20, 25, "al_4", "name")]),
            # the group split in two: two mentions, then the third alone
            ("voters", "group", [(100, 106, "al_5", "descriptor"), (200, 206, "al_6", "descriptor")]),
            ("voters2", "group", [(300, 306, "al_7", "descriptor")]),
            ("members", "group", [(600, 607, "al_8", "descriptor")]),  # the gold marks no group here
            ("wealthy", "group", [(500, 514, "al_9", "descriptor")]),  # joins a5 in the gold
        ]
    )  # fmt: skip
    t = gs.score(drafted, BOTH)
    f = t.figures()
    # six drafted actors with a mention in scope; "members" is not an actor
    assert (t.actors, t.actors_real) == (6, 5)
    assert f["actor_precision"] == pytest.approx(5 / 6)
    assert f["actor_recall"] == 1.0  # A, B, g1 and a5 (by its descriptor) all drafted
    assert t.described == 0 and "actor_precision_strict" in f
    assert any(m == "not an actor (described group): members (t 600-607)" for m in t.misses)
    # the names view: only A and B, drafted whole; a5's name mention not drafted
    assert (f["names_actors"], f["names_actor_precision"]) == (2, 1.0)
    assert f["names_actor_recall"] == pytest.approx(2 / 3)
    # the groups view: four drafted groups, three on a gold group; g1 and a5 found
    assert (f["groups_actors"], f["groups_gold_actors"]) == (4, 2)
    assert f["groups_actor_precision"] == pytest.approx(3 / 4)
    assert f["groups_actor_recall"] == 1.0
    assert f["groups_actor_type"] == 1.0  # group and population are one class
    # groups B³ by hand. Drafted mentions: 100, 200 (cluster of 2, both g1), 300 (alone, g1),
    # 600 (alone, no gold), 500 (alone, a5): precision 1,1,1,1,1 = 1. Gold: g1's three see 2/3,
    # 2/3, 1/3; a5's one 1/1: recall (5/3 + 1) / 4 = 2/3.
    p, r = f["groups_b3_precision"], f["groups_b3_recall"]
    assert (p, r) == (pytest.approx(1.0), pytest.approx(2 / 3))
    assert f["groups_b3_f1"] == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))
    # the descriptor of the named actor A is in no view: A's B³ precision is untouched
    assert f["names_b3_precision"] == 1.0
    verdicts = t.group_verdicts
    assert "members (t 600-607) not a group the gold marks" in verdicts
    assert "voters (t 100-106) right" in verdicts
    # aliases of drafted groups are judged: al_7 falls on g1 but voters2 is g1 too, so right
    assert t.outcomes[("aliases", "al_7")] and not t.outcomes[("aliases", "al_8")]
    assert ("aliases", "al_3") not in t.outcomes


def test_a_group_not_drafted_is_a_miss_by_name():
    drafted = ann([("A", "person", [(0, 5, "al_1", "name"), (10, 15, "al_2", "name")])])
    t = gs.score(drafted, BOTH)
    assert any(m.startswith("described group not drafted: g1 (t 100-106)") for m in t.misses)
    assert t.figures()["groups_actor_recall"] == 0.0


def test_a_names_only_second_annotator_is_compared_on_names_only():
    second = ann([("x", "person", [(0, 5, "", "name"), (10, 15, "", "name")]),
                  ("y", "organisation", [(20, 25, "", "name")]),
                  ("z", "population", [(400, 409, "", "demonym")])], layers=["names"])  # fmt: skip
    f = gs.score(second, BOTH).figures()
    # our groups are not held against a file that does not mark them
    assert (f["b3_f1"], f["actor_precision"], f["actor_recall"]) == (1.0, 1.0, 1.0)


def test_actor_type_compares_classes_not_kinds():
    gold = ann([("A", "government_office", SPANS[:1]), ("B", "state", SPANS[1:2])])
    drafted = ann([("x", "organisation", SPANS[:1]), ("y", "person", SPANS[1:2])])
    t = gs.score(drafted, gold)
    assert (t.typed, t.typed_right) == (2, 1)


def test_figures_value_and_hedge():
    gold = ann(
        figures=[
            {"start": 0, "end": 12, "value": 2000.0, "hedge": "nearly"},
            {"start": 20, "end": 22, "value": 33.0, "hedge": ""},
            {"start": 30, "end": 31, "value": 8.0, "hedge": ""},
        ]
    )
    drafted = ann(
        figures=[
            {"start": 7, "end": 12, "value": 2000.0, "hedge": ""},  # hedge lost
            {"start": 20, "end": 22, "value": 3.0, "hedge": ""},  # wrong value
            {"start": 50, "end": 51, "value": 5.0, "hedge": ""},
        ]
    )  # "XY-5"
    f = gs.score(drafted, gold).figures()
    assert f["figure_precision"] == pytest.approx(1 / 3)
    assert f["figure_recall"] == pytest.approx(1 / 3)
    assert f["hedge_right"] == pytest.approx(1 / 2)
    assert any(m.startswith("hedge wrong: f0") for m in gs.score(drafted, gold).misses)


def test_dated_events_need_date_and_precision_and_placeholders_are_counted():
    gold = ann(
        events=[
            {
                "start": 0,
                "end": 12,
                "date_start": "2016-09-01",
                "date_end": "2016-09-30",
                "precision": "range",
                "resolution": "computed",
            },
            {
                "start": 40,
                "end": 50,
                "date_start": "2016-09-19",
                "date_end": "2016-09-19",
                "precision": "day",
                "resolution": "computed",
            },
        ]
    )
    drafted = ann(
        events=[
            {
                "start": 3,
                "end": 12,
                "date_start": "2016-09-01",
                "date_end": "2016-09-30",
                "precision": "range",
                "resolution": "stated",
                "label": "September",
            },
            {
                "start": 40,
                "end": 50,
                "date_start": "2016-09-12",
                "date_end": "2016-09-12",
                "precision": "day",
                "resolution": "computed",
                "label": "Monday",
            },
            {
                "start": 60,
                "end": 65,
                "date_start": "",
                "date_end": "",
                "precision": "unresolved",
                "resolution": "stated",
                "label": "Statement st_002",
            },
            {
                "start": 70,
                "end": 75,
                "date_start": "",
                "date_end": "",
                "precision": "unresolved",
                "resolution": "stated",
                "label": "Senate votes on the bill",
            },
        ]
    )
    f = gs.score(drafted, gold).figures()
    assert f["event_precision"] == pytest.approx(1 / 2)  # the two undated events are not counted
    assert f["event_recall"] == pytest.approx(1 / 2)
    assert f["method_right"] == pytest.approx(1 / 2)
    assert f["placeholders"] == 1


def test_ece_and_auroc_worked_by_hand():
    pts = [(0.9, True)] * 8 + [(0.9, False)] * 2 + [(0.2, False)] * 9 + [(0.2, True)]
    # bin 0.9: conf 0.9, accuracy 0.8; bin 0.2: conf 0.2, accuracy 0.1: ECE = 0.1
    assert gs.ece(pts) == pytest.approx(0.1)
    # positives: 8 at 0.9, 1 at 0.2; negatives: 2 at 0.9, 9 at 0.2
    wins = 8 * 9 + 8 * 2 * 0.5 + 1 * 9 * 0.5
    assert gs.auroc(pts) == pytest.approx(wins / (9 * 11))
    assert math.isnan(gs.auroc([(0.5, True)] * 3))


def test_a_draft_package_and_a_gold_file_are_read(tmp_path):
    folder = tmp_path / "art"
    folder.mkdir()

    def write(name, rows):
        _csv(folder / name, rows)

    write("actors.csv", [{"actor_id": "obama", "name": "Barack Obama", "kind": "person"}])
    write("aliases.csv", [{"alias_id": "al_001", "actor_id": "obama", "start": "0", "end": "5"}])
    write(
        "figures.csv",
        [{"figure_id": "fg_001", "start": "10", "end": "12", "value": "40", "hedge": ""}],
    )
    write(
        "events.csv",
        [
            {
                "event_id": "ev_001",
                "start": "20",
                "end": "26",
                "label": "Monday",
                "date_start": "2016-09-19",
                "date_end": "2016-09-19",
                "precision": "day",
                "resolution": "computed",
            }
        ],
    )
    write("provenance.csv", [{"record_id": "fg_001", "table": "figures", "confidence": "0.80"}])
    gold = tmp_path / "art.json"
    gold.write_text(
        json.dumps(
            {
                "article": "art",
                "actors": [{"id": "a1", "kind": "person", "mentions": [[0, 5, "name"]]}],
                "figures": [
                    {
                        "start": 10,
                        "end": 12,
                        "value": 40,
                        "hedge": "",
                        "bound": "exact",
                        "unit": "years",
                        "kind": "count",
                    }
                ],
                "events": [
                    {
                        "start": 17,
                        "end": 26,
                        "date_start": "2016-09-19",
                        "date_end": "2016-09-19",
                        "precision": "day",
                        "resolution": "computed",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert gs.from_gold(gold).layers == ("names",)  # a file that does not say has names only
    t = gs.score(gs.from_draft(folder), gs.from_gold(gold))
    f = t.figures()
    assert (f["b3_f1"], f["figure_precision"], f["event_recall"]) == (1.0, 1.0, 1.0)
    assert t.calibration == {"figures": [(0.8, True)]}


def test_split_reads_the_readme_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "| article | split | why |\n|---|---|---|\n| `a` | tune, **double** | x |\n"
        "| `b` | held out | y |\n| `c` | tune | z |\n",
        encoding="utf-8",
    )
    assert gs.split(readme) == {"tune": ["a", "c"], "held": ["b"], "double": ["a"]}


def test_the_gold_set_is_twelve_articles_split_eight_and_four():
    sp = gs.split()
    assert len(sp["tune"]) == 8 and len(sp["held"]) == 4 and len(sp["double"]) == 3
    assert set(sp["tune"] + sp["held"]) == set(gs.gold_files())


def test_every_gold_file_has_the_group_layer_and_no_problem():
    second = [*(gs.GOLD / "second").glob("*.json"), *(gs.GOLD / "second-groups").glob("*.json")]
    for path in [*gs.gold_files().values(), *second]:
        assert gs.problems(path) == [], path
    for name, path in gs.gold_files().items():
        assert json.loads(path.read_text(encoding="utf-8"))["layers"] == ["names", "groups"], name


def test_problems_name_the_file_actor_and_field(tmp_path):
    bad = tmp_path / "art.json"
    bad.write_text(
        json.dumps(
            {
                "article": "art",
                "layers": ["groups"],
                "actors": [
                    {"id": "g1", "kind": "person", "mentions": [[10, 16, "descriptor"]]},
                    {"id": "g2", "kind": "group", "mentions": [[14, 20, "descriptor"], [30, 25]]},
                    {"id": "g3", "kind": "group", "mentions": [[40, 90, "descriptor"]]},
                ],
            }
        ),
        encoding="utf-8",
    )
    found = gs.problems(bad, text="x" * 60)
    assert f"{bad}: actor g1: descriptor [10, 16] needs the groups layer and a group kind" in found
    assert f"{bad}: actor g2: mention [30, 25]: expected [start, end, form]" in found
    assert f"{bad}: actor g3: mention [40, 90]: not a span of the article" in found
    assert f"{bad}: actors g1 and g2: mentions 10-16 and 14-20 overlap" in found
    assert len(found) == 4
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "art.txt").write_text("x" * 60, encoding="utf-8")
    assert gs.main(["--polnear", str(tmp_path), "--check", str(bad)]) == 1


def test_confidence_is_the_smoothed_share_right_per_cell():
    from explainer.draft import fact_confidence as confidence

    cells = {"figures": [("count|unit|", True)] * 6 + [("idiom|no unit|", False)] * 2}
    fitted = confidence.fit(cells)["figures"]
    assert fitted["_table"] == 0.75
    # (right + PRIOR * share) / (records + PRIOR)
    assert fitted["count|unit|"] == round((6 + 4 * 0.75) / (6 + 4), 3)
    assert fitted["idiom|no unit|"] == round((0 + 4 * 0.75) / (2 + 4), 3)
    tables = {
        "figures": [{"figure_id": "fg_001", "kind": "idiom", "unit": "unit not found", "hedge": ""}]
    }
    prov = [{"table": "figures", "record_id": "fg_001", "confidence": "0.30"}]
    confidence.fitted.cache_clear()
    saved = confidence.fitted
    confidence.fitted = lambda: {"figures": fitted}
    try:
        confidence.apply(tables, prov)
    finally:
        confidence.fitted = saved
    assert prov[0]["confidence"] == f"{fitted['idiom|no unit|']:.2f}"


def test_a_second_annotator_marking_groups_only_is_scored_on_groups(tmp_path):
    gold = {
        "article": "art",
        "layers": ["names", "groups"],
        "actors": [
            {"id": "a1", "kind": "person", "mentions": [[0, 5, "name"]]},
            {"id": "g1", "kind": "group", "mentions": [[10, 16, "descriptor"], [30, 36, "descriptor"]]},
            {"id": "g2", "kind": "group", "mentions": [[50, 57, "descriptor"]]},
        ],
        "figures": [],
        "events": [],
    }  # fmt: skip
    second = {
        "article": "art",
        "layers": ["groups"],
        "actors": [
            {"id": "x", "kind": "group", "mentions": [[10, 16, "descriptor"]]},
            {"id": "y", "kind": "group", "mentions": [[30, 36, "descriptor"]]},
            {"id": "z", "kind": "group", "mentions": [[70, 75, "descriptor"]]},
        ],
    }  # fmt: skip
    (tmp_path / "art.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "second-groups").mkdir()
    (tmp_path / "second-groups" / "art.json").write_text(json.dumps(second), encoding="utf-8")
    tally, names = gs.agreement(tmp_path / "second-groups", tmp_path)
    f = tally.figures()
    assert names == ["art"]
    # x and y split g1; z is no gold group; g2 missed
    assert f["groups_actor_precision"] == pytest.approx(2 / 3)
    assert f["groups_actor_recall"] == pytest.approx(1 / 2)
    # B³: second's mentions each alone, two on g1, one on nothing: precision 1; gold's g1
    # mentions see 1/2 each, g2 alone 1: recall (1/2 + 1/2 + 1) / 3
    assert f["groups_b3_recall"] == pytest.approx(2 / 3)
    assert f["groups_b3_precision"] == pytest.approx(1.0)
    assert gs._groups_dir(tmp_path / "second") == tmp_path / "second-groups"


def _csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_the_report_judges_each_drafted_group_and_fills_the_groups_agreement(tmp_path):
    gold_dir, drafts = tmp_path / "gold", tmp_path / "drafts"
    (gold_dir / "second-groups").mkdir(parents=True)
    (gold_dir / "README.md").write_text(
        "| article | split | why |\n|---|---|---|\n| `a` | tune | x |\n| `b` | held out | y |\n",
        encoding="utf-8",
    )
    gold = {
        "layers": ["names", "groups"],
        "actors": [
            {"id": "a1", "kind": "person", "mentions": [[0, 5, "name"]]},
            {"id": "g1", "kind": "group", "mentions": [[20, 27, "descriptor"]]},
        ],
        "figures": [],
        "events": [],
    }
    for name in ("a", "b"):
        (gold_dir / f"{name}.json").write_text(json.dumps({"article": name, **gold}), "utf-8")
        folder = drafts / name
        folder.mkdir(parents=True)
        _csv(
            folder / "actors.csv",
            [
                {"actor_id": "x", "name": "Xavier", "kind": "person"},
                {"actor_id": "voters", "name": "Voters", "kind": "group"},
                {"actor_id": "workers", "name": "Workers", "kind": "group"},
            ],
        )
        _csv(
            folder / "aliases.csv",
            [
                {"alias_id": "al_1", "actor_id": "x", "start": 0, "end": 5, "form": "name"},
                {"alias_id": "al_2", "actor_id": "voters", "start": 20, "end": 27,
                 "form": "descriptor"},
                {"alias_id": "al_3", "actor_id": "workers", "start": 40, "end": 47,
                 "form": "descriptor"},
            ],
        )  # fmt: skip
    second = {"article": "a", "layers": ["groups"], "actors": gold["actors"][1:]}
    (gold_dir / "second-groups" / "a.json").write_text(json.dumps(second), encoding="utf-8")
    out = gs.report(drafts, gold_dir, gold_dir / "second")
    rows = {line.split(" | ")[0]: line for line in out.splitlines() if line.startswith("| ")}
    # three drafted actors per article, one ("Workers") no gold actor: 2/3, below the target
    precision = rows["| actor list precision (names and described groups)"]
    assert precision.endswith("| 0.667 | 0.667 (not met) | 0.667 (not met) | not yet |")
    assert rows["| described groups: drafted / in the gold"].endswith(
        "| 2 / 1 | 2 / 1 | 4 / 2 | 1 / 1 |"
    )
    assert rows["| names only: B³ F1"].endswith("| not yet |")  # no names agreement given
    assert "agreement (doubly annotated: groups 1)" in out
    assert "Voters (a 20-27) right; Workers (a 40-47) not a group the gold marks" in out
    assert "- not an actor (described group): Workers (b 40-47)" in out

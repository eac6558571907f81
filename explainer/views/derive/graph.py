"""The actor network: relation families, the layout of nodes and edges, and where names go."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from explainer.package import NARRATION
from explainer.package import settings as package_settings
from explainer.package.facts import Facts
from explainer.views.derive.links import href
from explainer.views.derive.relaying import relay_chains
from explainer.views.derive.roster import actor_names, voice_labels
from explainer.views.derive.sourcing import article_source

#: The family of the relation kinds a package groups in none of its families, when there are
#: more kinds than a chart has colours for.
OTHER_RELATIONS = "other relations"


def relation_families(facts: Facts, limit: int) -> dict[str, str]:
    """Each relation kind → the family it is drawn in: at most ``limit`` families, and
    :data:`OTHER_RELATIONS` for the rest.

    The package names its families in ``datapackage.json`` under ``explainer.relation_families``
    (family name → the kinds in it; a kind listed twice stays in the first), in the order they
    take colours. A kind in no family is a family of its own, named in words ("supports
    proposal"), after the named families, the most frequent first. Families past the
    ``limit``-th are drawn together as :data:`OTHER_RELATIONS`."""
    settings = package_settings.of(facts.descriptor).get("relation_families") or {}
    counts = facts.relations.kind.astype(str).value_counts()
    kinds = sorted(counts.index, key=lambda k: (-counts[k], k))
    family: dict[str, str] = {}
    for name, members in settings.items():
        for kind in members:
            family.setdefault(str(kind), str(name))
    named = [str(name) for name in settings if any(family.get(k) == name for k in kinds)]
    own = {k: k.replace("_", " ") for k in kinds if k not in family}
    kept = set((named + list(own.values()))[:limit])
    return {k: f if (f := family.get(k, own.get(k))) in kept else OTHER_RELATIONS for k in kinds}


def relation_chains(facts: Facts) -> dict[str, str]:
    """relation_id → its relay chain: the one chain every view shows for it (the record card,
    records.csv, the actors page's tables and the network's tooltip; read 4, m6).

    A relation restates the innermost statement whose anchor holds its own, and keeps that
    statement's chain (rule 2), when it is in that statement's voice, or when the narration
    reports what the statement's speaker did ("Hamas called for ... a siege": its subject is the
    speaker) in words other than the speaker's name. Everything else the narration says around
    a statement is its own, and its chain is the publisher alone: the name it gives the speaker
    ("Israeli Defense Minister Israel Katz serves in the Israeli government") and the relay it
    names ("according to Iranian state-run media")."""
    chains = relay_chains(facts)
    publisher = str(article_source(facts).publisher)
    st = facts.statements
    spans = list(
        zip(st.start, st.end, st.statement_id, st.voice_id.astype(str), st.speaker_id, strict=True)
    )
    al = facts.aliases
    names = set(zip(al.actor_id.astype(str), al.start, al.end, strict=True))
    found = {}
    for r in facts.relations.itertuples():
        voice = str(r.voice_id)
        holding = sorted(
            (e - s, sid, v, speaker)
            for s, e, sid, v, speaker in spans
            if s <= r.start and r.end <= e
        )
        chain = publisher
        for _, sid, v, speaker in holding:
            speaker = str(speaker) if isinstance(speaker, str) else ""
            restates = v == voice or (
                voice == NARRATION
                and speaker == str(r.subject_id)
                and (speaker, r.start, r.end) not in names
            )
            if restates and sid in chains:
                chain = chains[sid]
                break
        found[str(r.relation_id)] = chain
    return found


def network(
    facts: Facts, seed: int = 7, family_limit: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node positions (deterministic spring layout) and edges for the actor network, each edge
    with its kind's family (:func:`relation_families`, at most ``family_limit`` of them)."""
    import networkx as nx

    rel = facts.relations
    graph = nx.Graph()
    used = sorted(set(rel.subject_id) | set(rel.object_id))
    graph.add_nodes_from(used)
    graph.add_edges_from(zip(rel.subject_id, rel.object_id, strict=True))
    # The layout also pulls together what the drawing does not show as edges: an actor and the body
    # it belongs to (actors.part_of), and the publisher and each voice it quotes (relay_hops). Without
    # them the outlet and the Israeli government float off as separate islands.
    layout = graph.copy()
    for child, parent in zip(facts.actors.actor_id, facts.actors.part_of, strict=True):
        if child in graph and isinstance(parent, str) and parent in graph:
            layout.add_edge(child, parent)
    for a, b in zip(
        facts.relay_hops.actor_id,
        facts.relay_hops.statement_id.map(
            dict(zip(facts.statements.statement_id, facts.statements.speaker_id, strict=True))
        ),
        strict=True,
    ):
        if a in graph and isinstance(b, str) and b in graph and a != b:
            layout.add_edge(a, b)
    start = nx.circular_layout(sorted(layout))
    pos = nx.spring_layout(layout, pos=start, seed=seed, k=0.55, iterations=300)
    names = actor_names(facts)
    kinds = dict(zip(facts.actors.actor_id, facts.actors.kind.astype(str), strict=True))
    degree = dict(graph.degree())
    nodes = pd.DataFrame(
        [
            {
                "actor_id": a,
                "actor": names[a],
                "kind": kinds[a].replace("_", " "),
                "x": round(float(pos[a][0]), 4),
                "y": round(float(pos[a][1]), 4),
                "relations": degree[a],
            }
            for a in used
        ]
    )
    labels = voice_labels(facts)
    edges = pd.DataFrame(
        {
            "id": rel.relation_id,
            "subject": rel.subject_id.map(names),
            "object": rel.object_id.map(names),
            "kind": rel.kind.astype(str),
            "relation": rel.kind.astype(str).str.replace("_", " "),
            "family": rel.kind.astype(str).map(relation_families(facts, family_limit)),
            "detail": rel.detail,
            "stated_by": rel.voice_id.astype(str).map(labels),
            "relay": rel.relation_id.map(relation_chains(facts)),
            "voice": rel.voice_id.astype(str),
            "x": rel.subject_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y": rel.subject_id.map(lambda a: round(float(pos[a][1]), 4)),
            "x2": rel.object_id.map(lambda a: round(float(pos[a][0]), 4)),
            "y2": rel.object_id.map(lambda a: round(float(pos[a][1]), 4)),
            "href": rel.relation_id.map(href),
        }
    )
    return nodes, side_by_side(edges)


#: How far apart (as a share of the layout's width) two relations between the same two actors
#: are drawn, so that each shows its own colour instead of the last one covering the others.
#: 0.02 keeps lines about 6 px apart in a phone's column (read 4, m12: at 0.012 they
#: touched, and neither colour nor arrow could be read there).
PARALLEL_GAP = 0.02


def side_by_side(edges: pd.DataFrame) -> pd.DataFrame:
    """``edges`` with where each line is drawn (``lx``, ``ly`` to ``lx2``, ``ly2``): on the line
    between its two actors (``x``, ``y`` to ``x2``, ``y2``), or, where the article relates the
    same two actors more than once, moved sideways so that the lines lie side by side,
    :data:`PARALLEL_GAP` apart, centred on that line."""
    out = edges.copy()
    span = max(float(pd.concat([edges.x, edges.x2]).agg(["min", "max"]).diff().iloc[-1]), 1e-9)
    pair = [tuple(sorted(p)) for p in zip(edges.subject, edges.object, strict=True)]
    seen: Counter = Counter()
    total = Counter(pair)
    shifts = []
    for (x, y, x2, y2), key in zip(
        edges[["x", "y", "x2", "y2"]].itertuples(index=False), pair, strict=True
    ):
        n, k = total[key], seen[key]
        seen[key] += 1
        length = ((x2 - x) ** 2 + (y2 - y) ** 2) ** 0.5 or 1.0
        # One normal for the pair, whichever way each relation points.
        sign = 1 if (x, y) <= (x2, y2) else -1
        nx, ny = -(y2 - y) / length * sign, (x2 - x) / length * sign
        step = (k - (n - 1) / 2) * PARALLEL_GAP * span
        shifts.append((nx * step, ny * step))
    dx = pd.Series([s[0] for s in shifts], index=edges.index)
    dy = pd.Series([s[1] for s in shifts], index=edges.index)
    out["lx"], out["ly"] = (edges.x + dx).round(4), (edges.y + dy).round(4)
    out["lx2"], out["ly2"] = (edges.x2 + dx).round(4), (edges.y2 + dy).round(4)
    return out


#: Where a node's name sits in the actor network: names near the left and right edges of the
#: drawing run inwards from their node, so that none runs off a narrow chart.
NETWORK_EDGE_SHARE = 0.15


def name_alignment(nodes: pd.DataFrame) -> pd.Series:
    """ "left", "right" or "center" for each node's name (see :data:`NETWORK_EDGE_SHARE`)."""
    edge = (nodes.x.max() - nodes.x.min()) * NETWORK_EDGE_SHARE
    return nodes.x.map(
        lambda x: (
            "left"
            if x < nodes.x.min() + edge
            else "right"
            if x > nodes.x.max() - edge
            else "center"
        )
    )


#: The narrowest drawing of the actor network, where names crowd most (a phone): plot size
#: in px, and the width of a character and the height of a line of its 9 px names.
PHONE_PLOT = {"width": 300.0, "height": 400.0, "char": 5.6, "line": 12.0}


def name_boxes(nodes: pd.DataFrame, under: pd.Series) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in px on a phone of each node's name, under the node where
    ``under`` is True and above it elsewhere."""
    size = PHONE_PLOT
    span_x = (nodes.x.max() - nodes.x.min()) or 1.0
    span_y = (nodes.y.max() - nodes.y.min()) or 1.0
    align = name_alignment(nodes)
    boxes = []
    for i in nodes.index:
        x = (nodes.x[i] - nodes.x.min()) / span_x * size["width"]
        y = (nodes.y.max() - nodes.y[i]) / span_y * size["height"]
        w = len(str(nodes.actor[i])) * size["char"]
        left = {"left": x, "right": x - w}.get(align[i], x - w / 2)
        top = y + 8 if under[i] else y - 13 - size["line"] / 2
        boxes.append((left, top, left + w, top + size["line"]))
    return boxes


def boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def names_below(nodes: pd.DataFrame) -> pd.Series:
    """True for each node whose name goes under it rather than above: greedily, from the top of
    the drawing down, a name that would overlap one already placed moves below its node, if
    that clears it. Measured for a phone (:data:`PHONE_PLOT`)."""
    above = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(False, index=nodes.index)), strict=True)
    )
    under = dict(
        zip(nodes.index, name_boxes(nodes, pd.Series(True, index=nodes.index)), strict=True)
    )
    placed: list[tuple[float, float, float, float]] = []
    below = pd.Series(False, index=nodes.index)
    for i in nodes.sort_values("y", ascending=False).index:
        if any(boxes_overlap(above[i], p) for p in placed) and not any(
            boxes_overlap(under[i], p) for p in placed
        ):
            below[i] = True
            placed.append(under[i])
        else:
            placed.append(above[i])
    return below

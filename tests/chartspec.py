"""Reading a chart's Vega-Lite spec in tests: its views and their rows, encodings, titles.

Shared by tests/test_charts.py (what every chart must do, for any package) and the golden tests
of an article (tests/golden/).
"""

from __future__ import annotations

from explainer.views import charts


def discover_charts() -> list[str]:
    """The names of the site's charts (explainer.views.charts.CHARTS), in the pages' order."""
    return [fn.__name__ for fn in charts.CHARTS]


def _rows(data: dict | None, datasets: dict) -> list[dict]:
    if not data:
        return []
    if "values" in data:
        return list(data["values"])
    if "name" in data:
        return list(datasets[data["name"]])
    raise AssertionError(f"unexpected data reference {data!r}")


def views(spec: dict, datasets: dict | None = None, inherited: dict | None = None):
    """Yield (unit spec, its data rows) for every view with a mark, following layers, concats and
    facets and resolving named datasets (transforms are not applied)."""
    datasets = spec.get("datasets", {}) if datasets is None else datasets
    data = spec.get("data", inherited)
    if "mark" in spec:
        yield spec, _rows(data, datasets)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from views(sub, datasets, data)
    if isinstance(spec.get("spec"), dict):
        yield from views(spec["spec"], datasets, data)


def mark_type(view: dict) -> str:
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def enc(view: dict, channel: str) -> dict:
    return view.get("encoding", {}).get(channel, {})


def tooltip_fields(view: dict) -> list[str]:
    tip = enc(view, "tooltip")
    tips = tip if isinstance(tip, list) else [tip]
    return [t.get("field") for t in tips if isinstance(t, dict)]


def title_text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return title or ""


def all_rows(spec: dict) -> list[dict]:
    return [row for _, rows in views(spec) for row in rows]


def walk(node):
    """Every dict inside a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def relay_views(spec):
    """The relay chart's links (rules) and hops (points), each as (view, rows)."""
    vs = list(views(spec))
    links = [(v, rows) for v, rows in vs if mark_type(v) == "rule"]
    hops = [(v, rows) for v, rows in vs if mark_type(v) in ("circle", "point")]
    return links, hops

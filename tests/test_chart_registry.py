"""Every chart is declared once (explainer/views/charts/registry.py): its tooltips and its data
table are titled from that one list of fields, and it is on the page the registry names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer.views import charts, render
from explainer.views.charts import registry
from explainer.views.charts.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
CHART_CALL = re.compile(r"\bcharts\.([A-Za-z_]\w*)\(")


def tooltips(node: object) -> list[tuple[str, str | None]]:
    """(field, title) of every tooltip in a Vega-Lite spec, in every layer, concat and facet."""
    found: list[tuple[str, str | None]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "tooltip":
                for tip in value if isinstance(value, list) else [value]:
                    if isinstance(tip, dict) and "field" in tip:
                        found.append((tip["field"], tip.get("title")))
            else:
                found += tooltips(value)
    elif isinstance(node, list):
        for value in node:
            found += tooltips(value)
    return found


def disagreements(spec: dict, declared: registry.Declared) -> list[str]:
    """Where a chart's tooltips or data table differ from its declaration, or from each other."""
    titles = {f.key: f.title for f in declared.fields}
    wrong = []
    for field, title in tooltips(spec):
        if field not in titles:
            wrong.append(f"tooltip field {field!r} is not declared")
        elif title != titles[field]:
            wrong.append(f"tooltip {field!r} is titled {title!r}, declared {titles[field]!r}")
    columns = [tuple(c) for c in spec.get("usermeta", {}).get(render.TABLE_KEY, {})["columns"]]
    if columns != declared.columns():
        wrong.append(f"table columns {columns} are not the declared {declared.columns()}")
    table = dict(columns)
    for field, title in tooltips(spec):
        if field in table and table[field] != title:
            wrong.append(f"{field!r}: tooltip {title!r}, table {table[field]!r}")
    return wrong


@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_charts_tooltips_and_table_agree_with_its_declaration(facts, name):
    spec = getattr(charts, name)(facts).to_dict()
    assert tooltips(spec), f"{name} has no tooltip"
    assert disagreements(spec, REGISTRY[name]) == []
    assert spec["usermeta"][render.TABLE_KEY]["caption"] == _title(spec)


def _title(spec: dict) -> str:
    text = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    return " ".join(text) if isinstance(text, list) else text


def test_a_drifting_title_is_caught(facts):
    """The check can fail: a tooltip titled by hand, or a table column, that the declaration
    does not title so."""
    spec = charts.voice_share(facts).to_dict()
    declared = REGISTRY["voice_share"]
    drifted = {**spec, "encoding": {"tooltip": [{"field": "words", "title": "Word count"}]}}
    assert any("'words' is titled 'Word count'" in w for w in disagreements(drifted, declared))
    meta = spec["usermeta"][render.TABLE_KEY]
    renamed = [["voice_label", "Speaker"], *meta["columns"][1:]]
    other = {**spec, "usermeta": {render.TABLE_KEY: {**meta, "columns": renamed}}}
    assert any("table columns" in w for w in disagreements(other, declared))


def test_every_chart_function_is_registered_in_the_same_order():
    assert [fn.__name__ for fn in charts.CHARTS] == list(REGISTRY)
    for fn in charts.CHARTS:
        assert fn.__module__ == f"explainer.views.charts.{REGISTRY[fn.__name__].page}_page"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_registered_chart_is_on_its_page(name):
    page = ROOT / "book" / f"{REGISTRY[name].page}.md"
    assert name in CHART_CALL.findall(page.read_text(encoding="utf-8")), (
        f"{name} is registered on {page.name}, which does not draw it"
    )


def test_every_chart_a_page_draws_is_registered():
    pages = [*(ROOT / "book").glob("*.md"), *(ROOT / "explainer/site/pages").glob("*.md")]
    drawn = {
        name for page in pages for name in CHART_CALL.findall(page.read_text(encoding="utf-8"))
    }
    assert drawn and drawn <= set(REGISTRY), drawn - set(REGISTRY)


def test_a_declaration_refuses_a_field_twice():
    with pytest.raises(ValueError, match="again"):
        registry.declare("x_twice", "index", "T", "D", registry.VOICE, registry.VOICE)
    assert "x_twice" not in REGISTRY

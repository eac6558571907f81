"""Unit tests of explainer/views/render.py: the offline Altair renderer used by the book."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from explainer.views import render


@pytest.fixture(autouse=True)
def _restore_altair_renderer():
    """Tests switch renderers; put Altair back the way it was afterwards."""
    before = alt.renderers.active
    yield
    alt.renderers.enable(before)


def _chart(labels: list[str], **props: str) -> alt.Chart:
    data = pd.DataFrame({"label": labels, "value": range(1, len(labels) + 1)})
    chart = alt.Chart(data).mark_bar().encode(x="label:N", y="value:Q")
    return chart.properties(**props) if props else chart


def _spec_json(html: str) -> str:
    match = re.search(
        r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>', html, re.DOTALL
    )
    assert match, html
    return match.group(1)


HOSTILE = ["</script><script>alert(1)</script>", "<!-- <script>", "a & b > c", "\u2028"]


def test_hostile_strings_cannot_leave_the_json_block():
    spec = _chart(HOSTILE, title="</script>", description="<!--").to_dict()
    html = render.spec_to_html(spec)
    body = _spec_json(html)
    # The block ends at the first "</script>", which must be the real end ...
    assert "<" not in body and ">" not in body and "&" not in body
    assert html.count("</script>") == 1
    # ... and the browser's JSON.parse (like Python's json) gets the original strings back.
    parsed = json.loads(body)
    assert parsed == spec
    values = next(iter(parsed["datasets"].values()))
    assert [row["label"] for row in values] == HOSTILE


def test_script_safe_json_escapes_only_what_it_must():
    text = render.script_safe_json({"s": "<&>\u2028é"})
    assert text == '{"s":"\\u003c\\u0026\\u003e\\u2028é"}'
    assert json.loads(text) == {"s": "<&>\u2028é"}


def test_the_charts_name_is_the_description_and_is_escaped():
    spec = _chart(["a"], title="T", description='Bars "quoted" <b>').to_dict()
    html = render.spec_to_html(spec)
    assert 'aria-label="Bars &quot;quoted&quot; &lt;b&gt;"' in html


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"title": "Only a title"}, "Only a title"),
        ({"title": alt.TitleParams("Title object")}, "Title object"),
        ({}, "Chart"),
    ],
)
def test_alt_text_falls_back_to_title_then_chart(props, expected):
    assert render.chart_description(_chart(["a"], **props).to_dict()) == expected


def test_html_structure_and_ids():
    spec = _chart(["a", "b"], width="container", description="D").to_dict()
    digest = render.spec_hash(spec)
    assert re.fullmatch(r"[0-9a-f]{16}", digest)
    html = render.spec_to_html(spec)
    # The chart's box, named as vega-embed names a chart; the build puts its drawings inside.
    assert html.startswith(
        f'<div class="vega-chart" id="vis-{digest}" style="width:100%" role="graphics-document"'
        ' aria-roledescription="visualization" aria-label="D"></div>'
    )
    assert f'data-hash="{digest}"' in html
    # No executable inline script: the only <script> is the inert JSON block.
    assert html.count("<script") == 1


def test_same_chart_twice_gets_unique_ids_but_one_hash():
    spec = _chart(["twice"]).to_dict()
    first, second = render.spec_to_html(spec), render.spec_to_html(spec)
    ids = [re.search(r'id="(vis-[^"]+)"', h).group(1) for h in (first, second)]
    assert ids[0] != ids[1]
    digest = render.spec_hash(spec)
    assert all(f'data-hash="{digest}"' in h for h in (first, second))


def test_hash_ignores_key_order():
    assert render.spec_hash({"a": 1, "b": [1, 2]}) == render.spec_hash({"b": [1, 2], "a": 1})
    assert render.spec_hash({"a": 1}) != render.spec_hash({"a": 2})


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, render.RENDERER_NAME),  # a jupyter-book build, a script, pytest
        ({"JPY_SESSION_NAME": "/work/book/index.md"}, render.LAB_RENDERER),  # JupyterLab kernel
        ({"JPY_SESSION_NAME": ""}, render.RENDERER_NAME),
        ({"EXPLAINER_RENDERER": "default"}, "default"),
        ({"EXPLAINER_RENDERER": "book", "JPY_SESSION_NAME": "x"}, render.RENDERER_NAME),
        ({"EXPLAINER_RENDERER": " Default "}, "default"),
        ({"EXPLAINER_RENDERER": "lab"}, render.LAB_RENDERER),
    ],
)
def test_renderer_choice(environ, expected):
    assert render.choose_renderer(environ) == expected


def test_renderer_choice_rejects_unknown_values():
    with pytest.raises(ValueError, match="EXPLAINER_RENDERER"):
        render.choose_renderer({"EXPLAINER_RENDERER": "html"})


def test_choice_reads_os_environ(monkeypatch):
    monkeypatch.delenv("EXPLAINER_RENDERER", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "lab")
    assert render.choose_renderer() == render.LAB_RENDERER
    monkeypatch.setenv("EXPLAINER_RENDERER", "book")
    assert render.choose_renderer() == render.RENDERER_NAME


def test_import_registers_without_enabling():
    assert render.RENDERER_NAME in alt.renderers.names()
    alt.renderers.enable("default")
    import importlib

    importlib.reload(render)
    assert alt.renderers.active == "default"


def test_enable_activates_book_renderer_and_charts_use_it():
    assert render.enable({}) == render.RENDERER_NAME
    assert alt.renderers.active == render.RENDERER_NAME
    bundle = _chart(["x"], description="A bar")._repr_mimebundle_()
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    assert set(bundle) == {"text/html"}
    assert 'class="vega-chart"' in bundle["text/html"]
    assert "cdn" not in bundle["text/html"].lower()


def test_enable_in_jupyterlab_draws_offline_widgets():
    assert render.enable({"JPY_SESSION_NAME": "lab"}) == render.LAB_RENDERER
    assert alt.renderers.active == render.LAB_RENDERER
    bundle = _chart(["x"], description="A bar")._repr_mimebundle_()
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    from altair.jupyter import JupyterChart

    # The widget's module is vega itself, inline, not an import from a CDN.
    esm = JupyterChart(_chart(["x"]))._esm
    assert "vegaEmbed" in esm or "vega-embed" in esm
    assert not re.search(r"""import[^;]*?["']https?://""", esm), "vega from another host"


def test_enable_lifts_the_row_limit():
    render.enable({})
    big = pd.DataFrame({"label": [str(i) for i in range(6000)], "value": range(6000)})
    spec = alt.Chart(big).mark_point().encode(x="value:Q").to_dict()  # no MaxRowsError
    assert sum(len(v) for v in spec["datasets"].values()) == 6000

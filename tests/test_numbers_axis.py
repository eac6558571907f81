"""The numbers chart's log axis reads as numbers: 0.4 is "0.4", never Vega's SI "400m"."""

from __future__ import annotations

import re

import pytest
import vl_convert as vlc

from explainer.site.sphinx_ext import VL_VERSION
from explainer.views.charts import numbers_page
from explainer.views.derive import quantities


def axis_labels(facts, monkeypatch, values: list[float]) -> list[str]:
    """The x axis's tick labels of the figure-bounds chart, drawn with these values."""
    real = quantities.figure_bounds(facts)
    assert len(real) >= len(values)

    def with_values(_facts):
        rows = real.head(len(values)).copy()
        rows["value"] = values
        return rows

    monkeypatch.setattr(quantities, "figure_bounds", with_values)
    spec = numbers_page.figure_bounds(facts).to_dict()
    spec["width"] = 600
    svg = vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)
    axis = re.search(r'aria-label="X-axis titled[^"]*".*?</g></g></g>', svg, re.S)
    assert axis, "no x axis drawn"
    return re.findall(r"<text[^>]*>([^<]*)</text>", axis[0])


@pytest.mark.parametrize(
    ("values", "expected", "never"),
    [
        ([0.4, 0.5], {"0.4", "0.5"}, "m"),
        ([0.02, 3], {"0.02"}, "m"),
        ([2_000, 2_000_000_000], {"1B"}, "G"),
    ],
)
def test_axis_labels_read_as_numbers(facts, monkeypatch, values, expected, never):
    labels = axis_labels(facts, monkeypatch, values)
    assert expected & set(labels), labels
    assert not [label for label in labels if label.endswith(never)], labels


def test_only_the_log_scale_s_own_ticks_are_labelled(facts, monkeypatch):
    """1, 10, 100...: the ticks between them keep no label, so labels never run together."""
    texts = axis_labels(facts, monkeypatch, [8, 2_000, 2_000_000])
    labels = [text for text in texts[: texts.index("Value (log scale)")] if text]
    assert labels == ["10", "100", "1k", "10k", "100k", "1M"], texts

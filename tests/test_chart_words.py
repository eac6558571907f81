"""Every chart's words, as a reader sees them, on a 390 px phone and a 1280 px desktop: the
build-time drawing as the page paints, then the live (vega) chart once the reader touches it.

No text in a chart ends in "…" (Vega cuts a label that does not fit its limit and puts an
ellipsis at the end), and no title, legend entry, axis label, mark label or tooltip field is
an id (``part_of_day``, ``actor_id``) instead of words. A tooltip's fields are read from each
mark's ``aria-label``, which Vega-Lite writes from the same fields as the tooltip
("Event: …; Date: …"), so every mark's tooltip is read without pointing at each one. And no
two of a chart's texts (names, labels, legend entries, titles) are drawn over each other.
"""

from __future__ import annotations

import re

import pytest

from explainer.site import browser as web

WIDTHS = (web.MOBILE["width"], web.DESKTOP["width"])
CHART_PAGES = [page for page in web.site_pages() if web.expected_charts(page)]
#: An id as code writes it: lower-case words joined by underscores.
SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
ELLIPSIS = "…"

#: Every visible chart's SVG (its drawing for this width, or its live chart): each text a reader
#: can see (a label Vega hid because it overlapped another has no opacity) with its box and the
#: role of the group it is in, and each mark's aria-label (its tooltip's fields).
WORDS_JS = r"""() => Array.from(document.querySelectorAll('.vega-chart')).map(div => {
  const svg = Array.from(div.querySelectorAll('svg')).find(s => s.getClientRects().length > 0);
  const texts = [], tips = [], marks = [], symbols = [];
  if (svg) {
    for (const text of svg.querySelectorAll('text')) {
      const words = text.textContent.trim();
      const box = text.getBoundingClientRect();
      if (!words || box.width === 0) continue;
      // A name's white halo (actors_page.HALO) is a copy painted under the name, not a text of its own.
      if (text.closest('g[class*="halo"]')) continue;
      let seen = 1;
      for (let e = text; e && e !== svg; e = e.parentElement) {
        const style = getComputedStyle(e);
        seen *= Number(style.opacity) * (e === text ? Number(style.fillOpacity) : 1);
      }
      if (seen === 0) continue;
      const group = text.closest('g[class*="role-"]');
      const role = group ? (group.getAttribute('class').match(/role-[a-z-]+/) || [''])[0] : '';
      const rotated = /rotate\((?!0[,)])/.test(text.getAttribute('transform') || '');
      texts.push({words, role, rotated, box: {left: box.left, right: box.right,
                                              top: box.top, bottom: box.bottom}});
    }
    for (const mark of svg.querySelectorAll('g.role-mark [aria-label]')) {
      tips.push(mark.getAttribute('aria-label'));
    }
    const height = svg.getBoundingClientRect().height;
    for (const mark of svg.querySelectorAll('g.role-mark:not(.mark-text) path')) {
      const box = mark.getBoundingClientRect();
      // A band behind the marks (the timeline's Ramadan) spans the plot: not a mark to clash.
      if (box.width === 0 || box.height > height / 2) continue;
      marks.push({left: box.left, right: box.right, top: box.top, bottom: box.bottom});
    }
    for (const mark of svg.querySelectorAll('g.mark-symbol.role-mark path')) {
      const box = mark.getBoundingClientRect();
      if (box.width === 0) continue;
      symbols.push({left: box.left, right: box.right, top: box.top, bottom: box.bottom});
    }
  }
  return {id: div.id, live: div.dataset.chartState === 'live', texts, tips, marks, symbols};
})"""


@pytest.fixture(scope="module", params=[(p, w) for p in CHART_PAGES for w in WIDTHS], ids=str)
def words(request, chromium, base_url) -> dict[str, list[dict]]:
    """The page's charts' words at one width: ``drawn`` as it paints, ``live`` once woken."""
    page_name, width = request.param
    count = web.expected_charts(page_name)
    viewport = {"width": width, "height": web.MOBILE["height"]}
    shown = web.visit(
        chromium, f"{base_url}/{page_name}.html", viewport=viewport, wake=False, idle=True
    )
    try:
        drawn = shown.page.evaluate(WORDS_JS)
        web.wake_charts(shown.page, count)
        shown.page.wait_for_load_state("networkidle")
        live = shown.page.evaluate(WORDS_JS)
        assert shown.problems == []
    finally:
        shown.close()
    assert len(drawn) == len(live) == count
    assert all(chart["live"] for chart in live)
    return {"drawn": drawn, "live": live}


def _each(words: dict[str, list[dict]]):
    for state, charts in words.items():
        for chart in charts:
            yield f"{state} {chart['id']}", chart


def test_every_chart_has_words_to_read(words):
    for where, chart in _each(words):
        assert chart["texts"], f"{where}: no text found"
        assert chart["tips"], f"{where}: no mark has a tooltip's fields"


def test_no_chart_text_is_cut_short_with_an_ellipsis(words):
    cut = [
        f"{where} {text['role']}: {text['words']!r}"
        for where, chart in _each(words)
        for text in chart["texts"]
        if text["words"].endswith(ELLIPSIS)
    ]
    assert cut == [], "chart text cut short:\n" + "\n".join(cut)


def test_no_legend_axis_label_or_tooltip_is_an_id(words):
    found = [
        f"{where} {text['role']}: {text['words']!r}"
        for where, chart in _each(words)
        for text in chart["texts"]
        if SNAKE_CASE.search(text["words"])
    ]
    for where, chart in _each(words):
        for tip in dict.fromkeys(chart["tips"]):
            for field in tip.split("; "):
                if SNAKE_CASE.search(field):
                    found.append(f"{where} tooltip: {field!r}")
    assert found == [], "ids where a reader expects words:\n" + "\n".join(dict.fromkeys(found))


#: Boxes may touch: Chromium's text boxes include the line's leading, so neighbours set a line
#: apart overlap by a pixel or two without a letter touching.
TOUCH_PX = 2


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOUCH_PX
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOUCH_PX
    )


def test_no_two_texts_of_a_chart_overlap(words):
    clashes = []
    for where, chart in _each(words):
        texts = [t for t in chart["texts"] if not t.get("rotated")]
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                if _overlap(a["box"], b["box"]):
                    clashes.append(f"{where}: {a['words']!r} ({a['role']}) / {b['words']!r}")
    assert clashes == [], "texts drawn over each other:\n" + "\n".join(clashes)


def test_the_checks_see_cut_ids_and_overlapping_text(chromium):
    """The checks above, on a chart box made to fail each: a cut label, an id, two names on top
    of each other (one of them a line apart from a third, which is not a clash)."""
    page = chromium.new_page()
    try:
        page.set_content(
            '<div class="vega-chart"><svg width="300" height="200" style="font: 12px sans-serif"><g class="role-axis-label">'
            '<text x="10" y="20">Israeli strikes b…</text><text x="10" y="40">part_of_day</text>'
            '<text x="10" y="80">Hamas statement</text><text x="14" y="82">Hamas statement</text>'
            '<text x="10" y="97">Katz at Tel Nof</text></g>'
            '<g class="role-mark"><path aria-label="voice_label: Hamas" d="M0,0h5v5z"></path>'
            "</g></svg></div>"
        )
        (chart,) = page.evaluate(WORDS_JS)
    finally:
        page.close()
    words = {"drawn": [chart]}
    with pytest.raises(AssertionError, match="Israeli strikes b…"):
        test_no_chart_text_is_cut_short_with_an_ellipsis(words)
    with pytest.raises(AssertionError, match="part_of_day(.|\n)*voice_label"):
        test_no_legend_axis_label_or_tooltip_is_an_id(words)
    with pytest.raises(AssertionError) as clash:
        test_no_two_texts_of_a_chart_overlap(words)
    assert "'Hamas statement' (role-axis-label) / 'Hamas statement'" in str(clash.value)
    assert "Katz" not in str(clash.value)


#: The chart whose marks, names and labels must all stand clear of each other, at both widths:
#: the timeline (its first chart), one row per event.
TIMELINE = "book/timeline"


def _clashes(state: str, boxes: list, texts: list, noun: str) -> list[str]:
    """Every pair of ``boxes`` that overlap, and every box that overlaps one of ``texts``."""
    clashes = []
    for i, a in enumerate(boxes):
        clashes += [
            f"{state}: {noun}s {i} and {j}"
            for j, b in enumerate(boxes[i + 1 :], i + 1)
            if _overlap(a, b)
        ]
        clashes += [
            f"{state}: {noun} {i} and {t['words']!r}" for t in texts if _overlap(a, t["box"])
        ]
    return clashes


def test_no_mark_of_the_timeline_overlaps_another_or_a_text(words, request):
    if request.node.callspec.params["words"][0] != TIMELINE:
        pytest.skip("the timeline's own check")
    clashes = []
    for state, charts in words.items():
        chart = charts[0]
        marks = chart["marks"]
        assert marks, "no mark found"
        clashes += _clashes(state, marks, chart["texts"], "mark")
    assert clashes == [], "\n".join(clashes)


def test_no_point_of_the_closeup_overlaps_another_or_a_text(words, request):
    """The close-up (the timeline page's second chart) draws moments minutes apart: each in its
    own row, so no two of its points, nor a point and a text, overlap."""
    if request.node.callspec.params["words"][0] != TIMELINE:
        pytest.skip("the close-up's own check")
    clashes = []
    for state, charts in words.items():
        chart = charts[1]
        points = chart["symbols"]
        assert len(points) >= 2, "no points found"
        clashes += _clashes(state, points, chart["texts"], "point")
    assert clashes == [], "\n".join(clashes)

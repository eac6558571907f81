"""Printing (``_static/print.css``): a teacher prints the annotated article and the statements page
for a class. Each is printed to PDF by Chromium (``page.pdf``, A4) and checked in print media: the
page count is sane, every chart of the page is there as its build-time SVG at the page's width, the
navigation, buttons, search box and theme switch are gone, links to other sites print their
address, and every highlight of the annotated article still shows in black and white."""

from __future__ import annotations

import math

import pytest

from explainer.site import browser as web

PRINTED = ["book/article", "book/statements"]
#: What a printed page holds: an A4 page of this site's 16 px text (Chromium's default margins)
#: holds about 3,000 characters of running prose, much less of a table of short cells. The bound
#: allows a third of that per page, and a page of its own for every chart (charts are kept whole,
#: so one may push the text after it to the next page), plus the title page.
CHARS_PER_PAGE = 1_000

SCREEN_ONLY = {
    "primary sidebar": ".bd-sidebar-primary",
    "secondary sidebar": ".bd-sidebar-secondary",
    "header": ".bd-header",
    "search box": ".search-button-field, .search-button",
    "theme switch": ".theme-switch-button",
    "buttons": "button",
    "embed code": "details.chart-embed",
}


@pytest.fixture(scope="module", params=PRINTED)
def printed(request, chromium, base_url):
    shown = web.visit(chromium, f"{base_url}/{request.param}.html", idle=True)
    pdf = web.print_pdf(shown.page)  # leaves the page in print media
    yield request.param, shown, pdf
    shown.close()


def test_the_pdf_has_a_sane_number_of_pages(printed):
    name, shown, pdf = printed
    assert pdf.startswith(b"%PDF-")
    text = shown.page.evaluate("document.body.innerText.length")
    charts = web.expected_charts(name)
    bound = math.ceil(text / CHARS_PER_PAGE) + charts + 1
    pages = web.pdf_pages(pdf)
    print(f"{name}: {pages} pages for {text} characters and {charts} charts (bound {bound})")
    assert 1 <= pages <= bound
    assert shown.problems == []


def test_every_chart_prints_as_its_svg_at_the_page_width(printed):
    name, shown, _ = printed
    page = shown.page
    images = page.evaluate(
        """() => Array.from(document.querySelectorAll('img.chart-print')).map(img => ({
            src: img.getAttribute('src'),
            loaded: img.complete && img.naturalWidth > 100,
            width: img.getBoundingClientRect().width,
            column: img.parentElement.getBoundingClientRect().width,
        }))"""
    )
    live = page.evaluate(
        """() => Array.from(document.querySelectorAll('.vega-chart'))
            .filter(div => div.getBoundingClientRect().height > 0).length"""
    )
    assert len(images) == web.expected_charts(name)
    assert live == 0, "the live charts print too"
    for image in images:
        assert image["src"].endswith(".svg"), image
        assert image["loaded"], image
        assert image["width"] == pytest.approx(image["column"], abs=1), image


def test_navigation_buttons_and_search_do_not_print(printed):
    _, shown, _ = printed
    for what, selector in SCREEN_ONLY.items():
        shown_ = shown.page.locator(selector)
        visible = [i for i in range(shown_.count()) if shown_.nth(i).is_visible()]
        assert visible == [], f"{what} ({selector}) prints"


def test_links_to_other_sites_print_their_address_and_in_site_links_do_not(printed):
    _, shown, _ = printed
    links = shown.page.evaluate(
        """() => Array.from(document.querySelectorAll('.bd-article a[href]'))
            .filter(a => a.offsetParent !== null)
            .map(a => ({href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}))"""
    )
    external = [a for a in links if a["href"].startswith("http")]
    in_site = [a for a in links if not a["href"].startswith("http")]
    assert in_site, "no link to check"
    for link in external:
        assert link["href"] in link["after"], link
    for link in in_site:  # record citations, permalinks, other pages: no address in the text
        assert link["href"] not in link["after"], link


def test_article_highlights_show_without_colour(printed):
    name, shown, _ = printed
    if "annotated-article" not in shown.page.content():
        pytest.skip("no annotated article on this page")
    # Each highlight, in print media, needs a mark that is not a colour: a black line or box,
    # bold type, or the relation brackets. Tints and coloured lines do not count.
    unmarked = shown.page.evaluate(
        r"""() => {
            // Black or a dark grey, at least half opaque: it shows on a black-and-white printer.
            const black = c => {
                const [r, g, b, a] = (c.match(/[\d.]+/g) || []).map(Number);
                return r === g && g === b && r <= 128 && (a === undefined || a >= 0.5);
            };
            const marked = el => {
                const s = getComputedStyle(el);
                const lines = ['Top', 'Bottom', 'Left', 'Right'].some(side =>
                    s['border' + side + 'Style'] !== 'none' &&
                    parseFloat(s['border' + side + 'Width']) > 0 &&
                    black(s['border' + side + 'Color']));
                const underline = s.textDecorationLine !== 'none' && black(s.textDecorationColor);
                const outline = s.outlineStyle !== 'none' && black(s.outlineColor);
                const bold = parseInt(s.fontWeight, 10) >= 700;
                const brackets = getComputedStyle(el, '::before').content !== 'none' ||
                    getComputedStyle(el, '::after').content !== 'none';
                return lines || underline || outline || bold || brackets;
            };
            return Array.from(document.querySelectorAll('.annotated-article mark.rec'))
                .filter(el => !marked(el)).map(el => el.className + ': ' + el.textContent);
        }"""
    )
    count = shown.page.locator(".annotated-article mark.rec").count()
    assert count > 0
    assert unmarked == [], unmarked[:10]

"""What every copy of the article's text that leaves the site carries (EDITORIAL.md rules 6 and
8), checked on a built site of any package: each embed page and each chart image names the
article, its author and outlet, links (or, in an image, gives) the reprint, says that rights stay
with the publisher, and points to the limits. The expected words are read from the package's own
sources table (explainer.views.cite.credit), never typed for one article."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from explainer.package.facts import Facts
from explainer.views import cite
from explainer.views.derive import sourcing

_TAGS = re.compile(r"<[^>]+>")
_SPEC = re.compile(r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>', re.S)


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def embed_problems(site: Path, credit: cite.Credit) -> list[str]:
    """Every embed page of ``site`` that lacks a part of the credit, as "<file>: <what>"."""
    found = []
    embeds = sorted((site / "embed").glob("*.html"))
    if not embeds:
        return [f"{site}: no embed pages"]
    for path in embeds:
        page = path.read_text(encoding="utf-8")
        paragraph = re.search(r'<p class="embed-credit">(.*?)</p>', page, re.S)
        if paragraph is None:
            found.append(f"{path.name}: no credit paragraph")
            continue
        words = _text(paragraph[1])
        for part in (credit.credit.removesuffix("."), credit.rights, credit.limits):
            if part not in words:
                found.append(f"{path.name}: lacks {part!r}")
        links = re.findall(r'href="([^"]+)"', paragraph[1])
        if credit.reprint_url and credit.reprint_url not in links:
            found.append(f"{path.name}: does not link the reprint")
        limits = [link for link in links if link != credit.reprint_url]
        if not limits:
            found.append(f"{path.name}: no link to the limits")
        for link in limits:
            target, _, anchor = link.partition("#")
            file = (path.parent / target).resolve()
            if not file.is_file():
                found.append(f"{path.name}: the limits link {link} does not resolve")
            elif anchor and f'id="{anchor}"' not in file.read_text(encoding="utf-8"):
                found.append(f"{path.name}: {target} has no #{anchor}")
    return found


def image_problems(site: Path, credit: cite.Credit) -> list[str]:
    """Every chart image (``_static/charts/*.svg``) that lacks a part of the credit."""
    found = []
    images = sorted((site / "_static" / "charts").glob("*.svg"))
    if not images:
        return [f"{site}: no chart images"]
    for path in images:
        block = re.search(r'<g class="chart-credit">(.*?)</g>', path.read_text(encoding="utf-8"))
        if block is None:
            found.append(f"{path.name}: no credit")
            continue
        # The lines are wrapped to the image's width: compare without the breaks.
        words = "".join(_text(block[1]).split())
        parts = [credit.credit, credit.rights, credit.limits, credit.reprint_url, "Limits:"]
        for part in filter(None, parts):
            if "".join(part.split()) not in words:
                found.append(f"{path.name}: lacks {part!r}")
    return found


#: What a chart's copy says of its records, by how other reporting stands to them: a few words of
#: each sentence of the page's limits box (EDITORIAL.md rule 6), as a reader would look for them.
_SAYS = {
    "agrees": "Other reporting corroborates",
    "consistent": "Other reporting is consistent with",
    "differs": "differently",
    "resolves": "Other reporting supplies what the article leaves open",
    "inferred": "Our inference",
    "absent": "Nothing here checks",
}
_TOKEN = re.compile(r"[A-Za-z0-9_]+")


def _chart_statuses(facts: Facts, spec: dict) -> tuple[set[str], bool]:
    """How other reporting stands to the fact records a chart's data names, and whether it names
    records of the article's wording (terms, names) too."""
    named = set(_TOKEN.findall(json.dumps(spec)))
    status = sourcing.corroboration(facts)
    figures = facts.tables["figures"]
    not_claims = set(figures.figure_id[~figures.kind.astype(str).isin(("count", "duration"))])
    unread = sourcing.agreement_unread(facts)
    found = set()
    for rid in named & set(status) - not_claims:
        found.add("agrees-unread" if status[rid] == "inferred" and rid in unread else status[rid])
    wording = any(
        named & set(facts.tables[table][facts.schema(table)["primaryKey"][0]].astype(str))
        for table in ("terms", "aliases")
    )
    return found, wording


def _limits_gaps(text: str, statuses: set[str], wording: bool) -> list[str]:
    gaps = [
        f"says nothing of the records whose corroboration is {status!r}"
        for status in sorted(statuses)
        if status in _SAYS and _SAYS[status] not in text
    ]
    if "agrees-unread" in statuses and "Only headlines read from" not in text:
        gaps.append("says nothing of agreement read only from web addresses")
    if wording and "own wording" not in text:
        gaps.append("does not say its terms are the article's own wording")
    return gaps


def limits_problems(site: Path, facts: Facts) -> list[str]:
    """Every embed page and chart image whose limits line does not say, of the records its chart
    draws, what other reporting corroborates, reports differently, only dates or leaves
    unchecked; and every chart image that gives its page's limits box by a relative address."""
    found = []
    for path in sorted((site / "embed").glob("*.html")):
        page = path.read_text(encoding="utf-8")
        [spec] = [json.loads(m) for m in _SPEC.findall(page)]
        statuses, wording = _chart_statuses(facts, spec)
        paragraph = re.search(r'<p class="embed-credit">(.*?)</p>', page, re.S)
        text = _text(paragraph[1]) if paragraph else ""
        found += [f"{path.name}: {gap}" for gap in _limits_gaps(text, statuses, wording)]
        image = re.search(r'href="\.\./(_static/charts/[0-9a-f]+\.svg)"', page)
        if image is None:
            continue
        svg = (site / image[1]).read_text(encoding="utf-8")
        block = re.search(r'<g class="chart-credit">(.*?)</g>', svg)
        # The lines are wrapped to the image's width: join them again.
        words = _text(block[1]) if block else ""
        found += [f"{image[1]}: {gap}" for gap in _limits_gaps(words, statuses, wording)]
        where = words.rpartition("Limits:")[2].strip()
        if not re.match(r"https?://", where) and not re.match(
            r"the (box .+ on )?the page “.+” \(\S+\) of the site titled .+", where
        ):
            found.append(f"{image[1]}: the limits are at {where!r}, not a full address or name")
    return found

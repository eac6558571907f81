"""What every copy of the article's text that leaves the site carries (EDITORIAL.md rules 6 and
8), checked on a built site of any package: each embed page and each chart image names the
article, its author and outlet, links (or, in an image, gives) the reprint, says that rights stay
with the publisher, and points to the limits. The expected words are read from the package's own
sources table (explainer.views.cite.credit), never typed for one article."""

from __future__ import annotations

import html
import re
from pathlib import Path

from explainer.views import cite

_TAGS = re.compile(r"<[^>]+>")


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

"""Sphinx extension: the published site's addresses, from one setting.

The site's absolute addresses (each page's canonical link, the sitemap, the share cards' URLs) and
its links to the repository (the repository, issue and edit buttons, the Binder launch button) all
follow from where it is published. They come from one setting, the environment variable
:data:`ENV`, which names the GitHub repository as ``owner/name``; the Pages workflow
(``.github/workflows/book.yml``) sets it from the repository it runs in. From it:

- the base URL is GitHub Pages' address of the repository: ``https://owner.github.io/name/``
  (a repository named ``owner.github.io`` is served at ``https://owner.github.io/``);
- the repository is ``https://github.com/owner/name``, and its buttons are switched on.

Without the setting (a local build, a fork, a test) the site publishes no address it cannot know:
no base URL, so no canonical link and no sitemap (sphinx-sitemap's "no base URL" warning is
expected then, so it is silenced), no share-card URLs, no repository buttons and no launch buttons,
rather than a placeholder that would be a broken link once published.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: The setting: the GitHub repository the site is published from, as ``owner/name``.
ENV = "EXPLAINER_REPOSITORY"
_REPOSITORY = re.compile(
    r"^(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<name>[A-Za-z0-9._-]+)$"
)
#: Launch providers that need the repository's address.
LAUNCH_PROVIDERS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url")
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")
#: The share-card tags whose value must be an absolute address, dropped when there is none.
ABSOLUTE_OG_TAGS = ("og:url", "og:image", "og:image:alt", "og:image:width", "og:image:height")


@dataclass(frozen=True)
class Site:
    """Where the site is published."""

    owner: str
    name: str

    @property
    def repository_url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def base_url(self) -> str:
        host = f"{self.owner.lower()}.github.io"
        return f"https://{host}/" if self.name.lower() == host else f"https://{host}/{self.name}/"


def site(environ: dict[str, str] | None = None) -> Site | None:
    """The published site named by :data:`ENV`, or None when it is unset or empty.

    A value that is not ``owner/name`` is a :class:`sphinx.errors.ConfigError` naming the setting.
    """
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not value:
        return None
    match = _REPOSITORY.match(value)
    if not match:
        raise ConfigError(f"{ENV}={value!r}: expected a GitHub repository as owner/name")
    return Site(match["owner"], match["name"])


def configure(config: Config, published: Site | None) -> None:
    """Set the base URL, the repository and its buttons in ``config`` for ``published``."""
    theme = config.html_theme_options
    launch = dict(theme.get("launch_buttons") or {})
    if published is None:
        config.html_baseurl = ""
        for button in REPOSITORY_BUTTONS:
            theme[button] = False
        theme.pop("repository_url", None)
        for provider in LAUNCH_PROVIDERS:
            launch[provider] = ""
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
    else:
        config.html_baseurl = published.base_url
        theme["repository_url"] = published.repository_url
        for button in REPOSITORY_BUTTONS:
            theme[button] = True
    if launch:
        theme["launch_buttons"] = launch


def _on_config_inited(app: Sphinx, config: Config) -> None:
    configure(config, site())


#: A share-card tag, to its end: a ">" inside its quoted content (sphinxext-opengraph escapes
#: only quotes; a chart's description may hold any text) does not end it.
_OG_TAG = re.compile(r'<meta property="(?P<key>og:[a-z:]+)"(?:[^>"]|"[^"]*")*>\n?')


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Without a base URL, drop the share-card tags that would hold a relative address."""
    if app.config.html_baseurl or "metatags" not in context:
        return
    context["metatags"] = _OG_TAG.sub(
        lambda m: "" if m["key"] in ABSOLUTE_OG_TAGS else m.group(), context["metatags"]
    )


def setup(app: Sphinx) -> dict[str, Any]:
    # After jupyter-book has set its config, before explainer.site.sphinx_share (900) copies
    # html_baseurl into the share cards.
    app.connect("config-inited", _on_config_inited, priority=850)
    # After sphinxext-opengraph (500) has written the tags.
    app.connect("html-page-context", _on_html_page_context, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Every chart on the site: one function per chart, each taking :class:`Facts` and returning an
Altair chart with a title, a ``description`` (Vega's aria-label) and a data table for the page.

One module per page (``index_page``, ``timeline_page``, ...); what every chart carries, and the
helpers charts share, in :mod:`.spec`; each chart's name, page, title and fields are declared
once in :mod:`.registry`. Pages call the charts from here: ``charts.timeline(facts)``.
Data shaping lives in :mod:`explainer.views.derive`; colours and fonts in :mod:`explainer.views.theme`.
No function here reads a file.
"""

from __future__ import annotations

from explainer.views.charts.actors_page import actor_network
from explainer.views.charts.index_page import at_a_glance
from explainer.views.charts.numbers_page import exchange, figure_bounds, figure_reports
from explainer.views.charts.statements_page import relay_chains, statements_by_voice, voice_share
from explainer.views.charts.timeline_page import timeline, timeline_closeup
from explainer.views.charts.words_page import aliases_by_voice, terms_by_voice

#: Every chart's function, in the registry's order, the order of the site's pages (a test holds
#: the two to one order).
CHARTS = (
    at_a_glance,
    timeline,
    timeline_closeup,
    actor_network,
    statements_by_voice,
    relay_chains,
    voice_share,
    exchange,
    figure_bounds,
    figure_reports,
    terms_by_voice,
    aliases_by_voice,
)

"""Facts that the pages' prose states in its own words, computed from the data.

A page's text is not executed, so a date, time or count typed into it would survive a correction
to the data. The pages put these values in with myst-nb's ``{glue:md}`` role instead: a hidden
code cell calls :func:`glue` and the prose names the value, so a rebuild after a correction
re-executes the page (it read the tables) and prints the new value.
"""

from __future__ import annotations

import pandas as pd

from . import derive
from .facts import Facts


def _clock(moment: pd.Timestamp, offset: int, day: bool = True) -> str:
    """ "02:30 on Tuesday 18 March" (or "03:00" with ``day=False``)."""
    local = derive.local_time(moment, offset)
    return f"{local:%H:%M} on {local:%A} {derive.day_label(local)}" if day else f"{local:%H:%M}"


def _millions(value: float) -> str:
    return f"{value / 1e6:g} million"


def values(facts: Facts) -> dict[str, str]:
    """Every value the prose uses, by the name the pages glue it under."""
    ev = facts.events.set_index("event_id")
    cx = facts.context.set_index("context_id")
    (_, israel), (_, new_york) = derive.CLOCKS
    strikes = ev.moment_utc["ev_strikes"]
    prisoners = cx.loc["cx_prisoners_range"]
    hostages = [
        derive.number_words(cx.value_min[c])
        for c in ("cx_hostages_total", "cx_hostages_alive", "cx_hostages_deceased")
    ]
    return {
        "quotations": str(int((facts.statements["mode"] == "direct").sum())),
        "strikes_israel": _clock(strikes, israel),
        "strikes_new_york": _clock(strikes, new_york),
        "pmo_israel": _clock(ev.moment_utc["ev_pmo_statement"], israel, day=False),
        "phase1_start": derive.day_label(ev.date_start["ev_phase1_start"]),
        "phase1_end": derive.day_label(ev.date_end["ev_phase1"]),
        "blockade": derive.day_label(ev.date_start["ev_blockade"]),
        "ramadan": derive.day_span(
            ev.date_start["ev_ramadan"], ev.date_end["ev_ramadan"] + pd.Timedelta(days=1)
        ),
        "tuesday": derive.day_label(ev.date_start["ev_hamas_statement"]),
        "prisoners_range": (
            f"{derive.number_words(prisoners.value_min)} to "
            f"{derive.number_words(prisoners.value_max)}"
        ),
        "population_estimate": _millions(cx.value_min["cx_population_pcbs"]),
        "hostages_corroborated": f"{hostages[0]}, {hostages[1]} living and {hostages[2]} dead",
    }


def glue(facts: Facts) -> None:
    """Glue every value of :func:`values` for the page's ``{glue:md}`` roles, showing nothing."""
    from IPython.display import Markdown
    from myst_nb import glue as glue_one

    for name, text in values(facts).items():
        glue_one(name, Markdown(text), display=False)

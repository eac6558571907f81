"""Reshape the fact tables for charts, tables and prose. Pure functions of a :class:`Facts`; no I/O.

Kept apart from the charts so that every number a chart draws can be tested on its own. One module
per concern: :mod:`.links`, :mod:`.roster`, :mod:`.people`, :mod:`.relaying`, :mod:`.sourcing`, :mod:`.timing`, :mod:`.quantities`, :mod:`.graph`, :mod:`.drafts`, :mod:`.phrasing`.
"""

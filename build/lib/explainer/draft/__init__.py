"""Draft a fact package from an article's text: ``python -m explainer draft ARTICLE.txt --out DIR``.

The drafting stack (spaCy and its English pipeline) is an extra, installed by ``make draft``,
``make bench-draft`` and ``make test`` from ``requirements-draft.txt``; nothing else in
``explainer`` imports this package.

The way through, one module per step:

- :mod:`.text` reads the article and refuses bad input (empty, binary, not UTF-8, no sentences).
- :mod:`.pipeline` loads spaCy once and adds this package's components; each paragraph is one
  ``Doc``, so a long article is parsed in time that grows linearly.
- Paragraph components (spaCy ``@Language.component``), each writing one ``Doc`` extension:
  :mod:`.quotes` (quoted passages), :mod:`.reported` (cues, contents and sources of reported
  speech and quotations), :mod:`.figures` (numbers with their hedges), :mod:`.dates` (date
  expressions), :mod:`.terms` (descriptors and loaded terms from a documented lexicon).
- Article-level steps: :mod:`.speakers` (sources resolved to actors: names, titles, pronouns;
  relay chains), :mod:`.actors` (actors and anchored aliases), :mod:`.assemble` (the tables).
- :mod:`.write` writes the package (the project's schema, plus ``provenance.csv``: every drafted
  record's review state, rule and confidence); :mod:`.merge` keeps reviewed records when
  re-drafting into an existing package and writes the proposal as a diff.
"""

from __future__ import annotations

from .text import DraftInputError, read_article

__all__ = ["DraftInputError", "read_article"]

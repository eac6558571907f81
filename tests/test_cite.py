"""Cite this fact: each record's citation, its corroboration, and the book's CITATION.cff."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from explainer.package import DATA_DIR
from explainer.package.vocab import agreement
from explainer.views import cite
from explainer.views.derive import graph, links, relaying, roster, sourcing, timing

ROOT = Path(__file__).resolve().parents[1]
METHOD = ROOT / "_build" / "html" / "book" / "method.html"


@pytest.fixture(scope="module")
def recs(facts) -> dict[str, cite.Record]:
    return {r.id: r for r in cite.records(facts)}


def test_every_anchored_row_is_one_record(facts, recs):
    expected = sum(len(facts.tables[table]) for table, _, _ in cite.ANCHORED)
    assert len(recs) == expected == len(cite.records(facts))


def test_records_quote_the_article_exactly(facts, recs):
    for r in recs.values():
        assert facts.article[r.start : r.end] == r.exact, r.id


def test_statement_chains_are_their_relay_chains(facts, recs):
    chains = relaying.relay_chains(facts)
    for sid in facts.statements.statement_id:
        assert recs[sid].chain == chains[sid]
        assert recs[sid].chain.endswith("The Algemeiner")


def test_a_record_inside_a_quotation_takes_the_quotation_chain(facts, recs):
    """A figure or name in a quotation reached the reader by the quotation's route."""
    chains = relaying.relay_chains(facts)
    direct = facts.statements[facts.statements["mode"] == "direct"]
    checked = 0
    for r in recs.values():
        if r.kind == "statement" or r.voice == "narration":
            continue
        holders = direct[
            (direct.start <= r.start)
            & (r.end <= direct.end)
            & (direct.voice_id.astype(str) == r.voice)
        ]
        assert r.chain in {chains[s] for s in holders.statement_id}, r.id
        checked += 1
    assert checked >= 10
    # The narration's own words reach the reader from the outlet alone; a relation in which the
    # narration reports a statement keeps that statement's chain (graph.relation_chains, the
    # one rule every view applies: tests/test_relay_measure.py).
    narrated = [r for r in recs.values() if r.kind not in {"statement", "relation"}]
    narrated = [r for r in narrated if r.voice == "narration"]
    assert narrated and all(r.chain == "The Algemeiner" for r in narrated)
    relation_chains = graph.relation_chains(facts)
    assert all(r.chain == relation_chains[r.id] for r in recs.values() if r.kind == "relation")


def test_every_record_has_a_voice(facts, recs):
    labels = roster.voice_labels(facts)
    for r in recs.values():
        assert labels[r.voice] == r.voice_label, r.id


def test_corroboration_named_in_the_brief(recs):
    """Other reporting agrees on the 33 hostages and differs on the prisoner count."""
    assert recs["fg_hostages_total"].corroboration == "agrees"
    assert recs["fg_prisoners"].corroboration == "differs"
    assert set(recs["fg_prisoners"].context_ids) == {
        "cx_prisoners_egypt",
        "cx_prisoners_nyt",
        "cx_prisoners_range",
    }


def test_corroboration_follows_the_context_table(facts, recs):
    about = facts.context.groupby("about_id")["stance"].apply(lambda s: set(s.astype(str)))
    bound = dict(zip(facts.figures.figure_id, facts.figures.bound.astype(str), strict=True))
    for r in recs.values():
        stances = about.get(r.id, set())
        if r.kind in ("alias", "term", "note"):
            assert r.corroboration == "n/a", r.id
        elif "differs" in stances:
            assert r.corroboration == "differs", r.id
        elif "agrees" in stances:
            # an agreement only our inference finds (a headline read from a web address) says so
            cx = facts.context[facts.context.about_id == r.id]
            read = set(cx.confidence[cx.stance == "agrees"]) & {"read"}
            # ... and a hedged figure can only be consistent with a report (vocab.agreement)
            agreed = agreement(bound.get(r.id, "exact"))
            assert r.corroboration == (agreed if read else "inferred"), r.id
        elif stances:  # other reporting only dates it: that confirms nothing
            assert stances == {"resolves"}, r.id
            # ... and where only our inference from it gives the date, the site says so
            read = set(facts.context[facts.context.about_id == r.id].confidence) & {"read"}
            assert r.corroboration == ("resolves" if read else "inferred"), r.id
        else:
            assert r.corroboration == "absent" and not r.context_ids, r.id
    statuses = {r.corroboration for r in recs.values()}
    assert statuses == set(cite.CORROBORATION_LABELS)


def test_citation_names_voice_chain_outlet_date_and_offsets(facts, recs):
    out = cite.outlet(facts)
    assert out.publisher == "The Algemeiner" and out.author == "Ailin Vilches Arguello"
    for r in recs.values():
        c = r.citation
        for part in (
            r.exact,
            f"voice: {r.voice_label}",
            f"relay chain: {r.chain}",
            out.publisher,
            out.author,
            out.title,
            out.dated,
            f"characters {r.start}–{r.end}",
            links.href(r.id),
        ):
            assert part in c, f"{r.id}: {part!r} missing from {c!r}"
        assert c.endswith(links.href(r.id))  # article.js swaps it for the absolute permalink
        if not any(ch.isalnum() for ch in r.exact):  # a mark alone is named, not quoted (m4)
            assert c.startswith(f"the right double quotation mark ({r.exact}) ("), c
            continue
        quoted = c[c.index("“") + 1 : c.index("” (")]
        assert quoted.strip("…") == r.exact, r.id  # the words themselves, a cut marked "…"


def test_a_citation_marks_where_its_words_cut_a_sentence():
    """Read 6, M3: the headline cut before "after renewed strikes in Gaza" read as whole."""
    text = (
        "Hamas calls for a siege after strikes\n\nHe said, “we will go,” and left. Then it rained."
    )
    cut = cite.cut_marked
    assert cut(text, 0, text.index(" after")) == "Hamas calls for a siege…"
    assert cut(text, 0, text.index("\n")) == "Hamas calls for a siege after strikes"
    quote = text.index("we")
    assert cut(text, quote, text.index("”")) == "we will go,"  # whole as quoted
    said = text.index("He")
    assert cut(text, said + 3, text.index(" and left")) == "…said, “we will go,”…"
    assert cut(text, text.index("Then"), len(text)) == "Then it rained."


def test_citation_of_a_relayed_quotation(recs):
    # The lede names its relay only as "Iranian state-run media"; the date is a lower bound.
    c = recs["st_q01"].citation
    assert "Hamas → Iranian state-run media → The Algemeiner" in c
    assert "no earlier than 19 March 2025 (our inference)" in c
    assert "Press TV" not in c


def test_citation_marks_an_inferred_relay(facts, recs):
    inferred = facts.relay_hops[facts.relay_hops["basis"] == "inferred"]
    assert len(inferred) >= 1
    names = roster.actor_names(facts)
    for hop in inferred.itertuples():
        c = recs[hop.statement_id].citation
        assert f"{names[hop.actor_id]} (our inference)" in c, hop.statement_id


def test_every_inference_in_a_chain_or_a_date_gives_its_reasoning(facts, recs):
    """Read 6, m5 (rule 9, "gives the reasoning"): a record whose chain or date says "our
    inference" says why: the inferred hop's basis note and the event's note."""
    hops = relaying.hops(facts)
    basis = dict(zip(hops.statement_id[hops.inferred], hops.basis_note[hops.inferred], strict=True))
    notes = facts.events.set_index("event_id").note
    for rec in recs.values():
        if relaying.INFERRED_MARK in rec.chain:
            assert rec.reasoning.startswith("Relay: "), rec.id
        if relaying.INFERRED_MARK in rec.date:
            assert "Date: " in rec.reasoning, rec.id
        if rec.kind == "statement" and rec.id in basis:
            assert basis[rec.id] in rec.reasoning
        if rec.kind == "event" and relaying.INFERRED_MARK in rec.date:
            assert notes[rec.id] in rec.reasoning
        if relaying.INFERRED_MARK not in rec.chain + rec.date:
            assert rec.reasoning == "", rec.id


def test_dates_of_statements_and_events(facts, recs):
    """Every date a record shows carries its precision, the time zone and how it was dated."""
    ev = facts.events.set_index("event_id")
    st = facts.statements.set_index("statement_id")
    _, zone = timing.time_zone(facts)
    for r in recs.values():
        if r.kind in ("event", "statement"):
            eid = r.id if r.kind == "event" else st.event_id[r.id]
            if not isinstance(eid, str) or not eid:  # a quotation with no date of its own
                assert r.date == "", r.id
                continue
            start, end = ev.date_start[eid], ev.date_end[eid]
            assert re.search(rf"\b{start.day}\b", r.date), r.id
            assert f"{end.day} {end:%b %Y}" in r.date, r.id
            assert zone in r.date, r.id
            assert timing.RESOLUTION_WORDS[str(ev.resolution[eid])] in r.date, r.id
            words = timing.PRECISION_WORDS[str(ev.precision[eid])]
            assert words in r.date, r.id
        else:
            assert r.date == ""


@pytest.mark.parametrize(
    "start, end, precision, resolution, text",
    [
        ("2025-03-18", "2025-03-18", "day", "context", "18 Mar 2025 (Z; from other reporting)"),
        (
            "2025-03-18",
            "2025-03-18",
            "part_of_day",
            "context",
            "18 Mar 2025 (part of a day, Z; from other reporting)",
        ),
        (
            "2025-01-19",
            "2025-03-01",
            "range",
            "computed",
            "19 Jan – 1 Mar 2025 (Z; computed from a stated date and duration)",
        ),
        (
            "2024-12-30",
            "2025-01-02",
            "range",
            "stated",
            "30 Dec 2024 – 2 Jan 2025 (Z; stated in the article)",
        ),
        (
            "2025-03-18",
            "2025-03-18",
            "approximate",
            "inferred",
            "about 18 Mar 2025 (Z; our inference)",
        ),
    ],
)
def test_date_phrase(start, end, precision, resolution, text):
    phrase = timing.date_phrase(pd.Timestamp(start), pd.Timestamp(end), precision, resolution, "Z")
    assert phrase == text


# ---------------------------------------------------------------- CITATION.cff


def _cff_schema() -> dict:
    """The CFF 1.2.0 JSON schema that check-jsonschema ships (no network needed)."""
    path = resources.files("check_jsonschema") / "builtin_schemas/vendor/citation-file-format.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_citation_cff_parses_with_required_keys():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["cff-version"] == "1.2.0"
    assert cff["authors"]


def test_citation_cff_is_valid_cff_1_2_0():
    jsonschema.validate(cite.load_cff(), _cff_schema())


def test_cff_schema_catches_a_broken_file():
    """The schema check is real: a CFF without authors, or with a bad version, fails."""
    cff = cite.load_cff()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in cff.items() if k != "authors"}, _cff_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**cff, "cff-version": "9"}, _cff_schema())


def test_book_citation_comes_from_the_cff():
    cff = cite.load_cff()
    text = cite.book_citation(cff)
    assert cff["title"] in text and str(cff["version"]) in text
    assert text.startswith(cff["authors"][0]["name"])
    # No address is invented: the CFF names none until the repository is published.
    assert "repository-code" not in cff and "url" not in cff
    assert "http" not in text


def test_another_article_is_cited_by_its_own_title(facts):
    """CITATION.cff names the flagship; another package's site is cited by its own title."""
    from explainer.package.facts import Facts

    cff = cite.load_cff()
    tables = {name: frame.copy() for name, frame in facts.tables.items()}
    sources = tables["sources"]
    sources.loc[sources["kind"] == "article", "title"] = "Bridge vote passes"
    descriptor = {**facts.descriptor, "explainer": {}}
    other = cite.book_citation(cff, Facts(facts.article, descriptor, tables))
    assert (
        "“Bridge vote passes”: an article from The Algemeiner, annotated" in other
        and cff["title"] not in other
    )
    assert str(cff["version"]) in other  # the authors, date and version stay the CFF's
    assert cff["title"] in cite.book_citation(cff, facts)


def test_cff_gives_the_articles_date_as_the_data_does(facts):
    """CFF has no field for a lower bound, so its notes carry the data's words for it."""
    reference = cite.load_cff()["references"][0]
    out = cite.outlet(facts)
    assert out.dated in " ".join(reference["notes"].split())
    assert "month" not in reference and "date-published" not in reference
    assert reference["year"] == sourcing.article_source(facts).date_start.year


def test_book_citation_of_people():
    cff = {
        "title": "T",
        "authors": [
            {"family-names": "Doe", "given-names": "Jane Ann"},
            {"family-names": "Roe", "given-names": "Rick"},
        ],
        "date-released": "2025-04-01",
        "url": "https://example.org/",
    }
    assert cite.book_citation(cff) == (
        "Doe, J. A., & Roe, R. (2025). T [Annotated explainer and data set]. https://example.org/"
    )


def test_bad_cff_is_a_clear_error(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text("cff-version: 1.2.0\nmessage: m\ntitle: x\n", encoding="utf-8")
    with pytest.raises(cite.CitationError, match=r"CITATION.cff: authors: missing"):
        cite.load_cff(path)
    path.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(cite.CitationError, match=r"CITATION.cff:\d+: invalid YAML"):
        cite.load_cff(path)


def test_method_page_shows_the_suggested_citation(site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(METHOD.read_text(encoding="utf-8"), "html.parser")
    shown = soup.select_one("p.book-citation")
    assert shown is not None and shown.get_text() == cite.book_citation()


def test_a_hedged_figure_is_consistent_with_reports_never_corroborated(facts):
    """Read 4, m8: "more than two million" was labelled corroborated by reports of about 2.1
    million; context-sources.md says "consistent with". A hedged figure that reports agree with
    is "consistent" in the field, the limits box and the data README; an exact one "agrees"."""
    from explainer.package.dictionary import render_context
    from explainer.views import prose

    status = sourcing.corroboration(facts, ("figures",))
    read = facts.context[(facts.context.stance.astype(str) == "agrees")]
    read = set(read.about_id[read.confidence.astype(str) == "read"])
    hedged = [
        f.figure_id
        for f in facts.figures.itertuples()
        if f.figure_id in read and str(f.bound) != "exact" and status[f.figure_id] != "differs"
    ]
    assert hedged, "no hedged figure of this package agrees with a report: nothing to check"
    box = prose.limits_note(facts, "figures")
    readme = render_context(DATA_DIR)
    for fid in hedged:
        assert status[fid] == "consistent", fid
        exact = str(facts.figures.set_index("figure_id").exact[fid])
        assert f"(`{fid}`), consistent with other reporting" in readme
        corroborated = re.search(r'<span class="limits-agrees">(.*?)</span>', box)
        assert corroborated is None or f"“{exact}”" not in corroborated[1], exact


def test_agreement_that_is_only_our_inference_is_never_plain_agrees(facts):
    """M3 (editorial read 4): a record whose only agreeing context fact is our inference (its
    confidence is 'inferred', such as a headline read from a web address) shows 'inferred', in
    the field, the legend count and records.csv; one that a report we read states agrees."""
    status = sourcing.corroboration(facts)
    cx = facts.context
    agrees = cx[cx.stance.astype(str) == "agrees"]
    read = set(agrees.about_id[agrees.confidence.astype(str) == "read"])
    unread = set(agrees.about_id) - read
    assert unread, "the flagship has agreements read only from web addresses"
    for rid in unread:
        if rid in status and status[rid] != "differs":
            assert status[rid] == "inferred", (rid, status[rid])
    for rid in read:
        if rid in status and status[rid] != "differs":
            assert status[rid] in {"agrees", "consistent"}, (rid, status[rid])
    # the address-only facts the editorial read names
    address_only = set(cx.about_id[cx.claim.astype(str).str.contains("Only the address was read")])
    assert address_only and all(status[rid] == "inferred" for rid in address_only)
    records = {r.id: r for r in cite.records(facts)}
    assert all(records[rid].corroboration == "inferred" for rid in address_only)

"""Anchors: set a record's span (or a statement's cue or named source) to a selection, and
split a statement in two."""

from __future__ import annotations

from explainer.package import scan
from explainer.package.store import Package, StoreError, Written

from .review import note_bare_sentences
from .speakers import refresh_speaker_wording, set_speaker, speaker_hop
from .working import Edit, trim

SIDES = {"content": ("start", "end", "exact"), "cue": ("cue_start", "cue_end", "cue_exact")}
SIDES["source"] = ("source_start", "source_end", "source_exact")


def set_span(
    pkg: Package,
    table: str,
    rid: str,
    start: int,
    end: int,
    side: str = "content",
    version: str | None = None,
) -> Written:
    """Anchor a record (or a statement's cue or named source) on ``article[start:end]``."""
    text = pkg.article
    start, end = trim(text, int(start), int(end), words=table != "notes")  # a stray mark
    e = Edit(pkg)
    row = e.find(table, rid)
    if side not in SIDES or (side != "content" and table != "statements"):
        raise StoreError(f"{table}: no {side} anchor to set")
    s, t, x = SIDES[side]
    old = [int(v) for v in (row.get(s, ""), row.get(t, "")) if v.isdigit()]
    row[s], row[t], row[x] = str(start), str(end), text[start:end]
    if table == "statements" and side == "content":
        if row["mode"] == "direct":
            # the words the quotation takes in speak in its voice; those it leaves, the narration's
            e.revoice(min([start, *old]), max([end, *old]))
        if old and (bare := e.uncovered_passages(*old)):
            a, b = bare[0]
            raise StoreError(
                f"refused, nothing written: the new span of {rid} leaves the quoted passage "
                f"“{_short(text[a:b])}” ({a}..{b}) with no record, and every quotation in the "
                "text needs one (the validator's 'uncovered' rule). To re-anchor it anyway, use "
                "Replace (key r): the passage it leaves gets a note that its marks hold no one's "
                "words; or first add a statement on that passage (key n)."
            )
    if table == "aliases":
        refresh_speaker_wording(e, row["actor_id"])
    e.touched.append(f"{table}/{rid}")
    return e.commit("set_span", version, record=f"{table}/{rid}", side=side)


#: The note a re-anchored statement leaves on a quoted passage it no longer holds.
LEFT_QUOTE = (
    "The editor re-anchored the statement drafted here: these quotation marks hold no one's "
    "words (a title, a name or a scare quote)."
)


def replace(
    pkg: Package,
    rid: str,
    start: int,
    end: int,
    speaker_id: str = "",
    mode: str = "",
    version: str | None = None,
) -> Written:
    """Re-anchor statement ``rid`` on ``article[start:end]``, with another speaker or mode if
    given, in one transaction: a wrong quotation replaced by the corrected one.

    It keeps its id, review state, cue, named source, event and relay chain (its first hop
    following a new speaker). A quoted passage the old span held that nothing else accounts
    for gets a reviewed ``quoted_phrase`` note (its marks hold no one's words here), and a
    sentence left with no fact a drafted ``no_fact`` note, so the package stays valid."""
    text = pkg.article
    a, b = trim(text, int(start), int(end))
    e = Edit(pkg)
    st = e.find("statements", rid)
    s, t = int(st["start"]), int(st["end"])
    if mode:
        st["mode"] = mode
    st["start"], st["end"], st["exact"] = str(a), str(b), text[a:b]
    if speaker_id and speaker_id != st["speaker_id"]:
        set_speaker(e, st, speaker_id)
    for hop in e.tables.get("relay_hops", []):
        # a speaker named in the old span's sentence may not be in the new one's
        if hop["statement_id"] == rid and hop["role"] == "speaker" and st["speaker_id"]:
            if hop["position"] == "1" and hop["basis"] == "stated_here":
                hop.update(speaker_hop(e, st, st["speaker_id"]))
    e.revoice(min(a, s), max(b, t))
    noted = e.note_quoted_phrases(e.uncovered_passages(s, t), LEFT_QUOTE)
    note_bare_sentences(e, s, t)
    e.touched.append(f"statements/{rid}")
    return e.commit(
        "replace", version, record=f"statements/{rid}", noted=[f"notes/{n}" for n in noted]
    )


def _short(words: str, n: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= n else words[: n - 1] + "…"


def split(
    pkg: Package,
    table: str,
    rid: str,
    at: int,
    until: int | None = None,
    version: str | None = None,
) -> Written:
    """Cut a statement in two at ``at`` (or cut out ``at..until``); the second part is a new
    statement with the same speaker, voice, event and relay chain.

    A quotation split by its cue ("“A,” she said. “B.”") is cut between its quoted parts: a
    click or a selection anywhere between them (or touching them) will do, with or without the
    quotation marks, and each part keeps exactly its passage. A paraphrase is cut at the
    selection; quotation marks and spaces at the cut are left out of both parts."""
    if table != "statements":
        raise StoreError("only a quotation or a paraphrase can be split")
    e = Edit(pkg)
    st = e.find("statements", rid)
    text = pkg.article
    s, t = int(st["start"]), int(st["end"])
    until = int(at) if until is None else int(until)
    if not s < int(at) <= until < t:
        raise StoreError(f"{at}..{until} is not inside {rid} ({s}..{t}); select inside it")
    if st["mode"] == "direct":
        (a1, b1), (a2, b2) = _between_parts(text, rid, s, t, int(at), until)
    else:
        a1, b1 = trim(text, s, int(at), words=False)
        b1 = _strip_punct(text, a1, b1)
        a2, b2 = trim(text, until, t, words=False)
        a2 = _skip_punct(text, a2, b2)
    second = dict(st)
    st["start"], st["end"], st["exact"] = str(a1), str(b1), text[a1:b1]
    nid = e.new_id("statements", "st_")
    second.update(statement_id=nid, start=str(a2), end=str(b2), exact=text[a2:b2])
    e.add("statements", second)
    for hop in [h for h in e.tables.get("relay_hops", []) if h["statement_id"] == rid]:
        new = e.add("relay_hops", {**hop, "statement_id": nid})
        for h, part in ((hop, st), (new, second)):
            if h["position"] == "1" and h["role"] == "speaker" and st["speaker_id"]:
                h.update(speaker_hop(e, part, st["speaker_id"]))
    e.touched.append(f"statements/{rid}")
    return e.commit("split", version, record=f"statements/{rid}", new=nid)


def _between_parts(
    text: str, rid: str, s: int, t: int, at: int, until: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two parts of quotation ``rid`` (s..t) cut at the gap between quoted passages that
    ``at..until`` lies in or touches: the first ends where a passage ends, the second starts
    where one starts (a selection over several gaps cuts out what lies between them)."""
    parts = scan.quoted_parts(scan.quotations(text)[0], s, t)
    gaps = [(parts[i][1], parts[i + 1][0]) for i in range(len(parts) - 1)]
    hit = [g for g in gaps if g[0] <= until and at <= g[1]]
    if not gaps:
        raise StoreError(
            f"{rid} is one passage between quotation marks: a quotation splits only between two "
            "quoted parts (at its cue); to make two records of one passage, add the second "
            "one as a paraphrase"
        )
    if not hit:
        cues = " / ".join(" ".join(text[a:b].strip(CUT_MARKS).split())[:50] for a, b in gaps)
        raise StoreError(
            f"a quotation splits only between its quoted parts, and the selection lies inside "
            f"one: select (or click in) the words between them: {cues}"
        )
    return (s, hit[0][0]), (hit[-1][1], t)


#: Marks a cut leaves at the end of the first part or the start of the second.
CUT_MARKS = "“”\"‘’' "


def _strip_punct(text: str, a: int, b: int) -> int:
    while b - 1 > a and text[b - 1] in CUT_MARKS:
        b -= 1
    return b


def _skip_punct(text: str, a: int, b: int) -> int:
    while a + 1 < b and text[a] in CUT_MARKS:
        a += 1
    return a

"""Anchors: every anchored record's offsets and exact text match the article; no two records of
a table on one span; a direct statement is one quoted passage; each mention's voice is the
voice speaking at its span.
"""

from __future__ import annotations

from explainer.package import anchored, scan, tables
from explainer.package.checks.base import LOCATE_COMMAND, Result, Row, anchors, check
from explainer.package.checks.errors import CATALOGUE
from explainer.package.vocab import SHARED_SPANS, voice_at


@check("anchor-mismatch")
def check_anchors(result: Result) -> None:
    """Each anchor's offsets are a span of the article and its ``exact`` is the text there;
    when the text is elsewhere, the message gives where and by how much to shift."""
    text = result.article
    if text is None:
        return
    for res in tables(result.descriptor):
        if not anchored(res):
            continue
        for row, s, e in anchors(result, res["name"]):
            if not 0 <= s < e <= len(text):
                result.report(
                    "anchor-mismatch",
                    res["name"],
                    row.line,
                    "end" if s < e else "start",
                    "outside",
                    start=s,
                    end=e,
                    size=len(text),
                )
                continue
            if text[s:e] != row["exact"]:
                hint = ""
                found = text.find(row["exact"]) if row["exact"] else -1
                if found >= 0:
                    hint = CATALOGUE["anchor-mismatch"].message(
                        "found-at", start=found, end=found + len(row["exact"]), shift=found - s
                    )
                result.report(
                    "anchor-mismatch",
                    res["name"],
                    row.line,
                    "exact",
                    "text",
                    start=s,
                    end=e,
                    found=text[s:e][:60],
                    hint=hint,
                )


@check("shared-span")
def check_shared_spans(result: Result) -> None:
    """Two records of one table on the same span say one thing twice, or one of them was moved
    onto the other's text by mistake; a schema with :data:`SHARED_SPANS` allows it."""
    for res in tables(result.descriptor):
        if not anchored(res) or res["schema"].get(SHARED_SPANS):
            continue
        pk = res["schema"].get("primaryKey", [])
        first: dict[tuple[int, int], Row] = {}
        for row, s, e in anchors(result, res["name"]):
            if (s, e) not in first:
                first[(s, e)] = row
                continue
            other = first[(s, e)]
            ids = [" ".join(r[k] for k in pk) or f"line {r.line}" for r in (row, other)]
            result.report(
                "shared-span",
                res["name"],
                row.line,
                "start",
                id=ids[0],
                start=s,
                end=e,
                exact=row["exact"][:40],
                other=ids[1],
                line=other.line,
                records=res["name"],
                locate=LOCATE_COMMAND,
            )


@check("direct-quote")
def check_direct_quotes(result: Result) -> None:
    """A direct statement is exactly one passage between quotation marks, verbatim."""
    text = result.article
    if text is None:
        return
    passages = scan.quotations(text)[0]
    # A passage opened by a transcript's speaker label ("“WALLACE: …”") may start after it.
    starts = {q.start for q in passages} | {scan.after_label(text, q) for q in passages}
    ends = {q.end for q in passages}
    for row, s, e in anchors(result, "statements"):
        # One passage, or a quotation split by its cue ("“A,” he said, “B.”") or running over
        # paragraphs: from the start of a passage to the end of a later one.
        if (
            row["mode"] == "direct"
            and text[s:e] == row["exact"]
            and not (s in starts and e in ends)
        ):
            result.report("direct-quote", "statements", row.line, "exact")


def direct_spans(result: Result) -> list[tuple[int, int, str]]:
    # By offsets alone: a quotation whose `exact` was mistyped is reported once, by the anchor
    # check, without every name inside it also being blamed for a wrong voice.
    # A direct statement split by its cue covers only its quoted passages: the cue between them
    # ("he said") is the narration's.
    passages = scan.quotations(result.article or "")[0]
    out = []
    for row, s, e in anchors(result, "statements"):
        if row["mode"] == "direct":
            out += [(a, b, row["voice_id"]) for a, b in scan.quoted_parts(passages, s, e)]
    return out


@check("mention-voice")
def check_mention_voices(result: Result) -> None:
    """Words inside a quotation belong to the quoted voice; words outside, to the narration."""
    direct = direct_spans(result)
    for table in ("aliases", "terms", "figures", "relations"):
        for row, s, e in anchors(result, table):
            expected = voice_at(direct, s, e)
            if row["voice_id"] and row["voice_id"] != expected:
                result.report(
                    "mention-voice",
                    table,
                    row.line,
                    "voice_id",
                    voice=row["voice_id"],
                    expected=expected,
                )

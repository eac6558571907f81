"""The package layer's writer (explainer/package/store.py) and the review actions on top of it:
validated before written, refused with the validator's words, journaled, undone and redone
byte for byte across restarts, stale writes refused, a killed write recovered, and a re-draft
that keeps every reviewed record."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from reviewdesk import REPO, copy_draft, draft_into, package_bytes

from explainer.package import actions, store
from explainer.package.validate import validate


@pytest.fixture
def pkg_dir(tmp_path) -> Path:
    return copy_draft(tmp_path / "bridge")


def rows(folder: Path, table: str) -> list[dict]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def review_of(folder: Path, table: str, rid: str) -> str | None:
    return next(
        (p["review"] for p in rows(folder, "provenance")
         if p["table"] == table and p["record_id"] == rid),
        None,
    )  # fmt: skip


def test_accept_marks_the_record_and_what_it_relies_on_reviewed(pkg_dir):
    w = actions.accept(store.load(pkg_dir), "statements", "st_001")
    st = next(r for r in rows(pkg_dir, "statements") if r["statement_id"] == "st_001")
    for table, rid in [
        ("statements", "st_001"),
        ("relay_hops", "st_001#1"),
        ("relay_hops", "st_001#2"),
        ("actors", st["speaker_id"]),
        ("voices", st["voice_id"]),
        ("events", st["event_id"]),
    ]:
        assert review_of(pkg_dir, table, rid) == "reviewed", (table, rid)
    assert review_of(pkg_dir, "statements", "st_002") == "draft"
    assert validate(pkg_dir).ok
    assert w.entry["action"] == "accept" and w.entry["detail"]["record"] == "statements/st_001"


def test_reject_removes_the_record_and_what_only_it_used(pkg_dir):
    before = store.load(pkg_dir)
    alias = next(a for a in before.tables["aliases"] if a["exact"] == "Council")
    actions.reject(before, "aliases", alias["alias_id"])
    assert alias["alias_id"] not in {a["alias_id"] for a in rows(pkg_dir, "aliases")}
    # the actor only that alias named is gone, with its provenance; the others stay
    actors = {a["actor_id"] for a in rows(pkg_dir, "actors")}
    assert alias["actor_id"] not in actors and "tom_hale" in actors
    assert not any(p["record_id"] == alias["actor_id"] for p in rows(pkg_dir, "provenance"))
    assert validate(pkg_dir).ok


def test_a_refused_transaction_shows_the_validators_message_and_writes_nothing(pkg_dir):
    before = package_bytes(pkg_dir)
    pkg = store.load(pkg_dir)
    fig = next(f for f in pkg.tables["figures"] if f["hedge"] == "nearly")
    with pytest.raises(store.Refused) as refused:
        actions.edit_fields(pkg, "figures", fig["figure_id"], {"hedge": "about"})
    assert "figures.csv:" in str(
        refused.value
    ) and "hedge: 'about' is not in the anchored text" in str(refused.value)
    assert package_bytes(pkg_dir) == before
    assert not (pkg_dir / store.JOURNAL).exists()
    assert not list(pkg_dir.glob(".*"))  # no scratch copy left behind


def test_a_stale_write_is_refused_and_overwrites_nothing(pkg_dir):
    tab1 = store.load(pkg_dir)
    tab2 = store.load(pkg_dir)
    actions.accept(tab1, "statements", "st_001")
    after_first = package_bytes(pkg_dir)
    with pytest.raises(store.StaleWrite, match="changed since this view"):
        actions.reject(tab2, "statements", "st_001")
    with pytest.raises(store.StaleWrite):  # a version the page saw, older than the folder's
        actions.accept(store.load(pkg_dir), "statements", "st_002", version=tab2.version)
    assert package_bytes(pkg_dir) == after_first


def test_undo_and_redo_restore_every_byte_and_survive_a_restart(pkg_dir, monkeypatch):
    monkeypatch.setenv(store.EDITOR_ENV, "Ana Editor")
    original = package_bytes(pkg_dir)
    pkg = store.load(pkg_dir)
    pkg = actions.accept(pkg, "statements", "st_001").package
    pkg = actions.set_span(pkg, "statements", "st_003", 603, 631 - 3).package
    pkg = actions.set_title(pkg, "A bridge").package
    middle = package_bytes(pkg_dir)
    entries = store.journal(pkg_dir)
    assert [e["action"] for e in entries] == ["accept", "set_span", "settings"]
    assert {e["editor"] for e in entries} == {"Ana Editor"}
    change = next(r for r in entries[1]["rows"] if r["table"] == "statements")
    assert change["before"]["end"] == "631" and change["after"]["end"] == "628"
    # undo everything in another process: the history is the journal's, not the app's memory
    code = (
        "from explainer.package import store\n" + f"store.undo(store.load({str(pkg_dir)!r}))\n" * 3
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
    assert package_bytes(pkg_dir) == original
    with pytest.raises(store.StoreError, match="nothing to undo"):
        store.undo(store.load(pkg_dir))
    for _ in range(3):
        store.redo(store.load(pkg_dir))
    assert package_bytes(pkg_dir) == middle
    assert len(store.journal(pkg_dir)) == 9  # append-only: 3 actions, 3 undos, 3 redos


def test_a_new_action_after_undo_clears_redo(pkg_dir):
    pkg = actions.accept(store.load(pkg_dir), "statements", "st_001").package
    pkg = store.undo(pkg).package
    actions.accept(pkg, "statements", "st_002")
    with pytest.raises(store.StoreError, match="nothing to redo"):
        store.redo(store.load(pkg_dir))


def test_undo_refuses_when_a_file_was_edited_by_hand_since(pkg_dir):
    actions.accept(store.load(pkg_dir), "statements", "st_001")
    path = pkg_dir / "provenance.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("0.85", "0.86"), encoding="utf-8")
    with pytest.raises(store.StoreError, match="changed after 'accept'"):
        store.undo(store.load(pkg_dir))


KILL_AFTER_FIRST_FILE = """
import os, signal, sys
from explainer.package import actions, store
real = store._replace
count = 0
def replace_then_die(folder, name, text):
    global count
    real(folder, name, text)
    count += 1
    if count == 1:
        os.kill(os.getpid(), signal.SIGKILL)
store._replace = replace_then_die
pkg = store.load(sys.argv[1])
he = pkg.article.index("He called")
actions.change_speaker(pkg, "st_003", "", he, he + 2)  # a new actor: six files change
"""


def test_a_write_killed_between_files_is_rolled_forward_to_a_valid_package(pkg_dir):
    pkg = store.load(pkg_dir)
    proc = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_FILE, str(pkg_dir)], cwd=REPO)
    assert proc.returncode == -9
    entry = store.journal(pkg_dir)[-1]
    assert len(entry["files"]) >= 4
    half = [n for n, c in entry["files"].items() if (pkg_dir / n).read_text("utf-8") == c["before"]]
    assert half, "the kill came after every file was written: nothing to recover"
    assert store.recover(pkg_dir)  # what opening the package (or the desk) does
    assert validate(pkg_dir).ok
    for name, change in entry["files"].items():
        assert (pkg_dir / name).read_text(encoding="utf-8") == change["after"]
    assert store.load(pkg_dir).version != pkg.version


def test_a_write_killed_while_journaling_leaves_the_old_package(pkg_dir):
    before = package_bytes(pkg_dir)
    pkg = store.load(pkg_dir)
    actions.accept(pkg, "statements", "st_001")
    store.undo(store.load(pkg_dir))
    journal = pkg_dir / store.JOURNAL
    whole = journal.read_bytes()
    torn = json.dumps({"seq": 3, "action": "accept", "files": {}})[:25].encode()
    journal.write_bytes(whole + torn)  # killed mid-line: no file was replaced yet
    store.recover(pkg_dir)
    assert journal.read_bytes() == whole
    assert package_bytes(pkg_dir) == before and validate(pkg_dir).ok


def test_merge_split_and_add_keep_the_package_valid(pkg_dir):
    pkg = store.load(pkg_dir)
    text = pkg.article
    he = text.index("He called")
    pkg = actions.change_speaker(pkg, "st_003", "", he, he + 2).package
    made = next(r["speaker_id"] for r in pkg.tables["statements"] if r["statement_id"] == "st_003")
    assert made != "tom_hale"
    pkg = actions.merge_actors(pkg, "tom_hale", made).package
    assert made not in {a["actor_id"] for a in pkg.tables["actors"]}
    assert {r["speaker_id"] for r in pkg.tables["statements"] if r["statement_id"] == "st_003"} == {
        "tom_hale"
    }
    cue = text.index("Mayor Ana Ruiz said")
    second = text.index("“We will open")
    pkg = actions.split(pkg, "statements", "st_001", cue, second).package
    parts = [r for r in pkg.tables["statements"] if r["speaker_id"] == "ana_ruiz"]
    assert sorted(r["exact"] for r in parts) == [
        "This bridge will connect two halves of our city that have been apart for too long,",
        "We will open it by the spring of next year.",
    ]
    pkg = actions.reject(pkg, "statements", "st_004").package  # then add it as the editor would
    start = text.index("an independent review")
    pkg = actions.add_statement(pkg, start, start + len("an independent review of the budget"),
                                "tom_hale", "paraphrase").package  # fmt: skip
    assert validate(pkg_dir).ok


def test_a_speakers_hop_takes_the_words_of_its_corrected_name(pkg_dir):
    """Newcomer read 3: after a merge and a corrected name ("Vermont" set to "the Vermont
    senator"), the speaker hops still read the old words. A hop named in its sentence takes
    the words of the actor's name there as they now stand."""
    pkg = store.load(pkg_dir)
    text = pkg.article
    a = text.index("Council member Tom Hale")
    pkg = actions.set_span(pkg, "aliases", "al_004", a, a + len("Council member Tom Hale")).package
    hop = next(
        h
        for h in pkg.tables["relay_hops"]
        if h["statement_id"] == "st_003" and h["role"] == "speaker"
    )
    assert (hop["basis"], hop["wording"]) == ("stated_here", "Council member Tom Hale")
    assert validate(pkg_dir).ok


def test_redrafting_into_a_reviewed_folder_keeps_every_reviewed_record(pkg_dir):
    pytest.importorskip("spacy", reason="the drafting extra: make test installs it")
    pkg = store.load(pkg_dir)
    pkg = actions.accept(pkg, "statements", "st_001").package
    pkg = actions.set_span(pkg, "statements", "st_003", 603, 628).package
    pkg = actions.accept(pkg, "statements", "st_003").package
    pkg = actions.edit_fields(pkg, "events", "ev_001", {"label": "Council vote"}).package
    pkg = actions.accept(pkg, "events", "ev_001").package
    reviewed = {
        (p["table"], p["record_id"]) for p in pkg.tables["provenance"] if p["review"] == "reviewed"
    }
    kept = by_key(pkg)
    before = package_bytes(pkg_dir)
    draft_into(pkg_dir)  # `make draft` into the same folder
    result = validate(pkg_dir)
    assert result.ok, [str(p) for p in result.problems]
    after = by_key(store.load(pkg_dir))
    for table, rid in reviewed:
        assert after[table].get(rid) == kept[table][rid], (table, rid)
    # the re-draft is one more journal entry, so it can be undone from the desk
    assert store.journal(pkg_dir)[-1]["action"] == "draft"
    store.undo(store.load(pkg_dir))
    assert package_bytes(pkg_dir) == before


def by_key(pkg: store.Package) -> dict[str, dict[str, dict]]:
    return {
        t: {"#".join(r[k] for k in pkg.key(t)): r for r in rows} for t, rows in pkg.tables.items()
    }


def test_accepting_a_paraphrase_makes_a_direct_statement_for_each_quoted_passage(pkg_dir):
    from explainer.package import edit

    old, new = "could not afford it", "could not afford “a bridge too far”"
    edit.replace_in_article(pkg_dir, [(old, new)])
    pkg = store.load(pkg_dir)
    st = next(r for r in pkg.tables["statements"] if r["statement_id"] == "st_003")
    assert "“a bridge too far”" in st["exact"] and validate(pkg_dir).ok  # a draft may hold it
    actions.accept(pkg, "statements", "st_003")
    made = [r for r in rows(pkg_dir, "statements") if r["exact"] == "a bridge too far"]
    assert [(r["mode"], r["speaker_id"], r["voice_id"]) for r in made] == [
        ("direct", "tom_hale", "tom_hale")
    ]
    chain = [h for h in rows(pkg_dir, "relay_hops") if h["statement_id"] == made[0]["statement_id"]]
    assert [h["role"] for h in chain] == ["speaker", "publisher"]
    assert validate(pkg_dir).ok


def test_a_new_speaker_takes_the_figures_inside_the_quotation_with_its_voice(pkg_dir):
    """The newcomer's first problem: a quotation holding a figure could not change speaker
    ("the span is in the X voice"). Words inside a direct quotation speak in its voice; the
    narration's words inside its span (the cue's name) keep theirs."""
    before = {r["figure_id"]: r["voice_id"] for r in rows(pkg_dir, "figures")}
    assert before["fg_001"] == "ana_ruiz"  # "two", inside st_001's quotation
    actions.change_speaker(store.load(pkg_dir), "st_001", "tom_hale")
    st = next(r for r in rows(pkg_dir, "statements") if r["statement_id"] == "st_001")
    figures = {r["figure_id"]: r["voice_id"] for r in rows(pkg_dir, "figures")}
    assert figures["fg_001"] == st["voice_id"] != "ana_ruiz"
    aliases = {r["alias_id"]: r["voice_id"] for r in rows(pkg_dir, "aliases")}
    assert aliases["al_005"] == "narration"
    assert validate(pkg_dir).ok


def test_the_journal_reads_back_text_holding_unicode_line_separators(pkg_dir):
    """JSON leaves U+2028, U+0085 and U+001C as they are; the journal is split on LF alone, so a
    title holding them is journaled, read back and undone (Hypothesis found this)."""
    before = package_bytes(pkg_dir)
    title = "a\u2028b\x85c\x1cd"
    actions.set_title(store.load(pkg_dir), title)
    assert store.load(pkg_dir).descriptor["explainer"]["site_title"] == title
    assert [e["action"] for e in store.journal(pkg_dir)] == ["settings"]
    store.undo(store.load(pkg_dir))
    assert package_bytes(pkg_dir) == before


@pytest.mark.parametrize(
    "selected",
    [
        "Mayor Ana Ruiz said after the vote.",  # the cue's words, no quotation marks
        " Mayor Ana Ruiz said after the vote. ",  # with the spaces around them
        "Ruiz",  # a word of the cue
        "",  # a click (no selection) in the cue
        "said after the vote. “",  # the cue and the next part's opening mark
        "too long,” Mayor",  # touching the first part's words
    ],
)
def test_a_quotation_splits_at_its_cue_however_the_cue_is_selected(pkg_dir, selected):
    """A newcomer selected the cue without its quotation marks and the split was refused. Any
    selection (or click) between the two quoted parts, or touching them, cuts at the cue."""
    pkg = store.load(pkg_dir)
    text = pkg.article
    anchor = selected or "Ana Ruiz"
    at = text.index(anchor, text.index("too long,") - 12) + (2 if not selected else 0)
    until = at + len(selected) if selected else None
    w = actions.split(pkg, "statements", "st_001", at, until)
    parts = [r for r in w.package.tables["statements"] if r["voice_id"] == "ana_ruiz"]
    assert sorted(r["exact"] for r in parts) == [
        "This bridge will connect two halves of our city that have been apart for too long,",
        "We will open it by the spring of next year.",
    ]
    assert validate(pkg_dir).ok


def test_a_quotation_split_inside_a_quoted_part_is_refused_naming_the_cue(pkg_dir):
    before = package_bytes(pkg_dir)
    pkg = store.load(pkg_dir)
    at = pkg.article.index("two halves")
    with pytest.raises(store.StoreError) as refused:
        actions.split(pkg, "statements", "st_001", at, at + len("two halves"))
    assert "Mayor Ana Ruiz said after the vote." in str(refused.value)
    assert package_bytes(pkg_dir) == before


def quote_with_a_name(pkg_dir: Path) -> tuple[store.Package, str]:
    """st_003 made to hold a quotation with a name inside (“the Mill River crossing”), the name
    an alias in the narration voice, as the drafter leaves it inside a paraphrase."""
    from explainer.package import edit

    old, new = "could not afford it", "could not afford “the Mill River crossing”"
    edit.replace_in_article(pkg_dir, [(old, new)])
    e = actions.Edit(store.load(pkg_dir))
    at = e.pkg.article.index("the Mill River crossing")
    e.add(
        "aliases",
        {"alias_id": "al_100", "actor_id": "mill_river", "start": at, "end": at + 14,
         "exact": "the Mill River", "voice_id": "narration", "form": "name"},
    )  # fmt: skip
    e.commit("setup", None)
    assert validate(pkg_dir).ok
    return store.load(pkg_dir), "al_100"


def test_accepting_a_paraphrase_whose_quotation_holds_a_name_moves_the_name_to_its_voice(
    pkg_dir,
):
    """Newcomer review 2, problem 1: the direct statement accept made was refused (the name
    inside it was still the narration's), and giving the name the speaker's voice first was
    refused the other way round: no paraphrase quoting a name could be reviewed."""
    pkg, alias = quote_with_a_name(pkg_dir)
    actions.accept(pkg, "statements", "st_003")
    made = next(r for r in rows(pkg_dir, "statements") if r["exact"] == "the Mill River crossing")
    voices = {r["alias_id"]: r["voice_id"] for r in rows(pkg_dir, "aliases")}
    assert made["voice_id"] == voices[alias] == "tom_hale"
    assert voices["al_004"] == "narration"  # "Tom Hale", outside the quotation, keeps its voice
    assert validate(pkg_dir).ok


def test_adding_a_quotation_that_holds_a_name_by_hand_moves_the_name_to_its_voice(pkg_dir):
    pkg, alias = quote_with_a_name(pkg_dir)
    at = pkg.article.index("the Mill River crossing")
    actions.add_statement(pkg, at, at + len("the Mill River crossing"), "tom_hale", "direct")
    assert {r["alias_id"]: r["voice_id"] for r in rows(pkg_dir, "aliases")}[alias] == "tom_hale"
    assert validate(pkg_dir).ok


def make_unattributed(pkg_dir: Path, rid: str) -> None:
    """Statement ``rid`` as the drafter leaves one whose speaker the text does not name: no
    speaker, the Unattributed voice (with the words quoted inside it), a chain of the publisher
    alone."""
    e = actions.Edit(store.load(pkg_dir))
    st = e.find("statements", rid)
    old_voice = st["voice_id"]
    st.update(speaker_id="", voice_id="unnamed_source")
    for table in ("aliases", "figures", "terms"):
        for r in e.tables.get(table, []):
            if r["voice_id"] == old_voice and int(st["start"]) <= int(r["start"]) < int(st["end"]):
                r["voice_id"] = "unnamed_source"
    e.remove("relay_hops", f"{rid}#1")
    e.find("relay_hops", f"{rid}#2")["position"] = "1"
    for p in e.tables["provenance"]:
        if p["table"] == "relay_hops" and p["record_id"] == f"{rid}#2":
            p["record_id"] = f"{rid}#1"
    e.commit("setup", None)
    assert validate(pkg_dir).ok


@pytest.mark.parametrize(("rid", "speaker"), [("st_004", "tom_hale"), ("st_001", "ana_ruiz")])
def test_an_unattributed_statement_takes_a_speaker_and_its_chain_a_speaker_hop(
    pkg_dir, rid, speaker
):
    """Newcomer review 2, problem 2: `p` on an "Unattributed" statement was refused (its chain
    must start with its speaker) for paraphrase and quotation alike."""
    make_unattributed(pkg_dir, rid)
    actions.change_speaker(store.load(pkg_dir), rid, speaker)
    chain = sorted(
        (h for h in rows(pkg_dir, "relay_hops") if h["statement_id"] == rid),
        key=lambda h: h["position"],
    )
    assert [(h["position"], h["role"], h["actor_id"]) for h in chain] == [
        ("1", "speaker", speaker),
        ("2", "publisher", "the_riverside_courier"),
    ]
    st = next(r for r in rows(pkg_dir, "statements") if r["statement_id"] == rid)
    assert (st["speaker_id"], st["voice_id"]) == (speaker, speaker)
    if rid == "st_001":  # "two", inside the quotation, speaks in the new voice
        figures = {r["figure_id"]: r["voice_id"] for r in rows(pkg_dir, "figures")}
        assert figures["fg_001"] == speaker
    assert review_of(pkg_dir, "relay_hops", f"{rid}#2") == "draft"  # the publisher hop's
    assert validate(pkg_dir).ok


def test_a_reject_keeps_the_name_of_a_speaker_who_stays(pkg_dir):
    """Newcomer review 2, problem 3: rejecting a statement took its speaker's alias with it
    though the actor stayed (other statements are his), so the name was left uncovered and the
    reject refused. The name keeps its record; what goes is listed before acting."""
    pkg = store.load(pkg_dir)
    assert ("aliases", "al_004") not in actions.rejected_with(pkg, "statements", "st_003")
    w = actions.reject(pkg, "statements", "st_003")
    assert "al_004" in {r["alias_id"] for r in rows(pkg_dir, "aliases")}  # "Tom Hale"
    assert "st_003" not in {r["statement_id"] for r in rows(pkg_dir, "statements")}
    assert "events/ev_006" in w.entry["detail"]["removed"]
    assert validate(pkg_dir).ok


def test_rejecting_a_direct_quotation_leaves_a_note_on_its_marks_in_one_transaction(pkg_dir):
    """Newcomer review 2, #24: a wrong direct quotation could not be rejected (its passage was
    then uncovered). Rejecting it now notes that the marks hold no one's words, and the words
    it quoted go back to the narration's voice, in one validated write."""
    pkg = store.load(pkg_dir)
    removed, noted = actions.reject_preview(pkg, "statements", "st_001")
    w = actions.reject(pkg, "statements", "st_001")
    notes = {r["note_id"]: r for r in rows(pkg_dir, "notes")}
    phrases = [n for n in notes.values() if n["kind"] == "quoted_phrase"]
    assert [(int(n["start"]), int(n["end"])) for n in phrases] == noted and len(noted) == 2
    assert phrases[0]["exact"].startswith("This bridge will connect")
    assert sorted(w.entry["detail"]["noted"]) == [f"notes/{n['note_id']}" for n in phrases]
    assert {r["figure_id"]: r["voice_id"] for r in rows(pkg_dir, "figures")}["fg_001"] == (
        "narration"
    )
    assert len([e for e in store.journal(pkg_dir) if e["action"] == "reject"]) == 1
    assert validate(pkg_dir).ok


def test_rejecting_the_note_on_quoted_words_says_to_accept_it_instead(pkg_dir):
    """Newcomer read 3: rejecting the note on a programme's title (quoted, said by no one) was
    refused by the validator with advice to add a statement. The note is that passage's record:
    the refusal says so, and what to do (accept it, or add the speaker's statement first)."""
    pkg = store.load(pkg_dir)
    actions.reject(pkg, "statements", "st_001")  # leaves quoted_phrase notes on its passages
    note = next(n for n in rows(pkg_dir, "notes") if n["kind"] == "quoted_phrase")
    before = package_bytes(pkg_dir)
    with pytest.raises(store.StoreError) as refused:
        actions.reject(store.load(pkg_dir), "notes", note["note_id"])
    message = str(refused.value)
    assert "this note is the record of" in message and "accept the note (a)" in message
    assert note["exact"][:20] in message
    assert package_bytes(pkg_dir) == before


def test_a_span_that_leaves_a_quotation_bare_is_refused_saying_why_and_what_to_do(pkg_dir):
    pkg = store.load(pkg_dir)
    text = pkg.article
    a = text.index("We will open")
    b = text.index("next year.") + len("next year.")
    before = package_bytes(pkg_dir)
    with pytest.raises(store.StoreError) as refused:
        actions.set_span(pkg, "statements", "st_001", a, b)
    message = str(refused.value)
    assert "This bridge will connect" in message and "Replace (key r)" in message
    assert package_bytes(pkg_dir) == before


def test_replace_re_anchors_a_quotation_with_another_speaker_in_one_transaction(pkg_dir):
    """A wrong quotation replaced by the corrected one: the second passage of st_001 alone,
    said by someone else; the first passage's marks get a note; the id and chain stay."""
    pkg = store.load(pkg_dir)
    text = pkg.article
    a = text.index("We will open")
    b = text.index("next year.") + len("next year.")
    before = package_bytes(pkg_dir)
    w = actions.replace(pkg, "st_001", a, b, "tom_hale")
    st = next(r for r in rows(pkg_dir, "statements") if r["statement_id"] == "st_001")
    assert (st["exact"], st["speaker_id"], st["voice_id"]) == (text[a:b], "tom_hale", "tom_hale")
    chain = [(h["position"], h["actor_id"]) for h in rows(pkg_dir, "relay_hops")
             if h["statement_id"] == "st_001"]  # fmt: skip
    assert sorted(chain) == [("1", "tom_hale"), ("2", "the_riverside_courier")]
    phrase = [n for n in rows(pkg_dir, "notes") if n["kind"] == "quoted_phrase"]
    assert [n["exact"][:26] for n in phrase] == ["This bridge will connect t"]
    assert w.entry["detail"]["noted"] == [f"notes/{phrase[0]['note_id']}"]
    assert review_of(pkg_dir, "statements", "st_001") == "draft"  # still for the editor to accept
    assert validate(pkg_dir).ok
    store.undo(store.load(pkg_dir))
    assert package_bytes(pkg_dir) == before


def test_a_far_date_is_history_when_the_words_or_the_editors_note_give_its_year(pkg_dir):
    """Newcomer review 2, #66 and #76: every date more than 10 years from the article's was
    refused as a typo, so no history the article recounts could be dated. A year the event's
    words print, or its note names (the editor's confirmation), is accepted; a year typed
    wrong still is not."""
    from explainer.package.checks.dates import prints_year

    assert prints_year(2000, "the 2000", "") and prints_year(2004, "in 2004")
    assert prints_year(1964, "the 1960s") and prints_year(1967, "the ’60s")
    assert not prints_year(2000, "20001 votes", "") and not prints_year(1970, "the 1960s")
    far = {"f_date_start": "2000-01-01", "f_date_end": "2000-12-31", "f_precision": "range"}
    far["f_resolution"] = "inferred"  # the words "said" give no year: our reading
    before = package_bytes(pkg_dir)
    with pytest.raises(store.Refused) as refused:
        actions.edit_fields(store.load(pkg_dir), "events", "ev_004", strip_f(far))
    assert any("neither the event's words nor its note print 2000" in str(p)
               for p in refused.value.problems)  # fmt: skip
    assert package_bytes(pkg_dir) == before
    note = {"note": "The editor confirmed the year 2000."}
    actions.edit_fields(store.load(pkg_dir), "events", "ev_004", strip_f(far) | note)
    assert validate(pkg_dir).ok
    typo = {"date_start": "2205-01-01", "date_end": "2205-12-31"}  # 2025 typed wrong
    with pytest.raises(store.Refused):
        actions.edit_fields(store.load(pkg_dir), "events", "ev_004", typo)


def strip_f(form: dict[str, str]) -> dict[str, str]:
    return {k.removeprefix("f_"): v for k, v in form.items()}


def test_an_added_event_takes_a_note_and_any_precision_the_schema_allows(pkg_dir):
    """Newcomer review 2, #66: "Add event" offered precisions the schema refuses and had no
    note field though a note is required."""
    pkg = store.load(pkg_dir)
    a = pkg.article.index("months of debate")
    w = actions.add_event(pkg, a, a + len("months of debate"), "The debate", "2024-06-01",
                          "2025-03-18", "approximate", "inferred", "Our reading of “months”.")  # fmt: skip
    ev = next(
        r
        for r in rows(pkg_dir, "events")
        if f"events/{r['event_id']}" == w.entry["detail"]["record"]
    )
    assert (ev["precision"], ev["note"]) == ("approximate", "Our reading of “months”.")
    assert validate(pkg_dir).ok


def year_as_count(pkg_dir: Path, words: str) -> str:
    """The bridge draft with "months of debate" changed to ``words`` (which print a year), the
    year drafted as a count, as the drafter left "the 2000 election" (2,000 elections)."""
    from explainer.package import edit

    edit.replace_in_article(pkg_dir, [("ending months of debate", f"ending {words}")])
    e = actions.Edit(store.load(pkg_dir))
    year = next(w for w in words.split() if w.isdigit())
    at = e.pkg.article.index(year)
    e.add("figures", {"figure_id": "fg_100", "start": at, "end": at + 4, "exact": year,
                      "value": year, "unit": "debates", "bound": "exact", "kind": "count",
                      "voice_id": "narration", "note": "Drafted from the text."})  # fmt: skip
    e.tables["provenance"].append(
        {"record_id": "fg_100", "table": "figures", "review": "draft", "rule": "number",
         "confidence": "0.60", "note": "check the unit"}
    )  # fmt: skip
    e.commit("setup", None)
    assert validate(pkg_dir).ok
    return "fg_100"


def test_a_year_drafted_as_a_count_becomes_a_dated_event_in_one_action(pkg_dir):
    """Newcomer review 2, finding 6: "the 2000 election" was drafted as 2,000 elections and
    "a 2014 study" as 2,014 studies; the fix took four fields and no event was dated."""
    fid = year_as_count(pkg_dir, "the 2004 debate")
    w = actions.date_year(store.load(pkg_dir), fid)
    fig = next(r for r in rows(pkg_dir, "figures") if r["figure_id"] == fid)
    assert (fig["value"], fig["unit"], fig["kind"]) == ("2004", "year", "date")
    assert review_of(pkg_dir, "figures", fid) == "reviewed"
    eid = w.entry["detail"]["event"].split("/")[1]
    ev = next(r for r in rows(pkg_dir, "events") if r["event_id"] == eid)
    assert (ev["label"], ev["exact"], ev["date_start"], ev["date_end"]) == (
        "2004 debate", "2004", "2004-01-01", "2004-12-31")  # fmt: skip
    assert validate(pkg_dir).ok  # 21 years before the article: the words print it
    assert len([e for e in store.journal(pkg_dir) if e["action"] == "date_year"]) == 1


def test_a_year_cannot_be_rejected_and_the_refusal_says_what_to_do(pkg_dir):
    fid = year_as_count(pkg_dir, "a debate since 2004")
    before = package_bytes(pkg_dir)
    with pytest.raises(store.StoreError) as refused:
        actions.reject(store.load(pkg_dir), "figures", fid)
    assert "“2004”" in str(refused.value) and "press d" in str(refused.value)
    assert package_bytes(pkg_dir) == before
    w = actions.date_year(store.load(pkg_dir), fid, event=False)
    assert w.entry["detail"]["event"] == "" and validate(pkg_dir).ok


def test_a_selection_of_punctuation_alone_is_refused(pkg_dir):
    """Newcomer review 2, #71: a drag that caught only "." set a statement's span to "."."""
    pkg = store.load(pkg_dir)
    dot = pkg.article.index("the project.") + len("the project")
    before = package_bytes(pkg_dir)
    with pytest.raises(store.StoreError, match="holds no word"):
        actions.set_span(pkg, "statements", "st_002", dot, dot + 1)
    assert package_bytes(pkg_dir) == before


def test_two_events_that_are_one_merge_in_one_transaction(pkg_dir):
    """Newcomer review 2, #27: "ruled Friday" and "Friday's decision" were two events, with no
    way to say they are one. Merging repoints every reference; a mention whose words hold a
    date stays (the text's dates each keep an event) with the kept event's label and dates."""
    pkg = store.load(pkg_dir)
    actions.merge_events(pkg, "ev_004", "ev_006")  # "said" twice: one statement event
    assert "ev_006" not in {r["event_id"] for r in rows(pkg_dir, "events")}
    st = {r["statement_id"]: r["event_id"] for r in rows(pkg_dir, "statements")}
    assert st["st_003"] == "ev_004" and validate(pkg_dir).ok
    w = actions.merge_events(store.load(pkg_dir), "ev_002", "ev_001")  # "Tuesday": a date
    events = {r["event_id"]: r for r in rows(pkg_dir, "events")}
    same = ("label", "date_start", "date_end", "precision")
    assert [events["ev_001"][k] for k in same] == [events["ev_002"][k] for k in same]
    assert events["ev_001"]["exact"] == "Tuesday" and "ev_002" in events["ev_001"]["note"]
    assert w.entry["detail"]["drop"] == "ev_001" and validate(pkg_dir).ok
    with pytest.raises(store.StoreError, match="two different"):
        actions.merge_events(store.load(pkg_dir), "ev_002", "ev_002")


def test_rejecting_a_name_that_holds_another_name_says_what_to_do_instead(pkg_dir):
    """Newcomer review 2, #9: rejecting "eligible voters" was refused for "voters" inside it, a
    name recorded elsewhere, with a message about another span. The refusal now names the
    name it would leave bare and the two ways out."""
    from explainer.package import edit

    edit.replace_in_article(pkg_dir, [("members voted", "members, Tom Hale too, voted")])
    e = actions.Edit(store.load(pkg_dir))
    at = e.pkg.article.index("members, Tom Hale")
    e.add("aliases", {"alias_id": "al_100", "actor_id": "tom_hale", "start": at,
                      "end": at + 17, "exact": "members, Tom Hale", "voice_id": "narration",
                      "form": "descriptor"})  # fmt: skip
    e.commit("setup", None)
    assert validate(pkg_dir).ok
    before = package_bytes(pkg_dir)
    with pytest.raises(store.StoreError) as refused:
        actions.reject(store.load(pkg_dir), "aliases", "al_100")
    assert "leaves the name “Tom Hale”" in str(refused.value) and "key s" in str(refused.value)
    assert package_bytes(pkg_dir) == before
    tom = at + len("members, ")
    actions.set_span(store.load(pkg_dir), "aliases", "al_100", tom, tom + 8)  # the way out
    assert validate(pkg_dir).ok

"""The review desk in Chromium: a whole review of the bridge example's draft by keys, pointer and
selections, then the CSV files and the package's validity; writes without the token refused; the
hostile package's text shown literally with no script run; a refused action shows the
validator's own message and writes nothing."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from reviewdesk import REPO, copy_draft, package_bytes, served

from explainer.package import actions, store
from explainer.package.checks.errors import CATALOGUE
from explainer.package.validate import validate

#: Selects article[start:end] in the page as a reader's drag would: the text nodes under the
#: paragraph whose data-start holds the offset, counted in code points as Python counts.
SELECT = """([start, end]) => {
  function point(offset) {
    const paras = [...document.querySelectorAll('#text [data-start]')];
    const para = paras.filter(p => Number(p.dataset.start) <= offset).pop();
    let left = offset - Number(para.dataset.start);
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const chars = Array.from(node.data);
      if (left <= chars.length) { return [node, chars.slice(0, left).join('').length]; }
      left -= chars.length;
    }
    throw new Error('offset ' + offset + ' is not in the article');
  }
  const [a, ao] = point(start), [b, bo] = point(end);
  const range = document.createRange();
  range.setStart(a, ao); range.setEnd(b, bo);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
}"""


def rows(folder: Path, table: str) -> dict[str, dict]:
    pk = store.load(folder).key(table)
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return {"#".join(r[k] for k in pk): r for r in csv.DictReader(f)}


def post(url: str, path: str, data: dict, token: str | None) -> int:
    req = urllib.request.Request(
        url.split("?")[0] + path, data=urllib.parse.urlencode(data).encode(), method="POST"
    )
    if token:
        req.add_header("X-Review-Token", token)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def bridge(tmp_path) -> Path:
    return copy_draft(tmp_path / "bridge")


def test_a_write_without_the_token_is_refused_and_writes_nothing(bridge):
    before = package_bytes(bridge)
    with served(bridge, token="right") as url:
        form = {"table": "statements", "id": "st_001"}
        assert post(url, "action/accept", form, None) == 403
        assert post(url, "action/accept", form, "wrong") == 403
        assert package_bytes(bridge) == before
        with pytest.raises(urllib.error.HTTPError) as page:  # the page itself needs the token
            urllib.request.urlopen(url.split("?")[0])
        assert page.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as preview:
            urllib.request.urlopen(url.split("?")[0] + "preview")
        assert preview.value.code == 403
        around = sorted(p for p in bridge.parent.rglob("*") if bridge not in p.parents)
        assert post(url, "action/accept", form, "right") == 200
    assert rows(bridge, "provenance")["statements#st_001"]["review"] == "reviewed"
    # written: the package's files and its journal, nothing beside it, no scratch left inside
    assert sorted(p for p in bridge.parent.rglob("*") if bridge not in p.parents) == around
    assert {p.name for p in bridge.iterdir()} == set(before) | {"journal.jsonl"}


def test_the_desk_answers_only_to_its_own_host_name(bridge):
    with served(bridge) as url:
        req = urllib.request.Request(url, headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req)
        assert refused.value.code == 400


def open_desk(chromium, url, errors):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("#desk")
    return page


def settle(page, after: str):
    """Wait until the desk shows ``after`` in its message (the swap after an action)."""
    try:
        page.wait_for_function(
            "t => !document.body.dataset.busy &&"
            " (document.querySelector('.message') || {}).textContent?.includes(t)",
            arg=after,
            timeout=15000,
        )
    except Exception:
        shown = page.locator(".message, #hint").all_inner_texts()
        raise AssertionError(f"waited for {after!r}; the page says {shown}") from None


def show(page, ref: str):
    """Make ``table/id`` the current record by pointer: its entry in the queue, or (reviewed, so
    out of the queue) its highlight in the text."""
    link = page.locator(f'.queue a[data-ref="{ref}"]')
    if link.count():
        link.click()
    else:
        page.click(f'#text mark[id="{ref.split("/", 1)[1]}"]')
    page.wait_for_selector(f'#card[data-ref="{ref}"]')


def test_a_whole_review_in_the_browser(chromium, bridge):
    text = store.load(bridge).article
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        # accept, by key, after moving to the record by its highlight in the text
        page.click('mark[data-record="st_001"]')
        page.wait_for_selector('#card[data-ref="statements/st_001"]')
        page.keyboard.press("a")
        settle(page, "accept statements/st_001")
        # reject a name the draft took for an actor ("Council" of "Council member Tom Hale")
        council = next(k for k, r in rows(bridge, "aliases").items() if r["exact"] == "Council")
        show(page, f"aliases/{council}")
        page.keyboard.press("x")
        settle(page, f"reject aliases/{council}")
        # fix a span by selection, then confirm with the key
        show(page, "statements/st_003")
        start = text.index("could not afford it")
        page.evaluate(SELECT, [start, start + len("could not afford it")])
        page.keyboard.press("s")
        settle(page, "set_span statements/st_003")
        # fix a speaker from a selection ("He"), then merge that new actor into Tom Hale
        he = text.index("He called")
        show(page, "statements/st_004")
        page.evaluate(SELECT, [he, he + 2])
        page.keyboard.press("p")
        settle(page, "change_speaker statements/st_004")
        made = rows(bridge, "statements")["st_004"]["speaker_id"]
        assert made not in ("tom_hale", "") and rows(bridge, "actors")[made]["name"] == "He"
        page.goto(url + f"&rec=actors/{made}")
        page.select_option('select[data-role="merge"]', "tom_hale")
        page.click('form[hx-post="action/merge_actors"] button')
        settle(page, "merge_actors")
        # split the quotation its cue interrupts: select the cue's words between the two parts,
        # as a newcomer does, without the quotation marks
        show(page, "statements/st_001")
        cue_from = text.index("Mayor Ana Ruiz said")
        cue_to = text.index("after the vote.") + len("after the vote")
        page.evaluate(SELECT, [cue_from, cue_to])
        page.keyboard.press("t")
        settle(page, "split statements/st_001")
        parts = [
            r["exact"] for r in rows(bridge, "statements").values() if r["voice_id"] == "ana_ruiz"
        ]
        assert sorted(parts) == [
            "This bridge will connect two halves of our city that have been apart for too long,",
            "We will open it by the spring of next year.",
        ]
        # a refused action: the validator's own words, and nothing written
        before = package_bytes(bridge)
        fig = next(k for k, r in rows(bridge, "figures").items() if r["hedge"] == "nearly")
        page.goto(url + f"&rec=figures/{fig}")
        page.select_option('select[name="f_hedge"]', "about")
        page.set_viewport_size({"width": 1280, "height": 420})  # a long card, scrolled down
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.click("text=Save fields")
        page.wait_for_selector(".message.error")
        assert "hedge: 'about' is not in the anchored text" in page.inner_text(".message.error")
        # newcomer read 3: the refusal is brought into view below the sticky bar, not under it
        page.wait_for_timeout(300)
        gap = page.evaluate(
            "() => document.querySelector('.message.error').getBoundingClientRect().top"
            " - document.querySelector('.bar').getBoundingClientRect().bottom"
        )
        assert gap >= 0, gap
        page.set_viewport_size({"width": 1280, "height": 900})
        assert package_bytes(bridge) == before
        # add a statement the draft missed (here: one rejected first, St_004, with its chain):
        # choose the speaker and mode, select the words, then the key
        page.goto(url + "&rec=statements/st_004")
        page.once("dialog", lambda dialog: dialog.accept())  # it takes its event with it
        page.keyboard.press("x")
        settle(page, "reject statements/st_004")
        missed = "an independent review of the budget"
        at = text.index(missed)
        page.select_option('.add select[name="actor"]', "tom_hale")
        page.select_option('.add select[name="mode"]', "paraphrase")
        page.evaluate("document.activeElement.blur()")  # as a drag over the text would
        page.evaluate(SELECT, [at, at + len(missed)])
        page.keyboard.press("n")
        settle(page, "add_statement")
        added = [r for r in rows(bridge, "statements").values() if r["exact"] == missed]
        assert added and added[0]["mode"] == "paraphrase"
        # undo, then redo, by key
        after_add = package_bytes(bridge)
        page.keyboard.press("u")
        settle(page, "undo")
        assert not [r for r in rows(bridge, "statements").values() if r["exact"] == missed]
        page.keyboard.press("y")
        settle(page, "redo")
        assert package_bytes(bridge) == after_add
        page.close()
    statements = rows(bridge, "statements")
    prov = rows(bridge, "provenance")
    assert prov["statements#st_001"]["review"] == "reviewed"
    assert prov["relay_hops#st_001#1"]["review"] == "reviewed"
    assert "Council" not in {r["exact"] for r in rows(bridge, "aliases").values()}
    assert statements["st_003"]["exact"] == "could not afford it"
    assert made not in rows(bridge, "actors")
    added = [r for r in statements.values() if r["exact"] == missed]
    assert [(r["speaker_id"], r["mode"]) for r in added] == [("tom_hale", "paraphrase")]
    ruiz = sorted(r["exact"] for r in statements.values() if r["speaker_id"] == "ana_ruiz")
    assert ruiz == [
        "This bridge will connect two halves of our city that have been apart for too long,",
        "We will open it by the spring of next year.",
    ]
    result = validate(bridge)
    assert result.ok, [str(p) for p in result.problems]
    assert [e["action"] for e in store.journal(bridge)] == [
        "accept", "reject", "set_span", "change_speaker", "merge_actors", "split",
        "reject", "add_statement", "undo", "redo",
    ]  # fmt: skip
    refused = "status of 422"  # the browser logs the refused edit's answer; nothing else
    assert [e for e in errors if refused not in e] == [] and len(errors) == 1, errors


def test_the_hostile_package_runs_no_script_in_the_review_page(chromium, tmp_path):
    import hostile

    data = hostile.make_package(REPO / "data", tmp_path / "hostile")
    errors: list[str] = []
    with served(data) as url:
        page = open_desk(chromium, url, errors)
        shown = []
        for table, rid, _field, value in hostile.FIELDS:
            page.goto(url + f"&rec={table}/{rid}")
            page.wait_for_selector(f'#card[data-ref="{table}/{rid}"]')
            shown.append(value in page.inner_text("#card"))
            page.hover("#text mark")
        assert all(shown), "a hostile value was not shown as text"
        assert hostile.KATZ_WORDS.split(" ", 2)[-1] in page.inner_text("#text")
        assert page.evaluate(f"typeof window.{hostile.FLAG}") == "undefined"
        page.close()


def test_the_vendored_htmx_is_the_one_package_json_pins():
    import json

    pin = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["dependencies"][
        "htmx.org"
    ]
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/htmx.org"]["version"] == pin
    vendored = (REPO / "explainer" / "review" / "static" / "htmx.min.js").read_text(
        encoding="utf-8"
    )
    assert f'version:"{pin}"' in vendored


def test_two_tabs_the_later_write_is_refused_and_overwrites_nothing(bridge):
    seen = store.load(bridge).version  # what both tabs loaded
    with served(bridge, token="t") as url:
        first = {"table": "statements", "id": "st_001", "version": seen}
        assert post(url, "action/accept", first, "t") == 200
        after_first = package_bytes(bridge)
        second = {"table": "statements", "id": "st_001", "version": seen}
        assert post(url, "action/reject", second, "t") == 409
    assert package_bytes(bridge) == after_first
    assert [e["action"] for e in store.journal(bridge)] == ["accept"]


def test_after_an_accept_the_desk_shows_the_next_record_not_the_queues_top(bridge):
    """A newcomer was sent back to the top of the queue after every accept, to a record they had
    left drafted on purpose. The desk goes on to the record after the one accepted."""
    from explainer.review import page

    refs = [item.ref for item in page.queue(store.load(bridge), "reading")]
    table, rid = refs[1].split("/")
    with served(bridge, token="t") as url:
        req = urllib.request.Request(
            url.split("?")[0] + "action/accept",
            data=urllib.parse.urlencode(
                {"table": table, "id": rid, "order": "reading", "current": refs[1]}
            ).encode(),
            method="POST",
            headers={"X-Review-Token": "t"},
        )
        with urllib.request.urlopen(req) as response:
            body = response.read().decode("utf-8")
    shown = body.split("aria-current=true", 1)[1].split('data-ref="', 1)[1].split('"', 1)[0]
    assert shown == refs[2] != refs[0]


def test_a_refused_edit_keeps_what_the_editor_typed(bridge):
    """A newcomer's refused save put every field back to the draft's values, to be typed again."""
    before = package_bytes(bridge)
    fields = {"table": "events", "id": "ev_004", "current": "events/ev_004"}
    fields |= {"f_label": "Typed by the editor", "f_date_start": "2025-03-01", "f_date_end": ""}
    fields |= {"f_precision": "day"}
    with served(bridge, token="t") as url:
        req = urllib.request.Request(
            url.split("?")[0] + "action/edit",
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={"X-Review-Token": "t"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req)
        body = refused.value.read().decode("utf-8")
    assert refused.value.code == 422 and "date_end" in body
    assert 'name="f_label" value="Typed by the editor"' in body
    assert package_bytes(bridge) == before


def get_desk(url: str, href: str, token: str) -> str:
    """The desk's HTML for an ``hx-get`` address the page holds (relative to the app)."""
    req = urllib.request.Request(
        url.split("?")[0] + html.unescape(href), headers={"X-Review-Token": token}
    )
    with urllib.request.urlopen(req) as response:
        return response.read().decode("utf-8")


def carried_links(body: str) -> dict[str, str]:
    """The card's "what it carries" links: record (table/id) -> the address that shows it."""
    section = body.split('class="carries"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'<a hx-get="([^"]+)" href="#" data-ref="([^"]+)"', section)
    return {html.unescape(ref): href for href, ref in found}


def test_the_accept_card_lists_what_accepting_carries_and_links_each_one(bridge):
    """A newcomer could not tell what an accept takes with it, nor reach those records once they
    had left the queue. The card lists them, each a link that shows that record's card."""
    with served(bridge, token="t") as url:
        links = carried_links(get_desk(url, "desk?rec=statements/st_001", "t"))
        # The quotation's relay chain, its speaker and voice, the alias naming her, its event;
        # and, apart, the figure inside it (accepting does not review that).
        for ref in (
            "relay_hops/st_001#1",
            "relay_hops/st_001#2",
            "actors/ana_ruiz",
            "voices/ana_ruiz",
            "aliases/al_005",
            "events/ev_004",
            "figures/fg_001",
        ):
            assert ref in links, ref
        assert post(url, "action/accept", {"table": "statements", "id": "st_001"}, "t") == 200
        for ref, href in links.items():
            card = get_desk(url, href, "t").split('id="card"', 1)[1].split("</section>", 1)[0]
            assert f'data-ref="{html.escape(ref)}"' in card.split(">", 1)[0]
            want = "drafted" if ref == "figures/fg_001" else "reviewed"
            assert f'<span class="status status-{want}">' in card.split("</h2>", 1)[0], ref


def test_a_drafted_record_an_accept_carries_shows_its_own_check(bridge):
    """Newcomer read 3: accepting a statement reviewed its event, still labelled by its date
    word, and its source, each with a question of its own, and they left the queue unseen. The
    card shows each carried drafted record's own check beside it."""
    notes = {
        (p["table"], p["record_id"]): p["note"]
        for p in rows_list(bridge, "provenance")
        if p["review"] == "draft"
    }
    assert notes[("events", "ev_004")]
    with served(bridge, token="t") as url:
        body = get_desk(url, "desk?rec=statements/st_001", "t")
    section = body.split('class="carries"', 1)[1].split("</section>", 1)[0]
    item = next(li for li in section.split("<li>") if 'data-ref="events/ev_004"' in li)
    assert f"still to check: {html.escape(notes[('events', 'ev_004')])}" in item


def test_fields_that_name_another_record_offer_the_records_by_name(bridge):
    """Newcomer read 3: a statement's event and addressee and every voice were typed ids
    ("ev_001", "msnbc"). A field the schema makes a foreign key is a list of the records it may
    name, by name, with "(none)" where it may be empty."""
    events = rows_list(bridge, "events")
    with served(bridge, token="t") as url:
        card = get_desk(url, "desk?rec=statements/st_001", "t").split('id="card"', 1)[1]
    form = card.split('class="edit"', 1)[1].split("</form>", 1)[0]
    event = form.split('name="f_event_id"', 1)[1].split("</select>", 1)[0]
    assert '<option value="">(none)</option>' in event
    for ev in events:
        assert f'value="{ev["event_id"]}"' in event and html.escape(ev["label"]) in event
    assert '<input name="f_event_id"' not in form and '<input name="f_addressee_id"' not in form


def test_the_desk_counts_as_validate_does_on_a_package_with_errors(bridge):
    """The desk's counts (to review, reviewed, problems) and `python -m explainer validate`'s
    come from one place (validate.status); on a package with errors they agree, and the desk
    names each problem with its type's title and fix (checks/errors.py)."""
    actions.accept(store.load(bridge), "statements", "st_001")  # some reviewed, some drafted
    figures = (bridge / "figures.csv").read_text(encoding="utf-8")
    figures = figures.replace("fg_002,434,451,nearly 40 million,40000000,dollars,nearly,upper,",
                              "fg_002,434,451,nearly 40 million,40000000,dollars,roughly,upper,")  # fmt: skip
    (bridge / "figures.csv").write_text(figures, encoding="utf-8")
    (bridge / "voices.csv").write_text(
        (bridge / "voices.csv").read_text(encoding="utf-8") + "ghost,no_such_actor,Ghost,\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(bridge)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    last = proc.stdout.splitlines()[-1]
    cli = re.match(r"(\d+) problems? in .*\(review: (\d+) drafted, (\d+) reviewed\)$", last)
    assert cli, last
    problems, drafted, reviewed = (int(n) for n in cli.groups())
    assert problems >= 2 and drafted and reviewed
    with served(bridge, token="t") as url:
        body = get_desk(url, "desk", "t")
    counts = re.search(r'data-drafted="(\d+)" data-reviewed="(\d+)" data-problems="(\d+)"', body)
    assert counts and tuple(int(n) for n in counts.groups()) == (drafted, reviewed, problems)
    section = body.split('class="problems"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == problems
    for code in {"figure-error", "foreign-key"}:
        assert f"<code>{code}</code> {html.escape(CATALOGUE[code].title)}" in section, code
        assert html.escape(CATALOGUE[code].fix) in section


def test_an_alias_card_accepts_every_drafted_mention_of_its_actor_in_one_action(bridge):
    """The newcomer's article had 32 drafted names, accepted one key each. A name's card accepts
    all the drafted mentions of its actor in one transaction (one undo takes it back)."""
    text = (bridge / "article.txt").read_text(encoding="utf-8")
    he = text.index("He called")  # a second mention of Tom Hale, drafted
    with (bridge / "aliases.csv").open("a", encoding="utf-8", newline="") as f:
        f.write(f"al_007,tom_hale,{he},{he + 2},He,narration,descriptor\n")
    with (bridge / "provenance.csv").open("a", encoding="utf-8", newline="") as f:
        f.write(
            "al_007,aliases,draft,spacy_ner,0.70,same actor as the other aliases? right kind?\n"
        )
    assert validate(bridge).ok
    before = package_bytes(bridge)
    with served(bridge, token="t") as url:
        body = get_desk(url, "desk?rec=aliases/al_004", "t")
        form = body.split('hx-post="action/accept_all"', 1)[1].split("</form>", 1)[0]
        assert "Accept all 2 drafted mentions of Tom Hale" in form
        refs = html.unescape(re.search(r'name="refs" value="([^"]+)"', form).group(1))
        assert sorted(refs.split()) == ["aliases/al_004", "aliases/al_007"]
        data = {"table": "aliases", "id": "al_004", "refs": refs}
        assert post(url, "action/accept_all", data, "t") == 200
    prov = {(p["table"], p["record_id"]): p["review"] for p in rows_list(bridge, "provenance")}
    assert prov[("aliases", "al_004")] == prov[("aliases", "al_007")] == "reviewed"
    assert prov[("actors", "tom_hale")] == "reviewed"
    assert prov[("aliases", "al_005")] == "draft"  # another actor's mention stays drafted
    assert [e["action"] for e in store.journal(bridge)] == ["accept_all"]
    store.undo(store.load(bridge))
    assert package_bytes(bridge) == before


def test_a_name_mentioned_once_is_accepted_by_its_one_key_too(bridge):
    """Newcomer read 3: on the card of an actor named once, A sent nothing and said nothing.
    It accepts the one drafted mention, as the README says A does on any name's card."""
    with served(bridge, token="t") as url:
        body = get_desk(url, "desk?rec=aliases/al_004", "t")
        form = body.split('hx-post="action/accept_all"', 1)[1].split("</form>", 1)[0]
        assert "Accept the one drafted mention of Tom Hale" in form
        assert 'data-key="A"' in form
        data = {"table": "aliases", "id": "al_004", "refs": "aliases/al_004"}
        assert post(url, "action/accept_all", data, "t") == 200
    prov = {(p["table"], p["record_id"]): p["review"] for p in rows_list(bridge, "provenance")}
    assert prov[("aliases", "al_004")] == prov[("actors", "tom_hale")] == "reviewed"


def rows_list(folder: Path, table: str) -> list[dict]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_an_actor_picked_in_the_list_wins_over_a_selection_left_over(bridge):
    """A selection left from reading made a new actor of its words when the editor had picked
    another speaker in the list. The list wins when it names another actor than the current
    one; with the list left at the current speaker, the selected words name the speaker."""
    text = (bridge / "article.txt").read_text(encoding="utf-8")
    stale = text.index("the Mill River")
    form = {"table": "statements", "id": "st_004", "was": "tom_hale", "actor": "ana_ruiz"}
    form |= {"start": stale, "end": stale + len("the Mill River")}
    actors_before = set(rows(bridge, "actors"))
    with served(bridge, token="t") as url:
        assert post(url, "action/change_speaker", form, "t") == 200
        assert rows(bridge, "statements")["st_004"]["speaker_id"] == "ana_ruiz"
        assert set(rows(bridge, "actors")) == actors_before
        he = text.index("He called")
        form |= {"was": "ana_ruiz", "actor": "ana_ruiz", "start": he, "end": he + 2}
        assert post(url, "action/change_speaker", form, "t") == 200
    made = rows(bridge, "statements")["st_004"]["speaker_id"]
    assert made not in actors_before and rows(bridge, "actors")[made]["name"] == "He"


def test_a_merge_made_from_a_statements_card_returns_to_that_statement(bridge):
    """A newcomer merged the actor a statement's card linked to and was left on the kept
    actor's card, the statement out of sight. The merge returns to the statement."""
    text = (bridge / "article.txt").read_text(encoding="utf-8")
    he = text.index("He called")
    made = actions.change_speaker(store.load(bridge), "st_004", "", he, he + 2).package
    new = next(r["speaker_id"] for r in made.tables["statements"] if r["statement_id"] == "st_004")
    with served(bridge, token="t") as url:
        actor_href = carried_links(get_desk(url, "desk?rec=statements/st_004", "t"))[
            f"actors/{new}"
        ]
        actor_card = get_desk(url, actor_href, "t")
        merge = actor_card.split('hx-post="action/merge_actors"', 1)[1].split("</form>", 1)[0]
        back = re.search(r'name="back" value="([^"]*)"', merge).group(1)
        assert back == "statements/st_004"
        req = urllib.request.Request(
            url.split("?")[0] + "action/merge_actors",
            data=urllib.parse.urlencode({"keep": "tom_hale", "drop": new, "back": back}).encode(),
            method="POST",
            headers={"X-Review-Token": "t"},
        )
        with urllib.request.urlopen(req) as response:
            body = response.read().decode("utf-8")
    assert 'id="card" data-ref="statements/st_004"' in body
    assert rows(bridge, "statements")["st_004"]["speaker_id"] == "tom_hale"


def test_a_reject_that_removes_other_records_names_them_and_asks_first(chromium, bridge):
    """Newcomer review 2, problem 3: a reject silently deleted a real event, and the result line
    named only the rejected record. The card lists what a reject takes with it; the key asks
    before removing words' records, and the result line names each one removed."""
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        show(page, "statements/st_004")
        listed = page.inner_text('section[aria-label="What rejecting removes"]')
        assert "events ev_007" in listed
        before = package_bytes(bridge)
        asked: list[str] = []

        def answer(dialog, yes: bool) -> None:
            asked.append(dialog.message)
            dialog.accept() if yes else dialog.dismiss()

        page.once("dialog", lambda d: answer(d, False))
        page.keyboard.press("x")
        page.wait_for_function("() => !document.body.dataset.busy")
        assert asked and "events ev_007" in asked[0]
        assert package_bytes(bridge) == before  # said no: nothing written
        page.once("dialog", lambda d: answer(d, True))
        page.keyboard.press("x")
        settle(page, "reject statements/st_004")
        assert "also removed" in page.inner_text(".message")
        assert "events/ev_007" in page.inner_text(".message")
        assert "ev_007" not in rows(bridge, "events")
        page.close()
    assert errors == [], errors


def test_a_key_pressed_while_a_refusal_is_on_screen_asks_before_accepting(chromium, bridge):
    """Newcomer review 2, finding 8: after a refused "Save fields", `a` accepted the uncorrected
    figure. The accept now asks, and saying no writes nothing."""
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        fig = next(k for k, r in rows(bridge, "figures").items() if r["hedge"] == "nearly")
        page.goto(url + f"&rec=figures/{fig}")
        page.select_option('select[name="f_hedge"]', "about")
        page.click("text=Save fields")
        page.wait_for_selector(".message.error")
        before = package_bytes(bridge)
        asked: list[str] = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("a")
        page.wait_for_function("() => !document.body.dataset.busy")
        assert asked and "refused" in asked[0]
        assert package_bytes(bridge) == before
        assert rows(bridge, "provenance")[f"figures#{fig}"]["review"] == "draft"
        page.close()
    assert [e for e in errors if "status of 422" not in e] == [], errors


def test_a_wrong_quotation_is_replaced_by_a_selection_or_rejected_with_a_note(chromium, bridge):
    """Newcomer review 2, #24: no sequence of actions could reject or correct a wrong direct
    quotation. The card says what a reject leaves (a note on the marks); key r replaces the
    quotation's words by the selection, with the speaker picked, in one write."""
    errors: list[str] = []
    text = (bridge / "article.txt").read_text(encoding="utf-8")
    a = text.index("We will open")
    b = text.index("next year.") + len("next year.")
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        show(page, "statements/st_001")
        leaves = page.inner_text('section[aria-label="What rejecting leaves"]')
        assert "This bridge will connect" in leaves and "We will open" in leaves
        page.select_option('select[data-role="replace-speaker"]', "tom_hale")
        page.evaluate(SELECT, [a, b])
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("r")
        settle(page, "replace statements/st_001")
        assert "noted the quotation marks" in page.inner_text(".message")
        st = rows(bridge, "statements")["st_001"]
        assert (st["exact"], st["speaker_id"]) == (text[a:b], "tom_hale")
        page.close()
    assert validate(bridge).ok
    assert errors == [], errors


def test_a_far_year_refused_as_a_typo_is_confirmed_in_one_key(chromium, bridge):
    """Newcomer review 2, #76: a date decades before the article was refused as a typo with no
    way round it. The refusal now offers to confirm the year; `c` writes it, the note says so."""
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        page.goto(url + "&rec=events/ev_004")
        page.fill('input[name="f_date_start"]', "2000-01-01")
        page.fill('input[name="f_date_end"]', "2000-12-31")
        page.select_option('select[name="f_precision"]', "range")
        page.select_option('select[name="f_resolution"]', "inferred")
        page.fill('input[name="f_note"]', "The first vote, by our reading.")
        before = package_bytes(bridge)
        page.click("text=Save fields")
        page.wait_for_selector("form.confirm")
        assert package_bytes(bridge) == before
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("c")
        settle(page, "edit events/ev_004")
        ev = rows(bridge, "events")["ev_004"]
        assert (ev["date_start"], ev["precision"]) == ("2000-01-01", "range")
        assert ev["note"] == "The first vote, by our reading. The editor confirmed the year 2000."
        page.close()
    assert validate(bridge).ok
    assert [e for e in errors if "status of 422" not in e] == [], errors


def test_a_year_drafted_as_a_count_is_made_a_date_by_one_key(chromium, bridge):
    from test_review_store import year_as_count

    fid = year_as_count(bridge, "the 2004 debate")
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        show(page, f"figures/{fid}")
        assert "2004 is a year: date its event" in page.inner_text("#card")
        page.keyboard.press("d")
        settle(page, f"date_year figures/{fid}")
        card = page.inner_text("#card")  # the new event's card, its label to check
        assert "EVENTS" in card.upper() and "2004 debate" in card
        page.close()
    assert rows(bridge, "figures")[fid]["kind"] == "date"
    assert validate(bridge).ok
    assert errors == [], errors


def test_a_drag_begun_on_a_highlight_selects_and_a_field_click_keeps_it(chromium, bridge):
    """Newcomer review 2, finding 7: a drag that began on a highlight selected nothing (the
    highlight, focusable, took the press), and filling a field cleared the selection, so "Add
    event" did nothing. The desk keeps the last selection, shows it, and uses it once."""
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        box = page.locator("mark#fg_002").bounding_box()  # "nearly 40 million"
        end = page.locator("mark#fg_003").bounding_box()
        page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] - 4, end["y"] + end["height"] / 2, steps=8)
        page.mouse.up()
        shown = page.inner_text(".side > .kept-selection")
        assert shown.startswith("Selection: “nearly 40 million dollars"), shown
        page.fill('.add input[name="label"]', "The cost, as budgeted")  # a click in a field
        assert page.evaluate("window.getSelection().toString()") == ""
        assert "nearly 40 million" in page.inner_text(".side > .kept-selection")
        page.click("text=Add event")
        settle(page, "add_event events/")
        made = [r for r in rows(bridge, "events").values() if r["label"] == "The cost, as budgeted"]
        assert len(made) == 1 and made[0]["exact"].startswith("nearly 40 million dollars")
        assert page.inner_text(".side > .kept-selection").startswith("Selection: none")  # used up
        page.close()
    assert validate(bridge).ok
    assert errors == [], errors


def test_an_events_card_merges_it_into_the_same_event_named_in_the_result(chromium, bridge):
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        page.goto(url + "&rec=events/ev_006")
        assert page.input_value('select[data-role="merge-event"]') == ""  # no default victim
        page.select_option('select[data-role="merge-event"]', "ev_004")
        page.click('form[hx-post="action/merge_events"] button')
        settle(page, "merge_events")
        assert "ev_006 merged into ev_004" in page.inner_text(".message")
        assert page.get_attribute("#card", "data-ref") == "events/ev_004"
        page.close()
    assert rows(bridge, "statements")["st_003"]["event_id"] == "ev_004"
    assert validate(bridge).ok
    assert errors == [], errors


def test_undo_and_k_show_the_record_just_accepted(chromium, bridge):
    """Newcomer review 2, finding 8: after `u` the card stayed on the next record, so what was
    undone was out of sight; and `k` did not reach a record just accepted (reviewed records
    leave the queue)."""
    errors: list[str] = []
    with served(bridge) as url:
        page = open_desk(chromium, url, errors)
        show(page, "statements/st_002")
        page.keyboard.press("a")
        settle(page, "accept statements/st_002")
        assert page.get_attribute("#card", "data-ref") != "statements/st_002"
        page.keyboard.press("u")
        settle(page, "undo statements/st_002")
        assert page.get_attribute("#card", "data-ref") == "statements/st_002"
        page.keyboard.press("a")
        settle(page, "accept statements/st_002")
        page.keyboard.press("k")
        page.wait_for_selector('#card[data-ref="statements/st_002"]')
        page.close()
    assert errors == [], errors


def test_a_write_answers_with_the_old_marks_and_the_article_has_the_new_ones_next(bridge):
    """The desk answers a write before the article is marked again (the slow part on a long
    article); GET /article then has the new marks, and the first write of a desk never shown
    has the article at once."""
    with served(bridge, token="t") as url:
        base = url.split("?")[0]
        first = post_body(base + "action/accept", {"table": "statements", "id": "st_004"}, "t")
        assert 'id="text"' in first and "data-stale" not in first  # nothing shown before
        urllib.request.urlopen(url).read()  # the page as an editor opens it
        body = post_body(base + "action/accept", {"table": "statements", "id": "st_002"}, "t")
        assert 'data-stale hx-get="article?rec=' in body
        old = re.search(r'<mark class="([^"]*)" id="st_002"', body)[1]
        req = urllib.request.Request(base + "article", headers={"X-Review-Token": "t"})
        with urllib.request.urlopen(req) as response:
            fresh = response.read().decode("utf-8")
        new = re.search(r'<mark class="([^"]*)" id="st_002"', fresh)[1]
        assert "rec-draft" in old and "rec-draft" not in new


def post_body(address: str, data: dict, token: str) -> str:
    req = urllib.request.Request(
        address, data=urllib.parse.urlencode(data).encode(), method="POST",
        headers={"X-Review-Token": token},
    )  # fmt: skip
    with urllib.request.urlopen(req) as response:
        return response.read().decode("utf-8")

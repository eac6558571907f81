"""A scripted review in the browser turns the bridge example's draft (docs/draft-example/draft/)
into the reviewed package written by hand (docs/draft-example/reviewed/), file for file.

The script reads the queue as an editor does, record by record: each correction takes at most two
actions (fill a field then save, or one key), every other record is accepted with one key. It
counts every action (a key press, a click, a field filled) and prints the count and the time
(`pytest -s`); the README quotes them.
"""

from __future__ import annotations

import shutil
import time

from reviewdesk import EXAMPLE, package_bytes, served

from explainer.package.validate import validate

#: The corrections the hand-made package holds, by record: (what to do, value).
CORRECTIONS = {
    "aliases/al_003": ("reject", None),  # "Council" of "Council member Tom Hale" is no actor
    "events/ev_001": ("label", "Council approves the bridge"),
    "events/ev_002": ("label", "Work on the bridge begins"),
    "events/ev_003": ("label", "Old crossing closed"),
}


def test_a_scripted_review_turns_the_draft_into_the_reviewed_package(chromium, tmp_path):
    folder = tmp_path / "bridge"
    shutil.copytree(EXAMPLE / "draft", folder)
    assert not (folder / "journal.jsonl").exists()
    actions = 0
    per_correction = {}
    t0 = time.perf_counter()
    with served(folder) as url:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector("#desk")
        for _ in range(200):
            card = page.locator("#card[data-ref]")
            if not card.count():
                break
            ref = card.get_attribute("data-ref")
            version = page.get_attribute("#desk", "data-version")
            what, value = CORRECTIONS.get(ref, ("accept", None))
            if what == "label" and ref not in per_correction:
                page.fill('#card input[name="f_label"]', value)
                page.click('#card form.edit button[type="submit"]')
                per_correction[ref] = 2
                actions += 2
            else:
                page.keyboard.press("x" if what == "reject" else "a")
                if what == "reject":
                    per_correction[ref] = 1
                actions += 1
            page.wait_for_function(
                "v => !document.body.dataset.busy && document.querySelector('#desk')"
                " && document.querySelector('#desk').dataset.version !== v",
                arg=version,
                timeout=15000,
            )
            error = page.locator(".message.error")
            assert not error.count(), error.inner_text()
        page.close()
    seconds = time.perf_counter() - t0
    print(f"\nscripted review: {actions} actions in {seconds:.1f} s; corrections {per_correction}")
    assert set(per_correction) == set(CORRECTIONS)
    assert max(per_correction.values()) <= 2
    assert validate(folder).ok
    got, want = package_bytes(folder), package_bytes(EXAMPLE / "reviewed")
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name] == want[name], f"{name} differs from docs/draft-example/reviewed/{name}"

"""Random sequences of review actions (Hypothesis stateful testing) on the bridge example's draft.

After every step the package on disk validates, whether the step was written or refused; a
refused step changes no byte. At the end, undoing every step gives back each table and the
descriptor byte for byte (the journal keeps the history).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from reviewdesk import bridge_draft, package_bytes

from explainer.package import actions, store
from explainer.package.actions import HEDGE_BOUND
from explainer.package.validate import validate

ANCHORED = ("statements", "figures", "events", "aliases", "notes")


class ReviewMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="review-state-"))
        self.folder = self.root / "bridge"
        shutil.copytree(bridge_draft(), self.folder)
        self.original = package_bytes(self.folder)
        self.written = 0  # actions written and not undone

    def pkg(self) -> store.Package:
        return store.load(self.folder)

    def attempt(self, do, *args) -> None:
        before = package_bytes(self.folder)
        try:
            do(self.pkg(), *args)
        except store.StoreError:
            assert package_bytes(self.folder) == before, "a refused action changed a file"
            return
        self.written += 1

    def record(self, data, tables=ANCHORED) -> tuple[str, str] | None:
        pkg = self.pkg()
        choices = [(t, "#".join(r[k] for k in pkg.key(t))) for t in tables for r in pkg.tables[t]]
        return data.draw(st.sampled_from(choices)) if choices else None

    @rule(data=st.data())
    def accept(self, data):
        rec = self.record(data, (*ANCHORED, "actors"))
        if rec:
            self.attempt(actions.accept, *rec)

    @rule(data=st.data())
    def accept_all(self, data):
        recs = [("aliases", a["alias_id"]) for a in self.pkg().tables["aliases"]]
        if recs:
            some = data.draw(st.lists(st.sampled_from(recs), min_size=1, max_size=4, unique=True))
            self.attempt(actions.accept_all, some)

    @rule(data=st.data())
    def reject(self, data):
        rec = self.record(data, (*ANCHORED, "actors"))
        if rec:
            self.attempt(actions.reject, *rec)

    @rule(data=st.data(), shift=st.integers(-6, 6), grow=st.integers(-6, 6))
    def nudge_span(self, data, shift, grow):
        rec = self.record(data)
        if not rec:
            return
        row = actions.Edit(self.pkg()).find(*rec)
        start, end = int(row["start"]) + shift, int(row["end"]) + shift + grow
        if 0 <= start < end <= len(self.pkg().article):
            self.attempt(actions.set_span, *rec, start, end)

    @rule(
        data=st.data(),
        hedge=st.sampled_from(sorted(HEDGE_BOUND)),
        unit=st.sampled_from(["", "cars", "dollars"]),
    )
    def edit_figure(self, data, hedge, unit):
        rec = self.record(data, ("figures",))
        if rec:
            self.attempt(actions.edit_fields, *rec, {"hedge": hedge, "unit": unit})

    @rule(data=st.data())
    def merge(self, data):
        pkg = self.pkg()
        ids = [a["actor_id"] for a in pkg.tables["actors"]]
        if len(ids) > 1:
            keep, drop = data.draw(st.permutations(ids))[:2]
            self.attempt(actions.merge_actors, keep, drop)

    @rule(data=st.data())
    def merge_events(self, data):
        ids = [ev["event_id"] for ev in self.pkg().tables["events"]]
        if len(ids) > 1:
            keep, drop = data.draw(st.permutations(ids))[:2]
            self.attempt(actions.merge_events, keep, drop)

    @rule(data=st.data(), shift=st.integers(-40, 40), grow=st.integers(-40, 40))
    def replace(self, data, shift, grow):
        """A statement's words replaced by a selection near them, by another speaker or not."""
        rec = self.record(data, ("statements",))
        if not rec:
            return
        pkg = self.pkg()
        row = actions.Edit(pkg).find(*rec)
        speaker = data.draw(st.sampled_from(["", *(a["actor_id"] for a in pkg.tables["actors"])]))
        start, end = int(row["start"]) + shift, int(row["end"]) + shift + grow
        if 0 <= start < end <= len(pkg.article):
            self.attempt(actions.replace, rec[1], start, end, speaker)

    @rule(data=st.data(), at=st.floats(0.1, 0.9))
    def split(self, data, at):
        rec = self.record(data, ("statements",))
        if rec:
            row = actions.Edit(self.pkg()).find(*rec)
            s, e = int(row["start"]), int(row["end"])
            self.attempt(actions.split, *rec, s + max(1, int((e - s) * at)))

    @rule(title=st.text(min_size=0, max_size=20))
    def title(self, title):
        self.attempt(actions.set_title, title)

    @rule()
    def undo(self):
        if self.written:
            store.undo(self.pkg())
            self.written -= 1

    @invariant()
    def valid(self):
        result = validate(self.folder)
        assert result.ok, [str(p) for p in result.problems]

    def teardown(self):
        try:
            for _ in range(self.written):
                store.undo(self.pkg())
            assert package_bytes(self.folder) == self.original
            with pytest.raises(store.StoreError, match="nothing to undo"):
                store.undo(self.pkg())
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


ReviewMachine.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
TestReviewSequences = ReviewMachine.TestCase

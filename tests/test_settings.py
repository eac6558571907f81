"""The descriptor's site settings (explainer.package.settings): a typo in one is an error that
names the setting, never a colour or a chart that quietly goes missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer.package import settings
from explainer.package.validate import validate


def _settings_problems(data: Path, change) -> list[tuple[str, str]]:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor[settings.KEY])
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return [
        (p.field, p.message)
        for p in validate(data).problems
        if Path(p.file).name == "datapackage.json"
    ]


def test_the_flagship_settings_are_sound(data_copy):
    assert _settings_problems(data_copy, lambda s: None) == []


def _first_voice(s):
    return next(iter(s["colors"]["voices"]))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda s: s.update(colour={}), "explainer.colour", "unknown setting"),
        (lambda s: s.update(site_title=""), "explainer.site_title", "non-empty text"),
        (
            lambda s: s["colors"]["voices"].update({_first_voice(s): "blue"}),
            "explainer.colors.voices.",
            "is not a colour like #0072b2",
        ),
        (
            lambda s: s["colors"]["voices"].update(nobody="#000000"),
            "explainer.colors.voices",
            "'nobody': no such voice_id in voices.csv",
        ),
        (
            lambda s: s["colors"]["actor_blocs"].update(nobody=next(iter(s["colors"]["blocs"]))),
            "explainer.colors.actor_blocs",
            "'nobody': no such actor_id in actors.csv",
        ),
        (
            lambda s: s["exchange"]["sides"][1].update(figure="fg_typo"),
            "explainer.exchange.sides",
            "'fg_typo': no such figure_id in figures.csv",
        ),
        (
            lambda s: s["exchange"]["sides"].pop(),
            "explainer.exchange.sides",
            "exactly two sides",
        ),
        (
            lambda s: s["exchange"]["sides"][0].update(colour="red"),
            "explainer.exchange.sides[0].colour",
            "unknown",
        ),
    ],
)
def test_a_bad_setting_is_named(data_copy, change, field, words):
    found = _settings_problems(data_copy, change)
    assert any(f.startswith(field) and words in m for f, m in found), found


def test_settings_of_a_descriptor_without_them_are_empty():
    assert settings.of({}) == {} and settings.of({"explainer": []}) == {}
    assert settings.problems({"explainer": []}, lambda t, c: set()) == [
        ("explainer", "must be an object of site settings")
    ]


def test_an_unknown_second_clock_is_named(data_copy):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    events["secondTimeZone"] = "America/Nowhere"
    path.write_text(json.dumps(descriptor, indent=2) + "\n", "utf-8")
    found = [(p.field, p.message) for p in validate(data_copy).problems]
    assert ("resources[events].secondTimeZone", "unknown time zone 'America/Nowhere'") in found


def test_without_a_second_clock_the_closeup_has_one(facts):
    from explainer.views import charts
    from explainer.views.derive import timing

    events = next(r for r in facts.descriptor["resources"] if r["name"] == "events")
    assert len(timing.clocks(facts)) == 2  # the flagship names US Eastern
    saved = dict(events)
    try:
        events.pop("secondTimeZone")
        assert [z for _, z in timing.clocks(facts)] == [events["timeZone"]]
        spec = charts.timeline_closeup(facts).to_dict()
        assert "each clock" not in json.dumps(spec)
    finally:
        events.clear()
        events.update(saved)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s.update(relation_families={"x": "part_of"}), "must be an object"),
        (lambda s: s["relation_families"].update(more=["no_such_kind"]), "no such kind"),
        (
            lambda s: s["relation_families"].update(
                again=[next(iter(s["relation_families"].values()))[0]]
            ),
            "is already in",
        ),
    ],
)
def test_a_bad_relation_family_is_named(data_copy, change, words):
    found = _settings_problems(data_copy, change)
    assert any(f.startswith("explainer.relation_families") and words in m for f, m in found), found

"""checks/settings.py: the descriptor's explainer settings name what the package has."""

from __future__ import annotations

import json

from check_cases import codes_in


def test_a_setting_naming_no_voice_is_a_settings_problem(data_copy):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["explainer"]["colors"]["voices"]["nobody"] = "#000000"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert codes_in(data_copy, "datapackage.json") == ["settings-error"]

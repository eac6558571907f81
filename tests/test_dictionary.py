"""The data dictionary in data/README.md is generated from datapackage.json and kept in step."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.package.dictionary import BEGIN, END, update_readme

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    """The data package and README.md in a scratch directory."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    return tmp_path


def _descriptor(d: Path) -> dict:
    return json.loads((d / "datapackage.json").read_text(encoding="utf-8"))


def _sections(readme: str) -> dict[str, str]:
    """The generated part of the README, split by resource path ("### `actors.csv`: ...")."""
    generated = readme[readme.index(BEGIN) : readme.index(END)]
    parts = re.split(r"^### `([^`]+)`", generated, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_dictionary_check_passes_on_the_repo():
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "dictionary", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert update_readme(DATA, check=True) is False


def test_every_field_is_documented_in_its_section():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    sections = _sections(readme)
    for res in _descriptor(DATA)["resources"]:
        assert res["path"] in sections, res["path"]
        for field in res.get("schema", {}).get("fields", []):
            row = re.search(
                rf"^\| `{re.escape(field['name'])}` \|(.*)$", sections[res["path"]], re.M
            )
            assert row, f"{res['path']}: {field['name']}"
            assert field["type"] in row.group(1)
            assert field["description"].replace("|", "\\|") in row.group(1)


def test_a_changed_description_makes_the_dictionary_stale(docs_copy):
    readme = docs_copy / "README.md"
    before = readme.read_text(encoding="utf-8")
    assert update_readme(docs_copy, check=True) is False

    desc = _descriptor(docs_copy)
    field = desc["resources"][1]["schema"]["fields"][0]
    field["description"] = "A NEW DESCRIPTION for the test."
    (docs_copy / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")

    assert update_readme(docs_copy, check=True) is True
    assert readme.read_text(encoding="utf-8") == before  # --check writes nothing

    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "dictionary", "--check", "--data-dir", str(docs_copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "out of date" in proc.stderr

    assert update_readme(docs_copy) is True  # regenerate
    after = readme.read_text(encoding="utf-8")
    assert "A NEW DESCRIPTION for the test." in after
    assert update_readme(docs_copy, check=True) is False


def test_regeneration_keeps_the_hand_written_part(docs_copy):
    readme = docs_copy / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, tail = text[: text.index(BEGIN)], text[text.index(END) + len(END) :]
    readme.write_text(head + BEGIN + "\nstale\n" + END + tail, encoding="utf-8")
    assert update_readme(docs_copy) is True
    assert readme.read_text(encoding="utf-8") == text


def test_a_corrected_figure_makes_the_known_differences_stale(docs_copy):
    """The README's list of differences is generated from the tables: a correction to a claim
    makes it stale until regenerated, and the regenerated list carries the new words."""
    readme = docs_copy / "README.md"
    context = docs_copy / "context.csv"
    text = context.read_text(encoding="utf-8")
    assert "roughly 1,900" in readme.read_text(encoding="utf-8")
    context.write_text(text.replace("roughly 1,900", "roughly 1,880"), encoding="utf-8")
    assert update_readme(docs_copy, check=True) is True
    assert update_readme(docs_copy) is True
    regenerated = readme.read_text(encoding="utf-8")
    assert "roughly 1,880" in regenerated and "roughly 1,900" not in regenerated
    assert "## How to correct or add a fact" in regenerated  # the hand-written part stays
    assert update_readme(docs_copy, check=True) is False

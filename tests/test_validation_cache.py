"""load() validates a package once per version of its files: never a stale table, never a
cached problem (explainer/package/facts.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.package import facts as facts_module
from explainer.package.facts import ENV_VALIDATION_CACHE, DataError, load

REPO = Path(__file__).resolve().parents[1]


def _rename_first_actor(data_dir: Path, name: str) -> None:
    path = data_dir / "actors.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["name"] = name
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def counted(monkeypatch):
    """How many times load() really validated."""
    calls = []
    real = facts_module.validate

    def validate(data_dir):
        calls.append(data_dir)
        return real(data_dir)

    monkeypatch.setattr(facts_module, "validate", validate)
    monkeypatch.delenv(ENV_VALIDATION_CACHE, raising=False)
    return calls


def test_a_changed_file_is_validated_and_read_again(data_copy, counted):
    first = load(data_copy)
    again = load(data_copy)
    assert len(counted) == 1  # the same files: validated once
    assert again.actors.equals(first.actors)
    _rename_first_actor(data_copy, "A corrected name")
    corrected = load(data_copy)
    assert len(counted) == 2
    assert corrected.actors["name"].iloc[0] == "A corrected name"


def test_each_load_gets_its_own_tables(data_copy, counted):
    first = load(data_copy)
    first.actors.loc[0, "name"] = "changed by a caller"
    first.descriptor["name"] = "changed by a caller"
    second = load(data_copy)
    assert second.actors["name"].iloc[0] != "changed by a caller"
    assert second.descriptor["name"] != "changed by a caller"


def test_a_package_with_problems_is_validated_every_time(data_copy, counted):
    _rename_first_actor(data_copy, "")  # a required field left empty
    for _ in range(2):
        with pytest.raises(DataError):
            load(data_copy)
    assert len(counted) == 2


def test_another_process_reuses_the_build_s_validation_until_a_file_changes(
    data_copy, tmp_path, monkeypatch
):
    """What a page's kernel does: the build validated, the kernel reads that result; after a
    correction the kernel validates the corrected files and sees the correction."""
    cache = tmp_path / "validated"
    monkeypatch.setenv(ENV_VALIDATION_CACHE, str(cache))
    load(data_copy)
    assert len(list(cache.glob("*.pickle"))) == 1
    probe = (
        "import sys\n"
        "from explainer.package import facts\n"
        "calls = []\n"
        "real = facts.validate\n"
        "facts.validate = lambda d: calls.append(d) or real(d)\n"
        "f = facts.load(sys.argv[1])\n"
        "print(len(calls), f.actors['name'].iloc[0])\n"
    )

    def kernel() -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-c", probe, str(data_copy)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split(maxsplit=1)

    validated, name = kernel()
    assert validated == "0"
    _rename_first_actor(data_copy, "A corrected name")
    validated, name = kernel()
    assert (validated, name.strip()) == ("1", "A corrected name")

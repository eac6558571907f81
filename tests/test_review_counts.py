"""One count of drafted and reviewed records: `make validate`, the site's index entry and the
explainer's own pages all say the same numbers for a package."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.package.facts import load
from explainer.site import articles
from explainer.views.derive import drafts

REPO = Path(__file__).resolve().parents[1]
DRAFT = REPO / "docs" / "draft-example" / "draft"


def _validate_counts(data_dir: Path) -> tuple[int, int, int]:
    proc = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    total = re.search(r"^ok: (\d+) records in \d+ tables$", proc.stdout, re.M)
    review = re.search(r"^review: (\d+) drafted, (\d+) reviewed$", proc.stdout, re.M)
    assert total and review, proc.stdout
    return int(total[1]), int(review[1]), int(review[2])


@pytest.fixture
def half_reviewed(tmp_path) -> Path:
    """The bridge example's draft with every relay hop and one statement reviewed."""
    target = tmp_path / "draft"
    import shutil

    shutil.copytree(DRAFT, target)
    path = target / "provenance.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["table"] == "relay_hops" or row["record_id"] == "st_001":
            row["review"] = "reviewed"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.mark.parametrize("which", ["draft", "half reviewed", "flagship"])
def test_validate_and_the_site_count_the_same_records(which, half_reviewed):
    data_dir = {"draft": DRAFT, "half reviewed": half_reviewed, "flagship": REPO / "data"}[which]
    total, drafted, reviewed = _validate_counts(data_dir)
    assert total == drafted + reviewed
    assert drafts.review_counts(load(data_dir)) == (drafted, reviewed)
    article = articles.describe(data_dir)
    assert (article.drafted, article.reviewed) == (drafted, reviewed)
    line = articles.review_line(article)
    if drafted:
        assert f"{drafted} of {total} records" in line and f"{reviewed} reviewed" in line
    else:
        assert f"{total} records" in line


def test_relay_hops_count_as_records(half_reviewed):
    """A relay hop (key ``st_001#1``) is a record both counts include."""
    facts = load(half_reviewed)
    hops = len(facts.relay_hops)
    assert hops > 0
    drafted, reviewed = drafts.review_counts(facts)
    without_hops = drafts.review_counts(facts, [t for t in facts.tables if t != "relay_hops"])
    assert reviewed - without_hops[1] == hops and drafted == without_hops[0]

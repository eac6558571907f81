"""The CI workflow (.github/workflows/book.yml): valid, safe, and doing what it says.

Two offline tools check it, so that a typo or an unsafe pattern cannot reach main:
check-jsonschema with its vendored copy of GitHub's workflow schema, and zizmor
(--offline), which must report no finding of high or medium severity. Each check is also
shown a broken copy of the workflow and must reject it, so a tool that silently checks
nothing fails here. The rest reads the workflow as data: triggers, permissions, pins,
caches, the failure artefacts and the Pages deployment.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
BIN = Path(sys.executable).parent
#: A full commit SHA, then the version it stands for in a trailing comment.
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"uses:\s*(?P<ref>\S+)\s+#\s*v\d+(\.\d+){0,2}\s*$")


def _text() -> str:
    return WORKFLOW.read_text(encoding="utf-8")


def _workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put it back.
    data = yaml.safe_load(_text())
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(job: str) -> list[dict]:
    return _workflow()["jobs"][job]["steps"]


def _uses(job: str) -> dict[str, dict]:
    """The job's `uses:` steps, by action name (owner/repo)."""
    return {step["uses"].split("@")[0]: step for step in _steps(job) if "uses" in step}


# ---------------------------------------------------------------------------------------
# The two tools, on the real workflow and on broken copies


def _schema_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _zizmor(path: Path) -> list[dict]:
    """zizmor's findings (regular persona) as parsed JSON; raises if zizmor itself failed."""
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format=json", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # zizmor exits 0 with no findings and 10 + the highest severity otherwise; anything
    # else (1, 2, ...) is an error of its own, such as a file it could not parse.
    assert result.returncode == 0 or 10 <= result.returncode <= 14, result.stderr
    return json.loads(result.stdout)


def _serious(findings: list[dict]) -> list[str]:
    return [
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}"
        for f in findings
        if f["determinations"]["severity"].lower() in ("high", "medium")
    ]


def test_workflow_matches_githubs_schema():
    result = _schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_high_or_medium():
    assert _serious(_zizmor(WORKFLOW)) == []


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = _text()
    assert old in text, f"the workflow no longer contains {old!r}"
    path = tmp_path / ".github" / "workflows" / "book.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_schema_check_rejects_a_typo(tmp_path):
    broken = _broken_copy(tmp_path, "runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04")
    assert _schema_check(broken).returncode != 0


@pytest.mark.parametrize(
    ("old", "new", "ident"),
    [
        # A tag instead of a commit SHA.
        (
            "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
            "actions/checkout@v4",
            "unpinned-uses",
        ),
        # Workflow-wide write access.
        ("permissions:\n  contents: read", "permissions: write-all", "excessive-permissions"),
        # A pull request's title pasted into a shell script.
        (
            "mkdir -p ci-logs\n",
            'mkdir -p ci-logs\n          echo "${{ github.event.pull_request.title }}"\n',
            "template-injection",
        ),
    ],
)
def test_zizmor_flags_unsafe_patterns(tmp_path, old, new, ident):
    findings = _zizmor(_broken_copy(tmp_path, old, new))
    assert ident in {f["ident"] for f in findings}
    assert _serious(findings)


# ---------------------------------------------------------------------------------------
# What the workflow does


def test_triggers_pull_requests_and_main():
    on = _workflow()["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    # pull_request_target would run PR code with the base repository's token.
    assert "pull_request_target" not in on


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    text = _text()
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)", text, re.MULTILINE)
    assert uses
    for ref in uses:
        assert PINNED.match(ref), f"not pinned to a full commit SHA: {ref}"
    commented = {m["ref"] for m in map(VERSION_COMMENT.search, text.splitlines()) if m}
    assert set(uses) == commented, "each pinned action needs a `# vX.Y.Z` comment"


def test_permissions_are_least_privilege():
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["test"]  # inherits read-only
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_checkout_does_not_keep_the_token():
    checkout = _uses("test")["actions/checkout"]
    assert checkout["with"]["persist-credentials"] is False


def test_shell_steps_stop_on_errors_in_pipes():
    workflow = _workflow()
    assert workflow["defaults"]["run"]["shell"] == "bash -eo pipefail {0}"
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "shell" not in step or "pipefail" in step["shell"], step


def test_runs_make_test_through_ci_run_on_debian():
    job = _workflow()["jobs"]["test"]
    assert job["container"]["image"].startswith("python:3.11-bookworm")  # Debian 12, like dev
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert "bash .ci/run" in scripts
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in ci_run and "chromium" in ci_run and "make test" in ci_run


def test_caches_pip_and_what_the_build_reads_back_keyed_on_their_inputs():
    from explainer.site import execution, inputs

    caches = [s for s in _steps("test") if s.get("uses", "").startswith("actions/cache@")]
    by_path = {step["with"]["path"].strip(): step["with"] for step in caches}
    pip_key = next(w["key"] for p, w in by_path.items() if "pip-cache" in p)
    assert "requirements.txt" in pip_key
    execution_cache = next(w for p, w in by_path.items() if "_build/" in p)
    # Exactly what the build reads back from an earlier build, as the code names it: a cache of
    # anything else (such as a stamp no code reads) would never make a page skip its execution.
    paths = execution_cache["path"].split()
    assert sorted(paths) == sorted(execution.reused_paths())
    assert f"{execution.STATE_DIRNAME}/{execution.STATE_FILE}" in execution_cache["path"]
    key = execution_cache["key"]
    # The key changes with every input, so a run that changed one saves a fresh cache; any
    # other run restores the latest (explainer/site/execution.py re-checks every page's inputs).
    for name in [*inputs.ENVIRONMENT, *inputs.TRACKED, *inputs.EXECUTION, "book"]:
        assert name in key, name
    assert key.startswith(execution_cache["restore-keys"])


def test_build_reports_are_uploaded_when_a_step_fails():
    upload = _uses("test")["actions/upload-artifact"]
    assert upload["if"] == "failure()"
    paths = upload["with"]["path"]
    assert "_build/html/reports" in paths and "ci-logs" in paths
    scripts = "\n".join(step.get("run", "") for step in _steps("test"))
    assert "tee ci-logs/" in scripts


def test_main_publishes_the_built_site_to_pages():
    jobs = _workflow()["jobs"]
    on_main = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    upload = _uses("test")["actions/upload-pages-artifact"]
    assert upload["if"] == on_main
    # The one explainer, or the site of several when the repository names their packages.
    several = "vars.EXPLAINER_SITE_PACKAGES != ''"
    assert upload["with"]["path"] == f"${{{{ {several} && '_build/site' || '_build/html' }}}}"
    site = next(s for s in _workflow()["jobs"]["test"]["steps"] if "make site" in s.get("run", ""))
    assert site["if"] == f"{on_main} && {several}"
    assert site["env"]["PACKAGES"] == "${{ vars.EXPLAINER_SITE_PACKAGES }}"
    assert 'make site PACKAGES="$PACKAGES"' in site["run"]
    deploy = jobs["deploy"]
    assert deploy["if"] == on_main and deploy["needs"] == "test"
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in _uses("deploy")


def test_the_site_addresses_come_from_the_repository_the_workflow_runs_in():
    """explainer/site/sphinx_publish.py reads one setting; the job that builds the site fills it in
    from GitHub's own context, so the published addresses name this repository's Pages site."""
    from explainer.site import sphinx_publish

    env = _workflow()["jobs"]["test"]["env"]
    assert env[sphinx_publish.ENV] == "${{ github.repository }}"

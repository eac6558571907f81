"""Every form of EXPLAINER_DATA_DIR and PACKAGES the README shows names a folder relative to where
``make`` ran, including in the page kernels, which run in ``book/`` (issue 22, blocker 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.package import ENV_DATA_DIR

REPO = Path(__file__).resolve().parents[1]

#: What a page kernel sees: a process started in book/ by one that imported explainer first.
KERNEL = (
    "import os, subprocess, sys, explainer.package\n"
    "child = 'import explainer.package as p; print(p.DATA_DIR)'\n"
    "out = subprocess.run([sys.executable, '-c', child], cwd=sys.argv[1], env=os.environ,\n"
    "                     capture_output=True, text=True, check=True).stdout.strip()\n"
    "print(explainer.package.DATA_DIR); print(out)\n"
)


@pytest.mark.parametrize("form", ["drafts/bridge", "../my-article", "./pkg", "data"])
def test_a_relative_data_dir_names_the_same_folder_in_the_kernels(tmp_path, form):
    ran_in = tmp_path / "where-make-ran"
    ran_in.mkdir()
    book = tmp_path / "book"
    book.mkdir()
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env[ENV_DATA_DIR] = form
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", KERNEL, str(book)],
        cwd=ran_in,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    builder, kernel = result.stdout.split()
    expected = str((ran_in / form).resolve())
    assert builder == expected
    assert kernel == expected, f"the kernel in book/ read {form!r} as {kernel}"


def test_packages_are_read_relative_to_where_make_ran(tmp_path, monkeypatch):
    from explainer.site import articles

    shutil.copytree(REPO / "data", tmp_path / "pkgs" / "one")
    monkeypatch.chdir(tmp_path / "pkgs")
    article = articles.describe(Path("one"))
    assert article.data_dir == (tmp_path / "pkgs" / "one").resolve()

"""What the build's outputs are made from, by name: the one owner of "has an input changed?".

Three parts of the build ask that question, each about a different output, and all three ask
it here so that they can never disagree about which files count:

* page execution (:mod:`explainer.site.execution`) hashes :data:`TRACKED` file by file, and folds
  :data:`ENVIRONMENT` and the data package's identity into every page's record;
* the downloads (:mod:`explainer.site.sphinx_downloads`) are made from :data:`DOWNLOADS` plus the
  built pages;
* the share image (:mod:`explainer.site.sphinx_share`) and CI's execution cache key cover
  :data:`EXECUTION`.

A data package is identified by its resolved folder as well as its contents: two packages that
happen to hold equal files are still two articles, and switching ``EXPLAINER_DATA_DIR`` from one
to the other must invalidate everything built from the first (see :func:`package_identity`).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from explainer import package

#: This package's own folder (its modules, templates and static files).
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def input_paths() -> dict[str, Path]:
    """Every named input: a file, or a folder whose files all count."""
    return {
        "explainer": PACKAGE_DIR,
        "data": package.DATA_DIR,
        "requirements.txt": package.ROOT / "requirements.txt",
        "pyproject.toml": package.ROOT / "pyproject.toml",
        "CITATION.cff": package.CFF_PATH,
    }


#: Named input sets. Files a page's kernel may read, recorded per page (see explainer.package.deps).
TRACKED = ("explainer", "data")
#: Files that describe the environment every page runs in: a change re-executes every page.
ENVIRONMENT = ("requirements.txt", "pyproject.toml")
#: What the executed pages' outputs depend on besides their code cells.
EXECUTION = ("explainer", "data", "requirements.txt", "pyproject.toml", "CITATION.cff")
#: What the downloads are made from, besides the built pages.
DOWNLOADS = ("explainer", "data", "CITATION.cff")


def files_under(base: Path) -> list[Path]:
    """The files a named input stands for: itself, or every file below it (no bytecode)."""
    if base.is_file():
        return [base]
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be read (missing, a folder, no permission)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def digest_pairs(pairs: Iterable[tuple[str, str | None]]) -> str:
    """sha256 over (name, value) pairs, in the order given."""
    digest = hashlib.sha256()
    for name, value in pairs:
        digest.update(f"{name}\0{value}\0".encode())
    return digest.hexdigest()


def package_identity(data_dir: Path | None = None) -> str:
    """Which data package a build is made from: its resolved folder."""
    return str(Path(data_dir or package.DATA_DIR).resolve())


def digest(names: Iterable[str], extra: Iterable[Path] = ()) -> str:
    """sha256 over the named input sets (and any extra files), plus the package identity."""
    paths = input_paths()
    pairs: list[tuple[str, str | None]] = [("data package", package_identity())]
    for name in names:
        base = paths[name]
        for path in files_under(base):
            rel = name if path == base else f"{name}/{path.relative_to(base).as_posix()}"
            pairs.append((rel, sha256_file(path)))
    pairs += [(str(path), sha256_file(path)) for path in extra]
    return digest_pairs(pairs)


def environment_pairs(root: Path, data_dir: Path) -> list[tuple[str, str | None]]:
    """What every page's outputs depend on besides the files it read: the environment files,
    the Python, and which data package is built (a switch re-executes every page)."""
    return [(name, sha256_file(root / name)) for name in ENVIRONMENT] + [
        ("python", f"{sys.prefix} {sys.version}"),
        ("data package", package_identity(data_dir)),
    ]

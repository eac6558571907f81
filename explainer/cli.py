"""``python -m explainer``: validate the data, locate text in the article, regenerate docs,
take screenshots of the built site, and build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .package import DATA_DIR, ROOT


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate

    result = validate(args.data_dir)
    if result.ok:
        print(f"ok: {result.n_records} records in {len(result.rows)} tables")
        return 0
    for problem in result.problems:
        print(problem)
    print(f"{len(result.problems)} problem(s) found", file=sys.stderr)
    return 1


def _locate(args: argparse.Namespace) -> int:
    """Print start and end offsets of every occurrence of a text, for writing an anchor."""
    text = (Path(args.data_dir) / "article.txt").read_text(encoding="utf-8")
    start, found = text.find(args.text), 0
    while start >= 0:
        found += 1
        print(f"{start}\t{start + len(args.text)}\t{args.text}")
        start = text.find(args.text, start + 1)
    if not found:
        print(f"not found in article.txt: {args.text!r}", file=sys.stderr)
        return 1
    return 0


def _schema(data_dir: Path, check: bool) -> bool:
    """Regenerate explainer/schema.json (the data contract's tables) from the default package's
    descriptor; True when it was out of date. Other packages follow the contract, not set it."""
    from . import package

    if Path(data_dir).resolve() != (ROOT / "data").resolve():
        return False
    descriptor, problems = package.read_descriptor(Path(data_dir))
    if descriptor is None:
        return False  # validate reports it
    text = package.schema_text(descriptor)
    current = (
        package.SCHEMA_PATH.read_text(encoding="utf-8") if package.SCHEMA_PATH.is_file() else ""
    )
    if text == current:
        return False
    if not check:
        package.SCHEMA_PATH.write_text(text, encoding="utf-8")
    return True


def _dictionary(args: argparse.Namespace) -> int:
    from .dictionary import update_readme

    changed = update_readme(Path(args.data_dir), check=args.check)
    changed = _schema(Path(args.data_dir), check=args.check) or changed
    if args.check and changed:
        print(
            f"{Path(args.data_dir) / 'README.md'}: generated parts (known differences, data dictionary) are out of date; "
            "run `python -m explainer dictionary`",
            file=sys.stderr,
        )
        return 1
    return 0


def _screenshots(args: argparse.Namespace) -> int:
    from .browser import screenshots

    if not (args.html / "index.html").is_file():
        print(f"{args.html / 'index.html'} is missing: run `make book` first", file=sys.stderr)
        return 1
    written = screenshots(args.html, args.out)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


def _site(args: argparse.Namespace) -> int:
    """Build several packages into one site with an index of articles."""
    from .articles import SiteError, build_site

    try:
        articles = build_site([Path(p) for p in args.packages], args.out, args.args)
    except SiteError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{len(articles)} explainers in {args.out}: " + ", ".join(a.name for a in articles))
    return 0


def _build(args: argparse.Namespace) -> int:
    """``jupyter-book build ARGS`` in this process: importing this package first defers a slow
    import that jupyter-book would otherwise pay on every build (see explainer/startup.py)."""
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(["build", *args.args], prog_name="jupyter-book")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check the data package; list every problem")
    p.add_argument("data_dir", nargs="?", default=DATA_DIR, type=Path)
    p.set_defaults(func=_validate)
    p = sub.add_parser("locate", help="print the offsets of a text in article.txt")
    p.add_argument("text")
    p.add_argument("--data-dir", default=DATA_DIR, type=Path)
    p.set_defaults(func=_locate)
    p = sub.add_parser(
        "dictionary",
        help="regenerate the generated parts of data/README.md (known differences, data dictionary)",
    )
    p.add_argument(
        "--check", action="store_true", help="exit 1 if it is out of date, write nothing"
    )
    p.add_argument("--data-dir", default=DATA_DIR, type=Path)
    p.set_defaults(func=_dictionary)
    p = sub.add_parser(
        "screenshots", help="PNGs of every built page, desktop and mobile, light and dark"
    )
    p.add_argument("--html", default=ROOT / "_build" / "html", type=Path)
    p.add_argument("--out", default=ROOT / "_build" / "screenshots", type=Path)
    p.set_defaults(func=_screenshots)
    p = sub.add_parser(
        "site", help="build several data packages into one site, with an index of articles"
    )
    p.add_argument("packages", nargs="+", help="data package folders")
    p.add_argument("--out", default=ROOT / "_build" / "site", type=Path)
    p.set_defaults(func=_site)
    p = sub.add_parser(
        "build",
        add_help=False,  # --help is jupyter-book's
        help="jupyter-book build ARGS, starting faster (the Makefile uses it)",
    )
    p.set_defaults(func=_build)
    args, extra = parser.parse_known_args(argv)
    if args.command not in ("build", "site") and extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.args = extra
    try:
        return args.func(args)
    except Exception as exc:  # noqa: BLE001 - the CLI promises a message, never a traceback
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2

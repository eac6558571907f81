"""``python -m explainer``: validate the data, locate text in the article, regenerate docs,
take screenshots of the built site, and build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .package import DATA_DIR, ROOT


def _validate(args: argparse.Namespace) -> int:
    from .validate import review_counts, validate

    result = validate(args.data_dir)
    if result.ok:
        print(f"ok: {result.n_records} records in {len(result.rows)} tables")
        print("review: {} drafted, {} reviewed".format(*review_counts(result)))
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


def _dictionary(args: argparse.Namespace) -> int:
    from .dictionary import update_readme

    changed = update_readme(Path(args.data_dir), check=args.check)
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


def _build(args: argparse.Namespace) -> int:
    """``jupyter-book build ARGS`` in this process: importing this package first defers a slow
    import that jupyter-book would otherwise pay on every build (see explainer/startup.py)."""
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(["build", *args.args], prog_name="jupyter-book")
    return 0


def _draft(args: argparse.Namespace) -> int:
    """Draft a package from an article's text (needs the drafting extra: `make draft`)."""
    try:
        from .draft import assemble, run
    except ImportError as exc:
        print(
            f"error: the drafting stack is not installed ({exc}); run `make draft`", file=sys.stderr
        )
        return 2
    from .draft.text import DraftInputError
    from .validate import review_counts, validate

    try:
        meta = assemble.Meta(
            date=run.parse_date(args.date),
            title=args.title or "",
            outlet=args.outlet or "",
            author=args.author or "",
            url=args.url or "",
        )
    except ValueError:
        print(f"error: --date {args.date!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    try:
        outcome = run.draft(args.article, args.out, meta)
    except DraftInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {t}" for t, n in outcome.counts.items() if n)
    print(f"drafted {args.out} in {outcome.seconds:.1f} s: {counts}")
    if outcome.merged is not None:
        m = outcome.merged
        print(
            f"kept {m.kept} reviewed records; replaced {m.replaced} old drafts; proposed "
            f"{m.proposed} drafted records; {len(m.skipped)} held by reviewed records. "
            f"Changes: {outcome.diff_path}"
        )
    result = validate(args.out)
    for problem in result.problems:
        print(problem)
    if not result.ok:
        print(f"{len(result.problems)} problem(s) in the draft", file=sys.stderr)
        return 1
    print("ok: valid package; review: {} drafted, {} reviewed".format(*review_counts(result)))
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
    p = sub.add_parser("draft", help="draft a data package from an article's text")
    p.add_argument("article", type=Path, help="the article, UTF-8 plain text")
    p.add_argument("--out", required=True, type=Path, help="the package folder to write")
    p.add_argument("--date", help="the article's date, YYYY-MM-DD: resolves 'on Tuesday'")
    for opt in ("title", "outlet", "author", "url"):
        p.add_argument(f"--{opt}", help=f"the article's {opt}")
    p.set_defaults(func=_draft)
    p = sub.add_parser(
        "build",
        add_help=False,  # --help is jupyter-book's
        help="jupyter-book build ARGS, starting faster (the Makefile uses it)",
    )
    p.set_defaults(func=_build)
    args, extra = parser.parse_known_args(argv)
    if args.command != "build" and extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.args = extra
    try:
        return args.func(args)
    except Exception as exc:  # noqa: BLE001 - the CLI promises a message, never a traceback
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2

"""``python -m explainer``: validate the data, locate text in the article, edit the article
with its anchors, regenerate docs, take screenshots of the built site, and build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explainer.package import DATA_DIR, ROOT


def _validate(args: argparse.Namespace) -> int:
    from explainer.package.validate import status, summary, validate

    result = validate(args.data_dir)
    state = status(result)
    if result.ok:
        # Records as the review line and the site count them: provenance.csv's rows only
        # say which of them are drafts.
        print(f"ok: {state.drafted + state.reviewed} records in {len(result.rows)} tables")
        print(state.review_line)
        return 0
    for problem in result.problems:  # in file order, one line each, the summary last
        print(str(problem).replace("\n", "\\n"))
    if args.explain:
        from explainer.package.checks.errors import fixes

        print("how to fix each kind of problem:")
        print("\n".join(fixes(p.code for p in result.problems)))
    print(summary(result.problems, state))
    return 1


def _errors(args: argparse.Namespace) -> int:
    """The catalogue of problem types: each code, what it means and how to fix it."""
    from explainer.package.checks.errors import CATALOGUE, explain

    unknown = [code for code in args.codes if code not in CATALOGUE]
    for code in args.codes or CATALOGUE:
        print(explain(code))
    return 1 if unknown else 0


def _locate(args: argparse.Namespace) -> int:
    """Every occurrence of a text in the article, with context and the records anchored there."""
    from explainer.package.locate import locate, report

    shown, hits = locate(Path(args.data_dir), args.text)
    if not hits:
        print(f"not found in {shown}: {args.text!r}", file=sys.stderr)
        from explainer.package.scan import find_lookalike

        text = (Path(args.data_dir) / Path(shown).name).read_text(encoding="utf-8")
        folded = find_lookalike(text.lower(), args.text.lower())
        if folded:
            s, e = folded[0]
            print(f"  with other capitals it is at {s}..{e}: {text[s:e]!r}", file=sys.stderr)
        return 1
    if args.offsets:
        for hit in hits:
            print(f"{hit.start}\t{hit.end}\t{hit.exact}")
        return 0
    print("\n".join(report(shown, args.text, hits)))
    return 0


def _edit_article(args: argparse.Namespace) -> int:
    """Replace a text in the article (or take a hand edit), shift the anchors, record the hash."""
    from explainer.package.edit import reanchor, replace_in_article
    from explainer.package.scan import find_lookalike

    data_dir = Path(args.data_dir)
    if args.command == "reanchor":
        edited = reanchor(data_dir)
        what = "took the edit of the article"
    else:
        old = args.old
        text = (data_dir / "article.txt").read_text(encoding="utf-8")
        if old not in text:  # typed with straight quotes or hyphens: use the printed text
            hits = find_lookalike(text, old)
            if len(hits) == 1:
                old = text[hits[0][0] : hits[0][1]]
        edited = replace_in_article(data_dir, [(old, args.new)])
        what = f"replaced {old!r} with {args.new!r} in the article"
    print(
        f"{what}: {edited.moved} anchors shifted, {edited.rewritten} exact texts rewritten, "
        f"sha256 {edited.sha256[:12]}… recorded in datapackage.json. Now run `make validate`."
    )
    return 0


def _schema(data_dir: Path, check: bool) -> bool:
    """Regenerate explainer/package/schema.json (the data contract's tables) from the default package's
    descriptor; True when it was out of date. Other packages follow the contract, not set it."""
    from explainer import package

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
    from explainer.package.dictionary import update_readme

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
    from explainer.site.browser import screenshots

    if not (args.html / "index.html").is_file():
        print(f"{args.html / 'index.html'} is missing: run `make book` first", file=sys.stderr)
        return 1
    written = screenshots(args.html, args.out)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


def _site(args: argparse.Namespace) -> int:
    """Build several packages into one site with an index of articles."""
    from explainer.site.articles import SiteError, build_site

    try:
        articles = build_site([Path(p) for p in args.packages], args.out, args.args, args.title)
    except SiteError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{len(articles)} explainers in {args.out}: " + ", ".join(a.name for a in articles))
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Preview a built site (``make serve``) until Ctrl-C; a clear message when the port is taken."""
    from explainer.site.browser import PortTaken, preview_server

    if not (args.directory / "index.html").is_file():
        print(
            f"error: no {args.directory / 'index.html'}: run 'make book' (or 'make site' for"
            " _build/site) first",
            file=sys.stderr,
        )
        return 1
    try:
        server = preview_server(args.directory, args.host, args.port)
    except PortTaken as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"Serving {args.directory} on http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _build(args: argparse.Namespace) -> int:
    """``jupyter-book build ARGS`` in this process: importing this package first defers a slow
    import that jupyter-book would otherwise pay on every build (see explainer/startup.py).
    Its log is brief unless ``-v`` is given (see explainer/site/buildlog.py)."""
    import os

    from jupyter_book.cli.main import main as jupyter_book

    from explainer.site.buildlog import ENV_LOG, brief_build

    verbose = any(a == "--verbose" or (a[:2] == "-v" and set(a[1:]) == {"v"}) for a in args.args)
    os.environ.setdefault(ENV_LOG, "full" if verbose else "brief")
    if os.environ[ENV_LOG] == "brief":
        brief_build()
    jupyter_book(["build", *args.args], prog_name="jupyter-book")
    return 0


def _draft_corpus(args: argparse.Namespace) -> int:
    """Draft every *.txt of a folder into OUT/NAME/; one bad article is reported, the rest go on."""
    import time

    from explainer.draft import corpus
    from explainer.package.validate import validate

    from .draft.text import DraftInputError

    try:
        todo = corpus.items(args.article, args.metadata)
    except DraftInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    try:
        results = _drafted_with_progress(corpus, todo, args, t0)
    except corpus.pipeline.rules.UnknownRule as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - t0
    failed = 0
    for r in results:
        if r.files is None:
            failed += 1
            print(f"error: {r.name}: {r.error}", file=sys.stderr)
            continue
        result = validate(args.out / r.name)
        if not result.ok:
            failed += 1
            print(
                f"error: {r.name}: {len(result.problems)} problem(s) in the draft", file=sys.stderr
            )
    ok = len(results) - failed
    print(
        f"drafted {ok} of {len(results)} articles into {args.out} in {seconds:.1f} s "
        f"({len(results) / seconds:.2f} articles/s)"
    )
    return 1 if failed else 0


def _progress(done: int, total: int, started: float, what: str) -> None:
    """One line on stderr: how far a corpus draft has got, and how long it has taken."""
    import time

    elapsed = time.perf_counter() - started
    print(f"drafting: {done} of {total} {what} ({elapsed:.0f} s)", file=sys.stderr, flush=True)


def _drafted_with_progress(corpus, todo: list, args: argparse.Namespace, started: float) -> list:
    """``corpus.draft_corpus`` with a progress line on stderr as articles are drafted: one per
    article when they are drafted one by one; one per batch of the local worker processes
    (``--processes``); a line before and after on a Dask cluster (``--dask``), whose workers
    report to its own dashboard."""
    total = len(todo)
    print(f"drafting {total} articles into {args.out}", file=sys.stderr, flush=True)
    if args.dask:
        results = corpus.draft_corpus(todo, args.out, args.processes, args.dask, args.rules)
    elif args.processes > 1:
        from dask.callbacks import Callback

        finished: list[str] = []

        def posttask(key, result, dsk, state, worker_id) -> None:
            # One task per batch of articles maps them through the drafter.
            if isinstance(key, tuple) and str(key[0]).startswith("draft_files"):
                finished.append(key[0])
                batches = len(_batches(dsk))
                about = round(len(finished) * total / batches)
                _progress(len(finished), batches, started, f"batches (about {about} of {total})")

        with Callback(posttask=posttask):
            results = corpus.draft_corpus(todo, args.out, args.processes, None, args.rules)
    else:
        results = []
        for n, item in enumerate(todo, 1):
            results += corpus.draft_corpus([item], args.out, 1, None, args.rules)
            _progress(n, total, started, f"articles: {item.name}")
    return results


def _batches(dsk: dict) -> list:
    return [k for k in dsk if isinstance(k, tuple) and str(k[0]).startswith("draft_files")]


def _not_installed(what: str, exc: ImportError, command: str) -> int:
    """Say that an optional part is not installed and how to install it; exit status 2."""
    print(f"error: {what} is not installed ({exc}); run `{command}`", file=sys.stderr)
    return 2


def _draft(args: argparse.Namespace) -> int:
    """Draft a package from an article's text (needs the drafting extra: `make draft`)."""
    try:
        from explainer.draft import assemble, run
    except ImportError as exc:
        return _not_installed("the drafting stack", exc, "make draft")
    from explainer.package.validate import status, validate

    from .draft.text import DraftInputError

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
    if args.article.is_dir():
        return _draft_corpus(args)
    from explainer.draft import pipeline

    try:
        nlp = pipeline.load(args.rules)
    except pipeline.rules.UnknownRule as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        outcome = run.draft(args.article, args.out, meta, nlp)
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
    print(f"ok: valid package; {status(result).review_line}")
    return 0


def _joined_rules(argv: list[str]) -> list[str]:
    """``--rules -quoted_as`` as ``--rules=-quoted_as`` (argparse takes a leading dash for an option)."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] == "--rules" and i + 1 < len(argv):
            out.append(f"--rules={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def _review(args: argparse.Namespace) -> int:
    """Start the review desk on a package (needs the dev requirements: `make review`)."""
    try:
        from explainer.review.serve import serve
    except ImportError as exc:
        return _not_installed("the review desk", exc, "make review")
    return serve(args.data_dir, args.port, browser=not args.no_browser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check the data package; list every problem")
    p.add_argument("data_dir", nargs="?", default=DATA_DIR, type=Path)
    p.add_argument(
        "--explain", action="store_true", help="after the problems, how to fix each kind"
    )
    p.set_defaults(func=_validate)
    p = sub.add_parser("errors", help="the kinds of problem validation reports, and their fixes")
    p.add_argument("codes", nargs="*", help="the codes to explain (default: every one)")
    p.set_defaults(func=_errors)
    p = sub.add_parser(
        "locate",
        help="every occurrence of a text in article.txt: offsets, context, records anchored there"
        " (straight and curly quotes, dashes and spaces match alike)",
    )
    p.add_argument("text")
    p.add_argument("--data-dir", default=DATA_DIR, type=Path)
    p.add_argument(
        "--offsets", action="store_true", help="print only START<tab>END<tab>EXACT per occurrence"
    )
    p.set_defaults(func=_locate)
    p = sub.add_parser(
        "edit-article",
        help="replace OLD (which must occur once) with NEW in article.txt, shift every anchor"
        " and record the new hash",
    )
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--data-dir", default=DATA_DIR, type=Path)
    p.set_defaults(func=_edit_article)
    p = sub.add_parser(
        "reanchor",
        help="after editing article.txt by hand: shift every anchor to the edit and record the"
        " new hash (compares with the text datapackage.json records, from git)",
    )
    p.add_argument("--data-dir", default=DATA_DIR, type=Path)
    p.set_defaults(func=_edit_article)
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
    p.add_argument(
        "article", type=Path, help="the article, UTF-8 plain text; or a folder of *.txt articles"
    )
    p.add_argument(
        "--out", required=True, type=Path, help="the package folder (a folder of them for a corpus)"
    )
    p.add_argument(
        "--metadata", type=Path, help="corpus: date, title, outlet, author per file stem (TSV/CSV)"
    )
    p.add_argument(
        "--rules", default="", help="rules switched off by name: -quoted_as,-model (rules.cfg)"
    )
    p.add_argument("--processes", type=int, default=1, help="corpus: local worker processes")
    p.add_argument("--dask", metavar="ADDRESS", help="corpus: a Dask scheduler, tcp://host:8786")
    p.add_argument("--date", help="the article's date, YYYY-MM-DD: resolves 'on Tuesday'")
    for opt in ("title", "outlet", "author", "url"):
        p.add_argument(f"--{opt}", help=f"the article's {opt}")
    p.set_defaults(func=_draft)
    p = sub.add_parser("review", help="review a drafted package in the browser (the review desk)")
    p.add_argument("data_dir", type=Path, help="the package folder")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--no-browser", action="store_true", help="print the address, open no browser")
    p.set_defaults(func=_review)
    p = sub.add_parser(
        "site", help="build several data packages into one site, with an index of articles"
    )
    p.add_argument("packages", nargs="+", help="data package folders")
    p.add_argument("--out", default=ROOT / "_build" / "site", type=Path)
    p.add_argument("--title", default="Annotated explainers", help="the index page's title")
    p.set_defaults(func=_site)
    p = sub.add_parser("serve", help="preview a built site on a local port (make serve)")
    p.add_argument("directory", nargs="?", default=ROOT / "_build" / "html", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    p.set_defaults(func=_serve)
    p = sub.add_parser(
        "build",
        add_help=False,  # --help is jupyter-book's
        help="jupyter-book build ARGS, starting faster (the Makefile uses it)",
    )
    p.set_defaults(func=_build)
    args, extra = parser.parse_known_args(_joined_rules(sys.argv[1:] if argv is None else argv))
    if args.command not in ("build", "site") and extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.args = extra
    try:
        return args.func(args)
    except BrokenPipeError:  # `locate ... | head`: the reader has all it wants
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI promises a message, never a traceback
        from explainer.package.edit import EditError

        if isinstance(exc, EditError):
            print(f"error: {exc}; nothing was changed", file=sys.stderr)
            return 1
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2

"""A rebuild never shows stale facts, and re-executes only the pages whose inputs changed.

Three layers:

* the recorder (explainer/package/deps.py): a table counts as read only when it is read, and a page
  restricted to the tables it was recorded reading produces exactly the same outputs, so the
  record misses nothing (checked in-process for every page, without a build);
* the staleness rules (explainer/site/execution.py), on a scratch folder;
* the build itself, in a temporary copy of the project: no change re-executes nothing; a change
  to a context fact's value re-executes exactly the pages that read that table, and afterwards
  every page that showed the old value shows the new one and no page shows the old one; a prose
  edit re-reads only its page and executes nothing; a code edit executes only its page.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import hostile
import jupytext
import pytest

from explainer.package import deps, facts, tables
from explainer.site import execution

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(f"book/{p.stem}" for p in (ROOT / "book").glob("*.md"))


# ---------------------------------------------------------------------------------------
# The recorder


def _file_map(data_dir: Path, descriptor: dict) -> dict[str, Path]:
    return {res["name"]: data_dir / res["path"] for res in tables(descriptor)}


def test_tracked_tables_record_only_what_is_read(tmp_path):
    files = {"a": tmp_path / "a.csv", "b": tmp_path / "b.csv", "c": tmp_path / "c.csv"}
    tracked = deps.TrackedTables({"a": 1, "b": 2, "c": 3}, files)
    before = set(deps._data_files)
    assert sorted(tracked) == ["a", "b", "c"] and len(tracked) == 3 and "b" in tracked
    assert tracked.read == set(), "listing or testing names must not count as reading"
    assert tracked["b"] == 2 and tracked.get("c") == 3
    assert tracked.read == {"b", "c"}
    assert set(deps._data_files) - before == {str(files["b"]), str(files["c"])}
    dict(tracked.items())
    assert tracked.read == {"a", "b", "c"}


def test_facts_attribute_access_is_recorded():
    loaded = facts.load()
    assert loaded.tables.read == set()
    loaded.figures  # noqa: B018
    assert loaded.tables.read == {"figures"}


def test_kernel_record_lists_exactly_what_the_code_read(tmp_path):
    """In a process like a build's kernel: load() counts descriptor and article, then only the
    tables read; a direct read of another data file is caught by the audit hook; validation's own
    reads are not counted; imported modules are listed."""
    record = tmp_path / "deps.json"
    code = textwrap.dedent(
        """
        from explainer import load
        from explainer import DATA_DIR
        facts = load()
        facts.figures
        (DATA_DIR / "README.md").read_text(encoding="utf-8")
        from explainer.package import deps
        deps.write()
        """
    )
    env = dict(os.environ, **{deps.ENV_DEPS_FILE: str(record)})
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path, timeout=120)
    found = json.loads(record.read_text(encoding="utf-8"))
    data = {Path(p).relative_to(ROOT).as_posix() for p in found["data"]}
    assert data == {
        "data/datapackage.json",
        "data/article.txt",
        "data/figures.csv",
        "data/README.md",
    }
    modules = {Path(p).name for p in found["modules"]}
    assert {"__init__.py", "facts.py", "validate.py", "deps.py"} <= modules
    assert not [p for p in found["modules"] if "views" in Path(p).parts]


def test_nothing_is_recorded_outside_a_build(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != deps.ENV_DEPS_FILE}
    code = "import explainer, sys; from explainer.package import deps; sys.exit(0 if not deps._installed else 1)"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path, timeout=120)


def _cells(page: str) -> list[str]:
    notebook = jupytext.read(ROOT / f"{page}.md")
    return [c.source for c in notebook.cells if c.cell_type == "code"]


def _run_page(page: str, loaded: facts.Facts, monkeypatch) -> list[object]:
    """Run a page's code cells in this process with load() returning ``loaded``; the value of
    each cell's last expression, in a comparable form."""
    monkeypatch.setattr(facts, "load", lambda *a, **k: loaded)
    namespace: dict[str, object] = {"__name__": "__page__"}
    results = []
    for source in _cells(page):
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, page, "exec"), namespace)  # noqa: S102 - our own pages
        if last is None:
            continue
        value = eval(compile(ast.Expression(last.value), page, "eval"), namespace)  # noqa: S307
        if hasattr(value, "to_dict"):
            value = value.to_dict()
        elif hasattr(value, "_repr_html_"):
            value = value._repr_html_()
        results.append(value)
    return results


@pytest.fixture(scope="module")
def full_facts() -> facts.Facts:
    return facts.load()


@pytest.mark.parametrize("page", PAGES)
def test_a_page_needs_no_table_beyond_those_recorded(page, monkeypatch, full_facts):
    """Soundness of the record: with only the tables it was recorded reading, a page runs and
    produces the same outputs. A read the recorder missed raises here, or changes an output."""
    full = full_facts
    frames = {name: full.tables[name] for name in full.tables}
    files = _file_map(facts.DATA_DIR, full.descriptor)

    def facts_with(names: set[str]) -> facts.Facts:
        chosen = {n: frames[n] for n in names}
        return facts.Facts(full.article, full.descriptor, deps.TrackedTables(chosen, files))

    everything = facts_with(set(frames))
    outputs = _run_page(page, everything, monkeypatch)
    read = set(everything.tables.read)
    assert read, f"{page} read no table at all"
    restricted = _run_page(page, facts_with(read), monkeypatch)
    assert restricted == outputs


# ---------------------------------------------------------------------------------------
# The staleness rules


def test_stale_inputs_names_what_changed(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "explainer").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x\n1\n")
    (tmp_path / "data" / "b.csv").write_text("y\n2\n")
    (tmp_path / "explainer" / "m.py").write_text("X = 1\n")
    (tmp_path / "requirements.txt").write_text("pandas==3\n")
    snap = execution.Snapshot(tmp_path, [])
    record = {
        "notebook": True,
        "environment": snap.environment,
        "inputs": execution.inputs_from_deps(
            {
                "data": [str(tmp_path / "data" / "a.csv")],
                "modules": [str(tmp_path / "explainer" / "m.py")],
            },
            snap,
        ),
    }
    assert set(record["inputs"]) == {"data/a.csv", "explainer/m.py"}
    assert execution.stale_inputs(record, snap) == []

    (tmp_path / "data" / "b.csv").write_text("y\n3\n")  # not read by the page
    assert execution.stale_inputs(record, execution.Snapshot(tmp_path, [])) == []
    (tmp_path / "data" / "a.csv").write_text("x\n4\n")
    assert execution.stale_inputs(record, execution.Snapshot(tmp_path, [])) == ["data/a.csv"]
    (tmp_path / "data" / "a.csv").write_text("x\n1\n")
    (tmp_path / "explainer" / "m.py").write_text("X = 2\n")
    assert execution.stale_inputs(record, execution.Snapshot(tmp_path, [])) == ["explainer/m.py"]
    (tmp_path / "explainer" / "m.py").write_text("X = 1\n")
    assert execution.stale_inputs(record, execution.Snapshot(tmp_path, [])) == []
    (tmp_path / "requirements.txt").write_text("pandas==4\n")
    assert execution.stale_inputs(record, execution.Snapshot(tmp_path, [])) == [
        "the environment changed"
    ]
    assert execution.stale_inputs(None, snap) == ["no record of what it read"]


def test_a_page_that_reported_nothing_depends_on_everything(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x\n1\n")
    (tmp_path / "explainer").mkdir()
    (tmp_path / "explainer" / "m.py").write_text("X = 1\n")
    snap = execution.Snapshot(tmp_path, [])
    assert set(execution.inputs_from_deps(None, snap)) == {"data/a.csv", "explainer/m.py"}


def test_the_executor_records_reads_and_names_failures(tmp_path):
    """explainer.site.execution._execute on two tiny notebooks: the one that reads a table leaves
    a record naming that table's file; the one that fails reports its exception."""
    from types import SimpleNamespace

    import nbformat

    def notebook(*sources: str):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
        return nb

    good = execution.Job(
        "good",
        tmp_path / "good.md",
        notebook("from explainer import load\nfacts = load()", "len(facts.figures)"),
        tmp_path / "deps" / "good.json",
    )
    bad = execution.Job(
        "bad", tmp_path / "bad.md", notebook("raise ValueError('boom')"), tmp_path / "bad.json"
    )
    config = SimpleNamespace(
        execution_timeout=120, execution_allow_errors=False, execution_in_temp=False
    )
    app = SimpleNamespace(config=SimpleNamespace(explainer_execution_jobs=2))
    execution._execute(app, SimpleNamespace(mystnb_config=config), [good, bad])
    assert good.error is None and bad.error == "ValueError: boom"
    assert good.notebook.cells[1].outputs[0]["data"]["text/plain"] == str(len(facts.load().figures))
    recorded = json.loads(good.deps_file.read_text(encoding="utf-8"))
    names = {Path(p).name for p in recorded["data"]}
    assert names == {"datapackage.json", "article.txt", "figures.csv"}


# ---------------------------------------------------------------------------------------
# The build, in a temporary copy of the project


def _build(builds, project: Path, data_dir: Path | None = None) -> dict:
    """An incremental build of the copy (no ``--all``: what changed is what runs); its report."""
    env = builds.environment(project, data_dir)
    builds.run(builds.book_command(project, every_page=False), project, env, timeout=900)
    report = project / "_build" / execution.STATE_DIRNAME / execution.REPORT_FILE
    return json.loads(report.read_text(encoding="utf-8"))


def _state(project: Path) -> dict:
    path = project / "_build" / execution.STATE_DIRNAME / execution.STATE_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def _html(project: Path) -> dict[str, str]:
    html = project / "_build" / "html"
    return {page: (html / f"{page}.html").read_text(encoding="utf-8") for page in PAGES}


def _downloads(project: Path) -> dict[str, str]:
    """The text of every download (CSV, JSON-LD, the article), the zip's members included."""
    folder = project / "_build" / "html" / "downloads"
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{name}:{member}"] = archive.read(member).decode("utf-8")
        elif path.is_file():
            found[name] = path.read_text(encoding="utf-8")
    return found


def _number_pattern(value: int) -> re.Pattern[str]:
    """The value as printed (1,900) or as data (1900, 1900.0), not part of a longer number or id."""
    return re.compile(
        rf"(?<![\d,]){value:,}(?!\d|,\d)|(?<![\w.]){value}(?:\.0+)?(?![\w.])",
    )


def _data_cells(data: Path) -> list[tuple[str, str, str, str]]:
    """Every cell of every table: (file name, record id, column, text)."""
    found = []
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                record_id = next(iter(row.values()))
                found += [(path.name, record_id, col, text or "") for col, text in row.items()]
    return found


def _pick_value(project: Path, site: dict[str, str]) -> tuple[int, int, set[str]]:
    """A context fact's value that is printed in its claim, and a new value for it.

    A correction changes the value everywhere the data prints it (a source's note may quote the
    same number), so the value must not sit in an anchored ``exact`` text, which has to match
    the article. The new value must appear nowhere in the data or the built site yet. Returns
    the old and new values and the files that print the old one.
    """
    cells = _data_cells(project / "data")
    for file, _, col, text in cells:
        if file != "context.csv" or col != "value_min" or not text or float(text) < 1000:
            continue
        old = int(float(text))
        pattern = _number_pattern(old)
        where = [(f, c) for f, _, c, t in cells if pattern.search(t)]
        if not any(c == "claim" for f, c in where if f == "context.csv"):
            continue
        if any(c == "exact" for _, c in where):
            continue
        if any(f == "sources.csv" and c == "title" for f, c in where):
            continue  # a title rebuilt from its address must keep spelling the address
        for delta in (10, -10, 20, -20, 30, -30):
            new = old + delta
            fresh = _number_pattern(new)
            if not any(fresh.search(t) for *_, t in cells) and not any(
                fresh.search(h) for h in site.values()
            ):
                return old, new, {f for f, _ in where}
    pytest.fail("no context fact whose value is printed in its claim and free to change")


def _replace_value(project: Path, files: set[str], old: int, new: int) -> None:
    """Print ``new`` wherever the data printed ``old``: 1,900 as 1,910 and 1900 as 1910."""
    pattern = _number_pattern(old)

    def swap(match: re.Match[str]) -> str:
        text = match.group()
        return f"{new:,}" if "," in text else text.replace(str(old), str(new), 1)

    for name in files:
        path = project / "data" / name
        text = path.read_text(encoding="utf-8")
        changed = pattern.sub(swap, text)
        assert changed != text
        path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory, book_builds) -> dict:
    """Build a copy of the project, then rebuild it after each kind of change."""
    project = tmp_path_factory.mktemp("freshness") / "book"
    book_builds.copy_project(project, book_builds.PROJECT_FILES, seed=project / "_build")
    runs: dict = {"project": project, "seconds": {}}

    def build(label: str, data_dir: Path | None = None) -> dict:
        start = time.perf_counter()
        report = _build(book_builds, project, data_dir)
        runs["seconds"][label] = round(time.perf_counter() - start, 1)
        return report

    runs["first"] = build("first")
    runs["state_before"] = _state(project)
    runs["html_before"] = _html(project)
    runs["downloads_before"] = _downloads(project)

    runs["no_change"] = build("no change")

    old, new, files = _pick_value(project, runs["html_before"])
    _replace_value(project, files, old, new)
    from explainer.package.validate import validate

    result = validate(project / "data")
    assert result.ok, "the edit must keep the data valid:\n" + "\n".join(map(str, result.problems))
    runs["edit"] = {"old": old, "new": new, "files": sorted(files)}
    runs["data_edit"] = build("data edit")
    runs["state_after_data"] = _state(project)
    runs["html_after_data"] = _html(project)
    runs["downloads_after_data"] = _downloads(project)

    text_page, code_page = PAGES[0], PAGES[-1]
    source = project / f"{text_page}.md"
    marker = "This sentence was added by the freshness test."
    source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    runs["text_edit"] = build("text edit")
    runs["text_edit_page"], runs["marker"] = text_page, marker
    runs["html_after_text"] = _html(project)

    source = project / f"{code_page}.md"
    text = source.read_text(encoding="utf-8")
    cell = re.search(r"```\{code-cell\}[^\n]*\n(?::[^\n]*\n)*", text)
    assert cell, f"{code_page} has no code cell"
    text = text[: cell.end()] + "_freshness_probe = 1\n" + text[cell.end() :]
    source.write_text(text, encoding="utf-8")
    runs["code_edit"] = build("code edit")
    runs["code_edit_page"] = code_page
    runs["html_after_code"] = _html(project)

    # Another article's package, then back: every page must follow the package switched to.
    other = hostile.make_package(project / "data", project.parent / "another-package")
    runs["other"] = build("another package", data_dir=other)
    runs["html_other"] = _html(project)
    runs["back"] = build("back to data/")
    runs["html_back"] = _html(project)
    print("freshness builds (s):", runs["seconds"])
    return runs


def test_the_copy_imports_its_own_package(rebuilds):
    # A kernel that imported the real project's package (not the copy's) would have read the
    # real data/ and left absolute paths to it in the record.
    pages = rebuilds["state_after_data"]["pages"]
    assert rebuilds["data_edit"]["executed"]
    for page in rebuilds["data_edit"]["executed"]:
        assert pages[page]["inputs"], page
        assert all(not os.path.isabs(key) for key in pages[page]["inputs"]), page


def test_no_change_reads_and_executes_nothing(rebuilds):
    assert rebuilds["no_change"]["read"] == []
    assert rebuilds["no_change"]["executed"] == []


def test_a_data_edit_re_executes_exactly_the_pages_that_read_the_files(rebuilds):
    files = {f"data/{name}" for name in rebuilds["edit"]["files"]}
    assert "data/context.csv" in files
    readers = {
        page
        for page, record in rebuilds["state_before"]["pages"].items()
        if files & set(record.get("inputs", {}))
    }
    executed = set(rebuilds["data_edit"]["executed"])
    assert executed == readers
    # Every page may read the context (each page's limits box says what other reporting
    # corroborates), but the tracking is per file: some page does not read some data file.
    pages = rebuilds["state_before"]["pages"].values()
    data_files = {f for record in pages for f in record.get("inputs", {}) if f.startswith("data/")}
    assert executed and any(data_files - set(record.get("inputs", {})) for record in pages), (
        "every page reads every data file: an edit would re-run every page"
    )


#: A chart drawing's axis tick labels: positions on a scale, not values from the data.
AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label".*?</g>', re.DOTALL)


def test_a_data_edit_leaves_no_stale_value_on_any_page(rebuilds):
    edit = rebuilds["edit"]
    old, new = _number_pattern(edit["old"]), _number_pattern(edit["new"])
    before = {page: AXIS_LABELS.sub("", html) for page, html in rebuilds["html_before"].items()}
    showed = {page for page, html in before.items() if old.search(html)}
    assert showed, f"no page showed {edit['old']:,} before the edit"
    after = {page: AXIS_LABELS.sub("", html) for page, html in rebuilds["html_after_data"].items()}
    assert {page for page in PAGES if new.search(after[page])} >= showed
    still_old = {page: old.findall(html)[:3] for page, html in after.items() if old.search(html)}
    assert not still_old, f"pages still showing {edit['old']:,}: {still_old}"
    assert showed <= set(rebuilds["data_edit"]["executed"])


def test_a_data_edit_leaves_no_stale_value_in_any_download(rebuilds):
    edit = rebuilds["edit"]
    old, new = _number_pattern(edit["old"]), _number_pattern(edit["new"])
    before, after = rebuilds["downloads_before"], rebuilds["downloads_after_data"]
    showed = {name for name, text in before.items() if old.search(text)}
    assert showed, f"no download held {edit['old']:,} before the edit"
    assert sorted(after) == sorted(before)
    assert {name for name in showed if new.search(after[name])} == showed
    assert not [name for name, text in after.items() if old.search(text)]


def test_a_prose_edit_re_reads_only_its_page_and_executes_nothing(rebuilds):
    page = rebuilds["text_edit_page"]
    assert rebuilds["text_edit"]["read"] == [page]
    assert rebuilds["text_edit"]["executed"] == []
    assert rebuilds["marker"] in rebuilds["html_after_text"][page]


def test_a_code_edit_re_executes_only_its_page(rebuilds):
    assert rebuilds["code_edit"]["executed"] == [rebuilds["code_edit_page"]]


def test_switching_packages_re_executes_every_page_both_ways(rebuilds):
    notebooks = sorted(p for p, rec in rebuilds["state_before"]["pages"].items() if rec["notebook"])
    assert notebooks
    for phase in ("other", "back"):
        assert sorted(rebuilds[phase]["executed"]) == notebooks, phase
        assert sorted(rebuilds[phase]["read"]) == PAGES, phase


def test_switching_packages_leaves_no_page_of_the_other_package(rebuilds):
    """The other package's text reaches the pages (article and method included), and after
    switching back none of it is left anywhere: every page is as it was before the switch."""
    shown = [page for page, html in rebuilds["html_other"].items() if hostile.FLAG in html]
    assert "book/article" in shown, "the other package's article text is not on article.html"
    left = [page for page, html in rebuilds["html_back"].items() if hostile.FLAG in html]
    assert left == [], f"pages still showing the other package: {left}"
    assert rebuilds["html_back"]["book/article"] == rebuilds["html_after_code"]["book/article"]
    assert rebuilds["html_back"]["book/method"] == rebuilds["html_after_code"]["book/method"]

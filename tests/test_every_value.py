"""Every value the data contract allows renders on every page (issue 22, blocker 3 and item 3).

Packages are generated with Hypothesis from the contract (explainer/package/schema.json): every
enum value of every table, tables empty, with one row or with many, long names, up to twelve
voices. Each is rendered in this process, every generic page's every cell (tests/pagecells.py),
without a kernel or a book build, so that many packages take seconds. The generated packages
start from this project's own valid package and the drafted example (docs/draft-example), and
change them only in ways the contract allows; the anchors, ids and references stay whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pagecells
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from explainer import load
from explainer.package import canonical_tables
from explainer.package.facts import Facts

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "draft-example" / "article.txt"
CONTRACT = {r["name"]: r["schema"] for r in canonical_tables()}
#: (table, field) -> the values the contract allows.
ENUMS = {
    (table, f["name"]): f["constraints"]["enum"]
    for table, schema in CONTRACT.items()
    for f in schema["fields"]
    if f.get("constraints", {}).get("enum")
}
#: Enums whose value the validator ties to other records: a check's kind to what its operands
#: and result are (a sum of figures, a duration of an event). Changing one alone makes a package
#: the contract refuses, so they keep the value they have.
TIED = {("checks", "kind")}
for _tied in TIED:
    ENUMS.pop(_tied)
#: Tables that may be emptied or cut to one row without breaking a reference (those that point
#: into them are emptied with them).
LEAVES = {
    "events": ["checks", "context"],
    "figures": ["checks", "context"],
    "relations": ["context"],
    "terms": [],
    "aliases": [],
    "notes": [],
    "context": [],
    "checks": [],
}
#: Fields that hold text a reader sees as a name.
NAMES = [("actors", "name"), ("voices", "label"), ("events", "label"), ("figures", "unit")]


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, Facts]:
    from explainer.draft import assemble, run

    out = tmp_path_factory.mktemp("example") / "package"
    meta = assemble.Meta(date=dt.date(2025, 3, 19), title="", outlet="The Riverside Courier")
    run.draft(EXAMPLE, out, meta)
    return {"flagship": load(REPO / "data"), "draft": load(out)}


def _with(facts: Facts, tables: dict[str, pd.DataFrame]) -> Facts:
    return replace(facts, tables={**facts.tables, **tables})


def render_all(facts: Facts, draw: tuple[str, ...] = ()) -> None:
    """Every cell of every generic page; the charts of the pages in ``draw`` drawn as SVG."""
    for page in pagecells.pages():
        pagecells.run_page(page, facts, draw=page in draw)


@st.composite
def variants(draw, base: Facts) -> Facts:
    """A package the contract allows, made from ``base``."""
    tables = {name: df.copy() for name, df in base.tables.items()}
    for table, dependants in LEAVES.items():
        size = draw(st.sampled_from(["keep", "empty", "one"]))
        if size == "empty" or (size == "one" and len(tables[table]) > 1):
            tables[table] = tables[table].iloc[: 0 if size == "empty" else 1].copy()
            for other in dependants:
                tables[other] = tables[other].iloc[:0].copy()
            if table == "events":  # a statement may name the event it reports
                kept = set(tables["events"].event_id.astype(str))
                said = tables["statements"].copy()
                said["event_id"] = said["event_id"].where(said["event_id"].isin(kept))
                tables["statements"] = said
    for (table, field), allowed in ENUMS.items():
        df = tables[table]
        if df.empty or table in ("sources", "provenance") or not draw(st.booleans()):
            continue
        values = draw(st.lists(st.sampled_from(allowed), min_size=len(df), max_size=len(df)))
        df[field] = pd.Categorical(values, categories=allowed)
    if draw(st.booleans()):
        long = draw(st.text(alphabet="abcdefghij klmnopqrstuvwxyz’-", min_size=60, max_size=140))
        for table, field in NAMES:
            if not tables[table].empty:
                tables[table][field] = (long.strip() or "x") + " " + tables[table][field]
    many = draw(st.integers(min_value=0, max_value=12))
    if many > len(tables["voices"]):
        tables = pagecells.more_voices(tables, many)
    return _with(base, tables)


# ---------------------------------------------------------------------------------------
# The blockers, one test each


@pytest.mark.parametrize("bound", ENUMS[("figures", "bound")])
def test_every_bound_renders_on_every_page(bases, bound):
    """``approximate`` ("about $20 million") crashed three pages with a KeyError."""
    for facts in bases.values():
        figures = facts.figures.copy()
        figures["bound"] = pd.Categorical(
            [bound] * len(figures), categories=figures.bound.cat.categories
        )
        render_all(_with(facts, {"figures": figures}), draw=("numbers",))


def test_a_numbers_page_with_only_an_ordinal(bases):
    """A package whose only figure is an ordinal: the page says there is no count to draw."""
    facts = bases["draft"]
    figures = facts.figures.iloc[:1].copy()
    figures["kind"] = pd.Categorical(["ordinal"], categories=figures.kind.cat.categories)
    shown = pagecells.run_page(
        "numbers", _with(facts, {"figures": figures, "checks": facts.checks.iloc[:0]})
    )
    assert any("No figure here is a count" in out for out in shown)


# ---------------------------------------------------------------------------------------
# Generated packages


@pytest.mark.parametrize("name", ["flagship", "draft"])
def test_every_generated_package_renders_every_page(bases, name):
    @settings(
        max_examples=5,
        deadline=None,
        # No shrinking: a failure names its page and cell, and shrinking a package of the
        # flagship's size takes minutes.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
    )
    @given(st.data())
    def check(data):
        render_all(data.draw(variants(bases[name])))

    check()


def cycled(df: pd.DataFrame, field: str, allowed: list[str], offset: int) -> pd.DataFrame:
    """``df`` with ``field`` going through the allowed values row by row, from ``offset``."""
    df = df.copy()
    values = [allowed[(offset + i) % len(allowed)] for i in range(len(df))]
    df[field] = pd.Categorical(values, categories=allowed)
    return df


@pytest.mark.parametrize("table", sorted({t for t, _ in ENUMS} - {"sources", "provenance"}))
def test_every_enum_value_renders(bases, table):
    """Each value the contract allows for each field of ``table``, on a row of a package that has
    the table (each value on some row, in as few renders as the rows allow)."""
    facts = bases["draft"] if not bases["draft"].tables[table].empty else bases["flagship"]
    fields = [(f, allowed) for (t, f), allowed in ENUMS.items() if t == table]
    rows = len(facts.tables[table])
    assert rows, f"neither package has {table}"
    passes = max(-(-len(allowed) // rows) for _, allowed in fields)
    for offset in range(0, passes * rows, rows):
        df = facts.tables[table]
        for field, allowed in fields:
            df = cycled(df, field, allowed, offset)
        try:
            render_all(_with(facts, {table: df}))
        except pagecells.CellError as err:
            raise AssertionError(f"{table} with {fields} from {offset}: {err}") from err


def test_a_view_that_fails_names_itself_and_the_fault_in_the_page(bases):
    """The last guard: a view that raises on a valid package shows what went wrong, and the
    in-process render (like the tests above) treats that as a failure, never as a pass."""
    from explainer.views import tables

    @tables.needs("figures")
    def broken(facts):
        return facts.figures.set_index("figure_id").value["no_such_record"]

    shown = str(broken(bases["draft"]))
    assert "broken" in shown and "KeyError: &#x27;no_such_record&#x27;" in shown
    assert tables.VIEW_ERROR_CLASS in shown

"""Settings: the descriptor's explainer settings name ids, tables and names the package has."""

from __future__ import annotations

from explainer.package import Problem, display_path
from explainer.package import settings as package_settings
from explainer.package.checks.base import Result, check


@check("settings-error")
def check_settings(result: Result) -> None:
    """The descriptor's site settings (explainer.package.settings) name ids the package has."""

    def ids(table: str, column: str) -> set[str] | None:
        # Only a table read without a problem of its own is evidence to check names against.
        shown_table = result.shown(table)
        if table not in result.rows or any(p.file == shown_table for p in result.problems):
            return None
        return {row[column] for row in result.rows[table]}

    shown = display_path(result.data_dir, "datapackage.json")
    for path, message in package_settings.problems(result.descriptor or {}, ids):
        result.problems.append(Problem(shown, "-", path, message))

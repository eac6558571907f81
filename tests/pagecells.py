"""Run the generic pages' code cells in this process, for a package's facts, and make each cell's
shown value as the page would (a chart's Vega-Lite spec and its drawing, a table's HTML, prose's
Markdown), without a kernel or a book build. The Hypothesis tests and the real-article checks use
it; a failure names the page and the cell."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from explainer.site.sphinx_pages import GENERIC_DIR
from explainer.views.tables import VIEW_ERROR_CLASS

_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)


def cells(page: str) -> list[str]:
    """The code cells of a generic page, option lines (``:tags:``) left out."""
    text = (GENERIC_DIR / f"{page}.md").read_text(encoding="utf-8")
    return [
        "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        for body in _CELL.findall(text)
    ]


def pages() -> list[str]:
    return sorted(p.stem for p in Path(GENERIC_DIR).glob("*.md"))


class CellError(AssertionError):
    pass


def shown(value: Any, draw: bool) -> str:
    """What a page would show of a cell's value, as text (raises where the page would)."""
    if value is None:
        return ""
    if type(value).__module__.startswith("altair"):
        spec = value.to_dict()
        if draw:
            import vl_convert

            from explainer.site.sphinx_ext import VL_VERSION

            return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
        return str(spec)
    for method in ("_repr_html_", "_repr_markdown_"):
        if hasattr(value, method):
            return str(getattr(value, method)())
    return str(getattr(value, "data", value))


def run_page(page: str, facts: Any, draw: bool = False) -> list[str]:
    """Every shown output of ``page`` for ``facts``; a failing cell raises :class:`CellError`.
    The page's ``load()`` returns ``facts``."""
    namespace: dict[str, Any] = {}
    outputs = []
    for n, code in enumerate(cells(page), start=1):
        tree = ast.parse(code.replace("load()", "__facts__"))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        namespace["__facts__"] = facts
        try:
            exec(compile(tree, f"<{page} cell {n}>", "exec"), namespace)
            if last is not None:
                expr = compile(ast.Expression(last.value), f"<{page} cell {n}>", "eval")
                outputs.append(shown(eval(expr, namespace), draw))
                if VIEW_ERROR_CLASS in outputs[-1]:  # the page would show the fault: a failure
                    raise AssertionError(outputs[-1])
        except Exception as exc:  # noqa: BLE001 - reported with the page and cell
            raise CellError(f"{page}, cell {n}: {type(exc).__name__}: {exc}\n{code}") from exc
    return outputs


def more_voices(tables: dict[str, Any], count: int) -> dict[str, Any]:
    """Tables with ``count`` voices (each new one a copy of the last, renamed), the statements
    shared among the voices other than the narration, round the table."""
    import pandas as pd

    voices = tables["voices"]
    extra = []
    for n in range(len(voices), count):
        row = voices.iloc[-1].copy()
        row["voice_id"] = f"generated_voice_{n}"
        row["label"] = f"Voice number {n}"
        extra.append(row)
    voices = pd.concat([voices, pd.DataFrame(extra)], ignore_index=True)
    ids = [v for v in voices.voice_id if v != "narration"]
    statements = tables["statements"].copy()
    statements["voice_id"] = pd.array([ids[i % len(ids)] for i in range(len(statements))], "string")
    voices["voice_id"] = voices["voice_id"].astype("string")
    return {**tables, "voices": voices, "statements": statements}

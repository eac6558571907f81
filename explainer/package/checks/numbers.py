"""Numbers: a figure's value, bounds and hedge agree; figures that should add up do."""

from __future__ import annotations

from explainer.package import scan
from explainer.package.checks.base import Result, check, to_date, to_float
from explainer.package.vocab import HEDGE_BOUND, UNIT_DAYS


@check("figure-error")
def check_figures(result: Result) -> None:
    """A figure's bound is the one its hedge makes, its hedge is in its anchor, and its value
    is the number the anchor prints."""
    for row in result.rows.get("figures", []):
        hedge = row["hedge"]
        if hedge in HEDGE_BOUND and row["bound"] and HEDGE_BOUND[hedge] != row["bound"]:
            result.add(
                "figures",
                row.line,
                "bound",
                f"{row['bound']!r} does not fit the hedge {hedge or '(none)'!r}; "
                f"expected {HEDGE_BOUND[hedge]!r}",
            )
        if hedge and hedge not in row["exact"].lower():  # "Nearly 1,500" opens a sentence
            result.add("figures", row.line, "hedge", f"{hedge!r} is not in the anchored text")
        printed, value = scan.number_value(row["exact"]), to_float(row["value"])
        if printed is not None and value is not None and printed != value:
            result.add(
                "figures",
                row.line,
                "value",
                f"{value:g}, but the anchored text {row['exact']!r} says {printed:g}",
            )


@check("arithmetic")
def check_arithmetic(result: Result) -> None:
    """The checks table's sums and durations hold: the parts add up to the total, and a
    duration is the days between its event's dates."""
    figures = {r["figure_id"]: r for r in result.rows.get("figures", [])}
    events = {r["event_id"]: r for r in result.rows.get("events", [])}
    for ck in result.rows.get("checks", []):
        operands = ck["operand_ids"].split()
        unknown = [o for o in operands if o not in figures]
        if unknown:
            result.add(
                "checks", ck.line, "operand_ids", f"unknown figure id(s): {', '.join(unknown)}"
            )
            continue
        values = [to_float(figures[o]["value"]) for o in operands]
        if None in values:
            continue
        if ck["kind"] == "sum":
            if ck["result_id"] not in figures:
                result.add("checks", ck.line, "result_id", f"unknown figure id {ck['result_id']!r}")
                continue
            total = to_float(figures[ck["result_id"]]["value"])
            if total is not None and sum(values) != total:
                parts = " + ".join(f"{v:g}" for v in values)
                result.add(
                    "checks",
                    ck.line,
                    "result_id",
                    f"{parts} = {sum(values):g}, but {ck['result_id']} is {total:g}",
                )
        elif ck["kind"] == "duration":
            ev = events.get(ck["result_id"])
            if ev is None:
                result.add("checks", ck.line, "result_id", f"unknown event id {ck['result_id']!r}")
                continue
            start, end = to_date(ev["date_start"]), to_date(ev["date_end"])
            days = 0
            for o, v in zip(operands, values, strict=True):
                unit = figures[o]["unit"]
                if unit not in UNIT_DAYS:
                    result.add(
                        "checks", ck.line, "operand_ids", f"{o} has unit {unit!r}, not a duration"
                    )
                    break
                days += v * UNIT_DAYS[unit]
            else:
                if start and end and (end - start).days + 1 != days:
                    result.add(
                        "checks",
                        ck.line,
                        "result_id",
                        f"{ck['result_id']} spans {(end - start).days + 1} days "
                        f"({start}..{end}), but the operands make {days:g}",
                    )

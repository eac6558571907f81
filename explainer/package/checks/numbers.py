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
            result.report(
                "figure-error",
                "figures",
                row.line,
                "bound",
                "bound",
                bound=row["bound"],
                hedge=hedge or "(none)",
                expected=HEDGE_BOUND[hedge],
            )
        if hedge and hedge not in row["exact"].lower():  # "Nearly 1,500" opens a sentence
            result.report("figure-error", "figures", row.line, "hedge", "hedge", hedge=hedge)
        printed, value = scan.number_value(row["exact"]), to_float(row["value"])
        if printed is not None and value is not None and printed != value:
            result.report(
                "figure-error",
                "figures",
                row.line,
                "value",
                "value",
                value=value,
                exact=row["exact"],
                printed=printed,
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
            result.report(
                "arithmetic",
                "checks",
                ck.line,
                "operand_ids",
                "unknown-operands",
                ids=", ".join(unknown),
            )
            continue
        values = [to_float(figures[o]["value"]) for o in operands]
        if None in values:
            continue
        if ck["kind"] == "sum":
            if ck["result_id"] not in figures:
                result.report(
                    "arithmetic",
                    "checks",
                    ck.line,
                    "result_id",
                    "unknown-figure",
                    id=ck["result_id"],
                )
                continue
            total = to_float(figures[ck["result_id"]]["value"])
            if total is not None and sum(values) != total:
                parts = " + ".join(f"{v:g}" for v in values)
                result.report(
                    "arithmetic",
                    "checks",
                    ck.line,
                    "result_id",
                    "sum",
                    parts=parts,
                    total=sum(values),
                    id=ck["result_id"],
                    value=total,
                )
        elif ck["kind"] == "duration":
            ev = events.get(ck["result_id"])
            if ev is None:
                result.report(
                    "arithmetic",
                    "checks",
                    ck.line,
                    "result_id",
                    "unknown-event",
                    id=ck["result_id"],
                )
                continue
            start, end = to_date(ev["date_start"]), to_date(ev["date_end"])
            days = 0
            for o, v in zip(operands, values, strict=True):
                unit = figures[o]["unit"]
                if unit not in UNIT_DAYS:
                    result.report(
                        "arithmetic",
                        "checks",
                        ck.line,
                        "operand_ids",
                        "not-duration",
                        id=o,
                        unit=unit,
                    )
                    break
                days += v * UNIT_DAYS[unit]
            else:
                if start and end and (end - start).days + 1 != days:
                    result.report(
                        "arithmetic",
                        "checks",
                        ck.line,
                        "result_id",
                        "duration",
                        id=ck["result_id"],
                        days=(end - start).days + 1,
                        start=start,
                        end=end,
                        made=days,
                    )

"""Deduction: max − step × count, not below `floor`."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.base import round_points
from ..models.result import Finding, Message
from ..models.ruleset import DeductionMethod, Item
from .base import Method, StaticChecks, first, message, names
from .rows import CLAMP, Cond, Row, row


def count_of(x: Any, q: Any) -> int:
    return min(CLAMP, max(0, int(x.quantity(q) or 0)))


class Deduction(Method):
    kind = "deduction"

    def fields(self, m: DeductionMethod) -> tuple[str, ...]:
        return tuple(dict.fromkeys(names(m.count)))

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: DeductionMethod = item.method  # type: ignore[assignment]
        checks.need_quantity(m.count, ("count",), "count")
        checks.within_max(m.floor, ("floor",))

    def rows(self, item: Item) -> list[Row]:
        m: DeductionMethod = item.method  # type: ignore[assignment]
        mx = item.max_points
        k = max(1, math.ceil((mx - m.floor) / m.step))
        out = [row(item.id, "none", [Cond("n", "eq", 0)], "points", mx, render("row_no_case", points=mx))]
        if k > 1:
            out.append(row(item.id, "each", [Cond("n", "ge", 1), Cond("n", "lt", k)], "formula", None,
                           render("row_each_case", step=m.step)))
        out.append(row(item.id, "floor", [Cond("n", "ge", k)], "points", m.floor,
                       render("row_from_cases", count=k, points=m.floor)))
        return out

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {"n": count_of(x, item.method.count)}

    def formula(self, item: Item, row: Row, x: Any) -> Decimal:
        m: DeductionMethod = item.method  # type: ignore[assignment]
        return round_points(max(m.floor, item.max_points - m.step * count_of(x, m.count)))

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        n = count_of(x, item.method.count)
        return message("measure_count", count=n), Decimal(n)

    def calculation(self, item: Item, row: Row, x: Any, points: Decimal, year: int) -> Message | None:
        if row.outcome != "formula":
            return None
        m: DeductionMethod = item.method  # type: ignore[assignment]
        return message("calc_deduction", max=item.max_points, step=m.step, count=count_of(x, m.count), points=points)

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: DeductionMethod = item.method  # type: ignore[assignment]
        name = first(m.count)
        f = item.field(name)
        return [finding("points_lost", "points_lost_deduction", "info", item=item.id, field=name, cell=x.cell(name),
                        points_lost=lost, count=count_of(x, m.count), unit=(f.unit if f and f.unit else "trường hợp"),
                        label=x.label(name), deducted=lost, points=points, max=item.max_points,
                        recovery=message("recover_deduction", step=m.step, max=item.max_points))]

    def describe(self, item: Item) -> str:
        return render("method_deduction")

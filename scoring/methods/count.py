"""Count: each occurrence earns `each`, at most `cap` (default: the item's maximum).

As a penalty (in the rule set's adjustments) the same count is deducted from the total.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.base import round_points
from ..models.result import Finding, Message
from ..models.ruleset import CountMethod, Item
from .base import Method, StaticChecks, first, message, names
from .deduction import count_of
from .rows import Cond, Row, row


class Count(Method):
    kind = "count"

    def fields(self, m: CountMethod) -> tuple[str, ...]:
        return tuple(dict.fromkeys(names(m.count)))

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: CountMethod = item.method  # type: ignore[assignment]
        checks.need_quantity(m.count, ("count",), "count")
        checks.within_max(m.cap, ("cap",))
        checks.within_max(m.each, ("each",))

    def rows(self, item: Item) -> list[Row]:
        m: CountMethod = item.method  # type: ignore[assignment]
        cap = m.cap if m.cap is not None else item.max_points
        k = max(1, math.ceil(cap / m.each))
        out = [row(item.id, "zero", [Cond("n", "eq", 0)], "points", Decimal(0), render("row_none_counted"))]
        if k > 1:
            out.append(row(item.id, "each", [Cond("n", "ge", 1), Cond("n", "lt", k)], "formula", None,
                           render("row_each_counted", each=m.each)))
        out.append(row(item.id, "cap", [Cond("n", "ge", k)], "points", cap, render("row_cap", count=k, points=cap)))
        return out

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {"n": count_of(x, item.method.count)}

    def formula(self, item: Item, row: Row, x: Any) -> Decimal:
        m: CountMethod = item.method  # type: ignore[assignment]
        cap = m.cap if m.cap is not None else item.max_points
        return round_points(min(cap, m.each * count_of(x, m.count)))

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        n = count_of(x, item.method.count)
        return message("measure_count", count=n), Decimal(n)

    def calculation(self, item: Item, row: Row, x: Any, points: Decimal, year: int) -> Message | None:
        if row.outcome != "formula":
            return None
        m: CountMethod = item.method  # type: ignore[assignment]
        return message("calc_count", each=m.each, count=count_of(x, m.count), points=points)

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: CountMethod = item.method  # type: ignore[assignment]
        name = first(m.count)
        f = item.field(name)
        n = count_of(x, m.count)
        cap = m.cap if m.cap is not None else item.max_points
        need = max(0, math.ceil(cap / m.each) - n)
        return [finding("points_lost", "points_lost_count", "info", item=item.id, field=name, cell=x.cell(name),
                        points_lost=lost, count=n, label=x.label(name), points=points, max=item.max_points,
                        recovery=message("recover_count", unit=(f.unit if f and f.unit else "lần"), each=m.each,
                                         need=need, max=cap))]

    def describe(self, item: Item) -> str:
        return render("method_penalty" if item.effect == "penalty" else "method_count")

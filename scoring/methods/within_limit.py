"""Within limit: value ≤ limit → `within` (default: the item's maximum), else `over`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import Item, WithinLimitMethod
from .base import Method, StaticChecks, message
from .rows import Cond, Row, row


class WithinLimit(Method):
    kind = "within_limit"

    def fields(self, m: WithinLimitMethod) -> tuple[str, ...]:
        return tuple(dict.fromkeys((m.value, m.limit)))

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: WithinLimitMethod = item.method  # type: ignore[assignment]
        checks.need(m.value, "limit", ("value",))
        checks.need(m.limit, "limit", ("limit",))
        checks.within_max(m.within, ("within",))
        checks.within_max(m.over, ("over",))

    def rows(self, item: Item) -> list[Row]:
        m: WithinLimitMethod = item.method  # type: ignore[assignment]
        within = m.within if m.within is not None else item.max_points
        return [
            row(item.id, "within", [Cond("over", "le", 0)], "points", within, render("row_within", points=within)),
            row(item.id, "over", [Cond("over", "gt", 0)], "points", m.over, render("row_over", points=m.over)),
        ]

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        m: WithinLimitMethod = item.method  # type: ignore[assignment]
        diff = Decimal(x.values[m.value]) - Decimal(x.values[m.limit])
        return {"over": (diff > 0) - (diff < 0)}  # the sign: exact whatever the magnitudes

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        m: WithinLimitMethod = item.method  # type: ignore[assignment]
        return message("measure_fraction", num=x.values[m.value], den=x.values[m.limit]), None

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: WithinLimitMethod = item.method  # type: ignore[assignment]
        over = Decimal(x.values[m.value]) - Decimal(x.values[m.limit])
        return [finding("points_lost", "points_lost_limit", "info", item=item.id, field=m.value, cell=x.cell(m.value),
                        points_lost=lost, value_label=x.label(m.value), value=x.values[m.value],
                        limit_label=x.label(m.limit), limit=x.values[m.limit], points=points, max=item.max_points,
                        recovery=message("recover_limit", over=over, limit_label=x.label(m.limit)))]

    def describe(self, item: Item) -> str:
        return render("method_within_limit")

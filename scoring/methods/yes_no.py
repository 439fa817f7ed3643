"""Yes/no: «Có» → `yes` (default: the item's maximum), «Không» → `no`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import Item, YesNoMethod
from .base import Method, StaticChecks, message
from .rows import Cond, Row, row


class YesNo(Method):
    kind = "yes_no"

    def fields(self, m: YesNoMethod) -> tuple[str, ...]:
        return (m.field,)

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: YesNoMethod = item.method  # type: ignore[assignment]
        checks.need(m.field, "yes_no", ("field",))
        checks.within_max(m.yes, ("yes",))
        checks.within_max(m.no, ("no",))

    def rows(self, item: Item) -> list[Row]:
        m: YesNoMethod = item.method  # type: ignore[assignment]
        yes = m.yes if m.yes is not None else item.max_points
        return [
            row(item.id, "yes", [Cond("v", "eq", 1)], "points", yes, render("row_yes", points=yes)),
            row(item.id, "no", [Cond("v", "eq", 0)], "points", m.no, render("row_no", points=m.no)),
        ]

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {"v": 1 if x.values[item.method.field] else 0}

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        return message("measure_yes_no", value=bool(x.values[item.method.field])), None

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: YesNoMethod = item.method  # type: ignore[assignment]
        label = x.label(m.field)
        return [finding("points_lost", "points_lost_no", "info", item=item.id, field=m.field, cell=x.cell(m.field),
                        points_lost=lost, label=label, points=points, max=item.max_points,
                        recovery=message("recover_yes", label=label, max=item.max_points))]

    def describe(self, item: Item) -> str:
        return render("method_yes_no")

"""Checklist: count the «Có» answers among several yes/no fields, then bands on that count."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import ChecklistMethod, Item
from .base import Method, StaticChecks, message
from .rows import Row, band_rows


class Checklist(Method):
    kind = "checklist"

    def fields(self, m: ChecklistMethod) -> tuple[str, ...]:
        return tuple(m.fields)

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: ChecklistMethod = item.method  # type: ignore[assignment]
        for fi, name in enumerate(m.fields):
            checks.need(name, "yes_no", ("fields", fi))
        checks.bands(m.bands, m.otherwise, percent=False, ceiling=Decimal(len(m.fields)))
        checks.within_max(m.otherwise, ("otherwise",))

    def rows(self, item: Item) -> list[Row]:
        m: ChecklistMethod = item.method  # type: ignore[assignment]
        return band_rows(item.id, m.bands, m.otherwise, percent=False)

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {"n": sum(1 for name in item.method.fields if x.values[name])}

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        n = sum(1 for name in item.method.fields if x.values[name])
        return message("measure_checklist", done=n, total=len(item.method.fields)), Decimal(n)

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: ChecklistMethod = item.method  # type: ignore[assignment]
        not_done = [n for n in m.fields if not x.values[n]]
        return [finding("points_lost", "points_lost_checklist", "info", item=item.id, field=not_done[0],
                        cell=x.cell(not_done[0]), points_lost=lost, done=len(m.fields) - len(not_done),
                        total=len(m.fields), points=points, max=item.max_points,
                        recovery=message("recover_checklist", missing=[x.label(n) for n in not_done]))]

    def describe(self, item: Item) -> str:
        return render("method_checklist")

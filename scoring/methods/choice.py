"""Choice: a graded answer; each option of the field earns its points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import ChoiceMethod, Item
from .base import Method, StaticChecks, message
from .rows import Cond, Row, row


def _labels(item: Item) -> dict[str, str]:
    f = item.field(item.method.field)
    return {o.value: o.label for o in (f.options or [])} if f else {}


class Choice(Method):
    kind = "choice"

    def fields(self, m: ChoiceMethod) -> tuple[str, ...]:
        return (m.field,)

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: ChoiceMethod = item.method  # type: ignore[assignment]
        checks.need(m.field, "choice", ("field",))
        f = item.field(m.field)
        if f is not None and f.options:
            options = {o.value for o in f.options}
            missing, extra = options - set(m.points), set(m.points) - options
            if missing or extra:
                checks.add("choice_points_mismatch", ("points",), missing=", ".join(sorted(missing)) or "—",
                           extra=", ".join(sorted(extra)) or "—")
        for key, value in m.points.items():
            checks.within_max(value, ("points", key))

    def rows(self, item: Item) -> list[Row]:
        m: ChoiceMethod = item.method  # type: ignore[assignment]
        labels = _labels(item)
        return [row(item.id, f"opt_{code}", [Cond("opt", "eq", code)], "points", points,
                    render("row_choice", option=labels.get(code, code), points=points))
                for code, points in m.points.items()]

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {"opt": x.values[item.method.field]}

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        code = x.values[item.method.field]
        return message("measure_choice", option=_labels(item).get(code, code)), None

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: ChoiceMethod = item.method  # type: ignore[assignment]
        labels = _labels(item)
        best = max(m.points, key=lambda k: m.points[k])
        code = x.values[m.field]
        return [finding("points_lost", "points_lost_choice", "info", item=item.id, field=m.field, cell=x.cell(m.field),
                        points_lost=lost, option=labels.get(code, code), points=points, max=item.max_points,
                        recovery=message("recover_choice", best=labels.get(best, best), max=m.points[best]))]

    def describe(self, item: Item) -> str:
        return render("method_choice")

"""Survey: max × rate ÷ 100, from the office's survey results; never self-scored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..messages import render
from ..models.base import round_points, to_fraction
from ..models.result import Message
from ..models.ruleset import Item, SurveyMethod
from .base import Method, StaticChecks, message
from .rows import Row, row


class Survey(Method):
    kind = "survey"

    def fields(self, m: SurveyMethod) -> tuple[str, ...]:
        return (m.rate,)

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: SurveyMethod = item.method  # type: ignore[assignment]
        checks.need(m.rate, "rate", ("rate",))
        f = item.field(m.rate)
        if f is not None and f.required:
            checks.add("survey_field_required", ("rate",), name=m.rate)

    def rows(self, item: Item) -> list[Row]:
        return [row(item.id, "rate", [], "formula", None, render("row_survey", max=item.max_points))]

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        return {}

    def formula(self, item: Item, row: Row, x: Any) -> Decimal:
        rate = x.values[item.method.rate]
        return round_points(to_fraction(item.max_points) * to_fraction(rate) / 100)

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        rate = Decimal(x.values[item.method.rate])
        return message("measure_rate", rate=rate), rate

    def calculation(self, item: Item, row: Row, x: Any, points: Decimal, year: int) -> Message | None:
        return message("calc_survey", max=item.max_points, rate=Decimal(x.values[item.method.rate]), points=points)

    def describe(self, item: Item) -> str:
        return render("method_survey")

"""Proportional: max × min(1, ratio ÷ target), with the same guards as a ratio."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.base import round_points, to_fraction
from ..models.result import Finding, Message
from ..models.ruleset import Item, ProportionalMethod
from .base import StaticChecks, first, message
from .ratio import RatioLike, percent, quantity_words, ratio_recovery, round_percent
from .rows import Cond, Row, row, scaled

THRESHOLD_DECIMALS = 4


class Proportional(RatioLike):
    kind = "proportional"

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        self.static_quantities(item, checks)
        if m.target.as_tuple().exponent < -THRESHOLD_DECIMALS:  # type: ignore[operator]
            checks.add("threshold_precision", ("target",), value=m.target, digits=THRESHOLD_DECIMALS)

    def rows(self, item: Item) -> list[Row]:
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        guards, guard = self.guard_rows(item)
        t = scaled(m.target)
        return guards + [
            row(item.id, "reached", [*guard, Cond("lo", "ge", t)], "points", item.max_points,
                render("row_target_reached", target=m.target, points=item.max_points)),
            row(item.id, "below", [*guard, Cond("lo", "lt", t)], "formula", None,
                render("row_target_below", target=m.target, max=item.max_points)),
        ]

    def formula(self, item: Item, row: Row, x: Any) -> Decimal:
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        return round_points(to_fraction(item.max_points) * min(Fraction(1), percent(x) / to_fraction(m.target)))

    def calculation(self, item: Item, row: Row, x: Any, points: Decimal, year: int) -> Message | None:
        if row.outcome != "formula":
            return None
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        return message("calc_proportional", max=item.max_points, percent=round_percent(x), target=m.target,
                       points=points)

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        if row.problem:
            return self.problem(item, row, x, lost)
        if row.key == "zero":
            return self.zero_lost(item, row, x, points, lost)
        measure, _ = self.measure(item, x, year)
        return [finding("target_missed", "target_missed_proportional", "info", item=item.id, field=first(m.numerator),
                        cell=x.cell(first(m.numerator)), points_lost=lost,
                        recovery=ratio_recovery(x, m.numerator, m.denominator, m.target, False, item.max_points),
                        **measure.params, target=m.target, points=points, max=item.max_points)]

    def describe(self, item: Item) -> str:
        m: ProportionalMethod = item.method  # type: ignore[assignment]
        return render("method_proportional", num=quantity_words(item, m.numerator),
                      den=quantity_words(item, m.denominator), target=m.target)

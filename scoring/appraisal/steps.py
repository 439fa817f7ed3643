"""The points an appraisal team may give an item: those its decision rows can give.

From the item's own rows (`scoring.methods`, the table durable_rules evaluates): the constant
points of every row (a band, «Có», on time, late, the cap), 0 (blank inputs score 0), and,
when a row computes its points (proportional, count, deduction, survey), every step of 0,01
from 0 to the maximum. «Không áp dụng» is a value only where the rows can give it: the unit
may declare it, the item follows another, or a zero denominator makes it not applicable.
The workbook's data validation and the import check the same set.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..methods import method_of
from ..models.ruleset import Item

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Steps:
    item: str
    max_points: Decimal
    values: tuple[Decimal, ...]     # the constant points, ascending, 0 included
    cents: bool                     # any 0,01 step from 0 to the maximum
    not_applicable: bool            # «Không áp dụng» allowed

    def allows(self, points: Decimal) -> bool:
        if points < 0 or points > self.max_points:
            return False
        if self.cents:
            return points == points.quantize(CENT)
        return points in self.values


def steps_of(item: Item) -> Steps:
    rows = method_of(item.method.kind).rows(item)
    values = {ZERO}
    cents = False
    na = item.not_applicable.declarable or bool(item.not_applicable.follows)
    for r in rows:
        if r.outcome == "points" and r.points is not None:
            values.add(r.points)
        elif r.outcome == "formula":
            cents = True
        elif r.outcome == "not_applicable":
            na = True
    values = {v for v in values if v <= item.max_points}
    return Steps(item.id, item.max_points, tuple(sorted(values)), cents, na)

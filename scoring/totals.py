"""Subtotals, total, index and classification from item results.

Total = self + survey + bonus − penalty, kept within 0 and the rule set's total (100).
Index = total ÷ maximum of the items counted × 100, capped at 100, rounded 2 dp
half up. Items counted: applicable self-assessed items, and survey items that have
results. While any applicable survey item lacks results the index is provisional
(tạm tính): with no survey data at all this is the Hà Nội rule, (self + bonus −
penalty) ÷ applicable self maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models.base import round_points
from .models.result import GroupResult, ItemResult
from .models.ruleset import RuleSet
from .ruleset import iter_components

HUNDRED = Decimal(100)


def counted(r: ItemResult) -> bool:
    """Whether an item's max enters the index denominator."""
    if r.effect != "score" or r.status == "not_applicable":
        return False
    return not (r.scored_by == "survey" and r.status == "missing_data")


def index_of(points: Decimal, maximum: Decimal) -> Decimal | None:
    if maximum <= 0:
        return None
    return min(HUNDRED, round_points(points / maximum * HUNDRED))


def _group(gid: str, title: str, results: list[ItemResult]) -> GroupResult:
    pts = maximum = applicable = self_pts = survey_pts = Decimal(0)
    for r in results:
        pts += r.points
        maximum += r.max_points
        if counted(r):
            applicable += r.max_points
        if r.scored_by == "self":
            self_pts += r.points
        else:
            survey_pts += r.points
    return GroupResult.trusted(id=gid, title=title, points=pts, max_points=maximum, applicable_max=applicable,
                               index=index_of(pts, applicable), self_points=self_pts, survey_points=survey_pts)


@dataclass(frozen=True)
class Totals:
    criteria: list[GroupResult]
    components: list[GroupResult]
    self_points: Decimal
    self_max: Decimal
    survey_points: Decimal
    survey_max: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    max_points: Decimal
    index: Decimal
    provisional: bool
    classification: str


def compute(rs: RuleSet, results: dict[str, ItemResult]) -> Totals:
    criteria, components = [], []
    for comp, crits in iter_components(rs):
        comp_results = []
        for cid, title, items in crits:
            rows = [results[i.id] for i in items]
            criteria.append(_group(cid, title, rows))
            comp_results.extend(rows)
        components.append(_group(comp.id, comp.title, comp_results))

    scored = [r for r in results.values() if r.effect == "score"]
    self_rows = [r for r in scored if r.scored_by == "self"]
    survey_rows = [r for r in scored if r.scored_by == "survey"]
    self_points = sum((r.points for r in self_rows), Decimal(0))
    self_max = sum((r.max_points for r in self_rows if counted(r)), Decimal(0))
    survey_points = sum((r.points for r in survey_rows if counted(r)), Decimal(0))
    survey_max = sum((r.max_points for r in survey_rows if counted(r)), Decimal(0))
    bonus = sum((r.points for r in results.values() if r.effect == "bonus"), Decimal(0))
    penalty = sum((r.points for r in results.values() if r.effect == "penalty"), Decimal(0))
    total = min(rs.totals.total, max(Decimal(0), self_points + survey_points + bonus - penalty))
    max_points = self_max + survey_max
    index = index_of(total, max_points) or Decimal(0)
    provisional = any(r.status == "missing_data" for r in survey_rows)
    classification = next(b.label for b in rs.classification if index >= b.at_least)
    return Totals(criteria, components, self_points, self_max, survey_points, survey_max, bonus, penalty,
                  round_points(total), max_points, index, provisional, classification)

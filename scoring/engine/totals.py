"""Subtotals, total and index from item results (the classification is a rule on the index).

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

from ..models.base import round_points
from ..models.result import GroupResult, ItemResult
from ..models.ruleset import Criterion, RuleSet

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Layout:
    """Fields → criteria → item positions, worked out once per rule set."""

    components: tuple[tuple[str, str, tuple[tuple[str, str, tuple[int, ...]], ...]], ...]
    total_cap: Decimal

    @classmethod
    def of(cls, rs: RuleSet, order: dict[str, int]) -> Layout:
        comps = []
        for comp in rs.components:
            crits = []
            for crit in comp.criteria:
                members = crit.items if isinstance(crit, Criterion) else [crit]
                crits.append((crit.id, crit.title, tuple(order[i.id] for i in members)))
            comps.append((comp.id, comp.title, tuple(crits)))
        return cls(tuple(comps), rs.totals.total)


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
    pts = maximum = applicable = self_pts = survey_pts = ZERO
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


def compute(layout: Layout, results: list[ItemResult]) -> Totals:
    criteria, components = [], []
    for comp_id, comp_title, crits in layout.components:
        members: list[ItemResult] = []
        for crit_id, crit_title, positions in crits:
            rows = [results[p] for p in positions]
            criteria.append(_group(crit_id, crit_title, rows))
            members.extend(rows)
        components.append(_group(comp_id, comp_title, members))

    self_points = self_max = survey_points = survey_max = bonus = penalty = ZERO
    provisional = False
    for r in results:
        if r.effect == "bonus":
            bonus += r.points
        elif r.effect == "penalty":
            penalty += r.points
        elif r.scored_by == "self":
            self_points += r.points
            if counted(r):
                self_max += r.max_points
        else:
            provisional = provisional or r.status == "missing_data"
            if counted(r):
                survey_points += r.points
                survey_max += r.max_points
    total = min(layout.total_cap, max(ZERO, self_points + survey_points + bonus - penalty))
    max_points = self_max + survey_max
    return Totals(criteria, components, self_points, self_max, survey_points, survey_max, bonus, penalty,
                  round_points(total), max_points, index_of(total, max_points) or ZERO, provisional)

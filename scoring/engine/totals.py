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

from ..models.result import GroupResult
from ..models.ruleset import Criterion, RuleSet

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Layout:
    """Fields → criteria → item positions, and each item's maximum (cents), effect and kind,
    worked out once per rule set."""

    components: tuple[tuple[str, str, tuple[tuple[str, str, tuple[int, ...]], ...]], ...]
    items: tuple[tuple[int, str, bool], ...]   # (max in cents, effect, scored by survey)
    total_cap: Decimal

    @classmethod
    def of(cls, rs: RuleSet) -> Layout:
        items = rs.items()
        order = {item.id: n for n, item in enumerate(items)}
        comps = []
        for comp in rs.components:
            crits = []
            for crit in comp.criteria:
                members = crit.items if isinstance(crit, Criterion) else [crit]
                crits.append((crit.id, crit.title, tuple(order[i.id] for i in members)))
            comps.append((comp.id, comp.title, tuple(crits)))
        return cls(tuple(comps), tuple((_cents(i.max_points), i.effect, i.is_survey) for i in items), rs.totals.total)


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


def _cents(value: Decimal) -> int:
    """Points have at most 2 decimals (the rule set and the rounding guarantee it)."""
    return int(value * 100)


_DECIMALS: dict[int, Decimal] = {}


def _points(cents: int) -> Decimal:
    """Cents as exact points; the same few hundred values recur for every unit, so they are kept."""
    found = _DECIMALS.get(cents)
    if found is None:
        found = Decimal(cents).scaleb(-2)
        if len(_DECIMALS) < 100_000:
            _DECIMALS[cents] = found
    return found


def _index(cents: int, max_cents: int) -> Decimal | None:
    """cents ÷ max × 100, rounded to 2 decimals half up, at most 100 — in integers, exactly."""
    if max_cents <= 0:
        return None
    hundredths = (2 * cents * 10_000 + max_cents) // (2 * max_cents)
    return min(HUNDRED, Decimal(hundredths).scaleb(-2))


def compute(layout: Layout, points: list[Decimal], statuses: list[str], *, criteria: bool = True) -> Totals:
    """Totals of the items' points and statuses, in the rule set's item order; the criteria's
    subtotals only when asked (points-only scoring needs the fields and the total)."""
    # one pass over the items in integer cents: (points, max, applicable max, self, survey)
    rows = []
    for pts_d, status, (mx, effect, survey) in zip(points, statuses, layout.items, strict=True):
        pts = _cents(pts_d)
        # an item's max enters the index denominator when it is applicable, and for a survey item, has results
        counted = effect == "score" and status != "not_applicable" and not (survey and status == "missing_data")
        rows.append((pts, mx, mx if counted else 0, 0 if survey else pts, pts if survey else 0))

    def group(gid: str, title: str, positions: tuple[int, ...]) -> GroupResult:
        sums = [0, 0, 0, 0, 0]
        for p in positions:
            row = rows[p]
            for k in range(5):
                sums[k] += row[k]
        return GroupResult.trusted(id=gid, title=title, points=_points(sums[0]), max_points=_points(sums[1]),
                                   applicable_max=_points(sums[2]), index=_index(sums[0], sums[2]),
                                   self_points=_points(sums[3]), survey_points=_points(sums[4]))

    criteria_groups, components = [], []
    for comp_id, comp_title, crits in layout.components:
        positions: tuple[int, ...] = ()
        for crit_id, crit_title, members in crits:
            if criteria:
                criteria_groups.append(group(crit_id, crit_title, members))
            positions += members
        components.append(group(comp_id, comp_title, positions))

    self_points = self_max = survey_points = survey_max = bonus = penalty = 0
    provisional = False
    for status, (pts, _mx, applicable, _s, _v), (_m, effect, survey) in zip(statuses, rows, layout.items, strict=True):
        if effect == "bonus":
            bonus += pts
        elif effect == "penalty":
            penalty += pts
        elif not survey:
            self_points += pts
            self_max += applicable
        else:
            provisional = provisional or status == "missing_data"
            survey_points += pts if applicable else 0
            survey_max += applicable
    total = min(_cents(layout.total_cap), max(0, self_points + survey_points + bonus - penalty))
    max_points = self_max + survey_max
    return Totals(criteria_groups, components, _points(self_points), _points(self_max), _points(survey_points),
                  _points(survey_max), _points(bonus), _points(penalty), _points(total), _points(max_points),
                  _index(total, max_points) or ZERO, provisional)

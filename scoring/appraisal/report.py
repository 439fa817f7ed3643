"""The appraisal as report data: per unit its totals self-assessed (with the survey results),
after round 1, after round 2 and final, with index, class and rank, and per field the points
self-assessed and final; and every adjusted item with its reason. The consolidated workbook
(`scoring consolidate --db`) adds these as columns and sheets; nothing here lays anything out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..values import fold
from .cycle import Cycle


@dataclass(frozen=True)
class FieldRounds:
    id: str
    title: str
    max_points: Decimal
    self_points: Decimal
    final_points: Decimal

    @property
    def difference(self) -> Decimal:
        return self.final_points - self.self_points


@dataclass(frozen=True)
class UnitRounds:
    unit: str
    self_total: Decimal
    self_index: Decimal
    survey_points: Decimal
    survey_max: Decimal
    round1_total: Decimal | None          # None: no round-1 workbook imported for the unit
    round2_total: Decimal | None
    final_total: Decimal
    final_max: Decimal
    final_index: Decimal
    final_class: str
    final_rank: int
    provisional: bool
    adjusted: int
    fields: list[FieldRounds] = field(default_factory=list)
    bonus: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))      # (self-assessed, final)
    penalty: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))

    @property
    def difference(self) -> Decimal:
        return self.final_total - self.self_total


@dataclass(frozen=True)
class Adjustment:
    unit: str
    item: str
    title: str
    component: str | None
    max_points: Decimal
    self_points: Decimal | None           # None: «không áp dụng»
    round1: Decimal | None
    round1_given: bool
    round2: Decimal | None
    round2_given: bool
    final: Decimal | None
    reason: str | None
    request: str | None
    answer: str | None


@dataclass(frozen=True)
class AppraisalReport:
    code: str
    year: int
    rounds: dict[int, bool]               # round → locked
    units: list[UnitRounds]               # by final rank, then name
    adjustments: list[Adjustment]         # by unit (final rank), then item order

    def unit(self, name: str) -> UnitRounds | None:
        """A unit by its name as any file writes it (case, diacritics and spacing ignored)."""
        key = fold(name)
        return next((u for u in self.units if fold(u.unit) == key), None)


def appraisal_report(cycle: Cycle) -> AppraisalReport:
    through = 2 if cycle.round(2) is not None else 1
    units: list[UnitRounds] = []
    adjustments: list[Adjustment] = []
    for rank, f in cycle.finals(through=through):
        r = f.result
        after1 = cycle.final(f.unit_id, through=1) if f.round1 is not None else None
        t = f.score.totals
        self_fields = {g.id: g for g in r.components}
        fields = [FieldRounds(g.id, g.title, g.max_points, self_fields[g.id].points, g.points) for g in t.components]
        units.append(UnitRounds(
            f.unit_name, r.total, r.index, r.survey_points, r.survey_max,
            after1.score.totals.total if after1 is not None else None,
            t.total if f.round2 is not None else None,
            t.total, t.max_points, t.index, f.score.classification, rank, t.provisional, len(f.adjusted), fields,
            (r.bonus, t.bonus), (r.penalty, t.penalty)))
        for i in f.items:
            asked = i.round1 is not None and bool(i.round1.request)
            if not (i.adjusted or asked or i.source != "self" and i.points != i.self_points):
                continue
            e1, e2 = i.round1, i.round2
            answer = i.answer.answer if i.answer is not None else None
            adjustments.append(Adjustment(
                f.unit_name, i.item.id, i.item.title, i.item.component, i.item.max_points, i.self_points,
                _given(e1), _has(e1), _given(e2), _has(e2), i.points, i.reason or (e1.reason if e1 else None),
                e1.request if e1 is not None else None, answer))
    rounds = {n: r.locked for n, r in cycle.rounds.items()}
    return AppraisalReport(cycle.code, cycle.year, rounds, units, adjustments)


def _has(entry: object) -> bool:
    return entry is not None and (getattr(entry, "points", None) is not None or getattr(entry, "not_applicable", False))


def _given(entry: object) -> Decimal | None:
    if not _has(entry):
        return None
    return None if getattr(entry, "not_applicable", False) else getattr(entry, "points", None)

"""Final points: per item the round-2 points if the team gave any, else round 1's, else the
self-assessed points (an unchanged or blank appraisal recognises them); then the totals,
index and classification recomputed through the engine (`scoring.engine.rescore`: the same
arithmetic and the same class rule as a self-assessment).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..engine import Score, rescore
from ..models.result import ItemResult, Result
from ..ruleset import LoadedRuleSet
from ..store.cycle import StoredAnswer, StoredEntry, UnitImport


@dataclass(frozen=True)
class ItemFinal:
    item: ItemResult                  # the self-assessment (with survey results) as scored
    round1: StoredEntry | None
    round2: StoredEntry | None
    answer: StoredAnswer | None
    points: Decimal | None            # final; None: «không áp dụng»
    source: str                       # self | round1 | round2: where the final points come from

    @property
    def self_points(self) -> Decimal | None:
        return None if self.item.status == "not_applicable" else self.item.points

    @property
    def adjusted(self) -> bool:
        """The final points differ from the self-assessed ones (a recognised score is not adjusted)."""
        return self.points != self.self_points

    @property
    def after_round1(self) -> Decimal | None:
        return given(self.round1, self.self_points)

    @property
    def reason(self) -> str | None:
        """The reason written for the adjustment that counts."""
        entry = self.round2 if self.source == "round2" else self.round1 if self.source == "round1" else None
        return entry.reason if entry is not None else None


@dataclass(frozen=True)
class UnitFinal:
    unit_id: int
    submission_id: int
    unit_name: str
    result: Result                    # self-assessment with survey results
    items: list[ItemFinal]
    score: Score                      # totals after the rounds
    round1: UnitImport | None
    round2: UnitImport | None
    answers: UnitImport | None

    @property
    def adjusted(self) -> list[ItemFinal]:
        return [i for i in self.items if i.adjusted]

    @property
    def requests(self) -> list[ItemFinal]:
        return [i for i in self.items if i.round1 is not None and i.round1.request]


def has_points(entry: StoredEntry | None) -> bool:
    return entry is not None and (entry.points is not None or entry.not_applicable)


def given(entry: StoredEntry | None, otherwise: Decimal | None) -> Decimal | None:
    """The points an entry gives (None: «không áp dụng»), or `otherwise` when it gives none."""
    if not has_points(entry):
        return otherwise
    assert entry is not None
    return None if entry.not_applicable else entry.points


def unit_final(loaded: LoadedRuleSet, unit_id: int, submission_id: int, result: Result, r1: UnitImport | None,
               r2: UnitImport | None, answers: UnitImport | None) -> UnitFinal:
    items = []
    overrides: dict[str, Decimal | None] = {}
    for it in result.items:
        e1 = r1.entries.get(it.id) if r1 else None
        e2 = r2.entries.get(it.id) if r2 else None
        answer = answers.answers.get(it.id) if answers else None
        if has_points(e2):
            source, points = "round2", given(e2, None)
        elif has_points(e1):
            source, points = "round1", given(e1, None)
        else:
            source = "self"
            points = None if it.status == "not_applicable" else it.points
        if source != "self":
            overrides[it.id] = points
        items.append(ItemFinal(it, e1, e2, answer, points, source))
    return UnitFinal(unit_id, submission_id, result.unit, result, items, rescore(loaded, result, overrides), r1, r2, answers)


def rank(indices: list[Decimal]) -> list[int]:
    """Ranks as offices give them: the highest index first, equal indices share a rank (1, 2, 2, 4)."""
    ordered = sorted(indices, reverse=True)
    first = {}
    for n, value in enumerate(ordered, start=1):
        first.setdefault(value, n)
    return [first[v] for v in indices]

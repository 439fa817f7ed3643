"""What an evaluation returns: points, subtotals, findings and the replayable trace."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import Model, Num, Points
from .evidence import CellRef, Evidence

Status = Literal["achieved", "not_achieved", "not_applicable", "missing_data"]
Severity = Literal["error", "warning", "info"]
FindingKind = Literal[
    "missing_data",
    "missing_documents",
    "invalid_value",
    "inconsistent",
    "target_missed",
    "deadline_missed",
    "points_lost",
    "note",
]


class Finding(Model):
    kind: FindingKind
    code: str = Field(description="Specific message code (messages.CATALOGUE).")
    severity: Severity
    item: str | None = None
    field: str | None = None
    cell: CellRef | None = None
    message: str = Field(description="Vietnamese text.")
    points_lost: Points | None = Field(None, description="Points this gap costs.")
    recovery: str | None = Field(None, description="What would earn the lost points back (Vietnamese).")


class TraceInput(Model):
    field: str
    label: str
    raw: Any = None
    value: str | None = Field(None, description="The value as read, for display.")
    cell: CellRef | None = None
    source: str | None = None


class TraceStep(Model):
    item: str
    state: str = Field(description="measured / missing / not_applicable / zero_denominator.")
    rule: str = Field(description='The decision row that fired, e.g. "1.6/ge100".')
    rule_text: str = Field(description="The row as written, in Vietnamese.")
    matched: list[str] = Field(description="Every row whose conditions held (exactly one).")
    inputs: list[TraceInput] = []
    measure: str | None = Field(None, description='E.g. "166 / 169 = 98,22%".')
    measure_value: Num | None = None
    points: Points
    calculation: str | None = Field(None, description="How the points were computed when not a constant.")


class Trace(Model):
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    evidence_hash: str
    engine: str
    steps: list[TraceStep]


class ItemResult(Model):
    id: str
    title: str
    component: str
    criterion: str
    effect: Literal["score", "bonus", "penalty"] = "score"
    scored_by: Literal["self", "survey"]
    max_points: Points
    points: Points
    status: Status
    measure: str | None = None
    measure_value: Num | None = None
    band: str | None = Field(None, description="Id of the decision row that fired.")
    band_text: str | None = None
    cell: CellRef | None = None


class GroupResult(Model):
    id: str
    title: str
    points: Points
    max_points: Points
    applicable_max: Points = Field(description="Maximum over applicable items with data or self-scored.")
    index: Num | None = Field(None, description="points ÷ applicable_max × 100.")
    self_points: Points
    survey_points: Points


class RuleSetRef(Model):
    id: str
    version: str
    year: int
    title: str
    hash: str


class Result(Model):
    unit: str
    year: int
    ruleset: RuleSetRef
    items: list[ItemResult]
    criteria: list[GroupResult]
    components: list[GroupResult]
    self_points: Points
    self_max: Points = Field(description="Maximum of the applicable self-assessed items.")
    survey_points: Points
    survey_max: Points = Field(description="Maximum of the survey items with results.")
    bonus: Points
    penalty: Points
    total: Points = Field(description="self + survey + bonus − penalty, within 0..100.")
    max_points: Points = Field(description="Maximum of the items counted in the index.")
    index: Num = Field(description="total ÷ max_points × 100, capped at 100, 2 decimals.")
    provisional: bool = Field(description="Survey results missing: index over self-assessed items only.")
    classification: str
    findings: list[Finding]
    trace: Trace
    evidence: Evidence

    def item(self, item_id: str) -> ItemResult:
        return next(i for i in self.items if i.id == item_id)

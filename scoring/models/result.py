"""What an evaluation returns: points, subtotals, findings and the replayable trace.

Texts are data here: a finding, a measure or a calculation is a message code with its
parameters (numbers as numbers, dates as dates); `scoring.messages` is the one place
that turns them into Vietnamese. A result read back from JSON renders the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer

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

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _param_in(value: Any) -> Any:
    """JSON back to typed parameters: a fractional number is exact again, an ISO day a date."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_param_in(v) for v in value]
    if isinstance(value, dict):
        return {k: _param_in(v) for k, v in value.items()}
    return value


def _param_out(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_param_out(v) for v in value]
    if isinstance(value, dict):
        return {k: _param_out(v) for k, v in value.items()}
    return value


#: A message parameter: text, a whole or exact number, a date, a yes/no, or a list or mapping of them.
Param = Annotated[Any, BeforeValidator(_param_in), PlainSerializer(_param_out, when_used="json")]
Params = dict[str, Param]


@dataclass(slots=True)
class Message:
    """A text as data: a code of `messages.CATALOGUE` and its parameters.

    A slotted dataclass rather than a model: the engine makes about a hundred per unit (measures,
    calculations, recovery hints) and a dataclass costs a fraction of a model to build; pydantic
    validates, serialises and documents it like a model. Treated as immutable.
    """

    code: str
    params: Params = dataclass_field(default_factory=dict)


class Finding(Model):
    kind: FindingKind
    code: str = Field(description="Message code (messages.CATALOGUE); with `params`, the finding's text.")
    severity: Severity
    params: Params = {}
    item: str | None = None
    field: str | None = None
    cell: CellRef | None = Field(None, description="The workbook cell the finding points at.")
    key: str | None = Field(None, description='The key in a JSON/YAML evidence file, e.g. "items.1.6.values.tasks_on_time".')
    points_lost: Points | None = Field(None, description="Points this gap costs (each lost point belongs to one finding).")
    recovery: Message | None = Field(None, description="What would earn the lost points back.")


@dataclass(slots=True)
class TraceInput:
    """One input of a trace step: its raw value, the value as read, and where it came from.

    A slotted dataclass (about 250 per unit; see Message). `value` is the value as read (number,
    date, yes/no, text), None when blank or unreadable; `read` says how: "absent" is a date or
    document entered as «Không». Treated as immutable.
    """

    field: str
    label: str
    raw: Any = None
    value: Param = None
    read: Literal["value", "blank", "absent", "unreadable", "not_applicable"] = "value"
    cell: CellRef | None = None
    source: str | None = None


class RowInfo(Model):
    """One row of an item's decision table, as the rule set defines it."""

    id: str = Field(description='Stable id, e.g. "1.6/ge90".')
    label: str = Field(description="The row in words, e.g. «Từ 90%: ≥ 90% → 0,5 điểm».")


class TraceStep(Model):
    item: str
    state: str = Field(description="measured / missing / not_applicable: how the inputs were read.")
    rule: str = Field(description='The decision row that fired, e.g. "1.6/ge90".')
    rule_label: str = Field(description="That row in words.")
    matched: list[str] = Field(description="Every row whose conditions held (exactly one).")
    rows: list[RowInfo] = Field([], description="The item's whole decision table, in order.")
    inputs: list[TraceInput] = []
    measure: Message | None = Field(None, description='E.g. "166/169 = 98,22%".')
    measure_value: Num | None = None
    points: Points
    calculation: Message | None = Field(None, description="How the points follow from the measure and the row.")


class CheckStep(Model):
    """A declared consistency check and how it came out for this unit."""

    id: str
    item: str | None = Field(None, description="The item the check belongs to (None: across items).")
    label: str
    outcome: Literal["passed", "failed", "not_evaluated"] = Field(
        description="not_evaluated: a figure it compares is blank, unreadable or not applicable.")
    rule: str | None = Field(None, description="The rule that fired.")
    left: Num | None = None
    right: Num | None = None


class Trace(Model):
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    evidence_hash: str
    engine: str
    steps: list[TraceStep]
    checks: list[CheckStep] = []
    classification_rule: str | None = Field(None, description="The classification band that fired.")


class ItemResult(Model):
    id: str
    title: str
    component: str | None = Field(None, description="The field (lĩnh vực); None for a bonus or penalty item.")
    criterion: str | None = None
    effect: Literal["score", "bonus", "penalty"] = "score"
    scored_by: Literal["self", "survey"]
    max_points: Points
    points: Points
    status: Status
    measure: Message | None = None
    measure_value: Num | None = None
    rule: str | None = Field(None, description="Id of the decision row that fired.")
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

    def step(self, item_id: str) -> TraceStep:
        return next(s for s in self.trace.steps if s.item == item_id)

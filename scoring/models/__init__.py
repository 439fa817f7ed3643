"""Pydantic models: the single source of truth for rule sets, evidence and results."""

from .base import Model, Num, Points, round_points
from .evidence import CellRef, Evidence, EvidenceValue, ItemEvidence, ReadProblem
from .result import (
    Finding,
    GroupResult,
    ItemResult,
    Result,
    RuleSetRef,
    Trace,
    TraceInput,
    TraceStep,
)
from .ruleset import (
    Band,
    Check,
    Component,
    Criterion,
    EvidenceField,
    Item,
    Method,
    RuleSet,
    Sum,
)

__all__ = [
    "Band", "CellRef", "Check", "Component", "Criterion", "Evidence", "EvidenceField",
    "EvidenceValue", "Finding", "ReadProblem", "GroupResult", "Item", "ItemEvidence", "ItemResult", "Method",
    "Model", "Num", "Points", "Result", "RuleSet", "RuleSetRef", "Sum", "Trace", "TraceInput",
    "TraceStep", "round_points",
]

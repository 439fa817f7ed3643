"""Scoring methods, one module per kind, behind one small protocol and a registry.

A kind keeps together everything about itself: the evidence fields it reads, its static
checks, its decision rows, the fact its rows test, formula points, the measure, the
calculation, the finding (with the recovery hint) when points are lost, and its
description in words. Adding a kind is a new module and one line in `KINDS`.
"""

from __future__ import annotations

from .base import Inputs, Method, StaticChecks
from .checklist import Checklist
from .choice import Choice
from .count import Count
from .deadline import Deadline
from .deduction import Deduction
from .proportional import Proportional
from .ratio import Ratio
from .survey import Survey
from .within_limit import WithinLimit
from .yes_no import YesNo

KINDS: dict[str, Method] = {m.kind: m for m in (
    Deadline(), Ratio(), Proportional(), YesNo(), Choice(), Checklist(), Deduction(), Count(), WithinLimit(), Survey(),
)}


def method_of(kind: str) -> Method:
    return KINDS[kind]


__all__ = ["KINDS", "Inputs", "Method", "StaticChecks", "method_of"]

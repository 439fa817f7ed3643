"""Findings as data: a kind, a message code, its parameters and where it points.

Each applicable self-assessed item that scores below its maximum gets exactly one
finding carrying `points_lost` (a data gap, a contradiction, a missed target, a missed
deadline or another lost point), so the points lost add up to max − points.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .models.evidence import CellRef
from .models.result import Finding, Message

_BLOCKING = ("missing_data", "invalid_value", "inconsistent")


def finding(kind: str, code: str, severity: str, *, item: str | None = None, field: str | None = None,
            cell: CellRef | None = None, key: str | None = None, points_lost: Decimal | None = None,
            recovery: Message | None = None, **params: Any) -> Finding:
    # trusted: every argument is built by the engine from values it computed (no re-validation on the hot path)
    return Finding.trusted(kind=kind, code=code, severity=severity, params=params, item=item, field=field, cell=cell,
                           key=key, points_lost=points_lost, recovery=recovery)


def hint(code: str, **params: Any) -> Message:
    return Message(code, params)


def with_points_lost(found: Finding, lost: Decimal) -> Finding:
    return Finding.trusted(**{**found.__dict__, "points_lost": lost})


def attach_lost_points(findings: list[Finding], lost: Decimal) -> list[Finding]:
    """An item that could not be scored: its maximum goes on the first finding that blocks it."""
    for i, f in enumerate(findings):
        if f.kind in _BLOCKING and f.severity != "info":
            return findings[:i] + [with_points_lost(f, lost)] + findings[i + 1:]
    return findings

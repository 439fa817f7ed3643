"""What the task pane shows, built from a Result: plain JSON-able dicts, Vietnamese text.

Nothing is scored here: points, bands, findings and recoveries all come from the
engine's Result (items, trace steps, findings); the item's decision table is listed so
the user sees the band that fired among the others. Numbers are formatted the
Vietnamese way here, so the pane only places text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import vn
from ..engine import describe_item
from ..messages import (
    KIND,
    SEVERITY,
    STATUS,
    calculation_text,
    finding_text,
    input_text,
    recovery_text,
    render,
    text,
)
from ..models.evidence import CellRef
from ..models.result import Finding, ItemResult, Result
from ..workbook.layout import INPUT_SHEET, WorkbookRead

_ORDER = {"error": 0, "warning": 1, "info": 2}


def _points(value: Decimal | None) -> str | None:
    return None if value is None else vn.points(value)


def _place(cell: CellRef | None) -> dict[str, str | None]:
    """A cell as the pane shows it («ô G12», with the sheet only when it is not the input sheet)."""
    if cell is None:
        return {"sheet": None, "cell": None, "where": None}
    where = f"ô {cell.cell}" if cell.sheet == INPUT_SHEET else f"ô {cell.cell}, trang {cell.sheet}"
    return {"sheet": cell.sheet, "cell": cell.cell, "where": where}


def finding_view(f: Finding, items: dict[str, ItemResult]) -> dict[str, Any]:
    item = items.get(f.item) if f.item else None
    # a finding without a cell of its own points at its item's row
    cell = f.cell or (item.cell if item else None)
    return {
        "severity": f.severity,
        "severity_label": SEVERITY[f.severity],
        "kind_label": KIND.get(f.kind, f.kind),
        "item": f.item,
        "item_title": item.title if item else None,
        "message": finding_text(f),
        "recovery": recovery_text(f),
        "points_lost": _points(f.points_lost),
        **_place(cell),
    }


def counts(result: Result) -> dict[str, int]:
    return {s: sum(1 for f in result.findings if f.severity == s) for s in _ORDER}


def score_view(result: Result) -> dict[str, Any]:
    """The headline after "Chấm điểm": total, index, classification, how many findings."""
    c = counts(result)
    return {
        "unit": result.unit,
        "year": result.year,
        "ruleset": f"{result.ruleset.title} (phiên bản {result.ruleset.version})",
        "total": vn.points(result.total),
        "max": vn.points(result.max_points),
        "index": vn.number(result.index, 2),
        "classification": result.classification,
        "provisional": result.provisional,
        "counts": c,
        "headline": render("addin_scored", total=result.total, max=result.max_points, index=vn.number(result.index, 2),
                           classification=result.classification,
                           provisional=render("addin_provisional") if result.provisional else ""),
        "findings_line": _findings_line(c),
    }


def _findings_line(c: dict[str, int]) -> str:
    total = sum(c.values())
    if not total:
        return render("addin_no_findings")
    return render("addin_findings_count", count=total, errors=c["error"], warnings=c["warning"], infos=c["info"])


def findings_view(result: Result) -> dict[str, Any]:
    """Every finding, worst first then in rule-set order (the engine's order)."""
    items = {i.id: i for i in result.items}
    findings = sorted(result.findings, key=lambda f: _ORDER[f.severity])  # stable: keeps item order
    return {**score_view(result), "findings": [finding_view(f, items) for f in findings]}


def explanation_view(result: Result, read: WorkbookRead, item_id: str) -> dict[str, Any]:
    """Why item `item_id` got its points: rule, inputs and cells, band, points, how to gain more."""
    item = result.item(item_id)
    step = result.step(item_id)
    described = describe_item(read.ruleset, item_id)
    items = {i.id: i for i in result.items}
    findings = sorted((f for f in result.findings if f.item == item_id), key=lambda f: _ORDER[f.severity])
    # the decision table as the trace recorded it: the bands, and the row that fired whatever it was
    rows = [{"text": row.label, "matched": row.id == step.rule} for row in step.rows
            if row.id == step.rule or not row.id.endswith(("/na", "/missing")) and "/follows_" not in row.id]
    recovery = [recovery_text(f) for f in findings if f.recovery]
    if not recovery and item.points >= item.max_points and item.effect == "score":
        recovery = [render("addin_recover_none")]
    return {
        "item": item.id,
        "title": item.title,
        "method": described.method,
        "max": vn.points(item.max_points),
        "points": vn.points(item.points),
        "status": STATUS[item.status],
        "status_code": item.status,
        "rule_text": step.rule_label,
        "measure": text(step.measure),
        "calculation": calculation_text(step),
        "rows": rows,
        "inputs": [
            {"label": i.label, "value": input_text(i), "source": i.source, **_place(i.cell)}
            for i in step.inputs
        ],
        "findings": [finding_view(f, items) for f in findings],
        "recovery": recovery,
        "guidance": described.item.guidance,
        "points_cell": _place(item.cell),
    }

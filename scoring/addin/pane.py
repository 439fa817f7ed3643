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
from ..decisions import compile_item
from ..messages import KIND, METHOD, SEVERITY, STATUS, render
from ..models.evidence import CellRef
from ..models.result import Finding, ItemResult, Result
from ..workbook.layout import WorkbookRead

_ORDER = {"error": 0, "warning": 1, "info": 2}


def _points(value: Decimal | None) -> str | None:
    return None if value is None else vn.points(value)


def _place(cell: CellRef | None) -> dict[str, str | None]:
    if cell is None:
        return {"sheet": None, "cell": None, "where": None}
    return {"sheet": cell.sheet, "cell": cell.cell, "where": f"{cell.sheet}!{cell.cell}"}


def finding_view(f: Finding, items: dict[str, ItemResult]) -> dict[str, Any]:
    item = items.get(f.item) if f.item else None
    # a finding without a cell of its own points at its item's row
    cell = f.cell or (item.cell if item else None)
    return {
        "severity": f.severity,
        "severity_label": SEVERITY[f.severity],
        "kind_label": KIND.get(f.kind, f.kind),
        "code": f.code,
        "item": f.item,
        "item_title": item.title if item else None,
        "message": f.message,
        "recovery": f.recovery,
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
    step = next(s for s in result.trace.steps if s.item == item_id)
    definition = next(i for i in read.ruleset.ruleset.items() if i.id == item_id)
    items = {i.id: i for i in result.items}
    findings = sorted((f for f in result.findings if f.item == item_id), key=lambda f: _ORDER[f.severity])
    table = compile_item(definition)
    rows = [{"text": row.text, "matched": row.id == step.rule}
            for row in table.rows if row.state == "measured" or row.id == step.rule]
    recovery = [f.recovery for f in findings if f.recovery]
    if not recovery and item.points >= item.max_points and item.effect == "score":
        recovery = [render("addin_recover_none")]
    return {
        "item": item.id,
        "title": item.title,
        "method": METHOD.get(definition.method.kind, definition.method.kind),
        "max": vn.points(item.max_points),
        "points": vn.points(item.points),
        "status": STATUS[item.status],
        "status_code": item.status,
        "rule": step.rule,
        "rule_text": step.rule_text,
        "measure": step.measure,
        "calculation": step.calculation,
        "rows": rows,
        "inputs": [
            {"label": i.label, "value": i.value if i.value is not None else "(trống)", "source": i.source,
             **_place(i.cell)}
            for i in step.inputs
        ],
        "findings": [finding_view(f, items) for f in findings],
        "recovery": recovery,
        "guidance": definition.guidance,
        "points_cell": _place(item.cell),
    }

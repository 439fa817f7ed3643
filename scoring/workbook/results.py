"""A Result as cell writes and tables, for any writer (openpyxl here, Office.js in the add-in).

`result_cells` covers every output cell of the input sheet on each call (points,
findings text, fill), so a rescore replaces stale results; it never names an input
cell. `summary_table` and `trace_table` are the rows of the "Tổng hợp" and "Truy vết"
sheets, header first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..messages import (
    SEVERITY,
    STATUS,
    calculation_text,
    finding_text,
    input_text,
    missing_values_text,
    recovery_text,
    render,
    text,
)
from ..models.result import Finding, ItemResult, Result
from . import styles, texts
from .grids import WorkbookRead

_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CellWrite:
    """One cell to set. `fill` is a hex colour ("FFC7CE") or None for no fill (clears an old one)."""

    sheet: str
    cell: str
    value: Any
    fill: str | None = None
    bold: bool = False
    wrap: bool = False
    number_format: str | None = None
    align: str | None = None  # "left" | "center" | "right"


def result_cells(result: Result, read: WorkbookRead) -> list[CellWrite]:
    """Points and findings for every item row of the input sheet."""
    by_item: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.item:
            by_item.setdefault(f.item, []).append(f)
    out: list[CellWrite] = []
    cols = read.columns
    inputs = set(read.input_cells.values())
    for item in result.items:
        rows = read.item_rows.get(item.id)
        if not rows:
            continue
        row = rows[0]
        findings = sorted(by_item.get(item.id, []), key=lambda f: _ORDER[f.severity])
        out.append(CellWrite(read.sheet, f"{cols.points}{row}", points_value(item), fill=None, bold=True,
                             number_format="General", align="center"))
        out.append(CellWrite(read.sheet, f"{cols.findings}{row}", findings_text(item, findings),
                             fill=findings_fill(item, findings), wrap=True, align="left"))
    assert not inputs & {w.cell for w in out}, "result_cells must never write an input cell"
    return out


def points_value(item: ItemResult) -> float | str | None:
    """The points cell: a number (a penalty as negative), "KAD" when not applicable,
    blank for a survey item without results."""
    if item.status == "not_applicable":
        return "KAD"
    if item.scored_by == "survey" and item.status == "missing_data":
        return None
    points = -item.points if item.effect == "penalty" else item.points
    return _num(points)


def findings_text(item: ItemResult, findings: list[Finding]) -> str:
    """One line per finding, worst first; blank inputs of an item merged into one line."""
    if not findings:
        if item.effect != "score" and item.points == 0:
            return texts.NO_BONUS if item.effect == "bonus" else texts.NO_PENALTY
        status = STATUS[item.status]
        return f"{status}: {text(item.measure)}" if item.measure and item.status == "achieved" else status
    lines: list[str] = []
    missing = [f for f in findings if f.code == "missing_value"]
    for f in findings:
        if f.code == "missing_value":
            if f is missing[0]:
                lines.append(_missing_line(f, missing))
            continue
        # the item's own points cell is where this text sits: no need to name it
        where = f" (ô {f.cell.cell})" if f.cell and f.cell != item.cell else ""
        lines.append(f"• {SEVERITY[f.severity]}: {finding_text(f)}{where}")
        if f.recovery:
            lines.append(f"  → {recovery_text(f)}")
    return "\n".join(lines)


def findings_fill(item: ItemResult, findings: list[Finding]) -> str | None:
    if findings:
        worst = min(findings, key=lambda f: _ORDER[f.severity]).severity
        return styles.SEVERITY_FILL[worst]
    return styles.STATUS_FILL.get(item.status)


def _missing_line(first: Finding, missing: list[Finding]) -> str:
    cells = ", ".join(f"ô {f.cell.cell}" for f in missing if f.cell)
    return f"• {SEVERITY[first.severity]}: {missing_values_text(missing)}" + (f" ({cells})" if cells else "")


# --------------------------------------------------------------------------- tables

def summary_table(result: Result) -> list[list[Any]]:
    """Rows of "Tổng hợp": header, one row per field, bonus, penalty, total; then the index,
    classification and provenance as label/value rows; then findings not tied to an item."""
    rows: list[list[Any]] = [list(texts.SUMMARY_HEADER)]
    for c in result.components:
        rows.append([c.id, c.title, _num(c.self_points), _num(c.survey_points), _num(c.points), _num(c.max_points),
                     _num(c.applicable_max), _num(c.index)])
    rows.append(["", "Điểm thưởng", None, None, _num(result.bonus), None, None, None])
    rows.append(["", "Điểm trừ", None, None, _num(-result.penalty), None, None, None])
    full_max = sum((c.max_points for c in result.components), Decimal(0))
    rows.append(["", "Tổng cộng", _num(result.self_points), _num(result.survey_points), _num(result.total),
                 _num(full_max), _num(result.max_points), _num(result.index)])
    rows.append([])
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    lost = sum((f.points_lost or Decimal(0) for f in result.findings), Decimal(0))
    rows += [
        ["", "Tổng điểm", _num(result.total)],
        ["", "Chỉ số CCHC (%)", _num(result.index)],
        ["", "Xếp loại", result.classification],
        ["", "Tạm tính", render("wb_provisional_yes") if result.provisional else "Không"],
        ["", "Đơn vị", result.unit],
        ["", "Năm đánh giá", result.year],
        ["", "Bộ chỉ số", f"{result.ruleset.title} ({result.ruleset.id}, phiên bản {result.ruleset.version})"],
        ["", "Mã băm bộ chỉ số", result.ruleset.hash],
        ["", "Phát hiện", render("wb_findings_count", errors=counts["error"], warnings=counts["warning"],
                                 infos=counts["info"])],
        ["", "Điểm bị mất (tự đánh giá)", _num(lost)],
    ]
    general = [f for f in result.findings if not f.item or f.item not in {i.id for i in result.items}]
    if general:
        rows.append([])
        rows.append(["", "Phát hiện chung"])
        for f in general:
            rows.append(["", SEVERITY[f.severity], finding_text(f)])
    return rows


#: Rows of the summary table that hold one field each (for the chart): 1..len(components).
def summary_field_rows(result: Result) -> range:
    return range(1, 1 + len(result.components))


def trace_table(result: Result) -> list[list[Any]]:
    """Rows of "Truy vết": per item the inputs with their cells, the measure, the rule row that
    fired, the calculation and the points; then the hashes that make the trace replayable."""
    titles = {i.id: i for i in result.items}
    rows: list[list[Any]] = [list(texts.TRACE_HEADER)]
    for step in result.trace.steps:
        item = titles[step.item]
        inputs = []
        for inp in step.inputs:
            where = f" (ô {inp.cell.cell})" if inp.cell else ""
            inputs.append(f"{inp.label}: {input_text(inp)}{where}")
        rows.append([step.item, item.title, "\n".join(inputs), text(step.measure), step.rule_label,
                     calculation_text(step), _num(step.points), _num(item.max_points), STATUS[item.status]])
    rows.append([])
    rows += [
        ["", "Bộ chỉ số", f"{result.trace.ruleset_id} phiên bản {result.trace.ruleset_version}"],
        ["", "Mã băm bộ chỉ số", result.trace.ruleset_hash],
        ["", "Mã băm số liệu", result.trace.evidence_hash],
        ["", "Bộ máy chấm điểm", result.trace.engine],
    ]
    return rows


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def signer_rows() -> list[list[Any]]:
    """The form's signers as plain rows under the summary table (the add-in's «Tổng hợp»; the
    command line's copy draws the same block with `form.write_signature`)."""
    (left, left_hint), (right, right_hint) = ((texts.SIGNER_PREPARER, texts.SIGN_HINT_PREPARER),
                                              (texts.SIGNER_HEAD, texts.SIGN_HINT_HEAD))
    return [["", left, "", "", "", right], ["", left_hint, "", "", "", right_hint]]

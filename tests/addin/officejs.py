"""What Excel's task pane sends to xlwings Server, built from a real .xlsx, for tests and
the benchmark: a generated workbook, filled with openpyxl, turned into the book JSON of
the xlwings Office.js client (static/js/custom-scripts/index.js, getBookData).

Per sheet the client sends the values-only used range from A1 as `range.values`:
numbers as numbers, text as text, empty cells as "", a formula as its computed value,
and a date-formatted number as `new Date(...).toISOString()`. Formula results are not
in a file openpyxl wrote, so a formula cell is sent as 0 (what Excel computes for the
empty sums in a fresh workbook; the reader never looks at those cells).
"""

from __future__ import annotations

import datetime as dt
import io
from importlib.metadata import version
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles.numbers import is_date_format

from scoring.models.evidence import Evidence
from scoring.ruleset import LoadedRuleSet
from scoring.values import ValueProblem, parse_date
from scoring.workbook.generate import new_workbook_bytes
from scoring.workbook.layout import DOCUMENTS, EXPLANATION, INPUT_SHEET, NOT_APPLICABLE, read_grids


def _iso(value: dt.datetime | dt.date) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _excel_serial(value: dt.datetime | dt.date) -> float:
    base = dt.datetime(1899, 12, 30)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - base).total_seconds() / 86400


def cell_json(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("="):
        return 0
    if isinstance(value, (dt.datetime, dt.date)):
        # the client converts date-formatted numbers; a date in a General cell stays a serial
        return _iso(value) if is_date_format(cell.number_format) else _excel_serial(value)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    return str(value)


def sheet_values(ws: Any) -> list[list[Any]]:
    """The values-only used range from A1 (at least [[""]], as for an empty sheet)."""
    last_row = last_col = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                last_row, last_col = max(last_row, cell.row), max(last_col, cell.column)
    if not last_row:
        return [[""]]
    return [[cell_json(ws.cell(r, c)) for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]


def book_json(wb: Any, *, name: str = "so-cham-diem.xlsx", include: list[str] | None = None,
              active: str = INPUT_SHEET, selection: str | None = "A1") -> dict[str, Any]:
    """The request body of a custom script, as the Office.js client builds it."""
    sheets = []
    for ws in wb.worksheets:
        sent = include is None or ws.title in include
        sheets.append({
            "name": ws.title,
            "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
            "values": sheet_values(ws) if sent else [[]],
            "pictures": [], "tables": [], "shapes": [], "charts": [], "pivot_tables": [], "notes": [],
            "notes_supported": True,
        })
    return {
        "client": "Office.js",
        "version": version("xlwings"),
        "book": {"name": name, "active_sheet_index": wb.sheetnames.index(active), "selection": selection,
                 "calculation": "Automatic"},
        "names": [],
        "sheets": sheets,
    }


def fill(wb: Any, evidence: Evidence, loaded: LoadedRuleSet) -> None:
    """Type the evidence into the workbook's input cells as a user would (percent cells hold
    fractions, date cells dates, documents one per line)."""
    read = read_grids({ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets},
                      ruleset=loaded)
    ws = wb[INPUT_SHEET]
    items = {i.id: i for i in loaded.ruleset.items()}
    for item_id, ev in evidence.items.items():
        item = items[item_id]
        for name, value in ev.values.items():
            f = item.field(name)
            raw = value.value
            if f is not None and f.type == "percent" and isinstance(raw, (int, float)):
                raw = raw / 100
            if f is not None and f.type == "date" and isinstance(raw, str):
                # Excel turns "05/03/2024" typed into a date cell into a date (vi-VN: day first)
                try:
                    day = parse_date(raw)
                    raw = dt.datetime(day.year, day.month, day.day)
                except ValueProblem:
                    pass  # "Không" and other text stay text
            ws[read.input_cells[(item_id, name)]] = raw
        docs = [d.value for d in ev.documents if d.value]
        if docs:
            ws[read.input_cells[(item_id, DOCUMENTS)]] = "\n".join(str(d) for d in docs)
        if ev.explanation and ev.explanation.value:
            ws[read.input_cells[(item_id, EXPLANATION)]] = ev.explanation.value
        if ev.not_applicable and ev.not_applicable.value and (item_id, NOT_APPLICABLE) in read.input_cells:
            ws[read.input_cells[(item_id, NOT_APPLICABLE)]] = "Không áp dụng"


def filled_workbook(loaded: LoadedRuleSet, evidence: Evidence, unit: str | None = None) -> Any:
    """A generated workbook for the evidence's unit, filled with its values (openpyxl, in memory)."""
    data = new_workbook_bytes(loaded, unit or evidence.unit, year=evidence.year)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    fill(wb, evidence, loaded)
    return wb


def save(wb: Any, path: Path) -> Path:
    wb.save(path)
    return path

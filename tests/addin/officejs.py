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
from scoring.workbook.fill import fill_workbook
from scoring.workbook.generate import new_workbook_bytes
from scoring.workbook.layout import INPUT_SHEET


def _iso(value: dt.datetime | dt.date) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _excel_serial(value: dt.datetime | dt.date) -> float:
    base = dt.datetime(1899, 12, 30)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - base).total_seconds() / 86400


def cell_json(cell: Any, *, dates_as: str = "iso") -> Any:
    """A cell as the task pane sends it (dates_as="iso"), or as a formula's argument
    (dates_as="serial": custom functions get the number Excel stores)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("="):
        return 0
    if isinstance(value, (dt.datetime, dt.date)):
        # the client converts date-formatted numbers; a date in a General cell stays a serial
        if dates_as == "iso" and is_date_format(cell.number_format):
            return _iso(value)
        return _excel_serial(value)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    return str(value)


def sheet_values(ws: Any, *, dates_as: str = "iso") -> list[list[Any]]:
    """The values-only used range from A1 (at least [[""]], as for an empty sheet)."""
    last_row = last_col = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                last_row, last_col = max(last_row, cell.row), max(last_col, cell.column)
    if not last_row:
        return [[""]]
    return [[cell_json(ws.cell(r, c), dates_as=dates_as) for c in range(1, last_col + 1)]
            for r in range(1, last_row + 1)]


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


def filled_workbook(loaded: LoadedRuleSet, evidence: Evidence, unit: str | None = None) -> Any:
    """A generated workbook for the evidence's unit, typed in as a person would (the workbook
    layer's own filler), in memory."""
    data = new_workbook_bytes(loaded, unit or evidence.unit, year=evidence.year)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    fill_workbook(wb, loaded, evidence)
    return wb


def save(wb: Any, path: Path) -> Path:
    wb.save(path)
    return path

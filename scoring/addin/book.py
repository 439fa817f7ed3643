"""The open workbook as Excel sends it (Office.js book JSON) → the workbook layer's read.

Office.js sends each sheet's used range from A1 as `range.values`. The xlwings client
turns date-formatted numbers into ISO strings ("2024-01-13T00:00:00.000Z"); they are
turned back into datetimes here, which is exactly what openpyxl gives the CLI reader,
so both shells build the same Evidence from the same workbook. Everything else goes
to `scoring.workbook.layout.read_grids` untouched: the add-in has no parser of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..workbook.layout import INPUT_SHEET, META_SHEET, WorkbookRead, read_grids

#: What the xlwings Office.js client makes of a date-formatted cell (Date.toISOString()).
_ISO_FROM_CLIENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$", re.ASCII)

#: The sheets whose values a script needs; the others travel as names only.
READ_SHEETS = (INPUT_SHEET, META_SHEET)


def cell_value(value: Any) -> Any:
    """One cell as sent by Office.js, with the client's date conversion undone."""
    if isinstance(value, str) and _ISO_FROM_CLIENT.match(value):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:  # "2024-13-45T…": not a date the client made; the reader reports it as text
            return value
    return value


def book_grids(book_json: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Sheet name → values from A1, for every sheet in the request (excluded sheets are empty)."""
    grids: dict[str, list[list[Any]]] = {}
    for sheet in book_json.get("sheets") or []:
        values = sheet.get("values") or [[]]
        grids[str(sheet.get("name"))] = [[cell_value(v) for v in row] for row in values]
    return grids


def read_book(book_json: dict[str, Any]) -> WorkbookRead:
    """Evidence of the open workbook; WorkbookError (Vietnamese) if it is not ours."""
    name = (book_json.get("book") or {}).get("name") or None
    return read_grids(book_grids(book_json), file=name)


@dataclass(frozen=True)
class Selection:
    sheet: str | None  # the active sheet's name
    address: str | None  # top-left cell of the selection, e.g. "G40"; None if none
    row: int | None


_ADDRESS = re.compile(r"^\$?([A-Z]{0,3})\$?(\d+)?")


def selection(book_json: dict[str, Any]) -> Selection:
    """The active sheet and the first row of the selection ("G40", "G40:H42", "40:42")."""
    info = book_json.get("book") or {}
    sheets = book_json.get("sheets") or []
    index = info.get("active_sheet_index")
    sheet = sheets[index]["name"] if isinstance(index, int) and 0 <= index < len(sheets) else None
    raw = info.get("selection")
    if not raw or not isinstance(raw, str):
        return Selection(sheet, None, None)
    first = raw.split(",")[0].split(":")[0].split("!")[-1].strip()
    m = _ADDRESS.match(first.upper())
    row = int(m.group(2)) if m and m.group(2) else None
    return Selection(sheet, first or None, row)

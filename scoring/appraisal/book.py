"""What the cycle's workbooks share: reading every sheet's values, the hidden metadata sheet,
sheet names, and the cells and styles of the unit's workbook (`scoring.workbook`).

Reading: the file passes the unit workbook's checks first (size, a real .xlsx, not encrypted,
`workbook.read.load_bytes`), is read into memory once and never opened for writing; a
formula gives its cached value, and a formula without one its text (the reader refuses it,
naming the cell). Writing is atomic (`fileio`).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..errors import WorkbookError
from ..messages import render
from ..workbook import styles
from ..workbook.generate import BOX, fill, font, put_text
from ..workbook.spec import column_index
from .errors import AppraisalError

Grid = list[list[Any]]
META_SHEET = "_cchc"
#: How much of each sheet is read (a unit's sheet has under 200 rows and 15 columns).
READ_ROWS = 5_000
READ_COLUMNS = 30
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Book:
    path: Path
    sha256: str
    grids: dict[str, Grid]

    def sheet(self, name: str) -> Grid | None:
        """A sheet found as Excel finds it (ignoring case)."""
        if name in self.grids:
            return self.grids[name]
        low = name.casefold()
        return next((g for n, g in self.grids.items() if n.casefold() == low), None)


def read_book(path: Path) -> Book:
    from ..workbook.read import load_bytes

    data = load_bytes(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise WorkbookError("workbook_corrupted", path=str(path), detail=type(exc).__name__) from exc
    try:
        grids: dict[str, Grid] = {}
        for name in formulas.sheetnames:
            try:
                f_ws, v_ws = formulas[name], cached[name]
                f_ws.reset_dimensions()
                v_ws.reset_dimensions()
                grids[name] = _merge(
                    f_ws.iter_rows(min_row=1, max_row=READ_ROWS, max_col=READ_COLUMNS, values_only=True),
                    v_ws.iter_rows(min_row=1, max_row=READ_ROWS, max_col=READ_COLUMNS, values_only=True))
            except Exception as exc:
                raise WorkbookError("workbook_corrupted", path=str(path), detail=type(exc).__name__) from exc
    finally:
        formulas.close()
        cached.close()
    return Book(path, "sha256:" + hashlib.sha256(data).hexdigest(), grids)


def _merge(formula_rows: Any, value_rows: Any) -> Grid:
    grid: Grid = []
    for f_row, v_row in zip(formula_rows, value_rows, strict=False):
        row = list(v_row)
        for i, f in enumerate(f_row):
            if isinstance(f, str) and f.startswith("=") and (i >= len(row) or row[i] is None):
                row.extend([None] * (i + 1 - len(row)))
                row[i] = f
        grid.append(row)
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    return grid


def at(grid: Grid, row: int, col: str) -> Any:
    """The value of a cell (row 1-based, column a letter); blank text is None."""
    r, c = row - 1, column_index(col)
    if 0 <= r < len(grid) and c < len(grid[r]):
        value = grid[r][c]
        return None if isinstance(value, str) and not value.strip() else value
    return None


def text_at(grid: Grid, row: int, col: str) -> str | None:
    value = at(grid, row, col)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def keys(grid: Grid, col: str = "A") -> dict[str, int]:
    """Hidden keys of a sheet's rows: key → row number (the first row holding it)."""
    c = column_index(col)
    out: dict[str, int] = {}
    for n, row in enumerate(grid, start=1):
        if c < len(row) and isinstance(row[c], str) and row[c].strip():
            out.setdefault(row[c].strip(), n)
    return out


# --------------------------------------------------------------------------- metadata


def write_meta(wb: Workbook, pairs: list[tuple[str, str]]) -> Worksheet:
    ws = wb.create_sheet(META_SHEET)
    ws.append(["Khóa", "Giá trị"])
    for key, value in pairs:
        ws.append([key, value])
        ws.cell(ws.max_row, 2).data_type = "s"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
    ws.sheet_state = "hidden"
    return ws


def read_meta(book: Book, template: str) -> dict[str, str]:
    """The metadata sheet's key/value rows, or a refusal naming what the file is not."""
    grid = book.sheet(META_SHEET)
    if grid is None:
        raise AppraisalError("cycle_not_our_workbook", path=str(book.path), template=render(f"cycle_template_{template}"))
    meta: dict[str, str] = {}
    for row in grid[1:]:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            value = row[1]
            if value is None:
                text = ""
            elif isinstance(value, float) and value.is_integer():
                text = str(int(value))
            else:
                text = str(value)
            meta[row[0].strip()] = text
    if meta.get("template") != template:
        made = meta.get("template") or (grid[1][1] if len(grid) > 1 and len(grid[1]) > 1 else "")
        if made and str(made).startswith("cchc-"):
            raise AppraisalError("cycle_other_template", path=str(book.path),
                                 template=render(f"cycle_template_{template}"),
                                 made=render(f"cycle_template_{made}") if f"cycle_template_{made}" in _TEMPLATES
                                 else str(made))
        raise AppraisalError("cycle_not_our_workbook", path=str(book.path), template=render(f"cycle_template_{template}"))
    return meta


_TEMPLATES = {"cycle_template_cchc-survey-workbook", "cycle_template_cchc-appraisal-workbook",
              "cycle_template_cchc-answers-workbook", "cycle_template_cchc-scoring-workbook"}


def sheet_title(n: int, name: str, taken: set[str]) -> str:
    """A sheet's name for a unit: «01 Sở Tư pháp», within Excel's 31 characters, unique."""
    clean = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'")
    base = f"{n:02d} {clean}"[:31].rstrip()
    title, k = base, 2
    while title.casefold() in taken:
        suffix = f" ({k})"
        title = base[:31 - len(suffix)].rstrip() + suffix
        k += 1
    taken.add(title.casefold())
    return title


# --------------------------------------------------------------------------- cells


def header(ws: Worksheet, row: int, texts: dict[str, str], height: float = 48) -> None:
    for col, text in texts.items():
        cell = ws[f"{col}{row}"]
        cell.value = text
        cell.font = font(10, bold=True, color="FFFFFF")
        cell.fill = fill(styles.TITLE_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    ws.row_dimensions[row].height = height


@dataclass(frozen=True)
class Formula:
    text: str


def _styled(c: Any, key: tuple[Any, ...], apply: Any) -> None:
    """Style a cell as `apply` would, copying the style of the first cell styled with the same
    key (openpyxl hashes every style object it is given: thousands of cells cost seconds)."""
    wb = c.parent.parent
    cache = wb.__dict__.setdefault("_cchc_styles", {})
    found = cache.get(key)
    if found is None:
        apply(c)
        cache[key] = copy(c._style)
    else:
        c._style = copy(found)


def cell(ws: Worksheet, address: str, value: Any, *, bold: bool = False, size: float = 10, italic: bool = False,
         align: str = "left", wrap: bool = True, number_format: str | None = None, colour: str | None = None,
         boxed: bool = True) -> Any:
    """A styled cell; text starting with «=» is a formula only when the program wrote it as one
    (`Formula`), never when it came from a rule set or a person."""
    c = ws[address]
    if isinstance(value, Formula):
        c.value = value.text
    elif isinstance(value, str):
        put_text(c, value)
    else:
        c.value = value

    def apply(c: Any) -> None:
        c.font = font(size, bold=bold, italic=italic)
        c.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        if boxed:
            c.border = BOX
        if number_format:
            c.number_format = number_format
        if colour:
            c.fill = fill(colour)

    _styled(c, ("cell", bold, size, italic, align, wrap, number_format, colour, boxed), apply)
    return c


def input_cell(c: Any, *, number_format: str = "@", align: str = "left", size: float = 10,
               bold: bool = False) -> None:
    """A cell the user fills: unlocked, yellow."""
    def apply(c: Any) -> None:
        c.protection = Protection(locked=False)
        c.fill = fill(styles.INPUT_FILL)
        c.number_format = number_format
        c.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
        c.border = BOX
        c.font = font(size, bold=bold)

    _styled(c, ("input", number_format, align, size, bold), apply)


def protect(ws: Worksheet) -> None:
    """Locked except the input cells, without a password (an office can still unprotect)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def finish(wb: Workbook, title: str) -> bytes:
    wb.__dict__.pop("_cchc_styles", None)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = title
    wb.properties.creator = f"cchc-scoring {__version__}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

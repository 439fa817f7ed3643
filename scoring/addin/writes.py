"""The workbook layer's cell writes and tables → changes to the open workbook (xlwings Book).

Each xlwings action is replayed in Excel with its own round trip (on Excel on the web,
a network round trip), so the ~140 output cells of a rescore go out as a handful of
block actions rather than one per cell:
- values: one block per sheet, where every cell not to be written is null, which
  Office.js leaves unchanged (a documented rule of the Excel JavaScript API), so input
  cells and anything else between the output cells are never touched;
- fills: one colour matrix per sheet, with "keep" for the cells not to be written;
- font, wrap, alignment: one action per column and value, over the span of that
  column's output cells (used only when all of them agree; else per run). The number
  format is left as the generated workbook has it: the xlwings client sets it as a 1×1
  array, which a multi-cell range would refuse.
Every text stays within Excel's 32,767 characters per cell (`workbook.limits`), without
the characters a workbook cannot hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..textclean import clean_chars
from ..workbook.layout import CellWrite, column_index, column_letter
from ..workbook.limits import cell_text

_FORMULA_START = ("=", "+", "-", "@")


def safe_text(value: Any) -> Any:
    """Text as Excel must get it: one that Excel would take for a formula ("=…", "+…") is
    written as text, and every text fits a cell (32,767 characters) without control characters."""
    if not isinstance(value, str):
        return value
    value = clean_chars(value)[0]
    if value.startswith(_FORMULA_START):
        return cell_text("'" + value)
    return cell_text(value)


def _split(cell: str) -> tuple[int, int]:
    """"L12" → (row 12, column index 11)."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits), column_index(letters)


def apply_cell_writes(book: Any, writes: Iterable[CellWrite]) -> int:
    """Apply the writes; returns how many actions it took."""
    before = len(book.json()["actions"])
    by_sheet: dict[str, dict[tuple[int, int], CellWrite]] = defaultdict(dict)
    for w in writes:
        by_sheet[w.sheet][_split(w.cell)] = w
    for sheet_name, cells in by_sheet.items():
        sheet = book.sheets[sheet_name]
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        block = sheet.range((r0, c0 + 1), (r1, c1 + 1))
        values = [[None] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]
        colors: list[list[Any]] = [[...] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]  # ... = keep
        for (r, c), w in cells.items():
            values[r - r0][c - c0] = _cell_value(w.value)
            colors[r - r0][c - c0] = "#" + w.fill if w.fill else None
        # raw: None must travel as JSON null ("leave unchanged"), not as "" (which clears)
        block.raw_value = values
        block.set_colors(colors)
        _apply_formats(sheet, cells)
    return len(book.json()["actions"]) - before


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""  # an output cell with nothing to show is cleared (stale results go)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    return safe_text(str(value))


_FORMATS = {
    "bold": lambda rng, v: setattr(rng.font, "bold", bool(v)),
    "wrap": lambda rng, v: setattr(rng, "wrap_text", bool(v)),
    "align": lambda rng, v: setattr(rng, "horizontal_alignment", v),
}


def _apply_formats(sheet: Any, cells: dict[tuple[int, int], CellWrite]) -> None:
    by_column: dict[int, list[tuple[int, CellWrite]]] = defaultdict(list)
    for (r, c), w in cells.items():
        by_column[c].append((r, w))
    for c, entries in sorted(by_column.items()):
        entries.sort(key=lambda e: e[0])
        letter = column_letter(c)
        for attr, setter in _FORMATS.items():
            wanted = [(r, getattr(w, attr)) for r, w in entries]
            if attr == "align":
                wanted = [(r, v) for r, v in wanted if v is not None]
            if not wanted:
                continue
            for start, end, value in _spans(wanted, uniform_span=len({v for _, v in wanted}) == 1):
                setter(sheet.range(f"{letter}{start}:{letter}{end}"), value)


def _spans(wanted: list[tuple[int, Any]], *, uniform_span: bool) -> list[tuple[int, int, Any]]:
    """(first row, last row, value) ranges to format. One span when the column agrees;
    otherwise runs of adjacent rows with the same value."""
    if uniform_span:
        return [(wanted[0][0], wanted[-1][0], wanted[0][1])]
    out: list[tuple[int, int, Any]] = []
    for r, v in wanted:
        if out and out[-1][2] == v and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r, v)
        else:
            out.append((r, r, v))
    return out


#: Column widths (points) of the text columns of the tables; the number columns keep the
#: default. Each width is one round trip in Excel, so only the ones that matter.
TABLE_WIDTHS = {
    "summary": {"A": 40, "B": 260},
    "trace": {"A": 50, "B": 220, "C": 300, "D": 140, "E": 220},
}


_CLEARED_ROWS, _CLEARED_COLUMNS = 500, 26


def write_table(book: Any, sheet_name: str, rows: list[list[Any]], widths: dict[str, float] | None = None, *,
                start_row: int = 1, after: list[list[Any]] | None = None) -> None:
    """Replace a sheet's contents from `start_row` down with `rows` (ragged rows padded), header
    bold, text wrapped; the rows above (a form's heading) are left as they are. Clearing first
    means a shorter table leaves nothing stale behind. `after` goes one blank row below the
    table (the signers of a form)."""
    sheet = book.sheets[sheet_name]
    if start_row == 1:
        sheet.clear_contents()
    else:  # below a heading: the sheet's values are not sent to the server, so clear a generous block
        sheet.range((start_row, 1), (start_row + _CLEARED_ROWS, _CLEARED_COLUMNS)).clear_contents()
    width = max((len(r) for r in rows), default=0)
    if not rows or not width:
        return
    matrix = [[safe_text(v) if v is not None else "" for v in row] + [""] * (width - len(row)) for row in rows]
    table = sheet.range((start_row, 1), (start_row + len(rows) - 1, width))
    table.raw_value = matrix
    table.wrap_text = True
    sheet.range((start_row, 1), (start_row, width)).font.bold = True
    for columns, points in (widths or {}).items():
        sheet.range(f"{columns.split(':')[0]}1:{columns.split(':')[-1]}1").column_width = points
    if after:
        below = start_row + len(rows) + 1
        block = [[safe_text(v) if v is not None else "" for v in row] + [""] * (width - len(row)) for row in after]
        sheet.range((below, 1), (below + len(block) - 1, width)).raw_value = block
        sheet.range((below, 1), (below, width)).font.bold = True

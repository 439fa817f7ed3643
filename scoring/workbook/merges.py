"""Merged ranges at a fraction of openpyxl's cost, with the same result.

A scoring workbook has ~330 merged ranges (an item's code, content, method, documents,
points and findings span its rows). For each, openpyxl gives the edge cells the top-left
cell's borders and every cell its protection, by building and hashing a style object per
cell (`MergedCellRange.format`): most of the time of generating a workbook, and again of
loading one to write its scored copy. The styles are the same few combinations every time,
so here each combination is worked out once per workbook (by openpyxl itself) and its style
index copied afterwards: the cells end with exactly the style ids openpyxl would give them.

Installed by importing this module (`Worksheet._clean_merge_range`, which `merge_cells` and
the workbook loader call, and `MergedCellRange._get_borders`, which every new range calls). tests/workbook/test_workbook_merges.py compares it with openpyxl's.
"""

from __future__ import annotations

import copy
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.styles.borders import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

_SIDES = ("top", "left", "right", "bottom")
_CACHE = "_cchc_merge_styles"
original_clean_merge_range = Worksheet._clean_merge_range
original_get_borders = MergedCellRange._get_borders


def clean_merge_range(ws: Worksheet, mcr: Any) -> None:
    """openpyxl's `_clean_merge_range` (placeholders for the covered cells, then `format`), with
    each style combination computed once per workbook."""
    cells = mcr.cells
    next(cells)  # the top-left cell keeps its value
    for row, col in cells:
        ws._cells[row, col] = MergedCell(ws, row, col)
    _format(ws, mcr)


def _format(ws: Worksheet, mcr: Any) -> None:
    cache = ws.parent.__dict__.setdefault(_CACHE, {})
    start = mcr.start_cell
    start_border = _style(start).borderId
    border = None
    for name in _SIDES:
        for coord in getattr(mcr, name):
            cell = ws._cells.get(coord)
            if cell is None:
                cell = MergedCell(ws, row=coord[0], column=coord[1])
                ws._cells[(cell.row, cell.column)] = cell
            key = ("border", _style(cell).borderId, start_border, name)
            found = cache.get(key)
            if found is None:
                border = border or start.border
                side = getattr(border, name)
                if side and side.style is None:
                    found = cell._style.borderId  # openpyxl leaves the cell as it is
                else:
                    cell.border += Border(**{name: side})
                    found = cell._style.borderId
                cache[key] = found
            cell._style.borderId = found
    key = ("protection", _style(start).protectionId)
    protection = cache.get(key)
    if protection is None:
        probe = MergedCell(ws, row=mcr.min_row, column=mcr.min_col)
        probe.protection = copy.copy(start.protection)
        protection = cache[key] = probe._style.protectionId
    for coord in mcr.cells:
        cell = ws._cells.get(coord)
        if cell is None:
            cell = MergedCell(ws, row=coord[0], column=coord[1])
            ws._cells[(cell.row, cell.column)] = cell
        _style(cell).protectionId = protection


def _style(cell: Any) -> StyleArray:
    """The cell's style ids (openpyxl leaves them unset on a cell never styled)."""
    if cell._style is None:
        cell._style = StyleArray()
    return cell._style


def get_borders(mcr: Any) -> None:
    """openpyxl's `MergedCellRange._get_borders` (the top-left cell takes the bottom-right cell's
    right and bottom borders), each combination computed once per workbook."""
    ws = mcr.ws
    mcr.start_cell = ws._cells.get((mcr.min_row, mcr.min_col))
    if mcr.start_cell is None:
        mcr.start_cell = ws.cell(row=mcr.min_row, column=mcr.min_col)
    end_cell = ws._cells.get((mcr.max_row, mcr.max_col))
    if end_cell is None:
        return
    cache = ws.parent.__dict__.setdefault(_CACHE, {})
    start = _style(mcr.start_cell)
    key = ("corner", start.borderId, _style(end_cell).borderId)
    found = cache.get(key)
    if found is None:
        mcr.start_cell.border += Border(right=end_cell.border.right, bottom=end_cell.border.bottom)
        found = cache[key] = _style(mcr.start_cell).borderId
    start.borderId = found


Worksheet._clean_merge_range = clean_merge_range  # type: ignore[method-assign]
MergedCellRange._get_borders = get_borders  # type: ignore[method-assign]


# --------------------------------------------------------------------------- style lists

class _SameObjectList:
    """Wraps a workbook's list of fonts (fills, borders, alignments, protections): a style object
    added again (the same object, which the generator reuses) gets its index without openpyxl
    hashing it field by field. Equal but distinct objects still go through openpyxl's list."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._seen: dict[int, tuple[Any, int]] = {}

    def add(self, value: Any) -> int:
        hit = self._seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        index = self._inner.add(value)
        self._seen[id(value)] = (value, index)  # the reference keeps the id from being reused
        return index

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __getitem__(self, index: int) -> Any:
        return self._inner[index]

    def __iter__(self) -> Any:
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)

    def __contains__(self, value: Any) -> bool:
        return value in self._inner


_STYLE_LISTS = ("_fonts", "_fills", "_borders", "_alignments", "_protections")


def reuse_styles(wb: Any) -> Any:
    """Let `wb` index a reused style object without hashing it again (see `_SameObjectList`).
    The style objects must not be changed after use (openpyxl's own rule: a cell's style is
    replaced, never edited). Returns `wb`."""
    for name in _STYLE_LISTS:
        current = getattr(wb, name)
        if not isinstance(current, _SameObjectList):
            setattr(wb, name, _SameObjectList(current))
    return wb


def plain_styles(wb: Any) -> Any:
    """Undo `reuse_styles` (openpyxl's writer expects its own lists)."""
    for name in _STYLE_LISTS:
        current = getattr(wb, name)
        if isinstance(current, _SameObjectList):
            setattr(wb, name, current._inner)
    return wb

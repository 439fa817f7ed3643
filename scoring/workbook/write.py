"""Write the scored copy of a workbook (openpyxl): points and findings on the input sheet,
the "Tổng hợp" sheet with a bar chart per field, and the "Truy vết" sheet.

The input file is only read; the copy goes to a new path, written atomically. The cell
contents come from `results` (the same writes the add-in makes); this module adds only
openpyxl styling, row heights and the chart.

Whatever the input holds, the copy is a file Excel opens: every text written stays within
Excel's limits (`limits`) and without characters XML cannot carry, an output cell merged
into a range is unmerged before it is written, and sheets are matched the way Excel
matches names (ignoring case).
"""

from __future__ import annotations

import functools
import io
import warnings
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import WorkbookError
from ..fileio import atomic_write_bytes, refuse_overwrite
from ..messages import render
from ..models.result import Result
from . import form, styles, texts
from .fit import fit_block, height_for, text_lines
from .generate import block_columns, paginate, put_text
from .grids import WorkbookRead
from .limits import cell_text
from .merges import plain_styles, reuse_styles
from .package import sheet_key
from .read import grids_from_bytes, load_bytes, load_package
from .results import CellWrite, result_cells, summary_field_rows, summary_table, trace_table
from .spec import INPUT_SHEET, SUMMARY_SHEET, SUMMARY_WIDTHS, TRACE_SHEET, column_letter

_thin = Side(style="thin", color=styles.BORDER)
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
TRACE_WIDTHS = [7, 32, 46, 26, 30, 30, 8, 8, 12]


def write_scored(input_path: str | Path, result: Result, out_path: str | Path, read: WorkbookRead | None = None) -> Path:
    """Write the scored copy of `input_path` to `out_path` (never the input itself)."""
    input_path, out_path = Path(input_path), Path(out_path)
    if out_path.suffix.lower() != ".xlsx":
        raise WorkbookError("workbook_out_suffix", path=str(out_path))
    refuse_overwrite(out_path, [input_path])
    if read is None:
        from .grids import read_grids

        data, package = load_package(input_path)
        read = read_grids(grids_from_bytes(data, input_path), file=str(input_path),
                          merges=package.merges_of(INPUT_SHEET))
    else:
        data = load_bytes(input_path)
    return atomic_write_bytes(out_path, scored_bytes(data, result, read))


def scored_bytes(data: bytes, result: Result, read: WorkbookRead) -> bytes:
    """The scored workbook as bytes, from the input workbook's bytes (checked by load_bytes)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = reuse_styles(load_workbook(io.BytesIO(data), rich_text=True))
    except Exception as exc:
        raise WorkbookError("workbook_corrupted", path=read.file or "sổ chấm điểm",
                            detail=render("workbook_detail_parse")) from exc
    ws = sheet_named(wb, INPUT_SHEET)
    apply_writes(wb, result_cells(result, read))
    fit_rows(ws, read)
    paginate(ws, read.columns)
    _summary_sheet(wb, result, read.meta.raw)
    _trace_sheet(wb, result)
    wb.active = wb.sheetnames.index(SUMMARY_SHEET)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == SUMMARY_SHEET
    buffer = io.BytesIO()
    plain_styles(wb).save(buffer)
    return buffer.getvalue()


def sheet_named(wb: Workbook, name: str) -> Worksheet:
    """The sheet called `name` as Excel compares names (ignoring case)."""
    key = sheet_key(name)
    return next(ws for ws in wb.worksheets if sheet_key(ws.title) == key)


def safe_value(value: Any) -> Any:
    """A value Excel can hold: text within 32,767 characters, without XML-illegal characters."""
    if isinstance(value, str):
        return cell_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def writable(ws: Worksheet, address: str) -> Any:
    """The cell at `address`; if a merged range hides it, the range is unmerged first
    (an output cell is never written into someone else's merged area)."""
    cell = ws[address]
    if isinstance(cell, MergedCell):
        for merged in list(ws.merged_cells.ranges):  # every range over it (ranges may overlap)
            if address in merged and not merged.coord.startswith(address + ":"):
                ws.unmerge_cells(merged.coord)
        cell = ws[address]
        if isinstance(cell, MergedCell):  # still hidden by a range it starts: let it go too
            for merged in list(ws.merged_cells.ranges):
                if address in merged:
                    ws.unmerge_cells(merged.coord)
            cell = ws[address]
    return cell


def apply_writes(wb: Workbook, writes: list[CellWrite]) -> None:
    """Set each cell's value and style; other formatting (font name, size, borders) is kept."""
    sheets: dict[str, Worksheet] = {}
    for w in writes:
        ws = sheets.get(w.sheet) or sheets.setdefault(w.sheet, sheet_named(wb, w.sheet))
        cell = put_text(writable(ws, w.cell), safe_value(w.value))
        cell.fill = _solid(w.fill)
        old = cell.font
        cell.font = Font(name=old.name or styles.FONT, size=old.size or 10, bold=w.bold, italic=old.italic,
                         color=old.color)
        if w.number_format:
            cell.number_format = w.number_format
        cell.alignment = _align(w.align, "top", w.wrap)


def fit_rows(ws: Worksheet, read: WorkbookRead) -> None:
    """Row heights of every item block for the text now in it (values, documents, findings)."""
    merged, per_row = block_columns(read.columns)
    for rows in read.item_rows.values():
        fit_block(ws, rows, merged, per_row)


# --------------------------------------------------------------------------- Tổng hợp

def _replace_sheet(wb: Workbook, name: str, after: str) -> Worksheet:
    """A fresh sheet `name` where the old one was (any sheet Excel would call by that name goes)."""
    key = sheet_key(name)
    old = [ws for ws in wb.worksheets + list(wb.chartsheets) if sheet_key(ws.title) == key]
    if old:
        index = wb._sheets.index(old[0])
    else:
        index = wb._sheets.index(sheet_named(wb, after)) + 1
    for sheet in old:
        wb.remove(sheet)
    return wb.create_sheet(name, min(index, len(wb._sheets)))


@functools.cache
def _font(size: float = 11, bold: bool = False, color: str | None = None, italic: bool = False) -> Font:
    return Font(name=styles.FONT, size=size, bold=bold, color=color, italic=italic)


# Style objects are shared: the same object for the same style (merges.reuse_styles indexes a
# reused one without hashing it again). Never change one after use.
@functools.cache
def _align(horizontal: str | None = None, vertical: str | None = None, wrap_text: bool | None = None) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap_text)


@functools.cache
def _solid(colour: str | None) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=colour) if colour else PatternFill(fill_type=None)


def _header(ws: Worksheet, ncols: int, row: int = 1) -> None:
    for i in range(1, ncols + 1):
        cell = ws.cell(row=row, column=i)
        cell.font = _font(10, bold=True, color="FFFFFF")
        cell.fill = _solid(styles.TITLE_FILL)
        cell.alignment = _align("center", "center", True)
        cell.border = BOX
    ws.row_dimensions[row].height = 34


def _put_rows(ws: Worksheet, rows: list[list[Any]], start: int = 1) -> None:
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                put_text(ws.cell(row=r, column=c), safe_value(value))


#: Rows the summary's chart covers (its height in rows of CHART_ROW_PT points), so the
#: page it needs is known.
CHART_ROWS, CHART_ROW_PT = 16, 15.0


def _summary_sheet(wb: Workbook, result: Result, office: dict[str, str]) -> None:
    """The summary as an official form: heading, the table by field, the index and its
    provenance, the signature block; then the chart by field."""
    ws = _replace_sheet(wb, SUMMARY_SHEET, INPUT_SHEET)
    rows = summary_table(result)
    ncols = len(rows[0])
    last = column_letter(ncols - 1)
    rs = result.ruleset
    top = form.summary_heading(ws, unit=result.unit or "", year=result.year, ruleset_title=rs.title, ruleset_id=rs.id,
                          ruleset_version=rs.version, office=office)
    o = top - 1  # rows of summary_table are 1-based: row r is on sheet row r + o
    _put_rows(ws, rows, start=top)
    _header(ws, ncols, top)
    field_rows = summary_field_rows(result)
    table_end = field_rows.stop + 3  # bonus, penalty, total
    for r in range(2, table_end + 1):
        total = r == table_end
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r + o, column=c)
            cell.border = BOX
            cell.font = _font(11, bold=total)
            cell.alignment = _align("left" if c == 2 else "center", "center", c == 2)
            if c >= 3:
                cell.number_format = "0.00" if c == ncols else "General"
            if total:
                cell.fill = _solid(styles.TOTAL_FILL)
        ws.row_dimensions[r + o].height = 20 if len(str(ws.cell(row=r + o, column=2).value or "")) < 52 else 34
    for r in range(table_end + 1, len(rows) + 1):
        label, value = ws.cell(row=r + o, column=2), ws.cell(row=r + o, column=3)
        label.font = _font(11, bold=True)
        label.alignment = _align(vertical="top")
        value.font = _font(11, bold=label.value in ("Tổng điểm", "Chỉ số CCHC (%)", "Xếp loại"))
        value.alignment = _align("left", "top", True)
        if label.value == "Chỉ số CCHC (%)":
            value.number_format = "0.00"
        ws.merge_cells(start_row=r + o, start_column=3, end_row=r + o, end_column=ncols)
        text = str(value.value or "")
        ws.row_dimensions[r + o].height = height_for(text_lines(text, sum(SUMMARY_WIDTHS[2:]), 11), 11)

    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Chỉ số theo lĩnh vực (%)"
    chart.y_axis.title = "Chỉ số (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 20
    chart.x_axis.scaling.orientation = "maxMin"  # field 1 at the top, as in the table
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    data = Reference(ws, min_col=ncols, min_row=top, max_row=field_rows.stop + o)
    cats = Reference(ws, min_col=2, min_row=top + 1, max_row=field_rows.stop + o)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.legend = None
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(chart.dataLabels, flag, False)
    chart.y_axis.number_format = "0"
    chart.height = CHART_ROWS * CHART_ROW_PT / 72 * 2.54  # cm
    chart.width = form.block_points(ws, "B", last) * 0.96 / 72 * 2.54  # within the printed columns
    # the form ends with its signature block; the chart follows it, on a page of its own when
    # the form leaves no room for it
    signed = form.write_signature(ws, "A", last, len(rows) + o + 1)
    anchor = signed + 1
    ws.add_chart(chart, f"B{anchor}")
    for r in range(anchor, anchor + CHART_ROWS):
        ws.row_dimensions[r].height = CHART_ROW_PT
    end = anchor + CHART_ROWS

    form.print_setup(ws, landscape=False, title_rows=None)
    ws.print_area = f"A1:{last}{end - 1}"
    if not form.fits_one_page(ws, "A", last, 1, end - 1, landscape=False):
        ws.row_breaks.append(Break(id=signed))
    form.set_header_footer(ws.oddFooter, left=texts.FOOTER_SUMMARY.format(year=result.year, unit=result.unit or ""),
                           right=texts.PAGE_NUMBER)


# --------------------------------------------------------------------------- Truy vết

def _trace_sheet(wb: Workbook, result: Result) -> None:
    ws = _replace_sheet(wb, TRACE_SHEET, SUMMARY_SHEET)
    rows = trace_table(result)
    _put_rows(ws, rows)
    ncols = len(rows[0])
    _header(ws, ncols)
    steps = len(result.trace.steps)
    for r in range(2, steps + 2):
        lines = 1
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = BOX
            cell.font = _font(9, bold=c == 1)
            cell.alignment = _align("center" if c in (1, 7, 8, 9) else "left", "top", True)
            lines = max(lines, text_lines(cell.value, TRACE_WIDTHS[c - 1], 9))
        ws.row_dimensions[r].height = height_for(lines, 9)
    for r in range(steps + 3, len(rows) + 1):
        ws.cell(row=r, column=2).font = _font(10, bold=True)
        ws.cell(row=r, column=3).font = _font(10)
    for i, width in enumerate(TRACE_WIDTHS, start=1):
        ws.column_dimensions[column_letter(i - 1)].width = width
    ws.freeze_panes = "C2"
    form.print_setup(ws, landscape=True, title_rows="1:1")
    form.set_header_footer(ws.oddHeader, center=f"{texts.TRACE_TITLE.format(year=result.year)} — {result.unit or ''}",
                           size=9)
    form.set_header_footer(ws.oddFooter, left=texts.FOOTER_TRACE.format(year=result.year, unit=result.unit or ""),
                           right=texts.PAGE_NUMBER)

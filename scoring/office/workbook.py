"""Write the consolidated report (`tables.Report`) as an .xlsx workbook, with xlsxwriter.

xlsxwriter writes a workbook from scratch several times faster than openpyxl and streams
rows, which matters for a gap register of tens of thousands of rows. The official heading and
signature block come from `scoring.workbook.form` (the same builders as the unit's forms):
they are drawn on a scratch openpyxl sheet with this sheet's column widths, then copied here
cell by cell, merges, fonts, alignment and row heights included (`_Bridge`).

Each sheet: heading, tables (header row, data rows, footer rows of maxima and averages), the
charts of the sheet under their tables, and the signers where the form is signed; A4 fitted to
the page's width, the header row repeated on every page and frozen on screen. Formulas carry
the program's values as their cached results, so a viewer that does not recalculate shows the
same numbers; Excel and LibreOffice recalculate them on opening.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import xlsxwriter
from openpyxl import Workbook as ScratchWorkbook
from openpyxl.utils import get_column_letter

from .. import __version__
from ..messages import render
from ..workbook import form, limits, styles
from ..workbook.fit import height_for, text_lines
from .tables import Formula, Report, Sheet, Table

#: Marks the workbook as a consolidated report (a later run does not take it for a unit's).
MARKER = "cchc_consolidated"
BODY = 10
_PLACEHOLDER = re.compile(r"\{(col:[^{}]+|ref:[^{}]+|this|row|top|bottom)\}")
NUMBER_FORMAT = {"int": "0", "points": "0.00", "percent": "0.00"}
CHART_ROWS = 18


@dataclass
class Placed:
    """Where a table lies on its sheet (1-based rows)."""

    sheet: str
    table: Table
    header: int
    top: int
    bottom: int            # last data row (top - 1 without data)
    footer_end: int

    def column(self, key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(self.table.columns) if c.key == key) + 1)


@dataclass
class Layout:
    sheet: Sheet
    heading: Any            # the scratch openpyxl sheet with the heading, or None
    first_row: int          # first row after the heading
    placed: list[Placed] = field(default_factory=list)
    charts: list[tuple[int, Any]] = field(default_factory=list)   # (row, chart spec)
    end: int = 0


def workbook_bytes(rep: Report, *, office: str = "", agency: str = "", place: str = "") -> bytes:
    """The consolidated workbook as bytes (written atomically by the caller)."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    wb.set_properties({"title": rep.sheets[0].title if rep.sheets else "", "author": f"cchc-scoring {__version__}"})
    wb.set_custom_property(MARKER, "1")
    formats = _Formats(wb)
    heading = form.Heading(unit=office.strip() or render("office_office_blank"), agency=agency, place=place,
                           title="")
    layouts = [_layout(s, heading) for s in rep.sheets]
    refs = {p.table.key: p for lay in layouts for p in lay.placed}
    bulk: dict[str, str] = {}
    for n, lay in enumerate(layouts, start=1):
        rows = _write_sheet(wb, lay, refs, formats, rep.year)
        if rows is not None:
            bulk[f"xl/worksheets/sheet{n}.xml"] = rows
    wb.close()
    return _splice(buffer.getvalue(), bulk) if bulk else buffer.getvalue()


# --------------------------------------------------------------------------- layout

def _layout(sheet: Sheet, heading: form.Heading) -> Layout:
    widths = _widths(sheet)
    scratch = ScratchWorkbook().active
    for i, w in enumerate(widths, start=1):
        scratch.column_dimensions[get_column_letter(i)].width = w
    last = get_column_letter(len(widths))
    h = form.Heading(unit=heading.unit, agency=heading.agency, place=heading.place, title=sheet.title,
                     subtitles=sheet.subtitles)
    row = form.write_heading(scratch, "A", last, h, row=1, split=_split(scratch, widths)) + 1
    lay = Layout(sheet, scratch, row)
    for table in sheet.tables:
        header = row
        top = header + 1
        bottom = top + len(table.rows) - 1
        footer_end = bottom + len(table.footer)
        lay.placed.append(Placed(sheet.name, table, header, top, bottom, footer_end))
        row = footer_end + 2
        for chart in sheet.charts:
            if chart.table == table.key:
                lay.charts.append((row, chart))
                row += CHART_ROWS + 1
    lay.end = row - 1
    return lay


def _split(scratch: Any, widths: list[float]) -> tuple[str, str]:
    """The heading's left and right blocks (a two-column sheet: one column each)."""
    if len(widths) <= 2:
        return "A", get_column_letter(len(widths))
    return form.split_columns(scratch, "A", get_column_letter(len(widths)))


def _widths(sheet: Sheet) -> list[float]:
    """Column widths: the widest table's columns (tables on one sheet share the columns)."""
    out: list[float] = []
    for t in sheet.tables:
        for i, c in enumerate(t.columns):
            if i < len(out):
                out[i] = max(out[i], c.width)
            else:
                out.append(c.width)
    return (out or [10.0]) + list(sheet.extra_widths)


# --------------------------------------------------------------------------- writing

def _write_sheet(wb: Any, lay: Layout, refs: dict[str, Placed], formats: _Formats,
                 year: int | None) -> tuple[str, str] | None:
    """Write one sheet; returns (dimension, rows XML) of a bulk table to splice in, else None."""
    sheet = lay.sheet
    spliced = None
    ws = wb.add_worksheet(sheet.name)
    widths = _widths(sheet)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    last = get_column_letter(len(widths))
    _Bridge(ws, formats).copy(lay.heading)

    for p in lay.placed:
        if p.table.bulk:
            spliced = (f"A1:{get_column_letter(len(widths))}{max(p.bottom, p.header)}", _bulk_rows(p, formats))
        _write_table(ws, p, refs, formats)
    for row, chart in lay.charts:
        _insert_chart(wb, ws, row, chart, refs[chart.table], widths)

    end = lay.end
    if sheet.signature:
        scratch = ScratchWorkbook().active
        for i, w in enumerate(widths, start=1):
            scratch.column_dimensions[get_column_letter(i)].width = w
        end = form.write_signature(scratch, "A", last, lay.end + 1, split=_split(scratch, widths)) - 1
        _Bridge(ws, formats).copy(scratch)

    first = lay.placed[0] if lay.placed else None
    if first is not None:
        if sheet.freeze:
            ws.freeze_panes(first.header, 0)
        if first.table.autofilter and first.table.rows:
            ws.autofilter(first.header - 1, 0, first.bottom - 1, len(first.table.columns) - 1)
        ws.repeat_rows(first.header - 1)
    ws.set_paper(9)  # A4
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_area(0, 0, max(end, 1) - 1, len(widths) - 1)
    footer = limits.fit(render("office_footer", year=year or "", sheet=sheet.name).replace("&", "&&"), 200)
    ws.set_footer(f"&L&8{footer}&R&8Trang &P/&N")
    return spliced


def _write_table(ws: Any, p: Placed, refs: dict[str, Placed], formats: _Formats) -> None:
    t = p.table
    cols = t.columns
    r0 = p.header - 1
    for j, c in enumerate(cols):
        ws.write_string(r0, j, c.header, formats.header)
    ws.set_row(r0, max(30.0, max(height_for(text_lines(c.header, c.width, BODY), BODY) for c in cols)))

    def cell_format(kind: str, footer: bool) -> Any:
        return formats.cell(kind, footer)

    for i, row in enumerate(t.rows if not t.bulk else ()):
        r = p.top + i
        lines = 1
        for j, c in enumerate(cols):
            value = row.get(c.key)
            _write(ws, r - 1, j, value, cell_format(c.kind, False), p, refs, c.key)
            if c.kind == "wrap" and isinstance(value, str):
                lines = max(lines, text_lines(value, c.width, BODY))
        if lines > 1:
            ws.set_row(r - 1, height_for(lines, BODY))
    for i, row in enumerate(t.footer):
        r = p.bottom + 1 + i
        for j, c in enumerate(cols):
            _write(ws, r - 1, j, row.get(c.key), cell_format(c.kind, True), p, refs, c.key)
    for key, maximum in t.colour_scale.items():
        if not t.rows:
            continue
        j = next(i for i, c in enumerate(cols) if c.key == key)
        top = float(maximum)
        ws.conditional_format(p.top - 1, j, p.bottom - 1, j, {
            "type": "3_color_scale", "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": top / 2,
            "max_type": "num", "max_value": top, "min_color": "#F8696B", "mid_color": "#FFEB84",
            "max_color": "#63BE7B"})


def _write(ws: Any, r: int, j: int, value: Any, fmt: Any, p: Placed, refs: dict[str, Placed], key: str) -> None:
    if isinstance(value, Formula):
        ws.write_formula(r, j, _resolve(value.template, p, refs, key, r + 1), fmt, _cached(value.value))
    elif value is None or value == "":
        ws.write_blank(r, j, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(r, j, render("office_yes") if value else "", fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, j, float(value), fmt)
    else:
        ws.write_string(r, j, limits.cell_text(str(value)), fmt)


def _cached(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def _resolve(template: str, p: Placed, refs: dict[str, Placed], key: str, row: int) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "row":
            return str(row)
        if name == "top":
            return str(p.top)
        if name == "bottom":
            return str(max(p.bottom, p.top))
        if name == "this":
            return p.column(key)
        if name.startswith("col:"):
            return p.column(name[4:])
        _, table, column = name.split(":", 2)
        other = refs[table]
        letter = other.column(column)
        sheet = other.sheet.replace("'", "''")
        return f"'{sheet}'!${letter}${other.top}:${letter}${max(other.bottom, other.top)}"

    return _PLACEHOLDER.sub(sub, template)


def _insert_chart(wb: Any, ws: Any, row: int, spec: Any, p: Placed, widths: list[float]) -> None:
    chart = wb.add_chart({"type": spec.kind})
    cat = next(i for i, c in enumerate(p.table.columns) if c.key == spec.categories)
    val = next(i for i, c in enumerate(p.table.columns) if c.key == spec.values)
    last = max(p.bottom, p.top) - 1
    chart.add_series({
        "name": spec.title,
        "categories": [p.sheet, p.top - 1, cat, last, cat],
        "values": [p.sheet, p.top - 1, val, last, val],
        "data_labels": {"value": True, "num_format": "0.00" if spec.axis_max else "0"},
        "fill": {"color": "#" + styles.TITLE_FILL},
    })
    chart.set_title({"name": spec.title, "name_font": {"name": styles.FONT, "size": 12, "bold": True}})
    chart.set_legend({"none": True})
    value_axis = {"min": 0, "num_font": {"name": styles.FONT, "size": 9}, "major_gridlines": {"visible": True}}
    if spec.axis_max:
        value_axis["max"] = spec.axis_max
    else:  # counts: whole steps
        from .tables import plain

        top = max((plain(r.get(spec.values)) or 0 for r in p.table.rows), default=0)
        value_axis.update(num_format="0", major_unit=max(1, -(-int(top) // 8)))
    category_axis = {"num_font": {"name": styles.FONT, "size": 9}}
    if spec.kind == "bar":  # field 1 at the top, as in the table
        category_axis["reverse"] = True
        chart.set_x_axis(value_axis)
        chart.set_y_axis(category_axis)
    else:
        chart.set_x_axis(category_axis)
        chart.set_y_axis(value_axis)
    pixels = sum(int(w * 7 + 5) for w in widths)
    chart.set_size({"width": int(pixels * 0.98), "height": CHART_ROWS * 20})
    ws.insert_chart(row - 1, 0, chart, {"x_offset": 2, "y_offset": 2, "object_position": 2})


# --------------------------------------------------------------------------- bulk tables

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _bulk_rows(p: Placed, formats: _Formats) -> str:
    """The data rows of a large table as sheet XML (what xlsxwriter would write, 4-5× faster):
    inline strings, numbers, the table's cell formats, row heights for wrapped text. Texts repeat
    across units (titles, labels, kinds, files): each is escaped and measured once."""
    cols = p.table.columns
    letters = [get_column_letter(j + 1) for j in range(len(cols))]
    styles_ = [formats.cell(c.kind, False)._get_xf_index() for c in cols]
    per_line = [max(1, int(c.width * 1.12)) if c.kind == "wrap" else 0 for c in cols]
    keys = [c.key for c in cols]
    heads = [f'<c r="{letters[j]}' for j in range(len(cols))]
    styled = [f'" s="{styles_[j]}"' for j in range(len(cols))]
    text_xml: dict[str, str] = {}
    lines_of: dict[tuple[str, int], int] = {}
    out = []
    for i, row in enumerate(p.table.rows):
        r = p.top + i
        rs = str(r)
        cells = []
        lines = 1
        for j, key in enumerate(keys):
            v = row.get(key)
            if v is None or v == "":
                cells.append(heads[j] + rs + styled[j] + "/>")
            elif isinstance(v, str):
                body = text_xml.get(v)
                if body is None:
                    body = text_xml[v] = f' t="inlineStr"><is><t xml:space="preserve">{_xml_text(v)}</t></is></c>'
                cells.append(heads[j] + rs + styled[j] + body)
                if per_line[j] and len(v) > per_line[j]:
                    n = lines_of.get((v, per_line[j]))
                    if n is None:
                        n = lines_of[(v, per_line[j])] = _lines(v, per_line[j])
                    lines = max(lines, n)
            elif isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
                cells.append(f'<c r="{letters[j]}{r}" s="{styles_[j]}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{letters[j]}{r}" s="{styles_[j]}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{_xml_text(str(v))}</t></is></c>")
        height = f' ht="{height_for(lines, BODY)}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{r}"{height}>{"".join(cells)}</row>')
    return "".join(out)


def _xml_text(text: str) -> str:
    text = limits.cell_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _lines(value: Any, per_line: int) -> int:
    """Wrapped lines of a long text, estimated by length (cheap: tens of thousands of rows)."""
    if not isinstance(value, str) or len(value) <= per_line:
        return 1
    return sum(-(-max(1, len(part)) // per_line) for part in value.split("\n"))


def _splice(data: bytes, bulk: dict[str, tuple[str, str]]) -> bytes:
    """Put the bulk tables' rows into the sheets xlsxwriter wrote (after their header rows),
    streamed into the new package."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                    compresslevel=1) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename not in bulk:
                dst.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            dimension, rows = bulk[info.filename]
            part = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), part, count=1)
            at = part.rindex(b"</sheetData>")
            target = zipfile.ZipInfo(info.filename, info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w", force_zip64=True) as handle:
                handle.write(part[:at])
                step = 1 << 22
                for k in range(0, len(rows), step):
                    handle.write(rows[k:k + step].encode("utf-8"))
                handle.write(part[at:])
    return out.getvalue()


# --------------------------------------------------------------------------- formats

class _Formats:
    """xlsxwriter formats, each made once."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self._cache: dict[tuple, Any] = {}
        border = {"border": 1, "border_color": "#" + styles.BORDER}
        self.header = wb.add_format({"font_name": styles.FONT, "font_size": BODY, "bold": True, "font_color": "#FFFFFF",
                                     "bg_color": "#" + styles.TITLE_FILL, "align": "center", "valign": "vcenter",
                                     "text_wrap": True, **border})
        self._border = border

    def cell(self, kind: str, footer: bool) -> Any:
        key = ("cell", kind, footer)
        found = self._cache.get(key)
        if found is None:
            spec: dict[str, Any] = {"font_name": styles.FONT, "font_size": BODY, "valign": "top", **self._border}
            if kind in NUMBER_FORMAT:
                spec.update(num_format=NUMBER_FORMAT[kind], align="center")
            if kind == "wrap":
                spec["text_wrap"] = True
            if footer:
                spec.update(bold=True, bg_color="#" + styles.TOTAL_FILL)
            found = self._cache[key] = self.wb.add_format(spec)
        return found

    def of(self, cell: Any) -> Any:
        """The format of a scratch openpyxl cell (font and alignment: what the form builders set)."""
        f, a = cell.font, cell.alignment
        key = ("form", f.name, f.sz, f.b, f.i, a.horizontal, a.vertical, a.wrap_text)
        found = self._cache.get(key)
        if found is None:
            spec: dict[str, Any] = {"font_name": f.name or styles.FONT, "font_size": float(f.sz or 11),
                                    "bold": bool(f.b), "italic": bool(f.i), "text_wrap": bool(a.wrap_text)}
            if a.horizontal:
                spec["align"] = {"centerContinuous": "center_across"}.get(a.horizontal, a.horizontal)
            if a.vertical:
                spec["valign"] = {"center": "vcenter"}.get(a.vertical, a.vertical)
            found = self._cache[key] = self.wb.add_format(spec)
        return found


class _Bridge:
    """Copy what `form.write_heading`/`write_signature` drew on a scratch openpyxl sheet."""

    def __init__(self, ws: Any, formats: _Formats) -> None:
        self.ws = ws
        self.formats = formats

    def copy(self, scratch: Any) -> None:
        merged = {}
        for rng in scratch.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = rng
        covered = {(r, c) for rng in merged.values() for r in range(rng.min_row, rng.max_row + 1)
                   for c in range(rng.min_col, rng.max_col + 1)}
        for (r, c), cell in sorted(scratch._cells.items()):
            value = cell.value
            if (r, c) in merged:
                rng = merged[(r, c)]
                self.ws.merge_range(r - 1, c - 1, rng.max_row - 1, rng.max_col - 1, "", self.formats.of(cell))
                self._put(r, c, value, cell)
            elif (r, c) not in covered and value is not None:
                self._put(r, c, value, cell)
        for r, dim in scratch.row_dimensions.items():
            if dim.height is not None:
                self.ws.set_row(r - 1, dim.height)

    def _put(self, r: int, c: int, value: Any, cell: Any) -> None:
        fmt = self.formats.of(cell)
        if value is None:
            self.ws.write_blank(r - 1, c - 1, None, fmt)
        elif isinstance(value, str) and value.startswith("="):
            self.ws.write_formula(r - 1, c - 1, value, fmt)
        else:
            self.ws.write(r - 1, c - 1, value, fmt)


def is_consolidated(path: Any) -> bool:
    """Whether `path` is a consolidated report this program wrote (its custom property)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > 64_000:
                return False
            return f'name="{MARKER}"'.encode() in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False

"""Generate the workbook a unit fills, from a rule set (openpyxl).

One block of rows per item: code, content, maximum and method on the left (merged
down the block), one row per evidence field in the middle, then documents, "Không áp
dụng", explanation, points and findings (merged). Inputs are unlocked and yellow, with
typed data validation; everything else is locked by a sheet protection without a
password. Subtotals and the total are formulas over the points column.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..engine import method_lines
from ..models.ruleset import Criterion, EvidenceField, Item
from ..ruleset import LoadedRuleSet
from . import form, guide, styles, texts
from .fit import fit_block, height_for, keep_together, text_lines
from .merges import plain_styles, reuse_styles
from .spec import (
    ADJUSTMENTS_GROUP,
    COLUMNS,
    GROUP_PREFIX,
    GUIDE_SHEET,
    INPUT_SHEET,
    KEY_HEADER,
    KEY_TOTAL,
    KEY_UNIT,
    META_SHEET,
    SUMMARY_SHEET,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TRACE_SHEET,
    Columns,
    column_index,
    column_letter,
    field_key,
)

#: Column widths (characters) by role; tuned on A4 landscape prints (see tests/workbook).
WIDTHS = {"key": 4, "code": 5.5, "title": 25, "max": 6, "method": 23, "label": 22, "value": 14, "unit": 8,
          "documents": 23, "not_applicable": 8, "explanation": 17, "points": 6.5, "findings": 30}
BODY_SIZE = 10
SMALL_SIZE = 9
#: Rows of the input sheet: the official heading (form.write_heading) fills rows 1-7, then
#: the unit's name and the hint, the column headers and their numbers, then the items.
INFO_ROW = 8
UNIT_CELL = "D8"  # the unit's name: an input, recorded in the metadata as unit_cell
HEADER_ROW = 11
FIRST_ROW = 13
NUMBER_FORMATS = {"count": "#,##0", "number": "General", "percent": "0.00%", "date": "dd/mm/yyyy",
                  "yes_no": "@", "choice": "@", "document": "@", "text": "@"}

_thin = Side(style="thin", color=styles.BORDER)
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


@functools.cache
def font(size: float = BODY_SIZE, bold: bool = False, italic: bool = False, color: str | None = None) -> Font:
    return Font(name=styles.FONT, size=size, bold=bold, italic=italic, color=color)


@functools.cache
def fill(hex_colour: str | None) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=hex_colour) if hex_colour else PatternFill(fill_type=None)


TOP_WRAP = Alignment(vertical="top", wrap_text=True)


def put_text(cell, value):  # type: ignore[no-untyped-def]
    """Set a value from the rule set or the user; text starting with "=" stays text, never a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
#: Style objects are shared (the same object for the same style, see merges.reuse_styles): never
#: change one after use.
RIGHT_TOP = Alignment(horizontal="right", vertical="top")


@functools.cache
def _input_alignment(wrap: bool, horizontal: str) -> Alignment:
    return Alignment(vertical="top", wrap_text=wrap, horizontal=horizontal)


@dataclass
class _Sheet:
    """Row bookkeeping while the input sheet is written."""

    ws: Worksheet
    cols: Columns
    row: int = FIRST_ROW
    validations: dict[str, DataValidation] = field(default_factory=dict)
    lists: dict[tuple[str, str], str] = field(default_factory=dict)  # (item, field) → meta range


@dataclass(frozen=True)
class Office:
    """Who the forms name besides the unit: the superior body (top left of every form), the
    place of the date line, and the office's contact for returning the workbook (guide)."""

    agency: str = ""
    place: str = ""
    contact: str = ""

    @classmethod
    def resolve(cls, loaded: LoadedRuleSet, *, agency: str | None = None, place: str | None = None,
                contact: str | None = None) -> Office:
        """The given values; the superior body falls back on the rule set's issuer when that
        names a people's committee, and the place on the province or city in the body's name."""
        body = form.superior_body(agency, loaded.ruleset.issuer)
        return cls(agency=body, place=(place or "").strip() or form.place_of(body), contact=(contact or "").strip())


def build_workbook(loaded: LoadedRuleSet, unit: str, *, year: int | None = None,
                   deadline: str | None = None, office: Office | None = None) -> Workbook:
    """The blank workbook for one unit (nothing written to disk)."""
    rs = loaded.ruleset
    year = year or rs.year
    office = office or Office.resolve(loaded)
    wb = reuse_styles(Workbook())
    guide_ws = wb.active
    guide_ws.title = GUIDE_SHEET
    ws = wb.create_sheet(INPUT_SHEET)
    summary = wb.create_sheet(SUMMARY_SHEET)
    trace = wb.create_sheet(TRACE_SHEET)
    meta_ws = wb.create_sheet(META_SHEET)

    lists = _write_meta(meta_ws, loaded, unit, year, deadline, office)
    sheet = _Sheet(ws, COLUMNS, lists=lists)
    _input_sheet(sheet, loaded, unit, year, deadline, office)
    guide.write_guide(guide_ws, loaded, unit, year, deadline, contact=office.contact, unit_cell=UNIT_CELL)
    rs = loaded.ruleset
    top = form.summary_heading(summary, unit=unit, year=year, ruleset_title=rs.title, ruleset_id=rs.id,
                          ruleset_version=rs.version, office={"agency": office.agency, "place": office.place})
    summary[f"A{top}"] = texts.NOT_SCORED.format(sheet=SUMMARY_SHEET, guide=GUIDE_SHEET)
    summary[f"A{top}"].font = font(11, italic=True)
    form.print_setup(summary, landscape=False, title_rows=None)
    summary.print_area = f"A1:H{top}"
    trace["A1"] = texts.NOT_SCORED.format(sheet=TRACE_SHEET, guide=GUIDE_SHEET)
    trace["A1"].font = font(11, italic=True)
    trace.column_dimensions["A"].width = 100

    meta_ws.sheet_state = "hidden"
    wb.active = wb.sheetnames.index(INPUT_SHEET)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    # sheets cannot be deleted, renamed or unhidden by accident; no password, so an office can still unprotect
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = texts.TITLE.format(year=year)
    wb.properties.subject = unit
    wb.properties.creator = f"cchc-scoring {__version__}"
    return wb


def save_workbook(wb: Workbook) -> bytes:
    plain_styles(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- metadata

def _write_meta(ws: Worksheet, loaded: LoadedRuleSet, unit: str, year: int, deadline: str | None,
                office: Office) -> dict:
    rs = loaded.ruleset
    rows = [
        ("template", TEMPLATE_ID, "Mẫu sổ chấm điểm Chỉ số CCHC"),
        ("template_version", TEMPLATE_VERSION, "Phiên bản mẫu sổ"),
        ("ruleset_id", rs.id, "Mã bộ chỉ số"),
        ("ruleset_version", rs.version, "Phiên bản bộ chỉ số"),
        ("ruleset_hash", loaded.hash, "Mã băm nội dung bộ chỉ số"),
        ("ruleset_title", rs.title, "Tên bộ chỉ số"),
        ("year", year, "Năm đánh giá"),
        ("unit", unit, "Đơn vị"),
        ("unit_cell", UNIT_CELL, "Ô tên đơn vị trên trang «Tự đánh giá»"),
        ("deadline", deadline or "", "Hạn nộp"),
        ("agency", office.agency, "Cơ quan chủ quản (góc trái các biểu)"),
        ("place", office.place, "Địa danh ghi ở dòng ngày tháng"),
        ("contact", office.contact, "Nơi nhận sổ (trang «Hướng dẫn»)"),
        ("generated_at", dt.datetime.now().replace(microsecond=0).isoformat(), "Thời điểm tạo sổ"),
        ("generator", f"cchc-scoring {__version__}", "Phần mềm tạo sổ"),
    ] + [(k, v, "Cột trên trang «Tự đánh giá»") for k, v in COLUMNS.as_meta().items()]
    ws.append(["Khóa", "Giá trị", "Ý nghĩa"])
    for key, value, meaning in rows:
        ws.append([key, value, meaning])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 40

    # choice lists (labels may contain commas, so data validation refers to ranges here)
    lists: dict[tuple[str, str], str] = {}
    col = 5
    for item in rs.items():
        for f in item.evidence:
            if f.type == "choice" and f.options:
                letter = column_letter(col)
                ws[f"{letter}1"] = f"{item.id}:{f.name}"
                for i, option in enumerate(f.options, start=2):
                    put_text(ws[f"{letter}{i}"], option.label)
                lists[(item.id, f.name)] = f"'{META_SHEET}'!${letter}$2:${letter}${1 + len(f.options)}"
                col += 1
    return lists


# --------------------------------------------------------------------------- input sheet

def _input_sheet(s: _Sheet, loaded: LoadedRuleSet, unit: str, year: int, deadline: str | None,
                 office: Office) -> None:
    ws, c = s.ws, s.cols
    rs = loaded.ruleset
    first, last = c.code, c.findings
    for role, width in WIDTHS.items():
        ws.column_dimensions[getattr(c, role)].width = width
    ws.column_dimensions[c.key].hidden = True

    heading = form.Heading(
        unit=unit, unit_formula=f"=UPPER({UNIT_CELL})", agency=office.agency, place=office.place,
        title=texts.TITLE.format(year=year),
        subtitles=(texts.RULESET_SUBTITLE.format(title=rs.title, id=rs.id, version=rs.version),))
    info_row = form.write_heading(ws, first, last, heading, row=1)
    assert info_row == INFO_ROW, info_row  # UNIT_CELL, HEADER_ROW and FIRST_ROW are fixed from it

    # the unit's name (an input: the heading above shows it in capitals), the year and the deadline
    ws[f"{c.key}{INFO_ROW}"] = KEY_UNIT
    _label(ws, f"{c.title}{INFO_ROW}", texts.UNIT_LABEL)
    unit_cell = ws[UNIT_CELL]
    put_text(unit_cell, unit)
    _input(unit_cell, size=11, bold=True)
    unit_cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.merge_cells(f"{c.max}{INFO_ROW}:{c.label}{INFO_ROW}")
    _cover(s.validations.setdefault("unit", _validation("text", "unit")), UNIT_CELL)
    ws[f"{c.value}{INFO_ROW}"] = f"Năm đánh giá: {year}" + (f"   ·   Hạn nộp: {deadline}" if deadline else "")
    ws[f"{c.value}{INFO_ROW}"].font = font(11, bold=True)
    ws[f"{c.value}{INFO_ROW}"].alignment = Alignment(horizontal="left", vertical="center", indent=1)
    ws.merge_cells(f"{c.value}{INFO_ROW}:{last}{INFO_ROW}")
    ws.row_dimensions[INFO_ROW].height = 20

    hint_row = INFO_ROW + 1
    _label(ws, f"{c.title}{hint_row}", texts.HINT_LABEL)
    ws[f"{c.max}{hint_row}"] = texts.HINT
    ws[f"{c.max}{hint_row}"].font = font(BODY_SIZE, italic=True)
    ws[f"{c.max}{hint_row}"].alignment = Alignment(vertical="center", wrap_text=True)
    ws.merge_cells(f"{c.max}{hint_row}:{last}{hint_row}")
    ws.row_dimensions[hint_row].height = 16
    ws.row_dimensions[hint_row + 1].height = 6

    ws[f"{c.key}{HEADER_ROW}"] = KEY_HEADER
    for n, (letter, text) in enumerate(sorted(texts.header_row(c).items(), key=lambda kv: column_index(kv[0])), 1):
        cell = ws[f"{letter}{HEADER_ROW}"]
        cell.value = text
        cell.font = font(BODY_SIZE, bold=True, color="FFFFFF")
        cell.fill = fill(styles.TITLE_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        num = ws[f"{letter}{HEADER_ROW + 1}"]
        num.value = f"({n})"
        num.font = font(SMALL_SIZE, italic=True)
        num.alignment = Alignment(horizontal="center")
        num.border = BOX
    ws.row_dimensions[HEADER_ROW].height = 54

    component_rows: list[int] = []
    for comp in rs.components:
        comp_row = _group_row(s, comp.id, comp.title, level=0)
        component_rows.append(comp_row)
        children: list[int] = []
        for crit in comp.criteria:
            if isinstance(crit, Criterion):
                crit_row = _group_row(s, crit.id, crit.title, level=1)
                start = s.row
                for item in crit.items:
                    _item_block(s, item)
                _sum_formula(s, crit_row, f"{{col}}{start}:{{col}}{s.row - 1}")
                children.append(crit_row)
            else:
                children.append(s.row)
                _item_block(s, crit)
        _sum_formula(s, comp_row, ",".join(f"{{col}}{r}" for r in children))

    adj_row = None
    if rs.adjustments:
        adj_row = _group_row(s, ADJUSTMENTS_GROUP[len(GROUP_PREFIX):], texts.ADJUSTMENTS_TITLE, level=0,
                             key=ADJUSTMENTS_GROUP, code="")
        start = s.row
        for item in rs.adjustments:
            _item_block(s, item)
        ws[f"{c.points}{adj_row}"] = subtotal(f"{c.points}{start}:{c.points}{s.row - 1}")

    total = s.row
    ws[f"{c.key}{total}"] = KEY_TOTAL
    ws[f"{c.title}{total}"] = texts.TOTAL_TITLE
    ws[f"{c.method}{total}"] = texts.TOTAL_NOTE
    parts = ",".join(f"{c.points}{r}" for r in component_rows + ([adj_row] if adj_row else []))
    ws[f"{c.points}{total}"] = f'=IF(COUNT({parts})=0,"",MIN(100,MAX(0,SUM({parts}))))'
    ws[f"{c.max}{total}"] = "=SUM(" + ",".join(f"{c.max}{r}" for r in component_rows) + ")"
    for col in _span(c):
        cell = ws[f"{col}{total}"]
        cell.font = font(11, bold=col != c.method, italic=col == c.method)
        cell.fill = fill(styles.TOTAL_FILL)
        cell.border = BOX
        cell.alignment = CENTER if col in (c.max, c.points) else Alignment(vertical="center", wrap_text=True)
    ws.merge_cells(f"{c.method}{total}:{column_letter(column_index(c.points) - 1)}{total}")
    ws.row_dimensions[total].height = 22

    end = form.write_signature(ws, first, last, total + 1)

    for dv in s.validations.values():
        ws.add_data_validation(dv)
    ws.freeze_panes = f"{c.max}{FIRST_ROW}"
    _print_setup(ws, c, unit, year, end - 1)
    paginate(ws, c)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # users may widen columns and rows to read long text
    ws.protection.formatRows = False


def _label(ws: Worksheet, address: str, text: str) -> None:
    ws[address] = text
    ws[address].font = font(11, bold=True)
    ws[address].alignment = Alignment(horizontal="right", vertical="center")


def _span(c: Columns) -> list[str]:
    return [column_letter(i) for i in range(column_index(c.code), column_index(c.findings) + 1)]


def _group_row(s: _Sheet, gid: str, title: str, *, level: int, key: str | None = None, code: str | None = None) -> int:
    ws, c, r = s.ws, s.cols, s.row
    ws[f"{c.key}{r}"] = key or f"{GROUP_PREFIX}{gid}"
    ws[f"{c.code}{r}"] = gid if code is None else code
    put_text(ws[f"{c.title}{r}"], title)
    for col in _span(c):
        cell = ws[f"{col}{r}"]
        cell.font = font(BODY_SIZE + (0.5 if level == 0 else 0), bold=True)
        cell.fill = fill(styles.COMPONENT_FILL if level == 0 else styles.CRITERION_FILL)
        cell.border = BOX
        cell.alignment = CENTER if col in (c.code, c.max, c.points) else TOP_WRAP
    ws.row_dimensions[r].height = _height([(title + " " * (len(title) // 8), WIDTHS["title"])], BODY_SIZE)  # bold
    s.row += 1
    return r


def _sum_formula(s: _Sheet, row: int, cells: str) -> None:
    """Subtotals of a group row: the maximum always; the points once an item has points."""
    s.ws[f"{s.cols.max}{row}"] = f"=SUM({cells.format(col=s.cols.max)})"
    s.ws[f"{s.cols.points}{row}"] = subtotal(cells.format(col=s.cols.points))


def subtotal(cells: str) -> str:
    """Sum of `cells`, blank (not 0) while none of them holds a number: a workbook not yet
    scored shows no points at all."""
    return f'=IF(COUNT({cells})=0,"",SUM({cells}))'


def _item_block(s: _Sheet, item: Item) -> None:
    ws, c = s.ws, s.cols
    first = s.row
    fields = list(item.evidence) or [None]
    last = first + len(fields) - 1
    survey = item.is_survey

    for i, f in enumerate(fields):
        r = first + i
        ws[f"{c.key}{r}"] = field_key(item.id, f.name if f else None)
        label = ws[f"{c.label}{r}"]
        value = ws[f"{c.value}{r}"]
        unit = ws[f"{c.unit}{r}"]
        for cell in (label, value, unit):
            cell.border = BOX
            cell.font = font()
        label.alignment = TOP_WRAP
        unit.alignment = CENTER
        if f is None:
            continue
        put_text(label, f.label + ("" if f.required or survey else " (nếu có)"))
        put_text(unit, f.unit or texts.TYPE_UNIT.get(f.type, ""))
        _input(value, typ=f.type, survey=survey)
        if f.type == "percent":
            value.alignment = RIGHT_TOP
        if survey:  # entered by the office (`scoring survey import`), never by the unit: locked, not validated
            value.protection = Protection(locked=True)
            continue
        kind = f.type if f.type != "choice" else f"choice:{item.id}:{f.name}"
        dv = s.validations.get(kind) if f.type != "date" else None
        if dv is None:
            dv = _validation(f.type, f.type, f, list_range=s.lists.get((item.id, f.name)), cell=value.coordinate,
                             survey=survey)
            s.validations[kind if f.type != "date" else f"date:{value.coordinate}"] = dv
        _cover(dv, value.coordinate)

    # merged cells over the block: content on the left, documents/explanation/results on the right
    title = _title_text(item)
    merged = {
        c.code: (item.id, CENTER, font(bold=True)),
        c.title: (title, TOP_WRAP, font()),
        c.max: (_max_value(item), CENTER, font(bold=True)),
        c.method: ("\n".join(method_lines(item)), TOP_WRAP, font(SMALL_SIZE)),
        c.documents: (None, TOP_WRAP, font()),
        c.not_applicable: (None, CENTER, font()),
        c.explanation: (None, TOP_WRAP, font()),
        c.points: (None, CENTER, font(bold=True)),
        c.findings: (None, TOP_WRAP, font(SMALL_SIZE)),
    }
    for col, (value, align, fnt) in merged.items():
        cell = ws[f"{col}{first}"]
        if value is not None:
            put_text(cell, value)
        cell.alignment = align
        cell.font = fnt
        cell.border = BOX
        if last > first:  # the merge gives the edge cells the top-left cell's borders
            ws.merge_cells(f"{col}{first}:{col}{last}")
    if survey:
        for col in (c.documents, c.not_applicable, c.explanation):
            ws[f"{col}{first}"].fill = fill(styles.SURVEY_FILL)
        ws[f"{c.documents}{first}"] = texts.SURVEY_NOTE
        ws[f"{c.documents}{first}"].font = font(SMALL_SIZE, italic=True)
    else:
        _input(ws[f"{c.documents}{first}"], typ="document")
        _input(ws[f"{c.explanation}{first}"], typ="text")
        _cover(s.validations.setdefault("documents", _validation("text", "documents")), f"{c.documents}{first}")
        _cover(s.validations.setdefault("explanation", _validation("text", "explanation")), f"{c.explanation}{first}")
        if item.not_applicable.declarable:
            _input(ws[f"{c.not_applicable}{first}"], typ="text")
            _cover(s.validations.setdefault("not_applicable", _validation("not_applicable", "not_applicable")),
                   f"{c.not_applicable}{first}")
    ws[f"{c.points}{first}"].number_format = "General"

    fit_block(ws, range(first, last + 1), *block_columns(c))
    s.row = last + 1


def _title_text(item: Item) -> CellRichText | str:
    if not item.guidance:
        return item.title
    return CellRichText([item.title, TextBlock(InlineFont(rFont=styles.FONT, sz=SMALL_SIZE, i=True, color="595959"),
                                               f"\nTLKC: {item.guidance}")])


def _max_value(item: Item) -> float | int:
    value = -item.max_points if item.effect == "penalty" else item.max_points
    return int(value) if value == value.to_integral_value() else float(value)


def _input(cell, *, typ: str = "text", survey: bool = False, size: float = BODY_SIZE, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    cell.protection = UNLOCKED
    cell.fill = fill(styles.SURVEY_FILL if survey else styles.INPUT_FILL)
    cell.font = font(size, bold=bold)
    cell.number_format = NUMBER_FORMATS.get(typ, "@")
    cell.alignment = _input_alignment(typ in ("document", "text", "choice"),
                                      "right" if typ in ("count", "number", "percent") else "left")
    cell.border = BOX


def _cover(dv: DataValidation, address: str) -> None:
    """Add a single cell to a validation's range. `DataValidation.add` first checks the cell
    against every range already there (quadratic over a rule set's items); each cell is added
    once here, and the ranges are written sorted either way, so the file is the same."""
    dv.sqref.ranges.add(CellRange(address))


def _validation(kind: str, prompt: str, f: EvidenceField | None = None, *, list_range: str | None = None,
                cell: str | None = None, survey: bool = False) -> DataValidation:
    """Typed data validation with Vietnamese input and error messages."""
    title, text = texts.PROMPT.get(prompt, texts.PROMPT["text"])
    if f is not None and f.help:
        text = f"{f.help} {text}"
    if survey:
        text = f"{texts.SURVEY_NOTE} {text}"
    etitle, etext = texts.ERROR.get(kind, texts.ERROR["text"])
    options: dict = {}
    if kind == "count":
        options = {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}
    elif kind == "number":
        options = {"type": "decimal", "operator": "between", "formula1": "-1E+15", "formula2": "1E+15"}
    elif kind == "percent":
        options = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "1"}
    elif kind == "date":
        # a date, or "Không" when the report/document does not exist
        options = {"type": "custom", "formula1": f'OR(AND(ISNUMBER({cell}),{cell}>=36526),TRIM({cell})="Không",'
                                                 f'TRIM({cell})="không")'}
    elif kind == "yes_no":
        options = {"type": "list", "formula1": f'"{texts.YES},{texts.NO}"'}
    elif kind == "choice":
        options = {"type": "list", "formula1": list_range}
    elif kind == "not_applicable":
        options = {"type": "list", "formula1": f'"{texts.NOT_APPLICABLE_OPTION}"'}
    else:
        options = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "4000"}
    return DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                          promptTitle=title[:32], prompt=text[:250], errorTitle=etitle[:32], error=etext[:220],
                          **options)


# --------------------------------------------------------------------------- heights and printing

def _height(cells: list[tuple[str, float]], size: float = BODY_SIZE) -> float:
    return height_for(max((text_lines(t, w, size) for t, w in cells), default=1), size)


def block_columns(c: Columns) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(merged columns, per-row columns) of an item block, with their font sizes, for `fit_block`."""
    merged = [(c.title, BODY_SIZE), (c.method, SMALL_SIZE), (c.documents, BODY_SIZE), (c.explanation, BODY_SIZE),
              (c.findings, SMALL_SIZE)]
    return merged, [(c.label, BODY_SIZE), (c.value, BODY_SIZE)]


def paginate(ws: Worksheet, c: Columns) -> list[int]:
    """Page breaks between item blocks (recomputed by the writer once findings make rows taller).
    The column headers are found by their key, so workbooks of an older layout paginate too."""
    header = next((r for r in range(1, ws.max_row + 1) if ws[f"{c.key}{r}"].value == KEY_HEADER), HEADER_ROW)
    return keep_together(ws, key_col=c.key, first_col=c.code, last_col=c.findings,
                         title_rows=(header, header + 1), first_row=header + 2)


def _print_setup(ws: Worksheet, c: Columns, unit: str, year: int, last_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.print_area = f"{c.code}1:{c.findings}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    form.set_header_footer(ws.oddFooter, left=texts.FOOTER_INPUT.format(year=year, unit=unit), right=texts.PAGE_NUMBER)


def new_workbook_bytes(loaded: LoadedRuleSet, unit: str, *, year: int | None = None,
                       deadline: str | None = None, office: Office | None = None) -> bytes:
    return save_workbook(build_workbook(loaded, unit, year=year, deadline=deadline, office=office))


def write_new(loaded: LoadedRuleSet, unit: str, out: Path, *, year: int | None = None,
              deadline: str | None = None, office: Office | None = None) -> Path:
    from ..fileio import atomic_write_bytes

    return atomic_write_bytes(out, new_workbook_bytes(loaded, unit, year=year, deadline=deadline, office=office))

"""The generated workbook: Vietnamese sheets, typed inputs with validation, everything else
locked, formulas for subtotals, print setup, metadata."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange

from scoring.ruleset import find_ruleset
from scoring.workbook import texts
from scoring.workbook.generate import FIRST_ROW, HEADER_ROW, UNIT_CELL, new_workbook_bytes
from scoring.workbook.grids import read_grids
from scoring.workbook.layout import GUIDE_SHEET, INPUT_SHEET, META_SHEET, SUMMARY_SHEET, TRACE_SHEET
from scoring.workbook.read import grids_from_bytes
from scoring.workbook.styles import INPUT_FILL, SURVEY_FILL


@pytest.fixture(scope="module")
def loaded():
    return find_ruleset("par-so-2024")


@pytest.fixture(scope="module")
def data(loaded):
    return new_workbook_bytes(loaded, "Sở Tư pháp", year=2024, deadline="15/01/2025")


@pytest.fixture(scope="module")
def wb(data):
    return load_workbook(io.BytesIO(data), rich_text=True)


@pytest.fixture(scope="module")
def read(data, loaded):
    return read_grids(grids_from_bytes(data), ruleset=loaded)


def test_sheets_in_order_metadata_hidden_structure_locked(wb, loaded):
    assert wb.sheetnames == [GUIDE_SHEET, INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET, META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden" and all(
        wb[s].sheet_state == "visible" for s in wb.sheetnames if s != META_SHEET)
    assert wb.active.title == INPUT_SHEET
    assert wb.security.lockStructure and not wb.security.workbookPassword
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert meta["template"] == "cchc-scoring-workbook" and meta["template_version"] == "1"
    assert (meta["ruleset_id"], meta["ruleset_version"], meta["ruleset_hash"]) == ("par-so-2024", "1.0.0", loaded.hash)
    assert meta["unit"] == "Sở Tư pháp" and meta["year"] == 2024 and meta["deadline"] == "15/01/2025"


def test_protection_without_password(wb):
    for name in (GUIDE_SHEET, INPUT_SHEET):
        ws = wb[name]
        assert ws.protection.sheet and not ws.protection.password


def test_inputs_unlocked_and_highlighted_everything_else_locked(wb, read):
    ws = wb[INPUT_SHEET]
    inputs = set(read.input_cells.values()) | {UNIT_CELL}
    survey = {read.input_cells[(item.id, f.name)] for item in read.ruleset.ruleset.items() if item.is_survey
              for f in item.evidence}
    for address in inputs:
        cell = ws[address]
        assert cell.protection.locked is False, address
        assert cell.fill.fgColor.rgb[-6:] == (SURVEY_FILL if address in survey else INPUT_FILL), address
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1, max_col=13):
        for cell in row:
            if cell.coordinate not in inputs and type(cell).__name__ == "Cell":
                assert cell.protection.locked is not False, cell.coordinate


def _validation_of(ws, address):  # type: ignore[no-untyped-def]
    found = [dv for dv in ws.data_validations.dataValidation
             if any(address in CellRange(str(r)) for r in dv.sqref.ranges)]
    assert len(found) == 1, (address, found)
    return found[0]


EXPECTED = {"count": ("whole", "greaterThanOrEqual"), "percent": ("decimal", "between"), "number": ("decimal", "between"),
            "date": ("custom", None), "yes_no": ("list", None), "choice": ("list", None),
            "document": ("textLength", "lessThanOrEqual"), "text": ("textLength", "lessThanOrEqual")}


def test_every_input_has_typed_validation_with_vietnamese_messages(wb, read):
    ws = wb[INPUT_SHEET]
    for item in read.ruleset.ruleset.items():
        for f in item.evidence:
            dv = _validation_of(ws, read.input_cells[(item.id, f.name)])
            assert (dv.type, dv.operator) == EXPECTED[f.type], (item.id, f.name)
            assert dv.showErrorMessage and dv.showInputMessage and dv.allow_blank
            assert dv.error and dv.prompt and re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", dv.prompt)
            assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32 and len(dv.errorTitle) <= 32
            if f.type == "yes_no":
                assert dv.formula1 == '"Có,Không"'
            if f.type == "percent":
                assert (dv.formula1, dv.formula2) == ("0", "1")
            if f.type == "choice":
                sheet, rng = dv.formula1.split("!")
                labels = [c.value for row in wb[sheet.strip("'")][rng.replace("$", "")] for c in row]
                assert labels == [o.label for o in f.options]
        if item.not_applicable.declarable:
            dv = _validation_of(ws, read.input_cells[(item.id, "not_applicable")])
            assert dv.formula1 == '"Không áp dụng"'


def test_number_formats_follow_the_field_types(wb, read):
    ws = wb[INPUT_SHEET]
    formats = {"count": "#,##0", "percent": "0.00%", "date": "dd/mm/yyyy", "document": "@"}
    for item in read.ruleset.ruleset.items():
        for f in item.evidence:
            if f.type in formats:
                assert ws[read.input_cells[(item.id, f.name)]].number_format == formats[f.type]


def test_subtotals_and_total_are_formulas_over_the_points_column(wb, read):
    """Blank, not 0, until an item below has points: an unscored workbook shows no points."""
    ws = wb[INPUT_SHEET]
    p, m = read.columns.points, read.columns.max
    span = f"{p}{read.item_rows['1.1.1'][0]}:{p}{read.item_rows['1.1.2'][-1]}"
    assert ws[f"{p}{read.keys['grp:1.1']}"].value == f'=IF(COUNT({span})=0,"",SUM({span}))'
    assert ws[f"{m}{read.keys['grp:1.1']}"].value == f"=SUM({span.replace(p, m)})"
    comp1 = ws[f"{p}{read.keys['grp:1']}"].value
    assert comp1.startswith("=IF(COUNT(") and comp1.endswith("))")
    assert f"{p}{read.keys['grp:1.1']}" in comp1 and f"{p}{read.item_rows['1.6'][0]}" in comp1
    parts = ",".join([f"{p}{read.keys['grp:' + c.id]}" for c in read.ruleset.ruleset.components]
                     + [f"{p}{read.keys['grp:adj']}"])
    assert ws[f"{p}{read.keys['total']}"].value == f'=IF(COUNT({parts})=0,"",MIN(100,MAX(0,SUM({parts}))))'
    assert ws[f"{m}{read.keys['total']}"].value.startswith("=SUM(")
    adj = f"{p}{read.item_rows['9.1'][0]}:{p}{read.item_rows['9.2'][-1]}"
    assert ws[f"{p}{read.keys['grp:adj']}"].value == f'=IF(COUNT({adj})=0,"",SUM({adj}))'


def test_layout_prints_as_an_a4_landscape_annex(wb):
    ws = wb[INPUT_SHEET]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW + 1}"
    assert ws.freeze_panes == f"D{FIRST_ROW}"
    assert ws.print_area == f"'{INPUT_SHEET}'!$B$1:$M${ws.max_row + 1}"  # to the signature's blank space
    assert ws.column_dimensions["A"].hidden
    assert all(ws.column_dimensions[c].width >= 5 for c in "BCDEFGHIJKLM")
    assert "Trang &P/&N" in ws.oddFooter.right.text


def test_headers_and_visible_text_are_vietnamese(wb):
    ws = wb[INPUT_SHEET]
    assert [ws.cell(row=HEADER_ROW, column=c).value for c in range(2, 14)] == list(texts.HEADERS.values())
    english = re.compile(r"\b(the|and|points|item|field|error|warning|total|evidence|none|true|false)\b", re.I)
    for name in (GUIDE_SHEET, INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET):
        for row in wb[name].iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and not re.fullmatch(r"[0-9.:a-z_]+", value):  # hidden keys
                    assert not english.search(value), (name, value)


def test_guide_says_what_when_how(wb, loaded):
    text = "\n".join(str(r[0]) for r in wb[GUIDE_SHEET].iter_rows(min_col=2, max_col=2, values_only=True) if r[0])
    for needle in ("Hạn nộp sổ tự đánh giá: 15/01/2025", "I. Cần điền những gì", "III. Cách tính điểm",
                   "IV. Cách ghi tài liệu kiểm chứng", "số hiệu", "trích yếu", "mục/trang",
                   "1.1.1 — Ban hành Kế hoạch CCHC năm kịp thời: trước hoặc đúng ngày 25/01/2024",
                   "Xuất sắc từ 90%", "Không áp dụng"):
        assert needle in text, needle


def test_a_blank_workbook_reads_as_all_missing(data, loaded):
    from scoring.engine import evaluate

    read = read_grids(grids_from_bytes(data))
    assert read.evidence.unit == "Sở Tư pháp" and read.evidence.year == 2024
    result = evaluate(read.ruleset, read.evidence)
    assert result.self_points == 0
    missing = [f for f in result.findings if f.code == "missing_value"]
    assert missing and all(f.cell.cell == read.input_cells[(f.item, f.field)] for f in missing)

"""The official form around the tables (NĐ 30/2020): heading, title, date line, signature
block, page footers within Excel's limits; who the forms name and where that is recorded;
the «Hướng dẫn» sheet written for a civil servant in Excel."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner
from wbtools import DEMO, HAI_PHONG, filled_bytes

from scoring.cli import app
from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset
from scoring.workbook import form, limits, texts
from scoring.workbook.generate import INFO_ROW, UNIT_CELL, Office, new_workbook_bytes
from scoring.workbook.layout import GUIDE_SHEET, INPUT_SHEET, META_SHEET, SUMMARY_SHEET
from scoring.workbook.read import read_workbook
from scoring.workbook.write import write_scored

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded():
    return find_ruleset("par-so-2024")


@pytest.fixture(scope="module")
def wb(loaded):
    office = Office.resolve(loaded, agency="UBND thành phố Hải Phòng", contact="Phòng CCHC, Sở Nội vụ (cchc@hp.gov.vn)")
    data = new_workbook_bytes(loaded, "Sở Tư pháp", year=2024, deadline="15/01/2025", office=office)
    return load_workbook(io.BytesIO(data))


def _meta(wb) -> dict:  # type: ignore[no-untyped-def]
    return {r[0]: r[1] for r in wb[META_SHEET].iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}


# --------------------------------------------------------------------------- the heading

def test_input_sheet_opens_like_an_annex(wb):
    ws = wb[INPUT_SHEET]
    assert ws["B1"].value == "UBND THÀNH PHỐ HẢI PHÒNG" and not ws["B1"].font.b
    assert ws["B2"].value == f"=UPPER({UNIT_CELL})" and ws["B2"].font.b  # follows the name typed in D8
    assert ws[UNIT_CELL].value == "Sở Tư pháp"
    assert ws["I1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and ws["I1"].font.b
    assert ws["I2"].value == "Độc lập - Tự do - Hạnh phúc" and ws["I2"].font.b
    # the rule under the tiêu ngữ is as long as it; the one under the unit 1/3 to 1/2 of the name
    assert ws["I3"].value == "_" * round(form.text_em("Độc lập - Tự do - Hạnh phúc", bold=True) * 13 / 12 / 0.5)
    unit_em = form.text_em("SỞ TƯ PHÁP", bold=True)
    assert 1 / 3 <= len(ws["B3"].value) * 0.5 / unit_em <= 1 / 2
    assert ws["I4"].value == "Hải Phòng, ngày …… tháng …… năm ……" and ws["I4"].font.i
    assert ws["B6"].value == "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024" and ws["B6"].font.b
    assert ws["B7"].value == ("(Theo Bộ chỉ số CCHC tham chiếu cấp sở, ban, ngành năm 2024, mã par-so-2024, "
                              "phiên bản 1.0.0)") and ws["B7"].font.i
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B1:E1", "B2:E2", "I1:M1", "I2:M2", "I4:M4", "B6:M6", "B7:M7"} <= merged
    assert ws[f"A{INFO_ROW}"].value == "unit"


def test_input_sheet_ends_with_the_signature_block(wb):
    ws = wb[INPUT_SHEET]
    total = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "total")
    rows = {r: (ws[f"B{r}"].value, ws[f"I{r}"].value) for r in range(total + 1, ws.max_row + 1)}
    assert rows[total + 2] == ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ")
    assert rows[total + 3] == ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên, đóng dấu)")
    assert ws[f"B{total + 2}"].font.b and ws[f"B{total + 3}"].font.i and ws[f"I{total + 3}"].font.i
    assert ws.row_dimensions[total + 4].height >= 50  # room to sign and stamp
    assert ws.print_area.endswith(f"$M${total + 4}")
    # no page break between the last item, the total and the signers
    last_item = min(r for r in range(1, total) if str(ws[f"A{r}"].value or "").startswith("9.2"))
    assert ws.row_breaks.brk and not any(last_item <= b.id < total + 4 for b in ws.row_breaks.brk)


def test_without_a_superior_body_the_unit_stands_alone(loaded):
    ws = load_workbook(io.BytesIO(new_workbook_bytes(loaded, "Sở Tư pháp")))[INPUT_SHEET]
    # the reference rule set's issuer is no people's committee: nothing is made up
    assert ws["B1"].value == f"=UPPER({UNIT_CELL})" and ws["B2"].value == "_" * len(ws["B2"].value)
    assert ws["I4"].value == "……………, ngày …… tháng …… năm ……"


def test_who_the_forms_name_is_resolved_and_recorded(loaded, wb):
    assert form.superior_body(None, "UBND thành phố Hải Phòng") == "UBND thành phố Hải Phòng"
    assert form.superior_body(None, "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu") == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"
    assert form.superior_body(None, loaded.ruleset.issuer) == ""  # "Bộ chỉ số tham chiếu của dự án (...)"
    assert form.superior_body("  UBND   huyện Thủy Nguyên ", None) == "UBND huyện Thủy Nguyên"
    assert form.place_of("UBND THÀNH PHỐ HẢI PHÒNG") == "Hải Phòng"
    assert form.place_of("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu") == "Bà Rịa - Vũng Tàu"
    assert form.place_of("Bộ Nội vụ") == ""
    meta = _meta(wb)
    assert (meta["agency"], meta["place"], meta["contact"]) == (
        "UBND thành phố Hải Phòng", "Hải Phòng", "Phòng CCHC, Sở Nội vụ (cchc@hp.gov.vn)")


def test_workbook_new_takes_agency_place_and_contact(tmp_path):
    out = tmp_path / "so.xlsx"
    result = runner.invoke(app, ["workbook", "new", "--rules", "par-so-2024", "--unit", "Sở Y tế", "--out", str(out),
                                 "--agency", "UBND tỉnh Quảng Ninh", "--place", "Hạ Long",
                                 "--contact", "Văn phòng Sở Nội vụ"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb[INPUT_SHEET]["B1"].value == "UBND TỈNH QUẢNG NINH"
    assert wb[INPUT_SHEET]["I4"].value == "Hạ Long, ngày …… tháng …… năm ……"
    assert (_meta(wb)["agency"], _meta(wb)["place"]) == ("UBND tỉnh Quảng Ninh", "Hạ Long")
    assert "Nơi nhận sổ: Văn phòng Sở Nội vụ." in [c.value for c in wb[GUIDE_SHEET]["B"]]


def test_scored_summary_is_a_form_too(loaded, tmp_path):
    evidence = load_evidence(DEMO)
    filled = tmp_path / "so.xlsx"
    filled.write_bytes(filled_bytes(loaded, evidence, office=Office.resolve(loaded, agency=HAI_PHONG)))
    read = read_workbook(filled)
    scored = write_scored(filled, evaluate(read.ruleset, read.evidence), tmp_path / "da-cham.xlsx", read=read)
    ws = load_workbook(scored)[SUMMARY_SHEET]
    assert (ws["A1"].value, ws["A2"].value) == ("UBND THÀNH PHỐ HẢI PHÒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG")
    assert (ws["D1"].value, ws["D2"].value) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert ws["D4"].value == "Hải Phòng, ngày …… tháng …… năm ……"
    # the title broken where it balances, never leaving the year alone
    assert ws["A6"].value == ("BIỂU TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM\n"
                              "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023")
    header = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "Mã")
    assert ws.print_title_rows is None and header == 9
    signers = [r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "NGƯỜI LẬP BIỂU"]
    assert len(signers) == 1 and ws[f"D{signers[0]}"].value == "THỦ TRƯỞNG ĐƠN VỊ"
    assert ws[f"D{signers[0] + 1}"].value == "(Ký, ghi rõ họ tên, đóng dấu)"
    chart = ws._charts[0]
    assert chart.anchor._from.row + 1 > signers[0]  # the chart follows the signed form


# --------------------------------------------------------------------------- titles

@pytest.mark.parametrize("width", [300, 420, 529, 640, 760])
def test_titles_never_end_on_a_lone_word(width):
    for title in ("HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
                  texts.SUMMARY_TITLE.format(year=2024), texts.TITLE.format(year=2024)):
        lines = form.wrap_lines(title, width, 14, bold=True)
        assert " ".join(lines) == title
        assert all(len(line.split()) >= 2 for line in lines), lines
        assert not any(line.startswith(("2024", "CHÍNH", "SỐ", "GIÁ")) for line in lines), lines
        assert all(form.text_em(line, bold=True) * 14 <= width for line in lines), lines


def test_guide_title_of_the_issue_is_balanced():
    """The guide's title on A4 portrait used to wrap leaving «2024» alone."""
    assert form.wrap_lines("HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024", 529, 14,
                           bold=True) == ["HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"]


# --------------------------------------------------------------------------- page headers and footers

def test_footers_stay_within_excel_limits_and_mark_a_cut():
    ws = Workbook().active
    unit = "Ban Quản lý các khu chế xuất & công nghiệp " * 8  # 352 characters, with an ampersand
    form.set_header_footer(ws.oddFooter, left=texts.FOOTER_INPUT.format(year=2024, unit=unit),
                           right=texts.PAGE_NUMBER)
    whole = str(ws.oddFooter)
    assert len(whole) <= limits.HEADER_TEXT_MAX
    assert ws.oddFooter.left.text.endswith(limits.MARK)
    assert "&&" in ws.oddFooter.left.text and not re.search(r"(?<!&)&(?![&P N\d])", ws.oddFooter.left.text)
    assert ws.oddFooter.right.text == "Trang &P/&N"
    short = Workbook().active
    form.set_header_footer(short.oddFooter, left="Sở Kế hoạch & Đầu tư", right=texts.PAGE_NUMBER)
    assert short.oddFooter.left.text == "Sở Kế hoạch && Đầu tư"


def test_generated_and_scored_footers_name_the_unit_within_limits(loaded, tmp_path):
    long_name = "Sở " + "Giáo dục và Đào tạo " * 20
    evidence = load_evidence(DEMO)
    filled = tmp_path / "dai.xlsx"
    filled.write_bytes(filled_bytes(loaded, evidence, unit=long_name))
    read = read_workbook(filled)
    scored = write_scored(filled, evaluate(read.ruleset, read.evidence), tmp_path / "dai-cham.xlsx", read=read)
    wb = load_workbook(scored)
    for ws in wb.worksheets:
        for item in (ws.oddHeader, ws.oddFooter):
            assert len(str(item)) <= limits.HEADER_TEXT_MAX, ws.title
    assert wb[INPUT_SHEET].oddFooter.left.text.startswith("Tự đánh giá Chỉ số CCHC năm 2023 — Sở Giáo dục")
    assert wb[INPUT_SHEET].oddFooter.left.text.endswith(limits.MARK)


# --------------------------------------------------------------------------- the guide

def _guide(wb) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c.value) for c in wb[GUIDE_SHEET]["B"] if c.value]


def test_guide_speaks_to_a_civil_servant_in_excel(wb):
    lines = _guide(wb)
    text = "\n".join(lines)
    assert "scoring" not in text and "--out" not in text and ".xlsx --" not in text  # no command line
    assert lines[0] == "HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM\nCHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert "Nơi nhận sổ: Phòng CCHC, Sở Nội vụ (cchc@hp.gov.vn)." in lines
    for needle in ("Mở sổ bằng Excel (Excel 2010 trở lên) hoặc LibreOffice Calc.",
                   "Nếu cơ quan đã cài tiện ích «Chỉ số CCHC» cho Excel (Excel 2021, Microsoft 365 hoặc Excel trên web)",
                   "«Chấm điểm»: ghi điểm tự chấm", "«Kiểm tra thiếu sót»: liệt kê", "«Giải thích»: chọn một ô",
                   "Nếu chưa có tiện ích: điền xong, lưu sổ (tệp .xlsx, giữ nguyên tên trang) và gửi cho Phòng CCHC, "
                   "Sở Nội vụ (cchc@hp.gov.vn) trước hoặc đúng ngày 15/01/2025.",
                   "(ô D8)", "Lưu sổ ở dạng .xlsx (Excel 2010 trở lên hoặc LibreOffice Calc)"):
        assert needle in text, needle
    assert "2007" not in text


def test_guide_colour_legend_matches_the_engine(wb):
    """The engine marks missed targets and deadlines «Lưu ý», missing data or documents «Cảnh
    báo», unreadable or inconsistent values «Lỗi» (README, Findings)."""
    ws = wb[GUIDE_SHEET]
    legend = {str(ws[f"B{r}"].value).split(" — ")[0]: (ws[f"A{r}"].fill.fgColor.rgb[-6:], ws[f"B{r}"].value)
              for r in range(1, ws.max_row + 1) if ws[f"A{r}"].fill.fill_type == "solid"}
    from scoring.workbook.styles import SEVERITY_FILL

    assert legend["Lỗi"][0] == SEVERITY_FILL["error"] and "không khớp" in legend["Lỗi"][1]
    assert legend["Cảnh báo"][0] == SEVERITY_FILL["warning"]
    assert legend["Cảnh báo"][1] == "Cảnh báo — thiếu số liệu hoặc thiếu tài liệu kiểm chứng; cần bổ sung trước khi nộp."
    assert legend["Lưu ý"][0] == SEVERITY_FILL["info"]
    assert legend["Lưu ý"][1].startswith("Lưu ý — chưa đạt chỉ tiêu, trễ hạn")


def test_guide_without_contact_or_deadline_names_the_office(loaded):
    wb = load_workbook(io.BytesIO(new_workbook_bytes(loaded, "Sở Tư pháp")))
    text = "\n".join(_guide(wb))
    assert ("gửi cho cơ quan thường trực công tác cải cách hành chính (theo văn bản hướng dẫn) "
            "đúng hạn ghi trong văn bản hướng dẫn.") in text


# --------------------------------------------------------------------------- units of the input rows

def test_a_choice_field_has_no_unit_word(loaded, wb):
    ws = wb[INPUT_SHEET]
    read = read_workbook_bytes(wb, loaded)
    choices = [(i.id, f.name) for i in loaded.ruleset.items() for f in i.evidence if f.type == "choice"]
    assert choices
    for item_id, name in choices:
        row = int(read.input_cells[(item_id, name)][1:])
        assert ws[f"H{row}"].value in (None, ""), (item_id, name, ws[f"H{row}"].value)


def read_workbook_bytes(wb, loaded):  # type: ignore[no-untyped-def]
    from scoring.workbook.fill import grids_of
    from scoring.workbook.grids import read_grids

    return read_grids(grids_of(wb), ruleset=loaded)


def test_cells_are_named_one_way():
    assert texts.cell_ref("G10") == texts.cell_ref("G10", INPUT_SHEET) == "ô G10"
    assert texts.cell_ref("C5", SUMMARY_SHEET) == "ô C5, trang Tổng hợp"

"""A real client: LibreOffice opens the generated, filled and scored workbooks headless, prints
them to PDF (rendered to PNG with pdftoppm), recalculates the formulas to the engine's
totals, and a workbook saved by LibreOffice reads back to the same evidence.

Skipped without soffice/pdftoppm, except in CI (CCHC_REQUIRE_EXTERNAL=1), where they must run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from wbtools import (
    DEMO,
    HAI_PHONG,
    assert_same_scores,
    cached_values,
    filled_bytes,
    require_tool,
    soffice_convert,
    strong_evidence,
)

from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.messages import finding_text
from scoring.ruleset import find_ruleset
from scoring.workbook.generate import Office, build_workbook, save_workbook
from scoring.workbook.layout import INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET
from scoring.workbook.read import read_workbook
from scoring.workbook.write import write_scored

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def lo(tmp_path_factory):
    require_tool("soffice")
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The generated, the filled and the scored workbook of the example unit, and its result."""
    loaded = find_ruleset("par-so-2024")
    d = tmp_path_factory.mktemp("books")
    evidence = load_evidence(DEMO)
    office = Office.resolve(loaded, agency=HAI_PHONG)
    blank = d / "moi.xlsx"
    blank.write_bytes(save_workbook(build_workbook(loaded, evidence.unit, year=evidence.year, office=office)))
    filled = d / "da-dien.xlsx"
    filled.write_bytes(filled_bytes(loaded, evidence, office=office))
    read = read_workbook(filled)
    result = evaluate(read.ruleset, read.evidence)
    scored = d / "da-cham.xlsx"
    write_scored(filled, result, scored, read=read)
    return {"blank": blank, "filled": filled, "scored": scored, "result": result, "read": read}


@pytest.mark.parametrize("which", ["blank", "filled", "scored"])
def test_libreoffice_prints_each_workbook_to_pdf_and_png(books, lo, tmp_path, which):
    pdftoppm = require_tool("pdftoppm")
    pdf = soffice_convert(books[which], "pdf", tmp_path, lo)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    # guide (2), input sheet in A4 landscape (~11), summary (1) and trace (~4); the hidden sheet is not printed
    assert 8 <= pages <= 24, pages
    subprocess.run([pdftoppm, "-r", "40", "-png", str(pdf), str(tmp_path / "trang")], check=True)
    pngs = sorted(tmp_path.glob("trang-*.png"))
    assert len(pngs) == pages and all(p.stat().st_size > 2000 for p in pngs)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Err:" not in text and "#NAME" not in text and "#VALUE" not in text and "_cchc" not in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # the guide's title on two balanced lines, never a lone year
    guide = [" ".join(line.split()) for line in _pages(pdf, 1)[0].splitlines() if line.strip()]
    assert guide[:2] == ["HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"]
    assert "2023" not in guide
    # the official form: heading, title on one line, place and date (input sheet and summary, which
    # carries its heading before it is scored too, so the add-in writes below it), signature block
    # (input sheet, and the summary once scored)
    forms = 2 if which == "scored" else 1
    assert lines.count("UBND THÀNH PHỐ HẢI PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 2, lines[:60]
    assert lines.count("SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG Độc lập - Tự do - Hạnh phúc") == 2
    assert lines.count("Hải Phòng, ngày …… tháng …… năm ……") == 2
    assert "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023" in lines
    assert lines.count("NGƯỜI LẬP BIỂU THỦ TRƯỞNG ĐƠN VỊ") == forms
    assert lines.count("(Ký, ghi rõ họ tên) (Ký, ghi rõ họ tên, đóng dấu)") == forms
    if which == "scored":
        assert "BIỂU TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM" in lines and "TRUY VẾT CHẤM ĐIỂM" in text
        summary = next(p for p in _pages(pdf, pages) if "BIỂU TỔNG HỢP KẾT QUẢ" in p)
        assert "Tổng cộng" in summary and "NGƯỜI LẬP BIỂU" in summary  # the table and its signers on one page
    # the input sheet's last page: the last item, the total and the signers together
    last_input = [p for p in _pages(pdf, pages) if "TỔNG ĐIỂM" in p]
    assert len(last_input) == 1 and "NGƯỜI LẬP BIỂU" in last_input[0] and "9.2" in last_input[0]


def _pages(pdf: Path, count: int) -> list[str]:
    return [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-layout", str(pdf), "-"],
                           capture_output=True, text=True).stdout for p in range(1, count + 1)]


def test_subtotals_stay_blank_until_an_item_has_points(books, lo, tmp_path):
    """Recalculated by LibreOffice: a blank workbook shows no 0 on its group and total rows."""
    recalculated = soffice_convert(books["blank"], "xlsx", tmp_path / "out", lo)
    ws = cached_values(recalculated, INPUT_SHEET)
    read = books["read"]
    groups = [row for key, row in read.keys.items() if key.startswith("grp:") or key == "total"]
    assert len(groups) > 20
    for row in groups:
        assert ws[f"{read.columns.points}{row}"].value in (None, ""), row
        if row != read.keys["grp:adj"]:  # the maxima are shown (bonus and penalty have none)
            assert isinstance(ws[f"{read.columns.max}{row}"].value, (int, float)), row


def test_no_item_block_is_cut_across_pages(books, lo, tmp_path):
    """Manual page breaks keep each item's rows (and the group rows above it) on one page."""
    from scoring.workbook.generate import FIRST_ROW

    pdf = soffice_convert(books["scored"], "pdf", tmp_path, lo)
    read = books["read"]
    ws = load_workbook(books["scored"])[INPUT_SHEET]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "the input sheet needs several pages"
    for item, rows in read.item_rows.items():
        assert not any(rows[0] <= b < rows[-1] for b in breaks), item
    # and LibreOffice follows them: each page of the input sheet starts with a block's first item code
    text_pages = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-layout", str(pdf), "-"],
                                 capture_output=True, text=True).stdout for p in range(1, 40)]
    starts = [ws[f"{read.columns.code}{b + 1}"].value for b in breaks]
    found = sum(1 for code in starts for page in text_pages
                if page.split("(12)", 1)[-1].lstrip().startswith(str(code)))
    assert found >= len(starts) - 1 and FIRST_ROW > 1


def test_libreoffice_recalculates_the_totals_of_the_engine(books, lo, tmp_path):
    recalculated = soffice_convert(books["scored"], "xlsx", tmp_path / "out", lo)
    ws = cached_values(recalculated, INPUT_SHEET)
    read, result = books["read"], books["result"]
    total_row = read.keys["total"]
    assert ws[f"{read.columns.points}{total_row}"].value == pytest.approx(float(result.total), abs=1e-9)
    assert ws[f"{read.columns.max}{total_row}"].value == pytest.approx(100)
    for comp in result.components:
        row = read.keys[f"grp:{comp.id}"]
        assert ws[f"{read.columns.points}{row}"].value == pytest.approx(float(comp.points), abs=1e-9), comp.id
    for crit in result.criteria:
        row = read.keys.get(f"grp:{crit.id}")
        if row is not None:
            assert ws[f"{read.columns.points}{row}"].value == pytest.approx(float(crit.points), abs=1e-9), crit.id


def test_libreoffice_totals_of_a_unit_with_bonus_and_penalty(lo, tmp_path):
    loaded = find_ruleset("par-so-2024")
    evidence = load_evidence(Path(__file__).resolve().parents[1] / "data" / "strong-unit.yaml")
    filled = tmp_path / "manh.xlsx"
    filled.write_bytes(filled_bytes(loaded, evidence))
    read = read_workbook(filled)
    result = evaluate(read.ruleset, read.evidence)
    assert result.bonus > 0 and result.penalty > 0
    scored = tmp_path / "manh-da-cham.xlsx"
    write_scored(filled, result, scored, read=read)
    ws = cached_values(soffice_convert(scored, "xlsx", tmp_path / "out", lo), INPUT_SHEET)
    assert ws[f"{read.columns.points}{read.keys['total']}"].value == pytest.approx(float(result.total), abs=1e-9)


def test_a_workbook_saved_by_libreoffice_reads_back_the_same(books, lo, tmp_path):
    """As if a unit filled the workbook in LibreOffice Calc and saved it as .xlsx."""
    saved = soffice_convert(books["filled"], "xlsx", tmp_path / "lo", lo)
    read = read_workbook(saved)
    assert_same_scores(books["result"], evaluate(read.ruleset, read.evidence))
    assert read.input_cells == books["read"].input_cells


def test_formula_typed_in_an_input_cell_uses_the_value_libreoffice_computed(lo, tmp_path):
    loaded = find_ruleset("par-so-2024")
    evidence = strong_evidence(loaded.ruleset)
    path = tmp_path / "cong-thuc.xlsx"
    path.write_bytes(filled_bytes(loaded, evidence))
    wb = load_workbook(path)
    read = read_workbook(path)
    wb[INPUT_SHEET][read.input_cells[("1.1.2", "tasks_done")]] = "=15+5"  # the planned count is 20
    wb.save(path)
    # openpyxl stores no result: the formula text reaches the engine, which flags it
    raw = read_workbook(path)
    unscored = evaluate(raw.ruleset, raw.evidence)
    assert any(f.item == "1.1.2" and "công thức" in finding_text(f) for f in unscored.findings)
    # after LibreOffice computed it, the cached value 20 is read
    saved = soffice_convert(path, "xlsx", tmp_path / "lo", lo)
    computed = read_workbook(saved)
    assert computed.evidence.items["1.1.2"].values["tasks_done"].value == 20
    assert evaluate(computed.ruleset, computed.evidence).item("1.1.2").points == 2


def test_scored_sheets_survive_libreoffice(books, lo, tmp_path):
    saved = soffice_convert(books["scored"], "xlsx", tmp_path / "lo", lo)
    wb = load_workbook(saved, data_only=True)
    assert [SUMMARY_SHEET, TRACE_SHEET] == [s for s in wb.sheetnames if s in (SUMMARY_SHEET, TRACE_SHEET)]
    summary = [r for r in wb[SUMMARY_SHEET].iter_rows(values_only=True)]
    assert summary[0][0] == "UBND THÀNH PHỐ HẢI PHÒNG" and summary[1][0] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG"
    assert [r[0] for r in summary].count("Mã") == 1 and wb[TRACE_SHEET]["A1"].value == "Mã"

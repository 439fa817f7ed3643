"""Hostile and broken workbooks: refused in Vietnamese before any costly parsing, or read in
seconds with bounded memory; what the reader tolerates is a finding naming its cell; the
scored copy is always a file Excel opens and re-scores to the same result."""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest
from hostile_files import (
    doctype,
    error_cell,
    far_cells,
    huge_attribute,
    huge_comment,
    huge_merge,
    merge_cells,
    meta_value,
    number_cell,
    rename_sheet,
    too_many_cells,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scoring.engine import evaluate
from scoring.errors import ScoringError, WorkbookError
from scoring.messages import finding_text
from scoring.models.evidence import Evidence
from scoring.workbook.grids import read_grids
from scoring.workbook.limits import CELL_TEXT_MAX
from scoring.workbook.read import grids_from_bytes, read_workbook
from scoring.workbook.spec import INPUT_SHEET, META_SHEET, SUMMARY_SHEET, TRACE_SHEET
from scoring.workbook.write import write_scored


def save(tmp_path: Path, data: bytes, name: str = "so.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path) -> str:
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    return str(info.value)


def score_and_copy(path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Score the file, write the scored copy, score the copy: both results."""
    read = read_workbook(path)
    result = evaluate(read.ruleset, read.evidence)
    out = tmp_path / (path.stem + "-da-cham.xlsx")
    write_scored(path, result, out, read=read)
    again = read_workbook(out)
    return read, result, out, evaluate(again.ruleset, again.evidence)


def same_scores(a, b) -> None:  # type: ignore[no-untyped-def]
    assert [(i.id, i.points, i.status) for i in a.items] == [(i.id, i.points, i.status) for i in b.items]
    assert (a.total, a.index) == (b.total, b.index)
    assert sorted((f.code, f.cell.cell if f.cell else None) for f in a.findings) == \
        sorted((f.code, f.cell.cell if f.cell else None) for f in b.findings)


# --------------------------------------------------------------------------- refused before parsing

def test_one_huge_attribute_is_refused_at_once(base, tmp_path):
    path = save(tmp_path, huge_attribute(base, size=20 * 1024 * 1024))
    assert path.stat().st_size < 100_000  # a 47 KB file of this kind took 84 s
    started = time.monotonic()
    assert refused(path) == (f"Tệp {path}: phần «xl/worksheets/sheet5.xml» chứa một thẻ XML dài bất thường "
                             "(20.480 KB); tệp có thể đã bị sửa bằng công cụ khác. Hãy mở bằng Excel hoặc LibreOffice "
                             "và lưu lại.")
    assert time.monotonic() - started < 2


def test_a_part_that_unpacks_beyond_the_cap(base, tmp_path):
    path = save(tmp_path, huge_attribute(base, size=40 * 1024 * 1024))
    assert refused(path) == (f"Tệp {path}: phần «xl/worksheets/sheet5.xml» khi giải nén lớn 40 MB (tối đa 30 MB); đây "
                             "không phải sổ chấm điểm bình thường.")


def test_a_huge_comment_with_tags_inside_is_refused(base, tmp_path):
    path = save(tmp_path, huge_comment(base))
    assert "chứa một thẻ XML dài bất thường" in refused(path)


def test_a_doctype_is_refused(base, tmp_path):
    path = save(tmp_path, doctype(base))
    assert refused(path) == (f"Tệp {path}: phần «xl/worksheets/sheet5.xml» có khai báo DOCTYPE mà Excel không bao giờ "
                             "tạo ra; tệp bị từ chối để an toàn. Hãy mở bằng Excel hoặc LibreOffice và lưu lại.")


def test_too_many_cells_are_refused(base, tmp_path):
    path = save(tmp_path, too_many_cells(base))
    message = refused(path)
    assert message.startswith(f"Tệp {path}: trang «Tự đánh giá» có ")
    assert message.endswith(" ô (tính cả ô gộp và dòng có định dạng; tối đa 100.000), sổ chấm điểm chỉ có vài nghìn "
                            "ô. Hãy xóa các vùng thừa rồi lưu lại.")


def test_a_merge_over_the_whole_sheet_is_refused(base, tmp_path):
    path = save(tmp_path, huge_merge(base))
    started = time.monotonic()
    assert "ô (tính cả ô gộp và dòng có định dạng; tối đa 100.000)" in refused(path)
    assert time.monotonic() - started < 2


# --------------------------------------------------------------------------- read in bounded time and memory

def test_thousands_of_rows_with_a_cell_in_column_xfd(base, tmp_path):
    path = save(tmp_path, far_cells(base, rows=8000))
    assert path.stat().st_size < 120_000  # 22 s and 1 GB before
    tracemalloc.start()
    read_workbook(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 60 * 1024 * 1024, peak  # the rows are not padded to 16,384 cells each
    started = time.monotonic()
    read, result, out, again = score_and_copy(path, tmp_path)
    assert time.monotonic() - started < 10
    same_scores(result, again)


def test_a_cell_in_the_last_row_is_refused_with_its_address(base, tmp_path):
    path = save(tmp_path, far_cells(base, rows=1, first_row=1_048_576))  # the copy's layout took 56 s
    started = time.monotonic()
    assert refused(path) == (f"Tệp {path}: trang «Tự đánh giá» có nội dung ở ô XFD1048576, quá xa vùng của sổ chấm "
                             "điểm (tối đa dòng 20.000). Hãy xóa nội dung ở các dòng đó (chọn các dòng thừa → Xóa) "
                             "rồi lưu lại.")
    assert time.monotonic() - started < 2


def test_a_cell_far_right_is_read_and_kept(base, tmp_path):
    path = save(tmp_path, far_cells(base, rows=1, first_row=40))
    read, result, out, again = score_and_copy(path, tmp_path)  # only the window is read; the copy keeps the cell
    same_scores(result, again)
    assert load_workbook(out, read_only=True)[INPUT_SHEET]["XFD40"].value == 1


# --------------------------------------------------------------------------- values the reader reports

@pytest.mark.parametrize("digits", ["9" * 5000, "9" * 400, "1" + "0" * 320])
def test_numbers_with_too_many_digits_name_their_cell(base, cells, tmp_path, digits):
    cell = cells[("1.6", "tasks_assigned")]
    path = save(tmp_path, number_cell(base, cell, digits))
    read, result, out, again = score_and_copy(path, tmp_path)
    [f] = [f for f in result.findings if f.item == "1.6" and f.field == "tasks_assigned"]
    shown = digits[:59] + "…"
    assert finding_text(f) == f"«Tổng số nhiệm vụ được giao»: «{shown}» quá lớn hoặc quá nhiều chữ số (tối đa 15 chữ số phần nguyên)."
    assert f.cell.cell == cell
    same_scores(result, again)


def test_a_huge_number_in_a_percent_cell(loaded, base, tmp_path):
    grids = grids_from_bytes(base)
    read = read_grids(grids, file="so.xlsx")
    survey_cell = read.input_cells[("1.7", "survey_rate")]
    path = save(tmp_path, number_cell(base, survey_cell, "1" + "0" * 400))
    read, result, out, again = score_and_copy(path, tmp_path)
    [f] = [f for f in result.findings if f.item == "1.7" and f.kind == "invalid_value"]
    assert finding_text(f).startswith("«Kết quả điều tra XHH (%)»: «10000000000") and "quá lớn" in finding_text(f)
    same_scores(result, again)


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
                                   "#GETTING_DATA", "#SPILL!", "#CALC!"])
def test_an_excel_error_in_the_documents_cell_is_not_a_document(base, cells, tmp_path, error):
    cell = cells[("1.6", "documents")]
    path = save(tmp_path, error_cell(base, cell, error))
    read, result, out, again = score_and_copy(path, tmp_path)
    found = sorted((f.code, f.cell.cell if f.cell else None, finding_text(f)) for f in result.findings if f.item == "1.6")
    assert ("value_problem", cell, f"«Tài liệu kiểm chứng»: «{error}» là giá trị lỗi của Excel (công thức hỏng hoặc "
            "tham chiếu mất), không phải số liệu hay tài liệu; hãy nhập lại giá trị thật.") in found
    assert [c for c, *_ in found].count("missing_documents") == 1  # «Thiếu TLKC» where only an error was typed
    same_scores(result, again)


def test_an_excel_error_in_a_value_cell(base, cells, tmp_path):
    cell = cells[("1.6", "tasks_on_time")]
    path = save(tmp_path, error_cell(base, cell, "#DIV/0!"))
    read = read_workbook(path)
    result = evaluate(read.ruleset, read.evidence)
    [f] = [f for f in result.findings if f.item == "1.6" and f.field == "tasks_on_time"]
    assert f.cell.cell == cell and "«#DIV/0!» là giá trị lỗi của Excel" in finding_text(f)


def test_a_merge_hiding_an_input_cell_reads_as_the_user_sees_it(base, cells, tmp_path):
    row = cells[("1.6", "row")]
    hidden = f"G{row + 1}"
    path = save(tmp_path, merge_cells(base, [f"G{row}:G{row + 1}"]))
    read, result, out, again = score_and_copy(path, tmp_path)
    assert read.evidence.items["1.6"].values["tasks_on_time"].value is None  # hidden: blank, as on screen
    [f] = [f for f in result.findings if f.code == "merged_input_hidden"]
    assert (f.item, f.field, f.cell.cell, f.severity) == ("1.6", "tasks_on_time", hidden, "error")
    assert finding_text(f) == (f"Ô {hidden} nằm trong vùng gộp ô G{row}:G{row + 1} nên bị che; giá trị của ô không được "
                         "tính. Hãy bỏ gộp ô (Trang đầu → Gộp và căn giữa) rồi nhập lại.")
    same_scores(result, again)  # the copy keeps the merge: the same result when scored again


def test_a_merge_whose_top_left_is_the_input_is_fine(base, cells, tmp_path):
    row = cells[("1.6", "row")]
    path = save(tmp_path, merge_cells(base, [f"G{row}:H{row}"]))  # value and unit merged: the value shows
    read = read_workbook(path)
    assert read.evidence.items["1.6"].values["tasks_assigned"].value == 224
    assert not read.evidence.problems


def test_merged_output_cells_are_unmerged_in_the_copy(base, cells, tmp_path):
    row = cells[("1.6", "row")]
    path = save(tmp_path, merge_cells(base, [f"L{row}:M{row}"]))  # points and findings merged by a user
    read, result, out, again = score_and_copy(path, tmp_path)
    ws = load_workbook(out)[INPUT_SHEET]
    assert ws[f"L{row}"].value == 0.5 and "166/169" in ws[f"M{row}"].value
    assert f"L{row}:M{row}" not in {str(r) for r in ws.merged_cells.ranges}
    same_scores(result, again)


def test_a_sheet_named_in_other_case(base, tmp_path):
    path = save(tmp_path, rename_sheet(rename_sheet(base, SUMMARY_SHEET, "tổng hợp"), INPUT_SHEET, "TỰ ĐÁNH GIÁ"))
    read, result, out, again = score_and_copy(path, tmp_path)
    names = load_workbook(out, read_only=True).sheetnames
    assert [n.casefold() for n in names] == [n.casefold() for n in ["Hướng dẫn", INPUT_SHEET, SUMMARY_SHEET,
                                                                    TRACE_SHEET, META_SHEET]]
    assert len({n.casefold() for n in names}) == len(names)
    same_scores(result, again)


# --------------------------------------------------------------------------- tampered metadata

@pytest.mark.parametrize("key, value, shown", [
    ("col:points", "G", "«col:*» không hợp lệ («A, B, C, D, E, F, G, H, I, J, K, G, M»)"),
    ("col:value", "1", "«col:value» không hợp lệ («1»)"),
    ("col:value", "XFD", "«col:*» không hợp lệ («A, B, C, D, E, F, XFD, H, I, J, K, L, M»)"),
    ("col:findings", "xfdd", "«col:findings» không hợp lệ («xfdd»)"),
    ("year", "9" * 5000, "«year» không hợp lệ («" + "9" * 59 + "…»)"),
    ("year", "1999", "«year» không hợp lệ («1999»)"),
    ("ruleset_id", "../../etc/passwd", "«ruleset_id» không hợp lệ («../../etc/passwd»)"),
    ("ruleset_id", "x" * 10_000, "«ruleset_id» không hợp lệ («" + "x" * 59 + "…»)"),
    ("ruleset_version", "1.0.0; rm -rf", "«ruleset_version» không hợp lệ («1.0.0; rm -rf»)"),
    ("ruleset_hash", "sha256:zz", "«ruleset_hash» không hợp lệ («sha256:zz»)"),
    ("unit", "A" * 2000, "«unit» không hợp lệ («" + "A" * 59 + "…»)"),
])
def test_tampered_metadata_is_refused(base, tmp_path, key, value, shown):
    path = save(tmp_path, meta_value(base, key, value))
    assert refused(path) == f"Sổ {path}: thông tin ẩn {shown}; sổ có thể đã bị sửa. Hãy tạo lại sổ."


# --------------------------------------------------------------------------- what the writer writes

def test_long_texts_and_a_long_unit_stay_within_excel_limits(loaded, base, cells, tmp_path):
    row = cells[("1.6", "row")]
    wb = load_workbook(io.BytesIO(base))
    ws = wb[INPUT_SHEET]
    ws[cells[("1.6", "tasks_assigned")]] = "x" * 30_000
    ws[cells[("1.6", "tasks_on_time")]] = "y" * 30_000
    ws[cells[("1.6", "documents")]] = "\n".join(["Văn bản & số 1/QĐ-" + "z" * 3000] * 10)
    unit_cell = next(r[1].value for r in wb[META_SHEET].iter_rows() if r[0].value == "unit_cell")
    ws[unit_cell] = "Sở & Ban " + "Đ" * 400
    data = io.BytesIO()
    wb.save(data)
    path = save(tmp_path, data.getvalue())
    read, result, out, again = score_and_copy(path, tmp_path)
    copy = load_workbook(out)
    for sheet in copy.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert not isinstance(cell.value, str) or len(cell.value) <= CELL_TEXT_MAX, cell.coordinate
        for part in (sheet.oddHeader, sheet.oddFooter, sheet.evenHeader, sheet.evenFooter):
            assert len(str(part)) <= 255, (sheet.title, str(part))  # Excel's limit for the whole string
    trace_header = copy[TRACE_SHEET].oddHeader.center.text
    assert "Sở && Ban" in trace_header and trace_header.endswith("… [đã rút gọn]")
    assert len(copy[INPUT_SHEET][f"M{row}"].value) <= CELL_TEXT_MAX


def test_control_characters_from_excel_are_cleaned_and_reported(base, cells):
    """Office.js delivers what a cell holds, control characters included (=CHAR(7))."""
    grids = grids_from_bytes(base)
    grid = [list(r) for r in grids[INPUT_SHEET]]
    cell = cells[("1.1.1", "plan")]
    row, col = int(cell[1:]) - 1, ord(cell[0]) - 65
    grid[row][col] = "Kế hoạch\x07 số 04/KH ngày 13/01/2023\x1b[2J\ud800"
    read = read_grids({**grids, INPUT_SHEET: grid}, file="so.xlsx")
    assert read.evidence.items["1.1.1"].values["plan"].value == "Kế hoạch số 04/KH ngày 13/01/2023"
    [problem] = read.evidence.problems
    assert (problem.code, problem.cell.cell, problem.severity) == ("text_cleaned_cell", cell, "warning")
    result = evaluate(read.ruleset, read.evidence)
    result.model_dump_json()
    [f] = [f for f in result.findings if f.code == "text_cleaned_cell"]
    assert finding_text(f) == "Đã bỏ ký tự điều khiển hoặc ký tự không hợp lệ khỏi nội dung ô."


# --------------------------------------------------------------------------- fuzzing cell values

_CELL = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 400), max_value=10 ** 400),
    st.floats(), st.text(max_size=60), st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["#REF!", "#N/A", "١٠٠", "１００", "=SUM(A1)", "+1", "@x", "-", "93,81%", "1.343", "Không",
                     "Không áp dụng", "2024-01-05T00:00:00.000Z", "\x00", "\ud800", "x" * 40_000]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["tasks_assigned", "tasks_on_time", "documents", "plan", "survey_rate",
                                        "budget_disclosure", "explanation", "not_applicable", "unit"]),
                       _CELL, min_size=1, max_size=5))
def test_fuzzed_cell_values_never_escape(base, cells, changes):
    grids = grids_from_bytes(base)
    grid = [list(r) for r in grids[INPUT_SHEET]]
    targets = {"tasks_assigned": ("1.6", "tasks_assigned"), "tasks_on_time": ("1.6", "tasks_on_time"),
               "documents": ("1.6", "documents"), "plan": ("1.1.1", "plan"), "survey_rate": ("1.7", "survey_rate"),
               "budget_disclosure": ("6.2", "budget_disclosure"), "explanation": ("1.6", "explanation"),
               "not_applicable": ("3.1.3", "not_applicable")}
    for name, value in changes.items():
        if name == "unit":
            continue
        cell = cells[targets[name]]
        grid[int(cell[1:]) - 1][ord(cell[0]) - 65] = value
    before = [list(r) for r in grid]
    try:
        read = read_grids({**grids, INPUT_SHEET: grid}, file="so.xlsx")
    except ScoringError as exc:
        assert "Error" not in str(exc)
        return
    assert _comparable(grid) == _comparable(before)  # the cells are not changed by reading
    assert isinstance(read.evidence, Evidence)
    result = evaluate(read.ruleset, read.evidence)
    result.model_dump_json()
    for f in result.findings:
        assert "Error" not in finding_text(f) and "Traceback" not in finding_text(f)


def _comparable(grid):  # type: ignore[no-untyped-def]
    return [["nan" if isinstance(v, float) and v != v else v for v in row] for row in grid]

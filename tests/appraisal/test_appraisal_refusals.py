"""What the cycle refuses, in Vietnamese, naming the sheet and cell, with nothing recorded and
the file untouched: a value above an item's maximum or off its steps, a tampered workbook, a
sheet or answers of the wrong unit, a locked round, a workbook of another store, steps taken
out of turn; and bad survey results in a workbook or a CSV file."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from cycle_support import (
    RATES,
    ROUND1,
    UNITS,
    fill_answers,
    fill_round,
    fill_survey,
    rows_of,
    set_meta,
    sheet_of,
    unit_files,
)
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from scoring.cli import app

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), prog_name="scoring", env={"COLUMNS": "250"})


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == "" or not result.stdout.startswith("Đã nhập"), result.stdout
    return result.stderr


def count(db: Path, table: str) -> int:
    engine = create_engine(f"sqlite:///{db}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def made(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A store with the five units and their survey results, and a blank round-1 workbook."""
    folder = tmp_path_factory.mktemp("nam-2024")
    db = folder / "cchc.sqlite"
    for path in unit_files(folder).values():
        ok("score", str(path), "--db", str(db))
    ok("survey", "new", "--out", str(folder / "xhh.xlsx"), "--db", str(db))
    fill_survey(folder / "xhh.xlsx", folder / "xhh-da-nhap.xlsx", RATES)
    ok("survey", "import", str(folder / "xhh-da-nhap.xlsx"), "--db", str(db))
    ok("appraisal", "new", "--round", "1", "--out", str(folder / "vong-1.xlsx"), "--db", str(db))
    return folder


@pytest.fixture
def year(made, tmp_path):  # type: ignore[no-untyped-def]
    """A copy of that store and its files, for one test to change."""
    for path in made.iterdir():
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            shutil.copy2(path, tmp_path / path.name)
    return tmp_path


def _round1(year: Path, entries: dict, name: str = "vong-1-da-dien.xlsx") -> Path:
    out = year / name
    fill_round(year / "vong-1.xlsx", out, entries)
    return out


def _edit(path: Path, out: Path, unit: str, edits: dict[str, object]) -> Path:
    wb = load_workbook(path)
    ws = sheet_of(wb, unit)
    for address, value in edits.items():
        ws[address] = value
    wb.save(out)
    return out


def test_values_above_the_maximum_or_off_the_steps_are_refused_together(year):
    db = year / "cchc.sqlite"
    filled = _round1(year, {
        "A": {"1.1.1": (1.5, "Quá hạn", None)},                     # deadline: 0; 0,5; 1
        "B": {"3.3.2": (0.755, "Tính lại", None),                   # proportional: 0,01 steps
              "7.5": ("Không áp dụng", "Không có cổng", None),       # yes/no: never «không áp dụng»
              "7.4": ("một", "Sai", None)},
        "C": {"1.1.1": (0.3, "Trễ", None), "1.6": (0.5, None, None)},  # 1.6 changed without a reason
        "D": {"1.7": (1, None, None)},                              # a survey item is not appraised
    })
    before = sha(filled)
    message = refused("appraisal", "import", str(filled), "--db", str(db))
    wb = load_workbook(filled)
    a, b, c, d = (rows_of(sheet_of(wb, UNITS[k])) for k in "ABCD")
    assert message == (
        f"Lỗi: Không nhập tệp {filled}: có 7 chỗ cần sửa (tệp không bị thay đổi; chưa ghi gì vào kho):\n"
        f"  • Trang «01 Sở Nội vụ», ô I{d['1.7']}: tiêu chí 1.7 chấm theo kết quả điều tra XHH, không thẩm định; hãy "
        "xóa nội dung ô này.\n"
        f"  • Trang «03 Sở Tư pháp», ô I{a['1.1.1']}: điểm 1,5 vượt điểm tối đa 1 của tiêu chí 1.1.1.\n"
        f"  • Trang «04 Sở Xây dựng», ô I{c['1.1.1']}: điểm 0,3 không phải một mức điểm của tiêu chí 1.1.1; các mức: "
        "0; 0,5; 1.\n"
        f"  • Trang «04 Sở Xây dựng», ô J{c['1.6']}: tiêu chí 1.6: điểm thẩm định 0,5 khác điểm trước đó (1), cần ghi "
        "lý do điều chỉnh.\n"
        f"  • Trang «05 Sở Y tế», ô I{b['3.3.2']}: điểm 0,755 không phải một mức điểm của tiêu chí 3.3.2; các mức: 0–1 "
        "(bước 0,01) hoặc «Không áp dụng».\n"
        f"  • Trang «05 Sở Y tế», ô I{b['7.4']}: «một» không phải điểm; tiêu chí 7.4 được chấm: 0; 1.\n"
        f"  • Trang «05 Sở Y tế», ô I{b['7.5']}: tiêu chí 7.5 không được chấm «Không áp dụng»; các mức điểm: 0; 1,5.\n")
    assert sha(filled) == before
    assert count(db, "appraisal_imports") == 0


def test_a_tampered_workbook_is_refused(year):
    db = year / "cchc.sqlite"
    filled = _round1(year, {"A": {"1.1.1": (0.5, "Ban hành sau hạn", None)}})
    # the hidden metadata: the sheet of Sở Tư pháp said to be for another unit (its seal no longer matches)
    from cycle_support import meta_of

    meta = meta_of(filled)
    first = next(k for k, v in meta.items() if k.startswith("sheet:") and "Sở Tư pháp" in v)
    info = json.loads(meta[first])
    other = json.loads(next(v for k, v in meta.items() if k.startswith("sheet:") and "Sở Y tế" in v))
    moved = set_meta(filled, year / "sua-an.xlsx", first, json.dumps({**info, "unit_id": other["unit_id"]},
                                                                     ensure_ascii=False, sort_keys=True))
    expected = ("Lỗi: Tệp {path} bị từ chối: thông tin ẩn của sổ đã bị sửa (dấu niêm phong không khớp). Hãy dùng "
                "đúng tệp phần mềm đã tạo, hoặc tạo lại sổ và chép nội dung đã nhập sang.\n")
    assert refused("appraisal", "import", str(moved), "--db", str(db)) == expected.format(path=year / "sua-an.xlsx")
    set_meta(filled, year / "niem-phong.xlsx", "seal", "hmac-sha256:" + "0" * 64)
    assert refused("appraisal", "import", str(year / "niem-phong.xlsx"), "--db", str(db)) == expected.format(
        path=year / "niem-phong.xlsx")
    # a locked cell edited: the self-assessed points shown are no longer the recorded ones
    ws_rows = rows_of(sheet_of(load_workbook(filled), "Sở Tư pháp"))
    edited = _edit(filled, year / "tu-cham.xlsx", "Sở Tư pháp", {f"E{ws_rows['1.6']}": 0.5})
    assert refused("appraisal", "import", str(edited), "--db", str(db)) == (
        f"Lỗi: Không nhập tệp {edited}: có 1 chỗ cần sửa (tệp không bị thay đổi; chưa ghi gì vào kho):\n"
        f"  • Trang «03 Sở Tư pháp», ô E{ws_rows['1.6']}: điểm tự chấm của tiêu chí 1.6 đã bị sửa trong sổ («0,5», "
        "kho ghi 1); hãy dùng đúng tệp phần mềm đã tạo.\n")
    assert count(db, "appraisal_imports") == 0


def test_a_sheet_of_another_unit_is_refused(year):
    db = year / "cchc.sqlite"
    filled = _round1(year, {"A": {"1.1.1": (0.5, "Ban hành sau hạn", None)}})
    wb = load_workbook(filled)
    ws = sheet_of(wb, "Sở Tư pháp")
    row = next(r for r in range(1, 20) if str(ws[f"A{r}"].value).startswith("unit:"))
    other = sheet_of(wb, "Sở Y tế")
    orow = next(r for r in range(1, 20) if str(other[f"A{r}"].value).startswith("unit:"))
    ws[f"A{row}"], other[f"A{orow}"] = other[f"A{orow}"].value, ws[f"A{row}"].value  # two sheets swapped
    wb.save(year / "doi-trang.xlsx")
    assert refused("appraisal", "import", str(year / "doi-trang.xlsx"), "--db", str(db)) == (
        f"Lỗi: Tệp {year / 'doi-trang.xlsx'} bị từ chối: trang «03 Sở Tư pháp» là của đơn vị «Sở Y tế», nhưng sổ "
        "được tạo cho đơn vị «Sở Tư pháp» (trang đã bị đổi hoặc chép từ sổ khác).\n")


def test_locked_rounds_and_steps_out_of_turn(year):
    db = str(year / "cchc.sqlite")
    assert refused("appraisal", "new", "--round", "2", "--out", str(year / "v2.xlsx"), "--db", db) == (
        "Lỗi: Vòng 1 năm 2024 chưa chốt; hãy chốt vòng 1 trước: scoring appraisal lock --round 1\n")
    assert refused("appraisal", "answers", "new", "--out", str(year), "--db", db) == (
        "Lỗi: Vòng 1 năm 2024 chưa chốt: biểu giải trình gửi đơn vị sau khi chốt vòng 1 (scoring appraisal lock "
        "--round 1).\n")
    # a workbook for four of the five units (one appraiser's share): the fifth is still to appraise
    four = year / "vong-1-bon-don-vi.xlsx"
    ok("appraisal", "new", "--round", "1", "--out", str(four), "--db", db, "--force",
       *[a for k in "ABCD" for a in ("--unit", UNITS[k])])
    fill_round(four, year / "bon-da-dien.xlsx", {k: v for k, v in ROUND1.items() if k != "E"})
    ok("appraisal", "import", str(year / "bon-da-dien.xlsx"), "--db", db)
    assert refused("appraisal", "lock", "--round", "1", "--db", db) == (
        "Lỗi: Chưa nhập sổ thẩm định vòng 1 của 1 đơn vị: «Sở Tài chính». Hãy nhập sổ của các đơn vị này, hoặc chốt "
        "kèm --force để công nhận nguyên điểm tự chấm của họ.\n")
    ok("appraisal", "lock", "--round", "1", "--force", "--db", db)
    again = _round1(year, {"E": ROUND1["E"]}, "vong-1-muon.xlsx")
    message = refused("appraisal", "import", str(again), "--db", db)
    assert message.startswith("Lỗi: Vòng 1 năm 2024 đã chốt lúc ")
    assert message.endswith("; không nhận thêm sổ hay thay đổi nào cho vòng này.\n")
    assert refused("appraisal", "new", "--round", "1", "--out", str(year / "v1b.xlsx"), "--db", db).endswith(
        "; không nhận thêm sổ hay thay đổi nào cho vòng này.\n")
    # answers: a unit's file for another unit is refused, then round 2 locked refuses answers and survey results
    ok("appraisal", "answers", "new", "--out", str(year), "--db", db)
    blank = year / "giai-trinh-2024-so-tu-phap.xlsx"
    fill_answers(blank, year / "gt-a.xlsx", {"1.6": ("Đang thực hiện", None)})
    assert refused("appraisal", "answers", "import", str(year / "gt-a.xlsx"), "--unit", "y te", "--db", db) == (
        f"Lỗi: Tệp {year / 'gt-a.xlsx'} là biểu giải trình của «Sở Tư pháp», không phải của «Sở Y tế»; không nhập.\n")
    ok("appraisal", "lock", "--round", "2", "--db", db)
    assert refused("appraisal", "answers", "import", str(year / "gt-a.xlsx"), "--db", db).startswith(
        "Lỗi: Vòng 2 năm 2024 đã chốt lúc ")
    assert refused("survey", "import", str(year / "xhh-da-nhap.xlsx"), "--db", db).startswith(
        "Lỗi: Vòng 2 năm 2024 đã chốt lúc ")


def test_a_workbook_of_another_store_or_kind_is_refused(year, tmp_path_factory):
    other = tmp_path_factory.mktemp("kho-khac")
    for path in unit_files(other).values():
        ok("score", str(path), "--db", str(other / "cchc.sqlite"))
    ok("appraisal", "new", "--round", "1", "--out", str(other / "vong-1.xlsx"), "--db", str(other / "cchc.sqlite"))
    assert refused("appraisal", "import", str(year / "vong-1.xlsx"), "--db", str(other / "cchc.sqlite")) == (
        f"Lỗi: Tệp {year / 'vong-1.xlsx'} không được tạo từ kho dữ liệu này (kho không có vòng 1 năm 2024 của bộ chỉ "
        "số par-so-2024 như khi sổ được tạo). Hãy nhập vào đúng kho (--db) hoặc tạo sổ mới từ kho này.\n")
    assert refused("appraisal", "import", str(year / "xhh.xlsx"), "--db", str(year / "cchc.sqlite")) == (
        f"Lỗi: Tệp {year / 'xhh.xlsx'} là sổ kết quả điều tra XHH, không phải sổ thẩm định.\n")


def test_bad_survey_results_are_refused_and_a_csv_is_read(year):
    db = str(year / "cchc.sqlite")
    wb = load_workbook(year / "xhh.xlsx")
    ws = wb["Kết quả điều tra XHH"]
    first = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "unit")
    ws[f"D{first}"] = "chín mươi"
    ws[f"E{first}"] = 93.95              # typed as a number in a % cell: 9.395 %
    ws[f"C{first + 1}"] = "Sở Ngoại vụ"
    wb.save(year / "xhh-sai.xlsx")
    assert refused("survey", "import", str(year / "xhh-sai.xlsx"), "--db", db) == (
        f"Lỗi: Không nhập tệp {year / 'xhh-sai.xlsx'}: có 3 chỗ cần sửa (tệp không bị thay đổi; chưa ghi gì vào kho):\n"
        f"  • Trang «Kết quả điều tra XHH», ô D{first}: «chín mươi» không phải tỷ lệ phần trăm (ví dụ: 93,81%).\n"
        f"  • Trang «Kết quả điều tra XHH», ô E{first}: tỷ lệ 9.395% ngoài khoảng 0–100% (ô có định dạng %: nhập "
        "93,95% chứ không phải 93,95).\n"
        f"  • Trang «Kết quả điều tra XHH», ô C{first + 1}: không có đơn vị «Sở Ngoại vụ» trong các đơn vị tự đánh giá "
        "năm nay.\n")
    csv = year / "xhh.csv"
    csv.write_text("STT;Đơn vị;8.1 SIPAS;8.3;1.6\n1;SO TU PHAP;91,5%;80;\n2;Sở Y tá;90;;\n", encoding="utf-8")
    assert refused("survey", "import", str(csv), "--db", db) == (
        f"Lỗi: Không nhập tệp {csv}: có 2 chỗ cần sửa (tệp không bị thay đổi; chưa ghi gì vào kho):\n"
        "  • Dòng 1, cột «1.6»: tiêu chí 1.6 (Thực hiện nhiệm vụ UBND, Chủ tịch UBND thành phố giao) không chấm theo "
        "kết quả điều tra XHH.\n"
        "  • Dòng 3: không có đơn vị «Sở Y tá» trong các đơn vị tự đánh giá năm nay. Có phải: «Sở Y tế»?\n")
    csv.write_text("STT;Đơn vị;8.1 SIPAS;8.3\n1;SO TU PHAP;91,5%;80\n2;Sở Y tế;90;\n", encoding="utf-8")
    out = ok("survey", "import", str(csv), "--db", db)
    assert out.splitlines()[0].endswith(": 3 tỷ lệ của 2 đơn vị (bộ chỉ số par-so-2024, năm 2024).")
    from scoring.appraisal.cycle import Cycle
    from scoring.store import open_store

    with open_store(db) as store:
        cycle = Cycle.load(store, "par-so-2024", 2024)
        tu_phap = next(u for u in cycle.units if u.unit.name == UNITS["A"])
        rates = cycle.rates[tu_phap.unit.id]
        assert (str(rates["8.1"].rate), rates["8.1"].cell, rates["8.1"].file_name) == ("91.5", "C2", "xhh.csv")
        assert str(rates["8.3"].rate) == "80" and str(rates["1.7"].rate) == "95"  # earlier import still counts
        assert str(cycle.result(tu_phap.unit.id).item("8.1").points) == "7.32"  # 8 × 91,5 %


def test_a_workbook_made_before_a_unit_sent_a_newer_file_is_refused(year):
    db = str(year / "cchc.sqlite")
    newer = year / "tu-danh-gia-a-moi.yaml"
    newer.write_text((year / "tu-danh-gia-a.yaml").read_text(encoding="utf-8").replace(
        "tasks_planned: 45, tasks_done: 45", "tasks_planned: 45, tasks_done: 40"), encoding="utf-8")
    ok("score", str(newer), "--db", db)
    filled = _round1(year, {"A": {"1.1.1": (0.5, "Ban hành sau hạn", None)}})
    assert refused("appraisal", "import", str(filled), "--db", db) == (
        f"Lỗi: Tệp {filled}, trang «03 Sở Tư pháp»: sổ được tạo cho bản nộp #1 của «Sở Tư pháp», nhưng đơn vị đã nộp "
        "bản mới (#6). Hãy tạo lại sổ cho đơn vị này (--unit).\n")

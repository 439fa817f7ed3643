"""`scoring consolidate` as an office runs it: the workbook, CSV and JSON outputs agree, the
exit statuses, refused outputs, and LibreOffice recalculating the workbook's formulas to the
engine's numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from cli.cli_support import english_in, invoke
from office_support import AVERAGES, CLASSES, EXPECTED
from openpyxl import load_workbook
from workbook.wbtools import cached_values, require_tool, soffice_convert

from scoring.office.workbook import is_consolidated

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
SHEETS = ["Xếp hạng", "Theo lĩnh vực", "Thiếu sót", "Biểu đồ", "Không chấm được", "Thông tin"]
#: table key → (sheet, first header)
TABLES = {"xep-hang": ("Xếp hạng", "Hạng"), "theo-linh-vuc": ("Theo lĩnh vực", "Hạng"),
          "thieu-sot": ("Thiếu sót", "Đơn vị"), "xep-loai": ("Biểu đồ", "Xếp loại"),
          "chi-so-linh-vuc": ("Biểu đồ", "Lĩnh vực"), "khong-cham-duoc": ("Không chấm được", "STT"),
          "thong-tin": ("Thông tin", "Nội dung")}


@pytest.fixture(scope="module")
def outputs(returned, tmp_path_factory):
    out = tmp_path_factory.mktemp("tong-hop")
    runs = {}
    for name, extra in (("tong-hop.xlsx", ["--office", "Sở Nội vụ", "--agency", "UBND thành phố Hải Phòng"]),
                        ("tong-hop.zip", []), ("tong-hop.json", [])):
        runs[name] = invoke("consolidate", str(returned), "--out", str(out / name), "--jobs", "2", *extra)
    return out, runs


def test_the_command_writes_and_reports(outputs, returned):
    out, runs = outputs
    r = runs["tong-hop.xlsx"]
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        "Đã chấm 16/21 tệp: 13 đơn vị được xếp hạng (bộ chỉ số par-so-2024 phiên bản 1.0.0, năm 2024); "
        "8 tệp không chấm được hoặc không xếp hạng.",
        f"Đã ghi {out / 'tong-hop.xlsx'}",
    ]
    lines = r.stderr.splitlines()
    assert len(lines) == 8 and all(line.startswith("  • Tệp ") or line.startswith("  • Không đọc") for line in lines)
    assert not english_in(r.stdout) and "Traceback" not in r.stderr
    assert is_consolidated(out / "tong-hop.xlsx")
    wb = load_workbook(out / "tong-hop.xlsx")
    assert wb.sheetnames == SHEETS


def _sheet_table(ws, first_header: str, columns: int, start: int = 1) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    """(header, rows) of the table whose header starts with `first_header` at or after `start`."""
    rows = [list(r) for r in ws.iter_rows(min_row=1, values_only=True)]
    h = next(i for i in range(start - 1, len(rows)) if rows[i][0] == first_header)
    body = []
    for row in rows[h + 1:]:
        if all(v is None for v in row[:columns]):
            break
        body.append(row[:columns])
    return rows[h][:columns], body


#: rows of «Thông tin» that differ between two runs
_RUN_TIMES = ("Bắt đầu", "Kết thúc")


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(a, str) and a.startswith("'") and isinstance(b, str) and a[1:] == b:
        return True  # the CSV's guard against a text read as a formula
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and not isinstance(a, bool) or isinstance(b, (int, float)) and not isinstance(b, bool):
        try:
            return round(float(a), 6) == round(float(b), 6)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def test_csv_and_json_agree_with_the_workbook(outputs):
    out, runs = outputs
    assert runs["tong-hop.zip"].exit_code == 0 and runs["tong-hop.json"].exit_code == 0
    doc = json.loads((out / "tong-hop.json").read_text(encoding="utf-8"))
    archive = zipfile.ZipFile(out / "tong-hop.zip")
    assert sorted(archive.namelist()) == sorted(f"{k}.csv" for k in TABLES)
    wb = load_workbook(out / "tong-hop.xlsx", data_only=True)  # cached values as written
    for table in doc["tables"]:
        key = table["key"]
        text = archive.read(f"{key}.csv").decode("utf-8")
        assert text.startswith("\ufeff")
        csv_rows = list(csv.reader(io.StringIO(text[1:])))
        headers = [c["header"] for c in table["columns"]]
        assert csv_rows[0] == headers
        keys = [c["key"] for c in table["columns"]]
        json_rows = [[r[k] for k in keys] for r in table["rows"] + table["footer"]]
        assert len(csv_rows) - 1 == len(json_rows)
        for c_row, j_row in zip(csv_rows[1:], json_rows, strict=True):
            if c_row[0] in _RUN_TIMES:
                continue
            assert all(_same(c, j) for c, j in zip(c_row, j_row, strict=True)), (key, c_row, j_row)
        sheet, first = TABLES[key]
        assert table["sheet"] == sheet
        start = 1 if key != "chi-so-linh-vuc" else 20
        header, body = _sheet_table(wb[sheet], first, len(keys), start)
        assert list(header) == headers
        assert len(body) == len(json_rows), key
        for w_row, j_row in zip(body, json_rows, strict=True):
            if w_row[0] in _RUN_TIMES:
                continue
            assert all(_same(w, j) for w, j in zip(w_row, j_row, strict=True)), (key, w_row, j_row)


def test_json_holds_the_ranking(outputs):
    out, _ = outputs
    doc = json.loads((out / "tong-hop.json").read_text(encoding="utf-8"))
    ranking = next(t for t in doc["tables"] if t["key"] == "xep-hang")
    got = {r["unit"]: (r["rank"], Decimal(str(r["total"])), Decimal(str(r["index"])), r["class"])
           for r in ranking["rows"]}
    assert got == {unit: (e[0], e[5], e[7], e[8]) for unit, e in EXPECTED.items()}


def test_libreoffice_recalculates_the_engines_numbers(outputs, tmp_path):
    require_tool("soffice")
    out, _ = outputs
    recalculated = soffice_convert(out / "tong-hop.xlsx", "xlsx", tmp_path / "lo", tmp_path / "profile")
    ranking = cached_values(recalculated, "Xếp hạng")
    header, body = _sheet_table(ranking, "Hạng", 13)
    col = {h: i for i, h in enumerate(header)}
    units = body[:-1]
    for row in units:
        e = EXPECTED[row[col["Đơn vị"]]]
        assert row[col["Hạng"]] == e[0]                       # RANK()
        assert round(row[col["Tổng điểm"]], 2) == float(e[5])  # MIN(100, MAX(0, self + survey + bonus − penalty))
    average = body[-1]
    assert average[col["Đơn vị"]] == "Bình quân"
    for key, header_text in (("self", "Điểm tự đánh giá"), ("total", "Tổng điểm"),
                             ("index", "Chỉ số CCHC (%)"), ("lost", "Điểm mất do thiếu số liệu/TLKC")):
        assert round(average[col[header_text]], 2) == float(AVERAGES[key]), key
    assert average[col["Điểm điều tra XHH"]] is None  # no unit's own survey rates count: nothing to average
    fields = cached_values(recalculated, "Theo lĩnh vực")
    header, body = _sheet_table(fields, "Hạng", 11)
    for row in body[:-2]:
        e = EXPECTED[row[1]]
        assert round(row[-1], 2) == float(e[1] + (e[2] or 0))  # SUM of the fields = self + survey points
    maxima, averages = body[-2], body[-1]
    assert round(maxima[-1], 2) == 100.0
    for j in range(2, 11):
        values = [Decimal(str(r[j])) for r in body[:-2]]
        expected = (sum(values) / len(values)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert round(averages[j], 2) == float(expected)
    charts = cached_values(recalculated, "Biểu đồ")
    _, body = _sheet_table(charts, "Xếp loại", 2)
    assert {label: count for label, count in body} == CLASSES  # COUNTIF over the ranking


def test_libreoffice_prints_every_sheet(outputs, tmp_path):
    require_tool("pdftoppm")
    out, _ = outputs
    pdf = soffice_convert(out / "tong-hop.xlsx", "pdf", tmp_path / "lo", tmp_path / "profile")
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for title in ("BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "UBND THÀNH PHỐ HẢI PHÒNG", "SỞ NỘI VỤ", "Hải Phòng, ngày", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                  "DANH MỤC THIẾU SÓT", "DANH SÁCH TỆP KHÔNG CHẤM ĐƯỢC", "THÔNG TIN VỀ LẦN TỔNG HỢP"):
        assert title in text, title
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in pages


def test_nothing_to_rank_exits_1_and_still_lists_why(tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    out = tmp_path / "th.xlsx"
    r = invoke("consolidate", str(tmp_path), "--out", str(out), "--jobs", "1")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == "Không đơn vị nào được xếp hạng; bảng tổng hợp chỉ có danh sách tệp không chấm được."
    wb = load_workbook(out)
    assert any("rỗng (0 byte)" in str(c) for row in wb["Không chấm được"].iter_rows(values_only=True) for c in row)


def test_no_files_exits_1(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    r = invoke("consolidate", str(tmp_path), "--out", str(tmp_path / "th.xlsx"))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Lỗi: Không tìm thấy tệp nào để tổng hợp (.xlsx, .json, .yaml, .yml) trong {tmp_path}."
    assert not (tmp_path / "th.xlsx").exists()


def test_out_that_is_a_units_file_is_refused(returned, tmp_path):
    target = returned / "so-tu-phap.xlsx"
    before = target.read_bytes()
    r = invoke("consolidate", str(returned), "--out", str(target))
    assert r.exit_code == 1
    assert r.stderr.strip() == (f"Lỗi: Không ghi bảng tổng hợp vào {target}: đây là một tệp đầu vào (sổ hoặc số liệu "
                                "của đơn vị). Hãy chọn tệp khác (--out).")
    assert target.read_bytes() == before


def test_an_earlier_report_in_the_folder_is_replaced_not_read(tmp_path, returned):
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "so-tu-phap.xlsx").write_bytes((returned / "so-tu-phap.xlsx").read_bytes())
    for _ in range(2):
        r = invoke("consolidate", str(folder), "--out", str(folder / "tong-hop.xlsx"), "--jobs", "1")
        assert r.exit_code == 0, r.output
        assert r.stdout.startswith("Đã chấm 1/1 tệp")


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "th.csv"], "Lỗi: Tệp tổng hợp th.csv phải có đuôi .xlsx (--format xlsx)."),
    (["--format", "csv", "--out", "th.xlsx"], "Lỗi: Tệp tổng hợp th.xlsx phải có đuôi .zip (--format csv)."),
])
def test_out_extension_must_fit_the_format(returned, args, message):
    r = invoke("consolidate", str(returned), *args)
    assert r.exit_code == 2
    assert r.stderr.strip() == message


def test_missing_path_is_named(tmp_path):
    r = invoke("consolidate", str(tmp_path / "khong-co"))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Lỗi: Không tìm thấy {tmp_path / 'khong-co'}."


def test_progress_bar_only_on_a_terminal(returned, tmp_path):
    """Not a terminal (CliRunner): stderr holds the files not ranked and nothing else."""
    r = invoke("consolidate", str(returned), "--out", str(tmp_path / "th.json"), "--jobs", "2")
    assert r.exit_code == 0
    assert "Đang chấm" not in r.stderr and "\x1b" not in r.stderr


def test_default_out_in_the_working_folder(returned, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke("consolidate", str(returned), "--format", "json", "--jobs", "2")
    assert r.exit_code == 0
    assert Path(tmp_path / "tong-hop-cchc.json").exists()


def test_progress_bar_on_a_terminal(returned, tmp_path):
    """On a terminal the progress bar is drawn on stderr, in Vietnamese."""
    import os
    import pty
    import subprocess

    from cli.cli_support import SCORING

    master, slave = pty.openpty()
    proc = subprocess.Popen([str(SCORING), "consolidate", str(returned), "--out", str(tmp_path / "th.xlsx"),
                             "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "120"})
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert "Đang chấm" in text and "tệp" in text


def test_a_text_that_looks_like_a_formula_stays_text_in_csv(tmp_path, returned):
    import shutil

    folder = tmp_path / "nop"
    folder.mkdir()
    text = (returned / "so-lao-dong.yaml").read_text(encoding="utf-8").replace("Sở Lao động", "=HYPERLINK(1)")
    (folder / "x.yaml").write_text(text, encoding="utf-8")
    shutil.copy(returned / "so-tu-phap.xlsx", folder)
    r = invoke("consolidate", str(folder), "--out", str(tmp_path / "th.zip"), "--jobs", "1")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(zipfile.ZipFile(tmp_path / "th.zip").read("xep-hang.csv").decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:3]] == ["Sở Tư pháp", "'=HYPERLINK(1)"]
    r = invoke("consolidate", str(folder), "--out", str(tmp_path / "th.xlsx"), "--jobs", "1")
    ws = load_workbook(tmp_path / "th.xlsx")["Xếp hạng"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert len(cells) == 1 and cells[0].data_type == "s"  # text, not a formula


def test_db_records_every_scored_file_once(returned, tmp_path):
    store = tmp_path / "kho.sqlite"
    args = ["consolidate", str(returned), "--out", str(tmp_path / "th.xlsx"), "--jobs", "2", "--db", str(store)]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert f"Đã lưu 16 tệp đã chấm vào kho {store} (16 tệp mới; tệp đã có từ trước không ghi lại)." in first.stdout
    again = invoke(*args)
    assert f"Đã lưu 16 tệp đã chấm vào kho {store} (0 tệp mới; tệp đã có từ trước không ghi lại)." in again.stdout
    verified = invoke("verify", "--db", str(store))
    assert verified.exit_code == 0, verified.output
    history = invoke("history", "Sở Tư pháp", "--db", str(store))
    assert history.exit_code == 0 and "2024" in history.stdout

"""A year's cycle on five units, worked out by hand: their self-assessments, the office's survey
results, the team's round-1 points and requests, the units' answers, round 2.

Every unit starts from tests/data/strong-unit.yaml (tests/test_engine_units.py works it out):
every self-assessed item at its maximum, 66 / 66 points (2.1.1, 2.1.2 and 3.3.3 not applicable:
69,5 − 3,5), bonus 1,5 (9.1: 3 initiatives × 0,5), penalty 0,5 (9.2: one criticism). The survey
rates in the unit's own file are never counted: the office's are.

Survey results (the office's workbook, one rate for all nine survey items of a unit; survey
maximum 30,5 = 2 × 4 [1.7, 2.5, 4.5, 6.6] + 3 × 3 [3.5, 5.5, 7.10] + 8 [8.1] + 5,5 [8.3]):

    A Sở Tư pháp    95 %  1,9 × 4 + 2,85 × 3 + 7,6 + 5,225→5,23 = 7,6 + 8,55 + 7,6 + 5,23 = 28,98
    B Sở Y tế       90 %  1,8 × 4 + 2,7 × 3 + 7,2 + 4,95 = 27,45
    C Sở Xây dựng   80 %  1,6 × 4 + 2,4 × 3 + 6,4 + 4,4 = 24,4
    D Sở Nội vụ     90 %  27,45
    E Sở Tài chính  60 %  1,2 × 4 + 1,8 × 3 + 4,8 + 3,3 = 18,3

Self-assessed with survey (total = self + survey + bonus − penalty; index = total ÷ (66 + 30,5)):

    A 66 + 28,98 + 1 = 95,98 → 95,98 / 96,5 = 99,46 %     B 94,45 → 97,88 %   C 91,4 → 94,72 %
    D 94,45 → 97,88 %                                       E 85,3 → 88,39 %

Round 1 (the team):
    A 1.1.1 (deadline; steps 0; 0,5; 1): 1 → 0,5 «ban hành sau hạn»; request on 1.6
    B 7.5 (yes/no; 0; 1,5): 1,5 → 0 «chưa có TLKC»; 3.3.2 (proportional, 0,01 steps): 1 → 0,75; request on 7.5
    C 9.1 (bonus, count of 0,5 each, 0,01 steps): 1,5 → 1 «một sáng kiến chưa được công nhận»
    D 3.3.2: 1 → 0,75 «tính lại tỷ lệ hồ sơ trực tuyến»
    E 3.1.3 (declarable): 1 → «Không áp dụng» (self maximum 65); 9.2 (penalty): 0,5 → 1

    after round 1: A 95,48 / 96,5 = 98,94 %   B 92,70 / 96,5 = 96,06 %   C 90,9 / 96,5 = 94,20 %
                   D 94,20 / 96,5 = 97,62 %   E 65 + 18,3 + 1,5 − 1 = 83,8 / 95,5 = 87,75 %
    ranks: A 1, D 2, B 3, C 4, E 5

Answers: A on 1.6 and 1.1.1 (asked or lowered), B on 7.5 with two documents added.
Round 2: B 7.5 → 1,5 «đã bổ sung TLKC» (3.3.2 stays 0,75); nothing else changes.

    final: A 95,48 → 98,94 % Xuất sắc, rank 1
           B 94,20 → 97,62 % Xuất sắc, rank 2   (equal indices share a rank)
           D 94,20 → 97,62 % Xuất sắc, rank 2
           C 90,90 → 94,20 % Xuất sắc, rank 4
           E 83,80 → 87,75 % Tốt,      rank 5
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "tests" / "data" / "strong-unit.yaml"

UNITS = {"A": "Sở Tư pháp", "B": "Sở Y tế", "C": "Sở Xây dựng", "D": "Sở Nội vụ", "E": "Sở Tài chính"}
RATES = {"A": 0.95, "B": 0.9, "C": 0.8, "D": 0.9, "E": 0.6}
ROUND1: dict[str, dict[str, tuple[Any, str | None, str | None]]] = {
    "A": {"1.1.1": (0.5, "Kế hoạch ban hành sau hạn 25/01", None),
          "1.6": (None, None, "Đề nghị cung cấp danh sách nhiệm vụ đang thực hiện")},
    "B": {"7.5": (0, "Chưa có TLKC về cổng thông tin đáp ứng yêu cầu", "Đề nghị bổ sung TLKC cho 7.5"),
          "3.3.2": (0.75, "Tính lại tỷ lệ hồ sơ trực tuyến", None)},
    "C": {"9.1": (1, "Một sáng kiến chưa được công nhận cấp thành phố", None)},
    "D": {"3.3.2": (0.75, "Tính lại tỷ lệ hồ sơ trực tuyến", None)},
    "E": {"3.1.3": ("Không áp dụng", "Đơn vị không có TTHC nội bộ", None),
          "9.2": (1, "Thêm một báo cáo bắt buộc không gửi", None)},
}
ROUND2 = {"B": {"7.5": (1.5, "Đã bổ sung TLKC", None)}}
FINAL = {  # unit: (total, index, classification, rank)
    "A": ("95.48", "98.94", "Xuất sắc", 1), "B": ("94.20", "97.62", "Xuất sắc", 2),
    "D": ("94.20", "97.62", "Xuất sắc", 2), "C": ("90.90", "94.20", "Xuất sắc", 4),
    "E": ("83.80", "87.75", "Tốt", 5),
}
AFTER_ROUND1 = {"A": ("95.48", "98.94", 1), "D": ("94.20", "97.62", 2), "B": ("92.70", "96.06", 3),
                "C": ("90.90", "94.20", 4), "E": ("83.80", "87.75", 5)}
SELF = {"A": ("95.98", "99.46"), "B": ("94.45", "97.88"), "C": ("91.40", "94.72"), "D": ("94.45", "97.88"),
        "E": ("85.30", "88.39")}


def unit_files(folder: Path) -> dict[str, Path]:
    """The five units' self-assessment files (the strong unit under each name)."""
    text = STRONG.read_text(encoding="utf-8")
    out = {}
    for key, name in UNITS.items():
        path = folder / f"tu-danh-gia-{key.lower()}.yaml"
        path.write_text(re.sub(r"(?m)^unit: .*$", f"unit: {name}", text), encoding="utf-8")
        out[key] = path
    return out


def fill_survey(blank: Path, out: Path, rates: dict[str, Any]) -> None:
    """Type each unit's rate into every survey cell of its row (a fraction: the cells are %)."""
    wb = load_workbook(blank)
    ws = wb["Kết quả điều tra XHH"]
    by_name = {name: key for key, name in UNITS.items()}
    for row in ws.iter_rows():
        if row[0].value == "unit" and row[2].value in by_name:
            rate = rates.get(by_name[row[2].value])
            if rate is None:
                continue
            for cell in row[3:]:
                if cell.protection.locked is False:
                    cell.value = rate
    wb.save(out)


def sheet_of(wb: Any, unit: str) -> Any:
    """A unit's sheet of an appraisal workbook (found by the unit's key row, as the reader does)."""
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows(min_col=1, max_col=5):
            if isinstance(row[0].value, str) and row[0].value.startswith("unit:") and row[4].value == unit:
                return ws
    raise KeyError(unit)


def rows_of(ws: Any) -> dict[str, int]:
    return {str(ws[f"A{r}"].value): r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value}


def fill_round(blank: Path, out: Path, entries: dict[str, dict[str, tuple[Any, str | None, str | None]]], *,
               number: int = 1, signer: str = "Nguyễn Thị Thẩm Định") -> None:
    """Write the team's points, reasons and requests (round 1: I, J, K; round 2: K, L)."""
    points, reason, request = ("I", "J", "K") if number == 1 else ("K", "L", None)
    wb = load_workbook(blank)
    for key, items in entries.items():
        ws = sheet_of(wb, UNITS[key])
        rows = rows_of(ws)
        ws[f"E{rows['signer']}"] = signer
        for item, (value, why, ask) in items.items():
            r = rows[item]
            if value is not None:
                ws[f"{points}{r}"] = value
            if why:
                ws[f"{reason}{r}"] = why
            if ask and request:
                ws[f"{request}{r}"] = ask
    wb.save(out)


def fill_answers(blank: Path, out: Path, answers: dict[str, tuple[str, str | None]]) -> None:
    wb = load_workbook(blank)
    ws = wb.active
    rows = rows_of(ws)
    for item, (answer, documents) in answers.items():
        ws[f"I{rows[item]}"] = answer
        if documents:
            ws[f"J{rows[item]}"] = documents
    wb.save(out)


def set_meta(path: Path, out: Path, key: str, value: str) -> Path:
    """Edit the hidden metadata sheet, as someone tampering with the workbook would."""
    wb = load_workbook(path)
    ws = wb["_cchc"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value
            break
    else:
        raise KeyError(key)
    wb.save(out)
    return out


def meta_of(path: Path) -> dict[str, str]:
    wb = load_workbook(path, read_only=True)
    return {r[0]: r[1] for r in wb["_cchc"].iter_rows(min_row=2, values_only=True) if r[0]}


# --------------------------------------------------------------------------- the whole cycle by the commands

_runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    """The command run in-process, on a wide terminal (tables are not wrapped)."""
    from scoring.cli import app

    return _runner.invoke(app, list(args), prog_name="scoring", env={"COLUMNS": "250"})


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cycle(db: str, tmp: Path) -> dict[str, Path]:
    """The whole cycle; returns the files it made and filled."""
    files = {}
    for path in unit_files(tmp).values():
        ok("score", str(path), "--db", db)
    files["survey"] = tmp / "xhh.xlsx"
    out = ok("survey", "new", "--out", str(files["survey"]), "--db", db, "--agency", "UBND thành phố Hải Phòng",
             "--office", "Sở Nội vụ")
    assert out.splitlines()[0] == (f"Đã tạo sổ kết quả điều tra XHH {files['survey']}: 5 đơn vị × 9 tiêu chí (bộ chỉ số "
                                   f"par-so-2024, năm 2024). Nhập tỷ lệ vào các ô nền vàng, rồi: scoring survey import "
                                   f"{files['survey']}")
    files["survey_filled"] = tmp / "xhh-da-nhap.xlsx"
    fill_survey(files["survey"], files["survey_filled"], RATES)
    before = sha(files["survey_filled"])
    out = ok("survey", "import", str(files["survey_filled"]), "--db", db)
    assert out.splitlines()[0].startswith(f"Đã nhập kết quả điều tra XHH từ {files['survey_filled']} vào kho ")
    assert out.splitlines()[0].endswith(": 45 tỷ lệ của 5 đơn vị (bộ chỉ số par-so-2024, năm 2024).")
    assert sha(files["survey_filled"]) == before  # never modified

    files["round1"] = tmp / "tham-dinh-vong-1.xlsx"
    out = ok("appraisal", "new", "--round", "1", "--out", str(files["round1"]), "--db", db)
    assert out == (f"Đã tạo sổ thẩm định vòng 1 {files['round1']}: 5 đơn vị, mỗi đơn vị một trang, trang «Tổng hợp» "
                   f"ở đầu (bộ chỉ số par-so-2024, năm 2024). Điền xong: scoring appraisal import {files['round1']}\n")
    files["round1_filled"] = tmp / "tham-dinh-vong-1-da-dien.xlsx"
    fill_round(files["round1"], files["round1_filled"], ROUND1)
    out = ok("appraisal", "import", str(files["round1_filled"]), "--db", db)
    assert out.splitlines()[0].startswith(f"Đã nhập sổ thẩm định vòng 1 năm 2024 từ {files['round1_filled']} vào kho ")
    out = ok("appraisal", "lock", "--round", "1", "--db", db)
    assert out.splitlines()[0].startswith("Đã chốt vòng 1 năm 2024: kết quả của 5 đơn vị được ghi vào kho ")

    out = ok("appraisal", "answers", "new", "--out", str(tmp), "--db", db)
    made = {line.split("«")[1].split("»")[0]: line for line in out.splitlines()}
    assert sorted(made) == sorted(UNITS.values())
    assert made["Sở Y tế"] == f"Đã tạo biểu giải trình {tmp / 'giai-trinh-2024-so-y-te.xlsx'} cho «Sở Y tế» (2 tiêu chí)."
    files["answers_b"] = tmp / "giai-trinh-b.xlsx"
    fill_answers(tmp / "giai-trinh-2024-so-y-te.xlsx", files["answers_b"],
                 {"7.5": ("Cổng TTĐT đã đáp ứng đủ yêu cầu từ tháng 6/2024",
                          "Biên bản kiểm tra cổng TTĐT số 12/BB ngày 20/6/2024\nCông văn 34/STTTT ngày 01/7/2024")})
    files["answers_a"] = tmp / "giai-trinh-a.xlsx"
    fill_answers(tmp / "giai-trinh-2024-so-tu-phap.xlsx", files["answers_a"],
                 {"1.6": ("10 nhiệm vụ đang thực hiện, chưa đến hạn", "Danh sách nhiệm vụ kèm theo")})
    out = ok("appraisal", "answers", "import", str(files["answers_b"]), str(files["answers_a"]), "--db", db)
    assert out.splitlines()[0].startswith(f"Đã nhập giải trình của «Sở Y tế» từ {files['answers_b']} vào kho ")
    assert out.splitlines()[0].endswith(": 1 tiêu chí có giải trình hoặc tài liệu bổ sung.")

    files["round2"] = tmp / "tham-dinh-vong-2.xlsx"
    ok("appraisal", "new", "--round", "2", "--out", str(files["round2"]), "--db", db)
    files["round2_filled"] = tmp / "tham-dinh-vong-2-da-dien.xlsx"
    fill_round(files["round2"], files["round2_filled"], ROUND2, number=2)
    ok("appraisal", "import", str(files["round2_filled"]), "--db", db)
    out = ok("appraisal", "lock", "--round", "2", "--db", db)
    assert out.splitlines()[0].startswith("Đã chốt vòng 2 năm 2024: kết quả của 5 đơn vị được ghi vào kho ")
    return files



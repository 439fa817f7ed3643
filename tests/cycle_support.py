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

"""A folder of returned files, as an office receives them: 13 units with totals worked out by
hand (ties included) and 8 files that cannot be ranked, generated in a temporary folder.

Every unit starts from `strong`: each self-assessed item of par-so-2024 at its maximum, with a
document each, no bonus, no penalty, no survey results. Self-assessed maximum 69,5, so the
index is provisional: (self + bonus − penalty) ÷ 69,5 × 100 (capped at 100, 2 decimals).

| unit                    | file  | change from strong                          | self  | survey | total | index  | class     | lost* |
|-------------------------|-------|---------------------------------------------|-------|--------|-------|--------|-----------|-------|
| Sở Nội vụ               | yaml  | its own survey rates typed in (50% each): ignored, survey results are the office's (9 warnings) | 69,5 | | 69,5 | 100,00 | Xuất sắc | 0 |
| Sở Tư pháp              | xlsx  | none                                        | 69,5  |        | 69,5  | 100,00 | Xuất sắc  | 0     |
| Sở Y tế                 | yaml  | 2.1.2 without documents (keeps its 1 point) | 69,5  |        | 69,5  | 100,00 | Xuất sắc  | 1     |
| Sở Ngoại vụ             | xlsx  | 1.5 a formula with no cached value: 0/0,5   | 69    |        | 69    | 99,28  | Xuất sắc  | 0     |
| Sở Công Thương          | json  | 2.4 blank (max 1)                           | 68,5  |        | 68,5  | 98,56  | Xuất sắc  | 1     |
| Sở Xây dựng             | xlsx  | 1.6 blank (max 1)                           | 68,5  |        | 68,5  | 98,56  | Xuất sắc  | 1     |
| Sở Giao thông vận tải   | xlsx  | 7.2 blank (2); 9.1: 2 initiatives (bonus 2×0,5 = 1); 9.2: 1 criticism (penalty 0,5) | 67,5 | | 68 | 97,84 | Xuất sắc | 2 |
| Sở Lao động             | yaml  | 7.2 blank (max 2)                           | 67,5  |        | 67,5  | 97,12  | Xuất sắc  | 2     |
| Sở Văn hóa              | json  | 1.1.2 «abc» (max 2; a wrong value)          | 67,5  |        | 67,5  | 97,12  | Xuất sắc  | 0     |
| Sở Tài chính            | yaml  | 5.3 (2) and 5.1.1 (1,5) blank               | 66    |        | 66    | 94,96  | Xuất sắc  | 3,5   |
| Sở Nông nghiệp          | xlsx  | 8.2 (3) and 6.3 (2) blank                   | 64,5  |        | 64,5  | 92,81  | Xuất sắc  | 5     |
| Sở Giáo dục             | json  | 3.2.1 (2), 3.3.2 (1), 4.1.2 (1,5), 4.2.1 (1,5) blank | 63,5 |  | 63,5  | 91,37  | Xuất sắc  | 6     |
| Sở Thông tin            | yaml  | fields 5 and 6 blank: 12 + 8 self points    | 49,5  |        | 49,5  | 71,22  | Khá       | 20    |

(*) «điểm mất do thiếu số liệu/TLKC»: blank inputs' lost points plus points kept only with documents.
Indices: 68,5 ÷ 69,5 = 98,561 → 98,56; 69 ÷ 69,5 = 99,281 → 99,28; 68 ÷ 69,5 = 97,842 → 97,84;
67,5 ÷ 69,5 = 97,122 → 97,12; 66 ÷ 69,5 = 94,964 → 94,96; 64,5 ÷ 69,5 = 92,806 → 92,81;
63,5 ÷ 69,5 = 91,367 → 91,37; 49,5 ÷ 69,5 = 71,223 → 71,22.

Not ranked: a corrupted workbook, a password-protected one, one made for par-so-2026, an
older copy of Sở Tư pháp's workbook (its metadata says it was made earlier), an empty file,
evidence of 2023, a JSON file that is not JSON, and a workbook not made by the program.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from workbook.wbtools import strong_evidence

from scoring.evidence_io import evidence_from_data
from scoring.ruleset import find_ruleset
from scoring.workbook.fill import fill_workbook, grids_of
from scoring.workbook.generate import build_workbook, save_workbook
from scoring.workbook.grids import read_grids

D = Decimal

#: unit → (rank, self, survey (None: no results), bonus, penalty, total, max, index, class, provisional, lost)
EXPECTED: dict[str, tuple] = {
    "Sở Nội vụ": (1, D("69.5"), None, D(0), D(0), D("69.5"), D("69.5"), D("100"), "Xuất sắc", True, D(0)),
    "Sở Tư pháp": (1, D("69.5"), None, D(0), D(0), D("69.5"), D("69.5"), D("100"), "Xuất sắc", True, D(0)),
    "Sở Y tế": (1, D("69.5"), None, D(0), D(0), D("69.5"), D("69.5"), D("100"), "Xuất sắc", True, D(1)),
    "Sở Ngoại vụ": (4, D("69"), None, D(0), D(0), D("69"), D("69.5"), D("99.28"), "Xuất sắc", True, D(0)),
    "Sở Công Thương": (5, D("68.5"), None, D(0), D(0), D("68.5"), D("69.5"), D("98.56"), "Xuất sắc", True, D(1)),
    "Sở Xây dựng": (5, D("68.5"), None, D(0), D(0), D("68.5"), D("69.5"), D("98.56"), "Xuất sắc", True, D(1)),
    "Sở Giao thông vận tải": (7, D("67.5"), None, D(1), D("0.5"), D("68"), D("69.5"), D("97.84"), "Xuất sắc", True,
                              D(2)),
    "Sở Lao động": (8, D("67.5"), None, D(0), D(0), D("67.5"), D("69.5"), D("97.12"), "Xuất sắc", True, D(2)),
    "Sở Văn hóa": (8, D("67.5"), None, D(0), D(0), D("67.5"), D("69.5"), D("97.12"), "Xuất sắc", True, D(0)),
    "Sở Tài chính": (10, D("66"), None, D(0), D(0), D("66"), D("69.5"), D("94.96"), "Xuất sắc", True, D("3.5")),
    "Sở Nông nghiệp": (11, D("64.5"), None, D(0), D(0), D("64.5"), D("69.5"), D("92.81"), "Xuất sắc", True, D(5)),
    "Sở Giáo dục": (12, D("63.5"), None, D(0), D(0), D("63.5"), D("69.5"), D("91.37"), "Xuất sắc", True, D(6)),
    "Sở Thông tin": (13, D("49.5"), None, D(0), D(0), D("49.5"), D("69.5"), D("71.22"), "Khá", True, D(20)),
}
#: Averages of the ranking (13 units): self 860,5 ÷ 13 = 66,192 → 66,19; no survey results (none
#: is the units' to give); total 861 ÷ 13 = 66,231 → 66,23; index 1.238,84 ÷ 13 = 95,295 → 95,30;
#: lost 41,5 ÷ 13 = 3,192 → 3,19.
AVERAGES = {"self": D("66.19"), "total": D("66.23"), "index": D("95.30"), "lost": D("3.19")}
#: Units per classification: 12 Xuất sắc, 1 Khá (Sở Thông tin).
CLASSES = {"Xuất sắc": 12, "Tốt": 0, "Khá": 1, "Trung bình": 0, "Yếu": 0}
#: file → message code of the files not ranked
NOT_RANKED = {
    "hong.xlsx": "workbook_corrupted",
    "mat-khau.xlsx": "workbook_encrypted",
    "so-du-lich-2026.xlsx": "consolidate_other_ruleset",
    "cu/so-tu-phap-ban-cu.xlsx": "consolidate_duplicate",
    "rong.xlsx": "consolidate_empty_file",
    "nam-2023/so-ngoai-vu-2023.yaml": "consolidate_other_year",
    "khong-phai-json.json": "evidence_unreadable",
    "bang-tinh-khac.xlsx": "workbook_not_ours",
}


def _strong_data(rs: Any, unit: str) -> dict:
    data = strong_evidence(rs).model_dump(mode="json", exclude_none=True)
    data["unit"] = unit
    data["items"]["9.1"]["values"]["city_initiatives"] = 0
    data.pop("file", None)
    return data


def _blank(data: dict, *items: str) -> dict:
    for item in items:
        data["items"][item]["values"] = {}
    return data


def unit_data(rs: Any) -> dict[str, tuple[str, dict]]:
    """unit → (file name, evidence data)."""
    out: dict[str, tuple[str, dict]] = {}

    def add(unit: str, file: str, data: dict) -> None:
        out[unit] = (file, data)

    add("Sở Tư pháp", "so-tu-phap.xlsx", _strong_data(rs, "Sở Tư pháp"))
    d = _strong_data(rs, "Sở Y tế")
    d["items"]["2.1.2"]["documents"] = []
    add("Sở Y tế", "so-y-te.yaml", d)
    add("Sở Ngoại vụ", "so-ngoai-vu.xlsx", _strong_data(rs, "Sở Ngoại vụ"))  # the formula is put in by write_folder
    add("Sở Công Thương", "so-cong-thuong.json", _blank(_strong_data(rs, "Sở Công Thương"), "2.4"))
    add("Sở Xây dựng", "so-xay-dung.xlsx", _blank(_strong_data(rs, "Sở Xây dựng"), "1.6"))
    d = _blank(_strong_data(rs, "Sở Giao thông vận tải"), "7.2")
    d["items"]["9.1"]["values"]["city_initiatives"] = 2
    d["items"]["9.2"] = {"values": {"criticisms": 1}}
    add("Sở Giao thông vận tải", "so-gtvt.xlsx", d)
    add("Sở Lao động", "so-lao-dong.yaml", _blank(_strong_data(rs, "Sở Lao động"), "7.2"))
    d = _strong_data(rs, "Sở Văn hóa")
    d["items"]["1.1.2"]["values"]["tasks_done"] = "abc"
    add("Sở Văn hóa", "so-van-hoa.json", d)
    add("Sở Tài chính", "so-tai-chinh.yaml", _blank(_strong_data(rs, "Sở Tài chính"), "5.3", "5.1.1"))
    add("Sở Nông nghiệp", "so-nong-nghiep.xlsx", _blank(_strong_data(rs, "Sở Nông nghiệp"), "8.2", "6.3"))
    add("Sở Giáo dục", "so-giao-duc.json",
        _blank(_strong_data(rs, "Sở Giáo dục"), "3.2.1", "3.3.2", "4.1.2", "4.2.1"))
    d = _strong_data(rs, "Sở Nội vụ")
    for item in rs.items():
        if item.is_survey:
            d["items"][item.id] = {"values": {item.evidence[0].name: 50}}
    add("Sở Nội vụ", "so-noi-vu.yaml", d)  # a unit's own survey rates: not scored, in any format
    blanks = [i.id for i in rs.items() if not i.is_survey and i.effect == "score" and i.id.split(".")[0] in ("5", "6")]
    add("Sở Thông tin", "so-thong-tin.yaml", _blank(_strong_data(rs, "Sở Thông tin"), *blanks))
    return out


def workbook_bytes(loaded: Any, data: dict, *, generated_at: str | None = None,
                   formula: tuple[str, str, str] | None = None) -> bytes:
    """A filled workbook; `generated_at` written into its metadata; `formula` = (item, field, text)
    typed into that input cell (openpyxl keeps no cached value for it)."""
    evidence = evidence_from_data(data)
    wb = build_workbook(loaded, evidence.unit, year=evidence.year)
    survey = {item.id for item in loaded.ruleset.items() if item.is_survey}
    # survey results are the office's: a unit's workbook carries none (its survey cells are locked)
    assert [s for s in fill_workbook(wb, loaded, evidence) if s.split(":")[0] not in survey] == []
    if generated_at:
        meta = wb["_cchc"]
        row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "generated_at")
        meta.cell(row, 2).value = generated_at
    if formula:
        read = read_grids(grids_of(wb), ruleset=loaded)
        wb["Tự đánh giá"][read.input_cells[(formula[0], formula[1])]] = formula[2]
    return save_workbook(wb)


def write_folder(folder: Path) -> Path:
    """The returned files of one year, with the broken ones, under `folder`."""
    loaded = find_ruleset("par-so-2024")
    rs = loaded.ruleset
    for unit, (name, data) in unit_data(rs).items():
        path = folder / name
        if name.endswith(".xlsx"):
            formula = ("1.5", "initiatives", "=2+3") if unit == "Sở Ngoại vụ" else None
            stamp = "2024-12-20T10:00:00" if unit == "Sở Tư pháp" else None
            path.write_bytes(workbook_bytes(loaded, data, generated_at=stamp, formula=formula))
        elif name.endswith(".json"):
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    good = (folder / "so-tu-phap.xlsx").read_bytes()
    (folder / "hong.xlsx").write_bytes(good[: len(good) // 2])
    from msoffcrypto.format.ooxml import OOXMLFile

    with (folder / "mat-khau.xlsx").open("wb") as out:
        OOXMLFile(io.BytesIO(good)).encrypt("matkhau", out)
    other = find_ruleset("par-so-2026")
    (folder / "so-du-lich-2026.xlsx").write_bytes(workbook_bytes(other, _strong_data(other.ruleset, "Sở Du lịch")))
    (folder / "cu").mkdir()
    old = _blank(_strong_data(rs, "  sở tư  PHÁP "), "1.6")  # the same unit, typed otherwise
    (folder / "cu" / "so-tu-phap-ban-cu.xlsx").write_bytes(
        workbook_bytes(loaded, old, generated_at="2024-12-01T09:00:00"))
    (folder / "rong.xlsx").write_bytes(b"")
    (folder / "nam-2023").mkdir()
    d = _strong_data(rs, "Sở Ngoại vụ")
    d["year"] = 2023
    (folder / "nam-2023" / "so-ngoai-vu-2023.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    (folder / "khong-phai-json.json").write_text("{ đây không phải JSON", encoding="utf-8")
    plain = Workbook()
    plain.active["A1"] = "Bảng tính khác"
    buffer = io.BytesIO()
    plain.save(buffer)
    (folder / "bang-tinh-khac.xlsx").write_bytes(buffer.getvalue())
    (folder / "~$so-tu-phap.xlsx").write_bytes(b"lock")   # Excel's lock file: skipped
    (folder / ".so-tam.xlsx.tmp").write_bytes(b"")         # a temporary file: skipped
    return folder

"""`scoring consolidate --db` once the store holds a year's survey results and appraisal rounds
(the five units of tests/cycle_support.py, worked out by hand there): «Xếp hạng» gains the
points self-assessed with the survey results, after round 1, after round 2 and final, the
difference, the final index, class and rank; «Thẩm định theo lĩnh vực» the difference per unit
and field; «Điều chỉnh khi thẩm định» every item adjusted or asked about, with its reason. The
workbook, CSV and JSON agree, and LibreOffice recalculates the new formulas to the engine's."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from decimal import Decimal as D

import pytest
from cycle_support import AFTER_ROUND1, FINAL, SELF, UNITS, invoke, ok, run_cycle, unit_files
from openpyxl import load_workbook
from workbook.wbtools import cached_values, require_tool, soffice_convert

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
SHEETS = ["Xếp hạng", "Theo lĩnh vực", "Thẩm định theo lĩnh vực", "Điều chỉnh khi thẩm định", "Thiếu sót",
          "Biểu đồ", "Không chấm được", "Thông tin"]


@pytest.fixture(scope="module")
def year(tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("nam-2024")
    db = str(tmp / "cchc.sqlite")
    run_cycle(db, tmp)
    folder = tmp / "don-vi"
    folder.mkdir()
    for path in tmp.glob("tu-danh-gia-*.yaml"):
        shutil.copy(path, folder / path.name)
    for name in ("tong-hop.xlsx", "tong-hop.zip", "tong-hop.json"):
        ok("consolidate", str(folder), "--db", db, "--out", str(tmp / name), "--jobs", "1")
    return tmp


def _table(ws, first: str) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(n for n, r in enumerate(rows) if r and r[0] == first)
    body = []
    for r in rows[top + 1:]:
        if r[1] is None:
            break
        body.append(r)
    return rows[top], body


def test_the_ranking_gains_the_rounds(year):
    wb = load_workbook(year / "tong-hop.xlsx")
    assert wb.sheetnames == SHEETS
    header, body = _table(cached_values(year / "tong-hop.xlsx", "Xếp hạng"), "Hạng tự đánh giá")
    col = {h: i for i, h in enumerate(header)}
    by_name = {name: key for key, name in UNITS.items()}
    got = {by_name[r[col["Đơn vị"]]]: tuple(f"{D(str(r[col[h]])):.2f}" for h in (
        "Tự đánh giá (kèm điều tra XHH)", "Sau vòng 1", "Sau vòng 2", "Điểm cuối cùng", "Chỉ số sau thẩm định (%)"))
        + (r[col["Xếp loại sau thẩm định"]], r[col["Hạng sau thẩm định"]]) for r in body if r[col["Đơn vị"]] in by_name}
    assert got == {k: (SELF[k][0], AFTER_ROUND1[k][0], FINAL[k][0], FINAL[k][0], FINAL[k][1], FINAL[k][2], FINAL[k][3])
                   for k in UNITS}
    # the published ranking: rows in the order of the rank after appraisal (1, 2, 2, 4, 5; ties by
    # the self-assessment's order), whatever the self-assessed ranks were
    units = [r for r in body if r[col["Đơn vị"]] in by_name]
    assert [r[col["Hạng sau thẩm định"]] for r in units] == sorted(FINAL[k][3] for k in UNITS)
    assert [r[col["Đơn vị"]] for r in units] == [UNITS[k] for k in "ADBCE"]  # Nội vụ before Y tế: the files' order


def test_the_difference_per_field_and_every_adjusted_item(year):
    header, body = _table(cached_values(year / "tong-hop.xlsx", "Thẩm định theo lĩnh vực"), "Hạng sau thẩm định")
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in body}
    e = rows[UNITS["E"]]
    assert (e["3. Cải cách thủ tục hành chính"], e["Điểm trừ"], e["Chênh lệch so với tự đánh giá"]) == (-1, 0.5, -1.5)
    assert rows[UNITS["C"]]["Điểm thưởng"] == -0.5 and rows[UNITS["A"]]["1. Công tác chỉ đạo, điều hành CCHC"] == -0.5
    header, body = _table(cached_values(year / "tong-hop.xlsx", "Điều chỉnh khi thẩm định"), "Đơn vị")
    items = [dict(zip(header, r, strict=True)) for r in body]
    assert [(r["Đơn vị"], r["Mục"]) for r in items] == [
        (UNITS["A"], "1.1.1"), (UNITS["A"], "1.6"), (UNITS["D"], "3.3.2"), (UNITS["B"], "3.3.2"), (UNITS["B"], "7.5"),
        (UNITS["C"], "9.1"), (UNITS["E"], "3.1.3"), (UNITS["E"], "9.2")]
    b = items[4]
    assert (b["Tự chấm"], b["Sau vòng 1"], b["Sau vòng 2"], b["Điểm cuối cùng"], b["Lý do điều chỉnh"],
            b["Yêu cầu giải trình"], b["Giải trình của đơn vị"]) == (
        1.5, 0, 1.5, 1.5, "Đã bổ sung TLKC", "Đề nghị bổ sung TLKC cho 7.5",
        "Cổng TTĐT đã đáp ứng đủ yêu cầu từ tháng 6/2024")
    assert (items[6]["Sau vòng 1"], items[6]["Điểm cuối cùng"]) == ("KAD", "KAD")


def test_csv_and_json_hold_the_same_tables(year):
    doc = json.loads((year / "tong-hop.json").read_text(encoding="utf-8"))
    tables = {t["key"]: t for t in doc["tables"]}
    assert [r["item"] for r in tables["dieu-chinh"]["rows"]] == ["1.1.1", "1.6", "3.3.2", "3.3.2", "7.5", "9.1",
                                                                  "3.1.3", "9.2"]
    finals = {r["unit"]: (r["ap_final"], r["ap_rank"]) for r in tables["xep-hang"]["rows"]}
    assert finals == {UNITS[k]: (float(v[0]), v[3]) for k, v in FINAL.items()}
    with zipfile.ZipFile(year / "tong-hop.zip") as z:
        names = z.namelist()
        assert "tham-dinh-linh-vuc.csv" in names and "dieu-chinh.csv" in names
        text = z.read("dieu-chinh.csv").decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 8


def test_libreoffice_recalculates_the_new_formulas(year, tmp_path):
    require_tool("soffice")
    recalculated = soffice_convert(year / "tong-hop.xlsx", "xlsx", tmp_path / "lo", tmp_path / "profile")
    header, body = _table(cached_values(recalculated, "Xếp hạng"), "Hạng tự đánh giá")
    col = {h: i for i, h in enumerate(header)}
    by_name = {name: key for key, name in UNITS.items()}
    for r in body:
        key = by_name.get(r[col["Đơn vị"]])
        if key is None:
            continue
        assert r[col["Hạng sau thẩm định"]] == FINAL[key][3]  # RANK() over the final indices: 1, 2, 2, 4, 5
        assert round(r[col["Chênh lệch so với tự đánh giá"]], 2) == float(D(FINAL[key][0]) - D(SELF[key][0]))


def test_a_store_without_survey_results_or_rounds_adds_nothing(tmp_path):
    db = str(tmp_path / "cchc.sqlite")
    folder = tmp_path / "don-vi"
    folder.mkdir()
    unit_files(folder)
    ok("consolidate", str(folder), "--db", db, "--out", str(tmp_path / "th.xlsx"), "--jobs", "1")
    assert "Thẩm định theo lĩnh vực" not in load_workbook(tmp_path / "th.xlsx").sheetnames
    assert invoke("appraisal", "status", "--db", db).exit_code == 0

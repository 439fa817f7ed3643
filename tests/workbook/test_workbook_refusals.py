"""Files the reader refuses, each with its Vietnamese message; bad cell values that become
findings naming their cell; inputs never changed."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner
from wbtools import DEMO, filled_bytes, read_bytes

from scoring.cli import app
from scoring.engine import evaluate
from scoring.errors import WorkbookError
from scoring.evidence_io import evidence_from_data, load_evidence
from scoring.messages import finding_text
from scoring.ruleset import find_ruleset, load_ruleset
from scoring.settings import settings
from scoring.workbook.generate import build_workbook, save_workbook
from scoring.workbook.layout import INPUT_SHEET, META_SHEET, read_grids
from scoring.workbook.read import read_workbook

runner = CliRunner()
RULES = Path(__file__).resolve().parents[2] / "rules" / "par-so-2024.yaml"


@pytest.fixture(scope="module")
def loaded():
    return find_ruleset("par-so-2024")


@pytest.fixture(scope="module")
def example(loaded, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "so.xlsx"
    path.write_bytes(filled_bytes(loaded, load_evidence(DEMO)))
    return path


def _refused(path: Path, code: str, **kw) -> WorkbookError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkbookError) as info:
        read_workbook(path, **kw)
    assert info.value.code == code, str(info.value)
    return info.value


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "ghi-chu.xlsx"
    path.write_text("Số liệu gửi sau", encoding="utf-8")
    err = _refused(path, "workbook_not_xlsx")
    assert str(err).startswith(f"Tệp {path} không phải sổ Excel .xlsx")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Lỗi: Tệp {path} không phải sổ Excel .xlsx")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "không phải sổ")
    _refused(path, "workbook_not_xlsx")


def test_truncated_workbook_is_corrupted(tmp_path, example):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(example.read_bytes()[: example.stat().st_size // 2])
    err = _refused(path, "workbook_corrupted")
    assert "bị hỏng" in str(err)


def test_damaged_part_inside_the_package_is_corrupted(tmp_path, example):
    path = tmp_path / "hong2.xlsx"
    with zipfile.ZipFile(example) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data[:40]
            dst.writestr(info, data)
    _refused(path, "workbook_corrupted")


def test_password_protected_workbook(tmp_path, example):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / "mat-khau.xlsx"
    with example.open("rb") as src, path.open("wb") as out:
        ooxml.OOXMLFile(src).encrypt("matkhau", out)
    err = _refused(path, "workbook_encrypted")
    assert "mật khẩu" in str(err)


def test_old_xls_format_is_not_xlsx(tmp_path):
    path = tmp_path / "cu.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "Workbook".encode("utf-16-le"))
    _refused(path, "workbook_not_xlsx")


def test_absurdly_large_file(tmp_path, example, monkeypatch):
    small = dataclasses.replace(settings(), max_file_mb=0)
    monkeypatch.setattr("scoring.workbook.read.settings", lambda: small)
    err = _refused(example, "workbook_too_large")
    assert "quá lớn" in str(err)


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    one_mb = dataclasses.replace(settings(), max_file_mb=1)
    monkeypatch.setattr("scoring.workbook.read.settings", lambda: one_mb)
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (25 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "workbook_unpacked_too_large")


def test_a_workbook_that_is_not_ours(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "Tiêu chí"
    path = tmp_path / "khac.xlsx"
    wb.save(path)
    err = _refused(path, "workbook_not_ours")
    assert "«Sheet1»" in str(err) and "scoring workbook new" in str(err)


def test_workbook_of_another_ruleset_is_refused_and_named(tmp_path):
    path = tmp_path / "so-2026.xlsx"
    path.write_bytes(save_workbook(build_workbook(find_ruleset("par-so-2026"), "Sở A")))
    err = _refused(path, "workbook_other_ruleset", ruleset=find_ruleset("par-so-2024"))
    assert "«par-so-2026» phiên bản" in str(err) and "không phải «par-so-2024»" in str(err)
    result = runner.invoke(app, ["score", str(path), "--rules", "par-so-2024"])
    assert result.exit_code == 1 and "được tạo cho bộ chỉ số «par-so-2026»" in result.stderr
    # without --rules the workbook's own rule set is used
    assert read_workbook(path).ruleset.ruleset.id == "par-so-2026"


def _ruleset_copy(tmp_path: Path, **changes) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    data.update(changes)
    out = tmp_path / f"rules-{len(list(tmp_path.iterdir()))}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_workbook_of_another_version_is_refused(tmp_path):
    newer = load_ruleset(_ruleset_copy(tmp_path, version="1.1.0"))
    path = tmp_path / "so-v110.xlsx"
    path.write_bytes(save_workbook(build_workbook(newer, "Sở A")))
    err = _refused(path, "workbook_ruleset_unavailable")  # rules/ has 1.0.0 only
    assert "«par-so-2024» phiên bản 1.1.0" in str(err)
    err = _refused(path, "workbook_other_ruleset", ruleset=find_ruleset("par-so-2024"))
    assert "phiên bản 1.1.0" in str(err) and "«par-so-2024» phiên bản 1.0.0" in str(err)
    assert read_workbook(path, ruleset=newer).meta.ruleset_version == "1.1.0"


def test_workbook_of_an_edited_ruleset_with_the_same_version_is_refused(tmp_path):
    edited = load_ruleset(_ruleset_copy(tmp_path, title="Bộ chỉ số đã sửa"))
    assert edited.ruleset.version == "1.0.0" and edited.hash != find_ruleset("par-so-2024").hash
    path = tmp_path / "so-sua.xlsx"
    path.write_bytes(save_workbook(build_workbook(edited, "Sở A")))
    err = _refused(path, "workbook_ruleset_changed")
    assert edited.hash[:19] in str(err)


def test_meta_sheet_edited_to_another_template_version(loaded, example):
    grids = _grids(example)
    grids[META_SHEET] = [[k, "9" if k == "template_version" else v] for k, v, *_ in grids[META_SHEET]]
    with pytest.raises(WorkbookError) as info:
        read_grids(grids)
    assert info.value.code == "workbook_template_unsupported"


def test_deleted_item_row_is_reported(loaded, example):
    grids = _grids(example)
    rows = grids[INPUT_SHEET]
    grids[INPUT_SHEET] = [r for r in rows if not (r and r[0] == "1.6:tasks_late")]
    with pytest.raises(WorkbookError) as info:
        read_grids(grids)
    assert info.value.code == "workbook_row_missing" and "1.6:tasks_late" in str(info.value)


def _grids(path: Path):  # type: ignore[no-untyped-def]
    from scoring.workbook.read import grids_from_bytes

    return grids_from_bytes(path.read_bytes())


# --------------------------------------------------------------------------- bad cell values

def _score_cells(loaded, values: dict[str, dict]):  # type: ignore[no-untyped-def]
    """Fill the given cells raw (as typed) and score; returns (result, read)."""
    evidence = evidence_from_data({"unit": "Đơn vị thử", "year": 2024, "items": values})
    read = read_bytes(filled_bytes(loaded, evidence, typed=False))
    return evaluate(read.ruleset, read.evidence), read


@pytest.mark.parametrize("raw, code", [
    ("abc", "not_a_number"), ("12,5", "not_whole"), (-3, "negative"), ("=1+2", "formula_text"),
    ("+84", "formula_text"), ("@2", "formula_text"), ("-7", "negative"),
])
def test_wrong_count_values_name_their_cell(loaded, raw, code):
    result, read = _score_cells(loaded, {"1.1.2": {"values": {"tasks_planned": 10, "tasks_done": raw}}})
    finding = next(f for f in result.findings if f.item == "1.1.2" and f.field == "tasks_done")
    assert finding.cell.sheet == INPUT_SHEET and finding.cell.cell == read.input_cells[("1.1.2", "tasks_done")]
    assert finding.severity == "error"
    from scoring.messages import render  # the message is the catalogue's text for that problem

    assert render(code, value=str(raw).strip()) in finding_text(finding) or code in ("formula_text",) and "công thức" in finding_text(finding)


def test_empty_required_input_names_its_cell(loaded):
    result, read = _score_cells(loaded, {"1.1.2": {"values": {"tasks_planned": 10}}})
    finding = next(f for f in result.findings if f.item == "1.1.2" and f.code == "missing_value")
    assert finding.cell.cell == read.input_cells[("1.1.2", "tasks_done")]
    assert result.item("1.1.2").status == "missing_data"


@pytest.mark.parametrize("raw", ["abc", "150%", "31/02/2024", "Một phần"])
def test_wrong_types_of_other_fields(loaded, raw):
    item, name = {"abc": ("1.2.1", "report_q1"), "150%": ("2.5", "survey_rate"), "31/02/2024": ("1.2.1", "report_q1"),
                  "Một phần": ("6.2", "budget_disclosure")}[raw]
    result, read = _score_cells(loaded, {item: {"values": {name: raw}}})
    finding = next(f for f in result.findings if f.item == item and f.field == name and f.code == "value_problem")
    assert finding.cell.cell == read.input_cells[(item, name)]


def test_vietnamese_formats_and_stray_spaces_read_like_typed_numbers(loaded):
    as_text, _ = _score_cells(loaded, {
        "1.6": {"values": {"tasks_assigned": " 1.343 ", "tasks_on_time": "1.288", "tasks_late": "0",
                           "tasks_in_progress": " 55", "tasks_overdue": "0 "}},
        "2.5": {"values": {"survey_rate": " 93,81 % "}},
        "1.2.1": {"values": {"report_q1": "05/03/2024", "report_h1": "ngày 10 tháng 6 năm 2024",
                             "report_q3": " 9/9/2024 ", "report_year": "2024-12-01"}},
    })
    typed, _ = _score_cells(loaded, {
        "1.6": {"values": {"tasks_assigned": 1343, "tasks_on_time": 1288, "tasks_late": 0, "tasks_in_progress": 55,
                           "tasks_overdue": 0}},
        "2.5": {"values": {"survey_rate": 93.81}},
        "1.2.1": {"values": {"report_q1": "05/03/2024", "report_h1": "10/06/2024", "report_q3": "09/09/2024",
                             "report_year": "01/12/2024"}},
    })
    for item in ("1.6", "2.5", "1.2.1"):
        assert as_text.item(item).points == typed.item(item).points, item
    assert as_text.item("1.2.1").points == 1 and str(as_text.item("2.5").points) == "1.88"


# --------------------------------------------------------------------------- inputs never change

def test_scoring_never_changes_the_input(tmp_path, example):
    path = tmp_path / "so.xlsx"
    shutil.copy(example, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns
    out = tmp_path / "so-da-cham.xlsx"
    result = runner.invoke(app, ["score", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    runner.invoke(app, ["score", str(path), "--format", "json"])
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns) == before
    assert out.exists() and out.read_bytes() != path.read_bytes()


def test_output_over_the_input_is_refused(tmp_path, example):
    path = tmp_path / "so.xlsx"
    shutil.copy(example, path)
    before = path.read_bytes()
    result = runner.invoke(app, ["score", str(path), "--out", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: Không ghi đè tệp đầu vào {path}; hãy chọn tệp kết quả khác (--out).\n"
    assert path.read_bytes() == before


def test_reading_does_not_touch_the_file(tmp_path, example):
    path = tmp_path / "so.xlsx"
    shutil.copy(example, path)
    os.chmod(path, 0o444)  # read-only: opening for writing would fail
    try:
        read = read_workbook(path)
    finally:
        os.chmod(path, 0o644)
    assert read.evidence.items["1.6"].values["tasks_assigned"].value == 224


def test_grids_only_parse_the_sheets_needed(example):
    data = io.BytesIO(example.read_bytes())
    from scoring.workbook.read import grids_from_bytes

    grids = grids_from_bytes(data.getvalue())
    assert grids[INPUT_SHEET] and grids[META_SHEET] and grids["Hướng dẫn"] == []

"""Survey results come from the office only: in the unit's workbook their cells are locked, and a
value found there anyway (a sheet unprotected, Excel on the web) is not counted, by either file
reader, and is reported as a finding that names its cell."""

from __future__ import annotations

from openpyxl import load_workbook
from wbtools import EXAMPLE_XLSX

from scoring.engine import evaluate
from scoring.messages import finding_text
from scoring.models.evidence import Evidence
from scoring.workbook.read import read_workbook


def test_a_survey_value_in_a_unit_workbook_is_ignored_and_named(tmp_path):
    read = read_workbook(EXAMPLE_XLSX)
    address = read.input_cells[("8.1", "sipas_rate")]
    wb = load_workbook(EXAMPLE_XLSX)
    ws = wb["Tự đánh giá"]
    assert ws[address].protection.locked is True
    ws[address] = 0.9395  # as if the protection had been lifted and 93,95 % typed
    path = tmp_path / "so-sua-o-xhh.xlsx"
    wb.save(path)
    got = read_workbook(path)
    assert got.evidence.items["8.1"].values["sipas_rate"].value is None
    assert Evidence.model_validate(got.evidence.model_dump()) == got.evidence
    result = evaluate(got.ruleset, got.evidence)
    assert result.total == evaluate(read.ruleset, read.evidence).total  # nothing counted
    [f] = [f for f in result.findings if f.code == "survey_value_ignored"]
    assert (f.item, f.cell.sheet, f.cell.cell, f.severity) == ("8.1", "Tự đánh giá", address, "warning")
    assert finding_text(f) == ("Ô kết quả điều tra XHH của mục 8.1 có giá trị «93.95»: kết quả điều tra do cơ quan "
                               "thường trực nhập, giá trị này không được tính.")

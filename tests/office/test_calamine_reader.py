"""The one-pass calamine reader gives the Evidence openpyxl's two passes give, on every workbook
the tests have: the bundled example, the returned folder's, strong and weak units typed and
raw, and cells that calamine alone would read otherwise (formulas without a cached value,
Excel error values, numbers too long to be numbers, dates, yes/no, text that looks like a
number)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from workbook.wbtools import EXAMPLE_XLSX, filled_bytes, strong_evidence, weak_evidence

from scoring.ruleset import find_ruleset
from scoring.workbook import read as reader
from scoring.workbook.calamine_grids import calamine_grids
from scoring.workbook.grids import READ_COLUMNS, read_grids
from scoring.workbook.read import META_COLUMNS, READ_ROWS, grids_from_bytes, load_package, value_grids
from scoring.workbook.spec import INPUT_SHEET, META_SHEET

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _both(path: Path):  # type: ignore[no-untyped-def]
    """(openpyxl's reading, calamine's reading) of the workbook at `path`."""
    data, package = load_package(path)
    merges = package.merges_of(INPUT_SHEET)
    old = read_grids(grids_from_bytes(data, path), file=str(path), merges=merges)
    grids = calamine_grids(data, str(path), (META_SHEET, INPUT_SHEET), rows=READ_ROWS,
                           columns={META_SHEET: META_COLUMNS, INPUT_SHEET: READ_COLUMNS}, parts=package.sheets)
    new = read_grids(grids, file=str(path), merges=merges)
    return old, new


def test_every_returned_workbook_reads_the_same(returned):
    books = [p for p in sorted(returned.rglob("*.xlsx")) if p.name not in
             ("hong.xlsx", "mat-khau.xlsx", "rong.xlsx", "bang-tinh-khac.xlsx", "~$so-tu-phap.xlsx")]
    assert len(books) == 7  # so-noi-vu is an evidence file: a workbook takes no survey results
    for path in books:
        old, new = _both(path)
        assert new.evidence == old.evidence, path
        assert (new.keys, new.item_rows, new.input_cells) == (old.keys, old.item_rows, old.input_cells)


def test_the_example_reads_the_same():
    old, new = _both(EXAMPLE_XLSX)
    assert new.evidence == old.evidence


@pytest.mark.parametrize("typed", [True, False])
@pytest.mark.parametrize("which", ["strong", "weak"])
def test_generated_units_read_the_same(tmp_path, which, typed):
    loaded = find_ruleset("par-so-2024")
    evidence = (strong_evidence if which == "strong" else weak_evidence)(loaded.ruleset)
    path = tmp_path / "so.xlsx"
    path.write_bytes(filled_bytes(loaded, evidence, typed=typed))
    old, new = _both(path)
    assert new.evidence == old.evidence


def test_cells_calamine_would_read_otherwise(tmp_path):
    loaded = find_ruleset("par-so-2024")
    path = tmp_path / "so.xlsx"
    path.write_bytes(filled_bytes(loaded, strong_evidence(loaded.ruleset)))
    wb = load_workbook(path)
    ws = wb[INPUT_SHEET]
    read = read_grids(grids_from_bytes(path.read_bytes(), path), ruleset=loaded)
    cell = read.input_cells
    ws[cell[("1.1.2", "tasks_planned")]] = "=SUM(20,20)"       # formula, no cached value
    ws[cell[("1.1.2", "tasks_done")]] = "#REF!"                # an error value (openpyxl writes t="e")
    ws[cell[("1.3.2", "units_total")]] = "1" * 400             # stays text: too long to be a number
    ws[cell[("1.3.2", "units_inspected")]] = "0012"            # text that looks like a number
    ws[cell[("5.3", "evaluation_decision")]] = dt.datetime(2024, 1, 5, 13, 30)
    ws[cell[("7.4", "qlvb_connected")]] = True
    ws[cell[("1.5", "initiatives")]] = 2.0
    ws[cell[("1.6", "tasks_assigned")]] = 0.1 + 0.2
    ws[cell[("1.1.1", "documents")]] = "  "
    wb.save(path)
    old, new = _both(path)
    assert new.evidence == old.evidence
    values = new.evidence.items
    assert values["1.1.2"].values["tasks_planned"].value == "=SUM(20,20)"
    assert values["1.1.2"].values["tasks_done"].value == "#REF!"
    assert values["1.3.2"].values["units_total"].value == "1" * 400


def test_the_reader_takes_calamine_and_openpyxl_past_the_window(tmp_path, monkeypatch):
    """A cell beyond the read window's columns: calamine would read the sheet that wide, so the
    bounded openpyxl path reads it (same Evidence); otherwise openpyxl is not called at all."""
    loaded = find_ruleset("par-so-2024")
    path = tmp_path / "so.xlsx"
    path.write_bytes(filled_bytes(loaded, strong_evidence(loaded.ruleset)))
    calls = []
    original = reader.grids_from_bytes
    monkeypatch.setattr(reader, "grids_from_bytes", lambda *a, **k: calls.append(1) or original(*a, **k))
    plain = reader.read_workbook(path)
    assert calls == []
    wb = load_workbook(path)
    wb[INPUT_SHEET]["XFD20"] = "xa"
    wb.save(path)
    wide = reader.read_workbook(path)
    assert calls == [1]
    assert wide.evidence == plain.evidence
    data, package = load_package(path)
    assert package.width_of(INPUT_SHEET) == 16384
    assert value_grids(data, path, package)[INPUT_SHEET] == original(data, path)[INPUT_SHEET]


def test_the_evidence_a_workbook_gives_is_valid(returned):
    """Evidence built with trusted constructors validates as a whole, and the same."""
    from scoring.models.evidence import Evidence

    for path in (returned / "so-ngoai-vu.xlsx", returned / "so-gtvt.xlsx", EXAMPLE_XLSX):
        evidence = reader.read_workbook(path).evidence
        again = Evidence.model_validate(evidence.model_dump())
        assert again == evidence
        assert again.model_dump_json() == evidence.model_dump_json()

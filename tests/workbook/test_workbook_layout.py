"""The contract shared with the add-in (scoring/workbook/layout.py): values-only grids in,
evidence and cell writes out, rows found by key rather than by number."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format
from wbtools import DEMO, assert_same_scores, filled_bytes, read_bytes, strong_evidence, weak_evidence

from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset
from scoring.workbook import layout
from scoring.workbook.layout import (
    INPUT_SHEET,
    META_SHEET,
    input_cell,
    item_at_row,
    read_grids,
    result_cells,
    summary_table,
    trace_table,
)


@pytest.fixture(scope="module")
def loaded():
    return find_ruleset("par-so-2024")


def officejs_grids(data: bytes, *, dates: str) -> dict:
    """What Office.js `range.values` gives: '' for empty, numbers, text, booleans; formulas as
    their value (0 here); date-formatted cells as serial numbers or the xlwings client's ISO text."""
    wb = load_workbook(io.BytesIO(data))
    grids = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            out = []
            for cell in row:
                v = cell.value
                if v is None:
                    v = ""
                elif isinstance(v, str) and v.startswith("="):
                    v = 0
                elif isinstance(v, dt.datetime):
                    serial = (v - dt.datetime(1899, 12, 30)).days
                    if dates == "serial" or not is_date_format(cell.number_format):
                        v = float(serial)
                    else:
                        v = v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
                elif not isinstance(v, (int, float, bool)):
                    v = str(v)
                out.append(v)
            rows.append(out)
        grids[ws.title] = rows
    return grids


@pytest.mark.parametrize("dates", ["serial", "iso"])
@pytest.mark.parametrize("which", ["demo", "strong", "weak"])
def test_officejs_values_read_like_the_file(loaded, which, dates):
    evidence = {"demo": lambda: load_evidence(DEMO), "strong": lambda: strong_evidence(loaded.ruleset),
                "weak": lambda: weak_evidence(loaded.ruleset)}[which]()
    if which == "weak":
        # Excel sends a formula's computed value, never its text: keep the formula case to the file tests
        items = dict(evidence.items)
        values = dict(items["1.4.2"].values)
        values["activities_planned"] = values["activities_planned"].model_copy(update={"value": 3})
        items["1.4.2"] = items["1.4.2"].model_copy(update={"values": values})
        evidence = evidence.model_copy(update={"items": items})
    data = filled_bytes(loaded, evidence)
    from_file = read_bytes(data)
    from_js = read_grids(officejs_grids(data, dates=dates), file="Sổ.xlsx")
    assert_same_scores(evaluate(loaded, evidence), evaluate(from_js.ruleset, from_js.evidence))
    assert from_js.input_cells == from_file.input_cells


def test_percent_cells_hold_fractions_and_text_passes_through(loaded):
    evidence = load_evidence(DEMO).model_copy(update={"items": {}})
    grids = officejs_grids(filled_bytes(loaded, evidence), dates="serial")
    read = read_bytes(filled_bytes(loaded, evidence))
    r = int(read.input_cells[("2.5", "survey_rate")][1:])
    col = layout.COLUMNS.value
    grids[INPUT_SHEET][r - 1][ord(col) - 65] = 0.9381
    row = read.input_cells[("3.5", "survey_rate")]
    grids[INPUT_SHEET][int(row[1:]) - 1][ord(col) - 65] = "93,81%"
    got = read_grids(grids)
    assert got.evidence.items["2.5"].values["survey_rate"].value == 93.81
    assert got.evidence.items["3.5"].values["survey_rate"].value == "93,81%"
    result = evaluate(got.ruleset, got.evidence)
    assert result.item("2.5").measure_value == result.item("3.5").measure_value == Decimal("93.81")


def test_rows_are_found_by_key_not_by_number(loaded):
    evidence = load_evidence(DEMO)
    grids = officejs_grids(filled_bytes(loaded, evidence), dates="serial")
    before = read_grids(grids)
    rows = grids[INPUT_SHEET]
    grids[INPUT_SHEET] = rows[:10] + [[""] * 13 for _ in range(3)] + rows[10:]  # three rows inserted
    after = read_grids(grids)
    assert_same_scores(evaluate(before.ruleset, before.evidence), evaluate(after.ruleset, after.evidence))
    address = input_cell(before, "1.6", "tasks_assigned")
    moved = input_cell(after, "1.6", "tasks_assigned")
    assert moved[0] == address[0] and int(moved[1:]) == int(address[1:]) + 3


def test_result_cells_cover_every_item_and_never_an_input(loaded):
    evidence = weak_evidence(loaded.ruleset)
    read = read_bytes(filled_bytes(loaded, evidence))
    result = evaluate(read.ruleset, read.evidence)
    writes = result_cells(result, read)
    addresses = [w.cell for w in writes]
    assert len(addresses) == len(set(addresses)) == 2 * len(result.items)
    assert not set(addresses) & set(read.input_cells.values())
    assert {w.sheet for w in writes} == {INPUT_SHEET}
    # a rescore of other evidence writes the same cells, so nothing stale is left behind
    other = evaluate(read.ruleset, strong_evidence(loaded.ruleset))
    assert sorted(w.cell for w in result_cells(other, read)) == sorted(addresses)
    by_cell = {w.cell: w for w in writes}
    row = read.item_rows["1.1.2"][0]
    findings = by_cell[f"{read.columns.findings}{row}"]
    assert findings.value.startswith("• Lỗi:") and findings.fill == layout.SEVERITY_FILL["error"]
    assert read.input_cells[("1.1.2", "tasks_done")] in findings.value  # the text names the cell to fix
    assert by_cell[f"{read.columns.points}{read.item_rows['9.2'][0]}"].value == -1  # a penalty shows as negative
    assert by_cell[f"{read.columns.points}{read.item_rows['3.1.3'][0]}"].value == "KAD"


def test_summary_and_trace_tables(loaded):
    evidence = load_evidence(DEMO)
    read = read_bytes(filled_bytes(loaded, evidence))
    result = evaluate(read.ruleset, read.evidence)
    summary = summary_table(result)
    assert summary[0][:3] == ["Mã", "Lĩnh vực", "Điểm tự đánh giá"]
    assert [r[0] for r in summary[1:9]] == [c.id for c in result.components]
    total_row = next(r for r in summary if len(r) > 1 and r[1] == "Tổng cộng")
    assert total_row[4] == 18.75 and total_row[-1] == 26.98
    labels = {r[1]: r[2] for r in summary if len(r) == 3}
    assert labels["Xếp loại"] == "Yếu" and labels["Chỉ số CCHC (%)"] == 26.98
    trace = trace_table(result)
    assert trace[0][0] == "Mã" and len(trace) >= 1 + len(result.trace.steps)
    step = next(r for r in trace if r and r[0] == "1.6")
    assert "224" in step[2] and f"(ô {read.input_cells[('1.6', 'tasks_assigned')]})" in step[2]
    assert step[3] == "166/169 = 98,22%" and step[6] == 0.5
    assert step[4] == "Từ 90%: ≥ 90% → 0,5 điểm"
    assert step[5] == "166/169 = 98,22% → Từ 90%: ≥ 90% → 0,5 điểm"  # «Cách tính» is never left empty
    # no internal code (rule ids such as 1.6/ge90, option codes) reaches the sheet
    import re

    assert not [c for r in trace for c in r if isinstance(c, str) and re.search(r"\d/[a-z_]+|opt_", c)]
    assert all(r[5] for r in trace[1:1 + len(result.trace.steps)])


def test_input_cell_and_item_at_row(loaded):
    read = read_bytes(filled_bytes(loaded, load_evidence(DEMO)))
    rows = read.item_rows["1.6"]
    assert len(rows) == 5
    for r in rows:
        assert item_at_row(read, r) == "1.6"
    assert item_at_row(read, 1) is None and item_at_row(read, read.keys["grp:1"]) is None
    assert input_cell(read, "1.6") == input_cell(read, "1.6", "tasks_assigned") == f"G{rows[0]}"
    assert input_cell(read, "1.6", "documents") == f"I{rows[0]}"
    assert input_cell(read, "3.1.3", "not_applicable") == f"J{read.item_rows['3.1.3'][0]}"
    with pytest.raises(KeyError):
        input_cell(read, "1.6", "khong_co")


def test_unit_name_comes_from_its_cell(loaded):
    data = filled_bytes(loaded, load_evidence(DEMO))
    grids = officejs_grids(data, dates="serial")
    grids[INPUT_SHEET][7][3] = "  Sở Giáo dục và Đào tạo thành phố Hải Phòng "  # D8, under the official heading
    assert read_grids(grids).evidence.unit == "Sở Giáo dục và Đào tạo thành phố Hải Phòng"
    grids[INPUT_SHEET][7][3] = ""
    assert read_grids(grids).evidence.unit == "Sở Giáo dục và Đào tạo Hải Phòng"  # the metadata's copy
    assert dict((r[0], r[1]) for r in grids[META_SHEET] if r and r[0])["unit_cell"] == "D8"


def test_a_workbook_of_the_first_layout_still_reads(loaded):
    """Workbooks handed out before the official heading (the unit's name in D2, fewer rows
    above the headers): rows are found by their keys and the unit's cell through the
    metadata, so they read the same."""
    data = filled_bytes(loaded, load_evidence(DEMO))
    grids = officejs_grids(data, dates="serial")
    now = read_grids(grids)
    old = dict(grids)
    old[INPUT_SHEET] = [grids[INPUT_SHEET][7][:], *grids[INPUT_SHEET][10:]]  # drop the heading rows 1-7, 9-10
    old[INPUT_SHEET][0][3] = "Sở cũ"
    old[INPUT_SHEET].insert(0, [None] * len(old[INPUT_SHEET][0]))  # the old title row: the unit is in row 2
    old[META_SHEET] = [[r[0], "D2" if r and r[0] == "unit_cell" else r[1], *r[2:]] if r else r
                       for r in grids[META_SHEET]]
    before = read_grids(old)
    assert before.evidence.unit == "Sở cũ"
    assert before.keys["header"] == 3 and now.keys["header"] == 11
    shift = now.keys["header"] - before.keys["header"]
    assert {i: tuple(r - shift for r in rows) for i, rows in now.item_rows.items()} == before.item_rows

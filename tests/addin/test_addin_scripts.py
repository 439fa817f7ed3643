"""The three buttons against the real server on 127.0.0.1, with the book JSON that Excel's
Office.js client sends for a generated workbook filled with the demo unit's evidence.

The expected cells come from the other shell's path (openpyxl reader → engine →
result_cells), so the add-in is checked against the CLI, cell by cell.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from addin_support import READ_SHEETS, STRONG, call_script, open_copy, payload
from officejs import filled_workbook

from scoring.addin.book import read_book
from scoring.engine import evaluate
from scoring.errors import WorkbookError
from scoring.evidence_io import load_evidence
from scoring.messages import render
from scoring.workbook.layout import (
    INPUT_SHEET,
    META_SHEET,
    SUMMARY_SHEET,
    SUMMARY_TABLE_ROW,
    TRACE_SHEET,
    column_letter,
    result_cells,
    summary_table,
    trace_table,
)
from scoring.workbook.read import read_workbook

# ---------------------------------------------------------------- replaying actions


def replay(body: dict, actions: list[dict]) -> tuple[dict[str, dict[str, dict[str, Any]]], list[list]]:
    """Apply the actions to the sheets of `body` the way Office.js would; return
    {sheet: {cell: {"value", "fill", "bold", "wrap", "align"}}} and the runMacro calls.
    An action this test does not understand fails it (new actions must be checked)."""
    names = [s["name"] for s in body["sheets"]]
    state: dict[str, dict[str, dict[str, Any]]] = {n: {} for n in names}
    for s in body["sheets"]:
        for r, row in enumerate(s["values"]):
            for c, v in enumerate(row):
                if v != "":
                    state[s["name"]][f"{column_letter(c)}{r + 1}"] = {"value": v}
    macros = []

    def cells(a):
        for i in range(a["row_count"]):
            for j in range(a["column_count"]):
                yield i, j, f"{column_letter(a['start_column'] + j)}{a['start_row'] + i + 1}"

    for a in actions:
        func = a["func"]
        if func == "runMacro":
            macros.append(a["args"])
            continue
        sheet = state[names[a["sheet_position"]]]
        if func == "setValues":
            for i, j, cell in cells(a):
                v = a["values"][i][j]
                if v is not None:  # null: Office.js leaves the cell unchanged
                    sheet.setdefault(cell, {})["value"] = v
        elif func == "setRangeColors":
            for i, j, cell in cells(a):
                color = a["args"][0][i][j]
                if color != "keep":
                    sheet.setdefault(cell, {})["fill"] = color
        elif func == "setFontProperty":
            for _i, _j, cell in cells(a):
                sheet.setdefault(cell, {})[a["args"][0]] = a["args"][1]
        elif func == "setWrapText":
            for _i, _j, cell in cells(a):
                sheet.setdefault(cell, {})["wrap"] = a["args"][0]
        elif func == "setHorizontalAlignment":
            for _i, _j, cell in cells(a):
                sheet.setdefault(cell, {})["align"] = a["args"][0]
        elif func == "rangeClearContents":
            for _i, _j, cell in cells(a):
                sheet.get(cell, {}).pop("value", None)
        elif func == "sheetClearContents":
            for props in sheet.values():
                props.pop("value", None)
        elif func == "setColumnWidth":
            pass
        else:
            raise AssertionError(f"unexpected action {func}")
    return state, macros


def value_at(state, sheet, cell):
    return state[sheet].get(cell, {}).get("value", "")


def table_at(state, sheet, rows, start=1):
    return [[value_at(state, sheet, f"{column_letter(c)}{r + start}") for c in range(len(row))]
            for r, row in enumerate(rows)]


def expected_value(v):
    if v is None:
        return ""
    if isinstance(v, str) and v[:1] and v[0] in "=+-@":
        return "'" + v
    return v


# ---------------------------------------------------------------- «Chấm điểm»


@pytest.fixture(scope="module")
def scored(server, demo_xlsx):
    wb = open_copy(demo_xlsx)
    body = payload(wb, name=str(demo_xlsx))  # cells remember their file: same name, same evidence hash
    r = call_script(server, "score_workbook", body)
    assert r.status_code == 200, r.text
    state, macros = replay(body, r.json()["actions"])
    cli = read_workbook(demo_xlsx)
    return {"body": body, "actions": r.json()["actions"], "state": state, "macros": macros, "cli": cli,
            "result": evaluate(cli.ruleset, cli.evidence)}


def test_score_writes_every_output_cell_like_the_cli(scored):
    state, cli, result = scored["state"], scored["cli"], scored["result"]
    writes = result_cells(result, cli)
    assert len(writes) == 2 * len(result.items)
    for w in writes:
        got = state[w.sheet].get(w.cell, {})
        assert got.get("value", "") == expected_value(w.value), w.cell
        assert got.get("fill") == ("#" + w.fill.lower() if w.fill else None), w.cell
        assert got.get("bold") == w.bold, w.cell
        assert got.get("wrap") == w.wrap, w.cell


def test_score_points_and_colours_of_known_items(scored):
    state, cli = scored["state"], scored["cli"]
    row = {i: rows[0] for i, rows in cli.item_rows.items()}
    # 1.6: 166 of 169 due tasks on time = 98,22% → band "từ 90%" → 0,5; an info finding (blue)
    assert value_at(state, INPUT_SHEET, f"L{row['1.6']}") == 0.5
    assert state[INPUT_SHEET][f"M{row['1.6']}"]["fill"] == "#ddebf7"
    assert "166/169 = 98,22%" in value_at(state, INPUT_SHEET, f"M{row['1.6']}")
    # 1.1.1: plan dated 13/01/2023, due 25/01 → on time → 1 point, achieved (green)
    assert value_at(state, INPUT_SHEET, f"L{row['1.1.1']}") == 1
    assert state[INPUT_SHEET][f"M{row['1.1.1']}"]["fill"] == "#e2efda"
    # 1.1.2: no figures → 0 and a warning (orange) naming both input cells
    text = value_at(state, INPUT_SHEET, f"M{row['1.1.2']}")
    assert value_at(state, INPUT_SHEET, f"L{row['1.1.2']}") == 0
    assert state[INPUT_SHEET][f"M{row['1.1.2']}"]["fill"] == "#fad7ac"
    assert f"G{row['1.1.2']}" in text and f"G{row['1.1.2'] + 1}" in text


def test_score_never_touches_inputs_or_formulas(scored):
    body, cli = scored["body"], scored["cli"]
    inputs = set(cli.input_cells.values())
    cols = cli.columns
    written: set[str] = set()
    for a in scored["actions"]:
        if a["func"] == "setValues" and a["sheet_position"] == [s["name"] for s in body["sheets"]].index(INPUT_SHEET):
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    if v is not None:
                        written.add(f"{column_letter(a['start_column'] + j)}{a['start_row'] + i + 1}")
    assert written and not written & inputs
    assert {c[0] for c in written} == {cols.points, cols.findings}
    # subtotal rows keep their =SUM(...) formulas: only item rows are written
    item_first_rows = {rows[0] for rows in cli.item_rows.values()}
    assert {int(c[1:]) for c in written} == item_first_rows


def test_score_refreshes_summary_and_trace(scored):
    state, result = scored["state"], scored["result"]
    summary = summary_table(result)
    trace = trace_table(result)
    top = SUMMARY_TABLE_ROW  # below the form's heading, on the row the command line's copy uses too
    assert table_at(state, SUMMARY_SHEET, summary, top) == [[expected_value(v) for v in row] for row in summary]
    assert table_at(state, TRACE_SHEET, trace) == [[expected_value(v) for v in row] for row in trace]
    # the generator's placeholder text is gone, the heading is not
    assert not str(value_at(state, SUMMARY_SHEET, f"A{top}")).startswith("Chưa chấm điểm")
    assert value_at(state, SUMMARY_SHEET, f"A{top}") == summary[0][0] == "Mã"
    written_rows = {int("".join(ch for ch in cell if ch.isdigit())) for cell in state[SUMMARY_SHEET]}
    assert min(written_rows) == top  # nothing is written over the heading (rows 1 … top − 1)
    signers = top + len(summary) + 1
    assert value_at(state, SUMMARY_SHEET, f"B{signers}") == "NGƯỜI LẬP BIỂU"


def test_score_tells_the_pane_the_headline(scored):
    (name, view), = scored["macros"]
    result = scored["result"]
    assert name == "cchcShowScore"
    assert view["total"] == "18,75" and view["index"] == "26,98" and view["classification"] == result.classification
    assert view["headline"].startswith("Đã chấm: 18,75/69,5 điểm, chỉ số 26,98%")
    assert view["counts"] == {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}


def test_add_in_reads_the_same_evidence_as_the_cli(demo_xlsx):
    body = payload(open_copy(demo_xlsx))
    ours = read_book(body).evidence.model_dump(exclude={"file"})
    cli = read_workbook(demo_xlsx).evidence.model_dump(exclude={"file"})

    def no_file(data):  # cells remember the file they came from; compare the rest
        if isinstance(data, dict):
            return {k: no_file(v) for k, v in data.items() if k != "file"}
        if isinstance(data, list):
            return [no_file(v) for v in data]
        return data

    assert no_file(ours) == no_file(cli)


def test_dates_sent_as_iso_strings_or_serials_read_alike(loaded, demo_evidence, tmp_path):
    ev = load_evidence(STRONG)
    wb = filled_workbook(loaded, ev)
    body = payload(wb)
    iso = [v for s in body["sheets"] for row in s["values"] for v in row if isinstance(v, str) and v.endswith("Z")]
    assert iso, "the strong unit has date cells, sent as ISO strings by the Office.js client"
    as_serial = payload(wb)
    for s in as_serial["sheets"]:
        s["values"] = [[_serial(v) if isinstance(v, str) and v.endswith("Z") and v[:4].isdigit() else v for v in row]
                       for row in s["values"]]
    a, b = read_book(body), read_book(as_serial)
    assert evaluate(a.ruleset, a.evidence).total == evaluate(b.ruleset, b.evidence).total


def _serial(iso: str) -> float:
    import datetime as dt

    d = dt.datetime.fromisoformat(iso.replace("Z", ""))
    return (d - dt.datetime(1899, 12, 30)).days


# ---------------------------------------------------------------- «Kiểm tra thiếu sót»


def test_check_lists_every_finding_with_its_cell(server, demo_book, scored):
    body = payload(demo_book)
    r = call_script(server, "check_workbook", body)
    assert r.status_code == 200, r.text
    actions = r.json()["actions"]
    assert [a["func"] for a in actions] == ["runMacro"], "checking writes nothing"
    name, view = actions[0]["args"]
    result = scored["result"]
    assert name == "cchcShowFindings"
    assert len(view["findings"]) == len(result.findings)
    order = [f["severity"] for f in view["findings"]]
    assert order == sorted(order, key=["error", "warning", "info"].index)
    on_16 = [f for f in view["findings"] if f["item"] == "1.6"]
    assert on_16 and all(f["sheet"] == INPUT_SHEET and re.fullmatch(r"[A-M]\d+", f["cell"]) for f in on_16)
    target = next(f for f in on_16 if f["kind_label"] == "Chưa đạt chỉ tiêu")
    assert target["where"] == f"ô {target['cell']}"
    assert target["recovery"].startswith("Cần thêm 3 nhiệm vụ")
    assert target["points_lost"] == "0,5"
    assert all(f["sheet"] and f["cell"] for f in view["findings"] if f["item"])


# ---------------------------------------------------------------- «Giải thích»


def test_explain_the_selected_row(server, demo_book, scored):
    cli = scored["cli"]
    rows = cli.item_rows["1.6"]
    body = payload(demo_book, selection=f"G{rows[2]}")  # the third input row of item 1.6
    r = call_script(server, "explain_score", body)
    assert r.status_code == 200, r.text
    (action,) = r.json()["actions"]
    name, view = action["args"]
    assert name == "cchcShowExplanation"
    assert (view["item"], view["points"], view["max"], view["status"]) == ("1.6", "0,5", "1", "Chưa đạt")
    assert view["rule_text"] == "Từ 90%: ≥ 90% → 0,5 điểm"
    assert view["measure"] == "166/169 = 98,22%"
    assert [(i["label"], i["value"], i["cell"]) for i in view["inputs"]][:2] == [
        ("Tổng số nhiệm vụ được giao", "224", f"G{rows[0]}"),
        ("Số nhiệm vụ hoàn thành đúng hạn", "166", f"G{rows[1]}"),
    ]
    matched = [row["text"] for row in view["rows"] if row["matched"]]
    assert matched == ["Từ 90%: ≥ 90% → 0,5 điểm"]
    assert any(row["text"].startswith("100% nhiệm vụ") for row in view["rows"])
    assert view["recovery"] == ["Cần thêm 3 nhiệm vụ hoàn thành đúng hạn (lên 169) để đạt 1 điểm."]


@pytest.mark.parametrize("case", ["no_selection", "other_sheet", "group_row"])
def test_explain_refuses_what_it_cannot_explain(server, demo_book, scored, case):
    cli = scored["cli"]
    group_row = cli.keys["grp:1.1"]
    body = {
        "no_selection": lambda: payload(demo_book, selection=None),
        "other_sheet": lambda: payload(demo_book, active="Hướng dẫn", selection="B5"),
        "group_row": lambda: payload(demo_book, selection=f"C{group_row}"),
    }[case]()
    r = call_script(server, "explain_score", body)
    assert r.status_code == 400
    assert r.text == {
        "no_selection": render("addin_no_selection", sheet=INPUT_SHEET),
        "other_sheet": render("addin_selection_other_sheet", sheet=INPUT_SHEET, current="Hướng dẫn"),
        "group_row": render("addin_not_item_row", row=group_row),
    }[case]


# ---------------------------------------------------------------- robustness


def _expected_error(body) -> str:
    with pytest.raises(WorkbookError) as info:
        read_book(body)
    return str(info.value)


@pytest.mark.parametrize("script", ["score_workbook", "check_workbook"])
def test_a_workbook_that_is_not_ours(server, script):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "Báo cáo khác"
    body = payload(wb, active="Sheet1", include=None)
    r = call_script(server, script, body)
    assert r.status_code == 400
    assert r.text == _expected_error(body)
    assert "Sheet1" in r.text and "Traceback" not in r.text


def test_a_workbook_of_another_rule_set_version(server, demo_book):
    meta = demo_book[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "ruleset_version":
            row[1].value = "9.9.9"
    body = payload(demo_book)
    r = call_script(server, "score_workbook", body)
    assert r.status_code == 400
    assert r.text == _expected_error(body)
    assert "9.9.9" in r.text


def test_a_request_excel_cannot_send_is_refused_in_vietnamese(server, demo_book):
    body = payload(demo_book)
    for s in body["sheets"]:
        if s["name"] == META_SHEET:
            s["values"] = 5  # nothing Excel can send
    r = call_script(server, "score_workbook", body)
    assert r.status_code == 400
    assert r.text == render("addin_request_field", field="sheets[].values")


def test_an_unexpected_failure_is_a_vietnamese_message_with_a_reference():
    from xlwings import XlwingsError

    from scoring.addin.guard import user_errors

    with pytest.raises(XlwingsError) as info, user_errors("score"):
        raise KeyError("nothing a user should see")
    m = re.fullmatch(r"Máy chủ gặp lỗi khi chấm điểm \(mã tra cứu ([0-9a-f]{8})\)\. .*", str(info.value))
    assert m, str(info.value)


def test_concurrent_requests_from_several_users(server, loaded, demo_xlsx):
    strong = payload(filled_workbook(loaded, load_evidence(STRONG)))
    demo = payload(open_copy(demo_xlsx))
    baseline = {k: call_script(server, "score_workbook", b).json() for k, b in (("strong", strong), ("demo", demo))}
    assert baseline["strong"] != baseline["demo"]
    jobs = [("strong", strong), ("demo", demo)] * 12

    def run(job):
        key, body = job
        r = call_script(server, "score_workbook", body)
        return key, r.status_code, r.json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        for key, status, data in pool.map(run, jobs):
            assert status == 200
            assert data == baseline[key]


def test_scripts_ask_only_for_the_sheets_they_read(server):
    import httpx

    meta = {m["function_name"]: m for m in httpx.get(f"{server}/xlwings/custom-scripts-meta.json").json()}
    assert set(meta) == {"score_workbook", "check_workbook", "explain_score"}
    assert all(m["include"] == ",".join(READ_SHEETS) for m in meta.values())

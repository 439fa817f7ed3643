"""Nothing English or code-like reaches a user in what the program writes: every visible sheet of
a new workbook and of a scored copy (cells, input hints), the terminal report, and every view of
the task pane for every item. (The CLI's help and error paths: tests/cli.)"""

from __future__ import annotations

import re

from cli.cli_support import english_in
from core_support import DEMO, ROOT
from openpyxl import load_workbook

from scoring.addin import pane
from scoring.cli.report import result_report
from scoring.engine import evaluate
from scoring.workbook.read import read_workbook
from scoring.workbook.spec import META_SHEET

EXAMPLE = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
RULE_ID = re.compile(r"\b\d+(\.\d+)*/[a-z_]+\w*|\bopt_\w+|\bcheck:\w+")


def leaks(text: str) -> list[str]:
    return english_in(text) + [m.group(0) for m in RULE_ID.finditer(text)]


def sheet_texts(path) -> dict[str, list[str]]:
    """Every text a user sees in a workbook: visible sheets' cells (not the hidden key column A)
    and the input messages and error alerts of data validation."""
    wb = load_workbook(path)
    out: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        if ws.title == META_SHEET or ws.sheet_state != "visible":
            continue
        texts = [str(c.value) for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and not c.value.startswith("=") and not (c.column == 1 and ":" in c.value)]
        for dv in ws.data_validations.dataValidation:
            texts += [t for t in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if t]
        out[ws.title] = texts
    return out


def test_a_new_workbook_and_a_scored_copy_speak_vietnamese(tmp_path):
    from scoring.workbook.write import write_scored

    read = read_workbook(EXAMPLE)
    result = evaluate(read.ruleset, read.evidence)
    scored = tmp_path / "da-cham.xlsx"
    write_scored(EXAMPLE, result, scored, read=read)
    for path in (EXAMPLE, scored):
        for sheet, texts in sheet_texts(path).items():
            found = {t: leaks(t) for t in texts if leaks(t)}
            assert found == {}, (path.name, sheet, found)


def test_the_terminal_report_and_every_pane_view_speak_vietnamese():
    from rich.console import Console

    read = read_workbook(EXAMPLE)
    result = evaluate(read.ruleset, read.evidence)
    console = Console(record=True, width=120)
    console.print(result_report(result, items=True))
    report = console.export_text()
    assert leaks(report) == [], leaks(report)

    def strings(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("severity", "sheet", "cell", "item", "status_code"):  # data for the pane's script
                    yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    views = [pane.score_view(result), pane.findings_view(result)]
    views += [pane.explanation_view(result, read, item.id) for item in result.items]
    for view in views:
        found = {s: leaks(s) for s in strings(view) if leaks(s)}
        assert found == {}, found
    assert DEMO.exists()

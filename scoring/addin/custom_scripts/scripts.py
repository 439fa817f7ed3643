"""The three buttons: «Chấm điểm», «Kiểm tra thiếu sót», «Giải thích».

Each reads the open workbook through the workbook layer, calls the one engine, and
either writes the result back (score) or hands the task pane what to show (check,
explain) through a registered JavaScript callback (xlwings' runMacro action). A
failure reaches Excel as a Vietnamese message (guard.user_errors).

The scripts are coroutines that run the work in the thread pool: scoring never blocks
the server's event loop, so one user's rescore does not hold up another's request.
"""

import xlwings as xw
from starlette.concurrency import run_in_threadpool
from xlwings.server import script

from scoring.addin import pane
from scoring.addin.book import READ_SHEETS, read_book, selection
from scoring.addin.guard import user_errors
from scoring.addin.writes import TABLE_WIDTHS, apply_cell_writes, write_table
from scoring.engine import evaluate
from scoring.errors import ScoringError
from scoring.messages import render
from scoring.workbook.layout import (
    INPUT_SHEET,
    SUMMARY_SHEET,
    SUMMARY_TABLE_ROW,
    TRACE_SHEET,
    item_at_row,
    result_cells,
    signer_rows,
    summary_table,
    trace_table,
)

__all__ = ["score_workbook", "check_workbook", "explain_score"]

#: The JavaScript callbacks (static/js/cchc.js) that fill the task pane.
SHOW_SCORE = "cchcShowScore"
SHOW_FINDINGS = "cchcShowFindings"
SHOW_EXPLANATION = "cchcShowExplanation"


@script(include=list(READ_SHEETS))
async def score_workbook(book: xw.Book):
    """Chấm điểm: points and findings into the output columns, summary and trace sheets."""
    await run_in_threadpool(_score, book)


@script(include=list(READ_SHEETS))
async def check_workbook(book: xw.Book):
    """Kiểm tra thiếu sót: the findings, listed in the task pane (nothing is written)."""
    await run_in_threadpool(_check, book)


@script(include=list(READ_SHEETS))
async def explain_score(book: xw.Book):
    """Giải thích: why the item on the selected row got its points."""
    await run_in_threadpool(_explain, book)


def show(book: xw.Book, callback: str, view: dict) -> None:
    """Hand the pane `view` through its JavaScript callback (xlwings' runMacro action).

    Not `book.app.macro(...)`: that appends to the app's *active* book, which xlwings Server
    shares between requests; in the thread pool it could be another user's workbook.
    """
    book.impl.append_json_action(func="runMacro", args=[callback, view])


def _score(book: xw.Book) -> None:
    with user_errors("score"):
        read = read_book(book.api)
        result = evaluate(read.ruleset, read.evidence)
        apply_cell_writes(book, result_cells(result, read))
        write_table(book, SUMMARY_SHEET, summary_table(result), TABLE_WIDTHS["summary"],
                    start_row=SUMMARY_TABLE_ROW, after=signer_rows())
        write_table(book, TRACE_SHEET, trace_table(result), TABLE_WIDTHS["trace"])
        cols = read.columns
        view = pane.score_view(result)
        view["written"] = render("addin_written", points=f"{cols.points}", findings=f"{cols.findings}",
                                 sheet=INPUT_SHEET, summary=SUMMARY_SHEET, trace=TRACE_SHEET)
        show(book, SHOW_SCORE, view)


def _check(book: xw.Book) -> None:
    with user_errors("check"):
        read = read_book(book.api)
        result = evaluate(read.ruleset, read.evidence)
        show(book, SHOW_FINDINGS, pane.findings_view(result))


def _explain(book: xw.Book) -> None:
    with user_errors("explain"):
        chosen = selection(book.api)
        if chosen.row is None:
            raise ScoringError("addin_no_selection", sheet=INPUT_SHEET)
        if chosen.sheet != INPUT_SHEET:
            raise ScoringError("addin_selection_other_sheet", sheet=INPUT_SHEET, current=chosen.sheet or "?")
        read = read_book(book.api)
        item_id = item_at_row(read, chosen.row)
        if item_id is None:
            raise ScoringError("addin_not_item_row", row=chosen.row)
        result = evaluate(read.ruleset, read.evidence)
        show(book, SHOW_EXPLANATION, pane.explanation_view(result, read, item_id))

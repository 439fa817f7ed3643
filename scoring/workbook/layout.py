"""The shared contract between the workbook shells (CLI via openpyxl, add-in via Office.js).

Everything a shell needs to read a scoring workbook from cell values and to write a
result back, without knowing the layout:

- sheet names: INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET, GUIDE_SHEET, META_SHEET;
- `read_grids(grids, file=, ruleset=) -> WorkbookRead` (evidence + where each item lives);
- `result_cells(result, read) -> list[CellWrite]` (output cells only, never an input);
- `summary_table(result)`, `trace_table(result)`: rows of the summary and trace sheets;
- `input_cell(read, item, field)` and `item_at_row(read, row)` to go between findings and cells.

Value conventions (percent cells hold fractions, dates may be serial numbers) are in
`grids`' docstring.
"""

from .grids import WorkbookMeta, WorkbookRead, input_cell, item_at_row, normalize, read_grids
from .results import (
    CellWrite,
    points_value,
    result_cells,
    signer_rows,
    summary_field_rows,
    summary_table,
    trace_table,
)
from .spec import (
    COLUMNS,
    DOCUMENTS,
    EXPLANATION,
    GUIDE_SHEET,
    INPUT_SHEET,
    META_SHEET,
    NOT_APPLICABLE,
    SUMMARY_SHEET,
    SUMMARY_TABLE_ROW,
    TEMPLATE_VERSION,
    TRACE_SHEET,
    Columns,
    column_index,
    column_letter,
)
from .styles import SEVERITY_FILL

__all__ = [
    "COLUMNS", "CellWrite", "Columns", "DOCUMENTS", "EXPLANATION", "GUIDE_SHEET", "INPUT_SHEET", "META_SHEET",
    "NOT_APPLICABLE", "SEVERITY_FILL", "SUMMARY_SHEET", "SUMMARY_TABLE_ROW", "signer_rows", "TEMPLATE_VERSION", "TRACE_SHEET", "WorkbookMeta",
    "WorkbookRead", "input_cell", "item_at_row", "read_grids", "result_cells", "summary_field_rows",
    "summary_table", "trace_table",
    # for the add-in: a formula's cell values read like the sheet's (=CCHC.DIEM), the points
    # cell as the writers fill it, and column letters of CellWrite addresses
    "column_index", "column_letter", "normalize", "points_value",
]

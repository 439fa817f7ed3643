"""The consolidated report's tables as data: CSV files in one zip, or one JSON document.

CSV: one file per table (``xep-hang.csv``, ``theo-linh-vuc.csv``, ``thieu-sot.csv``,
``xep-loai.csv``, ``chi-so-linh-vuc.csv``, ``khong-cham-duoc.csv``, ``thong-tin.csv``), UTF-8
with a byte-order mark so Excel reads the Vietnamese text, comma-separated, numbers with a
decimal point (as data, not as a display: Excel's «Data → From Text/CSV» reads them so).
Footer rows (maxima, averages) follow the data, labelled in the unit column, as on the sheet.
A text that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
carriage return: a unit's name is typed by the unit) is written with a leading apostrophe, as
Excel shows a text typed that way.
One zip holds them, so the output is one file written atomically.

JSON: ``{"tables": [{"key", "sheet", "columns": [{"key", "header"}], "rows": [...],
"footer": [...]}]}``, rows as objects keyed by column key, numbers as JSON numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

from .tables import Report, plain


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_zip_bytes(rep: Report) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet in rep.sheets:
            for table in sheet.tables:
                text = io.StringIO()
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow([c.header for c in table.columns])
                for row in table.rows + table.footer:
                    writer.writerow([_csv_cell(v) for v in table.values(row)])
                archive.writestr(f"{table.key}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


def json_bytes(rep: Report) -> bytes:
    tables = []
    for sheet in rep.sheets:
        for table in sheet.tables:
            keys = [c.key for c in table.columns]
            tables.append({
                "key": table.key, "sheet": sheet.name,
                "columns": [{"key": c.key, "header": c.header} for c in table.columns],
                "rows": [{k: _cell(row.get(k)) for k in keys} for row in table.rows],
                "footer": [{k: _cell(row.get(k)) for k in keys} for row in table.footer],
            })
    return (json.dumps({"year": rep.year, "tables": tables}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

"""Put existing evidence (JSON/YAML) into a workbook's input cells, as a person would type it.

Used by `scoring workbook new --from` (start this year's workbook from a file, or
build the bundled example) and by the round-trip tests. Two ways of typing:
- typed (default): what Excel stores after a user types the value into a cell of that
  format: numbers as numbers, 93,81% as 0.9381, dates as dates, "Có"/"Không";
- raw: the value exactly as in the file, text stays text (a number in a percent cell is
  still stored as a fraction, since the cell is percent-formatted).
Cells are located through `read_grids`, the same index every reader uses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl.workbook.workbook import Workbook

from ..models.evidence import Evidence
from ..models.ruleset import EvidenceField
from ..ruleset import LoadedRuleSet
from ..values import (
    ValueProblem,
    is_not_applicable,
    looks_like_formula,
    parse_choice,
    parse_count,
    parse_date,
    parse_decimal,
    parse_percent,
    parse_yes_no,
)
from . import texts
from .fit import fit_block
from .generate import UNIT_CELL, block_columns, paginate, put_text
from .grids import read_grids
from .spec import DOCUMENTS, EXPLANATION, INPUT_SHEET, NOT_APPLICABLE


def grids_of(wb: Workbook) -> dict[str, list[list[Any]]]:
    """An in-memory workbook's values, as a reader would see them."""
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def fill_workbook(wb: Workbook, loaded: LoadedRuleSet, evidence: Evidence, *, typed: bool = True) -> list[str]:
    """Write `evidence` into the input cells; returns what could not be placed (unknown items/fields)."""
    read = read_grids(grids_of(wb), ruleset=loaded)
    ws = wb[INPUT_SHEET]
    skipped: list[str] = []
    if evidence.unit:
        put_text(ws[UNIT_CELL], evidence.unit)
    items = {item.id: item for item in loaded.ruleset.items()}
    for item_id, ev in evidence.items.items():
        item = items.get(item_id)
        if item is None:
            skipped.append(item_id)
            continue
        for name, value in ev.values.items():
            f = item.field(name)
            address = read.input_cells.get((item_id, name))
            if f is None or address is None or item.is_survey:  # survey results are the office's, not typed
                skipped.append(f"{item_id}:{name}")
                continue
            ws[address] = cell_value(value.value, f, typed=typed)
        docs = [d.value for d in ev.documents if d.value not in (None, "")]
        if docs and (item_id, DOCUMENTS) in read.input_cells:
            ws[read.input_cells[(item_id, DOCUMENTS)]] = "\n".join(_doc_text(d) for d in docs)
        elif docs:
            skipped.append(f"{item_id}:{DOCUMENTS}")
        if ev.explanation is not None and ev.explanation.value not in (None, ""):
            address = read.input_cells.get((item_id, EXPLANATION))
            if address is None:
                skipped.append(f"{item_id}:{EXPLANATION}")
            else:
                put_text(ws[address], str(ev.explanation.value))
        if ev.not_applicable is not None and ev.not_applicable.value not in (None, "", False):
            address = read.input_cells.get((item_id, NOT_APPLICABLE))
            if address is None:
                skipped.append(f"{item_id}:{NOT_APPLICABLE}")
            else:
                raw = ev.not_applicable.value
                ws[address] = texts.NOT_APPLICABLE_OPTION if raw is True or is_not_applicable(raw) else raw
    merged, per_row = block_columns(read.columns)
    for rows in read.item_rows.values():
        fit_block(ws, rows, merged, per_row)
    paginate(ws, read.columns)
    return skipped


def cell_value(raw: Any, f: EvidenceField, *, typed: bool = True) -> Any:
    """The value a spreadsheet would hold after `raw` is typed into a cell of field `f`."""
    if raw is None:
        return None
    if isinstance(raw, dict):
        return _doc_text(raw)
    if f.type == "percent" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _fraction(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw))
    if not typed or (isinstance(raw, str) and (looks_like_formula(raw) or is_not_applicable(raw))):
        return raw
    try:
        if f.type == "count":
            return parse_count(raw)
        if f.type == "number":
            d = parse_decimal(raw)
            return int(d) if d == d.to_integral_value() else float(d)
        if f.type == "percent":
            return _fraction(parse_percent(raw))
        if f.type == "date":
            if isinstance(raw, str) and raw.strip().lower() in ("không", "khong"):
                return raw
            return dt.datetime.combine(parse_date(raw), dt.time())
        if f.type == "yes_no":
            return texts.YES if parse_yes_no(raw) else texts.NO
        if f.type == "choice":
            code = parse_choice(raw, {o.value: o.label for o in f.options or []})
            return next(o.label for o in f.options or [] if o.value == code)
    except ValueProblem:
        return raw  # typed as is: the reader and the engine will flag it, as for a person's typo
    return raw


def _fraction(percent: Decimal) -> float:
    return float(percent / 100)


def _doc_text(doc: Any) -> str:
    if isinstance(doc, dict):
        if doc.get("text"):
            return str(doc["text"])
        return " – ".join(str(doc[k]) for k in ("number", "date", "title", "section") if doc.get(k))
    return str(doc)

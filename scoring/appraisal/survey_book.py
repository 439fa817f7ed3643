"""The office's «Kết quả điều tra XHH» workbook: units × survey items, rates in percent.

Generated for a rule set's year with the units the store knows (`scoring survey new`), an
official heading (`workbook.form`), the rate cells yellow, percent-formatted and validated
(0–100 %), everything else locked. Read back (`scoring survey import`) by its hidden keys:
the column of each item (row «keys»), the unit of each row by its name; every problem is
named by sheet and cell, and the file is refused whole if any is found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from .. import vn
from ..messages import render
from ..ruleset import LoadedRuleSet
from ..store.cycle import CycleUnit
from ..values import ValueProblem, fold, parse_percent
from ..workbook import form, styles
from ..workbook.generate import Office, fill
from ..workbook.spec import column_letter
from . import book
from .errors import AppraisalError
from .problems import Problems
from .survey import RateRead, SurveyRead, rate_field, survey_items, units_by_name

TEMPLATE = "cchc-survey-workbook"
TEMPLATE_VERSION = "1"
SHEET = "Kết quả điều tra XHH"
FIRST_ITEM_COL = 3  # D (0-based)


def build(loaded: LoadedRuleSet, year: int, units: list[CycleUnit], office: Office, issuer: str) -> bytes:
    rs = loaded.ruleset
    items = survey_items(loaded)
    if not items:
        raise AppraisalError("survey_ruleset_has_none", ruleset=rs.id)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last = column_letter(FIRST_ITEM_COL + len(items) - 1)
    widths = {"A": 4, "B": 5, "C": 38}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for n in range(len(items)):
        ws.column_dimensions[column_letter(FIRST_ITEM_COL + n)].width = 13
    ws.column_dimensions["A"].hidden = True
    heading = form.Heading(unit=issuer, agency=office.agency, place=office.place,
                           title=render("survey_book_title", year=year),
                           subtitles=(render("survey_book_subtitle", title=rs.title, id=rs.id, version=rs.version),))
    row = form.write_heading(ws, "B", last, heading, row=1)
    ws.merge_cells(f"B{row}:{last}{row}")
    book.cell(ws, f"B{row}", render("survey_book_hint"), italic=True, boxed=False)
    ws.row_dimensions[row].height = 42
    head = row + 2
    ws[f"A{head}"] = "header"
    texts = {"B": render("survey_col_no"), "C": render("survey_col_unit")}
    for n, item in enumerate(items):
        texts[column_letter(FIRST_ITEM_COL + n)] = render("survey_col_item", item=item.id, title=item.title,
                                                          max=item.max_points)
    book.header(ws, head, texts, height=96)
    ws[f"A{head + 1}"] = "keys"
    for n, item in enumerate(items):
        ws[f"{column_letter(FIRST_ITEM_COL + n)}{head + 1}"] = f"{item.id}:{rate_field(item)}"
    ws.row_dimensions[head + 1].hidden = True
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle=render("survey_prompt_title")[:32], prompt=render("survey_prompt")[:250],
                        errorTitle=render("survey_error_title")[:32], error=render("survey_error")[:220])
    first = head + 2
    for n, u in enumerate(units, start=1):
        r = first + n - 1
        ws[f"A{r}"] = "unit"
        book.cell(ws, f"B{r}", n, align="center")
        book.cell(ws, f"C{r}", u.unit.name)
        for k in range(len(items)):
            c = ws[f"{column_letter(FIRST_ITEM_COL + k)}{r}"]
            book.input_cell(c, number_format="0.00%", align="right")
            dv.add(c.coordinate)
    ws.add_data_validation(dv)
    end = first + len(units)
    form.write_signature(ws, "B", last, end, signers=((render("survey_signer_left"), render("survey_sign_hint")),
                                                       (render("survey_signer_right"), render("survey_sign_hint_head"))))
    ws.freeze_panes = f"D{first}"
    form.print_setup(ws, landscape=True, title_rows=f"{head}:{head}")
    form.set_header_footer(ws.oddFooter, left=render("survey_footer", year=year), right="Trang &P/&N")
    book.protect(ws)
    for r in range(first, end):
        ws.row_dimensions[r].height = 18
        ws[f"C{r}"].alignment = Alignment(vertical="center", wrap_text=True)
        ws[f"C{r}"].fill = fill(styles.CRITERION_FILL)
    book.write_meta(wb, [
        ("template", TEMPLATE), ("template_version", TEMPLATE_VERSION), ("ruleset_id", rs.id),
        ("ruleset_version", rs.version), ("ruleset_hash", loaded.hash), ("year", str(year)),
        ("units", str(len(units))), ("generated_at", dt.datetime.now().replace(microsecond=0).isoformat()),
    ])
    return book.finish(wb, render("survey_book_title", year=year))


def read(path: Path, loaded: LoadedRuleSet, year: int, units: list[CycleUnit]) -> SurveyRead:
    """The rates of a filled «Kết quả điều tra XHH» workbook, for the rule set's year given."""
    b = book.read_book(path)
    meta = book.read_meta(b, TEMPLATE)
    if meta.get("ruleset_hash") != loaded.hash:
        raise AppraisalError("survey_book_other_ruleset", path=str(path), made=meta.get("ruleset_id", "?"),
                             made_version=meta.get("ruleset_version", "?"), used=loaded.ruleset.id,
                             used_version=loaded.ruleset.version)
    if meta.get("year") != str(year):
        raise AppraisalError("survey_book_other_year", path=str(path), made=meta.get("year", "?"), year=year)
    grid = b.sheet(SHEET)
    if grid is None:
        raise AppraisalError("cycle_sheet_missing", path=str(path), sheet=SHEET)
    problems = Problems(str(path))
    k = book.keys(grid)
    if "header" not in k or "keys" not in k:
        raise AppraisalError("cycle_sheet_broken", path=str(path), sheet=SHEET)
    key_row = grid[k["keys"] - 1]
    by_id = {i.id: i for i in survey_items(loaded)}
    columns: dict[str, tuple[str, str]] = {}
    for c, value in enumerate(key_row):
        if c >= FIRST_ITEM_COL and isinstance(value, str) and ":" in value:
            item_id, _, field = value.strip().partition(":")
            if item_id in by_id and rate_field(by_id[item_id]) == field:
                columns[column_letter(c)] = (item_id, field)
            else:
                problems.add("survey_book_key_unknown", sheet=SHEET, cell=f"{column_letter(c)}{k['keys']}",
                             key=value)
    known = units_by_name(units)
    rates: list[RateRead] = []
    taken: dict[int, str] = {}
    for r in range(k["keys"] + 1, len(grid) + 1):
        name = book.text_at(grid, r, "C")
        if name is None or book.at(grid, r, "A") not in ("unit", None):
            continue
        if not any(book.at(grid, r, col) is not None for col in columns) and book.at(grid, r, "A") is None:
            continue  # the signature block and blank rows
        unit = known.get(fold(name))
        if unit is None:
            problems.add("survey_unit_unknown_cell", sheet=SHEET, cell=f"C{r}", unit=name)
            continue
        if unit.unit.id in taken:
            problems.add("survey_unit_twice_cell", sheet=SHEET, cell=f"C{r}", unit=unit.unit.name,
                         other=taken[unit.unit.id])
            continue
        taken[unit.unit.id] = f"C{r}"
        for col, (item_id, field) in columns.items():
            raw = book.at(grid, r, col)
            if raw is None:
                continue
            address = f"{col}{r}"
            rate = _rate(raw, problems, address)
            if rate is not None:
                rates.append(RateRead(unit, item_id, field, rate, SHEET, address))
    problems.check()
    return SurveyRead(rates, meta.get("ruleset_id"), int(meta["year"]) if meta.get("year", "").isdigit() else None)


def _rate(raw: object, problems: Problems, address: str) -> Decimal | None:
    if book.is_formula(raw):
        problems.add("cycle_formula_without_value", sheet=SHEET, cell=address, formula=str(raw)[:60])
        return None
    if isinstance(raw, bool):
        problems.add("survey_bad_rate_cell", sheet=SHEET, cell=address, value=str(raw),
                     problem=render("not_a_percent", value=str(raw)))
        return None
    if isinstance(raw, (int, float)):
        # a percent cell holds a fraction: 0,9395 is 93,95 %
        rate = Decimal(repr(float(raw))) * 100
        if rate < 0 or rate > 100:
            problems.add("survey_rate_out_of_range", sheet=SHEET, cell=address, value=vn.number(rate))
            return None
        return rate.normalize() if rate != rate.to_integral_value() else Decimal(int(rate))
    try:
        return parse_percent(raw)
    except ValueProblem as exc:
        problems.add("survey_bad_rate_cell", sheet=SHEET, cell=address, value=str(raw)[:60],
                     problem=render(exc.code, **exc.params))
        return None

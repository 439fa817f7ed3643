"""The workbook a unit fills to answer the team's explanation requests (biểu giải trình).

One workbook per unit, made once round 1 is locked: the items the team asked about or
adjusted, with the self-assessed points, the points after round 1, the reason and the request;
the unit writes its explanation and the documents it adds (one per line). The unit's own form:
its heading, its signers. Sealed like the team's workbook with round 2's secret (the answers
belong to round 2); the reader refuses another unit's file, a tampered one, and one for a
round already locked.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from ..messages import render
from ..store import audit
from ..store.cycle import AnswerIn, RoundRow
from ..workbook import form, limits, styles
from ..workbook.fit import height_for, text_lines
from ..workbook.generate import Office, fill
from . import book
from .errors import AppraisalError
from .final import ItemFinal, UnitFinal
from .problems import Problems
from .round_book import TEXT_MAX, number, points_shown
from .seal import seal

if TYPE_CHECKING:
    from .cycle import Cycle

TEMPLATE = "cchc-answers-workbook"
TEMPLATE_VERSION = "1"
SHEET = "Giải trình"
COLUMNS = {"key": "A", "code": "B", "title": "C", "max": "D", "self": "E", "after1": "F", "reason": "G",
           "request": "H", "answer": "I", "documents": "J"}
WIDTHS = {"key": 4, "code": 5.5, "title": 28, "max": 6, "self": 7, "after1": 8, "reason": 24, "request": 26,
          "answer": 34, "documents": 30}


def asked(final: UnitFinal) -> list[ItemFinal]:
    """The items a unit is asked about: a request, or points taken away in round 1."""
    out = []
    for f in final.items:
        r1 = f.round1
        lowered = f.after_round1 != f.self_points
        if (r1 is not None and r1.request) or lowered:
            out.append(f)
    return out


def build(cycle: Cycle, rnd: RoundRow, uid: int, office: Office, agency: str) -> bytes:
    cu = cycle.unit(uid)
    final = cycle.final(uid, through=1)
    rows = asked(final)
    rs = cycle.loaded.ruleset
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    c = COLUMNS
    for role, letter in c.items():
        ws.column_dimensions[letter].width = WIDTHS[role]
    ws.column_dimensions["A"].hidden = True
    last = c["documents"]
    heading = form.Heading(unit=cu.unit.name, agency=agency, place=office.place,
                           title=render("answers_book_title", year=cycle.year),
                           subtitles=(render("answers_book_subtitle", title=rs.title, id=rs.id, version=rs.version),))
    row = form.write_heading(ws, "B", last, heading, row=1)
    ws[f"A{row}"] = f"unit:{uid}"
    ws.merge_cells(f"B{row}:{last}{row}")
    book.cell(ws, f"B{row}", render("answers_book_hint", unit=cu.unit.name), italic=True, boxed=False)
    ws.row_dimensions[row].height = 44
    head = row + 1
    ws[f"A{head}"] = "header"
    book.header(ws, head, {c[role]: render(f"answers_col_{role}") for role in c if role != "key"}, height=54)
    row = head + 1
    for f in rows:
        it = f.item
        ws[f"A{row}"] = it.id
        book.cell(ws, f"B{row}", it.id, bold=True, align="center")
        book.cell(ws, f"C{row}", it.title)
        book.cell(ws, f"D{row}", number(it.max_points), align="center")
        book.cell(ws, f"E{row}", points_shown(f.self_points, it), align="center")
        book.cell(ws, f"F{row}", points_shown(f.after_round1, it), align="center", bold=True)
        reason = (f.round1.reason or "") if f.round1 else ""
        request = (f.round1.request or "") if f.round1 else ""
        book.cell(ws, f"G{row}", reason, size=9)
        book.cell(ws, f"H{row}", request, size=9, colour=styles.SEVERITY_FILL["warning"] if request else None)
        for col in ("I", "J"):
            book.input_cell(ws[f"{col}{row}"])
        texts = [(it.title, WIDTHS["title"], 10), (reason, WIDTHS["reason"], 9), (request, WIDTHS["request"], 9)]
        lines = max(text_lines(t, w, s) * s / 10 for t, w, s in texts)
        ws.row_dimensions[row].height = max(45, min(409, height_for(round(lines + 0.49), 10)))
        row += 1
    end = form.write_signature(ws, "B", last, row)
    form.print_setup(ws, landscape=True, title_rows=f"{head}:{head}")
    ws.print_area = f"B1:{last}{end - 1}"
    ws.freeze_panes = f"D{head + 1}"
    form.set_header_footer(ws.oddFooter, left=render("answers_footer", year=cycle.year, unit=cu.unit.name),
                           right="Trang &P/&N")
    book.protect(ws)
    for r in range(head + 1, row):
        ws[f"C{r}"].fill = fill(None)
    meta = [
        ("template", TEMPLATE), ("template_version", TEMPLATE_VERSION), ("kind", "answers"), ("round", "2"),
        ("round_id", str(rnd.id)), ("round_created", audit.canonical(rnd.created_at)), ("ruleset_id", rs.id),
        ("ruleset_version", rs.version), ("ruleset_hash", cycle.loaded.hash), ("year", str(cycle.year)),
        ("generated_at", dt.datetime.now().replace(microsecond=0).isoformat()),
        ("unit", json.dumps({"unit_id": uid, "unit": cu.unit.name, "submission": cu.submission_id},
                            ensure_ascii=False, sort_keys=True)),
        ("items", ",".join(f.item.id for f in rows)),
    ]
    meta.append(("seal", seal(rnd.secret, dict(meta))))
    book.write_meta(wb, meta)
    return book.finish(wb, render("answers_book_title", year=cycle.year))


@dataclass(frozen=True)
class AnswersRead:
    path: Path
    sha256: str
    unit_id: int
    unit: str
    submission_id: int
    answers: list[AnswerIn]


def read_meta(path: Path) -> tuple[book.Book, dict[str, str]]:
    b = book.read_book(path)
    meta = book.read_meta(b, TEMPLATE)
    for key in ("round_id", "year", "ruleset_id", "ruleset_hash", "seal", "unit"):
        if not meta.get(key):
            raise AppraisalError("cycle_workbook_tampered", path=str(path))
    if not meta["year"].isdigit() or not meta["round_id"].isdigit():
        raise AppraisalError("cycle_workbook_tampered", path=str(path))
    return b, meta


def read(b: book.Book, meta: dict[str, str], cycle: Cycle) -> AnswersRead:
    path = b.path
    if meta.get("ruleset_hash") != cycle.loaded.hash:
        raise AppraisalError("cycle_workbook_other_ruleset", path=str(path))
    try:
        info: dict[str, Any] = json.loads(meta["unit"])
        uid, made = int(info["unit_id"]), int(info["submission"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise AppraisalError("cycle_workbook_tampered", path=str(path)) from None
    grid = b.sheet(SHEET)
    if grid is None:
        raise AppraisalError("cycle_sheet_missing", path=str(path), sheet=SHEET)
    k = book.keys(grid)
    unit_keys = [key for key in k if key.startswith("unit:")]
    if unit_keys != [f"unit:{uid}"]:
        other = unit_keys[0][5:] if unit_keys else "?"
        named = next((u.unit.name for u in cycle.units if str(u.unit.id) == other), other)
        raise AppraisalError("appraisal_wrong_unit_sheet", path=str(path), sheet=SHEET, unit=info.get("unit", "?"),
                             other=named)
    cu = next((u for u in cycle.units if u.unit.id == uid), None)
    if cu is None:
        raise AppraisalError("appraisal_unit_gone", path=str(path), sheet=SHEET, unit=info.get("unit", "?"))
    if cu.submission_id != made:
        raise AppraisalError("appraisal_unit_resubmitted", path=str(path), sheet=SHEET, unit=cu.unit.name,
                             made=made, current=cu.submission_id)
    problems = Problems(str(path))
    answers = []
    for item_id in [i for i in meta.get("items", "").split(",") if i]:
        r = k.get(item_id)
        if r is None:
            problems.add("appraisal_row_missing", sheet=SHEET, item=item_id)
            continue
        values = []
        for col in ("I", "J"):
            raw = book.at(grid, r, col)
            if book.is_formula(raw):
                problems.add("cycle_formula_without_value", sheet=SHEET, cell=f"{col}{r}", formula=str(raw)[:60])
                values.append(None)
                continue
            text = book.text_at(grid, r, col)
            if text is not None and len(text) > TEXT_MAX:
                problems.add("appraisal_text_too_long", sheet=SHEET, cell=f"{col}{r}", limit=TEXT_MAX)
                text = None
            values.append(text)
        answer, documents = values
        if answer or documents:
            docs = "\n".join(line.strip() for line in (documents or "").replace("\r", "\n").split("\n")
                             if line.strip()) or None
            answers.append(AnswerIn(item_id, limits.cell_text(answer) if answer else None, docs, SHEET, f"I{r}"))
    problems.check()
    return AnswersRead(path, b.sha256, uid, cu.unit.name, cu.submission_id, answers)


def file_name(unit: str, year: int) -> str:
    """A file name for a unit's workbook: «giai-trinh-2024-so-tu-phap.xlsx» (no diacritics)."""
    import re

    from ..values import fold

    slug = re.sub(r"[^a-z0-9]+", "-", fold(unit)).strip("-")[:60] or "don-vi"
    return f"giai-trinh-{year}-{slug}.xlsx"


def check_round(path: Path, meta: dict[str, str], rnd: RoundRow | None) -> RoundRow:
    from .round_book import check_seal

    return check_seal(path, meta, rnd)

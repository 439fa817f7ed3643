"""The appraisal team's workbook for a round: one sheet per unit, and «Tổng hợp» over them.

Why one workbook with a sheet per unit: the team reviews unit by unit (one unit's file of
evidence at a time), each sheet prints as that unit's appraisal record to sign, the overview
sheet shows the whole year at a glance, and one file is imported in one go. When several
appraisers work at once (a workbook cannot be edited by two people safely), `--unit` makes a
workbook for each appraiser's units; imports merge by unit.

A unit's sheet, round 1: per item the maximum, the self-assessed points (with the survey
results), the evidence and documents cited, the findings, the points the item may be given
(its decision rows' steps), then the team's columns: appraised points (data validation on
those steps; blank = recognised), the reason (required for a change), an explanation request.
Round 2: the points after round 1 with their reason, the request and the unit's answer beside
the columns for the final points and their reason.

The hidden metadata (which unit and submission each sheet is for, the round, the rule set) is
sealed with the round's secret (`seal`); the reader refuses a workbook whose seal, round,
store, unit or submission does not match, and every cell that is not a value the item can be
given, naming its sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import vn
from ..messages import SEVERITY, finding_text, input_text, recovery_text, render
from ..models.result import ItemResult, Result
from ..store import audit
from ..store.cycle import EntryIn, RoundRow
from ..values import ValueProblem, is_not_applicable, parse_decimal
from ..workbook import form, limits, styles
from ..workbook.fit import height_for, keep_together, text_lines
from ..workbook.generate import Office, fill
from . import book
from .errors import AppraisalError
from .final import UnitFinal
from .problems import Problems
from .seal import intact, seal
from .steps import Steps, steps_of

if TYPE_CHECKING:
    from .cycle import Cycle

TEMPLATE = "cchc-appraisal-workbook"
TEMPLATE_VERSION = "1"
OVERVIEW = "Tổng hợp"
TEXT_MAX = 4000

#: Column roles on a unit's sheet, by round (recorded in the metadata, so the reader follows them).
COLUMNS = {
    1: {"key": "A", "code": "B", "title": "C", "max": "D", "self": "E", "evidence": "F", "findings": "G",
        "steps": "H", "points": "I", "reason": "J", "request": "K", "after": "L"},
    2: {"key": "A", "code": "B", "title": "C", "max": "D", "self": "E", "prev": "F", "prev_reason": "G",
        "request": "H", "answer": "I", "steps": "J", "points": "K", "reason": "L", "after": "M"},
}
WIDTHS = {"key": 4, "code": 5.5, "title": 26, "max": 6, "self": 7, "evidence": 32, "findings": 32, "steps": 10,
          "points": 9, "reason": 22, "request": 22, "after": 8, "prev": 7, "prev_reason": 22, "answer": 32}
INPUTS = ("points", "reason", "request")


def steps_text(s: Steps) -> str:
    if s.cents:
        text = render("appraisal_steps_cents", max=s.max_points)
    else:
        text = "; ".join(vn.points(v) for v in s.values)
    return text + (render("appraisal_steps_na") if s.not_applicable else "")


def number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def points_shown(points: Decimal | None, item: ItemResult) -> Any:
    """Points as the sheet shows them: a number, «Không áp dụng», or blank (no survey result yet)."""
    if points is None:
        return render("appraisal_na_value")
    if item.scored_by == "survey" and item.status == "missing_data":
        return None
    return number(points)


# --------------------------------------------------------------------------- writing


def build(cycle: Cycle, rnd: RoundRow, unit_ids: list[int], office: Office, issuer: str) -> bytes:
    """The round's workbook for these units (nothing written to disk)."""
    number_ = rnd.number
    rs = cycle.loaded.ruleset
    wb = Workbook()
    overview = wb.active
    overview.title = OVERVIEW
    taken = {OVERVIEW.casefold(), book.META_SHEET.casefold()}
    sheets: list[tuple[str, UnitFinal, Any]] = []
    meta: list[tuple[str, str]] = [
        ("template", TEMPLATE), ("template_version", TEMPLATE_VERSION), ("kind", "round"), ("round", str(number_)),
        ("round_id", str(rnd.id)), ("round_created", audit.canonical(rnd.created_at)), ("ruleset_id", rs.id),
        ("ruleset_version", rs.version), ("ruleset_hash", cycle.loaded.hash), ("year", str(cycle.year)),
        ("generated_at", dt.datetime.now().replace(microsecond=0).isoformat()),
        ("cols", json.dumps(COLUMNS[number_], sort_keys=True)),
        ("items", ",".join(i.id for i in rs.items())),
    ]
    for n, uid in enumerate(unit_ids, start=1):
        cu = cycle.unit(uid)
        final = cycle.final(uid, through=number_ - 1)
        title = book.sheet_title(n, cu.unit.name, taken)
        ws = wb.create_sheet(title)
        total = _unit_sheet(ws, cycle, number_, cu, final, office, issuer)
        sheets.append((title, final, total))
        meta.append((f"sheet:{n}", json.dumps({"sheet": title, "unit_id": uid, "unit": cu.unit.name,
                                                "submission": cu.submission_id}, ensure_ascii=False,
                                               sort_keys=True)))
    meta.append(("sheets", str(len(unit_ids))))
    _overview(overview, cycle, number_, sheets, office, issuer)
    data = dict(meta)
    meta.append(("seal", seal(rnd.secret, data)))
    book.write_meta(wb, meta)
    wb.active = 0
    return book.finish(wb, render("appraisal_book_title", year=cycle.year, round=number_))


def _heading(ws: Worksheet, last: str, title: str, subtitles: tuple[str, ...], office: Office, issuer: str) -> int:
    heading = form.Heading(unit=issuer, agency=office.agency, place=office.place, title=title, subtitles=subtitles)
    return form.write_heading(ws, "B", last, heading, row=1)


def _unit_sheet(ws: Worksheet, cycle: Cycle, number_: int, cu: Any, final: UnitFinal, office: Office,
                issuer: str) -> tuple[str, int, int]:
    c = COLUMNS[number_]
    for role, letter in c.items():
        ws.column_dimensions[letter].width = WIDTHS[role]
    ws.column_dimensions["A"].hidden = True
    last = c["after"]
    rs = cycle.loaded.ruleset
    result = final.result
    row = _heading(ws, last, render("appraisal_book_title", year=cycle.year, round=number_),
                   (render("appraisal_book_unit_subtitle", unit=cu.unit.name, round=number_),
                    render("survey_book_subtitle", title=rs.title, id=rs.id, version=rs.version)), office, issuer)
    # who and what is appraised
    info = [
        (f"unit:{cu.unit.id}", render("appraisal_info_unit"), cu.unit.name),
        ("submission", render("appraisal_info_submission"),
         render("appraisal_info_submission_value", id=cu.submission_id, file=cu.file_name,
                received=cu.received_at.astimezone().strftime("%d/%m/%Y"))),
        ("self", render("appraisal_info_self"), _totals_text(result.total, result.max_points, result.index,
                                                              result.classification, result.provisional)),
    ]
    if number_ == 2:
        s = final.score.totals
        info.append(("after1", render("appraisal_info_after1"),
                     _totals_text(s.total, s.max_points, s.index, final.score.classification, s.provisional)))
    for key, label, value in info:
        ws[f"A{row}"] = key
        book.cell(ws, f"B{row}", label, bold=True, boxed=False)
        ws.merge_cells(f"B{row}:D{row}")
        book.cell(ws, f"E{row}", value, bold=key.startswith("unit:"), boxed=False)
        ws.merge_cells(f"E{row}:{last}{row}")
        ws.row_dimensions[row].height = 18
        row += 1
    ws[f"A{row}"] = "signer"
    book.cell(ws, f"B{row}", render("appraisal_info_signer"), bold=True, boxed=False)
    ws.merge_cells(f"B{row}:D{row}")
    signer = ws[f"E{row}"]
    book.input_cell(signer)
    ws.merge_cells(f"E{row}:G{row}")
    ws.row_dimensions[row].height = 18
    row += 1
    ws.merge_cells(f"B{row}:{last}{row}")
    book.cell(ws, f"B{row}", render(f"appraisal_book_hint_{number_}"), italic=True, size=9, boxed=False)
    ws.row_dimensions[row].height = 40
    head = row + 1
    ws[f"A{head}"] = "header"
    book.header(ws, head, {c[role]: render(f"appraisal_col_{number_}_{role}") for role in c if role != "key"},
                height=60)
    row = head + 1

    by_id = {i.item.id: i for i in final.items}
    items = {i.id: i for i in rs.items()}
    first_item = row
    current_group: str | None = "—"
    after_cells: list[str] = []
    for it in result.items:
        group = it.component
        if group != current_group:
            current_group = group
            title = next((f"{comp.id}. {comp.title}" for comp in rs.components if comp.id == group),
                         render("appraisal_group_adjustments"))
            ws[f"A{row}"] = f"grp:{group or 'adj'}"
            for letter in c.values():
                if letter == "A":
                    continue
                cell = ws[f"{letter}{row}"]
                cell.fill = fill(styles.COMPONENT_FILL)
                cell.border = book.BOX
            book.cell(ws, f"B{row}", title, bold=True, colour=styles.COMPONENT_FILL)
            ws.merge_cells(f"B{row}:{last}{row}")
            row += 1
        f = by_id[it.id]
        _item_row(ws, row, number_, c, f, items[it.id], result)
        after_cells.append(f"{c['after']}{row}")
        row += 1
    last_item = row - 1
    cap = number(rs.totals.total)
    ws[f"A{row}"] = "total"
    ws.merge_cells(f"B{row}:{c['self'] if number_ == 1 else c['prev']}{row}")
    book.cell(ws, f"B{row}", render("appraisal_total_label"), bold=True, colour=styles.TOTAL_FILL)
    total_cell = f"{last}{row}"
    book.cell(ws, total_cell, book.Formula(f"=MIN({cap},MAX(0,SUM({c['after']}{first_item}:{c['after']}{last_item})))"),
              bold=True, align="center", colour=styles.TOTAL_FILL)
    note_first = chr(ord(c["self"] if number_ == 1 else c["prev"]) + 1)
    note_last = chr(ord(last) - 1)
    ws.merge_cells(f"{note_first}{row}:{note_last}{row}")
    book.cell(ws, f"{note_first}{row}", render("appraisal_total_note"), italic=True, size=9,
              colour=styles.TOTAL_FILL)
    ws.row_dimensions[row].height = 30
    end = form.write_signature(ws, "B", last, row + 1, signers=(
        (render("appraisal_signer_left"), render("survey_sign_hint")),
        (render("appraisal_signer_right"), render("survey_sign_hint"))))
    ws.freeze_panes = f"D{head + 1}"
    form.print_setup(ws, landscape=True, title_rows=f"{head}:{head}")
    ws.print_area = f"B1:{last}{end - 1}"
    form.set_header_footer(ws.oddFooter, left=render("appraisal_footer", year=cycle.year, round=number_,
                                                     unit=cu.unit.name), right="Trang &P/&N")
    keep_together(ws, key_col="A", first_col="B", last_col=last, title_rows=(head, head), first_row=head + 1)
    book.protect(ws)
    return total_cell, first_item, last_item


def _totals_text(total: Decimal, max_points: Decimal, index: Decimal, classification: str, provisional: bool) -> str:
    text = render("appraisal_totals", total=total, max=max_points, index=index, classification=classification)
    return text + (render("appraisal_totals_provisional") if provisional else "")


def _item_row(ws: Worksheet, row: int, number_: int, c: dict[str, str], f: Any, item: Any, result: Result) -> None:
    it: ItemResult = f.item
    survey = it.scored_by == "survey"
    penalty = it.effect == "penalty"
    s = steps_of(item)
    ws[f"{c['key']}{row}"] = it.id
    book.cell(ws, f"{c['code']}{row}", it.id, bold=True, align="center")
    title = it.title + (render("appraisal_penalty_note") if penalty else "")
    book.cell(ws, f"{c['title']}{row}", title)
    book.cell(ws, f"{c['max']}{row}", number(it.max_points), align="center")
    self_shown = points_shown(f.self_points, it)
    book.cell(ws, f"{c['self']}{row}", self_shown if self_shown is not None else render("appraisal_survey_pending"),
              align="center", bold=True)
    heights = [(ws[f"{c['title']}{row}"].value, WIDTHS["title"], 10)]
    if number_ == 1:
        evidence = limits.cell_text(evidence_text(result, it.id))
        findings = limits.cell_text(findings_text(result, it.id))
        book.cell(ws, f"{c['evidence']}{row}", evidence, size=9)
        book.cell(ws, f"{c['findings']}{row}", findings, size=9)
        heights += [(evidence, WIDTHS["evidence"], 9), (findings, WIDTHS["findings"], 9)]
    else:
        prev = points_shown(f.after_round1, it)
        book.cell(ws, f"{c['prev']}{row}", prev if prev is not None else render("appraisal_survey_pending"),
                  align="center", bold=True)
        r1 = f.round1
        reason = (r1.reason or "") if r1 is not None else ""
        request = (r1.request or "") if r1 is not None else ""
        answer = answer_text(f.answer)
        book.cell(ws, f"{c['prev_reason']}{row}", reason, size=9)
        book.cell(ws, f"{c['request']}{row}", request, size=9)
        book.cell(ws, f"{c['answer']}{row}", answer, size=9)
        heights += [(reason, WIDTHS["prev_reason"], 9), (request, WIDTHS["request"], 9),
                    (answer, WIDTHS["answer"], 9)]
        if request or answer or f.adjusted:
            colour = styles.SEVERITY_FILL["warning"] if request else styles.SEVERITY_FILL["info"]
            for role in ("code", "title", "prev", "prev_reason", "request", "answer"):
                cell = ws[f"{c[role]}{row}"]
                book.cell(ws, cell.coordinate, cell.value, size=cell.font.sz or 10, bold=bool(cell.font.b),
                          align=cell.alignment.horizontal or "left", colour=colour)
    book.cell(ws, f"{c['steps']}{row}", render("appraisal_survey_steps") if survey else steps_text(s), size=9,
              align="center")
    points = ws[f"{c['points']}{row}"]
    if survey:
        book.cell(ws, points.coordinate, None, colour=styles.SURVEY_FILL)
        for role in ("reason",) + (("request",) if number_ == 1 else ()):
            book.cell(ws, f"{c[role]}{row}", None, colour=styles.SURVEY_FILL)
    else:
        book.input_cell(points, number_format="General", align="center", bold=True)
        for role in ("reason",) + (("request",) if number_ == 1 else ()):
            book.input_cell(ws[f"{c[role]}{row}"], size=9)
        ws.add_data_validation(_validation(points.coordinate, s))
    base = c["self"] if number_ == 1 else c["prev"]
    p, b = points.coordinate, f"{base}{row}"
    value = f'IF(LEN({p})=0,IF(ISNUMBER({b}),{b},0),IF(ISNUMBER({p}),{p},0))'
    book.cell(ws, f"{c['after']}{row}", book.Formula(f"={'-' if penalty else ''}{value}"), align="center",
              colour=styles.CRITERION_FILL)
    lines = max(text_lines(str(text or ""), width, size) * size / 10 for text, width, size in heights)
    ws.row_dimensions[row].height = min(409, height_for(max(1, round(lines + 0.49)), 10))


def _validation(address: str, s: Steps) -> DataValidation:
    x = address
    if s.cents:
        numeric = f"AND(ISNUMBER({x}),{x}>=0,{x}<={_f(s.max_points)},ABS({x}*100-ROUND({x}*100,0))<0.000001)"
    else:
        numeric = f"AND(ISNUMBER({x}),OR({','.join(f'{x}={_f(v)}' for v in s.values)}))"
    formula = f'OR({numeric},TRIM({x})="{render("appraisal_na_value")}")' if s.not_applicable else numeric
    allowed = steps_text(s)
    dv = DataValidation(type="custom", formula1=formula, allow_blank=True, showInputMessage=True,
                        showErrorMessage=True, errorStyle="stop",
                        promptTitle=render("appraisal_prompt_title")[:32],
                        prompt=render("appraisal_prompt", steps=allowed)[:250],
                        errorTitle=render("appraisal_error_title")[:32],
                        error=render("appraisal_error", steps=allowed)[:220])
    dv.add(address)
    return dv


def _f(d: Decimal) -> str:
    return format(d.normalize(), "f")


def evidence_text(result: Result, item_id: str) -> str:
    """The values, documents and explanation the unit gave for an item, one per line."""
    lines = []
    step = result.step(item_id)
    for inp in step.inputs:
        shown = input_text(inp) if inp.read != "blank" else render("appraisal_value_blank")
        where = ""
        if inp.cell is not None:
            where = (render("appraisal_value_cell", cell=inp.cell.cell) if inp.cell.file is None
                     else render("appraisal_value_file_cell", file=Path(inp.cell.file).name, cell=inp.cell.cell))
        lines.append(f"• {inp.label}: {shown}{where}")
    ev = result.evidence.items.get(item_id)
    if ev is not None:
        docs = [str(d.value) for d in ev.documents if d.value not in (None, "")]
        if docs:
            lines.append(render("appraisal_documents"))
            lines += [f"  – {d}" for d in docs]
        if ev.explanation is not None and ev.explanation.value not in (None, ""):
            lines.append(render("appraisal_explanation", text=str(ev.explanation.value)))
        if ev.not_applicable is not None and ev.not_applicable.value not in (None, "", False):
            lines.append(render("appraisal_declared_na"))
    return "\n".join(lines)


def findings_text(result: Result, item_id: str) -> str:
    lines = []
    for f in result.findings:
        if f.item != item_id:
            continue
        lines.append(f"[{SEVERITY[f.severity]}] {finding_text(f)}")
        recovery = recovery_text(f)
        if recovery:
            lines.append(f"→ {recovery}")
    return "\n".join(lines)


def answer_text(answer: Any) -> str:
    if answer is None:
        return ""
    parts = []
    if answer.answer:
        parts.append(answer.answer)
    if answer.documents:
        parts.append(render("appraisal_added_documents"))
        parts += [f"  – {d}" for d in answer.documents.split("\n") if d.strip()]
    return "\n".join(parts)


def _overview(ws: Worksheet, cycle: Cycle, number_: int, sheets: list[tuple[str, UnitFinal, Any]], office: Office,
              issuer: str) -> None:
    cols = ["B", "C", "D", "E", "F", "G", "H", "I", "J"]
    widths = [5, 34, 18, 10, 10, 12, 11, 11, 12]
    for letter, width in zip(cols, widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].width = 2
    last = cols[-1]
    rs = cycle.loaded.ruleset
    row = _heading(ws, last, render("appraisal_overview_title", year=cycle.year, round=number_),
                   (render("survey_book_subtitle", title=rs.title, id=rs.id, version=rs.version),), office, issuer)
    for line in render(f"appraisal_overview_guide_{number_}").split("\n"):
        ws.merge_cells(f"B{row}:{last}{row}")
        book.cell(ws, f"B{row}", line, size=10, boxed=False)
        ws.row_dimensions[row].height = height_for(text_lines(line, sum(widths), 10), 10)
        row += 1
    head = row + 1
    book.header(ws, head, {col: render(f"appraisal_overview_col_{number_}_{n}") for n, col in enumerate(cols)},
                height=54)
    c = COLUMNS[number_]
    base_col = c["self"] if number_ == 1 else c["prev"]
    for n, (title, final, (total_cell, top, bottom)) in enumerate(sheets, start=1):
        r = head + n
        quoted = "'" + title.replace("'", "''") + "'"
        pts = f"{quoted}!{c['points']}{top}:{c['points']}{bottom}"
        base = f"{quoted}!{base_col}{top}:{base_col}{bottom}"
        res = final.result
        s = final.score
        if number_ == 1:
            middle = [number(res.index), res.classification,
                      book.Formula(f"=COUNTA({quoted}!{c['request']}{top}:{c['request']}{bottom})")]
        else:
            middle = [number(s.totals.total), s.classification, len(final.requests)]
        values = [n, final.unit_name, title, number(res.total), middle[0], middle[1],
                  book.Formula(f"=SUMPRODUCT((LEN({pts})>0)*({pts}<>{base}))"), middle[2],
                  book.Formula(f"={quoted}!{total_cell}")]
        for col, value in zip(cols, values, strict=True):
            book.cell(ws, f"{col}{r}", value, align="left" if col in ("C", "D") else "center")
        ws.row_dimensions[r].height = 30
    end = head + len(sheets) + 1
    form.write_signature(ws, "B", last, end, signers=(
        (render("appraisal_signer_left"), render("survey_sign_hint")),
        (render("appraisal_signer_right"), render("survey_sign_hint"))))
    form.print_setup(ws, landscape=True, title_rows=f"{head}:{head}")
    ws.freeze_panes = f"D{head + 1}"
    book.protect(ws)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class SheetRead:
    unit_id: int
    unit: str
    submission_id: int
    sheet: str
    signer: str | None
    entries: list[EntryIn]


@dataclass(frozen=True)
class RoundRead:
    path: Path
    sha256: str
    code: str
    year: int
    round: int
    round_id: int
    sheets: list[SheetRead]


def read_meta(path: Path) -> tuple[book.Book, dict[str, str]]:
    b = book.read_book(path)
    meta = book.read_meta(b, TEMPLATE)
    for key in ("round", "round_id", "year", "ruleset_id", "ruleset_hash", "seal", "sheets"):
        if not meta.get(key):
            raise AppraisalError("cycle_workbook_tampered", path=str(path))
    if meta["round"] not in ("1", "2") or not all(meta[k].isdigit() for k in ("year", "round_id", "sheets")):
        raise AppraisalError("cycle_workbook_tampered", path=str(path))
    return b, meta


def check_seal(path: Path, meta: dict[str, str], rnd: RoundRow | None) -> RoundRow:
    """The round the workbook was made for, in this store, and its seal intact."""
    if rnd is None or str(rnd.id) != meta.get("round_id") or audit.canonical(rnd.created_at) != meta.get(
            "round_created"):
        raise AppraisalError("cycle_workbook_other_store", path=str(path), round=meta.get("round", "?"),
                             ruleset=meta.get("ruleset_id", "?"), year=meta.get("year", "?"))
    if not intact(rnd.secret, meta):
        raise AppraisalError("cycle_workbook_tampered", path=str(path))
    return rnd


def read(b: book.Book, meta: dict[str, str], cycle: Cycle, rnd: RoundRow) -> RoundRead:
    """Every unit sheet's entries, checked against the items' steps; refused whole on any problem."""
    path = b.path
    number_ = rnd.number
    if meta.get("ruleset_hash") != cycle.loaded.hash:
        raise AppraisalError("cycle_workbook_other_ruleset", path=str(path))
    c = json.loads(meta.get("cols", "{}")) or COLUMNS[number_]
    problems = Problems(str(path))
    items = {i.id: i for i in cycle.loaded.ruleset.items()}
    sheets: list[SheetRead] = []
    for n in range(1, int(meta["sheets"]) + 1):
        try:
            info = json.loads(meta[f"sheet:{n}"])
            title, uid, made = str(info["sheet"]), int(info["unit_id"]), int(info["submission"])
        except (KeyError, ValueError, TypeError):
            raise AppraisalError("cycle_workbook_tampered", path=str(path)) from None
        grid = b.sheet(title)
        if grid is None:
            raise AppraisalError("cycle_sheet_missing", path=str(path), sheet=title)
        k = book.keys(grid)
        unit_keys = [key for key in k if key.startswith("unit:")]
        if unit_keys != [f"unit:{uid}"]:
            other = unit_keys[0][5:] if unit_keys else "?"
            named = next((u.unit.name for u in cycle.units if str(u.unit.id) == other), other)
            raise AppraisalError("appraisal_wrong_unit_sheet", path=str(path), sheet=title,
                                 unit=str(info.get("unit", "?")), other=named)
        cu = next((u for u in cycle.units if u.unit.id == uid), None)
        if cu is None:
            raise AppraisalError("appraisal_unit_gone", path=str(path), sheet=title, unit=str(info.get("unit", "?")))
        if cu.submission_id != made:
            raise AppraisalError("appraisal_unit_resubmitted", path=str(path), sheet=title, unit=cu.unit.name,
                                 made=made, current=cu.submission_id)
        final = cycle.final(uid, through=number_ - 1)
        by_item = {f.item.id: f for f in final.items}
        signer = book.text_at(grid, k["signer"], "E") if "signer" in k else None
        entries = []
        for item_id in meta.get("items", "").split(","):
            if item_id not in items:
                continue
            r = k.get(item_id)
            if r is None:
                problems.add("appraisal_row_missing", sheet=title, item=item_id)
                continue
            entry = _entry(grid, title, r, c, by_item[item_id], items[item_id], number_, problems)
            if entry is not None:
                entries.append(entry)
        sheets.append(SheetRead(uid, cu.unit.name, cu.submission_id, title, _clean(signer, problems, title,
                                                                                  f"E{k.get('signer', 0)}"), entries))
    problems.check()
    return RoundRead(path, b.sha256, cycle.code, cycle.year, number_, rnd.id, sheets)


def _clean(text: str | None, problems: Problems, sheet: str, cell: str) -> str | None:
    if text is None:
        return None
    if len(text) > TEXT_MAX:
        problems.add("appraisal_text_too_long", sheet=sheet, cell=cell, limit=TEXT_MAX)
        return None
    return text


def _entry(grid: book.Grid, sheet: str, r: int, c: dict[str, str], f: Any, item: Any, number_: int,
           problems: Problems) -> EntryIn | None:
    it: ItemResult = f.item
    address = f"{c['points']}{r}"
    raw = book.at(grid, r, c["points"])
    reason = _clean(book.text_at(grid, r, c["reason"]), problems, sheet, f"{c['reason']}{r}")
    request = _clean(book.text_at(grid, r, c["request"]), problems, sheet, f"{c['request']}{r}") \
        if number_ == 1 else None
    if it.scored_by == "survey":
        if raw is not None or reason or request:
            problems.add("appraisal_survey_not_appraised", sheet=sheet, cell=address, item=it.id)
        return None
    # the self-assessed points shown must still be those recorded (a locked cell edited is a tampered sheet)
    shown = book.at(grid, r, c["self"])
    expected = f.self_points
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        if expected is None or Decimal(repr(float(shown))) != expected:
            problems.add("appraisal_self_changed", sheet=sheet, cell=f"{c['self']}{r}", item=it.id,
                         shown=Decimal(repr(float(shown))), recorded=_shown(expected))
    elif expected is not None and not (it.scored_by == "survey"):
        problems.add("appraisal_self_changed", sheet=sheet, cell=f"{c['self']}{r}", item=it.id,
                     shown=str(shown or ""), recorded=_shown(expected))
    points: Decimal | None = None
    na = False
    if raw is not None:
        s = steps_of(item)
        if book.is_formula(raw):
            problems.add("cycle_formula_without_value", sheet=sheet, cell=address, formula=str(raw)[:60])
            return None
        if isinstance(raw, str) and is_not_applicable(raw):
            if not s.not_applicable:
                problems.add("appraisal_na_not_allowed", sheet=sheet, cell=address, item=it.id, steps=steps_text(s))
                return None
            na = True
        else:
            try:
                if isinstance(raw, bool):
                    raise ValueProblem("not_a_number", value=str(raw))
                value = Decimal(repr(float(raw))) if isinstance(raw, float) else parse_decimal(raw)
            except ValueProblem:
                problems.add("appraisal_not_points", sheet=sheet, cell=address, item=it.id, value=str(raw)[:60],
                             steps=steps_text(s))
                return None
            value = value.normalize() if value != value.to_integral_value() else Decimal(int(value))
            if value > s.max_points:
                problems.add("appraisal_above_max", sheet=sheet, cell=address, item=it.id, value=value,
                             max=s.max_points)
                return None
            if not s.allows(value):
                problems.add("appraisal_off_steps", sheet=sheet, cell=address, item=it.id, value=value,
                             steps=steps_text(s))
                return None
            points = value
    before = f.self_points if number_ == 1 else f.after_round1
    changed = (na and before is not None) or (points is not None and points != before)
    if changed and not reason:
        problems.add("appraisal_reason_missing", sheet=sheet, cell=f"{c['reason']}{r}", item=it.id,
                     points=render("appraisal_na_value") if na else vn.points(points),  # type: ignore[arg-type]
                     before=_shown(before))
    if points is None and not na and not reason and not request:
        return None
    return EntryIn(it.id, points, na, reason, request, sheet, address)


def _shown(points: Decimal | None) -> str:
    return render("appraisal_na_value") if points is None else vn.points(points)

"""The appraisal in the consolidated report (issue 10), as more columns and sheets of data for
the same writers: «Xếp hạng» gains the points self-assessed with the survey results, after round
1, after round 2 and final, the difference, the final index, class and rank; «Thẩm định theo lĩnh
vực» gives each unit's difference per field; «Điều chỉnh khi thẩm định» lists every item the
team adjusted or asked about, with its reason, the request and the unit's answer.

The numbers come from the store (`scoring.appraisal.report`): the office's survey results and
the rounds imported so far, final points recomputed by the engine. A unit is matched by its name
as its file writes it (case, diacritics and spacing ignored).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from ..appraisal.report import AppraisalReport
from ..messages import render
from ..values import fold
from .consolidate import Consolidation
from .tables import Column, Formula, Sheet, Table, average


def _t(code: str, **params: Any) -> str:
    return render(code, **params)


def ranking_columns(rep: AppraisalReport) -> list[Column]:
    cols = [Column("ap_self", _t("office_col_ap_self"), 10, "points")]
    if 1 in rep.rounds:
        cols.append(Column("ap_round1", _t("office_col_ap_round1"), 9, "points"))
    if 2 in rep.rounds:
        cols.append(Column("ap_round2", _t("office_col_ap_round2"), 9, "points"))
    cols += [Column("ap_final", _t("office_col_ap_final"), 9, "points"),
             Column("ap_difference", _t("office_col_ap_difference"), 9, "points"),
             Column("ap_index", _t("office_col_ap_index"), 9, "percent"),
             Column("ap_class", _t("office_col_ap_class"), 11),
             Column("ap_rank", _t("office_col_ap_rank"), 7, "int")]
    return cols


def extend_ranking(sheet: Sheet, c: Consolidation, rep: AppraisalReport) -> Sheet:
    """«Xếp hạng» with the appraisal's columns (before the file column) and their values, its
    rows in the order of the rank after appraisal (the ranking the office publishes), the
    self-assessment's rank kept in the first column under its own name."""
    table = sheet.tables[0]
    extra = ranking_columns(rep)
    at = next((i for i, col in enumerate(table.columns) if col.key == "file"), len(table.columns))
    table.columns[at:at] = extra
    units = [rep.unit(r.unit.unit) for r in c.ranked]
    listed = [u.final_index for u in units if u is not None]
    for row, u in zip(table.rows, units, strict=True):
        if u is None:
            continue
        row.update({
            "ap_self": u.self_total, "ap_round1": u.round1_total, "ap_round2": u.round2_total, "ap_final": u.final_total,
            "ap_difference": Formula("={col:ap_final}{row}-{col:ap_self}{row}", u.difference),
            "ap_index": u.final_index, "ap_class": u.final_class,
            "ap_rank": Formula("=RANK({col:ap_index}{row},{col:ap_index}${top}:{col:ap_index}${bottom})",
                               1 + sum(1 for x in listed if x > u.final_index)),
        })
    found = [u for u in units if u is not None]
    if table.footer and found:
        avg = table.footer[0]
        for key, values in (("ap_self", [u.self_total for u in found]), ("ap_final", [u.final_total for u in found]),
                            ("ap_index", [u.final_index for u in found])):
            avg[key] = Formula("=ROUND(AVERAGE({this}{top}:{this}{bottom}),2)", average(values))
    if not found:
        return sheet
    order = {id(row): n for n, row in enumerate(table.rows)}
    table.rows.sort(key=lambda row: (row.get("ap_rank") is None, _value(row.get("ap_rank")), order[id(row)]))
    table.columns = [dataclasses.replace(col, header=_t("office_col_self_rank")) if col.key == "rank" else col
                     for col in table.columns]
    return dataclasses.replace(sheet, subtitles=sheet.subtitles + (_t("office_subtitle_ap_order"),))


def _value(cell: Any) -> Any:
    """A cell's value: a formula's computed value, or the value itself."""
    return cell.value if isinstance(cell, Formula) else cell


def fields_sheet(c: Consolidation, rep: AppraisalReport) -> Sheet:
    """Units × fields: the final points minus the self-assessed, then bonus, penalty and the total."""
    comps = list(c.ruleset.ruleset.components) if c.ruleset is not None else []
    columns = [Column("rank", _t("office_col_ap_rank"), 6, "int"), Column("unit", _t("office_col_unit"), 30, "wrap")]
    columns += [Column(f"f{comp.id}", f"{comp.id}. {comp.title}", 10, "points") for comp in comps]
    columns += [Column("bonus", _t("office_col_bonus"), 8, "points"),
                Column("penalty", _t("office_col_penalty"), 8, "points"),
                Column("total", _t("office_col_ap_difference"), 10, "points")]
    keys = [f"f{comp.id}" for comp in comps]
    total = "=" + "+".join(f"{{col:{k}}}{{row}}" for k in keys + ["bonus"]) + "-{col:penalty}{row}"
    rows = []
    listed = _ranked_names(c)
    for u in sorted(rep.units, key=lambda u: (u.final_rank, u.unit)):
        if fold(u.unit) not in listed:
            continue
        row: dict[str, Any] = {"rank": u.final_rank, "unit": u.unit}
        diffs = {f.id: f.difference for f in u.fields}
        for comp in comps:
            row[f"f{comp.id}"] = diffs.get(comp.id, Decimal(0))
        row["bonus"] = u.bonus[1] - u.bonus[0]
        row["penalty"] = u.penalty[1] - u.penalty[0]
        row["total"] = Formula(total, sum((row[k] for k in keys), Decimal(0)) + row["bonus"] - row["penalty"])
        rows.append(row)
    table = Table("tham-dinh-linh-vuc", columns, rows)
    return Sheet(_t("office_sheet_ap_fields"), _t("office_title_ap_fields", year=c.year or ""), [table],
                 subtitles=(_t("office_subtitle_ap_fields"),), signature=True)


def adjustments_sheet(c: Consolidation, rep: AppraisalReport) -> Sheet:
    columns = [
        Column("unit", _t("office_col_unit"), 22, "wrap"),
        Column("item", _t("office_col_item"), 7),
        Column("item_title", _t("office_col_item_title"), 28, "wrap"),
        Column("component", _t("office_col_component"), 7),
        Column("max", _t("office_col_ap_max"), 7, "points"),
        Column("self", _t("office_col_ap_item_self"), 8, "points"),
        Column("round1", _t("office_col_ap_round1"), 8, "points"),
        Column("round2", _t("office_col_ap_round2"), 8, "points"),
        Column("final", _t("office_col_ap_final"), 8, "points"),
        Column("reason", _t("office_col_ap_reason"), 30, "wrap"),
        Column("request", _t("office_col_ap_request"), 26, "wrap"),
        Column("answer", _t("office_col_ap_answer"), 30, "wrap"),
    ]
    na = _t("office_ap_na")
    listed = _ranked_names(c)
    rows = []
    for a in rep.adjustments:
        if fold(a.unit) not in listed:
            continue
        rows.append({
            "unit": a.unit, "item": a.item, "item_title": a.title, "component": a.component, "max": a.max_points,
            "self": na if a.self_points is None else a.self_points,
            "round1": (na if a.round1 is None else a.round1) if a.round1_given else None,
            "round2": (na if a.round2 is None else a.round2) if a.round2_given else None,
            "final": na if a.final is None else a.final, "reason": a.reason, "request": a.request,
            "answer": a.answer,
        })
    table = Table("dieu-chinh", columns, rows, autofilter=True)
    return Sheet(_t("office_sheet_ap_adjusted"), _t("office_title_ap_adjusted", year=c.year or ""), [table],
                 subtitles=(_t("office_subtitle_ap_adjusted", rounds=_rounds_text(rep)),), signature=True)


def _ranked_names(c: Consolidation) -> set[str]:
    """The ranked units' names as the store matches them (case, diacritics and spacing ignored)."""
    return {fold(r.unit.unit) for r in c.ranked}


def _rounds_text(rep: AppraisalReport) -> str:
    if not rep.rounds:
        return _t("office_ap_no_rounds")
    return "; ".join(_t("office_ap_round_locked" if locked else "office_ap_round_open", round=n)
                     for n, locked in sorted(rep.rounds.items()))

"""The cycle's answers for the terminal: survey results per unit, what an import changed, the
ranking at a lock, where a year stands. Every word comes from `messages.CATALOGUE`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .. import vn
from ..messages import render

if TYPE_CHECKING:
    from ..appraisal.cycle import Cycle
    from ..appraisal.final import UnitFinal
    from ..appraisal.service import RoundImported


def _when(value: Any) -> str:
    return value.astimezone().strftime("%d/%m/%Y %H:%M")


def _table(*columns: tuple[str, str]) -> Table:
    table = Table(show_lines=False, pad_edge=False)
    for header, justify in columns:
        table.add_column(render(header), justify=justify, no_wrap=header == "cli_col_rank")  # type: ignore[arg-type]
    return table


def survey_table(cycle: Cycle) -> Table:
    """Each unit's survey points, total and index once the survey results count."""
    table = _table(("cli_col_unit", "left"), ("cli_col_survey", "right"), ("cli_col_total", "right"),
                   ("cli_col_index", "right"), ("cli_col_class", "left"), ("cli_col_provisional", "left"))
    for u in cycle.units:
        r = cycle.result(u.unit.id)
        table.add_row(u.unit.name, f"{vn.points(r.survey_points)} / {vn.points(r.survey_max)}",
                      f"{vn.points(r.total)} / {vn.points(r.max_points)}", vn.percent(r.index), r.classification,
                      render("store_yes") if r.provisional else render("store_no"))
    return table


def import_table(done: RoundImported) -> Table:
    table = _table(("cli_col_unit", "left"), ("cli_col_signer", "left"), ("cli_col_adjusted", "right"),
                   ("cli_col_requests", "right"), ("cli_col_total_change", "right"), ("cli_col_index", "right"),
                   ("cli_col_class", "left"))
    for sheet, final in done.finals():
        s = final.score
        # what this round changed: points given that differ from the points before it
        before = {i.item.id: (i.self_points if done.round.number == 1 else i.after_round1) for i in final.items}
        changed = [i for i in final.items if i.source == f"round{done.round.number}" and i.points != before[i.item.id]]
        requests = [e for e in sheet.entries if e.request]
        table.add_row(final.unit_name, sheet.signer or "—", str(len(changed)), str(len(requests)),
                      render("cli_total_change", before=final.result.total, after=s.totals.total),
                      vn.percent(s.totals.index), s.classification)
    return table


def ranking_table(cycle: Cycle, ranked: list[tuple[int, UnitFinal]], through: int) -> Table:
    table = _table(("cli_col_rank", "right"), ("cli_col_unit", "left"), ("cli_col_self_total", "right"),
                   ("cli_col_final_total", "right"), ("cli_col_index", "right"), ("cli_col_class", "left"),
                   ("cli_col_adjusted", "right"), ("cli_col_provisional", "left"))
    for rank, f in ranked:
        t = f.score.totals
        table.add_row(str(rank), f.unit_name, vn.points(f.result.total), f"{vn.points(t.total)} / {vn.points(t.max_points)}",
                      vn.percent(t.index), f.score.classification, str(len(f.adjusted)),
                      render("store_yes") if t.provisional else render("store_no"))
    return table


def status_report(cycle: Cycle) -> Group:
    rs = cycle.loaded.ruleset
    parts: list[Any] = [Text(render("cli_status_title", year=cycle.year, ruleset=rs.id, version=rs.version,
                                    units=len(cycle.units)), style="bold")]
    with_rates = sum(1 for u in cycle.units if cycle.rates.get(u.unit.id))
    imports = sorted({r.import_id for rates in cycle.rates.values() for r in rates.values()})
    if imports:
        last = max(r.imported_at for rates in cycle.rates.values() for r in rates.values())
        parts.append(Text("  " + render("cli_status_survey", units=with_rates, total=len(cycle.units),
                                        imports=len(imports), last=_when(last))))
    else:
        parts.append(Text("  " + render("cli_status_no_survey")))
    for number in (1, 2):
        rnd = cycle.round(number)
        if rnd is None:
            parts.append(Text("  " + render("cli_status_round_none", round=number)))
        elif rnd.locked:
            parts.append(Text("  " + render("cli_status_round_locked", round=number, locked=_when(rnd.locked_at))))
        else:
            done = len(cycle.points.get(number, {}))
            parts.append(Text("  " + render("cli_status_round_open", round=number, done=done,
                                            total=len(cycle.units))))
    if cycle.round(2) is not None:
        asked = sum(1 for u in cycle.units if cycle.final(u.unit.id, through=1).requests)
        parts.append(Text("  " + render("cli_status_answers", answered=len(cycle.answers), asked=asked)))
    through = 2 if cycle.round(2) is not None else 1
    # a round not made yet has no column: the table fits a narrower terminal
    columns = [("cli_col_rank", "right"), ("cli_col_unit", "left"), ("cli_col_self_total", "right"),
               ("cli_col_survey", "right"), ("cli_col_round1", "right"), ("cli_col_round2", "right"),
               ("cli_col_index", "right"), ("cli_col_class", "left"), ("cli_col_adjusted", "right"),
               ("cli_col_requests_answered", "right")]
    shown = [c for c in columns if not (c[0] == "cli_col_round2" and through == 1)]
    table = _table(*shown)
    for rank, f in cycle.finals(through=through):
        after1 = cycle.final(f.unit_id, through=1).score.totals.total
        answered = len(f.answers.answers) if f.answers else 0
        cells = {"cli_col_rank": str(rank), "cli_col_unit": f.unit_name, "cli_col_self_total": vn.points(f.result.total),
                 "cli_col_survey": f"{vn.points(f.result.survey_points)} / {vn.points(f.result.survey_max)}",
                 "cli_col_round1": vn.points(after1) if f.round1 else "—",
                 "cli_col_round2": vn.points(f.score.totals.total) if f.round2 else "—",
                 "cli_col_index": vn.percent(f.score.totals.index) + (" *" if f.score.totals.provisional else ""),
                 "cli_col_class": f.score.classification, "cli_col_adjusted": str(len(f.adjusted)),
                 "cli_col_requests_answered": f"{len(f.requests)} / {answered}"}
        table.add_row(*(cells[key] for key, _ in shown))
    parts.append(table)
    parts.append(Text(render("cli_status_note"), style="dim"))
    return Group(*parts)

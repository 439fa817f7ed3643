"""The store's answers for the terminal: a unit's years side by side, an item explained,
the verification. Every word comes from `messages.CATALOGUE` (codes `store_*`, `verify_*`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .. import vn
from ..messages import (
    KIND,
    SEVERITY,
    STATUS,
    calculation_text,
    finding_text,
    input_text,
    recovery_text,
    render,
    text,
)
from ..store.queries import ItemExplanation, UnitHistory, YearColumn
from ..store.verify import Problem, VerifyReport

#: Problems `verify_cycle` finds (survey results, appraisal rounds), by the word after «verify»:
#: listed under their own heading.
_CYCLE_WORDS = {"survey", "round", "import", "appraisal"}


def _is_cycle(p: Problem) -> bool:
    return p.submission is None and (p.code.split("_")[1] in _CYCLE_WORDS or "_at_lock" in p.code)

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _time(when: dt.datetime) -> str:
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def _short(digest: str) -> str:
    return digest[:19] + "…"


# --------------------------------------------------------------------------- history


def _column_title(col: YearColumn, columns: list[YearColumn]) -> str:
    same_year = sum(1 for c in columns if c.year == col.year) > 1
    return f"{col.year} ({col.ruleset})" if same_year else str(col.year)


def history_report(h: UnitHistory) -> Group:
    parts: list[Any] = [Text(render("store_history_title", unit=h.unit.name), style="bold")]
    if not h.columns:
        parts.append(Text(render("store_history_empty")))
        return Group(*parts)
    table = Table(show_lines=False)
    table.add_column("")
    for col in h.columns:
        table.add_column(_column_title(col, h.columns), justify="right")
    table.add_row(render("store_row_ruleset"), *(f"{c.ruleset} v{c.ruleset_version}" for c in h.columns))
    table.add_row(Text(render("store_row_total"), style="bold"),
                  *(Text(f"{vn.points(c.total)} / {vn.points(c.max_points)}", style="bold") for c in h.columns))
    table.add_row(Text(render("store_row_index"), style="bold"),
                  *(Text(vn.percent(c.index), style="bold") for c in h.columns))
    table.add_row(render("store_row_class"), *(c.classification for c in h.columns))
    table.add_row(render("store_row_provisional"),
                  *(render("store_yes") if c.provisional else render("store_no") for c in h.columns))
    for code, title in h.fields:
        cells = []
        for c in h.columns:
            got = c.fields.get(code)
            cells.append(f"{vn.points(got[1])} / {vn.points(got[2])}" if got else "—")
        table.add_row(f"{code}. {title}", *cells)
    table.add_row(render("store_row_submission"),
                  *(render("store_submission_short", id=c.submission_id, file=c.file_name, received=_time(c.received_at))
                    for c in h.columns))
    table.add_row(render("store_row_count"), *(str(c.submissions) for c in h.columns))
    if h.appraisals:
        found = {(a.year, a.ruleset): a for a in h.appraisals}
        cells = [found.get((c.year, c.ruleset)) for c in h.columns]
        table.add_row(Text(render("store_row_appraised_total"), style="bold"),
                      *(Text(f"{vn.points(a.total)} / {vn.points(a.max_points)}", style="bold") if a else "—"
                        for a in cells))
        table.add_row(Text(render("store_row_appraised_index"), style="bold"),
                      *(Text(vn.percent(a.index), style="bold") if a else "—" for a in cells))
        table.add_row(render("store_row_appraised_class"), *(a.classification if a else "—" for a in cells))
        table.add_row(render("store_row_appraised_rank"),
                      *(render("store_rank", rank=a.rank, units=a.units, round=a.round) if a else "—" for a in cells))
    parts.append(table)
    if len(h.columns) < 2:
        parts.append(Text(render("store_history_one_year")))
    elif not h.changes:
        parts.append(Text(render("store_history_no_changes")))
    else:
        changes = Table(title=render("store_changes_title"), title_justify="left")
        changes.add_column(render("store_col_item"), justify="right")
        changes.add_column(render("store_col_title"))
        for col in h.columns:
            changes.add_column(_column_title(col, h.columns), justify="right")
        changes.add_column(render("store_col_change"), justify="right")
        for ch in h.changes:
            sign = "+" if ch.change > 0 else "−"
            changes.add_row(ch.item, ch.title, *("—" if p is None else vn.points(p) for p in ch.points),
                            Text(render("store_change", sign=sign, points=abs(ch.change), first=ch.between[0],
                                        last=ch.between[1]), style="green" if ch.change > 0 else "red"))
        parts.append(changes)
    if h.adjustments:
        adjusted = Table(title=render("store_adjustments_title"), title_justify="left")
        for header, justify in (("store_col_year", "right"), ("store_col_item", "right"), ("store_col_title", "left"),
                                ("store_col_self", "right"), ("store_col_first_round", "right"),
                                ("store_col_second_round", "right"), ("store_col_reason", "left")):
            adjusted.add_column(render(header), justify=justify)  # type: ignore[arg-type]
        for a in h.adjustments:
            reason = next((e.reason for e in (a.round2, a.round1) if e is not None and e.reason), "")
            request = a.round1.request if a.round1 is not None and a.round1.request else ""
            adjusted.add_row(str(a.year), a.item, a.title, _shown(a.self_points), _entry_points(a.round1),
                             _entry_points(a.round2),
                             reason + (("\n" if reason else "") + render("store_request_short", request=request)
                                       if request else ""))
        parts.append(adjusted)
    return Group(*parts)


def _entry_points(entry: Any) -> str:
    if entry is None or (entry.points is None and not entry.not_applicable):
        return "—"
    return _shown(None if entry.not_applicable else entry.points)


# --------------------------------------------------------------------------- explain


def explain_report(e: ItemExplanation) -> Group:
    it = e.item
    lines: list[Any] = [Text(render("store_explain_title", item=it.id, unit=e.unit.name, year=e.year), style="bold")]
    head = Text()
    head.append(render("store_explain_content", title=it.title) + "\n")
    if e.field_title:
        head.append(render("store_explain_field", field=it.component, title=e.field_title) + "\n")
    if e.criterion_title and it.criterion != it.id:
        head.append(render("store_explain_criterion", criterion=it.criterion, title=e.criterion_title) + "\n")
    head.append(render("store_explain_ruleset", ruleset=e.ruleset, version=e.ruleset_version, title=e.ruleset_title,
                       hash=_short(e.ruleset_hash)) + "\n")
    head.append(render("store_explain_submission", id=e.submission_id, file=e.file_name, received=_time(e.received_at),
                       sha=_short(e.file_sha256), engine=e.engine), style="dim")
    lines.append(head)

    step = e.step
    if step is not None:
        lines.append(Text(render("store_explain_inputs"), style="bold"))
        if not step.inputs:
            lines.append(Text("  " + render("store_explain_no_inputs")))
        for inp in step.inputs:
            line = Text(f"  • {inp.label}: ")
            line.append(input_text(inp), style="bold")
            if inp.cell is not None:
                line.append(" — " + render("store_place_file", sheet=inp.cell.sheet, cell=inp.cell.cell,
                                           file=inp.cell.file or e.file_name), style="dim")
            else:
                line.append(" — " + render("store_place_file_only", file=e.file_name), style="dim")
            if inp.source:
                line.append(" — " + render("store_source", source=inp.source), style="dim")
            lines.append(line)
        if step.measure is not None:
            lines.append(Text(render("store_explain_measure", measure=text(step.measure))))
        if step.rows:
            lines.append(Text(render("store_explain_rows"), style="bold"))
            for row in step.rows:
                fired = row.id == step.rule
                lines.append(Text(f"  {'►' if fired else ' '} {row.label}",
                                  style="bold green" if fired else "dim"))
        lines.append(Text(render("store_explain_rule", rule=step.rule, label=step.rule_label)))
        lines.append(Text(render("store_explain_calculation", calculation=calculation_text(step))))
    points = Text(render("store_explain_points", points=it.points, max=it.max_points, status=STATUS[it.status]),
                  style="bold")
    lines.append(points)

    if e.findings:
        lines.append(Text(render("store_explain_findings"), style="bold"))
        for f in e.findings:
            line = Text("  • ")
            line.append(f"{SEVERITY[f.severity]} [{KIND[f.kind]}] ", style=_SEVERITY_STYLE[f.severity])
            line.append(finding_text(f))
            if f.cell is not None:
                line.append(" (" + render("store_place", sheet=f.cell.sheet, cell=f.cell.cell) + ")", style="dim")
            lines.append(line)
            recovery = recovery_text(f)
            if recovery:
                lines.append(Text(f"      → {recovery}", style="green"))
    else:
        lines.append(Text(render("store_explain_no_findings")))

    if e.earlier:
        lines.append(Text(render("store_explain_earlier"), style="bold"))
        for s in e.earlier:
            shown = vn.points(s.points) if s.points is not None else render("store_not_scored")
            lines.append(Text("  • " + render("store_earlier_line", id=s.submission_id, file=s.file_name,
                                               received=_time(s.received_at), points=shown)))
    lines.append(Text(render("store_explain_appraisal"), style="bold"))
    lines += appraisal_lines(e)
    return Group(*lines)


def appraisal_lines(e: ItemExplanation) -> list[Text]:
    """The survey result and each appraisal round of the item, and where its final points come from."""
    it = e.item
    out: list[Text] = []
    if e.survey is not None:
        s = e.survey
        where = (render("store_place_file", sheet=s.sheet, cell=s.cell, file=s.file_name) if s.sheet and s.cell
                 else render("store_place_file_only", file=s.file_name))
        out.append(Text("  • " + render("store_survey_line", rate=s.rate, where=where, imported=_time(s.imported_at))))
    elif it.scored_by == "survey":
        out.append(Text("  • " + render("store_survey_none")))
    if not e.appraisal_rounds:
        if it.scored_by != "survey":
            out.append(Text("  " + render("store_no_appraisal")))
        return out
    self_points = None if it.status == "not_applicable" else it.points
    current, source = self_points, 0
    for step in e.appraisal_rounds:
        state = (render("store_round_locked", locked=_time(step.locked_at)) if step.locked_at is not None
                 else render("store_round_open"))
        head = render("store_round_head", round=step.round, state=state)
        if it.scored_by == "survey":
            continue
        if step.file_name is None:
            out.append(Text(f"  • {head}: " + render("store_round_not_imported")))
            continue
        entry = step.entry
        gives = entry is not None and (entry.points is not None or entry.not_applicable)
        if gives:
            new = None if entry.not_applicable else entry.points
            verdict = render("store_round_points", points=_shown(new), before=_shown(current)) if new != current \
                else render("store_round_same", points=_shown(new))
            current, source = new, step.round
        else:
            verdict = render("store_round_recognised", points=_shown(current))
        line = Text(f"  • {head}: ")
        line.append(verdict, style="bold")
        line.append(" — " + render("store_round_where", file=step.file_name, sheet=entry.sheet if entry else "",
                                   cell=entry.cell if entry else "", imported=_time(step.imported_at))
                    if entry is not None else " — " + render("store_place_file_only", file=step.file_name), style="dim")
        out.append(line)
        if step.signer:
            out.append(Text("      " + render("store_round_signer", signer=step.signer), style="dim"))
        if entry is not None and entry.reason:
            out.append(Text("      " + render("store_round_reason", reason=entry.reason)))
        if entry is not None and entry.request:
            out.append(Text("      " + render("store_round_request", request=entry.request), style="yellow"))
        if step.answer is not None:
            if step.answer.answer:
                out.append(Text("      " + render("store_round_answer", answer=step.answer.answer,
                                                  file=step.answer_file), style="cyan"))
            if step.answer.documents:
                out.append(Text("      " + render("store_round_documents",
                                                  documents="; ".join(step.answer.documents.split("\n"))),
                                style="cyan"))
    if it.scored_by != "survey":
        where = render("store_final_self") if source == 0 else render("store_final_round", round=source)
        out.append(Text("  " + render("store_final_points", points=_shown(current), source=where), style="bold"))
    return out


def _shown(points: Any) -> str:
    return render("store_not_applicable") if points is None else vn.points(points)


# --------------------------------------------------------------------------- verify


def problem_text(p: Problem) -> str:
    params = dict(p.params)
    if "part" in params:
        params["part"] = render(f"store_part_{params['part']}")
    if "entry" in params:
        params["entry"] = render(f"store_entry_{params['entry']}")
    if "sheet" in params or "cell" in params:
        sheet, cell = params.pop("sheet", None), params.pop("cell", None)
        params["place"] = (" (" + render("store_place", sheet=sheet, cell=cell) + ")" if sheet and cell
                           else " (" + render("store_place_cell", cell=cell) + ")" if cell else "")
    for name in ("recorded", "current", "stored") if p.code.startswith("verify_superseded") else ():
        params[name] = render("store_submission_ref", id=params[name]) if params.get(name) else render("store_none")
    out = render(p.code, **params)
    if p.item and not p.code.startswith("replay_") and "item" not in p.params:
        out = render("store_item_prefix", item=p.item) + out
    return out


def verify_report(report: VerifyReport, shown: str) -> Group:
    lines: list[Any] = [Text(render("verify_title", store=shown), style="bold")]
    lines.append(Text("  " + render("verify_counts", units=report.units, rulesets=report.rulesets,
                                    submissions=report.submissions, current=report.current,
                                    replayed=report.replayed)))
    if report.survey_imports or report.rounds:
        lines.append(Text("  " + render("verify_cycle_counts", surveys=report.survey_imports, rounds=report.rounds,
                                        imports=report.appraisal_imports)))
    if report.head:
        lines.append(Text("  " + render("verify_chain", entries=report.entries, head=report.head)))
    else:
        lines.append(Text("  " + render("verify_chain_empty")))
    if report.ok:
        lines.append(Text(render("verify_ok"), style="bold green"))
        return Group(*lines)
    lines.append(Text(render("verify_problems_title", count=len(report.problems)), style="bold red"))
    general = [p for p in report.problems if p.submission is None and not _is_cycle(p)]
    if general:
        lines.append(Text(render("verify_general"), style="bold"))
        lines.extend(Text(f"  • {problem_text(p)}", style="red") for p in general)
    cycle = [p for p in report.problems if _is_cycle(p)]
    if cycle:
        lines.append(Text(render("verify_cycle_general"), style="bold"))
        lines.extend(Text(f"  • {problem_text(p)}", style="red") for p in cycle)
    by_submission: dict[int, list[Problem]] = {}
    for p in report.problems:
        if p.submission is not None:
            by_submission.setdefault(p.submission, []).append(p)
    for sub_id, group in by_submission.items():
        first = group[0]
        lines.append(Text(render("verify_where", unit=first.unit or "?", year=first.year or "?",
                                 file=first.file or "?", id=sub_id), style="bold"))
        lines.extend(Text(f"  • {problem_text(p)}", style="red") for p in group)
    lines.append(Text(render("verify_failed", count=len(report.problems)), style="bold red"))
    return Group(*lines)


@contextlib.contextmanager
def progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal's stderr while results are replayed (none when redirected)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .console import SafeConsole

    with Progress(TextColumn(render("verify_progress")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=SafeConsole(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick

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
    return Group(*parts)


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
    if e.appraisal_rounds:  # pragma: no cover - the appraisal issue fills these
        for rnd in e.appraisal_rounds:
            lines.append(Text(f"  • {rnd}"))
    else:
        lines.append(Text("  " + render("store_no_appraisal")))
    return Group(*lines)


# --------------------------------------------------------------------------- verify


def problem_text(p: Problem) -> str:
    params = dict(p.params)
    if "part" in params:
        params["part"] = render(f"store_part_{params['part']}")
    if "entry" in params:
        params["entry"] = render(f"store_entry_{params['entry']}")
    if "sheet" in params or "cell" in params:
        sheet, cell = params.pop("sheet", None), params.pop("cell", None)
        params["place"] = " (" + render("store_place", sheet=sheet, cell=cell) + ")" if sheet and cell else ""
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
    if report.head:
        lines.append(Text("  " + render("verify_chain", entries=report.entries, head=report.head)))
    else:
        lines.append(Text("  " + render("verify_chain_empty")))
    if report.ok:
        lines.append(Text(render("verify_ok"), style="bold green"))
        return Group(*lines)
    lines.append(Text(render("verify_problems_title", count=len(report.problems)), style="bold red"))
    general = [p for p in report.problems if p.submission is None]
    if general:
        lines.append(Text(render("verify_general"), style="bold"))
        lines.extend(Text(f"  • {problem_text(p)}", style="red") for p in general)
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

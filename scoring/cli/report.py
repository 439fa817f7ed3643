"""Readable Vietnamese reports for the terminal (rich), and the rule-set tree."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .. import vn
from ..messages import (
    KIND,
    METHOD,
    SEVERITY,
    STATUS,
    finding_text,
    missing_values_text,
    recovery_text,
    render,
    text,
)
from ..models.result import Finding, Result
from ..models.ruleset import Criterion, RuleSet
from ..replay import ReplayReport
from ..ruleset import CheckReport, content_hash
from ..ruleset_tests import CaseOutcome

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {"achieved": "green", "not_achieved": "yellow", "not_applicable": "dim", "missing_data": "red"}


def _idx(value: Decimal | None) -> str:
    return "—" if value is None else vn.percent(value)


def result_report(result: Result, *, items: bool = False) -> Group:
    parts: list = []
    head = Text()
    head.append("Kết quả tự đánh giá Chỉ số CCHC\n", style="bold")
    head.append(f"Đơn vị: {result.unit} — năm {result.year}\n")
    head.append(f"Bộ chỉ số: {result.ruleset.title} ({result.ruleset.id} v{result.ruleset.version}, "
                f"{result.ruleset.hash[:19]}…)\n")
    if result.evidence.source:
        head.append(f"Nguồn số liệu: {result.evidence.source}\n", style="dim")
    parts.append(head)

    table = Table(title="Điểm theo lĩnh vực", title_justify="left", show_lines=False)
    table.add_column("Mã", justify="right")
    table.add_column("Lĩnh vực")
    table.add_column("Tự chấm", justify="right")
    table.add_column("Điều tra XHH", justify="right")
    table.add_column("Điểm", justify="right")
    table.add_column("Tối đa áp dụng", justify="right")
    table.add_column("Chỉ số", justify="right")
    for comp in result.components:
        table.add_row(comp.id, comp.title, vn.points(comp.self_points), vn.points(comp.survey_points),
                      vn.points(comp.points), vn.points(comp.applicable_max), _idx(comp.index))
    if result.bonus or result.penalty:
        table.add_row("", "Điểm thưởng / điểm trừ", "", "", f"+{vn.points(result.bonus)} / −{vn.points(result.penalty)}", "", "")
    table.add_row("", Text("Tổng", style="bold"), vn.points(result.self_points), vn.points(result.survey_points),
                  Text(vn.points(result.total), style="bold"), vn.points(result.max_points),
                  Text(vn.percent(result.index), style="bold"))
    parts.append(table)

    if items:
        parts.append(item_table(result))

    summary = Text()
    summary.append(f"Tổng điểm: {vn.points(result.total)} / {vn.points(result.max_points)} điểm tối đa áp dụng\n")
    summary.append(f"Chỉ số CCHC: {vn.percent(result.index)} — Xếp loại: ", style="bold")
    summary.append(result.classification, style="bold green")
    if result.provisional:
        summary.append("\n" + render("provisional_note"),
                       style="yellow")
    parts.append(summary)
    parts.append(findings_report(result.findings))
    return Group(*parts)


def item_table(result: Result) -> Table:
    table = Table(title="Điểm theo tiêu chí thành phần", title_justify="left")
    for col, justify in (("Mã", "right"), ("Nội dung", "left"), ("Số đo", "left"), ("Điểm", "right"),
                         ("Tối đa", "right"), ("Trạng thái", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for it in result.items:
        table.add_row(it.id, it.title, text(it.measure), vn.points(it.points), vn.points(it.max_points),
                      Text(STATUS[it.status], style=_STATUS_STYLE[it.status]))
    return table


def findings_report(findings: list[Finding]) -> Group:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    title = Text(f"\nPhát hiện: {counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} lưu ý", style="bold")
    lines: list = [title]
    lost = sum((f.points_lost or Decimal(0) for f in findings), Decimal(0))
    if lost:
        lines.append(Text(f"Tổng điểm bị mất (tự đánh giá): {vn.points(lost)}", style="dim"))
    grouped = False
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(Text(f"{SEVERITY[severity]}:", style=_SEVERITY_STYLE[severity]))
        for item, kind, message, cell, recovery, merged in _lines(group):
            grouped = grouped or merged
            line = Text("  • ")
            if item:
                line.append(f"{item} ", style="bold")
            line.append(f"[{KIND[kind]}] ", style=_SEVERITY_STYLE[severity])
            line.append(message)
            if cell:
                line.append(f" (ô {cell})", style="dim")
            lines.append(line)
            if recovery:
                lines.append(Text(f"      → {recovery}", style="green"))
    if grouped:
        lines.append(Text(render("report_grouped"), style="dim"))
    return Group(*lines)


def _lines(findings: list[Finding]) -> list[tuple[str | None, str, str, str | None, str | None, bool]]:
    """One line per finding, except: an item's blank inputs share a line, and so do all the
    survey items still waiting for results (the data keeps one finding each)."""
    out: list[tuple[str | None, str, str, str | None, str | None, bool]] = []
    survey = [f for f in findings if f.code == "survey_pending"]
    blanks: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code == "missing_value" and f.item:
            blanks.setdefault(f.item, []).append(f)
    for f in findings:
        if f.code == "survey_pending":
            if f is survey[0]:
                out.append((None, f.kind, render("survey_pending_items", items=", ".join(s.item or "" for s in survey)),
                            None, None, len(survey) > 1))
            continue
        if f.code == "missing_value" and f.item:
            same = blanks[f.item]
            if f is same[0]:
                out.append((f.item, f.kind, missing_values_text(same) if len(same) > 1 else finding_text(f),
                            f.cell.cell if f.cell else None, None, len(same) > 1))
            continue
        out.append((f.item, f.kind, finding_text(f), f.cell.cell if f.cell else None, recovery_text(f), False))
    return out


def ruleset_tree(rs: RuleSet) -> Tree:
    t = rs.totals
    root = Tree(Text(f"{rs.title} ({rs.id} v{rs.version}) — {vn.points(t.total)} điểm: tự đánh giá "
                     f"{vn.points(t.self_assessed)} + điều tra XHH {vn.points(t.survey)}; "
                     f"thưởng ≤ {vn.points(t.bonus_limit)}, trừ ≤ {vn.points(t.penalty_limit)}", style="bold"))
    for comp in rs.components:
        node = root.add(Text(f"{comp.id}. {comp.title} — {vn.points(comp.max_points or 0)}", style="bold"))
        for crit in comp.criteria:
            if isinstance(crit, Criterion):
                cnode = node.add(f"{crit.id} {crit.title} — {vn.points(crit.max_points or sum(i.max_points for i in crit.items))}")
                for item in crit.items:
                    cnode.add(_item_line(item))
            else:
                node.add(_item_line(crit))
    if rs.adjustments:
        adj = root.add(Text("Điểm thưởng, điểm trừ", style="bold"))
        for item in rs.adjustments:
            adj.add(_item_line(item))
    return root


def _item_line(item) -> Text:  # type: ignore[no-untyped-def]
    sign = {"bonus": "+", "penalty": "−"}.get(item.effect, "")
    text = Text(f"{item.id} {item.title} — {sign}{vn.points(item.max_points)} ")
    text.append(f"[{METHOD[item.method.kind]}]", style="cyan")
    return text


def check_report(report: CheckReport, cases: list[CaseOutcome] | None) -> Group:
    parts: list = []
    if report.ruleset is not None and report.ok:
        parts.append(ruleset_tree(report.ruleset))
        parts.append(Text(f"Mã băm nội dung: {content_hash(report.ruleset)}", style="dim"))
    errors = [p for p in report.problems if p.severity == "error"]
    if errors:
        parts.append(Text(f"{report.source}: {len(errors)} lỗi", style="bold red"))
        for p in errors:
            parts.append(Text(f"  • {p}", style="red"))
    elif report.ruleset is not None:
        parts.append(Text(f"{report.source}: hợp lệ, tổng {vn.points(report.ruleset.totals.total)} điểm.", style="bold green"))
    if cases is not None:
        passed = sum(1 for c in cases if c.passed)
        style = "green" if passed == len(cases) else "bold red"
        parts.append(Text(f"Ca kiểm thử: {passed}/{len(cases)} đạt", style=style))
        for case in cases:
            for failure in case.failures:
                parts.append(Text(f"  • {failure}", style="red"))
    return Group(*parts)


def replay_report(report: ReplayReport) -> Text:
    if report.matches:
        return Text(f"Chấm lại {report.recorded.unit} theo {report.ruleset_path}: khớp "
                    f"({vn.points(report.replayed.total)} điểm, chỉ số {vn.percent(report.replayed.index)}).",
                    style="bold green")
    out = Text(f"Chấm lại {report.recorded.unit}: KHÔNG KHỚP ({len(report.differences)} khác biệt)\n", style="bold red")
    for diff in report.differences:
        out.append(f"  • {text(diff)}\n")
    for f in report.new_findings:
        out.append(f"  • {render('replay_new_finding', text=finding_text(f))}\n")
    return out


def console(plain: bool = False, width: int | None = None) -> Console:
    from .console import SafeConsole  # cleans control sequences from everything it prints

    return SafeConsole(no_color=plain, width=width, soft_wrap=False)

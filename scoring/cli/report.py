"""Readable Vietnamese reports for the terminal (rich), and the rule-set tree."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .. import vn
from ..messages import KIND, METHOD, SEVERITY, STATUS
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
        summary.append("\nTạm tính: chưa có kết quả điều tra xã hội học; chỉ số tính trên các mục tự đánh giá.",
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
        table.add_row(it.id, it.title, it.measure or "", vn.points(it.points), vn.points(it.max_points),
                      Text(STATUS[it.status], style=_STATUS_STYLE[it.status]))
    return table


def findings_report(findings: list[Finding]) -> Group:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    title = Text(f"\nPhát hiện: {counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} lưu ý", style="bold")
    lines: list = [title]
    lost = sum((f.points_lost or Decimal(0) for f in findings), Decimal(0))
    if lost:
        lines.append(Text(f"Tổng điểm bị mất (tự đánh giá): {vn.points(lost)}", style="dim"))
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(Text(f"{SEVERITY[severity]}:", style=_SEVERITY_STYLE[severity]))
        for f in _merge_missing(group):
            line = Text("  • ")
            if f.item:
                line.append(f"{f.item} ", style="bold")
            line.append(f"[{KIND[f.kind]}] ", style=_SEVERITY_STYLE[severity])
            line.append(f.message)
            if f.cell:
                line.append(f" ({f.cell})", style="dim")
            lines.append(line)
            if f.recovery:
                lines.append(Text(f"      → {f.recovery}", style="green"))
    return Group(*lines)


def _merge_missing(findings: list[Finding]) -> list[Finding]:
    """One line per item for its blank fields, one line for all pending survey items
    (the data keeps one finding per cell and per item)."""
    out: list[Finding] = []
    survey = [f.item for f in findings if f.code == "survey_pending"]
    for f in findings:
        if f.code == "survey_pending":
            if f.item == survey[0]:
                items = ", ".join(i for i in survey if i)
                out.append(f.model_copy(update={"item": None, "message": f"Các mục {items}: {f.message}"}))
            continue
        prev = out[-1] if out else None
        if f.code == "missing_value" and prev is not None and prev.item == f.item and prev.code in (
            "missing_value", "missing_value_merged"
        ):
            label = f.message.removeprefix("Chưa nhập ").rstrip(".")
            merged_text = prev.message.replace(" — mục", f", {label} — mục", 1) if " — mục" in prev.message \
                else prev.message.rstrip(".") + f", {label}."
            out[-1] = prev.model_copy(update={"message": merged_text, "code": "missing_value_merged"})
        else:
            out.append(f)
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
    text = Text(f"Chấm lại {report.recorded.unit}: KHÔNG KHỚP ({len(report.differences)} khác biệt)\n", style="bold red")
    for line in report.differences:
        text.append(f"  • {line}\n")
    return text


def console(plain: bool = False, width: int | None = None) -> Console:
    return Console(no_color=plain, highlight=False, width=width, soft_wrap=False)

"""The engine's joins and chaining on a small rule set (tests/rulesets/checks.yaml), and its
whole trace pinned as a readable golden file (tests/golden/checks-mini-trace.txt).

Regenerate the golden file after a deliberate change of wording or rows:
    CCHC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_engine_rules.py
"""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data
from scoring.messages import calculation_text, finding_text, input_text, recovery_text, text
from scoring.ruleset import load_ruleset

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "checks-mini-trace.txt"
LOADED = load_ruleset(HERE / "rulesets" / "checks.yaml")

CONSISTENT = {
    "1.1.1": {"values": {"resolved": 100, "on_time": 90}, "documents": ["Báo cáo số 1/BC"]},
    "1.1.2": {"values": {"late": 10, "apologies": 10}, "documents": ["Văn bản xin lỗi số 2/CV"]},
    "1.1.3": {"values": {"published": "Có"}},
    "1.2.1": {"values": {"received": 120, "online": 48, "resolved": 100}, "documents": ["Báo cáo số 3/BC"]},
    "1.2.2": {"values": {"plan": "Kế hoạch số 4/KH ngày 05/02/2024"}},
    "9.1": {"values": {"criticisms": 1}},
}


def run(items: dict, **overrides):
    data = {"unit": "Đơn vị thử", "year": 2024, "items": {k: {**v} for k, v in items.items()}}
    for key, values in overrides.items():
        item = data["items"][key.replace("_", ".")]
        item["values"] = {**item.get("values", {}), **values}
    return evaluate(LOADED, evidence_from_data(data))


def checks(result) -> dict[str, str]:
    return {c.id: c.outcome for c in result.trace.checks}


def test_consistent_figures_pass_every_check():
    r = run(CONSISTENT)
    assert checks(r) == {"resolved_within_received": "passed", "resolved_same": "passed",
                         "late_is_resolved_minus_on_time": "passed", "apologies_within_late": "passed"}
    assert not [f for f in r.findings if f.kind == "inconsistent"]


@pytest.mark.parametrize("item, values, check, message", [
    # equal, across items
    ("1.2.1", {"resolved": 101}, "resolved_same",
     "Số hồ sơ đã giải quyết ở 1.1.1 và 1.2.1 phải bằng nhau: «Số hồ sơ đã giải quyết» (1.2.1) = 101 nhưng "
     "«Số hồ sơ đã giải quyết» (1.1.1) = 100."),
    # a sum with a minus, across items
    ("1.1.2", {"late": 11, "apologies": 10}, "late_is_resolved_minus_on_time",
     "Số hồ sơ trễ hạn (1.1.2) phải bằng số đã giải quyết trừ số đúng hạn (1.1.1): «Số hồ sơ trễ hạn» (1.1.2) = 11 "
     "nhưng «Số hồ sơ đã giải quyết» (1.1.1) − «Số hồ sơ giải quyết đúng hạn» (1.1.1) = 10."),
    # less-or-equal with a sum on the right, three items joined
    ("1.1.2", {"apologies": 12}, "apologies_within_late",
     "Số văn bản xin lỗi không vượt số hồ sơ trễ hạn cộng số lần bị phê bình: «Số văn bản xin lỗi» (1.1.2) = 12 "
     "lớn hơn «Số hồ sơ trễ hạn» (1.1.2) + «Số văn bản phê bình» (9.1) = 11."),
    # less-or-equal inside one item
    ("1.2.1", {"received": 90}, "resolved_within_received",
     "Số hồ sơ đã giải quyết không vượt số tiếp nhận: «Số hồ sơ đã giải quyết» = 100 lớn hơn «Số hồ sơ tiếp nhận» = 90."),
])
def test_a_check_that_fails_names_its_figures(item, values, check, message):
    r = run(CONSISTENT, **{item.replace(".", "_"): values})
    assert checks(r)[check] == "failed"
    assert [c for c, outcome in checks(r).items() if outcome == "failed"] == [check]
    found = [f for f in r.findings if f.kind == "inconsistent"]
    assert [(f.item, f.severity, finding_text(f)) for f in found] == [(check_item(check), "error", message)]


def check_item(check_id: str) -> str:
    return {"resolved_same": "1.2.1", "late_is_resolved_minus_on_time": "1.1.2", "apologies_within_late": "1.1.2",
            "resolved_within_received": "1.2.1"}[check_id]


def test_the_edge_of_less_or_equal_passes():
    r = run(CONSISTENT, **{"1_1_2": {"apologies": 11}})  # 11 ≤ 10 + 1
    assert checks(r)["apologies_within_late"] == "passed"


def test_a_check_with_a_blank_figure_is_not_evaluated():
    items = {k: v for k, v in CONSISTENT.items() if k != "9.1"}
    items["1.1.1"] = {"values": {"resolved": 100}}  # on_time blank
    r = run(items)
    outcomes = checks(r)
    assert outcomes["late_is_resolved_minus_on_time"] == "not_evaluated"
    assert outcomes["resolved_same"] == "passed"
    assert outcomes["apologies_within_late"] == "passed"  # the penalty's count defaults to 0


def test_not_applicable_follows_two_levels_deep():
    """1.1.3 follows 1.1.2, which follows 1.1.1: a zero denominator in 1.1.1 makes all three n/a."""
    r = run(CONSISTENT, **{"1_1_1": {"resolved": 0, "on_time": 0}})
    assert [r.item(i).status for i in ("1.1.1", "1.1.2", "1.1.3")] == ["not_applicable"] * 3
    assert r.step("1.1.2").rule == "1.1.2/follows_1.1.1" and r.step("1.1.3").rule == "1.1.3/follows_1.1.2"
    assert r.step("1.1.3").rule_label == "Không áp dụng vì mục 1.1.2 không áp dụng"
    # and only 1.1.1's own policy: 1.1.2's zero denominator scores full points
    r = run(CONSISTENT, **{"1_1_2": {"late": 0, "apologies": 0}})
    assert r.item("1.1.2").points == 2 and r.item("1.1.3").status == "achieved"


def test_points_need_documents_unless_explained():
    items = dict(CONSISTENT)
    items["1.1.3"] = {"values": {"published": "Có"}}
    r = run(items)
    [f] = [f for f in r.findings if f.item == "1.1.3"]
    assert (f.code, f.severity) == ("missing_documents", "warning")
    items["1.1.3"] = {"values": {"published": "Có"}, "explanation": "Đăng trên cổng thông tin, chưa lưu văn bản"}
    [f] = [f for f in run(items).findings if f.item == "1.1.3"]
    assert (f.code, f.severity) == ("missing_documents_explained", "info")
    items["1.1.3"] = {"values": {"published": "Không"}}  # no points: no documents needed
    assert [f.code for f in run(items).findings if f.item == "1.1.3"] == ["points_lost_no"]


def test_classification_is_decided_on_the_index():
    r = run(CONSISTENT)  # 1 + 2 + 2 + 1,6 + 1 − 0,5 = 7,1 of 10
    assert (r.total, r.index, r.classification, r.trace.classification_rule) == (D("7.1"), 71, "Đạt", "class/5000")


def render_trace(result) -> str:
    """The trace as an auditor reads it: every step, input, check and the classification."""
    lines = [f"Bộ chỉ số: {result.trace.ruleset_id} {result.trace.ruleset_version}",
             f"Đơn vị: {result.unit} — năm {result.year}"]
    for step in result.trace.steps:
        item = result.item(step.item)
        lines.append(f"\n[{step.item}] {item.title}")
        lines.append(f"  trạng thái số liệu: {step.state}; quy tắc: {step.rule} «{step.rule_label}»")
        for inp in step.inputs:
            lines.append(f"  - {inp.label}: {input_text(inp)} (đọc: {inp.read}; thô: {inp.raw!r})")
        if step.measure:
            lines.append(f"  số đo: {text(step.measure)}")
        lines.append(f"  cách tính: {calculation_text(step)}")
        lines.append(f"  điểm: {step.points} / {item.max_points} ({item.status})")
        lines.append("  bảng quyết định: " + " | ".join(("▶ " if r.id == step.rule else "") + r.label for r in step.rows))
    lines.append("\nKiểm tra:")
    for c in result.trace.checks:
        lines.append(f"  - {c.id}: {c.outcome} ({c.left} / {c.right}) {c.rule or ''}")
    lines.append(f"\nTổng: {result.total} / {result.max_points}; chỉ số {result.index}%; "
                 f"xếp loại {result.classification} ({result.trace.classification_rule})")
    lines.append("\nPhát hiện:")
    for f in result.findings:
        lines.append(f"  - {f.severity} {f.item} {f.code}: {finding_text(f)}")
        if f.recovery:
            lines.append(f"      → {recovery_text(f)}")
    return "\n".join(lines) + "\n"


def test_the_whole_trace_of_a_small_rule_set_is_pinned():
    items = dict(CONSISTENT)
    items["1.1.1"] = {"values": {"resolved": 100, "on_time": 85}, "documents": ["Báo cáo số 1/BC"]}
    items["1.1.2"] = {"values": {"late": 15, "apologies": 12}}
    items["1.2.2"] = {"values": {"plan": "Không"}}
    got = render_trace(run(items))
    if os.environ.get("CCHC_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")

"""Three complete units scored against the 2024 rule set, expected points computed by hand.

Every expected value below was worked out on paper from rules/par-so-2024.yaml and the
evidence files (tests/data/*.yaml, workbooks/examples/*.yaml); comments there show the
arithmetic item by item.
"""

from decimal import Decimal as D

import pytest
from core_support import DATA, DEMO, score_file

from scoring.messages import finding_text, recovery_text, text

WEAK_EXPECTED = {
    "1.1.1": "0.5", "1.1.2": "1", "1.2.1": "0", "1.3.1": "0", "1.3.2": "0", "1.3.3": "0.25", "1.4.1": "0.5",
    "1.4.2": "0", "1.5": "0", "1.6": "0", "1.7": "0",
    "2.1.1": "1", "2.1.2": "0", "2.2.1": "0.5", "2.2.2": "0.75", "2.3.1": "0", "2.3.2": "0", "2.4": "1", "2.5": "0",
    "3.1.1": "0.5", "3.1.2": "0", "3.1.3": "1", "3.2.1": "1", "3.2.2": "0", "3.2.3": "0", "3.2.4": "0.5",
    "3.3.1": "1", "3.3.2": "0.75", "3.3.3": "0", "3.4": "0", "3.5": "0",
    "4.1.1": "1", "4.1.2": "1.5", "4.2.1": "0", "4.2.2": "0.75", "4.3": "1.5", "4.4": "0.75", "4.5": "0",
    "5.1.1": "0.75", "5.1.2": "0", "5.2.1": "0.5", "5.2.2": "0.5", "5.2.3": "1", "5.3": "1", "5.4.1": "1",
    "5.4.2": "0.5", "5.4.3": "1", "5.5": "0",
    "6.1": "0.75", "6.2": "0.75", "6.3": "1", "6.4": "0.75", "6.5": "1.5", "6.6": "0",
    "7.1": "0", "7.2": "1", "7.3": "0.75", "7.4": "1", "7.5": "0", "7.6": "0.75", "7.7": "0", "7.8": "0.75",
    "7.9": "1.5", "7.10": "0",
    "8.1": "0", "8.2": "2", "8.3": "0",
    "9.1": "0", "9.2": "1.5",
}
WEAK_STATUS = {"3.3.3": "not_applicable", "2.3.1": "missing_data", "2.3.2": "missing_data", "1.7": "missing_data",
               "4.2.1": "not_achieved", "3.2.1": "not_achieved", "3.1.1": "achieved", "4.1.2": "achieved"}
WEAK_COMPONENTS = {"1": "2.25", "2": "3.25", "3": "4.75", "4": "5.5", "5": "6.25", "6": "4.75", "7": "5.75", "8": "2"}

STRONG_SURVEY = {"1.7": "1.8", "2.5": "1.7", "3.5": "2.76", "4.5": "1.76", "5.5": "2.7", "6.6": "1.72",
                 "7.10": "2.73", "8.1": "7.52", "8.3": "4.81"}
STRONG_NOT_APPLICABLE = {"2.1.1", "2.1.2", "3.3.3"}

SEED_POINTS = {
    "1.1.1": "1", "1.3.1": "0", "1.4.1": "0.5", "1.6": "0.5", "2.2.1": "0.5", "3.1.1": "0.25", "3.2.1": "2",
    "3.2.2": "0.5", "3.2.3": "0", "3.3.1": "1", "3.3.2": "1", "4.1.1": "1", "4.2.1": "1.5", "4.4": "1.5",
    "6.1": "1.5", "6.4": "0", "7.1": "0.5", "7.2": "0", "7.4": "1", "7.5": "1.5", "7.8": "1.5", "7.9": "1.5",
}


def test_weak_unit_points_per_item(rs2024):
    r = score_file(DATA / "weak-unit.yaml", rs2024)
    assert {i.id: i.points for i in r.items} == {k: D(v) for k, v in WEAK_EXPECTED.items()}
    for item_id, status in WEAK_STATUS.items():
        assert r.item(item_id).status == status, item_id


def test_weak_unit_totals(rs2024):
    r = score_file(DATA / "weak-unit.yaml", rs2024)
    assert {c.id: c.points for c in r.components} == {k: D(v) for k, v in WEAK_COMPONENTS.items()}
    assert r.self_points == D("34.5")
    assert r.self_max == D("69")  # 3.3.3 not applicable
    assert r.penalty == D("1.5") and r.bonus == 0
    assert r.total == D("33")
    assert r.provisional is True
    assert r.index == D("47.83")  # 33 / 69 = 47.826…
    assert r.classification == "Yếu"
    assert r.components[0].index == D("28.13")  # 2.25 / 8 = 28.125 → half up


def test_weak_unit_findings(rs2024):
    r = score_file(DATA / "weak-unit.yaml", rs2024)
    by_item = {}
    for f in r.findings:
        by_item.setdefault(f.item, []).append(f)
    # the unreadable value names its field and stops the item
    bad = [f for f in by_item["2.3.2"] if f.kind == "invalid_value"]
    assert len(bad) == 1 and bad[0].field == "pbgdpl_done" and "«abc» không phải là số" in finding_text(bad[0])
    assert bad[0].points_lost == D("1.5")
    # 1.3.2 at 29,17%: one more unit inspected reaches 30%
    miss = [f for f in by_item["1.3.2"] if f.kind == "target_missed"][0]
    assert miss.points_lost == D("0.5")
    assert recovery_text(miss) == "Cần thêm 1 đơn vị «Số phòng, đơn vị được kiểm tra» (lên 15) để đạt 0,5 điểm."
    # 1.6 at 88,89%: 1 more on time reaches 90% (0,5 điểm), the next step up
    miss16 = [f for f in by_item["1.6"] if f.kind == "target_missed"][0]
    assert recovery_text(miss16) == "Cần thêm 1 nhiệm vụ hoàn thành đúng hạn (lên 81) để đạt 0,5 điểm."
    # 1.2.1: the third-quarter report is absent, the six-month one late
    kinds = sorted(f.code for f in by_item["1.2.1"])
    assert kinds == ["deadline_absent", "deadline_missed"]
    # 5.3 signed in January of the next year: late, and a date outside the assessed year
    assert {f.code for f in by_item["5.3"]} >= {"deadline_missed", "date_outside_year"}
    # penalty applied, bonus absent
    assert [f.code for f in by_item["9.2"]] == ["penalty_applied"]
    # 1.4.1 scored without TLKC
    assert any(f.kind == "missing_documents" for f in by_item["1.4.1"])


def test_points_lost_add_up(rs2024):
    """Each point below the maximum is explained by exactly one finding carrying it."""
    for path in (DATA / "weak-unit.yaml", DATA / "strong-unit.yaml", DEMO):
        r = score_file(path, rs2024)
        lost = sum((f.points_lost or 0 for f in r.findings), D(0))
        gap = sum((i.max_points - i.points for i in r.items
                   if i.effect == "score" and i.scored_by == "self" and i.status != "not_applicable"), D(0))
        assert lost == gap, path.name


def test_strong_unit(rs2024):
    r = score_file(DATA / "strong-unit.yaml", rs2024)
    for item in r.items:
        if item.id in STRONG_NOT_APPLICABLE:
            assert item.status == "not_applicable", item.id
        elif item.id in STRONG_SURVEY:
            assert item.points == D(STRONG_SURVEY[item.id]), item.id
        elif item.effect == "score":
            assert item.points == item.max_points, item.id
    assert r.self_points == D("66") and r.self_max == D("66")
    assert r.survey_points == D("27.5") and r.survey_max == D("30.5")
    assert r.bonus == D("1.5") and r.penalty == D("0.5")
    assert r.total == D("94.5")
    assert r.max_points == D("96.5")
    assert r.index == D("97.93")  # 94.5 / 96.5 = 97.927…
    assert r.provisional is False
    assert r.classification == "Xuất sắc"
    assert [(f.severity, f.code) for f in r.findings] == [("warning", "penalty_applied")]


def test_seed_unit_from_the_2023_report(rs2024):
    r = score_file(DEMO, rs2024)
    for item_id, expected in SEED_POINTS.items():
        assert r.item(item_id).points == D(expected), item_id
    scored = {i.id for i in r.items if i.points > 0}
    assert scored <= set(SEED_POINTS)
    assert r.total == D("18.75") and r.self_max == D("69.5")
    assert r.index == D("26.98")
    assert r.provisional and r.classification == "Yếu"


@pytest.mark.parametrize("item_id, points, measure", [
    ("1.6", "0.5", "166/169 = 98,22%"),
    ("3.3.2", "1", "1.322/1.343 = 98,44%"),
    ("3.2.2", "0.5", "0/0"),
    ("4.2.1", "1.5", "59/61"),
    ("3.1.1", "0.25", "03/02/2023 (trễ 3 ngày, hạn 31/01/2023)"),
])
def test_worked_checks_of_the_reference_index(rs2024, item_id, points, measure):
    """The worked checks printed in docs/reference-index-so.md."""
    r = score_file(DEMO, rs2024)
    assert r.item(item_id).points == D(points)
    assert text(r.item(item_id).measure) == measure


def test_seed_values_keep_their_source_line(rs2024):
    r = score_file(DEMO, rs2024)
    step = next(s for s in r.trace.steps if s.item == "1.6")
    sources = {i.field: i.source for i in step.inputs}
    assert sources["tasks_assigned"] == "BC 9T/2023, dòng 596–598"
    assert step.rule == "1.6/ge90" and step.rule_label.endswith("≥ 90% → 0,5 điểm")

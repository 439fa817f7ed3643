"""Final points through the engine: `rescore` applies the same totals and class rule as
`evaluate` to points decided outside the rules, and the steps an item may be given are those
its decision rows can give."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from core_support import DATA, DEMO, RULES_2024

from scoring.appraisal.final import rank
from scoring.appraisal.round_book import _validation, steps_text
from scoring.appraisal.steps import steps_of
from scoring.engine import evaluate, rescore, score
from scoring.evidence_io import evidence_from_data, load_evidence
from scoring.ruleset import load_ruleset


@pytest.fixture(scope="module")
def loaded():
    return load_ruleset(RULES_2024)


def _totals(s):  # type: ignore[no-untyped-def]
    t = s.totals
    return t.total, t.max_points, t.index, t.provisional, s.classification


@pytest.mark.parametrize("path", [DEMO, DATA / "strong-unit.yaml", DATA / "weak-unit.yaml"], ids=lambda p: p.name)
def test_rescore_without_changes_is_the_evaluation(loaded, path):
    result = evaluate(loaded, load_evidence(path))
    again = rescore(loaded, result, {})
    assert _totals(again) == (result.total, result.max_points, result.index, result.provisional, result.classification)
    assert _totals(rescore(loaded, score(loaded, load_evidence(path)), {})) == _totals(again)


def test_rescore_with_an_appraisal_is_the_evaluation_of_the_evidence_that_earns_those_points(loaded):
    """7.5 appraised at 0 is scored as if the unit had answered «Không»; 3.1.3 appraised «không áp
    dụng» as if the unit had declared it (with an explanation)."""
    base = load_evidence(DATA / "strong-unit.yaml")
    data = base.model_dump(mode="json")
    data["items"]["7.5"]["values"]["portal_compliant"] = "Không"
    data["items"]["3.1.3"] = {"not_applicable": "Không áp dụng", "explanation": "Không có TTHC nội bộ"}
    data["items"]["9.2"]["values"]["criticisms"] = 2
    expected = evaluate(loaded, evidence_from_data(data))
    got = rescore(loaded, evaluate(loaded, base), {"7.5": D(0), "3.1.3": None, "9.2": D(1)})
    assert _totals(got) == (expected.total, expected.max_points, expected.index, expected.provisional,
                            expected.classification)
    assert (got.statuses["7.5"], got.statuses["3.1.3"], got.statuses["9.2"]) == (
        "not_achieved", "not_applicable", "not_achieved")
    # 66 − 1,5 − 1 + 27,5 (the unit's own survey rates, as scored) + 1,5 − 1 = 91,5 over 96,5 − 1
    assert (got.totals.total, got.totals.max_points, got.totals.index) == (D("91.5"), D("95.5"), D("95.81"))


def test_a_class_boundary_is_the_rule_sets_own(loaded):
    result = evaluate(loaded, load_evidence(DATA / "strong-unit.yaml"))
    # 94,5 / 96,5 = 97,93 % (Xuất sắc); taking 8.2's 3 points and 9.1's bonus: 90 / 96,5 = 93,26 %
    assert rescore(loaded, result, {"8.2": D(0), "9.1": D(0)}).classification == "Xuất sắc"
    # minus 8.1 (survey, 7,52: never appraised, but the function takes any points), 7.5, 7.9, 4.2.1 (1,5 each),
    # 5.3, 6.3, 3.2.1 (2 each): 94,5 − 3 − 1,5 − 7,52 − 4,5 − 6 = 71,98 / 96,5 = 74,59 % → Khá
    low = rescore(loaded, result, {"8.2": D(0), "9.1": D(0), "8.1": D(0), "7.5": D(0), "7.9": D(0), "5.3": D(0),
                                   "6.3": D(0), "3.2.1": D(0), "4.2.1": D(0)})
    assert (low.totals.total, low.totals.index, low.classification) == (D("71.98"), D("74.59"), "Khá")


def test_ranks_are_shared_by_equal_indices():
    assert rank([D("97.62"), D("98.94"), D("97.62"), D("87.75"), D("94.20")]) == [2, 1, 2, 5, 4]


def test_steps_come_from_the_decision_rows(loaded):
    items = {i.id: i for i in loaded.ruleset.items()}
    cases = {
        "1.1.1": ("0; 0,5; 1", False),               # deadline: missing, late, on time
        "1.6": ("0; 0,5; 1 hoặc «Không áp dụng»", True),  # ratio bands; a zero denominator is not applicable
        "3.3.2": ("0–1 (bước 0,01) hoặc «Không áp dụng»", True),  # proportional: a formula row
        "5.1.2": ("0; 1,5", False),                  # deduction of 1,5 from 1,5: no formula row
        "9.2": ("0–2 (bước 0,01)", False),          # penalty: count × 0,5, capped
        "2.1.2": ("0; 1 hoặc «Không áp dụng»", True),    # yes/no that follows 2.1.1
    }
    for item_id, (shown, na) in cases.items():
        s = steps_of(items[item_id])
        assert (steps_text(s), s.not_applicable) == (shown, na), item_id
    s = steps_of(items["3.3.2"])
    assert s.allows(D("0.75")) and not s.allows(D("0.755")) and not s.allows(D("1.01")) and s.allows(D(0))
    s = steps_of(items["1.1.1"])
    assert s.allows(D("0.5")) and not s.allows(D("0.25")) and not s.allows(D("1.5"))


def test_the_workbook_validates_the_same_steps(loaded):
    items = {i.id: i for i in loaded.ruleset.items()}
    dv = _validation("I16", steps_of(items["1.1.1"]))
    assert dv.formula1 == "AND(ISNUMBER(I16),OR(I16=0,I16=0.5,I16=1))"
    dv = _validation("I46", steps_of(items["3.3.2"]))
    assert dv.formula1 == ('OR(AND(ISNUMBER(I46),I46>=0,I46<=1,ABS(I46*100-ROUND(I46*100,0))<0.000001),'
                           'TRIM(I46)="Không áp dụng")')
    assert dv.prompt == "Để trống: giữ điểm trước đó. Mức điểm được chấm: 0–1 (bước 0,01) hoặc «Không áp dụng»."

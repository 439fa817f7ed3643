"""Every scoring method at its band edges, on real items of the 2024 rule set."""

from decimal import Decimal as D

import pytest

from scoring.messages import finding_text


def pts(result, item_id):
    return result.item(item_id).points


# ratio: 1.1.2 (100% → 2; ≥ 80% → 1), thresholds compared exactly
@pytest.mark.parametrize("planned, done, expected", [
    (100, 100, "2"), (100, 99, "1"), (100, 80, "1"), (10000, 7999, "0"), (5, 4, "1"), (3, 2, "0"),
    (1_000_000_000, 800_000_000, "1"), (1_000_000_000, 799_999_999, "0"),
])
def test_ratio_band_edges(score, planned, done, expected):
    r = score({"1.1.2": {"tasks_planned": planned, "tasks_done": done}})
    assert pts(r, "1.1.2") == D(expected)


def test_ratio_exactly_80_percent_with_decimals(score):
    """6.3 uses money (decimals): 80,00% is "≥ 80%", 79,99% is not."""
    assert pts(score({"6.3": {"investment_planned": "1.000,00", "investment_disbursed": "800,00"}}), "6.3") == D(1)
    assert pts(score({"6.3": {"investment_planned": "1.000,00", "investment_disbursed": "799,99"}}), "6.3") == D(0)
    assert pts(score({"6.3": {"investment_planned": 3, "investment_disbursed": "2,85"}}), "6.3") == D(2)  # exactly 95%


@pytest.mark.parametrize("item_id, fields, policy_points, status", [
    ("3.2.2", {"dossiers_late": 0, "apologies": 0}, "0.5", "achieved"),            # zero → full
    ("3.1.3", {"internal_reviewed": 0, "internal_simplified": 0}, "0", "not_achieved"),  # zero → zero
    ("2.4", {"docs_issued": 0, "docs_published": 0}, "0", "not_applicable"),       # zero → n/a
])
def test_zero_denominators(score, item_id, fields, policy_points, status):
    r = score({item_id: fields})
    assert pts(r, item_id) == D(policy_points)
    assert r.item(item_id).status == status


def test_not_applicable_leaves_numerator_and_denominator(score):
    base = score({"2.4": {"docs_issued": 1, "docs_published": 1}})
    na = score({"2.4": {"docs_issued": 0, "docs_published": 0}})
    assert base.self_max == D("69.5") and na.self_max == D("68.5")
    assert base.components[1].applicable_max == D(8) and na.components[1].applicable_max == D(7)


# deadline: 1.1.1 by 25/01 (on time 1, late 0,5, absent 0)
@pytest.mark.parametrize("value, expected, status", [
    ("25/01/2024", "1", "achieved"),          # the deadline day itself is on time
    ("26/01/2024", "0.5", "not_achieved"),    # the day after
    ("28/12/2023", "1", "achieved"),          # issued in the previous year (allowed for plans)
    ("Không", "0", "not_achieved"),           # declared absent
    ("", "0", "missing_data"),                # left blank: unknown, not "absent"
])
def test_deadline_edges(score, value, expected, status):
    r = score({"1.1.1": {"plan": value}})
    assert pts(r, "1.1.1") == D(expected)
    assert r.item("1.1.1").status == status


def test_deadline_uses_the_assessed_year(score):
    assert pts(score({"1.1.1": {"plan": "20/01/2023"}}, year=2023), "1.1.1") == D(1)
    assert pts(score({"1.1.1": {"plan": "26/01/2023"}}, year=2023), "1.1.1") == D("0.5")


def test_deadline_document_without_date_is_missing(score):
    r = score({"1.1.1": {"plan": "Kế hoạch số 04/KH-SGDĐT về CCHC"}})
    assert r.item("1.1.1").status == "missing_data"
    assert any(f.item == "1.1.1" and "ngày ban hành" in finding_text(f) for f in r.findings)


@pytest.mark.parametrize("q1, h1, q3, year_report, expected", [
    ("10/03/2024", "10/06/2024", "10/09/2024", "10/12/2024", "1"),     # all on the deadline day
    ("10/03/2024", "11/06/2024", "10/09/2024", "10/12/2024", "0.5"),   # one late by a day
    ("10/03/2024", "11/06/2024", "Không", "10/12/2024", "0"),          # one absent
])
def test_multi_deadline(score, q1, h1, q3, year_report, expected):
    r = score({"1.2.1": {"report_q1": q1, "report_h1": h1, "report_q3": q3, "report_year": year_report}})
    assert pts(r, "1.2.1") == D(expected)


# proportional: 3.3.2 target 50% (max 1)
@pytest.mark.parametrize("received, online, expected", [
    (100, 50, "1"), (100, 49, "0.98"), (3, 1, "0.67"), (400, 150, "0.75"), (1343, 1322, "1"), (7, 0, "0"),
    (200, 1, "0.01"), (800, 1, "0"),  # 1 × 0,5% ÷ 50% = 0,01 ; 1 × 0,125% ÷ 50% = 0,0025 → 0,00
])
def test_proportional(score, received, online, expected):
    assert pts(score({"3.3.2": {"dossiers_received": received, "dossiers_online": online}}), "3.3.2") == D(expected)


def test_proportional_rounds_half_up():
    from fractions import Fraction

    from scoring.models.base import round_points
    assert round_points(Fraction(1, 800) * 4) == D("0.01")    # 0,005 → 0,01 (half up)
    assert round_points(Fraction(1, 800)) == D("0.00")        # 0,00125 → 0,00
    assert round_points(D("0.125")) == D("0.13")
    assert round_points(D("2.675")) == D("2.68")              # float would give 2,67


@pytest.mark.parametrize("n, expected", [(0, "2"), (1, "1.5"), (3, "0.5"), (4, "0"), (40, "0")])
def test_deduction(score, n, expected):
    assert pts(score({"5.4.2": {"discipline_cases": n}}), "5.4.2") == D(expected)


@pytest.mark.parametrize("n, bonus", [(0, "0"), (1, "0.5"), (3, "1.5"), (4, "2"), (9, "2")])
def test_count_with_cap(score, n, bonus):
    assert pts(score({"9.1": {"city_initiatives": n}}), "9.1") == D(bonus)


@pytest.mark.parametrize("used, assigned, expected", [(61, 61, "1.5"), (60, 61, "1.5"), (62, 61, "0")])
def test_within_limit(score, used, assigned, expected):
    assert pts(score({"4.2.1": {"staff_assigned": assigned, "staff_used": used}}), "4.2.1") == D(expected)


@pytest.mark.parametrize("a, b, expected", [("Có", "Có", "1.5"), ("Có", "Không", "0.75"), ("Không", "Không", "0")])
def test_checklist(score, a, b, expected):
    assert pts(score({"6.1": {"spending_rules": a, "asset_rules": b}}), "6.1") == D(expected)


@pytest.mark.parametrize("raw, expected", [
    ("Đầy đủ, đúng hạn", "1.5"), ("đầy đủ, đúng hạn", "1.5"), ("full_on_time", "1.5"),
    ("Chậm hoặc chưa đầy đủ", "0.75"), ("Không công khai", "0"),
])
def test_choice(score, raw, expected):
    assert pts(score({"6.2": {"budget_disclosure": raw}}), "6.2") == D(expected)


@pytest.mark.parametrize("raw, expected", [("Có", "1"), ("x", "1"), (True, "1"), ("không", "0"), (False, "0")])
def test_yes_no(score, raw, expected):
    assert pts(score({"4.1.1": {"functions_defined": raw}}), "4.1.1") == D(expected)


@pytest.mark.parametrize("rate, expected", [("93,95%", "7.52"), (100, "8"), (0, "0"), ("50", "4"), ("0,06%", "0")])
def test_survey(score, rate, expected):
    r = score({"8.1": {"sipas_rate": rate}})
    assert pts(r, "8.1") == D(expected)
    assert r.item("8.1").scored_by == "survey"


def test_survey_partial_data_counts_only_items_with_results(score):
    r = score({"8.1": {"sipas_rate": 100}})
    assert r.provisional is True
    assert r.survey_max == D(8) and r.max_points == D("77.5")
    assert r.index == D("10.32")  # 8 / 77,5


def test_bonus_and_penalty_keep_total_within_0_and_100(score):
    r = score({"9.2": {"criticisms": 10}})
    assert r.penalty == D(2) and r.total == 0 and r.index == 0  # never negative


def test_classification_bands(score, rs2024):
    # the bands are rules durable_rules decides on the index (scoring/engine/rete.py)
    labels = [b.label for b in rs2024.ruleset.classification]
    assert labels == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]

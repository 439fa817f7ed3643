"""Values as Vietnamese offices write them."""

import datetime as dt
from decimal import Decimal as D

import pytest

from scoring.values import (
    ValueProblem,
    looks_like_formula,
    parse_choice,
    parse_count,
    parse_date,
    parse_decimal,
    parse_document,
    parse_percent,
    parse_yes_no,
)


@pytest.mark.parametrize("raw, expected", [
    ("1.343", 1343), ("1343", 1343), (" 1.343 ", 1343), ("1 343", 1343), (1343, 1343), (1343.0, 1343),
    ("1.234.567", 1234567), ("1,234,567", 1234567), ("0", 0), ("\u00a012\u00a0", 12),
])
def test_counts(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw, code", [
    ("-3", "negative"), ("1,5", "not_whole"), ("abc", "not_a_number"), ("12a", "not_a_number"),
    ("", "not_a_number"), (True, "not_a_number"), ("1..2", "not_a_number"), (float("nan"), "not_a_number"),
])
def test_bad_counts(raw, code):
    with pytest.raises(ValueProblem) as exc:
        parse_count(raw)
    assert exc.value.code == code


@pytest.mark.parametrize("raw, expected", [
    ("98,4", "98.4"), ("93.81", "93.81"), ("1.343,5", "1343.5"), ("1,343.5", "1343.5"), ("0.125", "0.125"),
    ("11.800,5", "11800.5"), ("-2,5", "-2.5"), (2.675, "2.675"), ("12.500", "12500"),
])
def test_decimals(raw, expected):
    assert parse_decimal(raw) == D(expected)


@pytest.mark.parametrize("raw, expected", [
    ("93,81%", "93.81"), ("93.81 %", "93.81"), (93.81, "93.81"), ("100%", "100"), ("0%", "0"), ("98,4", "98.4"),
])
def test_percent(raw, expected):
    assert parse_percent(raw) == D(expected)


@pytest.mark.parametrize("raw, code", [("101%", "percent_out_of_range"), ("-1%", "percent_out_of_range"),
                                       ("nhiều", "not_a_percent")])
def test_bad_percent(raw, code):
    with pytest.raises(ValueProblem) as exc:
        parse_percent(raw)
    assert exc.value.code == code


@pytest.mark.parametrize("raw, expected", [
    ("25/01/2024", dt.date(2024, 1, 25)), ("25/1/2024", dt.date(2024, 1, 25)), ("5-2-2024", dt.date(2024, 2, 5)),
    ("25.01.2024", dt.date(2024, 1, 25)), ("2024-01-25", dt.date(2024, 1, 25)), ("25/01/24", dt.date(2024, 1, 25)),
    ("ngày 25 tháng 01 năm 2024", dt.date(2024, 1, 25)), ("Ngày 5 tháng 2 năm 2024", dt.date(2024, 2, 5)),
    (dt.datetime(2024, 1, 25, 0, 0), dt.date(2024, 1, 25)), (45316, dt.date(2024, 1, 25)),  # Excel serial
])
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw, code", [("31/02/2024", "impossible_date"), ("hôm qua", "not_a_date"), (12, "not_a_date")])
def test_bad_dates(raw, code):
    with pytest.raises(ValueProblem) as exc:
        parse_date(raw)
    assert exc.value.code == code


@pytest.mark.parametrize("raw, expected", [("Có", True), ("có", True), ("CÓ", True), ("x", True), ("Đã ban hành", True),
                                           ("Không", False), ("không", False), ("Chưa", False), (0, False), (1, True)])
def test_yes_no(raw, expected):
    assert parse_yes_no(raw) is expected


def test_choice_matches_label_or_code_without_ambiguity():
    options = {"full": "Đầy đủ, đúng hạn", "late": "Chậm hoặc chưa đầy đủ"}
    assert parse_choice("Day du, dung han", options) == "full"
    assert parse_choice("late", options) == "late"
    with pytest.raises(ValueProblem) as exc:
        parse_choice("Một phần", options)
    assert "Đầy đủ, đúng hạn; Chậm hoặc chưa đầy đủ" in exc.value.params["options"]


def test_documents_pick_number_and_date():
    doc = parse_document("Kế hoạch số 04/KH-SGDĐT ngày 13/01/2023 về CCHC")
    assert doc.number == "04/KH-SGDĐT" and doc.date == dt.date(2023, 1, 13)
    doc = parse_document("Quyết định 159/QĐ-SGDĐT ngày 03 tháng 02 năm 2023")
    assert doc.date == dt.date(2023, 2, 3)
    doc = parse_document({"number": "04/KH", "date": "13/01/2023", "title": "Kế hoạch CCHC"})
    assert doc.date == dt.date(2023, 1, 13) and "Kế hoạch CCHC" in doc.text


@pytest.mark.parametrize("text, formula", [
    ("=SUM(A1:A3)", True), ("+1+1", True), ("@SUM(1)", True), ("-cmd|' /C calc'!A0", True),
    ("- Kế hoạch số 04", False), ("-5", False), ("Kế hoạch = 2", False), ("  =1+1", True),
])
def test_formula_like_text(text, formula):
    assert looks_like_formula(text) is formula

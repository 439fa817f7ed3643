"""Property tests: bounds, sums, monotonicity, exclusivity of the decision rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from core_support import RULES_2024
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data
from scoring.models.ruleset import ProportionalMethod, RatioMethod, Sum
from scoring.ruleset import load_ruleset

LOADED = load_ruleset(RULES_2024)
RS = LOADED.ruleset
ITEMS = RS.items()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(f, year):
    if f.type == "count":
        return st.integers(0, 400)
    if f.type == "percent":
        return st.decimals(0, 100, places=2).map(lambda d: f"{d}".replace(".", ",") + "%")
    if f.type == "number":
        return st.decimals(0, 100000, places=1).map(str)
    if f.type == "date":
        return st.one_of(st.dates(dt.date(year - 1, 6, 1), dt.date(year, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
                         st.just("Không"))
    if f.type == "yes_no":
        return st.sampled_from(["Có", "Không"])
    if f.type == "choice":
        return st.sampled_from([o.label for o in f.options])
    if f.type == "document":
        return st.dates(dt.date(year - 1, 10, 1), dt.date(year, 12, 31)).map(
            lambda d: f"Kế hoạch số 1/KH ngày {d.strftime('%d/%m/%Y')}")
    return st.text(min_size=1, max_size=20)


@st.composite
def evidence(draw, year=2024):
    items = {}
    for item in ITEMS:
        if draw(st.integers(0, 9)) == 0:
            continue  # leave the whole item blank sometimes
        values = {}
        for f in item.evidence:
            if draw(st.integers(0, 14)) == 0:
                continue  # a blank field
            values[f.name] = draw(_value(f, year))
        m = item.method
        if isinstance(m, (RatioMethod, ProportionalMethod)) and draw(st.integers(0, 4)):
            num = m.numerator if isinstance(m.numerator, str) else None
            den = m.denominator if isinstance(m.denominator, str) else None
            if num and den and isinstance(values.get(num), int) and isinstance(values.get(den), int):
                values[num] = min(values[num], values[den])  # mostly consistent figures
        entry = {"values": values}
        if draw(st.booleans()):
            entry["documents"] = ["Tài liệu kiểm chứng số 1/BC"]
        items[item.id] = entry
    return {"unit": "Đơn vị ngẫu nhiên", "year": year, "items": items}


def run(data):
    return evaluate(LOADED, evidence_from_data(data))


@SETTINGS
@given(evidence())
def test_points_within_bounds_and_sums_add_up(data):
    r = run(data)
    for item in r.items:
        assert 0 <= item.points <= item.max_points, item.id
        assert item.points == item.points.quantize(D("0.01"))
    by_id = {i.id: i for i in r.items}
    for comp in r.components:
        assert comp.points == sum(i.points for i in r.items if i.component == comp.id and i.effect == "score")
    for crit in r.criteria:
        assert crit.points == sum(i.points for i in r.items if i.criterion == crit.id)
    assert sum(c.points for c in r.components) == r.self_points + sum(
        i.points for i in r.items if i.scored_by == "survey")
    raw_total = r.self_points + r.survey_points + r.bonus - r.penalty
    assert r.total == min(D(100), max(D(0), raw_total))
    assert 0 <= r.index <= 100
    assert r.bonus <= RS.totals.bonus_limit and r.penalty <= RS.totals.penalty_limit
    assert by_id["9.1"].points == r.bonus
    lost = sum((f.points_lost or D(0) for f in r.findings), D(0))
    assert lost == sum(i.max_points - i.points for i in r.items
                       if i.effect == "score" and i.scored_by == "self" and i.status != "not_applicable")


@SETTINGS
@given(evidence(), st.data())
def test_more_done_never_lowers_a_score(data, more):
    """Raising a "more is better" numerator (within its whole) never lowers points."""
    candidates = [it for it in ITEMS if isinstance(it.method, (RatioMethod, ProportionalMethod))
                  and isinstance(it.method.numerator, str) and it.id in data["items"]
                  and isinstance(data["items"][it.id]["values"].get(it.method.numerator), int)]
    if not candidates:
        return
    item = more.draw(st.sampled_from(candidates))
    values = data["items"][item.id]["values"]
    num = item.method.numerator
    den = item.method.denominator
    parts = (list(den.sum), list(den.minus)) if isinstance(den, Sum) else ([den], [])
    if not all(isinstance(values.get(n), int) for n in parts[0] + parts[1]):
        return
    whole = sum(values[n] for n in parts[0]) - sum(values[n] for n in parts[1])
    ceiling = whole if item.method.part_of_whole else values[num] + 50  # a part never exceeds its whole
    if values[num] >= ceiling:
        return
    before = run(data)
    values[num] = more.draw(st.integers(values[num] + 1, ceiling))
    after = run(data)
    assert after.item(item.id).points >= before.item(item.id).points
    assert after.total >= before.total


@SETTINGS
@given(evidence(), st.data())
def test_more_evidence_never_lowers_the_total(data, more):
    """Filling a blank input of a scored item, or citing a document, never lowers points."""
    blanks = [(it, f) for it in ITEMS if it.effect != "penalty" for f in it.evidence
              if f.name not in data["items"].get(it.id, {}).get("values", {})]
    if not blanks:
        return
    before = run(data)
    item, field = more.draw(st.sampled_from(blanks))
    entry = data["items"].setdefault(item.id, {"values": {}})
    entry["values"][field.name] = more.draw(_value(field, 2024))
    entry.setdefault("documents", []).append("Báo cáo bổ sung")
    after = run(data)
    assert after.total >= before.total


def test_ratio_items_name_their_fields():
    for item in ITEMS:
        m = item.method
        if isinstance(m, (RatioMethod, ProportionalMethod)):
            for q in (m.numerator, m.denominator):
                names = list(q.sum) + list(q.minus) if isinstance(q, Sum) else [q]
                assert all(item.field(n) for n in names)

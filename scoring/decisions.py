"""Each item's scoring method compiled into a decision table of exclusive rows.

A row is a conjunction of conditions on one *fact* (the item's measured inputs)
and an outcome (constant points, a formula, not applicable, missing). Rows of an
item are exclusive and exhaustive, so exactly one fires. The engine hands the rows
to durable_rules; `match` is the same semantics in plain Python (the test oracle).

Exactness: percentages reach the rows as integers floor(p × 10⁴) and ceil(p × 10⁴),
so "≥ 80%" is `lo ≥ 800000` and "> 95%" is `hi > 950000`; both are exact for
thresholds with at most 4 decimals (checked when the rule set is loaded).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import vn
from .inputs import PreparedItem
from .models.base import round_points, to_fraction
from .models.ruleset import (
    Band,
    ChecklistMethod,
    ChoiceMethod,
    CountMethod,
    DeadlineMethod,
    DeductionMethod,
    Item,
    ProportionalMethod,
    RatioMethod,
    RuleSet,
    SurveyMethod,
    WithinLimitMethod,
    YesNoMethod,
)
from .values import ABSENT, DocumentRef, parse_day_month

SCALE = 10**4
CLAMP = 10**13  # keeps integers exact in durable_rules' doubles


@dataclass(frozen=True)
class Cond:
    attr: str
    op: str  # eq ne ge gt le lt
    value: int | str

    def holds(self, fact: dict[str, Any]) -> bool:
        v = fact.get(self.attr)
        if v is None:
            return False
        return {
            "eq": v == self.value,
            "ne": v != self.value,
            "ge": v >= self.value,
            "gt": v > self.value,
            "le": v <= self.value,
            "lt": v < self.value,
        }[self.op]

    def durable(self) -> dict[str, Any]:
        if self.op == "eq":
            return {self.attr: self.value}
        op = {"ne": "$neq", "ge": "$gte", "gt": "$gt", "le": "$lte", "lt": "$lt"}[self.op]
        return {op: {self.attr: self.value}}


@dataclass(frozen=True)
class Row:
    id: str
    item: str
    state: str
    conds: tuple[Cond, ...]
    outcome: str  # points | formula | not_applicable | missing
    points: Decimal | None
    text: str
    band: Band | None = None
    key: str = ""

    def durable(self) -> dict[str, Any]:
        conds = [{"item": self.item}, {"state": self.state}] + [c.durable() for c in self.conds]
        return {"all": [{"m": {"$and": conds}}]}

    def holds(self, fact: dict[str, Any]) -> bool:
        return fact.get("item") == self.item and fact.get("state") == self.state and all(c.holds(fact) for c in self.conds)


@dataclass(frozen=True)
class Table:
    item: Item
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rows})

    def row(self, row_id: str) -> Row:
        return self._by_id[row_id]  # type: ignore[attr-defined]


def compile_ruleset(rs: RuleSet) -> dict[str, Table]:
    return {item.id: compile_item(item) for item in rs.items()}


def match(table: Table, fact: dict[str, Any]) -> list[Row]:
    """Plain-Python evaluation of the same rows (oracle for tests and self-checks)."""
    return [r for r in table.rows if r.holds(fact)]


# --------------------------------------------------------------------------- compile

def compile_item(item: Item) -> Table:
    iid, mx, m = item.id, item.max_points, item.method

    def row(key: str, state: str, conds: list[Cond], outcome: str, points: Decimal | None, text: str,
            band: Band | None = None) -> Row:
        return Row(f"{iid}/{key}", iid, state, tuple(conds), outcome, points, text, band, key)

    rows = [
        row("na", "not_applicable", [], "not_applicable", None, "Không áp dụng"),
        row("missing", "missing", [], "missing", Decimal(0), "Thiếu dữ liệu → 0 điểm"),
    ]
    if isinstance(m, (RatioMethod, ProportionalMethod)):
        policy = {"not_applicable": ("not_applicable", None, "Mẫu số bằng 0 → không áp dụng"),
                  "full": ("points", mx, f"Mẫu số bằng 0 → {_pts(mx)}"),
                  "zero": ("points", Decimal(0), "Mẫu số bằng 0 → 0 điểm")}[m.zero_denominator]
        rows.append(row("zero", "zero_denominator", [], policy[0], policy[1], policy[2]))

    if isinstance(m, DeadlineMethod):
        single = len(m.due) == 1
        deadlines = ", ".join(d.by for d in m.due)
        rows += [
            row("on_time", "measured", [Cond("absent", "eq", 0), Cond("late", "eq", 0)], "points", m.on_time,
                f"{'Đúng hạn' if single else 'Tất cả đúng hạn'} (hạn {deadlines}) → {_pts(m.on_time)}"),
            row("late", "measured", [Cond("absent", "eq", 0), Cond("late", "gt", 0)], "points", m.late,
                f"{'Trễ hạn' if single else 'Đủ nhưng có văn bản trễ hạn'} → {_pts(m.late)}"),
            row("absent", "measured", [Cond("absent", "gt", 0)], "points", m.missing,
                f"{'Không có' if single else 'Thiếu văn bản'} → {_pts(m.missing)}"),
        ]
    elif isinstance(m, RatioMethod):
        rows += _band_rows(iid, m.bands, m.otherwise, percent=True)
    elif isinstance(m, ChecklistMethod):
        rows += _band_rows(iid, m.bands, m.otherwise, percent=False)
    elif isinstance(m, ProportionalMethod):
        t = _scaled(m.target)
        rows += [
            row("reached", "measured", [Cond("lo", "ge", t)], "points", mx,
                f"≥ {vn.number(m.target)}% (chỉ tiêu) → {_pts(mx)}"),
            row("below", "measured", [Cond("lo", "lt", t)], "formula", None,
                f"< {vn.number(m.target)}% → {vn.number(mx)} × tỷ lệ ÷ {vn.number(m.target)}%"),
        ]
    elif isinstance(m, YesNoMethod):
        yes = m.yes if m.yes is not None else mx
        rows += [
            row("yes", "measured", [Cond("v", "eq", 1)], "points", yes, f"Có → {_pts(yes)}"),
            row("no", "measured", [Cond("v", "eq", 0)], "points", m.no, f"Không → {_pts(m.no)}"),
        ]
    elif isinstance(m, ChoiceMethod):
        labels = {o.value: o.label for o in (item.field(m.field).options or [])} if item.field(m.field) else {}
        for code, pts in m.points.items():
            rows.append(row(f"opt_{code}", "measured", [Cond("opt", "eq", code)], "points", pts,
                            f"«{labels.get(code, code)}» → {_pts(pts)}"))
    elif isinstance(m, DeductionMethod):
        k = math.ceil((mx - m.floor) / m.step)
        rows.append(row("none", "measured", [Cond("n", "eq", 0)], "points", mx, f"Không có trường hợp nào → {_pts(mx)}"))
        if k > 1:
            rows.append(row("each", "measured", [Cond("n", "ge", 1), Cond("n", "lt", k)], "formula", None,
                            f"Mỗi trường hợp trừ {vn.number(m.step)} điểm"))
        rows.append(row("floor", "measured", [Cond("n", "ge", max(k, 1))], "points", m.floor,
                        f"Từ {max(k, 1)} trường hợp → {_pts(m.floor)}"))
    elif isinstance(m, CountMethod):
        cap = m.cap if m.cap is not None else mx
        k = math.ceil(cap / m.each)
        rows.append(row("zero", "measured", [Cond("n", "eq", 0)], "points", Decimal(0), "Không có → 0 điểm"))
        if k > 1:
            rows.append(row("each", "measured", [Cond("n", "ge", 1), Cond("n", "lt", k)], "formula", None,
                            f"{vn.number(m.each)} điểm mỗi lần"))
        rows.append(row("cap", "measured", [Cond("n", "ge", max(k, 1))], "points", cap,
                        f"Từ {max(k, 1)} trở lên → {_pts(cap)} (tối đa)"))
    elif isinstance(m, WithinLimitMethod):
        within = m.within if m.within is not None else mx
        rows += [
            row("within", "measured", [Cond("over", "le", 0)], "points", within, f"Không vượt → {_pts(within)}"),
            row("over", "measured", [Cond("over", "gt", 0)], "points", m.over, f"Vượt → {_pts(m.over)}"),
        ]
    elif isinstance(m, SurveyMethod):
        rows.append(row("rate", "measured", [], "formula", None,
                        f"{vn.number(mx)} × kết quả điều tra (%)"))
    return Table(item, tuple(rows))


def _band_rows(iid: str, bands: list[Band], otherwise: Decimal, *, percent: bool) -> list[Row]:
    """Band k holds when its condition holds and the one above it does not."""
    unit = "%" if percent else " nội dung"
    attr_lo, attr_hi = ("lo", "hi") if percent else ("n", "n")
    out: list[Row] = []
    previous: Band | None = None

    def cond(band: Band, negate: bool) -> Cond:
        t = _scaled(band.threshold) if percent else int(band.threshold)
        if band.strict:
            return Cond(attr_hi, "le" if negate else "gt", t)
        return Cond(attr_lo, "lt" if negate else "ge", t)

    for band in bands:
        conds = [cond(band, False)] + ([cond(previous, True)] if previous else [])
        sign = ">" if band.strict else "≥"
        text = f"{sign} {vn.number(band.threshold)}{unit} → {_pts(band.points)}"
        if band.label:
            text = f"{band.label}: {text}"
        out.append(Row(f"{iid}/{band.key}", iid, "measured", tuple(conds), "points", band.points, text, band, band.key))
        previous = band
    if previous is not None:
        sign = "≤" if previous.strict else "<"
        out.append(Row(f"{iid}/otherwise", iid, "measured", (cond(previous, True),), "points", otherwise,
                       f"{sign} {vn.number(previous.threshold)}{unit} → {_pts(otherwise)}", None, "otherwise"))
    return out


def _scaled(percent: Decimal) -> int:
    return int(percent * SCALE)


def _pts(points: Decimal) -> str:
    return f"{vn.number(points)} điểm"


# --------------------------------------------------------------------------- facts

def deadline_of(by: str, year: int) -> dt.date:
    return parse_day_month(by, year)


def make_fact(p: PreparedItem, year: int) -> dict[str, Any]:
    """The attributes the item's rows test; exact integers only."""
    fact: dict[str, Any] = {"item": p.item.id, "state": p.state}
    if p.state != "measured":
        return fact
    m = p.item.method
    if isinstance(m, (RatioMethod, ProportionalMethod)):
        # exact integer arithmetic: floor and ceil of numerator ÷ denominator × 100 × SCALE
        a, b = _ratio(p.quantity(m.numerator))  # type: ignore[arg-type]
        c, d = _ratio(p.quantity(m.denominator))  # type: ignore[arg-type]
        top, bottom = a * d * 100 * SCALE, b * c
        fact["lo"], fact["hi"] = _clamp(top // bottom), _clamp(-(-top // bottom))
    elif isinstance(m, SurveyMethod):
        fact["lo"], fact["hi"] = _floor_ceil(to_fraction(p.values[m.rate]) * SCALE)
    elif isinstance(m, DeadlineMethod):
        absent = late = 0
        for due in m.due:
            when = due_date(p, due.field)
            if when is None:
                absent += 1
            elif when > deadline_of(due.by, year):
                late += 1
        fact["absent"], fact["late"] = absent, late
    elif isinstance(m, YesNoMethod):
        fact["v"] = 1 if p.values[m.field] else 0
    elif isinstance(m, ChoiceMethod):
        fact["opt"] = p.values[m.field]
    elif isinstance(m, ChecklistMethod):
        fact["n"] = sum(1 for name in m.fields if p.values[name])
    elif isinstance(m, (DeductionMethod, CountMethod)):
        fact["n"] = min(CLAMP, max(0, int(p.quantity(m.count) or 0)))
    elif isinstance(m, WithinLimitMethod):
        diff = Decimal(p.values[m.value]) - Decimal(p.values[m.limit])
        fact["over"] = (diff > 0) - (diff < 0)
    return fact


def _ratio(value: Decimal | int) -> tuple[int, int]:
    return (value, 1) if isinstance(value, int) else value.as_integer_ratio()


def _clamp(n: int) -> int:
    return max(-CLAMP, min(CLAMP, n))


def _floor_ceil(x: Fraction) -> tuple[int, int]:
    lo = math.floor(x)
    hi = math.ceil(x)
    return max(-CLAMP, min(CLAMP, lo)), max(-CLAMP, min(CLAMP, hi))


def ratio_percent(p: PreparedItem) -> Fraction:
    """The exact percentage numerator ÷ denominator × 100 (memoised on the item)."""
    cached = p._quantities.get("%")
    if cached is None:
        m = p.item.method
        a, b = _ratio(p.quantity(m.numerator))  # type: ignore[arg-type]
        c, d = _ratio(p.quantity(m.denominator))  # type: ignore[arg-type]
        cached = p._quantities["%"] = Fraction(a * d * 100, b * c)  # type: ignore[assignment]
    return cached  # type: ignore[return-value]


def due_date(p: PreparedItem, name: str) -> dt.date | None:
    v = p.values.get(name)
    if v is ABSENT or v is None:
        return None
    return v.date if isinstance(v, DocumentRef) else v


# --------------------------------------------------------------------------- outcomes

def formula_points(row: Row, p: PreparedItem) -> tuple[Decimal, str]:
    """Points of a formula row, exact then rounded half up; with the calculation as text."""
    m, mx = p.item.method, p.item.max_points
    if isinstance(m, ProportionalMethod):
        pct = ratio_percent(p)
        value = to_fraction(mx) * min(Fraction(1), pct / to_fraction(m.target))
        pts = round_points(value)
        return pts, f"{vn.number(mx)} × {vn.percent(pct)} ÷ {vn.number(m.target)}% = {vn.number(pts)}"
    if isinstance(m, SurveyMethod):
        rate = to_fraction(p.values[m.rate])
        pts = round_points(to_fraction(mx) * rate / 100)
        return pts, f"{vn.number(mx)} × {vn.number(p.values[m.rate])}% = {vn.number(pts)}"
    if isinstance(m, DeductionMethod):
        n = int(p.quantity(m.count) or 0)
        pts = max(m.floor, mx - m.step * n)
        return round_points(pts), f"{vn.number(mx)} − {vn.number(m.step)} × {n} = {vn.number(pts)}"
    if isinstance(m, CountMethod):
        n = int(p.quantity(m.count) or 0)
        cap = m.cap if m.cap is not None else mx
        pts = min(cap, m.each * n)
        return round_points(pts), f"{vn.number(m.each)} × {n} = {vn.number(pts)}"
    raise ValueError(f"no formula for {row.id}")  # pragma: no cover - compile_item never emits one


def measure_of(p: PreparedItem, year: int) -> tuple[str | None, Decimal | None]:
    """A readable measure for reports and the trace, and its value."""
    if p.state not in ("measured", "zero_denominator"):
        return None, None
    m = p.item.method
    if isinstance(m, (RatioMethod, ProportionalMethod)):
        num, den = p.quantity(m.numerator), p.quantity(m.denominator)
        if p.state == "zero_denominator":
            return f"{vn.number(num)}/{vn.number(den)}", None
        pct = ratio_percent(p)
        return f"{vn.number(num)}/{vn.number(den)} = {vn.percent(pct)}", round_percent(pct)
    if isinstance(m, SurveyMethod):
        return f"{vn.number(p.values[m.rate])}%", Decimal(p.values[m.rate])
    if isinstance(m, DeadlineMethod):
        parts = []
        for due in m.due:
            when, deadline = due_date(p, due.field), deadline_of(due.by, year)
            name = due.label or p.label(due.field).split(" (")[0]
            if when is None:
                parts.append(f"{name}: không có")
            else:
                days = (when - deadline).days
                state = "đúng hạn" if days <= 0 else f"trễ {days} ngày"
                parts.append(f"{name}: {vn.date(when)} ({state}, hạn {vn.date(deadline)})" if len(m.due) > 1
                             else f"{vn.date(when)} ({state}, hạn {vn.date(deadline)})")
        return "; ".join(parts), None
    if isinstance(m, YesNoMethod):
        return ("Có" if p.values[m.field] else "Không"), None
    if isinstance(m, ChoiceMethod):
        f = p.item.field(m.field)
        labels = {o.value: o.label for o in (f.options or [])} if f else {}
        return labels.get(p.values[m.field], p.values[m.field]), None
    if isinstance(m, ChecklistMethod):
        n = sum(1 for name in m.fields if p.values[name])
        return f"{n}/{len(m.fields)} nội dung", Decimal(n)
    if isinstance(m, (DeductionMethod, CountMethod)):
        n = int(p.quantity(m.count) or 0)
        return vn.number(n), Decimal(n)
    if isinstance(m, WithinLimitMethod):
        return f"{vn.number(p.values[m.value])}/{vn.number(p.values[m.limit])}", None
    return None, None


def round_percent(pct: Fraction) -> Decimal:
    """A percentage kept to 4 decimals (display and JSON; comparisons use the exact value)."""
    scaled = pct * SCALE
    return Decimal(math.floor(scaled + Fraction(1, 2))) / SCALE

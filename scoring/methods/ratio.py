"""Ratio: numerator ÷ denominator in %, the first band that holds wins, else `otherwise`.

The rows also decide what the figures say before any band: a negative denominator or,
for a part of a whole, a numerator above its denominator leaves the item unscored with
the contradiction named; a zero denominator follows the rule set's policy.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.base import to_fraction
from ..models.result import Finding, Message
from ..models.ruleset import Item, ProportionalMethod, RatioMethod, Sum
from .base import Method, StaticChecks, first, message, names
from .rows import SCALE, Cond, Row, band_rows, clamp, row

FULL = 100 * SCALE  # 100 % in the rows' units


class RatioLike(Method):
    """What ratio and proportional share: the quantities, the guards, the measure."""

    def fields(self, m: Any) -> tuple[str, ...]:
        return tuple(dict.fromkeys(names(m.numerator) + names(m.denominator)))

    def guard_rows(self, item: Item) -> tuple[list[Row], tuple[Cond, ...]]:
        """Rows for a negative, zero or (part of a whole) exceeded denominator, and the guard the
        band rows carry so that they only see a sound ratio."""
        m = item.method
        mx = item.max_points
        policy = {"not_applicable": ("not_applicable", None, "row_zero_na"),
                  "full": ("points", mx, "row_zero_points"),
                  "zero": ("points", Decimal(0), "row_zero_points")}[m.zero_denominator]
        rows = [
            row(item.id, "negative", [Cond("sd", "eq", -1)], "missing", Decimal(0), render("row_negative"),
                problem="negative_denominator"),
            row(item.id, "zero", [Cond("sd", "eq", 0)], policy[0], policy[1],
                render(policy[2], points=policy[1])),
        ]
        guard: tuple[Cond, ...] = (Cond("sd", "eq", 1),)
        if m.part_of_whole:
            rows.append(row(item.id, "exceeds", [Cond("sd", "eq", 1), Cond("hi", "gt", FULL)], "missing", Decimal(0),
                            render("row_exceeds"), problem="part_exceeds_whole"))
            guard += (Cond("hi", "le", FULL),)
        return rows, guard

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        den = x.quantity(item.method.denominator)
        if den <= 0:
            return {"sd": -1 if den < 0 else 0, "lo": 0, "hi": 0}
        top, bottom = scaled_percent(x)
        return {"sd": 1, "lo": clamp(top // bottom), "hi": clamp(-(-top // bottom))}

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        m = item.method
        num, den = x.quantity(m.numerator), x.quantity(m.denominator)
        if den <= 0:
            return message("measure_fraction", num=num, den=den), None
        shown = round_percent(x)
        return message("measure_ratio", num=num, den=den, percent=shown), shown

    def problem(self, item: Item, row: Row, x: Any, lost: Decimal) -> list[Finding]:
        """The contradiction a guard row found, carrying the item's lost points."""
        m = item.method
        num, den = x.quantity(m.numerator), x.quantity(m.denominator)
        if row.problem == "negative_denominator":
            name = first(m.denominator)
            return [finding("inconsistent", "negative_denominator", "error", item=item.id, field=name,
                            cell=x.cell(name), points_lost=lost, den_label=x.quantity_label(m.denominator), den=den)]
        name = first(m.numerator)
        return [finding("inconsistent", "part_exceeds_whole", "error", item=item.id, field=name, cell=x.cell(name),
                        points_lost=lost, num_label=x.quantity_label(m.numerator), num=num,
                        den_label=x.quantity_label(m.denominator), den=den)]

    def zero_lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal) -> list[Finding]:
        if row.not_applicable or lost <= 0:
            return []
        den = item.method.denominator
        label = x.quantity_label(den)
        return [finding("points_lost", "points_lost_zero", "info", item=item.id, field=first(den),
                        cell=x.cell(first(den)), points_lost=lost, label=label, points=points, max=item.max_points,
                        recovery=message("recover_zero", label=label))]

    def static_quantities(self, item: Item, checks: StaticChecks) -> None:
        checks.need_quantity(item.method.numerator, ("numerator",))
        checks.need_quantity(item.method.denominator, ("denominator",))


class Ratio(RatioLike):
    kind = "ratio"

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: RatioMethod = item.method  # type: ignore[assignment]
        self.static_quantities(item, checks)
        checks.bands(m.bands, m.otherwise, percent=True, ceiling=Decimal(100) if m.part_of_whole else None)
        checks.within_max(m.otherwise, ("otherwise",))

    def rows(self, item: Item) -> list[Row]:
        m: RatioMethod = item.method  # type: ignore[assignment]
        guards, guard = self.guard_rows(item)
        return guards + band_rows(item.id, m.bands, m.otherwise, percent=True, guard=guard)

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: RatioMethod = item.method  # type: ignore[assignment]
        if row.problem:
            return self.problem(item, row, x, lost)
        if row.key == "zero":
            return self.zero_lost(item, row, x, points, lost)
        nxt = band_above(m.bands, row)
        recovery = ratio_recovery(x, m.numerator, m.denominator, nxt.threshold, nxt.strict, nxt.points) if nxt else None
        target = m.bands[0]
        measure, _ = self.measure(item, x, year)
        return [finding("target_missed", "target_missed", "info", item=item.id, field=first(m.numerator),
                        cell=x.cell(first(m.numerator)), points_lost=lost, recovery=recovery,
                        **measure.params, band=target.label or band_text(target), points=points, max=item.max_points)]

    def describe(self, item: Item) -> str:
        m: RatioMethod = item.method  # type: ignore[assignment]
        return render("method_ratio", num=quantity_words(item, m.numerator), den=quantity_words(item, m.denominator))


# --------------------------------------------------------------------------- shared arithmetic

def _ratio(value: Decimal | int) -> tuple[int, int]:
    return (value, 1) if isinstance(value, int) else value.as_integer_ratio()


def scaled_percent(x: Any) -> tuple[int, int]:
    """numerator ÷ denominator × 100 × 10⁴ as an exact fraction (top, bottom > 0), memoised on the item."""
    cached = x._quantities.get("%")
    if cached is None:
        m = x.spec.item.method
        a, b = _ratio(x.quantity(m.numerator))
        c, d = _ratio(x.quantity(m.denominator))
        top, bottom = a * d * 100 * SCALE, b * c
        cached = x._quantities["%"] = (-top, -bottom) if bottom < 0 else (top, bottom)
    return cached


def percent(x: Any) -> Fraction:
    """The exact percentage numerator ÷ denominator × 100."""
    top, bottom = scaled_percent(x)
    return Fraction(top, bottom * SCALE)


def round_percent(x: Any) -> Decimal:
    """The percentage kept to 4 decimals, half up (display and JSON; the rows compare the exact value)."""
    top, bottom = scaled_percent(x)
    return Decimal((2 * top + bottom) // (2 * bottom)).scaleb(-4)


def band_above(bands: list, row: Row):  # type: ignore[no-untyped-def]
    """The band just above the one that fired (the next step up)."""
    if row.band is None:  # "otherwise" fired: the lowest band is the next step
        return bands[-1] if bands else None
    index = next(i for i, b in enumerate(bands) if b.key == row.band.key)
    return bands[index - 1] if index > 0 else None


@functools.lru_cache(maxsize=1024)
def _band_words(strict: bool, threshold: Decimal) -> str:
    return render("band_short", sign=">" if strict else "≥", threshold=threshold)


def band_text(band: Any) -> str:
    """A band as officials write it («≥ 100%»); from the rule set alone, so worked out once."""
    return _band_words(band.strict, band.threshold)


def ratio_recovery(x: Any, numerator: str | Sum, denominator: str | Sum, threshold: Decimal, strict: bool,
                   points: Decimal) -> Message | None:
    """The smallest numerator (denominator unchanged) that reaches the threshold."""
    num, den = x.quantity(numerator), x.quantity(denominator)
    if num is None or den is None or den <= 0:
        return None
    p, q = threshold.as_integer_ratio()
    integral = type(num) is int and type(den) is int
    if integral:  # whole counts: the next whole number that reaches the band, in integers
        top, bottom = den * p, 100 * q
        needed: Fraction | int = top // bottom + 1 if strict else -(-top // bottom)
    else:
        target = to_fraction(den) * Fraction(p, q) / 100
        needed = target + Fraction(1, 100) if strict else target
    name = first(numerator)
    label = x.label(name)
    if x.spec.item.method.part_of_whole and needed > (den if integral else to_fraction(den)):
        return message("recover_impossible", label=label)
    need = needed - num if integral else _exact(needed - to_fraction(num))
    value = _exact(needed) if not integral else needed
    f = x.spec.item.field(name)
    unit = f.unit if f and f.unit else None
    if unit and label.lower().startswith(f"số {unit} "):
        return message("recover_ratio_phrase", need=need, unit=unit, label=label[len(f"số {unit} "):],
                       value=value, points=points)
    if unit:
        return message("recover_ratio", need=need, unit=unit, label=label, value=value, points=points)
    return message("recover_ratio_nounit", need=need, label=label, value=value, points=points)


def _exact(value: Fraction | Decimal | int) -> Decimal | int:
    value = Fraction(value)
    if value.denominator == 1:
        return value.numerator
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def quantity_words(item: Item, q: str | Sum) -> str:
    def label(name: str) -> str:
        f = item.field(name)
        return f"«{f.label}»" if f else name

    if isinstance(q, Sum):
        text = " + ".join(label(n) for n in q.sum)
        return "(" + text + "".join(f" − {label(n)}" for n in q.minus) + ")" if q.minus or len(q.sum) > 1 else text
    return label(q)


__all__ = ["ProportionalMethod", "Ratio", "RatioLike", "band_above", "percent", "ratio_recovery", "round_percent"]

"""Decision rows: conditions on one item's fact and the outcome they lead to.

An item's table is exclusive and exhaustive over the facts its inputs can produce, so
exactly one row fires (tests/test_decisions.py proves it against a reference matcher
on random facts, band edges included). `rete` translates rows into durable_rules.

Exactness: a percentage reaches the rows as the integers floor(p × 10⁴) and ceil(p × 10⁴)
(`lo`, `hi`), so "≥ 80%" is `lo ≥ 800000` and "> 95%" is `hi > 950000`; both are exact
for thresholds with at most 4 decimals (checked when the rule set is loaded).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..messages import render
from ..models.ruleset import Band

SCALE = 10**4
CLAMP = 10**15  # integers stay exact in durable_rules' doubles (< 2**53)

_DURABLE_OP = {"ne": "$neq", "ge": "$gte", "gt": "$gt", "le": "$lte", "lt": "$lt"}


@dataclass(frozen=True)
class Cond:
    """`fact[attr] op value`."""

    attr: str
    op: str  # eq ne ge gt le lt
    value: int | str

    def durable(self) -> dict[str, Any]:
        if self.op == "eq":
            return {self.attr: self.value}
        return {_DURABLE_OP[self.op]: {self.attr: self.value}}

    def negated(self) -> Cond:
        return Cond(self.attr, _NEGATION[self.op], self.value)


_NEGATION = {"eq": "ne", "ne": "eq", "ge": "lt", "lt": "ge", "gt": "le", "le": "gt"}


@dataclass(frozen=True)
class AnyOf:
    """At least one of the conditions holds.

    durable_rules fires a rule once per branch of an `$or` that holds, so the branches are
    made exclusive: the k-th is "c_k and none of c_1 … c_k−1".
    """

    conds: tuple[Cond, ...]

    def durable(self) -> dict[str, Any]:
        branches = []
        for k, c in enumerate(self.conds):
            parts = [p.negated().durable() for p in self.conds[:k]] + [c.durable()]
            branches.append(parts[0] if len(parts) == 1 else {"$and": parts})
        return {"$or": branches}


Condition = Cond | AnyOf

#: Row outcomes: constant points, points computed by the method, not applicable, or no score
#: (blank inputs, or figures that contradict each other).
OUTCOMES = ("points", "formula", "not_applicable", "missing")


@dataclass(frozen=True)
class Row:
    id: str                      # "1.6/ge90": stable, cited by traces
    key: str                     # "ge90"
    state: str                   # the item fact's state: measured | missing | not_applicable
    conds: tuple[Condition, ...]
    outcome: str
    points: Decimal | None
    label: str                   # the row in Vietnamese
    band: Band | None = None
    problem: str | None = None   # for a "missing" row met on measured figures: the finding code
    follows: str | None = None   # for "not applicable because item X is": X

    @property
    def not_applicable(self) -> bool:
        return self.outcome == "not_applicable"


def row(item_id: str, key: str, conds: list[Condition], outcome: str, points: Decimal | None, label: str,
        *, state: str = "measured", band: Band | None = None, problem: str | None = None) -> Row:
    return Row(f"{item_id}/{key}", key, state, tuple(conds), outcome, points, label, band, problem)


def band_rows(item_id: str, bands: list[Band], otherwise: Decimal, *, percent: bool,
              guard: tuple[Condition, ...] = ()) -> list[Row]:
    """Band k holds when its threshold holds and the one above it does not; then "otherwise"."""
    unit = "%" if percent else " nội dung"
    attr_lo, attr_hi = ("lo", "hi") if percent else ("n", "n")

    def cond(band: Band, negate: bool) -> Cond:
        t = scaled(band.threshold) if percent else int(band.threshold)
        if band.strict:
            return Cond(attr_hi, "le" if negate else "gt", t)
        return Cond(attr_lo, "lt" if negate else "ge", t)

    out: list[Row] = []
    previous: Band | None = None
    for band in bands:
        conds = [*guard, cond(band, False)] + ([cond(previous, True)] if previous else [])
        text = render("row_band", sign=">" if band.strict else "≥", threshold=band.threshold, unit=unit,
                      points=band.points)
        if band.label:
            text = f"{band.label}: {text}"
        out.append(row(item_id, band.key, conds, "points", band.points, text, band=band))
        previous = band
    if previous is not None:
        out.append(row(item_id, "otherwise", [*guard, cond(previous, True)], "points", otherwise,
                       render("row_band", sign="≤" if previous.strict else "<", threshold=previous.threshold,
                              unit=unit, points=otherwise)))
    return out


def scaled(percent: Decimal) -> int:
    return int(percent * SCALE)


def clamp(n: int) -> int:
    return max(-CLAMP, min(CLAMP, n))

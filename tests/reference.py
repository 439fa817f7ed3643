"""A plain-Python reference for the engine's compiled rules (the durable_rules translation's oracle).

It reads the same compiled objects the engine hands to durable_rules (rows, check terms,
classification bands) and decides them the obvious way, one item at a time.
"""

from __future__ import annotations

from typing import Any

from scoring.engine.compiled import CheckSpec, ClassRow, CompiledRuleSet, ItemSpec
from scoring.methods.rows import AnyOf, Cond, Row

_OPS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "ge": lambda a, b: a >= b,
        "gt": lambda a, b: a > b, "le": lambda a, b: a <= b, "lt": lambda a, b: a < b}


def holds(cond: Cond | AnyOf, fact: dict[str, Any]) -> bool:
    if isinstance(cond, AnyOf):
        return any(holds(c, fact) for c in cond.conds)
    value = fact.get(cond.attr)
    return value is not None and _OPS[cond.op](value, cond.value)


def rows_holding(spec: ItemSpec, fact: dict[str, Any], outcomes: dict[str, dict[str, Any]]) -> list[Row]:
    """Every row of the item whose conditions hold; None-safe when an outcome is not known yet."""
    out = []
    for r in spec.rows:
        if r.state != "any" and fact.get("s") != r.state:
            continue
        if not all(holds(c, fact) for c in r.conds):
            continue
        ok = True
        for other in spec.follows:
            seen = outcomes.get(other)
            if seen is None:
                ok = False
                break
            if r.follows is None:
                ok = seen["na"] == 0
            elif other == r.follows:
                ok = seen["na"] == 1
                break
            else:
                ok = seen["na"] == 0
            if not ok:
                break
        if ok:
            out.append(r)
    return out


def check_passes(check: CheckSpec, values: dict[tuple[str, str], int]) -> bool | None:
    """None when a figure is missing (not evaluated)."""
    if not all((t.item, t.field) in values for t in check.terms):
        return None
    total = sum(t.coef * values[(t.item, t.field)] for t in check.terms)
    return total == 0 if check.op == "eq" else total <= 0


def classify(classes: list[ClassRow], x: int) -> list[str]:
    return [c.id for c in classes if x >= c.lower and (c.upper is None or x < c.upper)]


def decide(comp: CompiledRuleSet, facts: list[dict[str, Any]]) -> dict[str, list[str]]:
    """item → the rows that hold, resolving "not applicable whenever Y is" in dependency order."""
    items = {f["i"]: f for f in facts if f["t"] == "i"}
    outcomes: dict[str, dict[str, Any]] = {}
    decided: dict[str, list[str]] = {}
    progress = True
    while progress:
        progress = False
        for iid, fact in items.items():
            if iid in decided:
                continue
            spec = comp.by_id[iid]
            if any(o not in outcomes for o in spec.follows):
                continue
            rows = rows_holding(spec, fact, outcomes)
            decided[iid] = [r.id for r in rows]
            if len(rows) == 1:
                outcomes[iid] = {"na": 1 if rows[0].not_applicable else 0}
            progress = True
    return decided

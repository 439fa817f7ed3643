"""durable_rules decides what the plain-Python reference decides, on random facts.

Facts are drawn the way the engine builds them (states, exact integer attributes, band
edges: every threshold −1, itself, +1), for every item of the reference index at once,
so joins ("not applicable whenever Y is", checks across items) and chaining are exercised.
"""

from __future__ import annotations

from collections import defaultdict

from core_support import RULES_2024
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import check_passes, classify, decide

from scoring.engine.compiled import compiled
from scoring.engine.rete import rete_for
from scoring.methods.rows import AnyOf
from scoring.ruleset import load_ruleset

COMP = compiled(load_ruleset(RULES_2024))
RETE = rete_for(COMP)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DOMAIN = {"sd": [-1, 0, 1], "v": [0, 1], "over": [-1, 0, 1]}


def _edges(spec) -> dict[str, list]:
    found: dict[str, set] = defaultdict(set)
    for r in spec.rows:
        for c in r.conds:
            for cc in (c.conds if isinstance(c, AnyOf) else (c,)):
                if isinstance(cc.value, int):
                    found[cc.attr] |= {cc.value - 1, cc.value, cc.value + 1}
                else:
                    found[cc.attr].add(cc.value)
    return {k: sorted(v) for k, v in found.items()}


@st.composite
def item_fact(draw, spec):
    state = draw(st.sampled_from(["measured", "missing", "not_applicable"]))
    fact = {"t": "i", "i": spec.item.id, "s": state}
    if state == "measured":
        for attr, edges in _edges(spec).items():
            if attr in _DOMAIN:
                fact[attr] = draw(st.sampled_from(_DOMAIN[attr]))
            elif attr.startswith("a"):  # a deadline's document absent: 0 or 1
                fact[attr] = draw(st.sampled_from([0, 1]))
            elif attr == "opt":
                fact[attr] = draw(st.sampled_from(edges))
            elif attr in ("lo", "hi"):
                continue
            elif attr == "n":
                fact[attr] = draw(st.one_of(st.sampled_from([e for e in edges if e >= 0]), st.integers(0, 50)))
            else:
                fact[attr] = draw(st.one_of(st.sampled_from(edges), st.integers(-400, 400)))
        edges = _edges(spec)
        if "lo" in edges or "hi" in edges:
            lo = draw(st.one_of(st.sampled_from(edges.get("lo", []) + edges.get("hi", [])), st.integers(-10, 1_100_000)))
            fact["lo"], fact["hi"] = lo, lo + draw(st.sampled_from([0, 1]))
    if spec.documents_required:
        fact["d"], fact["x"] = draw(st.sampled_from([0, 1])), draw(st.sampled_from([0, 1]))
    return fact


@st.composite
def unit_facts(draw):
    facts = [draw(item_fact(spec)) for spec in COMP.items]
    figures = {}
    for spec in COMP.items:
        for name in spec.check_fields:
            if draw(st.integers(0, 5)):
                figures[(spec.item.id, name)] = draw(st.integers(0, 3)) * 10_000
    facts += [{"t": "v", "i": i, "f": f, "v": v} for (i, f), v in figures.items()]
    return facts, figures


def _pos(spec, row_id) -> int:
    r = spec.by_id[row_id]
    return 1 if r.outcome == "formula" or (r.outcome == "points" and r.points > 0) else 0


@SETTINGS
@given(unit_facts(), st.data())
def test_durable_agrees_with_the_reference(drawn, data):
    facts, figures = drawn
    expected = decide(COMP, facts)
    item_facts = {f["i"]: f for f in facts if f["t"] == "i"}
    fired_rows: dict[str, list[str]] = defaultdict(list)
    checks: dict[str, list[bool]] = defaultdict(list)
    documents: dict[str, list[str]] = defaultdict(list)
    with RETE.session() as session:
        fired = session.post([dict(f) for f in facts])
        while fired:
            outcomes = []
            for name in fired:
                kind, *rest = RETE.meaning[name]
                if kind == "row":
                    spec, r = rest
                    fired_rows[spec.item.id].append(r.id)
                    pos = _pos(spec, r.id)
                    if spec.followed or (spec.documents_required and pos):
                        outcomes.append({"t": "o", "i": spec.item.id, "na": int(r.not_applicable), "pos": pos})
                elif kind == "check":
                    checks[rest[0].rule].append(rest[1])
                elif kind == "documents":
                    documents[rest[0].item.id].append(name)
            fired = session.post(outcomes)
        x = data.draw(st.sampled_from(sorted({e for c in COMP.classes for e in (c.lower - 1, c.lower, c.lower + 1)
                                              if 0 <= e <= 10_000})))
        classes = session.post([{"t": "c", "x": x}])
    # every item: exactly one row, the reference's
    for iid, rows in expected.items():
        assert len(rows) == 1, (iid, item_facts[iid], rows)
        assert fired_rows[iid] == rows, (iid, item_facts[iid])
    # every check: passed/failed as the arithmetic says, not evaluated when a figure is missing
    for check in COMP.checks:
        want = check_passes(check, figures)
        assert checks.get(check.rule, []) == ([] if want is None else [want]), (check.id, figures)
    # the documents rule: points above 0 without documents, explained or not
    for spec in COMP.items:
        if not spec.documents_required:
            continue
        fact, row = item_facts[spec.item.id], expected[spec.item.id][0]
        want = []
        if _pos(spec, row) and fact["d"] == 0:
            want = [f"{spec.item.id}/doc:{'explained' if fact['x'] else 'missing'}"]
        assert documents.get(spec.item.id, []) == want, spec.item.id
    assert classes == classify(COMP.classes, x)

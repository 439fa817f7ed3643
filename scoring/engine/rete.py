"""The durable_rules backend: the only module that imports durable_rules.

Translation (one durable_rules ruleset per rule-set version):
- each decision row → a rule over the item's fact `{t:"i", i, s, …attributes}`; an item
  that is "not applicable whenever item Y is" joins Y's *outcome* fact `{t:"o", i:Y, na}`:
  its own rows need `na: 0` for every Y, its "follows Y" rows `na: 1` for Y (and `na: 0`
  for the Ys listed before it). Outcome facts are asserted from the actions of the rows
  that fired, so dependencies resolve by forward chaining, whatever their depth;
- each declared check → two rules, "passed" and "failed", joining the value facts
  `{t:"v", i, f, v}` of the fields it compares, the relation written on the last one
  (durable_rules cannot compare two attributes of one fact, so each figure is a fact);
- "points need evidence documents" → rules joining an item's outcome fact (`pos: 1`) with
  its item fact (`d: 0`, no documents; `x`: an explanation or not);
- the classification bands → rules on the index fact `{t:"c", x: index × 100}`.

An evaluation is one conversation in a fresh context (sid): assert the facts, run the
actions to quiescence, assert the outcome facts they produced, repeat, then classify;
the context is deleted afterwards (durable_rules keeps at most 1,024 live contexts).
durable_rules is driven through its C extension directly: the stock `Host` starts a
background dispatcher and serialises the session state after every action.
Facts, never events: several rules must see the same item (its row, a check, the
documents rule), and an event is consumed by the first rule that fires on it.
Measured limits: shared/notes/engines-and-excel.md §2.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import durable_rules_engine as _dre

from ..errors import EngineError
from ..methods.rows import Row
from .compiled import CheckSpec, CompiledRuleSet, ItemSpec, class_conds

_OK, _NOT_HANDLED, _OBSERVED = 0, 1, 2


class Retry(Exception):
    """durable_rules answered in a way a fresh context may not repeat (a false duplicate)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --------------------------------------------------------------------------- translation

def _fact(kind: str, item: str, *conds: dict[str, Any]) -> dict[str, Any]:
    return {"$and": [{"t": kind}, {"i": item}, *conds]}


def _row_rule(spec: ItemSpec, r: Row) -> dict[str, Any]:
    own: list[dict[str, Any]] = [] if r.state == "any" else [{"s": r.state}]
    patterns: list[dict[str, Any]] = [{"m": _fact("i", spec.item.id, *own, *(c.durable() for c in r.conds))}]
    for n, other in enumerate(spec.follows):
        if r.follows is None:
            patterns.append({f"y{n}": _fact("o", other, {"na": 0})})
        else:
            patterns.append({f"y{n}": _fact("o", other, {"na": 1 if other == r.follows else 0})})
            if other == r.follows:
                break
    return {"all": patterns}


def _sum(refs: list[str]) -> Any:
    expr: Any = {refs[0]: "v"}
    for ref in refs[1:]:
        expr = {"$add": {"$l": expr, "$r": {ref: "v"}}}
    return expr


def _check_rules(check: CheckSpec) -> dict[str, dict[str, Any]]:
    """Σ coef·v (op) 0, solved for the last term: v_n (rel) expression of the others."""
    terms = check.terms
    aliases = [f"v{k}" for k in range(len(terms))]
    last = terms[-1]
    others = list(zip(aliases[:-1], terms[:-1], strict=True))
    # coef_n·v_n + S (op) 0 with S = Σ others. coef_n = +1: v_n (op) −S; coef_n = −1: v_n (op') S.
    if last.coef > 0:
        plus = [a for a, t in others if t.coef < 0]
        minus = [a for a, t in others if t.coef > 0]
        passed, failed = ("eq", "ne") if check.op == "eq" else ("le", "gt")
    else:
        plus = [a for a, t in others if t.coef > 0]
        minus = [a for a, t in others if t.coef < 0]
        passed, failed = ("eq", "ne") if check.op == "eq" else ("ge", "lt")
    if plus and minus:
        expr: Any = {"$sub": {"$l": _sum(plus), "$r": _sum(minus)}}
    elif plus:
        expr = _sum(plus)
    elif minus:
        expr = {"$sub": {"$l": 0, "$r": _sum(minus)}}
    else:  # v_n (op) 0: nothing else to compare with
        expr = 0
    head = [{a: _fact("v", t.item, {"f": t.field})} for a, t in others]

    def rel(op: str) -> dict[str, Any]:
        if op == "eq":
            return {"v": expr}
        return {{"ne": "$neq", "le": "$lte", "gt": "$gt", "ge": "$gte", "lt": "$lt"}[op]: {"v": expr}}

    return {f"{check.rule}/{name}": {"all": head + [{aliases[-1]: _fact("v", last.item, {"f": last.field}, rel(op))}]}
            for name, op in (("passed", passed), ("failed", failed))}


def _document_rules(spec: ItemSpec) -> dict[str, dict[str, Any]]:
    iid = spec.item.id
    return {f"{iid}/doc:{name}": {"all": [{"o": _fact("o", iid, {"pos": 1})},
                                          {"m": _fact("i", iid, {"d": 0}, {"x": explained})}]}
            for name, explained in (("missing", 0), ("explained", 1))}


def translate(comp: CompiledRuleSet) -> tuple[dict[str, Any], dict[str, tuple[Any, ...]]]:
    """The durable_rules ruleset, and for each rule name what its firing means."""
    rules: dict[str, Any] = {}
    meaning: dict[str, tuple[Any, ...]] = {}
    for spec in comp.items:
        for r in spec.rows:
            rules[r.id] = _row_rule(spec, r)
            meaning[r.id] = ("row", spec, r)
        if spec.documents_required:
            for name, rule in _document_rules(spec).items():
                rules[name] = rule
                meaning[name] = ("documents", spec, name.endswith("explained"))
    for check in comp.checks:
        for name, rule in _check_rules(check).items():
            rules[name] = rule
            meaning[name] = ("check", check, name.endswith("/passed"))
    for c in comp.classes:
        rules[c.id] = {"all": [{"m": {"$and": [{"t": "c"}, *(cond.durable() for cond in class_conds(c))]}}]}
        meaning[c.id] = ("class", c)
    return rules, meaning


# --------------------------------------------------------------------------- conversation

_RETES: dict[str, Rete] = {}
_RETES_LOCK = threading.Lock()


def rete_for(comp: CompiledRuleSet) -> Rete:
    """The durable_rules ruleset of a compiled rule set, created once per rule-set hash."""
    key = comp.loaded.hash
    found = _RETES.get(key)
    if found is None:
        with _RETES_LOCK:
            found = _RETES.get(key)
            if found is None:
                found = _RETES[key] = Rete(f"cchc_{key[7:23]}", comp)
    return found


class Rete:
    """One compiled durable_rules ruleset; conversations are serialised by a lock."""

    def __init__(self, name: str, comp: CompiledRuleSet) -> None:
        self.rules, self.meaning = translate(comp)
        try:
            self.handle = _dre.create_ruleset(name, json.dumps(self.rules, ensure_ascii=False))
        except Exception as exc:  # durable raises bare Exception with an error code
            raise EngineError("engine_failure", code=str(exc), item="(biên dịch)") from exc
        self.lock = threading.Lock()
        self._sids = itertools.count(1)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.lock:
            s = Session(self, f"u{next(self._sids)}")
            try:
                yield s
            finally:
                _dre.delete_state(self.handle, s.sid)


class Session:
    """One unit's context: post facts, get back the rules that fired, in order."""

    def __init__(self, rete: Rete, sid: str) -> None:
        self.rete = rete
        self.sid = sid
        self._ids = itertools.count()

    def post(self, facts: list[dict[str, Any]]) -> list[str]:
        if not facts:
            return []
        h = self.rete.handle
        sid, ids = self.sid, self._ids
        for fact in facts:
            fact["sid"] = sid
            fact["id"] = next(ids)
        try:
            code, state = _dre.assert_facts(h, json.dumps(facts, ensure_ascii=False))
        except Exception as exc:
            raise EngineError("engine_failure", code=str(exc), item="(toàn bộ)") from exc
        if code == _OBSERVED:
            raise Retry("engine_false_duplicate")  # never a real duplicate: every fact id is new
        if code == _NOT_HANDLED:
            raise Retry("engine_unhandled_fact")  # a fact no rule can see: the tables do not cover it
        if code != _OK:
            raise EngineError("engine_failure", code=str(code), item="(toàn bộ)")
        return self._drain(state)

    def _drain(self, state: int) -> list[str]:
        h = self.rete.handle
        known = self.rete.meaning
        fired: list[str] = []
        try:
            started = _dre.start_action_for_state(h, state)
            message = started[1] if started else None
            while message:
                # '{"<rule>":{…frames…}}': the rule name is all the engine needs (names are ASCII, no quotes)
                name = message[2:message.find('"', 2)]
                if name not in known:
                    name = next(iter(json.loads(message)))
                fired.append(name)
                message = _dre.complete_and_start_action(h, state)
        except Exception as exc:
            raise EngineError("engine_failure", code=str(exc), item="(toàn bộ)") from exc
        return fired

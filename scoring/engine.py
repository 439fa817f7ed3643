"""evaluate(rule set, evidence) → Result. The only module that imports durable_rules.

Each rule-set version is compiled once into one durable_rules ruleset (one rule per
decision row). An evaluation posts one event per item (unique id, its own sid),
drains the fired actions, deletes the sid, and checks its own output: every item
must get exactly one row, of its own table, else EngineError and no score at all.

durable_rules is driven through its C extension directly: the stock `Host` starts a
background dispatcher thread that would race with synchronous calls, and serialises
the session state to JSON after every action, which costs 3× the matching itself.
Measured facts and limits: shared/notes/engines-and-excel.md §2.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import durable_rules_engine as _dre

from . import __version__, vn
from .decisions import Table, compile_ruleset, formula_points, make_fact, match, measure_of
from .errors import EngineError
from .gaps import attach_lost_points, document_findings, missing_data_findings, outcome_findings
from .inputs import Prepared, PreparedItem, _finding, prepare
from .models.evidence import Evidence
from .models.result import Finding, ItemResult, Result, RuleSetRef, Trace, TraceInput, TraceStep
from .ruleset import LoadedRuleSet, iter_components
from .totals import compute
from .values import ABSENT, DocumentRef

ENGINE = f"cchc-scoring {__version__} / durable_rules 2.0.28"
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class _Rete:
    """One compiled durable_rules ruleset; evaluations are serialised by a lock."""

    def __init__(self, name: str, tables: dict[str, Table]) -> None:
        self.tables = tables
        rules = {row.id: row.durable() for table in tables.values() for row in table.rows}
        self.handle = _dre.create_ruleset(name, json.dumps(rules, ensure_ascii=False))
        self.lock = threading.Lock()
        self.sids = itertools.count(1)

    def fire(self, facts: list[dict[str, Any]]) -> list[tuple[str, int]]:
        """Post the facts in a fresh context; return (row id, fact id) for every action."""
        with self.lock:
            sid = f"u{next(self.sids)}"
            events = [dict(f, sid=sid, id=i) for i, f in enumerate(facts)]
            fired: list[tuple[str, int]] = []
            try:
                # code 1 means an event matched no row: the completeness check reports which
                _code, state = _dre.assert_events(self.handle, json.dumps(events, ensure_ascii=False))
                result = _dre.start_action_for_state(self.handle, state) if state else None
                message = result[1] if result else None
                while message:
                    for row_id, payload in json.loads(message).items():
                        fired.append((row_id, int(payload["m"]["id"])))
                    message = _dre.complete_and_start_action(self.handle, state)
            except Exception as exc:  # durable raises bare Exception with an error code
                raise EngineError("engine_failure", code=str(exc), item="(toàn bộ)") from exc
            finally:
                _dre.delete_state(self.handle, sid)
            return fired


_RETES: dict[str, _Rete] = {}
_RETES_LOCK = threading.Lock()


def _rete_for(loaded: LoadedRuleSet) -> _Rete:
    with _RETES_LOCK:
        rete = _RETES.get(loaded.hash)
        if rete is None:
            rete = _Rete(f"cchc_{loaded.hash[7:23]}", compile_ruleset(loaded.ruleset))
            _RETES[loaded.hash] = rete
        return rete


def evidence_hash(evidence: Evidence) -> str:
    """sha256 of the evidence as recorded (values, sources and cells; not the file name).

    The JSON follows the models' field order and the recorded key order, so the evidence
    stored in a trace hashes the same when the trace is read back.
    """
    return "sha256:" + hashlib.sha256(evidence.model_dump_json(exclude={"file"}).encode("utf-8")).hexdigest()


@dataclass
class Timings:
    """Where an evaluation's time goes (seconds), for the benchmark."""

    prepare: float = 0.0
    rete: float = 0.0
    results: float = 0.0
    calls: int = 0


TIMINGS = Timings()


def evaluate(loaded: LoadedRuleSet, evidence: Evidence) -> Result:
    """Score one unit's evidence. Raises EngineError if the engine's self-check fails."""
    t0 = time.perf_counter()
    rs = loaded.ruleset
    rete = _rete_for(loaded)
    prepared = prepare(rs, evidence)
    order = [item.id for item in rs.items()]
    facts = [make_fact(prepared.items[iid], prepared.year) for iid in order]
    t1 = time.perf_counter()
    fired = rete.fire(facts)
    t2 = time.perf_counter()
    rows = _check_complete(rete.tables, order, facts, fired)
    result = _build_result(loaded, evidence, prepared, rete.tables, order, rows)
    t3 = time.perf_counter()
    TIMINGS.prepare += t1 - t0
    TIMINGS.rete += t2 - t1
    TIMINGS.results += t3 - t2
    TIMINGS.calls += 1
    return result


def _check_complete(tables: dict[str, Table], order: list[str], facts: list[dict[str, Any]],
                    fired: list[tuple[str, int]]) -> dict[str, str]:
    by_fact: dict[int, list[str]] = {}
    for row_id, fact_id in fired:
        by_fact.setdefault(fact_id, []).append(row_id)
    missing = [order[i] for i in range(len(order)) if i not in by_fact]
    doubled = {order[i]: ids for i, ids in by_fact.items() if len(ids) > 1}
    foreign = [order[i] for i, ids in by_fact.items() if any(not r.startswith(order[i] + "/") for r in ids)]
    if missing:
        raise EngineError("engine_incomplete", items=", ".join(missing))
    if doubled or foreign:
        items = list(doubled) + foreign
        rules = "; ".join(", ".join(v) for v in doubled.values()) or "khác mục"
        raise EngineError("engine_duplicate_outcome", items=", ".join(items), rules=rules)
    rows = {order[i]: ids[0] for i, ids in by_fact.items()}
    # Cross-check: the row durable_rules fired must hold for its fact when read in plain Python.
    # (That no other row of the item also holds is a property of the compiled tables, proved
    # for every item by tests/test_properties.py::test_exactly_one_row_holds.)
    for i, iid in enumerate(order):
        if not tables[iid].row(rows[iid]).holds(facts[i]):
            expected = ", ".join(r.id for r in match(tables[iid], facts[i])) or "∅"
            raise EngineError("engine_duplicate_outcome", items=iid, rules=f"{rows[iid]} ≠ {expected}")
    return rows


def _build_result(loaded: LoadedRuleSet, evidence: Evidence, prepared: Prepared, tables: dict[str, Table],
                  order: list[str], rows: dict[str, str]) -> Result:
    rs = loaded.ruleset
    placement: dict[str, tuple[str, str]] = {}
    for comp, crits in iter_components(rs):
        for cid, _title, items in crits:
            for item in items:
                placement[item.id] = (comp.id, cid)

    results: dict[str, ItemResult] = {}
    steps: list[TraceStep] = []
    findings: list[Finding] = list(prepared.findings)
    for iid in order:
        p = prepared.items[iid]
        row = tables[iid].row(rows[iid])
        calculation = None
        if row.outcome == "formula":
            points, calculation = formula_points(row, p)
        else:
            points = row.points if row.points is not None else Decimal(0)
        status = _status(row.outcome, points, p.item.max_points, p.item.effect)
        measure, measure_value = measure_of(p, prepared.year)
        comp_id, crit_id = placement.get(iid, ("9", iid))
        results[iid] = ItemResult.trusted(
            id=iid, title=p.item.title, component=comp_id, criterion=crit_id, effect=p.item.effect,
            scored_by="survey" if p.item.is_survey else "self", max_points=p.item.max_points, points=points,
            status=status, measure=measure, measure_value=measure_value, band=row.key or None,
            band_text=row.text, cell=p.evidence.cell,
        )
        steps.append(TraceStep.trusted(item=iid, state=p.state, rule=row.id, rule_text=row.text, matched=[row.id],
                               inputs=_trace_inputs(p), measure=measure, measure_value=measure_value,
                               points=points, calculation=calculation))
        findings.extend(_item_findings(p, row, points, status, prepared.year, measure))

    totals = compute(rs, results)
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], order.index(f.item) if f.item in order else -1))
    return Result(
        unit=evidence.unit, year=prepared.year,
        ruleset=RuleSetRef(id=rs.id, version=rs.version, year=rs.year, title=rs.title, hash=loaded.hash),
        items=[results[i] for i in order], criteria=totals.criteria, components=totals.components,
        self_points=totals.self_points, self_max=totals.self_max, survey_points=totals.survey_points,
        survey_max=totals.survey_max, bonus=totals.bonus, penalty=totals.penalty, total=totals.total,
        max_points=totals.max_points, index=totals.index, provisional=totals.provisional,
        classification=totals.classification, findings=findings,
        trace=Trace(ruleset_id=rs.id, ruleset_version=rs.version, ruleset_hash=loaded.hash,
                    evidence_hash=evidence_hash(evidence), engine=ENGINE, steps=steps),
        evidence=evidence,
    )


def _status(outcome: str, points: Decimal, maximum: Decimal, effect: str) -> str:
    if outcome == "not_applicable":
        return "not_applicable"
    if outcome == "missing":
        return "missing_data"
    if effect == "penalty":
        return "achieved" if points == 0 else "not_achieved"
    return "achieved" if points >= maximum else "not_achieved"


def _item_findings(p: PreparedItem, row: Any, points: Decimal, status: str, year: int, measure: str | None) -> list[Finding]:
    if p.state == "not_applicable":
        # a declared "Không áp dụng" keeps its own notes (missing explanation); values are not read
        return [f for f in p.problems.values() if f.code.startswith("not_applicable")]
    out = list(p.problems.values()) + list(p.blocked)
    if p.item.is_survey:
        if p.state == "missing":
            out.append(_finding("missing_data", "survey_pending", "info", item=p.item.id, cell=p.evidence.cell))
        return out
    out += missing_data_findings(p)
    if status == "missing_data" and p.item.effect == "score":
        out = attach_lost_points(out, p)
    out += outcome_findings(p, row, points, year, measure)
    out += document_findings(p, points)
    return out


def _trace_inputs(p: PreparedItem) -> list[TraceInput]:
    out = []
    for f in p.item.evidence:
        ev = p.evidence.values.get(f.name)
        value = p.values.get(f.name)
        out.append(TraceInput.trusted(field=f.name, label=f.label, raw=_jsonable(ev.value) if ev else None,
                              value=_display(value), cell=ev.cell if ev else None, source=ev.source if ev else None))
    return out


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if value is ABSENT:
        return "Không có"
    if isinstance(value, DocumentRef):
        return value.text
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, Decimal)):
        return vn.number(value)
    if hasattr(value, "strftime"):
        return vn.date(value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value

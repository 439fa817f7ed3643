"""evaluate(rule set, evidence) → Result; score(…) → points only; evaluate_item(…) → one item;
rescore(…) → totals and classification from points decided outside the rules (an appraisal).

Flow: read the evidence into typed inputs (`prepare`), make one fact per item (and per
figure a declared check compares), let durable_rules decide (`rete`): each item's row,
the checks, "not applicable because another item is", the documents rule and the
classification. Python then does arithmetic (formula points, totals) and turns the
decisions into findings and a trace.

Self-check, cheap and without re-deciding: every item got exactly one row of its own
table, every check whose figures were all present came out passed or failed exactly
once, the index got exactly one class. A conversation that fails it, or that
durable_rules answered with a false duplicate, is retried once in a fresh context; a
second failure is an EngineError and no score at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import __version__
from ..errors import EngineError, ScoringError
from ..findings import attach_lost_points, finding
from ..methods.rows import SCALE, Row, clamp
from ..models.evidence import Evidence, ItemEvidence
from ..models.result import (
    CheckStep,
    Finding,
    ItemResult,
    Result,
    RuleSetRef,
    Trace,
    TraceInput,
    TraceStep,
)
from ..ruleset import LoadedRuleSet
from ..values import ABSENT, DocumentRef
from .compiled import CheckSpec, CompiledRuleSet, ItemSpec, compiled
from .prepare import ItemInputs, prepare_item
from .rete import Retry, rete_for
from .totals import Layout, Totals, compute

ENGINE = f"cchc-scoring {__version__} / durable-rules 2.0.28"  # the PyPI names and versions
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_ZERO = Decimal(0)
_EMPTY = ItemEvidence()


@dataclass
class Decisions:
    """What durable_rules decided for one unit, with the points that follow from it."""

    rows: dict[str, Row]
    points: dict[str, Decimal]
    checks: dict[str, tuple[CheckSpec, bool]]   # check rule prefix → (check, passed)
    documents: dict[str, bool]                  # item → explained (only items lacking documents)
    classification: str | None = None
    classification_rule: str | None = None


@dataclass(frozen=True)
class Score:
    """Points only: what a live formula or a quick ranking needs (no findings, no trace, and no
    criteria subtotals: `totals.criteria` is empty; the fields' subtotals are there)."""

    points: dict[str, Decimal]     # item → points
    statuses: dict[str, str]       # item → achieved / not_achieved / not_applicable / missing_data
    totals: Totals
    classification: str


@dataclass(frozen=True)
class ItemOutcome:
    """One item evaluated in the context of a unit (the add-in's formulas)."""

    result: ItemResult
    findings: list[Finding]
    step: TraceStep


# --------------------------------------------------------------------------- public face

def evaluate(loaded: LoadedRuleSet, evidence: Evidence) -> Result:
    """Score one unit's evidence: points, subtotals, findings, trace. EngineError if the self-check fails."""
    comp = compiled(loaded)
    year = evidence.year or comp.ruleset.year
    inputs = [prepare_item(spec, evidence.items.get(spec.item.id) or _EMPTY, year) for spec in comp.items]
    decisions, statuses, totals = _decide_all(comp, inputs, year)
    results = [_item_result(spec, x, decisions, status, year) for spec, x, status in zip(comp.items, inputs, statuses,
                                                                                      strict=True)]
    findings = _unit_findings(comp, evidence, year)
    by_item = {x.spec.item.id: x for x in inputs}
    steps = []
    for spec, x, item in zip(comp.items, inputs, results, strict=True):
        findings.extend(_item_findings(spec, x, decisions, year, by_item))
        steps.append(_step(spec, x, decisions, year, item))
    order = {spec.item.id: spec.index for spec in comp.items}
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], order.get(f.item, -1)))  # type: ignore[arg-type]
    rs = comp.ruleset
    return Result.trusted(
        unit=evidence.unit, year=year,
        ruleset=RuleSetRef.trusted(id=rs.id, version=rs.version, year=rs.year, title=rs.title, hash=loaded.hash),
        items=results, criteria=totals.criteria, components=totals.components,
        self_points=totals.self_points, self_max=totals.self_max, survey_points=totals.survey_points,
        survey_max=totals.survey_max, bonus=totals.bonus, penalty=totals.penalty, total=totals.total,
        max_points=totals.max_points, index=totals.index, provisional=totals.provisional,
        classification=decisions.classification, findings=findings,
        trace=Trace.trusted(ruleset_id=rs.id, ruleset_version=rs.version, ruleset_hash=loaded.hash,
                            evidence_hash=evidence_hash(evidence), engine=ENGINE, steps=steps,
                            checks=_check_steps(comp, inputs, decisions),
                            classification_rule=decisions.classification_rule),
        evidence=evidence,
    )


def score(loaded: LoadedRuleSet, evidence: Evidence) -> Score:
    """Points, subtotals, total, index and classification; the same decisions as `evaluate`."""
    comp = compiled(loaded)
    year = evidence.year or comp.ruleset.year
    inputs = [prepare_item(spec, evidence.items.get(spec.item.id) or _EMPTY, year) for spec in comp.items]
    decisions, statuses, totals = _decide_all(comp, inputs, year, criteria=False)
    ids = [spec.item.id for spec in comp.items]
    return Score(decisions.points, dict(zip(ids, statuses, strict=True)), totals, decisions.classification or "")


def evaluate_item(loaded: LoadedRuleSet, item_id: str, evidence: Evidence) -> ItemOutcome:
    """One item of `evidence`, and only what it depends on ("not applicable whenever item Y is"),
    through the rule set's own compiled rules: the same row, points and findings as a full evaluation."""
    comp = compiled(loaded)
    spec = comp.by_id.get(item_id)
    if spec is None:
        raise ScoringError("unknown_item", item=item_id, ruleset=comp.ruleset.id, hint="")
    year = evidence.year or comp.ruleset.year
    needed: dict[str, ItemSpec] = {}
    todo = [spec]
    while todo:
        s = todo.pop()
        if s.item.id not in needed:
            needed[s.item.id] = s
            todo.extend(comp.by_id[o] for o in s.follows)
    inputs = [prepare_item(s, evidence.items.get(s.item.id) or _EMPTY, year)
              for s in sorted(needed.values(), key=lambda s: s.index)]
    decisions = _converse(comp, inputs, year, classify=None)
    x = next(i for i in inputs if i.spec is spec)
    result = _item_result(spec, x, decisions, _status(decisions.rows[item_id], decisions.points[item_id], spec.item),
                          year)
    by_item = {i.spec.item.id: i for i in inputs}
    return ItemOutcome(result, _item_findings(spec, x, decisions, year, by_item),
                       _step(spec, x, decisions, year, result))


def rescore(loaded: LoadedRuleSet, base: Result | Score, points: Mapping[str, Decimal | None]) -> Score:
    """Totals, index and classification once some items' points were decided outside the rules
    (an appraisal team recognising or adjusting self-assessed points).

    `points` maps an item to its points, or to None for «không áp dụng»; every other item keeps
    its points and status in `base` (a Result or Score of the same rule set). An overridden
    item's status follows from its points as in `evaluate`; the totals are `totals.compute`'s and
    the classification is the rule set's own class rule, fired on the new index.
    """
    comp = compiled(loaded)
    if isinstance(base, Result):
        old_points = {i.id: i.points for i in base.items}
        old_statuses: dict[str, str] = {i.id: i.status for i in base.items}
    else:
        old_points, old_statuses = base.points, base.statuses
    new_points: dict[str, Decimal] = {}
    statuses: dict[str, str] = {}
    for spec in comp.items:
        iid = spec.item.id
        if iid in points:
            value = points[iid]
            new_points[iid] = _ZERO if value is None else value
            statuses[iid] = "not_applicable" if value is None else _points_status(new_points[iid], spec.item)
        else:
            new_points[iid], statuses[iid] = old_points[iid], old_statuses[iid]
    ids = [spec.item.id for spec in comp.items]
    totals = compute(_layout(comp), [new_points[i] for i in ids], [statuses[i] for i in ids], criteria=False)
    return Score(new_points, statuses, totals, _classify(comp, totals.index))


def _classify(comp: CompiledRuleSet, index: Decimal) -> str:
    """The class the rule set's own class rule gives an index (one fact in a fresh context)."""
    x = int(index * 100)
    rete = rete_for(comp)
    for _attempt in range(2):
        try:
            with rete.session() as session:
                classes = session.post([{"t": "c", "x": x}])
        except Retry:
            continue
        if len(classes) == 1 and rete.meaning[classes[0]][0] == "class":
            return rete.meaning[classes[0]][1].label
    raise EngineError("engine_class_incomplete", index=index, rules="∅")


def evidence_hash(evidence: Evidence) -> str:
    """sha256 of the evidence as recorded (values, sources and cells; not the file name).

    The JSON follows the models' field order and the recorded key order, so the evidence
    stored in a trace hashes the same when the trace is read back.
    """
    return "sha256:" + hashlib.sha256(evidence.model_dump_json(exclude={"file"}).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- deciding

_LAYOUTS: dict[int, Layout] = {}


def _layout(comp: CompiledRuleSet) -> Layout:
    found = _LAYOUTS.get(id(comp))
    if found is None:
        found = _LAYOUTS[id(comp)] = Layout.of(comp.ruleset)
    return found


def _decide_all(comp: CompiledRuleSet, inputs: list[ItemInputs], year: int, *,
                criteria: bool = True) -> tuple[Decisions, list[str], Totals]:
    """The decisions for every item, their statuses, and the totals (classified by durable_rules)."""
    layout = _layout(comp)
    out: dict[str, Any] = {}

    def classify(d: Decisions) -> int:
        points = [d.points[spec.item.id] for spec in comp.items]
        statuses = [_status(d.rows[spec.item.id], p, spec.item) for spec, p in zip(comp.items, points, strict=True)]
        out["statuses"], out["totals"] = statuses, compute(layout, points, statuses, criteria=criteria)
        return int(out["totals"].index * 100)

    decisions = _converse(comp, inputs, year, classify=classify)
    return decisions, out["statuses"], out["totals"]


def _facts(inputs: list[ItemInputs], year: int) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    facts: list[dict[str, Any]] = []
    figures: set[tuple[str, str]] = set()
    for x in inputs:
        spec = x.spec
        iid = spec.item.id
        fact = {"t": "i", "i": iid, "s": x.state}
        if x.state == "measured":
            fact.update(spec.method.fact(spec.item, x, year))
        if spec.documents_required:
            fact["d"] = 1 if x.has_documents else 0
            fact["x"] = 1 if x.explanation else 0
        facts.append(fact)
        if spec.check_fields and not x.declared_na:
            for name in spec.check_fields:
                v = x.values.get(name)
                if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                    facts.append({"t": "v", "i": iid, "f": name, "v": clamp(int(v * SCALE))})
                    figures.add((iid, name))
    return facts, figures


def _converse(comp: CompiledRuleSet, inputs: list[ItemInputs], year: int, *, classify: Any) -> Decisions:
    facts, figures = _facts(inputs, year)
    try:
        return _conversation(comp, inputs, facts, figures, classify)
    except Retry:
        pass  # a fresh context (a new sid, new fact hashes) does not repeat a false duplicate
    try:
        return _conversation(comp, inputs, facts, figures, classify)
    except Retry as exc:
        raise EngineError(exc.code, **getattr(exc, "params", {})) from exc


def _conversation(comp: CompiledRuleSet, inputs: list[ItemInputs], facts: list[dict[str, Any]],
                  figures: set[tuple[str, str]], classify: Any) -> Decisions:
    by_item = {x.spec.item.id: x for x in inputs}
    d = Decisions({}, {}, {}, {})
    rete = rete_for(comp)
    meaning = rete.meaning
    with rete.session() as session:
        fired = session.post(facts)
        while fired:
            outcomes: list[dict[str, Any]] = []
            for name in fired:
                what = meaning[name]
                kind = what[0]
                if kind == "row":
                    spec, r = what[1], what[2]
                    iid = spec.item.id
                    if iid in d.rows:
                        raise _incomplete("engine_duplicate_outcome", items=iid, rules=f"{d.rows[iid].id}, {r.id}")
                    d.rows[iid] = r
                    points = _points(spec, r, by_item[iid])
                    d.points[iid] = points
                    # an outcome fact only where a rule will see it (an unseen fact is an error to durable_rules)
                    if spec.followed or (spec.documents_required and points > 0):
                        outcomes.append({"t": "o", "i": iid, "na": 1 if r.not_applicable else 0,
                                         "pos": 1 if points > 0 else 0})
                elif kind == "check":
                    check = what[1]
                    if check.rule in d.checks:
                        raise _incomplete("engine_check_twice", check=check.id)
                    d.checks[check.rule] = (check, what[2])
                elif kind == "documents":
                    d.documents[what[1].item.id] = what[2]
                else:
                    raise _incomplete("engine_incomplete", items=name)
            fired = session.post(outcomes)
        missing = [iid for iid in by_item if iid not in d.rows]
        if missing:
            raise _incomplete("engine_incomplete", items=", ".join(missing))
        expected = {c.rule for c in comp.checks if all((t.item, t.field) in figures for t in c.terms)}
        if expected != set(d.checks):
            odd = sorted(expected ^ set(d.checks))
            raise _incomplete("engine_check_incomplete", checks=", ".join(odd))
        if classify is not None:
            x = classify(d)
            classes = session.post([{"t": "c", "x": x}])
            if len(classes) != 1 or meaning[classes[0]][0] != "class":
                raise _incomplete("engine_class_incomplete", index=Decimal(x) / 100, rules=", ".join(classes) or "∅")
            d.classification_rule = classes[0]
            d.classification = meaning[classes[0]][1].label
    return d


def _incomplete(code: str, **params: Any) -> Retry:
    exc = Retry(code)
    exc.params = params  # type: ignore[attr-defined]
    return exc


def _points(spec: ItemSpec, r: Row, x: ItemInputs) -> Decimal:
    if r.outcome == "points":
        return r.points  # type: ignore[return-value]
    if r.outcome == "formula":
        return spec.method.formula(spec.item, r, x)
    return _ZERO


def _status(r: Row, points: Decimal, item: Any) -> str:
    if r.outcome == "not_applicable":
        return "not_applicable"
    if r.outcome == "missing":
        return "missing_data"
    return _points_status(points, item)


def _points_status(points: Decimal, item: Any) -> str:
    if item.effect == "penalty":
        return "achieved" if points == 0 else "not_achieved"
    return "achieved" if points >= item.max_points else "not_achieved"


def _item_result(spec: ItemSpec, x: ItemInputs, d: Decisions, status: str, year: int) -> ItemResult:
    item = spec.item
    r = d.rows[item.id]
    measure = value = None
    if x.state == "measured" and r.problem is None and r.follows is None:
        measure, value = spec.method.measure(item, x, year)
    return ItemResult.trusted(
        id=item.id, title=item.title, component=spec.component, criterion=spec.criterion, effect=item.effect,
        scored_by="survey" if item.is_survey else "self", max_points=item.max_points, points=d.points[item.id],
        status=status, measure=measure, measure_value=value, rule=r.id, cell=x.ev.cell,
    )


# --------------------------------------------------------------------------- findings

def _unit_findings(comp: CompiledRuleSet, evidence: Evidence, year: int) -> list[Finding]:
    rs = comp.ruleset
    out: list[Finding] = []
    if evidence.ruleset and evidence.ruleset != rs.id:
        out.append(finding("note", "ruleset_mismatch", "info", declared=evidence.ruleset, used=rs.id))
    if year != rs.year:
        out.append(finding("note", "year_mismatch", "info", ruleset_year=rs.year, year=year))
    for p in evidence.problems:
        out.append(finding("invalid_value", p.code, p.severity, item=p.item, field=p.field, cell=p.cell, key=p.key,
                           **p.params))
    for item_id, item_ev in evidence.items.items():
        if item_id not in comp.by_id:
            import difflib

            from ..messages import render

            hint = difflib.get_close_matches(item_id, list(comp.by_id), n=1)
            out.append(finding("invalid_value", "unknown_item", "error", item=item_id, cell=item_ev.cell,
                               key=f"items.{item_id}", ruleset=rs.id,
                               hint=render("did_you_mean", name=hint[0]) if hint else ""))
    return out


def _item_findings(spec: ItemSpec, x: ItemInputs, d: Decisions, year: int,
                   by_item: dict[str, ItemInputs]) -> list[Finding]:
    item = spec.item
    iid = item.id
    r = d.rows[iid]
    points = d.points[iid]
    if r.outcome == "not_applicable" and r.key != "zero":
        # declared or following another item: the values are not read; only the declaration's own notes remain
        return [f for f in x.problems.values() if f.code.startswith("not_applicable")]
    out = list(x.problems.values())
    out += _check_findings(spec, x, d, by_item)
    if item.is_survey:
        if x.state == "missing":
            out.append(finding("missing_data", "survey_pending", "info", item=iid, cell=x.ev.cell))
        return out
    for name in x.missing:
        cell = x.cell(name)
        out.append(finding("missing_data", "missing_value", "warning", item=iid, field=name, cell=cell,
                           key=None if cell else f"items.{iid}.values.{name}", label=x.label(name)))
    scored = item.effect == "score"
    if r.outcome == "missing":
        if r.problem:
            out += spec.method.lost(item, r, x, points, item.max_points if scored else _ZERO, year)
        elif scored:
            out = attach_lost_points(out, item.max_points)
    elif item.effect == "penalty":
        if points > 0:
            _, count = spec.method.measure(item, x, year)
            out.append(finding("points_lost", "penalty_applied", "warning", item=iid, cell=x.ev.cell, points=points,
                               count=count))
    elif scored and points < item.max_points:
        out += spec.method.lost(item, r, x, points, item.max_points - points, year)
    if iid in d.documents:
        cell = x.documents_cell or x.ev.cell
        if d.documents[iid]:
            out.append(finding("missing_documents", "missing_documents_explained", "info", item=iid, cell=cell))
        else:
            out.append(finding("missing_documents", "missing_documents", "warning", item=iid, cell=cell,
                               key=None if cell else f"items.{iid}.documents", points=points))
    return out


def _check_findings(spec: ItemSpec, x: ItemInputs, d: Decisions, by_item: dict[str, ItemInputs]) -> list[Finding]:
    out = []
    for check, passed in d.checks.values():
        if passed or check.item != spec.item.id:
            continue
        first = next(t for t in check.terms if t.coef > 0)
        left, right, left_text, right_text = _sides_of(check, by_item)
        cell = x.cell(first.field) if first.item == spec.item.id else None
        out.append(finding("inconsistent", "check_failed" if check.op == "eq" else "check_failed_le", "error",
                           item=spec.item.id, field=first.field, cell=cell, label=check.label,
                           left_text=left_text, left=left, right_text=right_text, right=right))
    return out


def _sides_of(check: CheckSpec, inputs: dict[str, ItemInputs]) -> tuple[Decimal, Decimal, str, str]:
    q = check.check
    sides = []
    for side in (q.left, q.right):
        parts = ([(n, 1) for n in side.sum] + [(n, -1) for n in side.minus]) if not isinstance(side, str) else [(side, 1)]
        total = Decimal(0)
        text = ""
        for ref, sign in parts:
            item_id, name = (check.owner, ref) if check.owner else ref.split(":", 1)
            xi = inputs[item_id]
            total += sign * Decimal(xi.values[name])
            label = f"«{xi.label(name)}»" if check.owner else f"«{xi.label(name)}» ({item_id})"
            text = label if not text else f"{text} {'−' if sign < 0 else '+'} {label}"
        sides.append((total, text))
    return sides[0][0], sides[1][0], sides[0][1], sides[1][1]


def _check_steps(comp: CompiledRuleSet, inputs: list[ItemInputs], d: Decisions) -> list[CheckStep]:
    by_item = {x.spec.item.id: x for x in inputs}
    out = []
    for check in comp.checks:
        decided = d.checks.get(check.rule)
        left = right = None
        if decided is not None:
            left, right, _, _ = _sides_of(check, by_item)
        out.append(CheckStep.trusted(
            id=check.id, item=check.owner, label=check.label,
            outcome="not_evaluated" if decided is None else ("passed" if decided[1] else "failed"),
            rule=None if decided is None else f"{check.rule}/{'passed' if decided[1] else 'failed'}",
            left=left, right=right))
    return out


# --------------------------------------------------------------------------- trace

def _step(spec: ItemSpec, x: ItemInputs, d: Decisions, year: int, result: ItemResult) -> TraceStep:
    item = spec.item
    r = d.rows[item.id]
    calculation = None
    if x.state == "measured" and r.problem is None and r.follows is None:
        calculation = spec.method.calculation(item, r, x, d.points[item.id], year)
    return TraceStep.trusted(item=item.id, state=x.state, rule=r.id, rule_label=r.label, matched=[r.id],
                             rows=spec.row_infos, inputs=_trace_inputs(x), measure=result.measure,
                             measure_value=result.measure_value, points=d.points[item.id], calculation=calculation)


def _trace_inputs(x: ItemInputs) -> list[TraceInput]:
    out = []
    values, problems = x.values, x.problems
    for f in x.spec.item.evidence:
        ev = x.ev.values.get(f.name)
        name = f.name
        if name in values:
            v = values[name]
            if v is ABSENT:
                value, read = None, "absent"
            else:
                value, read = (v.text if isinstance(v, DocumentRef) else v), "value"
        elif name in problems:
            value = None
            read = "not_applicable" if problems[name].code == "not_applicable_not_allowed" else "unreadable"
        else:
            value, read = None, "blank"
        raw = ev.value if ev is not None else None
        out.append(TraceInput(name, f.label, raw.isoformat() if isinstance(raw, dt.date) else raw, value, read,
                              ev.cell if ev is not None else None, ev.source if ev is not None else None))
    return out

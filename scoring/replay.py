"""Re-evaluate a recorded result (its evidence and rule-set reference) and compare.

An auditor gets "khớp" or every difference: a changed rule set (hash); evidence edited
inside the result file (hash, and each input whose raw value no longer matches what the
trace recorded, by item and field); each item, total, index or classification that
scores differently; and the findings the replay raises that the recorded result did not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .engine import evaluate, evidence_hash
from .errors import Location, ScoringError
from .messages import STATUS
from .models.result import Finding, Message, Result
from .ruleset import LoadedRuleSet, find_ruleset


@dataclass
class ReplayReport:
    recorded: Result
    replayed: Result
    ruleset_path: str
    differences: list[Message] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.differences


def read_result(path: str | Path) -> Result:
    """A result file written by `scoring score --format json`; ScoringError (Vietnamese) otherwise."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScoringError("replay_unreadable", path=str(path), detail=exc) from exc
    except UnicodeDecodeError as exc:
        raise ScoringError("replay_not_utf8", path=str(path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScoringError("replay_not_json", Location(file=str(path), line=exc.lineno, column=exc.colno),
                           path=str(path)) from exc
    try:
        return Result.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "(gốc)"
        raise ScoringError("replay_not_a_result", path=str(path), where=where, count=exc.error_count()) from exc


def _diff(code: str, **params: Any) -> Message:
    return Message(code=code, params=params)


def replay(recorded: Result, ruleset: LoadedRuleSet | None = None) -> ReplayReport:
    """Re-score `recorded.evidence` with the rule set it names (or the one given)."""
    trace = recorded.trace
    loaded = ruleset or find_ruleset(trace.ruleset_id, version=trace.ruleset_version)
    replayed = evaluate(loaded, recorded.evidence)
    diffs: list[Message] = []
    if loaded.hash != trace.ruleset_hash:
        diffs.append(_diff("replay_ruleset_changed", recorded=trace.ruleset_hash[:19], current=loaded.hash[:19]))
    current_evidence = evidence_hash(recorded.evidence)
    if current_evidence != trace.evidence_hash:
        diffs.append(_diff("replay_evidence_changed", recorded=trace.evidence_hash[:19], current=current_evidence[:19]))
        diffs.extend(_edited_inputs(recorded))

    new_items = {i.id: i for i in replayed.items}
    new_steps = {s.item: s for s in replayed.trace.steps}
    steps = {s.item: s for s in trace.steps}
    for old in recorded.items:
        new = new_items.get(old.id)
        if new is None:
            diffs.append(_diff("replay_item_gone", item=old.id))
            continue
        if old.points != new.points:
            diffs.append(_diff("replay_item_differs", item=old.id, what="điểm", recorded=old.points, current=new.points))
        if old.status != new.status:
            diffs.append(_diff("replay_item_differs", item=old.id, what="trạng thái", recorded=STATUS[old.status],
                               current=STATUS[new.status]))
        old_step, new_step = steps.get(old.id), new_steps.get(old.id)
        if old_step and new_step and old_step.rule != new_step.rule:
            diffs.append(_diff("replay_item_differs", item=old.id, what="quy tắc", recorded=f"«{old_step.rule_label}»",
                               current=f"«{new_step.rule_label}»"))
    for new_id in new_items.keys() - {i.id for i in recorded.items}:
        diffs.append(_diff("replay_item_new", item=new_id))
    for name, label in (("total", "Tổng điểm"), ("classification", "Xếp loại"), ("provisional", "Tạm tính")):
        a, b = getattr(recorded, name), getattr(replayed, name)
        if a != b:
            diffs.append(_diff("replay_total_differs", what=label, recorded=a, current=b))
    if recorded.index != replayed.index:
        diffs.append(_diff("replay_index_differs", recorded=recorded.index, current=replayed.index))

    seen = {_finding_key(f) for f in recorded.findings}
    new_findings = [f for f in replayed.findings if _finding_key(f) not in seen]
    return ReplayReport(recorded, replayed, loaded.path, diffs, new_findings)


def _edited_inputs(recorded: Result) -> list[Message]:
    """Inputs whose value in the evidence differs from the raw value the trace recorded."""
    out = []
    for step in recorded.trace.steps:
        item_ev = recorded.evidence.items.get(step.item)
        for inp in step.inputs:
            ev = item_ev.values.get(inp.field) if item_ev else None
            now = ev.value if ev is not None else None
            if hasattr(now, "isoformat"):
                now = now.isoformat()
            if now != inp.raw:
                out.append(_diff("replay_input_edited", item=step.item, label=inp.label,
                                 recorded=_shown(inp.raw), current=_shown(now)))
    return out


def _shown(value: Any) -> str:
    return "(trống)" if value is None or value == "" else str(value)


def _finding_key(f: Finding) -> str:
    """A finding as its JSON says it: numbers compare as numbers (8.2840 read back is 8.284)."""
    return f.model_dump_json(include={"code", "item", "field", "params"})

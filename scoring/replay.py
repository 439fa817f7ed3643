"""Re-evaluate a recorded result (its evidence and rule-set reference) and compare.

An auditor gets "khớp" or every difference: a changed rule set (hash), evidence
edited inside the trace file (hash), and each item or total that scores differently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import vn
from .engine import evaluate, evidence_hash
from .errors import ScoringError
from .messages import STATUS, render
from .models.result import Result
from .ruleset import LoadedRuleSet, find_ruleset


@dataclass
class ReplayReport:
    recorded: Result
    replayed: Result
    ruleset_path: str
    differences: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.differences


def read_result(path: str | Path) -> Result:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Result.model_validate(data)
    except (OSError, ValueError, ValidationError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScoringError("replay_unreadable", path=str(path), detail=detail) from exc


def replay(recorded: Result, ruleset: LoadedRuleSet | None = None) -> ReplayReport:
    """Re-score `recorded.evidence` with the rule set it names (or the one given)."""
    trace = recorded.trace
    loaded = ruleset or find_ruleset(trace.ruleset_id, version=trace.ruleset_version)
    replayed = evaluate(loaded, recorded.evidence)
    diffs: list[str] = []
    if loaded.hash != trace.ruleset_hash:
        diffs.append(render("replay_ruleset_changed", recorded=trace.ruleset_hash[:19], current=loaded.hash[:19]))
    current_evidence = evidence_hash(recorded.evidence)
    if current_evidence != trace.evidence_hash:
        diffs.append(render("replay_evidence_changed", recorded=trace.evidence_hash[:19], current=current_evidence[:19]))

    new_items = {i.id: i for i in replayed.items}
    steps = {s.item: s for s in trace.steps}
    for old in recorded.items:
        new = new_items.get(old.id)
        if new is None:
            diffs.append(render("replay_item_differs", item=old.id, what="mục", recorded="có", current="không còn"))
            continue
        if old.points != new.points:
            diffs.append(render("replay_item_differs", item=old.id, what="điểm", recorded=vn.points(old.points),
                                current=vn.points(new.points)))
        if old.status != new.status:
            diffs.append(render("replay_item_differs", item=old.id, what="trạng thái", recorded=STATUS[old.status],
                                current=STATUS[new.status]))
        old_rule = steps[old.id].rule if old.id in steps else None
        new_rule = next((s.rule for s in replayed.trace.steps if s.item == old.id), None)
        if old_rule != new_rule:
            diffs.append(render("replay_item_differs", item=old.id, what="quy tắc", recorded=old_rule, current=new_rule))
    for new_id in new_items.keys() - {i.id for i in recorded.items}:
        diffs.append(render("replay_item_differs", item=new_id, what="mục", recorded="không có", current="mới"))
    for name, label in (("total", "Tổng điểm"), ("index", "Chỉ số"), ("classification", "Xếp loại"),
                        ("provisional", "Tạm tính")):
        a, b = getattr(recorded, name), getattr(replayed, name)
        if a != b:
            diffs.append(render("replay_total_differs", what=label, recorded=a, current=b))
    return ReplayReport(recorded, replayed, loaded.path, diffs)

"""Run the test cases a rule set carries (evidence in, expected points out).

Whoever edits next year's rule set runs `scoring rules check` and sees at once
which expected points changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import vn
from .engine import evaluate
from .errors import EvidenceError
from .evidence_io import evidence_from_data
from .messages import KIND, STATUS, render
from .ruleset import LoadedRuleSet

_STATUS_BY_LABEL = {label.lower(): code for code, label in STATUS.items()}


@dataclass(frozen=True)
class CaseOutcome:
    name: str
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_cases(loaded: LoadedRuleSet) -> list[CaseOutcome]:
    outcomes = []
    for case in loaded.ruleset.tests:
        data = dict(case.evidence)
        data.setdefault("unit", case.name)
        try:
            evidence = evidence_from_data(data, f"tests[{case.name}]")
        except EvidenceError as exc:
            outcomes.append(CaseOutcome(case.name, [render("test_evidence_invalid", name=case.name, detail=str(exc))]))
            continue
        result = evaluate(loaded, evidence)
        failures: list[str] = []
        for item_id, expected in case.expect.items.items():
            got = result.item(item_id)
            if isinstance(expected, Decimal):
                if got.points != expected:
                    failures.append(render("test_points_differ", name=case.name, item=item_id,
                                           expected=vn.points(expected), actual=vn.points(got.points)))
            elif _STATUS_BY_LABEL.get(expected) != got.status:
                failures.append(render("test_points_differ", name=case.name, item=item_id, expected=expected,
                                       actual=STATUS[got.status].lower()))
        e = case.expect
        for label, expected, actual in (
            ("tổng điểm", e.total, result.total),
            ("chỉ số", e.index, result.index),
            ("xếp loại", e.classification, result.classification),
            ("tạm tính", e.provisional, result.provisional),
        ):
            if expected is not None and expected != actual:
                failures.append(render("test_total_differs", name=case.name, what=label, expected=expected, actual=actual))
        for item_id, kinds in e.finding_kinds.items():
            present = {f.kind for f in result.findings if f.item == item_id}
            for kind in kinds:
                if kind not in present:
                    failures.append(render("test_finding_missing", name=case.name, item=item_id, kind=KIND.get(kind, kind)))
        outcomes.append(CaseOutcome(case.name, failures))
    return outcomes

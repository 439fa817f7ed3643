"""Helpers for the workbook tests: build, fill and score workbooks; drive LibreOffice."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from core_support import require_tool  # noqa: F401 - re-exported for this folder's tests
from openpyxl import load_workbook

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data
from scoring.models.evidence import Evidence
from scoring.models.result import Result
from scoring.models.ruleset import (
    ChecklistMethod,
    ChoiceMethod,
    CountMethod,
    DeadlineMethod,
    DeductionMethod,
    Item,
    ProportionalMethod,
    RatioMethod,
    RuleSet,
    Sum,
    WithinLimitMethod,
    YesNoMethod,
)
from scoring.ruleset import LoadedRuleSet
from scoring.workbook.fill import fill_workbook
from scoring.workbook.generate import Office, build_workbook, save_workbook
from scoring.workbook.grids import read_grids
from scoring.workbook.read import grids_from_bytes

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
EXAMPLE_XLSX = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
#: The superior body of the example unit (the README's command passes it with --agency).
HAI_PHONG = "UBND thành phố Hải Phòng"


def filled_bytes(loaded: LoadedRuleSet, evidence: Evidence, *, typed: bool = True, unit: str | None = None,
                 office: Office | None = None) -> bytes:
    """A workbook generated from the rule set and filled with `evidence`, as saved by openpyxl."""
    wb = build_workbook(loaded, unit or evidence.unit, year=evidence.year, office=office)
    assert fill_workbook(wb, loaded, evidence, typed=typed) == []
    return save_workbook(wb)


def read_bytes(data: bytes, loaded: LoadedRuleSet | None = None, name: str = "so.xlsx"):  # type: ignore[no-untyped-def]
    return read_grids(grids_from_bytes(data, name), file=name, ruleset=loaded)


def finding_keys(result: Result) -> Counter:
    """Findings without their cells and texts (which name cells): what must match across paths."""
    return Counter((f.item, f.field, f.kind, f.code, f.severity, f.points_lost) for f in result.findings)


def assert_same_scores(a: Result, b: Result) -> None:
    assert {i.id: (i.points, i.status) for i in a.items} == {i.id: (i.points, i.status) for i in b.items}
    assert {c.id: c.points for c in a.components} == {c.id: c.points for c in b.components}
    assert (a.total, a.index, a.classification, a.provisional) == (b.total, b.index, b.classification, b.provisional)
    assert finding_keys(a) == finding_keys(b)


# --------------------------------------------------------------------------- evidence sets built here

def _max_values(item: Item, year: int) -> dict[str, Any]:
    """Values that earn the item's maximum."""
    m = item.method

    def names(q: Any) -> list[str]:
        return list(q.sum) + list(q.minus) if isinstance(q, Sum) else [q]

    if isinstance(m, (RatioMethod, ProportionalMethod)):
        values = {n: 20 for n in names(m.denominator)}
        if isinstance(m.denominator, Sum):
            values.update({n: 0 for n in m.denominator.minus})
        values.update({n: 20 for n in names(m.numerator)})
        for f in item.evidence:  # fields used by checks only (e.g. 1.6's breakdown)
            values.setdefault(f.name, 0)
        return values
    if isinstance(m, DeadlineMethod):
        return {d.field: (f"Văn bản số 1/KH ngày 05/01/{year}" if item.field(d.field).type == "document"
                          else f"05/01/{year}") for d in m.due}
    if isinstance(m, YesNoMethod):
        return {m.field: "Có"}
    if isinstance(m, ChoiceMethod):
        best = max(m.points, key=lambda code: m.points[code])
        return {m.field: next(o.label for o in item.field(m.field).options if o.value == best)}
    if isinstance(m, ChecklistMethod):
        return {name: "Có" for name in m.fields}
    if isinstance(m, DeductionMethod):
        return {n: 0 for n in names(m.count)}
    if isinstance(m, CountMethod):
        return {n: 10 for n in names(m.count)}
    if isinstance(m, WithinLimitMethod):
        return {m.value: 50, m.limit: 60}
    raise AssertionError(m.kind)


def strong_evidence(rs: RuleSet) -> Evidence:
    """Every self-assessed item at its maximum, with a document each; no survey results."""
    items = {}
    for item in rs.items():
        if item.is_survey or item.effect == "penalty":
            continue
        items[item.id] = {"values": _max_values(item, rs.year),
                          "documents": [f"Báo cáo số {len(items) + 1}/BC-S ngày 10/12/{rs.year} về mục {item.id}"]}
    # cross-item checks of the rule set: the same figure in two places must agree
    for check in rs.checks:
        left = check.left if isinstance(check.left, str) else None
        right = check.right if isinstance(check.right, str) else None
        if left and right:
            (li, lf), (ri, rf) = left.split(":"), right.split(":")
            items[li]["values"][lf] = items[ri]["values"][rf]
    return evidence_from_data({"ruleset": rs.id, "unit": "Sở mẫu đạt tối đa", "year": rs.year, "items": items})


def weak_evidence(rs: RuleSet) -> Evidence:
    """Gaps and every kind of bad value a person types, in Vietnamese formats."""
    y = rs.year
    return evidence_from_data({
        "ruleset": rs.id, "unit": "  Phòng mẫu   có lỗi ", "year": y,
        "items": {
            "1.1.1": {"values": {"plan": f"Kế hoạch số 12/KH-PGD ngày 05/02/{y}"}},  # late
            "1.1.2": {"values": {"tasks_planned": " 40 ", "tasks_done": "abc"}},  # wrong type
            "1.2.1": {"values": {"report_q1": f"ngày 8 tháng 3 năm {y}", "report_h1": f"31/06/{y}",  # impossible
                                 "report_q3": "Không", "report_year": f"09/12/{y}"}},
            "1.3.2": {"values": {"units_total": "1.343", "units_inspected": "12,5"}},  # not whole
            "1.3.3": {"values": {"issues_found": -3, "issues_resolved": 0}},  # negative
            "1.4.2": {"values": {"activities_planned": "=SUM(1,2)", "activities_done": "+84"}},  # formulas
            "1.5": {"values": {"initiatives": "@2"}},
            "1.6": {"values": {"tasks_assigned": 100, "tasks_on_time": 80, "tasks_late": 5, "tasks_in_progress": 10,
                               "tasks_overdue": 4}},  # does not add up
            "2.1.1": {"values": {"docs_assigned": 5, "docs_on_schedule": 6}},  # part exceeds whole
            "3.1.3": {"not_applicable": "Không áp dụng"},  # without explanation
            "3.2.1": {"values": {"dossiers_resolved": "1.343", "dossiers_on_time": "1.300"}},
            "3.3.2": {"values": {"dossiers_received": 400, "dossiers_online": 150}},
            "1.7": {"values": {"survey_rate": "150%"}},  # out of range
            "2.5": {"values": {"survey_rate": "93,81%"}},
            "6.2": {"values": {"budget_disclosure": "Một phần"}},  # not an option
            "6.3": {"values": {"investment_planned": "10.000,5", "investment_disbursed": 9000}},
            "4.1.1": {"values": {"functions_defined": "có "}, "documents": ["-Quyết định 12"]},  # formula-like doc
            "5.3": {"values": {"evaluation_decision": "Quyết định 05/QĐ-PGD ngày 15/01/2025"}},  # other year
            "7.8": {"values": {"iso_status": "Áp dụng chưa đầy đủ"}},
            "9.2": {"values": {"criticisms": 2}},
        },
    })


def evaluate_data(loaded: LoadedRuleSet, data: dict) -> Result:
    return evaluate(loaded, evidence_from_data(data))


# --------------------------------------------------------------------------- LibreOffice


_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless in its own profile that always recalculates on load."""
    soffice = require_tool("soffice")
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=180,
    )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert proc.returncode == 0 and out.exists(), f"soffice failed: {proc.stdout}\n{proc.stderr}"
    assert "Error" not in proc.stderr, proc.stderr
    return out


def cached_values(path: Path, sheet: str) -> Any:
    return load_workbook(io.BytesIO(path.read_bytes()), data_only=True)[sheet]

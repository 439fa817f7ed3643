"""The trusted constructor used on the engine's hot path builds the same objects as validation."""

import datetime as dt
from decimal import Decimal as D

from core_support import DATA, DEMO, score_file

from scoring.messages import finding_text, recovery_text, text
from scoring.models import Finding, GroupResult, ItemResult, Result, TraceStep
from scoring.models.evidence import CellRef
from scoring.models.result import Message

CASES = [
    (Finding, dict(kind="target_missed", code="target_missed", severity="info", item="1.6", field="tasks_on_time",
                   cell=CellRef(sheet="Tự đánh giá", cell="E12"),
                   params={"num": 166, "den": 169, "percent": D("98.2249"), "band": "≥ 100%"},
                   points_lost=D("0.5"), recovery=Message(code="recover_ratio", params={"need": 3}))),
    (Finding, dict(kind="note", code="year_mismatch", severity="info", params={"year": 2023, "ruleset_year": 2024})),
    (ItemResult, dict(id="1.6", title="t", component="1", criterion="1.6", scored_by="self", max_points=D(1),
                      points=D("0.5"), status="not_achieved", measure=Message(code="measure_ratio"),
                      measure_value=D("98.2249"), rule="1.6/ge90")),
    (TraceStep, dict(item="1.6", state="measured", rule="1.6/ge90", rule_label="x", matched=["1.6/ge90"],
                     points=D("0.5"))),
    (GroupResult, dict(id="1", title="t", points=D(2), max_points=D(10), applicable_max=D(8), index=D(25),
                       self_points=D(2), survey_points=D(0))),
]


def test_trusted_equals_validated():
    for cls, values in CASES:
        fast, slow = cls.trusted(**values), cls.model_validate(values)
        assert fast == slow
        assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
        assert fast.model_dump_json() == slow.model_dump_json()


def test_reading_problems_become_findings(rs2024):
    from scoring.engine import evaluate
    from scoring.models.evidence import Evidence, ReadProblem

    ev = Evidence(unit="Đơn vị thử", year=2024,
                  problems=[ReadProblem(code="not_a_number", params={"value": "abc"}, item="1.6", key="items.1.6")])
    f = next(f for f in evaluate(rs2024, ev).findings if f.code == "not_a_number")
    assert (f.kind, f.severity, f.item) == ("invalid_value", "error", "1.6")
    assert finding_text(f) == "«abc» không phải là số (ví dụ: 1.343 hoặc 98,4)."


def test_a_result_read_back_from_json_renders_the_same_texts(rs2024):
    """Findings are data: numbers stay exact and dates stay dates through JSON, so the text is the same."""
    for path in (DEMO, DATA / "weak-unit.yaml"):
        r = score_file(path, rs2024)
        back = Result.model_validate_json(r.model_dump_json())
        assert [finding_text(f) for f in back.findings] == [finding_text(f) for f in r.findings]
        assert [recovery_text(f) for f in back.findings] == [recovery_text(f) for f in r.findings]
        assert [text(i.measure) for i in back.items] == [text(i.measure) for i in r.items]
    late = next(f for f in back.findings if f.code == "deadline_missed")
    assert isinstance(late.params["date"], dt.date) and isinstance(late.params["points"], D)


def test_a_whole_result_built_without_validation_validates(rs2024):
    """Every object the engine builds with `trusted` has exactly the model's fields and valid values."""
    for path in (DEMO, DATA / "weak-unit.yaml", DATA / "strong-unit.yaml"):
        r = score_file(path, rs2024)
        assert Result.model_validate(r.model_dump()) == r

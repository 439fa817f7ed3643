"""The trusted constructor used on the engine's hot path builds the same objects as validation."""

from decimal import Decimal as D

from scoring.models import Finding, GroupResult, ItemResult, TraceInput, TraceStep
from scoring.models.evidence import CellRef

CASES = [
    (Finding, dict(kind="target_missed", code="target_missed", severity="info", item="1.6", field="tasks_on_time",
                   cell=CellRef(sheet="Tự đánh giá", cell="E12"), message="…", points_lost=D("0.5"), recovery="…")),
    (Finding, dict(kind="note", code="year_mismatch", severity="info", message="…")),
    (ItemResult, dict(id="1.6", title="t", component="1", criterion="1.6", scored_by="self", max_points=D(1),
                      points=D("0.5"), status="not_achieved", measure="166/169 = 98,22%", measure_value=D("98.2249"),
                      band="ge90", band_text="≥ 90% → 0,5 điểm")),
    (TraceInput, dict(field="a", label="A", raw=3, value="3")),
    (TraceStep, dict(item="1.6", state="measured", rule="1.6/ge90", rule_text="x", matched=["1.6/ge90"],
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
    assert f.message == "«abc» không phải là số (ví dụ: 1.343 hoặc 98,4)."

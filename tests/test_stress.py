"""5,000 units in one process: durable_rules' 1,024-context cap and memory stay out of the way."""

import resource

import pytest
from core_support import DATA

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data, load_evidence


@pytest.mark.slow
def test_five_thousand_units_in_one_process(rs2024):
    base = load_evidence(DATA / "weak-unit.yaml").model_dump(mode="json")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    totals = set()
    for n in range(5000):
        data = dict(base, unit=f"Đơn vị {n}")
        items = dict(data["items"])
        items["1.5"] = {"values": {"initiatives": {"value": n % 3}}}  # vary the evidence a little
        data["items"] = items
        totals.add(evaluate(rs2024, evidence_from_data(data)).total)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert totals == {33 + x for x in (0, 0.5)} | {33 + 0.5}  # 1.5 earns 0 or 0,5
    assert grown_mb < 200, f"memory grew {grown_mb:.0f} MB"

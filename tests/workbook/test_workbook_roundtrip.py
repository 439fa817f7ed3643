"""Evidence → generated workbook → filled with openpyxl → read → scored gives exactly the
points of scoring the evidence directly, for every evidence set we have."""

from __future__ import annotations

from pathlib import Path

import pytest
from wbtools import (
    DATA,
    DEMO,
    assert_same_scores,
    filled_bytes,
    office_only,
    read_bytes,
    strong_evidence,
    weak_evidence,
)

from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.models.evidence import Evidence
from scoring.ruleset import find_ruleset, load_ruleset
from scoring.workbook.layout import INPUT_SHEET

FILES = [DEMO] + sorted(DATA.glob("*.yaml")) + sorted(DATA.glob("*.json"))


def _loaded_for(evidence: Evidence):  # type: ignore[no-untyped-def]
    return find_ruleset(evidence.ruleset, version=evidence.ruleset_version)


@pytest.mark.parametrize("typed", [True, False], ids=["typed", "raw"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_roundtrip_of_evidence_files(path: Path, typed: bool):
    evidence = load_evidence(path)
    loaded = _loaded_for(evidence)
    direct = evaluate(loaded, office_only(evidence, loaded))
    read = read_bytes(filled_bytes(loaded, evidence, typed=typed))
    via_workbook = evaluate(read.ruleset, read.evidence)
    assert_same_scores(direct, via_workbook)


@pytest.mark.parametrize("ruleset_id", ["par-so-2024", "par-so-2026"])
@pytest.mark.parametrize("typed", [True, False], ids=["typed", "raw"])
def test_roundtrip_strong_unit_every_item_at_max(ruleset_id: str, typed: bool):
    loaded = find_ruleset(ruleset_id)
    evidence = strong_evidence(loaded.ruleset)
    direct = evaluate(loaded, evidence)
    # the builder really reaches every self-assessed maximum, so the round trip covers every method's top band
    for item in direct.items:
        if item.scored_by == "self" and item.effect == "score":
            assert item.points == item.max_points, (item.id, item.points, direct.findings)
    read = read_bytes(filled_bytes(loaded, evidence, typed=typed))
    assert_same_scores(direct, evaluate(read.ruleset, read.evidence))


@pytest.mark.parametrize("typed", [True, False], ids=["typed", "raw"])
def test_roundtrip_weak_unit_with_gaps_and_bad_values(typed: bool):
    loaded = find_ruleset("par-so-2024")
    evidence = weak_evidence(loaded.ruleset)
    direct = evaluate(loaded, office_only(evidence, loaded))
    read = read_bytes(filled_bytes(loaded, evidence, typed=typed))
    via_workbook = evaluate(read.ruleset, read.evidence)
    assert_same_scores(direct, via_workbook)
    codes = {f.code for f in via_workbook.findings}
    # the weak unit exercises each kind of bad input the issue names
    assert {"value_problem", "missing_value", "check_failed", "part_exceeds_whole",
            "not_applicable_no_explanation", "date_outside_year"} <= codes


def test_minimal_ruleset_roundtrip(tmp_path):
    """A small rule set of another shape (tests/rulesets/minimal.yaml) works the same way."""
    path = Path(__file__).resolve().parents[1] / "rulesets" / "minimal.yaml"
    loaded = load_ruleset(path)
    evidence = strong_evidence(loaded.ruleset)
    direct = evaluate(loaded, evidence)
    read = read_bytes(filled_bytes(loaded, evidence), loaded)
    assert_same_scores(direct, evaluate(read.ruleset, read.evidence))


def test_every_value_keeps_its_cell():
    loaded = find_ruleset("par-so-2024")
    read = read_bytes(filled_bytes(loaded, weak_evidence(loaded.ruleset)))
    for item_id, ev in read.evidence.items.items():
        assert ev.cell is not None and ev.cell.sheet == INPUT_SHEET
        for name, value in ev.values.items():
            assert value.cell is not None and value.cell.cell == read.input_cells[(item_id, name)]
    result = evaluate(read.ruleset, read.evidence)
    item_findings = [f for f in result.findings if f.item]
    assert item_findings and all(f.cell is not None for f in item_findings)
    # a value problem names the very cell the value was typed in
    bad = next(f for f in result.findings if f.item == "1.1.2" and f.code == "value_problem")
    assert bad.cell.cell == read.input_cells[("1.1.2", "tasks_done")]
    assert bad.cell.sheet == INPUT_SHEET

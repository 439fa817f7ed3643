"""Shared fixtures: the shipped rule sets and helpers to build and score evidence."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data, load_evidence
from scoring.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
RULES_2024 = ROOT / "rules" / "par-so-2024.yaml"
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"


@pytest.fixture(scope="session")
def rs2024():
    return load_ruleset(RULES_2024)


@pytest.fixture
def score(rs2024):
    """score({"1.6": {...values...}}, year=2024) -> Result, with the 2024 rule set."""

    def run(items: dict, *, year: int = 2024, loaded=None, unit: str = "Đơn vị thử"):
        data = {"unit": unit, "year": year, "items": {k: (v if "values" in v or "documents" in v or "not_applicable" in v
                                                          or "explanation" in v else {"values": v})
                                                      for k, v in items.items()}}
        return evaluate(loaded or rs2024, evidence_from_data(data))

    return run


def score_file(path: Path, loaded):
    return evaluate(loaded, load_evidence(path))


def require_tool(name: str) -> str:
    """The path of an external program; skip without it, unless CI requires it."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CCHC_REQUIRE_EXTERNAL") == "1":
            pytest.fail(f"{name} is required in CI but not installed")
        pytest.skip(f"{name} not installed")
    return path

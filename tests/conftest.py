"""Fixtures shared by the core tests: the shipped rule sets and a scoring helper."""

from __future__ import annotations

import pytest
from core_support import RULES_2024

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data
from scoring.ruleset import load_ruleset


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


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test; `make test` skips it, CI (.ci/run) runs it (CCHC_RUN_SLOW=1)")


def pytest_collection_modifyitems(config, items):
    import os

    if os.environ.get("CCHC_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="long test: CCHC_RUN_SLOW=1 runs it (as CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)

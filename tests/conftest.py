"""Fixtures shared by the core tests: the shipped rule sets and a scoring helper; and the guard
that the tests leave the checkout as they found it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from core_support import RULES_2024
from hypothesis.configuration import set_hypothesis_home_dir

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


CHECKOUT = Path(__file__).resolve().parent.parent
# Caches the tests would otherwise leave in the checkout: Hypothesis's examples, bytecode of the
# CLI subprocesses (the Makefile sets the prefix for pytest itself).
_SCRATCH = Path(tempfile.gettempdir()) / "cchc-tests"
set_hypothesis_home_dir(_SCRATCH / "hypothesis")
os.environ.setdefault("PYTHONPYCACHEPREFIX", sys.pycache_prefix or str(_SCRATCH / "pycache"))


def _checkout_state() -> set[str] | None:
    """Every file git sees as changed, new or ignored in the checkout (the venv and the
    installed package's metadata aside), or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(CHECKOUT), "status", "--porcelain", "--ignored",
                              "--untracked-files=all"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    skip = (".venv/", "cchc_scoring.egg-info/", "build/")
    return {line for line in out.stdout.splitlines()
            if not line[3:].startswith(skip) and "__pycache__/" not in line}


def pytest_sessionstart(session):
    session.config._checkout_before = _checkout_state()


def pytest_sessionfinish(session, exitstatus):
    """Tests never write into the checkout: a file they added or changed fails the run."""
    before = getattr(session.config, "_checkout_before", None)
    after = _checkout_state()
    if before is None or after is None or exitstatus not in (0, 1):
        return
    added = sorted(after - before)
    if added:
        sys.stderr.write("\nThe tests wrote into the checkout:\n" + "\n".join(added) + "\n")
        session.exitstatus = 1


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

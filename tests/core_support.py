"""Paths and helpers shared by the core tests (imported by name; conftest.py holds fixtures)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scoring.engine import evaluate
from scoring.evidence_io import load_evidence

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
RULES_2024 = ROOT / "rules" / "par-so-2024.yaml"
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"


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

"""Shared by the store's tests: scored results to record, and SQL run directly on a store
(as someone editing the database outside the program would)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from scoring.engine import evaluate
from scoring.evidence_io import evidence_from_data, load_evidence
from scoring.models.result import Result
from scoring.ruleset import LoadedRuleSet, load_ruleset
from scoring.store import Submission

ROOT = Path(__file__).resolve().parents[2]
RULES_2024 = ROOT / "rules" / "par-so-2024.yaml"
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
EXAMPLE_XLSX = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
DEMO_UNIT = "Sở Giáo dục và Đào tạo Hải Phòng"


@cache
def rules() -> LoadedRuleSet:
    return load_ruleset(RULES_2024)


@cache
def _bench_engine() -> Any:
    spec = importlib.util.spec_from_file_location("bench_engine", ROOT / "benchmarks" / "bench_engine.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_data(n: int, *, seed: int = 0, unit: str | None = None, year: int | None = None) -> dict:
    """Evidence of a plausible unit (the engine benchmark's generator), deterministic by n and seed."""
    data = _bench_engine().synthetic_unit(rules().ruleset, n, random.Random(seed * 100_003 + n))
    if unit is not None:
        data["unit"] = unit
    if year is not None:
        data["year"] = year
    return data


@cache
def synthetic(n: int, *, seed: int = 0, unit: str | None = None, year: int | None = None) -> Result:
    return evaluate(rules(), evidence_from_data(synthetic_data(n, seed=seed, unit=unit, year=year)))


@cache
def demo_result() -> Result:
    return evaluate(rules(), load_evidence(DEMO))


@cache
def workbook_result() -> Result:
    from scoring.workbook.read import read_workbook

    read = read_workbook(EXAMPLE_XLSX)
    return evaluate(read.ruleset, read.evidence)


def submission(name: str, *, day: int = 10, content: str | None = None) -> Submission:
    """A file received on `day` January 2025 whose bytes are `content` (default: its name)."""
    return Submission.of_bytes(name, (content or name).encode(), dt.datetime(2025, 1, day, 9, 0, tzinfo=dt.UTC))


def sql(url: str, statement: str, **params: Any) -> Any:
    """Run one statement on the store's database, outside the program, and commit."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.all() if result.returns_rows else result.rowcount
    finally:
        engine.dispose()


def count(url: str, table: str) -> int:
    return sql(url, f"SELECT COUNT(*) FROM {table}")[0][0]

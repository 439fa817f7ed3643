"""Fixtures of the hostile-input tests: the 2024 rule set, a generated workbook filled with the
demo unit's evidence (bytes), and where its input cells are."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workbook"))  # wbtools

from wbtools import DEMO, filled_bytes  # noqa: E402

from scoring.evidence_io import load_evidence  # noqa: E402
from scoring.ruleset import find_ruleset  # noqa: E402
from scoring.workbook.grids import read_grids  # noqa: E402
from scoring.workbook.read import grids_from_bytes  # noqa: E402


@pytest.fixture(scope="session")
def loaded():
    return find_ruleset("par-so-2024")


@pytest.fixture(scope="session")
def base(loaded) -> bytes:
    """The demo unit's evidence typed into a generated workbook."""
    return filled_bytes(loaded, load_evidence(DEMO))


@pytest.fixture(scope="session")
def cells(base) -> dict:
    """(item, field) → input cell address of `base` ("G29"); (item, "row") → its first row."""
    read = read_grids(grids_from_bytes(base), file="so.xlsx")
    out = dict(read.input_cells)
    out.update({(item, "row"): rows[0] for item, rows in read.item_rows.items()})
    return out

"""The fast merged ranges and shared style objects (scoring/workbook/merges.py) give exactly
the workbook openpyxl gives: every XML part byte for byte, generated and loaded again."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet
from wbtools import DEMO, HAI_PHONG

from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset
from scoring.workbook import generate, merges
from scoring.workbook.fill import fill_workbook

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _workbook() -> bytes:
    loaded = find_ruleset("par-so-2024")
    evidence = load_evidence(DEMO)
    wb = generate.build_workbook(loaded, evidence.unit, year=evidence.year,
                                 office=generate.Office.resolve(loaded, agency=HAI_PHONG))
    meta = wb["_cchc"]
    for row in meta.iter_rows():
        if row[0].value == "generated_at":
            row[1].value = "2024-01-01T00:00:00"
    fill_workbook(wb, loaded, evidence)
    return generate.save_workbook(wb)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def _reloaded(data: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(data), rich_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_same_workbook_as_openpyxl_alone(monkeypatch):
    fast = _workbook()
    fast_again = _reloaded(fast)
    monkeypatch.setattr(Worksheet, "_clean_merge_range", merges.original_clean_merge_range)
    monkeypatch.setattr(MergedCellRange, "_get_borders", merges.original_get_borders)
    monkeypatch.setattr(generate, "reuse_styles", lambda wb: wb)
    slow = _workbook()
    assert _parts(fast) == _parts(slow)
    assert _parts(fast_again) == _parts(_reloaded(slow))


def test_same_scored_copy_as_openpyxl_alone(monkeypatch):
    from scoring.engine import evaluate
    from scoring.workbook import write
    from scoring.workbook.read import read_workbook_bytes

    def scored(path):  # type: ignore[no-untyped-def]
        data, read = read_workbook_bytes(path)
        return write.scored_bytes(data, evaluate(read.ruleset, read.evidence), read)

    from wbtools import EXAMPLE_XLSX

    fast = scored(EXAMPLE_XLSX)
    monkeypatch.setattr(Worksheet, "_clean_merge_range", merges.original_clean_merge_range)
    monkeypatch.setattr(MergedCellRange, "_get_borders", merges.original_get_borders)
    monkeypatch.setattr(write, "reuse_styles", lambda wb: wb)
    assert _parts(fast) == _parts(scored(EXAMPLE_XLSX))

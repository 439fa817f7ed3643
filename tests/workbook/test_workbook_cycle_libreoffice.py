"""The cycle's workbooks in LibreOffice, as an office that works in Calc would use them: the
survey and round-1 workbooks filled, saved by LibreOffice, still import (their hidden seal and
keys survive the save), and the unit sheet's provisional total, recalculated by LibreOffice,
is the engine's total after the round."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from cycle_support import RATES, ROUND1, UNITS, fill_round, fill_survey, rows_of, sheet_of, unit_files
from openpyxl import load_workbook
from typer.testing import CliRunner
from wbtools import cached_values, require_tool, soffice_convert

from scoring.appraisal.cycle import Cycle
from scoring.cli import app
from scoring.store import open_store

runner = CliRunner()


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args), prog_name="scoring")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def lo(tmp_path_factory):  # type: ignore[no-untyped-def]
    require_tool("soffice")
    return tmp_path_factory.mktemp("lo-profile")


def test_workbooks_saved_by_libreoffice_import_and_recalculate_to_the_engine(lo, tmp_path: Path):
    db = str(tmp_path / "cchc.sqlite")
    for path in unit_files(tmp_path).values():
        ok("score", str(path), "--db", db)
    ok("survey", "new", "--out", str(tmp_path / "xhh.xlsx"), "--db", db)
    fill_survey(tmp_path / "xhh.xlsx", tmp_path / "xhh-da-nhap.xlsx", RATES)
    saved = soffice_convert(tmp_path / "xhh-da-nhap.xlsx", "xlsx", tmp_path / "lo-xhh", lo)
    assert ok("survey", "import", str(saved), "--db", db).splitlines()[0].endswith(
        ": 45 tỷ lệ của 5 đơn vị (bộ chỉ số par-so-2024, năm 2024).")

    ok("appraisal", "new", "--round", "1", "--out", str(tmp_path / "vong-1.xlsx"), "--db", db)
    fill_round(tmp_path / "vong-1.xlsx", tmp_path / "vong-1-da-dien.xlsx", ROUND1)
    saved = soffice_convert(tmp_path / "vong-1-da-dien.xlsx", "xlsx", tmp_path / "lo-vong-1", lo)
    ok("appraisal", "import", str(saved), "--db", db)

    with open_store(db) as store:
        cycle = Cycle.load(store, "par-so-2024", 2024)
        totals = {f.unit_name: f.score.totals.total for _rank, f in cycle.finals(through=1)}
        assert totals[UNITS["E"]] == Decimal("83.80") and totals[UNITS["A"]] == Decimal("95.48")
    wb = load_workbook(saved)
    for name, total in totals.items():
        title = sheet_of(wb, name).title
        ws = cached_values(saved, title)
        rows = rows_of(ws)
        assert ws[f"L{rows['total']}"].value == pytest.approx(float(total), abs=1e-9), name

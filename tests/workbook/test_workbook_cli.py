"""`scoring workbook new` and `scoring score FILE.xlsx [--out SCORED.xlsx]` as a user runs them,
and the bundled example workbook."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from typer.testing import CliRunner
from wbtools import DEMO, EXAMPLE_XLSX, assert_same_scores

from scoring.cli import app
from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset
from scoring.workbook.layout import INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET
from scoring.workbook.read import read_workbook

runner = CliRunner()


def test_new_workbook(tmp_path):
    out = tmp_path / "so-tu-phap.xlsx"
    result = runner.invoke(app, ["workbook", "new", "--rules", "par-so-2024", "--unit", "Sở Tư pháp",
                                 "--deadline", "15/1/2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (f"Đã tạo sổ {out}: 69 tiêu chí thành phần, bộ chỉ số par-so-2024 "
                                             "phiên bản 1.0.0.")
    read = read_workbook(out)
    assert read.evidence.unit == "Sở Tư pháp" and read.meta.deadline == "15/01/2025" and read.evidence.year == 2024


def test_new_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "so.xlsx"
    out.write_bytes(b"so da dien")
    args = ["workbook", "new", "--unit", "Sở A", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr == (f"Lỗi: Tệp {out} đã có; chọn tên khác, hoặc thêm --force nếu chắc chắn muốn ghi đè.\n")
    assert out.read_bytes() == b"so da dien"
    assert runner.invoke(app, args + ["--force"]).exit_code == 0


def test_new_checks_its_options(tmp_path):
    result = runner.invoke(app, ["workbook", "new", "--unit", "Sở A", "--out", str(tmp_path / "so.xls")])
    assert result.exit_code == 1 and "phải có đuôi .xlsx" in result.stderr
    result = runner.invoke(app, ["workbook", "new", "--unit", "Sở A", "--deadline", "mai", "--out",
                                 str(tmp_path / "so.xlsx")])
    assert result.exit_code == 2 and "không phải ngày" in result.output
    result = runner.invoke(app, ["workbook", "new", "--rules", "par-so-1999", "--unit", "Sở A", "--out",
                                 str(tmp_path / "so.xlsx")])
    assert result.exit_code == 1 and "Không tìm thấy bộ chỉ số «par-so-1999»" in result.stderr


def test_new_from_evidence_then_score_to_a_scored_copy(tmp_path):
    book = tmp_path / "so.xlsx"
    assert runner.invoke(app, ["workbook", "new", "--from", str(DEMO), "--out", str(book)]).exit_code == 0
    scored = tmp_path / "so-da-cham.xlsx"
    result = runner.invoke(app, ["score", str(book), "--out", str(scored)])
    assert result.exit_code == 0, result.output
    assert f"Đã ghi sổ đã chấm {scored}" in result.stdout and "Chỉ số CCHC: 26,98% — Xếp loại: Yếu" in result.stdout
    wb = load_workbook(scored)
    assert wb.sheetnames[:4] == ["Hướng dẫn", INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET]
    assert wb.active.title == SUMMARY_SHEET and wb[SUMMARY_SHEET]._charts
    # the scored copy is itself a workbook that reads and scores the same
    again = runner.invoke(app, ["score", str(scored), "--format", "json"])
    assert json.loads(again.stdout)["total"] == 18.75


def test_bundled_example_scores_like_its_yaml():
    """`scoring score workbooks/examples/so-gddt-hai-phong-2023.xlsx` works from a fresh clone."""
    result = runner.invoke(app, ["score", str(EXAMPLE_XLSX), "--format", "json"])
    assert result.exit_code == 0, result.output
    read = read_workbook(EXAMPLE_XLSX)
    assert_same_scores(evaluate(find_ruleset("par-so-2024"), load_evidence(DEMO)), evaluate(read.ruleset, read.evidence))


def test_bundled_example_is_up_to_date_with_its_yaml():
    """Regenerate with `scoring workbook new --from workbooks/examples/so-gddt-hai-phong-2023.yaml
    --agency "UBND thành phố Hải Phòng" --out workbooks/examples/so-gddt-hai-phong-2023.xlsx --force`
    (the README's command) when this fails."""
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.generate import build_workbook, save_workbook
    from scoring.workbook.grids import read_grids
    from scoring.workbook.read import grids_from_bytes

    evidence = load_evidence(DEMO)
    loaded = find_ruleset(evidence.ruleset)
    wb = build_workbook(loaded, evidence.unit, year=evidence.year)
    fill_workbook(wb, loaded, evidence)
    fresh = read_grids(grids_from_bytes(save_workbook(wb)))
    bundled = read_workbook(EXAMPLE_XLSX)

    def content(read):  # type: ignore[no-untyped-def]
        data = read.evidence.model_dump(mode="json")
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return text.replace(json.dumps(read.file or "", ensure_ascii=False), "null")

    assert content(bundled) == content(fresh)
    assert bundled.meta.template_version == fresh.meta.template_version


def test_the_hint_after_workbook_new_names_the_command_as_installed(tmp_path):
    """After `make run` the command is .venv/bin/scoring, not on the PATH: the hint says so."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("scoring")
    env = {k: v for k, v in os.environ.items() if k != "PATH"} | {"PATH": "/usr/bin:/bin"}
    out = tmp_path / "so.xlsx"
    done = subprocess.run([str(exe), "workbook", "new", "--rules", "par-so-2024", "--unit", "Sở Tư pháp",
                           "--out", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    hint = done.stdout.strip().splitlines()[-1].strip()
    assert hint.startswith(f"{exe} score {out} --out "), hint

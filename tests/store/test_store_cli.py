"""The store from the command line: `score FILE --db`, `history`, `explain`, `verify`, in
Vietnamese, with the default store in the working folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_support import DEMO, DEMO_UNIT, EXAMPLE_XLSX, ROOT, sql
from typer.testing import CliRunner

from scoring.cli import app

runner = CliRunner()
SCORING = Path(sys.executable).with_name("scoring")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), prog_name="scoring")


def flat(text: str) -> str:
    """The output with its line wrapping undone (rich wraps at the terminal's width)."""
    return " ".join(text.split())


@pytest.fixture
def here(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_score_with_db_alone_records_into_cchc_sqlite_here(here):
    first = invoke("score", str(DEMO), "--db")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == (f"Đã ghi vào kho cchc.sqlite: {DEMO_UNIT}, năm 2023 "
                                             "(bản nộp #1, là bản hiện hành).")
    assert (here / "cchc.sqlite").is_file()
    again = invoke("score", str(DEMO), "--db", "--items")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == (f"Tệp này đã có trong kho cchc.sqlite (bản nộp #1 của {DEMO_UNIT}, "
                                             "năm 2023); không ghi lại.")


def test_a_submission_to_the_store_does_not_score_the_units_own_survey_rates(here):
    """strong-unit.yaml carries its own survey rates: `score` alone scores them (a unit's preview),
    `score --db` (a submission to the office) does not, and names each one."""
    from core_support import DATA

    path = DATA / "strong-unit.yaml"
    alone = json.loads(invoke("score", str(path), "--format", "json").stdout)
    submitted = json.loads(invoke("score", str(path), "--format", "json", "--db", "kho.sqlite").stdout)
    assert alone["survey_points"] > 0 and not alone["provisional"]
    assert (submitted["survey_points"], submitted["survey_max"], submitted["provisional"]) == (0, 0, True)
    ignored = [f for f in submitted["findings"] if f["code"] == "survey_value_ignored_file"]
    assert len(ignored) == 9 and ignored[0]["key"] == "items.1.7.values.survey_rate"


def test_score_json_on_screen_keeps_stdout_json(here):
    result = invoke("score", str(DEMO), "--format", "json", "--db", "kho.sqlite")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unit"] == DEMO_UNIT
    assert result.stderr == f"Đã ghi vào kho kho.sqlite: {DEMO_UNIT}, năm 2023 (bản nộp #1, là bản hiện hành).\n"


def test_a_workbook_name_given_as_the_store_is_a_command_line_error(here):
    result = invoke("score", str(EXAMPLE_XLSX), "--db", "so-gddt.xlsx")
    assert result.exit_code == 2
    assert result.stderr == ("Lỗi: Không dùng so-gddt.xlsx làm kho dữ liệu: đuôi .xlsx là của tệp số liệu, sổ chấm "
                             "điểm hoặc báo cáo. Kho là tệp .sqlite (vd. --db cchc.sqlite); muốn ghi vào kho mặc định "
                             "thì đặt --db sau tên tệp: scoring score so-cham-diem.xlsx --db\n")
    assert list(here.iterdir()) == []


def test_reading_commands_need_a_store(here):
    for args in (["history", "Sở Tư pháp"], ["explain", "Sở Tư pháp", "1.6"], ["verify"]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert result.stderr == ("Lỗi: Chưa có kho dữ liệu cchc.sqlite. Kho được tạo khi ghi bản nộp đầu tiên: "
                                 "scoring score so-cham-diem.xlsx --db cchc.sqlite\n")
    assert list(here.iterdir()) == []


def _two_years(here: Path) -> None:
    """The example unit's 2023 report, and a 2024 file where it did better on 1.6 and 1.3.1."""
    text = DEMO.read_text(encoding="utf-8")
    later = here / "so-gddt-2024.yaml"
    later.write_text(text.replace("year: 2023", "year: 2024").replace("tasks_late: { value: 3,", "tasks_late: { value: 0,")
                     .replace("tasks_on_time: { value: 166", "tasks_on_time: { value: 169"), encoding="utf-8")
    assert invoke("score", str(DEMO), "--db").exit_code == 0
    assert invoke("score", str(later), "--db").exit_code == 0


def test_history_and_explain(here):
    _two_years(here)
    history = invoke("history", "so gddt hai phong")
    assert history.exit_code == 0, history.output
    text = flat(history.stdout)
    assert text.startswith(f"Lịch sử Chỉ số CCHC — {DEMO_UNIT}")
    assert "18,75 / 69,5" in text and "20 / 69,5" in text and "26,98%" in text and "28,78%" in text
    changes = text[text.index("Các tiêu chí thay đổi nhiều nhất"):]
    assert changes.index("1.6") < changes.index("7.1") < changes.index("3.1.1")
    assert "+0,5 (2023→2024)" in changes and "+0,25 (2023→2024)" in changes
    explain = invoke("explain", "GDĐT", "1.6", "--year", "2023")
    assert explain.exit_code == 0, explain.output
    text = flat(explain.stdout)
    assert text.startswith(f"Giải thích điểm tiêu chí 1.6 — {DEMO_UNIT}, năm 2023 Nội dung: Thực hiện nhiệm vụ "
                           "UBND, Chủ tịch UBND thành phố giao Lĩnh vực: 1. Công tác chỉ đạo, điều hành CCHC")
    assert ("• Số nhiệm vụ hoàn thành đúng hạn: 166 — tệp so-gddt-hai-phong-2023.yaml — nguồn: BC 9T/2023, "
            "dòng 598–600") in text
    assert "► Từ 90%: ≥ 90% → 0,5 điểm" in text and "1.6/ge90" not in text  # no internal rule ids
    assert "Điểm: 0,5 / 1 — Chưa đạt" in text
    assert "→ Cần thêm 3 nhiệm vụ hoàn thành đúng hạn (lên 169) để đạt 1 điểm." in text
    assert text.endswith("Thẩm định: chưa có vòng thẩm định nào cho tiêu chí này.")
    latest = flat(invoke("explain", "GDĐT", "1.6").stdout)  # the latest year by default
    assert f"1.6 — {DEMO_UNIT}, năm 2024" in latest and "Điểm: 1 / 1 — Đạt" in latest


def test_explain_shows_a_workbooks_cells(here):
    assert invoke("score", str(EXAMPLE_XLSX), "--db").exit_code == 0
    text = flat(invoke("explain", "Sở Giáo dục và Đào tạo Hải Phòng", "1.6").stdout)
    from scoring.workbook.read import read_workbook

    cell = read_workbook(EXAMPLE_XLSX).input_cells[("1.6", "tasks_on_time")]
    assert ("• Số nhiệm vụ hoàn thành đúng hạn: 166 — tệp so-gddt-hai-phong-2023.xlsx, trang «Tự đánh giá», "
            f"ô {cell}") in text


def test_an_unknown_unit(here):
    _two_years(here)
    result = invoke("history", "Sở Tư pháp")
    assert result.exit_code == 1
    assert result.stderr == (f"Lỗi: Không có đơn vị «Sở Tư pháp» trong kho. Kho có 1 đơn vị: «{DEMO_UNIT}».\n")


def test_verify_here_and_after_an_edit(here):
    _two_years(here)
    ok = invoke("verify")
    assert ok.exit_code == 0
    assert flat(ok.stdout).endswith("Kết quả: khớp — mọi bản ghi còn nguyên như khi ghi, mọi kết quả chấm lại "
                                    "đều khớp.")
    sql(f"sqlite:///{here / 'cchc.sqlite'}", "UPDATE results SET classification = 'Tốt' WHERE submission_id = 2")
    bad = invoke("verify", "--db")
    assert bad.exit_code == 1
    assert "Xếp loại: khi chấm Tốt, chấm lại Yếu." in flat(bad.stdout)


def test_the_default_store_from_scoring_db(tmp_path):
    store = tmp_path / "kho" / "cchc-2024.sqlite"
    store.parent.mkdir()
    env = {**os.environ, "SCORING_DB": str(store)}
    done = subprocess.run([str(SCORING), "score", str(DEMO), "--db"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith(f"Đã ghi vào kho {store}: {DEMO_UNIT}")
    listed = subprocess.run([str(SCORING), "verify"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "1 đơn vị, 1 bộ chỉ số, 1 bản nộp (1 bản hiện hành)" in flat(listed.stdout)

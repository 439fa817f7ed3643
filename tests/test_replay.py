"""A recorded result replays to "khớp"; edited evidence or a changed rule set is caught."""

import json

from core_support import DEMO, ROOT
from typer.testing import CliRunner

from scoring.cli import app
from scoring.engine import evaluate
from scoring.evidence_io import load_evidence
from scoring.messages import finding_text
from scoring.messages import text as message_text
from scoring.replay import read_result, replay
from scoring.ruleset import load_ruleset

runner = CliRunner()


def record(tmp_path, rs):
    path = tmp_path / "ket-qua.json"
    path.write_text(evaluate(rs, load_evidence(DEMO)).model_dump_json(indent=2), encoding="utf-8")
    return path


def test_replay_matches(tmp_path, rs2024):
    report = replay(read_result(record(tmp_path, rs2024)))
    assert report.matches and report.differences == []
    assert report.replayed.total == report.recorded.total


def test_replay_detects_an_edited_evidence_value(tmp_path, rs2024):
    path = record(tmp_path, rs2024)
    data = json.loads(path.read_text())
    data["evidence"]["items"]["1.6"]["values"]["tasks_on_time"]["value"] = 169
    path.write_text(json.dumps(data, ensure_ascii=False))
    report = replay(read_result(path))
    assert not report.matches
    lines = [message_text(d) for d in report.differences]
    assert lines[0].startswith("Số liệu trong tệp truy vết đã bị sửa")
    # the edit is named: item, field, the value scored and the value found now
    assert lines[1] == "Mục 1.6, «Số nhiệm vụ hoàn thành đúng hạn»: khi chấm là «166», trong tệp nay là «169»."
    assert "Mục 1.6: điểm khi chấm 0,5, chấm lại 1." in lines
    assert "Tổng điểm: khi chấm 18,75, chấm lại 19,25." in lines
    assert "Chỉ số: khi chấm 26,98%, chấm lại 27,70%." in lines


def test_replay_shows_the_finding_an_edit_creates(tmp_path, rs2024):
    path = record(tmp_path, rs2024)
    data = json.loads(path.read_text())
    data["evidence"]["items"]["1.6"]["values"]["tasks_on_time"]["value"] = 300  # more on time than assigned
    path.write_text(json.dumps(data, ensure_ascii=False))
    report = replay(read_result(path))
    assert sorted(f.code for f in report.new_findings) == ["check_failed", "part_exceeds_whole"]
    exceeds = next(f for f in report.new_findings if f.code == "part_exceeds_whole")
    assert finding_text(exceeds).startswith(
        "«Số nhiệm vụ hoàn thành đúng hạn» (300) lớn hơn «Tổng số nhiệm vụ được giao» − ")
    out = runner.invoke(app, ["replay", str(path)])
    assert out.exit_code == 1 and "Phát hiện mới khi chấm lại: «Số nhiệm vụ hoàn thành đúng hạn» (300)" in out.stdout


def test_replay_detects_a_changed_rule_set(tmp_path, rs2024):
    path = record(tmp_path, rs2024)
    changed = tmp_path / "par-so-2024.yaml"
    text = (ROOT / "rules" / "par-so-2024.yaml").read_text()
    changed.write_text(text.replace("- { at_least: 90, points: 0.5, label: \"Từ 90%\" }",
                                    "- { at_least: 99, points: 0.5, label: \"Từ 99%\" }"))
    report = replay(read_result(path), load_ruleset(changed))
    lines = [message_text(d) for d in report.differences]
    assert lines[0].startswith("Bộ chỉ số đã thay đổi: mã băm khi chấm sha256:")
    assert "Mục 1.6: điểm khi chấm 0,5, chấm lại 0." in lines
    assert "Mục 1.6: quy tắc khi chấm «Từ 90%: ≥ 90% → 0,5 điểm», chấm lại «< 99% → 0 điểm»." in lines


def test_replay_cli(tmp_path, rs2024):
    path = record(tmp_path, rs2024)
    ok = runner.invoke(app, ["replay", str(path)])
    assert ok.exit_code == 0 and "khớp" in ok.stdout
    data = json.loads(path.read_text())
    data["evidence"]["items"]["4.2.1"]["values"]["staff_used"]["value"] = 62
    path.write_text(json.dumps(data, ensure_ascii=False))
    bad = runner.invoke(app, ["replay", str(path)])
    assert bad.exit_code == 1 and "KHÔNG KHỚP" in bad.stdout and "Mục 4.2.1: điểm khi chấm 1,5, chấm lại 0." in bad.stdout


def test_replay_of_a_file_that_is_not_a_trace(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"unit": "A"}')
    result = runner.invoke(app, ["replay", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Lỗi: Tệp {path} không phải kết quả chấm điểm có truy vết (")
    path.write_text("{\n  khong phai json")
    result = runner.invoke(app, ["replay", str(path)])
    assert result.stderr.strip() == (f"Lỗi: tệp {path}, dòng 2, cột 3: không phải JSON hợp lệ; tệp truy vết là tệp .json "
                                     "do lệnh chấm điểm ghi (--format json).")


def test_evidence_hash_does_not_depend_on_the_file_path(tmp_path, rs2024):
    """The same workbook read from two places (CLI on a share, add-in in Excel) hashes the same."""
    import shutil

    from scoring.workbook.read import read_workbook

    example = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
    copy = tmp_path / "khac-ten.xlsx"
    shutil.copy(example, copy)
    a = evaluate(rs2024, read_workbook(example).evidence).trace.evidence_hash
    b = evaluate(rs2024, read_workbook(copy).evidence).trace.evidence_hash
    assert a == b

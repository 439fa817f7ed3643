"""The CLI as a user runs it: exact Vietnamese lines, exit codes, outputs never over inputs."""

import json

import pytest
from core_support import DATA, DEMO, ROOT
from typer.testing import CliRunner

from scoring.cli import app

runner = CliRunner()


def test_demo():
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Đơn vị: Sở Giáo dục và Đào tạo Hải Phòng — năm 2023" in result.stdout
    assert "Chỉ số CCHC: 26,98% — Xếp loại: Yếu" in result.stdout
    assert "Tạm tính: chưa có đủ kết quả điều tra xã hội học" in result.stdout
    assert "Cần thêm 3 nhiệm vụ hoàn thành đúng hạn (lên 169) để đạt 1 điểm." in result.stdout


def test_score_json_is_a_result(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["score", str(DATA / "strong-unit.yaml"), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0 and f"Đã ghi {out}" in result.stdout
    data = json.loads(out.read_text())
    assert data["total"] == 94.5 and data["index"] == 97.93 and data["classification"] == "Xuất sắc"
    assert data["trace"]["steps"][0]["rule"] == "1.1.1/on_time"


def test_gaps_do_not_change_the_exit_code():
    result = runner.invoke(app, ["score", str(DATA / "weak-unit.yaml")])
    assert result.exit_code == 0
    assert "Lỗi:" in result.stdout  # the report lists errors in the evidence, yet the command succeeded


def test_score_with_another_rule_set():
    a = runner.invoke(app, ["score", str(DATA / "weak-unit.yaml"), "--format", "json"])
    b = runner.invoke(app, ["score", str(DATA / "weak-unit.yaml"), "--rules", "par-so-2026", "--format", "json"])
    ra, rb = json.loads(a.stdout), json.loads(b.stdout)
    item = lambda r, i: next(x for x in r["items"] if x["id"] == i)  # noqa: E731
    assert item(ra, "3.2.4")["points"] == 0.5 and item(rb, "3.2.4")["points"] == 1  # 50% vs target 30% in 2026
    assert any(f["code"] == "ruleset_mismatch" for f in rb["findings"])


def test_missing_file():
    result = runner.invoke(app, ["score", "khong-co.json"])
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: Không tìm thấy tệp khong-co.json.\n"


def test_output_never_overwrites_the_input(tmp_path):
    src = tmp_path / "e.yaml"
    src.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    before = src.read_bytes()
    result = runner.invoke(app, ["score", str(src), "--format", "json", "--out", str(src)])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: Không ghi đè tệp đầu vào {src}; hãy chọn tệp kết quả khác (--out).\n"
    assert src.read_bytes() == before


def test_unknown_rule_set():
    result = runner.invoke(app, ["score", str(DEMO), "--rules", "par-so-2025"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: Không tìm thấy bộ chỉ số «par-so-2025». Các bộ hiện có: par-so-2024, par-so-2026.")


def test_rules_check_ok_and_broken():
    ok = runner.invoke(app, ["rules", "check", str(ROOT / "rules" / "par-so-2024.yaml")])
    assert ok.exit_code == 0 and "hợp lệ, tổng 100 điểm" in ok.stdout and "Ca kiểm thử: 4/4 đạt" in ok.stdout
    broken = ROOT / "tests" / "rulesets" / "broken" / "duplicate-id.yaml"
    bad = runner.invoke(app, ["rules", "check", str(broken)])
    assert bad.exit_code == 1 and "Mã «1.1.1» bị trùng" in bad.stdout


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from typer.main import get_command

    root = get_command(app)
    names = []
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            names += [f"{name} {sub}" for sub in cmd.commands]
        else:
            names.append(name)
    for name in names:
        result = runner.invoke(app, name.split() + ["--help"])
        assert result.exit_code == 0, name
        assert f"scoring {name}" in readme, f"README does not mention `scoring {name}`"


@pytest.mark.parametrize("fmt", ["xml"])
def test_bad_format(fmt):
    result = runner.invoke(app, ["score", str(DEMO), "--format", fmt])
    assert result.exit_code == 2


def test_outputs_are_readable_by_others(tmp_path):
    """Scored copies go to shared drives: not the 0600 of a temporary file."""
    import os
    import stat

    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        runner.invoke(app, ["score", str(DEMO), "--format", "json", "--out", str(out)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_demo_says_that_lines_are_grouped():
    """The counts are per finding; the bullets group an item's blank inputs and the pending survey items."""
    result = runner.invoke(app, ["demo"])
    assert "Phát hiện: 0 lỗi, 66 cảnh báo, 15 lưu ý" in result.stdout
    assert "(Các ô chưa nhập của cùng một mục, và các mục chờ kết quả điều tra XHH, được gộp thành một dòng; " \
           "số đếm ở trên tính từng phát hiện.)" in " ".join(result.stdout.split())


def test_a_year_is_printed_as_a_year(tmp_path):
    """Evidence of 2024 scored with the 2026 rule set: «năm 2026 … năm 2024», never «2.024»."""
    evidence = tmp_path / "e.yaml"
    evidence.write_text("unit: Đơn vị thử\nyear: 2024\nitems: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(evidence), "--rules", "par-so-2026"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "Bộ chỉ số năm 2026 được áp dụng cho số liệu năm 2024." in flat
    assert "2.024" not in flat and "2.026" not in flat

"""Every help page and every command-line error in Vietnamese: Click's own words included.

The commands are found by walking the app, so a command added later is checked too."""

from __future__ import annotations

import pytest
from cli_support import DATA, command_paths, english_in, find_command, invoke

PATHS = command_paths()
LEAVES = [p for p in PATHS if not hasattr(find_command(p), "commands")]
GROUPS = [p for p in PATHS if hasattr(find_command(p), "commands")]


def _id(path: list[str]) -> str:
    return " ".join(path) or "scoring"


def test_the_detector_finds_clicks_english():
    """The detector itself: what Click printed before this work is caught, option names are not."""
    assert english_in("Usage: scoring score [OPTIONS] {evidence}") == ["{evidence}", "Usage", "OPTIONS"]
    assert english_in("Usage: scoring [OPTIONS] COMMAND [ARGS]...") == ["Usage", "OPTIONS", "COMMAND", "ARGS"]
    assert "Show" in english_in("  --help  Show this message and exit.")
    assert "Missing" in english_in("Error: Missing argument 'evidence'.")
    assert "No" in english_in("Lỗi: Không đọc được tệp số liệu x.json: No such file or directory")
    assert "Traceback" in english_in("Traceback (most recent call last):")
    assert "ValueError" in english_in("ValueError: invalid literal")
    assert "output_suffix" in english_in("Lỗi: output_suffix {'path': 'x'}")
    assert english_in("  -o, --out <tệp>  Ghi kết quả ra tệp .json hoặc /tmp/kq.txt; SCORING_HOST") == []


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_every_help_page_is_vietnamese(path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"Cách dùng: {' '.join(['scoring', *path])} [TÙY CHỌN]"), text
    assert "\nTùy chọn:\n" in text and "  -h, --help" in text and "Xem hướng dẫn này rồi thoát." in text
    assert english_in(text) == [], text


def test_score_help_exactly():
    # «~» stands for the no-break space that keeps «[mặc định: table]» on one line
    assert invoke("score", "--help").stdout == """\
Cách dùng: scoring score [TÙY CHỌN] TỆP

  Chấm điểm một đơn vị từ số liệu hoặc sổ chấm điểm.

Tham số:
  TỆP  Tệp số liệu (.json, .yaml) hoặc sổ chấm điểm đã điền (.xlsx).  [bắt~buộc]

Tùy chọn:
  -r, --rules <mã hoặc tệp>  Bộ chỉ số: mã (vd. par-so-2024) hoặc đường dẫn
                             .yaml (mặc định: bộ ghi trong số liệu).
  -f, --format <table|json>  In ra màn hình dạng table (bảng) hoặc json.
                             [mặc~định:~table]
  -o, --out <tệp>            Ghi kết quả ra tệp: .json (kết quả kèm truy vết, để
                             chấm lại), .txt (báo cáo), .xlsx (sổ đã chấm, khi
                             đầu vào là sổ .xlsx).
  --items                    In thêm điểm từng tiêu chí thành phần.
  --db <tệp|URL>             Kho dữ liệu: tệp SQLite hoặc địa chỉ
                             postgresql://…; chỉ ghi --db (không kèm giá trị) là
                             kho mặc định (biến SCORING_DB, nếu không có thì tệp
                             cchc.sqlite trong thư mục hiện tại).
  --migrate                  Cho phép nâng cấp lược đồ của kho PostgreSQL cũ
                             (hãy sao lưu cơ sở dữ liệu trước).
  -h, --help                 Xem hướng dẫn này rồi thoát.
""".replace("~", "\u00a0")


def test_top_level_help_lists_the_commands():
    lines = invoke("--help").stdout.splitlines()
    assert lines[0] == "Cách dùng: scoring [TÙY CHỌN] LỆNH [THAM SỐ]..."
    assert "Lệnh:" in lines
    assert "  score        Chấm điểm một đơn vị từ số liệu hoặc sổ chấm điểm." in lines
    assert "  consolidate  Tổng hợp, xếp hạng các đơn vị từ sổ và số liệu đã nộp." in lines


def test_help_shows_types_defaults_ranges_in_vietnamese():
    text = invoke("addin", "serve", "--help").stdout.replace("\u00a0", " ")
    assert "  --port <số nguyên>" in text and "  --cert <tệp>" in text and "  --host <văn bản>" in text
    assert "[mặc định: 1; ≥ 1]" in text
    assert "[mặc\u00a0định:\u00a0manifest.xml]" in invoke("addin", "manifest", "--help").stdout
    assert "[bắt\u00a0buộc]" in invoke("workbook", "new", "--help").stdout


# ---------------------------------------------------------------- usage errors, exactly


def _usage_error(result, path: str, usage: str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (f"Cách dùng: {usage}\n"
                             f"Chạy «{path} --help» để xem hướng dẫn.\n"
                             f"\n"
                             f"Lỗi: {message}\n")


def test_missing_argument():
    _usage_error(invoke("score"), "scoring score", "scoring score [TÙY CHỌN] TỆP", "Thiếu tham số TỆP.")


def test_missing_required_option():
    _usage_error(invoke("addin", "manifest"), "scoring addin manifest", "scoring addin manifest [TÙY CHỌN]",
                 "Thiếu tùy chọn --url.")


def test_unknown_command_with_a_suggestion():
    _usage_error(invoke("scor", "x.yaml"), "scoring", "scoring [TÙY CHỌN] LỆNH [THAM SỐ]...",
                 "Không có lệnh «scor». Có phải: score?")
    _usage_error(invoke("rules", "kiem-tra"), "scoring rules", "scoring rules [TÙY CHỌN] LỆNH [THAM SỐ]...",
                 "Không có lệnh «kiem-tra».")


def test_unknown_option():
    _usage_error(invoke("score", str(DATA / "weak-unit.yaml"), "--xuat"), "scoring score",
                 "scoring score [TÙY CHỌN] TỆP", "Không có tùy chọn --xuat. Có phải: --out?")


def test_bad_choice():
    _usage_error(invoke("score", str(DATA / "weak-unit.yaml"), "--format", "xml"), "scoring score",
                 "scoring score [TÙY CHỌN] TỆP",
                 "Giá trị không hợp lệ cho --format: «xml» không có trong danh sách; chọn một trong: table, json.")


def test_not_a_number_and_out_of_range():
    _usage_error(invoke("workbook", "new", "--out", "x.xlsx", "--year", "hai nghìn"), "scoring workbook new",
                 "scoring workbook new [TÙY CHỌN]",
                 "Giá trị không hợp lệ cho --year: «hai nghìn» không phải số nguyên.")
    _usage_error(invoke("addin", "serve", "--workers", "0"), "scoring addin serve", "scoring addin serve [TÙY CHỌN]",
                 "Giá trị không hợp lệ cho --workers: «0» nhỏ hơn 1; cần từ 1 trở lên.")


def test_extra_argument():
    _usage_error(invoke("version", "thua"), "scoring version", "scoring version [TÙY CHỌN]", "Thừa tham số: thua.")


def test_option_without_its_value():
    result = invoke("score", str(DATA / "weak-unit.yaml"), "--out")
    assert result.exit_code == 2 and result.stderr == "Lỗi: Tùy chọn --out cần một giá trị.\n"


def test_a_group_without_its_command_shows_its_help():
    result = invoke("rules")
    assert result.exit_code == 2
    assert result.stderr.startswith("Cách dùng: scoring rules [TÙY CHỌN] LỆNH [THAM SỐ]...\n")
    assert "  check  Kiểm tra bộ chỉ số" in result.stderr and english_in(result.stderr) == []


# ---------------------------------------------------------------- every error path, automatically


def _error_cases() -> list[tuple[str, list[str]]]:
    """Wrong command lines for every command found in the app."""
    cases = []
    for path in GROUPS:
        cases.append((f"{_id(path)}: no command", path))
        cases.append((f"{_id(path)}: unknown command", [*path, "khong-co"]))
        cases.append((f"{_id(path)}: unknown option", [*path, "--khong-co"]))
    for path in LEAVES:
        command = find_command(path)
        cases.append((f"{_id(path)}: unknown option", [*path, "--khong-co"]))
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        if not arguments:
            cases.append((f"{_id(path)}: extra argument", [*path, "thua"]))
        if any(p.required for p in command.params):
            cases.append((f"{_id(path)}: nothing given", path))
        for param in command.params:
            if param.param_type_name != "option" or getattr(param, "is_flag", False):
                continue
            option = [o for o in param.opts if o.startswith("--")][0]
            cases.append((f"{_id(path)}: {option} without value", [*path, option]))
            cases.append((f"{_id(path)}: {option} bad value", [*path, option, "\u00a7?"]))
    return cases


@pytest.mark.parametrize(("name", "args"), _error_cases(), ids=[c[0] for c in _error_cases()])
def test_every_wrong_command_line_is_answered_in_vietnamese(name, args):
    result = invoke(*args)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip(), name
    assert english_in(result.output) == [], result.output


def test_dash_h_is_help_too():
    assert invoke("score", "-h").stdout == invoke("score", "--help").stdout

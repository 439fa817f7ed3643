"""Paths on the command line: inputs that are not readable files, and every --out problem,
each answered with one exact Vietnamese line before any work (and nothing written)."""

from __future__ import annotations

import json
import os
import sys

import pytest
from cli_support import DATA, EXAMPLE_XLSX, english_in, invoke

from scoring.errors import ScoringError
from scoring.fileio import atomic_write_bytes, check_writable

WEAK = DATA / "weak-unit.yaml"


def _error(result, code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert result.stderr == f"Lỗi: {message}\n"
    assert english_in(result.output) == []


# ---------------------------------------------------------------- inputs


def test_missing_input(tmp_path):
    _error(invoke("score", str(tmp_path / "khong-co.yaml")), 1, f"Không tìm thấy tệp {tmp_path / 'khong-co.yaml'}.")


def test_input_is_a_folder(tmp_path):
    _error(invoke("score", str(tmp_path)), 1, f"{tmp_path} là một thư mục, không phải tệp.")
    _error(invoke("replay", str(tmp_path)), 1, f"{tmp_path} là một thư mục, không phải tệp.")
    _error(invoke("rules", "check", str(tmp_path)), 1, f"{tmp_path} là một thư mục, không phải tệp.")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_input_is_a_device():
    _error(invoke("score", "/dev/zero"), 1,
           "/dev/zero không phải tệp thông thường (có thể là thiết bị hoặc đường ống); hãy chỉ ra một tệp.")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_input(tmp_path):
    src = tmp_path / "e.yaml"
    src.write_text(WEAK.read_text(encoding="utf-8"), encoding="utf-8")
    src.chmod(0)
    _error(invoke("score", str(src)), 1, f"Không đọc được tệp {src}: không có quyền truy cập.")


# ---------------------------------------------------------------- --out


def test_out_is_a_folder(tmp_path):
    _error(invoke("score", str(WEAK), "--out", str(tmp_path)), 1,
           f"Không ghi được vào {tmp_path}: đây là một thư mục; hãy ghi rõ tên tệp.")


def test_out_in_a_missing_folder_is_not_created(tmp_path):
    out = tmp_path / "chua-co" / "kq.json"
    _error(invoke("score", str(WEAK), "--out", str(out)), 1,
           f"Không ghi được {out}: chưa có thư mục {out.parent}. Hãy tạo thư mục trước hoặc chọn nơi ghi khác.")
    assert not out.parent.exists()


def test_out_under_a_regular_file(tmp_path):
    plain = tmp_path / "ghi-chu.txt"
    plain.write_text("x")
    out = plain / "kq.json"
    _error(invoke("score", str(WEAK), "--out", str(out)), 1,
           f"Không ghi được {out}: {plain} là một tệp, không phải thư mục.")
    deeper = plain / "a" / "kq.json"
    _error(invoke("score", str(WEAK), "--out", str(deeper)), 1,
           f"Không ghi được {deeper}: {plain} là một tệp, không phải thư mục.")


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_out_where_nothing_can_be_created():
    """/proc exists and is a folder, but no file can be made in it, not even by root."""
    _error(invoke("score", str(WEAK), "--out", "/proc/kq.json"), 1,
           "Không ghi được /proc/kq.json: không có quyền ghi vào thư mục /proc.")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes everywhere")
def test_out_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o500)
    out = folder / "kq.json"
    _error(invoke("score", str(WEAK), "--out", str(out)), 1,
           f"Không ghi được {out}: không có quyền ghi vào thư mục {folder}.")


def test_out_with_an_unknown_extension(tmp_path):
    out = tmp_path / "kq.csv"
    _error(invoke("score", str(WEAK), "--out", str(out)), 2,
           f"Không nhận tệp kết quả {out}: với {WEAK} chỉ ghi được ra tệp .json (kết quả kèm truy vết) "
           f"hoặc .txt (báo cáo).")
    assert not out.exists()
    out = tmp_path / "kq"
    _error(invoke("score", str(EXAMPLE_XLSX), "--out", str(out)), 2,
           f"Không nhận tệp kết quả {out}: với {EXAMPLE_XLSX} chỉ ghi được ra tệp .json (kết quả kèm truy vết), "
           f".txt (báo cáo) hoặc .xlsx (sổ đã chấm).")


def test_out_xlsx_needs_a_workbook_input(tmp_path):
    out = tmp_path / "kq.xlsx"
    result = invoke("score", str(WEAK), "--out", str(out))
    _error(result, 2,
           f"Không ghi được sổ đã chấm {out}: {WEAK} là tệp số liệu, không phải sổ chấm điểm .xlsx, nên chỉ ghi "
           f"được ra tệp .json (kết quả kèm truy vết) hoặc .txt (báo cáo). Muốn có sổ Excel điền sẵn số liệu này: "
           f"scoring workbook new --from {WEAK} --out so-cham-diem.xlsx")
    assert not out.exists()


def test_format_and_extension_must_agree(tmp_path):
    out = tmp_path / "kq.txt"
    _error(invoke("score", str(WEAK), "--format", "json", "--out", str(out)), 2,
           f"--format json không hợp với tệp {out}: tệp .json ghi kết quả kèm truy vết, tệp .txt ghi báo cáo, "
           f"tệp .xlsx ghi sổ đã chấm. Hãy bỏ --format hoặc đổi đuôi tệp.")


def test_the_extension_decides_what_is_written(tmp_path):
    as_json, as_text = tmp_path / "kq.json", tmp_path / "kq.txt"
    assert invoke("score", str(WEAK), "--out", str(as_json)).stdout == f"Đã ghi {as_json}\n"
    assert json.loads(as_json.read_text(encoding="utf-8"))["unit"] == "Phòng Giáo dục và Đào tạo (đơn vị mẫu yếu)"
    assert invoke("score", str(WEAK), "--out", str(as_text)).stdout == f"Đã ghi {as_text}\n"
    assert as_text.read_text(encoding="utf-8").startswith("Kết quả tự đánh giá Chỉ số CCHC\n")


def test_out_that_is_the_input(tmp_path):
    src = tmp_path / "e.json"
    src.write_text("{}")
    _error(invoke("score", str(src), "--out", str(src)), 1,
           f"Không ghi đè tệp đầu vào {src}; hãy chọn tệp kết quả khác (--out).")
    assert src.read_text() == "{}"


# ---------------------------------------------------------------- the atomic writer itself


def test_writer_errors_are_scoring_errors(tmp_path):
    plain = tmp_path / "f"
    plain.write_text("x")
    cases = {
        tmp_path: "output_is_directory",
        tmp_path / "khong" / "x.json": "output_folder_missing",
        plain / "x.json": "output_parent_not_folder",
    }
    for path, code in cases.items():
        with pytest.raises(ScoringError) as raised:
            atomic_write_bytes(path, b"{}")
        assert raised.value.code == code, path
        with pytest.raises(ScoringError) as checked:
            check_writable(path)
        assert checked.value.code == code, path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # no temporary file left behind


def test_a_rules_path_must_be_a_readable_file(tmp_path):
    _error(invoke("score", str(WEAK), "--rules", str(tmp_path / "bo.yaml")), 1,
           f"Không tìm thấy tệp {tmp_path / 'bo.yaml'}.")
    _error(invoke("score", str(WEAK), "--rules", str(tmp_path)), 1, f"{tmp_path} là một thư mục, không phải tệp.")


# Files other modules read (evidence_io/yamlio, ruleset, replay): their messages are Vietnamese too.
OTHERS = {
    "YAML syntax (evidence_io/yamlio)": ("score", "bad.yaml", "items: [1, 2\n"),
    "evidence shape (evidence_io)": ("score", "bad.json", '{"items": 5}'),
    "not UTF-8 (evidence_io)": ("score", "bin.yaml", b"\xff\xfe"),
    "result not JSON (replay)": ("replay", "kq.json", "khong phai json"),
    "rule set not UTF-8 (ruleset)": ("rules check", "bo.yaml", b"\xff\xfe"),
}


@pytest.mark.parametrize("name", OTHERS)
def test_file_errors_of_other_modules_are_vietnamese(tmp_path, name):
    command, file_name, content = OTHERS[name]
    path = tmp_path / file_name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = invoke(*command.split(), str(path))
    assert result.exit_code == 1
    assert english_in(result.output) == [], result.output

"""The top-level handler: no traceback ever, a reference code and a log file for a bug,
Ctrl+C, library warnings and closed pipes; every command of the app runs under it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import click_tree, english_in
from typer.testing import CliRunner

from scoring.cli.handler import ScoringApp
from scoring.cli.localize import LocalizedCommand, LocalizedGroup

HERE = Path(__file__).resolve().parent
UNEXPECTED = re.compile(
    r"Lỗi: Phần mềm gặp lỗi ngoài dự kiến nên lệnh chưa hoàn thành \(mã tra cứu (?P<ref>[0-9a-f]{8})\)\. "
    r"Chi tiết kỹ thuật đã ghi vào tệp (?P<log>.+); hãy gửi tệp này cho người hỗ trợ kỹ thuật\.\n\Z"
)


def _app(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, str(HERE / "handler_app.py"), *args], capture_output=True, text=True,
                          env=environment, timeout=60, **kwargs)


def test_every_command_runs_under_the_handler():
    """localize() must have reached every command, those of other modules included."""
    root = click_tree()
    assert isinstance(root, ScoringApp)

    def walk(command):  # type: ignore[no-untyped-def]
        assert isinstance(command, (LocalizedCommand, LocalizedGroup)), command.name
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)


def test_a_bug_gives_a_reference_and_a_log_not_a_traceback(tmp_path):
    result = _app("crash", env={"SCORING_DATA_DIR": str(tmp_path)})
    assert result.returncode == 70
    assert result.stdout == ""
    match = UNEXPECTED.match(result.stderr)
    assert match, result.stderr
    log = Path(match["log"])
    assert log.parent == tmp_path / "nhat-ky"
    assert re.fullmatch(rf"loi-\d{{8}}-\d{{6}}-{match['ref']}\.txt", log.name)
    text = log.read_text(encoding="utf-8")
    assert text.startswith(f"cchc-scoring 0.1.0 - error report {match['ref']}\n")
    assert "command: " in text and "crash" in text
    assert "Traceback (most recent call last):" in text and "KeyError: 'khong-co'" in text
    assert english_in(result.stderr) == []


def test_the_log_falls_back_to_the_temp_folder(tmp_path):
    temp = tmp_path / "tam"
    temp.mkdir()
    unwritable = tmp_path / "f"
    unwritable.write_text("a file where the data folder should be")
    result = _app("crash", env={"SCORING_DATA_DIR": str(unwritable / "du-lieu"), "TMPDIR": str(temp)})
    assert result.returncode == 70
    match = UNEXPECTED.match(result.stderr)
    assert match and Path(match["log"]).parent == temp / "cchc-scoring" / "nhat-ky", result.stderr


def test_library_warnings_stay_off_the_terminal_but_go_into_the_log(tmp_path):
    from handler_app import app

    result = CliRunner().invoke(app, ["warn"], prog_name="scoring")
    assert result.exit_code == 0 and result.stdout == "xong\n" and result.stderr == ""
    crashed = _app("warn-then-crash", env={"SCORING_DATA_DIR": str(tmp_path)})
    log = Path(UNEXPECTED.match(crashed.stderr)["log"])
    assert "warnings:\n  UserWarning: Data Validation extension is not supported" in log.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c(tmp_path):
    result = _app("interrupt")
    assert result.returncode == 130
    assert result.stderr == "\nĐã dừng theo yêu cầu (Ctrl+C); không có tệp nào bị ghi dở.\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_reader_that_stops_early():
    """`scoring … | head -1`: no BrokenPipeError, no «Exception ignored» on stderr."""
    process = subprocess.Popen([sys.executable, str(HERE / "handler_app.py"), "flood"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == "dòng 0\n"
    process.stdout.close()
    code = process.wait(timeout=60)
    assert process.stderr.read() == ""
    assert code == 1


def test_the_real_command_never_shows_a_traceback(tmp_path):
    """The entry point as installed: an unreadable evidence file, a wrong option."""
    from cli_support import run

    for args in (["score", str(tmp_path)], ["score", "--khong-co"], ["khong-co"], []):
        result = run(*args)
        assert result.returncode in (1, 2), args
        assert "Traceback" not in result.stderr and english_in(result.stderr) == [], result.stderr


def test_every_exit_code_is_in_the_readme():
    from cli_support import ROOT

    from scoring.cli import handler

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = [v for k, v in vars(handler).items() if k.startswith("EXIT_")]
    assert sorted(codes) == [0, 1, 2, 70, 130]
    for code in codes:
        assert f"\n| {code} | " in readme, code


def test_a_stream_that_cannot_write_vietnamese_is_switched_to_utf8():
    """A Windows pipe is cp1252: printing «Thiếu» there would itself fail."""
    from cli_support import SCORING

    done = subprocess.run([str(SCORING), "score"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"},
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").endswith("\nLỗi: Thiếu tham số TỆP.\n")

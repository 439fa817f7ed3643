"""Nothing read from a file reaches the terminal as a control sequence: no clear screen, no
window title, no clipboard write (OSC 52), no cursor moves, no bidi reordering."""

from __future__ import annotations

import io
import json
import re

import pytest
from cli_support import DATA, invoke, run

from scoring.cli.console import SafeConsole
from scoring.cli.terminal import clean, escape_json

HOSTILE = {
    "clear screen": "\x1b[2J\x1b[H",
    "window title": "\x1b]0;owned\x07",
    "clipboard (OSC 52)": "\x1b]52;c;cm0gLXJmIH4=\x1b\\",
    "8-bit CSI": "\x9b2J",
    "8-bit OSC": "\x9d0;owned\x9c",
    "cursor up, erase line": "\x1b[1A\x1b[2K",
    "colour": "\x1b[8m",
    "bidi override": "\u202e",
    "bidi isolate": "\u2066",
    "backspace, carriage return, bell": "\b\r\x07",
    "device control": "\x1bP1$r\x1b\\",
    "lone escape": "\x1b",
}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("sequence", HOSTILE.values(), ids=HOSTILE.keys())
def test_clean_removes_the_sequence(sequence):
    assert clean(f"Sở Tư pháp{sequence}") == "Sở Tư pháp"
    if sequence != "\x1b":  # ESC followed by text is itself a two-character escape
        assert clean(f"Sở A{sequence} Tư pháp") == "Sở A Tư pháp"


def test_an_unterminated_string_sequence_loses_only_its_introducer():
    assert clean("Sở A\x1b]0;tiêu đề") == "Sở A0;tiêu đề"


def test_clean_keeps_text_tabs_newlines_and_only_colours_when_asked():
    assert clean("Sở Tư pháp\tnăm 2024\n") == "Sở Tư pháp\tnăm 2024\n"
    assert clean("\x1b[1mđậm\x1b[0m\x1b[2J", keep_colours=True) == "\x1b[1mđậm\x1b[0m"
    assert clean("\x1b[1mđậm\x1b[0m") == "đậm"


def test_json_escapes_are_lossless():
    text = json.dumps({"unit": "A\u202eB\x9bC\x7f"}, ensure_ascii=False)
    safe = escape_json(text)
    assert not UNSAFE.search(safe) and json.loads(safe) == json.loads(text)


def test_the_console_cleans_what_it_renders_and_parses_no_markup():
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    table = Table("Mã", "Nội dung")
    table.add_row("1.1", "Kế hoạch\x1b]0;owned\x07 [link=http://x]CCHC[/link] :warning:")
    SafeConsole(file=buffer, width=80, force_terminal=True).print(Text("Sở\x1b[2J A", style="bold"), table)
    out = buffer.getvalue()
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Sở A" in shown
    assert re.search(r"│ 1\.1 │ Kế hoạch \[link=http://x\]CCHC\[/link\] :warning: +│", shown)
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)  # only the console's own colour codes


def _hostile_evidence(tmp_path):  # type: ignore[no-untyped-def]
    text = (DATA / "weak-unit.yaml").read_text(encoding="utf-8")
    unit = "Sở Tư pháp" + "".join(HOSTILE.values())
    text = re.sub(r"(?m)^unit: .*$", lambda _: "unit: " + json.dumps(unit), text)
    path = tmp_path / "doc-hai.yaml"
    path.write_text(text, encoding="utf-8")
    return path, unit


def test_a_hostile_unit_name_reaches_the_terminal_clean(tmp_path):
    evidence, unit = _hostile_evidence(tmp_path)
    result = run("score", str(evidence))
    assert result.returncode == 0, result.stderr
    # the evidence reader already removed the sequences (and says so in a finding); the
    # terminal layer stays as a second line of defence (the tests above)
    assert "Đơn vị: Sở Tư pháp — năm 2024" in result.stdout
    assert "«unit» (dòng 5): đã bỏ ký tự" in result.stdout
    assert not UNSAFE.search(result.stdout + result.stderr)


def test_json_on_the_terminal_keeps_the_data_escaped(tmp_path):
    evidence, unit = _hostile_evidence(tmp_path)
    result = run("score", str(evidence), "--format", "json")
    assert not UNSAFE.search(result.stdout)
    data = json.loads(result.stdout)
    assert data["unit"] == "Sở Tư pháp"  # cleaned when read, and reported
    assert [p["code"] for p in data["evidence"]["problems"]] == ["text_cleaned_at"]
    escaped = run("score", str(DATA / "weak-unit.yaml"), "--format", "json")  # data with text the terminal must
    assert not UNSAFE.search(escaped.stdout)                                     # not see stays escaped


def test_a_report_file_is_clean_too(tmp_path):
    evidence, _ = _hostile_evidence(tmp_path)
    out = tmp_path / "bao-cao.txt"
    assert invoke("score", str(evidence), "--out", str(out)).exit_code == 0
    assert not UNSAFE.search(out.read_text(encoding="utf-8"))


def test_an_error_quoting_the_file_is_clean(tmp_path):
    evidence = tmp_path / "e.yaml"
    evidence.write_text('ruleset: "par-so\\e]52;c;Y2xpcA==\\a\\e[2J"\nunit: A\nyear: 2024\nitems: {}\n',
                        encoding="utf-8")
    result = run("score", str(evidence))
    assert result.returncode == 1 and result.stderr.startswith("Lỗi: ")
    assert not UNSAFE.search(result.stderr)


def test_plain_echoes_of_other_commands_are_guarded(tmp_path):
    """`addin manifest` prints with typer.echo (not the console): the stream guard cleans it."""
    out = tmp_path / "manifest\x1b]0;owned\x07.xml"
    result = run("addin", "manifest", "--url", "https://cchc.so-noi-vu.local:8443", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Đã ghi {tmp_path / 'manifest.xml'}\n"

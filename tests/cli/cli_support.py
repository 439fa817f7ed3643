"""Shared by the CLI tests: run the app as a user would, and find English or internal codes
in what it printed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from scoring.cli import app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
EXAMPLE_XLSX = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
#: the installed entry point of this venv
SCORING = Path(sys.executable).with_name("scoring")

runner = CliRunner()


def invoke(*args: str, **kwargs):  # type: ignore[no-untyped-def]
    """The app run in-process under the name a user types."""
    return runner.invoke(app, list(args), prog_name="scoring", **kwargs)


def run(*args: str, cwd: Path | None = None, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The installed `scoring` run as a real process."""
    return subprocess.run([str(SCORING), *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120, **kwargs)


def command_paths() -> list[list[str]]:
    """Every command and group of the app, as the words that name it (walks the Click tree,
    so a new command is covered without touching the tests)."""
    paths: list[list[str]] = []

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                walk(sub, [*path, name])

    walk(get_command(app), [])
    return paths


def click_tree():  # type: ignore[no-untyped-def]
    return get_command(app)


def find_command(path: list[str]):  # type: ignore[no-untyped-def]
    command = click_tree()
    for name in path:
        command = command.commands[name]
    return command


# English that Click, typer, Python or the operating system would print; ASCII words only,
# so Vietnamese words that happen to be ASCII ("to", "an", "in", "do") are left out.
ENGLISH_WORDS = set("""
the of no such file files error errors usage options option show message exit missing invalid value values
argument arguments command commands default required try for help is not did you mean possible got unexpected
extra requires does take takes aborted directory permission denied input should be valid integer parsing unable
and or with this that from found cannot could open none true false path str int float bool text choose range env
var deprecated unknown must expected but while parsing expecting line column char dictionary field string
traceback warning exception raised object has attribute key index type args
""".split())
CODE_PATTERNS = re.compile(
    r"Traceback|Errno|\bNone\b|\bTrue\b|\bFalse\b|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|<class |"
    r"\b[a-z]+_[a-z_]+\b|\{[a-z_]+\}"
)
_NOT_WORDS = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\S*[/\\]\S*|\S+\.[A-Za-z]{2,4}\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"
                        r"|mã tra cứu [0-9a-f]+")  # a reference code is hex: "…be12…" is no English word


def english_in(text: str) -> list[str]:
    """English words and internal codes in `text`: option names, paths, file names and
    environment variables (SCORING_HOST) are not words."""
    stripped = _NOT_WORDS.sub(" ", text)
    found = [m.group(0) for m in CODE_PATTERNS.finditer(stripped)]
    found += [w for w in re.findall(r"[A-Za-z]+", stripped) if w.lower() in ENGLISH_WORDS]
    return found

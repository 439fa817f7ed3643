"""Hints name the command as the user can run it: `.venv/bin/scoring` after `make run`
(not on the PATH), `scoring` once it is, `python -m scoring` when run that way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import ROOT, SCORING

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths in the expected hints")


def _hint(argv: list[str], path: str) -> str:
    env = {**os.environ, "PATH": path}
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("Thử tiếp: ")]
    return line.removeprefix("Thử tiếp: ").split(" score ")[0]


def _relative(path: Path) -> str:
    return os.path.relpath(path, ROOT) if path.is_relative_to(ROOT) else str(path)


def test_not_on_the_path():
    assert _hint([str(SCORING), "demo"], "/usr/bin:/bin") == _relative(SCORING)


def test_on_the_path():
    assert _hint([str(SCORING), "demo"], f"{SCORING.parent}:/usr/bin:/bin") == "scoring"


def test_python_dash_m():
    assert _hint([sys.executable, "-m", "scoring", "demo"], "/usr/bin:/bin") == f"{_relative(Path(sys.executable))} -m scoring"

"""A small app built like `scoring` (the same root class and localization) whose commands end
the ways a real command can: a bug, Ctrl+C, a library warning, a reader that stops early.

Run in-process by the tests, or as `python handler_app.py COMMAND` for real signals and pipes.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import warnings

import typer

from scoring.cli.handler import ScoringApp
from scoring.cli.localize import localize
from scoring.cli.terminal import say

app = typer.Typer(cls=ScoringApp, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def crash() -> None:
    """Lỗi lập trình."""
    {}["khong-co"]  # noqa: B018 - a KeyError, as a bug raises one


@app.command()
def warn_then_crash() -> None:
    """Cảnh báo của thư viện rồi lỗi."""
    warnings.warn("Data Validation extension is not supported and will be removed", UserWarning, stacklevel=1)
    raise RuntimeError("hỏng")


@app.command()
def warn() -> None:
    """Cảnh báo của thư viện."""
    warnings.warn("Workbook contains no default style, apply openpyxl's default", UserWarning, stacklevel=1)
    say("xong")


@app.command()
def interrupt() -> None:
    """Ctrl+C giữa chừng."""
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(10)


@app.command()
def flood() -> None:
    """In rất nhiều dòng."""
    for i in range(200_000):
        sys.stdout.write(f"dòng {i}\n")


localize(app)

if __name__ == "__main__":
    app()

"""The one place a command's end becomes an exit status and a Vietnamese line: never a
traceback.

Exit status: 0 success (gaps in the evidence never change it); 1 an error the user can
fix (a file, a rule set, a refused output) or a failed check; 2 a wrong command line;
70 an unexpected error (a bug: the message gives a reference code and the log file that
holds the details); 130 stopped with Ctrl+C.

Warnings from libraries (openpyxl, pydantic) never reach the terminal: they go into the
log of an unexpected error, or nowhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer import _click

from ..errors import ScoringError
from .localize import LocalizedGroup, click_error_text, usage_error_lines
from .paths import CommandLineError
from .terminal import guard_streams, say

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl+C
LOG_FOLDER = "nhat-ky"


def _t(code: str, **params: Any) -> str:
    from ..messages import render

    return render(code, **params)


class ScoringApp(LocalizedGroup):
    """The root `scoring` group: runs the command line under the top-level handler."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if args is None:
            args = sys.argv[1:]
            if os.name == "nt" and windows_expand_args:  # pragma: no cover - Windows globbing
                args = _click.utils._expand_args(args)
        args = list(args)
        if prog_name is None:
            prog_name = _click.utils._detect_program_name()

        def invoke() -> None:
            with self.make_context(prog_name, list(args), **extra) as ctx:
                self.invoke(ctx)

        code = run(invoke, argv=[prog_name, *args])
        if not standalone_mode:
            return code
        sys.exit(code)


def run(invoke: Callable[[], None], *, argv: Sequence[str] = ()) -> int:
    """Run one command line; whatever happens, return its exit status (messages printed)."""
    broken_pipe = False
    _vietnamese_capable_streams()
    with guard_streams(), warnings.catch_warnings(record=True) as caught:
        try:
            invoke()
            code = EXIT_OK
        except BaseException as exc:  # noqa: BLE001 - the top-level handler: nothing escapes
            broken_pipe = isinstance(exc, OSError) and exc.errno == errno.EPIPE
            try:
                code = EXIT_ERROR if broken_pipe else _handle(exc, list(caught), argv)
            except BaseException:  # noqa: BLE001 - even the message failed (a closed stderr): the status still tells
                code = EXIT_INTERNAL
    if broken_pipe:
        _silence_stdout()
    return code


def _vietnamese_capable_streams() -> None:
    """stdout/stderr that can write «ệ»: a Windows pipe defaults to cp1252, where printing
    Vietnamese would itself fail; such a stream is switched to UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "ệ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            with contextlib.suppress(Exception):
                stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]


def _handle(exc: BaseException, caught: list[warnings.WarningMessage], argv: Sequence[str]) -> int:
    exceptions = _click.exceptions
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, SystemExit):
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        say(_t("cli_error", message=str(exc.code)), err=True)
        return EXIT_ERROR
    if isinstance(exc, KeyboardInterrupt):
        say("", err=True)  # the terminal's ^C is left on the line before
        say(_t("cli_interrupted"), err=True)
        return EXIT_INTERRUPTED
    if isinstance(exc, (typer.Abort, EOFError)):
        say(_t("cli_aborted"), err=True)
        return EXIT_ERROR
    if isinstance(exc, exceptions.NoArgsIsHelpError):
        say(exc.format_message(), err=True)
        return EXIT_USAGE
    if isinstance(exc, exceptions.UsageError):
        for line in usage_error_lines(exc):
            say(line, err=True)
        return EXIT_USAGE
    if isinstance(exc, exceptions.ClickException):
        say(_t("cli_error", message=click_error_text(exc)), err=True)
        return exc.exit_code
    if isinstance(exc, ScoringError):
        say(_t("cli_error", message=str(exc)), err=True)
        return EXIT_USAGE if isinstance(exc, CommandLineError) else EXIT_ERROR
    if isinstance(exc, OSError) and exc.errno:
        # a file the command met on its way (not one a library turned into a ScoringError)
        text = (_t("cli_os_error", path=exc.filename, reason=exc) if exc.filename
                else _t("cli_os_error_no_path", reason=exc))
        say(_t("cli_error", message=text), err=True)
        return EXIT_ERROR
    return _unexpected(exc, caught, argv)


def _unexpected(exc: BaseException, caught: list[warnings.WarningMessage], argv: Sequence[str]) -> int:
    import secrets

    ref = secrets.token_hex(4)
    log = write_log(ref, exc, caught, argv)
    message = _t("cli_unexpected", ref=ref, log=log) if log else _t("cli_unexpected_no_log", ref=ref)
    say(_t("cli_error", message=message), err=True)
    return EXIT_INTERNAL


def log_folders() -> list[Path]:
    """Where an error log goes: the data folder (`SCORING_DATA_DIR`…/nhat-ky), else the temp folder."""
    import tempfile

    folders = []
    with contextlib.suppress(Exception):  # a broken setting must not hide the error being reported
        from ..settings import settings

        folders.append(settings().data_dir / LOG_FOLDER)
    folders.append(Path(tempfile.gettempdir()) / "cchc-scoring" / LOG_FOLDER)
    return folders


def write_log(ref: str, exc: BaseException, caught: list[warnings.WarningMessage],
              argv: Sequence[str]) -> Path | None:
    """The details of an unexpected error, in a file the user can send; None if none could be written."""
    import platform
    import shlex
    import traceback

    from .. import __version__

    now = dt.datetime.now()
    lines = [
        f"cchc-scoring {__version__} - error report {ref}",
        f"time: {now.isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
        f"command: {shlex.join(str(a) for a in argv)}",
        f"working folder: {os.getcwd()}",
        "",
        *(line.rstrip("\n") for line in traceback.format_exception(exc)),
    ]
    if caught:
        lines += ["", "warnings:"] + [f"  {w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught]
    text = "\n".join(lines) + "\n"
    for folder in log_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"loi-{now:%Y%m%d-%H%M%S}-{ref}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _silence_stdout() -> None:
    """After a closed pipe (`scoring … | head`), the interpreter's last flush must not complain."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())

"""Paths given on the command line, checked before any work: an input must be a readable
file, an output must be writable and have an extension that says what it will hold.

`--out` decides the output by its extension: `.json` the result with its trace (what
`replay` reads), `.txt` the report, `.xlsx` the scored copy of a workbook. Anything else
is refused with the list of what this input can give; nothing is written under a name
that lies about its content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ScoringError
from ..fileio import check_writable, refuse_overwrite
from .invocation import command_name

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: output extension -> what is written
OUTPUT_KINDS = {".json": "json", ".txt": "text", ".xlsx": "xlsx"}
#: what --format asks for, by output kind (an explicit --format must agree with --out)
_FORMAT_OF = {"json": "json", "text": "table", "xlsx": "table"}


class CommandLineError(ScoringError):
    """A command line that cannot be right (exit status 2), found by a command itself."""


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def require_input(path: Path) -> None:
    """`path` is an existing regular file this process can read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScoringError("input_missing", path=str(path)) from None
    except OSError as exc:
        raise ScoringError("input_unreadable", path=str(path), reason=exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ScoringError("input_is_directory", path=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise ScoringError("input_not_regular", path=str(path))
    if not os.access(path, os.R_OK):
        raise ScoringError("input_unreadable", path=str(path), reason=PermissionError(13, "", str(path)))


def require_rules_file(ref: str | None) -> None:
    """`--rules` names a rule set by id or by path; one that looks like a path must be a readable file."""
    if ref is None:
        return
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or "/" in ref or os.sep in ref or path.exists():
        require_input(path)


def output_kind(out: Path, *, source: Path, format: str | None) -> str:
    """What `--out` will hold ("json", "text" or "xlsx") for this input, or a CommandLineError."""
    from ..messages import render

    kinds = ["json", "text"] + (["xlsx"] if is_workbook(source) else [])
    accepted = _or([render(f"output_kind_{k}") for k in kinds])
    kind = OUTPUT_KINDS.get(out.suffix.lower())
    if kind == "xlsx" and not is_workbook(source):
        raise CommandLineError("output_xlsx_needs_workbook", path=str(out), source=str(source),
                               accepted=accepted, command=command_name())
    if kind not in kinds:
        raise CommandLineError("output_suffix", path=str(out), source=str(source), accepted=accepted)
    if format is not None and _FORMAT_OF[kind] != format:
        raise CommandLineError("output_format_conflict", path=str(out), format=format)
    return kind


def prepare_output(out: Path, *, inputs: list[Path]) -> None:
    """Refuse an output that is an input or cannot be written, before the work starts."""
    refuse_overwrite(out, inputs)
    check_writable(out)


def _or(items: list[str]) -> str:
    from ..messages import render

    if len(items) == 1:
        return items[0]
    return render("list_or", items=", ".join(items[:-1]), last=items[-1])

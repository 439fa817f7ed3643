"""Which files a consolidation reads: the paths given, folders searched recursively.

Only what a unit returns is taken: workbooks (.xlsx, .xlsm) and evidence files (.json,
.yaml, .yml). Hidden files and folders (a leading «.», e.g. an atomic write's temporary
file) and Excel's lock files («~$so.xlsx», left while a workbook is open) are skipped.
The order is the paths' order, each folder sorted by path, so a run is reproducible.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ScoringError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
EVIDENCE_SUFFIXES = (".json", ".yaml", ".yml")
SUFFIXES = WORKBOOK_SUFFIXES + EVIDENCE_SUFFIXES


def wanted(path: Path) -> bool:
    name = path.name
    return path.suffix.lower() in SUFFIXES and not name.startswith((".", "~$"))


def discover(paths: list[Path]) -> list[Path]:
    """The files to consolidate, each once. A path that does not exist is a ScoringError;
    a file named on the command line is taken whatever its name (the engine says if it is not
    a workbook or evidence)."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for root in paths:
        if root.is_dir():
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(folder) / name
                    if wanted(path) and path.is_file():
                        add(path)
        elif root.is_file():
            add(root)
        else:
            raise ScoringError("consolidate_input_missing", path=str(root))
    return found

"""Read a filled workbook file (.xlsx) into Evidence: checks the file, builds grids, calls read_grids.

The file is read once into memory and never opened for writing. A formula cell gives
its cached value (what Excel or LibreOffice last computed); with no cached value the
formula text itself is passed on, so the engine flags it instead of guessing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..errors import WorkbookError
from ..ruleset import LoadedRuleSet
from ..settings import settings
from .grids import Grid, WorkbookRead, read_grids
from .spec import INPUT_SHEET, META_SHEET

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
#: Unpacked size allowed per MB of the size limit: a normal workbook compresses ~5-10×.
_UNPACK_RATIO = 20


def read_workbook(path: str | Path, *, ruleset: LoadedRuleSet | None = None) -> WorkbookRead:
    """Evidence of the workbook at `path`, every value tied to its sheet and cell."""
    path = Path(path)
    data = load_bytes(path)
    grids = grids_from_bytes(data, path)
    return read_grids(grids, file=str(path), ruleset=ruleset)


def load_bytes(path: Path) -> bytes:
    """The file's bytes after the checks that need no parsing (size, format, encryption)."""
    limit = settings().max_file_mb
    try:
        size = path.stat().st_size
        if size > limit * 1024 * 1024:
            raise WorkbookError("workbook_too_large", path=str(path), size=round(size / 1024 / 1024, 1), limit=limit)
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError("workbook_corrupted", path=str(path), detail=exc.strerror or str(exc)) from exc
    if data.startswith(_CFB_MAGIC):
        code = "workbook_encrypted" if _ENCRYPTION_INFO in data else "workbook_not_xlsx"
        raise WorkbookError(code, path=str(path))
    if not data.startswith(b"PK"):
        raise WorkbookError("workbook_not_xlsx", path=str(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise WorkbookError("workbook_corrupted", path=str(path), detail=str(exc)) from exc
    if "xl/workbook.xml" not in names:
        raise WorkbookError("workbook_not_xlsx", path=str(path))
    if unpacked > limit * _UNPACK_RATIO * 1024 * 1024:
        raise WorkbookError("workbook_unpacked_too_large", path=str(path), size=round(unpacked / 1024 / 1024),
                            limit=limit * _UNPACK_RATIO)
    return data


def grids_from_bytes(data: bytes, path: Path | str = "sổ chấm điểm",
                     sheets: tuple[str, ...] = (META_SHEET, INPUT_SHEET)) -> dict[str, Grid]:
    """Cell values of the named sheets (other sheets are not parsed)."""
    try:
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise WorkbookError("workbook_corrupted", path=str(path), detail=_short(exc)) from exc
    try:
        grids: dict[str, Grid] = {}
        for name in formulas.sheetnames:
            if name not in sheets:
                grids[name] = []
                continue
            try:
                f_ws, v_ws = formulas[name], cached[name]
                # some writers record a wrong <dimension>; read every row regardless
                f_ws.reset_dimensions()
                v_ws.reset_dimensions()
                grids[name] = _merge(f_ws.iter_rows(values_only=True), v_ws.iter_rows(values_only=True))
            except Exception as exc:
                raise WorkbookError("workbook_corrupted", path=str(path), detail=_short(exc)) from exc
        return grids
    finally:
        formulas.close()
        cached.close()


def _merge(formula_rows: Any, value_rows: Any) -> Grid:
    """Cached values, except a formula without one: its text."""
    grid: Grid = []
    for f_row, v_row in zip(formula_rows, value_rows, strict=False):
        row = list(v_row)
        for i, f in enumerate(f_row):
            if isinstance(f, str) and f.startswith("=") and (i >= len(row) or row[i] is None):
                if i >= len(row):
                    row.extend([None] * (i + 1 - len(row)))
                row[i] = f
        grid.append(row)
    return grid


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]

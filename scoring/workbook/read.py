"""Read a filled workbook file (.xlsx) into Evidence: checks the file, builds grids, calls read_grids.

The file is read once into memory and never opened for writing. A formula cell gives
its cached value (what Excel or LibreOffice last computed); with no cached value the
formula text itself is passed on, so the engine flags it instead of guessing.

Cost is bounded before openpyxl parses anything (`package.inspect_package`), and only a
window of each sheet is read (READ_ROWS × READ_COLUMNS for the input sheet): a cell in
column XFD or row 1,048,576 does not make every row 16,384 cells wide.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet import _reader as _openpyxl_reader

from ..errors import WorkbookError
from ..messages import os_reason, render
from ..ruleset import LoadedRuleSet
from ..settings import settings
from .grids import READ_COLUMNS, Grid, WorkbookRead, read_grids
from .package import PackageInfo, inspect_package, sheet_key
from .spec import INPUT_SHEET, META_SHEET

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
#: Unpacked size allowed per MB of the size limit: a normal workbook compresses ~5-10×.
_UNPACK_RATIO = 20
#: The window read of the input sheet (the template uses columns A–M and a few hundred rows).
READ_ROWS = 20_000
#: The metadata sheet: key, value (and a spare column).
META_COLUMNS = 3
#: openpyxl turns a number cell's text into int(); past 4,300 digits Python refuses (a
#: ValueError that would abort the whole read). Such a number stays text here, so the
#: value reader reports its cell like any other unreadable value.
MAX_NUMBER_CHARS = 300


def _cast_number(value: str) -> int | float | str:
    if len(value) > MAX_NUMBER_CHARS:
        return value
    return _original_cast_number(value)


_original_cast_number = _openpyxl_reader._cast_number
_openpyxl_reader._cast_number = _cast_number


def read_workbook(path: str | Path, *, ruleset: LoadedRuleSet | None = None) -> WorkbookRead:
    """Evidence of the workbook at `path`, every value tied to its sheet and cell."""
    return read_workbook_bytes(path, ruleset=ruleset)[1]


def read_workbook_bytes(path: str | Path, *, ruleset: LoadedRuleSet | None = None) -> tuple[bytes, WorkbookRead]:
    """The file's bytes (what was read, e.g. to hash it) and its Evidence."""
    path = Path(path)
    data, package = load_package(path)
    grids = value_grids(data, path, package)
    return data, read_grids(grids, file=str(path), ruleset=ruleset, merges=package.merges_of(INPUT_SHEET))


def value_grids(data: bytes, path: Path | str, package: PackageInfo,
                sheets: tuple[str, ...] = (META_SHEET, INPUT_SHEET)) -> dict[str, Grid]:
    """Cell values of the named sheets: python-calamine in one pass (`calamine_grids`), or
    openpyxl's two passes (`grids_from_bytes`) when a sheet holds a cell beyond the read window's
    columns (calamine reads a sheet whole, as wide as its widest row) or calamine cannot read the
    package (openpyxl then says whether it is corrupted). Same values either way (a test reads
    every workbook both ways)."""
    from .calamine_grids import calamine_grids

    if all(package.width_of(s) <= READ_COLUMNS for s in sheets):
        try:
            return calamine_grids(data, str(path), sheets, rows=READ_ROWS,
                                  columns={META_SHEET: META_COLUMNS, INPUT_SHEET: READ_COLUMNS},
                                  parts=package.sheets)
        except WorkbookError:
            pass
    return grids_from_bytes(data, path, sheets)


def load_bytes(path: Path) -> bytes:
    """The file's bytes after the checks that need no parsing (size, format, encryption, cost)."""
    return load_package(path)[0]


def load_package(path: Path) -> tuple[bytes, PackageInfo]:
    """The file's bytes and what `inspect_package` found, or a WorkbookError in Vietnamese."""
    limit = settings().max_file_mb
    try:
        size = path.stat().st_size
        if size > limit * 1024 * 1024:
            raise WorkbookError("workbook_too_large", path=str(path), size=round(size / 1024 / 1024, 1), limit=limit)
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError("workbook_corrupted", path=str(path), detail=os_reason(exc)) from exc
    if data.startswith(_CFB_MAGIC):
        code = "workbook_encrypted" if _ENCRYPTION_INFO in data else "workbook_not_xlsx"
        raise WorkbookError(code, path=str(path))
    if not data.startswith(b"PK"):
        raise WorkbookError("workbook_not_xlsx", path=str(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise WorkbookError("workbook_corrupted", path=str(path), detail=render("workbook_detail_zip")) from exc
    if "xl/workbook.xml" not in names:
        raise WorkbookError("workbook_not_xlsx", path=str(path))
    if unpacked > limit * _UNPACK_RATIO * 1024 * 1024:
        raise WorkbookError("workbook_unpacked_too_large", path=str(path), size=round(unpacked / 1024 / 1024),
                            limit=limit * _UNPACK_RATIO)
    package = inspect_package(data, str(path))
    last_row, cell = package.last_row_of(INPUT_SHEET)
    if last_row > READ_ROWS:  # the writer would lay out every row down to it (a million, for XFD1048576)
        raise WorkbookError("workbook_rows_too_far", path=str(path), sheet=INPUT_SHEET, cell=cell,
                            limit=f"{READ_ROWS:,}".replace(",", "."))
    return data, package


def grids_from_bytes(data: bytes, path: Path | str = "sổ chấm điểm",
                     sheets: tuple[str, ...] = (META_SHEET, INPUT_SHEET)) -> dict[str, Grid]:
    """Cell values of the named sheets (found as Excel finds them, ignoring case); other
    sheets are not parsed. Call after `inspect_package` (load_package does)."""
    wanted = {sheet_key(s): s for s in sheets}
    try:
        with warnings.catch_warnings():  # openpyxl's notes on extensions it skips are not for the user
            warnings.simplefilter("ignore")
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise WorkbookError("workbook_corrupted", path=str(path), detail=render("workbook_detail_parse")) from exc
    try:
        grids: dict[str, Grid] = {}
        for name in formulas.sheetnames:
            role = wanted.get(sheet_key(name))
            if role is None:
                grids[name] = []
                continue
            columns = META_COLUMNS if role == META_SHEET else READ_COLUMNS
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    f_ws, v_ws = formulas[name], cached[name]
                    # some writers record a wrong <dimension>; read the window regardless
                    f_ws.reset_dimensions()
                    v_ws.reset_dimensions()
                    grids[name] = _merge(
                        f_ws.iter_rows(min_row=1, max_row=READ_ROWS, min_col=1, max_col=columns, values_only=True),
                        v_ws.iter_rows(min_row=1, max_row=READ_ROWS, min_col=1, max_col=columns, values_only=True))
            except Exception as exc:
                raise WorkbookError("workbook_corrupted", path=str(path), detail=render("workbook_detail_parse")) from exc
        return grids
    finally:
        formulas.close()
        cached.close()


def _merge(formula_rows: Any, value_rows: Any) -> Grid:
    """Cached values, except a formula without one: its text. Trailing empty rows are dropped."""
    grid: Grid = []
    for f_row, v_row in zip(formula_rows, value_rows, strict=False):
        row = list(v_row)
        for i, f in enumerate(f_row):
            if isinstance(f, str) and f.startswith("=") and (i >= len(row) or row[i] is None):
                if i >= len(row):
                    row.extend([None] * (i + 1 - len(row)))
                row[i] = f
        grid.append(row)
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    return grid

"""Cell values of a workbook's sheets in one pass with python-calamine (Rust), as openpyxl's
two passes give them (`read.grids_from_bytes`), at a fraction of the cost.

calamine returns each cell's cached value. What it does not return, a cheap scan of the sheet's
XML finds (regular expressions over the part, no XML parser), so the Evidence is the same:

- a formula with no cached value (a workbook saved by a program that does not calculate): the
  cell gets the formula's text ("=…"), which the engine flags at its cell instead of guessing;
- an Excel error value (``t="e"``: «#REF!», «#N/A»): its text, as openpyxl gives it;
- a number too long to be a number (more than `MAX_NUMBER_CHARS` characters): its text, so the
  value reader reports its cell.

Everything else is converted to what openpyxl returns: an empty cell is None, a whole number
stored as a float is an int, a number is never a string. Dates come as dates (calamine reads the
cell's date format), which the grid reader treats like openpyxl's datetimes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath
from typing import Any

from ..errors import WorkbookError
from .grids import Grid

#: openpyxl's limit, kept: a longer number stays text (see read.MAX_NUMBER_CHARS).
MAX_NUMBER_CHARS = 300
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR = re.compile(rb"<(?:\w+:)?c\s[^>]*\bt=\"e\"[^>]*>")
_LONG_NUMBER = re.compile(rb"<(?:\w+:)?v>([^<]{%d,})</(?:\w+:)?v>" % (MAX_NUMBER_CHARS + 1))
_CELL_START = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*?(/?)>")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_F_TEXT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?>(.*?)</(?:\w+:)?f>", re.S)
_V_TEXT = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)


def calamine_grids(data: bytes, path: str, sheets: tuple[str, ...], *, rows: int, columns: dict[str, int],
                   parts: dict[str, str] | None = None) -> dict[str, Grid]:
    """Values of the named sheets (matched as `sheets` spell them, ignoring case), each cut to a
    window of `rows` rows and `columns[name]` columns; other sheets map to []. `parts` (sheet
    name → XML part) saves looking them up again when the caller has them."""
    from python_calamine import CalamineWorkbook

    wanted = {_key(s): s for s in sheets}
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine's own errors for a damaged package
        raise _corrupted(path) from exc
    try:
        names = list(book.sheet_names)
        parts = parts if parts is not None else _sheet_parts(data)
        grids: dict[str, Grid] = {}
        archive = None
        for name in names:
            role = wanted.get(_key(name))
            if role is None:
                grids[name] = []
                continue
            width = columns.get(role, 64)
            try:
                values = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)
            except Exception as exc:
                raise _corrupted(path) from exc
            grid = [_row(r, width) for r in values[:rows]]
            part = parts.get(name)
            if part is not None:
                if archive is None:
                    archive = zipfile.ZipFile(io.BytesIO(data))
                _patch(grid, archive.read(part), rows, width)
            while grid and not any(v is not None for v in grid[-1]):
                grid.pop()
            grids[name] = grid
        if archive is not None:
            archive.close()
        return grids
    finally:
        book.close()


def _key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def _corrupted(path: str) -> WorkbookError:
    from ..messages import render

    return WorkbookError("workbook_corrupted", path=path, detail=render("calamine_detail_parse"))


def _row(values: list[Any], width: int) -> list[Any]:
    out: list[Any] = []
    for v in values[:width]:
        if v == "" and isinstance(v, str):
            out.append(None)
        elif type(v) is float and v.is_integer() and abs(v) < 2**53:
            out.append(int(v))
        else:
            out.append(v)
    return out


def _patch(grid: Grid, xml: bytes, rows: int, width: int) -> None:
    """Put into `grid` what calamine leaves out: formulas without a cached value, error values,
    numbers too long to read (each found by a regular expression, then its cell's own markup)."""
    starts: set[int] = set()
    plain = b"<c " in xml or b":c " not in xml
    if plain:  # no namespace prefix: byte searches (C speed)
        hits = [i for needle in (b"<f>", b"<f ", b"<f/", b't="e"') for i in _find_all(xml, needle)]
        hits += [m.start() for m in _LONG_V.finditer(xml)]
    else:  # a prefixed namespace (<x:c …>): regular expressions
        hits = [m.start() for pattern in (_FORMULA, _ERROR, _LONG_NUMBER) for m in pattern.finditer(xml)]
    for pos in hits:
        start = xml.rfind(b"<c ", 0, pos + 1) if plain else xml.rfind(b":c ", 0, pos + 1) - 1
        if start >= 0:
            starts.add(start)
    for start in sorted(starts):
        head = _CELL_START.match(xml, start) if xml[start:start + 1] == b"<" else None
        if head is None:
            continue
        end = start + len(head.group(0)) if head.group(3) else xml.find(b"</c>", start)
        if end < 0:
            end = xml.find(b":c>", start)
        body = xml[head.end():end] if end > head.end() else b""
        col, row = _column(head.group(1).decode("ascii")), int(head.group(2))
        if row > rows or col > width:
            continue
        value = _value_of(head.group(0), body)
        if value is _KEEP:
            continue
        r, c = row - 1, col - 1
        while len(grid) <= r:
            grid.append([])
        line = grid[r]
        if len(line) <= c:
            line.extend([None] * (c + 1 - len(line)))
        line[c] = value


_KEEP = object()
_LONG_V = re.compile(rb"<v>[^<]{%d}" % (MAX_NUMBER_CHARS + 1))


def _find_all(data: bytes, needle: bytes) -> list[int]:
    out = []
    i = data.find(needle)
    while i >= 0:
        out.append(i)
        i = data.find(needle, i + 1)
    return out


def _value_of(head: bytes, body: bytes) -> Any:
    kind = _TYPE.search(head)
    v = _V_TEXT.search(body)
    cached = v.group(1) if v else b""
    if kind and kind.group(1) == b"e":
        return _text(cached) if cached else _KEEP
    f = _F_TEXT.search(body)
    if (f is not None or b"<f" in body) and not cached:
        return "=" + _text(f.group(1)) if f is not None and f.group(1) else "="
    if cached and len(cached) > MAX_NUMBER_CHARS and (kind is None or kind.group(1) == b"n"):
        return _text(cached)
    return _KEEP


def _text(raw: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(raw.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → its XML part, from xl/workbook.xml and its relationships."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = ET.fromstring(archive.read("xl/workbook.xml"))
            rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError):
        return {}
    targets = {}
    for rel in rels.iter(f"{{{_NS_PKG_REL}}}Relationship"):
        target = rel.get("Target") or ""
        targets[rel.get("Id") or ""] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    out = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] == "sheet":
            rid = sheet.get(f"{{{_NS_REL}}}id") or ""
            if sheet.get("name") is not None and rid in targets:
                out[sheet.get("name")] = targets[rid]
    return out

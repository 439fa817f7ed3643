"""Look inside an .xlsx package before any XML parser does, and refuse what would cost too much.

openpyxl parses XML with expat in chunks, which re-scans an unfinished token on every
chunk: one 20 MB attribute takes minutes. It also builds an object per cell, per row
element and per cell of a merged range, and pads every row to the widest one. So,
before parsing, each XML part openpyxl reads is decompressed (with a size cap) and
scanned with C-speed regular expressions:

- no markup token (tag with its attributes, comment, processing instruction) longer
  than MAX_TOKEN bytes — text is not a token and is bounded by the part size; Excel
  itself never writes a cell text over 32,767 characters;
- no DOCTYPE (Excel never writes one; entity tricks start there);
- per worksheet and in all, at most MAX_CELLS cell and row elements and merged cells.

What is found on the way (which part holds which sheet, the merged ranges) is returned,
so the reader can see merged input cells the way the user sees them.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import WorkbookError

#: Longest markup token allowed (bytes). A cell's text (≤ 32,767 characters) is not a token.
MAX_TOKEN = 512 * 1024
#: Largest XML part, unpacked (a generated workbook's largest is well under 1 MB).
MAX_PART_MB = 30
#: All XML parts together, unpacked.
MAX_XML_MB = 120
#: Cells (and row elements, and cells of merged ranges) per worksheet and per workbook:
#: a scoring workbook has ~10,000; openpyxl loads 100,000 in about a second.
MAX_SHEET_CELLS = 100_000
MAX_BOOK_CELLS = 200_000
#: Parts in the package (a workbook has a few dozen).
MAX_MEMBERS = 2_000

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_LONG_TAG = re.compile(rb"<[^<]{%d}" % MAX_TOKEN)
_SPECIAL = re.compile(rb"<!--|<\?")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)[\s/>]")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref\s*=\s*[\"']([A-Za-z$]{1,4}[$0-9]{1,8}(?::[A-Za-z$]{1,4}[$0-9]{1,8})?)[\"']")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class CellRange:
    """A merged range, 1-based and inclusive."""

    min_col: int
    min_row: int
    max_col: int
    max_row: int
    text: str

    @property
    def size(self) -> int:
        return (self.max_col - self.min_col + 1) * (self.max_row - self.min_row + 1)

    def covers(self, col: int, row: int) -> bool:
        return self.min_col <= col <= self.max_col and self.min_row <= row <= self.max_row

    def top_left(self, col: int, row: int) -> bool:
        return (col, row) == (self.min_col, self.min_row)


@dataclass
class PackageInfo:
    #: sheet name (as in the workbook) → its part ("xl/worksheets/sheet2.xml")
    sheets: dict[str, str] = field(default_factory=dict)
    #: sheet name → merged ranges
    merges: dict[str, list[CellRange]] = field(default_factory=dict)
    #: sheet name → (last row holding a cell, that cell's address)
    last_rows: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: sheet name → the rightmost column holding a cell (1-based)
    widths: dict[str, int] = field(default_factory=dict)

    def merges_of(self, sheet: str) -> list[CellRange]:
        wanted = sheet_key(sheet)
        return next((ranges for name, ranges in self.merges.items() if sheet_key(name) == wanted), [])

    def width_of(self, sheet: str) -> int:
        wanted = sheet_key(sheet)
        return next((width for name, width in self.widths.items() if sheet_key(name) == wanted), 0)

    def last_row_of(self, sheet: str) -> tuple[int, str]:
        wanted = sheet_key(sheet)
        return next((last for name, last in self.last_rows.items() if sheet_key(name) == wanted), (0, ""))


def sheet_key(name: str) -> str:
    """How Excel compares sheet names: case-insensitively («Tự đánh giá» is «TỰ ĐÁNH GIÁ»)."""
    return unicodedata.normalize("NFC", name).casefold()


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


@functools.lru_cache(maxsize=4096)
def parse_range(text: str) -> CellRange | None:
    """A merged range's reference as a CellRange (None if it is not one). Cached: workbooks made
    from one template share their ranges, and a CellRange is immutable."""
    parts = text.split(":")
    refs = [_REF.fullmatch(p) for p in parts]
    if not all(refs) or len(refs) > 2:
        return None
    (c1, r1), (c2, r2) = [(column_number(m.group(1)), int(m.group(2))) for m in (refs[0], refs[-1])]  # type: ignore[union-attr]
    return CellRange(min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), text.replace("$", "").upper())


def inspect_package(data: bytes, path: str) -> PackageInfo:
    """Check the package's XML parts; raise WorkbookError (Vietnamese) for one that is too costly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise WorkbookError("workbook_corrupted", path=path, detail=_detail("workbook_detail_zip")) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise WorkbookError("workbook_too_many_parts", path=path, count=len(infos), limit=MAX_MEMBERS)
        parts: dict[str, bytes] = {}
        total = 0
        for info in infos:
            name = info.filename
            if not name.lower().endswith(_XML_SUFFIXES) or not _parsed_by_openpyxl(name):
                continue
            blob = _read_part(archive, info, path)
            total += len(blob)
            if total > MAX_XML_MB * 1024 * 1024:
                raise WorkbookError("workbook_unpacked_too_large", path=path, size=round(total / 1024 / 1024),
                                    limit=MAX_XML_MB)
            _scan_tokens(blob, name, path)
            parts[name] = blob
    info = PackageInfo(sheets=_sheet_parts(parts, path))
    book_cells = 0
    for sheet, part in info.sheets.items():
        blob = parts.get(part, b"")
        cells = len(_CELL.findall(blob))
        ranges = [r for r in (parse_range(m.group(1).decode("ascii")) for m in _MERGE.finditer(blob)) if r]
        merged = sum(r.size for r in ranges)
        if cells + merged > MAX_SHEET_CELLS:
            raise WorkbookError("workbook_too_many_cells", path=path, sheet=sheet, cells=cells + merged,
                                limit=MAX_SHEET_CELLS)
        book_cells += cells + merged
        if book_cells > MAX_BOOK_CELLS:
            raise WorkbookError("workbook_too_many_cells_book", path=path, cells=book_cells, limit=MAX_BOOK_CELLS)
        info.merges[sheet] = ranges
        # the last row holding a cell (the first such cell) and the widest column, from the
        # references found in C (a workbook has thousands)
        refs = _CELL_REF.findall(blob)
        last: tuple[int, str] = (0, "")
        if refs:
            letters, digits = max(refs, key=_row_of)
            if int(digits) > 0:
                last = (int(digits), (letters + digits).decode("ascii").upper())
            widest = max({col.upper() for col, _ in refs}, key=lambda col: (len(col), col))
            info.widths[sheet] = column_number(widest.decode("ascii"))
        else:
            info.widths[sheet] = 0
        info.last_rows[sheet] = last
    return info


def _row_of(ref: tuple[bytes, bytes]) -> int:
    return int(ref[1])


def _parsed_by_openpyxl(name: str) -> bool:
    return name.startswith(("xl/", "docProps/", "_rels/")) or name == "[Content_Types].xml"


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> bytes:
    limit = MAX_PART_MB * 1024 * 1024
    if info.file_size > limit:
        raise WorkbookError("workbook_part_too_large", path=path, part=info.filename,
                            size=round(info.file_size / 1024 / 1024), limit=MAX_PART_MB)
    try:
        with archive.open(info) as handle:
            blob = handle.read(limit + 1)  # the recorded size may lie
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise WorkbookError("workbook_corrupted", path=path, detail=_detail("workbook_detail_part", part=info.filename)) from exc
    except Exception as exc:  # zlib.error and friends from a damaged stream
        raise WorkbookError("workbook_corrupted", path=path, detail=_detail("workbook_detail_part", part=info.filename)) from exc
    if len(blob) > limit:
        raise WorkbookError("workbook_part_too_large", path=path, part=info.filename,
                            size=round(len(blob) / 1024 / 1024), limit=MAX_PART_MB)
    return blob


def _scan_tokens(blob: bytes, part: str, path: str) -> None:
    if _DOCTYPE.search(blob):
        raise WorkbookError("workbook_xml_doctype", path=path, part=part)
    long_tag = _LONG_TAG.search(blob)
    if long_tag:
        _refuse_token(blob, long_tag.start(), part, path)
    for m in _SPECIAL.finditer(blob):
        end = blob.find(b"-->" if m.group() == b"<!--" else b"?>", m.end(), m.end() + MAX_TOKEN)
        if end < 0:
            _refuse_token(blob, m.start(), part, path)


def _refuse_token(blob: bytes, start: int, part: str, path: str) -> None:
    end = blob.find(b">", start + MAX_TOKEN)
    size = (end if end >= 0 else len(blob)) - start
    raise WorkbookError("workbook_xml_token", path=path, part=part, size=max(1, round(size / 1024)))


def _sheet_parts(parts: dict[str, bytes], path: str) -> dict[str, str]:
    """Sheet name → part, from xl/workbook.xml and its relationships."""
    workbook = parts.get("xl/workbook.xml")
    if workbook is None:
        return {}
    try:
        book = ET.fromstring(workbook)
        rels_blob = parts.get("xl/_rels/workbook.xml.rels")
        rels = ET.fromstring(rels_blob) if rels_blob else None
    except ET.ParseError as exc:
        raise WorkbookError("workbook_corrupted", path=path, detail=_detail("workbook_detail_part", part="xl/workbook.xml")) from exc
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_NS_PKG_REL}}}Relationship"):
            target = rel.get("Target") or ""
            full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            targets[rel.get("Id") or ""] = _normalise(full)
    out: dict[str, str] = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = sheet.get(f"{{{_NS_REL}}}id") or ""
        name = sheet.get("name")
        if name is not None and rid in targets:
            out[name] = targets[rid]
    return out


def _normalise(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _detail(code: str, **params: object) -> str:
    from ..messages import render

    return render(code, **params)

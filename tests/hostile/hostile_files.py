"""Hostile and broken inputs, built in memory from a real generated workbook (nothing big is
committed): used by the tests in this folder and by benchmarks/fuzz_inputs.py.

Each builder returns bytes. Workbook builders start from `base` (a generated, filled
workbook as saved by openpyxl) and change the package's XML directly, the way a tool
other than Excel (or a person with a zip program) would.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from openpyxl import load_workbook

from scoring.workbook.spec import INPUT_SHEET, META_SHEET

# --------------------------------------------------------------------------- package plumbing

def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repack(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in files.items():
            archive.writestr(name, blob)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    """The zip member that holds `sheet` (through workbook.xml and its relationships)."""
    files = parts(data)
    book = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    target = target.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def edit_sheet(data: bytes, sheet: str, change: Callable[[bytes], bytes]) -> bytes:
    files = parts(data)
    name = sheet_part(data, sheet)
    files[name] = change(files[name])
    return repack(files)


def with_openpyxl(data: bytes, change: Callable) -> bytes:  # type: ignore[type-arg]
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the cases

def huge_attribute(base: bytes, size: int = 40 * 1024 * 1024) -> bytes:
    """One attribute of `size` bytes in the metadata sheet (a 47 KB file took 84 s)."""
    return edit_sheet(base, META_SHEET, lambda xml: xml.replace(b"<sheetData", b'<sheetData x="' + b"A" * size + b'"', 1))


def huge_comment(base: bytes, size: int = 20 * 1024 * 1024) -> bytes:
    """A comment of `size` bytes with '<' inside (evades a naive '<…>' scan)."""
    body = (b"a" * 99 + b"<") * (size // 100)
    return edit_sheet(base, META_SHEET, lambda xml: xml.replace(b"<sheetData", b"<!--" + body + b"--><sheetData", 1))


def doctype(base: bytes) -> bytes:
    decl = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    def change(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            return xml.replace(b"?>", b"?>" + decl, 1)
        return decl + xml
    return edit_sheet(base, META_SHEET, change)


def far_cells(base: bytes, rows: int = 8000, column: str = "XFD", first_row: int = 2000) -> bytes:
    """`rows` rows below the template, each with one number in column XFD (22 s and 1 GB before)."""
    def change(xml: bytes) -> bytes:
        extra = b"".join(b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (r, column.encode(), r)
                         for r in range(first_row, first_row + rows))
        return xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    return edit_sheet(base, INPUT_SHEET, change)


def too_many_cells(base: bytes, count: int = 150_000) -> bytes:
    def change(xml: bytes) -> bytes:
        extra = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"/>' % (c, r) for c in (b"N", b"O", b"P"))
                         + b"</row>" for r in range(2000, 2000 + count // 3))
        return xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    return edit_sheet(base, INPUT_SHEET, change)


def huge_merge(base: bytes) -> bytes:
    """One merged range over the whole sheet (openpyxl would create a cell object per cell)."""
    def change(xml: bytes) -> bytes:
        merge = b'<mergeCells count="1"><mergeCell ref="N1:XFD1048576"/></mergeCells>'
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells[^>]*>", lambda m: m.group(0) + b'<mergeCell ref="N1:XFD1048576"/>', xml, count=1)
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    return edit_sheet(base, INPUT_SHEET, change)


def set_cell_xml(base: bytes, sheet: str, cell: str, cell_xml: bytes) -> bytes:
    """Replace the XML of one existing cell (<c r="G12" …>…</c> or <c r="G12" …/>)."""
    def change(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="%s"(?:[^>]*/>|[^>]*>.*?</c>)' % cell.encode(), re.S)
        new, n = pattern.subn(cell_xml, xml, count=1)
        assert n == 1, f"no cell {cell} in {sheet}"
        return new
    return edit_sheet(base, sheet, change)


def number_cell(base: bytes, cell: str, digits: str) -> bytes:
    """A number cell whose value has `digits` (e.g. 5,000 of them) — only a hand-made file has this."""
    return set_cell_xml(base, INPUT_SHEET, cell, b'<c r="%s"><v>%s</v></c>' % (cell.encode(), digits.encode()))


def error_cell(base: bytes, cell: str, error: str = "#REF!") -> bytes:
    """An Excel error value, as Excel saves it (t="e")."""
    return set_cell_xml(base, INPUT_SHEET, cell, b'<c r="%s" t="e"><v>%s</v></c>' % (cell.encode(), error.encode()))


def text_cell(base: bytes, cell: str, text: str) -> bytes:
    """An inline string; XML-illegal characters escaped the OOXML way (_x0001_)."""
    escaped = "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in text)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return set_cell_xml(base, INPUT_SHEET, cell,
                        b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (cell.encode(), escaped.encode()))


def rename_sheet(base: bytes, old: str, new: str) -> bytes:
    files = parts(base)
    files["xl/workbook.xml"] = files["xl/workbook.xml"].replace(f'name="{old}"'.encode(), f'name="{new}"'.encode(), 1)
    return repack(files)


def merge_cells(base: bytes, ranges: list[str]) -> bytes:
    """Merge `ranges` on the input sheet, leaving every cell's value in the file (as LibreOffice
    does when asked to keep hidden cells' contents)."""
    def change(xml: bytes) -> bytes:
        refs = b"".join(b'<mergeCell ref="%s"/>' % r.encode() for r in ranges)
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells[^>]*>", lambda m: m.group(0) + refs, xml, count=1)
        return xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + refs + b"</mergeCells>", 1)
    return edit_sheet(base, INPUT_SHEET, change)


def meta_value(base: bytes, key: str, value: str) -> bytes:
    """Change one value of the hidden metadata sheet (a tampered workbook)."""
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[META_SHEET]
        for row in ws.iter_rows():
            if row[0].value == key:
                row[1].value = value
                return
        ws.append([key, value])
    return with_openpyxl(base, change)


# --------------------------------------------------------------------------- evidence text

YAML_BOMB = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))

"""Row heights for wrapped text: spreadsheets do not grow rows that hold merged cells.

Estimates only (no font metrics): characters per line from the column width, calibrated
on LibreOffice prints of Times New Roman (Liberation Serif) at 9–11 pt with Calibri
(Carlito) as the workbook's default font, which sets the width unit as in Excel.
"""

from __future__ import annotations

#: Characters of 10-pt Times New Roman that fit in one unit of column width.
CHARS_PER_WIDTH = 1.12
LINE_FACTOR = 1.25  # line height ÷ font size


def text_lines(text: object, width: float, size: float = 10) -> int:
    """Estimated wrapped lines of `text` in a column `width` characters wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH * 10 / size))
    total = 0
    for paragraph in str(text or "").split("\n"):
        words, line, count = paragraph.split(" "), 0, 1
        for word in words:
            need = len(word) + (1 if line else 0)
            if line + need > per_line and line:
                count += 1
                line = len(word)
            else:
                line += need
        total += count
    return total


def height_for(lines: int, size: float = 10) -> float:
    """Row height (points) for that many lines."""
    return round(max(15.0, lines * size * LINE_FACTOR + 4), 1)


def cell_text(value: object) -> str:
    """Plain text of a cell value (rich text runs joined)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):  # CellRichText is a list of str / TextBlock
        return "".join(str(getattr(part, "text", part)) for part in value)
    return str(value)


def fit_block(ws, rows: list[int] | tuple[int, ...], merged: list[tuple[str, float]],  # type: ignore[no-untyped-def]
              per_row: list[tuple[str, float]]) -> None:
    """Set the heights of an item's rows: each row fits its own cells (`per_row` columns),
    and together they fit the text of the cells merged down the block (`merged`)."""
    def need(col: str, row: int, size: float) -> float:
        width = ws.column_dimensions[col].width or 10
        return height_for(text_lines(cell_text(ws[f"{col}{row}"].value), width, size), size)

    block = max((need(col, rows[0], size) for col, size in merged), default=15.0)
    own = [max((need(col, r, size) for col, size in per_row), default=15.0) for r in rows]
    extra = max(0.0, block - sum(own)) / len(rows)
    for r, h in zip(rows, own, strict=True):
        ws.row_dimensions[r].height = round(h + extra, 1)


# --------------------------------------------------------------------------- page breaks

A4_LANDSCAPE_PT = (842.0, 595.0)
SAFETY = 0.94  # renderers differ by a few per cent in scale; never fill a page to the last point


def column_points(width: float) -> float:
    """A column's printed width in points (Excel: 7 px per character plus 5 px padding, 96 dpi)."""
    return (width * 7 + 5) * 0.75


def keep_together(ws, *, key_col: str, first_col: str, last_col: str, title_rows: tuple[int, int],  # type: ignore[no-untyped-def]
                  first_row: int) -> list[int]:
    """Manual page breaks so that no item block (nor a group row and the block after it) is cut
    across two A4-landscape pages when printed fit-to-width. Returns the rows a page starts at."""
    from openpyxl.utils import column_index_from_string, get_column_letter
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    width = sum(column_points(ws.column_dimensions[get_column_letter(i)].width or 8.43)
                for i in range(column_index_from_string(first_col), column_index_from_string(last_col) + 1))
    m = ws.page_margins
    page_w = A4_LANDSCAPE_PT[0] - (m.left + m.right) * 72
    page_h = A4_LANDSCAPE_PT[1] - (m.top + m.bottom) * 72
    scale = min(1.0, page_w / width)

    def h(r: int) -> float:
        return ws.row_dimensions[r].height or 15.0

    titles = sum(h(r) for r in range(title_rows[0], title_rows[1] + 1))
    capacity = page_h / scale * SAFETY

    # units that must stay on one page: an item's rows, with any group rows just above it
    units: list[list[int]] = []
    pending: list[int] = []
    last_item = None
    for r in range(first_row, ws.max_row + 1):
        key = str(ws[f"{key_col}{r}"].value or "")
        item = key.split(":")[0] if key[:1].isdigit() else None
        if item is None:
            if last_item is not None:
                last_item = None
            pending.append(r)
            continue
        if item != last_item:
            units.append(pending + [r])
            pending = []
            last_item = item
        else:
            units[-1].append(r)
    if pending and units:
        units[-1].extend(pending)  # the total and the signature block stay with the last item
    elif pending:
        units.append(pending)

    ws.row_breaks = RowBreak()
    used = sum(h(r) for r in range(1, first_row))  # the sheet's own heading on page 1
    starts = []
    for unit in units:
        size = sum(h(r) for r in unit)
        if used + size > capacity and used > titles:
            ws.row_breaks.append(Break(id=unit[0] - 1))
            starts.append(unit[0])
            used = titles
        used += size
    return starts

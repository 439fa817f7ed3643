"""Row heights for wrapped text: spreadsheets do not grow rows that hold merged cells.

Estimates only (no font metrics): characters per line from the column width, calibrated
on LibreOffice prints of Times New Roman (Liberation Serif) at 9–11 pt.
"""

from __future__ import annotations

#: Characters of 10-pt Times New Roman that fit in one unit of column width.
CHARS_PER_WIDTH = 1.45
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

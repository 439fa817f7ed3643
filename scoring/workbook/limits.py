"""Excel's limits on text, applied to everything the program writes into a workbook.

A cell holds at most 32,767 characters and a page header or footer section at most 255
(Excel refuses or truncates the file otherwise). Text is cut with a visible mark so a
reader knows it was shortened.
"""

from __future__ import annotations

CELL_TEXT_MAX = 32_767
HEADER_TEXT_MAX = 255
MARK = "… [đã rút gọn]"


def fit(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut with a visible mark when longer."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(MARK))] + MARK


def cell_text(text: str) -> str:
    return fit(text, CELL_TEXT_MAX)


def header_text(text: str) -> str:
    """A header/footer section. Excel counts its formatting codes (&"font"&10) too: keep them short."""
    return fit(text, HEADER_TEXT_MAX)

"""Where things live in the scoring workbook: sheet names, column roles, row keys.

The generator writes this layout and the readers (openpyxl here, Office.js in the
add-in) find it again. Rows are located by the hidden key column, never by fixed row
numbers, and the column letters are recorded in the metadata sheet, so a later
template version can move columns without breaking older readers' assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

INPUT_SHEET = "Tự đánh giá"
SUMMARY_SHEET = "Tổng hợp"
TRACE_SHEET = "Truy vết"
#: The «Tổng hợp» table's header row: the rows above it hold the form's heading, written by the
#: generator and the scored copy alike; the add-in writes its table from this row down.
SUMMARY_TABLE_ROW = 9
#: Column widths of «Tổng hợp» (characters of the default font).
SUMMARY_WIDTHS = [7, 52, 12, 12, 11, 11, 12, 11]
GUIDE_SHEET = "Hướng dẫn"
META_SHEET = "_cchc"

#: Written in the metadata sheet; a workbook without it is not one of ours.
TEMPLATE_ID = "cchc-scoring-workbook"
#: Bump when the layout changes in a way older readers cannot follow.
TEMPLATE_VERSION = "1"
SUPPORTED_TEMPLATE_VERSIONS = ("1",)

# Keys in the hidden key column of the input sheet.
KEY_UNIT = "unit"
KEY_HEADER = "header"
KEY_TOTAL = "total"
GROUP_PREFIX = "grp:"
ADJUSTMENTS_GROUP = "grp:adj"

# Special "field" names for the per-item input cells that are not evidence fields.
DOCUMENTS = "documents"
NOT_APPLICABLE = "not_applicable"
EXPLANATION = "explanation"
ITEM_CELLS = (DOCUMENTS, NOT_APPLICABLE, EXPLANATION)


@dataclass(frozen=True)
class Columns:
    """Column letter of each role on the input sheet."""

    key: str = "A"            # hidden: "1.6:tasks_assigned", "grp:1.1", "total", ...
    code: str = "B"           # Mã
    title: str = "C"          # Nội dung
    max: str = "D"            # Điểm tối đa
    method: str = "E"         # Cách chấm điểm
    label: str = "F"          # Số liệu cần nhập
    value: str = "G"          # Giá trị (input)
    unit: str = "H"           # Đơn vị tính
    documents: str = "I"      # Tài liệu kiểm chứng (input)
    not_applicable: str = "J"  # Không áp dụng (input, where declarable)
    explanation: str = "K"    # Giải trình (input)
    points: str = "L"         # Điểm tự chấm (output)
    findings: str = "M"       # Phát hiện (output)

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> Columns:
        """Columns recorded in the metadata sheet ("col:<role>" rows); defaults otherwise."""
        given = {f.name: str(meta[f"col:{f.name}"]).strip().upper() for f in fields(cls) if meta.get(f"col:{f.name}")}
        return cls(**given)

    def as_meta(self) -> dict[str, str]:
        return {f"col:{f.name}": getattr(self, f.name) for f in fields(self)}


COLUMNS = Columns()


def field_key(item_id: str, field: str | None) -> str:
    """The key of an item's row: one row per evidence field, "<item>:<field>"."""
    return f"{item_id}:{field}" if field else item_id


def split_key(key: str) -> tuple[str, str | None]:
    item_id, _, field = key.partition(":")
    return item_id, (field or None)


def is_item_key(key: str) -> bool:
    """Item rows start with a digit ("1.6", "1.6:tasks_assigned"); other rows do not."""
    return bool(key) and key[0].isdigit()


def column_index(letter: str) -> int:
    """"A" → 0, "M" → 12, "AA" → 26."""
    n = 0
    for ch in letter.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letter(index: int) -> str:
    """0 → "A"."""
    index += 1
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out

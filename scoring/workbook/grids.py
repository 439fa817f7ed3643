"""Read a scoring workbook from plain cell values into Evidence tied to cells.

Both shells feed this the same thing: per sheet, a 2-D list of values from A1
(openpyxl `values_only` rows, or Office.js `range.values`). Rows are found by the
hidden key column, so inserted or reordered rows do not matter.

Conventions for numbers that a spreadsheet stores differently from how they are typed:
- percent fields: the cell is percent-formatted, so a NUMBER is a fraction (0.9381 is
  93,81%) and is multiplied by 100 here. Text such as "93,81%" passes through unchanged.
- date fields: a NUMBER between 20000 and 80000 is an Excel serial date and becomes a
  date; a datetime (openpyxl) becomes its date.
- any field: an ISO timestamp string "2024-01-05T00:00:00.000Z" becomes the date
  2024-01-05. The xlwings Office.js client sends date-formatted cells that way
  (`new Date((serial - 25569) * 86400000).toISOString()`, i.e. the serial read as UTC,
  so the date part is the date shown in the cell).
Everything else stays raw; the engine parses it and turns what it cannot read into a
finding that names the cell.

What the reader itself has to tolerate becomes `Evidence.problems` (a finding at its
cell): an input cell hidden under a merged range is read as the user sees it (blank),
and text is cleaned of control characters. The hidden metadata sheet is checked
before anything relies on it (a tampered one is refused in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..errors import RuleSetError, WorkbookError
from ..evidence_io import without_survey_values
from ..messages import render
from ..models.evidence import CellRef, Evidence, EvidenceValue, ItemEvidence, ReadProblem
from ..models.ruleset import EvidenceField, Item
from ..ruleset import LoadedRuleSet, find_ruleset
from ..textclean import clean_chars, has_bad_chars, shorten
from ..validation_text import describe
from ..values import is_excel_error
from .package import CellRange, sheet_key
from .spec import (
    DOCUMENTS,
    EXPLANATION,
    INPUT_SHEET,
    ITEM_CELLS,
    KEY_HEADER,
    KEY_TOTAL,
    META_SHEET,
    NOT_APPLICABLE,
    SUPPORTED_TEMPLATE_VERSIONS,
    TEMPLATE_ID,
    Columns,
    column_index,
    field_key,
    is_item_key,
    split_key,
)

Grid = list[list[Any]]
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class WorkbookMeta:
    """What the hidden metadata sheet records about the workbook."""

    template_version: str
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    ruleset_title: str
    year: int
    unit: str
    deadline: str | None
    generated_at: str | None
    columns: Columns
    raw: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class WorkbookRead:
    """The evidence of a filled workbook and where every item lives on the input sheet."""

    evidence: Evidence
    meta: WorkbookMeta
    ruleset: LoadedRuleSet
    columns: Columns
    sheet: str
    keys: dict[str, int]                 # key (column A) → row number (1-based)
    item_rows: dict[str, tuple[int, ...]]  # item id → its rows, first one carries points and findings
    input_cells: dict[tuple[str, str], str]  # (item id, field or documents/not_applicable/explanation) → "G12"
    file: str | None = None

    @property
    def total_row(self) -> int | None:
        return self.keys.get(KEY_TOTAL)


def input_cell(read: WorkbookRead, item_id: str, field_name: str | None = None) -> str:
    """Address of an item's input cell ("G14"); without a field, the item's first input cell.

    `field_name` is an evidence field, or "documents", "not_applicable", "explanation".
    Raises KeyError for an unknown item or field.
    """
    if field_name is not None:
        return read.input_cells[(item_id, field_name)]
    for (iid, _name), address in read.input_cells.items():
        if iid == item_id:
            return address
    raise KeyError(item_id)


def item_at_row(read: WorkbookRead, row: int) -> str | None:
    """The item whose block contains `row` (1-based) on the input sheet, else None."""
    for item_id, rows in read.item_rows.items():
        if row in rows:
            return item_id
    return None


def read_grids(grids: dict[str, Grid], *, file: str | None = None,
               ruleset: LoadedRuleSet | None = None, merges: list[CellRange] | None = None) -> WorkbookRead:
    """Evidence from a workbook's cell values; refuses workbooks that are not ours or are for
    another rule set (WorkbookError with a Vietnamese message).

    Sheets are found as Excel finds them (ignoring case). `merges` are the input sheet's
    merged ranges when the shell knows them (the file reader does).
    """
    name = shorten(file or "sổ chấm điểm", 200)
    meta_grid = _sheet(grids, META_SHEET)
    if meta_grid is None:
        raise WorkbookError("workbook_not_ours", path=name,
                            sheets=shorten(", ".join(f"«{s}»" for s in grids), 300) or "(không có)")
    meta = parse_meta(meta_grid, name)
    loaded = _resolve_ruleset(meta, ruleset, name)
    grid = _sheet(grids, INPUT_SHEET)
    if grid is None:
        raise WorkbookError("workbook_sheet_missing", path=name, sheet=INPUT_SHEET)

    cols = meta.columns
    keys = _scan_keys(grid, cols)
    items: dict[str, ItemEvidence] = {}
    item_rows: dict[str, tuple[int, ...]] = {}
    input_cells: dict[tuple[str, str], str] = {}
    rows_by_item = _rows_by_item(keys)
    cells = _Cells(grid, merges or [])

    for item in loaded.ruleset.items():
        rows = rows_by_item.get(item.id)
        if not rows:
            raise WorkbookError("workbook_row_missing", path=name, sheet=INPUT_SHEET, item=item.id,
                                key=field_key(item.id, item.evidence[0].name if item.evidence else None))
        item_rows[item.id] = tuple(rows)
        items[item.id] = _item_evidence(item, cells, keys, rows[0], cols, name, input_cells)

    unit = _unit(grid, meta) or meta.unit or render("workbook_unit_missing")
    try:
        evidence = Evidence(
            ruleset=meta.ruleset_id, ruleset_version=meta.ruleset_version, unit=unit, year=meta.year,
            source=None, file=file, items=items, problems=cells.problems,
        )
    except ValidationError as exc:  # a tampered workbook; never a traceback
        detail = "; ".join(f"{'.'.join(map(str, p))}: {t}" for p, t in describe(exc, limit=3))
        raise WorkbookError("workbook_meta_invalid", path=name, key="?", value=shorten(detail, 200)) from exc
    evidence = without_survey_values(evidence, loaded.ruleset)
    return WorkbookRead(evidence=evidence, meta=meta, ruleset=loaded, columns=cols, sheet=INPUT_SHEET,
                        keys=keys, item_rows=item_rows, input_cells=input_cells, file=file)


def _sheet(grids: dict[str, Grid], wanted: str) -> Grid | None:
    """The grid of sheet `wanted`, found as Excel finds sheets (case-insensitively)."""
    if wanted in grids:
        return grids[wanted]
    key = sheet_key(wanted)
    return next((g for n, g in grids.items() if isinstance(n, str) and sheet_key(n) == key), None)


class _Cells:
    """Input cells as the user sees them; reading problems collected on the way."""

    def __init__(self, grid: Grid, merges: list[CellRange]) -> None:
        self.grid = grid
        self.merges = [m for m in merges if m.size > 1]
        self.problems: list[ReadProblem] = []
        #: column number → row → the ranges over that cell (a reader looks at a few columns, each
        #: many times; the merged cells are capped by package.MAX_SHEET_CELLS)
        self._by_column: dict[int, dict[int, list[CellRange]]] = {}

    def read(self, col: str, row: int, *, item: str, field: str | None) -> Any:
        cell = f"{col}{row}"
        number = column_index(col) + 1
        rows = self._by_column.get(number)
        if rows is None:
            rows = self._by_column[number] = {}
            for m in self.merges:
                if m.min_col <= number <= m.max_col:
                    for r in range(m.min_row, m.max_row + 1):
                        rows.setdefault(r, []).append(m)
        for merged in rows.get(row, ()):
            if merged.covers(number, row) and not merged.top_left(number, row):
                self.problems.append(ReadProblem(code="merged_input_hidden", item=item, field=field,
                                                 cell=CellRef(sheet=INPUT_SHEET, cell=cell),
                                                 params={"address": cell, "range": merged.text}))
                return None
        raw = _at(self.grid, row, col)
        if isinstance(raw, str) and has_bad_chars(raw):
            self.problems.append(ReadProblem(code="text_cleaned_cell", severity="warning", item=item, field=field,
                                             cell=CellRef(sheet=INPUT_SHEET, cell=cell)))
        return raw


# --------------------------------------------------------------------------- metadata

#: What the metadata may say (a tampered or damaged sheet is refused, not trusted).
_META_PATTERNS = {
    "ruleset_id": re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}"),
    "ruleset_version": re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){1,2}"),
    "ruleset_hash": re.compile(r"sha256:[0-9a-f]{64}"),
    "year": re.compile(r"[0-9]{4}"),
}
_COLUMN = re.compile(r"[A-Z]{1,3}")
#: Columns of the input sheet a reader looks at (A–BL); the template's roles lie within them.
READ_COLUMNS = 64
_META_TEXT_MAX = 1000


def parse_meta(grid: Grid, name: str) -> WorkbookMeta:
    """Key/value rows (column A → column B) of the metadata sheet, checked."""
    raw: dict[str, str] = {}
    for row in grid:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            value = row[1]
            raw[row[0].strip()] = "" if value is None else (str(int(value)) if isinstance(value, float)
                                                             and value.is_integer() else _meta_text(value))
    if raw.get("template") != TEMPLATE_ID:
        raise WorkbookError("workbook_not_ours", path=name, sheets=f"«{META_SHEET}» không đúng mẫu")
    version = raw.get("template_version", "")
    if version not in SUPPORTED_TEMPLATE_VERSIONS:
        raise WorkbookError("workbook_template_unsupported", path=name, version=shorten(version, 40) or "?",
                            supported=", ".join(SUPPORTED_TEMPLATE_VERSIONS))
    for key, pattern in _META_PATTERNS.items():
        if not pattern.fullmatch(raw.get(key, "")):
            raise WorkbookError("workbook_meta_invalid", path=name, key=key, value=shorten(raw.get(key, ""), 60))
    year = int(raw["year"])
    if not 2000 <= year <= 2100:
        raise WorkbookError("workbook_meta_invalid", path=name, key="year", value=raw["year"])
    for key in ("ruleset_title", "unit", "deadline", "generated_at", "unit_cell"):
        if len(raw.get(key, "")) > _META_TEXT_MAX:
            raise WorkbookError("workbook_meta_invalid", path=name, key=key, value=shorten(raw[key], 60))
    return WorkbookMeta(
        template_version=version, ruleset_id=raw["ruleset_id"], ruleset_version=raw["ruleset_version"],
        ruleset_hash=raw["ruleset_hash"], ruleset_title=raw.get("ruleset_title", ""), year=year,
        unit=raw.get("unit", ""), deadline=raw.get("deadline") or None, generated_at=raw.get("generated_at") or None,
        columns=_columns(raw, name), raw=raw,
    )


def _meta_text(value: Any) -> str:
    text = value if isinstance(value, str) else (repr(value) if isinstance(value, float) else "?" if isinstance(
        value, int) and value.bit_length() > 3000 else str(value))
    return clean_chars(text)[0].strip()


def _columns(raw: dict[str, str], name: str) -> Columns:
    """The input sheet's column roles: each a column letter, all different (an output
    column that is also an input column would overwrite what the unit typed)."""
    for key, value in raw.items():
        if key.startswith("col:") and value and not _COLUMN.fullmatch(value.strip().upper()):
            raise WorkbookError("workbook_meta_invalid", path=name, key=shorten(key, 40), value=shorten(value, 40))
    cols = Columns.from_meta(raw)
    letters = [getattr(cols, f) for f in cols.__dataclass_fields__]
    if len(set(letters)) != len(letters) or any(column_index(c) >= READ_COLUMNS for c in letters):
        raise WorkbookError("workbook_meta_invalid", path=name, key="col:*", value=shorten(", ".join(letters), 80))
    return cols


def _resolve_ruleset(meta: WorkbookMeta, given: LoadedRuleSet | None, name: str) -> LoadedRuleSet:
    made = {"made_id": meta.ruleset_id, "made_version": meta.ruleset_version, "made_year": meta.year,
            "made_title": meta.ruleset_title or meta.ruleset_id}
    if given is not None:
        rs = given.ruleset
        if (rs.id, rs.version) != (meta.ruleset_id, meta.ruleset_version):
            raise WorkbookError("workbook_other_ruleset", path=name, used_id=rs.id, used_version=rs.version, **made)
        loaded = given
    else:
        try:
            loaded = find_ruleset(meta.ruleset_id, version=meta.ruleset_version)
        except RuleSetError as exc:
            raise WorkbookError("workbook_ruleset_unavailable", path=name, **made) from exc
    if loaded.hash != meta.ruleset_hash:
        raise WorkbookError("workbook_ruleset_changed", path=name, made_hash=meta.ruleset_hash[:19],
                            hash=loaded.hash[:19], **made)
    return loaded


# --------------------------------------------------------------------------- the input sheet

def _scan_keys(grid: Grid, cols: Columns) -> dict[str, int]:
    k = column_index(cols.key)
    keys: dict[str, int] = {}
    for r, row in enumerate(grid):
        if k < len(row) and isinstance(row[k], str) and row[k].strip():
            keys.setdefault(row[k].strip(), r + 1)
    if KEY_HEADER not in keys:
        raise WorkbookError("workbook_sheet_broken", sheet=INPUT_SHEET)
    return keys


def _rows_by_item(keys: dict[str, int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for key, row in keys.items():
        if is_item_key(key):
            out.setdefault(split_key(key)[0], []).append(row)
    return {k: sorted(v) for k, v in out.items()}


def _item_evidence(item: Item, grid: _Cells, keys: dict[str, int], first_row: int, cols: Columns, name: str,
                   cells: dict[tuple[str, str], str]) -> ItemEvidence:
    # Trusted constructors (no validation): every value here is built by this reader from cells it
    # checked (column letters from the checked metadata, rows within the read window, values
    # from `normalize`), and validating ~600 of them per workbook cost as much as reading it.
    # Evidence itself is still validated (grids.read_grids); tests/office/test_calamine_reader.py
    # re-validates what this builds.
    def ref(col: str, row: int) -> CellRef:
        # the path stays on Evidence.file, so the evidence hash does not depend on where the file lies
        return CellRef.trusted(sheet=INPUT_SHEET, cell=f"{col}{row}")

    values: dict[str, EvidenceValue] = {}
    for f in item.evidence:
        row = keys.get(field_key(item.id, f.name))
        if row is None:
            raise WorkbookError("workbook_row_missing", path=name, sheet=INPUT_SHEET, item=item.id,
                                key=field_key(item.id, f.name))
        cells[(item.id, f.name)] = f"{cols.value}{row}"
        values[f.name] = EvidenceValue.trusted(value=normalize(grid.read(cols.value, row, item=item.id, field=f.name), f),
                                       cell=ref(cols.value, row))

    documents: list[EvidenceValue] = []
    explanation = None
    if not item.is_survey:  # survey results come with no documents or explanation from the unit
        cells[(item.id, DOCUMENTS)] = f"{cols.documents}{first_row}"
        cells[(item.id, EXPLANATION)] = f"{cols.explanation}{first_row}"
        doc_cell = ref(cols.documents, first_row)
        documents = [EvidenceValue.trusted(value=line, cell=doc_cell)
                     for line in _lines(grid.read(cols.documents, first_row, item=item.id, field=None))]
        # an empty entry keeps the cell, so a "missing documents" finding can point at it
        documents = documents or [EvidenceValue.trusted(value=None, cell=doc_cell)]
        explanation = EvidenceValue.trusted(value=normalize(grid.read(cols.explanation, first_row, item=item.id, field=None)),
                                    cell=ref(cols.explanation, first_row))
    not_applicable = None
    if item.not_applicable.declarable:
        cells[(item.id, NOT_APPLICABLE)] = f"{cols.not_applicable}{first_row}"
        not_applicable = EvidenceValue.trusted(value=normalize(grid.read(cols.not_applicable, first_row, item=item.id,
                                                                 field=None)),
                                       cell=ref(cols.not_applicable, first_row))
    return ItemEvidence.trusted(values=values, documents=documents, explanation=explanation,
                        not_applicable=not_applicable, cell=ref(cols.points, first_row))


def _unit(grid: Grid, meta: WorkbookMeta) -> str | None:
    """The unit's name as typed on the input sheet (the metadata's copy is the fallback)."""
    address = meta.raw.get("unit_cell", "")
    m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", address.upper())
    if not m:
        return None
    value = normalize(_at(grid, int(m.group(2)), m.group(1)))
    if not isinstance(value, str) or is_excel_error(value):
        return None
    return shorten(value.strip(), 500) or None


def _at(grid: Grid, row: int, col: str) -> Any:
    r, c = row - 1, column_index(col)
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _lines(raw: Any) -> list[Any]:
    """A documents cell: one cited document per line."""
    value = normalize(raw)
    if value is None:
        return []
    if not isinstance(value, str):
        return [value]
    return [line for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


# --------------------------------------------------------------------------- values

def normalize(raw: Any, f: EvidenceField | None = None) -> Any:
    """A cell value as the Evidence model holds it (see the module docstring for the rules).

    Text loses control characters and lone surrogates (they cannot be saved or hashed).
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        if _ISO_TIMESTAMP.match(raw):
            try:
                return dt.date.fromisoformat(raw[:10])
            except ValueError:
                return raw
        raw = clean_chars(raw)[0]
        return raw if raw.strip() else None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, dt.time):
        return raw.isoformat()
    if isinstance(raw, (int, float, Decimal)):
        if isinstance(raw, float) and not math.isfinite(raw) or isinstance(raw, Decimal) and not raw.is_finite():
            return str(raw)
        exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)  # never float(int): 10^400 overflows
        if f is not None and f.type == "percent":
            return _plain(exact * 100)
        if f is not None and f.type == "date" and 20000 <= raw <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        return _plain(exact)
    return clean_chars(str(raw))[0]


def _plain(d: Decimal) -> int | float | str:
    """An exact number as int when whole, else the shortest float that prints the same;
    beyond what a float holds, its text (the value reader then says it is too large)."""
    if d == d.to_integral_value():
        return int(d)
    if abs(d) >= Decimal("1e300"):
        return format(d, "E")
    return float(d.normalize())


__all__ = ["ITEM_CELLS", "WorkbookMeta", "WorkbookRead", "input_cell", "item_at_row", "normalize", "parse_meta",
           "read_grids"]

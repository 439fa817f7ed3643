"""Survey results (kết quả điều tra xã hội học, SIPAS): from the office only.

They arrive as the office's «Kết quả điều tra XHH» workbook (`survey_book`) or as a CSV file
(here): one row per unit, one column per survey item, rates in percent. Read into `SurveyRead`,
checked all at once (every problem named by sheet and cell, or line and column), then recorded
in the store. To score, a unit's rates become the values of its survey items (`with_survey`),
each with the file and cell it came from; whatever the unit itself entered there is dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..messages import render
from ..models.evidence import CellRef, Evidence, EvidenceValue, ItemEvidence
from ..models.ruleset import Item
from ..ruleset import LoadedRuleSet
from ..store.cycle import CycleUnit, StoredRate
from ..values import ValueProblem, fold, parse_percent
from .problems import Problems

#: CSV files larger than this are not survey results of a year (a city has a few hundred units).
CSV_MAX_BYTES = 5 * 1024 * 1024
_IGNORED_HEADERS = {"stt", "tt", "so thu tu", "ma don vi"}


@dataclass(frozen=True)
class RateRead:
    unit: CycleUnit
    item: str
    field: str
    rate: Decimal
    sheet: str | None
    cell: str | None


@dataclass(frozen=True)
class SurveyRead:
    rates: list[RateRead]
    ruleset_id: str | None      # what the file says it was made for (a workbook)
    year: int | None


def survey_items(loaded: LoadedRuleSet) -> list[Item]:
    return [i for i in loaded.ruleset.items() if i.is_survey]


def rate_field(item: Item) -> str:
    return item.method.rate  # type: ignore[union-attr]


def units_by_name(units: list[CycleUnit]) -> dict[str, CycleUnit]:
    return {fold(u.unit.name): u for u in units}


def plain_number(d: Decimal) -> int | float:
    """An exact rate as the evidence holds numbers (the float prints back the same digits)."""
    return int(d) if d == d.to_integral_value() else float(d)


def with_survey(evidence: Evidence, loaded: LoadedRuleSet, rates: dict[str, StoredRate]) -> Evidence:
    """The unit's evidence with the office's survey rates as its survey items' values: each value
    names the file, sheet and cell it was read from; a survey value the unit entered itself is
    dropped (only the office's count)."""
    items = dict(evidence.items)
    for item in survey_items(loaded):
        found = rates.get(item.id)
        old = items.get(item.id) or ItemEvidence()
        values = {}
        if found is not None:
            where = (CellRef(sheet=found.sheet, cell=found.cell, file=found.file_name)
                     if found.sheet and found.cell else None)
            values[found.field] = EvidenceValue(
                value=plain_number(found.rate), cell=where,
                source=render("survey_value_source", file=found.file_name,
                              imported=found.imported_at.astimezone().strftime("%d/%m/%Y")))
        items[item.id] = ItemEvidence(values=values, cell=old.cell)
    return evidence.model_copy(update={"items": items})


# --------------------------------------------------------------------------- CSV


def read_csv(path: Path, loaded: LoadedRuleSet, units: list[CycleUnit]) -> SurveyRead:
    """Rates from a CSV file: a header row (the unit column, then one column per survey item,
    headed by its code, e.g. «8.1» or «8.1 SIPAS»), then one row per unit; `,` `;` or tab
    between columns; UTF-8 (Excel's «CSV UTF-8»)."""
    problems = Problems(str(path))
    data = path.read_bytes()
    if len(data) > CSV_MAX_BYTES:
        problems.add("survey_csv_too_large", size=round(len(data) / 1024 / 1024, 1),
                     limit=CSV_MAX_BYTES // 1024 // 1024)
        problems.check()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add("survey_csv_not_utf8")
        problems.check()
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda d: first.count(d))
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    start = next((n for n, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if start is None:
        problems.add("survey_csv_empty")
        problems.check()
    assert start is not None
    header = rows[start]
    by_id = {i.id: i for i in loaded.ruleset.items()}
    unit_col = next((n for n, h in enumerate(header) if "don vi" in fold(h)), 0)
    columns: dict[int, Item] = {}
    seen: dict[str, int] = {}
    for n, h in enumerate(header):
        if n == unit_col or not h.strip() or fold(h).strip(" .") in _IGNORED_HEADERS:
            continue
        code = h.strip().split()[0].rstrip(".:")
        item = by_id.get(code)
        if item is None:
            problems.add("survey_unknown_item", line=start + 1, column=h.strip(), item=code)
        elif not item.is_survey:
            problems.add("survey_not_survey_item", line=start + 1, column=h.strip(), item=code, title=item.title)
        elif code in seen:
            problems.add("survey_duplicate_item", line=start + 1, column=h.strip(), item=code)
        else:
            seen[code] = n
            columns[n] = item
    if not columns:
        problems.add("survey_no_items", items=", ".join(i.id for i in survey_items(loaded)))
    known = units_by_name(units)
    rates: list[RateRead] = []
    taken: dict[int, int] = {}
    for n, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(c.strip() for c in row):
            continue
        name = row[unit_col].strip() if unit_col < len(row) else ""
        unit = known.get(fold(name)) if name else None
        if unit is None:
            problems.add("survey_unit_unknown" if name else "survey_unit_blank", line=n, unit=name,
                         hint=_close(name, known))
            continue
        if unit.unit.id in taken:
            problems.add("survey_unit_twice", line=n, unit=unit.unit.name, other=taken[unit.unit.id])
            continue
        taken[unit.unit.id] = n
        for col, item in columns.items():
            raw = row[col].strip() if col < len(row) else ""
            if not raw:
                continue
            try:
                rate = parse_percent(raw)
            except ValueProblem as exc:
                problems.add("survey_bad_rate", line=n, column=header[col].strip(), value=raw,
                             problem=render(exc.code, **exc.params))
                continue
            rates.append(RateRead(unit, item.id, rate_field(item), rate, None, _address(col, n)))
    problems.check()
    return SurveyRead(rates, None, None)


def _address(col: int, line: int) -> str:
    """The cell a spreadsheet shows a CSV value in (column A is the first)."""
    from ..workbook.spec import column_letter

    return f"{column_letter(col)}{line}"


def _close(name: str, known: dict[str, CycleUnit]) -> str:
    import difflib

    if not name:
        return ""
    hits = difflib.get_close_matches(fold(name), list(known), n=2, cutoff=0.6)
    if not hits:
        return ""
    return render("survey_unit_hint", names="; ".join(f"«{known[h].unit.name}»" for h in hits))

"""Live scoring for in-cell formulas: an item's points from its input values (=CCHC.DIEM),
a workbook's total and index from its ranges (=CCHC.TONG, =CCHC.CHISO).

A formula recalculates on every keystroke in its inputs, so it must answer in a few
milliseconds. `evaluate_item` runs the rule set's own compiled rules on that item's
facts alone (and the facts of the items it depends on): the same row and points as a
full evaluation (a test checks that for every item), without the other 68 items.
The totals use `score` (points only, no findings or trace).
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Sequence
from typing import Any

from ..engine import Score, evaluate_item, evidence_hash, score
from ..errors import ScoringError, WorkbookError
from ..messages import render
from ..models.evidence import Evidence, EvidenceValue, ItemEvidence
from ..models.result import ItemResult
from ..models.ruleset import Item
from ..ruleset import LoadedRuleSet, find_ruleset
from ..workbook.layout import INPUT_SHEET, META_SHEET, normalize, points_value, read_grids

_LOCK = threading.Lock()


def find_item(loaded: LoadedRuleSet, item_id: Any) -> Item:
    """The item with this id ("1.6", also typed as the number 1.6); ScoringError otherwise."""
    text = _item_text(item_id)
    if not text:
        raise ScoringError("addin_no_item_id")
    items = {i.id: i for i in loaded.ruleset.items()}
    if text in items:
        return items[text]
    hint = difflib.get_close_matches(text, list(items), n=1)
    raise ScoringError("addin_unknown_item", item=text, ruleset=loaded.id,
                       hint=render("did_you_mean", name=hint[0]) if hint else "")


def _item_text(item_id: Any) -> str:
    if item_id is None:
        return ""
    if isinstance(item_id, float) and item_id.is_integer():
        return str(int(item_id))
    return str(item_id).strip()


def item_evidence(loaded: LoadedRuleSet, item: Item, values: Sequence[Any]) -> Evidence:
    """Evidence holding only `item`, from its input values in the order of its evidence fields.

    Values follow the workbook's conventions (a percent cell's number is a fraction, a
    date cell's number an Excel serial date), as the workbook reader applies them.
    """
    fields = item.evidence
    if len(values) > len(fields):
        raise ScoringError("addin_too_many_values", item=item.id, expected=len(fields), given=len(values),
                           labels="; ".join(f"«{f.label}»" for f in fields))
    entered = {}
    for f, raw in zip(fields, values, strict=False):  # fewer values: the rest are blank
        value = normalize(raw, f)
        if value is not None:
            entered[f.name] = EvidenceValue(value=value)
    return Evidence(ruleset=loaded.id, ruleset_version=loaded.ruleset.version, unit="(công thức)",
                    items={item.id: ItemEvidence(values=entered)})


def item_result(loaded: LoadedRuleSet, item_id: Any, values: Sequence[Any]) -> ItemResult:
    """Score one item from its input values (see item_evidence)."""
    item = find_item(loaded, item_id)
    return evaluate_item(loaded, item.id, item_evidence(loaded, item, values)).result


def item_points(item_id: Any, values: Sequence[Any], ruleset: str | None = None) -> float | int | str | None:
    """What the workbook's points column shows for this item: a number (negative for a
    penalty), "KAD" when not applicable, blank for a survey item without results."""
    return points_value(item_result(find_ruleset(ruleset), item_id, values))


# --------------------------------------------------------------------------- a whole workbook

_RESULTS: dict[tuple[str, str], Score] = {}
_RESULTS_KEEP = 16


def workbook_score(input_grid: list[list[Any]], meta_grid: list[list[Any]]) -> Score:
    """Score a workbook from two ranges a formula passes: the input sheet and the hidden
    metadata sheet, both from A1. Read by the workbook layer, scored by the engine.

    Excel recalculates such a formula whenever any cell of the range changes, also the
    output cells «Chấm điểm» writes; the result is kept per evidence, so that costs nothing.
    """
    try:
        read = read_grids({INPUT_SHEET: input_grid, META_SHEET: meta_grid})
    except WorkbookError as exc:
        if exc.code in ("workbook_not_ours", "workbook_sheet_broken"):
            raise ScoringError("addin_range_not_workbook", sheet=INPUT_SHEET, meta=META_SHEET) from exc
        raise
    key = (read.ruleset.hash, evidence_hash(read.evidence))
    with _LOCK:
        cached = _RESULTS.get(key)
    if cached is not None:
        return cached
    result = score(read.ruleset, read.evidence)
    with _LOCK:
        if len(_RESULTS) >= _RESULTS_KEEP:
            _RESULTS.pop(next(iter(_RESULTS)))
        _RESULTS[key] = result
    return result

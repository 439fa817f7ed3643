"""An item's scoring method in words, from the same rows durable_rules evaluates.

The workbook's «Cách chấm điểm» column and the task pane's «Giải thích» read this, so
they can never describe a rule other than the one that scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..messages import render
from ..methods import method_of
from ..models.result import RowInfo
from ..models.ruleset import Item
from ..ruleset import LoadedRuleSet
from .compiled import compiled


@dataclass(frozen=True)
class ItemDescription:
    item: Item
    method: str              # the first line, e.g. "Tỷ lệ = «…» ÷ «…»."
    rows: list[RowInfo]      # the whole decision table, in order


def describe_item(loaded: LoadedRuleSet, item_id: str) -> ItemDescription:
    spec = compiled(loaded).by_id[item_id]
    return ItemDescription(spec.item, spec.method.describe(spec.item), spec.row_infos)


def method_lines(item: Item) -> list[str]:
    """The method and its rows for a reader: bands first, the zero-denominator rule last."""
    method = method_of(item.method.kind)
    rows = method.rows(item)
    shown = [] if item.is_survey else [r.label for r in rows if r.outcome != "missing" and r.key != "zero"]
    shown += [r.label for r in rows if r.key == "zero"]
    lines = [method.describe(item)] + shown
    if item.not_applicable.declarable:
        lines.append(render("method_declarable"))
    return [line for line in lines if line]

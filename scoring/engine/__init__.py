"""The scoring engine's public face.

- `evaluate(loaded, evidence) -> Result`: points, subtotals, findings, trace;
- `score(loaded, evidence) -> Score`: the same points and totals, without findings or trace;
- `evaluate_item(loaded, item_id, evidence) -> ItemOutcome`: one item in the context of a
  unit, through the rule set's own compiled rules (the add-in's formulas);
- `describe_item(loaded, item_id)`: the item's method and decision table in words;
- `evidence_hash(evidence)`, `ENGINE`.

Shells (CLI, workbook, add-in, consolidation) use this face and the models; none compiles
decision tables itself. durable_rules is imported by `rete` alone.
"""

from __future__ import annotations

from .describe import ItemDescription, describe_item, method_lines
from .evaluation import ENGINE, ItemOutcome, Score, evaluate, evaluate_item, evidence_hash, score

__all__ = ["ENGINE", "ItemDescription", "ItemOutcome", "Score", "describe_item", "evaluate", "evaluate_item",
           "evidence_hash", "method_lines", "score"]

"""The year's cycle after self-assessment: survey results from the office, the appraisal
team's rounds, the units' explanations, and the final points.

    units self-assess ──▶ office imports survey results ──▶ round 1 (team recognises or adjusts,
    asks for explanations) ──▶ lock ──▶ units answer ──▶ round 2 ──▶ lock ──▶ published index

- `steps`: the points an item may be given, from its decision rows;
- `survey`: survey results read from the office's workbook or CSV, and merged into a unit's
  evidence as the survey items' values (the engine scores them as usual);
- `cycle`: a rule set's year in the store: its units, rule set, survey rates, rounds, and each
  unit evaluated with its survey results;
- `final`: per item the round-2, else round-1, else self-assessed points, and the totals, index
  and classification recomputed through the engine (`scoring.engine.rescore`); ranks;
- `seal`, `book`: the workbooks' hidden metadata and its seal, and the sheet builders;
- `survey_book`, `round_book`, `answers_book`: the workbooks the office and the units fill, and
  their readers.

Nothing here prints; the CLI (`scoring/cli/appraisal_cmd.py`) shows what happened.
"""

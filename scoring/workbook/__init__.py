"""The scoring workbook: generate it from a rule set, read it back cell by cell, write it scored.

`layout` is the contract shared with the Excel add-in; `generate`, `read` and `write`
are the openpyxl side. Nothing here scores: evaluation is `scoring.engine.evaluate`.
"""

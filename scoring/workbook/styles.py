"""Colours, fonts and borders of the workbook, shared by the generator and the writers.

Fills are plain hex strings so the add-in (Office.js) can use the same ones.
"""

from __future__ import annotations

FONT = "Times New Roman"  # the font of Vietnamese administrative documents (NĐ 30/2020)
SIZE = 11

INPUT_FILL = "FFF2CC"       # light yellow: cells the unit fills
TITLE_FILL = "1F4E79"       # dark blue: header row (white text)
COMPONENT_FILL = "D9E1F2"   # light blue: a field (lĩnh vực)
CRITERION_FILL = "EDF1F9"   # paler blue: a criterion
TOTAL_FILL = "BDD7EE"
SURVEY_FILL = "F2F2F2"      # grey: survey items (entered by the office)
BORDER = "9BA7B8"

SEVERITY_FILL = {"error": "F4B6B6", "warning": "FAD7AC", "info": "DDEBF7"}  # red, orange, blue
STATUS_FILL = {"achieved": "E2EFDA", "not_applicable": "EDEDED"}

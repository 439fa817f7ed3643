"""Everything wrong with an imported file, found in one pass and refused together.

An import is all or nothing: the office fixes every cell named and imports again; nothing is
recorded from a file with a problem. Each problem names its sheet and cell (a workbook) or its
line and column (a CSV file), in Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..messages import render
from .errors import AppraisalError

#: Problems listed in the message (the rest are counted).
SHOWN = 25


@dataclass
class Problems:
    path: str
    lines: list[str] = field(default_factory=list)

    def add(self, code: str, *, sheet: str | None = None, cell: str | None = None, line: int | None = None,
            column: str | None = None, **params: Any) -> None:
        if sheet is not None and cell is not None:
            where = render("cycle_at_cell", sheet=sheet, cell=cell)
        elif line is not None:
            where = render("cycle_at_line", line=line, column=column) if column else render("cycle_at_line_only",
                                                                                              line=line)
        elif sheet is not None:
            where = render("cycle_at_sheet", sheet=sheet)
        else:
            where = ""
        text = render(code, **params)
        self.lines.append(f"{where}: {text}" if where else text)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def check(self) -> None:
        """Refuse the file when anything was found."""
        if not self.lines:
            return
        shown = self.lines[:SHOWN]
        more = len(self.lines) - len(shown)
        details = "\n".join(f"  • {line}" for line in shown)
        if more:
            details += "\n  " + render("cycle_more_problems", count=more)
        raise AppraisalError("cycle_file_refused", path=self.path, count=len(self.lines), details=details)

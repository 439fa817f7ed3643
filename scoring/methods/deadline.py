"""Deadline: issued or sent on or before every deadline → on_time; all present, some late → late;
any absent (entered as «Không») → missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..findings import finding
from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import DeadlineMethod, Item
from ..values import ABSENT, DocumentRef, ValueProblem, parse_day_month
from .base import Method, StaticChecks, message, pts
from .rows import AnyOf, Cond, Row, row


def deadline_of(by: str, year: int) -> dt.date:
    return parse_day_month(by, year)


def due_date(value: Any) -> dt.date | None:
    if value is ABSENT or value is None:
        return None
    return value.date if isinstance(value, DocumentRef) else value


class Deadline(Method):
    kind = "deadline"

    def fields(self, m: DeadlineMethod) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.field for d in m.due))

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        m: DeadlineMethod = item.method  # type: ignore[assignment]
        for di, due in enumerate(m.due):
            checks.need(due.field, "deadline", ("due", di, "field"))
            try:
                parse_day_month(due.by, 2024)  # 2024 is a leap year: 29/02 is allowed
            except (ValueProblem, ValueError):
                checks.add("bad_deadline", ("due", di, "by"), value=due.by)
        for attr in ("on_time", "late", "missing"):
            checks.within_max(getattr(m, attr), (attr,))
        if not (m.on_time >= m.late >= m.missing):
            checks.add("deadline_points_order", ())

    def rows(self, item: Item) -> list[Row]:
        m: DeadlineMethod = item.method  # type: ignore[assignment]
        k = range(len(m.due))
        single = len(m.due) == 1
        deadlines = ", ".join(d.by for d in m.due)
        present = [Cond(f"a{i}", "eq", 0) for i in k]
        late = [Cond(f"l{i}", "gt", 0) for i in k]
        absent = [Cond(f"a{i}", "eq", 1) for i in k]
        return [
            row(item.id, "on_time", present + [Cond(f"l{i}", "le", 0) for i in k], "points", m.on_time,
                render("row_on_time" if single else "row_all_on_time", deadlines=deadlines, points=m.on_time)),
            row(item.id, "late", present + [late[0] if single else AnyOf(tuple(late))], "points", m.late,
                render("row_late" if single else "row_some_late", points=m.late)),
            row(item.id, "absent", [absent[0] if single else AnyOf(tuple(absent))], "points", m.missing,
                render("row_absent" if single else "row_some_absent", points=m.missing)),
        ]

    def fact(self, item: Item, x: Any, year: int) -> dict[str, Any]:
        m: DeadlineMethod = item.method  # type: ignore[assignment]
        fact: dict[str, Any] = {}
        for i, due in enumerate(m.due):
            when = due_date(x.values[due.field])
            fact[f"a{i}"] = 1 if when is None else 0
            fact[f"l{i}"] = 0 if when is None else (when - deadline_of(due.by, year)).days
        return fact

    def measure(self, item: Item, x: Any, year: int) -> tuple[Message | None, Decimal | None]:
        m: DeadlineMethod = item.method  # type: ignore[assignment]
        parts = []
        for due in m.due:
            when, deadline = due_date(x.values[due.field]), deadline_of(due.by, year)
            parts.append({"what": _what(x, due), "date": when, "deadline": deadline,
                          "days": (when - deadline).days if when else None})
        return message("measure_deadline", parts=parts, named=len(m.due) > 1), None

    def lost(self, item: Item, row: Row, x: Any, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        m: DeadlineMethod = item.method  # type: ignore[assignment]
        out: list[Finding] = []
        deadlines = [deadline_of(d.by, year) for d in m.due]
        for due, deadline in zip(m.due, deadlines, strict=True):
            what = _what(x, due)
            when = due_date(x.values[due.field])
            cell = x.cell(due.field)
            carried = lost if not out else None
            if when is None:
                out.append(finding("points_lost", "deadline_absent", "info", item=item.id, field=due.field, cell=cell,
                                   points_lost=carried, what=what, points=points, max=item.max_points,
                                   recovery=message("recover_deadline_absent", what=what.lower())))
            elif when > deadline:
                out.append(finding("deadline_missed", "deadline_missed", "info", item=item.id, field=due.field,
                                   cell=cell, points_lost=carried, what=what, date=when, days=(when - deadline).days,
                                   deadline=deadline, points=points, max=item.max_points,
                                   recovery=message("recover_deadline", deadlines=deadlines, max=item.max_points)))
        return out

    def describe(self, item: Item) -> str:
        return render("method_deadline")


def _what(x: Any, due: Any) -> str:
    return due.label or x.label(due.field).split(" (")[0]


__all__ = ["Deadline", "deadline_of", "due_date", "pts"]

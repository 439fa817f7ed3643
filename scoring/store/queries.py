"""Reading the store for people: which unit is meant, its years side by side, how an item's
points were reached. Plain data out; the CLI renders it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from ..models.result import Finding, ItemResult, Trace, TraceStep
from ..values import fold
from . import schema
from .codec import decode_value
from .errors import StoreError
from .location import StoreLocation

S, R, RS = schema.SubmissionRow, schema.ResultRow, schema.RuleSetRow
#: How many items `history` lists as having changed most.
TOP_CHANGES = 10


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str


# --------------------------------------------------------------------------- which unit


def find_unit(conn: Connection, query: str, location: StoreLocation) -> UnitRef:
    """Exact match ignoring case, diacritics and spacing; else the one unit whose name holds
    every word typed, a word matching part of the name or the initials offices abbreviate
    it by («Sở GDĐT», «TN&MT»); else a StoreError naming the candidates or the close names."""
    units = [UnitRef(r.id, r.name) for r in conn.execute(select(schema.Unit.id, schema.Unit.name)
                                                         .order_by(schema.Unit.name))]
    if not units:
        raise StoreError("store_no_units", store=location.shown)
    key = fold(query)
    exact = [u for u in units if fold(u.name) == key]
    if len(exact) == 1:
        return exact[0]
    words = [w for w in (re.sub(r"[^0-9a-z]", "", w) for w in key.split()) if w]
    partial = exact or [u for u in units if words and all(_word_matches(w, fold(u.name)) for w in words)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise StoreError("store_unit_ambiguous", query=query, count=len(partial),
                         names=_names(partial[:12]), more=_more(len(partial) - 12))
    folded = {fold(u.name): u for u in units}
    close = [folded[k] for k in difflib.get_close_matches(key, list(folded), n=5, cutoff=0.5)]
    if close:
        raise StoreError("store_unit_unknown_close", query=query, names=_names(close))
    raise StoreError("store_unit_unknown", query=query, count=len(units), names=_names(units[:12]),
                     more=_more(len(units) - 12))


def _word_matches(word: str, name: str) -> bool:
    if word in name:
        return True
    initials = "".join(w[0] for w in name.split() if w[0].isalnum() and w != "va")
    return len(word) >= 2 and word in initials


def _names(units: list[UnitRef]) -> str:
    return "; ".join(f"«{u.name}»" for u in units)


def _more(extra: int) -> str:
    from ..messages import render

    return render("store_and_more", count=extra) if extra > 0 else ""


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class YearColumn:
    """The unit's current submission for one year and rule set."""

    year: int
    ruleset: str
    ruleset_version: str
    submission_id: int
    file_name: str
    received_at: dt.datetime
    submissions: int  # how many were received for this year and rule set
    total: Decimal
    max_points: Decimal
    index: Decimal
    classification: str
    provisional: bool
    fields: dict[str, tuple[str, Decimal, Decimal]] = field(default_factory=dict)  # code -> (title, points, max)
    items: dict[str, tuple[str, Decimal, Decimal]] = field(default_factory=dict)  # id -> (title, points, max)


@dataclass(frozen=True)
class ItemChange:
    item: str
    title: str
    points: list[Decimal | None]  # one per column
    change: Decimal  # the largest change between two consecutive columns, signed
    between: tuple[int, int]  # the two columns' years


@dataclass(frozen=True)
class UnitHistory:
    unit: UnitRef
    columns: list[YearColumn]
    fields: list[tuple[str, str]]  # (code, title), every field of any column, in order
    changes: list[ItemChange]


def unit_history(conn: Connection, unit: UnitRef) -> UnitHistory:
    rows = conn.execute(
        select(S.id, S.year, S.file_name, S.received_at, RS.code, RS.version, R.total, R.max_points, R.index,
               R.classification, R.provisional)
        .join(RS, S.ruleset_id == RS.id).join(R, R.submission_id == S.id)
        .where(S.unit_id == unit.id, S.superseded_by.is_(None)).order_by(S.year, RS.code)).all()
    counts = dict(((y, c), n) for y, c, n in conn.execute(
        select(S.year, RS.code, func.count()).join(RS, S.ruleset_id == RS.id).where(S.unit_id == unit.id)
        .group_by(S.year, RS.code)))
    columns = []
    for r in rows:
        G, IR = schema.GroupResultRow, schema.ItemResultRow
        fields = {g.code: (g.title, g.points, g.max_points) for g in conn.execute(
            select(G.code, G.title, G.points, G.max_points)
            .where(G.submission_id == r.id, G.level == "component").order_by(G.ordinal))}
        items = {i.item: (i.title, i.points, i.max_points) for i in conn.execute(
            select(IR.item, IR.title, IR.points, IR.max_points).where(IR.submission_id == r.id).order_by(IR.ordinal))}
        columns.append(YearColumn(r.year, r.code, r.version, r.id, r.file_name, r.received_at,
                                  counts.get((r.year, r.code), 1), r.total, r.max_points, r.index,
                                  r.classification, r.provisional, fields, items))
    seen: dict[str, str] = {}
    for col in columns:
        for code, (title, _p, _m) in col.fields.items():
            seen.setdefault(code, title)
    ordered = sorted(seen.items(), key=lambda kv: _id_key(kv[0]))
    return UnitHistory(unit, columns, ordered, _changes(columns))


def _changes(columns: list[YearColumn]) -> list[ItemChange]:
    best: dict[str, tuple[Decimal, tuple[int, int]]] = {}
    for a, b in zip(columns, columns[1:], strict=False):
        for item, (_t, points_b, _m) in b.items.items():
            if item in a.items:
                delta = points_b - a.items[item][1]
                if delta and (item not in best or abs(delta) > abs(best[item][0])):
                    best[item] = (delta, (a.year, b.year))
    ranked = sorted(best.items(), key=lambda kv: (-abs(kv[1][0]), _id_key(kv[0])))[:TOP_CHANGES]
    out = []
    for item, (delta, between) in ranked:
        title = next(c.items[item][0] for c in reversed(columns) if item in c.items)
        out.append(ItemChange(item, title, [c.items[item][1] if item in c.items else None for c in columns],
                              delta, between))
    return out


def _id_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


# --------------------------------------------------------------------------- explain


@dataclass(frozen=True)
class EarlierSubmission:
    submission_id: int
    file_name: str
    received_at: dt.datetime
    points: Decimal | None


@dataclass(frozen=True)
class ItemExplanation:
    unit: UnitRef
    year: int
    ruleset: str
    ruleset_version: str
    ruleset_title: str
    ruleset_hash: str
    submission_id: int
    file_name: str
    file_sha256: str
    received_at: dt.datetime
    item: ItemResult
    field_title: str | None
    criterion_title: str | None
    step: TraceStep | None
    findings: list[Finding]
    engine: str
    #: The same unit, rule set and year, received before and superseded: what the item had there.
    earlier: list[EarlierSubmission]
    #: The appraisal rounds for this unit, year and item (tổ thẩm định), oldest first: filled
    #: once the store keeps appraisal rounds (the appraisal issue); empty until then.
    appraisal_rounds: tuple[Any, ...] = ()


def explain_item(conn: Connection, unit: UnitRef, item: str, year: int | None) -> list[ItemExplanation]:
    current = conn.execute(
        select(S.id, S.year, S.file_name, S.file_sha256, S.received_at, RS.code, RS.version, RS.title, RS.hash)
        .join(RS, S.ruleset_id == RS.id)
        .where(S.unit_id == unit.id, S.superseded_by.is_(None)).order_by(S.year, RS.code)).all()
    if not current:
        raise StoreError("store_unit_no_submissions", unit=unit.name)
    years = sorted({r.year for r in current})
    year = years[-1] if year is None else year
    chosen = [r for r in current if r.year == year]
    if not chosen:
        raise StoreError("store_year_missing", unit=unit.name, year=year, years=", ".join(str(y) for y in years))
    out = []
    for sub in chosen:
        IR = schema.ItemResultRow
        row = conn.execute(select(IR).where(IR.submission_id == sub.id, IR.item == item)).first()
        if row is None:
            known = list(conn.scalars(select(IR.item).where(IR.submission_id == sub.id).order_by(IR.ordinal)))
            hint = difflib.get_close_matches(item, known, n=3, cutoff=0.5)
            raise StoreError("store_item_missing", item=item, unit=unit.name, year=year, ruleset=sub.code,
                             hint=", ".join(hint) or "—")
        out.append(_explanation(conn, unit, sub, row))
    return out


def _explanation(conn: Connection, unit: UnitRef, sub: Any, row: schema.ItemResultRow) -> ItemExplanation:
    G, F, T, R_ = schema.GroupResultRow, schema.FindingRow, schema.TraceRow, schema.ResultRow
    item = ItemResult.model_validate({
        "id": row.item, "title": row.title, "component": row.component, "criterion": row.criterion,
        "effect": row.effect, "scored_by": row.scored_by, "max_points": row.max_points, "points": row.points,
        "status": row.status, "measure": decode_value(row.measure) if row.measure else None,
        "measure_value": row.measure_value, "rule": row.rule,
        "cell": {"sheet": row.sheet, "cell": row.cell, "file": row.cell_file} if row.sheet and row.cell else None,
    })
    titles = {(g.level, g.code): g.title for g in conn.execute(
        select(G.level, G.code, G.title).where(G.submission_id == sub.id))}
    trace = Trace.model_validate_json(conn.scalar(select(T.trace).where(T.submission_id == sub.id)) or "{}")
    step = next((s for s in trace.steps if s.item == row.item), None)
    findings = [Finding.model_validate({
        "kind": f.kind, "code": f.code, "severity": f.severity, "params": decode_value(f.params), "item": f.item,
        "field": f.field, "cell": {"sheet": f.sheet, "cell": f.cell, "file": f.cell_file} if f.sheet and f.cell
        else None, "key": f.key, "points_lost": f.points_lost,
        "recovery": decode_value(f.recovery) if f.recovery else None,
    }) for f in conn.execute(select(F).where(F.submission_id == sub.id, F.item == row.item)
                             .order_by(F.ordinal))]
    IR = schema.ItemResultRow
    earlier = [EarlierSubmission(e.id, e.file_name, e.received_at, e.points) for e in conn.execute(
        select(S.id, S.file_name, S.received_at, IR.points)
        .join(RS, S.ruleset_id == RS.id)
        .join(IR, (IR.submission_id == S.id) & (IR.item == row.item), isouter=True)
        .where(S.unit_id == unit.id, S.year == sub.year, RS.code == sub.code, S.id != sub.id)
        .order_by(S.received_at, S.id))]
    engine = conn.scalar(select(R_.engine).where(R_.submission_id == sub.id)) or ""
    return ItemExplanation(unit, sub.year, sub.code, sub.version, sub.title, sub.hash, sub.id, sub.file_name,
                           sub.file_sha256, sub.received_at, item, titles.get(("component", row.component or "")),
                           titles.get(("criterion", row.criterion or "")), step, findings, engine, earlier)

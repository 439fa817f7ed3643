"""A Result as rows of the store's tables, and back.

Going back gives the same Result (a test compares them): the evidence keeps the order
its items and values were recorded in, so it hashes as it did when it was scored; dates
stay dates and numbers stay exact (a finding's parameters too: `{"$decimal": "95.614…"}`,
not a float, so a replay compares them as the engine made them). `verify` replays what the tables say now, so a value
edited in a table is what the replay sees.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models.evidence import CellRef, Evidence, EvidenceValue
from ..models.result import Result, Trace
from .audit import row_hash

Row = dict[str, Any]

#: The parts of a submission, in the order their digests are listed.
PARTS = ("evidence", "evidence_values", "results", "group_results", "item_results", "findings", "traces")


@dataclass
class ResultRows:
    """Every row one result adds, each with its row_hash."""

    evidence: Row
    evidence_values: list[Row] = field(default_factory=list)
    results: Row = field(default_factory=dict)
    group_results: list[Row] = field(default_factory=list)
    item_results: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)
    traces: Row = field(default_factory=dict)

    def part(self, name: str) -> list[Row]:
        value = getattr(self, name)
        return value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- values as JSON



def _message(message: Any) -> dict[str, Any]:
    """A Message (code + params) as the dict stored; read back by the models' validation."""
    return {"code": message.code, "params": message.params}

def _tag(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(f"cannot store {type(value).__name__}")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        (key, value), = obj.items()
        if key == "$date":
            return dt.date.fromisoformat(value)
        if key == "$datetime":
            return dt.datetime.fromisoformat(value)
        if key == "$decimal":
            return Decimal(value)
    return obj


_VALUE_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_tag)
_PLAIN_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_value(value: Any) -> str:
    """A raw evidence value as JSON text; dates (also inside a document's mapping) are tagged."""
    return _VALUE_JSON.encode(value)


def decode_value(text: str) -> Any:
    return json.loads(text, object_hook=_untag)


def _json(data: Any) -> str:
    return _PLAIN_JSON.encode(data)


def _cell(cell: CellRef | None) -> Row:
    return {"sheet": cell.sheet if cell else None, "cell": cell.cell if cell else None,
            "cell_file": cell.file if cell else None}


def _cell_back(row: Any) -> dict[str, Any] | None:
    if row.sheet is None or row.cell is None:
        return None
    return {"sheet": row.sheet, "cell": row.cell, "file": row.cell_file}


# --------------------------------------------------------------------------- Result → rows


def result_rows(submission_id: int, result: Result) -> ResultRows:
    sid = submission_id
    ev = result.evidence
    rows = ResultRows(evidence=_hashed("evidence", {
        "submission_id": sid, "unit": ev.unit, "ruleset": ev.ruleset, "ruleset_version": ev.ruleset_version,
        "year": ev.year, "source": ev.source, "file": ev.file,
        "problems": _json([p.model_dump(mode="json") for p in ev.problems]),
        "evidence_hash": result.trace.evidence_hash,
    }))
    rows.evidence_values = _evidence_value_rows(sid, ev)
    rows.results = _hashed("results", {
        "submission_id": sid, "unit": result.unit, "year": result.year,
        "self_points": result.self_points, "self_max": result.self_max, "survey_points": result.survey_points,
        "survey_max": result.survey_max, "bonus": result.bonus, "penalty": result.penalty, "total": result.total,
        "max_points": result.max_points, "index": result.index, "provisional": result.provisional,
        "classification": result.classification, "engine": result.trace.engine,
    })
    ordinal = 0
    for level, groups in (("component", result.components), ("criterion", result.criteria)):
        for g in groups:
            rows.group_results.append(_hashed("group_results", {
                "submission_id": sid, "level": level, "code": g.id, "ordinal": ordinal, "title": g.title,
                "points": g.points, "max_points": g.max_points, "applicable_max": g.applicable_max, "index": g.index,
                "self_points": g.self_points, "survey_points": g.survey_points,
            }))
            ordinal += 1
    for n, it in enumerate(result.items):
        rows.item_results.append(_hashed("item_results", {
            "submission_id": sid, "item": it.id, "ordinal": n, "title": it.title, "component": it.component,
            "criterion": it.criterion, "effect": it.effect, "scored_by": it.scored_by, "max_points": it.max_points,
            "points": it.points, "status": it.status,
            "measure": encode_value(_message(it.measure)) if it.measure is not None else None,
            "measure_value": it.measure_value, "rule": it.rule, **_cell(it.cell),
        }))
    for n, f in enumerate(result.findings):
        rows.findings.append(_hashed("findings", {
            "submission_id": sid, "ordinal": n, "kind": f.kind, "code": f.code, "severity": f.severity,
            "params": encode_value(f.params), "item": f.item, "field": f.field, **_cell(f.cell), "key": f.key,
            "points_lost": f.points_lost,
            "recovery": encode_value(_message(f.recovery)) if f.recovery is not None else None,
        }))
    rows.traces = _hashed("traces", {"submission_id": sid, "trace": result.trace.model_dump_json()})
    return rows


def _evidence_value_rows(sid: int, ev: Evidence) -> list[Row]:
    out: list[Row] = []

    def add(item: str, part: str, name: str | None, value: EvidenceValue | None, cell: CellRef | None = None) -> None:
        out.append(_hashed("evidence_values", {
            "submission_id": sid, "ordinal": len(out), "item": item, "part": part, "field": name,
            "value": encode_value(value.value) if value is not None else "null",
            "source": value.source if value is not None else None,
            **_cell(value.cell if value is not None else cell),
        }))

    for item_id, item in ev.items.items():
        add(item_id, "item", None, None, item.cell)
        for name, value in item.values.items():
            add(item_id, "value", name, value)
        for doc in item.documents:
            add(item_id, "document", None, doc)
        if item.explanation is not None:
            add(item_id, "explanation", None, item.explanation)
        if item.not_applicable is not None:
            add(item_id, "not_applicable", None, item.not_applicable)
    return out


def _hashed(table: str, row: Row) -> Row:
    row["row_hash"] = row_hash(table, row)
    return row


# --------------------------------------------------------------------------- rows → Result


def evidence_back(header: Any, values: list[Any]) -> Evidence:
    """The Evidence from its header row and its value rows (in ordinal order)."""
    items: dict[str, dict[str, Any]] = {}
    for row in values:
        if row.part == "item":
            items[row.item] = {"values": {}, "documents": [], "cell": _cell_back(row)}
            continue
        entry = items.setdefault(row.item, {"values": {}, "documents": []})
        value = {"value": decode_value(row.value), "source": row.source, "cell": _cell_back(row)}
        if row.part == "value":
            entry["values"][row.field] = value
        elif row.part == "document":
            entry["documents"].append(value)
        else:  # explanation, not_applicable
            entry[row.part] = value
    return Evidence.model_validate({
        "ruleset": header.ruleset, "ruleset_version": header.ruleset_version, "unit": header.unit,
        "year": header.year, "source": header.source, "file": header.file, "items": items,
        "problems": json.loads(header.problems),
    })


def result_back(ruleset: Any, evidence: Evidence, result: Any, groups: list[Any], items: list[Any],
                findings: list[Any], trace: Any) -> Result:
    """The Result the rows describe (rows as read, in ordinal order); ValidationError if they
    no longer describe one."""
    def group(g: Any) -> dict[str, Any]:
        return {"id": g.code, "title": g.title, "points": g.points, "max_points": g.max_points,
                "applicable_max": g.applicable_max, "index": g.index, "self_points": g.self_points,
                "survey_points": g.survey_points}

    return Result.model_validate({
        "unit": result.unit, "year": result.year,
        "ruleset": {"id": ruleset.code, "version": ruleset.version, "year": ruleset.year, "title": ruleset.title,
                    "hash": ruleset.hash},
        "items": [{
            "id": i.item, "title": i.title, "component": i.component, "criterion": i.criterion, "effect": i.effect,
            "scored_by": i.scored_by, "max_points": i.max_points, "points": i.points, "status": i.status,
            "measure": decode_value(i.measure) if i.measure else None, "measure_value": i.measure_value,
            "rule": i.rule, "cell": _cell_back(i),
        } for i in items],
        "criteria": [group(g) for g in groups if g.level == "criterion"],
        "components": [group(g) for g in groups if g.level == "component"],
        "self_points": result.self_points, "self_max": result.self_max, "survey_points": result.survey_points,
        "survey_max": result.survey_max, "bonus": result.bonus, "penalty": result.penalty, "total": result.total,
        "max_points": result.max_points, "index": result.index, "provisional": result.provisional,
        "classification": result.classification,
        "findings": [{
            "kind": f.kind, "code": f.code, "severity": f.severity, "params": decode_value(f.params), "item": f.item,
            "field": f.field, "cell": _cell_back(f), "key": f.key, "points_lost": f.points_lost,
            "recovery": decode_value(f.recovery) if f.recovery else None,
        } for f in findings],
        "trace": Trace.model_validate_json(trace.trace),
        "evidence": evidence,
    })

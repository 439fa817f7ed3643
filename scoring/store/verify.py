"""`verify`: is every record still what the program wrote, and does every stored result
still follow from its stored evidence and rule set?

1. The ledger: numbered without gaps, each entry chained to the one before, each hash right.
2. Units, rule sets, submissions: each row's hash is the one the ledger recorded, and
   every row has its entry (a row added outside the program has none; an entry whose row
   is gone names what was deleted). A rule set's content still has the hash it is stored
   under. `superseded_by` is what the ledger's supersessions say.
3. Each submission's parts (evidence, values, result, fields and criteria, items,
   findings, trace): every row's hash (an edited row is named: the item, the field and its
   cell), and the digest of each part (a row added or removed is named by its part).
4. Each result is rebuilt from the rows and replayed (`scoring.replay`) against the rule
   set rebuilt from the stored content: every difference, by unit, year and item.

Problems are data (a message code and its parameters, and where: unit, year, file,
submission); the CLI renders them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select

from ..errors import ScoringError
from ..ruleset import LoadedRuleSet, ruleset_from_text
from . import audit, schema
from .codec import PARTS, decode_value, evidence_back, result_back

_MODELS = {
    "evidence": schema.EvidenceRow, "evidence_values": schema.EvidenceValueRow, "results": schema.ResultRow,
    "group_results": schema.GroupResultRow, "item_results": schema.ItemResultRow, "findings": schema.FindingRow,
    "traces": schema.TraceRow,
}
_ORDER = {"evidence_values": "ordinal", "group_results": "ordinal", "item_results": "ordinal", "findings": "ordinal"}
#: Replay's messages speak of a result file; in the store the same facts read so.
_IN_STORE = {"replay_evidence_changed": "verify_evidence_changed", "replay_input_edited": "verify_input_edited"}


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    #: Where (None for the ledger and rule sets): the submission, its unit, year and file.
    submission: int | None = None
    unit: str | None = None
    year: int | None = None
    file: str | None = None
    item: str | None = None


@dataclass
class VerifyReport:
    units: int = 0
    rulesets: int = 0
    submissions: int = 0
    current: int = 0
    entries: int = 0
    head: str | None = None
    replayed: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Ledger:
    units: dict[int, dict[str, Any]] = field(default_factory=dict)
    rulesets: dict[int, dict[str, Any]] = field(default_factory=dict)
    submissions: dict[int, dict[str, Any]] = field(default_factory=dict)
    superseded: dict[int, int] = field(default_factory=dict)


def verify_store(conn: Connection, *, progress: Callable[[int, int], None] | None = None,
                 head: str | None = None) -> VerifyReport:
    """Everything checked; `head`: a ledger hash written down earlier, which must still be in the chain."""
    report = VerifyReport()
    ledger = _check_ledger(conn, report, head)
    _check_units(conn, report, ledger)
    rulesets = _check_rulesets(conn, report, ledger)
    _check_submissions(conn, report, ledger, rulesets, progress)
    return report


# --------------------------------------------------------------------------- 1. the ledger


def _check_ledger(conn: Connection, report: VerifyReport, head: str | None) -> _Ledger:
    L = schema.LedgerEntry
    out = _Ledger()
    prev, expected = audit.GENESIS, 1
    head_seen = head is None
    for e in conn.execute(select(L).order_by(L.seq)):
        report.entries += 1
        head_seen = head_seen or e.hash == head
        if e.seq != expected:
            report.problems.append(Problem("verify_ledger_gap", {"first": expected, "last": e.seq - 1}))
        if e.prev_hash != prev:
            report.problems.append(Problem("verify_ledger_broken", {"seq": e.seq}))
        if audit.entry_hash(e.prev_hash, e.seq, e.kind, e.ref, e.payload, e.recorded_at) != e.hash:
            report.problems.append(Problem("verify_ledger_edited", {"seq": e.seq}))
        prev, expected = e.hash, e.seq + 1
        try:
            payload = json.loads(e.payload)
        except ValueError:
            continue
        if e.kind == "unit":
            out.units[e.ref] = payload
        elif e.kind == "ruleset":
            out.rulesets[e.ref] = payload
        elif e.kind == "submission":
            out.submissions[e.ref] = payload
            if payload.get("superseded_by") is not None:
                out.superseded[e.ref] = payload["superseded_by"]
        elif e.kind == "supersede":
            out.superseded[e.ref] = payload.get("superseded_by")
    report.head = prev if report.entries else None
    if not head_seen:
        report.problems.append(Problem("verify_head_missing", {"head": head}))
    return out


# --------------------------------------------------------------------------- 2. units, rule sets


def _check_units(conn: Connection, report: VerifyReport, ledger: _Ledger) -> None:
    seen = set()
    for u in conn.execute(select(schema.Unit)):
        report.units += 1
        seen.add(u.id)
        entry = ledger.units.get(u.id)
        if entry is None:
            report.problems.append(Problem("verify_unit_unrecorded", {"id": u.id, "name": u.name}))
        elif audit.row_hash("units", _row(u)) != entry.get("row") or u.row_hash != entry.get("row"):
            report.problems.append(Problem("verify_unit_edited", {"id": u.id, "name": u.name,
                                                                  "recorded": entry.get("name")}))
    for unit_id, entry in ledger.units.items():
        if unit_id not in seen:
            report.problems.append(Problem("verify_unit_deleted", {"id": unit_id, "name": entry.get("name")}))


def _check_rulesets(conn: Connection, report: VerifyReport,
                    ledger: _Ledger) -> dict[int, tuple[schema.RuleSetRow, LoadedRuleSet | None]]:
    """Each stored rule set, and its content rebuilt as a LoadedRuleSet (None if it no longer is one)."""
    out: dict[int, tuple[schema.RuleSetRow, LoadedRuleSet | None]] = {}
    for rs in conn.execute(select(schema.RuleSetRow).order_by(schema.RuleSetRow.id)):
        report.rulesets += 1
        where = {"ruleset": rs.code, "version": rs.version, "id": rs.id}
        entry = ledger.rulesets.get(rs.id)
        if entry is None:
            report.problems.append(Problem("verify_ruleset_unrecorded", where))
        elif audit.row_hash("rule_sets", _row(rs)) != entry.get("row") or rs.row_hash != entry.get("row"):
            report.problems.append(Problem("verify_ruleset_edited", {**where, "recorded": entry.get("hash", "")[:19]}))
        try:
            loaded = _stored_ruleset(rs.content, f"{rs.code} v{rs.version} (kho)")
        except ScoringError as exc:
            report.problems.append(Problem("verify_ruleset_invalid", {**where, "detail": str(exc)}))
            out[rs.id] = (rs, None)
            continue
        if loaded.hash != rs.hash:
            report.problems.append(Problem("verify_ruleset_content", {**where, "stored": rs.hash[:19],
                                                                      "actual": loaded.hash[:19]}))
        out[rs.id] = (rs, loaded)
    for rs_id, entry in ledger.rulesets.items():
        if rs_id not in out:
            report.problems.append(Problem("verify_ruleset_deleted", {"id": rs_id, "ruleset": entry.get("code"),
                                                                      "version": entry.get("version")}))
    return out


# --------------------------------------------------------------------------- 3 and 4. submissions


def _check_submissions(conn: Connection, report: VerifyReport, ledger: _Ledger,
                       rulesets: dict[int, tuple[schema.RuleSetRow, LoadedRuleSet | None]],
                       progress: Callable[[int, int], None] | None) -> None:
    S = schema.SubmissionRow
    subs = list(conn.execute(select(S).order_by(S.id)))
    names = {u.id: u.name for u in conn.execute(select(schema.Unit.id, schema.Unit.name))}
    seen = set()
    for n, sub in enumerate(subs, 1):
        report.submissions += 1
        report.current += sub.superseded_by is None
        seen.add(sub.id)
        entry = ledger.submissions.get(sub.id)
        where = {"submission": sub.id, "unit": (entry or {}).get("unit") or names.get(sub.unit_id, "?"),
                 "year": sub.year, "file": sub.file_name}
        problems = report.problems
        if entry is None:
            problems.append(Problem("verify_submission_unrecorded", {}, **where))
        else:
            if audit.row_hash("submissions", _row(sub)) != entry.get("row") or sub.row_hash != entry.get("row"):
                problems.append(Problem("verify_submission_edited", {"recorded_file": entry.get("file"),
                                                                     "recorded_year": entry.get("year")}, **where))
            if ledger.superseded.get(sub.id) != sub.superseded_by:
                problems.append(Problem("verify_superseded_edited", {"recorded": ledger.superseded.get(sub.id),
                                                                     "stored": sub.superseded_by}, **where))
        ruleset, loaded = rulesets.get(sub.ruleset_id, (None, None))
        parts = _check_parts(conn, sub.id, entry, loaded, where, problems)
        if parts is not None and ruleset is not None and loaded is not None:
            _replay(parts, ruleset, loaded, where, problems)
            report.replayed += 1
        if progress is not None:
            progress(n, len(subs))
    for sub_id, entry in ledger.submissions.items():
        if sub_id not in seen:
            report.problems.append(Problem("verify_submission_deleted", {}, submission=sub_id, unit=entry.get("unit"),
                                           year=entry.get("year"), file=entry.get("file")))


def _check_parts(conn: Connection, sub_id: int, entry: dict[str, Any] | None, loaded: LoadedRuleSet | None,
                 where: dict[str, Any], problems: list[Problem]) -> dict[str, list[Any]] | None:
    """Every row of the submission's parts checked; the rows, or None when a part is missing entirely."""
    labels = _labels(loaded)
    recorded = (entry or {}).get("parts", {})
    rows: dict[str, list[Any]] = {}
    for part in PARTS:
        model = _MODELS[part]
        query = select(model).where(model.submission_id == sub_id)
        if part in _ORDER:
            query = query.order_by(getattr(model, _ORDER[part]))
        found = list(conn.execute(query))
        rows[part] = found
        for row in found:
            if audit.row_hash(part, _row(row)) != row.row_hash:
                problems.append(_edited(part, row, labels, where))
        if part in recorded:
            count, digest = recorded[part]
            if count != len(found) or digest != audit.digest(r.row_hash for r in found):
                problems.append(Problem("verify_part_rows", {"part": part, "recorded": count, "now": len(found)},
                                        **where))
    if not rows["evidence"] or not rows["results"] or not rows["traces"]:
        return None
    return rows


def _edited(part: str, row: Any, labels: dict[tuple[str, str], str], where: dict[str, Any]) -> Problem:
    if part == "evidence_values":
        label = labels.get((row.item, row.field or ""), row.field or "")
        try:
            value = decode_value(row.value)
        except ValueError:
            value = row.value
        code = {"value": "verify_value_edited", "document": "verify_document_edited"}.get(
            row.part, "verify_item_evidence_edited")
        return Problem(code, {"label": label, "sheet": row.sheet, "cell": row.cell,
                              "value": "" if value is None else value, "entry": row.part}, item=row.item, **where)
    if part == "item_results":
        return Problem("verify_item_edited", {"points": row.points}, item=row.item, **where)
    if part == "findings":
        return Problem("verify_finding_edited", {"ordinal": row.ordinal + 1, "finding": row.code}, item=row.item, **where)
    if part == "group_results":
        return Problem("verify_group_edited", {"group": row.code, "title": row.title}, **where)
    if part == "results":
        return Problem("verify_result_edited", {"total": row.total, "index": row.index,
                                                "classification": row.classification}, **where)
    return Problem(f"verify_{part}_edited", {}, **where)  # evidence (the header), traces


def _replay(rows: dict[str, list[Any]], ruleset: schema.RuleSetRow, loaded: LoadedRuleSet,
            where: dict[str, Any], problems: list[Problem]) -> None:
    from ..messages import finding_text
    from ..replay import replay

    try:
        evidence = evidence_back(rows["evidence"][0], rows["evidence_values"])
        recorded = result_back(ruleset, evidence, rows["results"][0], rows["group_results"],
                               rows["item_results"], rows["findings"], rows["traces"][0])
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        problems.append(Problem("verify_unreadable", {"detail": _validation_where(exc)}, **where))
        return
    outcome = replay(recorded, loaded)
    for diff in outcome.differences:
        code = _IN_STORE.get(diff.code, diff.code)
        problems.append(Problem(code, dict(diff.params), item=diff.params.get("item"), **where))
    for f in outcome.new_findings:
        problems.append(Problem("verify_new_finding", {"text": finding_text(f)}, item=f.item, **where))


@functools.lru_cache(maxsize=8)
def _stored_ruleset(content: str, source: str) -> LoadedRuleSet:
    """A stored rule set, validated and hashed once per content (reading it is the slow part of a verify)."""
    return ruleset_from_text(content, source)


def _validation_where(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return ".".join(str(p) for p in err["loc"]) + f": {err['msg']}"
    return str(exc)


def _labels(loaded: LoadedRuleSet | None) -> dict[tuple[str, str], str]:
    if loaded is None:
        return {}
    return {(item.id, f.name): f.label for item in loaded.ruleset.items() for f in item.evidence}


def _row(row: Any) -> dict[str, Any]:
    return dict(row._mapping)

"""Recording one scored submission: one transaction, idempotent, newest counts.

- The same file content scored by the same rule set is recorded once: recording it again
  writes nothing and says which submission it already is.
- A unit has one current submission per rule set (by its id, e.g. par-so-2024) and year:
  the one received last. A newer file supersedes the current one (`superseded_by`); an
  older file arriving late is kept, already superseded. Nothing is deleted.
- Everything one submission adds (its unit and rule set when new, the evidence, the
  result, its items and findings, the trace, the ledger entries) is written in one
  transaction: a program killed halfway leaves the store as it was before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from ..models.result import Result
from ..ruleset import LoadedRuleSet
from ..values import fold
from . import audit, schema
from .bulk import insert_rows
from .codec import PARTS, ResultRows, result_rows

_TABLES = {
    "evidence": schema.EvidenceRow, "evidence_values": schema.EvidenceValueRow, "results": schema.ResultRow,
    "group_results": schema.GroupResultRow, "item_results": schema.ItemResultRow, "findings": schema.FindingRow,
    "traces": schema.TraceRow,
}


@dataclass(frozen=True)
class Submission:
    """A file as the office received it: its name, the sha256 of its bytes, when it came."""

    file_name: str
    sha256: str
    received_at: dt.datetime

    @classmethod
    def of_bytes(cls, file_name: str, data: bytes, received_at: dt.datetime | None = None) -> Submission:
        return cls(file_name, "sha256:" + hashlib.sha256(data).hexdigest(),
                   _utc(received_at or dt.datetime.now(dt.UTC)))

    @classmethod
    def of_file(cls, path: str | os.PathLike[str], received_at: dt.datetime | None = None) -> Submission:
        """The file's name and content hash; received when last modified, unless told."""
        path = Path(path)
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        when = received_at or dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        return cls(path.name, "sha256:" + sha.hexdigest(), _utc(when))


def _utc(when: dt.datetime) -> dt.datetime:
    when = when if when.tzinfo is not None else when.astimezone()  # a naive time is local time
    return when.astimezone(dt.UTC)


@dataclass(frozen=True)
class RecordOutcome:
    submission_id: int
    unit: str
    year: int
    ruleset: str
    #: False: this file content was already recorded for this rule set; nothing was written.
    new: bool
    #: It is the unit's current submission for this rule set and year.
    current: bool
    #: The submission it superseded (new and current).
    replaced: int | None = None
    #: The later submission that counts instead (not current).
    superseded_by: int | None = None


def record_result(conn: Connection, submission: Submission, result: Result, loaded: LoadedRuleSet,
                  now: dt.datetime | None = None) -> RecordOutcome:
    """Record `result` (its evidence included) as `submission`, on a connection in a writing transaction."""
    if result.ruleset.hash != loaded.hash:
        raise ValueError(f"result scored with {result.ruleset.hash}, not with the rule set given ({loaded.hash})")
    now = now or dt.datetime.now(dt.UTC)
    code = loaded.ruleset.id
    ruleset_id = conn.scalar(select(schema.RuleSetRow.id).where(schema.RuleSetRow.hash == loaded.hash))
    if ruleset_id is not None:
        done = conn.execute(select(schema.SubmissionRow.id, schema.SubmissionRow.superseded_by)
                            .where(schema.SubmissionRow.ruleset_id == ruleset_id,
                                   schema.SubmissionRow.file_sha256 == submission.sha256)).first()
        if done is not None:
            return RecordOutcome(done.id, result.unit, result.year, code, new=False,
                                 current=done.superseded_by is None, superseded_by=done.superseded_by)
    else:
        ruleset_id = _add_ruleset(conn, loaded, now)
    unit_id = _unit_id(conn, result.unit, now)

    S = schema.SubmissionRow
    current = conn.execute(
        select(S.id, S.received_at).join(schema.RuleSetRow, S.ruleset_id == schema.RuleSetRow.id)
        .where(S.unit_id == unit_id, S.year == result.year, schema.RuleSetRow.code == code, S.superseded_by.is_(None))
        .order_by(S.id.desc())).first()
    new_id = _next_id(conn, S.id)
    replaced = superseded_by = None
    if current is not None:
        if submission.received_at >= current.received_at:
            replaced = current.id
        else:
            superseded_by = current.id

    row: dict[str, Any] = {
        "id": new_id, "unit_id": unit_id, "ruleset_id": ruleset_id, "year": result.year,
        "file_name": submission.file_name, "file_sha256": submission.sha256,
        "received_at": submission.received_at, "recorded_at": now, "superseded_by": superseded_by,
    }
    row["row_hash"] = audit.row_hash("submissions", row)
    conn.execute(insert(S), [row])
    if replaced is not None:
        conn.execute(update(S).where(S.id == replaced).values(superseded_by=new_id))

    rows = result_rows(new_id, result)
    for part in PARTS:
        insert_rows(conn, _TABLES[part], rows.part(part))

    append(conn, "submission", new_id, {
        "unit": result.unit, "year": result.year, "ruleset": code, "ruleset_hash": loaded.hash,
        "file": submission.file_name, "sha256": submission.sha256, "row": row["row_hash"],
        "superseded_by": superseded_by, "parts": part_digests(rows),
    }, now)
    if replaced is not None:
        append(conn, "supersede", replaced, {"superseded_by": new_id}, now)
    return RecordOutcome(new_id, result.unit, result.year, code, new=True, current=superseded_by is None,
                         replaced=replaced, superseded_by=superseded_by)


def part_digests(rows: ResultRows) -> dict[str, list[Any]]:
    """Per part of a submission: how many rows, and the digest of their hashes in order."""
    return {part: [len(rows.part(part)), audit.digest(r["row_hash"] for r in rows.part(part))] for part in PARTS}


def _add_ruleset(conn: Connection, loaded: LoadedRuleSet, now: dt.datetime) -> int:
    rs = loaded.ruleset
    content = ruleset_content(loaded)
    row: dict[str, Any] = {"id": _next_id(conn, schema.RuleSetRow.id), "code": rs.id, "version": rs.version,
                           "year": rs.year, "title": rs.title, "hash": loaded.hash, "content": content,
                           "recorded_at": now}
    row["row_hash"] = audit.row_hash("rule_sets", row)
    conn.execute(insert(schema.RuleSetRow), [row])
    append(conn, "ruleset", row["id"], {"code": rs.id, "version": rs.version, "hash": loaded.hash,
                                        "row": row["row_hash"]}, now)
    return row["id"]


def ruleset_content(loaded: LoadedRuleSet) -> str:
    """The rule set as JSON without its test cases (exactly what its content hash covers), in
    the models' order, numbers written as the rule set holds them (1 stays 1, 2.0 stays 2.0):
    read back (`ruleset_from_text`) it is the same rule set, scoring and wording its findings
    the same."""
    return _json(loaded.ruleset.model_dump(mode="python", exclude={"tests"}))


def _json(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{_json(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        text = str(value)
        return format(value, "f") if "E" in text or "e" in text else text
    if isinstance(value, (dt.date, dt.time)):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def _unit_id(conn: Connection, name: str, now: dt.datetime) -> int:
    name = " ".join(name.split())
    key = fold(name)
    found = conn.scalar(select(schema.Unit.id).where(schema.Unit.name_key == key))
    if found is not None:
        return found
    row: dict[str, Any] = {"id": _next_id(conn, schema.Unit.id), "name": name, "name_key": key, "recorded_at": now}
    row["row_hash"] = audit.row_hash("units", row)
    conn.execute(insert(schema.Unit), [row])
    append(conn, "unit", row["id"], {"name": name, "row": row["row_hash"]}, now)
    return row["id"]


def _next_id(conn: Connection, column: Any) -> int:
    # the writers' lock is held (connect.writing): no other writer can take the same id
    return (conn.scalar(select(func.max(column))) or 0) + 1


def append(conn: Connection, kind: str, ref: int, payload: dict[str, Any], now: dt.datetime) -> None:
    """Add an entry at the end of the ledger, chained to the last one."""
    L = schema.LedgerEntry
    last = conn.execute(select(L.seq, L.hash).order_by(L.seq.desc()).limit(1)).first()
    seq = last.seq + 1 if last else 1
    prev = last.hash if last else audit.GENESIS
    text = audit.canonical_json(payload)
    conn.execute(insert(L), [{"seq": seq, "kind": kind, "ref": ref, "payload": text, "recorded_at": now,
                              "prev_hash": prev, "hash": audit.entry_hash(prev, seq, kind, ref, text, now)}])

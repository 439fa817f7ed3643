"""The year's cycle after self-assessment, in the store: survey results, appraisal rounds, the
workbooks imported into them, locks and the totals recorded at each lock.

Functions on a connection (the caller holds the transaction: `connect.reading` / `writing`);
plain data in and out. Everything written is hashed and chained like a submission:

- a survey import (one file: its name, sha256, time) and its rates, one per unit and item;
  the same file content imported twice for a rule set's year is recorded once; the latest
  import holding a rate for a unit and item is the one that counts;
- an appraisal round (1 or 2) of a rule set's year, created with a random secret that seals
  the workbooks made for it, and locked once («chốt»);
- an import into a round: the team's workbook (`points`: per unit, the submission it was made
  for, the appraiser, and per item the points, reason and request written) or a unit's answers
  (`answers`); the latest import holding a unit is the one that counts for it;
- at a lock, each unit's totals as they stood (`appraisal_results`) and, in the ledger, the
  last survey import and round import the lock covered.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from ..values import fold
from . import audit, schema
from .bulk import insert_rows
from .codec import evidence_back
from .queries import UnitRef
from .record import Submission, _next_id, append

S, RS, U = schema.SubmissionRow, schema.RuleSetRow, schema.Unit
SI, SR = schema.SurveyImport, schema.SurveyRate
AR, AI, AU, AE, AA, ARes = (schema.AppraisalRound, schema.AppraisalImport, schema.AppraisalUnit,
                            schema.AppraisalEntry, schema.AppraisalAnswer, schema.AppraisalResult)


def part_digest(hashes: Any) -> str:
    """The digest of a part's rows: their hashes sorted, so it does not depend on the order a
    database returns them in (each row's hash covers its key)."""
    return audit.digest(sorted(hashes))


def _hashed(table: str, row: dict[str, Any]) -> dict[str, Any]:
    row["row_hash"] = audit.row_hash(table, row)
    return row


# --------------------------------------------------------------------------- the year's units


@dataclass(frozen=True)
class CycleUnit:
    """A unit's current submission for a rule set's year."""

    unit: UnitRef
    submission_id: int
    file_name: str
    received_at: dt.datetime
    ruleset_row: int
    ruleset_hash: str
    ruleset_version: str


def cycles(conn: Connection) -> list[tuple[str, int]]:
    """(rule set code, year) of every year with current submissions, oldest first."""
    rows = conn.execute(select(RS.code, S.year).join(RS, S.ruleset_id == RS.id)
                        .where(S.superseded_by.is_(None)).distinct())
    return sorted((r.code, r.year) for r in rows)


def cycle_units(conn: Connection, code: str, year: int) -> list[CycleUnit]:
    rows = conn.execute(
        select(U.id, U.name, S.id.label("sid"), S.file_name, S.received_at, RS.id.label("rid"), RS.hash, RS.version)
        .join(S, S.unit_id == U.id).join(RS, S.ruleset_id == RS.id)
        .where(RS.code == code, S.year == year, S.superseded_by.is_(None)))
    # in Python: the same order on every database, whatever its collation
    return sorted((CycleUnit(UnitRef(r.id, r.name), r.sid, r.file_name, r.received_at, r.rid, r.hash, r.version)
                   for r in rows), key=lambda u: (fold(u.unit.name), u.unit.name, u.unit.id))


def ruleset_text(conn: Connection, ruleset_row: int) -> tuple[str, str, str]:
    """(content, code, version) of a stored rule set."""
    r = conn.execute(select(RS.content, RS.code, RS.version).where(RS.id == ruleset_row)).one()
    return r.content, r.code, r.version


def submission_evidence(conn: Connection, submission_id: int) -> Any:
    """The Evidence recorded with a submission, as it was scored."""
    header = conn.execute(select(schema.EvidenceRow).where(schema.EvidenceRow.submission_id == submission_id)).one()
    EV = schema.EvidenceValueRow
    values = list(conn.execute(select(EV).where(EV.submission_id == submission_id).order_by(EV.ordinal)))
    return evidence_back(header, values)


# --------------------------------------------------------------------------- survey results


@dataclass(frozen=True)
class RateIn:
    unit_id: int
    item: str
    field: str
    rate: Decimal
    sheet: str | None
    cell: str | None


@dataclass(frozen=True)
class SurveyOutcome:
    import_id: int
    new: bool
    rates: int
    units: int


@dataclass(frozen=True)
class StoredRate:
    rate: Decimal
    field: str
    sheet: str | None
    cell: str | None
    file_name: str
    imported_at: dt.datetime
    import_id: int


@dataclass(frozen=True)
class SurveyImportInfo:
    id: int
    file_name: str
    file_sha256: str
    imported_at: dt.datetime
    rates: int
    units: int


def record_survey(conn: Connection, code: str, year: int, file: Submission, rates: list[RateIn],
                  now: dt.datetime) -> SurveyOutcome:
    done = conn.scalar(select(SI.id).where(SI.ruleset_code == code, SI.year == year, SI.file_sha256 == file.sha256))
    units = len({r.unit_id for r in rates})
    if done is not None:
        return SurveyOutcome(done, False, len(rates), units)
    row = _hashed("survey_imports", {"id": _next_id(conn, SI.id), "ruleset_code": code, "year": year,
                                     "file_name": file.file_name, "file_sha256": file.sha256, "imported_at": now})
    conn.execute(insert(SI), [row])
    rows = [_hashed("survey_rates", {"import_id": row["id"], "unit_id": r.unit_id, "item": r.item, "field": r.field,
                                     "rate": r.rate, "sheet": r.sheet, "cell": r.cell}) for r in rates]
    insert_rows(conn, SR, rows)
    append(conn, "survey_import", row["id"], {
        "ruleset": code, "year": year, "file": file.file_name, "sha256": file.sha256, "row": row["row_hash"],
        "parts": {"survey_rates": [len(rows), part_digest(r["row_hash"] for r in rows)]}}, now)
    return SurveyOutcome(row["id"], True, len(rows), units)


def survey_rates(conn: Connection, code: str, year: int, upto: int | None = None) -> dict[int, dict[str, StoredRate]]:
    """unit → item → the rate that counts (the latest import holding one; imports ≤ `upto`)."""
    query = (select(SR.unit_id, SR.item, SR.field, SR.rate, SR.sheet, SR.cell, SI.id, SI.file_name, SI.imported_at)
             .join(SI, SR.import_id == SI.id).where(SI.ruleset_code == code, SI.year == year).order_by(SI.id))
    if upto is not None:
        query = query.where(SI.id <= upto)
    out: dict[int, dict[str, StoredRate]] = {}
    for r in conn.execute(query):
        out.setdefault(r.unit_id, {})[r.item] = StoredRate(r.rate, r.field, r.sheet, r.cell, r.file_name,
                                                           r.imported_at, r.id)
    return out


def survey_imports(conn: Connection, code: str, year: int) -> list[SurveyImportInfo]:
    counts = {r.import_id: (r.n, r.units) for r in conn.execute(
        select(SR.import_id, func.count().label("n"), func.count(SR.unit_id.distinct()).label("units"))
        .group_by(SR.import_id))}
    return [SurveyImportInfo(r.id, r.file_name, r.file_sha256, r.imported_at, *counts.get(r.id, (0, 0)))
            for r in conn.execute(select(SI).where(SI.ruleset_code == code, SI.year == year).order_by(SI.id))]


def last_survey_import(conn: Connection, code: str, year: int) -> int:
    return conn.scalar(select(func.max(SI.id)).where(SI.ruleset_code == code, SI.year == year)) or 0


# --------------------------------------------------------------------------- rounds


@dataclass(frozen=True)
class RoundRow:
    id: int
    code: str
    year: int
    number: int
    ruleset_hash: str
    created_at: dt.datetime
    secret: str
    locked_at: dt.datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


def _round(r: Any) -> RoundRow:
    return RoundRow(r.id, r.ruleset_code, r.year, r.round, r.ruleset_hash, r.created_at, r.secret, r.locked_at)


def get_round(conn: Connection, code: str, year: int, number: int) -> RoundRow | None:
    r = conn.execute(select(AR).where(AR.ruleset_code == code, AR.year == year, AR.round == number)).first()
    return _round(r) if r is not None else None


def rounds(conn: Connection, code: str, year: int) -> list[RoundRow]:
    return [_round(r) for r in conn.execute(select(AR).where(AR.ruleset_code == code, AR.year == year)
                                            .order_by(AR.round))]


def open_round(conn: Connection, code: str, year: int, number: int, ruleset_hash: str,
               now: dt.datetime) -> tuple[RoundRow, bool]:
    """The round, created (with its secret and a ledger entry) when it does not exist yet."""
    found = get_round(conn, code, year, number)
    if found is not None:
        return found, False
    row = _hashed("appraisal_rounds", {"id": _next_id(conn, AR.id), "ruleset_code": code, "year": year,
                                       "round": number, "ruleset_hash": ruleset_hash, "created_at": now,
                                       "secret": secrets.token_hex(32), "locked_at": None})
    conn.execute(insert(AR), [row])
    append(conn, "appraisal_round", row["id"], {"ruleset": code, "year": year, "round": number,
                                                "ruleset_hash": ruleset_hash, "row": row["row_hash"]}, now)
    return _round(_Obj(row)), True


class _Obj:
    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


# --------------------------------------------------------------------------- imports


@dataclass(frozen=True)
class EntryIn:
    item: str
    points: Decimal | None
    not_applicable: bool
    reason: str | None
    request: str | None
    sheet: str
    cell: str


@dataclass(frozen=True)
class AnswerIn:
    item: str
    answer: str | None
    documents: str | None
    sheet: str
    cell: str


@dataclass(frozen=True)
class UnitSheetIn:
    unit_id: int
    submission_id: int
    sheet: str
    signer: str | None
    entries: list[EntryIn] = field(default_factory=list)
    answers: list[AnswerIn] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    import_id: int
    new: bool


def record_import(conn: Connection, rnd: RoundRow, kind: str, file: Submission, sheets: list[UnitSheetIn],
                  now: dt.datetime) -> ImportOutcome:
    done = conn.scalar(select(AI.id).where(AI.round_id == rnd.id, AI.kind == kind, AI.file_sha256 == file.sha256))
    if done is not None:
        return ImportOutcome(done, False)
    row = _hashed("appraisal_imports", {"id": _next_id(conn, AI.id), "round_id": rnd.id, "kind": kind,
                                        "file_name": file.file_name, "file_sha256": file.sha256, "imported_at": now})
    conn.execute(insert(AI), [row])
    iid = row["id"]
    units = [_hashed("appraisal_units", {"import_id": iid, "unit_id": s.unit_id, "submission_id": s.submission_id,
                                         "sheet": s.sheet, "signer": s.signer}) for s in sheets]
    entries = [_hashed("appraisal_entries", {
        "import_id": iid, "unit_id": s.unit_id, "item": e.item, "points": e.points, "not_applicable": e.not_applicable,
        "reason": e.reason, "request": e.request, "sheet": e.sheet, "cell": e.cell}) for s in sheets for e in s.entries]
    answers = [_hashed("appraisal_answers", {
        "import_id": iid, "unit_id": s.unit_id, "item": a.item, "answer": a.answer, "documents": a.documents,
        "sheet": a.sheet, "cell": a.cell}) for s in sheets for a in s.answers]
    insert_rows(conn, AU, units)
    insert_rows(conn, AE, entries)
    insert_rows(conn, AA, answers)
    append(conn, "appraisal_import", iid, {
        "round": rnd.id, "kind": kind, "file": file.file_name, "sha256": file.sha256, "row": row["row_hash"],
        "parts": import_digests(units, entries, answers)}, now)
    return ImportOutcome(iid, True)


def import_digests(units: list[Any], entries: list[Any], answers: list[Any]) -> dict[str, list[Any]]:
    """Per part of an import: how many rows, and the digest of their hashes (in key order)."""
    def part(rows: list[Any]) -> list[Any]:
        hashes = [r["row_hash"] if isinstance(r, dict) else r.row_hash for r in rows]
        return [len(hashes), part_digest(hashes)]

    return {"appraisal_units": part(units), "appraisal_entries": part(entries), "appraisal_answers": part(answers)}


@dataclass(frozen=True)
class StoredEntry:
    item: str
    points: Decimal | None
    not_applicable: bool
    reason: str | None
    request: str | None
    sheet: str
    cell: str


@dataclass(frozen=True)
class StoredAnswer:
    item: str
    answer: str | None
    documents: str | None
    sheet: str
    cell: str


@dataclass(frozen=True)
class UnitImport:
    """What counts for one unit in a round: its latest import of a kind."""

    import_id: int
    file_name: str
    imported_at: dt.datetime
    submission_id: int
    sheet: str
    signer: str | None
    entries: dict[str, StoredEntry] = field(default_factory=dict)
    answers: dict[str, StoredAnswer] = field(default_factory=dict)


def unit_imports(conn: Connection, round_id: int, kind: str, upto: int | None = None) -> dict[int, UnitImport]:
    """unit → its latest import of `kind` into the round (imports ≤ `upto`)."""
    query = (select(AU.unit_id, AU.submission_id, AU.sheet, AU.signer, AI.id, AI.file_name, AI.imported_at)
             .join(AI, AU.import_id == AI.id).where(AI.round_id == round_id, AI.kind == kind).order_by(AI.id))
    if upto is not None:
        query = query.where(AI.id <= upto)
    latest: dict[int, Any] = {}
    for r in conn.execute(query):
        latest[r.unit_id] = r
    out: dict[int, UnitImport] = {}
    for unit_id, r in latest.items():
        entries: dict[str, StoredEntry] = {}
        answers: dict[str, StoredAnswer] = {}
        if kind == "points":
            for e in conn.execute(select(AE).where(AE.import_id == r.id, AE.unit_id == unit_id)):
                entries[e.item] = StoredEntry(e.item, e.points, e.not_applicable, e.reason, e.request, e.sheet, e.cell)
        else:
            for a in conn.execute(select(AA).where(AA.import_id == r.id, AA.unit_id == unit_id)):
                answers[a.item] = StoredAnswer(a.item, a.answer, a.documents, a.sheet, a.cell)
        out[unit_id] = UnitImport(r.id, r.file_name, r.imported_at, r.submission_id, r.sheet, r.signer, entries,
                                  answers)
    return out


def last_import(conn: Connection, round_id: int) -> int:
    return conn.scalar(select(func.max(AI.id)).where(AI.round_id == round_id)) or 0


# --------------------------------------------------------------------------- locks


@dataclass(frozen=True)
class ResultIn:
    unit_id: int
    submission_id: int
    self_total: Decimal
    total: Decimal
    max_points: Decimal
    index: Decimal
    classification: str
    provisional: bool
    rank: int


@dataclass(frozen=True)
class StoredResult:
    unit_id: int
    submission_id: int
    self_total: Decimal
    total: Decimal
    max_points: Decimal
    index: Decimal
    classification: str
    provisional: bool
    rank: int


def lock_round(conn: Connection, rnd: RoundRow, results: list[ResultIn], now: dt.datetime) -> None:
    """Close the round: its totals per unit recorded, `locked_at` set, the ledger told what the
    lock covered (the last survey import and round import)."""
    rows = [_hashed("appraisal_results", {
        "round_id": rnd.id, "unit_id": r.unit_id, "submission_id": r.submission_id, "self_total": r.self_total,
        "total": r.total, "max_points": r.max_points, "index": r.index, "classification": r.classification,
        "provisional": r.provisional, "rank": r.rank}) for r in sorted(results, key=lambda r: r.unit_id)]
    insert_rows(conn, ARes, rows)
    conn.execute(update(AR).where(AR.id == rnd.id).values(locked_at=now))
    append(conn, "appraisal_lock", rnd.id, {
        "locked_at": audit.canonical(now), "survey_upto": last_survey_import(conn, rnd.code, rnd.year),
        "imports_upto": last_import(conn, rnd.id),
        "parts": {"appraisal_results": [len(rows), part_digest(r["row_hash"] for r in rows)]}}, now)


def round_results(conn: Connection, round_id: int) -> dict[int, StoredResult]:
    return {r.unit_id: StoredResult(r.unit_id, r.submission_id, r.self_total, r.total, r.max_points, r.index,
                                    r.classification, r.provisional, r.rank)
            for r in conn.execute(select(ARes).where(ARes.round_id == round_id))}


def lock_coverage(conn: Connection, round_id: int) -> tuple[int, int] | None:
    """(last survey import, last round import) the round's lock covered, from the ledger."""
    import json

    L = schema.LedgerEntry
    payload = conn.scalar(select(L.payload).where(L.kind == "appraisal_lock", L.ref == round_id))
    if payload is None:
        return None
    data = json.loads(payload)
    return int(data.get("survey_upto") or 0), int(data.get("imports_upto") or 0)


# --------------------------------------------------------------------------- explain and history


@dataclass(frozen=True)
class RoundStep:
    """What a round says about one item of one unit (explain)."""

    round: int
    locked_at: dt.datetime | None
    file_name: str | None            # the import that counts for the unit (None: none yet)
    imported_at: dt.datetime | None
    signer: str | None
    entry: StoredEntry | None
    answer: StoredAnswer | None      # round 2: the unit's answer to round 1's request
    answer_file: str | None


@dataclass(frozen=True)
class ItemCycle:
    survey: StoredRate | None
    rounds: list[RoundStep]


def item_cycle(conn: Connection, unit_id: int, code: str, year: int, item: str) -> ItemCycle:
    rate = survey_rates(conn, code, year).get(unit_id, {}).get(item)
    steps = []
    for rnd in rounds(conn, code, year):
        mine = unit_imports(conn, rnd.id, "points").get(unit_id)
        answers = unit_imports(conn, rnd.id, "answers").get(unit_id) if rnd.number == 2 else None
        steps.append(RoundStep(rnd.number, rnd.locked_at, mine.file_name if mine else None,
                               mine.imported_at if mine else None, mine.signer if mine else None,
                               mine.entries.get(item) if mine else None,
                               answers.answers.get(item) if answers else None,
                               answers.file_name if answers else None))
    return ItemCycle(rate, steps)


@dataclass(frozen=True)
class YearAppraisal:
    """A unit's totals at the last locked round of a rule set's year (history)."""

    year: int
    ruleset: str
    round: int
    locked_at: dt.datetime
    total: Decimal
    max_points: Decimal
    index: Decimal
    classification: str
    rank: int
    units: int


@dataclass(frozen=True)
class ItemAdjustment:
    year: int
    item: str
    title: str
    self_points: Decimal | None
    round1: StoredEntry | None
    round2: StoredEntry | None


def unit_cycle_history(conn: Connection, unit_id: int) -> tuple[list[YearAppraisal], list[ItemAdjustment]]:
    """The unit's totals at each year's last lock, and every item the team adjusted (or asked
    about), oldest year first."""
    appraisals: list[YearAppraisal] = []
    adjustments: list[ItemAdjustment] = []
    years = sorted({(r.ruleset_code, r.year) for r in conn.execute(select(AR.ruleset_code, AR.year))},
                   key=lambda cy: (cy[1], cy[0]))
    IR = schema.ItemResultRow
    for code, year in years:
        rs = rounds(conn, code, year)
        locked = [r for r in rs if r.locked]
        if locked:
            last = locked[-1]
            results = round_results(conn, last.id)
            mine = results.get(unit_id)
            if mine is not None:
                appraisals.append(YearAppraisal(year, code, last.number, last.locked_at, mine.total,  # type: ignore[arg-type]
                                                mine.max_points, mine.index, mine.classification, mine.rank,
                                                len(results)))
        by_round = {r.number: unit_imports(conn, r.id, "points").get(unit_id) for r in rs}
        r1, r2 = by_round.get(1), by_round.get(2)
        items = sorted(set(r1.entries if r1 else {}) | set(r2.entries if r2 else {}), key=_id_key)
        if not items:
            continue
        sub = (r2 or r1).submission_id  # type: ignore[union-attr]
        rows = {r.item: r for r in conn.execute(select(IR.item, IR.title, IR.points, IR.status)
                                                .where(IR.submission_id == sub, IR.item.in_(items)))}
        for item in items:
            row = rows.get(item)
            self_points = None if row is None or row.status == "not_applicable" else row.points
            adjustments.append(ItemAdjustment(year, item, row.title if row else "", self_points,
                                              r1.entries.get(item) if r1 else None,
                                              r2.entries.get(item) if r2 else None))
    return appraisals, adjustments


def _id_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))

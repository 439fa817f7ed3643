"""`verify` for the cycle's tables: survey imports and rates, appraisal rounds and their locks,
the workbooks imported into rounds, and the totals recorded at each lock.

As for submissions: each row's hash is the one the ledger recorded (an edited row is named:
the file, the unit, the item and cell), each part's rows add up to the digest the ledger
recorded (a row added or deleted is found), a row without a ledger entry was added outside
the program, an entry without its row names what was deleted, and a round's `locked_at` is
what the ledger's lock says (a lock lifted or moved in the database is found).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from . import audit, schema
from .cycle import part_digest
from .verify import Problem, VerifyReport

_PARTS = {"appraisal_units": schema.AppraisalUnit, "appraisal_entries": schema.AppraisalEntry,
          "appraisal_answers": schema.AppraisalAnswer}
_EDITED = {"appraisal_units": "verify_appraisal_units_edited", "appraisal_entries": "verify_appraisal_entries_edited",
           "appraisal_answers": "verify_appraisal_answers_edited"}
_ORDER = {"appraisal_units": ("unit_id",), "appraisal_entries": ("unit_id", "item"),
          "appraisal_answers": ("unit_id", "item")}


def _row(row: Any) -> dict[str, Any]:
    return dict(row._mapping)


def check_cycle(conn: Connection, report: VerifyReport, entries: dict[tuple[str, int], dict[str, Any]]) -> None:
    names = {u.id: u.name for u in conn.execute(select(schema.Unit.id, schema.Unit.name))}
    problems = report.problems
    _surveys(conn, report, entries, names, problems)
    rounds = _rounds(conn, report, entries, problems)
    _imports(conn, report, entries, names, rounds, problems)
    _results(conn, entries, names, rounds, problems)


def _seen(kind: str, entries: dict[tuple[str, int], dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {ref: payload for (k, ref), payload in entries.items() if k == kind}


def _check_rows(conn: Connection, table: str, model: Any, where: Any, order: tuple[str, ...], recorded: list[Any] | None,
                edited: Callable[[Any], Problem], problems: list[Problem], part_problem: Callable[[int, int], Problem]
                ) -> None:
    rows = list(conn.execute(select(model).where(where).order_by(*(getattr(model, c) for c in order))))
    for r in rows:
        if audit.row_hash(table, _row(r)) != r.row_hash:
            problems.append(edited(r))
    if recorded is not None:
        count, digest = recorded
        if count != len(rows) or digest != part_digest(r.row_hash for r in rows):
            problems.append(part_problem(count, len(rows)))


# --------------------------------------------------------------------------- survey


def _surveys(conn: Connection, report: VerifyReport, entries: dict[tuple[str, int], dict[str, Any]],
             names: dict[int, str], problems: list[Problem]) -> None:
    recorded = _seen("survey_import", entries)
    SI, SR = schema.SurveyImport, schema.SurveyRate
    seen = set()
    for imp in conn.execute(select(SI).order_by(SI.id)):
        report.survey_imports += 1
        seen.add(imp.id)
        where = {"file": imp.file_name, "ruleset": imp.ruleset_code, "year": imp.year}
        entry = recorded.get(imp.id)
        if entry is None:
            problems.append(Problem("verify_survey_unrecorded", where))
            continue
        if audit.row_hash("survey_imports", _row(imp)) != entry.get("row") or imp.row_hash != entry.get("row"):
            problems.append(Problem("verify_survey_edited", {**where, "recorded": entry.get("file")}))
        _check_rows(
            conn, "survey_rates", SR, SR.import_id == imp.id, ("unit_id", "item"),
            entry.get("parts", {}).get("survey_rates"),
            lambda r, w=where: Problem("verify_survey_rate_edited", {
                **w, "unit": names.get(r.unit_id, "?"), "item": r.item, "rate": r.rate, "sheet": r.sheet,
                "cell": r.cell}),
            problems, lambda was, now, w=where: Problem("verify_survey_rows", {**w, "recorded": was, "now": now}))
    for ref, entry in recorded.items():
        if ref not in seen:
            problems.append(Problem("verify_survey_deleted", {"file": entry.get("file"), "ruleset": entry.get("ruleset"),
                                                              "year": entry.get("year")}))


# --------------------------------------------------------------------------- rounds and locks


def _rounds(conn: Connection, report: VerifyReport, entries: dict[tuple[str, int], dict[str, Any]],
            problems: list[Problem]) -> dict[int, Any]:
    made = _seen("appraisal_round", entries)
    locks = _seen("appraisal_lock", entries)
    AR = schema.AppraisalRound
    out = {}
    for rnd in conn.execute(select(AR).order_by(AR.id)):
        report.rounds += 1
        out[rnd.id] = rnd
        where = {"round": rnd.round, "ruleset": rnd.ruleset_code, "year": rnd.year}
        entry = made.get(rnd.id)
        if entry is None:
            problems.append(Problem("verify_round_unrecorded", where))
        elif audit.row_hash("appraisal_rounds", _row(rnd)) != entry.get("row") or rnd.row_hash != entry.get("row"):
            problems.append(Problem("verify_round_edited", where))
        lock = locks.get(rnd.id)
        stored = audit.canonical(rnd.locked_at) if rnd.locked_at is not None else None
        if (lock or {}).get("locked_at") != stored:
            problems.append(Problem("verify_round_lock_edited" if lock else "verify_round_lock_unrecorded", where))
    for ref, entry in made.items():
        if ref not in out:
            problems.append(Problem("verify_round_deleted", {"round": entry.get("round"), "ruleset": entry.get("ruleset"),
                                                             "year": entry.get("year")}))
    return out


def _imports(conn: Connection, report: VerifyReport, entries: dict[tuple[str, int], dict[str, Any]],
             names: dict[int, str], rounds: dict[int, Any], problems: list[Problem]) -> None:
    recorded = _seen("appraisal_import", entries)
    AI = schema.AppraisalImport
    seen = set()
    for imp in conn.execute(select(AI).order_by(AI.id)):
        report.appraisal_imports += 1
        seen.add(imp.id)
        rnd = rounds.get(imp.round_id)
        where = {"file": imp.file_name, "round": rnd.round if rnd else "?", "year": rnd.year if rnd else "?"}
        entry = recorded.get(imp.id)
        if entry is None:
            problems.append(Problem("verify_import_unrecorded", where))
            continue
        if audit.row_hash("appraisal_imports", _row(imp)) != entry.get("row") or imp.row_hash != entry.get("row"):
            problems.append(Problem("verify_import_edited", {**where, "recorded": entry.get("file")}))
        parts = entry.get("parts", {})
        for part, model in _PARTS.items():
            _check_rows(
                conn, part, model, model.import_id == imp.id, _ORDER[part], parts.get(part),
                lambda r, w=where, p=part: Problem(_EDITED[p], {
                    **w, "unit": names.get(r.unit_id, "?"), "item": getattr(r, "item", ""),
                    "sheet": getattr(r, "sheet", ""), "cell": getattr(r, "cell", "")}),
                problems, lambda was, now, w=where, p=part: Problem("verify_import_rows", {
                    **w, "part": p, "recorded": was, "now": now}))
    for ref, entry in recorded.items():
        if ref not in seen:
            rnd = rounds.get(entry.get("round", -1))
            problems.append(Problem("verify_import_deleted", {"file": entry.get("file"),
                                                              "round": rnd.round if rnd else "?",
                                                              "year": rnd.year if rnd else "?"}))


def _results(conn: Connection, entries: dict[tuple[str, int], dict[str, Any]], names: dict[int, str],
             rounds: dict[int, Any], problems: list[Problem]) -> None:
    ARes = schema.AppraisalResult
    for ref, lock in _seen("appraisal_lock", entries).items():
        rnd = rounds.get(ref)
        where = {"round": rnd.round if rnd else "?", "year": rnd.year if rnd else "?"}
        _check_rows(
            conn, "appraisal_results", ARes, ARes.round_id == ref, ("unit_id",),
            lock.get("parts", {}).get("appraisal_results"),
            lambda r, w=where: Problem("verify_result_at_lock_edited", {
                **w, "unit": names.get(r.unit_id, "?"), "total": r.total, "index": r.index,
                "classification": r.classification, "rank": r.rank}),
            problems, lambda was, now, w=where: Problem("verify_results_at_lock_rows", {
                **w, "recorded": was, "now": now}))

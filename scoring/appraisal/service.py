"""The cycle's steps, as the commands take them: each reads the store, checks that the step is
in turn (a locked round takes no more imports; round 2 follows a locked round 1), writes the
file or records the import in one transaction, and returns what the shell reports.

Writes re-check the round inside their own transaction, so a lock taken meanwhile by another
program is respected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..fileio import atomic_write_bytes
from ..messages import render
from ..store import cycle as db
from ..store.connect import writing
from ..store.record import Submission
from ..store.store import database_errors
from ..values import fold
from ..workbook.generate import Office
from . import answers_book, round_book, survey, survey_book
from .cycle import Cycle, choose
from .errors import AppraisalError
from .final import UnitFinal

if TYPE_CHECKING:
    from ..store import Store


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _open_round(store: Store, cycle: Cycle, number: int) -> db.RoundRow:
    with database_errors(store.location), writing(store.engine) as conn:
        rnd, _created = db.open_round(conn, cycle.code, cycle.year, number, cycle.loaded.hash, _now())
    return rnd


def _refuse_locked(rnd: db.RoundRow | None, number: int, year: int) -> None:
    if rnd is not None and rnd.locked:
        assert rnd.locked_at is not None
        raise AppraisalError("appraisal_round_locked", round=number, year=year,
                             locked=rnd.locked_at.astimezone().strftime("%d/%m/%Y %H:%M"))


def select_units(cycle: Cycle, queries: list[str] | None) -> list[int]:
    """The units named (by name, without diacritics, or part of it); all when none are named."""
    if not queries:
        return [u.unit.id for u in cycle.units]
    out: list[int] = []
    for query in queries:
        key = fold(query)
        exact = [u for u in cycle.units if fold(u.unit.name) == key]
        found = exact or [u for u in cycle.units if key and key in fold(u.unit.name)]
        if len(found) != 1:
            names = "; ".join(f"«{u.unit.name}»" for u in (found or cycle.units)[:12])
            raise AppraisalError("cycle_unit_ambiguous" if found else "cycle_unit_unknown", query=query,
                                 year=cycle.year, names=names)
        if found[0].unit.id not in out:
            out.append(found[0].unit.id)
    return out


# --------------------------------------------------------------------------- survey


@dataclass(frozen=True)
class Heading:
    """Who the forms name: the superior body (--agency), the place of the date line (--place),
    and the office that issues the form (--office)."""

    agency: str | None = None
    place: str | None = None
    office: str | None = None

    def resolve(self, cycle: Cycle, default_office: str) -> tuple[Office, str]:
        office = Office.resolve(cycle.loaded, agency=self.agency, place=self.place)
        return office, (self.office or "").strip() or default_office


def survey_new(store: Store, code: str | None, year: int | None, out: Path, heading: Heading) -> Cycle:
    cycle = Cycle.load(store, *choose(store, code, year))
    office, issuer = heading.resolve(cycle, render("cycle_office_default"))
    atomic_write_bytes(out, survey_book.build(cycle.loaded, cycle.year, cycle.units, office, issuer))
    return cycle


@dataclass(frozen=True)
class SurveyImported:
    cycle: Cycle
    outcome: db.SurveyOutcome
    read: survey.SurveyRead


def survey_import(store: Store, path: Path, code: str | None, year: int | None) -> SurveyImported:
    if path.suffix.lower() == ".csv":
        cycle = Cycle.load(store, *choose(store, code, year))
        read = survey.read_csv(path, cycle.loaded, cycle.units)
    else:
        from . import book

        meta = book.read_meta(book.read_book(path), survey_book.TEMPLATE)
        made_code, made_year = meta.get("ruleset_id"), int(meta["year"]) if meta.get("year", "").isdigit() else None
        if (code and code != made_code) or (year and year != made_year):
            raise AppraisalError("survey_book_not_asked", path=str(path), made=made_code or "?",
                                 made_year=made_year or "?", ruleset=code or made_code or "?",
                                 year=year or made_year or "?")
        cycle = Cycle.load(store, *choose(store, made_code, made_year))
        read = survey_book.read(path, cycle.loaded, cycle.year, cycle.units)
    _refuse_locked(cycle.round(2), 2, cycle.year)
    rates = [db.RateIn(r.unit.unit.id, r.item, r.field, r.rate, r.sheet, r.cell) for r in read.rates]
    with database_errors(store.location), writing(store.engine) as conn:
        final = db.get_round(conn, cycle.code, cycle.year, 2)
        if final is not None and final.locked:
            _refuse_locked(final, 2, cycle.year)
        outcome = db.record_survey(conn, cycle.code, cycle.year, Submission.of_file(path), rates, _now())
    return SurveyImported(Cycle.load(store, cycle.code, cycle.year), outcome, read)


# --------------------------------------------------------------------------- rounds


def round_new(store: Store, code: str | None, year: int | None, number: int, units: list[str] | None, out: Path,
              heading: Heading) -> tuple[Cycle, db.RoundRow, list[int]]:
    cycle = Cycle.load(store, *choose(store, code, year))
    _refuse_locked(cycle.round(number), number, cycle.year)
    if number == 2 and not cycle.locked(1):
        raise AppraisalError("appraisal_round1_not_locked", year=cycle.year)
    chosen = select_units(cycle, units)
    office, issuer = heading.resolve(cycle, render("cycle_team_default"))
    rnd = _open_round(store, cycle, number)
    atomic_write_bytes(out, round_book.build(cycle, rnd, chosen, office, issuer))
    return cycle, rnd, chosen


@dataclass(frozen=True)
class RoundImported:
    cycle: Cycle                  # as it is after the import
    round: db.RoundRow
    read: round_book.RoundRead
    new: bool

    def finals(self) -> list[tuple[round_book.SheetRead, UnitFinal]]:
        return [(s, self.cycle.final(s.unit_id, through=self.round.number)) for s in self.read.sheets]


def round_import(store: Store, path: Path) -> RoundImported:
    b, meta = round_book.read_meta(path)
    number = int(meta["round"])
    cycle = Cycle.load(store, meta["ruleset_id"], int(meta["year"]))
    rnd = round_book.check_seal(path, meta, cycle.round(number))
    _refuse_locked(rnd, number, cycle.year)
    read = round_book.read(b, meta, cycle, rnd)
    sheets = [db.UnitSheetIn(s.unit_id, s.submission_id, s.sheet, s.signer, entries=s.entries) for s in read.sheets]
    with database_errors(store.location), writing(store.engine) as conn:
        _refuse_locked(db.get_round(conn, cycle.code, cycle.year, number), number, cycle.year)
        outcome = db.record_import(conn, rnd, "points", Submission.of_file(path), sheets, _now())
    return RoundImported(Cycle.load(store, cycle.code, cycle.year), rnd, read, outcome.new)


# --------------------------------------------------------------------------- explanations


@dataclass(frozen=True)
class AnswersMade:
    cycle: Cycle
    written: list[tuple[str, Path, int]]   # unit, file, items asked
    skipped: list[str]                     # units asked nothing


def answers_new(store: Store, code: str | None, year: int | None, units: list[str] | None, out: Path,
                heading: Heading) -> AnswersMade:
    cycle = Cycle.load(store, *choose(store, code, year))
    if not cycle.locked(1):
        raise AppraisalError("appraisal_requests_need_lock", year=cycle.year)
    _refuse_locked(cycle.round(2), 2, cycle.year)
    chosen = select_units(cycle, units)
    todo = [(uid, answers_book.asked(cycle.final(uid, through=1))) for uid in chosen]
    single = out.suffix.lower() == ".xlsx"
    asked_units = [(uid, rows) for uid, rows in todo if rows]
    if single and len(asked_units) != 1:
        raise AppraisalError("answers_out_needs_folder", path=str(out), count=len(asked_units))
    if not single and not out.is_dir():
        raise AppraisalError("answers_out_not_folder", path=str(out))
    office, _issuer = heading.resolve(cycle, "")
    rnd = _open_round(store, cycle, 2)
    written = []
    for uid, rows in asked_units:
        cu = cycle.unit(uid)
        target = out if single else out / answers_book.file_name(cu.unit.name, cycle.year)
        atomic_write_bytes(target, answers_book.build(cycle, rnd, uid, office, office.agency))
        written.append((cu.unit.name, target, len(rows)))
    skipped = [cycle.unit(uid).unit.name for uid, rows in todo if not rows]
    return AnswersMade(cycle, written, skipped)


@dataclass(frozen=True)
class AnswersImported:
    cycle: Cycle
    read: answers_book.AnswersRead
    new: bool


def answers_import(store: Store, path: Path, unit: str | None) -> AnswersImported:
    b, meta = answers_book.read_meta(path)
    cycle = Cycle.load(store, meta["ruleset_id"], int(meta["year"]))
    rnd = answers_book.check_round(path, meta, cycle.round(2))
    _refuse_locked(rnd, 2, cycle.year)
    read = answers_book.read(b, meta, cycle)
    if unit is not None:
        wanted = select_units(cycle, [unit])[0]
        if wanted != read.unit_id:
            raise AppraisalError("answers_wrong_unit", path=str(path), unit=read.unit, wanted=cycle.unit(wanted).unit.name)
    sheet = db.UnitSheetIn(read.unit_id, read.submission_id, answers_book.SHEET, None, answers=read.answers)
    with database_errors(store.location), writing(store.engine) as conn:
        _refuse_locked(db.get_round(conn, cycle.code, cycle.year, 2), 2, cycle.year)
        outcome = db.record_import(conn, rnd, "answers", Submission.of_file(path), [sheet], _now())
    return AnswersImported(Cycle.load(store, cycle.code, cycle.year), read, outcome.new)


# --------------------------------------------------------------------------- lock


@dataclass(frozen=True)
class Locked:
    cycle: Cycle
    round: int
    ranked: list[tuple[int, UnitFinal]]


def lock(store: Store, code: str | None, year: int | None, number: int, force: bool) -> Locked:
    cycle = Cycle.load(store, *choose(store, code, year))
    rnd = cycle.round(number)
    _refuse_locked(rnd, number, cycle.year)
    if number == 1:
        if rnd is None:
            raise AppraisalError("appraisal_round_missing", round=1, year=cycle.year)
        missing = [u.unit.name for u in cycle.units if u.unit.id not in cycle.points.get(1, {})]
        if missing and not force:
            raise AppraisalError("appraisal_lock_missing_units", round=1, count=len(missing),
                                 names="; ".join(f"«{n}»" for n in missing[:12]))
    elif not cycle.locked(1):
        raise AppraisalError("appraisal_round1_not_locked", year=cycle.year)
    ranked = cycle.finals(through=number)
    results = [db.ResultIn(f.unit_id, f.submission_id, f.result.total, f.score.totals.total,
                           f.score.totals.max_points, f.score.totals.index, f.score.classification,
                           f.score.totals.provisional, r) for r, f in ranked]
    with database_errors(store.location), writing(store.engine) as conn:
        current = db.get_round(conn, cycle.code, cycle.year, number)
        _refuse_locked(current, number, cycle.year)
        if current is None:
            current, _ = db.open_round(conn, cycle.code, cycle.year, number, cycle.loaded.hash, _now())
        db.lock_round(conn, current, results, _now())
    return Locked(Cycle.load(store, cycle.code, cycle.year), number, ranked)

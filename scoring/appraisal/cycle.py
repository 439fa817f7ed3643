"""A rule set's year in the store: its units (each one's current submission), the rule set they
were scored with, the survey rates, the rounds and what was imported into them.

Read in one transaction (a consistent snapshot); each unit is evaluated on demand with its
survey results merged into its evidence (`survey.with_survey`), through the engine's public
face, and kept.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..engine import evaluate
from ..models.result import Result
from ..ruleset import LoadedRuleSet, ruleset_from_text
from ..store import cycle as db
from ..store.connect import reading
from ..store.store import database_errors
from .errors import AppraisalError
from .final import UnitFinal, rank, unit_final
from .survey import with_survey

if TYPE_CHECKING:
    from ..store import Store


#: Evaluations kept for the process: a submission (immutable) scored with the same survey imports
#: gives the same Result; each step of a command reads the cycle again.
_RESULTS: dict[tuple[str, str, int, tuple[tuple[str, int], ...]], Result] = {}


@functools.lru_cache(maxsize=8)
def stored_ruleset(content: str, source: str) -> LoadedRuleSet:
    return ruleset_from_text(content, source)


def choose(store: Store, code: str | None, year: int | None) -> tuple[str, int]:
    """The rule set's year meant: the one given, else the only one (or the latest year) with
    submissions in the store."""
    with database_errors(store.location), reading(store.engine) as conn:
        known = db.cycles(conn)
    if not known:
        raise AppraisalError("cycle_store_empty", store=store.location.shown)
    matching = [(c, y) for c, y in known if (code is None or c == code) and (year is None or y == year)]
    if not matching:
        listed = "; ".join(f"{c} năm {y}" for c, y in known)
        raise AppraisalError("cycle_not_in_store", ruleset=code or "—", year=year or "—", known=listed)
    codes = sorted({c for c, _ in matching})
    if len(codes) > 1:
        raise AppraisalError("cycle_several_rulesets", codes=", ".join(codes), year=matching[-1][1])
    latest = max(y for _, y in matching)
    return codes[0], latest


@dataclass
class Cycle:
    """Everything the store holds for a rule set's year (see the module's note)."""

    store: Store
    code: str
    year: int
    loaded: LoadedRuleSet
    units: list[db.CycleUnit]
    evidence: dict[int, object]
    rates: dict[int, dict[str, db.StoredRate]]
    rounds: dict[int, db.RoundRow]
    points: dict[int, dict[int, db.UnitImport]]          # round → unit → what counts
    answers: dict[int, db.UnitImport]                    # unit → its answers (round 2)
    results_at_lock: dict[int, dict[int, db.StoredResult]]
    _results: dict[int, Result] = field(default_factory=dict)

    # ------------------------------------------------------------------ reading

    @classmethod
    def load(cls, store: Store, code: str, year: int) -> Cycle:
        with database_errors(store.location), reading(store.engine) as conn:
            units = db.cycle_units(conn, code, year)
            if not units:
                raise AppraisalError("cycle_no_units", ruleset=code, year=year, store=store.location.shown)
            hashes: dict[str, list[str]] = {}
            for u in units:
                hashes.setdefault(f"{u.ruleset_version} ({u.ruleset_hash[:19]}…)", []).append(u.unit.name)
            if len(hashes) > 1:
                listed = "; ".join(f"{v}: {', '.join(names)}" for v, names in hashes.items())
                raise AppraisalError("cycle_mixed_rulesets", ruleset=code, year=year, versions=listed)
            content, rs_code, version = db.ruleset_text(conn, units[0].ruleset_row)
            loaded = stored_ruleset(content, f"{rs_code} v{version} (kho)")
            evidence = {u.unit.id: db.submission_evidence(conn, u.submission_id) for u in units}
            rates = db.survey_rates(conn, code, year)
            rounds = {r.number: r for r in db.rounds(conn, code, year)}
            points = {n: db.unit_imports(conn, r.id, "points") for n, r in rounds.items()}
            answers = db.unit_imports(conn, rounds[2].id, "answers") if 2 in rounds else {}
            at_lock = {n: db.round_results(conn, r.id) for n, r in rounds.items() if r.locked}
        return cls(store, code, year, loaded, units, evidence, rates, rounds, points, answers, at_lock)

    def unit(self, unit_id: int) -> db.CycleUnit:
        return next(u for u in self.units if u.unit.id == unit_id)

    def result(self, unit_id: int) -> Result:
        """The unit's self-assessment scored with the office's survey results."""
        found = self._results.get(unit_id)
        if found is None:
            rates = self.rates.get(unit_id, {})
            key = (self.store.location.url, self.loaded.hash, self.unit(unit_id).submission_id,
                   tuple(sorted((item, r.import_id) for item, r in rates.items())))
            found = _RESULTS.get(key)
            if found is None:
                ev = with_survey(self.evidence[unit_id], self.loaded, rates)  # type: ignore[arg-type]
                found = evaluate(self.loaded, ev)
                if len(_RESULTS) > 2048:
                    _RESULTS.clear()
                _RESULTS[key] = found
            self._results[unit_id] = found
        return found

    def round(self, number: int) -> db.RoundRow | None:
        return self.rounds.get(number)

    def locked(self, number: int) -> bool:
        r = self.rounds.get(number)
        return r is not None and r.locked

    # ------------------------------------------------------------------ final points

    def final(self, unit_id: int, through: int = 2) -> UnitFinal:
        """The unit's points after rounds 1..`through` (what has been imported so far)."""
        r1 = self.points.get(1, {}).get(unit_id) if through >= 1 else None
        r2 = self.points.get(2, {}).get(unit_id) if through >= 2 else None
        answers = self.answers.get(unit_id) if through >= 2 else None
        cu = self.unit(unit_id)
        return unit_final(self.loaded, unit_id, cu.submission_id, self.result(unit_id), r1, r2, answers)

    def finals(self, through: int = 2) -> list[tuple[int, UnitFinal]]:
        """Every unit's final points, ranked by index (equal indices share a rank: 1, 2, 2, 4)."""
        finals = [self.final(u.unit.id, through) for u in self.units]
        ranks = rank([f.score.totals.index for f in finals])
        return sorted(zip(ranks, finals, strict=True), key=lambda rf: (rf[0], rf[1].unit_name))

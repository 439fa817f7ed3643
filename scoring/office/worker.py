"""Score one returned file, in a worker process: read it, evaluate it, and send back only what
the consolidated report needs (totals, fields, the gap register's rows with their texts
already rendered), so the parent process does no per-finding work and little unpickling.

The full Result goes back too when the caller keeps results (a store records every
submission); otherwise it stays in the worker.

A file that cannot be read or scored becomes a `Failed` with the Vietnamese reason, never an
exception: one bad file does not stop a consolidation. An unexpected error (a bug) is caught
here as well, named by its type, so the run goes on.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import ScoringError
from ..models.evidence import Evidence
from ..models.result import Finding, Result
from ..ruleset import LoadedRuleSet
from .discover import WORKBOOK_SUFFIXES

ZERO = Decimal(0)


@dataclass(frozen=True)
class Gap:
    """One finding, as a row of the gap register."""

    item: str | None
    item_title: str
    component: str | None
    field: str | None
    field_label: str
    sheet: str | None
    cell: str | None
    key: str | None
    kind: str
    severity: str
    text: str
    points_lost: Decimal | None
    #: Points the item keeps only with evidence documents (a «Thiếu TLKC» finding), else None.
    points_pending_documents: Decimal | None
    recovery: str | None


@dataclass(frozen=True)
class FieldScore:
    id: str
    title: str
    points: Decimal
    max_points: Decimal
    applicable_max: Decimal
    index: Decimal | None


@dataclass(frozen=True)
class Scored:
    """A file that was scored: who, under which rule set and year, and its results."""

    file: str
    sha256: str
    mtime: float
    generated_at: str | None
    unit: str
    year: int
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    self_points: Decimal
    self_max: Decimal
    survey_points: Decimal
    survey_max: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    max_points: Decimal
    index: Decimal
    classification: str
    provisional: bool
    fields: tuple[FieldScore, ...]
    gaps: tuple[Gap, ...]
    lost_to_data: Decimal
    errors: int
    warnings: int
    infos: int
    result: Result | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Failed:
    """A file that is not scored or not ranked, and why (Vietnamese, naming the file)."""

    file: str
    code: str
    reason: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class Unresolved:
    """Evidence that names no rule set: scored once the consolidation's rule set is known."""

    file: str
    sha256: str
    mtime: float
    evidence: Evidence


Outcome = Scored | Failed | Unresolved


# --------------------------------------------------------------------------- the worker's state

_STATE: dict[str, Any] = {"rules": None, "keep": False}


def init_worker(rules_path: str | None, keep: bool) -> None:
    """Pool initializer: load the rule set given on the command line once per process. Ctrl+C
    is the parent's to handle (it stops the pool): a worker ignores it rather than print a
    traceback of its own."""
    import signal

    from ..ruleset import load_ruleset

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE["rules"] = load_ruleset(rules_path) if rules_path else None
    _STATE["keep"] = keep


def score_many(paths: list[str]) -> list[Outcome]:
    """A pool task: a few files (fewer round trips than one task per file)."""
    return [score_path(Path(p), _STATE["rules"], keep=_STATE["keep"]) for p in paths]


def score_path(path: Path, given: LoadedRuleSet | None, *, keep: bool = False) -> Outcome:
    """One file's outcome; never raises (but for KeyboardInterrupt and the like)."""
    try:
        return _score(path, given, keep)
    except ScoringError as exc:
        return failed(path, exc)
    except MemoryError:
        return Failed(str(path), "consolidate_unexpected", _render("consolidate_unexpected", path=str(path),
                                                                    error="MemoryError"))
    except Exception as exc:  # noqa: BLE001 - a bug in one file's scoring must not stop the run
        return Failed(str(path), "consolidate_unexpected",
                      _render("consolidate_unexpected", path=str(path), error=type(exc).__name__))


def failed(path: Path | str, exc: ScoringError) -> Failed:
    sheet = exc.params.get("sheet")
    cell = exc.params.get("cell")
    return Failed(str(path), exc.code, str(exc), str(sheet) if sheet else None, str(cell) if cell else None)


def _render(code: str, **params: Any) -> str:
    from ..messages import render

    return render(code, **params)


def _score(path: Path, given: LoadedRuleSet | None, keep: bool) -> Outcome:
    stat = path.stat()
    if stat.st_size == 0:
        raise ScoringError("consolidate_empty_file", path=str(path))
    generated_at = None
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from ..workbook.read import read_workbook_bytes

        data, read = read_workbook_bytes(path, ruleset=given)
        evidence, loaded, generated_at = read.evidence, read.ruleset, read.meta.generated_at
    else:
        from ..evidence_io import load_evidence

        evidence = load_evidence(path)
        data = path.read_bytes()
        if given is not None:
            if evidence.ruleset and evidence.ruleset != given.id:
                raise ScoringError("consolidate_other_ruleset", path=str(path), unit=evidence.unit,
                                   found=evidence.ruleset, found_version=evidence.ruleset_version or "?",
                                   used=given.id, used_version=given.ruleset.version)
            loaded = given
        elif evidence.ruleset:
            from ..ruleset import find_ruleset

            loaded = find_ruleset(evidence.ruleset, version=evidence.ruleset_version)
        else:
            return Unresolved(str(path), _sha256(data), stat.st_mtime, evidence)
    return summarize(str(path), _sha256(data), stat.st_mtime, generated_at, loaded, evidence, keep=keep)


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def summarize(file: str, sha256: str, mtime: float, generated_at: str | None, loaded: LoadedRuleSet,
              evidence: Evidence, *, keep: bool = False) -> Scored:
    """Evaluate `evidence` and keep what the consolidated report needs. A unit's own survey
    rates are not scored (the office's come from `survey import`), whatever the file's format."""
    from ..engine import evaluate
    from ..evidence_io import without_survey_values

    result = evaluate(loaded, without_survey_values(evidence, loaded.ruleset))
    gaps = tuple(_gap(f, loaded) for f in result.findings)
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    return Scored(
        file=file, sha256=sha256, mtime=mtime, generated_at=generated_at, unit=" ".join(result.unit.split()),
        year=result.year, ruleset_id=result.ruleset.id, ruleset_version=result.ruleset.version,
        ruleset_hash=result.ruleset.hash, self_points=result.self_points, self_max=result.self_max,
        survey_points=result.survey_points, survey_max=result.survey_max, bonus=result.bonus, penalty=result.penalty,
        total=result.total, max_points=result.max_points, index=result.index, classification=result.classification,
        provisional=result.provisional,
        fields=tuple(FieldScore(c.id, c.title, c.points, c.max_points, c.applicable_max, c.index)
                     for c in result.components),
        gaps=gaps, lost_to_data=lost_to_data(result.findings), errors=counts["error"], warnings=counts["warning"],
        infos=counts["info"], result=result if keep else None,
    )


# --------------------------------------------------------------------------- points lost to missing data

def pending_documents(f: Finding) -> Decimal | None:
    """The points an item keeps only with evidence documents: a «Thiếu TLKC» finding that is not
    explained carries them as its `points` parameter (the item is scored, but the appraisal
    does not recognise points without documents); an explained one carries none."""
    if f.kind == "missing_documents" and f.code == "missing_documents":
        value = f.params.get("points")
        return Decimal(value) if value is not None else None
    return None


def lost_to_data(findings: list[Finding]) -> Decimal:
    """Points a unit loses only for want of data or documents, and can recover by completing its
    file: the `points_lost` of its «Thiếu dữ liệu» findings (a blank required input: the item's
    maximum, or what the blank costs), plus the points of its «Thiếu TLKC» findings that it
    keeps only with documents (`pending_documents`). Points lost to a wrong value, a
    contradiction, a missed target or deadline are not counted: completing the file does not
    bring them back."""
    total = ZERO
    for f in findings:
        if f.kind == "missing_data" and f.points_lost:
            total += f.points_lost
        else:
            total += pending_documents(f) or ZERO
    return total


# --------------------------------------------------------------------------- gap rows

_ITEMS: dict[str, dict[str, Any]] = {}


def _items_of(loaded: LoadedRuleSet) -> dict[str, Any]:
    found = _ITEMS.get(loaded.hash)
    if found is None:
        from ..models.ruleset import Criterion

        found = {}
        rs = loaded.ruleset
        for comp in rs.components:
            for crit in comp.criteria:
                members = crit.items if isinstance(crit, Criterion) else [crit]
                for item in members:
                    found[item.id] = (item, comp.id)
        for item in rs.adjustments:
            found[item.id] = (item, None)
        _ITEMS[loaded.hash] = found
    return found


def _gap(f: Finding, loaded: LoadedRuleSet) -> Gap:
    from ..messages import finding_text, recovery_text

    item, component = _items_of(loaded).get(f.item or "", (None, None))
    label = ""
    if f.field:
        declared = item.field(f.field) if item is not None else None
        label = declared.label if declared is not None else str(f.params.get("label") or f.field)
    return Gap(
        item=f.item, item_title=item.title if item is not None else "", component=component, field=f.field,
        field_label=label, sheet=f.cell.sheet if f.cell else None, cell=f.cell.cell if f.cell else None, key=f.key,
        kind=f.kind, severity=f.severity, text=finding_text(f), points_lost=f.points_lost,
        points_pending_documents=pending_documents(f), recovery=recovery_text(f),
    )


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1

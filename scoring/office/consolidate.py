"""Consolidate the files units returned: score them all, choose the rule set and year, set
aside what does not belong, rank the units.

Scoring runs in a process pool (`jobs` processes, default every core; each worker loads the
rule set once, and results stream back as files finish). With `jobs=1` everything runs in
this process.

Decisions, in order:

1. **Rule set**: `rules` if given (a workbook made for another one is refused by the reader,
   evidence naming another one is set aside); else the rule set (id and version) most files
   were made for, ties going to the later year, then the higher version. Evidence that names
   no rule set is scored with the chosen one.
2. **Year**: `year` if given, else the year most of the chosen rule set's files are for (ties:
   the rule set's own year, else the later one). A file of another rule set or year is listed
   with its reason, not ranked.
3. **Duplicates**: two files for the same unit (name compared without case and extra spaces)
   and year: the newer one counts, by the workbook's own metadata (`generated_at`, when both
   have it and they differ), then by the file's modification time, then by path; the other is
   listed with the reason.
4. **Ranks**: by index, highest first; equal indices share a rank and the next rank skips
   (1, 2, 2, 4), as offices rank. Units of equal rank are listed by name.

Store hook: `sink`, when given, is called with a `Submission` for every file scored
(whichever rule set and year, duplicates included), in this process, as results arrive;
`scoring consolidate --db` passes the store's recorder here (`cli/consolidate_cmd.py`).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScoringError
from ..models.evidence import Evidence
from ..models.result import Result
from ..ruleset import LoadedRuleSet
from .worker import (
    Failed,
    Outcome,
    Scored,
    Unresolved,
    cpu_count,
    init_worker,
    score_many,
    score_path,
    summarize,
)


@dataclass(frozen=True)
class Submission:
    """What the store records of one scored file."""

    file: Path
    sha256: str
    evidence: Evidence
    result: Result
    ruleset: LoadedRuleSet
    #: the file's modification time (seconds since the epoch): when the office received it
    mtime: float = 0.0


Sink = Callable[[Submission], None]
Progress = Callable[[int, int], None]


#: A file that is not in the ranking, and why: one that failed (the worker's record), or one set
#: aside here (another rule set or year, an older duplicate).
NotScored = Failed


@dataclass(frozen=True)
class Ranked:
    rank: int
    unit: Scored


@dataclass
class Consolidation:
    ruleset: LoadedRuleSet | None
    year: int | None
    ruleset_choice: str      # message code: how the rule set was chosen
    year_choice: str
    ranked: list[Ranked]
    not_scored: list[NotScored]
    files: int
    scored: int
    started: dt.datetime
    finished: dt.datetime
    engine: str
    inputs: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- running

def consolidate(files: list[Path], *, rules: LoadedRuleSet | None = None, year: int | None = None,
                jobs: int | None = None, progress: Progress | None = None, sink: Sink | None = None,
                inputs: list[str] | None = None) -> Consolidation:
    """Score `files` and consolidate them (see the module docstring)."""
    from ..engine import ENGINE

    started = dt.datetime.now().astimezone().replace(microsecond=0)
    scored: list[Scored] = []
    failed: list[Failed] = []
    unresolved: list[Unresolved] = []
    rulesets: dict[tuple[str, str], LoadedRuleSet] = {}
    if rules is not None:
        rulesets[(rules.id, rules.ruleset.version)] = rules

    def take(outcome: Outcome) -> None:
        if isinstance(outcome, Scored):
            scored.append(outcome)
            if sink is not None and outcome.result is not None:
                _record(sink, outcome, rulesets)
        elif isinstance(outcome, Unresolved):
            unresolved.append(outcome)
        else:
            failed.append(outcome)

    for outcome in run(files, rules=rules, jobs=jobs, keep=sink is not None, progress=progress):
        take(outcome)

    loaded, ruleset_choice = _choose_ruleset(scored, rules, unresolved, rulesets)
    for u in unresolved:  # evidence without a rule set: scored with the chosen one, here
        try:
            take(summarize(u.file, u.sha256, u.mtime, None, loaded, u.evidence, keep=sink is not None))
        except ScoringError as exc:
            from .worker import failed as failed_of

            failed.append(failed_of(u.file, exc))

    the_year, year_choice = _choose_year(scored, loaded, year)
    candidates, aside = _partition(scored, loaded, the_year)
    kept, duplicates = _dedupe(candidates)
    not_scored = sorted(failed + aside + duplicates,
                        key=lambda n: n.file)
    return Consolidation(
        ruleset=loaded, year=the_year, ruleset_choice=ruleset_choice, year_choice=year_choice,
        ranked=rank(kept), not_scored=not_scored, files=len(files), scored=len(scored), started=started,
        finished=dt.datetime.now().astimezone().replace(microsecond=0), engine=ENGINE, inputs=list(inputs or []),
    )


def run(files: list[Path], *, rules: LoadedRuleSet | None = None, jobs: int | None = None, keep: bool = False,
        progress: Progress | None = None) -> Iterator[Outcome]:
    """Each file's outcome, as files finish (in no particular order)."""
    total = len(files)
    jobs = max(1, min(jobs or cpu_count(), total or 1))
    done = 0
    if jobs == 1:
        if progress:
            progress(0, total)
        for path in files:
            yield score_path(path, rules, keep=keep)
            done += 1
            if progress:
                progress(done, total)
        return
    chunks = _chunks([str(p) for p in files], jobs)
    if rules is None:
        _warm_rulesets()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context(), initializer=init_worker,
                             initargs=(rules.path if rules is not None else None, keep)) as pool:
        pending: set = set()
        queue = iter(chunks)
        # a bounded number of tasks in flight: results stream back, memory stays flat
        for chunk in _take(queue, jobs * 4):
            pending.add(pool.submit(score_many, chunk))
        # the workers are forked by the first submit: only now may a progress bar start its thread
        if progress:
            progress(0, total)
        try:
            yield from _drain(pool, pending, queue, done, total, progress)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _drain(pool: ProcessPoolExecutor, pending: set, queue: Iterator[list[str]], done: int, total: int,
           progress: Progress | None) -> Iterator[Outcome]:
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            outcomes = future.result()
            yield from outcomes
            done += len(outcomes)
            if progress:
                progress(done, total)
            for chunk in _take(queue, 1):
                pending.add(pool.submit(score_many, chunk))


def _fork_context():  # type: ignore[no-untyped-def]
    """Workers as copies of this process where the system can (POSIX): no re-import, rule sets
    already loaded; elsewhere the platform's default (spawn)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _warm_rulesets() -> None:
    """Load the rule sets of the rules folder here, once: the workers start as copies of this
    process (fork) and find them loaded, instead of each parsing them again."""
    import contextlib

    from ..ruleset import available_rulesets

    with contextlib.suppress(ScoringError, OSError):
        available_rulesets()


def _chunks(paths: list[str], jobs: int) -> list[list[str]]:
    """Tasks of a few files: fewer round trips, yet enough tasks to keep every worker busy."""
    size = max(1, min(8, len(paths) // (jobs * 8)))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _take(queue: Iterator[list[str]], n: int) -> list[list[str]]:
    out = []
    for chunk in queue:
        out.append(chunk)
        if len(out) >= n:
            break
    return out


def _record(sink: Sink, s: Scored, rulesets: dict[tuple[str, str], LoadedRuleSet]) -> None:
    assert s.result is not None
    key = (s.ruleset_id, s.ruleset_version)
    loaded = rulesets.get(key)
    if loaded is None:
        from ..ruleset import find_ruleset

        loaded = rulesets[key] = find_ruleset(s.ruleset_id, version=s.ruleset_version)
    sink(Submission(Path(s.file), s.sha256, s.result.evidence, s.result, loaded, s.mtime))


# --------------------------------------------------------------------------- decisions

def _choose_ruleset(scored: list[Scored], given: LoadedRuleSet | None, unresolved: list[Unresolved],
                    rulesets: dict[tuple[str, str], LoadedRuleSet]) -> tuple[LoadedRuleSet | None, str]:
    from ..ruleset import find_ruleset

    if given is not None:
        return given, "consolidate_chosen_given"
    if scored:
        counts = Counter((s.ruleset_id, s.ruleset_version) for s in scored)
        years = {(s.ruleset_id, s.ruleset_version): s.year for s in scored}

        def order(key: tuple[str, str]) -> tuple:
            return counts[key], years[key], _version(key[1]), key[0]

        key = max(counts, key=order)
        loaded = rulesets.get(key) or find_ruleset(key[0], version=key[1])
        rulesets[key] = loaded
        return loaded, "consolidate_chosen_majority"
    if unresolved:
        return find_ruleset(None), "consolidate_chosen_default"
    return None, "consolidate_chosen_default"


def _version(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


def _choose_year(scored: list[Scored], loaded: LoadedRuleSet | None, given: int | None) -> tuple[int | None, str]:
    if given is not None:
        return given, "consolidate_year_given"
    if loaded is None:
        return None, "consolidate_year_majority"
    counts = Counter(s.year for s in scored if (s.ruleset_id, s.ruleset_version) == _key(loaded))
    if not counts:
        return loaded.ruleset.year, "consolidate_year_majority"
    best = max(counts.values())
    tied = [y for y, n in counts.items() if n == best]
    return (loaded.ruleset.year if loaded.ruleset.year in tied else max(tied)), "consolidate_year_majority"


def _key(loaded: LoadedRuleSet) -> tuple[str, str]:
    return loaded.id, loaded.ruleset.version


def _partition(scored: list[Scored], loaded: LoadedRuleSet | None,
               year: int | None) -> tuple[list[Scored], list[NotScored]]:
    from ..messages import render

    keep: list[Scored] = []
    aside: list[NotScored] = []
    for s in scored:
        if loaded is None or (s.ruleset_id, s.ruleset_version) != _key(loaded):
            used = loaded.ruleset if loaded is not None else None
            aside.append(NotScored(s.file, "consolidate_other_ruleset", render(
                "consolidate_other_ruleset", path=s.file, unit=s.unit, found=s.ruleset_id,
                found_version=s.ruleset_version, used=used.id if used else "?", used_version=used.version if used else "?")))
        elif s.year != year:
            aside.append(NotScored(s.file, "consolidate_other_year", render(
                "consolidate_other_year", path=s.file, unit=s.unit, found=s.year, used=year)))
        else:
            keep.append(s)
    return keep, aside


def unit_key(name: str) -> str:
    """Two spellings of one unit's name compare equal: Unicode-normalised, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _dedupe(candidates: list[Scored]) -> tuple[list[Scored], list[NotScored]]:
    from ..messages import render

    groups: dict[tuple[str, int], list[Scored]] = {}
    for s in candidates:
        groups.setdefault((unit_key(s.unit), s.year), []).append(s)
    kept: list[Scored] = []
    dropped: list[NotScored] = []
    for group in groups.values():
        newest = functools.reduce(_newer, group)
        kept.append(newest)
        for other in group:
            if other is newest:
                continue
            why = _why_newer(newest, other)
            dropped.append(NotScored(other.file, "consolidate_duplicate", render(
                "consolidate_duplicate", path=other.file, unit=other.unit, year=other.year, kept=newest.file, why=why)))
    return kept, dropped


def _newer(a: Scored, b: Scored) -> Scored:
    """The newer of two files of one unit: the workbooks' own times when both have one and they
    differ, else the files' modification times, else the later path (a fixed choice)."""
    if a.generated_at and b.generated_at and a.generated_at != b.generated_at:
        return a if a.generated_at > b.generated_at else b
    if a.mtime != b.mtime:
        return a if a.mtime > b.mtime else b
    return a if a.file > b.file else b


def _why_newer(kept: Scored, other: Scored) -> str:
    from ..messages import render

    if kept.generated_at and other.generated_at and kept.generated_at != other.generated_at:
        return render("consolidate_newer_generated", kept_time=_time(kept.generated_at),
                      time=_time(other.generated_at))
    if kept.mtime != other.mtime:
        return render("consolidate_newer_mtime", kept_time=_time(kept.mtime), time=_time(other.mtime))
    return render("consolidate_same_time")


def _time(value: str | float) -> str:
    when = (dt.datetime.fromtimestamp(value) if isinstance(value, float)
            else dt.datetime.fromisoformat(value))
    return when.strftime("%d/%m/%Y %H:%M:%S")


def rank(units: list[Scored]) -> list[Ranked]:
    """Competition ranking on the index: 1, 2, 2, 4."""
    ordered = sorted(units, key=lambda s: (-s.index, unit_key(s.unit), s.file))
    out: list[Ranked] = []
    for n, s in enumerate(ordered, start=1):
        r = out[-1].rank if out and out[-1].unit.index == s.index else n
        out.append(Ranked(r, s))
    return out

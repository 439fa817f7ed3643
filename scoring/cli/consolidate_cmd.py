"""`scoring consolidate`: one command over the workbooks and evidence files units returned.

Exit status: 0 the consolidated report was written with at least one unit ranked (files not
scored are listed in it and counted on the terminal); 1 nothing to rank (no file found, or
none could be scored for the rule set and year: the report is still written when there were
files, listing why each was not scored) or an error the user can fix (a rule set, a refused
output); 2 a wrong command line (an --out extension that does not fit --format).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from ..errors import ScoringError
from .paths import CommandLineError, prepare_output, require_rules_file
from .store_cmd import DbOption, MigrateOption
from .terminal import say

Format = Literal["xlsx", "csv", "json"]
#: --format → the extension of --out, and the default output's name.
SUFFIX = {"xlsx": ".xlsx", "csv": ".zip", "json": ".json"}
DEFAULT_OUT = "tong-hop-cchc"
#: Files not scored listed on the terminal (all are in the report).
SHOWN = 10


def consolidate(
    paths: Annotated[list[Path], typer.Argument(
        metavar="ĐƯỜNG_DẪN", help="Thư mục (tìm cả thư mục con) hoặc tệp: sổ chấm điểm .xlsx, số liệu .json/.yaml.")],
    rules: Annotated[str | None, typer.Option(
        "--rules", "-r", metavar="mã hoặc tệp",
        help="Bộ chỉ số: mã (vd. par-so-2024) hoặc đường dẫn .yaml (mặc định: bộ của nhiều tệp nhất).")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", metavar="năm", help="Năm đánh giá (mặc định: năm của nhiều tệp nhất).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="tệp",
        help="Tệp tổng hợp: .xlsx (sổ tổng hợp), .zip (các bảng CSV) hoặc .json "
             f"(mặc định: {DEFAULT_OUT}.xlsx trong thư mục hiện tại).")] = None,
    format: Annotated[Format | None, typer.Option(
        "--format", "-f", show_default="xlsx", help="xlsx (sổ Excel), csv (các bảng CSV trong một tệp .zip) hoặc json.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="số", help="Số tiến trình chấm song song (mặc định: mọi lõi CPU).")] = None,
    office: Annotated[str | None, typer.Option(
        "--office", help="Cơ quan tổng hợp, in ở góc trái các biểu (vd. «Sở Nội vụ»).")] = None,
    agency: Annotated[str | None, typer.Option(
        "--agency", help="Cơ quan chủ quản, in trên tên cơ quan tổng hợp (vd. «UBND thành phố Hải Phòng»).")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="Địa danh ở dòng ngày tháng (mặc định: tỉnh, thành phố trong tên cơ quan chủ quản).")] = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Tổng hợp, xếp hạng các đơn vị từ sổ và số liệu đã nộp."""
    require_rules_file(rules)
    fmt, target = _target(out, format)
    from ..fileio import atomic_write_bytes
    from ..office.consolidate import consolidate as run
    from ..office.discover import discover
    from ..ruleset import find_ruleset
    from ..workbook import form

    loaded = find_ruleset(rules) if rules else None
    files = discover(paths)
    files = _without_output(files, target)
    if not files:
        raise ScoringError("consolidate_no_inputs", paths=", ".join(str(p) for p in paths))
    prepare_output(target, inputs=files)
    location = None
    if db is not None:
        from .store_cmd import store_location

        location = store_location(db)

    recorder = _Recorder(location, migrate)
    with recorder as sink, _progress() as progress:
        result = run(files, rules=loaded, year=year, jobs=jobs, progress=progress, sink=sink,
                     inputs=[str(p) for p in paths])
    from ..office.tables import report

    rep = report(result, appraisal=_appraisal(location, migrate, result) if location is not None else None)
    body = form.superior_body(agency, None)
    atomic_write_bytes(target, _render(rep, fmt, office=office or "", agency=body,
                                       place=(place or "").strip() or form.place_of(body)))
    _summary(result)
    if location is not None:
        say(_t("consolidate_recorded", count=recorder.count, new=recorder.new, store=location.shown))
    say(_t("consolidate_written", path=str(target)))
    if not result.ranked:
        say(_t("consolidate_nothing_ranked"), err=True)
        raise typer.Exit(1)


def _appraisal(location, migrate: bool, result):  # type: ignore[no-untyped-def]
    """`--db`: the store's survey results and appraisal rounds for the consolidated rule set and
    year, as report data (None when the store has neither); a cycle the store cannot form (units
    scored with two versions of the rule set) is said, and the report goes without it."""
    if result.ruleset is None or result.year is None or not result.ranked:
        return None
    from ..appraisal.cycle import Cycle
    from ..appraisal.report import appraisal_report
    from ..store import cycle as db
    from ..store.connect import reading
    from .store_cmd import _open

    with _open(location, create=False, migrate=migrate) as store:
        with reading(store.engine) as conn:
            code, year = result.ruleset.id, result.year
            if not db.rounds(conn, code, year) and not db.survey_imports(conn, code, year):
                return None
        try:
            return appraisal_report(Cycle.load(store, code, year))
        except ScoringError as exc:
            say(_t("consolidate_no_appraisal", reason=str(exc)), err=True)
            return None


class _Recorder:
    """`--db`: the store's recorder as the consolidation's sink (every file scored, in one
    transaction each, as results arrive); no store, no sink."""

    def __init__(self, location, migrate: bool) -> None:  # type: ignore[no-untyped-def]
        self.location, self.migrate, self.store = location, migrate, None
        self.count = self.new = 0

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.location is None:
            return None
        import datetime as dt

        from ..store import Submission
        from .store_cmd import _open

        self.store = _open(self.location, create=True, migrate=self.migrate)

        def record(s) -> None:  # type: ignore[no-untyped-def]
            received = dt.datetime.fromtimestamp(s.mtime, dt.UTC)
            outcome = self.store.record(Submission(s.file.name, s.sha256, received), s.result, s.ruleset)
            self.count += 1
            self.new += 1 if outcome.new else 0

        return record

    def __exit__(self, *exc: object) -> None:
        if self.store is not None:
            self.store.close()


def _t(code: str, **params: object) -> str:
    from ..messages import render

    return render(code, **params)


def _target(out: Path | None, format: str | None) -> tuple[str, Path]:
    """The output's format and path; an extension that does not fit is a command-line error."""
    by_suffix = {v: k for k, v in SUFFIX.items()}
    if out is None:
        fmt = format or "xlsx"
        return fmt, Path(DEFAULT_OUT + SUFFIX[fmt])
    fmt = format or by_suffix.get(out.suffix.lower())
    if fmt is None or out.suffix.lower() != SUFFIX[fmt]:
        fmt = fmt or "xlsx"
        raise CommandLineError("consolidate_out_suffix", path=str(out), suffix=SUFFIX[fmt], format=fmt)
    return fmt, out


def _without_output(files: list[Path], target: Path) -> list[Path]:
    """The inputs less the output: a consolidated report of an earlier run may be replaced; a
    unit's file never is."""
    from ..office.workbook import is_consolidated

    resolved = target.resolve()
    kept = [f for f in files if f.resolve() != resolved]
    if len(kept) != len(files) and not is_consolidated(target):
        raise ScoringError("consolidate_out_is_input", path=str(target))
    return kept


def _render(rep, fmt: str, *, office: str, agency: str, place: str) -> bytes:  # type: ignore[no-untyped-def]
    if fmt == "csv":
        from ..office.export import csv_zip_bytes

        return csv_zip_bytes(rep)
    if fmt == "json":
        from ..office.export import json_bytes

        return json_bytes(rep)
    from ..office.workbook import workbook_bytes

    return workbook_bytes(rep, office=office, agency=agency, place=place)


class _progress:
    """A progress bar on stderr while files are scored; nothing when stderr is not a terminal.
    The bar (and its refresh thread) starts at the first update, after the workers are forked."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        import sys

        self.bar = None
        if not sys.stderr.isatty():
            return None

        def update(done: int, total: int) -> None:
            if self.bar is None:
                self._start()
            self.bar.update(self.task, completed=done, total=total)

        return update

    def _start(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        from .console import SafeConsole

        self.bar = Progress(TextColumn(_t("consolidate_progress")), BarColumn(), MofNCompleteColumn(),
                            TextColumn(_t("consolidate_files")), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=SafeConsole(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("", total=None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _summary(result) -> None:  # type: ignore[no-untyped-def]
    rs = result.ruleset.ruleset if result.ruleset is not None else None
    say(_t("consolidate_done", scored=result.scored, found=result.files, ranked=len(result.ranked),
           ruleset=rs.id if rs else "?", version=rs.version if rs else "?", year=result.year or "?",
           not_scored=len(result.not_scored)))
    for n in result.not_scored[:SHOWN]:
        say(_t("consolidate_not_scored_line", reason=n.reason), err=True)
    if len(result.not_scored) > SHOWN:
        say(_t("consolidate_not_scored_more", count=len(result.not_scored) - SHOWN, sheet=_t("office_sheet_not_scored")),
            err=True)

"""The store on the command line: `history`, `explain`, `verify`, and `score FILE --db`.

`--db` takes a SQLite file or a PostgreSQL URL; given alone (`scoring score so.xlsx --db`)
it means the default store (`SCORING_DB`, else `cchc.sqlite` in the working folder), as it
does when the store commands are run without it. `--migrate` lets a PostgreSQL store of an
older schema be migrated (a SQLite store is migrated on open, after a backup copy).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .localize import LocalizedCommand
from .paths import CommandLineError
from .terminal import say

if TYPE_CHECKING:
    from ..models.result import Result
    from ..ruleset import LoadedRuleSet
    from ..store import Store, StoreLocation


def _t(code: str, **params: Any) -> str:
    from ..messages import render

    return render(code, **params)


class DbCommand(LocalizedCommand):
    """A command whose `--db` may come without a value: `--db` alone becomes `--db=` (the default store)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        fixed: list[str] = []
        for n, arg in enumerate(args):
            if arg == "--":
                fixed.extend(args[n:])
                break
            if arg == "--db" and (n + 1 == len(args) or args[n + 1].startswith("-")):
                arg = "--db="
            fixed.append(arg)
        return super().parse_args(ctx, fixed)


DbOption = Annotated[str | None, typer.Option(
    "--db", metavar="tệp|URL",
    help="Kho dữ liệu: tệp SQLite hoặc địa chỉ postgresql://…; chỉ ghi --db (không kèm giá trị) là kho mặc định "
         "(biến SCORING_DB, nếu không có thì tệp cchc.sqlite trong thư mục hiện tại).")]
MigrateOption = Annotated[bool, typer.Option(
    "--migrate", help="Cho phép nâng cấp lược đồ của kho PostgreSQL cũ (hãy sao lưu cơ sở dữ liệu trước).")]


def store_location(db: str | None) -> StoreLocation:
    """The store a `--db` value names, checked before any work (a refused path is a command-line error)."""
    from ..store import StoreError, resolve

    try:
        return resolve(db)
    except StoreError as exc:
        raise CommandLineError(exc.code, **exc.params) from None


def _open(location: StoreLocation, *, create: bool, migrate: bool) -> Store:
    from ..store import open_store

    store = open_store(location, create=create, migrate=migrate)
    if store.migration is not None:
        m = store.migration
        say(_t("store_migrated", store=location.shown, old=m.from_revision, new=m.to_revision), err=True)
        if m.backup is not None:
            say(_t("store_backup_made", backup=str(m.backup)), err=True)
    return store


def record_submission(location: StoreLocation, path: Path, result: Result, loaded: LoadedRuleSet, *,
                      migrate: bool, err: bool) -> None:
    """`score FILE --db`: record the scored file in the store and say what it became."""
    from ..store import Submission

    with _open(location, create=True, migrate=migrate) as store:
        outcome = store.record(Submission.of_file(path), result, loaded)
    where = {"store": location.shown, "unit": outcome.unit, "year": outcome.year, "id": outcome.submission_id}
    if not outcome.new:
        say(_t("store_already_recorded", **where), err=err)
    elif outcome.replaced is not None:
        say(_t("store_recorded_replacing", **where, old=outcome.replaced), err=err)
    elif outcome.superseded_by is not None:
        say(_t("store_recorded_older", **where, newer=outcome.superseded_by), err=err)
    else:
        say(_t("store_recorded", **where), err=err)


def history(
    unit: Annotated[str, typer.Argument(metavar="ĐƠN_VỊ", help="Tên đơn vị (không cần dấu, không phân biệt hoa thường; một phần tên cũng được).")],
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Lịch sử các năm của một đơn vị: tổng điểm, chỉ số, xếp loại, điểm từng lĩnh vực, các tiêu chí thay đổi nhiều nhất."""
    from . import store_report
    from .console import console

    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        data = store.history(store.find_unit(unit))
    console().print(store_report.history_report(data))


def explain(
    unit: Annotated[str, typer.Argument(metavar="ĐƠN_VỊ", help="Tên đơn vị (không cần dấu, không phân biệt hoa thường).")],
    item: Annotated[str, typer.Argument(metavar="TIÊU_CHÍ", help="Mã tiêu chí thành phần, ví dụ 1.6 hoặc 3.2.4.")],
    year: Annotated[int | None, typer.Option("--year", "-y", help="Năm đánh giá (mặc định: năm gần nhất có trong kho).")] = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Giải thích điểm một tiêu chí: quy tắc, số liệu (tệp, trang, ô), mức đạt, điểm, phát hiện, thẩm định."""
    from . import store_report
    from .console import console

    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        explanations = store.explain(store.find_unit(unit), item.strip(), year)
    con = console()
    for n, explanation in enumerate(explanations):
        if n:
            con.print()
        con.print(store_report.explain_report(explanation))


def verify(
    db: DbOption = None,
    head: Annotated[str | None, typer.Option("--head", metavar="MÃ_BĂM", help="Mã băm cuối sổ cái đã ghi lại từ lần kiểm tra trước: kiểm tra lịch sử đến đó vẫn nguyên vẹn.")] = None,
    migrate: MigrateOption = False,
) -> None:
    """Kiểm tra kho: chuỗi băm, từng bản ghi, và chấm lại mọi kết quả theo bộ chỉ số đã lưu (mã thoát 1 nếu có chỗ không khớp)."""
    from . import store_report
    from .console import console

    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store, store_report.progress() as tick:
        report = store.verify(progress=tick, head=head.strip() if head else None)
    console().print(store_report.verify_report(report, location.shown))
    if not report.ok:
        raise typer.Exit(1)


def add_store_commands(app: typer.Typer) -> None:
    """Register `history`, `explain` and `verify` on the top-level app."""
    app.command("history", cls=DbCommand)(history)
    app.command("explain", cls=DbCommand)(explain)
    app.command("verify", cls=DbCommand)(verify)

"""`scoring survey …` and `scoring appraisal …`: the year's cycle after self-assessment.

    survey new | import                 the office's survey results (điều tra XHH)
    appraisal new --round N | import    the team's workbook for a round, and its import
    appraisal answers new | import      the units' explanations (biểu giải trình)
    appraisal lock --round N            close a round («chốt»)
    appraisal status                    where the year stands, and the ranking

Every step reads and writes the office's store (`--db`, as for `history`); the library
(`scoring.appraisal`) does the work and raises ScoringErrors, which the top-level handler
prints in Vietnamese.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .paths import prepare_output, require_input
from .store_cmd import DbCommand, DbOption, MigrateOption, _open, store_location
from .terminal import say

if TYPE_CHECKING:
    from ..appraisal.service import Heading

survey_app = typer.Typer(help="Kết quả điều tra xã hội học (XHH): do cơ quan thường trực nhập, không do đơn vị tự chấm.",
                         no_args_is_help=True)
appraisal_app = typer.Typer(help="Thẩm định: vòng 1, giải trình của đơn vị, vòng 2, chốt kết quả và xếp hạng.",
                            no_args_is_help=True)
answers_app = typer.Typer(help="Biểu giải trình: đơn vị trả lời yêu cầu giải trình của tổ thẩm định.",
                          no_args_is_help=True)
appraisal_app.add_typer(answers_app, name="answers")


def _t(code: str, **params: Any) -> str:
    from ..messages import render

    return render(code, **params)


RulesOption = Annotated[str | None, typer.Option(
    "--rules", "-r", metavar="mã", help="Bộ chỉ số (vd. par-so-2024); mặc định: bộ duy nhất có trong kho cho năm đó.")]
YearOption = Annotated[int | None, typer.Option(
    "--year", "-y", help="Năm đánh giá (mặc định: năm gần nhất có bản tự đánh giá trong kho).")]
RoundOption = Annotated[int, typer.Option("--round", min=1, max=2, help="Vòng thẩm định: 1 hoặc 2.")]
UnitsOption = Annotated[list[str] | None, typer.Option(
    "--unit", "-u", help="Chỉ các đơn vị này (ghi nhiều lần; không cần dấu, một phần tên cũng được).")]
AgencyOption = Annotated[str | None, typer.Option(
    "--agency", help="Cơ quan chủ quản in ở góc trái biểu (mặc định: cơ quan ban hành bộ chỉ số nếu là UBND).")]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Địa danh ở dòng ngày tháng.")]
OfficeOption = Annotated[str | None, typer.Option(
    "--office", help="Cơ quan, tổ lập biểu in dưới cơ quan chủ quản (vd. «Sở Nội vụ»).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp --out đã có.")]


def _code(rules: str | None) -> str | None:
    """A rule set's id from --rules (an id, or a rule-set file whose id is taken)."""
    if rules is None:
        return None
    path = Path(rules)
    if path.suffix.lower() in (".yaml", ".yml"):
        from ..ruleset import load_ruleset

        require_input(path)
        return load_ruleset(path).ruleset.id
    return rules.strip()


def _workbook_out(out: Path, force: bool) -> None:
    from ..errors import WorkbookError

    if out.suffix.lower() != ".xlsx":
        raise WorkbookError("workbook_out_suffix", path=str(out))
    if out.exists() and not force:
        raise WorkbookError("workbook_exists", path=str(out))
    prepare_output(out, inputs=[])


def _heading(agency: str | None, place: str | None, office: str | None) -> Heading:
    from ..appraisal.service import Heading

    return Heading(agency, place, office)


def _console():  # type: ignore[no-untyped-def]
    from .console import console

    return console()


# --------------------------------------------------------------------------- survey


@survey_app.command("new", cls=DbCommand)
def survey_new(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="tệp.xlsx", help="Sổ kết quả điều tra XHH sẽ tạo.")],
    rules: RulesOption = None,
    year: YearOption = None,
    agency: AgencyOption = None,
    place: PlaceOption = None,
    office: OfficeOption = None,
    force: ForceOption = False,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Tạo sổ «Kết quả điều tra XHH»: các đơn vị có trong kho × các tiêu chí điều tra XHH, để nhập tỷ lệ %."""
    from ..appraisal import service

    _workbook_out(out, force)
    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        cycle = service.survey_new(store, _code(rules), year, out, _heading(agency, place, office))
    from ..appraisal.survey import survey_items

    say(_t("cli_survey_made", out=str(out), units=len(cycle.units), items=len(survey_items(cycle.loaded)),
           ruleset=cycle.code, year=cycle.year))


@survey_app.command("import", cls=DbCommand)
def survey_import(
    file: Annotated[Path, typer.Argument(metavar="TỆP", help="Sổ «Kết quả điều tra XHH» đã điền (.xlsx) hoặc tệp .csv.")],
    rules: RulesOption = None,
    year: YearOption = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Nhập kết quả điều tra XHH vào kho (cả tệp bị từ chối nếu có ô sai; tệp không bị thay đổi)."""
    from ..appraisal import service
    from . import appraisal_report

    require_input(file)
    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        done = service.survey_import(store, file, _code(rules), year)
    where = {"file": str(file), "store": location.shown, "ruleset": done.cycle.code, "year": done.cycle.year}
    if done.outcome.new:
        say(_t("cli_survey_imported", **where, rates=done.outcome.rates, units=done.outcome.units))
    else:
        say(_t("cli_survey_already", **where, id=done.outcome.import_id))
    _console().print(appraisal_report.survey_table(done.cycle))


# --------------------------------------------------------------------------- appraisal rounds


@appraisal_app.command("new", cls=DbCommand)
def appraisal_new(
    round_: RoundOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="tệp.xlsx", help="Sổ thẩm định sẽ tạo.")],
    year: YearOption = None,
    rules: RulesOption = None,
    unit: UnitsOption = None,
    agency: AgencyOption = None,
    place: PlaceOption = None,
    office: OfficeOption = None,
    force: ForceOption = False,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Tạo sổ thẩm định một vòng: mỗi đơn vị một trang (điểm tự chấm, số liệu, TLKC, phát hiện; cột điểm thẩm định, lý do, yêu cầu giải trình)."""
    from ..appraisal import service

    _workbook_out(out, force)
    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        cycle, rnd, ids = service.round_new(store, _code(rules), year, round_, unit, out,
                                            _heading(agency, place, office))
    say(_t("cli_round_made", out=str(out), round=round_, units=len(ids), ruleset=cycle.code, year=cycle.year))


@appraisal_app.command("import", cls=DbCommand)
def appraisal_import(
    files: Annotated[list[Path], typer.Argument(metavar="TỆP…", help="Sổ thẩm định đã điền (.xlsx), một hoặc nhiều tệp.")],
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Nhập sổ thẩm định vào kho: kiểm tra từng ô (mức điểm, điểm tối đa, lý do), tính lại tổng điểm, chỉ số, xếp loại."""
    from ..appraisal import service
    from ..errors import ScoringError
    from . import appraisal_report

    for file in files:
        require_input(file)
    location = store_location(db)
    failed = 0
    with _open(location, create=False, migrate=migrate) as store:
        for file in files:
            try:
                done = service.round_import(store, file)
            except ScoringError as exc:
                if len(files) == 1:
                    raise
                say(f"Lỗi: {exc}", err=True)
                failed += 1
                continue
            key = "cli_round_imported" if done.new else "cli_round_already"
            say(_t(key, file=str(file), store=location.shown, round=done.round.number, year=done.cycle.year,
                   units=len(done.read.sheets)))
            _console().print(appraisal_report.import_table(done))
    if failed:
        raise typer.Exit(1)


@answers_app.command("new", cls=DbCommand)
def answers_new(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="thư mục|tệp.xlsx", help="Thư mục ghi biểu giải trình (mỗi đơn vị một tệp), hoặc một tệp .xlsx khi chọn một đơn vị.")],
    year: YearOption = None,
    rules: RulesOption = None,
    unit: UnitsOption = None,
    agency: AgencyOption = None,
    place: PlaceOption = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Tạo biểu giải trình gửi từng đơn vị có yêu cầu giải trình hoặc bị điều chỉnh điểm ở vòng 1 (sau khi chốt vòng 1)."""
    from ..appraisal import service

    if out.suffix.lower() == ".xlsx":
        prepare_output(out, inputs=[])
    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        made = service.answers_new(store, _code(rules), year, unit, out, _heading(agency, place, None))
    for name, path, count in made.written:
        say(_t("cli_answers_made", out=str(path), unit=name, count=count))
    if made.skipped:
        say(_t("cli_answers_none", units="; ".join(f"«{n}»" for n in made.skipped)))
    if not made.written:
        say(_t("cli_answers_nothing", year=made.cycle.year))


@answers_app.command("import", cls=DbCommand)
def answers_import(
    files: Annotated[list[Path], typer.Argument(metavar="TỆP…", help="Biểu giải trình đơn vị gửi lại (.xlsx).")],
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Chỉ nhận biểu của đơn vị này (từ chối biểu của đơn vị khác).")] = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Nhập giải trình và tài liệu kiểm chứng bổ sung của đơn vị vào kho (đưa vào sổ thẩm định vòng 2)."""
    from ..appraisal import service
    from ..errors import ScoringError

    for file in files:
        require_input(file)
    location = store_location(db)
    failed = 0
    with _open(location, create=False, migrate=migrate) as store:
        for file in files:
            try:
                done = service.answers_import(store, file, unit)
            except ScoringError as exc:
                if len(files) == 1:
                    raise
                say(f"Lỗi: {exc}", err=True)
                failed += 1
                continue
            key = "cli_answers_imported" if done.new else "cli_answers_already"
            say(_t(key, file=str(file), store=location.shown, unit=done.read.unit, count=len(done.read.answers)))
    if failed:
        raise typer.Exit(1)


@appraisal_app.command("lock", cls=DbCommand)
def appraisal_lock(
    round_: RoundOption,
    year: YearOption = None,
    rules: RulesOption = None,
    force: Annotated[bool, typer.Option("--force", help="Chốt vòng 1 cả khi có đơn vị chưa nhập sổ thẩm định (công nhận nguyên điểm tự chấm của họ).")] = False,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Chốt một vòng: ghi tổng điểm, chỉ số, xếp loại, thứ hạng của từng đơn vị vào kho; sau đó vòng này không nhận thêm sổ nào."""
    from ..appraisal import service
    from . import appraisal_report

    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        done = service.lock(store, _code(rules), year, round_, force)
    say(_t("cli_locked", round=round_, year=done.cycle.year, units=len(done.ranked), store=location.shown))
    _console().print(appraisal_report.ranking_table(done.cycle, done.ranked, round_))


@appraisal_app.command("status", cls=DbCommand)
def appraisal_status(
    year: YearOption = None,
    rules: RulesOption = None,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Tình hình thẩm định của một năm: điều tra XHH, các vòng, điểm từng đơn vị qua các vòng và xếp hạng."""
    from ..appraisal.cycle import Cycle, choose
    from . import appraisal_report

    location = store_location(db)
    with _open(location, create=False, migrate=migrate) as store:
        cycle = Cycle.load(store, *choose(store, _code(rules), year))
        _console().print(appraisal_report.status_report(cycle))


def add_cycle_commands(app: typer.Typer) -> None:
    app.add_typer(survey_app, name="survey")
    app.add_typer(appraisal_app, name="appraisal")

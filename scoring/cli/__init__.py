"""The `scoring` command. Shells only translate: library errors become one Vietnamese
line and exit code 1; gaps in the evidence never change the exit code.

Startup stays light (`scoring --help` imports typer and this package's small modules only):
the engine, the models, openpyxl, rich and jsonschema are imported inside the commands that
use them. Help pages and Click's errors are Vietnamese (`localize`), every command runs
under one handler (`handler`: exit statuses, no traceback), and what reaches the terminal
is cleaned of control sequences (`terminal`, `console`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .. import __version__
from ..errors import ScoringError
from .handler import ScoringApp
from .localize import localize
from .paths import is_workbook, output_kind, prepare_output, require_input, require_rules_file
from .terminal import say

if TYPE_CHECKING:
    from .console import SafeConsole

app = typer.Typer(
    cls=ScoringApp,
    help="Chấm điểm Chỉ số CCHC: bộ chỉ số, chấm điểm theo số liệu, truy vết cho thẩm định.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command
)
rules_app = typer.Typer(help="Kiểm tra và liệt kê bộ chỉ số.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
from .workbook_cmd import workbook_app  # noqa: E402

app.add_typer(workbook_app, name="workbook")
from .addin_cmd import addin_app  # noqa: E402 - xlwings is imported only when a command runs

app.add_typer(addin_app, name="addin")
from .store_cmd import (  # noqa: E402
    DbCommand,
    DbOption,
    MigrateOption,
    add_store_commands,
    record_submission,
    store_location,
)

add_store_commands(app)
from .appraisal_cmd import add_cycle_commands  # noqa: E402

add_cycle_commands(app)

Format = Literal["table", "json"]


def _demo_evidence() -> Path:
    from ..settings import PROJECT_ROOT

    return PROJECT_ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"


def _fail(error: ScoringError) -> None:
    say(f"Lỗi: {error}", err=True)
    raise typer.Exit(1)


def _console() -> SafeConsole:
    from .console import console

    return console()


@app.command(cls=DbCommand)
def score(
    evidence: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp số liệu (.json, .yaml) hoặc sổ chấm điểm đã điền (.xlsx).")],
    rules: Annotated[str | None, typer.Option("--rules", "-r", metavar="mã hoặc tệp", help="Bộ chỉ số: mã (vd. par-so-2024) hoặc đường dẫn .yaml (mặc định: bộ ghi trong số liệu).")] = None,
    format: Annotated[Format | None, typer.Option("--format", "-f", show_default="table", help="In ra màn hình dạng table (bảng) hoặc json.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="tệp", help="Ghi kết quả ra tệp: .json (kết quả kèm truy vết, để chấm lại), .txt (báo cáo), .xlsx (sổ đã chấm, khi đầu vào là sổ .xlsx).")] = None,
    items: Annotated[bool, typer.Option("--items", help="In thêm điểm từng tiêu chí thành phần.")] = False,
    db: DbOption = None,
    migrate: MigrateOption = False,
) -> None:
    """Chấm điểm một đơn vị từ số liệu hoặc sổ chấm điểm."""
    require_input(evidence)
    require_rules_file(rules)
    target = None
    if out is not None:
        prepare_output(out, inputs=[evidence])
        target = output_kind(out, source=evidence, format=format)
    store = None if db is None else store_location(db)
    try:
        if is_workbook(evidence):
            result, loaded = _score_workbook(evidence, rules, format, out, target, items)
        else:
            from ..engine import evaluate
            from ..evidence_io import load_evidence
            from ..ruleset import find_ruleset, ruleset_for_option

            ev = load_evidence(evidence)
            loaded = ruleset_for_option(rules) if rules else find_ruleset(ev.ruleset, version=ev.ruleset_version)
            if store is not None:  # a submission to the office: its survey rates are the office's to enter
                from ..evidence_io import without_survey_values

                ev = without_survey_values(ev, loaded.ruleset)
            result = evaluate(loaded, ev)
            _output(result, format, out, target, items)
        if store is not None:
            record_submission(store, evidence, result, loaded, migrate=migrate, err=format == "json" and out is None)
    except ScoringError as exc:
        _fail(exc)


def _score_workbook(path: Path, rules: str | None, format: str | None, out: Path | None, target: str | None,
                    items: bool):  # type: ignore[no-untyped-def]
    from ..engine import evaluate
    from ..ruleset import ruleset_for_option
    from ..workbook.read import read_workbook

    # the workbook names its rule set; --rules must agree with it (else a WorkbookError says which)
    read = read_workbook(path, ruleset=ruleset_for_option(rules) if rules else None)
    result = evaluate(read.ruleset, read.evidence)
    if out is not None and target == "xlsx":
        from ..workbook.write import write_scored
        from . import report

        write_scored(path, result, out, read=read)
        say(f"Đã ghi sổ đã chấm {out}")
        _console().print(report.result_report(result, items=items))
        return result, read.ruleset
    _output(result, format, out, target, items)
    return result, read.ruleset


def _output(result, format: str | None, out: Path | None, target: str | None, items: bool) -> None:  # type: ignore[no-untyped-def]
    """The result as JSON (with its trace) or as the Vietnamese report, on screen or to a file."""
    from ..fileio import atomic_write_text

    if out is None:
        if format == "json":
            _write_stdout(_json_text(result))
        else:
            from . import report

            _console().print(report.result_report(result, items=items))
        return
    if target == "json":
        atomic_write_text(out, _json_text(result))
    else:
        atomic_write_text(out, _report_text(result, items))
    say(f"Đã ghi {out}")


def _json_text(result) -> str:  # type: ignore[no-untyped-def]
    from .terminal import escape_json

    return escape_json(result.model_dump_json(indent=2)) + "\n"


def _report_text(result, items: bool) -> str:  # type: ignore[no-untyped-def]
    import io

    from . import report
    from .console import SafeConsole

    buffer = io.StringIO()
    SafeConsole(file=buffer, no_color=True, width=120).print(report.result_report(result, items=items))
    return buffer.getvalue()


def _write_stdout(text: str) -> None:
    import sys

    sys.stdout.write(text)
    sys.stdout.flush()


@app.command()
def demo(
    items: Annotated[bool, typer.Option("--items", help="In thêm điểm từng tiêu chí thành phần.")] = False,
) -> None:
    """Chấm ví dụ có sẵn: Sở GDĐT Hải Phòng, số liệu Báo cáo CCHC 9 tháng 2023."""
    from ..engine import evaluate
    from ..evidence_io import load_evidence
    from ..ruleset import find_ruleset
    from ..settings import PROJECT_ROOT
    from . import report
    from .invocation import command_name

    demo_evidence = _demo_evidence()
    try:
        ev = load_evidence(demo_evidence)
        loaded = find_ruleset(ev.ruleset)
        result = evaluate(loaded, ev)
    except ScoringError as exc:
        _fail(exc)
        return
    con = _console()
    con.print(f"Ví dụ: {demo_evidence.relative_to(PROJECT_ROOT)} (mỗi số liệu ghi nguồn: dòng trong báo cáo gốc).\n")
    con.print(report.result_report(result, items=items))
    cmd = command_name()
    con.print(f"\nThử tiếp: {cmd} score workbooks/examples/so-gddt-hai-phong-2023.xlsx --out /tmp/so-da-cham.xlsx\n"
              f"          {cmd} score workbooks/examples/so-gddt-hai-phong-2023.yaml --format json --out /tmp/kq.json"
              f" && {cmd} replay /tmp/kq.json")


@app.command("replay")
def replay_cmd(
    trace: Annotated[Path, typer.Argument(metavar="TỆP_KẾT_QUẢ", help="Tệp kết quả JSON (có truy vết) do «scoring score … --out kq.json» ghi.")],
    rules: Annotated[str | None, typer.Option("--rules", "-r", metavar="mã hoặc tệp", help="Chấm lại theo bộ chỉ số này thay vì bộ ghi trong truy vết.")] = None,
) -> None:
    """Chấm lại từ truy vết và so sánh: «khớp» hoặc liệt kê mọi khác biệt."""
    require_input(trace)
    require_rules_file(rules)
    from ..replay import read_result, replay
    from ..ruleset import ruleset_for_option
    from . import report

    try:
        recorded = read_result(trace)
        loaded = ruleset_for_option(rules) if rules else None
        outcome = replay(recorded, loaded)
    except ScoringError as exc:
        _fail(exc)
        return
    _console().print(report.replay_report(outcome))
    if not outcome.matches:
        raise typer.Exit(1)


@rules_app.command("check")
def rules_check(
    file: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp bộ chỉ số .yaml")],
) -> None:
    """Kiểm tra bộ chỉ số, in cây điểm và chạy các ca kiểm thử đi kèm."""
    require_input(file)
    from ..ruleset import check_file, load_ruleset
    from ..ruleset_tests import run_cases
    from . import report

    result = check_file(file)
    cases = None
    if result.ok:
        try:
            cases = run_cases(load_ruleset(file))
        except ScoringError as exc:
            _fail(exc)
    _console().print(report.check_report(result, cases))
    if not result.ok or (cases and not all(c.passed for c in cases)):
        raise typer.Exit(1)


@rules_app.command("list")
def rules_list() -> None:
    """Liệt kê các bộ chỉ số trong thư mục rules/."""
    from ..ruleset import available_rulesets

    for loaded in available_rulesets():
        rs = loaded.ruleset
        say(f"{rs.id}\tv{rs.version}\tnăm {rs.year}\t{rs.title}\t{loaded.path}")


@app.command()
def schemas(
    check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra schemas/ có khớp với mô hình không.")] = False,
) -> None:
    """Xuất JSON Schema (bộ chỉ số, số liệu, kết quả) từ mô hình pydantic."""
    from .. import schema_export

    if check:
        stale = schema_export.check()
        if stale:
            say("Cần xuất lại: " + ", ".join(stale), err=True)
            raise typer.Exit(1)
        say("schemas/ khớp với mô hình.")
        return
    for path in schema_export.write():
        say(f"Đã ghi {path}")


@app.command()
def version() -> None:
    """In phiên bản."""
    say(f"cchc-scoring {__version__}")


from .consolidate_cmd import consolidate as _consolidate  # noqa: E402 - the office's command

app.command("consolidate", cls=DbCommand)(_consolidate)

# last: every command of every sub-app is registered by now
localize(app)


def main() -> None:
    app()

"""The `scoring` command. Shells only translate: library errors become one Vietnamese
line and exit code 1; gaps in the evidence never change the exit code.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..engine import evaluate
from ..errors import ScoringError
from ..evidence_io import load_evidence
from ..fileio import atomic_write_text, refuse_overwrite
from ..replay import read_result, replay
from ..ruleset import available_rulesets, check_file, find_ruleset, load_ruleset
from ..ruleset_tests import run_cases
from ..settings import PROJECT_ROOT
from . import report

app = typer.Typer(
    help="Chấm điểm Chỉ số CCHC: bộ chỉ số, chấm điểm theo số liệu, truy vết cho thẩm định.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Kiểm tra và liệt kê bộ chỉ số.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
from .workbook_cmd import workbook_app  # noqa: E402

app.add_typer(workbook_app, name="workbook")
from .addin_cmd import addin_app  # noqa: E402 - xlwings is imported only when a command runs

app.add_typer(addin_app, name="addin")

DEMO_EVIDENCE = PROJECT_ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"


def _fail(error: ScoringError) -> None:
    typer.echo(f"Lỗi: {error}", err=True)
    raise typer.Exit(1)


def _emit(renderable, out: Path | None, *, inputs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    if out is None:
        report.console().print(renderable)
        return
    refuse_overwrite(out, inputs)
    buffer = io.StringIO()
    report.Console(file=buffer, no_color=True, width=120, highlight=False).print(renderable)
    atomic_write_text(out, buffer.getvalue())
    typer.echo(f"Đã ghi {out}")


@app.command()
def score(
    evidence: Annotated[Path, typer.Argument(help="Tệp số liệu (.json, .yaml) hoặc sổ chấm điểm đã điền (.xlsx).")],
    rules: Annotated[str | None, typer.Option("--rules", "-r", help="Bộ chỉ số: đường dẫn .yaml hoặc mã (mặc định: theo số liệu).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (bảng) hoặc json.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Ghi kết quả ra tệp (.json, .txt, hoặc .xlsx cho sổ đã chấm).")] = None,
    items: Annotated[bool, typer.Option("--items", help="In thêm điểm từng tiêu chí thành phần.")] = False,
) -> None:
    """Chấm điểm một đơn vị từ số liệu hoặc sổ chấm điểm."""
    if format not in ("table", "json"):
        raise typer.BadParameter("chỉ nhận table hoặc json", param_hint="--format")
    try:
        if evidence.suffix.lower() in (".xlsx", ".xlsm"):
            _score_workbook(evidence, rules, format, out, items)
            return
        ev = load_evidence(evidence)
        loaded = find_ruleset(rules or ev.ruleset, version=None if rules else ev.ruleset_version)
        _output(evaluate(loaded, ev), format, out, items, source=evidence)
    except ScoringError as exc:
        _fail(exc)


def _score_workbook(path: Path, rules: str | None, format: str, out: Path | None, items: bool) -> None:
    from ..workbook.read import read_workbook
    from ..workbook.write import write_scored

    # the workbook names its rule set; --rules must agree with it (else a WorkbookError says which)
    read = read_workbook(path, ruleset=find_ruleset(rules) if rules else None)
    result = evaluate(read.ruleset, read.evidence)
    if out is not None and out.suffix.lower() == ".xlsx":
        refuse_overwrite(out, [path])
        write_scored(path, result, out, read=read)
        typer.echo(f"Đã ghi sổ đã chấm {out}")
        report.console().print(report.result_report(result, items=items))
        return
    _output(result, format, out, items, source=path)


def _output(result, format: str, out: Path | None, items: bool, *, source: Path) -> None:  # type: ignore[no-untyped-def]
    """The result as JSON (with its trace) or as the Vietnamese report, on screen or to a file."""
    if format == "json":
        text = result.model_dump_json(indent=2)
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            refuse_overwrite(out, [source])
            atomic_write_text(out, text + "\n")
            typer.echo(f"Đã ghi {out}")
        return
    _emit(report.result_report(result, items=items), out, inputs=[source])


@app.command()
def demo(
    items: Annotated[bool, typer.Option("--items", help="In thêm điểm từng tiêu chí thành phần.")] = False,
) -> None:
    """Chấm ví dụ có sẵn: Sở GDĐT Hải Phòng, số liệu Báo cáo CCHC 9 tháng 2023."""
    try:
        ev = load_evidence(DEMO_EVIDENCE)
        loaded = find_ruleset(ev.ruleset)
        result = evaluate(loaded, ev)
    except ScoringError as exc:
        _fail(exc)
        return
    con = report.console()
    con.print(f"Ví dụ: {DEMO_EVIDENCE.relative_to(PROJECT_ROOT)} (mỗi số liệu ghi nguồn: dòng trong báo cáo gốc).\n")
    con.print(report.result_report(result, items=items))
    cmd = "scoring" if shutil.which("scoring") else os.path.relpath(sys.argv[0])  # e.g. .venv/bin/scoring
    con.print(f"\nThử tiếp: {cmd} score workbooks/examples/so-gddt-hai-phong-2023.xlsx --out /tmp/so-da-cham.xlsx\n"
              f"          {cmd} score workbooks/examples/so-gddt-hai-phong-2023.yaml --format json --out /tmp/kq.json"
              f" && {cmd} replay /tmp/kq.json")


@app.command("replay")
def replay_cmd(
    trace: Annotated[Path, typer.Argument(help="Tệp kết quả JSON (có truy vết) do «scoring score --format json» ghi.")],
    rules: Annotated[str | None, typer.Option("--rules", "-r", help="Chấm lại theo bộ chỉ số này thay vì bộ ghi trong truy vết.")] = None,
) -> None:
    """Chấm lại từ truy vết và so sánh: «khớp» hoặc liệt kê mọi khác biệt."""
    try:
        recorded = read_result(trace)
        loaded = load_ruleset(rules) if rules and Path(rules).exists() else (find_ruleset(rules) if rules else None)
        outcome = replay(recorded, loaded)
    except ScoringError as exc:
        _fail(exc)
        return
    report.console().print(report.replay_report(outcome))
    if not outcome.matches:
        raise typer.Exit(1)


@rules_app.command("check")
def rules_check(
    file: Annotated[Path, typer.Argument(help="Tệp bộ chỉ số .yaml")],
) -> None:
    """Kiểm tra bộ chỉ số, in cây điểm và chạy các ca kiểm thử đi kèm."""
    result = check_file(file)
    cases = None
    if result.ok:
        try:
            cases = run_cases(load_ruleset(file))
        except ScoringError as exc:
            _fail(exc)
    report.console().print(report.check_report(result, cases))
    if not result.ok or (cases and not all(c.passed for c in cases)):
        raise typer.Exit(1)


@rules_app.command("list")
def rules_list() -> None:
    """Liệt kê các bộ chỉ số trong thư mục rules/."""
    for loaded in available_rulesets():
        rs = loaded.ruleset
        typer.echo(f"{rs.id}\tv{rs.version}\tnăm {rs.year}\t{rs.title}\t{loaded.path}")


@app.command()
def schemas(
    check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra schemas/ có khớp với mô hình không.")] = False,
) -> None:
    """Xuất JSON Schema (bộ chỉ số, số liệu, kết quả) từ mô hình pydantic."""
    from .. import schema_export

    if check:
        stale = schema_export.check()
        if stale:
            typer.echo("Cần xuất lại: " + ", ".join(stale), err=True)
            raise typer.Exit(1)
        typer.echo("schemas/ khớp với mô hình.")
        return
    for path in schema_export.write():
        typer.echo(f"Đã ghi {path}")


@app.command()
def version() -> None:
    """In phiên bản."""
    typer.echo(f"cchc-scoring {__version__}")


def main() -> None:
    app()

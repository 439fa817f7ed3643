"""`scoring workbook ...`: generate the workbook a unit fills."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import vn
from ..errors import ScoringError, WorkbookError
from ..values import ValueProblem, parse_date
from .invocation import command_name

workbook_app = typer.Typer(help="Sổ chấm điểm Excel: tạo sổ để đơn vị điền.", no_args_is_help=True)


@workbook_app.command("new")
def new(
    out: Annotated[Path, typer.Option("--out", "-o", help="Tệp sổ sẽ tạo (.xlsx).")],
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Tên đơn vị tự đánh giá.")] = None,
    rules: Annotated[str | None, typer.Option("--rules", "-r", help="Bộ chỉ số: mã (vd. par-so-2024) hoặc đường dẫn tệp .yaml.")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Năm đánh giá (mặc định: năm của bộ chỉ số).")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Hạn nộp sổ, dạng ngày/tháng/năm (vd. 15/01/2025).")] = None,
    from_: Annotated[Path | None, typer.Option("--from", help="Điền sẵn số liệu từ tệp .yaml/.json.")] = None,
    agency: Annotated[str | None, typer.Option(
        "--agency", help="Cơ quan chủ quản in ở góc trái các biểu (vd. «UBND thành phố Hải Phòng»; "
                         "mặc định: cơ quan ban hành bộ chỉ số nếu là UBND).")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="Địa danh ở dòng ngày tháng (mặc định: tỉnh, thành phố trong tên cơ quan chủ quản).")] = None,
    contact: Annotated[str | None, typer.Option(
        "--contact", help="Nơi nhận sổ, ghi ở trang Hướng dẫn (vd. «Phòng CCHC, Sở Nội vụ, cchc@...»).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp --out đã có.")] = False,
) -> None:
    """Tạo sổ chấm điểm Excel từ bộ chỉ số (trang Hướng dẫn, Tự đánh giá, Tổng hợp, Truy vết)."""
    from ..evidence_io import load_evidence
    from ..fileio import atomic_write_bytes, refuse_overwrite
    from ..ruleset import find_ruleset, ruleset_for_option
    from ..workbook.fill import fill_workbook
    from ..workbook.generate import Office, build_workbook, save_workbook

    try:
        if out.suffix.lower() != ".xlsx":
            raise WorkbookError("workbook_out_suffix", path=str(out))
        if out.exists() and not force:
            raise WorkbookError("workbook_exists", path=str(out))
        evidence = load_evidence(from_) if from_ else None
        if from_:
            refuse_overwrite(out, [from_])
        unit = unit or (evidence.unit if evidence else None)
        if not unit or not unit.strip():
            raise typer.BadParameter("cần tên đơn vị", param_hint="--unit")
        # a path only from this command line; the evidence file names an id
        loaded = ruleset_for_option(rules) if rules else find_ruleset(
            evidence.ruleset if evidence else None, version=evidence.ruleset_version if evidence else None)
        due = _deadline(deadline)
        office = Office.resolve(loaded, agency=agency, place=place, contact=contact)
        wb = build_workbook(loaded, unit.strip(), year=year or (evidence.year if evidence else None), deadline=due,
                            office=office)
        skipped = fill_workbook(wb, loaded, evidence) if evidence else []
        atomic_write_bytes(out, save_workbook(wb))
    except ScoringError as exc:
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(1) from None

    rs = loaded.ruleset
    typer.echo(f"Đã tạo sổ {out}: {len(rs.items())} tiêu chí thành phần, bộ chỉ số {rs.id} phiên bản {rs.version}.")
    if evidence is not None:
        typer.echo(f"Đã điền sẵn số liệu từ {from_}.")
        if skipped:
            typer.echo("Không có ô cho: " + ", ".join(skipped), err=True)
    typer.echo(f"Tiếp theo: mở sổ bằng Excel hoặc LibreOffice, điền các ô nền vàng, rồi chấm:\n"
               f"  {command_name()} score {out} --out {out.with_name(out.stem + '-da-cham.xlsx')}")


def _deadline(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return vn.date(parse_date(text))
    except ValueProblem:
        raise typer.BadParameter(f"«{text}» không phải ngày (ví dụ 15/01/2025)", param_hint="--deadline") from None

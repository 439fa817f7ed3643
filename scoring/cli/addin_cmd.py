"""`scoring addin serve|manifest`: run the Excel add-in's server, write its manifest.

Imported lazily by the main CLI; xlwings and uvicorn are only needed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ScoringError
from ..settings import settings
from .invocation import command_name

addin_app = typer.Typer(help="Add-in Excel «Chỉ số CCHC» (xlwings Server).", no_args_is_help=True)


def _fail(error: ScoringError) -> None:
    typer.echo(f"Lỗi: {error}", err=True)
    raise typer.Exit(1)


@addin_app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Địa chỉ lắng nghe (mặc định SCORING_HOST hoặc 127.0.0.1; 0.0.0.0 để cả phòng dùng, khi đó cần SCORING_ACCESS_KEY).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Cổng (mặc định SCORING_PORT hoặc 8443).")] = None,
    cert: Annotated[Path | None, typer.Option("--cert", help="Chứng chỉ TLS (PEM) của cơ quan; mặc định tự tạo chứng chỉ tự ký.")] = None,
    key: Annotated[Path | None, typer.Option("--key", help="Khóa riêng (PEM) của chứng chỉ --cert.")] = None,
    http: Annotated[bool, typer.Option("--http", help="Chạy http thường (chỉ khi đặt sau proxy https, ví dụ IIS/nginx).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Số tiến trình phục vụ (mỗi tiến trình một bộ máy chấm riêng).")] = 1,
) -> None:
    """Chạy máy chủ add-in (https; chứng chỉ tự ký để nạp thử nếu không có chứng chỉ riêng)."""
    from ..addin.certs import default_hosts, ensure_certificates
    from ..addin.server import ServeOptions, check_exposure, check_port_free, require_license
    from ..addin.server import serve as run_server

    conf = settings()
    host = host or conf.host
    port = port or conf.port
    try:
        license_key = require_license(conf.xlwings_license_key)
        if (cert is None) != (key is None):
            raise ScoringError("addin_cert_files")
        check_exposure(host, conf.access_key)
        check_port_free(host, port)
    except ScoringError as exc:
        _fail(exc)
        return
    if http and conf.access_key is None:
        from ..messages import render

        typer.echo(render("addin_http_no_key"), err=True)
    scheme = "http" if http else "https"
    if not http and cert is None:
        files = ensure_certificates(conf.data_dir / "certs", default_hosts([host]))
        cert, key = files.cert, files.key
        state = "Đã tạo" if files.created else "Dùng"
        typer.echo(f"{state} chứng chỉ tự ký {files.cert}")
        typer.echo(f"Để Excel tin cậy, cài chứng chỉ gốc: {files.ca} (xem README, mục «Add-in Excel»).")
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    typer.echo(f"Ngăn tác vụ: {scheme}://{shown}:{port}/taskpane.html")
    if conf.access_key:
        typer.echo("Có mã truy cập (SCORING_ACCESS_KEY): người dùng nhập mã vào ngăn CCHC một lần, "
                   f"hoặc dùng manifest ghi bằng «{command_name()} addin manifest --include-key».")
    typer.echo(f"Tệp manifest: {scheme}://{shown}:{port}/manifest.xml  (hoặc: {command_name()} addin manifest --url …)")
    typer.echo("Dừng máy chủ: Ctrl+C")
    try:
        run_server(ServeOptions(host=host, port=port, license_key=license_key,
                                cert=None if http else cert, key=None if http else key,
                                workers=workers, proxy_headers=http))
    except SystemExit as exc:  # uvicorn exits 3 when it cannot start (the port taken in the meantime…)
        if exc.code not in (None, 0):
            _fail(ScoringError("addin_not_started", host=host, port=port))
        raise


@addin_app.command()
def manifest(
    url: Annotated[str, typer.Option("--url", help="Địa chỉ máy chủ add-in, ví dụ https://cchc.so-noi-vu.local:8443")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Tệp manifest cần ghi.")] = Path("manifest.xml"),
    include_key: Annotated[bool, typer.Option("--include-key", help="Ghi mã truy cập (SCORING_ACCESS_KEY) vào manifest để người dùng không phải nhập.")] = False,
) -> None:
    """Ghi manifest.xml để nạp thử (sideload) hoặc triển khai tập trung."""
    from ..addin.manifest import render_manifest
    from ..addin.server import check_access_key
    from ..fileio import atomic_write_text
    from ..messages import render

    access_key = settings().access_key if include_key else None
    try:
        if include_key and not access_key:
            raise ScoringError("addin_key_missing_for_manifest")
        check_access_key(access_key)
        text = render_manifest(url, access_key=access_key)
    except ScoringError as exc:
        _fail(exc)
        return
    if url.strip().lower().startswith("http://"):
        typer.echo(render("addin_http_url"), err=True)
    atomic_write_text(out, text)
    typer.echo(f"Đã ghi {out}")
    if access_key:
        typer.echo(render("addin_key_in_manifest"), err=True)


@addin_app.command("keygen")
def key_cmd() -> None:
    """In một mã truy cập mới cho máy chủ add-in (đặt vào biến môi trường SCORING_ACCESS_KEY)."""
    from ..addin.server import new_access_key

    typer.echo(new_access_key())

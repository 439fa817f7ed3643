"""Start xlwings Server on this add-in's project folder (uvicorn), behind our guard (`app`).

xlwings Server reads its configuration when first imported, so the environment is set
here before anything imports `xlwings_server`; this module itself imports neither
xlwings nor xlwings_server at module level.

A server reachable from other machines needs an access key (SCORING_ACCESS_KEY): without
one it refuses to start (`check_exposure`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScoringError
from . import PROJECT_DIR

APP = "scoring.addin.app:app"
#: An access key: long enough not to be guessed, and safe in a header and a URL.
MIN_KEY_LENGTH = 16
_KEY = re.compile(r"[A-Za-z0-9._~-]+")


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    license_key: str
    cert: Path | None = None  # None: plain http (behind a TLS proxy, or tests)
    key: Path | None = None
    workers: int = 1
    log_level: str = "info"
    proxy_headers: bool = False


def server_environment(license_key: str) -> dict[str, str]:
    """The variables xlwings Server needs to find and license this add-in."""
    return {
        "XLWINGS_PROJECT_DIR": str(PROJECT_DIR),
        "XLWINGS_LICENSE_KEY": license_key,
        # must be set before xlwings is imported: selects the server-side @script/@func
        "XLWINGS_ON_SERVER": "true",
    }


def require_license(key: str | None) -> str:
    if not key:
        raise ScoringError("addin_no_license")
    return key


def is_loopback(host: str) -> bool:
    """Only this machine can connect (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def check_access_key(key: str | None) -> None:
    if key is not None and (len(key) < MIN_KEY_LENGTH or not _KEY.fullmatch(key)):
        raise ScoringError("addin_key_weak", min=MIN_KEY_LENGTH)


def check_exposure(host: str, key: str | None) -> None:
    """Refuse to listen beyond this machine without an access key (and any weak key)."""
    check_access_key(key)
    if key is None and not is_loopback(host):
        raise ScoringError("addin_needs_key", host=host, min=MIN_KEY_LENGTH)


def check_port_free(host: str, port: int) -> None:
    """Refuse early, in Vietnamese, what uvicorn would refuse in English after the address was
    printed: a port another program holds, a privileged port, an address not of this machine."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            code = {errno.EADDRINUSE: "addin_port_busy", errno.EACCES: "addin_port_denied",
                    errno.EADDRNOTAVAIL: "addin_host_unavailable"}.get(exc.errno or 0, "addin_cannot_listen")
            raise ScoringError(code, host=host, port=port, detail=exc) from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise ScoringError("addin_host_unavailable", host=host, port=port) from exc


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


def serve(options: ServeOptions) -> None:
    """Run until interrupted. Several workers are separate processes, each with its own engine."""
    os.environ.update(server_environment(options.license_key))
    import uvicorn

    uvicorn.run(
        APP,
        http="scoring.addin.protocols:VietnameseProtocol",  # the parser's own 400 in Vietnamese too
        host=options.host,
        port=options.port,
        ssl_certfile=str(options.cert) if options.cert else None,
        ssl_keyfile=str(options.key) if options.key else None,
        workers=options.workers,
        log_level=options.log_level,
        proxy_headers=options.proxy_headers,
        forwarded_allow_ips="*" if options.proxy_headers else None,
        server_header=False,
    )

"""Start xlwings Server on this add-in's project folder (uvicorn).

xlwings Server reads its configuration when first imported, so the environment is set
here before anything imports `xlwings_server`; this module itself imports neither
xlwings nor xlwings_server at module level.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScoringError
from . import PROJECT_DIR

APP = "xlwings_server.main:main_app"


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


def serve(options: ServeOptions) -> None:
    """Run until interrupted. Several workers are separate processes, each with its own engine."""
    os.environ.update(server_environment(options.license_key))
    import uvicorn

    uvicorn.run(
        APP,
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

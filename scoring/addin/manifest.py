"""Render the Office add-in manifest (templates/manifest.xml) for a server address.

The same template answers GET /manifest.xml on the running server; this renders it
offline, for central deployment (Microsoft 365 admin centre) or a sideloading share.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

from ..errors import ScoringError
from . import PROJECT_DIR


def check_url(url: str) -> str:
    """The base URL without a trailing slash; Office loads add-ins over https only."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ScoringError("addin_bad_url", url=url)
    if parts.query or parts.fragment:
        raise ScoringError("addin_bad_url", url=url)
    return url.strip().rstrip("/")


def render_manifest(url: str, *, access_key: str | None = None) -> str:
    """manifest.xml text for an add-in served at `url` (e.g. https://cchc.so-noi-vu.vn:8443).

    With `access_key`, the task pane's address carries it (`?key=…`): the pane keeps it
    and sends it with every request, so users type nothing. Such a manifest is as secret
    as the key; the server's own /manifest.xml never has it.
    """
    base_url = check_url(url)
    os.environ.setdefault("XLWINGS_PROJECT_DIR", str(PROJECT_DIR))
    from xlwings_server.config import PROJECT_DIR as SERVER_PROJECT_DIR
    from xlwings_server.config import settings
    from xlwings_server.templates import env

    if SERVER_PROJECT_DIR.resolve() != PROJECT_DIR:
        raise ScoringError("addin_wrong_project", path=str(SERVER_PROJECT_DIR))
    manifest_id = getattr(settings, f"manifest_id_{settings.environment}")
    return env.get_template("manifest.xml").render(
        settings=settings,
        base_url=base_url,
        base_url_with_app_path=f"{base_url}{settings.app_path}",
        manifest_id=manifest_id,
        taskpane_query=("?" + urlencode({"key": access_key})) if access_key else "",
    )

"""The add-in's ASGI application: xlwings Server's app behind a guard fit for a department's network.

`scoring addin serve` runs `scoring.addin.app:app`. Importing this module imports
xlwings Server (its settings come from the environment `server.serve` sets), then:

- every error is a Vietnamese text with a 4xx status, never a 500 nor FastAPI's or
  xlwings' English: their 400/404/405/422 answers and any unexpected exception (logged
  with a reference the user can quote) are replaced;
- a request body is capped (SCORING_MAX_REQUEST_MB): a declared length over the cap is
  refused before anything is read, a streamed body as soon as it passes the cap;
- the scoring routes (custom scripts and functions) take only well-formed requests:
  a known script or function, a JSON object of the shape Excel's Office.js client sends,
  cell values that are plain scalars, numbers of reasonable length;
- with SCORING_ACCESS_KEY set, those routes need the key in the Authorization header
  (the task pane and the formulas send it; see README «Mã truy cập»);
- the task pane gets a Content-Security-Policy (scripts, styles, connections: this
  server only); Strict-Transport-Security is sent only over https;
- the access log never shows the key (a pane URL may carry it once).
The scripts and functions themselves run in a thread pool (`custom_scripts`,
`custom_functions`), never on the event loop.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

from ..messages import render
from ..settings import settings
from .gate import Guard, log_text, logger, server_error_text

# --------------------------------------------------------------------------- FastAPI's own errors

_STATUS_CODES = {400: "addin_bad_request", 401: "addin_key_required", 403: "addin_forbidden",
                 404: "addin_not_found", 405: "addin_method_not_allowed", 413: "addin_request_too_large_plain"}


def install_error_handlers(app: Any) -> None:
    """Vietnamese text instead of FastAPI's and xlwings' answers (which are English)."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import PlainTextResponse
    from starlette.exceptions import HTTPException
    from xlwings import XlwingsError

    async def http_error(request: Any, exc: HTTPException) -> PlainTextResponse:
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        code = _STATUS_CODES.get(status, "addin_bad_request")
        return PlainTextResponse(render(code), status_code=status)

    async def validation_error(request: Any, exc: Exception) -> PlainTextResponse:
        return PlainTextResponse(render("addin_bad_request"), status_code=400)

    async def xlwings_error(request: Any, exc: XlwingsError) -> PlainTextResponse:
        # our scripts raise XlwingsError with Vietnamese text (guard.user_errors); xlwings'
        # own (argument checks, version mismatch) are English: those become a generic text
        text = str(exc)
        if not _looks_vietnamese(text):
            logger.info("xlwings refused a request: %s", log_text(text))
            text = render("addin_bad_request")
        return PlainTextResponse(text, status_code=400)

    async def unexpected(request: Any, exc: Exception) -> PlainTextResponse:
        ref, text = server_error_text()
        logger.error("unexpected error [ref %s] on %s", ref, log_text(request.url.path), exc_info=exc)
        return PlainTextResponse(text, status_code=400)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(XlwingsError, xlwings_error)
    app.add_exception_handler(Exception, unexpected)


_VIETNAMESE = re.compile("[ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]", re.I)


def _looks_vietnamese(text: str) -> bool:
    return _VIETNAMESE.search(text) is not None


# --------------------------------------------------------------------------- the access log

class _RedactKey(logging.Filter):
    """uvicorn's access log line carries the path with its query: never show a key."""

    _pattern = re.compile(r"([?&](?:key|access_key)=)[^&\s\"]*", re.I)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._pattern.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        return True


def _registered(module_name: str, marker: str) -> set[str]:
    module = sys.modules.get(module_name)
    return {name for name, obj in vars(module).items() if hasattr(obj, marker)} if module else set()


def build_app() -> Any:
    from xlwings_server.config import settings as server_settings
    from xlwings_server.main import app as fastapi_app
    from xlwings_server.main import main_app

    install_error_handlers(fastapi_app)
    logging.getLogger("uvicorn.access").addFilter(_RedactKey())
    conf = settings()
    # xlwings Server imported the project's packages under these names
    scripts = _registered("custom_scripts", "__xlscript__")
    functions = _registered("custom_functions", "__xlfunc__")
    return Guard(main_app, scripts=scripts, functions=functions, access_key=conf.access_key,
                 max_body=int(conf.max_request_mb * 1024 * 1024), app_path=server_settings.app_path or "")


app = build_app()

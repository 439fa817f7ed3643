"""The guard in front of xlwings Server (pure ASGI, no xlwings import): request size cap,
access key, the shape of scoring requests, response headers. See `app` for the whole picture.
"""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..messages import render

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

logger = logging.getLogger("scoring.addin")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
SCRIPTS_PREFIX = "/xlwings/custom-scripts-call/"
FUNCTIONS_PATH = "/xlwings/custom-functions-call"
#: Numbers in a request longer than this are not cell values Excel sends.
MAX_NUMBER_CHARS = 40


# --------------------------------------------------------------------------- answers

def _text_response(status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> tuple[Message, Message]:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")] + (extra or [])
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


async def _answer(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    start, body = _text_response(status, text, extra)
    await send(start)
    await send(body)


def server_error_text(action: str = "request") -> tuple[str, str]:
    """(reference, Vietnamese text) for an unexpected error; the reference goes to the log."""
    from ..messages import ADDIN_ACTION

    ref = uuid.uuid4().hex[:8]
    return ref, render("addin_server_error", action=ADDIN_ACTION.get(action, ADDIN_ACTION["request"]), ref=ref)


# --------------------------------------------------------------------------- request checks

class BadRequest(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def text(self) -> str:
        return render(self.code, **self.params)


def _json_number(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadRequest("addin_request_number")
    return float(text) if any(c in text for c in ".eE") else int(text)


def parse_body(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("addin_request_not_json") from None
    try:
        return json.loads(text, parse_int=_json_number, parse_float=_json_number)
    except (ValueError, RecursionError):
        raise BadRequest("addin_request_not_json") from None


_SCALAR = (str, int, float, bool, type(None))


def _is_grid(value: Any, *, min_rows: int = 0) -> bool:
    """A 2-D array of scalars (rows of equal length), as Office.js sends a range."""
    if not isinstance(value, list) or len(value) < min_rows:
        return False
    width = None
    for row in value:
        if not isinstance(row, list):
            return False
        if width is None:
            width = len(row)
        elif len(row) != width:
            return False
        if not all(isinstance(v, _SCALAR) for v in row):
            return False
    return True


def _optional(body: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> None:
    if key in body and body[key] is not None and not isinstance(body[key], kind):
        raise BadRequest("addin_request_field", field=key)


def check_script_body(body: Any) -> None:
    """The book JSON of a custom script: what Excel's Office.js client sends, nothing else."""
    if not isinstance(body, dict):
        raise BadRequest("addin_request_shape")
    if not isinstance(body.get("version"), str):
        raise BadRequest("addin_request_field", field="version")
    _optional(body, "client", str)
    book = body.get("book", {})
    if not isinstance(book, dict):
        raise BadRequest("addin_request_field", field="book")
    _optional(book, "name", str)
    _optional(book, "selection", str)
    if "active_sheet_index" in book and book["active_sheet_index"] is not None and (
            not isinstance(book["active_sheet_index"], int) or isinstance(book["active_sheet_index"], bool)):
        raise BadRequest("addin_request_field", field="book.active_sheet_index")
    if "names" in body and not isinstance(body["names"], list):
        raise BadRequest("addin_request_field", field="names")
    if "args" in body and body["args"] is not None and not isinstance(body["args"], list):
        raise BadRequest("addin_request_field", field="args")
    sheets = body.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        raise BadRequest("addin_request_field", field="sheets")
    for sheet in sheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            raise BadRequest("addin_request_field", field="sheets[].name")
        if "values" in sheet and not _is_grid(sheet["values"]):
            raise BadRequest("addin_request_field", field="sheets[].values")
        for key in ("pictures", "tables", "shapes", "charts", "pivot_tables", "notes"):
            if key in sheet and not isinstance(sheet[key], list):
                raise BadRequest("addin_request_field", field=f"sheets[].{key}")


def check_function_body(body: Any, known: set[str]) -> None:
    """The call of a custom function: a known name and arguments that are ranges of scalars."""
    if not isinstance(body, dict):
        raise BadRequest("addin_request_shape")
    name = body.get("func_name")
    if not isinstance(name, str) or name not in known:
        raise BadRequest("addin_unknown_function", name=_shown(name))
    if not isinstance(body.get("version"), str):
        raise BadRequest("addin_request_field", field="version")
    for key in ("client", "caller_address", "culture_info_name", "date_format", "runtime"):
        _optional(body, key, str)
    args = body.get("args")
    if not isinstance(args, list) or not all(_is_grid(a, min_rows=1) for a in args):
        raise BadRequest("addin_request_field", field="args")


def _shown(value: Any) -> str:
    from ..textclean import shorten

    return shorten(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:100], 60)


# --------------------------------------------------------------------------- the guard

class Guard:
    """Pure ASGI middleware in front of xlwings Server (see the module docstring)."""

    def __init__(self, app: Any, *, scripts: set[str], functions: set[str], access_key: str | None,
                 max_body: int, app_path: str = "") -> None:
        self.app = app
        self.scripts_prefix = app_path + SCRIPTS_PREFIX
        self.functions_path = app_path + FUNCTIONS_PATH
        self.scripts = scripts
        self.functions = functions
        self.key = access_key.encode("utf-8") if access_key else None
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = _with_headers(message, https=scope.get("scheme") == "https")
            await send(message)

        try:
            await self._handle(scope, receive, guarded_send)
        except Exception:
            ref, text = server_error_text()
            logger.exception("unexpected error [ref %s] on %s", ref, log_text(scope.get("path", "")))
            if not started:
                await _answer(send, 400, text)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        protected = path.startswith(self.scripts_prefix) or path == self.functions_path
        length = _content_length(scope)
        if length == -1:
            await _answer(send, 400, render("addin_request_length"))
            return
        if length is not None and length > self.max_body:
            await _answer(send, 413, render("addin_request_too_large", size=_mb(length), limit=_mb(self.max_body)),
                          [(b"connection", b"close")])
            return
        if not protected:
            await self.app(scope, _capped(receive, self.max_body), send)
            return
        if self.key is not None and not hmac.compare_digest(_presented_key(scope), self.key):
            await _answer(send, 401, render("addin_key_required"))
            return
        if method != "POST":
            await _answer(send, 405, render("addin_method_not_allowed"), [(b"allow", b"POST")])
            return
        raw = await _read_body(receive, self.max_body)
        if raw is None:
            await _answer(send, 413, render("addin_request_too_large", size=f"> {_mb(self.max_body)}",
                                            limit=_mb(self.max_body)), [(b"connection", b"close")])
            return
        try:
            body = parse_body(raw)
            if path == self.functions_path:
                check_function_body(body, self.functions)
            else:
                name = path[len(self.scripts_prefix):]
                if name not in self.scripts:
                    raise BadRequest("addin_unknown_script", name=_shown(name))
                check_script_body(body)
        except BadRequest as exc:
            logger.info("request refused: %s on %s", exc.code, log_text(path))
            await _answer(send, 400, exc.text)
            return
        await self.app(scope, _replay(raw), send)


def _content_length(scope: Scope) -> int | None:
    """The declared body length; -1 when it is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() and len(value) < 19 else -1
    return None


def _presented_key(scope: Scope) -> bytes:
    for name, value in scope.get("headers", []):
        if name in (b"authorization", b"x-cchc-key"):
            value = value.strip()
            return value[7:].strip() if value[:7].lower() == b"bearer " else value
    return b""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes `limit` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(raw: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _capped(receive: Receive, limit: int) -> Receive:
    """Other routes: a streamed body past the cap ends the request (as a disconnect)."""
    size = 0

    async def capped() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                return {"type": "http.disconnect"}
        return message

    return capped


def _with_headers(message: Message, *, https: bool) -> Message:
    headers = [(k, v) for k, v in message.get("headers", [])
               if https or k.lower() != b"strict-transport-security"]
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html") and not any(k.lower() == b"content-security-policy" for k, _ in headers):
        headers.append((b"content-security-policy", CSP.encode()))
    return {**message, "headers": headers}


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def log_text(text: object, limit: int = 200) -> str:
    """Request text in a log line: one line, bounded (no log injection)."""
    value = str(text).replace("\r", "\\r").replace("\n", "\\n")
    return value if len(value) <= limit else value[:limit] + "…"



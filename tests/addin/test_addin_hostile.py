"""The add-in server on a department's network: every refusal a Vietnamese text with a 4xx
status (never 500, never English), bodies capped, an access key when it listens beyond
this machine, CSP on the pane, HSTS only over https, scoring off the event loop."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from addin_support import call_function, payload, require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from officejs import book_json
from server import addin_server, free_port
from test_addin_cli import scoring_cli
from test_addin_pane import FAKE_OFFICE, FLAGS, workbook_spec

from scoring.messages import render

KEY = "ma-truy-cap-thu-nghiem-0123456789"
KNOWN = "Các bộ hiện có: par-so-2024, par-so-2026."


def post(server: str, path: str, body: bytes | str, **headers: str) -> httpx.Response:
    return httpx.post(server + path, content=body, headers={"Content-Type": "application/json", **headers}, timeout=30)


def function_body(name: str = "diem", args: list | None = None) -> dict:
    return {"client": "Office.js", "func_name": name, "args": args if args is not None else [[["1.6"]], [[224]]],
            "caller_address": "Tự đánh giá!N12", "version": "0.37.8", "runtime": "1.4"}


# --------------------------------------------------------------------------- every refusal in Vietnamese

@pytest.mark.parametrize("path, body, status, text", [
    ("/xlwings/custom-scripts-call/os_system", "{}", 400,
     render("addin_unknown_script", name="os_system")),
    ("/xlwings/custom-scripts-call/__init__", "{}", 400, render("addin_unknown_script", name="__init__")),
    ("/xlwings/custom-functions-call", json.dumps(function_body("eval")), 400,
     render("addin_unknown_function", name="eval")),
    ("/xlwings/custom-functions-call", json.dumps({"args": []}), 400, render("addin_unknown_function", name="null")),
    ("/xlwings/custom-functions-call", json.dumps(function_body(args=[[[{"x": 1}]]])), 400,
     render("addin_request_field", field="args")),
    ("/xlwings/custom-functions-call", json.dumps(function_body(args=[[["1.6"]], [[1, 2], [3]]])), 400,
     render("addin_request_field", field="args")),
    ("/xlwings/custom-functions-call", json.dumps({**function_body(), "version": None}), 400,
     render("addin_request_field", field="version")),
    ("/xlwings/custom-functions-call", '{"func_name": "diem", ', 400, render("addin_request_not_json")),
    ("/xlwings/custom-functions-call", "[1, 2]", 400, render("addin_request_shape")),
    ("/xlwings/custom-functions-call", b"\xff\xfe", 400, render("addin_request_not_json")),
    ("/xlwings/custom-functions-call", '{"func_name": "diem", "args": [[[1' + "0" * 5000 + ']]]}', 400,
     render("addin_request_number")),
    ("/xlwings/custom-scripts-call/score_workbook", '{"version": "1", "sheets": [{"name": "A", "values": 5}]}', 400,
     render("addin_request_field", field="sheets[].values")),
    ("/xlwings/custom-scripts-call/score_workbook", '{"version": "1", "sheets": []}', 400,
     render("addin_request_field", field="sheets")),
    ("/xlwings/custom-scripts-call/score_workbook", '{"sheets": [{"name": "A", "values": [[1]]}]}', 400,
     render("addin_request_field", field="version")),
    ("/xlwings/custom-scripts-call/score_workbook", '{"version": "1", "book": [], "sheets": [{"name": "A"}]}', 400,
     render("addin_request_field", field="book")),
    ("/xlwings/custom-scripts-call/score_workbook", "[" * 100_000 + "]" * 100_000, 400,
     render("addin_request_not_json")),
])
def test_malformed_requests_get_a_vietnamese_400(server, path, body, status, text):
    r = post(server, path, body)
    assert (r.status_code, r.text) == (status, text)
    assert r.headers["content-type"] == "text/plain; charset=utf-8"


def test_a_book_that_is_not_a_scoring_workbook(server):
    body = {"version": "0.37.8", "client": "Office.js", "book": {"name": "x.xlsx", "active_sheet_index": 0},
            "sheets": [{"name": "Sheet1", "values": [["a", 1]]}]}
    r = post(server, "/xlwings/custom-scripts-call/score_workbook", json.dumps(body))
    assert r.status_code == 400
    assert r.text == render("workbook_not_ours", path="x.xlsx", sheets="«Sheet1»")


@pytest.mark.parametrize("method, path, status, code", [
    ("GET", "/xlwings/custom-scripts-call/score_workbook", 405, "addin_method_not_allowed"),
    ("GET", "/xlwings/custom-functions-call", 405, "addin_method_not_allowed"),
    ("GET", "/khong-co", 404, "addin_not_found"),
    ("GET", "/static/khong-co.js", 404, "addin_not_found"),
    ("DELETE", "/taskpane.html", 405, "addin_method_not_allowed"),
    ("GET", "/xlwings/alert", 400, "addin_bad_request"),  # FastAPI's own 422 (missing query parameters)
])
def test_framework_answers_are_vietnamese(server, method, path, status, code):
    r = httpx.request(method, server + path, timeout=30)
    assert (r.status_code, r.text) == (status, render(code))


def test_a_formula_naming_a_file_gets_no_file(server, tmp_path):
    secret = tmp_path / "bi-mat.yaml"
    secret.write_text("mat_khau: SECRET-LINE-4711\n", encoding="utf-8")
    r = call_function(server, "diem_theo", str(secret), "1.6", 224)
    assert r.status_code == 400
    assert r.text == f"Không tìm thấy bộ chỉ số «{secret}». {KNOWN}"
    assert "SECRET" not in r.text
    r = call_function(server, "diem_theo", "/dev/zero", "1.6", 224)
    assert r.text == f"Không tìm thấy bộ chỉ số «/dev/zero». {KNOWN}"


def _raw(server: str, request: bytes, *, send_more: bytes = b"", timeout: float = 5) -> tuple[int, str, float]:
    """Send raw bytes; return (status, body, seconds until the answer)."""
    parts = urlsplit(server)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        try:
            for _ in range(200):
                sock.sendall(send_more)
        except OSError:
            pass  # the server closed the connection: it read no further
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8"), time.monotonic() - started


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def test_a_300_mb_body_is_refused_before_it_is_read(server):
    host = urlsplit(server).netloc
    request = (f"POST /xlwings/custom-scripts-call/score_workbook HTTP/1.1\r\nHost: {host}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {300 * 1024 * 1024}\r\n\r\n").encode()
    status, body, seconds = _raw(server, request)
    assert status == 413 and seconds < 2  # 28 s before, and the whole body was read
    assert body == render("addin_request_too_large", size="300,0", limit="5,0")


@pytest.mark.parametrize("head", [
    "Content-Length: abc\r\n",                     # not a number
    "Content-Length: 5\r\nContent-Length: 7\r\n",  # two that disagree
    "Bad Header Without Colon\r\n",                # not a header
], ids=["length-text", "length-twice", "no-colon"])
def test_a_request_the_http_parser_refuses_gets_a_vietnamese_400(server, head):
    """Answered by the server's HTTP parser before the app sees it: in Vietnamese too."""
    host = urlsplit(server).netloc
    request = f"POST /xlwings/custom-functions-call HTTP/1.1\r\nHost: {host}\r\n{head}\r\n{{}}".encode()
    status, body, _ = _raw(server, request)
    assert (status, body) == (400, render("addin_bad_request"))


def test_a_streamed_body_is_cut_at_the_cap(server):
    host = urlsplit(server).netloc
    request = (f"POST /xlwings/custom-functions-call HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
               f"Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"100000\r\n" + b" " * 0x100000 + b"\r\n"  # 1 MB chunks, without end
    status, body, seconds = _raw(server, request, send_more=chunk, timeout=20)
    assert status == 413 and seconds < 10
    assert body == render("addin_request_too_large", size="> 5,0", limit="5,0")


def test_the_pane_has_a_content_security_policy_and_no_hsts_over_http(server):
    r = httpx.get(server + "/taskpane.html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "connect-src 'self'" in csp
    assert "strict-transport-security" not in r.headers
    assert "strict-transport-security" not in httpx.get(server + "/static/js/cchc.js").headers


def test_hsts_only_over_https():
    from scoring.addin.gate import Guard

    async def downstream(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"strict-transport-security", b"max-age=1")]})
        await send({"type": "http.response.body", "body": b"<p>ok</p>"})

    guard = Guard(downstream, scripts=set(), functions=set(), access_key=None, max_body=1024)

    def headers_for(scheme: str) -> dict[bytes, bytes]:
        sent: list[dict] = []

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        async def receive():  # type: ignore[no-untyped-def]
            return {"type": "http.request", "body": b"", "more_body": False}

        scope = {"type": "http", "method": "GET", "path": "/taskpane.html", "scheme": scheme, "headers": []}
        asyncio.run(guard(scope, receive, send))
        return dict(sent[0]["headers"])

    assert b"strict-transport-security" in headers_for("https")
    assert b"strict-transport-security" not in headers_for("http")
    assert headers_for("http")[b"content-security-policy"].startswith(b"default-src 'self'")


# --------------------------------------------------------------------------- fuzzing the scoring routes

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=10)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["func", "script"]), st.sampled_from(["drop", "set", "replace_arg", "name"]),
       st.sampled_from(["func_name", "args", "version", "client", "caller_address", "book", "sheets", "names"]),
       _JSON)
def test_fuzzed_requests_never_get_a_500_nor_english(server, small_book, kind, op, key, value):
    body = function_body() if kind == "func" else json.loads(json.dumps(small_book))
    path = "/xlwings/custom-functions-call" if kind == "func" else "/xlwings/custom-scripts-call/check_workbook"
    if op == "drop":
        body.pop(key, None)
    elif op == "set":
        body[key] = value
    elif op == "replace_arg" and kind == "func":
        body["args"] = [[["1.6"]], value]
    elif op == "name":
        if kind == "func":
            body["func_name"] = value
        else:
            # as a client sends it: percent-encoded (httpx refuses control characters in a raw path)
            path = "/xlwings/custom-scripts-call/" + quote(str(value)[:40], safe="")
    r = post(server, path, json.dumps(body))
    assert r.status_code in (200, 400, 404, 405), (r.status_code, r.text)
    if r.status_code != 200:
        assert _vietnamese(r.text), r.text


@pytest.fixture(scope="module")
def small_book(demo_xlsx):
    from addin_support import open_copy

    return payload(open_copy(demo_xlsx))


def _vietnamese(text: str) -> bool:
    lowered = text.lower()
    return not any(w in lowered for w in ("error", "invalid", "not found", "method not allowed", "field required",
                                          "an error occurred", "detail", "traceback"))


# --------------------------------------------------------------------------- off the event loop

def test_scripts_and_formulas_run_off_the_event_loop(monkeypatch, demo_xlsx):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    from scoring.addin import live
    from scoring.addin.custom_functions import functions
    from scoring.addin.custom_scripts import scripts

    seen: dict[str, int] = {}
    monkeypatch.setattr(scripts, "_check", lambda book: seen.__setitem__("script", threading.get_ident()))
    monkeypatch.setattr(live, "item_points", lambda *a, **k: seen.__setitem__("function", threading.get_ident()) or 1)
    from addin_support import open_copy

    book = xw.Book(json=payload(open_copy(demo_xlsx)))

    async def main() -> int:
        await scripts.check_workbook(None, book)
        await functions.diem("1.6", 224)
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert seen["script"] != loop_thread and seen["function"] != loop_thread


# --------------------------------------------------------------------------- the access key

@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    log = tmp_path_factory.mktemp("keyed") / "server.log"
    with addin_server(log, env={"SCORING_ACCESS_KEY": KEY}) as base:
        yield base, log


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "sai-ma-0123456789abcdef"}, 401), ({"Authorization": KEY[:-1]}, 401),
    ({"Authorization": KEY}, 200), ({"Authorization": f"Bearer {KEY}"}, 200), ({"X-CCHC-Key": KEY}, 200),
])
def test_the_scoring_routes_need_the_key(keyed, headers, status):
    base, _ = keyed
    r = post(base, "/xlwings/custom-functions-call", json.dumps(function_body(args=[[["1.5"]], [[2]]])), **headers)
    assert r.status_code == status
    if status == 401:
        assert r.text == render("addin_key_required")
    else:
        assert r.json()["result"] == [[0.5]]


def test_the_pane_and_static_files_need_no_key_and_the_manifest_never_has_it(keyed):
    base, _ = keyed
    assert httpx.get(base + "/taskpane.html").status_code == 200
    assert KEY not in httpx.get(base + "/manifest.xml").text


def test_the_log_never_shows_the_key(keyed):
    base, log = keyed
    httpx.get(base + f"/taskpane.html?key={KEY}&_host_Info=Excel")
    time.sleep(0.3)
    text = log.read_text(errors="replace")
    assert "/taskpane.html?key=***&_host_Info=Excel" in text
    assert KEY not in text


def test_a_server_for_the_network_needs_a_key():
    env = {k: v for k, v in os.environ.items() if k != "SCORING_ACCESS_KEY"}
    env["XLWINGS_LICENSE_KEY"] = "noncommercial"
    for host in ("0.0.0.0", "::", "192.168.1.10", "cchc.so-noi-vu.local"):
        done = scoring_cli("addin", "serve", "--http", "--host", host, "--port", str(free_port()), env=env)
        assert done.returncode == 1
        assert done.stderr.strip() == "Lỗi: " + render("addin_needs_key", host=host, min=16)
    done = scoring_cli("addin", "serve", "--http", "--host", "0.0.0.0", "--port", str(free_port()),
                       env={**env, "SCORING_ACCESS_KEY": "ngan"})
    assert done.returncode == 1
    assert done.stderr.strip() == "Lỗi: " + render("addin_key_weak", min=16)


def test_a_new_key_and_a_manifest_that_carries_it(tmp_path):
    done = scoring_cli("addin", "keygen")
    key = done.stdout.strip()
    assert done.returncode == 0 and len(key) >= 32 and key.replace("-", "").replace("_", "").isalnum()
    out = tmp_path / "manifest.xml"
    env = {**os.environ, "SCORING_ACCESS_KEY": key}
    done = scoring_cli("addin", "manifest", "--url", "https://cchc.local:8443", "--out", str(out), "--include-key",
                       env=env)
    assert done.returncode == 0 and done.stderr.strip() == render("addin_key_in_manifest")
    text = out.read_text(encoding="utf-8")
    assert text.count(f"https://cchc.local:8443/taskpane.html?key={key}") == 2
    env.pop("SCORING_ACCESS_KEY")
    done = scoring_cli("addin", "manifest", "--url", "https://cchc.local:8443", "--out", str(out), "--include-key",
                       env=env)
    assert done.returncode == 1 and done.stderr.strip() == "Lỗi: " + render("addin_key_missing_for_manifest")


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    if os.environ.get("CCHC_REQUIRE_EXTERNAL") == "1":
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        yield b
        b.close()


def _open_pane(browser, base: str, spec: dict, query: str = ""):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 360, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(f"window.__CCHC_WORKBOOK__ = {json.dumps(spec, ensure_ascii=False)};")
    page.route("**/office.js", lambda route: route.fulfill(body=FAKE_OFFICE, content_type="application/javascript"))
    page.goto(base + "/taskpane.html" + query)
    page.wait_for_function("!!(window.cchc && window.xlwings && window.__CCHC_ACTIONS__['cchc-score'])")
    return page, errors


def test_the_pane_takes_the_key_from_the_manifest_address(browser, keyed, demo_xlsx):
    base, _ = keyed
    page, errors = _open_pane(browser, base, workbook_spec(demo_xlsx), f"?key={KEY}&_host_Info=Excel$Win32")
    try:
        assert page.evaluate("window.location.search") == "?_host_Info=Excel%24Win32"  # the key left the address
        page.click("#btn-check")
        page.locator("#cchc-findings").wait_for(state="visible")
        assert page.locator("#cchc-key").is_hidden()
        assert page.evaluate("globalThis.getAuth()")["token"] == KEY  # what the formulas send
        assert errors == []
    finally:
        page.close()


def test_the_pane_asks_for_the_key_once(browser, keyed, demo_xlsx):
    base, _ = keyed
    page, errors = _open_pane(browser, base, workbook_spec(demo_xlsx))
    try:
        page.evaluate("window.localStorage.clear()")
        page.click("#btn-check")
        box = page.locator("#cchc-error")
        box.wait_for(state="visible")
        assert box.inner_text().strip() == render("addin_key_required")
        page.locator("#cchc-key").wait_for(state="visible")
        page.fill("#cchc-key-input", KEY)
        page.click("#cchc-key button[type=submit]")
        assert page.locator("#cchc-key-saved").inner_text() == render("addin_js_key_saved")
        assert page.locator("#cchc-error").is_hidden()
        page.click("#btn-check")
        page.locator("#cchc-findings").wait_for(state="visible")
        assert page.evaluate("window.localStorage.getItem('cchc-access-key')") == KEY
        assert errors == []
    finally:
        page.close()


def test_book_json_is_what_office_sends(demo_xlsx):
    from addin_support import open_copy

    assert book_json(open_copy(demo_xlsx))["client"] == "Office.js"
    assert Path(demo_xlsx).is_file()

"""The task pane in headless Chromium (Debian's package, driven by Playwright; no browser
download), against the real server. office.js is replaced by fake_office.js: an Excel
object model over the demo workbook, so the buttons run end to end: xlwings' own
getBookData builds the request, the server scores, runActions writes into the fake
workbook, and the test reads the cells back.

Screenshots go to $TMPDIR/cchc-tests/addin/ (or $CCHC_SHOTS) for a person to look at.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from addin_support import open_copy, require_tool
from officejs import book_json

from scoring.messages import render
from scoring.workbook.layout import INPUT_SHEET, SUMMARY_SHEET, SUMMARY_TABLE_ROW
from scoring.workbook.read import read_workbook

FAKE_OFFICE = (Path(__file__).parent / "fake_office.js").read_text()
# screenshots for a person to look at, outside the checkout (CCHC_SHOTS=folder to keep them elsewhere)
SHOTS = Path(os.environ.get("CCHC_SHOTS") or Path(tempfile.gettempdir()) / "cchc-tests" / "addin")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    if os.environ.get("CCHC_REQUIRE_EXTERNAL") == "1":
        import playwright.sync_api as sync_api  # CI: must be installed (dev extra)
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def rows(demo_xlsx):
    read = read_workbook(demo_xlsx)
    return {item: item_rows for item, item_rows in read.item_rows.items()}


def workbook_spec(demo_xlsx, *, protected=True, password=None, selection="A1") -> dict:
    """The demo workbook as the fake Excel holds it; the input sheet protected as generated."""
    body = book_json(open_copy(demo_xlsx), include=None, selection=selection)
    sheets = [{"name": s["name"], "values": s["values"], "visibility": s["visibility"],
               "protected": protected and s["name"] == INPUT_SHEET, "password": password} for s in body["sheets"]]
    return {"name": "so-gddt.xlsx", "active": body["book"]["active_sheet_index"], "selection": selection,
            "sheets": sheets}


class Pane:
    def __init__(self, browser, server, spec):
        self.page = browser.new_page(viewport={"width": 360, "height": 900}, locale="vi-VN")
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.add_init_script(f"window.__CCHC_WORKBOOK__ = {json.dumps(spec, ensure_ascii=False)};")
        self.page.route("**/office.js", lambda route: route.fulfill(body=FAKE_OFFICE,
                                                                      content_type="application/javascript"))
        self.page.goto(server + "/taskpane.html")
        self.page.wait_for_function("!!(window.cchc && window.xlwings && window.__CCHC_ACTIONS__['cchc-score'])")

    def cell(self, sheet: str, address: str) -> dict:
        return self.page.evaluate(
            """([sheet, address]) => {
                 const s = window.__CCHC_SHEETS__.find((x) => x.name === sheet);
                 const m = /^([A-Z]+)(\\d+)$/.exec(address);
                 let c = 0; for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
                 return s.cells.get(`${parseInt(m[2]) - 1},${c - 1}`) || {};
               }""", [sheet, address])

    def log(self) -> list:
        return self.page.evaluate("window.__CCHC_LOG__")

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        self.page.locator("#cchc-busy").wait_for(state="hidden")
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def error_text(self) -> str:
        box = self.page.locator("#cchc-error")
        box.wait_for(state="visible")
        return box.inner_text().strip()


@pytest.fixture
def pane(browser, server, demo_xlsx):
    opened: list[Pane] = []

    def open_(**kwargs):
        p = Pane(browser, server, workbook_spec(demo_xlsx, **kwargs))
        opened.append(p)
        return p

    yield open_
    for p in opened:
        p.page.close()


def test_pane_renders_in_vietnamese_without_console_errors(pane):
    p = pane()
    buttons = p.page.locator("[data-cchc-run]").all_inner_texts()
    assert buttons == ["Chấm điểm", "Kiểm tra thiếu sót", "Giải thích"]
    assert p.page.locator("h1").inner_text() == "Chỉ số CCHC"
    assert p.page.locator("#xlwings-office-ready-error").is_hidden()
    p.shot("taskpane.png")
    assert p.errors == []


def test_score_button_writes_points_and_colours_and_reprotects(pane, rows):
    p = pane()
    p.page.click("#btn-score")
    p.page.locator("#cchc-score").wait_for(state="visible")
    assert p.page.locator("#cchc-score [data-field=total]").inner_text() == "18,75"
    assert p.page.locator("#cchc-score [data-field=classification]").inner_text() == "Yếu"
    first = rows["1.6"][0]
    assert p.cell(INPUT_SHEET, f"L{first}")["value"] == 0.5
    assert p.cell(INPUT_SHEET, f"M{first}")["fill"] == "#ddebf7"
    assert "166/169 = 98,22%" in p.cell(INPUT_SHEET, f"M{first}")["value"]
    assert p.cell(INPUT_SHEET, f"G{first}")["value"] == 224  # the input is as it was
    assert p.cell(SUMMARY_SHEET, f"A{SUMMARY_TABLE_ROW}")["value"] == "Mã"  # under the form's heading
    assert p.cell(SUMMARY_SHEET, "A1")["value"] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG" or \
        p.cell(SUMMARY_SHEET, "A1")["value"].startswith("UBND")
    log = p.log()
    assert ["unprotect", INPUT_SHEET] in log and any(e[:2] == ["protect", INPUT_SHEET] for e in log)
    sheet_protected = p.page.evaluate(
        "window.__CCHC_SHEETS__.find((s) => s.name === 'Tự đánh giá').protection.protected")
    assert sheet_protected is True
    p.shot("taskpane-score.png")
    assert p.errors == []


def test_a_sheet_protected_with_a_password_is_left_alone(pane, rows):
    p = pane(password="bí mật")
    p.page.click("#btn-score")
    assert p.error_text() == render("addin_js_protected", sheet=INPUT_SHEET)
    assert "value" not in p.cell(INPUT_SHEET, f"L{rows['1.6'][0]}")
    assert p.page.locator("#cchc-score").is_hidden()
    p.shot("taskpane-protected.png")


def test_check_lists_findings_and_a_link_selects_the_cell(pane, rows):
    p = pane()
    p.page.click("#btn-check")
    p.page.locator("#cchc-findings").wait_for(state="visible")
    items = p.page.locator("#cchc-findings li.cchc-finding")
    assert items.count() == 81
    assert p.page.locator("#cchc-findings [data-field=findings_line]").inner_text() == \
        "81 thiếu sót: 0 lỗi, 66 cảnh báo, 15 lưu ý."
    target = p.page.locator("#cchc-findings li.cchc-finding", has_text="166/169")
    where = target.locator("[data-field=where]").inner_text()
    assert where == f"ô G{rows['1.6'][1]}"  # cells are written one way everywhere
    p.page.click("#btn-check")  # twice: the list is replaced, not appended
    p.page.wait_for_timeout(200)
    assert items.count() == 81
    target.locator("[data-go]").click()
    p.page.wait_for_function("window.__CCHC_LOG__.some((e) => e[0] === 'select')")
    assert ["select", INPUT_SHEET, f"G{rows['1.6'][1]}"] in p.log()
    p.shot("taskpane-check.png", full_page=False)
    assert p.errors == []


def test_explain_shows_rule_inputs_band_points_and_recovery(pane, rows):
    p = pane(selection=f"C{rows['1.6'][1]}")
    p.page.click("#btn-explain")
    section = p.page.locator("#cchc-explain")
    section.wait_for(state="visible")
    assert section.locator("[data-field=points]").inner_text() == "0,5"
    assert section.locator("[data-field=rule_text]").inner_text() == "Từ 90%: ≥ 90% → 0,5 điểm"
    assert section.locator(".cchc-rows li.cchc-matched").inner_text() == "Từ 90%: ≥ 90% → 0,5 điểm"
    assert section.locator(".cchc-inputs li").count() == 5
    assert section.locator(".cchc-recovery li").inner_text() == \
        "Cần thêm 3 nhiệm vụ hoàn thành đúng hạn (lên 169) để đạt 1 điểm."
    p.shot("taskpane-explain.png")
    assert p.errors == []


def test_explain_without_a_selection_says_what_to_do(pane):
    p = pane(selection=None)
    p.page.click("#btn-explain")
    assert p.error_text() == render("addin_no_selection", sheet=INPUT_SHEET)


def test_server_unreachable_or_failing_is_explained(pane):
    p = pane()
    p.page.route("**/custom-scripts-call/**", lambda route: route.abort())
    p.page.click("#btn-check")
    assert p.error_text() == render("addin_js_no_server")
    p.page.unroute("**/custom-scripts-call/**")
    p.page.route("**/custom-scripts-call/**", lambda route: route.fulfill(status=500, body="An error occurred."))
    p.page.click("#btn-check")
    p.page.wait_for_function("document.querySelector('#cchc-error').innerText.includes('500')")
    assert p.error_text() == render("addin_js_http", status=500)


def test_ribbon_buttons_open_the_pane_and_run(pane):
    p = pane()
    done = p.page.evaluate("""async () => {
        let completed = false;
        await window.__CCHC_ACTIONS__['cchc-check']({ completed: () => { completed = true; } });
        return completed;
    }""")
    assert done is True
    assert ["showAsTaskpane"] in p.log()
    assert p.page.locator("#cchc-findings li.cchc-finding").count() == 81


def test_pane_opened_outside_excel_says_it_only_works_in_excel(browser, server):
    """The pane's address opened in a browser: the real office.js finds no Office host. The
    pane says it works only in Excel, without reloading itself or offering «chưa tải xong»."""
    page = browser.new_page(viewport={"width": 360, "height": 700}, locale="vi-VN")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    try:
        page.goto(server + "/taskpane.html")
        error = page.locator("#cchc-error")
        error.wait_for(state="visible", timeout=15_000)
        assert error.inner_text().strip() == render("addin_js_not_excel")
        page.wait_for_timeout(6_000)  # past taskpane-reload.js's 5 s timer
        assert page.locator("#xlwings-office-ready-error").is_hidden()
        assert "chưa tải xong" not in page.locator("body").inner_text()
        assert page.locator("[data-cchc-run]:disabled").count() == 3
        assert len(loads) == 1, loads  # never reloaded
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "taskpane-outside-excel.png"), full_page=True)
    finally:
        page.close()

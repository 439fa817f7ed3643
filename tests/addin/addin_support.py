"""Helpers shared by the add-in tests and the benchmark: paths, requests, payloads."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import openpyxl
from core_support import require_tool  # noqa: F401 - re-exported for this folder's tests
from officejs import book_json

from scoring.workbook.layout import INPUT_SHEET, META_SHEET

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
STRONG = ROOT / "tests" / "data" / "strong-unit.yaml"
READ_SHEETS = [INPUT_SHEET, META_SHEET]


def open_copy(path: Path):
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def payload(wb, **kwargs) -> dict:
    kwargs.setdefault("include", READ_SHEETS)
    return book_json(wb, **kwargs)


def call_script(server: str, name: str, body: dict) -> httpx.Response:
    return httpx.post(f"{server}/xlwings/custom-scripts-call/{name}", json=body, timeout=30)


def call_function(server: str, name: str, *args) -> httpx.Response:
    body = {"client": "Office.js", "func_name": name, "args": [[[a]] if not isinstance(a, list) else a for a in args],
            "caller_address": f"{INPUT_SHEET}!N12", "content_language": "vi-VN", "version": "0.37.8",
            "runtime": "1.4"}
    return httpx.post(f"{server}/xlwings/custom-functions-call", json=body, timeout=30)



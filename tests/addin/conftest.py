"""Fixtures for the add-in: a running server, a generated-and-filled workbook and the
book JSON Excel would send for it."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import openpyxl
import pytest
from officejs import book_json, filled_workbook
from server import addin_server

from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset
from scoring.workbook.layout import INPUT_SHEET, META_SHEET

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
STRONG = ROOT / "tests" / "data" / "strong-unit.yaml"
READ_SHEETS = [INPUT_SHEET, META_SHEET]


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    log = tmp_path_factory.mktemp("addin") / "server.log"
    with addin_server(log) as base:
        yield base


@pytest.fixture(scope="session")
def loaded():
    return find_ruleset("par-so-2024")


@pytest.fixture(scope="session")
def demo_evidence():
    return load_evidence(DEMO)


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory, loaded, demo_evidence) -> Path:
    """The demo unit's evidence typed into a workbook made by the generator, saved."""
    path = tmp_path_factory.mktemp("wb") / "so-gddt.xlsx"
    filled_workbook(loaded, demo_evidence).save(path)
    return path


def open_copy(path: Path):
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


@pytest.fixture
def demo_book(demo_xlsx):
    """A fresh openpyxl copy of the demo workbook (tests may change it)."""
    return open_copy(demo_xlsx)


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

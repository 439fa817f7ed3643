"""Fixtures for the add-in: a running server and a generated workbook filled with the demo
unit's evidence. Helpers are in addin_support (importable by name from the tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from addin_support import DEMO, open_copy
from officejs import filled_workbook
from server import addin_server

from scoring.evidence_io import load_evidence
from scoring.ruleset import find_ruleset


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


@pytest.fixture
def demo_book(demo_xlsx):
    """A fresh openpyxl copy of the demo workbook (tests may change it)."""
    return open_copy(demo_xlsx)

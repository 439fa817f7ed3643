"""The returned files of one year (tests/office/office_support.py), generated once per session."""

from __future__ import annotations

import pytest
from office_support import write_folder


@pytest.fixture(scope="session")
def returned(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("nop-ve"))

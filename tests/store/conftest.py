"""The store's tests run on SQLite always and on a real PostgreSQL server when one is given.

`CCHC_TEST_POSTGRES_URL` names a server (`.ci/postgres start` prints it); each test gets its
own fresh database there, dropped afterwards. Without the variable (or a server that
answers) the PostgreSQL half skips, unless `CCHC_REQUIRE_EXTERNAL=1` (CI), which fails it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from scoring.store import location

BACKENDS = ["sqlite", "postgres"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CCHC_REQUIRE_EXTERNAL") == "1":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL: {reason}")


def _admin_url() -> str:
    url = os.environ.get("CCHC_TEST_POSTGRES_URL")
    if not url:
        _unavailable("CCHC_TEST_POSTGRES_URL is not set (.ci/postgres start)")
    return location.resolve(url).url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the test server, as a SQLAlchemy URL."""
    admin = _admin_url()
    name = "cchc_t_" + secrets.token_hex(6)
    engine = create_engine(admin, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means "no server"
        engine.dispose()
        _unavailable(f"server not reachable ({str(exc).splitlines()[0]})")
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A store that does not exist yet: a SQLite file in tmp_path, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cchc.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    from scoring.store import open_store

    with open_store(store_url) as opened:
        yield opened

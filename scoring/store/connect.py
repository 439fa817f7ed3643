"""Connections to the store, set up for several writers at once.

SQLite: WAL (readers never block the writer, a crash never leaves a half-written
transaction), `synchronous = NORMAL` (in WAL mode the store stays consistent through a
crash or power cut; a power cut may undo the last few commits, which recording the same
files again restores, while a commit costs no fsync), a busy timeout (a second writer
waits its turn instead of failing), foreign keys enforced. A writing transaction starts with `BEGIN IMMEDIATE`: it takes the write lock
at once, so two writers queue up instead of both reading and one failing on upgrade.

PostgreSQL: a writing transaction takes one transaction-scoped advisory lock, so records
are appended to the ledger one at a time; readers are not held up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text

from .errors import StoreError
from .location import StoreLocation

#: How long a writer waits for another one (seconds).
BUSY_TIMEOUT_S = 60
#: pg_advisory_xact_lock key: "cchc" in ASCII.
_PG_LOCK = 0x63636863


def make_engine(location: StoreLocation) -> Engine:
    if location.is_sqlite:
        # a pooled connection stays open between records: closing the last one checkpoints the WAL
        engine = create_engine(location.url, pool_size=1, max_overflow=4, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        import psycopg  # noqa: F401 - only to say what is missing
    except ImportError:
        raise StoreError("store_needs_psycopg", url=location.shown) from None
    return create_engine(location.url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("cchc_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextlib.contextmanager
def writing(engine: Engine, *, foreign_keys: bool = True) -> Iterator[Connection]:
    """One writing transaction, alone among writers: committed at the end, rolled back on any error.

    `foreign_keys=False` (SQLite only) is for migrations that rebuild a table; the keys are
    checked before the commit.
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite and not foreign_keys:
            # on the driver's connection: outside any transaction, or SQLite ignores it
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        conn = conn.execution_options(cchc_write=True)
        with conn.begin():
            if not sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
            yield conn
            if sqlite and not foreign_keys:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"a migration broke a foreign key: {tuple(broken)}")
        if sqlite and not foreign_keys:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # the connection goes back to the pool


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One reading transaction: a consistent snapshot (the ledger and the rows it covers
    read at one moment, whatever is committed meanwhile) that holds no writer up."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn

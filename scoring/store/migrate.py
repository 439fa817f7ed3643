"""The store's schema on open: created when new, migrated when older, refused when newer.

Migrations are Alembic scripts shipped in the package (`migrations/versions/`), run here
on the store's own connection, inside one writing transaction (SQLite's and PostgreSQL's
DDL are both transactional: a migration that fails leaves the old schema as it was), with
the writers' lock held, so two programs opening an older store migrate it once.

- SQLite: before migrating, a consistent copy of the file is written beside it
  (`cchc.sao-luu-<time>-luoc-do-<revision>.sqlite`, SQLite's backup API), then migrated
  with foreign keys checked at the end rather than per statement (a migration may rebuild
  a table).
- PostgreSQL: never migrated unasked. The database belongs to a server the office's IT
  runs and backs up; a program that upgrades it as a side effect of `history` would be a
  surprise. The refusal says to take a backup (`pg_dump`) and to run the command again with
  `--migrate`.
- A store whose schema is newer than this program's is refused: an older program must not
  write rows a newer schema does not expect.
- A database with tables but no schema revision is not a store: refused, untouched.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect

from .connect import reading, writing
from .errors import StoreError
from .location import StoreLocation

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Migration:
    """What opening the store did to its schema (for the shell to tell)."""

    from_revision: str
    to_revision: str
    backup: Path | None


@functools.cache
def _script():  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(_MIGRATIONS))


def head() -> str:
    return _script().get_current_head()


def known_revisions() -> list[str]:
    """Oldest first."""
    return [s.revision for s in reversed(list(_script().walk_revisions()))]


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the migrations up to `target` on this connection, in its transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, target)


def prepare(engine: Engine, location: StoreLocation, *, migrate: bool = False) -> Migration | None:
    """Bring the store's schema to this program's head, or refuse; see the module's note."""
    target = head()
    with reading(engine) as conn:
        revision = current_revision(conn)
        tables = set(inspect(conn).get_table_names())
    if revision == target:
        return None
    if revision is None:
        if tables - {"alembic_version"}:
            raise StoreError("store_not_ours", store=location.shown, tables=", ".join(sorted(tables)))
        with writing(engine) as conn:
            if current_revision(conn) is None:  # not created meanwhile by another program
                upgrade(conn)
        return None
    known = known_revisions()
    if revision not in known:
        raise StoreError("store_newer_schema", store=location.shown, revision=revision, head=target)
    backup = None
    if location.path is not None:
        backup = backup_sqlite(location.path, revision)
    elif not migrate:
        raise StoreError("store_needs_migrate", store=location.shown, revision=revision, head=target)
    with writing(engine, foreign_keys=False) as conn:
        if current_revision(conn) != target:
            upgrade(conn)
    return Migration(revision, target, backup)


def backup_sqlite(path: Path, revision: str) -> Path:
    """A consistent copy of the store beside it (the WAL included), before a migration."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.sao-luu-{stamp}-luoc-do-{revision}{path.suffix or '.sqlite'}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.sao-luu-{stamp}-{n}-luoc-do-{revision}{path.suffix or '.sqlite'}")
    try:
        source = sqlite3.connect(path, timeout=60)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise StoreError("store_backup_failed", store=str(path), backup=str(target), detail=str(exc)) from exc
    return target

"""The store's face: open it, record a scored submission, read a unit's history, explain an
item, verify everything. A library: it never prints; every failure is a StoreError."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .connect import make_engine, reading, writing
from .errors import StoreError
from .location import StoreLocation, resolve
from .migrate import Migration, prepare
from .record import RecordOutcome, Submission, record_result

if TYPE_CHECKING:
    from ..models.result import Result
    from ..ruleset import LoadedRuleSet
    from .queries import ItemExplanation, UnitHistory, UnitRef
    from .verify import VerifyReport


def open_store(reference: str | os.PathLike[str] | StoreLocation | None = None, *, create: bool = True,
               migrate: bool = False) -> Store:
    """Open (and with `create`, make) the store at a path or URL; None: `SCORING_DB` or
    `cchc.sqlite` in the working folder. An older schema is migrated (SQLite: after a backup
    copy; PostgreSQL: only with `migrate`), a newer one refused; see `migrate`."""
    location = reference if isinstance(reference, StoreLocation) else resolve(reference)
    if location.path is not None:
        _check_sqlite_file(location, create=create)
    engine = make_engine(location)
    try:
        with database_errors(location):
            migration = prepare(engine, location, migrate=migrate)
    except BaseException:
        engine.dispose()
        raise
    return Store(location, engine, migration)


def _check_sqlite_file(location: StoreLocation, *, create: bool) -> None:
    path = location.path
    assert path is not None
    if not path.exists():
        if not create:
            raise StoreError("store_missing", store=location.shown)
        if not os.access(path.parent, os.W_OK):
            raise StoreError("store_folder_not_writable", store=location.shown, folder=str(path.parent))
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise StoreError("store_cannot_open", store=location.shown, reason=exc) from exc
    if head and head != b"SQLite format 3\x00":
        raise StoreError("store_not_a_database", store=location.shown)


@contextlib.contextmanager
def database_errors(location: StoreLocation) -> Iterator[None]:
    """A database failure as a StoreError in Vietnamese (the driver's own words as detail)."""
    try:
        yield
    except StoreError:
        raise
    except DBAPIError as exc:
        raise _translate(location, exc) from exc
    except SQLAlchemyError as exc:
        raise StoreError("store_database_error", store=location.shown, detail=_first_line(exc)) from exc


def _translate(location: StoreLocation, exc: DBAPIError) -> StoreError:
    detail = _first_line(exc.orig if exc.orig is not None else exc)
    low = detail.lower()
    if location.is_sqlite:
        for needle, code in (("database is locked", "store_locked"), ("not a database", "store_not_a_database"),
                             ("unable to open", "store_cannot_open_db"), ("readonly", "store_read_only"),
                             ("disk is full", "store_disk_full"), ("disk i/o", "store_io_error")):
            if needle in low:
                return StoreError(code, store=location.shown, detail=detail)
    elif exc.connection_invalidated or "connection" in low or "could not" in low or "timeout" in low:
        if "authentication" in low or ('role "' in low and "does not exist" in low):
            return StoreError("store_pg_auth", store=location.shown, detail=detail)
        if "does not exist" in low:
            return StoreError("store_pg_no_database", store=location.shown, detail=detail)
        return StoreError("store_pg_unreachable", store=location.shown, detail=detail)
    return StoreError("store_database_error", store=location.shown, detail=detail)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Store:
    """An open store. Use as a context manager, or call `close()`."""

    def __init__(self, location: StoreLocation, engine: Engine, migration: Migration | None) -> None:
        self.location = location
        self.engine = engine
        #: What opening did to the schema (None: nothing).
        self.migration = migration

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ writing

    def record(self, submission: Submission, result: Result, ruleset: LoadedRuleSet) -> RecordOutcome:
        """Record one scored file (the result carries its evidence and trace), in one transaction.

        Idempotent for the same file content and rule set; the newest file received is the
        unit's current submission for the rule set and year. See `record`.
        """
        with database_errors(self.location), writing(self.engine) as conn:
            return record_result(conn, submission, result, ruleset)

    # ------------------------------------------------------------------ reading

    def find_unit(self, query: str) -> UnitRef:
        """The unit a person means, by name, ignoring case and diacritics; StoreError
        (listing close names) when none or several match."""
        from .queries import find_unit

        with database_errors(self.location), reading(self.engine) as conn:
            return find_unit(conn, query, self.location)

    def history(self, unit: UnitRef) -> UnitHistory:
        from .queries import unit_history

        with database_errors(self.location), reading(self.engine) as conn:
            return unit_history(conn, unit)

    def explain(self, unit: UnitRef, item: str, year: int | None = None) -> list[ItemExplanation]:
        """How the item's points were reached in the unit's current submission(s) of `year`
        (default: the latest year recorded): one explanation per rule set."""
        from .queries import explain_item

        with database_errors(self.location), reading(self.engine) as conn:
            return explain_item(conn, unit, item, year)

    def verify(self, *, progress: Callable[[int, int], None] | None = None, head: str | None = None) -> VerifyReport:
        """Check the chain, every row's hash, and replay every stored result against its stored
        rule set; `head`, a ledger hash noted earlier, must still be in the chain. See `verify`."""
        from .verify import verify_store

        with database_errors(self.location), reading(self.engine) as conn:
            return verify_store(conn, progress=progress, head=head)

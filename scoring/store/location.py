"""Where the store is: a SQLite file (the default, `cchc.sqlite` in the working folder, or
`SCORING_DB`) or a PostgreSQL server by URL.

A `--db` value is a path or a URL. What is refused before anything is opened: a scheme
other than SQLite or PostgreSQL; a path whose extension says it is a workbook, an
evidence file or a report (`--db so.xlsx` is almost always a mistyped command line, and
SQLite would otherwise create a database under that name); a folder; a missing folder.
Passwords in a URL are never shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError

DEFAULT_FILE = "cchc.sqlite"
#: Extensions that name the inputs and outputs of other commands, never a store.
_NOT_A_STORE = (".xlsx", ".xlsm", ".xls", ".json", ".yaml", ".yml", ".txt", ".csv", ".pdf", ".ods")
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True)
class StoreLocation:
    """A resolved store: its SQLAlchemy URL and how to name it to a person."""

    url: str
    shown: str
    path: Path | None = None  # the SQLite file; None for PostgreSQL

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None


def default_reference() -> str:
    """`SCORING_DB`, else `cchc.sqlite` in the working folder."""
    from ..settings import settings

    return settings().db or DEFAULT_FILE


def resolve(reference: str | os.PathLike[str] | None) -> StoreLocation:
    """A `--db` value (None or "" for the default) as a StoreLocation; StoreError if refused."""
    ref = str(reference) if reference not in (None, "") else default_reference()
    if "://" in ref:
        return _from_url(ref)
    return _from_path(Path(ref).expanduser())


def _from_url(ref: str) -> StoreLocation:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(ref)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreError("store_bad_url", url=_hide_password(ref)) from None
    backend = url.drivername
    if backend in ("sqlite", "sqlite+pysqlite"):
        if not url.database or url.database == ":memory:":
            raise StoreError("store_bad_url", url=_hide_password(ref))
        return _from_path(Path(url.database).expanduser())
    if backend not in _POSTGRES_SCHEMES:
        raise StoreError("store_unsupported_url", url=url.render_as_string(hide_password=True), scheme=backend)
    url = url.set(drivername="postgresql+psycopg")
    return StoreLocation(url.render_as_string(hide_password=False), url.render_as_string(hide_password=True))


def _from_path(path: Path) -> StoreLocation:
    if path.suffix.lower() in _NOT_A_STORE:
        raise StoreError("store_path_suffix", path=str(path), suffix=path.suffix)
    if path.is_dir():
        raise StoreError("store_is_directory", path=str(path))
    folder = path.parent
    if not folder.is_dir():
        raise StoreError("store_folder_missing", path=str(path), folder=str(folder))
    resolved = path.resolve()
    return StoreLocation(f"sqlite:///{resolved}", str(path), resolved)


def _hide_password(ref: str) -> str:
    """`scheme://user:secret@host` → `scheme://user:***@host`, even in a URL that does not parse."""
    scheme, _, rest = ref.partition("://")
    creds, at, host = rest.rpartition("@")
    if at and ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    return f"{scheme}://{creds}{at}{host}"

"""Atomic output files: write to a temporary file beside the target, fsync, rename.

A crash never leaves a half-written file, and an output path that is one of the
inputs is refused (inputs are never modified). Every way an output path can fail (a
folder, a missing folder, a file where a folder should be, no permission, a full disk)
is a `ScoringError` naming the path, checked before any work by `check_writable` and
again, for what only writing can tell, by the writers.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import ScoringError


def refuse_overwrite(out: Path, inputs: Iterable[Path]) -> None:
    out_resolved = Path(out).resolve()
    for path in inputs:
        if Path(path).resolve() == out_resolved:
            raise ScoringError("output_is_input", path=str(out))


def check_writable(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written.

    The folder must exist: a mistyped folder is reported, not silently created.
    """
    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir():
            raise ScoringError("output_is_directory", path=str(path))
        if not folder.is_dir():
            existing = folder
            while not existing.exists() and existing != existing.parent:
                existing = existing.parent
            if existing.exists() and not existing.is_dir():
                raise ScoringError("output_parent_not_folder", path=str(path), folder=str(existing))
            raise ScoringError("output_folder_missing", path=str(path), folder=str(folder))
        if not os.access(folder, os.W_OK):
            raise ScoringError("output_not_writable", path=str(path), folder=str(folder))
    except OSError as exc:
        raise output_error(path, exc) from exc


def output_error(path: Path, exc: OSError) -> ScoringError:
    """The ScoringError for an OSError met while writing `path`."""
    folder = Path(path).parent
    code = {
        errno.EISDIR: "output_is_directory",
        errno.ENOENT: "output_folder_missing",
        errno.ENOTDIR: "output_parent_not_folder",
        errno.EACCES: "output_not_writable",
        errno.EPERM: "output_not_writable",
    }.get(exc.errno or 0, "output_failed")
    if code == "output_folder_missing" and folder.is_dir():  # e.g. /proc: there, but nothing can be created
        code = "output_not_writable"
    return ScoringError(code, path=str(path), folder=str(folder), reason=exc)


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):  # POSIX: mkstemp's 0600 would hide the file on a shared drive
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from exc
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))

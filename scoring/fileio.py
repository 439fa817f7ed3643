"""Atomic output files: write to a temporary file beside the target, fsync, rename.

A crash never leaves a half-written file, and an output path that is one of the
inputs is refused (inputs are never modified).
"""

from __future__ import annotations

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


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):  # POSIX: mkstemp's 0600 would hide the file on a shared drive
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))

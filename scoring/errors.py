"""Typed errors. Each carries a stable English code, its parameters and a location;
the Vietnamese text comes from `messages.CATALOGUE`, never from the raiser.

Shells (CLI, add-in) catch `ScoringError` only and show `str(error)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where an error points: a file, and in it a sheet and cell, a line (and column), or a key."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        from .messages import location_text

        return location_text(self)


class ScoringError(Exception):
    """Root of every error the package raises on purpose: a code, its parameters and, where it
    points somewhere, a structured location; the text is rendered by `messages` alone."""

    def __init__(self, code: str, location: Location | None = None, **params: Any) -> None:
        self.code = code
        self.location = location
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        from .messages import render

        text = render(self.code, **self.params)
        return f"{self.location}: {text}" if self.location else text


class RuleSetError(ScoringError):
    """A rule set that cannot be loaded, validated or compiled (load time)."""


class EvidenceError(ScoringError):
    """Evidence that cannot be read at all (a broken file, not a bad value)."""


class WorkbookError(ScoringError):
    """A workbook that is not ours, is of another version, corrupted or protected."""


class EngineError(ScoringError):
    """An internal self-check failed, e.g. an item got no outcome or two."""

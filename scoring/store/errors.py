"""The store's one error type: a `ScoringError` (code + parameters; the Vietnamese text
comes from `messages.CATALOGUE`), so every shell shows it like any other."""

from __future__ import annotations

from ..errors import ScoringError


class StoreError(ScoringError):
    """The store cannot be opened, read or written (location, schema, connection)."""

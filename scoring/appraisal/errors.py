"""The cycle's error type: a `ScoringError` (code + parameters; the Vietnamese text comes from
`messages.CATALOGUE`), so every shell shows it like any other."""

from __future__ import annotations

from ..errors import ScoringError


class AppraisalError(ScoringError):
    """A survey or appraisal file refused, or a step of the cycle taken out of turn."""

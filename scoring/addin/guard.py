"""Turn every failure inside a script or formula into a Vietnamese message for Excel.

xlwings Server answers an `XlwingsError` with HTTP 400 and its text, which the task
pane and the formula's error tooltip show as is; anything else would become an English
"An error occurred." (or a traceback in dev mode). So: a `ScoringError` keeps its own
Vietnamese text; an unexpected error is logged with a short reference the user can
quote to IT, and the user sees only the reference.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from xlwings import XlwingsError

from ..errors import ScoringError
from ..messages import ADDIN_ACTION, render

logger = logging.getLogger("scoring.addin")


@contextmanager
def user_errors(action: str) -> Iterator[None]:
    """Run the body; re-raise any failure as an XlwingsError with Vietnamese text."""
    try:
        yield
    except XlwingsError:
        raise
    except ScoringError as exc:
        logger.info("%s refused: %s", action, clean_for_log(exc.code))
        raise XlwingsError(str(exc)) from exc
    except Exception as exc:
        ref = uuid.uuid4().hex[:8]
        logger.exception("%s failed [ref %s]", action, ref)
        raise XlwingsError(render("addin_server_error", action=ADDIN_ACTION[action], ref=ref)) from exc


def clean_for_log(text: object, limit: int = 200) -> str:
    """Workbook text in a log line: one line, bounded (no log injection)."""
    value = str(text).replace("\r", "\\r").replace("\n", "\\n")
    return value if len(value) <= limit else value[:limit] + "…"

"""Characters that have no business in a value a person typed.

Control characters (C0 other than tab and line breaks, DEL, C1), lone surrogates and the
non-characters U+FFFE/U+FFFF cannot be written into an .xlsx (openpyxl refuses them),
cannot be encoded as UTF-8 (a lone surrogate breaks JSON serialisation and hashing) and
can move a terminal's cursor. Readers clean them out of every text they accept and say
so (a reading problem naming the key or cell), so nothing is dropped silently.
"""

from __future__ import annotations

import re

# C0 except \t \n \r; DEL; C1; UTF-16 surrogates (only ever lone in a Python str); U+FFFE, U+FFFF
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_bad_chars(text: str) -> bool:
    return _BAD.search(text) is not None


def clean_chars(text: str) -> tuple[str, int]:
    """`text` without the characters above, and how many were removed."""
    cleaned, count = _BAD.subn("", text)
    return cleaned, count


def shorten(text: str, limit: int = 60) -> str:
    """A value echoed in a message: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

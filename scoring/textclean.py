"""Characters that have no business in a value a person typed.

Terminal escape sequences (clear screen, window title, clipboard writes), control
characters (C0 other than tab and newline, DEL, C1), bidi overrides and marks, lone
surrogates and the non-characters U+FFFE/U+FFFF: an .xlsx cannot hold them (openpyxl
refuses them), UTF-8 cannot encode a lone surrogate (JSON serialisation and the evidence
hash break), a terminal obeys them. Readers clean them out of every text they accept and
say so (a reading problem naming the key or cell), so nothing is dropped silently. The
sequences are those `cli.terminal` removes from what reaches the screen (a second layer).
"""

from __future__ import annotations

import re

# Whole escape sequences first (CSI; OSC, DCS, SOS, PM, APC with their terminator; two-byte
# escapes; the 8-bit forms), then single characters.
_BAD = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]",
)


def has_bad_chars(text: str) -> bool:
    if text.isprintable():  # the common case
        return False
    return _BAD.search(text.replace("\r\n", "\n")) is not None


def clean_chars(text: str) -> tuple[str, int]:
    """`text` without the sequences and characters above (a Windows line break becomes a
    newline), and how many were removed."""
    if text.isprintable():
        return text, 0
    cleaned, count = _BAD.subn("", text.replace("\r\n", "\n"))
    return cleaned, count


def shorten(text: str, limit: int = 60) -> str:
    """A value echoed in a message: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

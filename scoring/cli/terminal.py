"""What reaches the terminal is clean: no text read from evidence, workbooks or rule sets
can clear the screen, set the window title, write the clipboard (OSC 52), move the cursor
or reorder a line with bidi overrides.

Text reaches the terminal two ways, so there are two layers:
- `console.SafeConsole`, the rich console the commands print with, cleans the text it
  renders before adding its own colours;
- `guard_streams()` wraps stdout and stderr for the whole command, so a plain `typer.echo`
  of hostile text anywhere in the CLI is cleaned too (only colour codes survive there).

Kept free of heavy imports: `scoring --help` loads it.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

# Escape sequences first, whole: CSI; OSC, DCS, SOS, PM and APC with their terminator; two-byte
# escapes; the same in 8-bit C1 form. A string sequence without its terminator loses only its
# introducer (its text stays, inert). Then single characters: C0 controls but tab and newline,
# ESC, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
_UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
)
_COLOUR = re.compile(r"\x1b\[[0-9;:]*m")
# what JSON text may still carry raw inside its strings (the encoder escapes the rest of C0)
_JSON_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unsafe_spans(text: str) -> list[tuple[int, int]]:
    """Where `clean` would cut `text` (start, end), for writers that keep styles by position."""
    if text.isprintable():
        return []
    return [m.span() for m in _UNSAFE.finditer(text)]


def clean(text: str, *, keep_colours: bool = False) -> str:
    """`text` without escape sequences, control characters (tab and newline kept) or bidi
    controls; with `keep_colours`, colour and bold codes (SGR) survive."""
    if text.isprintable():  # the common case: nothing to look for
        return text
    if keep_colours:
        return _UNSAFE.sub(lambda m: m.group(0) if _COLOUR.fullmatch(m.group(0)) else "", text)
    return _UNSAFE.sub("", text)


def escape_json(text: str) -> str:
    """JSON text with every control and bidi character inside its strings written as a
    \\uXXXX escape: the same data, safe on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class _Guarded:
    """A text stream that cleans what is written to it; everything else is the stream's own."""

    def __init__(self, stream: IO[str]) -> None:
        self.unguarded = stream

    def write(self, text: str) -> int:
        self.unguarded.write(clean(text, keep_colours=True) if isinstance(text, str) else text)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unguarded, name)


def unguarded(stream: IO[str]) -> IO[str]:
    """The real stream under a guard (for writers that clean their own text)."""
    return getattr(stream, "unguarded", stream)


@contextlib.contextmanager
def guard_streams() -> Iterator[None]:
    """stdout and stderr cleaned for the duration of one command, then restored."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None and not isinstance(sys.stderr, _Guarded):
        sys.stderr = _Guarded(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def say(text: str = "", *, err: bool = False) -> None:
    """One line (or more) of plain text for the user, cleaned, on stdout or stderr."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # pythonw on Windows: nowhere to write
        return
    stream.write(clean(text) + "\n")
    stream.flush()

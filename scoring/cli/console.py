"""The rich console every command prints with: it cleans the text it renders (see
`terminal`), parses no markup and no emoji codes, so a unit name such as
"[link=…]" or ":warning:" is printed as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.segment import Segment

from .terminal import clean, unguarded


class SafeConsole(Console):
    """A rich Console whose rendered text is cleaned before its own styles are applied."""

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)

    @property  # type: ignore[override]
    def file(self) -> IO[str]:
        # the stream guard would drop nothing more, only cost time
        return unguarded(Console.file.fget(self))  # type: ignore[attr-defined]

    @file.setter
    def file(self, new_file: IO[str]) -> None:
        Console.file.fset(self, new_file)  # type: ignore[attr-defined]

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(clean(segment.text), segment.style, segment.control)
            for segment in buffer
        )


def console(plain: bool = False, width: int | None = None) -> SafeConsole:
    """The terminal console (what `report.console()` should return, with the same arguments)."""
    return SafeConsole(no_color=plain, width=width, soft_wrap=False)

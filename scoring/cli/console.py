"""The rich console every command prints with: it cleans the text it renders (see
`terminal`), parses no markup and no emoji codes, so a unit name such as
"[link=…]" or ":warning:" is printed as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from .terminal import clean, unguarded, unsafe_spans


class SafeConsole(Console):
    """A rich Console whose text is cleaned before layout (so tables and wrapping measure
    what is shown) and again, as a last net, before its own styles are written."""

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

    def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
        # called for every nested renderable too (groups, table cells, tree labels)
        if isinstance(renderable, Text):
            renderable = _clean_text(renderable)
        elif isinstance(renderable, str):
            renderable = clean(renderable)
        yield from super().render(renderable, options)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(clean(segment.text), segment.style, segment.control)
            for segment in buffer
        )


def _clean_text(text: Text) -> Text:
    """`text` without what `clean` removes, its styles kept on the characters that remain."""
    cuts = unsafe_spans(text.plain)
    if not cuts:
        return text
    kept = text.blank_copy()
    start = 0
    for cut_start, cut_end in cuts:
        if cut_start > start:
            kept.append_text(text[start:cut_start])
        start = cut_end
    if start < len(text.plain):
        kept.append_text(text[start:])
    return kept


def console(plain: bool = False, width: int | None = None) -> SafeConsole:
    """The terminal console (what `report.console()` should return, with the same arguments)."""
    return SafeConsole(no_color=plain, width=width, soft_wrap=False)

"""How the user runs this program, for the hints a command prints («Thử tiếp: …»).

After `make run` the command is `.venv/bin/scoring`, not on the PATH; under
`python -m scoring` it is that. A hint must name what the user can type.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def command_name() -> str:
    """`scoring` when that is on the PATH, else the path it was run by (`.venv/bin/scoring`),
    or `python -m scoring`."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if Path(argv0).name == "__main__.py":
        return f"{_short(sys.executable)} -m scoring"
    if Path(argv0).stem != "scoring":  # run from another program (tests, an embedding script)
        return "scoring"
    on_path = shutil.which("scoring")
    try:
        if on_path and os.path.samefile(on_path, argv0):
            return "scoring"
    except OSError:
        pass
    return _short(argv0)


def _short(path: str) -> str:
    """A path relative to the current folder when it lies below it, else absolute; quoted if needed."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        relative = absolute
    shown = absolute if relative.startswith("..") else relative
    return shlex.quote(shown) if os.name != "nt" else (f'"{shown}"' if " " in shown else shown)

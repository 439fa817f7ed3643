"""All configuration in one place, read from SCORING_* environment variables.

No other module reads os.environ (the add-in server's XLWINGS_* variables excepted,
which xlwings itself reads).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The rule sets inside an installed wheel (setup.py ships the repository's rules/ there).
PACKAGED_RULES = Path(__file__).resolve().parent / "rules"


def default_rules_dir() -> Path:
    """The installed package's rule sets; in a clone (or an editable install), rules/ at the
    repository root, where rule sets are authored."""
    return PACKAGED_RULES if PACKAGED_RULES.is_dir() else PROJECT_ROOT / "rules"


@dataclass(frozen=True)
class Settings:
    rules_dir: Path
    default_ruleset: str
    max_file_mb: int
    host: str
    port: int
    #: Where generated files live (the add-in's self-signed certificate).
    data_dir: Path
    #: xlwings Server licence key: "noncommercial" (PolyForm Noncommercial) or a PRO key.
    xlwings_license_key: str | None
    #: The add-in server's access key (required when it listens beyond this machine).
    access_key: str | None = None
    #: Largest request body the add-in server reads (a scoring workbook sends ~100 KB).
    max_request_mb: float = 5.0
    #: The office's store: a SQLite file or a postgresql:// URL (default: cchc.sqlite in the working folder).
    db: str | None = None


@functools.cache
def settings() -> Settings:
    env = os.environ
    return Settings(
        rules_dir=Path(env.get("SCORING_RULES_DIR") or default_rules_dir()),
        default_ruleset=env.get("SCORING_DEFAULT_RULESET", "par-so-2024"),
        max_file_mb=int(env.get("SCORING_MAX_FILE_MB", "50")),
        host=env.get("SCORING_HOST", "127.0.0.1"),
        port=int(env.get("SCORING_PORT", "8443")),
        # Windows: %LOCALAPPDATA%\cchc-scoring; elsewhere the XDG data folder
        data_dir=Path(env.get("SCORING_DATA_DIR")
                      or Path(env.get("LOCALAPPDATA") or env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
                      / "cchc-scoring"),
        xlwings_license_key=env.get("XLWINGS_LICENSE_KEY") or None,
        access_key=env.get("SCORING_ACCESS_KEY") or None,
        max_request_mb=_number(env.get("SCORING_MAX_REQUEST_MB"), 5.0),
        db=env.get("SCORING_DB") or None,
    )


def _number(text: str | None, default: float) -> float:
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if 0 < value < 1024 else default

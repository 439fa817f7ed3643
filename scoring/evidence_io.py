"""Read evidence from a JSON or YAML file (a workbook goes through `scoring.workbook`).

A file that cannot be read at all raises EvidenceError; a value that cannot be read
is kept raw and becomes a finding during evaluation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import EvidenceError
from .models.evidence import Evidence
from .settings import settings
from .yamlio import load_yaml

EVIDENCE_SUFFIXES = (".json", ".yaml", ".yml")


def check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError("evidence_unreadable", path=str(path), detail=exc.strerror or str(exc)) from exc
    limit = settings().max_file_mb
    if size > limit * 1024 * 1024:
        raise EvidenceError("evidence_too_large", path=str(path), size=round(size / 1024 / 1024, 1), limit=limit)


def load_evidence(path: str | Path) -> Evidence:
    """Evidence from .json/.yaml/.yml; the file is only read, never changed."""
    path = Path(path)
    if path.suffix.lower() not in EVIDENCE_SUFFIXES:
        raise EvidenceError("evidence_format_unknown", path=str(path))
    check_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvidenceError("evidence_unreadable", path=str(path), detail=str(exc)) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else load_yaml(text)[0]
    except Exception as exc:  # json.JSONDecodeError, yaml.YAMLError
        raise EvidenceError("evidence_unreadable", path=str(path), detail=str(exc).splitlines()[0]) from exc
    return evidence_from_data(data, str(path))


def evidence_from_data(data: Any, name: str = "<dữ liệu>") -> Evidence:
    if not isinstance(data, dict):
        raise EvidenceError("evidence_not_mapping", path=name)
    data = dict(data)
    data.setdefault("file", name)
    try:
        return Evidence.model_validate(data)
    except ValidationError as exc:
        details = "\n".join(
            f"  - {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:20]
        )
        raise EvidenceError("evidence_invalid", path=name, details=details) from exc

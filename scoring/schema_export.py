"""Write schemas/*.schema.json from the pydantic models (never edited by hand).

`check()` regenerates in memory and returns the files that differ; a test calls it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models.evidence import Evidence
from .models.result import Result
from .ruleset import ruleset_json_schema
from .settings import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "schemas"


def schemas() -> dict[str, dict[str, Any]]:
    def stamp(schema: dict[str, Any], name: str) -> dict[str, Any]:
        schema = dict(schema)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://cchc-scoring.local/schemas/{name}"
        return schema

    return {
        "ruleset.schema.json": ruleset_json_schema(),
        "evidence.schema.json": stamp(Evidence.model_json_schema(mode="validation"), "evidence.schema.json"),
        "result.schema.json": stamp(Result.model_json_schema(mode="serialization"), "result.schema.json"),
    }


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(render_schema(schema), encoding="utf-8")
        out.append(path)
    return out


def check(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, schema in schemas().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != render_schema(schema):
            stale.append(name)
    return stale

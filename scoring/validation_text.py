"""Pydantic validation errors in Vietnamese: where (the key path) and what, never the
library's English text.

Pydantic reports a failed union once per member ("…value.bool", "…value.int", …); those
are folded into one line per key.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .messages import render
from .textclean import shorten

#: Loc parts pydantic adds for the members of a union (RawValue, Quantity, …).
_UNION_TAGS = {"bool", "int", "float", "date", "str", "dict[str,any]", "none", "decimal", "list[str]",
               "tagged-union", "Sum", "criterion", "item"}

#: pydantic error type → catalogue code
_CODES = {
    "missing": "pyd_missing",
    "extra_forbidden": "pyd_extra",
    "string_type": "pyd_string",
    "int_type": "pyd_int",
    "int_parsing": "pyd_int",
    "int_from_float": "pyd_int",
    "int_parsing_size": "pyd_int",
    "bool_type": "pyd_bool",
    "bool_parsing": "pyd_bool",
    "dict_type": "pyd_mapping",
    "model_type": "pyd_mapping",
    "model_attributes_type": "pyd_mapping",
    "list_type": "pyd_list",
    "greater_than_equal": "pyd_ge",
    "less_than_equal": "pyd_le",
    "greater_than": "pyd_gt",
    "less_than": "pyd_lt",
    "string_too_short": "pyd_empty",
    "too_short": "pyd_empty",
    "string_too_long": "pyd_too_long",
    "string_pattern_mismatch": "pyd_pattern",
    "literal_error": "pyd_literal",
    "decimal_parsing": "pyd_number",
    "decimal_type": "pyd_number",
    "float_type": "pyd_number",
    "float_parsing": "pyd_number",
    "decimal_max_places": "pyd_decimals",
    "date_type": "pyd_date",
    "date_parsing": "pyd_date",
    "date_from_datetime_parsing": "pyd_date",
    "union_tag_invalid": "pyd_union_tag",
    "union_tag_not_found": "pyd_union_tag",
}

#: the models' own checks (models/ruleset.py) → catalogue code
_VALUE_ERRORS = {
    "options are required for type choice and only for it": "pyd_choice_options",
    "option values must be unique": "pyd_options_unique",
    "a required field cannot have a default": "pyd_required_default",
    "a band needs exactly one of at_least, above": "pyd_band_threshold",
}


def loc_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The key path of an error, without pydantic's union-member tags."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in _UNION_TAGS or p.startswith("function-"))))


def kind_of(value: Any) -> str:
    """What a value is, in words ("danh sách", "văn bản", …)."""
    if value is None:
        return "trống"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "số"
    if isinstance(value, str):
        return "văn bản"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa–giá trị"
    return "giá trị khác"


def error_text(err: dict[str, Any], *, union: bool = False) -> str:
    """One error in Vietnamese (without its location)."""
    ctx = err.get("ctx") or {}
    if union:
        return render("pyd_value", kind=kind_of(err.get("input")))
    if err["type"] == "value_error":
        message = str(ctx.get("error", ""))
        code = _VALUE_ERRORS.get(message)
        return render(code) if code else render("pyd_invalid")
    code = _CODES.get(err["type"], "pyd_invalid")
    params = {k: (shorten(str(v), 80) if not isinstance(v, (int, float)) else v) for k, v in ctx.items()}
    return render(code, kind=kind_of(err.get("input")), **params)


def describe(exc: ValidationError, limit: int = 20) -> list[tuple[tuple[Any, ...], str]]:
    """(key path, Vietnamese text) per failing key, at most `limit`."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for err in exc.errors():
        grouped.setdefault(loc_path(tuple(err["loc"])), []).append(err)
    out = []
    for path, errs in list(grouped.items())[:limit]:
        union = len(errs) > 1 and all(e["type"].endswith("_type") for e in errs)
        out.append((path, error_text(errs[0], union=union)))
    return out


def format_path(path: tuple[Any, ...]) -> str:
    return ".".join("[khóa]" if p == "[key]" else shorten(str(p), 40) for p in path) or "(gốc)"

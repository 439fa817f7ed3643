"""Reading one evidence value as its field's type: a function per field, memoised.

Offices type the same "Có", "25/01/2024" and "Không" over and over, and parsing is pure, so
each field keeps the texts it has read. A value that cannot be read raises ValueProblem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models.ruleset import EvidenceField
from ..values import (
    ABSENT,
    ValueProblem,
    clean_text,
    fold,
    is_not_applicable,
    looks_like_formula,
    parse_choice,
    parse_count,
    parse_date,
    parse_decimal,
    parse_document,
    parse_percent,
    parse_text,
    parse_yes_no,
)

_ABSENT_WORDS = {"khong", "khong co", "chua", "chua ban hanh", "chua gui", "khong ban hanh", "khong gui"}
#: "Không áp dụng" typed into a value.
NOT_APPLICABLE = object()
_CACHE_LIMIT = 4096


def reader_for(f: EvidenceField) -> Callable[[Any], Any]:
    """A function raw value → typed value (or ABSENT / not applicable), raising ValueProblem.

    Text values are memoised per field: offices type the same "Có", "25/01/2024" and
    "Không" over and over, and parsing is pure.
    """
    options = {o.value: o.label for o in f.options or []}
    parse: Callable[[Any], Any] = {
        "count": parse_count, "percent": parse_percent, "number": parse_decimal, "date": parse_date,
        "yes_no": parse_yes_no, "document": parse_document, "text": parse_text,
        "choice": lambda raw: parse_choice(raw, options),
    }[f.type]
    dated = f.type in ("date", "document")
    cache: dict[str, tuple[bool, Any]] = {}

    def read_text(raw: str) -> Any:
        if is_not_applicable(raw):
            return NOT_APPLICABLE
        if looks_like_formula(raw):
            raise ValueProblem("formula_text", value=clean_text(raw)[:60])
        if dated and len(raw) <= 24 and fold(raw).rstrip(".") in _ABSENT_WORDS:
            return ABSENT
        return parse(raw)

    whole = f.type == "count"

    def read(raw: Any) -> Any:
        if type(raw) is not str:
            if whole and type(raw) is int and 0 <= raw < 10**15:  # the common case, already exact
                return raw
            return parse(raw)
        hit = cache.get(raw)
        if hit is None:
            try:
                hit = (True, read_text(raw))
            except ValueProblem as prob:
                hit = (False, (prob.code, prob.params))
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[raw] = hit
        if hit[0]:
            return hit[1]
        raise ValueProblem(hit[1][0], **hit[1][1])

    return read



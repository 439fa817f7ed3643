"""Read evidence from a JSON or YAML file (a workbook goes through `scoring.workbook`).

A file that cannot be read at all raises EvidenceError with a Vietnamese message (never
the parser's English); a value that cannot be read is kept raw and becomes a finding
during evaluation. Reading is bounded: the file size, the number of values and the
nesting are capped, YAML anchors and aliases are refused (they have no use in evidence,
and expanding them is how a few hundred bytes become gigabytes). What reading has to
tolerate is reported, not hidden: a duplicate key (the later value is used) and text
cleaned of control characters become `Evidence.problems`, each a finding at its key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import EvidenceError
from .messages import os_reason, render
from .models.evidence import Evidence, EvidenceValue, ReadProblem
from .settings import settings
from .textclean import clean_chars, shorten
from .validation_text import describe, format_path
from .yamlio import YamlProblem, parse_yaml

if TYPE_CHECKING:
    from .models.ruleset import RuleSet

EVIDENCE_SUFFIXES = (".json", ".yaml", ".yml")
#: A unit's evidence file is tens of KB; SCORING_MAX_FILE_MB is for workbooks.
MAX_EVIDENCE_MB = 5
#: Values, keys, lists and maps together (a real file has a few thousand).
MAX_NODES = 200_000
#: Integers longer than this stay text, for the value reader to report (int() refuses 4,300+).
MAX_INT_DIGITS = 300


def check_size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError("evidence_unreadable", path=str(path), detail=os_reason(exc)) from exc
    limit = min(settings().max_file_mb, MAX_EVIDENCE_MB)
    if size > limit * 1024 * 1024:
        raise EvidenceError("evidence_too_large", path=str(path), size=_mb(size), limit=limit)
    return size


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def load_evidence(path: str | Path) -> Evidence:
    """Evidence from .json/.yaml/.yml; the file is only read, never changed."""
    path = Path(path)
    if path.suffix.lower() not in EVIDENCE_SUFFIXES:
        raise EvidenceError("evidence_format_unknown", path=str(path))
    check_size(path)
    limit = min(settings().max_file_mb, MAX_EVIDENCE_MB) * 1024 * 1024
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since the size check
    except OSError as exc:
        raise EvidenceError("evidence_unreadable", path=str(path), detail=os_reason(exc)) from exc
    if len(raw) > limit:
        raise EvidenceError("evidence_too_large", path=str(path), size=_mb(len(raw)), limit=limit // (1024 * 1024))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EvidenceError("evidence_unreadable", path=str(path),
                            detail=render("evidence_not_utf8", position=str(exc.start + 1))) from exc
    if path.suffix.lower() == ".json":
        data, problems = parse_json_evidence(text, str(path))
    else:
        data, problems = parse_yaml_evidence(text, str(path))
    return evidence_from_data(data, str(path), problems=problems)


def parse_yaml_evidence(text: str, name: str) -> tuple[Any, list[ReadProblem]]:
    try:
        doc = parse_yaml(text, aliases=False, max_nodes=MAX_NODES)
    except YamlProblem as exc:
        raise EvidenceError("evidence_unreadable", path=name, detail=exc.message) from exc
    problems = [_problem("duplicate_key_at", d.path, line=str(d.line), first_line=str(d.first_line))
                for d in doc.duplicates]
    problems += [_problem("text_cleaned_at", p, severity="warning", line=str(line)) for p, line in doc.cleaned]
    return doc.data, problems


class _Object(dict):
    """A JSON object that remembers the keys it saw twice (json keeps the last silently)."""

    __slots__ = ("repeated",)


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    obj.repeated = []
    for key, value in pairs:
        if key in obj:
            obj.repeated.append(key)
        obj[key] = value
    return obj


def _json_int(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else text


def _json_float(text: str) -> float | str:
    value = float(text)
    return text if value in (float("inf"), float("-inf")) else value


def parse_json_evidence(text: str, name: str) -> tuple[Any, list[ReadProblem]]:
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        detail = render("json_syntax_at", line=str(exc.lineno), column=str(exc.colno),
                        problem=render(_json_problem(exc.msg)))
        raise EvidenceError("evidence_unreadable", path=name, detail=detail) from exc
    except RecursionError as exc:
        raise EvidenceError("evidence_unreadable", path=name, detail=render("json_too_deep")) from exc
    return _clean_json(data, name)


_JSON_PROBLEMS = (
    ("Expecting property name", "json_problem_key"),
    ("Expecting ',' delimiter", "json_problem_comma"),
    ("Expecting ':' delimiter", "json_problem_colon"),
    ("Expecting value", "json_problem_value"),
    ("Unterminated string", "json_problem_string"),
    ("Invalid control character", "json_problem_control"),
    ("Invalid \\escape", "json_problem_escape"),
    ("Invalid \\uXXXX escape", "json_problem_escape"),
    ("Extra data", "json_problem_extra"),
)


def _json_problem(msg: str) -> str:
    return next((code for needle, code in _JSON_PROBLEMS if msg.startswith(needle)), "json_problem_other")


def _clean_json(data: Any, name: str) -> tuple[Any, list[ReadProblem]]:
    """Plain dicts/lists with cleaned texts; repeated keys and cleaned texts as problems.

    Iterative (no recursion limit) and bounded by MAX_NODES.
    """
    problems: list[ReadProblem] = []
    nodes = 0
    root: list[Any] = [None]
    # (source value, container to put the copy into, key/index there, path)
    stack: list[tuple[Any, Any, Any, tuple[Any, ...]]] = [(data, root, 0, ())]
    while stack:
        value, target, slot, path = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise EvidenceError("evidence_unreadable", path=name, detail=render("json_too_many_nodes", limit=MAX_NODES))
        if isinstance(value, dict):
            copy: dict[str, Any] = {}
            target[slot] = copy
            for key in getattr(value, "repeated", ()):
                problems.append(_problem("duplicate_key", path + (key,)))
            for key, child in value.items():
                clean_key, removed = clean_chars(key)
                if removed:
                    problems.append(_problem("text_cleaned", path + (clean_key,), severity="warning"))
                    if clean_key in copy or clean_key in value:
                        problems.append(_problem("duplicate_key", path + (clean_key,)))
                copy[clean_key] = None
                stack.append((child, copy, clean_key, path + (clean_key,)))
        elif isinstance(value, list):
            copy_list: list[Any] = [None] * len(value)
            target[slot] = copy_list
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], copy_list, index, path + (index,)))
        elif isinstance(value, str):
            cleaned, removed = clean_chars(value)
            if removed:
                problems.append(_problem("text_cleaned", path, severity="warning"))
            target[slot] = cleaned
        else:
            target[slot] = value
    return root[0], problems


def _problem(code: str, path: tuple[Any, ...], *, severity: str = "error", **params: Any) -> ReadProblem:
    """A reading problem at a key path; the item and field are taken from items.<id>.values.<field>."""
    item = field = None
    if len(path) >= 2 and path[0] == "items":
        item = str(path[1])
        if len(path) >= 4 and path[2] == "values":
            field = str(path[3])
    key = ".".join(str(p) for p in path)
    return ReadProblem(code=code, severity=severity, item=item, field=field, key=key,
                       params={"path": shorten(key, 120), **params})


def evidence_from_data(data: Any, name: str = "<dữ liệu>", *, problems: list[ReadProblem] | None = None) -> Evidence:
    """Evidence from parsed data (a file's, or built in memory): texts cleaned, problems kept."""
    if not isinstance(data, dict):
        raise EvidenceError("evidence_not_mapping", path=name)
    data, cleaned = _clean_json(data, name)  # a no-op for what the readers already cleaned
    problems = list(problems or []) + cleaned
    data.setdefault("file", name)
    if problems:
        declared = data.get("problems")
        data["problems"] = (list(declared) if isinstance(declared, list) else []) + [
            p.model_dump() for p in problems]
    try:
        return Evidence.model_validate(data)
    except ValidationError as exc:
        details = "\n".join(f"  - {format_path(path)}: {text}" for path, text in describe(exc))
        raise EvidenceError("evidence_invalid", path=name, details=details) from exc


def without_survey_values(evidence: Evidence, ruleset: RuleSet) -> Evidence:
    """Survey results come from the office only (`scoring survey import`). A value a unit gave
    for a survey item is ignored and reported as a finding, at its cell in a workbook (the cells
    are locked since template 1; an older or unprotected workbook may still hold one) or at its
    key in an evidence file. The workbook reader applies this always; an evidence file gets it
    where the office scores it (`consolidate`, `score --db`), so no unit ranks on its own rates."""
    problems = []
    items = dict(evidence.items)
    for item in ruleset.items():
        ev = items.get(item.id)
        if not item.is_survey or ev is None or all(v.value is None for v in ev.values.values()):
            continue
        for name, value in ev.values.items():
            if value.value is None:
                continue
            shown = shorten(str(value.value), 60)
            if value.cell is not None:
                problems.append(ReadProblem(code="survey_value_ignored", severity="warning", item=item.id, field=name,
                                            cell=value.cell, params={"value": shown}))
            else:
                problems.append(ReadProblem(code="survey_value_ignored_file", severity="warning", item=item.id,
                                            field=name, key=f"items.{item.id}.values.{name}",
                                            params={"value": shown}))
        items[item.id] = ev.model_copy(update={"values": {n: EvidenceValue(cell=v.cell) for n, v in ev.values.items()}})
    if not problems:
        return evidence
    return evidence.model_copy(update={"items": items, "problems": [*evidence.problems, *problems]})

"""Turn raw evidence into typed inputs per item, with every reading problem as a finding.

Nothing here scores. It decides each item's *state* (measured, missing,
not_applicable, zero_denominator) and hands exact values to `decisions`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .messages import render
from .models.evidence import CellRef, Evidence, EvidenceValue, ItemEvidence
from .models.result import Finding
from .models.ruleset import (
    Check,
    DeadlineMethod,
    EvidenceField,
    Item,
    ProportionalMethod,
    RatioMethod,
    RuleSet,
    Sum,
)
from .values import (
    ABSENT,
    BLANK,
    NOT_APPLICABLE,
    DocumentRef,
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


@dataclass
class PreparedItem:
    item: Item
    evidence: ItemEvidence
    values: dict[str, Any] = field(default_factory=dict)  # typed values (BLANK never stored)
    problems: dict[str, Finding] = field(default_factory=dict)  # field → reading problem
    missing: list[str] = field(default_factory=list)  # required fields left blank
    documents: list[DocumentRef] = field(default_factory=list)
    explanation: str | None = None
    declared_na: bool = False
    blocked: list[Finding] = field(default_factory=list)  # inconsistencies that stop scoring
    state: str = "measured"
    _quantities: dict[Any, Decimal | None] = field(default_factory=dict, repr=False)

    def cell(self, name: str) -> CellRef | None:
        ev = self.evidence.values.get(name)
        return ev.cell if ev else None

    def label(self, name: str) -> str:
        f = self.item.field(name)
        return f.label if f else name

    def quantity(self, q: Any) -> Decimal | None:
        """sum − minus over typed values; None when any part is missing (memoised per item)."""
        key = q if isinstance(q, str) else (tuple(q.sum), tuple(q.minus))
        if key in self._quantities:
            return self._quantities[key]
        value = self._quantity(q)
        self._quantities[key] = value
        return value

    def _quantity(self, q: Any) -> Decimal | None:
        names = (list(q.sum), list(q.minus)) if isinstance(q, Sum) else ([q], [])
        total = Decimal(0)
        for sign, group in ((1, names[0]), (-1, names[1])):
            for name in group:
                v = self.values.get(name)
                if v is None or not isinstance(v, (int, Decimal)):
                    return None
                total += sign * Decimal(v)
        return total

    def quantity_label(self, q: Any) -> str:
        if isinstance(q, Sum):
            text = " + ".join(f"«{self.label(n)}»" for n in q.sum)
            return text + "".join(f" − «{self.label(n)}»" for n in q.minus)
        return f"«{self.label(q)}»"


@dataclass
class Prepared:
    items: dict[str, PreparedItem]
    findings: list[Finding]  # evidence-level findings (unknown items, notes)
    year: int


_METHOD_FIELDS: dict[int, tuple[Item, tuple[str, ...]]] = {}


def method_fields(item: Item) -> tuple[str, ...]:
    """The fields the scoring method reads (a blank one makes the item unscorable)."""
    cached = _METHOD_FIELDS.get(id(item))
    if cached is not None and cached[0] is item:
        return cached[1]
    m = item.method.__dict__
    names: list[str] = []
    for attr in ("field", "value", "limit", "rate"):
        if isinstance(m.get(attr), str):
            names.append(m[attr])
    for attr in ("numerator", "denominator", "count"):
        q = m.get(attr)
        if q is not None:
            names.extend(list(q.sum) + list(q.minus) if isinstance(q, Sum) else [q])
    names.extend(m.get("fields") or [])
    names.extend(d.field for d in m.get("due") or [])
    result = tuple(dict.fromkeys(names))
    _METHOD_FIELDS[id(item)] = (item, result)
    return result


def prepare(ruleset: RuleSet, evidence: Evidence) -> Prepared:
    year = evidence.year or ruleset.year
    findings: list[Finding] = []
    items = {item.id: item for item in ruleset.items()}

    if evidence.ruleset and evidence.ruleset != ruleset.id:
        findings.append(_finding("note", "ruleset_mismatch", "info", declared=evidence.ruleset, used=ruleset.id))
    if year != ruleset.year:
        findings.append(_finding("note", "year_mismatch", "info", ruleset_year=str(ruleset.year), year=str(year)))
    for problem in evidence.problems:
        findings.append(_finding("invalid_value", problem.code, problem.severity, item=problem.item,
                                 field=problem.field, cell=problem.cell, key=problem.key, **problem.params))
    for item_id, item_ev in evidence.items.items():
        if item_id not in items:
            hint = difflib.get_close_matches(item_id, list(items), n=1)
            findings.append(_finding("invalid_value", "unknown_item", "error", item=item_id, cell=item_ev.cell,
                                     ruleset=ruleset.id, hint=render("did_you_mean", name=hint[0]) if hint else ""))

    prepared: dict[str, PreparedItem] = {}
    for item in ruleset.items():
        prepared[item.id] = _prepare_item(item, evidence.items.get(item.id) or ItemEvidence(), year)

    _run_item_checks(prepared)
    _run_ruleset_checks(ruleset.checks, prepared)
    _resolve_states(ruleset, prepared)
    return Prepared(prepared, findings, year)


def _prepare_item(item: Item, ev: ItemEvidence, year: int) -> PreparedItem:
    p = PreparedItem(item, ev)
    for name, value in ev.values.items():
        if item.field(name) is None:
            hint = difflib.get_close_matches(name, [f.name for f in item.evidence], n=1)
            p.problems[name] = _finding("invalid_value", "unknown_field_value", "error", item=item.id, field=name,
                                        cell=value.cell, hint=render("did_you_mean", name=hint[0]) if hint else "")

    # "Không áp dụng": a dedicated flag, or typed into any field
    na_raw = ev.not_applicable.value if ev.not_applicable else None
    declared = False
    if na_raw not in (None, "", False):
        try:
            declared = na_raw is True or is_not_applicable(na_raw) or parse_yes_no(na_raw)
        except ValueProblem:
            p.problems["not_applicable"] = _finding("invalid_value", "value_problem", "error", item=item.id,
                                                    cell=ev.not_applicable.cell if ev.not_applicable else None,
                                                    label="Không áp dụng", problem=render("not_applicable_bad_value", value=str(na_raw)))
    for f in item.evidence:
        raw = ev.values.get(f.name)
        if raw is not None and is_not_applicable(raw.value):
            declared = True

    if ev.explanation is not None and ev.explanation.value not in (None, ""):
        try:
            p.explanation = parse_text(ev.explanation.value)
        except ValueProblem as prob:
            p.problems["explanation"] = _value_finding(item, "explanation", "Giải trình", prob, ev.explanation.cell)

    for doc in ev.documents:
        if doc.value in (None, ""):
            continue
        try:
            p.documents.append(parse_document(doc.value))
        except ValueProblem as prob:
            p.problems.setdefault("documents", _value_finding(item, None, "Tài liệu kiểm chứng", prob, doc.cell))

    if declared:
        if item.not_applicable.declarable:
            p.declared_na = True
            if not p.explanation:
                cell = ev.not_applicable.cell if ev.not_applicable else ev.cell
                p.problems["not_applicable"] = _finding("missing_data", "not_applicable_no_explanation", "warning",
                                                        item=item.id, cell=cell)
            return p
        cell = ev.not_applicable.cell if ev.not_applicable else ev.cell
        p.problems["not_applicable"] = _finding("invalid_value", "not_applicable_not_allowed", "error", item=item.id, cell=cell)

    for f in item.evidence:
        raw = ev.values.get(f.name)
        value = _read(f, raw, item, p, year)
        if value is BLANK:
            if f.default is not None:
                p.values[f.name] = _read(f, EvidenceValue(value=f.default), item, p, year)
            elif f.required or f.name in method_fields(item):
                p.missing.append(f.name)
        elif value is not NOT_APPLICABLE and f.name not in p.problems:
            p.values[f.name] = value
    return p


def _read(f: EvidenceField, raw: EvidenceValue | None, item: Item, p: PreparedItem, year: int) -> Any:
    value = raw.value if raw is not None else None
    cell = raw.cell if raw is not None else None
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return BLANK
    if is_not_applicable(value):
        return NOT_APPLICABLE
    try:
        if isinstance(value, str) and looks_like_formula(value):
            raise ValueProblem("formula_text", value=clean_text(value)[:60])
        if f.type in ("date", "document") and isinstance(value, str) and len(value) <= 24 \
                and fold(value).rstrip(".") in _ABSENT_WORDS:
            return ABSENT
        typed = _parse(f, value)
    except ValueProblem as prob:
        p.problems[f.name] = _value_finding(item, f.name, f.label, prob, cell)
        return None  # reading failed: the field stays unset, the finding says why
    date = typed if isinstance(typed, dt.date) else (typed.date if isinstance(typed, DocumentRef) else None)
    if date is not None:
        first = year - 1 if f.allow_previous_year else year
        if not (first <= date.year <= year):
            p.problems[f.name + "#year"] = _finding("invalid_value", "date_outside_year", "warning", item=item.id,
                                                    field=f.name, cell=cell, label=f.label, date=date, year=str(year))
    return typed


def _parse(f: EvidenceField, value: Any) -> Any:
    if f.type == "count":
        return parse_count(value)
    if f.type == "percent":
        return parse_percent(value)
    if f.type == "number":
        return parse_decimal(value)
    if f.type == "date":
        return parse_date(value)
    if f.type == "yes_no":
        return parse_yes_no(value)
    if f.type == "choice":
        return parse_choice(value, {o.value: o.label for o in f.options or []})
    if f.type == "document":
        return parse_document(value)
    return parse_text(value)


def _run_item_checks(prepared: dict[str, PreparedItem]) -> None:
    for p in prepared.values():
        if p.declared_na:
            continue
        for check in p.item.checks:
            finding = _evaluate_check(check, lambda name, p=p: (p.quantity(name), p.quantity_label(name), p.cell(_first(name))),
                                      p.item.id)
            if finding is not None:
                p.problems[f"check:{check.id}"] = finding
        m = p.item.method
        if isinstance(m, (RatioMethod, ProportionalMethod)):
            num, den = p.quantity(m.numerator), p.quantity(m.denominator)
            if num is not None and den is not None:
                if den < 0:
                    p.blocked.append(_finding("inconsistent", "negative_denominator", "error", item=p.item.id,
                                              field=_first(m.denominator), cell=p.cell(_first(m.denominator)),
                                              den_label=p.quantity_label(m.denominator), den=den))
                elif m.part_of_whole and num > den:
                    p.blocked.append(_finding("inconsistent", "part_exceeds_whole", "error", item=p.item.id,
                                              field=_first(m.numerator), cell=p.cell(_first(m.numerator)),
                                              num_label=p.quantity_label(m.numerator), num=num,
                                              den_label=p.quantity_label(m.denominator), den=den))


def _run_ruleset_checks(checks: list[Check], prepared: dict[str, PreparedItem]) -> None:
    def resolve(q: Any) -> tuple[Decimal | None, str, CellRef | None]:
        parts = (list(q.sum), list(q.minus)) if isinstance(q, Sum) else ([q], [])
        total, text, cell = Decimal(0), "", None
        for sign, group in ((1, parts[0]), (-1, parts[1])):
            for ref in group:
                item_id, _, name = ref.partition(":")
                p = prepared[item_id]
                v = None if p.declared_na else p.values.get(name)
                if not isinstance(v, (int, Decimal)):
                    return None, "", None
                total += sign * Decimal(v)
                label = f"«{p.label(name)}» ({item_id})"
                text = label if not text else f"{text} {'−' if sign < 0 else '+'} {label}"
                cell = cell or p.cell(name)
        return total, text, cell

    for check in checks:
        finding = _evaluate_check(check, resolve, _first(check.left).partition(":")[0])
        if finding is not None:
            item_id = _first(check.left).partition(":")[0]
            prepared[item_id].problems[f"check:{check.id}"] = finding


def _evaluate_check(check: Check, resolve: Any, item_id: str) -> Finding | None:
    left, left_text, cell = resolve(check.left)
    right, right_text, _ = resolve(check.right)
    if left is None or right is None:
        return None
    ok = left == right if check.op == "eq" else left <= right
    if ok:
        return None
    code = "check_failed" if check.op == "eq" else "check_failed_le"
    return _finding("inconsistent", code, "error", item=item_id, field=_first(check.left).partition(":")[2] or _first(check.left),
                    cell=cell, label=check.label or check.id, left_text=left_text, left=left, right_text=right_text, right=right)


def _resolve_states(ruleset: RuleSet, prepared: dict[str, PreparedItem]) -> None:
    # not_applicable.follows may chain; resolve in passes until stable
    for p in prepared.values():
        p.state = _own_state(p)
    changed = True
    while changed:
        changed = False
        for p in prepared.values():
            if p.state != "not_applicable" and any(
                is_not_applicable_state(prepared[other]) for other in p.item.not_applicable.follows if other in prepared
            ):
                p.state = "not_applicable"
                changed = True


def is_not_applicable_state(p: PreparedItem) -> bool:
    """Not applicable by declaration, by `follows`, or by a zero denominator that means so."""
    if p.state == "not_applicable":
        return True
    m = p.item.method
    return p.state == "zero_denominator" and m.__dict__.get("zero_denominator") == "not_applicable"


def _own_state(p: PreparedItem) -> str:
    if p.declared_na:
        return "not_applicable"
    needed = method_fields(p.item)
    if any(name not in p.values for name in needed) or p.blocked:
        return "missing"
    m = p.item.method
    if isinstance(m, (RatioMethod, ProportionalMethod)) and p.quantity(m.denominator) == 0:
        return "zero_denominator"
    if isinstance(m, DeadlineMethod):
        for due in m.due:
            v = p.values[due.field]
            if isinstance(v, DocumentRef) and v.date is None:
                p.problems.setdefault(due.field, _finding("missing_data", "document_without_date", "warning",
                                                          item=p.item.id, field=due.field, cell=p.cell(due.field),
                                                          label=p.label(due.field).split(" (")[0]))
                return "missing"
    return "measured"


def _first(q: Any) -> str:
    return q.sum[0] if isinstance(q, Sum) else q


def _value_finding(item: Item, name: str | None, label: str, prob: ValueProblem, cell: CellRef | None) -> Finding:
    return _finding("invalid_value", "value_problem", "error", item=item.id, field=name, cell=cell,
                    label=label, problem=render(prob.code, **prob.params))


def _finding(kind: str, code: str, severity: str, *, item: str | None = None, field: str | None = None,
             cell: CellRef | None = None, points_lost: Decimal | None = None, recovery: str | None = None,
             **params: Any) -> Finding:
    # trusted: every argument is built here from values the engine computed (no re-validation on the hot path)
    return Finding.trusted(kind=kind, code=code, severity=severity, item=item, field=field, cell=cell,
                           message=render(code, item=item, **params), points_lost=points_lost, recovery=recovery)

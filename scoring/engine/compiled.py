"""A rule set compiled once for evaluation: per item its method, readers, decision table
and dependencies; the declared checks as linear relations between fields; the
classification as rows on the index; and the durable_rules ruleset they all become.

Compiled lazily per rule-set hash and kept for the life of the process.
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..messages import render
from ..methods import Method, method_of
from ..methods.rows import Cond, Row, row
from ..models.result import RowInfo
from ..models.ruleset import Check, Criterion, Item, RuleSet, Sum
from ..ruleset import LoadedRuleSet
from .readers import reader_for


@dataclass(eq=False)
class ItemSpec:
    item: Item
    method: Method
    index: int
    component: str | None
    criterion: str | None
    rows: list[Row]
    method_fields: tuple[str, ...]
    dated_fields: tuple[str, ...]
    readers: dict[str, Any]
    fields: list[tuple[Any, Any, Any, bool, bool]]  # (field, reader, default as read, needed, dated)
    field_index: frozenset[str]
    follows: tuple[str, ...]
    documents_required: bool
    row_infos: list[RowInfo] = field(default_factory=list)
    by_id: dict[str, Row] = field(default_factory=dict)
    followed: bool = False                # another item is not applicable whenever this one is
    check_fields: tuple[str, ...] = ()    # numeric fields a declared check compares

    def suggest_field(self, name: str) -> str:
        hits = difflib.get_close_matches(name, list(self.field_index), n=1)
        return render("did_you_mean", name=hits[0]) if hits else ""


@dataclass(frozen=True)
class Term:
    coef: int        # +1 or −1
    item: str
    field: str


@dataclass(eq=False)
class CheckSpec:
    """left (op) right as Σ coef × value (op) 0; `item` is where its finding is reported."""

    id: str
    rule: str          # rule-name prefix: "3.2.1/check:tasks_add_up" or "check:resolved_same_3_2"
    item: str
    owner: str | None  # the item an item-level check belongs to (None: across items)
    label: str
    op: str            # eq | le
    check: Check
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class ClassRow:
    id: str
    label: str
    lower: int               # index × 100, inclusive
    upper: int | None        # exclusive


@dataclass(eq=False)
class CompiledRuleSet:
    loaded: LoadedRuleSet
    items: list[ItemSpec]
    by_id: dict[str, ItemSpec]
    checks: list[CheckSpec]
    classes: list[ClassRow]

    @property
    def ruleset(self) -> RuleSet:
        return self.loaded.ruleset


_COMPILED: dict[str, CompiledRuleSet] = {}
_LOCK = threading.Lock()


def compiled(loaded: LoadedRuleSet) -> CompiledRuleSet:
    """The compiled form of `loaded`, built on first use and kept for the process."""
    found = _COMPILED.get(loaded.hash)
    if found is not None:
        return found
    with _LOCK:
        found = _COMPILED.get(loaded.hash)
        if found is None:
            found = _COMPILED[loaded.hash] = compile_ruleset(loaded)
        return found


def compile_ruleset(loaded: LoadedRuleSet) -> CompiledRuleSet:
    rs = loaded.ruleset
    placement: dict[str, tuple[str | None, str | None]] = {}
    for comp in rs.components:
        for crit in comp.criteria:
            for item in (crit.items if isinstance(crit, Criterion) else [crit]):
                placement[item.id] = (comp.id, crit.id)
    items = [_item_spec(item, i, *placement.get(item.id, (None, None))) for i, item in enumerate(rs.items())]
    by_id = {s.item.id: s for s in items}
    for spec in items:
        for other in spec.follows:
            by_id[other].followed = True
    checks = [_check_spec(c, owner=item.id) for item in rs.items() for c in item.checks]
    checks += [_check_spec(c, owner=None) for c in rs.checks]
    fields: dict[str, dict[str, None]] = {}
    for check in checks:
        for term in check.terms:
            fields.setdefault(term.item, {})[term.field] = None
    for spec in items:
        spec.check_fields = tuple(fields.get(spec.item.id, ()))
    return CompiledRuleSet(loaded, items, by_id, checks, _classes(rs))


def _item_spec(item: Item, index: int, component: str | None, criterion: str | None) -> ItemSpec:
    method = method_of(item.method.kind)
    follows = tuple(item.not_applicable.follows)
    rows = [
        row(item.id, "na", [], "not_applicable", None, render("row_declared_na"), state="not_applicable"),
        row(item.id, "missing", [], "missing", Decimal(0), render("row_missing"), state="missing"),
        *method.rows(item),
    ]
    for other in follows:
        rows.append(Row(f"{item.id}/follows_{other}", f"follows_{other}", "any", (), "not_applicable", None,
                        render("row_follows_na", item=other), follows=other))
    method_fields = method.fields(item.method)
    readers = {f.name: reader_for(f) for f in item.evidence}
    spec = ItemSpec(
        item=item, method=method, index=index, component=component, criterion=criterion, rows=rows,
        method_fields=method_fields,
        dated_fields=tuple(d.field for d in getattr(item.method, "due", ())),
        readers=readers,
        fields=[(f, readers[f.name], readers[f.name](f.default) if f.default is not None else None,
                 f.required or f.name in method_fields, f.type in ("date", "document")) for f in item.evidence],
        field_index=frozenset(f.name for f in item.evidence),
        follows=follows,
        documents_required=(item.documents == "required" and not item.is_survey and item.effect != "penalty"),
    )
    spec.row_infos = [RowInfo.trusted(id=r.id, label=r.label) for r in rows]
    spec.by_id = {r.id: r for r in rows}
    return spec


def _check_spec(check: Check, owner: str | None) -> CheckSpec:
    def terms(q: str | Sum, sign: int) -> list[Term]:
        parts = [(n, 1) for n in (q.sum if isinstance(q, Sum) else [q])]
        parts += [(n, -1) for n in (q.minus if isinstance(q, Sum) else [])]
        out = []
        for ref, s in parts:
            item_id, _, name = ref.partition(":") if owner is None else (owner, ":", ref)
            out.append(Term(sign * s, item_id, name))
        return out

    all_terms = tuple(terms(check.left, 1) + terms(check.right, -1))
    home = owner or all_terms[0].item
    prefix = f"{owner}/check:{check.id}" if owner else f"check:{check.id}"
    return CheckSpec(check.id, prefix, home, owner, check.label or check.id, check.op, check, all_terms)


def _classes(rs: RuleSet) -> list[ClassRow]:
    out: list[ClassRow] = []
    upper: int | None = None
    for band in rs.classification:
        lower = int(band.at_least * 100)
        out.append(ClassRow(f"class/{lower}", band.label, lower, upper))
        upper = lower
    return out


def class_conds(c: ClassRow) -> list[Cond]:
    return [Cond("x", "ge", c.lower)] + ([Cond("x", "lt", c.upper)] if c.upper is not None else [])

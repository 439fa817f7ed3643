"""Raw evidence → typed inputs per item, with every reading problem as a finding.

Nothing here decides a score. It reads each value as its field's type, notes blank and
unreadable inputs, and sets the item fact's *state*: not_applicable (declared by the
unit), missing (a value the method needs is blank or unreadable) or measured. What the
figures mean — bands, deadlines, contradictions, "not applicable because another item
is" — is decided by durable_rules on the facts built from these inputs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..findings import finding
from ..models.evidence import CellRef, ItemEvidence
from ..models.result import Finding
from ..models.ruleset import EvidenceField, Sum
from ..values import (
    ABSENT,
    DocumentRef,
    ValueProblem,
    is_not_applicable,
    parse_text,
    parse_yes_no,
)
from .compiled import ItemSpec
from .readers import NOT_APPLICABLE, reader_for


class ItemInputs:
    """One item's inputs as read: typed values, reading problems, blank fields, state."""

    __slots__ = ("spec", "ev", "values", "problems", "missing", "has_documents", "documents_cell",
                 "explanation", "declared_na", "state", "_quantities")

    def __init__(self, spec: ItemSpec, ev: ItemEvidence) -> None:
        self.spec = spec
        self.ev = ev
        self.values: dict[str, Any] = {}          # typed values; blank and unreadable fields are absent
        self.problems: dict[str, Finding] = {}    # field (or "documents", "not_applicable", …) → problem
        self.missing: list[str] = []              # blank fields the item needs
        self.has_documents = False
        self.documents_cell: CellRef | None = None
        self.explanation: str | None = None
        self.declared_na = False
        self.state = "measured"
        self._quantities: dict[Any, Any] = {}

    def cell(self, name: str) -> CellRef | None:
        ev = self.ev.values.get(name)
        return ev.cell if ev is not None else None

    def label(self, name: str) -> str:
        f = self.spec.item.field(name)
        return f.label if f else name

    def quantity(self, q: str | Sum) -> Decimal | int | None:
        """sum − minus over typed numbers; None when a part is missing (memoised)."""
        key = q if isinstance(q, str) else id(q)
        try:
            return self._quantities[key]
        except KeyError:
            pass
        if isinstance(q, str):
            v = self.values.get(q)
            total = v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None
        else:
            total = 0
            for sign, group in ((1, q.sum), (-1, q.minus)):
                for name in group:
                    v = self.values.get(name)
                    if not isinstance(v, (int, Decimal)) or isinstance(v, bool):
                        total = None
                        break
                    total += sign * v
                if total is None:
                    break
        self._quantities[key] = total
        return total

    def quantity_label(self, q: str | Sum) -> str:
        if isinstance(q, Sum):
            text = " + ".join(f"«{self.label(n)}»" for n in q.sum)
            return text + "".join(f" − «{self.label(n)}»" for n in q.minus)
        return f"«{self.label(q)}»"


def _blank(value: Any) -> bool:
    """Nothing entered: None, or text of spaces (a non-breaking or zero-width space included)."""
    return value is None or (type(value) is str and not value.strip().strip("\u200b"))


_DOCUMENT = reader_for(EvidenceField(name="documents", label="Tài liệu kiểm chứng", type="document"))


# --------------------------------------------------------------------------- one item

def prepare_item(spec: ItemSpec, ev: ItemEvidence, year: int) -> ItemInputs:
    item = spec.item
    x = ItemInputs(spec, ev)
    iid = item.id
    given = ev.values
    if given and not given.keys() <= spec.field_index:
        for name, value in given.items():
            if name not in spec.field_index:
                x.problems[name] = finding("invalid_value", "unknown_field_value", "error", item=iid, field=name,
                                           cell=value.cell, key=_key(iid, name, value.cell),
                                           hint=spec.suggest_field(name))

    declared = _flag_not_applicable(x) if ev.not_applicable is not None else False

    if ev.explanation is not None and not _blank(ev.explanation.value):
        try:
            x.explanation = parse_text(ev.explanation.value)
        except ValueProblem as prob:
            x.problems["explanation"] = _value_finding(x, None, "Giải trình", prob, ev.explanation.cell, "explanation")

    for doc in ev.documents:
        if x.documents_cell is None and doc.cell is not None:
            x.documents_cell = doc.cell
        if _blank(doc.value):
            continue
        try:
            if _DOCUMENT(doc.value) not in (ABSENT, NOT_APPLICABLE):  # «Không» cites no document
                x.has_documents = True
        except ValueProblem as prob:
            x.problems.setdefault("documents", _value_finding(x, None, "Tài liệu kiểm chứng", prob, doc.cell,
                                                              "documents"))

    if not declared:
        declared = _read_values(spec, x, year)
    if declared:
        x.values.clear()
        x.missing.clear()
        for key in [k for k in x.problems if k in spec.field_index or k.endswith("#year")]:
            del x.problems[key]
        x.declared_na = True
        x.state = "not_applicable"
        if not x.explanation:
            cell = ev.not_applicable.cell if ev.not_applicable else ev.cell
            x.problems["not_applicable"] = finding("missing_data", "not_applicable_no_explanation", "warning",
                                                   item=iid, cell=cell)
        return x

    values = x.values
    for name in spec.method_fields:
        if name not in values:
            x.state = "missing"
            return x
    for name in spec.dated_fields:  # a deadline needs the document's date
        v = values[name]
        if isinstance(v, DocumentRef) and v.date is None:
            cell = x.cell(name)
            x.problems.setdefault(name, finding("missing_data", "document_without_date", "warning", item=iid,
                                                field=name, cell=cell, key=_key(iid, name, cell),
                                                label=x.label(name).split(" (")[0]))
            x.state = "missing"
            break
    return x


def _read_values(spec: ItemSpec, x: ItemInputs, year: int) -> bool:
    """Read every field; True when «Không áp dụng» typed into one declares the item n/a."""
    iid = spec.item.id
    given = x.ev.values
    values = x.values
    for f, read, default, needed, dated in spec.fields:
        raw = given.get(f.name)
        value = raw.value if raw is not None else None
        if _blank(value):
            if default is not None:
                values[f.name] = default
            elif needed:
                x.missing.append(f.name)
            continue
        try:
            typed = read(value)
        except ValueProblem as prob:
            x.problems[f.name] = _value_finding(x, f.name, f.label, prob, raw.cell, f.name)
            continue
        if typed is NOT_APPLICABLE:
            if spec.item.not_applicable.declarable:
                return True
            x.problems[f.name] = finding("invalid_value", "not_applicable_not_allowed", "error", item=iid,
                                         field=f.name, cell=raw.cell, key=_key(iid, f.name, raw.cell), label=f.label)
            continue
        values[f.name] = typed
        if dated:
            when = typed if type(typed) is dt.date else (typed.date if isinstance(typed, DocumentRef) else None)
            if when is not None:
                first = year - 1 if f.allow_previous_year else year
                if not first <= when.year <= year:
                    x.problems[f.name + "#year"] = finding("invalid_value", "date_outside_year", "warning", item=iid,
                                                           field=f.name, cell=raw.cell,
                                                           key=_key(iid, f.name, raw.cell), label=f.label, date=when,
                                                           year=year)
            if f.type == "document" and isinstance(typed, DocumentRef):
                x.has_documents = True
    return False


def _flag_not_applicable(x: ItemInputs) -> bool:
    """The item's own «Không áp dụng» cell or flag."""
    flag = x.ev.not_applicable
    raw = flag.value
    if raw in (None, "", False):
        return False
    try:
        declared = raw is True or is_not_applicable(raw) or parse_yes_no(raw)
    except ValueProblem:
        x.problems["not_applicable"] = finding("invalid_value", "value_problem", "error", item=x.spec.item.id,
                                               cell=flag.cell if flag else None, label="Không áp dụng",
                                               problem="not_applicable_bad_value", value=str(raw))
        return False
    if declared and not x.spec.item.not_applicable.declarable:
        cell = flag.cell if flag is not None and flag.cell is not None else x.ev.cell
        x.problems["not_applicable"] = finding("invalid_value", "not_applicable_not_allowed_item", "error",
                                               item=x.spec.item.id, cell=cell)
        return False
    return bool(declared)


def _key(item_id: str, name: str, cell: CellRef | None) -> str | None:
    """Where a value sits in a JSON/YAML evidence file (a workbook value has its cell instead)."""
    return None if cell is not None else f"items.{item_id}.values.{name}"


def _value_finding(x: ItemInputs, name: str | None, label: str, prob: ValueProblem, cell: CellRef | None,
                   part: str) -> Finding:
    iid = x.spec.item.id
    key = None if cell is not None else (f"items.{iid}.values.{name}" if name else f"items.{iid}.{part}")
    return finding("invalid_value", "value_problem", "error", item=iid, field=name, cell=cell, key=key, label=label,
                   problem=prob.code, **prob.params)

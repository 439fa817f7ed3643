"""Findings about an item's outcome: why points were lost and what would earn them back.

Each applicable self-assessed item that scores below its maximum gets exactly one
finding carrying `points_lost` (a data gap, a missed target, a missed deadline or
another lost point), so the points lost add up to max − points over the index.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from . import vn
from .decisions import Row, deadline_of, due_date
from .inputs import PreparedItem, _finding
from .models.base import to_fraction
from .models.result import Finding
from .models.ruleset import (
    ChecklistMethod,
    ChoiceMethod,
    CountMethod,
    DeadlineMethod,
    DeductionMethod,
    ProportionalMethod,
    RatioMethod,
    Sum,
    WithinLimitMethod,
    YesNoMethod,
)
from .values import DocumentRef


def outcome_findings(p: PreparedItem, row: Row, points: Decimal, year: int, measure: str | None) -> list[Finding]:
    item, mx = p.item, p.item.max_points
    lost = mx - points
    if item.effect == "penalty":
        if points > 0:
            return [_finding("points_lost", "penalty_applied", "warning", item=item.id, cell=p.evidence.cell,
                             points=points, detail=measure or "")]
        return []
    if item.effect == "bonus" or item.is_survey or lost <= 0 or p.state not in ("measured", "zero_denominator"):
        return []

    m = item.method
    common = {"points": points, "max": mx}
    if p.state == "zero_denominator":  # a policy that scores an empty denominator below the maximum
        if row.outcome == "not_applicable":
            return []
        den = m.denominator  # type: ignore[union-attr]
        label = p.quantity_label(den)
        return [_lost("points_lost", "points_lost_zero", p, den, lost, _msg("recover_zero", label=label),
                      label=label, **common)]
    if isinstance(m, RatioMethod):
        target = m.bands[0]
        nxt = _band_above(m.bands, row)
        recovery = _ratio_recovery(p, m.numerator, m.denominator, nxt.threshold, nxt.strict, nxt.points) if nxt else None
        return [_lost("target_missed", "target_missed", p, m.numerator, lost, recovery,
                      measure=f"Tỷ lệ {measure}", band=target.label or _band_text(target), **common)]
    if isinstance(m, ProportionalMethod):
        recovery = _ratio_recovery(p, m.numerator, m.denominator, m.target, False, mx)
        return [_lost("target_missed", "target_missed_proportional", p, m.numerator, lost, recovery,
                      measure=f"Tỷ lệ {measure}", target=f"{vn.number(m.target)}%", **common)]
    if isinstance(m, DeadlineMethod):
        out: list[Finding] = []
        deadlines = ", ".join(vn.date(deadline_of(d.by, year)) for d in m.due)
        for due in m.due:
            what = due.label or p.label(due.field).split(" (")[0]
            when, deadline = due_date(p, due.field), deadline_of(due.by, year)
            if when is None:
                out.append(_lost("points_lost", "deadline_absent", p, due.field, lost if not out else None,
                                 _msg("recover_deadline_absent", what=what.lower()), what=what, **common))
            elif when > deadline:
                out.append(_lost("deadline_missed", "deadline_missed", p, due.field, lost if not out else None,
                                 _msg("recover_deadline", deadlines=deadlines, max=mx), what=what, date=when,
                                 days=(when - deadline).days, deadline=deadline, **common))
        return out
    if isinstance(m, YesNoMethod):
        label = p.label(m.field)
        return [_lost("points_lost", "points_lost_no", p, m.field, lost, _msg("recover_yes", label=label, max=mx),
                      label=label, **common)]
    if isinstance(m, ChoiceMethod):
        f = item.field(m.field)
        labels = {o.value: o.label for o in (f.options or [])} if f else {}
        best = max(m.points, key=lambda k: m.points[k])
        return [_lost("points_lost", "points_lost_choice", p, m.field, lost,
                      _msg("recover_choice", best=labels.get(best, best), max=m.points[best]),
                      option=labels.get(p.values[m.field], p.values[m.field]), **common)]
    if isinstance(m, ChecklistMethod):
        missing = [p.label(n) for n in m.fields if not p.values[n]]
        return [_lost("points_lost", "points_lost_checklist", p, next(n for n in m.fields if not p.values[n]), lost,
                      _msg("recover_checklist", missing="; ".join(f"«{x}»" for x in missing)),
                      done=len(m.fields) - len(missing), total=len(m.fields), **common)]
    if isinstance(m, DeductionMethod):
        name = _first(m.count)
        f = item.field(name)
        return [_lost("points_lost", "points_lost_deduction", p, name, lost,
                      _msg("recover_deduction", step=m.step, max=mx), count=int(p.quantity(m.count) or 0),
                      unit=(f.unit if f and f.unit else "trường hợp"), label=p.label(name), deducted=lost, **common)]
    if isinstance(m, CountMethod):
        name = _first(m.count)
        f = item.field(name)
        n = int(p.quantity(m.count) or 0)
        cap = m.cap if m.cap is not None else mx
        need = max(0, math.ceil(cap / m.each) - n)
        return [_lost("points_lost", "points_lost_count", p, name, lost,
                      _msg("recover_count", unit=(f.unit if f and f.unit else "lần"), each=m.each, need=need, max=cap),
                      count=n, label=p.label(name), **common)]
    if isinstance(m, WithinLimitMethod):
        over = Decimal(p.values[m.value]) - Decimal(p.values[m.limit])
        return [_lost("points_lost", "points_lost_limit", p, m.value, lost,
                      _msg("recover_limit", over=over, limit_label=p.label(m.limit)),
                      value_label=p.label(m.value), value=p.values[m.value], limit_label=p.label(m.limit),
                      limit=p.values[m.limit], **common)]
    return []


def _band_above(bands: list, row: Row):  # type: ignore[no-untyped-def]
    """The band just above the one that fired (the next step up)."""
    if row.band is None:  # "otherwise" fired: the lowest band is the next step
        return bands[-1] if bands else None
    index = next(i for i, b in enumerate(bands) if b.key == row.band.key)
    return bands[index - 1] if index > 0 else None


def _ratio_recovery(p: PreparedItem, numerator, denominator, threshold: Decimal, strict: bool, points: Decimal) -> str | None:  # type: ignore[no-untyped-def]
    """The smallest numerator (denominator unchanged) that reaches the threshold."""
    num, den = p.quantity(numerator), p.quantity(denominator)
    if num is None or den is None or den <= 0:
        return None
    target = to_fraction(den) * to_fraction(threshold) / 100
    integral = all(isinstance(p.values.get(n), int) for n in _names(numerator) + _names(denominator))
    if integral:
        needed = Fraction(math.floor(target) + 1) if strict else Fraction(math.ceil(target))
    else:
        needed = target if not strict else target + Fraction(1, 100)
    name = _first(numerator)
    label = p.label(name)
    if p.item.method.part_of_whole and needed > to_fraction(den):  # type: ignore[union-attr]
        return _msg("recover_impossible", label=label)
    need = needed - to_fraction(num)
    f = p.item.field(name)
    unit = f.unit if f and f.unit else None
    if unit and label.lower().startswith(f"số {unit} "):
        phrase = label[len(f"số {unit} "):]
        return _msg("recover_ratio", need=need, unit=unit, label=phrase, value=needed, points=points).replace(f"«{phrase}»", phrase)
    if unit:
        return _msg("recover_ratio", need=need, unit=unit, label=label, value=needed, points=points)
    return _msg("recover_ratio_nounit", need=need, label=label, value=needed, points=points)


def _lost(kind: str, code: str, p: PreparedItem, field_name: str | Sum | None, lost: Decimal | None,
          recovery: str | None, **params: object) -> Finding:
    name = _first(field_name) if field_name is not None else None
    return _finding(kind, code, "info", item=p.item.id, field=name, cell=p.cell(name) if name else p.evidence.cell,
                    points_lost=lost, recovery=recovery, **params)


def _msg(code: str, **params: object) -> str:
    from .messages import render

    return render(code, **params)


def _band_text(band) -> str:  # type: ignore[no-untyped-def]
    return f"{'>' if band.strict else '≥'} {vn.number(band.threshold)}%"


def _first(q) -> str:  # type: ignore[no-untyped-def]
    return q.sum[0] if isinstance(q, Sum) else q


def _names(q) -> list[str]:  # type: ignore[no-untyped-def]
    return list(q.sum) + list(q.minus) if isinstance(q, Sum) else [q]


def missing_data_findings(p: PreparedItem) -> list[Finding]:
    """Blank or unreadable inputs of an item; the first one carries the lost points."""
    item = p.item
    out: list[Finding] = []
    for name in p.missing:
        out.append(_finding("missing_data", "missing_value", "warning", item=item.id, field=name, cell=p.cell(name),
                            label=p.label(name)))
    return out


def attach_lost_points(findings: list[Finding], p: PreparedItem) -> list[Finding]:
    """For an unscorable self-assessed item, put its max on the first blocking finding."""
    lost = p.item.max_points
    for i, f in enumerate(findings):
        if f.item == p.item.id and f.kind in ("missing_data", "invalid_value", "inconsistent") and f.severity != "info":
            if f.code == "missing_value":
                updated = Finding.trusted(**{**f.__dict__, "points_lost": lost,
                                             "message": _msg("missing_value_item", label=p.label(f.field or ""),
                                                             item=p.item.id, lost=lost)})
            else:
                updated = Finding.trusted(**{**f.__dict__, "points_lost": lost})
            return findings[:i] + [updated] + findings[i + 1:]
    return findings


def document_findings(p: PreparedItem, points: Decimal) -> list[Finding]:
    """Points above 0 need evidence documents (TLKC), or at least an explanation."""
    item = p.item
    if item.is_survey or item.documents != "required" or points <= 0 or item.effect == "penalty":
        return []
    has_document = bool(p.documents) or any(
        isinstance(p.values.get(f.name), DocumentRef) for f in item.evidence if f.type == "document"
    )
    if has_document:
        return []
    # point at the TLKC cell when the evidence came from a workbook, else at the item's row
    cell = next((d.cell for d in p.evidence.documents if d.cell is not None), p.evidence.cell)
    if p.explanation:
        return [_finding("missing_documents", "missing_documents_explained", "info", item=item.id, cell=cell)]
    return [_finding("missing_documents", "missing_documents", "warning", item=item.id, cell=cell, points=points)]



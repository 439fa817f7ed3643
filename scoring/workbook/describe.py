"""An item's scoring method in words, for the "Cách chấm điểm" column.

Built from the same decision rows the engine evaluates (`decisions.compile_item`), so
the workbook can never describe a rule other than the one that scores.
"""

from __future__ import annotations

from .. import vn
from ..decisions import compile_item
from ..models.ruleset import Item, Sum
from . import texts


def method_text(item: Item) -> str:
    """E.g. "Tỷ lệ = «đã hoàn thành» ÷ «trong kế hoạch».\n≥ 100% → 2 điểm\n< 80% → 0 điểm"."""
    m = item.method
    intro = texts.METHOD_INTRO.get(m.kind, "")
    if item.effect == "penalty" and m.kind == "count":
        intro = "Trừ điểm theo số trường hợp."
    if m.kind in ("ratio", "proportional"):
        intro = intro.format(num=_quantity(item, m.numerator), den=_quantity(item, m.denominator),
                             target=vn.number(getattr(m, "target", 0)))
    table = compile_item(item).rows
    # bands first, the zero-denominator rule last
    rows = [r.text for r in table if r.state == "measured"] + [r.text for r in table if r.state == "zero_denominator"]
    if m.kind == "survey":
        rows = []
    lines = [intro] + [_short(t) for t in rows]
    if item.not_applicable.declarable:
        lines.append("Được khai «Không áp dụng» (kèm giải trình).")
    return "\n".join(line for line in lines if line)


def _quantity(item: Item, q: str | Sum) -> str:
    def label(name: str) -> str:
        f = item.field(name)
        return f"«{f.label}»" if f else name

    if isinstance(q, Sum):
        text = " + ".join(label(n) for n in q.sum)
        return "(" + text + "".join(f" − {label(n)}" for n in q.minus) + ")" if q.minus or len(q.sum) > 1 else text
    return label(q)


def _short(text: str) -> str:
    return text.replace("Mẫu số bằng 0", "Mẫu số = 0")

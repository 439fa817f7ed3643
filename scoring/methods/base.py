"""The protocol every scoring method implements, with the defaults most kinds share.

Methods see an item's inputs through the small `Inputs` protocol: they depend on the rule-set
models, the messages and the rows, never on the engine that runs them (the rule-set loader
calls their static checks)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..messages import render
from ..models.result import Finding, Message
from ..models.ruleset import Band, Item, Sum

if TYPE_CHECKING:
    from .rows import Row

Path_ = tuple[str | int, ...]


class StaticChecks(Protocol):
    """What a method may report when a rule set is loaded (`scoring.ruleset` implements it)."""

    def need(self, name: str, role: str, sub: Path_) -> None:
        """`name` must be a declared field whose type suits `role` (see ruleset.FIELD_TYPES_FOR)."""

    def need_quantity(self, q: str | Sum, sub: Path_, role: str = "quantity") -> None: ...

    def within_max(self, value: Decimal | None, sub: Path_) -> None: ...

    def bands(self, bands: list[Band], otherwise: Decimal, *, percent: bool, ceiling: Decimal | None) -> None: ...

    def add(self, code: str, sub: Path_, **params: Any) -> None: ...


class Inputs(Protocol):
    """One item's inputs as the engine read them (scoring.engine.prepare.Inputs)."""

    values: dict[str, Any]   # typed values; blank and unreadable fields are absent
    spec: Any                # the compiled item (its `item`, the rule-set Item)

    def cell(self, name: str) -> Any: ...

    def label(self, name: str) -> str: ...

    def quantity(self, q: str | Sum) -> Decimal | int | None: ...

    def quantity_label(self, q: str | Sum) -> str: ...


class Method:
    """Defaults: no formula rows, no measure, no calculation beyond the row, no lost-points finding."""

    kind: ClassVar[str]

    def fields(self, m: Any) -> tuple[str, ...]:
        """The evidence fields the method reads; a blank one leaves the item unscored."""
        raise NotImplementedError

    def static_checks(self, item: Item, checks: StaticChecks) -> None:
        raise NotImplementedError

    def rows(self, item: Item) -> list[Row]:
        """Decision rows for the measured state: exclusive, and exhaustive over `fact`'s values."""
        raise NotImplementedError

    def fact(self, item: Item, x: Inputs, year: int) -> dict[str, Any]:
        """The attributes the rows test, as exact integers or codes."""
        raise NotImplementedError

    def formula(self, item: Item, row: Row, x: Inputs) -> Decimal:
        raise ValueError(f"no formula for {row.id}")

    def measure(self, item: Item, x: Inputs, year: int) -> tuple[Message | None, Decimal | None]:
        return None, None

    def calculation(self, item: Item, row: Row, x: Inputs, points: Decimal, year: int) -> Message | None:
        return None

    def lost(self, item: Item, row: Row, x: Inputs, points: Decimal, lost: Decimal, year: int) -> list[Finding]:
        return []

    def describe(self, item: Item) -> str:
        """The first line of the method in words (the rows follow it)."""
        return ""


# --------------------------------------------------------------------------- helpers

def pts(points: Decimal) -> str:
    return render("points", points=points)


def names(q: str | Sum) -> list[str]:
    return list(q.sum) + list(q.minus) if isinstance(q, Sum) else [q]


def first(q: str | Sum) -> str:
    return q.sum[0] if isinstance(q, Sum) else q


def message(code: str, **params: Any) -> Message:
    return Message(code, params)

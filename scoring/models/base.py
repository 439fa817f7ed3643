"""Shared model configuration and exact-number types."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer


class Model(BaseModel):
    """Frozen, strict about unknown keys: a misspelt key in a YAML file is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def trusted(cls, **values: Any) -> Any:
        """Build from values the engine computed itself, without validation.

        The engine creates a few hundred result objects per unit; validating data it has
        just computed costs more than the scoring. Same effect as `model_construct`
        (defaults filled, no checks) at a fraction of the cost. tests/test_models.py checks
        that it equals validated construction, and that a whole Result re-validates.
        """
        build = cls.__dict__.get("_trusted_build")
        if build is None:
            build = _trusted_builder(cls)
            type.__setattr__(cls, "_trusted_build", build)
        return build(values)


def _trusted_builder(cls: type[BaseModel]) -> Any:
    fields = cls.__pydantic_fields__
    # declared order, as validation gives; a default factory is the engine's to fill
    defaults = {name: (None if f.is_required() or f.default_factory is not None else f.get_default())
                for name, f in fields.items()}
    new = object.__new__
    set_ = object.__setattr__

    def build(values: dict[str, Any]) -> Any:
        data = defaults.copy()
        data.update(values)
        obj = new(cls)
        set_(obj, "__dict__", data)
        set_(obj, "__pydantic_fields_set__", set(values))
        set_(obj, "__pydantic_extra__", None)
        set_(obj, "__pydantic_private__", None)
        return obj

    return build


def _decimal_json(value: Decimal) -> float | int:
    # Points and percentages have at most a few decimals; a JSON number reads back exactly.
    return int(value) if value == value.to_integral_value() else float(value)


#: Exact number in memory, plain JSON number on the wire.
Num = Annotated[Decimal, PlainSerializer(_decimal_json, return_type=float, when_used="json")]
#: Points: exact, non-negative, at most 2 decimals.
Points = Annotated[Decimal, Field(ge=0, decimal_places=2), PlainSerializer(_decimal_json, return_type=float, when_used="json")]

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
ItemId = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$", max_length=20)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]

CENT = Decimal("0.01")


def round_points(value: Decimal | Fraction | int) -> Decimal:
    """Round to 2 decimals, half up (the published method's rounding)."""
    if isinstance(value, Fraction):
        # exact: scale, round half up on the rational, back to Decimal
        scaled = value * 100
        floor = scaled.numerator // scaled.denominator
        rest = scaled - floor
        rounded = floor + (1 if rest >= Fraction(1, 2) else 0)
        return (Decimal(rounded) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_fraction(value: Decimal | int) -> Fraction:
    return Fraction(value) if isinstance(value, int) else Fraction(value)

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

        The engine creates a few hundred result objects per unit; validating data it
        has just computed costs more than the scoring. Same effect as `model_construct`
        (defaults filled, no checks) at a fraction of the cost; tests/test_models.py
        checks that it equals validated construction.
        """
        spec = cls.__dict__.get("_trusted_spec")
        if spec is None:
            fields = cls.__pydantic_fields__
            defaults = {name: (None if f.is_required() or f.default_factory is not None else f.get_default())
                        for name, f in fields.items()}  # declared order, as validation gives
            required = frozenset(n for n, f in fields.items() if f.is_required() or f.default_factory is not None)
            spec = (defaults, required, frozenset(fields))
            type.__setattr__(cls, "_trusted_spec", spec)
        defaults, required, known = spec
        if not (required <= values.keys() <= known):
            raise TypeError(f"{cls.__name__}.trusted: missing {sorted(required - values.keys())}, "
                            f"unknown {sorted(values.keys() - known)}")
        data = defaults.copy()
        data.update(values)  # keeps the declared key order
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", data)
        object.__setattr__(obj, "__pydantic_fields_set__", set(values))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


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

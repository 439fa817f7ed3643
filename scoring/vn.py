"""Vietnamese display formats: 1.343 (thousands), 98,22 (decimals), 25/01/2024."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@functools.lru_cache(maxsize=8192)
def number(value: Decimal | int | float | Fraction, places: int | None = None) -> str:
    """1343 → "1.343"; Decimal("0.50") → "0,5"; places fixes the decimals ("98,22").

    Cached: the text depends only on the value (and places), and reports format the
    same few hundred numbers again and again.
    """
    if isinstance(value, int) and places is None:
        return f"{value:,}".replace(",", ".")
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    d = Decimal(value) if not isinstance(value, Decimal) else value
    if places is None and d == d.to_integral_value() and abs(d) < 1000:
        return str(int(d))  # the common case: small whole numbers of points and counts
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{d:,.{places}f}"
    else:
        d = d.normalize() if d == d.to_integral_value() else d
        text = f"{d:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def points(value: Decimal | int) -> str:
    """Points as officials write them: 0,5 · 1 · 69,5 · 0,25."""
    return number(value)


def percent(value: Decimal | Fraction, places: int = 2) -> str:
    return number(value, places) + "%"


def date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")

"""Money and percentages: Decimal end to end, one rounding helper.

Amounts are stored with two decimals in the report's own unit (万元 or 元).
Percentages are computed from unrounded amounts and rounded once, half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

MAX_DIGITS = 16
DECIMAL_PLACES = 2
CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def round_half_up(value: Decimal, places: int = DECIMAL_PLACES) -> Decimal:
    """Round a Decimal half up to `places` decimals (never banker's rounding)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"round_half_up expects Decimal, got {type(value).__name__}")
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percentage(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    """part / whole × 100, rounded once; None when the base is zero (no % on a zero base)."""
    if whole == 0:
        return None
    return round_half_up(part * HUNDRED / whole, places)


def decimal_sum(values) -> Decimal:
    """Sum that treats None as absent and always returns a Decimal."""
    return sum((v for v in values if v is not None), ZERO)


class AmountField(models.DecimalField):
    """An amount in the report's unit: 16 digits, 2 decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs

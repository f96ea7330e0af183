"""Money and percentages: Decimal end to end, one rounding helper.

Amounts are stored with two decimals in the report's own unit (万元 or 元).
Percentages are computed from unrounded amounts and rounded once, half up.
"""

from decimal import ROUND_HALF_UP, Context, Decimal

from django.core.exceptions import ValidationError
from django.db import models

# The one range of every amount. SQLite keeps a decimal column as an IEEE
# double, which holds any decimal of at most 15 significant digits exactly;
# 13 integer digits and cents is that limit. In 元 it is just under 10万亿元,
# above the whole central budget's yearly expenditure, so no single unit's
# final account comes near it; PostgreSQL's numeric holds it exactly too.
MAX_DIGITS = 15
DECIMAL_PLACES = 2
MAX_AMOUNT = Decimal("9999999999999.99")
MAX_AMOUNT_SHOWN = "9,999,999,999,999.99"
AMOUNT_RANGE_MESSAGE = f"超出金额范围，金额的绝对值不能超过 {MAX_AMOUNT_SHOWN}。"
CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

# Rounding must not fail on a figure wider than the default 28-digit context
# (a value that slipped past the range would otherwise break every page
# that prints it); 80 digits covers any input the parsers let through.
_WIDE = Context(prec=80)


def round_half_up(value: Decimal, places: int = DECIMAL_PLACES) -> Decimal:
    """Round a Decimal half up to `places` decimals (never banker's rounding)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"round_half_up expects Decimal, got {type(value).__name__}")
    return value.quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE
    )


def amount_in_range(value: Decimal | int) -> bool:
    """True when |value| fits the one amount range (compared before any rounding)."""
    return abs(value) <= MAX_AMOUNT


def validate_amount_range(value) -> None:
    """Model and form validator of every amount field."""
    if value is not None and not amount_in_range(value):
        raise ValidationError(AMOUNT_RANGE_MESSAGE, code="amount_range")


def percentage(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    """part / whole × 100, rounded once; None when the base is zero (no % on a zero base)."""
    if whole == 0:
        return None
    return round_half_up(part * HUNDRED / whole, places)


def decimal_sum(values) -> Decimal:
    """Sum that treats None as absent and always returns a Decimal."""
    return sum((v for v in values if v is not None), ZERO)


class AmountField(models.DecimalField):
    """An amount in the report's unit: at most MAX_AMOUNT in absolute value, 2 decimals.

    The range is checked three times: by the parsers (with the cell named),
    by full_clean (the validator), and by the database itself (a column
    CHECK), so a shell or bulk write cannot store a figure that SQLite
    would round and that would then fail to load.
    """

    default_validators = [validate_amount_range]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # Django's digit-count messages would speak of "15 digits"; every form
        # says the same range with the field's name instead.
        message = f"“{field.label}”{AMOUNT_RANGE_MESSAGE}"
        field.error_messages["max_digits"] = message
        field.error_messages["max_whole_digits"] = message
        return field

    def db_check(self, connection):
        return f'"{self.column}" BETWEEN -{MAX_AMOUNT} AND {MAX_AMOUNT}'

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs

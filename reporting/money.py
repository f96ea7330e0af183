"""Money and percentages: Decimal end to end, one rounding helper, one parser.

Amounts are stored exactly, to the cent in 元, in the unit the report
publishes in: six decimals of 万元 are the cent, so a 万元 report keeps
1,203,450.00 元 as 120.345000. Published figures are computed from these
exact amounts and rounded once for display (format_amount); the accountant
types in 元 or 万元, whichever the report's entry unit is (parse_entry).
Percentages are computed from unrounded amounts and rounded once, half up.
Every entry path (grids, workbook and flat imports, admin forms) reads what
was typed through `parse_amount` and `parse_count`, so one input means the
same figure, or gets the same refusal, wherever it is typed.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The one range of every amount. SQLite keeps a decimal column as an IEEE
# double, which holds any decimal of at most 15 significant digits exactly;
# 13 integer digits and cents is that limit. In 元 it is just under 10万亿元,
# above the whole central budget's yearly expenditure, so no single unit's
# final account comes near it; PostgreSQL's numeric holds it exactly too.
#
# The column keeps six decimals, the cent of an amount in 万元; the range is
# that of the amount in 元, so a stored figure never has more than 15
# significant digits (a 万元 figure has at most 9 integer digits).
MAX_DIGITS = 19
DECIMAL_PLACES = 2  # what a published amount shows, and the cent of 元
STORED_PLACES = 6
MAX_AMOUNT = Decimal("9999999999999.99")
MAX_AMOUNT_SHOWN = "9,999,999,999,999.99"
AMOUNT_RANGE_MESSAGE = f"超出金额范围，金额的绝对值不能超过 {MAX_AMOUNT_SHOWN}。"
CENT = Decimal("0.01")
ZERO = Decimal("0")
STORED_QUANTUM = Decimal(1).scaleb(-STORED_PLACES)

# The units a report publishes and takes entries in (Report.AmountUnit's values),
# with how many 元 one of them is and the decimals that make a cent.
YUAN = "yuan"
WAN_YUAN = "wan_yuan"
YUAN_PER_UNIT = {YUAN: Decimal(1), WAN_YUAN: Decimal(10000)}
UNIT_PLACES = {YUAN: 2, WAN_YUAN: 6}
UNIT_LABELS = {YUAN: "元", WAN_YUAN: "万元"}
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


# -- reading typed amounts and counts ---------------------------------------------

# Plain digits or digits grouped by thousands, an optional decimal point with
# optional decimals ("12." and ".5" are numbers to anyone typing them).
_AMOUNT_TEXT = re.compile(
    r"[+-]?(?:(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]*)?|\.[0-9]+)"
)
_SCIENTIFIC_TEXT = re.compile(r"[+-]?[0-9.,]*[0-9][eE][+-]?[0-9]+")
# A dash alone is how accounting formats print zero; copied out of such a
# sheet it must read as the zero it shows.
_ZERO_DASHES = frozenset({"-", "--", "—", "——", "–", "―", "−"})
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})
# PositiveIntegerField's upper bound on every database Django supports.
MAX_COUNT = 2147483647
MAX_COUNT_SHOWN = "2,147,483,647"
AMOUNT_EXAMPLE = "请填写数字，例如 1234.56。"
COUNT_EXAMPLE = "请填写整数，例如 12。"


class AmountError(ValueError):
    """A typed amount or count that is refused; the Chinese message names the input, not its place.

    `shown` is the input as the user typed it and `problem` the reason, so a
    caller can put its own subject first (a form: “年末结转和结余”最多保留两位小数。);
    str() is “12.345”最多保留两位小数。 for messages that carry a cell's place.
    """

    def __init__(self, shown: str, problem: str):
        self.shown = shown
        self.problem = problem
        super().__init__(f"“{shown}”{problem}" if shown else problem)


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _read_number(raw, from_cell: bool, what: str, example: str):
    """(the input as shown, its exact Decimal), or (None, None) when blank; AmountError otherwise."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        raise AmountError(str(raw), f"不是有效的{what}，{example}")
    if isinstance(raw, float):
        if not from_cell:
            # Outside a spreadsheet cell a float is a programming error: it
            # has already lost the cents the user typed.
            raise TypeError("金额不能使用 float，请传入字符串或 Decimal。")
        # A spreadsheet stores numbers as binary doubles; their shortest
        # decimal form (repr) is exactly the figure Excel shows, so 288.02
        # stays 288.02 and 0.1 + 0.2 is refused, never rounded.
        value = Decimal(repr(raw))
        if not value.is_finite():
            raise AmountError("", f"单元格不是有效的{what}。")
        return _plain(value), value
    if isinstance(raw, int):
        return str(raw), Decimal(raw)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise AmountError(str(raw), f"不是有效的{what}，{example}")
        return _plain(raw), raw
    if not isinstance(raw, str):
        raise AmountError(str(raw), f"不是有效的{what}，{example}")
    # Full-width digits and punctuation (１２．５０，（１２）) are common in
    # Chinese input; NFKC also turns no-break and ideographic spaces into spaces.
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None, None
    if text in _ZERO_DASHES:
        return text, Decimal(0)
    body = text.translate(_MINUS_SIGNS)
    negative = False
    if body.startswith("(") and body.endswith(")"):
        # Accounting notation: (12.00) is −12.00.
        body = body[1:-1].strip()
        negative = True
        if body[:1] in ("+", "-"):
            raise AmountError(text, f"不是有效的{what}，{example}")
    if not _AMOUNT_TEXT.fullmatch(body):
        if _SCIENTIFIC_TEXT.fullmatch(body):
            raise AmountError(
                text, "是科学计数法，请填写完整的数字（不要写成 1.2E+5 的形式）。"
            )
        raise AmountError(text, f"不是有效的{what}，{example}")
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover — the pattern admits only numbers
        raise AmountError(text, f"不是有效的{what}，{example}") from None
    return text, -value if negative else value


# The refusal of a decimal beyond the cent, by the decimals a parser reads.
PLACES_MESSAGES = {
    2: "最多保留两位小数。",
    4: "最多保留四位小数。",
    6: "最多保留六位小数（以万元填写时，六位小数即精确到分）。",
}


def parse_amount(
    raw, *, signed: bool = False, from_cell: bool = False, places: int = DECIMAL_PLACES
) -> Decimal | None:
    """A typed amount as a Decimal with `places` decimals; None when blank; AmountError when refused.

    The one amount parser of every entry path. Its decisions:

    * blank — None, "", spaces only: None (not entered; callers decide
      whether that means zero).
    * plain and grouped numbers: "1234.5", "4,895.00", "+12" are read; a
      thousands separator must group by three ("1,23.4" is refused), and
      an inner space ("1 000") is refused as ambiguous.
    * "12." is 12.00 and ".5" is 0.50 (what anyone typing them means).
    * full-width input: "１２．５", "４，８９５．００", "（１２）" read as their
      ASCII forms; leading and trailing (also ideographic) spaces are ignored.
    * a dash alone ("-", "—", "——", "–", "−"): 0.00, the zero of accounting formats.
    * negatives: "-12.50", "−12.50" and accounting "(12.00)" / "（12.00）" are
      −12.50 / −12.00, accepted only when `signed` (a carry-over balance may
      be negative); otherwise refused with 不能为负数. "-0" is 0.00.
    * scientific notation ("1e3", "1.2E+5") typed as text: refused with a
      message of its own (a narrow Excel column shows 1.23E+11 for a figure
      whose cents are lost). A Decimal in exponent form is just a number.
    * NaN, Infinity and anything else that is not a number (units such as
      "12元" or "12万", "12%", "¥12", "12。5"): refused; a unit or a currency
      sign could mean 元 where the report is in 万元.
    * decimals: trailing zeros are fine ("12.300" is 12.30); a decimal
      beyond `places` (two: the cent of 元; six: the cent in 万元) is
      refused, never rounded.
    * range: an absolute value above MAX_AMOUNT is refused (before any
      rounding, which would itself fail on a 27-digit figure).
    * types: str, int and Decimal are read; bool is refused; a float is a
      TypeError unless `from_cell` (a spreadsheet cell read by openpyxl or
      tablib), where it is converted exactly through its repr.
    """
    shown, value = _read_number(raw, from_cell, "金额", AMOUNT_EXAMPLE)
    if value is None:
        return None
    if value < 0 and not signed:
        raise AmountError(shown, "不能为负数。")
    if not amount_in_range(value):
        raise AmountError(shown, AMOUNT_RANGE_MESSAGE)
    quantum = Decimal(1).scaleb(-places)
    if value != value.quantize(quantum, context=_WIDE):
        raise AmountError(
            shown, PLACES_MESSAGES.get(places, f"最多保留{places}位小数。")
        )
    # "-0" and "0.000" both mean zero; store a plain 0.00.
    return value.quantize(quantum) if value else ZERO.quantize(quantum)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """An amount in `from_unit` expressed in `to_unit`, exactly (no rounding).

    Between 元 and 万元 the result of a whole number of cents has at most six
    decimals, so it is quantized to STORED_PLACES without loss.
    """
    if from_unit == to_unit:
        return value
    exact = value * YUAN_PER_UNIT[from_unit] / YUAN_PER_UNIT[to_unit]
    stored = exact.quantize(STORED_QUANTUM, context=_WIDE)
    if stored != exact:
        raise ValueError(f"{value} {from_unit} 不是整分的金额。")
    return stored


def parse_entry(
    raw,
    *,
    entry_unit: str,
    stored_unit: str,
    signed: bool = False,
    from_cell: bool = False,
) -> Decimal | None:
    """An amount typed in `entry_unit` (元 or 万元), as stored in `stored_unit`.

    Read by parse_amount with the decimals that make a cent in the entry
    unit (two in 元, six in 万元); the range is that of the amount in 元.
    """
    value = parse_amount(
        raw, signed=signed, from_cell=from_cell, places=UNIT_PLACES[entry_unit]
    )
    if value is None:
        return None
    if not amount_in_range(value * YUAN_PER_UNIT[entry_unit]):
        raise AmountError(
            format(value, "f"),
            f"超出金额范围，金额的绝对值不能超过 {MAX_AMOUNT_SHOWN} 元。",
        )
    return convert(value, entry_unit, stored_unit)


def trimmed(value: Decimal) -> Decimal:
    """The same amount with two decimals, or with just the decimals beyond them it needs."""
    cents = value.quantize(CENT, context=_WIDE)
    if cents == value:
        return cents
    return value.quantize(STORED_QUANTUM, context=_WIDE).normalize(context=_WIDE)


def exact_text(value: Decimal, thousands: bool = False) -> str:
    """An amount exactly, with two decimals or as many more as it has: "100.00", "120.345"."""
    value = trimmed(value)
    if not value:
        value = abs(value)  # "-0.00" would read as a negative figure
    return f"{value:,f}" if thousands else f"{value:f}"


def entry_text(
    value: Decimal | None, stored_unit: str, entry_unit: str, thousands: bool = False
) -> str:
    """A stored amount as the entry unit shows it: two decimals, more only where the cents need them.

    120.345000 万元 shows as "120.345" in 万元 and "1203450.00" in 元; 100 shows as "100.00".
    """
    if value is None:
        return ""
    return exact_text(convert(value, stored_unit, entry_unit), thousands)


def parse_count(raw, *, from_cell: bool = False) -> int | None:
    """A typed count (人数, 辆数, 批次) as an int; None when blank; AmountError when refused.

    Reads what `parse_amount` reads (grouped, full-width, a dash for zero,
    an integral float from a cell), then refuses a negative, a fraction
    ("3.5"; "3.0" is 3) and anything above MAX_COUNT.
    """
    shown, value = _read_number(raw, from_cell, "数量", COUNT_EXAMPLE)
    if value is None:
        return None
    if value < 0:
        raise AmountError(shown, "不能为负数。")
    if value > MAX_COUNT:
        raise AmountError(shown, f"超出数量范围，数量不能超过 {MAX_COUNT_SHOWN}。")
    if value != value.to_integral_value():
        raise AmountError(shown, "应为整数（这里填的是数量）。")
    return int(value)


class AmountFormField(forms.DecimalField):
    """The form field of every amount: reads input with `parse_amount`, names the field in its messages.

    Negatives pass the parser (a form's own validators decide per field,
    as FactForm does); a text input, because a browser's number input
    refuses the very "4,895.00" and full-width digits the parser reads.
    A form that knows its report calls `use_units`: the field then shows and
    reads amounts in the report's entry unit and cleans them to the unit
    they are stored in.
    """

    widget = forms.TextInput
    entry_unit = stored_unit = None
    # Decimals read when typed in the stored unit (no `use_units`): as many
    # as are stored; a form may read fewer (the 绩效自评表 reads four, 89.974).
    places = STORED_PLACES

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(
            *args, max_digits=MAX_DIGITS, decimal_places=STORED_PLACES, **kwargs
        )

    def use_units(self, entry_unit: str, stored_unit: str) -> None:
        self.entry_unit, self.stored_unit = entry_unit, stored_unit
        if entry_unit != stored_unit and self.help_text == "":
            self.help_text = f"以{UNIT_LABELS[entry_unit]}填写"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            if self.entry_unit is None:
                return parse_amount(value, signed=True, places=self.places)
            return parse_entry(
                value,
                entry_unit=self.entry_unit,
                stored_unit=self.stored_unit,
                signed=True,
            )
        except AmountError as exc:
            raise ValidationError(
                f"“{self.label}”{exc.problem}" if self.label else str(exc),
                code="invalid",
            ) from None

    def prepare_value(self, value):
        if self.entry_unit is not None and isinstance(value, Decimal):
            return entry_text(value, self.stored_unit, self.entry_unit)
        return super().prepare_value(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs


class CountFormField(forms.IntegerField):
    """The form field of every count: reads input with `parse_count`."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_count(value)
        except AmountError as exc:
            raise ValidationError(
                f"“{self.label}”{exc.problem}" if self.label else str(exc),
                code="invalid",
            ) from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "numeric")
        return attrs


class AmountField(models.DecimalField):
    """An amount in the report's unit, exact to the cent in 元: six decimals, at most MAX_AMOUNT.

    The range is checked three times: by the parsers (with the cell named),
    by full_clean (the validator), and by the database itself (a column
    CHECK), so a shell or bulk write cannot store a figure that SQLite
    would round and that would then fail to load.
    """

    default_validators = [validate_amount_range]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", STORED_PLACES)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Every form reads amounts as the grids and imports do.
        field = super().formfield(**{"form_class": AmountFormField, **kwargs})
        # Django's digit-count messages would speak of "15 digits"; every form
        # says the same range with the field's name instead.
        message = f"“{field.label}”{AMOUNT_RANGE_MESSAGE}"
        field.error_messages["max_digits"] = message
        field.error_messages["max_whole_digits"] = message
        return field

    def from_db_value(self, value, expression, connection):
        # Two decimals, or more only where the cents in 元 need them, so a
        # figure reads as it was typed: 100.00, 120.345 (not 120.345000).
        return None if value is None else trimmed(value)

    def db_check(self, connection):
        return f'"{self.column}" BETWEEN -{MAX_AMOUNT} AND {MAX_AMOUNT}'

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs

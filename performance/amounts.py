"""Project amounts as real 自评表 print them: up to four decimals of the report's unit.

A printed 项目支出绩效自评表 gives its funds with the decimals they have
(89.974 万元), so they are typed with up to four decimals (a fifth is refused,
never rounded) and printed with two, or as many as the amount needs up to four
(`reporting.formatting.printed_places`): 89.974 → "89.974", 40 → "40.00". The
HTML page, the PDF, the workbook, the narrative's §九, the rules' messages and
the admin all print them through that one rule.
"""

from decimal import Decimal

from reporting.formatting import format_amount

AMOUNT_PLACES = 4


def amount_text(value: Decimal | None, zero: str = "0.00") -> str:
    """A project amount as printed: "89.974", "40.00", "1,234.50"; "" for None."""
    return format_amount(value, zero=zero, most_places=AMOUNT_PLACES)

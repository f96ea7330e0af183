"""{% load public_site %}: display helpers of the public pages (percentages, changes, numerals).

Amounts still go through `reporting.formatting.format_amount`, the one place
that decides how a figure looks; these filters only add a sign, a % or a dash.
"""

from decimal import Decimal

from django import template

from disclosure import public_urls
from disclosure.narrative import numeral
from reporting.formatting import format_amount
from reporting.table_html import table_html

register = template.Library()

DASH = "—"


@register.filter(is_safe=True)
def percent(value) -> str:
    """Decimal("94.6") → "94.6%"; None → "—" (no rate on a zero or missing base)."""
    if value is None:
        return DASH
    if not isinstance(value, Decimal):
        raise TypeError(f"百分比只能是 Decimal，收到 {type(value).__name__}：{value!r}")
    sign = "+" if value > 0 else ""
    return f"{sign}{value}%"


@register.filter(is_safe=True)
def share(value) -> str:
    """A share of a whole: "94.6%" (never signed); None → "—"."""
    if value is None:
        return DASH
    if not isinstance(value, Decimal):
        raise TypeError(f"占比只能是 Decimal，收到 {type(value).__name__}：{value!r}")
    return f"{value}%"


@register.filter(is_safe=True)
def signed(value) -> str:
    """A change: "+33.05", "-115.89", "0"; None → "—"."""
    if value is None:
        return DASH
    text = format_amount(value)
    return f"+{text}" if value > 0 else text


@register.filter(is_safe=True)
def figure(value) -> str:
    """An amount or a count, "—" when the fact was not entered."""
    if value is None:
        return DASH
    return format_amount(value)


@register.filter
def chinese_numeral(value: int) -> str:
    """3 → 三 (headings numbered like the printed report)."""
    return numeral(int(value))


@register.simple_tag
def fin_table(table):
    """{% fin_table table %}: the table include's markup, rendered without the engine's per-cell cost."""
    return table_html(table)


@register.simple_tag
def report_url(report, name: str = "report", *extra) -> str:
    """{% report_url report "report_pdf" %}: the report's public URL (disclosure/public_urls.py).

    `name` is a route name ("report", "report_revision", "table_csv_revision"
    …); a 主管部门's 单位决算 gets its /unit/ form, any other report the plain one.
    """
    return public_urls.report_url(report, name, *extra)

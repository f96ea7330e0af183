"""{% load amounts %}: the one filter that prints figures in tables."""

from django import template

from reporting.formatting import format_amount

register = template.Library()


@register.filter(is_safe=True)
def amount(value, zero="0"):
    """{{ cell.value|amount }} or {{ cell.value|amount:table.zero_text }}; refuses floats."""
    return format_amount(value, zero=zero)

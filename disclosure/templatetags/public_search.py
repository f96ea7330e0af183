"""{% load public_search %}: the home page's list of found units, written out in Python.

A search page lists twenty units. Through the template engine each one cost
some thirty nodes and four `{% url %}` tags, half the page's rendering time;
written out here the list costs half as much, most of it in `reverse()`.
Text is escaped as `{{ … }}` would escape it.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CURRENT = ' class="is-current"'


def _years(item, name: str, current_year: int | None) -> str:
    if not item.years:
        return "尚无已公开的决算"
    links = " ".join(
        f'<a href="{escape(url)}"'
        f"{CURRENT if year == current_year else ''}"
        f' aria-label="{name} {year} 年度决算">{year}</a>'
        for year, url in item.year_links
    )
    return f"已公开：{links}"


@register.simple_tag
def unit_list_items(listings, current_year: int | None = None) -> SafeString:
    """One <li> per UnitListing: name, unit type and department, published years.

    `current_year` is the year the visitor filtered on; its link is marked.
    """
    out = []
    for item in listings:
        unit = item.unit
        name = escape(unit.name)
        department = (
            f" · {escape(item.department.name)}" if item.department else " · 主管部门"
        )
        out.append(
            '\n<li class="unit-list__item">\n'
            f'<a class="unit-list__name" href="{escape(reverse("disclosure:unit", args=[unit.code]))}">{name}</a>\n'
            f'<span class="unit-list__meta">{escape(item.unit_type_label)}{department}</span>\n'
            f'<span class="unit-list__years">{_years(item, name, current_year)}</span>\n'
            "</li>\n"
        )
    return mark_safe("".join(out))  # every piece of text above is escaped

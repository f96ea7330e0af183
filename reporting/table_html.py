"""A Table as HTML: the one HTML renderer of Table values (the include calls it).

A report page holds a thousand cells or more. Through the template engine,
every cell costs a dozen variable lookups, and the tables took most of an
uncached page view; written out here they cost a tenth of that.
`disclosure/includes/table.html` is a one-line include of this function, so
the admin preview and the public page render tables identically.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reporting.formatting import format_amount


def _text(value) -> str:
    """What `{{ value }}` prints: escaped text, "" for None."""
    return "" if value is None else escape(str(value))


def _span(name: str, value: int) -> str:
    return f' {name}="{value}"' if value > 1 else ""


def _body_cell(cell, zero_text: str, amount_places: int = 2) -> str:
    if cell.is_row_header:
        return (
            f'<th scope="row" class="kind-{cell.kind} level-{cell.level}"'
            f"{_span('colspan', cell.colspan)}>{_text(cell.value)}</th>"
        )
    if cell.is_number:
        return (
            f'<td class="num kind-{cell.kind}">'
            f"{format_amount(cell.value, zero=zero_text, most_places=amount_places)}"
            "</td>"
        )
    return (
        f'<td class="{cell.role} kind-{cell.kind}"{_span("colspan", cell.colspan)}>'
        f"{_text(cell.value)}</td>"
    )


def table_html(table) -> SafeString:
    key = escape(table.key)
    code = (
        f'<span class="fin-table__code">{_text(table.code)}</span>\n'
        if table.code_printed
        else ""
    )
    out = [
        f'<section class="fin-table{" fin-table--wide" if table.landscape else ""}"'
        f' id="{key}" aria-labelledby="{key}-title">\n'
        '<div class="fin-table__scroll">\n'
        '<table class="fin-table__grid">\n'
        "<caption>\n"
        f"{code}"
        f'<span class="fin-table__title" id="{key}-title">{_text(table.title)}</span>\n'
        f'<span class="fin-table__meta"><span>编制单位：{_text(table.unit_name)}</span>'
        f"<span>{_text(table.year)} {_text(table.year_word)}</span>"
        f"<span>{_text(table.measure_label)}：{_text(table.measure)}</span></span>\n"
        "</caption>\n"
        "<thead>\n"
    ]
    for header_row in table.header_rows:
        out.append("<tr>")
        for cell in header_row:
            out.append(
                f'<th scope="col"{_span("colspan", cell.colspan)}'
                f"{_span('rowspan', cell.rowspan)}>{_text(cell.text)}</th>"
            )
        out.append("</tr>\n")
    if table.index_cells:
        out.append('<tr class="fin-table__index">')
        for cell in table.index_cells:
            out.append(
                f'<th scope="col"{_span("colspan", cell.colspan)}>{_text(cell.text)}</th>'
            )
        out.append("</tr>\n")
    out.append("</thead>\n<tbody>\n")
    zero_text, places = table.zero_text, table.amount_places
    for row in table.body:
        out.append("<tr>")
        out.extend(_body_cell(cell, zero_text, places) for cell in row)
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n")
    note = table.note
    if table.footnotes or note:
        out.append('<footer class="fin-table__notes">')
        out.extend(f"\n<p>{_text(footnote)}</p>" for footnote in table.footnotes)
        if note:
            out.append(f'\n<p class="fin-table__note">{_text(note)}</p>')
        out.append("\n</footer>")
    out.append("\n</section>\n")
    return mark_safe("".join(out))  # every piece of text above is escaped

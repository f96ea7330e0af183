"""The report as an Excel workbook: one sheet per 公开表 in the official layout.

Every sheet is written from a Table value's physical view (header cells with
spans, the 栏次 row, the body grid), so the workbook shows exactly what the web
page and the PDF show; nothing is computed here. Amounts are written as numbers
(Decimal, never float, never a formula) with a ``#,##0.00`` format. The
file is written by `reporting.xlsx_writer` (why not openpyxl: see there).

The last sheet, 填报补充, carries the facts that no 公开表 shows, so that
importing an exported workbook restores every fact of the report
(`disclosure.importers.xlsx`); what it holds is `disclosure.exports.supplement`.
The layout constants below are shared with the importer: both sides read them
from here.
"""

from dataclasses import replace
from decimal import Decimal

from disclosure.exports.supplement import (
    REASONS_SECTION,
    SUPPLEMENT_NOTE,
    SUPPLEMENT_SECTIONS,
    SUPPLEMENT_SHEET,
    SUPPLEMENT_TITLE,
    supplement_rows,
)
from reporting.formatting import format_amount, printed_places
from reporting.table import Role, RowKind, Table

# Rows of every table sheet (1-based): the 公开NN表 label, the title, the
# 编制单位 line, then the header rows, the 栏次 row and the body.
LABEL_ROW = 1
TITLE_ROW = 2
META_ROW = 3
HEADER_ROW = 4

AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
# Footnotes start with one of these; the importer stops reading the body there
# (上海 预算 prints "注:" with an ASCII colon).
NOTE_PREFIXES = ("注：", "注:", "说明：")

# -- rendering ------------------------------------------------------------------

FILL = "F2F2F2"
# Free-text value columns (the 绩效自评表's 指标值, 偏差原因…).
TEXT_ROLE = "text"


def _text_width(text: str) -> int:
    """Display width in Excel character units: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _number_format(role: Role, zero_text: str, places: int = 2) -> str:
    base = COUNT_FORMAT
    if role == Role.AMOUNT:
        base = AMOUNT_FORMAT if places == 2 else f"{COUNT_FORMAT}.{'0' * places}"
    if zero_text == "0":
        # A third section for zero prints "0", as the Jiangxi tables do, not "0.00".
        return f"{base};-{base};0"
    return f'{base};-{base};"{zero_text}"'


def _display(value, role: Role, places: int = 2) -> str:
    if value is None:
        return ""
    if role == Role.AMOUNT and isinstance(value, Decimal):
        return format_amount(value, most_places=places)
    return str(value)


def _styles():
    from reporting.xlsx_writer import Style

    header = Style(bold=True, horizontal="center", wrap=True, border=True, fill=FILL)
    return {
        "label": Style(horizontal="right"),
        "title": Style(bold=True, size=16, horizontal="center"),
        "meta_left": Style(horizontal="left"),
        "meta_centre": Style(horizontal="center"),
        "meta_right": Style(horizontal="right"),
        "header": header,
        "index": Style(horizontal="center", border=True),
        "code": Style(horizontal="center", border=True, number_format="@"),
        "line_no": Style(horizontal="center", border=True),
        "note": Style(size=9, horizontal="left", vertical="top", wrap=True),
        "section": Style(bold=True),
        "text": Style(horizontal="left", border=True),
        "long_text": Style(horizontal="left", border=True, wrap=True),
    }


def _label_style(level: int, bold: bool, centred: bool):
    from reporting.xlsx_writer import Style

    return Style(
        bold=bold,
        horizontal="center" if centred else "left",
        indent=0 if centred else level,
        border=True,
    )


def _number_style(role: Role, zero_text: str, bold: bool, places: int = 2):
    from reporting.xlsx_writer import Style

    return Style(
        bold=bold,
        horizontal="right",
        border=True,
        number_format=_number_format(role, zero_text, places),
    )


def write_table(sheet, table: Table, start: int = 1, heading: bool = True) -> int:
    """Write one Table at row `start`; returns the row after its notes.

    Layout: the 公开NN表 label (right), the merged title, the 编制单位 / 年度 /
    金额单位 line, the header rows with their merges, the 栏次 row, the body,
    then footnotes and the 说明 line. Without `heading` (a part of a form
    whose heading is already on the sheet) the title is a bold line instead.
    """
    styles = _styles()
    width = len(table.columns)
    widths = _column_widths(table)
    row = start
    if heading:
        write_heading(sheet, table, width, row)
        row += META_ROW - LABEL_ROW
    else:
        sheet.set(row, 1, table.title, styles["section"])
    row += 1

    header_start = row
    for level, cells in enumerate(table.header_rows):
        for cell in cells:
            _boxed(
                sheet,
                header_start + level,
                cell.column + 1,
                cell.rowspan,
                cell.colspan,
                cell.text,
                styles["header"],
            )
    row = header_start + len(table.header_rows)
    for cell in table.index_cells:
        _boxed(sheet, row, cell.column + 1, 1, cell.colspan, cell.text, styles["index"])
    if table.index_cells:
        row += 1

    # Style indexes resolved once per kind of cell: the body is most of the workbook.
    index = sheet.styles.index
    number_styles: dict[tuple, int] = {}
    label_styles: dict[tuple, int] = {}
    line_no, code = index(styles["line_no"]), index(styles["code"])
    text = index(styles["long_text"])
    numbers = (Role.AMOUNT, Role.COUNT)
    for physical in table.body:
        for cell in physical:
            column = cell.column + 1
            bold = cell.kind == RowKind.TOTAL
            if cell.role in numbers:
                # The cell shows the decimals the HTML and PDF print (89.974).
                places = (
                    printed_places(cell.value, table.amount_places)
                    if isinstance(cell.value, Decimal)
                    else 2
                )
                key = (cell.role, bold, places)
                if key not in number_styles:
                    number_styles[key] = index(
                        _number_style(cell.role, table.zero_text, bold, places)
                    )
                sheet.set(row, column, cell.value, number_styles[key])
            elif cell.role == Role.LABEL:
                key = (cell.level, bold, bold and cell.colspan > 1)
                if key not in label_styles:
                    label_styles[key] = index(_label_style(*key))
                _boxed(
                    sheet, row, column, 1, cell.colspan, cell.value, label_styles[key]
                )
            elif cell.role == Role.LINE_NO:
                sheet.set(row, column, cell.value, line_no)
            elif cell.role == TEXT_ROLE:
                sheet.set(row, column, cell.value or None, text)
                lines = -(-_text_width(cell.value or "") // max(widths[cell.column], 1))
                if lines > 1:
                    sheet.heights[row] = max(sheet.heights.get(row, 0), 14 * lines)
            else:
                # Codes are text: "01" keeps its leading zero.
                sheet.set(row, column, cell.value or None, code)
        row += 1

    page_width = sum(widths)
    for text in [*table.footnotes, *([table.note] if table.note else [])]:
        sheet.set(row, 1, text, styles["note"])
        sheet.merge(row, 1, colspan=width)
        lines = max(1, -(-_text_width(text) // max(page_width - 2, 1)))
        sheet.heights[row] = 14 * lines
        row += 1

    for column, chars in enumerate(widths, start=1):
        sheet.width(column, chars)
    _size_header_rows(sheet, table, widths, header_start)
    return row


def write_heading(sheet, table: Table, width: int, start: int = LABEL_ROW) -> None:
    """The 公开NN表 label, the merged title and the 编制单位 / 年度 / 金额单位 line."""
    styles = _styles()
    if table.code_printed:
        sheet.set(start, width, table.code, styles["label"])
    sheet.set(start + 1, 1, table.title, styles["title"])
    sheet.merge(start + 1, 1, colspan=width)
    sheet.heights[start + 1] = 30
    _write_meta(sheet, table, styles, start + 2, width)


def _boxed(sheet, row, column, rowspan, colspan, value, style) -> None:
    """A cell, merged over its span, with every covered cell styled (borders all round)."""
    if rowspan == 1 and colspan == 1:
        sheet.set(row, column, value, style)
        return
    for r in range(row, row + rowspan):
        for c in range(column, column + colspan):
            sheet.set(r, c, value if (r, c) == (row, column) else None, style)
    sheet.merge(row, column, rowspan, colspan)


def _write_meta(sheet, table: Table, styles, row: int, width: int) -> None:
    """编制单位 left, the year centred, the unit of measure right."""
    unit = f"编制单位：{table.unit_name}"
    year = f"{table.year} {table.year_word}"
    measure = f"{table.measure_label}：{table.measure}"
    if width < 3:
        sheet.set(row, 1, f"{unit}　{year}　{measure}", styles["meta_left"])
        sheet.merge(row, 1, colspan=width)
        return
    left_span = max(1, (width - 1) // 2)
    middle_span = width - 1 - left_span
    sheet.set(row, 1, unit, styles["meta_left"])
    sheet.merge(row, 1, colspan=left_span)
    sheet.set(row, left_span + 1, year, styles["meta_centre"])
    sheet.merge(row, left_span + 1, colspan=middle_span)
    sheet.set(row, width, measure, styles["meta_right"])


def _column_widths(table: Table) -> list[int]:
    """Widths from the content, in Excel character units, within sensible bounds."""
    widths = []
    for leaf in table.columns:
        if leaf.role == Role.CODE_PART:
            widths.append(6 if leaf.part == 0 else 5)
        elif leaf.role == Role.CODE:
            widths.append(10)
        elif leaf.role == Role.LINE_NO:
            widths.append(6)
        elif leaf.role == Role.LABEL:
            widths.append(12)
        else:
            widths.append(max(10, min(_text_width(leaf.text) + 2, 16)))
    # Numbers are ASCII: the widest is the one of largest magnitude.
    largest: dict[int, object] = {}
    for physical in table.body:
        for cell in physical:
            if cell.value is None or cell.colspan > 1:
                continue
            if cell.role in (Role.AMOUNT, Role.COUNT):
                if abs(cell.value) > abs(largest.get(cell.column, 0)):
                    largest[cell.column] = cell.value
            elif cell.role == Role.LABEL:
                need = _text_width(cell.value) + 2 * cell.level + 2
                if need > widths[cell.column]:
                    widths[cell.column] = min(need, 48)
            elif cell.role == TEXT_ROLE:
                need = _text_width(cell.value) + 2
                if need > widths[cell.column]:
                    widths[cell.column] = min(need, 30)
    for column, value in largest.items():
        role = table.columns[column].role
        need = len(_display(value, role, table.amount_places)) + 2
        widths[column] = max(widths[column], min(need, 20))
    return widths


def _size_header_rows(sheet, table: Table, widths: list[int], header_start: int):
    """Tall enough for wrapped header text (Excel does not grow merged rows)."""
    for level, cells in enumerate(table.header_rows):
        lines = 1
        for cell in cells:
            span_width = sum(widths[cell.column : cell.column + cell.colspan])
            needed = -(-_text_width(cell.text) // max(span_width - 1, 1))
            lines = max(lines, -(-needed // cell.rowspan))
        sheet.heights[header_start + level] = max(18, 15 * lines)


def header_end_row(table: Table) -> int:
    """The last row of the headers (the 栏次 row when the table has one)."""
    return HEADER_ROW + len(table.header_rows) - 1 + (1 if table.index_cells else 0)


def _table_sheet(wb, table: Table) -> None:
    sheet = wb.add_sheet(table.code)
    write_table(sheet, table)
    end = header_end_row(table)
    sheet.landscape = table.landscape
    # Title, 编制单位 line, headers and 栏次 repeat on every printed page.
    sheet.print_title_rows = (LABEL_ROW, end)
    sheet.frozen_rows = end


def _performance_sheets(wb, performance) -> None:
    """One sheet per evaluated project, its 自评表 Table values one under another."""
    projects = list(getattr(performance, "projects", None) or [])
    for number, project in enumerate(projects, start=1):
        tables = list(getattr(project, "tables", None) or [])
        if not tables:
            continue
        name = "绩效自评表" if len(projects) == 1 else f"绩效自评表{number}"
        sheet = wb.add_sheet(name)
        first = tables[0]
        # One heading for the form; each part of it follows under its own title.
        width = max(len(table.columns) for table in tables)
        write_heading(sheet, replace(first, title=first.code, code=name), width)
        row = META_ROW + 1
        for table in tables:
            row = write_table(sheet, table, start=row, heading=False) + 1
        sheet.landscape = True
        sheet.print_title_rows = (LABEL_ROW, META_ROW)


SUPPLEMENT_WIDTHS = (24, 12, 36, 16, 24, 24)


def _supplement_sheet(wb, doc) -> None:
    from reporting.xlsx_writer import Style

    styles = _styles()
    sheet = wb.add_sheet(SUPPLEMENT_SHEET)
    data = doc.data
    width = len(SUPPLEMENT_WIDTHS)
    sheet.set(LABEL_ROW, width, SUPPLEMENT_SHEET, styles["label"])
    sheet.set(TITLE_ROW, 1, SUPPLEMENT_TITLE, styles["title"])
    sheet.merge(TITLE_ROW, 1, colspan=width)
    sheet.heights[TITLE_ROW] = 30
    sheet.set(META_ROW, 1, f"编制单位：{data.report.unit.name}", styles["meta_left"])
    sheet.merge(META_ROW, 1, colspan=3)
    sheet.set(
        META_ROW, 4, f"{data.year} {data.report.year_word}", styles["meta_centre"]
    )
    sheet.merge(META_ROW, 4, colspan=2)
    measure = f"金额单位：{data.report.get_amount_unit_display()}"
    sheet.set(META_ROW, width, measure, styles["meta_right"])
    sheet.set(HEADER_ROW, 1, SUPPLEMENT_NOTE, styles["note"])
    sheet.merge(HEADER_ROW, 1, colspan=width)
    sheet.heights[HEADER_ROW] = 30
    kinds = {
        "amount": _number_style(Role.AMOUNT, "0", False),
        "count": _number_style(Role.COUNT, "0", False),
        "code": styles["code"],
        "text": styles["text"],
    }
    reason_style = Style(horizontal="left", border=True, wrap=True)

    row = HEADER_ROW + 2
    for key, rows in supplement_rows(data, doc.narrative).items():
        section_title, headers = SUPPLEMENT_SECTIONS[key]
        sheet.set(row, 1, section_title, styles["section"])
        row += 1
        for column, text in enumerate(headers, start=1):
            sheet.set(row, column, text, styles["header"])
        row += 1
        for item in rows:
            for column, (value, kind) in enumerate(
                zip(item.values, item.kinds, strict=True), start=1
            ):
                style = kinds[kind]
                if key == REASONS_SECTION and column in (2, 3):
                    style = reason_style
                sheet.set(row, column, value, style)
            row += 1
        row += 1
    for column, chars in enumerate(SUPPLEMENT_WIDTHS, start=1):
        sheet.width(column, chars)
    sheet.landscape = True


def render_report_xlsx(doc) -> bytes:
    """The workbook of one report document (`disclosure.document.build_document`)."""
    from reporting.xlsx_writer import Workbook

    wb = Workbook(title=doc.title, creator="预决算公开平台")
    for table in doc.tables:
        _table_sheet(wb, table)
    performance = getattr(doc, "performance", None)
    if performance is not None:
        _performance_sheets(wb, performance)
    _supplement_sheet(wb, doc)
    return wb.save()

"""The whole report as one PDF, in the order of the published reference report.

    pdf_bytes = render_report_pdf(build_document(report))

Cover, 目录 with page numbers, 第一部分 单位概况, 第二部分 the ten 公开表 (each
on its own page, landscape where the table is wide), 第三部分 情况说明 with the
performance material of §九, 第四部分 名词解释; pages numbered “— n —” from the
目录 on, as in the printed reports.

Every figure comes from the ReportDocument. Tables are drawn from their
physical view (header rows with spans, 栏次 row, body grid), the same cells the
HTML include and the workbook copy, and amounts are printed by
`reporting.formatting.format_amount`, the function behind the HTML filter.

The Chinese font is a TrueType file embedded in the PDF (`PDF_FONT_PATH`):
reportlab's built-in CID fonts are never embedded, so readers without Chinese
fonts would see blanks, and reportlab cannot read OpenType/CFF outlines.
The reportlab classes written for this export are in `reporting.pdf_flowables`.
"""

import functools
import os
from io import BytesIO
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from disclosure.narrative import numeral, ordinal
from reporting.formatting import format_amount
from reporting.pdf_flowables import (
    BOTTOM_PADDING,
    CELL_PADDING,
    LEADING,
    RULE,
    TOP_PADDING,
    platypus,
    register_font,
)
from reporting.table import Role, RowKind, Table

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
COVER = "cover"

BODY_SIZE = 11.5
# Table font sizes tried in turn until every column fits the page width.
TABLE_SIZES = (9, 8, 7)
PAGE_NUMBER_WIDTH = 28  # the 目录's page-number column


def render_report_pdf(doc) -> bytes:
    """The report document (`build_document(report)`) as PDF bytes."""
    return _ReportPdf(doc, platypus(), font_name()).render()


def publication_lines(report) -> list[str]:
    """版次, attestations and publication time, as recorded when the report was published."""
    lines = []
    if report.revision > 1:
        lines.append(
            f"第 {report.revision} 版（更正）。更正说明：{report.correction_note}"
        )
    if report.secrecy_reviewer:
        lines.append(
            f"保密审查：{report.secrecy_reviewer}，{_date(report.secrecy_reviewed_on)}"
        )
    if report.head_signer:
        lines.append(
            f"主要负责人审签：{report.head_signer}，{_date(report.head_signed_on)}"
        )
    if report.published_at:
        lines.append(f"公开时间：{_date(timezone.localtime(report.published_at))}")
    return lines


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def font_name() -> str:
    """The registered name of the embedded font; a clear error when it cannot be used."""
    path = settings.PDF_FONT_PATH
    if not os.path.isfile(path):
        raise ImproperlyConfigured(
            f"生成 PDF 所需的中文字体文件不存在：{path}。请删除环境变量 PDF_FONT_PATH"
            "以使用项目自带的字体，或将其设为一个 TrueType 中文字体（.ttf / .ttc）的路径。"
        )
    return register_font(path)


def _text(value) -> str:
    """Plain text as paragraph markup (reports quote titles like <预算绩效…>)."""
    return escape(str(value))


class _ReportPdf:
    """Builds the story (the sequence of flowables) of one report and lays it out."""

    def __init__(self, doc, rl: SimpleNamespace, font: str):
        self.doc = doc
        self.rl = rl
        self.font = font
        self.story: list = []
        self.toc_entries: list[tuple[int, str, str]] = []  # (level, text, key)
        self.toc_levels: dict[str, int] = {}
        self.page_numbers: dict[str, int] = {}  # key → printed page number
        cm = rl.cm
        portrait = rl.A4
        wide = rl.landscape(rl.A4)
        # (page size, left, right, top, bottom, page-number baseline)
        self.pages = {
            COVER: (portrait, 2.8 * cm, 2.6 * cm, 3.5 * cm, 3.0 * cm, None),
            PORTRAIT: (portrait, 2.8 * cm, 2.6 * cm, 3.0 * cm, 3.0 * cm, 1.8 * cm),
            LANDSCAPE: (wide, 2.0 * cm, 2.0 * cm, 2.0 * cm, 2.4 * cm, 1.2 * cm),
        }
        self.styles = self._styles()
        self._cell_styles: dict = {}
        self._measured: dict[tuple[str, float], float] = {}

    # -- document ------------------------------------------------------------

    def render(self) -> bytes:
        self.cover()
        self.contents()
        contents_at = len(self.story)
        for part in self.doc.outline:
            getattr(self, part.key)(part)
        # Every heading is known now, so the 目录 has its final length and one
        # layout pass suffices: its page numbers are PDF forms, drawn in at
        # save time (see contents_entry_end and write_page_numbers).
        self.story[contents_at:contents_at] = self.contents_entries()
        buffer = BytesIO()
        canvas = functools.partial(
            self.rl.HookedCanvas,
            callbacks={"contents": self.contents_entry_end},
            before_save=self.write_page_numbers,
        )
        self.template(buffer).build(self.story, canvasmaker=canvas)
        return buffer.getvalue()

    def template(self, buffer):
        rl = self.rl
        report = self.doc.report
        templates = []
        for name, (size, left, right, top, bottom, number_y) in self.pages.items():
            frame = rl.Frame(
                left,
                bottom,
                size[0] - left - right,
                size[1] - top - bottom,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(
                rl.PageTemplate(
                    id=name,
                    frames=[frame],
                    pagesize=size,
                    onPage=self._page_number(size[0], number_y),
                )
            )
        template = rl.BaseDocTemplate(
            buffer,
            pagesize=rl.A4,
            pageTemplates=templates,
            # Otherwise every page starts in Helvetica, a font that is not embedded.
            initialFontName=self.font,
            title=self.doc.title,
            author=report.unit.name,
            subject=(
                f"{report.unit.name}{self.doc.data.year}{report.year_word}"
                f"{report.template.level.label}{report.template.kind.label}公开"
            ),
            creator="预决算公开平台",
        )

        def after_flowable(flowable):
            entry = getattr(flowable, "toc_entry", None)
            if entry is None:
                return
            level, text, key = entry
            canvas = template.canv
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(text, key, level)
            self.page_numbers[key] = canvas.getPageNumber() - 1

        template.afterFlowable = after_flowable
        return template

    def _page_number(self, page_width: float, baseline: float | None):
        font = self.font

        def draw(canvas, _template):
            if baseline is None:
                return
            # The cover is not counted: the 目录 is page 1, as in print. Two
            # spaces each side, or text extraction reads the number as "—1—".
            canvas.setFont(font, 10.5)
            canvas.drawCentredString(
                page_width / 2, baseline, f"—  {canvas.getPageNumber() - 1}  —"
            )

        return draw

    def new_page(self, kind: str) -> None:
        self.story += [self.rl.NextPageTemplate(kind), self.rl.PageBreak()]

    def width(self, kind: str) -> float:
        size, left, right, *_ = self.pages[kind]
        return size[0] - left - right

    def height(self, kind: str) -> float:
        size, _left, _right, top, bottom, _number = self.pages[kind]
        return size[1] - top - bottom

    # -- styles --------------------------------------------------------------

    def _styles(self) -> SimpleNamespace:
        rl = self.rl

        def style(name, size, leading=None, **options):
            return rl.ParagraphStyle(
                name,
                fontName=self.font,
                fontSize=size,
                leading=leading or size * 1.5,
                wordWrap="CJK",
                **options,
            )

        return SimpleNamespace(
            cover_unit=style("cover_unit", 24, 36, alignment=rl.TA_CENTER),
            cover_title=style("cover_title", 30, 44, alignment=rl.TA_CENTER),
            cover_note=style("cover_note", 9, 15, alignment=rl.TA_JUSTIFY),
            contents=style("contents", 20, 30, alignment=rl.TA_CENTER, spaceAfter=18),
            part=style(
                "part", 18, 28, alignment=rl.TA_CENTER, spaceBefore=6, spaceAfter=16
            ),
            section=style("section", 13, 22, spaceBefore=10, spaceAfter=6),
            project=style(
                "project", 14, 24, alignment=rl.TA_CENTER, spaceBefore=14, spaceAfter=8
            ),
            subsection=style("subsection", 12, 20, spaceBefore=8, spaceAfter=4),
            body=style(
                "body",
                BODY_SIZE,
                21,
                alignment=rl.TA_JUSTIFY,
                firstLineIndent=2 * BODY_SIZE,
                spaceAfter=2,
            ),
            table_title=style("table_title", 15, 22, alignment=rl.TA_CENTER),
            table_code=style("table_code", 10, 14, alignment=rl.TA_RIGHT),
            meta_left=style("meta_left", 9.5, 13),
            meta_centre=style("meta_centre", 9.5, 13, alignment=rl.TA_CENTER),
            meta_right=style("meta_right", 9.5, 13, alignment=rl.TA_RIGHT),
            footnote=style("footnote", 9, 14, spaceBefore=4, alignment=rl.TA_JUSTIFY),
            # The right indent keeps wrapped entries clear of the page numbers.
            toc_levels=[
                style("toc0", 12.5, 24, rightIndent=PAGE_NUMBER_WIDTH + 24),
                style(
                    "toc1",
                    11.5,
                    21,
                    leftIndent=2 * 11.5,
                    rightIndent=PAGE_NUMBER_WIDTH + 24,
                ),
            ],
        )

    def heading(self, text: str, style, level: int | None = None) -> None:
        paragraph = self.rl.BoldParagraph(_text(text), style)
        if level is not None:
            key = f"toc{len(self.toc_entries)}"
            paragraph.toc_entry = (level, text, key)
            self.toc_entries.append(paragraph.toc_entry)
            self.toc_levels[key] = level
        paragraph.keepWithNext = True
        self.story.append(paragraph)

    def paragraphs(self, texts) -> None:
        self.story += [self.rl.Paragraph(_text(t), self.styles.body) for t in texts]

    # -- parts ---------------------------------------------------------------

    def cover(self) -> None:
        rl, styles = self.rl, self.styles
        report = self.doc.report
        self.story += [
            rl.Spacer(1, 5 * rl.cm),
            rl.BoldParagraph(_text(report.unit.name), styles.cover_unit),
            rl.Spacer(1, 1.2 * rl.cm),
            rl.BoldParagraph(
                f"{self.doc.data.year}{report.year_word}{report.kind_label}",
                styles.cover_title,
            ),
        ]
        publication = publication_lines(report)
        if publication:
            self.story += [
                rl.Spacer(1, 1.5 * rl.cm),
                rl.Paragraph(
                    "<br/>".join(_text(line) for line in publication),
                    styles.cover_note,
                ),
            ]
        if report.data_note:
            # Readers must see how the figures were obtained before they read them.
            note = rl.GridTable(
                [
                    [
                        rl.Paragraph(
                            "数据说明："
                            + "<br/>".join(
                                _text(line) for line in report.data_note.splitlines()
                            ),
                            styles.cover_note,
                        )
                    ]
                ],
                colWidths=[self.width(COVER)],
                style=[
                    ("FONT", (0, 0), (-1, -1), self.font, 9),
                    ("BOX", (0, 0), (-1, -1), 0.6, rl.colors.grey),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ],
            )
            self.story += [rl.Spacer(1, 6 * rl.cm), note]

    def contents(self) -> None:
        self.new_page(PORTRAIT)
        self.story.append(self.rl.BoldParagraph("目　　录", self.styles.contents))

    def contents_entries(self) -> list:
        """One line per heading; the callback at its end draws the leader and number."""
        styles = self.styles.toc_levels
        return [
            self.rl.Paragraph(
                f'{_text(text)}<onDraw name="contents" label="{key}"/>', styles[level]
            )
            for level, text, key in self.toc_entries
        ]

    def contents_entry_end(self, canvas, _kind, key: str) -> None:
        """Dot leader up to the number column, the page-number form, a link to the heading."""
        level = self.toc_levels[key]
        size = self.styles.toc_levels[level].fontSize
        # Where the entry's text ends, in the coordinates of its paragraph:
        # reportlab's own table of contents reads the same attribute.
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        right = self.width(PORTRAIT)
        number_left = right - PAGE_NUMBER_WIDTH
        dot_width = self.rl.stringWidth(".", self.font, size) * 2
        dots = int((number_left - x - size / 2) / dot_width)
        canvas.saveState()
        canvas.setFont(self.font, size)
        if dots > 0:
            canvas.drawRightString(number_left - size / 4, y, " ." * dots)
        canvas.translate(number_left, y)
        canvas.doForm(f"page-{key}")
        canvas.restoreState()
        canvas.linkRect("", key, (0, y - size * 0.3, right, y + size), relative=1)

    def write_page_numbers(self, canvas) -> None:
        """Define the forms the 目录 shows, now that every heading has its page."""
        for *_, key in self.toc_entries:
            size = self.styles.toc_levels[self.toc_levels[key]].fontSize
            canvas.beginForm(f"page-{key}", 0, -size / 2, PAGE_NUMBER_WIDTH, size * 1.5)
            canvas.setFont(self.font, size)
            canvas.drawRightString(
                PAGE_NUMBER_WIDTH, 0, str(self.page_numbers.get(key, ""))
            )
            canvas.endForm()

    def part_heading(self, part) -> None:
        self.heading(f"{part.number}　{part.printed_title}", self.styles.part, level=0)

    def profile(self, part) -> None:
        self.new_page(PORTRAIT)
        self.part_heading(part)
        for section in self.doc.profile:
            self.heading(section.heading, self.styles.section, level=1)
            self.paragraphs(section.paragraphs)

    def tables(self, part) -> None:
        for number, table in enumerate(self.doc.tables, start=1):
            self.new_page(LANDSCAPE if table.landscape else PORTRAIT)
            if number == 1:
                self.part_heading(part)
            self.story += self.table(
                [table], toc_text=f"{numeral(number)}、{table.title}"
            )

    def narrative(self, part) -> None:
        self.new_page(PORTRAIT)
        self.part_heading(part)
        for section in self.doc.narrative.sections:
            self.heading(section.heading, self.styles.section, level=1)
            self.paragraphs(section.paragraphs)
            if "performance" in section.keys:
                self.performance()

    def performance(self) -> None:
        """Per project: its evaluation report, then its 自评表 on a page of its own."""
        performance = getattr(self.doc, "performance", None)
        for index, project in enumerate(performance.projects if performance else ()):
            if index:
                self.new_page(PORTRAIT)
            self.heading(project.title, self.styles.project)
            for heading, text in project.sections:
                self.heading(heading, self.styles.subsection)
                self.paragraphs(line for line in text.splitlines() if line.strip())
            tables = list(project.tables)
            wide = any(table.landscape for table in tables)
            self.new_page(LANDSCAPE if wide else PORTRAIT)
            self.story += self.table(tables)
            if wide:
                self.new_page(PORTRAIT)

    def glossary(self, part) -> None:
        self.new_page(PORTRAIT)
        self.part_heading(part)
        for section in self.doc.glossary:
            if section.title:
                self.heading(f"{section.number}、{section.title}", self.styles.section)
            self.paragraphs(
                f"{ordinal(i)}{term}：{text}"
                for i, (term, text) in enumerate(section.entries, start=1)
            )

    # -- tables --------------------------------------------------------------

    def table(self, tables: list[Table], toc_text: str | None = None) -> list:
        """A printed table: title, its code, the 编制单位 line, grids, footnotes, 说明.

        Several Table values with one code (the blocks of a 自评表) print as
        one table: a single title block, their grids stacked edge to edge.
        """
        rl, styles = self.rl, self.styles
        first = tables[0]
        kind = LANDSCAPE if any(t.landscape for t in tables) else PORTRAIT
        width = self.width(kind)
        single = len(tables) == 1
        title = rl.BoldParagraph(
            _text(first.title if single else first.code), styles.table_title
        )
        if toc_text:
            key = f"toc{len(self.toc_entries)}"
            title.toc_entry = (1, toc_text, key)
            self.toc_entries.append(title.toc_entry)
            self.toc_levels[key] = 1
        meta = rl.GridTable(
            [
                [
                    rl.Paragraph(
                        f"编制单位：{_text(first.unit_name)}", styles.meta_left
                    ),
                    rl.Paragraph(f"{first.year}{first.year_word}", styles.meta_centre),
                    rl.Paragraph(
                        f"{_text(first.measure_label)}：{_text(first.measure)}",
                        styles.meta_right,
                    ),
                ]
            ],
            colWidths=[width * 0.5, width * 0.2, width * 0.3],
            style=[
                ("FONT", (0, 0), (-1, -1), self.font, 9.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ],
        )
        flowables = [title]
        if single and first.code_printed:
            flowables.append(rl.Paragraph(_text(first.code), styles.table_code))
        flowables.append(meta)
        flowables += [self.grid(table, kind) for table in tables]
        notes = [
            note
            for table in tables
            for note in (*table.footnotes, *([table.note] if table.note else []))
        ]
        flowables += [rl.Paragraph(_text(note), styles.footnote) for note in notes]
        return flowables

    def grid(self, table: Table, kind: str):
        """The header rows and 栏次 row (a reportlab Table) over the body rows (a Grid)."""
        rl = self.rl
        width = self.width(kind)
        columns = table.columns
        texts = [[self.cell_text(table, cell) for cell in row] for row in table.body]
        size, widths = self.fit(table, texts, width)
        header_rows = [list(row) for row in table.header_rows]
        if table.index_cells:
            header_rows.append(list(table.index_cells))
        data = [[""] * len(columns) for _ in header_rows]
        commands = [
            ("FONT", (0, 0), (-1, -1), self.font, size, size * LEADING),
            ("GRID", (0, 0), (-1, -1), RULE, rl.colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
            ("BACKGROUND", (0, 0), (-1, -1), rl.colors.HexColor("#F0F0F0")),
        ]
        edges = [0.0]
        for column_width in widths:
            edges.append(edges[-1] + column_width)
        header_style = self.cell_style(size, align=rl.TA_CENTER)
        for r, row in enumerate(header_rows):
            for cell in row:
                span = edges[cell.column + cell.colspan] - edges[cell.column]
                # The header is drawn again on every page: plain where it fits.
                if self.measure(cell.text, size) <= span - 2 * CELL_PADDING:
                    data[r][cell.column] = cell.text
                else:
                    data[r][cell.column] = rl.Paragraph(_text(cell.text), header_style)
                if cell.colspan > 1 or cell.rowspan > 1:
                    commands.append(
                        (
                            "SPAN",
                            (cell.column, r),
                            (cell.column + cell.colspan - 1, r + cell.rowspan - 1),
                        )
                    )
        header = rl.GridTable(data, colWidths=widths, style=commands)
        # The tallest row a page can take under the repeated header rows.
        room = self.height(kind) - header.wrap(width, 10_000)[1] - 1
        align = {}
        for i, column in enumerate(columns):
            if column.role.is_number:
                align[i] = "right"
            elif column.role not in (Role.LABEL, Role.CODE):
                # Short text (分值, 得分, —) sits in the middle, as codes do.
                align[i] = "centre"
        rows = []
        for row, row_texts in zip(table.body, texts, strict=True):
            height = size * LEADING + TOP_PADDING + BOTTOM_PADDING
            cells = []
            for cell, text in zip(row, row_texts, strict=True):
                c = cell.column
                span = edges[c + cell.colspan] - edges[c]
                value, cell_height, indent = self.cell_value(cell, text, size, span)
                height = max(height, cell_height)
                offset = CELL_PADDING + indent
                if isinstance(value, str) and value and c in align:
                    spare = span - 2 * CELL_PADDING - self.measure(value, size)
                    offset += spare if align[c] == "right" else spare / 2
                if value != "" or cell.colspan > 1:
                    cells.append((c, c + cell.colspan, value, offset))
            rows += self.fit_row(height, cells, room, size)
        return rl.Grid(header, widths, rows, self.font, size)

    def fit_row(self, height: float, cells: list, room: float, size: float) -> list:
        """A body row as one or more physical rows no taller than `room`.

        A row with a text longer than a page (a 自评表 goal, a deviation
        reason) could never be placed; its long paragraphs are cut into
        pieces that continue in the rows below, with no rule between them.
        Rows are (height, cells, open below).
        """
        padding = TOP_PADDING + BOTTOM_PADDING
        if height <= room:
            return [(height, tuple(cells), False)]
        # Quarter-page pieces: the first fits under the table's title, and a
        # page break leaves little blank space.
        room /= 4
        pieces = []
        for _first, _after, value, _offset in cells:
            chunks = []
            if not isinstance(value, str):
                inner = value.width  # as wrapped by cell_value
                while value.height + padding > room:
                    parts = value.split(inner, room - padding)
                    if len(parts) < 2:
                        break
                    for part in parts:
                        part.wrap(inner, 10_000)
                    chunks.append(parts[0])
                    value = parts[1]
            pieces.append([*chunks, value])
        rows = []
        for index in range(max(len(chunks) for chunks in pieces)):
            row_cells, row_height = [], size * LEADING
            for (first, after, _value, offset), chunks in zip(
                cells, pieces, strict=True
            ):
                value = chunks[index] if index < len(chunks) else ""
                if value != "" or after - first > 1:
                    row_cells.append((first, after, value, offset))
                if not isinstance(value, str):
                    row_height = max(row_height, value.height)
            rows.append((row_height + padding, tuple(row_cells), True))
        last_height, last_cells, _open = rows[-1]
        rows[-1] = (last_height, last_cells, False)
        return rows

    def measure(self, text: str, size: float) -> float:
        """Width of one line of text; cached, as a long table repeats its figures."""
        key = (text, size)
        width = self._measured.get(key)
        if width is None:
            width = self._measured[key] = self.rl.stringWidth(text, self.font, size)
        return width

    @staticmethod
    def cell_text(table: Table, cell) -> str:
        if isinstance(cell.value, str):
            return cell.value
        if cell.role.is_number:
            return format_amount(
                cell.value, zero=table.zero_text, most_places=table.amount_places
            )
        return "" if cell.value is None else str(cell.value)

    def cell_value(self, cell, text: str, size: float, width: float):
        """(cell content, row height it needs, extra left indent) for a body cell.

        A plain string where it fits one line (drawn far faster than a
        paragraph); a wrapping paragraph for long names and long text;
        合计-type names in bold.
        """
        rl = self.rl
        plain = size * LEADING + TOP_PADDING + BOTTOM_PADDING
        if not text:
            return "", plain, 0
        inner = width - 2 * CELL_PADDING
        indent = max(cell.level - 1, 0) * size if cell.role == Role.LABEL else 0
        bold = cell.role == Role.LABEL and cell.kind == RowKind.TOTAL
        if cell.role.is_code or cell.role == Role.LINE_NO:
            return text, plain, 0
        if cell.role.is_number and not isinstance(cell.value, str):
            return text, plain, 0
        if not bold and "\n" not in text:
            if self.measure(text, size) + indent <= inner:
                return text, plain, indent
        markup = "<br/>".join(_text(line) for line in text.splitlines())
        kind = rl.BoldParagraph if bold else rl.Paragraph
        paragraph = kind(markup, self.cell_style(size, indent=indent))
        _, height = paragraph.wrap(inner, 10_000)
        return paragraph, height + TOP_PADDING + BOTTOM_PADDING, 0

    def cell_style(self, size: float, indent: float = 0, align=None):
        key = (size, indent, align)
        if key not in self._cell_styles:
            self._cell_styles[key] = self.rl.ParagraphStyle(
                f"cell-{size}-{indent}-{align}",
                fontName=self.font,
                fontSize=size,
                leading=size * LEADING,
                leftIndent=indent,
                alignment=self.rl.TA_LEFT if align is None else align,
                wordWrap="CJK",
            )
        return self._cell_styles[key]

    def fit(self, table: Table, texts, width: float) -> tuple[float, list[float]]:
        """The largest font size at which the columns fit `width`, and their widths.

        Codes, line numbers and amounts get their natural width (amounts never
        wrap); names and text share the rest, wrapping when long; what is
        left over widens names, text and amounts alike, so the grid fills the
        page width.
        """
        for size in TABLE_SIZES:
            widths = self._widths(table, texts, width, size)
            if widths is not None:
                return size, widths
        size = TABLE_SIZES[-1]
        return size, self._widths(table, texts, width, size, squeeze=True)

    def _widths(self, table, texts, width, size, squeeze=False):
        columns = table.columns
        pad = 2 * CELL_PADDING
        natural = [0.0] * len(columns)  # widest one-line content
        for row, row_texts in zip(table.body, texts, strict=True):
            for cell, text in zip(row, row_texts, strict=True):
                if text and cell.colspan == 1:
                    indent = max(cell.level - 1, 0) * size
                    measured = indent + max(
                        self.measure(line, size) for line in text.splitlines() or [""]
                    )
                    natural[cell.column] = max(natural[cell.column], measured)
        minimum, desired = [], []
        # One long text must not take the width its neighbours need to read well.
        cap = 0.35 * width
        for i, column in enumerate(columns):
            role = column.role
            # A long column heading asks for width too, up to six characters a line.
            heading = min(self.measure(column.text, size), 6 * size)
            if role == Role.CODE_PART:
                # Wide enough for 支出功能分类科目编码 over 类款项 in two lines.
                low = high = max(natural[i], 2.3 * size)
            elif role == Role.LINE_NO:
                low = high = max(natural[i], 2 * size)
            elif role == Role.CODE:
                low = high = max(natural[i], 4 * size)
            elif role.is_number:
                # Amounts never wrap; four characters of heading per line at least.
                low = high = max(natural[i], heading, 4 * size)
            elif role == Role.LABEL:
                low = max(min(natural[i], 7 * size), 2 * size)
                high = max(min(natural[i], cap), heading, low)
            else:  # text that may wrap
                low = max(min(natural[i], 5 * size), 2 * size)
                high = max(min(natural[i], cap), heading, low)
            minimum.append(low + pad)
            desired.append(high + pad)
        low_total, high_total = sum(minimum), sum(desired)
        if low_total > width:
            if not squeeze:
                return None
            return [w * width / low_total for w in minimum]
        if high_total > width:
            # Wrapping columns give up width in proportion to what they can spare.
            share = (width - low_total) / (high_total - low_total)
            return [
                lo + (hi - lo) * share for lo, hi in zip(minimum, desired, strict=True)
            ]
        # Everything fits on one line: names, text and amounts (not codes)
        # stretch so that the grid fills the page width.
        stretch = [
            i
            for i, c in enumerate(columns)
            if not (c.role.is_code or c.role == Role.LINE_NO)
        ] or list(range(len(columns)))
        spare = (width - high_total) / sum(desired[i] for i in stretch)
        return [w * (1 + spare) if i in stretch else w for i, w in enumerate(desired)]

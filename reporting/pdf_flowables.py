"""reportlab pieces the PDF export needs beyond the stock ones, loaded on first use.

    rl = platypus()        # reportlab's classes and these, in one namespace
    name = register_font(path)

* `BoldParagraph`: headings in bold without a bold font file (the embedded
  Chinese font has one weight);
* `Grid`: table body rows under header rows repeated on every page, fast
  enough for reports of hundreds of lines;
* `HookedCanvas`: a canvas with named paragraph callbacks and a hook run just
  before saving (the 目录's page numbers are written there).

Nothing here knows about reports; `disclosure.exports.pdf` lays the report out.
"""

import bisect
import copy
import functools
import hashlib
from types import SimpleNamespace

from django.core.exceptions import ImproperlyConfigured

CELL_PADDING = 3  # left and right, in table cells
TOP_PADDING = 2
BOTTOM_PADDING = 2.5
LEADING = 1.3  # × font size, in table cells
RULE = 0.5  # table line width
# The embedded font has one weight; bold is drawn with outlined glyphs.
BOLD_STROKE = 0.035  # × font size
CANNOT_START_LINE = "，。、；：？！）》〉」』】”’％…"


@functools.cache
def register_font(path: str) -> str:
    """Register the TrueType file at `path` once; the name to use in styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    # One name per file, so that a changed setting never reuses another font.
    name = "JsgkCJK-" + hashlib.sha1(path.encode()).hexdigest()[:8]
    try:
        # A collection (.ttc) contributes its first face.
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except TTFError as error:
        raise ImproperlyConfigured(
            f"PDF 字体 {path} 无法使用：{error}。reportlab 只能嵌入 TrueType 轮廓的字体，"
            "不能使用 OpenType/CFF 字体（如 Noto Sans CJK 的 .otf）。"
        ) from error
    # <b>/<i> in paragraph markup must not fall back to a Latin-only font.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


@functools.cache
def platypus() -> SimpleNamespace:
    """reportlab, imported on first use: most requests never draw a PDF."""
    from reportlab.lib import colors, textsplit
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        paragraph,
    )
    from reportlab.platypus import Table as GridTable

    # reportlab's rule "these never start a line" knows the Japanese marks
    # only; without the Chinese ones a line may begin with "，" or "；".
    # Both line breakers (one text run, several runs) read their own copy.
    for module in (textsplit, paragraph):
        missing = "".join(
            c for c in CANNOT_START_LINE if c not in module.ALL_CANNOT_START
        )
        module.ALL_CANNOT_START += missing

    class BoldParagraph(Paragraph):
        """A paragraph with filled-and-stroked glyphs, the usual stand-in for a bold face."""

        def beginText(self, x, y):
            # drawOn saves and restores the graphics state around draw().
            self.canv.setLineWidth(self.style.fontSize * BOLD_STROKE)
            text = self.canv.beginText(x, y)
            text.setTextRenderMode(2)
            return text

    class Grid(Flowable):
        """Table body rows drawn directly, under header rows repeated on every page.

        reportlab's Table measures and copies the remaining rows again at
        every page break and draws each cell as a text object of its own,
        which made a report of 300 lines take seconds. Here row heights come
        in measured, a page break is a slice (`start`, `end`) of the same
        rows, the rules are one path and the one-line cells one text object.

        `rows` are (height, cells, open below); a cell is (first column,
        column after the last, str or wrapped Paragraph, x of the content
        from the cell's left edge, alignment and indent applied). Columns a
        row's cells do not start at are spanned; a row open below continues
        in the next one (no rule between them, except at a page break).
        """

        def __init__(self, header, widths, rows, font, size, start=0, end=None):
            super().__init__()
            self.header = header
            self.header_height = header.wrap(sum(widths), 10_000)[1]
            self.widths = widths
            self.edges = [0.0]
            for width in widths:
                self.edges.append(self.edges[-1] + width)
            self.rows = rows
            self.tops = [0.0]
            for height, _cells, _open in rows:
                self.tops.append(self.tops[-1] + height)
            self.font, self.size = font, size
            self.start = start
            self.end = len(rows) if end is None else end
            self.hAlign = "CENTER"

        def _part(self, start, end):
            part = copy.copy(self)
            part.start, part.end = start, end
            # The layout marks a flowable it had to move to the next page;
            # a part is new and must not inherit the mark.
            part.__dict__.pop("_postponed", None)
            return part

        def wrap(self, available_width, available_height):
            self.width = self.edges[-1]
            self.height = (
                self.header_height + self.tops[self.end] - self.tops[self.start]
            )
            return self.width, self.height

        def split(self, available_width, available_height):
            room = available_height - self.header_height
            end = (
                bisect.bisect_right(self.tops, self.tops[self.start] + room + 1e-6) - 1
            )
            end = min(end, self.end)
            if end <= self.start:
                return []
            if end == self.end:
                return [self]
            return [self._part(self.start, end), self._part(end, self.end)]

        def draw(self):
            canvas, edges, size = self.canv, self.edges, self.size
            right = edges[-1]
            top = self.height - self.header_height
            self.header.drawOn(canvas, 0, top)
            rules = canvas.beginPath()
            text = canvas.beginText()
            text.setFont(self.font, size)
            # Column edges no cell of this part spans run top to bottom.
            spanned: dict[int, set[tuple[float, float]]] = {}
            y = top
            last = self.end - 1
            for index in range(self.start, self.end):
                height, cells, open_below = self.rows[index]
                bottom = y - height
                if not open_below or index == last:
                    rules.moveTo(0, bottom)
                    rules.lineTo(right, bottom)
                # reportlab Table's placement of a middle-aligned line.
                baseline = (
                    bottom
                    + (BOTTOM_PADDING + height - TOP_PADDING + size * LEADING) / 2
                    - size
                )
                for first, after, value, offset in cells:
                    for edge in range(first + 1, after):
                        spanned.setdefault(edge, set()).add((bottom, y))
                    if not value:
                        continue
                    if isinstance(value, str):
                        text.setTextOrigin(edges[first] + offset, baseline)
                        text.textOut(value)
                    else:
                        gap = height - TOP_PADDING - BOTTOM_PADDING - value.height
                        value.drawOn(
                            canvas,
                            edges[first] + offset,
                            bottom + BOTTOM_PADDING + gap / 2,
                        )
                y = bottom
            for edge, x in enumerate(edges):
                breaks = spanned.get(edge)
                if not breaks:
                    rules.moveTo(x, y)
                    rules.lineTo(x, top)
                    continue
                # A spanned edge is drawn row by row, skipping the spanned rows.
                row_top = top
                for height, _cells, _open in self.rows[self.start : self.end]:
                    row_bottom = row_top - height
                    if (row_bottom, row_top) not in breaks:
                        rules.moveTo(x, row_bottom)
                        rules.lineTo(x, row_top)
                    row_top = row_bottom
            canvas.saveState()
            canvas.setLineWidth(RULE)
            canvas.drawPath(rules, stroke=1, fill=0)
            canvas.restoreState()
            canvas.drawText(text)

    class HookedCanvas(Canvas):
        """A canvas with named paragraph callbacks and a hook run just before saving."""

        def __init__(self, *args, callbacks, before_save, **kwargs):
            super().__init__(*args, **kwargs)
            for name, callback in callbacks.items():
                self.setNamedCB(name, callback)
            self.before_save = before_save

        def save(self):
            self.before_save(self)
            super().save()

    return SimpleNamespace(
        colors=colors,
        Grid=Grid,
        HookedCanvas=HookedCanvas,
        TA_CENTER=TA_CENTER,
        TA_JUSTIFY=TA_JUSTIFY,
        TA_LEFT=TA_LEFT,
        TA_RIGHT=TA_RIGHT,
        A4=A4,
        landscape=landscape,
        ParagraphStyle=ParagraphStyle,
        cm=cm,
        stringWidth=stringWidth,
        BaseDocTemplate=BaseDocTemplate,
        Frame=Frame,
        NextPageTemplate=NextPageTemplate,
        PageBreak=PageBreak,
        PageTemplate=PageTemplate,
        Paragraph=Paragraph,
        BoldParagraph=BoldParagraph,
        Spacer=Spacer,
        GridTable=GridTable,
    )

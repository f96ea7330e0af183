"""A small streaming writer of .xlsx files (SpreadsheetML), for the report workbook.

openpyxl builds a Python object per cell and per style and then serialises
them; for a report of several hundred function codes (about 15 000 cells) that
takes over a second, against a budget of 0.3 s. The report workbook needs only
a few features — inline strings, numbers, a dozen cell styles, merged ranges,
column widths, row heights, frozen rows, print titles and page setup — so it
writes the XML directly. The files are read back with openpyxl in the tests,
and open in Excel, WPS and LibreOffice.

Numbers are written from Decimal or int exactly as given (never via float).
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from reporting.spreadsheets import escape_formula

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Built-in number formats need no declaration.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
FIRST_CUSTOM_FORMAT = 164
# Floats would carry binary rounding into the file; bools are not figures.
_REFUSED = (float, bool)
_ACCEPTED = (str, int, Decimal, type(None))
# Characters XML 1.0 does not allow; a pasted reason text may carry them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(_ILLEGAL_XML.sub("", value))


def _attr(value: str) -> str:
    return escape(_ILLEGAL_XML.sub("", value), {'"': "&quot;"})


@dataclass(frozen=True)
class Style:
    """One cell format: font, alignment, border, fill and number format."""

    bold: bool = False
    size: int = 10
    horizontal: str = "general"
    vertical: str = "center"
    wrap: bool = False
    indent: int = 0
    border: bool = False
    fill: str = ""  # RGB like "F2F2F2", or "" for none
    number_format: str = "General"


class Styles:
    """The workbook's style table; `index(style)` gives a cell's `s` attribute."""

    FONT_NAME = "宋体"

    def __init__(self):
        self.xfs: dict[Style, int] = {Style(): 0}
        self.fonts: dict[tuple, int] = {(False, 10): 0}
        self.fills: dict[str, int] = {"": 0, "gray125": 1}
        self.formats: dict[str, int] = {}

    def index(self, style: Style) -> int:
        found = self.xfs.get(style)
        if found is None:
            self.fonts.setdefault((style.bold, style.size), len(self.fonts))
            self.fills.setdefault(style.fill, len(self.fills))
            if style.number_format not in BUILTIN_FORMATS:
                self.formats.setdefault(
                    style.number_format, FIRST_CUSTOM_FORMAT + len(self.formats)
                )
            found = self.xfs[style] = len(self.xfs)
        return found

    def _format_id(self, number_format: str) -> int:
        if number_format in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[number_format]
        return self.formats[number_format]

    def xml(self) -> str:
        parts = [XML_DECL, f'<styleSheet xmlns="{MAIN_NS}">']
        if self.formats:
            parts.append(f'<numFmts count="{len(self.formats)}">')
            parts += [
                f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>'
                for code, i in self.formats.items()
            ]
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(self.fonts)}">')
        for bold, size in self.fonts:
            parts.append(
                f'<font>{"<b/>" if bold else ""}<sz val="{size}"/>'
                f'<name val="{self.FONT_NAME}"/><family val="3"/><charset val="134"/>'
                "</font>"
            )
        parts.append("</fonts>")
        parts.append(f'<fills count="{len(self.fills)}">')
        for fill in self.fills:
            if fill in ("", "gray125"):
                kind = "none" if fill == "" else "gray125"
                parts.append(f'<fill><patternFill patternType="{kind}"/></fill>')
            else:
                parts.append(
                    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
                    '<bgColor indexed="64"/></patternFill></fill>'
                )
        parts.append("</fills>")
        thin = '<color rgb="FF000000"/>'
        parts.append(
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f'<border><left style="thin">{thin}</left><right style="thin">{thin}</right>'
            f'<top style="thin">{thin}</top><bottom style="thin">{thin}</bottom>'
            "<diagonal/></border></borders>"
        )
        parts.append(
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
        )
        parts.append(f'<cellXfs count="{len(self.xfs)}">')
        for style in self.xfs:
            font = self.fonts[(style.bold, style.size)]
            fill = self.fills[style.fill]
            border = 1 if style.border else 0
            number = self._format_id(style.number_format)
            alignment = f' vertical="{style.vertical}"'
            if style.horizontal != "general":
                alignment = f' horizontal="{style.horizontal}"' + alignment
            if style.wrap:
                alignment += ' wrapText="1"'
            if style.indent:
                alignment += f' indent="{style.indent}"'
            parts.append(
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" '
                f'borderId="{border}" xfId="0" applyNumberFormat="1" applyFont="1" '
                f'applyFill="1" applyBorder="1" applyAlignment="1">'
                f"<alignment{alignment}/></xf>"
            )
        parts.append("</cellXfs>")
        parts.append(
            '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )
        return "".join(parts)


@dataclass
class Sheet:
    name: str
    styles: Styles
    cells: dict[int, dict[int, tuple]] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    frozen_rows: int = 0
    print_title_rows: tuple[int, int] | None = None
    landscape: bool = False
    fit_to_width: bool = True
    footer: str = "&C第 &P 页，共 &N 页"

    def set(self, row: int, column: int, value, style: "Style | int" = 0) -> None:
        """Put a value (str, int, Decimal or None for a styled blank) at row, column (1-based).

        `style` is a Style, or the index `Styles.index` gave for one (faster in loops).
        """
        if isinstance(value, _REFUSED) or not isinstance(value, _ACCEPTED):
            raise TypeError(
                f"单元格只接受 Decimal、int 或文本，收到 {type(value).__name__}"
            )
        if not isinstance(style, int):
            style = self.styles.index(style)
        self.cells.setdefault(row, {})[column] = (escape_formula(value), style)

    def merge(self, row: int, column: int, rowspan: int = 1, colspan: int = 1) -> None:
        if rowspan > 1 or colspan > 1:
            self.merges.append(
                f"{column_letter(column)}{row}:"
                f"{column_letter(column + colspan - 1)}{row + rowspan - 1}"
            )

    def width(self, column: int, chars: float) -> None:
        self.widths[column] = max(chars, self.widths.get(column, 0))

    def xml(self, selected: bool) -> str:
        rows = sorted(self.cells)
        last_row = rows[-1] if rows else 1
        last_column = max((max(c) for c in self.cells.values() if c), default=1)
        tab = ' tabSelected="1"' if selected else ""
        parts = [
            XML_DECL,
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
            f'<sheetPr><pageSetUpPr fitToPage="{int(self.fit_to_width)}"/></sheetPr>',
            f'<dimension ref="A1:{column_letter(last_column)}{last_row}"/>',
            f'<sheetViews><sheetView showGridLines="0"{tab} workbookViewId="0">',
        ]
        if self.frozen_rows:
            top = f"A{self.frozen_rows + 1}"
            parts.append(
                f'<pane ySplit="{self.frozen_rows}" topLeftCell="{top}" '
                f'activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            )
        parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>")
            parts += [
                f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                for c, w in sorted(self.widths.items())
            ]
            parts.append("</cols>")
        parts.append("<sheetData>")
        letters = [""] + [column_letter(c) for c in range(1, last_column + 1)]
        add = parts.append
        heights = self.heights
        for r in rows:
            height = heights.get(r)
            extra = f' ht="{height}" customHeight="1"' if height else ""
            add(f'<row r="{r}"{extra}>')
            row = self.cells[r]
            # Cells are mostly set left to right; sort only when they were not.
            columns = list(row)
            if columns != sorted(columns):
                columns.sort()
            for c in columns:
                value, s = row[c]
                if value is None or value == "":
                    add(f'<c r="{letters[c]}{r}" s="{s}"/>')
                elif isinstance(value, str):
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    add(
                        f'<c r="{letters[c]}{r}" s="{s}" t="inlineStr"><is><t{space}>'
                        f"{_text(value)}</t></is></c>"
                    )
                elif isinstance(value, Decimal):
                    add(f'<c r="{letters[c]}{r}" s="{s}"><v>{value:f}</v></c>')
                else:
                    add(f'<c r="{letters[c]}{r}" s="{s}"><v>{int(value)}</v></c>')
            add("</row>")
        parts.append("</sheetData>")
        # Heights of rows without cells (spacer rows) are not needed.
        if self.merges:
            parts.append(f'<mergeCells count="{len(self.merges)}">')
            parts += [f'<mergeCell ref="{ref}"/>' for ref in self.merges]
            parts.append("</mergeCells>")
        orientation = "landscape" if self.landscape else "portrait"
        fit = ' fitToWidth="1" fitToHeight="0"' if self.fit_to_width else ""
        parts.append(
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" '
            'header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}"{fit}/>'
        )
        if self.footer:
            parts.append(
                f"<headerFooter><oddFooter>{_text(self.footer)}</oddFooter></headerFooter>"
            )
        parts.append("</worksheet>")
        return "".join(parts)


class Workbook:
    def __init__(self, title: str = "", creator: str = ""):
        self.title = title
        self.creator = creator
        self.styles = Styles()
        self.sheets: list[Sheet] = []

    def add_sheet(self, name: str) -> Sheet:
        if len(name) > 31 or re.search(r"[\[\]:*?/\\]", name):
            raise ValueError(f"工作表名称“{name}”不符合 Excel 的要求。")
        if any(s.name == name for s in self.sheets):
            raise ValueError(f"工作表名称“{name}”重复。")
        sheet = Sheet(name, self.styles)
        self.sheets.append(sheet)
        return sheet

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name="{_attr(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{_text(self._quoted(s.name))}!${s.print_title_rows[0]}:${s.print_title_rows[1]}"
            "</definedName>"
            for i, s in enumerate(self.sheets)
            if s.print_title_rows
        )
        defined = f"<definedNames>{names}</definedNames>" if names else ""
        return (
            f'{XML_DECL}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}</workbook>"
        )

    @staticmethod
    def _quoted(name: str) -> str:
        return "'" + name.replace("'", "''") + "'"

    def _rels_xml(self) -> str:
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{DOC_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        styles = len(self.sheets) + 1
        rels += f'<Relationship Id="rId{styles}" Type="{DOC_REL}/styles" Target="styles.xml"/>'
        return f'{XML_DECL}<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>'

    def _content_types_xml(self) -> str:
        sheet_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        return (
            f"{XML_DECL}"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        )

    def _core_xml(self) -> str:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            f"{XML_DECL}"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(self.title)}</dc:title><dc:creator>{_text(self.creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"
        )

    def _app_xml(self) -> str:
        return (
            f"{XML_DECL}"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{_text(self.creator or 'Microsoft Excel')}</Application></Properties>"
        )

    def save(self) -> bytes:
        if not self.sheets:
            raise ValueError("工作簿中没有工作表。")
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as z:
            z.writestr("[Content_Types].xml", self._content_types_xml())
            z.writestr(
                "_rels/.rels",
                f'{XML_DECL}<Relationships xmlns="{PKG_REL_NS}">'
                f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>",
            )
            z.writestr("docProps/core.xml", self._core_xml())
            z.writestr("docProps/app.xml", self._app_xml())
            z.writestr("xl/workbook.xml", self._workbook_xml())
            z.writestr("xl/_rels/workbook.xml.rels", self._rels_xml())
            for i, sheet in enumerate(self.sheets, start=1):
                z.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml(selected=i == 1))
            # Styles last: every sheet has registered its styles by now.
            z.writestr("xl/styles.xml", self.styles.xml())
        return buffer.getvalue()

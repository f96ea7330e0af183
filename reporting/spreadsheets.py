"""Text cells of the CSV and XLSX files the platform writes, safe to open in Excel or WPS.

A text cell beginning with = + - @, a tab or a carriage return is read by
spreadsheet programs as a formula (OWASP "CSV injection"): a unit name such
as =HYPERLINK("http://…") would run when a reader opens a download. Every
writer passes its text cells through `escape_formula`, which prefixes a
single quote, the mark spreadsheets use for "this is text"; numbers are not
text and stay numbers, and a text that is itself a plain number ("-12.50")
is left as it is. The importers read such a cell back through
`unescape_formula`, so an exported file imports to the same facts.

An uploaded .xlsx is opened only after `check_archive` has bounded what it
can cost: an .xlsx is a zip of XML parts, and a small upload can hold a
great deal — a 1 MB zip can unpack to a million narrow rows, a row can put
one cell in column XFD (16 384 columns, which a grid reader pads row by
row), shared strings can run to millions of entries, and an XML part can
declare entities that expand a thousandfold. So the upload size, each
part's unpacked size and the total are limited as the bytes are actually
inflated (a zip's own size fields can lie), cells and shared strings are
counted in the raw XML, and any DTD (<!DOCTYPE, <!ENTITY) is refused: no
spreadsheet program writes one, and it is how "billion laughs" and
external-entity attacks begin.

It is part of the reporting engine, on which every app builds.
"""

import re
import zipfile
from io import BytesIO

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")


def escape_formula(value):
    """A text that a spreadsheet would run as a formula, prefixed with '; anything else unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return QUOTE + value
    return value


def unescape_formula(value):
    """The text `escape_formula` was given, for a cell read back from an exported file."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:].startswith(FORMULA_TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value[1:])
    ):
        return value[1:]
    return value


# -- bounded reading of uploaded workbooks -----------------------------------

MAX_FILE_BYTES = 5 * 1024 * 1024
# A zip of a few MB can unpack to gigabytes; refuse before openpyxl unpacks it.
# The largest real report workbook (every code of the year) unpacks to a few MB.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
# Shared strings and styles are parsed whole by openpyxl, so each part that
# is not a worksheet gets a tighter limit; a real one is well under 1 MB.
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
# openpyxl spends about 20 µs on each cell and 60 µs on each shared string it
# parses, wherever they lie, so both are counted in the raw XML too. The
# template's largest possible workbook (every code of a year's list, each
# fund) has about 110 000 cells and a few thousand distinct texts; these
# limits keep the worst file within a few seconds.
MAX_CELLS = 200_000
MAX_SHARED_STRINGS = 20_000
CELL_TAGS = (b"<c ", b"<c>")
STRING_TAGS = (b"<si>", b"<si ")
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
CHUNK = 1024 * 1024

NOT_XLSX = (
    "无法打开该文件：它不是 .xlsx 格式的 Excel 工作簿，或文件已损坏。"
    "请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后再上传（不支持旧版 .xls 和 CSV）。"
)
TOO_BIG_UNPACKED = "文件解压后超过 {limit} MB，不是正常的报表工作簿，已拒绝读取。"
TOO_BIG_PART = (
    "文件中的“{part}”解压后超过 {limit} MB，不是正常的报表工作簿，已拒绝读取。"
)
TOO_MANY = (
    "文件中的“{part}”含有超过 {limit:,} 个{what}，远多于本系统任何导入文件所能填列的数量，"
    "已拒绝读取。"
)
HAS_DTD = (
    "文件中的“{part}”含有文档类型或实体声明（DTD），正常的 Excel 工作簿不会包含，"
    "已拒绝读取。请用 Excel 或 WPS 重新另存为 .xlsx 后再上传。"
)


class SpreadsheetRejected(Exception):
    """An upload refused before it is parsed; the message says why, in Chinese."""


def too_large_message(size: int) -> str:
    return (
        f"文件大小为 {size / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。"
        "导入用的工作簿通常不足 1 MB，请检查是否上传了错误的文件。"
    )


def check_archive(content: bytes) -> None:
    """Inflate every part once, counting real bytes and looking for a DTD; SpreadsheetRejected if any limit is passed."""
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetRejected(too_large_message(len(content)))
    total = 0
    cells = 0
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            infos = archive.infolist()
            if "xl/workbook.xml" not in {info.filename for info in infos}:
                raise SpreadsheetRejected(NOT_XLSX)
            for info in infos:
                is_sheet = info.filename.startswith("xl/worksheets/")
                is_strings = info.filename == "xl/sharedStrings.xml"
                limit = MAX_UNPACKED_BYTES if is_sheet else MAX_OTHER_PART_BYTES
                size = 0
                strings = 0
                tail = b""
                with archive.open(info) as part:
                    while chunk := part.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limit:
                            raise SpreadsheetRejected(
                                TOO_BIG_PART.format(
                                    part=info.filename, limit=limit // 1024 // 1024
                                )
                            )
                        if total > MAX_UNPACKED_BYTES:
                            raise SpreadsheetRejected(
                                TOO_BIG_UNPACKED.format(
                                    limit=MAX_UNPACKED_BYTES // 1024 // 1024
                                )
                            )
                        # Keep a few bytes of the previous chunk: a marker can
                        # straddle two reads.
                        window = tail + chunk
                        if any(marker in window for marker in DTD_MARKERS):
                            raise SpreadsheetRejected(
                                HAS_DTD.format(part=info.filename)
                            )
                        tail = chunk[-16:]
                        if is_sheet:
                            cells += sum(chunk.count(tag) for tag in CELL_TAGS)
                            if cells > MAX_CELLS:
                                raise SpreadsheetRejected(
                                    TOO_MANY.format(
                                        part=info.filename,
                                        limit=MAX_CELLS,
                                        what="单元格",
                                    )
                                )
                        if is_strings:
                            strings += sum(chunk.count(tag) for tag in STRING_TAGS)
                            if strings > MAX_SHARED_STRINGS:
                                raise SpreadsheetRejected(
                                    TOO_MANY.format(
                                        part=info.filename,
                                        limit=MAX_SHARED_STRINGS,
                                        what="文本",
                                    )
                                )
    except SpreadsheetRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        # Also a CRC or size mismatch while inflating, i.e. a zip whose
        # headers lie about what it holds, and encrypted or truncated files.
        raise SpreadsheetRejected(NOT_XLSX) from None
    except Exception:  # noqa: BLE001 — zlib and zipfile raise many kinds for a broken file
        raise SpreadsheetRejected(NOT_XLSX) from None

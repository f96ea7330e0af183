"""Opening an uploaded report workbook with its cost bounded before anything is parsed.

An .xlsx is a zip of XML parts, and a small upload can hold a great deal:
a 1 MB zip can unpack to a million narrow rows, a row can put one cell in
column XFD (16 384 columns, which a grid reader pads row by row), shared
strings can run to millions of entries, and an XML part can declare entities
that expand a thousandfold. So, before openpyxl sees the file:

* the upload size, each part's unpacked size and the total are limited, as
  the bytes are actually inflated (a zip's own size fields can lie);
* any DTD (<!DOCTYPE, <!ENTITY) is refused: no spreadsheet program writes
  one, and it is how "billion laughs" and external-entity attacks begin;

and afterwards each sheet is read only as far as the template's shape goes
(`sheet_rows`): its own columns, and at most a number of rows set by the
year's code list. The `<dimension>` a sheet declares is never trusted.
"""

import zipfile
from io import BytesIO

from disclosure.importers.cells import Problem, WorkbookRejected

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
TOO_BIG_UNPACKED = "文件解压后超过 {limit} MB，不是正常的决算报告工作簿，已拒绝读取。"
TOO_BIG_PART = (
    "文件中的“{part}”解压后超过 {limit} MB，不是正常的决算报告工作簿，已拒绝读取。"
)
TOO_MANY = (
    "文件中的“{part}”含有超过 {limit:,} 个{what}，远多于决算报告工作簿所能填列的数量，"
    "已拒绝读取。"
)
HAS_DTD = (
    "文件中的“{part}”含有文档类型或实体声明（DTD），正常的 Excel 工作簿不会包含，"
    "已拒绝读取。请用 Excel 或 WPS 重新另存为 .xlsx 后再上传。"
)


def too_large(size: int) -> Problem:
    return Problem(
        f"文件大小为 {size / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。"
        "决算报告工作簿通常不足 1 MB，请检查是否上传了错误的文件。"
    )


def _rejected(message: str) -> WorkbookRejected:
    return WorkbookRejected([Problem(message)])


def check_archive(content: bytes) -> None:
    """Inflate every part once, counting real bytes and looking for a DTD; WorkbookRejected if any limit is passed."""
    if len(content) > MAX_FILE_BYTES:
        raise WorkbookRejected([too_large(len(content))])
    total = 0
    cells = 0
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            infos = archive.infolist()
            if "xl/workbook.xml" not in {info.filename for info in infos}:
                raise _rejected(NOT_XLSX)
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
                            raise _rejected(
                                TOO_BIG_PART.format(
                                    part=info.filename, limit=limit // 1024 // 1024
                                )
                            )
                        if total > MAX_UNPACKED_BYTES:
                            raise _rejected(
                                TOO_BIG_UNPACKED.format(
                                    limit=MAX_UNPACKED_BYTES // 1024 // 1024
                                )
                            )
                        # Keep a few bytes of the previous chunk: a marker can
                        # straddle two reads.
                        window = tail + chunk
                        if any(marker in window for marker in DTD_MARKERS):
                            raise _rejected(HAS_DTD.format(part=info.filename))
                        tail = chunk[-16:]
                        if is_sheet:
                            cells += sum(chunk.count(tag) for tag in CELL_TAGS)
                            if cells > MAX_CELLS:
                                raise _rejected(
                                    TOO_MANY.format(
                                        part=info.filename,
                                        limit=MAX_CELLS,
                                        what="单元格",
                                    )
                                )
                        if is_strings:
                            strings += sum(chunk.count(tag) for tag in STRING_TAGS)
                            if strings > MAX_SHARED_STRINGS:
                                raise _rejected(
                                    TOO_MANY.format(
                                        part=info.filename,
                                        limit=MAX_SHARED_STRINGS,
                                        what="文本",
                                    )
                                )
    except WorkbookRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        # Also a CRC or size mismatch while inflating, i.e. a zip whose
        # headers lie about what it holds, and encrypted or truncated files.
        raise _rejected(NOT_XLSX) from None
    except Exception:  # noqa: BLE001 — zlib and zipfile raise many kinds for a broken file
        raise _rejected(NOT_XLSX) from None


def open_workbook(content: bytes):
    """openpyxl's read-only workbook, or WorkbookRejected for a file that is not one or costs too much."""
    from openpyxl import load_workbook

    check_archive(content)
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file
        raise _rejected(NOT_XLSX) from None


def sheet_rows(workbook, name: str, max_row: int, max_col: int) -> list[list]:
    """The values of rows 1..max_row, columns 1..max_col of a sheet; WorkbookRejected when unreadable.

    One row more is looked at: a sheet with anything below `max_row` is not
    the template. Cells right of `max_col` are never materialised (openpyxl
    would otherwise pad every row to the farthest column used anywhere).
    """
    ws = workbook[name]
    try:
        rows = [
            list(row)
            for row in ws.iter_rows(
                min_row=1, max_row=max_row + 1, max_col=max_col, values_only=True
            )
        ]
    except Exception:  # noqa: BLE001 — a broken sheet raises XML, key or value errors
        raise WorkbookRejected(
            [
                Problem(
                    "该工作表已损坏，无法读取。请用 Excel 或 WPS 重新另存为 .xlsx 后再上传。",
                    name,
                )
            ]
        ) from None
    if len(rows) > max_row:
        if any(value not in (None, "") for value in rows[max_row]):
            raise WorkbookRejected(
                [
                    Problem(
                        f"工作表超过 {max_row} 行，多于本年度科目表所能填列的行数，"
                        "不是本系统导出的表样。请删除表格以下的内容后再上传。",
                        name,
                        max_row + 1,
                    )
                ]
            )
        rows = rows[:max_row]
    return rows

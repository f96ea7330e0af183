"""Opening an uploaded report workbook with its cost bounded before anything is parsed.

Before openpyxl sees the file, `reporting.spreadsheets.check_archive` bounds the
upload, each part's unpacked size, the cells and shared strings, and refuses
any DTD (see there why); afterwards each sheet is read only as far as the template's shape goes
(`sheet_rows`): its own columns, and at most a number of rows set by the
year's code list. The `<dimension>` a sheet declares is never trusted.
"""

from io import BytesIO

from disclosure.importers.cells import Problem, WorkbookRejected
from reporting.spreadsheets import (
    MAX_FILE_BYTES,
    NOT_XLSX,
    SpreadsheetRejected,
    too_large_message,
)
from reporting.spreadsheets import check_archive as check_spreadsheet

__all__ = ["MAX_FILE_BYTES", "check_archive", "open_workbook", "sheet_rows"]


def too_large(size: int) -> Problem:
    return Problem(too_large_message(size))


def _rejected(message: str) -> WorkbookRejected:
    return WorkbookRejected([Problem(message)])


def check_archive(content: bytes) -> None:
    """`reporting.spreadsheets.check_archive`, refusing with a WorkbookRejected."""
    try:
        check_spreadsheet(content)
    except SpreadsheetRejected as exc:
        raise _rejected(str(exc)) from None


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

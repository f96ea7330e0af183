"""Cells of an imported workbook: problems with their place, text.

Number cells are read by money.parse_amount / parse_count (from_cell=True),
the parser of every entry path.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from reporting.money import exact_text
from reporting.spreadsheets import unescape_formula

# -- problems -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, with its place (sheet, row, column) when it has one."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: int | None = None  # 1-based

    @property
    def place(self) -> str:
        from reporting.xlsx_writer import column_letter

        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"{column_letter(self.column)} 列")
        return " ".join(parts)

    def __str__(self):
        return f"{self.place}：{self.message}" if self.place else self.message


# A broken file can have a problem in every cell; the page lists the first
# ones and counts the rest (a million-row list was a 100 MB error page).
MAX_LISTED_PROBLEMS = 200
# A message quotes the cell it is about; a cell can hold megabytes of text.
MAX_MESSAGE_CHARS = 500


class WorkbookRejected(Exception):
    """The file cannot be imported; `problems` lists the reasons (at most 200 and a count), each with its place."""

    def __init__(self, problems: list[Problem]):
        if len(problems) > MAX_LISTED_PROBLEMS:
            hidden = len(problems) - MAX_LISTED_PROBLEMS
            problems = [
                *problems[:MAX_LISTED_PROBLEMS],
                Problem(f"另有 {hidden} 处问题未列出，请先改正以上问题后重新上传。"),
            ]
        problems = [
            Problem(p.message[:MAX_MESSAGE_CHARS] + "…", p.sheet, p.row, p.column)
            if len(p.message) > MAX_MESSAGE_CHARS
            else p
            for p in problems
        ]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class CellProblem(Exception):
    pass


# -- reading cells --------------------------------------------------------------


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A text the report workbook quoted against formula injection reads as typed.
    return unicodedata.normalize("NFKC", unescape_formula(str(value))).strip()


def same_text(a, b) -> bool:
    """Header and label comparison: width, spaces and bracket style do not matter."""

    def key(value):
        return re.sub(r"\s+", "", text_of(value))

    return key(a) == key(b)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plain(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def shown(value) -> str:
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        return exact_text(value)
    return str(value)

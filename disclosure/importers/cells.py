"""Cells of an imported workbook: problems with their place, numbers, text."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from disclosure.money import AMOUNT_RANGE_MESSAGE, CENT, amount_in_range
from units.spreadsheets import unescape_formula

NUMBER_PATTERN = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")


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
        from disclosure.exports.xlsx_writer import column_letter

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


def parse_number(value, count: bool = False) -> Decimal | int | None:
    """A number cell: None when blank; CellProblem (Chinese) when not a valid figure.

    Spreadsheet numbers arrive as float; their shortest decimal form is the
    figure Excel shows, so 288.02 stays 288.02 (never float arithmetic).
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem(f"“{value}”不是数字。")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        if not number.is_finite():
            raise CellProblem("单元格不是有效的数字。")
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = text_of(value)
        if not NUMBER_PATTERN.fullmatch(text):
            raise CellProblem(f"“{text}”不是数字，请填写数值（例如 1234.56）。")
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellProblem(f"“{text}”不是数字。") from None
    else:
        raise CellProblem(f"“{value}”不是数字，请填写数值（例如 1234.56）。")
    # The range before rounding: quantizing a 27-digit figure would itself fail.
    if not amount_in_range(number):
        raise CellProblem(f"“{plain(number)}”{AMOUNT_RANGE_MESSAGE}")
    if count:
        if number != number.to_integral_value():
            raise CellProblem(f"“{number}”应为整数（这里填的是数量）。")
        return int(number)
    if number != number.quantize(CENT):
        raise CellProblem(f"“{plain(number)}”最多保留两位小数。")
    return number.quantize(CENT)


def plain(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def shown(value) -> str:
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)

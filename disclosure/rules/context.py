"""What a rule sees: one report's facts, its computed (or stated) tables, last year's report."""

from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.selectors import ReportData
from reporting.money import ZERO


@dataclass
class RuleContext:
    data: ReportData
    tables: dict  # "01" … "10" → Table
    prior_tables: dict | None = None
    narrative: object | None = None  # the generated 情况说明, for the reason rules
    derived: dict = field(default_factory=dict, repr=False)

    def once(self, key, compute):
        """`compute()`, run once per check: for what several rules read of the same facts."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    @classmethod
    def from_document(cls, doc) -> "RuleContext":
        return cls(doc.data, doc.tables_by_number, doc.prior_tables, doc.narrative)

    def t(self, number: str):
        return self.tables[number]

    def v(self, number: str, row: str, column: str = "amount") -> Decimal | None:
        return self.tables[number].value(row, column, None)

    def z(self, number: str, row: str, column: str = "amount") -> Decimal:
        """A cell where blank means zero (rows the unit does not carry)."""
        value = self.v(number, row, column)
        return ZERO if value is None else value

    def row_keys(self, number: str) -> list[str]:
        return [row.key for row in self.tables[number].rows if row.key]

    def codes(self, number: str) -> list[str]:
        """The 功能分类/经济分类 codes shown as rows of a coded table (合计 excluded)."""
        return [key for key in self.row_keys(number) if key.isdigit()]

    def class_rows(self, number: str, prefix: str = "ex:") -> list[str]:
        return [key for key in self.row_keys(number) if key.startswith(prefix)]


def children_by_parent(codes: list[str]) -> dict[str, list[str]]:
    """Direct children among `codes`: 类 → its 款 (5 digits), 款 → its 项 (7 digits)."""
    children: dict[str, list[str]] = {}
    for code in codes:
        if len(code) in (5, 7):
            children.setdefault(code[: len(code) - 2], []).append(code)
    return children

"""Which tables a report publishes: one entry per template variant.

A variant is a sequence of (definition, builder) pairs in publication order.
Another variant (MOF 9 tables, Shanghai 2024) is added as a definitions module
plus an entry here, reusing these builders where its tables have the same
arithmetic; renderers only ever see `Table` values.
"""

from collections.abc import Callable, Iterator, Mapping

from disclosure.figures import Figures
from disclosure.models import Report
from disclosure.selectors import ReportData, load_report_data
from disclosure.tables import builders
from disclosure.tables.base import Table
from disclosure.tables.definitions import jiangxi_2022 as jx
from disclosure.tables.spec import TableDefinition

Builder = Callable[[TableDefinition, Figures], Table]

VARIANTS: dict[str, tuple[tuple[TableDefinition, Builder], ...]] = {
    Report.TemplateVariant.JIANGXI_2022_UNIT: (
        (jx.T01, builders.build_summary),
        (jx.T02, builders.build_income),
        (jx.T03, builders.build_expenditure),
        (jx.T04, builders.build_fiscal_summary),
        (jx.T05, builders.build_general_budget),
        (jx.T06, builders.build_basic_by_economic_class),
        (jx.T07, builders.build_gov_fund),
        (jx.T08, builders.build_state_capital),
        (jx.T09, builders.build_three_public),
        (jx.T10, builders.build_assets),
    ),
}


class UnknownVariant(ValueError):
    pass


def _entries(report: Report) -> tuple[tuple[TableDefinition, Builder], ...]:
    variant = report.template_variant
    try:
        return VARIANTS[variant]
    except KeyError:
        raise UnknownVariant(
            f"决算报告“{report}”的公开模板 {variant!r} 没有表格定义。"
        ) from None


def build_tables(data: ReportData, figures: Figures | None = None) -> list[Table]:
    """All published tables of the report, in order (公开01表 first).

    `figures` are the report's (`Figures(data)`), when the caller reads them too.
    """
    figures = Figures(data) if figures is None else figures
    return [
        builder(definition, figures) for definition, builder in _entries(data.report)
    ]


class ReportTables(Mapping):
    """ "01" … "10" → a report's Table, each built the first time it is read.

    For last year's report, of which the year-on-year comparisons read only a
    few tables: its facts are loaded once, on first use (only those the
    tables need), and only the tables read are built.
    """

    def __init__(self, report: Report):
        self.report = report
        self._entries = {d.code[2:4]: (d, b) for d, b in _entries(report)}
        self._data: ReportData | None = None
        self._tables: dict[str, Table] = {}
        # Its figures, from the same load of its facts.
        self.figures = Figures(load=lambda: self.data)

    @property
    def data(self) -> ReportData:
        """The facts the tables need, loaded on first use."""
        if self._data is None:
            self._data = load_report_data(self.report, tables_only=True)
        return self._data

    def __getitem__(self, number: str) -> Table:
        table = self._tables.get(number)
        if table is None:
            definition, builder = self._entries[number]
            table = self._tables[number] = builder(definition, self.figures)
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

"""The tables a report publishes: those of its template, built from its figures.

Which tables, in which order, with which builders, is the template's
(disclosure/report_templates.py); renderers only ever see `Table` values.
"""

from collections.abc import Iterator, Mapping

from disclosure.figures import Figures
from disclosure.models import Report
from disclosure.report_templates import template_for
from disclosure.selectors import ReportData, load_report_data
from reporting.table import Table


def _entries(report: Report):
    return template_for(report).tables


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

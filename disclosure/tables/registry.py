"""The tables a report publishes: those of its template, built from its figures.

Which tables, in which order, with which builders, is the template's
(disclosure/report_templates.py); renderers only ever see `Table` values.
"""

from disclosure.figures import Figures
from disclosure.models import Report
from disclosure.report_templates import template_for
from disclosure.selectors import (
    ReportData,
    load_report_data,
    previous_report,
    renumbered,
)
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


def last_year_figures(report: Report) -> Figures | None:
    """The figures of `report`'s previous report, None when the system has none.

    Last year's facts are loaded on the first read of one of its figures (the
    year-on-year comparisons read a few), and only those the tables need. Its
    codes are read as this year's lists number them (the crosswalk of the
    year's change list), so figures by code match this year's codes.
    """
    prior = previous_report(report)
    if prior is None:
        return None
    year = report.fiscal_year.year
    return Figures(
        load=lambda: renumbered(load_report_data(prior, tables_only=True), year)
    )

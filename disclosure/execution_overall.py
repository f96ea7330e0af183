"""预算执行情况, 收支总体: a 决算 beside the whole 预算 it reads (disclosure/budgets.py).

When the unit's 预算 of the year is published on the platform, more than the
财政拨款 lines can be set beside the 决算: 本年收入 by source, 本年支出 by
kind (基本支出, 项目支出 …), 机关运行经费 and 政府采购. Each row is a
disclosure.execution.Row of section "overall": 预算数 from the 预算's figures
(converted exactly into the 决算's amount unit), 决算数 from the 决算's. The
items of 收入 and of 支出 are each sorted by the absolute 差额, biggest
first; a line neither budgeted nor spent is left out.
"""

from disclosure.charts import INCOME_SOURCES
from disclosure.figures import Figures
from disclosure.models import EXPENDITURE_FIELDS, Report
from disclosure.selectors import load_report_data
from reporting.money import ZERO, convert

OVERALL = "overall"
EXPENDITURE_LABELS = {
    "basic": "基本支出",
    "project": "项目支出",
    "to_superior": "上缴上级支出",
    "operating": "经营支出",
    "to_affiliates": "对附属单位补助支出",
}


def overall_rows(figures: Figures, budget: Report, make_row) -> tuple:
    """The 收支总体 rows of the 决算 of `figures` against `budget`.

    `make_row(section, kind, level, budget, actual, **fields)` builds a Row
    (disclosure.execution._row), so the rates are computed as everywhere.
    """
    report = figures.data.report
    planned = Figures(load_report_data(budget, tables_only=True))

    def amount(value):
        return convert(value or ZERO, budget.amount_unit, report.amount_unit)

    def row(kind, level, label, code, planned_value, actual_value):
        return make_row(
            OVERALL,
            kind,
            level,
            amount(planned_value),
            actual_value or ZERO,
            code=code,
            label=label,
        )

    def group(total_key, total_label, by, labels):
        items = [
            row("overall_item", 1, label, key, planned[by][key], figures[by][key])
            for key, label in labels
            if planned[by][key] or figures[by][key]
        ]
        items.sort(key=lambda r: (-abs(r.difference), r.code))
        total = row(
            "overall_total",
            0,
            total_label,
            total_key,
            planned[total_key],
            figures[total_key],
        )
        return [total, *items]

    rows = group("income_total", "本年收入合计", "income_by_source", INCOME_SOURCES)
    rows += group(
        "expenditure_total",
        "本年支出合计",
        "expenditure_by_kind",
        [(key, EXPENDITURE_LABELS[key]) for key in EXPENDITURE_FIELDS],
    )
    for key, label, planned_value, actual_value in (
        (
            "operating_expense",
            "机关运行经费",
            _amount_of(planned.data.operating_expense),
            _amount_of(figures.data.operating_expense),
        ),
        (
            "procurement",
            "政府采购",
            _total_of(planned.data.procurement),
            _total_of(figures.data.procurement),
        ),
    ):
        if planned_value is not None or actual_value is not None:
            rows.append(
                row("overall_total", 0, label, key, planned_value, actual_value)
            )
    return tuple(rows)


def _amount_of(operating):
    return None if operating is None else operating.amount


def _total_of(procurement):
    return None if procurement is None else procurement.total

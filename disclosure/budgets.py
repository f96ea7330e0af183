"""A 决算's 年初预算数, read from the unit's published 预算 of the year: one figure stored once.

A unit that publishes its 预算 on the platform has its 财政拨款 年初预算 per
fund and 功能分类 code stored there (基本支出 + 项目支出 of each fiscal
line). Its 决算 of the same year reads those figures instead of holding
copies (`FiscalExpenditureLine.budget_initial`), and refuses a typed one:

    budget_source_filter(report)   # which 预算's lines, or None
    apply_budget(lines, rows, …)   # the 决算's fiscal lines with its 年初预算数
    pin_budget(report)             # at submission: the 预算 revision read from now on

While the 决算 is a draft it reads the current published revision of the
预算 (a correction of the 预算 reaches it); from submission on it reads the
revision pinned then, so that nothing a submitted, approved or published
决算 prints changes when the 预算 is corrected later. A 决算 without a
预算 on the platform, or whose 预算 has no 财政拨款 line, keeps the
年初预算数 typed into it.
"""

from django.db.models import Q

from disclosure.models import FiscalExpenditureLine, Report, ReportLocked
from reporting.money import ZERO, convert


def current_budget(report: Report):
    """The published 预算 of the 决算's unit, year and level (its current revision), as a queryset."""
    return Report.objects.published().filter(
        unit_id=report.unit_id,
        fiscal_year_id=report.fiscal_year_id,
        level=report.level,
        kind=Report.Kind.BUDGET,
    )


def budget_source_filter(report: Report) -> Q | None:
    """A filter of the fiscal lines whose budget the 决算 reads, or None when it reads none.

    A draft reads the current published 预算; past draft, the revision pinned
    at submission (none: the 年初预算数 it holds itself).
    """
    if report.is_budget or report.is_department:
        return None
    if report.status == Report.Status.DRAFT:
        return Q(report__in=current_budget(report).values("pk"))
    if report.budget_id is not None:
        return Q(report_id=report.budget_id)
    return None


def apply_budget(lines: list, rows: list, report: Report, codes: dict) -> list:
    """`lines` (the 决算's fiscal lines) with the 预算's 年初预算数; a line only budgeted is added.

    `rows` are (fund, code, basic, project, the 预算's amount unit) of the
    预算's fiscal lines; `codes` the FunctionCode of every code in use. A
    typed 年初预算数 is replaced: the 预算 is the one source.
    """
    budget = {}
    for fund, code, basic, project, unit in rows:
        budget[fund, code] = convert(basic + project, unit, report.amount_unit)
    for line in lines:
        line.budget_initial = budget.pop((line.fund, line.function_code.code), ZERO)
    cache = FiscalExpenditureLine._meta.get_field("function_code").set_cached_value
    for (fund, code), amount in sorted(budget.items()):
        line = FiscalExpenditureLine(
            report=report,
            fund=fund,
            function_code_id=codes[code].pk,
            budget_initial=amount,
        )
        cache(line, codes[code])
        lines.append(line)
    return lines


def budget_rows(source: Q) -> list[tuple]:
    """(fund, code, basic, project, amount unit) of the 预算's fiscal lines (one query)."""
    return list(
        FiscalExpenditureLine.objects.filter(source).values_list(
            "fund", "function_code__code", "basic", "project", "report__amount_unit"
        )
    )


def budget_report(report: Report) -> Report | None:
    """The 预算 whose 年初预算数 the 决算 reads (one query; None: its own figures)."""
    source = budget_source_filter(report)
    if source is None:
        return None
    budget = Report.objects.filter(
        pk__in=FiscalExpenditureLine.objects.filter(source).values("report_id")
    )
    return budget.select_related("unit", "fiscal_year").first()


def rows_by_budget(budget_ids) -> dict[int, list[tuple]]:
    """Per 预算 id, `budget_rows` of it: the 预算 of many 决算 in one query."""
    found: dict[int, list[tuple]] = {}
    for report_id, *row in FiscalExpenditureLine.objects.filter(
        report_id__in=set(budget_ids)
    ).values_list(
        "report_id",
        "fund",
        "function_code__code",
        "basic",
        "project",
        "report__amount_unit",
    ):
        found.setdefault(report_id, []).append(tuple(row))
    return found


def pin_budget(report: Report) -> None:
    """At submission: fix the 预算 revision the 决算 reads (none when there is none)."""
    if report.is_budget or report.is_department:
        return
    budget = current_budget(report).values_list("pk", flat=True).first()
    Report.objects.filter(pk=report.pk).update(budget=budget)
    report.budget_id = budget


BUDGET_TYPED = (
    "“{report}”的年初预算数取自已公开的“{budget}”，不在决算中填写；"
    "如预算有误，请更正预算。"
)


def ensure_budget_not_typed(report_ids) -> None:
    """Refuse a typed 年初预算数 on a draft 决算 whose 预算 is published (it is read from there)."""
    for report in Report.objects.filter(
        pk__in=set(report_ids),
        kind=Report.Kind.FINAL,
        level=Report.Level.UNIT,
        status=Report.Status.DRAFT,
    ).select_related("unit", "fiscal_year"):
        budget = (
            current_budget(report)
            .filter(fiscal_lines__isnull=False)
            .select_related("unit", "fiscal_year")
            .first()
        )
        if budget is not None:
            raise ReportLocked(BUDGET_TYPED.format(report=report, budget=budget))

"""Reads: a report's self-evaluated projects and the unit-level summary computed from them.

Basis of the summary (domain.md §6 #12). The seed prints "共涉及资金148万元，
占项目支出总额的83.9%": a budget (全年预算数 148) over an actual (公开03表
项目支出 176.47). Here both sides are actuals of the same year: the funds
covered are Σ 年度资金总额 全年执行数 (147.98 for the seed), and the share is
that over 公开03表 合计 项目支出. 全年预算数 is kept beside it for display and
checks, never mixed into the share.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from performance.models import Indicator, Project
from reporting.money import decimal_sum, percentage

COVERAGE_BASIS = "全年执行数"


@dataclass
class PerformanceData:
    """The self-evaluated projects of one report (position order, indicators prefetched)."""

    projects: list[Project] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.projects)

    def __len__(self) -> int:
        return len(self.projects)

    def __iter__(self):
        return iter(self.projects)

    @property
    def count(self) -> int:
        """Number of projects self-evaluated: counted, never typed (rule N9-1)."""
        return len(self.projects)

    @property
    def funds_budget(self) -> Decimal:
        """Σ 年度资金总额 全年预算数."""
        return decimal_sum(p.annual_total for p in self.projects)

    @property
    def funds_executed(self) -> Decimal:
        """Σ 年度资金总额 全年执行数."""
        return decimal_sum(p.executed_total for p in self.projects)

    @property
    def funds_covered(self) -> Decimal:
        """共涉及资金, on the basis named by COVERAGE_BASIS."""
        return self.funds_executed

    def coverage_share(self, project_spending: Decimal, places: int = 1):
        """共涉及资金 / 项目支出 in percent, rounded once; None when 项目支出 is 0."""
        return percentage(self.funds_covered, project_spending, places)


def projects_queryset():
    return Project.objects.order_by("position", "pk").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
    )


def load_performance(report) -> PerformanceData:
    """Projects and indicators of `report` in two queries (one when there is none).

    A 部门预算's 项目绩效目标 are its own and those of the 预算 it
    consolidates (本级 and 预算单列 units), in print order.
    """
    if not (report.is_department and report.is_budget):
        return PerformanceData(list(projects_queryset().filter(report=report)))
    from disclosure.consolidation import source_reports

    order = [report.pk, *(source.pk for source in source_reports(report))]
    projects = list(projects_queryset().filter(report_id__in=order))
    projects.sort(key=lambda p: (order.index(p.report_id), p.position, p.pk))
    return PerformanceData(projects)

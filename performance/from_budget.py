"""The 决算's 自评 starts from the 预算's targets.

A unit's 预算 of a year holds its projects' 绩效目标 (年初预算 funds, 年度绩效目标
and each indicator's 年度指标值); the 决算 of the same year evaluates those same
projects against them. `start_from_budget` copies them into a draft 决算, so
that the accountant types only what happened: 全年预算数 and 全年执行数, 实际完成值,
scores and the evaluation report.

What is copied comes from the current revision of the unit's published 预算
of that year (a correction in progress is not published, so not read). A
project already in the 决算 (by name) is left as it is; running it again adds
nothing twice. All or nothing: the writes go through the one fact write path
(disclosure.entry), in one transaction with the 决算 locked.
"""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch

from disclosure.entry import fact_writes
from disclosure.models import Report
from performance.models import FUND_SOURCES, MAX_PROJECTS, Indicator, Project

# What a target says, of a project and of each of its indicators.
PROJECT_FIELDS = (
    "department",
    "implementer",
    *(f"initial_{source}" for source, _label in FUND_SOURCES),
    "expected_goals",
)
INDICATOR_FIELDS = (
    "position",
    "level1",
    "level2",
    "name",
    "target_text",
    "direction",
    "weight",
)


class StartRefused(Exception):
    """Nothing was copied; the message says why, in Chinese."""


@dataclass
class Started:
    """What one run copied: from which 预算, which projects, how many indicators."""

    budget: Report
    projects: list[str] = field(default_factory=list)
    indicators: int = 0
    skipped: list[str] = field(default_factory=list)  # already in the 决算

    def __str__(self):
        text = (
            f"已从“{self.budget}”带入 {len(self.projects)} 个项目的绩效目标"
            f"（{'、'.join(self.projects)}），共 {self.indicators} 个绩效指标"
        )
        if self.skipped:
            text += f"；{'、'.join(self.skipped)}已在本决算中，未重复带入"
        return text + "。请填写全年预算数、全年执行数、实际完成值并评分。"


def budget_for(report: Report) -> Report | None:
    """The current revision of the unit's published 预算 of the report's year, if any."""
    return (
        Report.objects.published()
        .filter(
            unit_id=report.unit_id,
            fiscal_year_id=report.fiscal_year_id,
            level=report.level,
            kind=Report.Kind.BUDGET,
        )
        .select_related("unit", "fiscal_year")
        .first()
    )


def start_from_budget(final_report: Report, user) -> Started:
    """Copy the targets of the year's published 预算 into the draft 决算 `final_report`.

    StartRefused (or disclosure.entry.EditRefused, for a report the user may
    not change or that is not a draft) when nothing is copied.
    """
    if final_report.is_budget:
        raise StartRefused("项目绩效目标只能带入决算，不能带入预算。")
    with fact_writes(final_report, user) as writer:
        report = writer.report
        budget = budget_for(report)
        if budget is None:
            raise StartRefused(
                f"{report.unit.name}没有已公开的 {report.year} 年预算，"
                "无法带入项目绩效目标。"
            )
        targets = list(
            Project.objects.filter(report=budget)
            .order_by("position", "pk")
            .prefetch_related(
                Prefetch("indicators", Indicator.objects.order_by("position"))
            )
        )
        if not targets:
            raise StartRefused(f"“{budget}”没有项目绩效目标，没有可带入的内容。")
        present = set(
            Project.objects.filter(report=report).values_list("name", flat=True)
        )
        started = Started(budget)
        started.skipped = [t.name for t in targets if t.name in present]
        targets = [t for t in targets if t.name not in present]
        if not targets:
            raise StartRefused(f"“{budget}”的项目均已在本决算中，没有可带入的内容。")
        last = (
            Project.objects.filter(report=report).aggregate(last=Max("position"))[
                "last"
            ]
            or 0
        )
        if last + len(targets) > MAX_PROJECTS:
            raise StartRefused(
                f"带入后本决算将有 {last + len(targets)} 个绩效自评项目，"
                f"超过 {MAX_PROJECTS} 个，未带入。"
            )
        reason = f"从{budget}带入"
        for position, target in enumerate(targets, last + 1):
            project = Project(
                report=report,
                position=position,
                name=target.name,
                **{name: getattr(target, name) for name in PROJECT_FIELDS},
            )
            project._change_reason = reason
            writer.save(project)
            for source in target.indicators.all():
                indicator = Indicator(
                    project=project,
                    **{name: getattr(source, name) for name in INDICATOR_FIELDS},
                )
                indicator._change_reason = reason
                writer.save(indicator)
                started.indicators += 1
            started.projects.append(target.name)
    return started

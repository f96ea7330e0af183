"""The self-evaluation part of the report document: §九's summary, then per project
its evaluation report and its 项目支出绩效自评表.

The 自评表 is given as four `Table` values so that the HTML include, the
workbook and the PDF render it like any 公开表, in the seed's order: project
(项目名称 | 主管部门 | 实施单位), funds (年度资金总额 and its three sources ×
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分), annual goals (预期目标 |
实际完成情况) and indicators (一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 |
得分 | 偏差原因分析及改进措施, closed by 总分). A grid has no row spans, so 一级
and 二级 are printed on the first row of their group only. Scores and the
执行率 are text, as the seed prints them ("10", "99.99%", "—").
"""

from dataclasses import dataclass
from decimal import Decimal

from performance.amounts import AMOUNT_PLACES
from performance.models import FUND_SOURCES, Project
from performance.parsing import format_number
from performance.scoring import Grade
from reporting.table import Head, Pane, Role, Row, RowKind, Table

TABLE_CODE = "项目支出绩效自评表"
NOT_APPLICABLE = "—"
NOTHING_ELSE = "无"


@dataclass(frozen=True)
class ProjectDocument:
    number: int
    name: str
    department: str
    implementer: str
    total_score: Decimal | None
    grade: Grade | None
    sections: tuple[tuple[str, str], ...]  # (heading, text) of the evaluation report
    tables: tuple[Table, ...]  # the 自评表

    @property
    def title(self) -> str:
        return f"{self.name}评价报告"

    @property
    def key(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True)
class PerformanceDocument:
    summary: tuple[str, ...]  # §九's paragraphs
    projects: tuple[ProjectDocument, ...]

    def __bool__(self) -> bool:
        return bool(self.projects)

    @property
    def tables(self) -> list[Table]:
        return [table for project in self.projects for table in project.tables]


def build_performance_document(data, narrative) -> PerformanceDocument:
    """From the loaded facts (`data.performance`) and the narrative's §九."""
    summary = next(
        (s.paragraphs for s in narrative.sections if "performance" in s.keys), ()
    )
    if data.report.is_budget:
        # A 预算's projects are its 项目绩效目标表, a table of the tables part
        # (disclosure/tables/targets.py): it has no 自评 to print.
        return PerformanceDocument((), ())
    performance = getattr(data, "performance", None)
    projects = tuple(
        build_project(data, project, number)
        for number, project in enumerate(performance or (), 1)
    )
    return PerformanceDocument(tuple(summary), projects)


def build_project(data, project: Project, number: int) -> ProjectDocument:
    return ProjectDocument(
        number=number,
        name=project.name,
        department=project.department,
        implementer=project.implementer,
        total_score=project.total_score,
        grade=project.grade,
        sections=report_sections(project, data.report.template),
        tables=self_evaluation_tables(data, project, number),
    )


def report_sections(project: Project, template) -> tuple[tuple[str, str], ...]:
    """The sections written, of those the template has; an empty 其他需要说明的问题
    reads "无" as in the seed."""
    sections = []
    for heading, text in project.report_sections(template):
        text = (text or "").strip()
        if not text and heading.startswith("六"):
            text = NOTHING_ELSE
        if text:
            sections.append((heading, text))
    return tuple(sections)


# -- the 自评表 -------------------------------------------------------------------


def _text(title: str, key: str) -> Head:
    return Head(title, key=key, role=Role.TEXT)


def _amount(title: str, key: str) -> Head:
    return Head(title, key=key, role=Role.AMOUNT)


def score_text(value: Decimal | None) -> str:
    return "" if value is None else format_number(value)


def rate_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def self_evaluation_tables(data, project: Project, number: int) -> tuple[Table, ...]:
    measure = str(data.report.get_amount_unit_display())

    def table(suffix: str, title: str, pane: Pane) -> Table:
        return Table(
            key=f"p{number}-{suffix}",
            code=TABLE_CODE,
            title=title,
            unit_name=data.report.unit.name,
            year=data.year,
            measure_label="金额单位",
            measure=measure,
            panes=(pane,),
            show_index_row=False,
            amount_places=AMOUNT_PLACES,
        )

    return (
        table("project", "项目信息", _project_pane(project)),
        table("funds", "项目资金", _funds_pane(project)),
        table("goals", "年度总体目标", _goals_pane(project)),
        table("indicators", "绩效指标", _indicators_pane(project)),
    )


def _project_pane(project: Project) -> Pane:
    heads = (
        _text("项目名称", "name"),
        _text("主管部门", "department"),
        _text("实施单位", "implementer"),
    )
    row = Row(
        "project",
        "",
        RowKind.FIXED,
        values={
            "name": project.name,
            "department": project.department,
            "implementer": project.implementer,
        },
    )
    return Pane(heads, (row,))


def _funds_pane(project: Project) -> Pane:
    heads = (
        Head("项目资金", role=Role.LABEL),
        _amount("年初预算数", "initial"),
        _amount("全年预算数", "annual"),
        _amount("全年执行数", "executed"),
        _text("分值", "weight"),
        _text("执行率", "rate"),
        _text("得分", "score"),
    )
    rows = [
        Row(
            "total",
            "年度资金总额",
            RowKind.TOTAL,
            values={
                "initial": project.initial_total,
                "annual": project.annual_total,
                "executed": project.executed_total,
                "weight": score_text(project.execution_weight),
                "rate": rate_text(project.execution_rate),
                "score": score_text(project.execution_score),
            },
        )
    ]
    for index, (source, label) in enumerate(FUND_SOURCES):
        rows.append(
            Row(
                source,
                f"其中：{label}" if index == 0 else label,
                RowKind.FIXED,
                level=1,
                values={
                    "initial": project.fund("initial", source),
                    "annual": project.fund("annual", source),
                    "executed": project.fund("executed", source),
                    "weight": NOT_APPLICABLE,
                    "rate": NOT_APPLICABLE,
                    "score": NOT_APPLICABLE,
                },
            )
        )
    return Pane(heads, tuple(rows))


def _goals_pane(project: Project) -> Pane:
    heads = (
        Head(
            "年度总体目标",
            children=(
                _text("预期目标", "expected"),
                _text("实际完成情况", "achieved"),
            ),
        ),
    )
    row = Row(
        "goals",
        "",
        RowKind.FIXED,
        values={"expected": project.expected_goals, "achieved": project.achieved_goals},
    )
    return Pane(heads, (row,))


def _indicators_pane(project: Project) -> Pane:
    heads = (
        Head(
            "绩效指标",
            children=(
                _text("一级指标", "level1"),
                _text("二级指标", "level2"),
                Head("三级指标", role=Role.LABEL),
                _text("年度指标值", "target"),
                _text("实际完成值", "actual"),
                _text("分值", "weight"),
                _text("得分", "score"),
                _text("偏差原因分析及改进措施", "deviation"),
            ),
        ),
    )
    rows = []
    previous = (None, None)
    number_in_group = 0
    for indicator in project.ordered_indicators():
        level1, level2 = indicator.level1, indicator.level2
        number_in_group = number_in_group + 1 if (level1, level2) == previous else 1
        rows.append(
            Row(
                f"i{indicator.position}",
                f"指标{number_in_group}：{indicator.name}",
                RowKind.ITEM,
                values={
                    "level1": ""
                    if level1 == previous[0]
                    else indicator.get_level1_display(),
                    "level2": ""
                    if (level1, level2) == previous
                    else indicator.get_level2_display(),
                    "target": indicator.target_text,
                    "actual": indicator.actual_text,
                    "weight": score_text(indicator.weight),
                    "score": score_text(indicator.score),
                    "deviation": indicator.deviation_reason,
                },
            )
        )
        previous = (level1, level2)
    rows.append(
        Row(
            "total",
            "",
            RowKind.TOTAL,
            values={
                "level1": "总分",
                "weight": score_text(project.weight_total),
                "score": score_text(project.total_score),
            },
        )
    )
    return Pane(heads, tuple(rows))

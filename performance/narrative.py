"""§九 预算绩效情况说明 of 第三部分, written from the self-evaluated projects.

(一) says how many projects were evaluated and how much money they cover (on
the basis stated in `performance.selectors`); (二) gives each project's total
score and grade. Each project's evaluation report and 自评表 follow in the
document (`performance.document`).
"""

from decimal import Decimal

from performance.amounts import AMOUNT_PLACES
from performance.parsing import format_number
from performance.selectors import PerformanceData
from reporting.money import ZERO


def summary_paragraphs(
    performance: PerformanceData | None,
    *,
    year: int,
    project_spending: Decimal,
    money,
    share,
    subject: str = "本单位",
) -> tuple[str, ...]:
    """The paragraphs of §九.

    `money(Decimal, most_places)` prints an amount with its unit ("147.98万元",
    "89.974万元": project funds keep up to AMOUNT_PLACES decimals) and
    `share(part, whole)` a rounded percentage ("83.9%"), as the rest of the
    narrative does.
    """
    if not performance:
        if project_spending == ZERO:
            return (f"{subject}{year}年度无项目支出，未开展项目支出绩效自评。",)
        return (f"{subject}{year}年度未填报项目支出绩效自评情况。",)
    covered = performance.funds_covered
    first = (
        f"（一）绩效评价工作开展情况。根据预算绩效管理要求，{subject}组织对纳入{year}"
        f"年度部门预算范围的二级项目{performance.count}个全面开展绩效自评，"
        f"共涉及资金{money(covered, AMOUNT_PLACES)}"
    )
    if project_spending:
        first += f"，占项目支出总额的{share(covered, project_spending)}"
    first += "。"
    results = "；".join(_result(project) for project in performance.projects)
    second = (
        f"（二）{subject.removeprefix('本')}决算中项目绩效自评结果。{results}。"
        "各项目的绩效评价报告和项目支出绩效自评表附后。"
    )
    return (first, second)


def _result(project) -> str:
    total = project.total_score
    if total is None:
        return f"“{project.name}”尚未完成评分"
    return (
        f"“{project.name}”自评得分{format_number(total)}分，"
        f"评价等级为“{project.grade.label}”"
    )


def section(w, figures, data) -> tuple[str, ...]:
    """§九 as the narrative's writer `w` words it (registered in performance/apps.py)."""
    return summary_paragraphs(
        data.performance,
        year=w.year,
        project_spending=figures["expenditure_by_kind"]["project"],
        money=w.money,
        share=w.share,
        subject=w.subject,
    )

"""A report with one fully self-evaluated project, consistent with its tables and text."""

from decimal import Decimal as D

from tests.factories import IndicatorFactory, ProjectFactory
from tests.scenarios import consistent_report

CONCLUSION = (
    "评价结果为预算执行指标10分、产出指标40分、效益指标30分和满意度指标20分，"
    "综合评价为100分，评价结果为优。"
)
GRADING = (
    "评价等次：分为优，得分90分及以上；良，得分在80分至90分，不含90分；"
    "合格，得分在60分以上至80分，不含80分；不合格，得分在60分以下。"
)


def evaluated_report():
    """consistent_report() (项目支出 45) with one project spending 40: total 100, 优.

    Returns (report, project). Every N9 rule passes on it.
    """
    report = consistent_report()
    project = ProjectFactory(
        report=report,
        name="城市管理运行维护",
        expected_goals="保障平台稳定运行；开展业务培训。",
        achieved_goals="平台稳定运行；开展业务培训2次。",
        basic_info="项目资金全年预算数40万元，资金支出40万元，执行率100%。",
        evaluation_process=GRADING,
        conclusion=CONCLUSION,
        indicator_analysis="开展业务培训数2次；服务对象满意度95%。",
        lessons="培训覆盖面有待扩大。",
    )
    IndicatorFactory(
        project=project,
        position=1,
        name="开展业务培训数",
        target_text="≥2次",
        actual_text="2次",
        weight=D("40"),
    )
    IndicatorFactory(
        project=project,
        position=2,
        level1="benefit",
        level2="social",
        name="提升服务水平",
        target_text="提高",
        actual_text="达成",
        weight=D("30"),
    )
    IndicatorFactory(
        project=project,
        position=3,
        level1="satisfaction",
        level2="satisfaction",
        name="服务对象满意度",
        target_text="≥90%",
        actual_text="95%",
        weight=D("20"),
    )
    return report, project

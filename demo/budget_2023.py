"""2023 预算 in the demo: the seed unit's, its department's 本级 and 部门预算.

The seed unit's 2023 预算: sample figures, published beside its 2022 决算.

The unit's real 2023 budget is not bundled: these figures are plausible for
it and marked as sample data wherever the report is shown (its 数据说明).
They continue the 2022 决算: the same 功能分类 lines, wages and pension
contributions a few per cent higher, 城市管理事务 project spending lower
than the 2022 outturn, “三公” as budgeted in 2022 with the vehicle line
0.01 higher. Income and spending balance, and every table adds up. Its two
projects' 绩效目标 (BUDGET_TARGETS, loaded by demo.performance) are sample
targets too, their 年初预算数 adding up to the 项目支出.
"""

from datetime import date
from decimal import Decimal

from demo.department import HWZX_UNIT, DepartmentSpec, MemberSpec, Mode
from demo.jingdezhen import DRAFT_UNIT, SEED_DEPARTMENT, SEED_UNIT
from demo.specs import PUBLISHED, SAMPLE_NOTE, ReportSpec
from disclosure.models import Fund, Report

BUDGET_NOTE = (
    "【示例数据】本单位2023年预算为演示用途拟定，按2022年度决算的结构和规模编制，"
    "不是本单位公开的原始预算。"
)

# (basic, project) per 功能分类 项, all from the 一般公共预算.
LINES = {
    "2080505": ("10.80", "0"),
    "2080506": ("5.40", "0"),
    "2101102": ("5.86", "0"),
    "2101199": ("0.70", "0"),
    "2120199": ("118.60", "152.80"),
    "2210201": ("8.10", "0"),
}


SEED_BUDGET_2023 = ReportSpec(
    unit=SEED_UNIT,
    year=2023,
    status=PUBLISHED,
    kind=Report.Kind.BUDGET,
    template="jx2023_unit_budget",
    note=BUDGET_NOTE,
    approval_date=date(2023, 1, 18),
    income={
        "2080505": {"general_budget": "10.80"},
        "2080506": {"general_budget": "5.40"},
        "2101102": {"general_budget": "5.86"},
        "2101199": {"general_budget": "0.70"},
        "2120199": {"general_budget": "271.40"},
        "2210201": {"general_budget": "8.10"},
    },
    expenditure={
        code: {"basic": basic, "project": project}
        for code, (basic, project) in LINES.items()
    },
    fiscal={
        Fund.GENERAL: {
            code: (basic, project, "0", "0", "0")
            for code, (basic, project) in LINES.items()
        },
    },
    basic={
        "30101": "31.20",
        "30102": "19.10",
        "30107": "38.40",
        "30108": "10.80",
        "30109": "5.40",
        "30110": "5.86",
        "30112": "0.70",
        "30113": "8.10",
        "30199": "4.50",
        "30201": "2.20",
        "30205": "0.40",
        "30206": "3.30",
        "30207": "1.90",
        "30211": "0.80",
        "30213": "1.20",
        "30216": "0.50",
        "30217": "1.00",
        "30228": "1.30",
        "30229": "1.10",
        "30231": "2.60",
        "30299": "2.20",
        "31002": "6.90",
    },
    balances={},
    three_public={
        "budget_abroad": "0",
        "budget_reception": "1.00",
        "budget_vehicle_purchase": "0",
        "budget_vehicle_operation": "2.60",
        "vehicles_held": 1,
    },
    # As at the end of 2022 (the 2022 决算's 公开10表 and §五).
    assets={"vehicles_other": 1},
    procurement={"goods": "10.00", "services": "5.00"},
    # Last year's budget (2022 全年预算数 of “三公”), for the comparisons.
    prior={
        "three_public_total": "3.59",
        "three_public_abroad": "0.00",
        "three_public_reception": "1.00",
        "three_public_vehicle_purchase": "0.00",
        "three_public_vehicle_operation": "2.59",
    },
    # The 情况说明 asks why the “三公” budget moves against last year's.
    reasons={
        "budget_three_public:total": "公务用车运行维护费预算略有增加",
        "budget_three_public:vehicle_operation": (
            "公务用车使用年限增长，维修保养费用相应增加"
        ),
    },
)


# 景德镇市城市管理局's own 2023 单位预算 (本级): sample figures on the lines
# of its 2022 决算, with the 政府性基金 城市建设 project continued.
CGJ_LINES = {
    "2080501": ("7.00", "0"),
    "2080505": ("49.60", "0"),
    "2080506": ("24.80", "0"),
    "2101101": ("23.30", "0"),
    "2120101": ("530.00", "0"),
    "2120102": ("0", "88.00"),
    "2120104": ("0", "205.00"),
    "2210201": ("37.40", "0"),
}
CGJ_FUND_LINES = {"2120803": ("0", "160.00")}

CGJ_BUDGET_2023 = ReportSpec(
    unit=SEED_DEPARTMENT,
    year=2023,
    status=PUBLISHED,
    kind=Report.Kind.BUDGET,
    template="jx2023_unit_budget",
    note=SAMPLE_NOTE,
    approval_date=date(2023, 1, 18),
    income={
        **{
            code: {"general_budget": str(Decimal(basic) + Decimal(project))}
            for code, (basic, project) in CGJ_LINES.items()
        },
        **{
            code: {"gov_fund": str(Decimal(basic) + Decimal(project))}
            for code, (basic, project) in CGJ_FUND_LINES.items()
        },
    },
    expenditure={
        code: {"basic": basic, "project": project}
        for code, (basic, project) in {**CGJ_LINES, **CGJ_FUND_LINES}.items()
    },
    fiscal={
        Fund.GENERAL: {
            code: (basic, project, "0", "0", "0")
            for code, (basic, project) in CGJ_LINES.items()
        },
        Fund.GOV_FUND: {
            code: (basic, project, "0", "0", "0")
            for code, (basic, project) in CGJ_FUND_LINES.items()
        },
    },
    basic={
        "30101": "155.00",
        "30102": "215.00",
        "30103": "26.00",
        "30108": "49.60",
        "30109": "24.80",
        "30110": "23.30",
        "30112": "3.20",
        "30113": "37.40",
        "30199": "8.20",
        "30201": "18.50",
        "30202": "2.60",
        "30205": "1.90",
        "30206": "9.80",
        "30207": "4.30",
        "30209": "12.40",
        "30211": "6.60",
        "30213": "5.40",
        "30215": "1.60",
        "30216": "2.30",
        "30217": "2.50",
        "30228": "7.60",
        "30229": "5.30",
        "30231": "16.00",
        "30239": "12.80",
        "30299": "5.00",
        "30302": "7.00",
        "31002": "8.00",
    },
    balances={},
    three_public={
        "budget_abroad": "0",
        "budget_reception": "2.50",
        "budget_vehicle_purchase": "0",
        "budget_vehicle_operation": "16.00",
        "vehicles_held": 4,
    },
    assets={"vehicles_law_enforcement": 3, "vehicles_emergency": 1},
    procurement={"goods": "20.00", "services": "35.00"},
    operating_expense="122.60",
    prior={
        "three_public_total": "18.50",
        "three_public_abroad": "0.00",
        "three_public_reception": "2.50",
        "three_public_vehicle_purchase": "0.00",
        "three_public_vehicle_operation": "16.00",
    },
)

# Its 2023 部门预算: 本级 and the seed unit (预算单列); the two sample units
# without a 2023 预算 of their own are budgeted within 本级 (并入本级).
CGJ_DEPARTMENT_BUDGET_2023 = DepartmentSpec(
    unit=SEED_DEPARTMENT,
    year=2023,
    status=PUBLISHED,
    kind=Report.Kind.BUDGET,
    members=(
        MemberSpec(SEED_DEPARTMENT, Mode.SELF),
        MemberSpec(SEED_UNIT, Mode.OWN_REPORT),
        MemberSpec(HWZX_UNIT, Mode.MERGED),
        MemberSpec(DRAFT_UNIT, Mode.MERGED),
    ),
    note=SAMPLE_NOTE,
)


# -- 项目绩效目标 -------------------------------------------------------------------
#
# Sample targets of the two projects the 2023 预算's 项目支出 (152.80 on 2120199)
# pays for: their 年初预算数 add up to it. Wording after the 2022 自评表 of
# 数字化城管运行维护费 and the 运管服平台 plan its evaluation report names; the
# 分值 give 90 to the indicators, as a 决算 started from them needs (+ 10 for
# 预算执行). Not the unit's real targets: the report's 数据说明 says so.

TARGET_DEPARTMENT = "市城市管理局"
TARGET_IMPLEMENTER = "市数字城市管理服务中心"

# name → (年初预算数 当年财政拨款, 年度绩效目标,
#         ((一级, 二级, 三级, 年度指标值, 分值), …))
BUDGET_TARGETS = {
    "数字化城市管理运行维护": (
        "128.80",
        "保障数字化城市管理系统全年稳定运行，及时受理、派遣和核查城市管理问题案卷；"
        "加强信息采集员和坐席员队伍培训，提升案卷处置效率和群众满意度。",
        (
            ("output", "quantity", "受理各类案卷数", "≥13000件", "10"),
            ("output", "quantity", "编辑简报数", "≥4期", "10"),
            ("output", "quality", "案卷处理结案率", "≥95%", "10"),
            ("output", "timeliness", "案卷派遣及时率", "≥95%", "10"),
            ("output", "cost", "项目成本控制", "≤128.80万元", "10"),
            ("benefit", "social", "城市管理问题处置效率", "有效提升", "10"),
            ("benefit", "sustainable", "开展业务培训次数", "≥2次", "10"),
            ("satisfaction", "satisfaction", "服务对象满意度", "≥90%", "20"),
        ),
    ),
    "城市运行管理服务平台建设": (
        "24.00",
        "按照城市运行管理服务平台建设要求，完成市级平台建设并与省级平台联网，"
        "实现城市运行监测和综合评价数据同步。",
        (
            ("output", "quantity", "接入行业应用系统数", "≥5个", "20"),
            ("output", "quality", "平台验收合格率", "=100%", "20"),
            ("output", "timeliness", "平台建设完成时限", "≤12个月", "10"),
            ("benefit", "social", "城市运行监测能力", "有效提升", "20"),
            ("satisfaction", "satisfaction", "使用部门满意度", "≥90%", "20"),
        ),
    ),
}

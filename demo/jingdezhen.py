"""景德镇市城市管理局 and its units: the seed unit and one sample unit.

The seed unit's 2022 report reproduces the reference report; its 2021 report
is reconstructed. The department's own figures and 示例市政设施维护中心 are
sample data. Every choice is recorded in docs/demo-data.md.
"""

from datetime import date

from demo.specs import (
    CONSTRUCTED_NOTE,
    DRAFT,
    NO_ABROAD,
    NO_RECEPTION,
    NO_VEHICLE_PURCHASE,
    PUBLISHED,
    RECONSTRUCTED_NOTE,
    SAMPLE_NOTE,
    ProfileSpec,
    ReportSpec,
    UnitSpec,
)
from disclosure.models import Fund
from units.models import Unit

SEED_UNIT = "360200105"
SEED_DEPARTMENT = "360200100"
DRAFT_UNIT = "360200199"

SEED_DUTIES = (
    "景德镇市数字城市管理服务中心是市城市管理局的下属公益一类事业单位，成立于2014年。"
    "主要职责是：负责数字化城市管理系统建设，运用数字化城市管理平台为城市管理提供保障服务，"
    "维护管理市局门户网站，保障智慧城管平台运行、对接省厅运管服平台等工作。"
)
SEED_BODIES = ("综合办公室", "监督考核科", "指挥协调科", "系统运行科")

CGJ_DUTIES = (
    "景德镇市城市管理局是主管全市城市管理工作的市政府工作部门。"
    "主要职责是：统筹协调全市城市管理和综合执法工作，组织实施市容环境卫生、"
    "市政设施管理和数字化城市管理，对城市管理工作进行监督考核。"
)
CGJ_BODIES = (
    "办公室",
    "计划财务科",
    "市容环境卫生管理科",
    "市政设施管理科",
    "执法监督科",
)

SSZX_DUTIES = (
    "示例市政设施维护中心是市城市管理局下属的公益二类事业单位。"
    "主要职责是：承担城区道路、桥梁、排水等市政设施的日常巡查、养护和维修。"
)
SSZX_BODIES = ("办公室", "道路桥梁养护科", "排水设施养护科")

UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(
        code=SEED_DEPARTMENT,
        name="景德镇市城市管理局",
        short_name="市城市管理局",
        unit_type=Unit.UnitType.ADMINISTRATIVE,
        profiles=(
            ProfileSpec(2021, CGJ_DUTIES, CGJ_BODIES, 41, 0, 6, 3, 12),
            ProfileSpec(2022, CGJ_DUTIES, CGJ_BODIES, 42, 0, 6, 3, 12),
            # For its 2023 预算 (demo/budget_2023.py).
            ProfileSpec(2023, CGJ_DUTIES, CGJ_BODIES, 42, 0, 6, 3, 12),
        ),
    ),
    UnitSpec(
        code=SEED_UNIT,
        name="景德镇市数字城市管理服务中心",
        short_name="市数字城市管理服务中心",
        unit_type=Unit.UnitType.PUBLIC_WELFARE_1,
        parent=SEED_DEPARTMENT,
        profiles=(
            ProfileSpec(2021, SEED_DUTIES, SEED_BODIES, 10),
            ProfileSpec(2022, SEED_DUTIES, SEED_BODIES, 10),
            # The demo preparer's draft (seed_2023.py): sample data, one post added.
            ProfileSpec(2023, SEED_DUTIES, SEED_BODIES, 11),
        ),
    ),
    UnitSpec(
        code=DRAFT_UNIT,
        name="示例市政设施维护中心",
        unit_type=Unit.UnitType.PUBLIC_WELFARE_2,
        parent=SEED_DEPARTMENT,
        profiles=(
            ProfileSpec(2021, SSZX_DUTIES, SSZX_BODIES, 18, 0, 1, 2, 3),
            ProfileSpec(2022, SSZX_DUTIES, SSZX_BODIES, 18, 0, 2, 2, 3),
        ),
    ),
)


# ---------------------------------------------------------------------------
# The seed unit: 景德镇市数字城市管理服务中心
# ---------------------------------------------------------------------------

SEED_2022 = ReportSpec(
    unit=SEED_UNIT,
    year=2022,
    status=PUBLISHED,
    note=CONSTRUCTED_NOTE,
    income={
        "2080505": {"general_budget": "10.27"},
        "2080506": {"general_budget": "5.13"},
        "2101102": {"general_budget": "5.58"},
        "2101199": {"general_budget": "0.64"},
        "2120199": {"general_budget": "288.02", "other": "17.94"},
        "2210201": {"general_budget": "7.70"},
    },
    expenditure={
        "2080505": {"basic": "10.27"},
        "2080506": {"basic": "5.13"},
        "2101102": {"basic": "5.58"},
        "2101199": {"basic": "0.64"},
        # 项目支出 176.47 = 财政拨款 176.36 + 其他收入安排 0.11 (seed §6 #3).
        "2120199": {"basic": "111.46", "project": "176.47"},
        "2210201": {"basic": "7.70"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080505": ("10.27", "0", "10.27", "0", "0"),
            "2080506": ("5.13", "0", "5.13", "0", "0"),
            "2101102": ("5.58", "0", "5.58", "0", "0"),
            "2101199": ("0.64", "0", "0.65", "0", "0"),
            "2120199": ("111.46", "176.36", "224.61", "17.96", "18.16"),
            "2210201": ("7.70", "0", "7.70", "0", "0"),
        },
    },
    basic={
        "30101": "29.64",
        "30102": "18.30",
        "30107": "36.78",
        "30108": "10.27",
        "30109": "5.13",
        "30110": "5.58",
        "30112": "0.64",
        "30113": "7.70",
        "30199": "4.20",
        "30201": "2.10",
        "30205": "0.36",
        "30206": "3.20",
        "30207": "1.85",
        "30211": "0.62",
        "30213": "1.12",
        "30216": "0.40",
        "30228": "1.20",
        "30229": "1.05",
        "30231": "2.45",
        "30299": "1.99",
        "31002": "6.20",
    },
    balances={"opening_total": "17.96", "closing_total": "35.99"},
    three_public={
        "budget_reception": "1.00",
        "budget_vehicle_operation": "2.59",
        "actual_vehicle_operation": "2.45",
        "vehicles_held": 1,
    },
    # The seed's 公开10表 prints 0 vehicles while §五 states 保有 1 辆 (§6 #5).
    assets={"vehicles_other": 1},
    procurement={"goods": "9.82", "sme_goods": "9.82"},
    prior={
        "income_grand_total": "320.19",
        "opening_total": "133.85",
        "income_total": "186.34",
        "expenditure_grand_total": "320.19",
        "expenditure_total": "302.23",
        "closing_total": "17.96",
        "fiscal_expenditure_total": "302.23",
        "basic_301": "106.85",
        "basic_302": "9.20",
        "basic_303": "0.00",
        "basic_310": "0.00",
        "three_public_total": "1.89",
        "three_public_abroad": "0.00",
        "three_public_reception": "0.00",
        "three_public_vehicle_purchase": "0.00",
        "three_public_vehicle_operation": "1.89",
    },
    reasons={
        "income_total": "财政返回上年结转",
        "expenditure_total": "财政返回上年结转，正常支出增长",
        "closing_total": "包含了2021年末结转和结余17.96万元",
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "正常支出增长",
        "fiscal_class:221": "按预算支出",
        "basic_class:301": "正常支出",
        "basic_class:302": "线上采购支出增多",
        "basic_class:303": "未发生相关费用",
        "basic_class:310": "购买了机房UPS电源",
        **NO_ABROAD,
        "three_public:reception:yoy": "本年度未发生公务接待费支出",
        "three_public:reception:budget": "本年度未发生公务接待费支出",
        "three_public:reception:activity": "未发生公务接待费支出",
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:yoy": "公务用车运行维护费支出增加",
        "three_public:vehicle_operation:budget": "按照要求严格控制车辆管理费用使用",
    },
)

# Reconstructed: totals implied by the seed's stated changes, line splits invented.
SEED_2021 = ReportSpec(
    unit=SEED_UNIT,
    year=2021,
    status=PUBLISHED,
    note=RECONSTRUCTED_NOTE,
    income={
        "2080505": {"general_budget": "9.45"},
        "2080506": {"general_budget": "4.72"},
        "2101102": {"general_budget": "5.20"},
        "2101199": {"general_budget": "0.58"},
        "2120199": {"general_budget": "159.31"},
        "2210201": {"general_budget": "7.08"},
    },
    expenditure={
        "2080505": {"basic": "9.45"},
        "2080506": {"basic": "4.72"},
        "2101102": {"basic": "5.20"},
        "2101199": {"basic": "0.58"},
        "2120199": {"basic": "89.02", "project": "186.18"},
        "2210201": {"basic": "7.08"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080505": ("9.45", "0", "9.45", "0", "0"),
            "2080506": ("4.72", "0", "4.72", "0", "0"),
            "2101102": ("5.20", "0", "5.20", "0", "0"),
            "2101199": ("0.58", "0", "0.60", "0", "0"),
            "2120199": ("89.02", "186.18", "180.00", "133.85", "17.96"),
            "2210201": ("7.08", "0", "7.08", "0", "0"),
        },
    },
    basic={
        "30101": "27.90",
        "30102": "16.90",
        "30107": "31.52",
        "30108": "9.45",
        "30109": "4.72",
        "30110": "5.20",
        "30112": "0.58",
        "30113": "7.08",
        "30199": "3.50",
        "30201": "1.20",
        "30205": "0.30",
        "30206": "2.51",
        "30207": "1.50",
        "30211": "0.35",
        "30213": "0.40",
        "30228": "1.05",
        "30231": "1.89",
    },
    balances={"opening_total": "133.85", "closing_total": "17.96"},
    three_public={
        "budget_reception": "1.00",
        "budget_vehicle_operation": "2.00",
        "actual_vehicle_operation": "1.89",
        "vehicles_held": 1,
    },
    assets={"vehicles_other": 1},
    procurement={"goods": "3.50", "sme_goods": "3.50", "small_micro": "3.50"},
    reasons={
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "使用上年结转资金安排数字化城管运行维护支出",
        "fiscal_class:221": "按预算支出",
        **NO_ABROAD,
        "three_public:reception:budget": "本年度未发生公务接待费支出",
        "three_public:reception:activity": "未发生公务接待费支出",
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:budget": "严格控制车辆运行费用",
    },
)


# ---------------------------------------------------------------------------
# 景德镇市城市管理局 (real department, sample figures)
# ---------------------------------------------------------------------------

CGJ_2021 = ReportSpec(
    unit=SEED_DEPARTMENT,
    year=2021,
    status=PUBLISHED,
    note=SAMPLE_NOTE,
    income={
        "2080501": {"general_budget": "6.50"},
        "2080505": {"general_budget": "45.60"},
        "2080506": {"general_budget": "22.80"},
        "2101101": {"general_budget": "21.40"},
        "2120101": {"general_budget": "488.60", "other": "2.80"},
        "2120102": {"general_budget": "80.40"},
        "2120104": {"general_budget": "198.90"},
        "2210201": {"general_budget": "34.20"},
    },
    expenditure={
        "2080501": {"basic": "6.50"},
        "2080505": {"basic": "45.60"},
        "2080506": {"basic": "22.80"},
        "2101101": {"basic": "21.40"},
        "2120101": {"basic": "489.90"},
        "2120102": {"project": "78.20"},
        "2120104": {"project": "196.50"},
        "2210201": {"basic": "34.20"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080501": ("6.50", "0", "6.50", "0", "0"),
            "2080505": ("45.60", "0", "45.60", "0", "0"),
            "2080506": ("22.80", "0", "22.80", "0", "0"),
            "2101101": ("21.40", "0", "21.40", "0", "0"),
            "2120101": ("488.60", "0", "495.00", "0", "0"),
            "2120102": ("0", "78.20", "80.00", "3.00", "5.20"),
            "2120104": ("0", "196.50", "190.00", "10.00", "12.40"),
            "2210201": ("34.20", "0", "34.20", "0", "0"),
        },
    },
    basic={
        "30101": "146.00",
        "30102": "200.00",
        "30103": "24.00",
        "30108": "45.60",
        "30109": "22.80",
        "30110": "21.40",
        "30112": "2.90",
        "30113": "34.20",
        "30199": "7.50",
        "30201": "17.20",
        "30202": "2.40",
        "30205": "1.70",
        "30206": "9.20",
        "30207": "4.00",
        "30209": "12.00",
        "30211": "6.10",
        "30213": "6.10",
        "30215": "1.50",
        "30216": "2.00",
        "30217": "2.05",
        "30228": "7.00",
        "30229": "5.00",
        "30231": "15.20",
        "30239": "12.50",
        "30299": "4.25",
        "30302": "6.50",
    },
    balances={"opening_total": "13.00", "closing_total": "19.10"},
    three_public={
        "budget_reception": "2.50",
        "budget_vehicle_operation": "16.00",
        "actual_reception": "2.05",
        "actual_vehicle_operation": "15.20",
        "reception_batches": 14,
        "reception_people": 98,
        "vehicles_held": 4,
    },
    assets={"vehicles_law_enforcement": 3, "vehicles_emergency": 1},
    procurement={
        "goods": "15.60",
        "services": "40.00",
        "sme_goods": "15.60",
        "sme_services": "28.00",
        "small_micro": "12.00",
    },
    operating_expense="108.20",
    reasons={
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "厉行节约，行政运行经费有结余",
        "fiscal_class:221": "按预算支出",
        **NO_ABROAD,
        "three_public:reception:budget": "严格执行公务接待标准，压减接待支出",
        "three_public:reception:activity": "接待上级部门检查指导和外地城市考察交流",
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:budget": "严格控制车辆运行费用",
    },
)

CGJ_2022 = ReportSpec(
    unit=SEED_DEPARTMENT,
    year=2022,
    status=PUBLISHED,
    note=SAMPLE_NOTE,
    income={
        "2080501": {"general_budget": "6.80"},
        "2080505": {"general_budget": "48.20"},
        "2080506": {"general_budget": "24.10"},
        "2101101": {"general_budget": "22.60"},
        "2120101": {"general_budget": "512.40", "other": "3.20"},
        "2120102": {"general_budget": "84.40"},
        "2120104": {"general_budget": "210.50"},
        "2120803": {"gov_fund": "170.00"},
        "2210201": {"general_budget": "36.30"},
    },
    expenditure={
        "2080501": {"basic": "6.80"},
        "2080505": {"basic": "48.20"},
        "2080506": {"basic": "24.10"},
        "2101101": {"basic": "22.60"},
        "2120101": {"basic": "514.40"},
        "2120102": {"project": "86.50"},
        "2120104": {"project": "214.30"},
        "2120803": {"project": "150.00"},
        "2210201": {"basic": "36.30"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080501": ("6.80", "0", "6.80", "0", "0"),
            "2080505": ("48.20", "0", "48.20", "0", "0"),
            "2080506": ("24.10", "0", "24.10", "0", "0"),
            "2101101": ("22.60", "0", "22.60", "0", "0"),
            "2120101": ("512.40", "0", "520.00", "0", "0"),
            "2120102": ("0", "86.50", "90.00", "5.20", "3.10"),
            "2120104": ("0", "214.30", "200.00", "12.40", "8.60"),
            "2210201": ("36.30", "0", "36.30", "0", "0"),
        },
        Fund.GOV_FUND: {
            "2120803": ("0", "150.00", "150.00", "0", "20.00"),
        },
    },
    basic={
        "30101": "150.00",
        "30102": "210.00",
        "30103": "25.00",
        "30108": "48.20",
        "30109": "24.10",
        "30110": "22.60",
        "30112": "3.10",
        "30113": "36.30",
        "30199": "8.00",
        "30201": "18.00",
        "30202": "2.50",
        "30205": "1.80",
        "30206": "9.60",
        "30207": "4.20",
        "30209": "12.00",
        "30211": "6.40",
        "30213": "5.30",
        "30215": "1.60",
        "30216": "2.20",
        "30217": "1.85",
        "30228": "7.40",
        "30229": "5.20",
        "30231": "14.60",
        "30239": "12.50",
        "30299": "3.15",
        "30302": "6.80",
        "31002": "8.00",
    },
    balances={"opening_total": "19.10", "closing_total": "34.40"},
    three_public={
        "budget_reception": "2.50",
        "budget_vehicle_operation": "16.00",
        "actual_reception": "1.85",
        "actual_vehicle_operation": "14.60",
        "reception_batches": 12,
        "reception_people": 86,
        "vehicles_held": 4,
    },
    assets={"vehicles_law_enforcement": 3, "vehicles_emergency": 1},
    procurement={
        "goods": "22.40",
        "services": "48.00",
        "sme_goods": "22.40",
        "sme_services": "30.00",
        "small_micro": "18.00",
    },
    operating_expense="116.30",
    reasons={
        "income_total": "新增政府性基金城市建设项目资金，城管执法经费增加",
        "expenditure_total": "政府性基金城市建设项目支出增加",
        "closing_total": "政府性基金城市建设项目尚未完工，资金结转下年使用",
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "使用上年结转资金，城管执法专项支出增加",
        "fiscal_class:221": "按预算支出",
        "basic_class:301": "调整工资标准",
        "basic_class:302": "正常支出增长",
        "basic_class:303": "退休人员生活补助标准调整",
        "basic_class:310": "购置办公设备",
        **NO_ABROAD,
        "three_public:reception:yoy": "严格执行公务接待标准，接待批次减少",
        "three_public:reception:budget": "厉行节约，压减公务接待支出",
        "three_public:reception:activity": "接待上级部门检查指导和外地城市考察交流",
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:yoy": "加强车辆管理，减少非必要出车",
        "three_public:vehicle_operation:budget": "严格控制车辆运行费用",
        "operating_expense": "购置办公设备，公用经费增加",
    },
)


# ---------------------------------------------------------------------------
# 示例市政设施维护中心 (sample; its 2022 report is the one draft)
# ---------------------------------------------------------------------------

SSZX_2021 = ReportSpec(
    unit=DRAFT_UNIT,
    year=2021,
    status=PUBLISHED,
    note=SAMPLE_NOTE,
    income={
        "2080505": {"general_budget": "9.80"},
        "2080506": {"general_budget": "4.90"},
        "2101102": {"general_budget": "5.30"},
        "2120399": {
            "general_budget": "222.40",
            "business": "35.00",
            "operating": "12.00",
        },
        "2210201": {"general_budget": "7.40"},
    },
    expenditure={
        "2080505": {"basic": "9.80"},
        "2080506": {"basic": "4.90"},
        "2101102": {"basic": "5.30"},
        "2120399": {"basic": "114.40", "project": "132.00", "operating": "10.50"},
        "2210201": {"basic": "7.40"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080505": ("9.80", "0", "9.80", "0", "0"),
            "2080506": ("4.90", "0", "4.90", "0", "0"),
            "2101102": ("5.30", "0", "5.30", "0", "0"),
            "2120399": ("96.40", "120.00", "210.00", "0", "6.00"),
            "2210201": ("7.40", "0", "7.40", "0", "0"),
        },
    },
    basic={
        "30101": "32.00",
        "30102": "14.00",
        "30107": "36.00",
        "30108": "9.80",
        "30109": "4.90",
        "30110": "5.30",
        "30113": "7.40",
        "30199": "2.60",
        "30201": "2.00",
        "30206": "3.10",
        "30207": "1.20",
        "30213": "2.40",
        "30228": "1.60",
        "30231": "1.50",
    },
    balances={"opening_total": "8.00", "closing_total": "20.50"},
    three_public={
        "budget_vehicle_operation": "2.00",
        "actual_vehicle_operation": "1.50",
        "vehicles_held": 1,
    },
    assets={"vehicles_special": 1},
    procurement={
        "goods": "5.00",
        "services": "20.00",
        "sme_goods": "5.00",
        "sme_services": "20.00",
        "small_micro": "20.00",
    },
    reasons={
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "市政设施应急抢修支出增加",
        "fiscal_class:221": "按预算支出",
        **NO_ABROAD,
        **NO_RECEPTION,
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:budget": "严格控制车辆运行费用",
    },
)

# A draft with some reasons still missing, so review and validation have work to show.
SSZX_2022 = ReportSpec(
    unit=DRAFT_UNIT,
    year=2022,
    status=DRAFT,
    note=SAMPLE_NOTE,
    approval_date=date(2023, 8, 15),
    income={
        "2080505": {"general_budget": "10.30"},
        "2080506": {"general_budget": "5.15"},
        "2101102": {"general_budget": "5.60"},
        "2120399": {
            "general_budget": "234.20",
            "business": "38.00",
            "operating": "13.50",
        },
        "2210201": {"general_budget": "7.80"},
    },
    expenditure={
        "2080505": {"basic": "10.30"},
        "2080506": {"basic": "5.15"},
        "2101102": {"basic": "5.60"},
        "2120399": {"basic": "121.20", "project": "150.00", "operating": "11.20"},
        "2210201": {"basic": "7.80"},
    },
    fiscal={
        Fund.GENERAL: {
            "2080505": ("10.30", "0", "10.30", "0", "0"),
            "2080506": ("5.15", "0", "5.15", "0", "0"),
            "2101102": ("5.60", "0", "5.60", "0", "0"),
            "2120399": ("101.20", "135.00", "230.00", "6.00", "4.00"),
            "2210201": ("7.80", "0", "7.80", "0", "0"),
        },
    },
    basic={
        "30101": "33.50",
        "30102": "14.80",
        "30107": "37.60",
        "30108": "10.30",
        "30109": "5.15",
        "30110": "5.60",
        "30113": "7.80",
        "30199": "2.80",
        "30201": "2.10",
        "30206": "3.30",
        "30207": "1.25",
        "30213": "2.60",
        "30228": "1.65",
        "30231": "1.60",
    },
    balances={"opening_total": "20.50", "closing_total": "23.80"},
    three_public={
        "budget_vehicle_operation": "2.00",
        "actual_vehicle_operation": "1.60",
        "vehicles_held": 1,
    },
    assets={"vehicles_special": 1},
    procurement={
        "goods": "6.00",
        "services": "25.00",
        "sme_goods": "4.00",
        "sme_services": "25.00",
        "small_micro": "25.00",
    },
    reasons={
        "income_total": "市政设施养护财政补助增加",
        "expenditure_total": "道路桥梁养护项目支出增加",
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:221": "按预算支出",
        "basic_class:301": "调整工资标准",
        **NO_ABROAD,
        **NO_RECEPTION,
        **NO_VEHICLE_PURCHASE,
        "three_public:vehicle_operation:budget": "严格控制车辆运行费用",
    },
)

REPORTS: tuple[ReportSpec, ...] = (
    SEED_2021,
    SEED_2022,
    CGJ_2021,
    CGJ_2022,
    SSZX_2021,
    SSZX_2022,
)

"""The shapes of the demo data, and reason texts shared by several demo reports.

Amounts are strings in 万元; the loader turns them into Decimal.
"""

from dataclasses import dataclass, field
from datetime import date

from disclosure.models import Report

PUBLISHED = Report.Status.PUBLISHED
DRAFT = Report.Status.DRAFT

# Columns of a fiscal line tuple, in order.
FISCAL_COLUMNS = (
    "basic",
    "project",
    "budget_initial",
    "opening_balance",
    "closing_balance",
)


# Data notes (数据说明), published with the report they describe.
SAMPLE_NOTE = "【示例数据】本单位的决算数字和人员情况为演示用途虚构，不代表真实决算。"
RECONSTRUCTED_NOTE = (
    "【重建数据】本年度决算由2022年度决算所述的增减变化推算重建，"
    "明细金额为演示用途拟定，不是本单位公开的原始决算。"
)
CONSTRUCTED_NOTE = (
    "【明细拟定】本单位公开的2022年度决算原文缺少公开01至06表和09表的内容，"
    "这些表中按功能分类项、经济分类款列出的明细金额是按原文所列各项合计数拟定的，"
    "加总后与这些合计数一致。"
    "原文前后不一致的个别数字如何取舍，见本平台关于演示数据的说明。"
)


@dataclass(frozen=True)
class ProfileSpec:
    year: int
    duties: str
    bodies: tuple[str, ...]
    staff_in_service: int
    staff_retired_li: int = 0
    staff_retired_tui: int = 0
    staff_other: int = 0
    pensioners_paid_by_fund: int = 0


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    unit_type: str
    parent: str | None = None
    short_name: str = ""
    profiles: tuple[ProfileSpec, ...] = ()
    region: str = "江西"  # its reports' layout by default (units.models.REGIONS)


@dataclass(frozen=True)
class ReportSpec:
    """One report's facts. Line mappings are keyed by function code."""

    unit: str
    year: int
    status: str
    income: dict[str, dict[str, str]]
    expenditure: dict[str, dict[str, str]]
    fiscal: dict[str, dict[str, tuple[str, ...]]]  # fund → code → FISCAL_COLUMNS
    basic: dict[str, str]  # 经济分类 款 → 决算数
    balances: dict[str, str]
    three_public: dict[str, object]
    assets: dict[str, int]
    procurement: dict[str, str] | None = None
    operating_expense: str | None = None
    prior: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    approval_date: date | None = None
    note: str = ""  # Report.data_note
    template: str = "jx2022_unit"  # Report.template_variant
    kind: str = Report.Kind.FINAL  # 决算, or 预算 (its figures are budget amounts)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    description: str
    group: str
    superuser: bool = False
    unit: str | None = None
    role: str | None = None


# Reasons for the 三公 items a unit has no budget and no spending for.
NO_ABROAD = {
    "three_public:abroad:yoy": "未安排因公出国（境）预算",
    "three_public:abroad:budget": "未发生因公出国（境）支出",
    "three_public:abroad:activity": "未发生因公出国（境）支出",
}
NO_VEHICLE_PURCHASE = {
    "three_public:vehicle_purchase:yoy": "本年度无公务用车购置预算",
    "three_public:vehicle_purchase:budget": "本年度无公务用车购置预算",
}
NO_RECEPTION = {
    "three_public:reception:yoy": "本年度未发生公务接待费支出",
    "three_public:reception:budget": "未安排公务接待费预算，未发生公务接待费支出",
    "three_public:reception:activity": "未发生公务接待费支出",
}

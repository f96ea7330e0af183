"""One published sample report per layout other than 江西 2022.

Each is a sample unit of that layout's region whose report carries the
figures of 景德镇市城市管理局's 2022 report (a sample too), in the layout's
first year: the same figures under every layout, so a newcomer can put the
layouts side by side and see what each prints differently. A 预算 layout's
sample carries the seed unit's sample 2023 预算 instead (demo/budget_2023.py).
"""

from dataclasses import replace

from demo.budget_2023 import SEED_BUDGET_2023
from demo.jingdezhen import CGJ_2022, CGJ_BODIES, CGJ_DUTIES
from demo.specs import SAMPLE_NOTE, ProfileSpec, ReportSpec, UnitSpec
from disclosure.report_templates import (
    GUANGXI_2023_UNIT,
    INNER_MONGOLIA_2023_DEPARTMENT,
    MOF_2023_DEPARTMENT,
    SHANGHAI_2024_DEPARTMENT,
    SHANGHAI_2025_DEPARTMENT_BUDGET,
    Kind,
)
from units.models import Unit

# (unit code, unit name, short name, template)
LAYOUT_UNITS = (
    (
        "100000901",
        "示例中央部门（财政部中央部门格式）",
        "示例中央部门",
        MOF_2023_DEPARTMENT,
    ),
    ("450400901", "梧州市示例管理中心（广西格式）", "梧州示例中心", GUANGXI_2023_UNIT),
    (
        "150000901",
        "内蒙古自治区示例管理局（内蒙古格式）",
        "内蒙古示例局",
        INNER_MONGOLIA_2023_DEPARTMENT,
    ),
    (
        "310000901",
        "上海市示例管理局（上海格式）",
        "上海示例局",
        SHANGHAI_2024_DEPARTMENT,
    ),
    (
        "310000902",
        "上海市示例办公室（上海预算格式）",
        "上海示例办公室",
        SHANGHAI_2025_DEPARTMENT_BUDGET,
    ),
)
BUDGET_SAMPLE_NOTE = (
    "【示例数据】本部门的预算数字和人员情况为演示用途虚构，不代表真实预算。"
)

# The layouts measure 一般公共预算 spending against its budget per 类: the
# same reasons as 景德镇's 财政拨款 per 类.
GENERAL_CLASS_REASONS = {
    key.replace("fiscal_class:", "general_class:"): text
    for key, text in CGJ_2022.reasons.items()
    if key.startswith("fiscal_class:")
}

UNITS: tuple[UnitSpec, ...] = tuple(
    UnitSpec(
        code=code,
        name=name,
        short_name=short,
        unit_type=Unit.UnitType.ADMINISTRATIVE,
        region=template.region,
        profiles=(
            ProfileSpec(template.first_year, CGJ_DUTIES, CGJ_BODIES, 42, 0, 6, 3),
        ),
    )
    for code, name, short, template in LAYOUT_UNITS
)


def _sample_report(code: str, template) -> ReportSpec:
    if template.kind == Kind.BUDGET:
        return replace(
            SEED_BUDGET_2023,
            unit=code,
            year=template.first_year,
            template=template.code,
            note=BUDGET_SAMPLE_NOTE,
            approval_date=None,
        )
    return replace(
        CGJ_2022,
        unit=code,
        year=template.first_year,
        template=template.code,
        note=SAMPLE_NOTE,
        approval_date=None,
        prior={},
        reasons={**CGJ_2022.reasons, **GENERAL_CLASS_REASONS},
    )


REPORTS: tuple[ReportSpec, ...] = tuple(
    _sample_report(code, template) for code, _, _, template in LAYOUT_UNITS
)

"""景德镇市城市管理局's 2022 部门决算: 本级, two 预算单列 units, one 并入本级 unit.

The department consolidates its 本级 (its own 单位决算), 景德镇市数字城市管理
服务中心 (the seed unit) and 示例环境卫生服务中心 (sample), each with a
published 单位决算; 示例市政设施维护中心 is reported within 本级 (并入本级),
so the demo's practice draft of its own 2022 单位决算 is not consolidated.
本级 passes 30.00 万元 to 示例环境卫生服务中心 as 对附属单位补助支出, which
that centre books as 上级补助收入: one elimination (抵消) pair. Every
figure apart from the seed unit's is sample data (docs/demo-data.md §6).
"""

from dataclasses import dataclass, replace

from demo.jingdezhen import (
    CGJ_2022 as CGJ_2022_OWN,
)
from demo.jingdezhen import (
    DRAFT_UNIT,
    SEED_DEPARTMENT,
    SEED_UNIT,
    SSZX_2022,
)
from demo.specs import PUBLISHED, SAMPLE_NOTE, ProfileSpec, UnitSpec
from disclosure.models import ConsolidationMember
from units.models import Unit

Mode = ConsolidationMember.Mode

HWZX_UNIT = "360200198"
GRANT = "30.00"  # 本级 → 示例环境卫生服务中心, under 2120101 and 2120399

HWZX_DUTIES = (
    "示例环境卫生服务中心是市城市管理局下属的公益二类事业单位。"
    "主要职责是：承担城区主次干道清扫保洁、垃圾收运和公厕管护等环境卫生作业。"
)
HWZX_BODIES = ("办公室", "清扫保洁科", "收运管理科")

UNITS = (
    UnitSpec(
        code=HWZX_UNIT,
        name="示例环境卫生服务中心",
        unit_type=Unit.UnitType.PUBLIC_WELFARE_2,
        parent=SEED_DEPARTMENT,
        profiles=(ProfileSpec(2022, HWZX_DUTIES, HWZX_BODIES, 24, 0, 3, 6, 3),),
    ),
)


def _with(lines: dict, code: str, **amounts) -> dict:
    return {**lines, code: {**lines.get(code, {}), **amounts}}


# 本级 pays the grant from other income it received for the purpose.
CGJ_2022 = replace(
    CGJ_2022_OWN,
    income=_with(CGJ_2022_OWN.income, "2120101", other="33.20"),
    expenditure=_with(CGJ_2022_OWN.expenditure, "2120101", to_affiliates=GRANT),
)

# The figures of 示例市政设施维护中心's draft, published, with the grant
# received and spent on 项目支出 and every reason written.
HWZX_2022 = replace(
    SSZX_2022,
    unit=HWZX_UNIT,
    status=PUBLISHED,
    note=SAMPLE_NOTE,
    income=_with(SSZX_2022.income, "2120399", superior_grant=GRANT),
    expenditure=_with(SSZX_2022.expenditure, "2120399", project="180.00"),
    reasons={
        **SSZX_2022.reasons,
        "income_total": "新设环境卫生作业项目，上级补助收入增加",
        "expenditure_total": "环境卫生作业项目支出增加",
        "closing_total": "环境卫生作业项目尚未结算，资金结转下年使用",
        "fiscal_class:212": "按预算支出",
        "basic_class:301": "调整工资标准",
        "basic_class:302": "正常支出增长",
    },
)


@dataclass(frozen=True)
class MemberSpec:
    unit: str
    mode: str


@dataclass(frozen=True)
class AdjustmentSpec:
    pair: str
    income_unit: str
    income_code: str
    expense_unit: str
    expense_code: str
    amount: str
    note: str = ""


@dataclass(frozen=True)
class DepartmentSpec:
    unit: str
    year: int
    status: str
    members: tuple[MemberSpec, ...]
    adjustments: tuple[AdjustmentSpec, ...] = ()
    reasons: dict[str, str] | None = None
    note: str = ""
    kind: str = "final"  # Report.Kind


CGJ_DEPARTMENT_2022 = DepartmentSpec(
    unit=SEED_DEPARTMENT,
    year=2022,
    status=PUBLISHED,
    members=(
        MemberSpec(SEED_DEPARTMENT, Mode.SELF),
        MemberSpec(SEED_UNIT, Mode.OWN_REPORT),
        MemberSpec(HWZX_UNIT, Mode.OWN_REPORT),
        MemberSpec(DRAFT_UNIT, Mode.MERGED),
    ),
    adjustments=(
        AdjustmentSpec(
            "grant",
            HWZX_UNIT,
            "2120399",
            SEED_DEPARTMENT,
            "2120101",
            GRANT,
            "本级拨付示例环境卫生服务中心环境卫生作业经费",
        ),
    ),
    reasons={
        "income_total": "新增政府性基金城市建设项目资金，所属单位环境卫生作业经费增加",
        "expenditure_total": "政府性基金城市建设项目和环境卫生作业项目支出增加",
        "closing_total": "城市建设和环境卫生作业项目尚未完工，资金结转下年使用",
        "fiscal_class:208": "按预算支出",
        "fiscal_class:210": "按预算支出",
        "fiscal_class:212": "使用上年结转资金，城管执法和市政设施养护支出增加",
        "fiscal_class:221": "按预算支出",
        "basic_class:301": "调整工资标准",
        "basic_class:302": "正常支出增长",
        "basic_class:303": "退休人员生活补助标准调整",
        "basic_class:310": "购置办公设备",
        "operating_expense": "购置办公设备，公用经费增加",
        # The units' “三公” are 本级's and the centres' vehicle operation.
        **{
            k: v
            for k, v in CGJ_2022_OWN.reasons.items()
            if k.startswith("three_public")
        },
    },
    note=(
        "【示例数据】本部门决算由本级和所属预算单列单位已公开的单位决算汇总生成；"
        "除景德镇市数字城市管理服务中心外，各单位数字为演示用途虚构。"
    ),
)

DEPARTMENTS = (CGJ_DEPARTMENT_2022,)

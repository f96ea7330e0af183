"""内蒙古 2023 部门决算: eleven tables (docs/templates.md §4).

Seen (内蒙古自治区机关事务管理局, 鄂尔多斯市审计局 2023; the 2022 copy of
内蒙古自治区公共资源交易中心): the eleven titles in order, numbered 一、…
十一、 in the 目录. Completed: the printed code (表一 … 表十一), interiors
and footnotes. Two bodies are this layout's own and their interiors were
not in any copy read, so they are built from the figures the titles name:

* 表七 一般公共预算财政拨款项目支出决算明细表: 项目支出 by 功能分类;
* 表十一 机构运行经费支出、国有资产占用情况及政府采购支出信息表: the
  机构运行经费 and 政府采购 amounts and the 国有资产 counts of the
  narrative's sections 十一–十三, one row each — the layout where these
  are a table rather than only a section.
"""

from disclosure.tables.definitions import jiangxi_2022 as jx
from disclosure.tables.definitions.mof_2023 import BASIC_DETAIL_TITLE
from disclosure.tables.definitions.standard import renumbered, worded
from reporting.formatting import chinese_ordinal
from reporting.spec import (
    PaneSpec,
    RowSpec,
    TableDefinition,
    amount,
    count,
    label,
    line_no,
)
from reporting.table import RowKind

GENERAL_PROJECT = TableDefinition(
    key="",
    code="",
    role="general_project",
    title="一般公共预算财政拨款项目支出决算明细表",
    footnotes=("注：本表反映部门本年度一般公共预算财政拨款项目支出情况。",),
    empty_note="说明：当此表数据为零时，即本部门无一般公共预算财政拨款项目支出。",
    panes=(PaneSpec(heads=(jx.project_heads(), amount("项目支出", "project"))),),
)

OPERATIONS_INFO = TableDefinition(
    key="",
    code="",
    role="operations_info",
    title="机构运行经费支出、国有资产占用情况及政府采购支出信息表",
    row_sums=(
        (
            "procurement:total",
            ("procurement:goods", "procurement:works", "procurement:services"),
        ),
        ("vehicles_total", jx.T10.row_sums[0][1]),
    ),
    numbered=True,
    show_index_row=False,
    footnotes=(
        "注：本表反映部门本年度机构运行经费支出、政府采购支出及截至{year}年12月31日"
        "占用的车辆和单价100万元（含）以上设备情况。",
    ),
    panes=(
        PaneSpec(
            heads=(
                label(),
                line_no(),
                amount("金额", "amount"),
                count("数量（台、辆、套）", "count"),
            ),
            rows=(
                RowSpec("operating_expense", "一、机构运行经费支出"),
                RowSpec("procurement:total", "二、政府采购支出总额", RowKind.TOTAL),
                RowSpec("procurement:goods", "1.政府采购货物支出", level=1),
                RowSpec("procurement:works", "2.政府采购工程支出", level=1),
                RowSpec("procurement:services", "3.政府采购服务支出", level=1),
                RowSpec("procurement:sme_total", "授予中小企业合同金额", level=1),
                RowSpec(
                    "procurement:small_micro", "其中：授予小微企业合同金额", level=2
                ),
                RowSpec("vehicles_total", "三、车辆数合计", RowKind.TOTAL),
                RowSpec(
                    "vehicles_ministerial", "1.副部（省）级及以上领导用车", level=1
                ),
                RowSpec("vehicles_leader", "2.主要领导干部用车", level=1),
                RowSpec("vehicles_confidential", "3.机要通信用车", level=1),
                RowSpec("vehicles_emergency", "4.应急保障用车", level=1),
                RowSpec("vehicles_law_enforcement", "5.执法执勤用车", level=1),
                RowSpec("vehicles_special", "6.特种专业技术用车", level=1),
                RowSpec("vehicles_retired_cadre", "7.离退休干部用车", level=1),
                RowSpec("vehicles_other", "8.其他用车", level=1),
                RowSpec(
                    "equipment_over_million",
                    "四、单价100万元（含）以上设备（不含车辆）",
                ),
            ),
        ),
    ),
)

ORDER = (
    jx.T01,
    jx.T02,
    jx.T03,
    jx.T04,
    jx.T05,
    jx.T06,
    GENERAL_PROJECT,
    jx.T07,
    jx.T08,
    jx.T09,
    OPERATIONS_INFO,
)

TABLES = tuple(
    renumbered(
        worded(definition, "部门"),
        position,
        f"表{chinese_ordinal(position)}",
        **({"title": BASIC_DETAIL_TITLE} if definition is jx.T06 else {}),
    )
    for position, definition in enumerate(ORDER, start=1)
)

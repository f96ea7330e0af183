"""江西 2022 部门决算: the ten 公开表 of the 单位 layout, and the product's 分单位 附表.

Seen (docs/templates/jiangxi_2022_dept_consolidated.json: three 江西 2022
部门决算 目录): the same ten tables, in the same order and with the same
titles, as the 单位 layout. Their interiors were not seen in any 部门 copy:
they are completed from the 单位 definitions (jiangxi_2022.py), whose
footnotes already say "部门(单位)".

The 附表 is not in the 江西 layout: the product adds it, after the ten, so
that a 部门决算 shows each consolidated unit's figures beside the
department's (浙江 苍南 prints 收入/支出决算表(分单位), titles only seen).
"""

from disclosure.tables.definitions import jiangxi_2022 as jx
from reporting.spec import PaneSpec, TableDefinition, amount, label
from reporting.table import Head, Role

BY_UNIT = TableDefinition(
    # "t11": the table keys of the public CSV downloads are tNN.
    key="t11",
    role="by_unit",
    code="附表",
    title="部门收入支出决算分单位情况表",
    landscape=True,
    footnotes=(
        "注：本表为本平台在江西省部门决算公开表之外附加的表格，反映纳入部门决算的"
        "本级和各预算单列单位本年度收入、支出及年末结转和结余情况。"
        "“内部抵消”为部门内单位之间上下级补助、上缴等往来在汇总时抵消的金额，以负数列示；"
        "“合计”为各单位之和加内部抵消，与部门决算各表一致。",
    ),
    panes=(
        PaneSpec(
            heads=(
                label("单位名称"),
                Head("编报方式", key="mode", role=Role.TEXT),
                amount("本年收入合计", "income_total"),
                amount("其中：财政拨款收入", "fiscal_income"),
                amount("本年支出合计", "expenditure_total"),
                amount("基本支出", "basic"),
                amount("项目支出", "project"),
                amount("年末结转和结余", "closing_total"),
            ),
        ),
    ),
)

TABLES = (*jx.TABLES, BY_UNIT)

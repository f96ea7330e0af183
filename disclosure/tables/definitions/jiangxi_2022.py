"""江西 2022 单位决算: 公开01表 … 公开10表 as data.

Sources (domain.md §1.1, §2): 07, 08 and 10 are verbatim from the seed; the
others follow the MOF/Shanghai layouts with the seed's "部门(单位)" wording.
The 行次 of 01/04 follow the MOF 2020–22 pattern (01: income 1–31, spending
32–62 with the 26-class list), obtained from the row lists below by position.

Wording choices where the seed disagrees with itself (domain.md §6 #19):

* every 说明 line reads "当此表数据为零时": the Jiangxi tables print zero as
  "0", so a table without figures shows zeros, not blanks;
* "部门(单位)" with ASCII parentheses everywhere, as in the seed's footnotes
  (its 10表 说明 alone uses full-width ones);
* the 说明 line is printed when the table is empty (all zero or not entered),
  since its wording only makes sense then.
"""

from reporting.spec import (
    BLANK,
    CLASSES,
    FILL,
    EconomicPaneSpec,
    PaneSpec,
    RowSpec,
    TableDefinition,
    amount,
    code_heads,
    count,
    label,
    line_no,
)
from reporting.table import Head, RowKind

# The seed prints 支出功能分类科目编码 split into 类 | 款 | 项 columns.
SPLIT_CODES = True

# 支出功能分类 类 shown on 01表/04表, in template order (2022 《政府收支分类科目》).
# Names are overridden by the year's code list when it carries the class.
FUNCTION_CLASSES = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
)

# 部门预算支出经济分类 类 (2022), for 06表's class rows.
ECONOMIC_CLASS_NAMES = {
    "301": "工资福利支出",
    "302": "商品和服务支出",
    "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出",
    "309": "资本性支出（基本建设）",
    "310": "资本性支出",
    "311": "对企业补助（基本建设）",
    "312": "对企业补助",
    "313": "对社会保障基金补助",
    "399": "其他支出",
}


def project_heads() -> Head:
    return Head(
        "项目",
        (
            code_heads("支出功能分类科目编码", ("类", "款", "项"), SPLIT_CODES),
            label("科目名称"),
        ),
    )


def economic_pane(title: str) -> tuple[Head, ...]:
    return (
        Head(
            title,
            (
                code_heads("经济分类科目编码", ("类", "款"), SPLIT_CODES),
                label("科目名称"),
                amount("决算数", "amount"),
            ),
        ),
    )


def three_public_block(block: str, prefix: str) -> Head:
    return Head(
        block,
        (
            amount("合计", f"{prefix}_total"),
            amount("因公出国（境）费", f"{prefix}_abroad"),
            Head(
                "公务用车购置及运行费",
                (
                    amount("小计", f"{prefix}_vehicle_total"),
                    amount("公务用车购置费", f"{prefix}_vehicle_purchase"),
                    amount("公务用车运行费", f"{prefix}_vehicle_operation"),
                ),
            ),
            amount("公务接待费", f"{prefix}_reception"),
        ),
    )


T01 = TableDefinition(
    key="t01",
    role="summary",
    code="公开01表",
    title="收入支出决算总表",
    row_sums=(
        (
            "in_total",
            (
                "in_gpb",
                "in_gf",
                "in_soe",
                "in_sup",
                "in_biz",
                "in_op",
                "in_aff",
                "in_oth",
            ),
        ),
        ("in_grand", ("in_total", "in_nfs", "in_begin")),
        ("ex_total", (CLASSES.key,)),
        ("ex_grand", ("ex_total", "ex_dist", "ex_end")),
    ),
    numbered=True,
    landscape=True,
    classes=FUNCTION_CLASSES,
    footnotes=("注：本表反映部门(单位)本年度的总收支和年末结转结余情况。",),
    panes=(
        PaneSpec(
            heads=(Head("收入", (label(), line_no(), amount("决算数", "amount"))),),
            rows=(
                RowSpec("in_gpb", "一、一般公共预算财政拨款收入"),
                RowSpec("in_gf", "二、政府性基金预算财政拨款收入"),
                RowSpec("in_soe", "三、国有资本经营预算财政拨款收入"),
                RowSpec("in_sup", "四、上级补助收入"),
                RowSpec("in_biz", "五、事业收入"),
                RowSpec("in_op", "六、经营收入"),
                RowSpec("in_aff", "七、附属单位上缴收入"),
                RowSpec("in_oth", "八、其他收入"),
                FILL,
                RowSpec("in_total", "本年收入合计", RowKind.TOTAL),
                RowSpec("in_nfs", "使用非财政拨款结余"),
                RowSpec("in_begin", "年初结转和结余"),
                BLANK,
                RowSpec("in_grand", "总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(Head("支出", (label(), line_no(), amount("决算数", "amount"))),),
            rows=(
                CLASSES,
                RowSpec("ex_total", "本年支出合计", RowKind.TOTAL),
                RowSpec("ex_dist", "结余分配"),
                RowSpec("ex_end", "年末结转和结余"),
                BLANK,
                RowSpec("ex_grand", "总计", RowKind.TOTAL),
            ),
        ),
    ),
)

T02 = TableDefinition(
    key="t02",
    role="income",
    code="公开02表",
    title="收入决算表",
    sums=(
        (
            "total",
            ("fiscal", "superior_grant", "business", "operating", "affiliate", "other"),
        ),
    ),
    landscape=True,
    footnotes=("注：本表反映部门(单位)本年度取得的各项收入情况。",),
    panes=(
        PaneSpec(
            heads=(
                project_heads(),
                amount("本年收入合计", "total"),
                amount("财政拨款收入", "fiscal"),
                amount("上级补助收入", "superior_grant"),
                amount("事业收入", "business"),
                amount("经营收入", "operating"),
                amount("附属单位上缴收入", "affiliate"),
                amount("其他收入", "other"),
            )
        ),
    ),
)

T03 = TableDefinition(
    key="t03",
    role="expenditure",
    code="公开03表",
    title="支出决算表",
    sums=(
        ("total", ("basic", "project", "to_superior", "operating", "to_affiliates")),
    ),
    landscape=True,
    footnotes=("注：本表反映部门(单位)本年度各项支出情况。",),
    panes=(
        PaneSpec(
            heads=(
                project_heads(),
                amount("本年支出合计", "total"),
                amount("基本支出", "basic"),
                amount("项目支出", "project"),
                amount("上缴上级支出", "to_superior"),
                amount("经营支出", "operating"),
                amount("对附属单位补助支出", "to_affiliates"),
            )
        ),
    ),
)

T04 = TableDefinition(
    key="t04",
    role="fiscal_summary",
    code="公开04表",
    title="财政拨款收入支出决算总表",
    sums=(("total", ("general", "gov_fund", "state_capital")),),
    row_sums=(
        ("in_total", ("in_general", "in_gov_fund", "in_state_capital")),
        ("open_total", ("open_general", "open_gov_fund", "open_state_capital")),
        ("in_grand", ("in_total", "open_total")),
        ("ex_total", (CLASSES.key,)),
        ("ex_grand", ("ex_total", "close_total")),
    ),
    numbered=True,
    landscape=True,
    classes=FUNCTION_CLASSES,
    footnotes=("注：本表反映部门(单位)本年度财政拨款总收支和年末结转结余情况。",),
    panes=(
        PaneSpec(
            heads=(Head("收入", (label(), line_no(), amount("决算数", "amount"))),),
            rows=(
                RowSpec("in_general", "一、一般公共预算财政拨款"),
                RowSpec("in_gov_fund", "二、政府性基金预算财政拨款"),
                RowSpec("in_state_capital", "三、国有资本经营预算财政拨款"),
                FILL,
                RowSpec("in_total", "本年收入合计", RowKind.TOTAL),
                RowSpec("open_total", "年初财政拨款结转和结余"),
                RowSpec("open_general", "一般公共预算财政拨款", level=1),
                RowSpec("open_gov_fund", "政府性基金预算财政拨款", level=1),
                RowSpec("open_state_capital", "国有资本经营预算财政拨款", level=1),
                RowSpec("in_grand", "总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(
                Head(
                    "支出",
                    (
                        label(),
                        line_no(),
                        amount("合计", "total"),
                        amount("一般公共预算财政拨款", "general"),
                        amount("政府性基金预算财政拨款", "gov_fund"),
                        amount("国有资本经营预算财政拨款", "state_capital"),
                    ),
                ),
            ),
            rows=(
                CLASSES,
                RowSpec("ex_total", "本年支出合计", RowKind.TOTAL),
                RowSpec("close_total", "年末财政拨款结转和结余"),
                BLANK,
                BLANK,
                BLANK,
                RowSpec("ex_grand", "总计", RowKind.TOTAL),
            ),
        ),
    ),
)

T05 = TableDefinition(
    key="t05",
    role="general_budget",
    code="公开05表",
    title="一般公共预算财政拨款支出决算表",
    sums=(("total", ("basic", "project")),),
    footnotes=("注：本表反映部门(单位)本年度一般公共预算财政拨款支出情况。",),
    panes=(
        PaneSpec(
            heads=(
                project_heads(),
                amount("合计", "total"),
                amount("基本支出", "basic"),
                amount("项目支出", "project"),
            )
        ),
    ),
)

T06 = TableDefinition(
    key="t06",
    role="basic_by_economic_class",
    code="公开06表",
    title="一般公共预算财政拨款基本支出决算表",
    show_index_row=False,
    landscape=True,
    footnotes=("注：本表反映部门(单位)本年度一般公共预算财政拨款基本支出明细情况。",),
    economic_class_names=ECONOMIC_CLASS_NAMES,
    panes=(
        PaneSpec(heads=economic_pane("人员经费")),
        PaneSpec(heads=economic_pane("公用经费")),
    ),
    economic_panes=(
        EconomicPaneSpec(
            classes=("301", "303"),
            shown=("301", "303"),
            total=RowSpec("personnel_total", "人员经费合计", RowKind.TOTAL),
        ),
        EconomicPaneSpec(
            classes=(),
            shown=("302", "310"),
            total=RowSpec("public_total", "公用经费合计", RowKind.TOTAL),
        ),
    ),
)

T07 = TableDefinition(
    key="t07",
    role="gov_fund",
    code="公开07表",
    title="政府性基金预算财政拨款收入支出决算表",
    sums=(("ex_total", ("basic", "project")),),
    landscape=True,
    footnotes=(
        "注：本表反映部门(单位)本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    ),
    empty_note="说明：当此表数据为零时，即本部门(单位)无政府性基金预算财政拨款收入、支出。",
    panes=(
        PaneSpec(
            heads=(
                project_heads(),
                amount("年初结转和结余", "opening"),
                amount("本年收入", "income"),
                Head(
                    "本年支出",
                    (
                        amount("小计", "ex_total"),
                        amount("基本支出", "basic"),
                        amount("项目支出", "project"),
                    ),
                ),
                amount("年末结转和结余", "closing"),
            )
        ),
    ),
)

T08 = TableDefinition(
    key="t08",
    role="state_capital",
    code="公开08表",
    title="国有资本经营预算财政拨款支出决算表",
    sums=(("total", ("basic", "project")),),
    footnotes=("注：本表反映部门(单位)本年度国有资本经营预算财政拨款支出情况。",),
    empty_note="说明：当此表数据为零时，即本部门(单位)无国有资本经营预算财政拨款支出。",
    panes=(
        PaneSpec(
            heads=(
                project_heads(),
                amount("合计", "total"),
                amount("基本支出", "basic"),
                amount("项目支出", "project"),
            )
        ),
    ),
)

T09 = TableDefinition(
    key="t09",
    role="three_public",
    code="公开09表",
    title="财政拨款“三公”经费支出决算表",
    sums=tuple(
        pair
        for block in ("budget", "actual")
        for pair in (
            (
                f"{block}_total",
                (f"{block}_abroad", f"{block}_vehicle_total", f"{block}_reception"),
            ),
            (
                f"{block}_vehicle_total",
                (f"{block}_vehicle_purchase", f"{block}_vehicle_operation"),
            ),
        )
    ),
    landscape=True,
    footnotes=(
        "注：本表反映部门(单位)本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费"
        "全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转"
        "资金安排的实际支出。",
    ),
    empty_note="说明：当此表数据为零时，即本部门(单位)无财政拨款“三公”经费支出。",
    panes=(
        PaneSpec(
            heads=(
                three_public_block("预算数", "budget"),
                three_public_block("决算数", "actual"),
            ),
            rows=(RowSpec("row"),),
        ),
    ),
)

T10 = TableDefinition(
    key="t10",
    role="assets",
    code="公开10表",
    title="国有资产占用情况表",
    row_sums=(
        (
            "vehicles_total",
            (
                "vehicles_ministerial",
                "vehicles_leader",
                "vehicles_confidential",
                "vehicles_emergency",
                "vehicles_law_enforcement",
                "vehicles_special",
                "vehicles_retired_cadre",
                "vehicles_other",
            ),
        ),
    ),
    show_index_row=False,
    numbered=True,
    measure="台、辆、套",
    measure_label="单位",
    footnotes=("注：本表反映截止{year}年12月31日，部门(单位)占用的国有资产情况。",),
    empty_note="说明：当此表数据为零时，即本部门(单位)无相关资产。",
    panes=(
        PaneSpec(
            # Here 栏次 numbers the rows, so it is a row-number column.
            heads=(label(), line_no("栏次"), count("决算数", "amount")),
            rows=(
                RowSpec("vehicles_total", "一、车辆数合计(台、辆)", RowKind.TOTAL),
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
                    "二、单价 100 万元（含）以上设备（不含车辆）",
                ),
            ),
        ),
    ),
)

TABLES = (T01, T02, T03, T04, T05, T06, T07, T08, T09, T10)

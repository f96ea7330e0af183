"""Within-table identities (domain.md §3.2).

For tables computed from entered facts these hold by construction; they are
checked anyway because a table can also carry stated figures (an imported
workbook, a published snapshot), where a 合计 may disagree with its parts.
"""

from decimal import Decimal

from disclosure.rules.context import children_by_parent
from reporting.money import ZERO, decimal_sum
from reporting.rules import Severity, collect, rule, terms

# Row-wise identities: table → (total column, part columns, labels).
ROW_SUMS = {
    "02": (
        "total",
        ("fiscal", "superior_grant", "business", "operating", "affiliate", "other"),
    ),
    "03": ("total", ("basic", "project", "to_superior", "operating", "to_affiliates")),
    "05": ("total", ("basic", "project")),
    "07": ("ex_total", ("basic", "project")),
    "08": ("total", ("basic", "project")),
}
COLUMNS = {
    "02": (
        "total",
        "fiscal",
        "superior_grant",
        "business",
        "operating",
        "affiliate",
        "other",
    ),
    "03": ("total", "basic", "project", "to_superior", "operating", "to_affiliates"),
    "05": ("total", "basic", "project"),
    "07": ("opening", "income", "ex_total", "basic", "project", "closing"),
    "08": ("total", "basic", "project"),
}
LABELS = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "superior_grant": "上级补助收入",
    "business": "事业收入",
    "operating": "经营",
    "affiliate": "附属单位上缴收入",
    "other": "其他收入",
    "basic": "基本支出",
    "project": "项目支出",
    "to_superior": "上缴上级支出",
    "to_affiliates": "对附属单位补助支出",
    "opening": "年初结转和结余",
    "income": "本年收入",
    "ex_total": "本年支出小计",
    "closing": "年末结转和结余",
    "general": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
}


def row_label(key: str) -> str:
    return "合计" if key == "total" else f"{key} 行"


def _sum(values) -> Decimal:
    """`decimal_sum` for the hot loops: the same additions, in the same order."""
    return sum([v for v in values if v is not None], ZERO)


def _columns(ctx, number: str, columns) -> dict[str, dict]:
    """Column key → (row key → figure) of one table: checks read whole columns."""
    table = ctx.t(number)
    return {col: table.column_values(col) for col in columns}


def _row_sum_check(ctx, rule, number):
    total_col, parts = ROW_SUMS[number]
    columns = _columns(ctx, number, (total_col, *parts))
    total_values = columns[total_col]
    part_values = [columns[col] for col in parts]
    findings = []
    keys = ["total", *ctx.codes(number)]
    # Column by column, then row by row: the same figures, fewer lookups.
    by_column = [[column.get(key) for key in keys] for column in part_values]
    rows = zip(*by_column, strict=True)
    for key, values in zip(keys, rows, strict=True):
        stated = total_values.get(key)
        stated = ZERO if stated is None else stated
        computed = _sum(values)
        if stated == computed:
            continue
        findings.append(
            rule.equal(
                stated,
                computed,
                terms(values),
                f"公开{number}表 {row_label(key)}：{LABELS[total_col]} {stated} ≠ "
                f"{' + '.join(LABELS[c] for c in parts)} {computed}",
                f"t{number}",
            )
        )
    return collect(rule, findings, f"公开{number}表各行合计等于分项之和", f"t{number}")


def _hierarchy_check(ctx, rule, number):
    codes = ctx.codes(number)
    columns = _columns(ctx, number, COLUMNS[number])
    findings = []
    classes = [c for c in codes if len(c) == 3]
    children_of = children_by_parent(codes)
    pairs = [("total", classes)] + [(c, children_of.get(c, [])) for c in codes]
    for parent, children in pairs:
        if not children and parent != "total":
            # A 合计 with no class under it must itself be zero.
            continue
        for col, column in columns.items():
            stated = column.get(parent)
            stated = ZERO if stated is None else stated
            values = [column.get(c) for c in children]
            computed = _sum(values)
            if stated == computed:
                continue
            findings.append(
                rule.equal(
                    stated,
                    computed,
                    terms(values),
                    f"公开{number}表 {row_label(parent)}“{LABELS[col]}”{stated} ≠ "
                    f"下级科目之和 {computed}（{'、'.join(children)}）",
                    f"t{number}",
                )
            )
    return collect(
        rule, findings, f"公开{number}表各级科目合计等于下级之和", f"t{number}"
    )


def _register_row_sum(number, rule_id):
    total_col, parts = ROW_SUMS[number]

    @rule(
        rule_id,
        f"公开{number}表 各行{LABELS[total_col]}等于分项之和",
        Severity.ERROR,
        f"每一行：{LABELS[total_col]} = {' + '.join(LABELS[c] for c in parts)}",
    )
    def check(ctx, rule):
        return _row_sum_check(ctx, rule, number)


def _register_hierarchy(number, rule_id):
    @rule(
        rule_id,
        f"公开{number}表 类、款合计等于下级科目之和",
        Severity.ERROR,
        "每一列：合计 = Σ 类；类 = Σ 其下的款；款 = Σ 其下的项（按编码前缀判断上下级）",
    )
    def check(ctx, rule):
        return _hierarchy_check(ctx, rule, number)


for _number, _id in [
    ("02", "T02-1"),
    ("03", "T03-1"),
    ("05", "T05-1"),
    ("07", "T07-1"),
    ("08", "T08-1"),
]:
    _register_row_sum(_number, _id)
# domain.md names the hierarchy rule T02-2 "also T03-2, T05-2, T07-2, T08-2"; T07-2 is
# taken by the T07 balance identity, so the T07 hierarchy rule is T07-3.
for _number, _id in [
    ("02", "T02-2"),
    ("03", "T03-2"),
    ("05", "T05-2"),
    ("07", "T07-3"),
    ("08", "T08-2"),
]:
    _register_hierarchy(_number, _id)


T01_INCOME = (
    "in_gpb",
    "in_gf",
    "in_soe",
    "in_sup",
    "in_biz",
    "in_op",
    "in_aff",
    "in_oth",
)


@rule(
    "T01-1",
    "公开01表 本年收入合计等于各项收入之和",
    Severity.ERROR,
    "本年收入合计 = 一至八项收入之和",
)
def t01_1(ctx, rule):
    if ctx.v("01", "in_total") is None:
        yield rule.insufficient("公开01表 本年收入合计为空", "t01")
        return
    computed = decimal_sum(ctx.v("01", k) for k in T01_INCOME)
    stated = ctx.v("01", "in_total")
    yield rule.equal(
        stated,
        computed,
        8,
        f"公开01表 本年收入合计 {stated} ≠ 各项收入之和 {computed}",
        "t01",
    )


@rule(
    "T01-2",
    "公开01表 收入总计",
    Severity.ERROR,
    "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
)
def t01_2(ctx, rule):
    parts = [ctx.v("01", k) for k in ("in_total", "in_nfs", "in_begin")]
    if any(p is None for p in parts) or ctx.v("01", "in_grand") is None:
        yield rule.insufficient("公开01表 年初结转和结余等结转结余数未填报", "t01")
        return
    stated, computed = ctx.v("01", "in_grand"), decimal_sum(parts)
    yield rule.equal(
        stated,
        computed,
        3,
        f"公开01表 收入总计 {stated} ≠ 本年收入合计 + 使用非财政拨款结余 + "
        f"年初结转和结余 {computed}",
        "t01",
    )


@rule(
    "T01-3",
    "公开01表 本年支出合计等于各功能分类之和",
    Severity.ERROR,
    "本年支出合计 = 各类支出之和",
)
def t01_3(ctx, rule):
    classes = ctx.class_rows("01")
    stated = ctx.z("01", "ex_total")
    values = [ctx.v("01", k) for k in classes]
    computed = decimal_sum(values)
    yield rule.equal(
        stated,
        computed,
        terms(values),
        f"公开01表 本年支出合计 {stated} ≠ 各类支出之和 {computed}",
        "t01",
    )


@rule(
    "T01-4",
    "公开01表 支出总计",
    Severity.ERROR,
    "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
)
def t01_4(ctx, rule):
    parts = [ctx.v("01", k) for k in ("ex_total", "ex_dist", "ex_end")]
    if any(p is None for p in parts) or ctx.v("01", "ex_grand") is None:
        yield rule.insufficient("公开01表 年末结转和结余等结转结余数未填报", "t01")
        return
    stated, computed = ctx.v("01", "ex_grand"), decimal_sum(parts)
    yield rule.equal(
        stated,
        computed,
        3,
        f"公开01表 支出总计 {stated} ≠ 本年支出合计 + 结余分配 + "
        f"年末结转和结余 {computed}",
        "t01",
    )


@rule(
    "T01-5",
    "公开01表 收入总计等于支出总计",
    Severity.ERROR,
    "收入总计 = 支出总计（年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余）",
)
def t01_5(ctx, rule):
    income, spending = ctx.v("01", "in_grand"), ctx.v("01", "ex_grand")
    if income is None or spending is None:
        yield rule.insufficient("公开01表 结转结余数未填报，无法核对总计", "t01")
        return
    yield rule.equal(
        income, spending, 1, f"公开01表 收入总计 {income} ≠ 支出总计 {spending}", "t01"
    )


FUNDS = ("general", "gov_fund", "state_capital")


@rule(
    "T04-1",
    "公开04表 支出各行合计等于三项财政拨款之和",
    Severity.ERROR,
    "右栏每一行：合计 = 一般公共预算 + 政府性基金 + 国有资本经营财政拨款",
)
def t04_1(ctx, rule):
    rows = [*ctx.class_rows("04"), "ex_total", "close_total", "ex_grand"]
    findings = []
    for key in rows:
        stated = ctx.z("04", key, "total")
        computed = decimal_sum(ctx.v("04", key, f) for f in FUNDS)
        f = rule.equal(
            stated,
            computed,
            3,
            f"公开04表 {key} 行：合计 {stated} ≠ 三项财政拨款之和 {computed}",
            "t04",
        )
        findings.append(f)
    return collect(rule, findings, "公开04表各行合计等于三项财政拨款之和", "t04")


@rule(
    "T04-2",
    "公开04表 本年收入合计",
    Severity.ERROR,
    "本年收入合计 = 一般公共预算 + 政府性基金 + 国有资本经营财政拨款",
)
def t04_2(ctx, rule):
    stated = ctx.z("04", "in_total")
    computed = decimal_sum(
        ctx.v("04", k) for k in ("in_general", "in_gov_fund", "in_state_capital")
    )
    yield rule.equal(
        stated,
        computed,
        3,
        f"公开04表 本年收入合计 {stated} ≠ 三项财政拨款收入之和 {computed}",
        "t04",
    )


@rule(
    "T04-3",
    "公开04表 年初财政拨款结转和结余",
    Severity.ERROR,
    "年初财政拨款结转和结余 = 其三项分项之和",
)
def t04_3(ctx, rule):
    stated = ctx.z("04", "open_total")
    computed = decimal_sum(
        ctx.v("04", k) for k in ("open_general", "open_gov_fund", "open_state_capital")
    )
    yield rule.equal(
        stated,
        computed,
        3,
        f"公开04表 年初财政拨款结转和结余 {stated} ≠ 分项之和 {computed}",
        "t04",
    )


@rule(
    "T04-4",
    "公开04表 收入总计",
    Severity.ERROR,
    "总计 = 本年收入合计 + 年初财政拨款结转和结余",
)
def t04_4(ctx, rule):
    stated = ctx.z("04", "in_grand")
    computed = ctx.z("04", "in_total") + ctx.z("04", "open_total")
    yield rule.equal(
        stated,
        computed,
        2,
        f"公开04表 收入总计 {stated} ≠ 本年收入合计 + 年初结转和结余 {computed}",
        "t04",
    )


@rule(
    "T04-5",
    "公开04表 本年支出合计等于各类之和",
    Severity.ERROR,
    "每一列：本年支出合计 = 各类支出之和",
)
def t04_5(ctx, rule):
    classes = ctx.class_rows("04")
    findings = []
    for col in ("total", *FUNDS):
        stated = ctx.z("04", "ex_total", col)
        values = [ctx.v("04", k, col) for k in classes]
        computed = decimal_sum(values)
        f = rule.equal(
            stated,
            computed,
            terms(values),
            f"公开04表 本年支出合计“{LABELS[col]}”{stated} ≠ 各类之和 {computed}",
            "t04",
        )
        findings.append(f)
    return collect(rule, findings, "公开04表本年支出合计等于各类之和", "t04")


@rule(
    "T04-6",
    "公开04表 支出总计",
    Severity.ERROR,
    "每一列：总计 = 本年支出合计 + 年末财政拨款结转和结余",
)
def t04_6(ctx, rule):
    findings = []
    for col in ("total", *FUNDS):
        stated = ctx.z("04", "ex_grand", col)
        computed = ctx.z("04", "ex_total", col) + ctx.z("04", "close_total", col)
        f = rule.equal(
            stated,
            computed,
            2,
            f"公开04表 支出总计“{LABELS[col]}”{stated} ≠ 本年支出合计 + 年末结转和结余 "
            f"{computed}",
            "t04",
        )
        findings.append(f)
    return collect(
        rule, findings, "公开04表支出总计等于本年支出合计加年末结转和结余", "t04"
    )


@rule("T04-7", "公开04表 收支总计相等", Severity.ERROR, "收入总计 = 支出总计")
def t04_7(ctx, rule):
    income, spending = ctx.z("04", "in_grand"), ctx.z("04", "ex_grand", "total")
    yield rule.equal(
        income, spending, 1, f"公开04表 收入总计 {income} ≠ 支出总计 {spending}", "t04"
    )


@rule(
    "T04-8",
    "每项财政拨款收支平衡",
    Severity.ERROR,
    "对每项财政拨款：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余",
)
def t04_8(ctx, rule):
    findings = []
    for fund, income_row, open_row in [
        ("general", "in_general", "open_general"),
        ("gov_fund", "in_gov_fund", "open_gov_fund"),
        ("state_capital", "in_state_capital", "open_state_capital"),
    ]:
        sources = ctx.z("04", income_row) + ctx.z("04", open_row)
        uses = ctx.z("04", "ex_total", fund) + ctx.z("04", "close_total", fund)
        f = rule.equal(
            sources,
            uses,
            2,
            f"{LABELS[fund]}：公开04表 本年收入 {ctx.z('04', income_row)} + 年初结转和结余 "
            f"{ctx.z('04', open_row)} = {sources} ≠ 本年支出 {ctx.z('04', 'ex_total', fund)} + "
            f"年末结转和结余 {ctx.z('04', 'close_total', fund)} = {uses}",
            "grid:fiscal-" + fund.replace("_", "-"),
        )
        findings.append(f)
    return collect(rule, findings, "三项财政拨款各自收支平衡", "t04")


@rule(
    "T06-1",
    "公开06表 经济分类类级等于其款之和",
    Severity.ERROR,
    "301、302、303、307、310、399 各类 = 其下各款之和",
)
def t06_1(ctx, rule):
    codes = ctx.codes("06")
    findings = []
    for code in [c for c in codes if len(c) == 3]:
        children = [c for c in codes if len(c) == 5 and c.startswith(code)]
        if not children:
            continue
        stated = ctx.z("06", code)
        values = [ctx.v("06", c) for c in children]
        computed = decimal_sum(values)
        f = rule.equal(
            stated,
            computed,
            terms(values),
            f"公开06表 {code} {stated} ≠ 其下各款之和 {computed}",
            "t06",
        )
        findings.append(f)
    return collect(rule, findings, "公开06表各类等于其款之和", "t06")


PERSONNEL_CLASSES = ("301", "303")
PUBLIC_CLASSES = ("302", "307", "310", "399")


@rule("T06-2", "公开06表 人员经费合计", Severity.ERROR, "人员经费合计 = 301 + 303")
def t06_2(ctx, rule):
    stated = ctx.z("06", "personnel_total")
    computed = decimal_sum(ctx.v("06", c) for c in PERSONNEL_CLASSES)
    yield rule.equal(
        stated,
        computed,
        2,
        f"公开06表 人员经费合计 {stated} ≠ 301 + 303 之和 {computed}",
        "t06",
    )


@rule(
    "T06-3",
    "公开06表 公用经费合计",
    Severity.ERROR,
    "公用经费合计 = 302 + 307 + 310 + 399",
)
def t06_3(ctx, rule):
    stated = ctx.z("06", "public_total")
    computed = decimal_sum(ctx.v("06", c) for c in PUBLIC_CLASSES)
    yield rule.equal(
        stated,
        computed,
        4,
        f"公开06表 公用经费合计 {stated} ≠ 302、307、310、399 之和 {computed}",
        "t06",
    )


@rule(
    "T07-2",
    "公开07表 政府性基金收支平衡",
    Severity.ERROR,
    "合计行：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余（各科目行为警告）",
)
def t07_2(ctx, rule):
    findings = []
    for key in ["total", *ctx.codes("07")]:
        sources = ctx.z("07", key, "opening") + ctx.z("07", key, "income")
        uses = ctx.z("07", key, "ex_total") + ctx.z("07", key, "closing")
        f = rule.equal(
            sources,
            uses,
            2,
            f"公开07表 {row_label(key)}：年初结转和结余 + 本年收入 {sources} ≠ "
            f"本年支出 + 年末结转和结余 {uses}",
            "t07",
        )
        if f.failed and key != "total":
            # Per-code balances may legitimately move between codes; only 合计 must hold.
            f = rule.failed(f.message, "t07", Severity.WARNING)
        findings.append(f)
    return collect(rule, findings, "公开07表收支平衡", "t07")


@rule(
    "T09-1",
    "公开09表 “三公”经费合计",
    Severity.ERROR,
    "预算数、决算数各自：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
)
def t09_1(ctx, rule):
    for block, label in (("budget", "预算数"), ("actual", "决算数")):
        stated = ctx.z("09", "row", f"{block}_total")
        computed = decimal_sum(
            ctx.v("09", "row", f"{block}_{k}")
            for k in ("abroad", "vehicle_total", "reception")
        )
        yield rule.equal(
            stated,
            computed,
            3,
            f"公开09表 {label}合计 {stated} ≠ 三项之和 {computed}",
            "t09",
        )


@rule(
    "T09-2",
    "公开09表 公务用车小计",
    Severity.ERROR,
    "预算数、决算数各自：公务用车购置及运行费 = 购置费 + 运行费",
)
def t09_2(ctx, rule):
    for block, label in (("budget", "预算数"), ("actual", "决算数")):
        stated = ctx.z("09", "row", f"{block}_vehicle_total")
        computed = ctx.z("09", "row", f"{block}_vehicle_purchase") + ctx.z(
            "09", "row", f"{block}_vehicle_operation"
        )
        yield rule.equal(
            stated,
            computed,
            2,
            f"公开09表 {label}公务用车购置及运行费 {stated} ≠ 购置费 + 运行费 {computed}",
            "t09",
        )


T10_VEHICLES = (
    "vehicles_ministerial",
    "vehicles_leader",
    "vehicles_confidential",
    "vehicles_emergency",
    "vehicles_law_enforcement",
    "vehicles_special",
    "vehicles_retired_cadre",
    "vehicles_other",
)


@rule("T10-1", "公开10表 车辆数合计", Severity.ERROR, "车辆数合计 = 8 类车辆之和")
def t10_1(ctx, rule):
    stated = ctx.z("10", "vehicles_total")
    computed = sum(ctx.z("10", k) for k in T10_VEHICLES)
    if stated == computed:
        yield rule.passed(f"公开10表 车辆数合计 {stated}", "t10")
    else:
        yield rule.failed(
            f"公开10表 车辆数合计 {stated} ≠ 各类车辆之和 {computed}", "t10"
        )


@rule(
    "ALL-1",
    "金额不为负数",
    Severity.WARNING,
    "结转结余、结余分配出现负数时提示核实（其余金额由数据库约束保证非负）",
)
def all_1(ctx, rule):
    balances = ctx.data.balances
    if balances is None:
        yield rule.insufficient("未填报结转结余", "facts:balances")
        return
    labels = {
        "opening_total": "年初结转和结余",
        "closing_total": "年末结转和结余",
        "surplus_distribution": "结余分配",
    }
    negatives = [
        f"{label} {getattr(balances, name)}"
        for name, label in labels.items()
        if getattr(balances, name) < 0
    ]
    if negatives:
        yield rule.failed(
            f"以下金额为负数，请核实：{'、'.join(negatives)}", "facts:balances"
        )
    else:
        yield rule.passed("结转结余均不为负数", "facts:balances")

"""Between-table rules (domain.md §3.3): the heart of 审核, where separately entered facts meet."""

from reporting.money import ZERO, decimal_sum
from reporting.rules import Severity, collect, rule

INCOME_COLUMNS = (
    ("in_sup", "superior_grant", "上级补助收入"),
    ("in_biz", "business", "事业收入"),
    ("in_op", "operating", "经营收入"),
    ("in_aff", "affiliate", "附属单位上缴收入"),
    ("in_oth", "other", "其他收入"),
)


@rule(
    "X-01",
    "公开01表与公开02表 本年收入合计一致",
    Severity.ERROR,
    "公开01表 本年收入合计 = 公开02表 合计 本年收入合计",
)
def x01(ctx, rule):
    a, b = ctx.z("01", "in_total"), ctx.z("02", "total", "total")
    yield rule.equal(a, b, 1, f"公开01表 本年收入合计 {a} ≠ 公开02表 合计 {b}", "t02")


@rule(
    "X-02",
    "财政拨款收入一致",
    Severity.ERROR,
    "公开01表 三项财政拨款收入之和 = 公开02表 合计 财政拨款收入",
)
def x02(ctx, rule):
    a = decimal_sum(ctx.v("01", k) for k in ("in_gpb", "in_gf", "in_soe"))
    b = ctx.z("02", "total", "fiscal")
    yield rule.equal(
        a, b, 3, f"公开01表 财政拨款收入 {a} ≠ 公开02表 财政拨款收入 {b}", "t02"
    )


@rule(
    "X-03",
    "其他各项收入一致",
    Severity.ERROR,
    "公开01表 上级补助、事业、经营、附属单位上缴、其他收入 = 公开02表 对应列",
)
def x03(ctx, rule):
    findings = [
        rule.equal(
            ctx.z("01", row),
            ctx.z("02", "total", col),
            1,
            f"{label}：公开01表 {ctx.z('01', row)} ≠ 公开02表 {ctx.z('02', 'total', col)}",
            "t02",
        )
        for row, col, label in INCOME_COLUMNS
    ]
    return collect(rule, findings, "公开01表与公开02表各项收入一致", "t02")


@rule(
    "X-04",
    "公开01表与公开03表 本年支出合计一致",
    Severity.ERROR,
    "公开01表 本年支出合计 = 公开03表 合计 本年支出合计",
)
def x04(ctx, rule):
    a, b = ctx.z("01", "ex_total"), ctx.z("03", "total", "total")
    yield rule.equal(a, b, 1, f"公开01表 本年支出合计 {a} ≠ 公开03表 合计 {b}", "t03")


@rule(
    "X-05",
    "各类支出在公开01表与公开03表一致",
    Severity.ERROR,
    "每一类：公开01表 该类支出 = 公开03表 该类 本年支出合计",
)
def x05(ctx, rule):
    findings = []
    for key in ctx.class_rows("01"):
        code = key.split(":", 1)[1]
        a, b = ctx.z("01", key), ctx.z("03", code, "total")
        findings.append(
            rule.equal(a, b, 1, f"{code} 类：公开01表 {a} ≠ 公开03表 {b}", "t03")
        )
    return collect(rule, findings, "各类支出在公开01表与公开03表一致", "t03")


@rule(
    "X-06",
    "财政拨款收入在公开04表与公开01表一致",
    Severity.ERROR,
    "公开04表 三项财政拨款收入 = 公开01表 一至三项收入",
)
def x06(ctx, rule):
    pairs = (
        ("in_general", "in_gpb", "一般公共预算"),
        ("in_gov_fund", "in_gf", "政府性基金"),
        ("in_state_capital", "in_soe", "国有资本经营"),
    )
    findings = [
        rule.equal(
            ctx.z("04", a),
            ctx.z("01", b),
            1,
            f"{label}财政拨款收入：公开04表 {ctx.z('04', a)} ≠ 公开01表 {ctx.z('01', b)}",
            "t04",
        )
        for a, b, label in pairs
    ]
    return collect(rule, findings, "公开04表与公开01表财政拨款收入一致", "t04")


@rule(
    "X-07",
    "公开04表 本年收入合计与公开02表一致",
    Severity.ERROR,
    "公开04表 本年收入合计 = 公开02表 合计 财政拨款收入",
)
def x07(ctx, rule):
    a, b = ctx.z("04", "in_total"), ctx.z("02", "total", "fiscal")
    yield rule.equal(
        a, b, 1, f"公开04表 本年收入合计 {a} ≠ 公开02表 财政拨款收入 {b}", "t04"
    )


@rule(
    "X-08",
    "一般公共预算财政拨款支出在公开04表与公开05表一致",
    Severity.ERROR,
    "公开04表 本年支出合计（一般公共预算）= 公开05表 合计",
)
def x08(ctx, rule):
    a, b = ctx.z("04", "ex_total", "general"), ctx.z("05", "total", "total")
    yield rule.equal(
        a, b, 1, f"一般公共预算财政拨款支出：公开04表 {a} ≠ 公开05表 合计 {b}", "t05"
    )


@rule(
    "X-09",
    "各类一般公共预算财政拨款支出在公开04表与公开05表一致",
    Severity.ERROR,
    "每一类：公开04表 一般公共预算列 = 公开05表 该类合计",
)
def x09(ctx, rule):
    findings = []
    for key in ctx.class_rows("04"):
        code = key.split(":", 1)[1]
        a, b = ctx.z("04", key, "general"), ctx.z("05", code, "total")
        findings.append(
            rule.equal(a, b, 1, f"{code} 类：公开04表 {a} ≠ 公开05表 {b}", "t05")
        )
    return collect(rule, findings, "各类一般公共预算财政拨款支出一致", "t05")


@rule(
    "X-10",
    "政府性基金在公开04表与公开07表一致",
    Severity.ERROR,
    "公开04表 政府性基金列的收入、年初、支出、年末 = 公开07表 合计对应列",
)
def x10(ctx, rule):
    pairs = [
        (ctx.z("04", "in_gov_fund"), ctx.z("07", "total", "income"), "本年收入"),
        (
            ctx.z("04", "open_gov_fund"),
            ctx.z("07", "total", "opening"),
            "年初结转和结余",
        ),
        (
            ctx.z("04", "ex_total", "gov_fund"),
            ctx.z("07", "total", "ex_total"),
            "本年支出",
        ),
        (
            ctx.z("04", "close_total", "gov_fund"),
            ctx.z("07", "total", "closing"),
            "年末结转和结余",
        ),
    ]
    findings = [
        rule.equal(a, b, 1, f"政府性基金{label}：公开04表 {a} ≠ 公开07表 {b}", "t07")
        for a, b, label in pairs
    ]
    for key in ctx.class_rows("04"):
        code = key.split(":", 1)[1]
        a, b = ctx.z("04", key, "gov_fund"), ctx.z("07", code, "ex_total")
        findings.append(
            rule.equal(
                a, b, 1, f"{code} 类政府性基金支出：公开04表 {a} ≠ 公开07表 {b}", "t07"
            )
        )
    return collect(rule, findings, "政府性基金收支在公开04表与公开07表一致", "t07")


@rule(
    "X-11",
    "国有资本经营在公开04表与公开08表一致",
    Severity.ERROR,
    "公开04表 国有资本经营列 = 公开08表 合计及各类",
)
def x11(ctx, rule):
    a, b = ctx.z("04", "ex_total", "state_capital"), ctx.z("08", "total", "total")
    findings = [
        rule.equal(
            a, b, 1, f"国有资本经营支出：公开04表 {a} ≠ 公开08表 合计 {b}", "t08"
        )
    ]
    for key in ctx.class_rows("04"):
        code = key.split(":", 1)[1]
        a, b = ctx.z("04", key, "state_capital"), ctx.z("08", code, "total")
        findings.append(
            rule.equal(
                a,
                b,
                1,
                f"{code} 类国有资本经营支出：公开04表 {a} ≠ 公开08表 {b}",
                "t08",
            )
        )
    return collect(rule, findings, "国有资本经营支出一致", "t08")


@rule(
    "X-12",
    "财政拨款不超过全部资金",
    Severity.ERROR,
    "每一类：公开04表 财政拨款支出 ≤ 公开01表 该类支出；财政拨款年初、年末结转和结余 ≤ 全部结转和结余",
)
def x12(ctx, rule):
    findings = []
    for key in ctx.class_rows("04"):
        code = key.split(":", 1)[1]
        fiscal, whole = ctx.z("04", key, "total"), ctx.z("01", key)
        findings.append(
            rule.at_most(
                fiscal,
                whole,
                1,
                f"{code} 类：公开04表 财政拨款支出 {fiscal} > 公开01表 全部支出 {whole}",
                "grid:fiscal-general",
            )
        )
    if ctx.v("01", "in_begin") is None:
        return [
            rule.insufficient("未填报年初、年末结转和结余", "facts:balances"),
            *collect(rule, findings, "各类财政拨款支出均在全部支出之内", "t04"),
        ]
    else:
        for fiscal, whole, label in (
            (ctx.z("04", "open_total"), ctx.z("01", "in_begin"), "年初"),
            (ctx.z("04", "close_total", "total"), ctx.z("01", "ex_end"), "年末"),
        ):
            findings.append(
                rule.at_most(
                    fiscal,
                    whole,
                    1,
                    f"{label}财政拨款结转和结余 {fiscal}（公开04表）> {label}结转和结余 {whole}（公开01表）",
                    "facts:balances",
                )
            )
    return collect(rule, findings, "财政拨款均在全部资金之内", "t04")


@rule(
    "X-13",
    "一般公共预算财政拨款支出不超过同科目全部支出",
    Severity.ERROR,
    "每个科目：公开05表 基本支出 ≤ 公开03表 基本支出；项目支出同理",
)
def x13(ctx, rule):
    findings = []
    columns = [
        (label, ctx.t("05").column_values(col), ctx.t("03").column_values(col))
        for col, label in (("basic", "基本支出"), ("project", "项目支出"))
    ]
    for code in ctx.codes("05"):
        for label, general, whole_table in columns:
            part, whole = general.get(code), whole_table.get(code)
            part = ZERO if part is None else part
            whole = ZERO if whole is None else whole
            if part <= whole:
                continue  # a pass: only the notable findings are kept
            findings.append(
                rule.at_most(
                    part,
                    whole,
                    1,
                    f"{code}：公开05表 {label} {part} > 公开03表 {label} {whole}",
                    "grid:expenditure",
                )
            )
    return collect(rule, findings, "公开05表各科目均不超过公开03表", "t05")


@rule(
    "X-14",
    "一般公共预算财政拨款基本支出与经济分类明细一致",
    Severity.ERROR,
    "公开05表 合计 基本支出 = 公开06表 人员经费合计 + 公用经费合计",
)
def x14(ctx, rule):
    basic = ctx.z("05", "total", "basic")
    detail = ctx.z("06", "personnel_total") + ctx.z("06", "public_total")
    yield rule.equal(
        basic,
        detail,
        2,
        f"一般公共预算财政拨款基本支出：公开05表 合计 {basic} ≠ 公开06表 人员经费 + 公用经费 {detail}",
        "grid:basic",
    )


THREE_PUBLIC_LINES = (
    ("30212", "actual_abroad", "因公出国（境）费用"),
    ("30217", "actual_reception", "公务接待费"),
    ("30231", "actual_vehicle_operation", "公务用车运行维护费"),
    ("31013", "actual_vehicle_purchase", "公务用车购置"),
)


@rule(
    "X-16",
    "基本支出中的“三公”科目不超过“三公”决算数",
    Severity.ERROR,
    "公开06表 30212、30217、30231、31013 ≤ 公开09表 对应决算数（基本支出只是“三公”的一部分）",
)
def x16(ctx, rule):
    if ctx.data.three_public is None:
        yield rule.insufficient("未填报“三公”经费", "facts:three_public")
        return
    findings = []
    for code, col, label in THREE_PUBLIC_LINES:
        part, whole = ctx.z("06", code), ctx.z("09", "row", col)
        findings.append(
            rule.at_most(
                part,
                whole,
                1,
                f"{label}：公开06表 {code} {part} > 公开09表 决算数 {whole}",
                "facts:three_public",
            )
        )
    yield from collect(
        rule, findings, "基本支出中的“三公”科目均不超过“三公”决算数", "t09"
    )


@rule(
    "X-17",
    "“三公”经费不超过财政拨款支出",
    Severity.ERROR,
    "公开09表 决算数合计 ≤ 公开04表 本年支出合计",
)
def x17(ctx, rule):
    if ctx.data.three_public is None:
        yield rule.insufficient("未填报“三公”经费", "facts:three_public")
        return
    part, whole = ctx.z("09", "row", "actual_total"), ctx.z("04", "ex_total", "total")
    yield rule.at_most(
        part,
        whole,
        1,
        f"“三公”经费决算数 {part}（公开09表）> 财政拨款本年支出 {whole}（公开04表）",
        "facts:three_public",
    )


@rule(
    "X-18",
    "公务用车与资产占用一致",
    Severity.WARNING,
    "有公务用车运行维护费或年末保有公务用车时，公开10表 车辆数合计 ≥ 年末保有量",
)
def x18(ctx, rule):
    tp = ctx.data.three_public
    if tp is None:
        yield rule.insufficient("未填报“三公”经费", "facts:three_public")
        return
    held = tp.vehicles_held
    vehicles = ctx.z("10", "vehicles_total")
    needed = max(held, 1 if tp.actual_vehicle_operation > 0 else 0)
    if vehicles >= needed:
        yield rule.passed(f"公开10表 车辆数合计 {vehicles}，年末保有 {held} 辆", "t10")
    elif held:
        yield rule.failed(
            f"年末公务用车保有 {held} 辆，但公开10表 车辆数合计为 {vehicles}",
            "facts:assets",
        )
    else:
        yield rule.failed(
            f"公务用车运行维护费决算数 {tp.actual_vehicle_operation}（公开09表）大于 0，"
            f"但年末保有量为 0 且公开10表 车辆数合计为 {vehicles}",
            "facts:assets",
        )


@rule(
    "X-19",
    "上年年末结转和结余等于本年年初",
    Severity.WARNING,
    "上年 公开01表 年末结转和结余 = 本年 年初结转和结余（年初数可能经调整，故为警告）",
)
def x19(ctx, rule):
    opening = ctx.v("01", "in_begin")
    if ctx.prior_tables is not None:
        last_close, source = (
            ctx.prior_tables["01"].value("ex_end", "amount", None),
            "上年决算公开01表",
        )
    else:
        last_close, source = ctx.data.prior_figures.get("closing_total"), "上年比较数"
    if opening is None or last_close is None:
        yield rule.insufficient("缺少本年年初或上年年末结转和结余", "facts:balances")
        return
    yield rule.equal(
        opening,
        last_close,
        0,
        f"本年年初结转和结余 {opening} ≠ {source} 年末结转和结余 {last_close}",
        "facts:balances",
    )


@rule(
    "X-15",
    "政府性基金、国有资本经营各表同时为零或同时有数",
    Severity.ERROR,
    "公开07表全为零 ⇔ 公开04表政府性基金列全为零 ⇔ 政府性基金收入为零；国有资本经营同理",
)
def x15(ctx, rule):
    def all_zero(values):
        return all((v or ZERO) == 0 for v in values)

    checks = [
        (
            "政府性基金",
            "07",
            "gov_fund",
            "in_gf",
            ("opening", "income", "ex_total", "closing"),
        ),
        ("国有资本经营", "08", "state_capital", "in_soe", ("total",)),
    ]
    findings = []
    for label, table, column, income_row, cols in checks:
        table_zero = all_zero(ctx.v(table, "total", c) for c in cols)
        t04_zero = all_zero(
            ctx.v("04", key, column)
            for key in [*ctx.class_rows("04"), "ex_total", "close_total"]
        ) and all_zero([ctx.v("04", f"in_{column}"), ctx.v("04", f"open_{column}")])
        income_zero = ctx.z("01", income_row) == 0
        if table_zero == t04_zero and (income_zero or not table_zero):
            continue
        findings.append(
            rule.failed(
                f"{label}：公开{table}表{'全为零' if table_zero else '有数'}，公开04表{label}列"
                f"{'全为零' if t04_zero else '有数'}，公开01表{label}收入{'为零' if income_zero else '有数'}",
                f"t{table}",
            )
        )
    return collect(rule, findings, "政府性基金、国有资本经营各表一致", "t04")

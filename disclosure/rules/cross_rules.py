"""Between-table rules (domain.md §3.3): the heart of 审核, where separately entered facts meet.

Tables built from the same figure agree by construction (X-01 … X-11, X-15
are guarantees, tested as properties of the builders). These rules compare
figures entered separately: 财政拨款 spending against all spending, 基本支出
by 功能分类 against its 经济分类 breakdown, the “三公” figures against the
spending and the assets, this year's opening balance against last year's
closing one.

Which of them a 预算 gets: X-12 and X-14 compare amounts of any kind (a
预算's 财政拨款 is part of all its funds as a 决算's is) and run on both.
The others read what only a 决算 has: “三公” 决算数 (X-16, X-17), year-end
vehicles (X-18), last year's closing balance (X-19); X-13 is the general
fund's part of B-3, which a 预算 gets for every fund (budget_rules.py).
"""

from disclosure.rules.context import FINAL_ONLY
from reporting.money import ZERO, decimal_sum
from reporting.rules import Severity, collect, rule


@rule(
    "X-12",
    "财政拨款不超过全部资金",
    Severity.ERROR,
    "每一类：财政拨款支出 ≤ 该类全部支出；财政拨款年初、年末结转和结余 ≤ 全部结转和结余",
    tables=("summary", "fiscal_summary"),
)
def x12(ctx, rule):
    f = ctx.figures
    fiscal_table, whole_table = ctx.where("fiscal_summary"), ctx.where("summary")
    whole_by_class = f["expenditure_by_class"]
    findings = []
    for code, per_fund in sorted(f["fiscal_by_class_and_fund"].items()):
        fiscal = decimal_sum(per_fund.values())
        whole = whole_by_class.get(code, ZERO)
        findings.append(
            rule.at_most(
                fiscal,
                whole,
                1,
                f"{code} 类：{fiscal_table} 财政拨款支出 {fiscal} > "
                f"{whole_table} 全部支出 {whole}",
                "grid:fiscal-general",
            )
        )
    anchor = ctx.anchor("fiscal_summary")
    if f["opening_total"] is None:
        return [
            rule.insufficient(
                f"未填报{ctx.opening_word}、{ctx.closing_word}", "facts:balances"
            ),
            *collect(rule, findings, "各类财政拨款支出均在全部支出之内", anchor),
        ]
    for fiscal, whole, label in (
        (f["fiscal_opening_total"], f["opening_total"], ctx.opening_word),
        (f["fiscal_closing_total"], f.amount("closing_total"), ctx.closing_word),
    ):
        findings.append(
            rule.at_most(
                fiscal,
                whole,
                1,
                f"财政拨款{label} {fiscal}（{fiscal_table}）> "
                f"{label} {whole}（{whole_table}）",
                "facts:balances",
            )
        )
    return collect(rule, findings, "财政拨款均在全部资金之内", anchor)


@rule(
    "X-13",
    "一般公共预算财政拨款支出不超过同科目全部支出",
    Severity.ERROR,
    "每个科目：一般公共预算财政拨款基本支出 ≤ 该科目全部基本支出；项目支出同理",
    tables=("general_budget", "expenditure"),
    kinds=FINAL_ONLY,
)
def x13(ctx, rule):
    part_table, whole_table = ctx.where("general_budget"), ctx.where("expenditure")
    findings = spending_within_by_code(
        rule,
        ctx.figures["general_budget_by_code"],
        ctx.figures["expenditure_by_code"],
        lambda code, label, part, whole: (
            f"{code}：{part_table} {label} {part} > {whole_table} {label} {whole}"
        ),
    )
    return collect(
        rule,
        findings,
        f"{part_table}各科目均不超过{whole_table}",
        ctx.anchor("general_budget"),
    )


def spending_within_by_code(rule, parts: dict, wholes: dict, message) -> list:
    """Per code, 基本支出 and 项目支出 of `parts` at most those of `wholes` (the 支出表's).

    `message(code, label, part, whole)` words a finding; only notable ones are kept.
    """
    findings = []
    for code, values in sorted(parts.items()):
        whole_values = wholes.get(code, {})
        for column, label in (("basic", "基本支出"), ("project", "项目支出")):
            part, whole = values[column], whole_values.get(column, ZERO)
            if part <= whole:
                continue
            findings.append(
                rule.at_most(
                    part,
                    whole,
                    1,
                    message(code, label, part, whole),
                    "grid:expenditure",
                )
            )
    return findings


@rule(
    "X-14",
    "一般公共预算财政拨款基本支出与经济分类明细一致",
    Severity.ERROR,
    "按功能分类的一般公共预算财政拨款基本支出合计 = 按经济分类的人员经费合计 + 公用经费合计",
    tables=("general_budget", "basic_by_economic_class"),
)
def x14(ctx, rule):
    basic = ctx.figures["general_budget_by_kind"]["basic"]
    detail = ctx.figures["basic_total"]
    yield rule.equal(
        basic,
        detail,
        2,
        f"一般公共预算财政拨款基本支出：{ctx.where('general_budget')} 合计 {basic} ≠ "
        f"{ctx.where('basic_by_economic_class')} 人员经费 + 公用经费 {detail}",
        "grid:basic",
    )


THREE_PUBLIC_LINES = (
    ("30212", "abroad", "因公出国（境）费用"),
    ("30217", "reception", "公务接待费"),
    ("30231", "vehicle_operation", "公务用车运行维护费"),
    ("31013", "vehicle_purchase", "公务用车购置"),
)


@rule(
    "X-16",
    "基本支出中的“三公”科目不超过“三公”决算数",
    Severity.ERROR,
    "基本支出的 30212、30217、30231、31013 ≤ “三公”经费对应决算数（基本支出只是“三公”的一部分）",
    tables=("basic_by_economic_class", "three_public"),
    kinds=FINAL_ONLY,
)
def x16(ctx, rule):
    yield from three_public_lines_within(
        ctx, rule, "actual", "决算数", "未填报“三公”经费"
    )


def three_public_lines_within(ctx, rule, block: str, word: str, missing: str):
    """基本支出's “三公” 款 at most the item's figure of `block` ("actual" / "budget")."""
    three_public = ctx.figures["three_public"]
    if three_public is None:
        yield rule.insufficient(missing, "facts:three_public")
        return
    basic = ctx.figures["basic_by_economic_code"]
    part_table, whole_table = (
        ctx.where("basic_by_economic_class"),
        ctx.where("three_public"),
    )
    findings = []
    for code, item, label in THREE_PUBLIC_LINES:
        part, whole = basic.get(code, ZERO), three_public[f"{block}_{item}"]
        findings.append(
            rule.at_most(
                part,
                whole,
                1,
                f"{label}：{part_table} {code} {part} > {whole_table} {word} {whole}",
                "facts:three_public",
            )
        )
    yield from collect(
        rule,
        findings,
        f"基本支出中的“三公”科目均不超过“三公”{word}",
        ctx.anchor("three_public"),
    )


@rule(
    "X-17",
    "“三公”经费不超过财政拨款支出",
    Severity.ERROR,
    "“三公”经费决算数合计 ≤ 财政拨款本年支出合计",
    tables=("three_public", "fiscal_summary"),
    kinds=FINAL_ONLY,
)
def x17(ctx, rule):
    yield from three_public_within_fiscal(
        ctx, rule, "actual", "决算数", "未填报“三公”经费"
    )


def three_public_within_fiscal(ctx, rule, block: str, word: str, missing: str):
    """The “三公” total of `block` ("actual" / "budget") at most the 财政拨款 spending."""
    three_public = ctx.figures["three_public"]
    if three_public is None:
        yield rule.insufficient(missing, "facts:three_public")
        return
    part = three_public[f"{block}_total"]
    whole = ctx.figures["fiscal_expenditure_total"]
    yield rule.at_most(
        part,
        whole,
        1,
        f"“三公”经费{word} {part}（{ctx.where('three_public')}）> "
        f"财政拨款本年支出 {whole}（{ctx.where('fiscal_summary')}）",
        "facts:three_public",
    )


@rule(
    "X-18",
    "公务用车与资产占用一致",
    Severity.WARNING,
    "有公务用车运行维护费或年末保有公务用车时，国有资产占用的车辆数合计 ≥ 年末保有量",
    tables=("assets",),
    kinds=FINAL_ONLY,
)
def x18(ctx, rule):
    tp = ctx.data.three_public
    if tp is None:
        yield rule.insufficient("未填报“三公”经费", "facts:three_public")
        return
    held = tp.vehicles_held
    vehicles = ctx.figures["vehicles_total"] or 0
    counted = ctx.cite("assets", "车辆数合计")
    operation = ctx.figures["three_public"]["actual_vehicle_operation"]
    needed = max(held, 1 if operation > 0 else 0)
    if vehicles >= needed:
        yield rule.passed(
            f"{counted} {vehicles}，年末保有 {held} 辆", ctx.anchor("assets")
        )
    elif held:
        yield rule.failed(
            f"年末公务用车保有 {held} 辆，但{counted}为 {vehicles}", "facts:assets"
        )
    else:
        where = ctx.where("three_public")
        yield rule.failed(
            f"公务用车运行维护费决算数 {operation}"
            + (f"（{where}）" if where else "")
            + f"大于 0，但年末保有量为 0 且{counted}为 {vehicles}",
            "facts:assets",
        )


@rule(
    "X-19",
    "上年年末结转和结余等于本年年初",
    Severity.WARNING,
    "上年决算 年末结转和结余 = 本年 年初结转和结余（年初数可能经调整，故为警告）",
    tables=("summary",),
    kinds=FINAL_ONLY,
)
def x19(ctx, rule):
    opening = ctx.figures["opening_total"]
    if ctx.prior_figures is not None:
        last_close, source = ctx.prior_figures["closing_total"], "上年决算"
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

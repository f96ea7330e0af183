"""预算 rules (B-*): the balances and cross-table relations of a 预算, in its words.

A 预算 stores its figures in the 决算's facts, read as budget amounts
(disclosure/models/facts.py): income lines by source, spending lines by kind,
财政拨款 lines per fund, 基本支出 by 经济分类, “三公” 全年预算数, the
上年结转 (Balances.opening_total) and 结转下年 (Balances.closing_total).
Its tables are the 决算's builders (tables/definitions/jiangxi_2023_budget.py),
so what holds by construction for a 决算 holds for a 预算 too: the
收入总表's 合计 is the 收支总表's 本年收入 and the 一般公共预算支出表
is the general fund's lines (guarantees.py, tested for every template). What
these rules check is what separately entered facts can break:

* B-1, B-2: what comes in (本年收入 + 上年结转) against what goes out
  (本年支出 + 结转下年), in all and per 财政拨款 fund; B-4 per fund and
  function code, where the 预算 allocates its appropriations.
* B-3: the 财政拨款 lines of every fund within the 支出总表, per code.
* B-5, B-6: the “三公” 预算数 against the 基本支出 by 经济分类 and the
  财政拨款 spending. As for the 决算 (X-16), a “三公” item may be paid from
  项目支出 too, so the 基本支出's 30212, 30217, 30231 and 31013 are at most
  the item's 预算数, not equal to it.
* B-7: the funds of the 预算's performance-target projects within its
  项目支出. A 预算 listing no project passes: the 预算绩效情况说明 may
  say that none is set, and there is then nothing to add up.

X-12, X-14 and the rules on facts any report has (ALL-1, N6-*, N7-1, H-*)
run on a 预算 as well; the rules reading what only a 决算 has are marked
for 决算 only (kinds=FINAL_ONLY in their modules).
"""

from disclosure.rules.context import BUDGET_ONLY
from disclosure.rules.cross_rules import (
    spending_within_by_code,
    three_public_lines_within,
    three_public_within_fiscal,
)
from disclosure.rules.table_rules import FUND_GRIDS, FUND_LABELS
from reporting.money import decimal_sum
from reporting.rules import Severity, collect, rule, terms


@rule(
    "B-1",
    "收支预算平衡",
    Severity.ERROR,
    "收入总计（本年收入合计 + 上年结转）= 支出总计（本年支出合计 + 结转下年）",
    tables=("summary",),
    kinds=BUDGET_ONLY,
)
def b1(ctx, rule):
    f = ctx.figures
    income, spending = f["income_total"], f["expenditure_total"]
    opening, closing = f.amount("opening_total"), f.amount("closing_total")
    where = ctx.where("summary")
    yield rule.equal(
        income + opening,
        spending + closing,
        2,
        f"{where} 收入总计 {income + opening}（本年收入合计 {income} + 上年结转 "
        f"{opening}）≠ 支出总计 {spending + closing}（本年支出合计 {spending} + "
        f"结转下年 {closing}）",
        ctx.anchor("summary"),
    )


@rule(
    "B-2",
    "每项财政拨款收支预算平衡",
    Severity.ERROR,
    "对每项财政拨款：本年收入（收入表的该项拨款收入）+ 上年结转 = 本年支出（财政拨款支出）"
    "+ 结转下年",
    tables=("fiscal_summary",),
    kinds=BUDGET_ONLY,
)
def b2(ctx, rule):
    f = ctx.figures
    income, opening = f["fiscal_income_by_fund"], f["fiscal_opening_by_fund"]
    spending, closing = f["fiscal_expenditure_by_fund"], f["fiscal_closing_by_fund"]
    where = ctx.where("fiscal_summary")
    findings = [
        rule.equal(
            income[fund] + opening[fund],
            spending[fund] + closing[fund],
            2,
            f"{label}：{where} 本年收入 {income[fund]} + 上年结转 {opening[fund]} ≠ "
            f"本年支出 {spending[fund]} + 结转下年 {closing[fund]}",
            FUND_GRIDS[fund],
        )
        for fund, label in FUND_LABELS.items()
    ]
    return collect(
        rule, findings, "三项财政拨款各自收支平衡", ctx.anchor("fiscal_summary")
    )


@rule(
    "B-3",
    "财政拨款支出不超过同科目全部支出",
    Severity.ERROR,
    "每个功能分类科目：三项财政拨款的基本支出合计 ≤ 支出总表该科目基本支出；项目支出同理",
    tables=("fiscal_summary", "expenditure"),
    kinds=BUDGET_ONLY,
)
def b3(ctx, rule):
    part_table, whole_table = ctx.where("fiscal_summary"), ctx.where("expenditure")
    findings = spending_within_by_code(
        rule,
        ctx.figures["fiscal_by_code"],
        ctx.figures["expenditure_by_code"],
        lambda code, label, part, whole: (
            f"{code}：{part_table} 财政拨款{label} {part} > "
            f"{whole_table} {label} {whole}"
        ),
    )
    return collect(
        rule,
        findings,
        f"各科目财政拨款支出均不超过{whole_table}",
        ctx.anchor("expenditure"),
    )


@rule(
    "B-4",
    "财政拨款按科目收支平衡",
    Severity.WARNING,
    "对每项财政拨款的每个功能分类科目：收入表的拨款收入 + 上年结转 = 财政拨款支出 + 结转下年"
    "（预算按科目安排拨款；科目间调剂须核实）",
    tables=("income", "fiscal_summary"),
    kinds=BUDGET_ONLY,
)
def b4(ctx, rule):
    where = ctx.where("income")
    findings = []
    by_fund = ctx.figures["fiscal_balance_by_fund_and_code"]
    for fund, label in FUND_LABELS.items():
        for code, v in sorted(by_fund[fund].items()):
            sources, uses = v["income"] + v["opening"], v["expenditure"] + v["closing"]
            if sources == uses:
                continue  # a pass: only the notable findings are kept
            findings.append(
                rule.equal(
                    sources,
                    uses,
                    2,
                    f"{label} {code}：{where} 拨款收入 {v['income']} + 上年结转 "
                    f"{v['opening']} ≠ 支出 {v['expenditure']} + 结转下年 "
                    f"{v['closing']}",
                    FUND_GRIDS[fund],
                )
            )
    return collect(rule, findings, "各科目财政拨款收支平衡", ctx.anchor("income"))


@rule(
    "B-5",
    "基本支出中的“三公”科目不超过“三公”预算数",
    Severity.ERROR,
    "基本支出的 30212、30217、30231、31013 ≤ “三公”经费对应预算数（“三公”也可由项目支出安排，"
    "故不要求相等）",
    tables=("basic_by_economic_class", "three_public"),
    kinds=BUDGET_ONLY,
)
def b5(ctx, rule):
    yield from three_public_lines_within(
        ctx, rule, "budget", "预算数", "未填报“三公”经费预算"
    )


@rule(
    "B-6",
    "“三公”经费预算不超过财政拨款支出",
    Severity.ERROR,
    "“三公”经费预算数合计 ≤ 财政拨款本年支出合计",
    tables=("three_public", "fiscal_summary"),
    kinds=BUDGET_ONLY,
)
def b6(ctx, rule):
    yield from three_public_within_fiscal(
        ctx, rule, "budget", "预算数", "未填报“三公”经费预算"
    )


@rule(
    "B-7",
    "绩效目标项目资金不超过项目支出",
    Severity.ERROR,
    "设定绩效目标的项目的年初预算资金（当年财政拨款 + 上年结转 + 其他资金）之和 ≤ "
    "本年项目支出合计；未列项目时通过",
    sections=("budget_performance",),
    kinds=BUDGET_ONLY,
)
def b7(ctx, rule):
    projects = list(getattr(ctx.data, "performance", None) or ())
    if not projects:
        yield rule.passed("未列设定绩效目标的项目", "performance")
        return
    funds = [p.initial_total for p in projects]
    covered = decimal_sum(funds)
    spending = ctx.figures["expenditure_by_kind"]["project"]
    yield rule.at_most(
        covered,
        spending,
        terms(funds),
        f"{len(projects)} 个绩效目标项目的年初预算资金合计 {covered} > "
        f"{ctx.cite('expenditure', '项目支出合计')} {spending}",
        "performance",
    )

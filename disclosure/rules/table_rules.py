"""Within-table rules (domain.md §3.2) that entered facts can break: the balances.

A table's totals, subtotals and code hierarchy are sums the builders compute
from the same facts as their parts, so they cannot disagree; they are listed
as guarantees (guarantees.py) and tested as properties of the builders. What
remains are the identities between separately entered facts: what came in
(income lines, opening balances) against what went out (spending lines,
closing balances).

The balances are worded as a 决算 prints them (年初结转和结余, 年末结转和结余)
and are for 决算 only: a 预算's own balances (上年结转, 结转下年) are
checked by B-1 and B-2 (budget_rules.py) in its words. ALL-1 reads any
report, in its own words.
"""

from disclosure.rules.context import FINAL_ONLY
from reporting.money import ZERO
from reporting.rules import Severity, collect, rule

FUND_LABELS = {
    "general": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
}
# The 财政拨款 entry grid of each fund, where its balances are entered.
FUND_GRIDS = {
    "general": "grid:fiscal-general",
    "gov_fund": "grid:fiscal-gov-fund",
    "state_capital": "grid:fiscal-state-capital",
}


@rule(
    "T01-5",
    "收入总计等于支出总计",
    Severity.ERROR,
    "收入总计 = 支出总计（年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余）",
    tables=("summary",),
    kinds=FINAL_ONLY,
)
def t01_5(ctx, rule):
    income = ctx.figures["income_grand_total"]
    spending = ctx.figures["expenditure_grand_total"]
    yield rule.equal(
        income,
        spending,
        1,
        f"{ctx.where('summary')} 收入总计 {income} ≠ 支出总计 {spending}",
        ctx.anchor("summary"),
    )


@rule(
    "T04-7",
    "财政拨款收支总计相等",
    Severity.ERROR,
    "财政拨款收入总计 = 财政拨款支出总计",
    tables=("fiscal_summary",),
    kinds=FINAL_ONLY,
)
def t04_7(ctx, rule):
    income = ctx.figures["fiscal_income_grand_total"]
    spending = ctx.figures["fiscal_expenditure_grand_total"]
    yield rule.equal(
        income,
        spending,
        1,
        f"{ctx.where('fiscal_summary')} 收入总计 {income} ≠ 支出总计 {spending}",
        ctx.anchor("fiscal_summary"),
    )


@rule(
    "T04-8",
    "每项财政拨款收支平衡",
    Severity.ERROR,
    "对每项财政拨款：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余",
    tables=("fiscal_summary",),
    kinds=FINAL_ONLY,
)
def t04_8(ctx, rule):
    f = ctx.figures
    income, opening = f["fiscal_income_by_fund"], f["fiscal_opening_by_fund"]
    spending, closing = f["fiscal_expenditure_by_fund"], f["fiscal_closing_by_fund"]
    where = ctx.where("fiscal_summary")
    findings = []
    for fund, label in FUND_LABELS.items():
        sources = income[fund] + opening[fund]
        uses = spending[fund] + closing[fund]
        finding = rule.equal(
            sources,
            uses,
            2,
            f"{label}：{where} 本年收入 {income[fund]} + 年初结转和结余 "
            f"{opening[fund]} = {sources} ≠ 本年支出 {spending[fund]} + "
            f"年末结转和结余 {closing[fund]} = {uses}",
            FUND_GRIDS[fund],
        )
        findings.append(finding)
    return collect(
        rule, findings, "三项财政拨款各自收支平衡", ctx.anchor("fiscal_summary")
    )


@rule(
    "T07-2",
    "政府性基金收支平衡",
    Severity.ERROR,
    "合计行：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余（各科目行为警告）",
    tables=("gov_fund",),
    kinds=FINAL_ONLY,
)
def t07_2(ctx, rule):
    f = ctx.figures
    where, anchor = ctx.where("gov_fund"), ctx.anchor("gov_fund")
    total = {
        "opening": f["fiscal_opening_by_fund"]["gov_fund"],
        "income": f["fiscal_income_by_fund"]["gov_fund"],
        "expenditure": f["fiscal_expenditure_by_fund"]["gov_fund"],
        "closing": f["fiscal_closing_by_fund"]["gov_fund"],
    }
    by_code = f["gov_fund_by_code"]
    findings = []
    for code, values in [("", total), *sorted(by_code.items())]:
        sources = values["opening"] + values["income"]
        uses = values["expenditure"] + values["closing"]
        if sources == uses:
            continue  # a pass: only the notable findings are kept
        label = f"{code} 行" if code else "合计"
        finding = rule.equal(
            sources,
            uses,
            2,
            f"{where} {label}：年初结转和结余 + 本年收入 {sources} ≠ "
            f"本年支出 + 年末结转和结余 {uses}",
            anchor,
        )
        if finding.failed and code:
            # Per-code balances may legitimately move between codes; only 合计 must hold.
            finding = rule.failed(finding.message, anchor, Severity.WARNING)
        findings.append(finding)
    return collect(rule, findings, f"{where}收支平衡", anchor)


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
        "opening_total": ctx.opening_word,
        "closing_total": ctx.closing_word,
        "surplus_distribution": "结余分配",
    }
    negatives = [
        f"{label} {getattr(balances, name)}"
        for name, label in labels.items()
        if getattr(balances, name) < ZERO
    ]
    if negatives:
        yield rule.failed(
            f"以下金额为负数，请核实：{'、'.join(negatives)}", "facts:balances"
        )
    else:
        yield rule.passed("结转结余均不为负数", "facts:balances")

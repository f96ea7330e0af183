"""部门决算 rules: the composition, the eliminations, the internal transfers left.

A department's figures are its units' approved reports summed, less the
eliminations (抵消) its accountant records (disclosure/consolidation.py);
that the sum is right holds by construction (guarantee C-4). What can be
wrong is what was chosen: a unit without an approved report, an elimination
larger than what the unit's own report holds at that code, an internal
transfer nobody eliminated. These rules apply to 部门决算 only, whatever
the layout of their template, and in the same way to a 部门预算, summed from
its units' 预算: the messages say which.
"""

from collections import defaultdict
from decimal import Decimal

from disclosure.models import ConsolidationMember, ExpenditureLine, IncomeLine
from reporting.formatting import format_amount
from reporting.money import UNIT_LABELS, ZERO, decimal_sum
from reporting.rules import Severity, collect, rule

DEPARTMENT = ("department",)
MEMBERS = "facts:members"
ADJUSTMENTS = "facts:adjustments"


def _amount(ctx, value: Decimal) -> str:
    """ "10.00万元": in the department's amount unit, as its tables print it."""
    return format_amount(value, zero="0.00") + UNIT_LABELS[ctx.data.report.amount_unit]


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _kind(ctx) -> str:
    """ "决算" or "预算": what the department and its units publish."""
    return ctx.data.report.kind_word


def _rows(numbers: list[int]) -> str:
    return "抵消第" + "、".join(map(str, numbers)) + "行"


@rule(
    "C-1",
    "汇总的单位决算均已审核",
    Severity.ERROR,
    "部门决算（预算）单位构成有且只有一个本级；本级和每个预算单列单位都有本年度已审核或"
    "已公开的单位决算（预算）",
    levels=DEPARTMENT,
)
def c1(ctx, rule):
    consolidation = ctx.data.consolidation
    members = consolidation.members
    if not members:
        yield rule.failed(f"部门{_kind(ctx)}尚未填写单位构成。", MEMBERS)
        return
    findings = []
    selves = [m for m in members if m.mode == ConsolidationMember.Mode.SELF]
    if len(selves) != 1:
        findings.append(
            rule.failed(
                "部门决算单位构成应有且只有一个本级（主管部门本身），"
                f"现有 {len(selves)} 个。",
                MEMBERS,
            )
        )
    report = ctx.data.report
    year = f"{report.fiscal_year.year} {report.year_word}"
    findings += [
        rule.failed(
            f"“{m.unit_name}”的 {year}单位{_kind(ctx)}尚未审核通过，不能汇总。",
            MEMBERS,
        )
        for m in consolidation.missing()
    ]
    count = len(consolidation.consolidated)
    yield from collect(rule, findings, f"汇总的 {count} 家单位{_kind(ctx)}均已审核")


@rule(
    "C-2",
    "抵消分录有对应的收入和支出",
    Severity.ERROR,
    "每条抵消分录的收入方、支出方都是汇总的单位；收入方单位决算（预算）在该科目的对应收入、"
    "支出方单位决算（预算）在该科目的对应支出，都不小于在此抵消的合计",
    levels=DEPARTMENT,
)
def c2(ctx, rule):
    consolidation = ctx.data.consolidation
    pairs = {p.key: p for p in ctx.template.elimination_pairs}
    consolidated = {m.unit_id: m for m in consolidation.consolidated}
    # (side, unit, code, field) → the amount eliminated there, and by which rows.
    totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    rows: dict[tuple, list[int]] = defaultdict(list)
    findings = []
    for number, adjustment in enumerate(consolidation.adjustments, start=1):
        pair = pairs.get(adjustment.pair)
        if pair is None:
            findings.append(
                rule.failed(
                    f"{_rows([number])}：抵消项目“{adjustment.pair}”不是本模板的抵消项目。",
                    ADJUSTMENTS,
                )
            )
            continue
        for side, unit_id, code, field in (
            ("income", adjustment.income_unit_id, adjustment.income_code, pair.income),
            (
                "expense",
                adjustment.expense_unit_id,
                adjustment.expense_code,
                pair.expense,
            ),
        ):
            if unit_id not in consolidated:
                unit = getattr(adjustment, f"{side}_unit")
                role = "收入方" if side == "income" else "支出方"
                findings.append(
                    rule.failed(
                        f"{_rows([number])}：{role}单位“{unit.name}”不是本部门"
                        f"{_kind(ctx)}汇总的单位（本级或预算单列）。",
                        ADJUSTMENTS,
                    )
                )
                continue
            key = (side, unit_id, code.code, field)
            totals[key] += adjustment.amount
            rows[key].append(number)
    for key, total in totals.items():
        side, unit_id, code, field = key
        name = consolidated[unit_id].unit_name
        data = consolidation.member_data.get(unit_id)
        if data is None:
            # C-1 names the unit; there is nothing here to compare with.
            findings.append(
                rule.insufficient(
                    f"{_rows(rows[key])}：“{name}”尚无已审核的单位{_kind(ctx)}，"
                    "无法核对。",
                    ADJUSTMENTS,
                )
            )
            continue
        model = IncomeLine if side == "income" else ExpenditureLine
        lines = data.income_lines if side == "income" else data.expenditure_lines
        held = decimal_sum(
            getattr(line, field) for line in lines if line.function_code.code == code
        )
        if held < total:
            findings.append(
                rule.failed(
                    f"{_rows(rows[key])}：{name} {code} {_label(model, field)} "
                    f"{_amount(ctx, held)}，不足抵消 {_amount(ctx, total)}。",
                    ADJUSTMENTS,
                )
            )
    if not consolidation.adjustments:
        yield rule.passed("没有抵消分录", ADJUSTMENTS)
        return
    yield from collect(rule, findings, "每条抵消分录都有对应的收入和支出", ADJUSTMENTS)


@rule(
    "C-3",
    "部门内部往来已抵消",
    Severity.WARNING,
    "汇总后仍同时有上级补助收入和对附属单位补助支出（或附属单位上缴收入和上缴上级支出）时，"
    "列出尚未抵消的单位和金额：部门内部的往来应抵消，来自部门以外的须说明",
    levels=DEPARTMENT,
)
def c3(ctx, rule):
    consolidation = ctx.data.consolidation
    members = consolidation.consolidated
    findings = []
    for pair in ctx.template.elimination_pairs:
        income = decimal_sum(getattr(x, pair.income) for x in ctx.data.income_lines)
        spent = decimal_sum(
            getattr(x, pair.expense) for x in ctx.data.expenditure_lines
        )
        # Over-eliminated (negative) amounts are C-2's to name.
        if income <= 0 or spent <= 0:
            continue
        eliminated: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
        for adjustment in consolidation.adjustments:
            if adjustment.pair == pair.key:
                eliminated["income", adjustment.income_unit_id] += adjustment.amount
                eliminated["expense", adjustment.expense_unit_id] += adjustment.amount
        sides = []
        for side, model, field in (
            ("income", IncomeLine, pair.income),
            ("expense", ExpenditureLine, pair.expense),
        ):
            label = _label(model, field)
            held = []
            for member in members:
                data = consolidation.member_data.get(member.unit_id)
                if data is None:
                    continue
                lines = (
                    data.income_lines if side == "income" else data.expenditure_lines
                )
                left = (
                    decimal_sum(getattr(x, field) for x in lines)
                    - eliminated[side, member.unit_id]
                )
                if left > 0:
                    held.append(f"{member.unit_name} {label}尚余 {_amount(ctx, left)}")
            sides.append("、".join(held))
        findings.append(
            rule.failed(
                f"汇总后{_label(IncomeLine, pair.income)} {_amount(ctx, income)}、"
                f"{_label(ExpenditureLine, pair.expense)} {_amount(ctx, spent)} "
                f"均不为零，部门内部往来可能未抵消：{'；'.join(s for s in sides if s)}。"
                "部门内部的往来请录入抵消分录；来自部门以外的，请说明。",
                ADJUSTMENTS,
            )
        )
    yield from collect(rule, findings, "没有未抵消的部门内部往来", ADJUSTMENTS)

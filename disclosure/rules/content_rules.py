"""Rules on facts behind the narrative (domain.md §3.4) and on free text (text hygiene).

N5-4 counts “三公” 决算数 and R-1 the reasons the 决算 情况说明 asks for
(changes, completion of the 年初预算): 决算 only. The others read facts a
预算 has too (机关运行经费, 政府采购, free text) and run on any report whose
template prints what they need.
"""

import re

from disclosure.rules.context import FINAL_ONLY
from reporting.rules import Severity, collect, rule

UNRESOLVED = re.compile(
    r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）|"
    r"增加\(减少\)|大于\(小于\)|XXX|XX%|xx%|××"
)
DOUBLED = re.compile(r"([。，、；：！？])\1+")


@rule(
    "N5-4",
    "“三公”经费的数量与金额相符",
    Severity.ERROR,
    "购置费 > 0 ⇒ 购置辆数 ≥ 1；出国费 > 0 ⇒ 团组、人次 ≥ 1；接待费 > 0 ⇒ 批次、人次 ≥ 1；"
    "有数量而无金额为警告",
    sections=("three_public",),
    kinds=FINAL_ONLY,
)
def n5_4(ctx, rule):
    tp = ctx.data.three_public
    if tp is None:
        yield rule.insufficient("未填报“三公”经费", "facts:three_public")
        return
    # Amounts from the figures: a sub-row left blank counts as zero there.
    amounts = ctx.figures["three_public"]
    pairs = [
        (
            amounts["actual_vehicle_purchase"],
            [("购置公务用车辆数", tp.vehicles_purchased)],
            "公务用车购置费",
        ),
        (
            amounts["actual_abroad"],
            [
                ("因公出国（境）团组数", tp.abroad_groups),
                ("因公出国（境）人次", tp.abroad_people),
            ],
            "因公出国（境）费",
        ),
        (
            amounts["actual_reception"],
            [
                ("国内公务接待批次", tp.reception_batches),
                ("国内公务接待人次", tp.reception_people),
            ],
            "公务接待费",
        ),
    ]
    findings = []
    for amount, counts, label in pairs:
        for count_label, count in counts:
            if amount > 0 and count == 0:
                findings.append(
                    rule.failed(
                        f"{label}决算数 {amount} 大于 0，但{count_label}为 0",
                        "facts:three_public",
                    )
                )
            elif amount == 0 and count > 0:
                findings.append(
                    rule.failed(
                        f"{count_label}为 {count}，但{label}决算数为 0",
                        "facts:three_public",
                        Severity.WARNING,
                    )
                )
    yield from collect(rule, findings, "“三公”经费数量与金额相符", "facts:three_public")


@rule(
    "N6-1",
    "机关运行经费与单位性质相符",
    Severity.ERROR,
    "只有行政单位和参照公务员法管理事业单位填报机关运行经费金额；其他单位使用“无机关运行经费”的表述",
    sections=("operating",),
)
def n6_1(ctx, rule):
    unit = ctx.data.unit
    expense = ctx.data.operating_expense
    if unit.has_operating_expense and expense is None:
        yield rule.failed(
            f"{unit.get_unit_type_display()}应填报机关运行经费（可为 0）",
            "facts:operating_expense",
        )
    elif not unit.has_operating_expense and expense is not None and expense.amount > 0:
        yield rule.failed(
            f"{unit.get_unit_type_display()}不是行政单位或参公单位，不应填报机关运行经费 "
            f"{expense.amount}",
            "facts:operating_expense",
        )
    else:
        yield rule.passed("机关运行经费与单位性质相符", "facts:operating_expense")


@rule(
    "N6-2",
    "机关运行经费不超过公用经费",
    Severity.WARNING,
    "机关运行经费 ≤ 一般公共预算财政拨款基本支出中的公用经费合计",
    sections=("operating",),
    tables=("basic_by_economic_class",),
)
def n6_2(ctx, rule):
    expense = ctx.data.operating_expense
    if expense is None:
        yield rule.passed("未填报机关运行经费", "facts:operating_expense")
        return
    public = ctx.figures["public_costs"]
    yield rule.at_most(
        expense.amount,
        public,
        1,
        f"机关运行经费 {expense.amount} > "
        f"{ctx.cite('basic_by_economic_class', '公用经费合计')} {public}",
        "facts:operating_expense",
    )


@rule(
    "N7-1",
    "政府采购金额关系",
    Severity.ERROR,
    "各类授予中小企业合同金额 ≤ 该类采购金额；小微企业 ≤ 中小企业合计",
    sections=("procurement",),
)
def n7(ctx, rule):
    p = ctx.data.procurement
    if p is None:
        yield rule.insufficient("未填报政府采购情况", "facts:procurement")
        return
    findings = [
        rule.at_most(
            p.sme_goods,
            p.goods,
            1,
            f"货物采购授予中小企业 {p.sme_goods} > 货物支出 {p.goods}",
            "facts:procurement",
        ),
        rule.at_most(
            p.sme_works,
            p.works,
            1,
            f"工程采购授予中小企业 {p.sme_works} > 工程支出 {p.works}",
            "facts:procurement",
        ),
        rule.at_most(
            p.sme_services,
            p.services,
            1,
            f"服务采购授予中小企业 {p.sme_services} > 服务支出 {p.services}",
            "facts:procurement",
        ),
        rule.at_most(
            p.small_micro,
            p.sme_total,
            1,
            f"授予小微企业 {p.small_micro} > 授予中小企业 {p.sme_total}",
            "facts:procurement",
        ),
    ]
    yield from collect(rule, findings, "政府采购金额关系正确", "facts:procurement")


def free_texts(data):
    """Every free text an accountant wrote, with a label saying where it is."""
    texts = [(f"原因说明 {key}", text) for key, text in sorted(data.reasons.items())]
    if data.profile is not None:
        texts.append(("单位主要职责", data.profile.duties))
        texts.extend(("内设机构", body.name) for body in data.profile.bodies.all())
    return texts


@rule(
    "H-1",
    "没有未选定的模板用语",
    Severity.ERROR,
    "文字中不得出现“增加（减少）”“大于（小于）”“XXX”“XX%”等未选定的模板用语",
)
def h1(ctx, rule):
    findings = [
        rule.failed(f"{where}含有未选定的模板用语“{match.group(0)}”", "facts:reasons")
        for where, text in free_texts(ctx.data)
        for match in [UNRESOLVED.search(text or "")]
        if match
    ]
    yield from collect(rule, findings, "文字中没有未选定的模板用语", "facts:reasons")


@rule("H-5", "没有重复的标点", Severity.ERROR, "文字中不得出现“。。”“，，”等重复标点")
def h5(ctx, rule):
    findings = [
        rule.failed(f"{where}含有重复标点“{match.group(0)}”", "facts:reasons")
        for where, text in free_texts(ctx.data)
        for match in [DOUBLED.search(text or "")]
        if match
    ]
    yield from collect(rule, findings, "文字中没有重复标点", "facts:reasons")


@rule(
    "R-1",
    "变动原因已说明",
    Severity.ERROR,
    "情况说明中每一处需要说明原因的增减变化、预算完成差异都已填写原因",
    kinds=FINAL_ONLY,
)
def r1(ctx, rule):
    if ctx.narrative is None:
        yield rule.insufficient("未生成情况说明", "facts:reasons")
        return
    findings = [
        rule.failed(f"缺少原因说明：{where}", f"reason:{key}")
        for key, where in ctx.narrative.missing_reasons
    ]
    yield from collect(rule, findings, "所有需要的原因说明均已填写", "facts:reasons")

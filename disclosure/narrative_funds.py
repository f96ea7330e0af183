"""Sections of 情况说明 that layouts other than 江西 2022 write.

收入支出决算总体情况, 财政拨款收入支出决算总体情况, 一般公共预算财政拨款
支出 (measured against its budget), its 项目支出, and the 政府性基金 and
国有资本经营 sections. Like every section they read the report's figures by
name; the phrases are the narrative's Writer's (disclosure/narrative.py).
"""

from disclosure.figures import FUND_KEYS
from disclosure.models import Fund
from disclosure.reason_labels import CLASS_REASON_PREFIXES, REASON_LABELS
from reporting.formatting import chinese_ordinal
from reporting.money import ZERO


def fund_section_writers(w, figures, data, prior) -> dict:
    return {
        "overall": lambda: _overall(w, figures, prior),
        "fiscal_overall": lambda: _fiscal_overall(w, figures, prior),
        "general_budget": lambda: _general_budget(w, figures, data),
        "general_project": lambda: _general_project(w, figures, data),
        "gov_fund": lambda: _fund(w, figures, Fund.GOV_FUND, "政府性基金预算"),
        "state_capital": lambda: _fund(
            w, figures, Fund.STATE_CAPITAL, "国有资本经营预算"
        ),
    }


def _overall(w, f, prior) -> tuple[str, ...]:
    grand = f.amount("income_grand_total")
    previous = prior.get("income_grand_total", "income_grand_total")
    change = w.change(grand, previous)
    head = f"{w.subject}{w.year}年度收入、支出总计均为{w.money(grand)}" + (
        f"，{change}" if change else ""
    )
    return (
        head
        + w.reason(
            "grand_total",
            REASON_LABELS["grand_total"],
            required=previous is not None and grand != previous,
            sentence=head,
        )
        + "。",
    )


def _fiscal_overall(w, f, prior) -> tuple[str, ...]:
    income = f.amount("fiscal_income")
    spending = f.amount("fiscal_expenditure_total")
    opening = sum(f["fiscal_opening_by_fund"].values(), ZERO)
    closing = sum(f["fiscal_closing_by_fund"].values(), ZERO)
    previous = prior.get("fiscal_expenditure", "fiscal_expenditure_total")
    change = w.change(spending, previous)
    head = (
        f"{w.subject}{w.year}年度财政拨款收入{w.money(income)}，年初财政拨款结转和结余"
        f"{w.money(opening)}；财政拨款支出{w.money(spending)}"
        + (f"，{change}" if change else "")
    )
    return (
        head
        + w.reason(
            "fiscal_total",
            REASON_LABELS["fiscal_total"],
            required=previous is not None and spending != previous,
            sentence=head,
        )
        + f"，年末财政拨款结转和结余{w.money(closing)}。",
    )


def _general_budget(w, f, data) -> tuple[str, ...]:
    """一般公共预算财政拨款支出 against its budget, in total and per 类."""
    by_class = f["general_budget_by_class"]
    if not by_class:
        return (f"{w.subject}{w.year}年度无一般公共预算财政拨款支出。",)
    budget = sum((b for b, _ in by_class.values()), ZERO)
    actual = f["fiscal_expenditure_by_fund"][FUND_KEYS[Fund.GENERAL]]
    paragraphs = [
        f"{w.subject}{w.year}年度一般公共预算财政拨款支出"
        f"{w.completion(budget, actual, w.options.budget_word)}。其中："
    ]
    index = 0
    for code in sorted(by_class):
        class_budget, class_actual = by_class[code]
        if class_budget == 0 and class_actual == 0:
            continue
        index += 1
        name = data.function_codes[code].name if code in data.function_codes else code
        head = (
            f"（{chinese_ordinal(index)}）{name}"
            f"{w.completion(class_budget, class_actual, w.options.budget_word)}"
        )
        paragraphs.append(
            head
            + w.reason(
                f"general_class:{code}",
                f"{CLASS_REASON_PREFIXES['general_class']} {name}",
                required=class_budget != class_actual,
                sentence=head,
            )
            + "。"
        )
    return tuple(paragraphs)


def _general_project(w, f, data) -> tuple[str, ...]:
    total = f["general_project_total"]
    if total == 0:
        return (f"{w.subject}{w.year}年度无一般公共预算财政拨款项目支出。",)
    by_class = f["general_project_by_class"]
    items = [
        f"{data.function_codes[code].name if code in data.function_codes else code}"
        f"{w.money(by_class[code])}"
        for code in sorted(by_class)
    ]
    return (
        f"{w.subject}{w.year}年度一般公共预算财政拨款项目支出{w.money(total)}，其中："
        + "；".join(items)
        + "。",
    )


def _fund(w, f, fund: str, name: str) -> tuple[str, ...]:
    key = FUND_KEYS[fund]
    income = f["income_by_source"][key]
    spending = f["fiscal_expenditure_by_fund"][key]
    if income == 0 and spending == 0:
        return (
            f"{w.subject}{w.year}年度无{name}财政拨款收入，也没有使用{name}"
            "财政拨款安排的支出。",
        )
    return (
        f"{w.subject}{w.year}年度{name}财政拨款收入{w.money(income)}，"
        f"{name}财政拨款支出{w.money(spending)}。",
    )

"""The 情况说明 of a 预算: 收支预算, 经费拨款, 基金, 机关运行经费, 采购, 资产, 绩效, “三公”.

A 预算 keeps its figures in the 决算's facts, read as budget amounts
(disclosure/figures.py): 本年收入 and 上年结转 (Balances.opening_total) make
the 收入总计, 本年支出 and 年末结转 the 支出总计, the “三公” budget is the
budget_* block. Last year's figures are last year's 预算 when the system
has it, otherwise the report's stated comparatives, so every change reads
'比2022年预算增加…' and asks for its reason. The wording follows the
江西 and other provinces' 预算 (docs/templates/jiangxi_2023_budget.json);
the phrases are the narrative's Writer's (disclosure/narrative.py).
"""

from decimal import Decimal

from disclosure.figures import ECONOMIC_CLASSES, FUND_KEYS, PERSONNEL_CLASSES
from disclosure.models import AssetHolding, Fund
from disclosure.phrases import ordinal
from disclosure.reason_labels import REASON_LABELS
from reporting.money import ZERO, decimal_sum

# 本年收入 by source, as a 预算 names them (收入总表). The first is always listed.
BUDGET_INCOME_SOURCES = (
    ("general_budget", "一般公共预算拨款"),
    ("gov_fund", "政府性基金预算拨款"),
    ("state_capital", "国有资本经营预算拨款"),
    ("superior_grant", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliate", "附属单位上缴收入"),
    ("other", "其他收入"),
)
# 本年支出 by kind; 基本支出 and 项目支出 are always listed.
BUDGET_SPENDING_KINDS = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("operating", "经营支出"),
    ("to_affiliates", "对附属单位补助支出"),
    ("to_superior", "上缴上级支出"),
)
BUDGET_THREE_PUBLIC_ITEMS = (
    ("abroad", "因公出国（境）费", "three_public_abroad"),
    ("reception", "公务接待费", "three_public_reception"),
    ("vehicle_purchase", "公务用车购置费", "three_public_vehicle_purchase"),
    ("vehicle_operation", "公务用车运行维护费", "three_public_vehicle_operation"),
)
ABSENT = "上年未安排预算"


def budget_section_writers(w, figures, data, prior) -> dict:
    return {
        "budget_income": lambda: _income(w, figures, prior),
        "budget_expenditure": lambda: _expenditure(w, figures, data, prior),
        "budget_fiscal": lambda: _fiscal(w, figures, data),
        "budget_gov_fund": lambda: _gov_fund(w, figures, data),
        "budget_operating": lambda: _operating(w, data, prior),
        "budget_procurement": lambda: _procurement(w, data),
        "budget_assets": lambda: _assets(w, data),
        "budget_performance": lambda: _performance(w, figures, data),
        "budget_three_public": lambda: _three_public(w, figures, data, prior),
    }


def _against_last_year(
    w, what: str, key: str, current: Decimal, previous: Decimal | None
) -> str:
    """'收入总计比2022年预算增加…，增长…，主要原因是：…。', or '' when last year's is unknown."""
    if previous is None:
        return ""
    head = f"{what}{w.change(current, previous, absent=ABSENT, of_budget=True)}"
    reason = w.reason(
        key, REASON_LABELS[key], required=current != previous, sentence=head
    )
    return f"{head}{reason}。"


def _composition(w, items, whole: Decimal) -> str:
    """'一般公共预算拨款302.26万元，占100%；…', each share of `whole`, rounded once."""
    return "；".join(
        f"{label}{w.money(value)}{w.share_clause(value, whole)}"
        for label, value in items
    )


def _class_name(data, code: str) -> str:
    known = data.function_codes.get(code)
    return known.name if known else code


def _income(w, f, prior) -> tuple[str, ...]:
    grand, total = f.amount("income_grand_total"), f.amount("income_total")
    opening = f.amount("opening_total")
    surplus = f.amount("non_fiscal_surplus_used")
    parts = [f"本年收入{w.money(total)}", f"上年结转{w.money(opening)}"]
    if surplus:
        parts.append(f"使用非财政拨款结余{w.money(surplus)}")
    first = f"{w.subject}{w.year}年收入总计{w.money(grand)}，其中：{'，'.join(parts)}。"
    first += _against_last_year(
        w,
        "收入总计",
        "budget_income_grand_total",
        grand,
        prior.get("income_grand_total", "income_grand_total"),
    )
    if total == 0:
        return (first, f"{w.subject}{w.year}年未安排本年收入预算。")
    by_source = f["income_by_source"]
    items = [
        (label, by_source[name])
        for index, (name, label) in enumerate(BUDGET_INCOME_SOURCES)
        if index == 0 or by_source[name]
    ]
    return (first, f"本年收入的具体构成为：{_composition(w, items, total)}。")


def _expenditure(w, f, data, prior) -> tuple[str, ...]:
    grand, total = f.amount("expenditure_grand_total"), f.amount("expenditure_total")
    parts = [f"本年支出{w.money(total)}"]
    for name, label in (
        ("closing_total", "结转下年"),
        ("surplus_distribution", "结余分配"),
    ):
        if f.amount(name):
            parts.append(f"{label}{w.money(f.amount(name))}")
    first = f"{w.subject}{w.year}年支出总计{w.money(grand)}，其中：{'，'.join(parts)}。"
    first += _against_last_year(
        w,
        "本年支出",
        "budget_expenditure_total",
        total,
        prior.get("expenditure_total", "expenditure_total"),
    )
    if total == 0:
        return (first, f"{w.subject}{w.year}年未安排本年支出预算。")
    kinds = f["expenditure_by_kind"]
    items = [
        (label, kinds[name])
        for index, (name, label) in enumerate(BUDGET_SPENDING_KINDS)
        if index < 2 or kinds[name]
    ]
    by_class = f["expenditure_by_class"]
    classes = [
        (_class_name(data, code), by_class[code])
        for code in sorted(by_class)
        if by_class[code]
    ]
    return (
        first,
        f"本年支出的具体构成为：{_composition(w, items, total)}。",
        f"按支出功能分类：{_composition(w, classes, total)}。",
    )


def _fiscal(w, f, data) -> tuple[str, ...]:
    """经费拨款: 财政拨款收入 by fund, 一般公共预算拨款支出 by kind and 类, 人员/公用经费."""
    income = f["fiscal_income"]
    by_fund = f["fiscal_income_by_fund"]
    if income == 0:
        paragraphs = [f"{w.subject}{w.year}年未安排财政拨款收入预算。"]
    else:
        funds = [("一般公共预算拨款", by_fund[FUND_KEYS[Fund.GENERAL]])] + [
            (label, by_fund[FUND_KEYS[fund]])
            for fund, label in (
                (Fund.GOV_FUND, "政府性基金预算拨款"),
                (Fund.STATE_CAPITAL, "国有资本经营预算拨款"),
            )
            if by_fund[FUND_KEYS[fund]]
        ]
        paragraphs = [
            f"{w.subject}{w.year}年财政拨款收入预算{w.money(income)}，其中："
            + "，".join(f"{label}{w.money(value)}" for label, value in funds)
            + "。"
        ]
    opening = f["fiscal_opening_total"]
    if opening:
        paragraphs[0] += f"财政拨款上年结转{w.money(opening)}。"
    general = f["fiscal_expenditure_by_fund"][FUND_KEYS[Fund.GENERAL]]
    if general == 0:
        paragraphs.append(f"{w.subject}{w.year}年无一般公共预算拨款安排的支出。")
        return tuple(paragraphs)
    kinds = f["general_budget_by_kind"]
    items = [("基本支出", kinds["basic"]), ("项目支出", kinds["project"])]
    by_class = f["fiscal_by_class_and_fund"]
    classes = [
        (_class_name(data, code), by_class[code]["general"])
        for code in sorted(by_class)
        if by_class[code]["general"]
    ]
    paragraphs.append(
        f"一般公共预算拨款支出{w.money(general)}，其中：{_composition(w, items, general)}。"
        f"按支出功能分类：{_composition(w, classes, general)}。"
    )
    basic = f["basic_total"]
    if basic:
        paragraphs.append(_personnel_and_public(w, f, basic))
    return tuple(paragraphs)


def _personnel_and_public(w, f, basic: Decimal) -> str:
    """一般公共预算拨款基本支出 as 人员经费 (301, 303) and 公用经费 (every other 类)."""
    by_class = f["basic_by_economic_class"]
    names = dict(ECONOMIC_CLASSES)
    codes = sorted(code for code, value in by_class.items() if value)

    def part(label: str, value: Decimal, members: list[str]) -> str:
        text = f"{label}{w.money(value)}{w.share_clause(value, basic)}"
        if members:
            text += "，包括" + "、".join(
                f"{names.get(code, code)}{w.money(by_class[code])}" for code in members
            )
        return text

    personnel = [code for code in codes if code in PERSONNEL_CLASSES]
    public = [code for code in codes if code not in PERSONNEL_CLASSES]
    return (
        f"一般公共预算拨款基本支出{w.money(basic)}，其中："
        f"{part('人员经费', f['personnel_costs'], personnel)}；"
        f"{part('公用经费', f['public_costs'], public)}。"
    )


def _gov_fund(w, f, data) -> tuple[str, ...]:
    key = FUND_KEYS[Fund.GOV_FUND]
    income = f["income_by_source"][key]
    spending = f["fiscal_expenditure_by_fund"][key]
    paragraphs = []
    if income == 0 and spending == 0:
        paragraphs.append(
            f"{w.subject}{w.year}年无政府性基金预算拨款收入，"
            "也无使用政府性基金预算拨款安排的支出。"
        )
    else:
        by_class = f["fiscal_by_class_and_fund"]
        classes = [
            f"{_class_name(data, code)}{w.money(by_class[code][key])}"
            for code in sorted(by_class)
            if by_class[code][key]
        ]
        text = (
            f"{w.subject}{w.year}年政府性基金预算拨款收入{w.money(income)}，"
            f"政府性基金预算拨款支出{w.money(spending)}"
        )
        text += f"，其中：{'；'.join(classes)}。" if classes else "。"
        paragraphs.append(text)
    state = f["fiscal_expenditure_by_fund"][FUND_KEYS[Fund.STATE_CAPITAL]]
    if state:
        paragraphs.append(
            f"{w.subject}{w.year}年国有资本经营预算拨款支出{w.money(state)}。"
        )
    return tuple(paragraphs)


def _operating(w, data, prior) -> tuple[str, ...]:
    """Only 行政 and 参公 units have 机关运行经费 (as the 决算's section says)."""
    unit = data.unit
    if not unit.has_operating_expense:
        public_welfare = {
            unit.UnitType.PUBLIC_WELFARE_1,
            unit.UnitType.PUBLIC_WELFARE_2,
        }
        if unit.unit_type in public_welfare:
            return (f"{w.subject}为事业单位，无机关运行经费预算。",)
        return (
            f"{w.subject}不是行政单位或参照公务员法管理事业单位，无机关运行经费预算。",
        )
    expense = data.operating_expense
    if expense is None:
        return (f"{w.subject}尚未填报机关运行经费预算。",)
    previous = prior.get("operating_expense", "operating_expense")
    key = "budget_operating_expense"
    head = f"{w.subject}{w.year}年机关运行经费财政拨款预算{w.money(expense.amount)}"
    if previous is None:
        return (f"{head}。",)
    head += f"，{w.change(expense.amount, previous, absent=ABSENT, of_budget=True)}"
    reason = w.reason(
        key, REASON_LABELS[key], required=expense.amount != previous, sentence=head
    )
    return (f"{head}{reason}。",)


def _procurement(w, data) -> tuple[str, ...]:
    p = data.procurement
    if p is None or p.total == 0:
        return (f"{w.subject}{w.year}年未安排政府采购预算。",)
    return (
        f"{w.subject}{w.year}年安排政府采购预算{w.money(p.total)}，其中：政府采购货物预算"
        f"{w.money(p.goods)}，政府采购工程预算{w.money(p.works)}，政府采购服务预算"
        f"{w.money(p.services)}。",
    )


def _assets(w, data) -> tuple[str, ...]:
    """Vehicles and equipment as at the end of last year (the 预算 is drawn up before)."""
    assets = data.assets
    if assets is None:
        return (f"{w.subject}尚未填报国有资产占用情况。",)
    kinds = [
        f"{AssetHolding._meta.get_field(name).verbose_name}{getattr(assets, name)}辆"
        for name in AssetHolding.VEHICLE_FIELDS
        if getattr(assets, name)
    ]
    vehicles = f"共有车辆{assets.vehicles_total}辆"
    if kinds:
        vehicles += f"，其中：{'、'.join(kinds)}"
    return (
        f"截至{w.last_year}年12月31日，{w.subject}{vehicles}；单价100万元（含）以上设备"
        f"（不含车辆）{assets.equipment_over_million}台（套）。",
    )


def _has_targets(project) -> bool:
    """A project has 绩效目标 when its 年度总体目标 or an indicator is written."""
    return bool((project.expected_goals or "").strip()) or bool(
        project.indicators.all()
    )


def _project_funds(project) -> Decimal:
    """A project's budget: its 年初预算数, else its 全年预算数."""
    for value in (project.initial_total, project.annual_total):
        if value is not None:
            return value
    return ZERO


def _performance(w, f, data) -> tuple[str, ...]:
    """How many projects have 绩效目标 and the funds they cover; counted, never typed."""
    spending = f["expenditure_by_kind"]["project"]
    projects = list(data.performance or ())
    if not projects:
        if spending == 0:
            return (f"{w.subject}{w.year}年未安排项目支出预算。",)
        return (
            f"{w.subject}{w.year}年项目支出预算{w.money(spending)}，"
            "未填报项目绩效目标。",
        )
    targeted = [p for p in projects if _has_targets(p)]
    funds = decimal_sum(_project_funds(p) for p in targeted)
    text = (
        f"{w.subject}{w.year}年开展绩效目标管理的项目{len(targeted)}个，"
        f"涉及预算{w.money(funds)}"
    )
    if spending:
        text += f"，占项目支出预算的{w.share(funds, spending)}"
    text += "。"
    untargeted = len(projects) - len(targeted)
    if untargeted:
        text += f"另有{untargeted}个项目未编制绩效目标。"
    elif spending and funds == spending:
        text += f"{w.subject}{w.year}年项目支出均已编制绩效目标。"
    return (text,)


def _three_public(w, f, data, prior) -> tuple[str, ...]:
    """The “三公” budget in total and per item against last year's budget."""
    tp = data.three_public
    if tp is None:
        return (f"{w.subject}尚未填报“三公”经费预算。",)
    figures = f["three_public"]
    total = figures["budget_total"]
    previous = prior.get("three_public_total", "three_public", "budget_total")
    vehicles = _vehicles(tp)
    if w.options.zero_three_public_sentence and not (total or previous):
        return (
            f"{w.subject}{w.year}年未安排财政拨款“三公”经费预算"
            + (f"，{vehicles}" if vehicles else "")
            + "。",
        )
    first = f"{w.subject}{w.year}年财政拨款“三公”经费预算{w.money(total)}"
    if previous is None:
        first += "。"
    else:
        first = _against_last_year(
            w, first + "，", "budget_three_public:total", total, previous
        )
    items = {
        item: _item(
            w, figures, item, label, prior.get(stored, "three_public", f"budget_{item}")
        )
        for item, label, stored in BUDGET_THREE_PUBLIC_ITEMS
    }
    abroad = items["abroad"]
    if tp.abroad_groups or tp.abroad_people:
        abroad += (
            f"，安排因公出国（境）团组{tp.abroad_groups}个，{tp.abroad_people}人次"
        )
    vehicle_line = (
        f"公务用车购置及运行维护费{w.money(figures['budget_vehicle_total'])}，其中："
        f"{items['vehicle_purchase']}；{items['vehicle_operation']}。"
    )
    if vehicles:
        vehicle_line += f"{vehicles}。"
    return (
        first,
        f"{ordinal(1)}{abroad}。",
        f"{ordinal(2)}{items['reception']}。",
        f"{ordinal(3)}{vehicle_line}",
    )


def _item(w, figures, item: str, label: str, previous: Decimal | None) -> str:
    """'公务接待费1.00万元，与2022年预算持平' and its reason, without the final stop."""
    budget = figures[f"budget_{item}"]
    text = f"{label}{w.money(budget)}"
    if previous is None:
        return text
    text += f"，{w.change(budget, previous, absent=ABSENT, of_budget=True)}"
    key = f"budget_three_public:{item}"
    return text + w.reason(
        key, REASON_LABELS[key], required=budget != previous, sentence=text
    )


def _vehicles(tp) -> str:
    """'预算安排购置公务用车1辆，公务用车保有量2辆' from the counts entered ('' for none)."""
    counts = []
    if tp.vehicles_purchased:
        counts.append(f"预算安排购置公务用车{tp.vehicles_purchased}辆")
    if tp.vehicles_held:
        counts.append(f"公务用车保有量{tp.vehicles_held}辆")
    return "，".join(counts)

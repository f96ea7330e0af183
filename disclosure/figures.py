"""The figures of a 决算 report: its named measures, each defined once, computed once from its facts.

    figures = Figures(data)                    # data: ReportData
    figures["income_total"]                    # 本年收入合计
    figures["expenditure_by_kind"]["project"]  # 项目支出
    figures["basic_by_economic_class"]["301"]  # 工资福利支出

The machinery is the engine's (reporting/figures.py). Table builders lay
figures out into rows; the narrative and the headline
figures of comparisons read them by name. A layout (template) decides which
tables print which figures; no reader needs to know. Each definition below
is the only place its arithmetic is written; a figure is computed on first
read and kept, so a report's figures are computed once per document.

Amounts are in the report's own amount unit, exact. A fact group that was
not entered gives None, not a zero (Balances, “三公”, assets): totals over
such figures count them as zero, as the tables do.
"""

from collections import defaultdict
from decimal import Decimal

from disclosure.models import (
    EXPENDITURE_FIELDS,
    INCOME_FIELDS,
    THREE_PUBLIC_ITEMS,
    Fund,
)
from reporting.figures import Figures as BaseFigures
from reporting.figures import Registry
from reporting.hierarchy import column_sums
from reporting.money import ZERO, decimal_sum

# 财政拨款 funds in the order and under the keys the tables use.
FUND_KEYS = {
    Fund.GENERAL: "general",
    Fund.GOV_FUND: "gov_fund",
    Fund.STATE_CAPITAL: "state_capital",
}
FISCAL_INCOME_FIELDS = ("general_budget", "gov_fund", "state_capital")


DEFINITIONS = Registry()
figure = DEFINITIONS.figure


class Figures(BaseFigures):
    """The figures of one 决算 report (its ReportData)."""

    registry = DEFINITIONS


def _field_totals(lines, fields) -> dict[str, Decimal]:
    """Per field, the sum over the lines (blanks skipped)."""
    totals = dict.fromkeys(fields, ZERO)
    for line in lines:
        for name in fields:
            value = getattr(line, name)
            if value is not None:
                totals[name] += value
    return totals


def _by_code(items, fields) -> dict[str, dict[str, Decimal]]:
    """功能分类 code → field → sum, for every 类, 款 and 项 (each with all below it)."""
    _total, sums = column_sums(
        [(code, [values.get(name) for name in fields]) for code, values in items],
        len(fields),
    )
    return {
        code: dict(zip(fields, amounts, strict=True)) for code, amounts in sums.items()
    }


def _balance(f: Figures, name: str) -> Decimal | None:
    balances = f.data.balances
    return None if balances is None else getattr(balances, name)


# -- income (公开01表 left, 02表, 04表 left) ---------------------------------------


@figure("income_by_source", "本年收入（按来源）")
def _income_by_source(f):
    return _field_totals(f.data.income_lines, INCOME_FIELDS)


@figure("income_total", "本年收入合计")
def _income_total(f):
    return decimal_sum(f["income_by_source"].values())


@figure("fiscal_income", "财政拨款收入")
def _fiscal_income(f):
    sources = f["income_by_source"]
    return decimal_sum(sources[name] for name in FISCAL_INCOME_FIELDS)


@figure("non_fiscal_surplus_used", "使用非财政拨款结余")
def _non_fiscal_surplus_used(f):
    return _balance(f, "non_fiscal_surplus_used")


@figure("opening_total", "年初结转和结余")
def _opening_total(f):
    return _balance(f, "opening_total")


@figure("income_grand_total", "收入总计")
def _income_grand_total(f):
    return f["income_total"] + decimal_sum(
        [f["non_fiscal_surplus_used"], f["opening_total"]]
    )


# -- spending (公开01表 right, 03表) --------------------------------------------


@figure("expenditure_by_class", "本年支出（按功能分类类级科目）")
def _expenditure_by_class(f):
    by_class: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in f.data.expenditure_lines:
        by_class[line.function_code.code[:3]] += decimal_sum(
            getattr(line, name) for name in EXPENDITURE_FIELDS
        )
    return dict(by_class)


@figure("expenditure_by_kind", "本年支出（按支出性质）")
def _expenditure_by_kind(f):
    return _field_totals(f.data.expenditure_lines, EXPENDITURE_FIELDS)


@figure("expenditure_total", "本年支出合计")
def _expenditure_total(f):
    return decimal_sum(f["expenditure_by_class"].values())


@figure("expenditure_by_code", "本年支出（按功能分类科目和支出性质）")
def _expenditure_by_code(f):
    """类/款/项 → 基本支出, 项目支出 … (each code with all below it)."""
    items = [
        (
            line.function_code.code,
            {name: getattr(line, name) for name in EXPENDITURE_FIELDS},
        )
        for line in f.data.expenditure_lines
    ]
    return _by_code(items, EXPENDITURE_FIELDS)


@figure("surplus_distribution", "结余分配")
def _surplus_distribution(f):
    return _balance(f, "surplus_distribution")


@figure("closing_total", "年末结转和结余")
def _closing_total(f):
    return _balance(f, "closing_total")


@figure("expenditure_grand_total", "支出总计")
def _expenditure_grand_total(f):
    return f["expenditure_total"] + decimal_sum(
        [f["surplus_distribution"], f["closing_total"]]
    )


# -- 财政拨款 (公开04表, §三) ----------------------------------------------------


@figure("fiscal_by_class_and_fund", "财政拨款本年支出（按类级科目和资金来源）")
def _fiscal_by_class_and_fund(f):
    funds = list(FUND_KEYS.values())
    by_class: dict[str, dict] = defaultdict(lambda: dict.fromkeys(funds, ZERO))
    for line in f.data.fiscal_lines:
        by_class[line.function_code.code[:3]][FUND_KEYS[line.fund]] += (
            line.basic + line.project
        )
    return dict(by_class)


def _per_fund(f: Figures, field: str) -> dict[str, Decimal]:
    totals = dict.fromkeys(FUND_KEYS.values(), ZERO)
    for line in f.data.fiscal_lines:
        totals[FUND_KEYS[line.fund]] += getattr(line, field)
    return totals


@figure("fiscal_opening_by_fund", "年初财政拨款结转和结余（按资金来源）")
def _fiscal_opening_by_fund(f):
    return _per_fund(f, "opening_balance")


@figure("fiscal_closing_by_fund", "年末财政拨款结转和结余（按资金来源）")
def _fiscal_closing_by_fund(f):
    return _per_fund(f, "closing_balance")


@figure("fiscal_expenditure_by_fund", "财政拨款本年支出（按资金来源）")
def _fiscal_expenditure_by_fund(f):
    by_class = f["fiscal_by_class_and_fund"].values()
    return {
        fund: decimal_sum(per_fund[fund] for per_fund in by_class)
        for fund in FUND_KEYS.values()
    }


@figure("fiscal_expenditure_total", "财政拨款本年支出")
def _fiscal_expenditure_total(f):
    return decimal_sum(f["fiscal_expenditure_by_fund"].values())


@figure("fiscal_income_by_fund", "财政拨款收入（按资金来源）")
def _fiscal_income_by_fund(f):
    sources = f["income_by_source"]
    return {
        fund: sources[name]
        for fund, name in zip(FUND_KEYS.values(), FISCAL_INCOME_FIELDS, strict=True)
    }


@figure("fiscal_opening_total", "年初财政拨款结转和结余")
def _fiscal_opening_total(f):
    return decimal_sum(f["fiscal_opening_by_fund"].values())


@figure("fiscal_closing_total", "年末财政拨款结转和结余")
def _fiscal_closing_total(f):
    return decimal_sum(f["fiscal_closing_by_fund"].values())


@figure("fiscal_income_grand_total", "财政拨款收入总计")
def _fiscal_income_grand_total(f):
    return f["fiscal_income"] + f["fiscal_opening_total"]


@figure("fiscal_expenditure_grand_total", "财政拨款支出总计")
def _fiscal_expenditure_grand_total(f):
    return f["fiscal_expenditure_total"] + f["fiscal_closing_total"]


def _fund_lines(f: Figures, fund: str):
    return [line for line in f.data.fiscal_lines if line.fund == fund]


@figure("general_budget_by_kind", "一般公共预算财政拨款本年支出（按支出性质）")
def _general_budget_by_kind(f):
    return _field_totals(_fund_lines(f, Fund.GENERAL), ("basic", "project"))


@figure("general_budget_by_code", "一般公共预算财政拨款本年支出（按功能分类科目）")
def _general_budget_by_code(f):
    """类/款/项 → 基本支出, 项目支出 (each code with all below it)."""
    items = [
        (line.function_code.code, {"basic": line.basic, "project": line.project})
        for line in _fund_lines(f, Fund.GENERAL)
    ]
    return _by_code(items, ("basic", "project"))


GOV_FUND_FIELDS = ("opening", "income", "expenditure", "closing")


@figure("gov_fund_by_code", "政府性基金预算财政拨款收支及结转结余（按功能分类科目）")
def _gov_fund_by_code(f):
    """类/款/项 → 年初结转和结余, 本年收入, 本年支出, 年末结转和结余 (with all below it)."""
    items = [
        (
            line.function_code.code,
            {
                "opening": line.opening_balance,
                "expenditure": line.basic + line.project,
                "closing": line.closing_balance,
            },
        )
        for line in _fund_lines(f, Fund.GOV_FUND)
    ]
    items += [
        (line.function_code.code, {"income": line.gov_fund})
        for line in f.data.income_lines
        if line.gov_fund
    ]
    return _by_code(items, GOV_FUND_FIELDS)


@figure("fiscal_by_code", "财政拨款本年支出（按功能分类科目和支出性质，三项资金合计）")
def _fiscal_by_code(f):
    """类/款/项 → 基本支出, 项目支出 of every fund together (each code with all below it)."""
    items = [
        (line.function_code.code, {"basic": line.basic, "project": line.project})
        for line in f.data.fiscal_lines
    ]
    return _by_code(items, ("basic", "project"))


@figure("fiscal_balance_by_fund_and_code", "财政拨款收支（按资金来源和功能分类科目）")
def _fiscal_balance_by_fund_and_code(f):
    """fund → code as entered → 年初结转, 本年收入, 本年支出, 年末结转."""
    by_fund: dict[str, dict[str, dict[str, Decimal]]] = {
        fund: {} for fund in FUND_KEYS.values()
    }

    def add(fund, code, name, value):
        values = by_fund[fund].setdefault(code, dict.fromkeys(GOV_FUND_FIELDS, ZERO))
        values[name] += value

    for line in f.data.fiscal_lines:
        fund, code = FUND_KEYS[line.fund], line.function_code.code
        add(fund, code, "opening", line.opening_balance)
        add(fund, code, "expenditure", line.basic + line.project)
        add(fund, code, "closing", line.closing_balance)
    for line in f.data.income_lines:
        for fund, name in zip(FUND_KEYS.values(), FISCAL_INCOME_FIELDS, strict=True):
            if getattr(line, name):
                add(fund, line.function_code.code, "income", getattr(line, name))
    return by_fund


@figure("fiscal_budget_by_class", "财政拨款年初预算数与决算数（按类级科目）")
def _fiscal_budget_by_class(f):
    """类 → (年初预算数, 决算数), every fund together: the completion of §三."""
    by_class: dict[str, list[Decimal]] = {}
    for line in f.data.fiscal_lines:
        bucket = by_class.setdefault(line.function_code.code[:3], [ZERO, ZERO])
        bucket[0] += line.budget_initial
        bucket[1] += line.basic + line.project
    return {code: (budget, actual) for code, (budget, actual) in by_class.items()}


@figure(
    "fiscal_budget_by_fund_and_code",
    "财政拨款年初预算数与决算数（按资金来源和功能分类科目）",
)
def _fiscal_budget_by_fund_and_code(f):
    """fund → code → (年初预算数, 决算数): each line's own code, and its 类 with all below it."""
    by_fund: dict[str, dict[str, tuple[Decimal, Decimal]]] = {}
    for line in f.data.fiscal_lines:
        codes = by_fund.setdefault(FUND_KEYS[line.fund], {})
        code = line.function_code.code
        for key in {code[:3], code}:
            budget, actual = codes.get(key, (ZERO, ZERO))
            codes[key] = (
                budget + line.budget_initial,
                actual + line.basic + line.project,
            )
    return by_fund


# -- 基本支出 by 经济分类 (公开06表, §四) -----------------------------------------


@figure("basic_by_economic_code", "一般公共预算财政拨款基本支出（按经济分类科目）")
def _basic_by_economic_code(f):
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in f.data.basic_lines:
        if line.amount:
            amounts[line.economic_code.code] += line.amount
    return dict(amounts)


@figure("basic_by_economic_class", "一般公共预算财政拨款基本支出（按经济分类类级科目）")
def _basic_by_economic_class(f):
    """类 → its own amount and its 款' together."""
    by_class: dict[str, Decimal] = {}
    for code, value in f["basic_by_economic_code"].items():
        by_class[code[:3]] = by_class.get(code[:3], ZERO) + value
    return by_class


@figure("basic_total", "一般公共预算财政拨款基本支出")
def _basic_total(f):
    return decimal_sum(f["basic_by_economic_class"].values())


# The 经济分类 类 of 基本支出, in the order the narrative lists them.
ECONOMIC_CLASSES = (
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("310", "资本性支出"),
    ("399", "其他支出"),
)
# 人员经费 are 工资福利支出 and 对个人和家庭的补助; every other 类 is 公用经费.
PERSONNEL_CLASSES = ("301", "303")


@figure("personnel_costs", "人员经费")
def _personnel_costs(f):
    by_class = f["basic_by_economic_class"]
    return decimal_sum(by_class.get(code) for code in PERSONNEL_CLASSES)


@figure("public_costs", "公用经费")
def _public_costs(f):
    by_class = f["basic_by_economic_class"]
    return decimal_sum(
        value for code, value in by_class.items() if code not in PERSONNEL_CLASSES
    )


# -- “三公”经费 (公开09表, §五) ---------------------------------------------------


@figure("three_public", "财政拨款“三公”经费")
def _three_public(f):
    """{budget|actual}_{item, vehicle_total, total}; None when not entered."""
    facts = f.data.three_public
    if facts is None:
        return None
    values = {}
    for block in ("budget", "actual"):
        # A sub-row left blank counts as zero; three_public_blank names it.
        items = {
            item: getattr(facts, f"{block}_{item}") or ZERO
            for item in THREE_PUBLIC_ITEMS
        }
        vehicles = items["vehicle_purchase"] + items["vehicle_operation"]
        values |= {f"{block}_{item}": value for item, value in items.items()}
        values[f"{block}_vehicle_total"] = vehicles
        values[f"{block}_total"] = items["abroad"] + vehicles + items["reception"]
    return values


@figure("three_public_blank", "“三公”经费中未填写的项目")
def _three_public_blank(f):
    """The {budget|actual}_{item} the unit left blank: printed blank, counted as zero."""
    facts = f.data.three_public
    if facts is None:
        return frozenset()
    return frozenset(
        f"{block}_{item}"
        for block in ("budget", "actual")
        for item in THREE_PUBLIC_ITEMS
        if getattr(facts, f"{block}_{item}") is None
    )


# -- 国有资产占用 (公开10表, §八) -------------------------------------------------


@figure("vehicles_total", "车辆数合计")
def _vehicles_total(f):
    assets = f.data.assets
    return None if assets is None else assets.vehicles_total


@figure("equipment_over_million", "单价100万元（含）以上设备（不含车辆）")
def _equipment_over_million(f):
    assets = f.data.assets
    return None if assets is None else assets.equipment_over_million


# -- 一般公共预算财政拨款 项目支出, 机关运行经费, 政府采购 (regional tables) ----


@figure(
    "general_budget_by_class", "一般公共预算财政拨款年初预算数与决算数（按类级科目）"
)
def _general_budget_by_class(f):
    """类 → (年初预算数, 决算数) of the 一般公共预算 fund alone."""
    by_class: dict[str, list[Decimal]] = {}
    for line in f.data.fiscal_lines:
        if line.fund != Fund.GENERAL:
            continue
        bucket = by_class.setdefault(line.function_code.code[:3], [ZERO, ZERO])
        bucket[0] += line.budget_initial
        bucket[1] += line.basic + line.project
    return {code: (budget, actual) for code, (budget, actual) in by_class.items()}


@figure("general_project_by_class", "一般公共预算财政拨款项目支出（按类级科目）")
def _general_project_by_class(f):
    by_class: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in f.data.fiscal_lines:
        if line.fund == Fund.GENERAL and line.project:
            by_class[line.function_code.code[:3]] += line.project
    return dict(by_class)


@figure("general_project_total", "一般公共预算财政拨款项目支出")
def _general_project_total(f):
    return decimal_sum(f["general_project_by_class"].values())


@figure("operating_expense", "机关运行经费支出")
def _operating_expense(f):
    expense = f.data.operating_expense
    return None if expense is None else expense.amount


@figure("procurement", "政府采购支出")
def _procurement(f):
    """total, goods, works, services, sme_total, small_micro; None when not entered."""
    p = f.data.procurement
    if p is None:
        return None
    return {
        "total": p.total,
        "goods": p.goods,
        "works": p.works,
        "services": p.services,
        "sme_total": p.sme_total,
        "small_micro": p.small_micro,
    }


# -- headline figures (comparisons, frozen with each publication) ------------

# (name, label, is a headcount): the order of the comparison tables.
HEADLINES = (
    ("income_grand_total", "收入总计", False),
    ("income_total", "本年收入合计", False),
    ("fiscal_income", "其中：财政拨款收入", False),
    ("opening_total", "年初结转和结余", False),
    ("expenditure_grand_total", "支出总计", False),
    ("expenditure_total", "本年支出合计", False),
    ("basic", "其中：基本支出", False),
    ("project", "项目支出", False),
    ("fiscal_expenditure", "财政拨款支出", False),
    ("closing_total", "年末结转和结余", False),
    ("three_public_budget", "“三公”经费全年预算数", False),
    ("three_public_actual", "“三公”经费决算数", False),
    ("staff_total", "年末实有人数（人）", True),
    ("staff_in_service", "其中：在职人员（人）", True),
)
AMOUNTS = tuple(name for name, _, is_count in HEADLINES if not is_count)
COUNTS = tuple(name for name, _, is_count in HEADLINES if is_count)


def headline_figures(doc) -> dict[str, Decimal | int | None]:
    """Every headline figure of `doc` (a ReportDocument), in its amount unit."""
    f = doc.figures
    profile = doc.data.profile
    three_public = f["three_public"]
    kinds = f["expenditure_by_kind"]
    return {
        "income_grand_total": f["income_grand_total"],
        "income_total": f["income_total"],
        "fiscal_income": f["fiscal_income"],
        "opening_total": f["opening_total"],
        "expenditure_grand_total": f["expenditure_grand_total"],
        "expenditure_total": f["expenditure_total"],
        "basic": kinds["basic"],
        "project": kinds["project"],
        "fiscal_expenditure": f["fiscal_expenditure_total"],
        "closing_total": f["closing_total"],
        "three_public_budget": None
        if three_public is None
        else three_public["budget_total"],
        "three_public_actual": None
        if three_public is None
        else three_public["actual_total"],
        "staff_total": None if profile is None else profile.staff_total,
        "staff_in_service": None if profile is None else profile.staff_in_service,
    }


def to_stored(figures: dict) -> dict:
    """Amounts as exact decimal strings, for `SnapshotFigures.values`."""
    return {
        name: (str(value) if isinstance(value, Decimal) else value)
        for name, value in figures.items()
    }


def from_stored(values: dict) -> dict[str, Decimal | int | None]:
    figures = {}
    for name in AMOUNTS:
        value = values.get(name)
        figures[name] = None if value is None else Decimal(value)
    for name in COUNTS:
        figures[name] = values.get(name)
    return figures

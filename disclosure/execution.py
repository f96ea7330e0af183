"""预算执行情况: each budget line of a published 决算 beside its final figure.

    result = execution(report)       # or execution(doc), a ReportDocument
    result.rows                      # every row, in the order the page shows them
    result.fiscal_total.rate         # Decimal("124.9"): 完成率, one decimal
    result.summary                   # the sentences at the top of the page

A 决算 holds its budget figures: 财政拨款 年初预算数 per fund and 功能分类
code (`FiscalExpenditureLine.budget_initial`, its 决算数 being 基本支出 +
项目支出; read from the unit's published 预算 of the year when there is one,
disclosure/budgets.py, and named in `budget_source`) and the “三公”经费 全年预算数 beside its 决算数. Rows are the 类
of each fund with each code under it that the fund's lines use (the 项),
then the four “三公” items; a fund's 类, the 项 of a 类 and the “三公” items
are each sorted by how far the 决算数 is from the 预算数 (the absolute
difference), biggest first. Each 类 and “三公” item carries the reason the
决算's 情况说明 states for it (disclosure/narrative.py: `general_class:<类>`
for the 一般公共预算 fund, else `fiscal_class:<类>`; `three_public:<item>:budget`).

Amounts are in the report's amount unit, exact; 完成率 is 决算数 ÷ 预算数,
computed from those exact amounts and rounded once, half up, to one decimal
(`reporting.money.percentage`), None where nothing was budgeted.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from disclosure import budgets
from disclosure.figures import FUND_KEYS, Figures
from disclosure.models import THREE_PUBLIC_ITEMS, Fund, Reason, Report
from disclosure.phrases import amount, clean_reason
from disclosure.selectors import load_report_data
from reporting.money import ZERO, percentage, round_half_up

RATE_PLACES = 1
FISCAL, THREE_PUBLIC, OVERALL = "fiscal", "three_public", "overall"
BUDGET_WORDS = {FISCAL: "年初预算", THREE_PUBLIC: "全年预算", OVERALL: "预算"}
FUND_LABELS = {key: str(Fund(value).label) for value, key in FUND_KEYS.items()}
THREE_PUBLIC_LABELS = {
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
}
# What each kind of row is, for people (the CSV) and for programs (the JSON).
KIND_LABELS = {
    "total": "财政拨款合计",
    "fund": "资金来源合计",
    "class": "类",
    "item": "项",
    "three_public_total": "“三公”经费合计",
    "three_public_item": "“三公”经费",
    "overall_total": "收支合计",
    "overall_item": "收支项目",
}


@dataclass(frozen=True)
class Row:
    """One budget line beside its 决算数."""

    section: str  # FISCAL or THREE_PUBLIC
    kind: str  # a key of KIND_LABELS
    level: int  # indentation: 0 a total, 1 a fund or “三公” item, 2 a 类, 3 a 项
    fund: str  # "general", "gov_fund", "state_capital"; "" for 合计 and “三公”
    fund_label: str
    code: str  # 功能分类 code, or the “三公” item's key
    label: str
    budget: Decimal
    actual: Decimal
    difference: Decimal  # 决算数 − 预算数
    rate: Decimal | None  # 完成率 in %, one decimal; None when nothing was budgeted
    reason: str = ""
    # Bar lengths on the page, in % of the largest amount of the row's section.
    budget_width: int = 0
    actual_width: int = 0

    @property
    def budget_word(self) -> str:
        """年初预算 (财政拨款) or 全年预算 (“三公”经费)."""
        return BUDGET_WORDS[self.section]

    @property
    def no_budget_text(self) -> str:
        """What the page says instead of a rate: 未安排年初预算 / 未安排全年预算."""
        return f"未安排{self.budget_word}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_total(self) -> bool:
        return self.kind in ("total", "fund", "three_public_total")


@dataclass(frozen=True)
class FundBlock:
    """One fund's total and its 类, each followed by its 项."""

    key: str
    label: str
    total: Row
    lines: tuple[Row, ...]

    @property
    def classes(self) -> list[Row]:
        return [row for row in self.lines if row.kind == "class"]


@dataclass(frozen=True)
class Execution:
    report: Report
    title: str
    year: int
    measure: str  # 万元 / 元
    fiscal_total: Row | None  # None when the report has no 财政拨款 line
    funds: tuple[FundBlock, ...]
    three_public_total: Row | None  # None when the “三公” figures were not entered
    three_public: tuple[Row, ...]
    summary: tuple[str, ...]
    # The 预算 the 年初预算数 come from (disclosure/budgets.py); None: the
    # figures the 决算 holds itself.
    budget_source: Report | None = None
    # With a 预算: 收入 by source, 支出 by kind, 机关运行经费 and 政府采购
    # against it (disclosure/execution_overall.py).
    overall: tuple[Row, ...] = ()

    @property
    def fiscal_rows(self) -> list[Row]:
        """合计, then per fund its total, its 类 and their 项."""
        if self.fiscal_total is None:
            return []
        rows = [self.fiscal_total]
        for block in self.funds:
            rows += [block.total, *block.lines]
        return rows

    @property
    def three_public_rows(self) -> list[Row]:
        if self.three_public_total is None:
            return []
        return [self.three_public_total, *self.three_public]

    @property
    def rows(self) -> list[Row]:
        """Every row, in the page's order: 财政拨款, the “三公”经费, then 收支总体."""
        return self.fiscal_rows + self.three_public_rows + list(self.overall)

    @property
    def classes(self) -> list[Row]:
        """Every fund's 类, biggest deviation first."""
        return _by_deviation(row for block in self.funds for row in block.classes)

    @property
    def has_several_funds(self) -> bool:
        return len(self.funds) > 1


def execution(source) -> Execution:
    """The 预算执行情况 of a report, from the Report or its ReportDocument.

    From a Report the facts are loaded in a fixed number of queries (those the
    tables read, and the reasons), whatever the report's size.
    """
    if isinstance(source, Report):
        data = load_report_data(source, tables_only=True)
        data.reasons = dict(
            Reason.objects.filter(report=source).values_list("key", "text")
        )
        figures = Figures(data)
    else:
        data, figures = source.data, source.figures
    report = data.report
    measure = str(report.get_amount_unit_display())
    names = {code: c.name for code, c in data.function_codes.items()}
    for line in data.fiscal_lines:
        names.setdefault(line.function_code.code, line.function_code.name)
    funds = _funds(figures["fiscal_budget_by_fund_and_code"], names, data.reasons)
    fiscal_total = None
    if funds:
        fiscal_total = _row(
            FISCAL,
            "total",
            0,
            sum((b.total.budget for b in funds), ZERO),
            sum((b.total.actual for b in funds), ZERO),
            label=KIND_LABELS["total"],
        )
    three_public_total, three_public = _three_public(
        figures["three_public"], data.reasons
    )
    fiscal_total, funds = _with_bars_fiscal(fiscal_total, funds)
    three_public_total, three_public = _with_bars_three_public(
        three_public_total, three_public
    )
    budget = budgets.budget_report(report)
    overall = ()
    if budget is not None:
        from disclosure.execution_overall import overall_rows

        overall = tuple(_bars(list(overall_rows(figures, budget, _row))))
    result = Execution(
        report=report,
        title=execution_title(report),
        year=data.year,
        measure=measure,
        fiscal_total=fiscal_total,
        funds=tuple(funds),
        three_public_total=three_public_total,
        three_public=tuple(three_public),
        summary=(),
        budget_source=budget,
        overall=overall,
    )
    return replace(result, summary=_summary(result))


def execution_title(report: Report) -> str:
    word = "部门预算执行情况" if report.is_department else "预算执行情况"
    return (
        f"{report.unit.name}{report.fiscal_year.year}年度{word}（年初预算与决算对比）"
    )


# -- rows ------------------------------------------------------------------------


def _row(section, kind, level, budget, actual, **fields) -> Row:
    fields.setdefault("fund", "")
    fields.setdefault("fund_label", "")
    fields.setdefault("code", "")
    return Row(
        section=section,
        kind=kind,
        level=level,
        budget=budget,
        actual=actual,
        difference=actual - budget,
        # From the exact amounts, rounded once.
        rate=percentage(actual, budget, RATE_PLACES),
        **fields,
    )


def _by_deviation(rows) -> list[Row]:
    """Biggest |决算数 − 预算数| first; equal deviations in code order."""
    return sorted(rows, key=lambda row: (-abs(row.difference), row.code))


def _class_reason(fund: str, code: str, reasons: dict[str, str]) -> str:
    """The 情况说明's reason for a 类: its 一般公共预算 slot first, else the 财政拨款 one."""
    keys = [f"fiscal_class:{code}"]
    if fund == FUND_KEYS[Fund.GENERAL]:
        keys.insert(0, f"general_class:{code}")
    return next((text for key in keys if (text := clean_reason(reasons.get(key)))), "")


def _funds(by_fund: dict, names: dict[str, str], reasons: dict) -> list[FundBlock]:
    blocks = []
    for fund in FUND_KEYS.values():
        codes = by_fund.get(fund)
        if not codes:
            continue
        common = {"fund": fund, "fund_label": FUND_LABELS[fund]}
        classes, items_of = [], {}
        for code, (budget, actual) in codes.items():
            if len(code) != 3 or not (budget or actual):
                continue
            row = _row(
                FISCAL,
                "class",
                2,
                budget,
                actual,
                code=code,
                label=names.get(code, code),
                reason=_class_reason(fund, code, reasons),
                **common,
            )
            items = [
                _row(FISCAL, "item", 3, b, a, code=c, label=names.get(c, c), **common)
                for c, (b, a) in codes.items()
                if len(c) > 3 and c[:3] == code and (b or a)
            ]
            classes.append(row)
            items_of[code] = _by_deviation(items)
        if not classes:
            continue
        total = _row(
            FISCAL,
            "fund",
            1,
            sum((row.budget for row in classes), ZERO),
            sum((row.actual for row in classes), ZERO),
            label=FUND_LABELS[fund],
            **common,
        )
        lines = []
        for row in _by_deviation(classes):
            lines += [row, *items_of[row.code]]
        blocks.append(FundBlock(fund, FUND_LABELS[fund], total, tuple(lines)))
    return blocks


def _three_public(figures: dict | None, reasons: dict) -> tuple[Row | None, list]:
    if figures is None:
        return None, []
    items = [
        _row(
            THREE_PUBLIC,
            "three_public_item",
            1,
            figures[f"budget_{item}"],
            figures[f"actual_{item}"],
            code=item,
            label=THREE_PUBLIC_LABELS[item],
            reason=clean_reason(reasons.get(f"three_public:{item}:budget")),
        )
        for item in THREE_PUBLIC_ITEMS
    ]
    total = _row(
        THREE_PUBLIC,
        "three_public_total",
        0,
        figures["budget_total"],
        figures["actual_total"],
        label=KIND_LABELS["three_public_total"],
    )
    return total, _by_deviation(items)


# -- bars ------------------------------------------------------------------------


def _width(value: Decimal, scale: Decimal) -> int:
    """`value` as a whole % of `scale`; at least 1 for any amount above zero."""
    if not scale or value <= 0:
        return 0
    return max(1, int(round_half_up(value * 100 / scale, 0)))


def _bars(rows: list[Row]) -> list[Row]:
    """`rows` with their bar lengths, all on one scale (the section's largest amount)."""
    scale = max((max(r.budget, r.actual) for r in rows), default=ZERO)
    return [
        replace(
            r,
            budget_width=_width(r.budget, scale),
            actual_width=_width(r.actual, scale),
        )
        for r in rows
    ]


def _with_bars_fiscal(total, funds):
    if total is None:
        return None, funds
    rows = _bars([total, *(r for b in funds for r in (b.total, *b.lines))])
    total, rest, blocks = rows[0], iter(rows[1:]), []
    for block in funds:
        fund_total = next(rest)
        lines = tuple(next(rest) for _ in block.lines)
        blocks.append(replace(block, total=fund_total, lines=lines))
    return total, blocks


def _with_bars_three_public(total, items):
    if total is None:
        return None, items
    rows = _bars([total, *items])
    return rows[0], rows[1:]


# -- summary ---------------------------------------------------------------------


def _money(value: Decimal, measure: str) -> str:
    return f"{amount(value)}{measure}"


def _rate_text(value: Decimal) -> str:
    return f"{value}%"


def _outcome(row: Row, measure: str) -> str:
    """'年初预算A万元，决算B万元，完成年初预算的Z%' (or '未安排年初预算，决算B万元')."""
    word = row.budget_word
    if row.rate is None:
        return f"未安排{word}，决算{_money(row.actual, measure)}"
    if not row.actual:
        return f"{word}{_money(row.budget, measure)}，未发生支出"
    return (
        f"{word}{_money(row.budget, measure)}，决算{_money(row.actual, measure)}，"
        f"完成{word}的{_rate_text(row.rate)}"
    )


def _deviation(row: Row, measure: str, with_fund: bool) -> str:
    """'；偏离最大的是…' for the row deviating most from its budget."""
    word = row.budget_word
    name = f"{row.fund_label}中的{row.label}" if with_fund else row.label
    direction = "增加" if row.difference > 0 else "减少"
    text = f"；偏离最大的是{name}，{_outcome(row, measure)}"
    if row.rate is not None and row.actual:
        # Without a budget or without spending, the outcome already says how far.
        text += f"，决算比{word}{direction}{_money(abs(row.difference), measure)}"
    if row.reason:
        text += f"，主要原因是：{row.reason}"
    return text


def _summary(result: Execution) -> tuple[str, ...]:
    measure, year = result.measure, result.year
    sentences = []
    total = result.fiscal_total
    if total is None:
        sentences.append(f"{year}年度无财政拨款支出，也未安排财政拨款年初预算。")
    else:
        text = f"{year}年财政拨款{_outcome(total, measure)}"
        classes = result.classes
        if classes and classes[0].difference:
            text += _deviation(classes[0], measure, result.has_several_funds)
        else:
            text += "；各类级科目的决算均与年初预算一致"
        sentences.append(text + "。")
    tp = result.three_public_total
    if tp is not None and (tp.budget or tp.actual):
        text = f"“三公”经费{_outcome(tp, measure)}"
        if result.three_public[0].difference:
            text += _deviation(result.three_public[0], measure, False)
        sentences.append(text + "。")
    elif tp is not None:
        sentences.append("未安排“三公”经费预算，也未发生“三公”经费支出。")
    return tuple(sentences)

"""审核 rules N9-1 … N9-5 (domain.md §3.4 §九): the self-evaluation against itself,
the published tables and the evaluation report's text.

They read `ctx.data.performance` (the report's projects, loaded once) and the
report's 项目支出 (the figure `expenditure_by_kind`). A report without self-evaluated projects gets "insufficient
data" when it has 项目支出 (the rules cannot judge what was not entered) and a
pass when it has none. A self-evaluation judges a year's execution: they are
for 决算 only (a 预算's performance targets are B-7's).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from disclosure.models import Report
from disclosure.rules.context import FINAL_ONLY
from performance.amounts import amount_text
from performance.models import (
    FUND_SOURCES,
    REPORT_SECTIONS,
    Level1,
    template_sections,
)
from performance.parsing import (
    MONEY_FACTORS,
    comparable,
    format_number,
    in_common_unit,
    in_unit_of,
    measure,
    nfkc,
    unit_kind,
)
from performance.quotes import Quote, breakdowns, match_name, quotes
from performance.scoring import FULL_MARKS
from reporting.money import ZERO, percentage, round_half_up
from reporting.rules import Severity, collect, rule, terms

LOCATION = "performance"
# The rules apply where the template prints the 绩效 part (§九).
PART = ("performance",)

GRADE_PATTERN = (
    r"(?:评价结果|评价等级|评价等次|自评等级|自评结果|综合评价等级|等级|等次)"
    r"(?:为|是|:)\s*[“\"「]?(优秀|优|良好|良|不合格|合格)"
)
GRADE_WORDS = {"优秀": "优", "良好": "良"}
TOTAL_WORDS = (
    "综合评价",
    "综合得分",
    "综合评分",
    "自评总分",
    "自评得分",
    "评价总分",
    "评价得分",
    "绩效得分",
    "最终得分",
    "总得分",
    "总分",
)
EXECUTION_SCORE_WORDS = ("预算执行指标", "预算执行", "资金执行指标", "执行指标")
# Score bands ("得分 90 分及以上", "80 分至 90 分") describe the grading, not a result.
BAND_WORDS = ("及以上", "以上", "以下", "以内", "至", "(含", "不含")
EXECUTED_WORDS = (
    "资金支出",
    "实际支出",
    "累计支出",
    "全年执行数",
    "执行数",
    "支出资金",
    "使用资金",
    "资金使用",
    "已支出",
    "实际使用",
)
BUDGET_WORDS = (
    "全年预算数",
    "年初预算数",
    "预算数",
    "全年预算",
    "年初预算",
    "资金总额",
    "资金收入总计",
    "预算资金",
    "到位资金",
    "资金到位",
    "安排资金",
    "批复资金",
    "下达资金",
)
RATE_WORDS = ("执行率",)


REPORT_UNITS = {Report.AmountUnit.WAN_YUAN: "万元", Report.AmountUnit.YUAN: "元"}


class Money:
    """Amounts of the report's unit (project funds are entered in it), and quotes in any unit."""

    def __init__(self, report):
        self.unit = REPORT_UNITS.get(report.amount_unit, "万元")

    def of(self, number: Decimal, unit: str) -> Decimal:
        """`number` `unit` (元, 万元, 万, 亿元) expressed in the report's unit."""
        return number * MONEY_FACTORS[unit] / MONEY_FACTORS[self.unit]

    def show(self, amount: Decimal) -> str:
        return f"{format_number(amount)} {self.unit}"


def _projects(ctx):
    return list(getattr(ctx.data, "performance", None) or ())


def _project_spending(ctx) -> Decimal:
    return ctx.figures["expenditure_by_kind"]["project"]


def _without_projects(ctx, rule):
    spending = _project_spending(ctx)
    if spending:
        return rule.insufficient(
            f"{ctx.cite('expenditure', '项目支出合计')} {amount_text(spending)}，"
            "但未填报项目支出绩效自评，无法核对",
            LOCATION,
        )
    return rule.passed("本单位无项目支出，无需项目绩效自评", LOCATION)


def _where(project, heading: str = "") -> str:
    return f"“{project.name}”" + (f"评价报告“{heading}”" if heading else "")


def _sections(ctx) -> tuple[tuple[str, str], ...]:
    """The evaluation report sections the report's template has."""
    return template_sections(ctx.data.report.template)


def texts(project, sections=REPORT_SECTIONS) -> list[tuple[str, str]]:
    """(where, text) of every free text of a project that may quote its figures.

    Only the `sections` the template has: text left in another is not published.
    """
    found = [
        (_where(project, heading), getattr(project, field))
        for field, heading in sections
    ]
    found.append((f"“{project.name}”年度总体目标 实际完成情况", project.achieved_goals))
    return [(where, text) for where, text in found if text]


def quoted_texts(ctx, project) -> list[tuple[str, str, list[Quote]]]:
    """(where, text in plain forms, the figures it quotes) of `project`'s free texts."""

    def read():
        written = texts(project, _sections(ctx))
        plain = [(where, nfkc(text)) for where, text in written]
        return [(where, text, quotes(text)) for where, text in plain]

    # Keyed by the object: the check's projects are the same objects throughout.
    return ctx.once(("quoted_texts", id(project)), read)


@rule(
    "N9-1",
    "每个绩效自评项目都有完整的自评表",
    Severity.ERROR,
    "自评项目数按项目计算；每个项目须填报全年预算数和执行数、至少一个绩效指标并全部评分，"
    "填写年度总体目标；评价报告缺少报告模板所列的章节为警告",
    parts=PART,
    kinds=FINAL_ONLY,
)
def n9_1(ctx, rule):
    projects = _projects(ctx)
    if not projects:
        yield _without_projects(ctx, rule)
        return
    # Every section the template has but 六、其他需要说明的问题 (blank reads "无").
    required = [s for s in _sections(ctx) if s[0] != "other_matters"]
    findings = []
    for project in projects:
        where = _where(project)
        if project.annual_total is None or project.annual_total == 0:
            findings.append(rule.failed(f"{where}未填报项目资金的全年预算数", LOCATION))
        if project.executed_total is None:
            findings.append(rule.failed(f"{where}未填报项目资金的全年执行数", LOCATION))
        if project.execution_score is None:
            findings.append(rule.failed(f"{where}的预算执行尚未评分", LOCATION))
        indicators = project.ordered_indicators()
        if not indicators:
            findings.append(rule.failed(f"{where}的自评表没有绩效指标", LOCATION))
        for indicator in indicators:
            if indicator.score is None:
                findings.append(
                    rule.failed(f"{where}的指标“{indicator.name}”尚未评分", LOCATION)
                )
        for field, label in (
            ("expected_goals", "预期目标"),
            ("achieved_goals", "实际完成情况"),
        ):
            if not getattr(project, field).strip():
                findings.append(
                    rule.failed(f"{where}未填写年度总体目标的{label}", LOCATION)
                )
        for field, heading in required:
            if not getattr(project, field).strip():
                findings.append(
                    rule.failed(
                        f"{where}的评价报告缺少“{heading}”",
                        LOCATION,
                        Severity.WARNING,
                    )
                )
    yield from collect(
        rule, findings, f"{len(projects)} 个自评项目均有完整的自评表", LOCATION
    )


@rule(
    "N9-2",
    "绩效自评涉及资金与项目支出相符",
    Severity.ERROR,
    "涉及资金（各项目全年执行数之和）≤ 本年项目支出合计；全年执行数超过全年预算数为警告",
    parts=PART,
    kinds=FINAL_ONLY,
)
def n9_2(ctx, rule):
    projects = _projects(ctx)
    if not projects:
        yield _without_projects(ctx, rule)
        return
    spending = _project_spending(ctx)
    executed = [p.executed_total for p in projects]
    covered = sum((v for v in executed if v is not None), ZERO)
    findings = [
        rule.at_most(
            covered,
            spending,
            terms(executed),
            f"绩效自评涉及资金（全年执行数合计）{amount_text(covered)} 超过"
            f"{ctx.cite('expenditure', '项目支出合计')} {amount_text(spending)}",
            LOCATION,
        )
    ]
    for project in projects:
        budget, spent = project.annual_total, project.executed_total
        if budget and spent is not None and spent > budget:
            findings.append(
                rule.failed(
                    f"{_where(project)}全年执行数 {amount_text(spent)} 超过全年预算数 "
                    f"{amount_text(budget)}"
                    f"（执行率 {project.execution_rate}%）",
                    LOCATION,
                    Severity.WARNING,
                )
            )
    yield from collect(
        rule,
        findings,
        f"涉及资金 {amount_text(covered)} 不超过项目支出 {amount_text(spending)}",
        LOCATION,
    )


@rule(
    "N9-3",
    "自评分值、得分与评价等级一致",
    Severity.ERROR,
    "每个指标都有分值，分值合计（预算执行 + 各指标）= 100；得分低于分值须写明偏差原因；评价报告写明的总分、"
    "各类指标得分和评价等级 = 自评表计算结果",
    parts=PART,
    kinds=FINAL_ONLY,
)
def n9_3(ctx, rule):
    projects = _projects(ctx)
    if not projects:
        yield _without_projects(ctx, rule)
        return
    findings = []
    for project in projects:
        where = _where(project)
        weights = project.weight_total
        if weights != FULL_MARKS:
            indicator_weights = weights - project.execution_weight
            findings.append(
                rule.failed(
                    f"{where}的分值合计为 {format_number(weights)}（预算执行 "
                    f"{format_number(project.execution_weight)} + 绩效指标 "
                    f"{format_number(indicator_weights)}），应为 100",
                    LOCATION,
                )
            )
        for indicator in project.ordered_indicators():
            if indicator.weight is None:
                findings.append(
                    rule.failed(f"{where}的指标“{indicator.name}”未填写分值", LOCATION)
                )
            elif indicator.below_weight and not indicator.deviation_reason.strip():
                findings.append(
                    rule.failed(
                        f"{where}的指标“{indicator.name}”得分 "
                        f"{format_number(indicator.score)} 低于分值 "
                        f"{format_number(indicator.weight)}，缺少偏差原因分析及改进措施",
                        LOCATION,
                    )
                )
        findings.extend(_stated_scores(ctx, rule, project))
    yield from collect(rule, findings, "自评分值、得分与评价等级一致", LOCATION)


def _stated_scores(ctx, rule, project):
    """Totals, category scores and grades the evaluation report states, against the 自评表."""
    total = project.total_score
    scores = {
        str(Level1(level1).label): pair
        for level1, pair in project.category_scores().items()
    }
    for where, text, quoted in quoted_texts(ctx, project):
        for quote in quoted:
            if quote.unit != "分" or quote.after.startswith(BAND_WORDS):
                continue
            if quote.ends_with(TOTAL_WORDS):
                stated, label, weight = total, "自评表总分", project.weight_total
            elif quote.ends_with(EXECUTION_SCORE_WORDS):
                stated, label = project.execution_score, "预算执行得分"
                weight = project.execution_weight
            else:
                category = next((c for c in scores if quote.phrase.endswith(c)), None)
                if category is None:
                    continue
                weight, stated = scores[category]
                label = f"{category}得分合计"
            if stated is None or quote.number == stated:
                continue
            hint = "（与分值相同：分值不是得分）" if quote.number == weight else ""
            yield rule.failed(
                f"{where}写明“{quote.context}”，但{label}为 {format_number(stated)} 分"
                + hint,
                LOCATION,
            )
        grade = project.grade
        if grade is None:
            continue
        for match in _grades(text):
            if match != grade.value:
                yield rule.failed(
                    f"{where}写明评价等级为“{match}”，但按自评表总分 "
                    f"{format_number(total)} 分应为“{grade.label}”",
                    LOCATION,
                )


def _grades(text: str) -> list[str]:
    """The grades `text` (in plain forms) states."""
    return [GRADE_WORDS.get(word, word) for word in re.findall(GRADE_PATTERN, text)]


@rule(
    "N9-4",
    "评价报告引用的数字与自评表一致",
    Severity.ERROR,
    "评价报告和年度目标完成情况中引用的指标值、全年预算数、全年执行数和执行率 = 自评表；"
    "成本指标的实际成本 = 全年执行数（警告）；百分比和名称不完全相同的指标为警告",
    parts=PART,
    kinds=FINAL_ONLY,
)
def n9_4(ctx, rule):
    projects = _projects(ctx)
    if not projects:
        yield _without_projects(ctx, rule)
        return
    money = Money(ctx.data.report)
    findings = []
    for project in projects:
        findings.extend(_cost_indicators(rule, project, money))
        # Parsed once per project: a long report quotes hundreds of figures.
        figures = [IndicatorFigures.of(i) for i in project.ordered_indicators()]
        for where, _text, quoted in quoted_texts(ctx, project):
            for quote in quoted:
                finding = _check_quote(rule, project, figures, where, quote, money)
                if finding is not None:
                    findings.append(finding)
    yield from collect(rule, findings, "评价报告引用的数字与自评表一致", LOCATION)


def _cost_indicators(rule, project, money: Money):
    """A cost indicator whose target is the project's budget quotes its spend: = 全年执行数."""
    budgets = {project.annual_total, project.initial_total} - {None}
    executed = project.executed_total
    if executed is None:
        return
    for indicator in project.ordered_indicators():
        target = indicator.parsed_target
        actual = in_unit_of(indicator.parsed_actual, target)
        if not (indicator.is_cost and target.is_number and actual.is_number):
            continue
        if unit_kind(target.unit) != "money" or unit_kind(actual.unit) != "money":
            continue
        if money.of(target.number, target.unit) not in budgets:
            continue
        if money.of(actual.number, actual.unit) != executed:
            yield rule.failed(
                f"{_where(project)}成本指标“{indicator.name}”的实际完成值"
                f"“{actual.text}”与项目资金全年执行数（{money.show(executed)}）不一致",
                LOCATION,
                Severity.WARNING,
            )


@dataclass(frozen=True)
class IndicatorFigures:
    """An indicator and its parsed numeric values (实际完成值 first), for matching quotes."""

    indicator: object
    numbers: list
    # What the numbers measure: a quote of another measure is not of this indicator.
    measures: frozenset

    @classmethod
    def of(cls, indicator) -> "IndicatorFigures":
        target = indicator.parsed_target
        # A bare actual value ("100" against "≥100%") is in the target's unit.
        actual = in_unit_of(indicator.parsed_actual, target)
        numbers = [v for v in (actual, target) if v.is_number]
        return cls(indicator, numbers, frozenset(measure(v) for v in numbers))

    @property
    def name(self) -> str:
        return self.indicator.name


def _check_quote(rule, project, figures, where, quote: Quote, money: Money):
    quoted = measure(quote.as_value())
    candidates = [f for f in figures if quoted in f.measures]
    matched = match_name(quote.phrase, candidates)
    if matched is not None:
        entry, exact = matched
        return _check_indicator(rule, where, quote, entry, exact)
    sources = [source for source, _label in FUND_SOURCES]
    if unit_kind(quote.unit) == "money":
        if quote.ends_with(EXECUTED_WORDS):
            figures = [project.executed_total] + [
                project.fund("executed", s) for s in sources
            ]
            return _check_amount(rule, where, quote, figures, "全年执行数", money)
        if quote.ends_with(BUDGET_WORDS):
            figures = [project.initial_total, project.annual_total] + [
                project.fund(stage, s)
                for stage in ("initial", "annual")
                for s in sources
            ]
            return _check_amount(rule, where, quote, figures, "预算数", money)
    if quote.unit == "%" and quote.ends_with(RATE_WORDS):
        budget, executed = project.annual_total, project.executed_total
        if not budget or executed is None:
            return None
        if percentage(executed, budget, quote.decimals) != quote.number:
            return rule.failed(
                f"{where}写明“{quote.context}”，但执行率为全年执行数 "
                f"{format_number(executed)} ÷ 全年预算数 {format_number(budget)} = "
                f"{percentage(executed, budget, 2)}%",
                LOCATION,
                Severity.WARNING,
            )
    return None


def _check_indicator(rule, where, quote, entry: IndicatorFigures, exact: bool):
    indicator = entry.indicator
    value = quote.as_value()
    for figure in entry.numbers:
        if not comparable(value, figure):
            continue
        stated, table = in_common_unit(value, figure)
        if quote.unit == "%":
            table = round_half_up(table, quote.decimals)
        if stated == table:
            return None
    severity = None if exact and quote.unit != "%" else Severity.WARNING
    named = "" if exact else "（名称与自评表不完全相同，请核对）"
    return rule.failed(
        f"{where}写明“{quote.context}”，但自评表“{indicator.name}”的实际完成值为"
        f"“{indicator.actual_text}”（年度指标值“{indicator.target_text}”）{named}",
        LOCATION,
        severity,
    )


def _check_amount(rule, where, quote, figures, label, money: Money):
    stated = money.of(quote.number, quote.unit)
    known = [f for f in figures if f is not None]
    if not known or stated in known:
        return None
    return rule.failed(
        f"{where}写明“{quote.context}”，但自评表{label}为 {money.show(known[0])}",
        LOCATION,
    )


@rule(
    "N9-5",
    "评价报告列示的分项金额之和等于总额",
    Severity.WARNING,
    "评价报告和年度目标完成情况中“共 X 万元，其中 A 万元、B 万元”式的句子（同一句中总额后接"
    "“其中”及两项以上金额）：各项之和 = 总额，精确到分，元与万元换算后比较",
    parts=PART,
    kinds=FINAL_ONLY,
)
def n9_5(ctx, rule):
    projects = _projects(ctx)
    if not projects:
        yield _without_projects(ctx, rule)
        return
    findings = []
    for project in projects:
        # The texts as typed, so the sentence is quoted as the preparer wrote it.
        for where, text in texts(project, _sections(ctx)):
            for breakdown in breakdowns(text):
                if breakdown.adds_up:
                    continue
                total = breakdown.total
                items = " + ".join(q.written for q in breakdown.items)
                added = format_number(breakdown.items_in_total_unit)
                findings.append(
                    rule.failed(
                        f"{where}写明“{breakdown.sentence}”：其中所列 {items} = "
                        f"{added}{total.unit}，与总额 {total.written} 不符",
                        LOCATION,
                    )
                )
    yield from collect(rule, findings, "评价报告列示的分项金额与总额一致", LOCATION)

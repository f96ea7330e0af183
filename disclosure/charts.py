"""Charts of the public report page, as plain values taken from the report's figures.

Each chart reads figures by name and cites the template's table that prints
them; the categories follow that table's rows, so chart and table agree.

Each Chart carries its categories and series (Decimal), the share of each
category where a share makes sense, and a JSON payload for the browser
(figures as exact strings). The page shows every chart together with the same
numbers as an HTML table, so nothing is only in a picture.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure.comparisons import YearTotals, common_unit
from disclosure.tables.builders import class_list, economic_classes, economic_names
from reporting.formatting import format_amount
from reporting.money import ZERO, percentage

SHARE_PLACES = 1
ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: tuple[Decimal | None, ...]
    share: Decimal | None = None


@dataclass(frozen=True)
class Chart:
    key: str  # element ids: chart-<key>
    title: str
    kind: str  # "pie", "bar" (horizontal), "columns" (grouped), "line"
    measure: str  # 万元 / 元
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    category_label: str = "项目"
    total: Decimal | None = None  # the whole that shares are taken of
    total_label: str = "合计"
    source: str = ""  # where the figures come from, e.g. "公开01表"

    @property
    def has_shares(self) -> bool:
        return self.total is not None

    @property
    def is_empty(self) -> bool:
        return all(not v for s in self.series for v in s.values)

    @property
    def rows(self) -> list[ChartRow]:
        rows = []
        for i, category in enumerate(self.categories):
            values = tuple(s.values[i] for s in self.series)
            share = None
            if self.has_shares and values[0] is not None:
                share = percentage(values[0], self.total, SHARE_PLACES)
            rows.append(ChartRow(category, values, share))
        return rows

    @property
    def total_share(self) -> Decimal | None:
        return None if self.total is None else percentage(self.total, self.total)

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def payload(self) -> dict:
        """What the browser draws: figures and shares as exact strings."""
        shares = [row.share for row in self.rows] if self.has_shares else []
        return {
            "kind": self.kind,
            "title": self.title,
            "measure": self.measure,
            "categories": list(self.categories),
            "series": [
                {
                    "name": s.name,
                    "values": [None if v is None else str(v) for v in s.values],
                    # Labels print exactly as the tables do.
                    "labels": [format_amount(v) for v in s.values],
                }
                for s in self.series
            ],
            "shares": [None if v is None else str(v) for v in shares],
        }

    @property
    def summary(self) -> str:
        """A one-line description for screen readers (the table has the figures)."""
        names = "、".join(s.name for s in self.series)
        return f"{self.title}（{names}，单位：{self.measure}），数据见图下数据表。"


def _label(text: str) -> str:
    return ORDINAL_PREFIX.sub("", text)


def _single(
    key: str,
    title: str,
    kind: str,
    measure: str,
    items: Sequence[tuple[str, Decimal]],
    total: Decimal,
    series_name: str,
    **extra,
) -> Chart:
    return Chart(
        key=key,
        title=title,
        kind=kind,
        measure=measure,
        categories=tuple(label for label, _ in items),
        series=(Series(series_name, tuple(value for _, value in items)),),
        total=total,
        **extra,
    )


# 本年收入 by source, as 公开01表 lists them.
INCOME_SOURCES = (
    ("general_budget", "一般公共预算财政拨款收入"),
    ("gov_fund", "政府性基金预算财政拨款收入"),
    ("state_capital", "国有资本经营预算财政拨款收入"),
    ("superior_grant", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliate", "附属单位上缴收入"),
    ("other", "其他收入"),
)


def _source(doc, role: str) -> str:
    """The template's table that prints these figures, e.g. 公开01表《收入支出决算总表》."""
    definition = doc.report.template.table(role)
    return "" if definition is None else f"{definition.code}《{definition.title}》"


def _measure(doc) -> str:
    return str(doc.report.get_amount_unit_display())


def _amount_word(doc) -> str:
    """What the amounts are: 决算数, or a 预算's 预算数."""
    return f"{doc.report.kind_word}数"


def income_structure(doc) -> Chart:
    """本年收入 by source with their shares of 本年收入合计."""
    by_source = doc.figures["income_by_source"]
    return _single(
        "income",
        "本年收入构成",
        "pie",
        _measure(doc),
        [(label, by_source[name] or ZERO) for name, label in INCOME_SOURCES],
        doc.figures["income_total"],
        _amount_word(doc),
        total_label="本年收入合计",
        source=_source(doc, "summary"),
    )


def expenditure_by_function(doc) -> Chart:
    """本年支出 per 功能分类 类, only the classes the unit spent on."""
    by_class = doc.figures["expenditure_by_class"]
    definition = doc.report.template.table("summary")
    if definition is None:
        names = {code: fc.name for code, fc in doc.data.function_codes.items()}
        classes = [(code, names.get(code, "")) for code in sorted(by_class)]
    else:
        classes = class_list(definition, doc.data, by_class)
    items = [(name, by_class[code]) for code, name in classes if by_class.get(code)]
    return _single(
        "function",
        "本年支出按功能分类",
        "bar",
        _measure(doc),
        items,
        doc.figures["expenditure_total"],
        _amount_word(doc),
        category_label="支出功能分类（类）",
        total_label="本年支出合计",
        source=_source(doc, "summary"),
    )


def basic_by_economic_class(doc) -> Chart:
    """一般公共预算财政拨款基本支出 per 经济分类 类, as its table shows them."""
    by_class = doc.figures["basic_by_economic_class"]
    definition = doc.report.template.table("basic_by_economic_class")
    if definition is None:
        names = {}
        classes = sorted(by_class)
    else:
        names = economic_names(definition, doc.figures)
        # In code order (301, 302, 303 …), not the table's pane order.
        classes = sorted(
            c for pane in economic_classes(definition, doc.figures) for c in pane
        )
    items = [
        (f"{code} {names.get(code, '')}", by_class.get(code, ZERO)) for code in classes
    ]
    return _single(
        "economic",
        "一般公共预算财政拨款基本支出按经济分类",
        "bar",
        _measure(doc),
        items,
        doc.figures["basic_total"],
        _amount_word(doc),
        category_label="经济分类（类）",
        total_label="基本支出合计",
        source=_source(doc, "basic_by_economic_class"),
    )


THREE_PUBLIC_ITEMS = (
    ("abroad", "因公出国（境）费"),
    ("reception", "公务接待费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行费"),
)


def three_public(doc) -> Chart:
    """“三公”经费 全年预算数 against 决算数 per item; 合计 as the last category."""
    figures = doc.figures["three_public"]
    items = [*THREE_PUBLIC_ITEMS, ("total", "合计")]

    def values(block):
        if figures is None:
            return tuple(None for _ in items)
        return tuple(figures[f"{block}_{key}"] for key, _ in items)

    if doc.report.is_budget:
        # A 预算 has its budget only.
        title, series = "财政拨款“三公”经费预算", (Series("预算数", values("budget")),)
    else:
        title = "财政拨款“三公”经费预算与决算"
        series = (
            Series("全年预算数", values("budget")),
            Series("决算数", values("actual")),
        )
    return Chart(
        key="three-public",
        title=title,
        kind="columns",
        measure=_measure(doc),
        categories=tuple(label for _, label in items),
        series=series,
        source=_source(doc, "three_public"),
    )


def trend(figures: Sequence[YearTotals]) -> Chart | None:
    """本年收入合计 and 本年支出合计 across the unit's published years; None for a single year."""
    figures = [f for f in figures if f.income_total is not None]
    if len(figures) < 2:
        return None
    unit = common_unit(figures)
    ordered = sorted((f.in_unit(unit) for f in figures), key=lambda f: f.year)
    return Chart(
        key="trend",
        title="历年收入支出",
        kind="line",
        measure=ordered[0].measure,
        categories=tuple(f"{f.year}年" for f in ordered),
        series=(
            Series("本年收入合计", tuple(f.income_total for f in ordered)),
            Series("本年支出合计", tuple(f.expenditure_total for f in ordered)),
        ),
        category_label="年度",
        source="各年度《收入支出决算总表》",
    )


def build_charts(doc, year_figures: Sequence[YearTotals] = ()) -> list[Chart]:
    charts = [
        income_structure(doc),
        expenditure_by_function(doc),
        basic_by_economic_class(doc),
        three_public(doc),
    ]
    over_years = trend(year_figures)
    if over_years is not None:
        charts.append(over_years)
    return charts

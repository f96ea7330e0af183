"""Report templates: each region's 决算 layout as data.

A template is identified by region, level (单位 / 部门), kind (决算; 预算
later) and the first year it applies to. It holds the table set in
publication order (each a TableDefinition with the builder that lays the
report's figures out into it), the narrative's wording options and section
headings, and its glossary. Each report records its template's code
(`Report.template_variant`) when it is created — by default the newest
template of the unit's region for the report's year — and keeps it; a
published snapshot keeps what it was rendered with.

    template = template_for(report)
    template.tables            # ((definition, builder), …)
    default_template("江西", Level.UNIT, Kind.FINAL, 2023)

`python manage.py templates` lists them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from disclosure.tables import builders
from disclosure.tables.definitions import jiangxi_2022 as jx
from reporting.spec import TableDefinition


class Level(StrEnum):
    UNIT = "unit"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return {"unit": "单位", "department": "部门"}[self.value]


class Kind(StrEnum):
    FINAL = "final"
    BUDGET = "budget"

    @property
    def label(self) -> str:
        return {"final": "决算", "budget": "预算"}[self.value]


@dataclass(frozen=True)
class NarrativeOptions:
    """How a template's 情况说明 is worded."""

    subject: str = "本单位"  # or 本部门
    percent_places: int = 1
    # §三 measures 财政拨款 spending against this budget: 年初预算 or 全年预算.
    budget_word: str = "年初预算"
    # Whether §一/§二 give each income source's and spending kind's share.
    composition_shares: bool = True
    # The sentence that sends the reader of §八 to the table of assets.
    assets_reference: str = ""
    # 第一部分: the headings of 主要职责 and 基本情况.
    profile_headings: tuple[str, str] = ("单位主要职责", "单位基本情况")
    # Section key → heading, in the order the sections appear.
    headings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReportTemplate:
    code: str
    name: str
    region: str
    level: Level
    kind: Kind
    first_year: int
    tables: tuple[tuple[TableDefinition, Callable], ...]
    narrative: NarrativeOptions = field(default_factory=NarrativeOptions)
    glossary: str = ""  # a key of disclosure.glossary.GLOSSARIES
    source: str = ""  # where the layout was transcribed from (docs/templates.md)

    def __str__(self):
        return self.name

    @property
    def definitions(self) -> tuple[TableDefinition, ...]:
        return tuple(definition for definition, _ in self.tables)

    def table(self, role: str) -> TableDefinition | None:
        """The template's table of `role` ("summary", "three_public" …), if it has one."""
        return next((d for d in self.definitions if d.role == role), None)

    def has_section(self, key: str) -> bool:
        """Whether the 情况说明 has section `key` ("operating", "assets" …)."""
        return any(k == key for k, _ in self.narrative.headings)

    def has_part(self, name: str) -> bool:
        """Whether another app's part ("performance") is printed: one of its sections is."""
        from disclosure.parts import PARTS

        part = PARTS.get(name)
        return part is not None and any(map(self.has_section, part.sections))


JIANGXI_2022_UNIT = ReportTemplate(
    code="jx2022_unit",
    name="江西 2022 单位决算（公开01–10表）",
    region="江西",
    level=Level.UNIT,
    kind=Kind.FINAL,
    first_year=2022,
    tables=(
        (jx.T01, builders.build_summary),
        (jx.T02, builders.build_income),
        (jx.T03, builders.build_expenditure),
        (jx.T04, builders.build_fiscal_summary),
        (jx.T05, builders.build_general_budget),
        (jx.T06, builders.build_basic_by_economic_class),
        (jx.T07, builders.build_gov_fund),
        (jx.T08, builders.build_state_capital),
        (jx.T09, builders.build_three_public),
        (jx.T10, builders.build_assets),
    ),
    narrative=NarrativeOptions(
        subject="本单位",
        percent_places=1,
        assets_reference="国有资产占用情况详见公开10表《国有资产占用情况表》。",
        headings=(
            ("income", "收入决算情况说明"),
            ("expenditure", "支出决算情况说明"),
            ("fiscal", "财政拨款支出决算情况说明"),
            ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
            ("three_public", "财政拨款“三公”经费支出决算情况说明"),
            ("operating", "机关运行经费支出情况说明"),
            ("procurement", "政府采购支出情况说明"),
            ("assets", "国有资产占用情况说明"),
            ("performance", "预算绩效情况说明"),
        ),
    ),
    glossary="jx2022_unit",
    source="江西省景德镇市数字城市管理服务中心 2022 年度单位决算（docs/templates.md）",
)

TEMPLATES: dict[str, ReportTemplate] = {
    template.code: template for template in (JIANGXI_2022_UNIT,)
}
# For a unit whose region has no template of its own.
FALLBACK = JIANGXI_2022_UNIT


class UnknownTemplate(ValueError):
    pass


def get_template(code: str) -> ReportTemplate:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise UnknownTemplate(f"没有编码为 {code!r} 的公开模板。") from None


def template_for(report) -> ReportTemplate:
    """The template `report` recorded when it was created."""
    try:
        return get_template(report.template_variant)
    except UnknownTemplate:
        raise UnknownTemplate(
            f"决算报告“{report}”的公开模板 {report.template_variant!r} 不存在。"
        ) from None


def default_template(
    region: str, level: Level = Level.UNIT, kind: Kind = Kind.FINAL, year: int = 0
) -> ReportTemplate:
    """The newest template of `region` for `year`, or the fallback."""
    fitting = [
        t
        for t in TEMPLATES.values()
        if t.region == region and t.level == level and t.kind == kind
    ]
    in_force = [t for t in fitting if t.first_year <= year] or fitting
    if not in_force:
        return FALLBACK
    return max(in_force, key=lambda t: t.first_year)


def choices() -> list[tuple[str, str]]:
    """(code, name) of every template, for forms."""
    return [
        (t.code, t.name)
        for t in sorted(TEMPLATES.values(), key=lambda t: (t.region, t.first_year))
    ]

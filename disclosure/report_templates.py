"""Report templates: each region's 决算 layout as data.

A template is identified by region, level (单位 / 部门), kind (决算 / 预算)
and the first year it applies to. It holds the table set in
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
from dataclasses import dataclass, field, replace
from enum import StrEnum

from disclosure.tables.definitions import (
    guangxi_2023,
    inner_mongolia_2023,
    jiangxi_2022,
    jiangxi_2022_dept,
    jiangxi_2023_budget,
    mof_2023,
    shanghai_2024,
    shanghai_2025_budget,
)
from disclosure.tables.roles import laid_out
from reporting.formatting import chinese_ordinal
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

    @property
    def year_word(self) -> str:
        """ "2022年度单位决算", but "2023年部门预算" (the report's own word)."""
        from disclosure.models import Report

        return Report.Kind(self.value).year_word


@dataclass(frozen=True)
class NarrativeOptions:
    """How a template's 情况说明 is worded."""

    subject: str = "本单位"  # or 本部门
    percent_places: int = 1
    # §三 measures 财政拨款 spending against this budget: 年初预算 or 全年预算.
    budget_word: str = "年初预算"
    # Whether §一/§二 give each income source's and spending kind's share.
    composition_shares: bool = True
    # Whether each “三公” item gives its share of the “三公” total.
    three_public_shares: bool = False
    # Whether a composition leaves out the items that are zero ("经营收入0万元")
    # or lists the template's usual items whatever their amount.
    omit_zero_items: bool = False
    # Whether the 公务用车购置及运行维护费 line gives its own 全年预算数 and
    # completion rate, besides its two items.
    vehicle_line_completion: bool = False
    # Whether a “三公” section with no budget, no spending and none last year
    # is one sentence rather than one paragraph per item.
    zero_three_public_sentence: bool = True
    # The sentence that sends the reader of §八 to the table of assets.
    assets_reference: str = ""
    # 第一部分: the headings of 主要职责 and 基本情况.
    profile_headings: tuple[str, str] = ("单位主要职责", "单位基本情况")
    # How a zero amount reads ("0万元", 江西; "0.00万元", 广西). Every other
    # amount prints as in the tables: two decimals, thousands separators.
    zero_amount: str = "0"
    # Section key → heading, in the order the sections appear; "{year}" is
    # the report's year. A heading with sections of its own (其他重要事项的
    # 情况说明) is (key, heading, ((key, heading), …)): its sections follow
    # under （一）（二）…, or 1、2、… where `group_numbering` is "arabic".
    headings: tuple[tuple, ...] = ()
    group_numbering: str = "chinese"

    @property
    def section_headings(self) -> dict[str, str]:
        """Section key → heading, nested sections included, in order."""
        headings = {}
        for key, heading, *nested in self.headings:
            if nested:
                headings.update(nested[0])
            else:
                headings[key] = heading
        return headings

    @property
    def section_keys(self) -> tuple[str, ...]:
        """Every section the narrative writes, nested ones included, in order."""
        return tuple(self.section_headings)


@dataclass(frozen=True)
class EliminationPair:
    """An internal transfer a 部门决算 eliminates (抵消): one unit's income against another's spending."""

    key: str
    label: str
    income: str  # the IncomeLine field of the receiving unit
    expense: str  # the ExpenditureLine field of the paying unit


# 上级补助收入 answers 对附属单位补助支出; 附属单位上缴收入 answers 上缴上级支出.
ELIMINATION_PAIRS = (
    EliminationPair(
        "grant", "上级补助收入 / 对附属单位补助支出", "superior_grant", "to_affiliates"
    ),
    EliminationPair(
        "remit", "附属单位上缴收入 / 上缴上级支出", "affiliate", "to_superior"
    ),
)


# The sections of a self-evaluated project's evaluation report (一 … 六, the
# fields of performance.models.REPORT_SECTIONS). Most layouts print all six;
# some provinces' 自评表 (安徽) have no evaluation report sections at all.
PERFORMANCE_SECTIONS = (
    "basic_info",
    "evaluation_process",
    "conclusion",
    "indicator_analysis",
    "lessons",
    "other_matters",
)

# The parts of a report, and the anchor each has on the web page whatever
# its place (part1 is the 概况 in every layout).
PART_ANCHORS = {
    "profile": "part1",
    "tables": "part2",
    "narrative": "part3",
    "glossary": "part4",
}


@dataclass(frozen=True)
class Part:
    key: str  # "profile", "tables", "narrative", "glossary"
    anchor: str
    number: str  # 第一部分
    title: str  # "2022 年度单位决算表", as the web page spaces it
    printed_title: str  # "2022年度单位决算表", as the PDF prints it

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"


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
    # The order of the parts: most layouts print the tables before the
    # 情况说明; 内蒙古 prints them last.
    part_order: tuple[str, ...] = tuple(PART_ANCHORS)
    # The evaluation report sections this layout has, of PERFORMANCE_SECTIONS:
    # the edit form offers, the rules ask for and the page prints only these.
    performance_sections: tuple[str, ...] = PERFORMANCE_SECTIONS
    # The internal transfers a 部门决算 of this layout eliminates.
    elimination_pairs: tuple[EliminationPair, ...] = ELIMINATION_PAIRS
    # 第一部分's title: "{name}" the unit's name, "{level}" 单位 or 部门
    # (江西 部门决算: "第一部分 中共九江市委宣传部概况", no 部门).
    profile_title: str = "{name}{level}概况"
    # Before the year in the titles of the tables and 情况说明 parts: "" or
    # "{name}" (江西 预算: "第二部分 <单位>2023年部门预算表").
    part_prefix: str = ""

    def __post_init__(self):
        unknown = set(self.performance_sections) - set(PERFORMANCE_SECTIONS)
        if unknown:
            raise ValueError(f"{self.code}: 未知的绩效评价报告章节 {sorted(unknown)}")

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        """ "江西 2022 单位决算": for narrow places such as the rule catalogue's columns."""
        return f"{self.region} {self.first_year} {self.level.label}{self.kind.label}"

    @property
    def definitions(self) -> tuple[TableDefinition, ...]:
        return tuple(definition for definition, _ in self.tables)

    def parts(self, unit_name: str, year: int) -> tuple[Part, ...]:
        """The report's parts in this layout's order, numbered and titled."""
        word = self.level.label
        # 决算: "2022 年度单位决算表"; 江西 预算: "<单位>2023年部门预算表".
        prefix = self.part_prefix.format(name=unit_name)
        stem = f"{year}{self.kind.year_word}{word}{self.kind.label}"
        spaced = f"{prefix}{year} {self.kind.year_word}{word}{self.kind.label}"
        titles = {
            "profile": (self.profile_title.format(name=unit_name, level=word),) * 2,
            "tables": (f"{spaced}表", f"{prefix}{stem}表"),
            "narrative": (f"{spaced}情况说明", f"{prefix}{stem}情况说明"),
            "glossary": ("名词解释",) * 2,
        }
        return tuple(
            Part(key, PART_ANCHORS[key], f"第{chinese_ordinal(i)}部分", *titles[key])
            for i, key in enumerate(self.part_order, start=1)
        )

    def table(self, role: str) -> TableDefinition | None:
        """The template's table of `role` ("summary", "three_public" …), if it has one."""
        return next((d for d in self.definitions if d.role == role), None)

    def has_section(self, key: str) -> bool:
        """Whether the 情况说明 has section `key` ("operating", "assets" …)."""
        return key in self.narrative.section_keys

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
    tables=laid_out(jiangxi_2022.TABLES),
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

# The 江西 部门决算 目录 (three 2022 copies) has the 单位 layout's ten tables
# and nine 情况说明 headings; it says 部门 where the 单位 layout says 单位, and
# titles 第一部分 with the department's name alone. Table interiors were not
# seen in a 部门 copy: they are the 单位 definitions (completed). The 附表 is
# the product's; 第五部分 附件 is not built (docs/templates.md §1a).
JIANGXI_2022_DEPARTMENT = ReportTemplate(
    code="jx2022_dept",
    name="江西 2022 部门决算（公开01–10表及分单位附表）",
    region="江西",
    level=Level.DEPARTMENT,
    kind=Kind.FINAL,
    first_year=2022,
    tables=laid_out(jiangxi_2022_dept.TABLES),
    narrative=replace(
        JIANGXI_2022_UNIT.narrative,
        subject="本部门",
        profile_headings=("部门主要职责", "部门基本情况"),
    ),
    glossary="jx2022_unit",
    source=(
        "中共九江市委宣传部、上犹县城市管理局、共青城市苏家垱乡人民政府 2022 年度"
        "部门决算目录；表内格式沿用单位决算（未见部门决算原表，已补全）"
        "（docs/templates.md §1a）"
    ),
    profile_title="{name}概况",
)


# 机关运行经费、政府采购、国有资产 and 绩效 under one heading (财政部 standard).
OTHER_MATTERS = (
    ("operating", "机关运行经费支出情况"),
    ("procurement", "政府采购支出情况"),
    ("assets", "国有资产占用情况"),
    ("performance", "预算绩效管理工作开展情况"),
)

MOF_2023_DEPARTMENT = ReportTemplate(
    code="mof2023_dept",
    name="财政部 中央部门决算 2023（公开01–09表）",
    region="中央",
    level=Level.DEPARTMENT,
    kind=Kind.FINAL,
    first_year=2023,
    tables=laid_out(mof_2023.TABLES),
    narrative=NarrativeOptions(
        subject="本部门",
        percent_places=2,
        vehicle_line_completion=True,
        profile_headings=("部门职责", "机构设置"),
        headings=(
            ("overall", "收入支出决算总体情况说明"),
            ("income", "收入决算情况说明"),
            ("expenditure", "支出决算情况说明"),
            ("fiscal_overall", "财政拨款收入支出决算总体情况说明"),
            ("general_budget", "一般公共预算财政拨款支出决算情况说明"),
            ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
            ("three_public", "财政拨款“三公”经费支出决算情况说明"),
            ("gov_fund", "政府性基金预算支出决算情况说明"),
            ("state_capital", "国有资本经营预算支出决算情况说明"),
            ("other", "其他重要事项的情况说明", OTHER_MATTERS),
        ),
    ),
    glossary="jx2022_unit",
    source="中新社 2024-07-25 中央部门决算公开报道所列 9 张表（docs/templates.md §2）",
)

GUANGXI_2023_UNIT = ReportTemplate(
    code="gx2023_unit",
    name="广西 2023 单位决算（表一–表九）",
    region="广西",
    level=Level.UNIT,
    kind=Kind.FINAL,
    first_year=2023,
    tables=laid_out(guangxi_2023.TABLES),
    narrative=NarrativeOptions(
        subject="本单位",
        percent_places=2,
        zero_amount="0.00",
        profile_headings=("本单位职责", "机构设置情况"),
        headings=(
            # As printed, with the full stop most of them end with.
            ("overall", "{year}年度收入支出决算总体情况。"),
            ("general_budget", "{year}年度一般公共预算财政拨款支出决算情况。"),
            ("basic", "{year}年度一般公共预算财政拨款基本支出决算情况说明。"),
            ("gov_fund", "{year}年度政府性基金预算支出决算情况。"),
            ("state_capital", "{year}年度国有资本经营预算支出决算情况。"),
            ("three_public", "财政拨款安排的“三公”经费支出决算情况说明"),
            ("other", "其他重要事项情况说明。", OTHER_MATTERS[:3]),
            ("performance", "预算绩效管理工作开展情况。"),
        ),
    ),
    glossary="jx2022_unit",
    source="梧州、北海 2023 年度部门（单位）决算（docs/templates.md §3）",
)

INNER_MONGOLIA_2023_DEPARTMENT = ReportTemplate(
    code="nmg2023_dept",
    name="内蒙古 2023 部门决算（表一–表十一）",
    region="内蒙古",
    level=Level.DEPARTMENT,
    kind=Kind.FINAL,
    first_year=2023,
    tables=laid_out(inner_mongolia_2023.TABLES),
    narrative=NarrativeOptions(
        subject="本部门",
        percent_places=2,
        profile_headings=("主要职能、职责", "部门机构设置及决算单位构成情况"),
        headings=(
            ("overall", "收入支出决算总体情况说明"),
            ("income", "收入决算情况说明"),
            ("expenditure", "支出决算情况说明"),
            ("fiscal_overall", "财政拨款收入支出决算总体情况说明"),
            ("general_budget", "一般公共预算财政拨款支出决算情况说明"),
            ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
            ("general_project", "一般公共预算财政拨款项目支出决算情况说明"),
            ("three_public", "财政拨款“三公”经费支出决算情况说明"),
            ("gov_fund", "政府性基金预算财政拨款支出决算情况说明"),
            ("state_capital", "国有资本经营预算财政拨款支出决算情况说明"),
            ("operating", "机构运行经费支出决算情况说明"),
            ("procurement", "政府采购支出决算情况说明"),
            ("assets", "国有资产占用情况说明"),
            ("performance", "预算绩效情况说明"),
        ),
        assets_reference=(
            "车辆和设备的分类数见表十一《机构运行经费支出、国有资产占用情况及政府采购支出信息表》。"
        ),
    ),
    glossary="jx2022_unit",
    source="内蒙古自治区机关事务管理局 2023 年度部门决算等（docs/templates.md §4）",
    part_order=("profile", "narrative", "glossary", "tables"),
)

SHANGHAI_2024_DEPARTMENT = ReportTemplate(
    code="sh2024_dept",
    name="上海 2024 部门决算（9 张表）",
    region="上海",
    level=Level.DEPARTMENT,
    kind=Kind.FINAL,
    first_year=2024,
    tables=laid_out(shanghai_2024.TABLES),
    narrative=NarrativeOptions(
        subject="本部门",
        percent_places=2,
        profile_headings=("部门主要职能", "部门机构设置"),
        headings=(
            ("overall", "收入支出决算总体情况说明"),
            ("income", "收入决算情况说明"),
            ("expenditure", "支出决算情况说明"),
            ("fiscal_overall", "财政拨款收入支出决算总体情况说明"),
            ("general_budget", "一般公共预算财政拨款支出决算情况说明"),
            ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
            ("three_public", "财政拨款“三公”经费支出决算情况说明"),
            ("gov_fund", "政府性基金预算财政拨款支出决算情况说明"),
            ("state_capital", "国有资本经营预算财政拨款支出决算情况说明"),
            ("other", "其他重要事项的情况说明", OTHER_MATTERS),
        ),
    ),
    glossary="jx2022_unit",
    source="上海 2024 部门决算模板及一份区级部门决算（domain.md [T]；docs/templates.md §6a）",
)

# 江西 预算 (docs/templates.md §10): the 单位 and 部门 目录 of 景德镇 2023,
# the same in 九江 and 南昌 copies and in 景德镇 2025. The 情况说明 has two
# headings; the sub-headings of the first are those of the one 江西 copy that
# prints them (景德镇市政协 2023). 部门整体支出绩效目标表 is not built.
BUDGET_SUBSECTIONS = (
    ("budget_income", "预算收入情况说明"),
    ("budget_expenditure", "预算支出情况说明"),
    ("budget_fiscal", "经费拨款情况说明"),
    ("budget_gov_fund", "政府性基金收支情况说明"),
    ("budget_operating", "机关运行经费情况说明"),
    ("budget_procurement", "政府采购安排情况说明"),
    ("budget_assets", "国有资产占用情况说明"),
    ("budget_performance", "预算绩效情况说明"),
)
JIANGXI_2023_UNIT_BUDGET = ReportTemplate(
    code="jx2023_unit_budget",
    name="江西 2023 单位预算（表一–表十）",
    region="江西",
    level=Level.UNIT,
    kind=Kind.BUDGET,
    first_year=2023,
    tables=laid_out(jiangxi_2023_budget.UNIT_TABLES),
    narrative=NarrativeOptions(
        subject="本单位",
        percent_places=1,
        profile_headings=("单位主要职责", "机构设置及人员情况"),
        group_numbering="arabic",
        headings=(
            (
                "budget_overview",
                "{year}年单位预算收支情况说明",
                BUDGET_SUBSECTIONS,
            ),
            ("budget_three_public", "{year}年“三公”经费预算情况说明"),
        ),
    ),
    glossary="jx2023_budget",
    source="景德镇市陶瓷产业创新发展中心 2023 年单位预算等（docs/templates.md §10）",
    part_prefix="{name}",
)
JIANGXI_2023_DEPARTMENT_BUDGET = replace(
    JIANGXI_2023_UNIT_BUDGET,
    code="jx2023_dept_budget",
    name="江西 2023 部门预算（表一–表十一）",
    level=Level.DEPARTMENT,
    tables=laid_out(jiangxi_2023_budget.DEPARTMENT_TABLES),
    narrative=replace(
        JIANGXI_2023_UNIT_BUDGET.narrative,
        subject="本部门",
        profile_headings=("部门主要职责", "机构设置及人员情况"),
        headings=(
            (
                "budget_overview",
                "{year}年部门预算收支情况说明",
                BUDGET_SUBSECTIONS,
            ),
            ("budget_three_public", "{year}年“三公”经费预算情况说明"),
        ),
    ),
    source="景德镇市人民政府办公室 2023 年部门预算等（docs/templates.md §10）",
    profile_title="{name}概况",
)

# 上海 预算 (docs/templates.md §11): 普陀区 2025 区级 部门预算. Its 编制说明
# has no sub-headings; those are the 江西 ones. 其他相关情况说明's are as
# printed. The 名词解释 precedes the 编制说明, which precedes the tables.
SHANGHAI_2025_DEPARTMENT_BUDGET = ReportTemplate(
    code="sh2025_dept_budget",
    name="上海 2025 部门预算（9 张表）",
    region="上海",
    level=Level.DEPARTMENT,
    kind=Kind.BUDGET,
    first_year=2025,
    tables=laid_out(shanghai_2025_budget.TABLES),
    narrative=NarrativeOptions(
        subject="本部门",
        percent_places=2,
        profile_headings=("部门主要职能", "部门机构设置"),
        headings=(
            ("budget_overview", "{year}年部门预算编制说明", BUDGET_SUBSECTIONS[:4]),
            (
                "budget_other",
                "其他相关情况说明",
                (
                    ("budget_three_public", "{year}年“三公”经费预算情况说明"),
                    ("budget_operating", "机关运行经费预算"),
                    ("budget_procurement", "政府采购预算情况"),
                    ("budget_performance", "绩效目标设置情况"),
                    ("budget_assets", "国有资产占有使用情况"),
                ),
            ),
        ),
    ),
    glossary="sh2025_budget",
    source="上海市普陀区人民政府办公室 2025 年区级部门预算（docs/templates.md §11）",
    part_order=("profile", "glossary", "narrative", "tables"),
)

TEMPLATES: dict[str, ReportTemplate] = {
    template.code: template
    for template in (
        JIANGXI_2022_UNIT,
        JIANGXI_2022_DEPARTMENT,
        MOF_2023_DEPARTMENT,
        GUANGXI_2023_UNIT,
        INNER_MONGOLIA_2023_DEPARTMENT,
        SHANGHAI_2024_DEPARTMENT,
        JIANGXI_2023_UNIT_BUDGET,
        JIANGXI_2023_DEPARTMENT_BUDGET,
        SHANGHAI_2025_DEPARTMENT_BUDGET,
    )
}
# For a unit whose region has no template of its own.
FALLBACK = JIANGXI_2022_UNIT
# …and for its 部门决算, the same layout in the department's voice.
DEPARTMENT_FALLBACK = JIANGXI_2022_DEPARTMENT
FALLBACKS = {
    (Kind.FINAL, Level.UNIT): FALLBACK,
    (Kind.FINAL, Level.DEPARTMENT): DEPARTMENT_FALLBACK,
    (Kind.BUDGET, Level.UNIT): JIANGXI_2023_UNIT_BUDGET,
    (Kind.BUDGET, Level.DEPARTMENT): JIANGXI_2023_DEPARTMENT_BUDGET,
}


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
    """The newest template of `region` for `year`, or the fallback.

    A region whose layout is known only at the other level (内蒙古 and 上海
    部门, 广西 单位) still gets its own layout: the levels differ in a few
    words of the headings, the regions in the tables.
    """
    regional = [t for t in TEMPLATES.values() if t.region == region and t.kind == kind]
    fitting = [t for t in regional if t.level == level] or regional
    in_force = [t for t in fitting if t.first_year <= year] or fitting
    if not in_force:
        return FALLBACKS[kind, level]
    return max(in_force, key=lambda t: t.first_year)


def choices() -> list[tuple[str, str]]:
    """(code, name) of every template, for forms."""
    return [
        (t.code, t.name)
        for t in sorted(TEMPLATES.values(), key=lambda t: (t.region, t.first_year))
    ]

"""What the 填报补充 sheet holds: the facts of a report that no 公开表 shows.

年初预算数 and financial-appropriation balances per code, 国有资本经营预算
income per code, “三公” counts, 政府采购, 机关运行经费, 上年比较数, 原因说明;
and, only for a layout whose tables do not show them, the asset counts,
政府性基金预算 income per code and the sources 其他收入 lumps together (上海
预算). Importing an exported workbook thus restores every fact of the report
(`disclosure.importers.xlsx`). The exporter (`disclosure.exports.xlsx`) writes
these sections and the importer reads them: both sides read the layout here.
"""

from dataclasses import dataclass

from disclosure.models import (
    AssetHolding,
    Fund,
    PriorYearFigure,
    Procurement,
    ThreePublicExpenses,
)
from disclosure.reason_labels import reason_slots

SUPPLEMENT_SHEET = "填报补充"
SUPPLEMENT_TITLE = "填报补充数据（公开表以外的填报数据）"
SUPPLEMENT_NOTE = (
    "说明：本表列示各公开表没有列示的填报数据，导入本工作簿时用于完整还原报告数据；"
    "金额单位与公开表相同。政府性基金预算财政拨款的结转和结余见政府性基金预算财政拨款"
    "收入支出决算表，本表不再填列。"
)
# Section → (title, column headers). Data rows follow the header row; a section
# ends where the next section title starts.
FISCAL_SECTION = "fiscal"
STATE_CAPITAL_INCOME_SECTION = "state_capital_income"
COUNTS_SECTION = "counts"
PROCUREMENT_SECTION = "procurement"
OPERATING_SECTION = "operating"
PRIOR_SECTION = "prior"
REASONS_SECTION = "reasons"
ASSETS_SECTION = "assets"
GOV_FUND_INCOME_SECTION = "gov_fund_income"
OTHER_INCOME_SECTION = "other_income"
SUPPLEMENT_SECTIONS = {
    FISCAL_SECTION: (
        "一、财政拨款支出（按资金来源和科目）",
        (
            "资金来源",
            "科目编码",
            "科目名称",
            "年初预算数",
            "年初财政拨款结转和结余",
            "年末财政拨款结转和结余",
        ),
    ),
    STATE_CAPITAL_INCOME_SECTION: (
        "二、国有资本经营预算财政拨款收入（按科目）",
        ("科目编码", "科目名称", "本年收入"),
    ),
    COUNTS_SECTION: ("三、“三公”经费实物量", ("项目", "数量")),
    PROCUREMENT_SECTION: ("四、政府采购", ("项目", "金额")),
    OPERATING_SECTION: ("五、机关运行经费", ("项目", "金额")),
    PRIOR_SECTION: ("六、上年比较数", ("代码", "项目", "上年决算数")),
    # 说明项 is the slot's key the import reads; 说明位置 says in Chinese which
    # sentence of 情况说明 the reason completes.
    REASONS_SECTION: ("七、原因说明", ("说明项", "说明位置", "原因说明")),
    # Only for a layout whose tables do not list the asset counts (the
    # 财政部 nine, 广西, 上海): 江西's 10表 and 内蒙古's 表十一 list them.
    ASSETS_SECTION: ("八、国有资产占用", ("项目", "数量")),
    # Only for a layout that shows 政府性基金预算 income per code nowhere: its
    # 收入总表 has one 财政拨款收入 column and its 政府性基金 table no 本年收入
    # (上海 预算).
    GOV_FUND_INCOME_SECTION: (
        "九、政府性基金预算财政拨款收入（按科目）",
        ("科目编码", "科目名称", "本年收入"),
    ),
    # Only for a layout whose 收入总表 prints 上级补助收入 and 附属单位上缴收入
    # within 其他收入 (上海 预算): the parts of each such 其他收入.
    OTHER_INCOME_SECTION: (
        "十、其他收入构成（按科目）",
        ("科目编码", "科目名称", "上级补助收入", "附属单位上缴收入", "其他收入"),
    ),
}
OPTIONAL_SECTIONS = (ASSETS_SECTION, GOV_FUND_INCOME_SECTION, OTHER_INCOME_SECTION)
# Table roles whose rows carry the asset counts.
ASSET_TABLES = ("assets", "operations_info")
# The 收入总表 column that prints 上级补助, 附属单位上缴 and 其他收入 as one.
LUMPED_OTHER = "other_all"
LUMPED_SOURCES = ("superior_grant", "affiliate", "other")


def column_keys(definition) -> set[str]:
    """The keys of a table definition's columns ("fiscal", "income" …); none for no table."""
    if definition is None:
        return set()
    return {
        leaf.key
        for pane in definition.panes
        for head in pane.heads
        for leaf in head.leaves()
    }


def optional_sections(template) -> tuple[str, ...]:
    """The sections of OPTIONAL_SECTIONS a layout's workbook has: facts its tables do not show."""
    income = column_keys(template.table("income"))
    sections = []
    if not any(template.table(role) for role in ASSET_TABLES):
        sections.append(ASSETS_SECTION)
    if "gov_fund" not in income and "income" not in column_keys(
        template.table("gov_fund")
    ):
        sections.append(GOV_FUND_INCOME_SECTION)
    if not {"superior_grant", "affiliate"} <= income:
        sections.append(OTHER_INCOME_SECTION)
    return tuple(sections)


FUND_ORDER = (Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL)
COUNT_FIELDS = (
    "abroad_groups",
    "abroad_people",
    "reception_batches",
    "reception_people",
    "foreign_reception_batches",
    "foreign_reception_people",
    "vehicles_purchased",
    "vehicles_held",
)
FISCAL_SUPPLEMENT_FIELDS = ("budget_initial", "opening_balance", "closing_balance")


def field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def count_labels() -> dict[str, str]:
    return {name: field_label(ThreePublicExpenses, name) for name in COUNT_FIELDS}


ASSET_COUNT_FIELDS = (*AssetHolding.VEHICLE_FIELDS, "equipment_over_million")


def asset_labels() -> dict[str, str]:
    return {name: field_label(AssetHolding, name) for name in ASSET_COUNT_FIELDS}


def procurement_labels() -> dict[str, str]:
    return {name: field_label(Procurement, name) for name in Procurement.AMOUNT_FIELDS}


OPERATING_LABEL = "机关运行经费"


@dataclass(frozen=True)
class SupplementRow:
    values: tuple  # one value per column of the section
    kinds: tuple  # "text", "code", "amount" or "count" per column


def supplement_rows(data, narrative) -> dict[str, list[SupplementRow]]:
    """The 填报补充 sections of a report, from its facts (ReportData)."""
    sections: dict[str, list[SupplementRow]] = {}
    names = {c: fc.name for c, fc in data.function_codes.items()}
    fiscal = sorted(
        data.fiscal_lines,
        key=lambda line: (FUND_ORDER.index(line.fund), line.function_code.code),
    )
    sections[FISCAL_SECTION] = [
        SupplementRow(
            (
                str(Fund(line.fund).label),
                line.function_code.code,
                names.get(line.function_code.code, line.function_code.name),
                line.budget_initial,
                None if line.fund == Fund.GOV_FUND else line.opening_balance,
                None if line.fund == Fund.GOV_FUND else line.closing_balance,
            ),
            ("text", "code", "text", "amount", "amount", "amount"),
        )
        for line in fiscal
    ]
    sections[STATE_CAPITAL_INCOME_SECTION] = [
        SupplementRow(
            (line.function_code.code, line.function_code.name, line.state_capital),
            ("code", "text", "amount"),
        )
        for line in sorted(data.income_lines, key=lambda x: x.function_code.code)
        if line.state_capital
    ]
    three = data.three_public
    sections[COUNTS_SECTION] = [
        SupplementRow(
            (label, getattr(three, name) if three else None), ("text", "count")
        )
        for name, label in count_labels().items()
    ]
    procurement = data.procurement
    sections[PROCUREMENT_SECTION] = [
        SupplementRow(
            (label, getattr(procurement, name) if procurement else None),
            ("text", "amount"),
        )
        for name, label in procurement_labels().items()
    ]
    operating = data.operating_expense
    sections[OPERATING_SECTION] = [
        SupplementRow(
            (OPERATING_LABEL, operating.amount if operating else None),
            ("text", "amount"),
        )
    ]
    sections[PRIOR_SECTION] = [
        SupplementRow(
            (key, str(label), data.prior_figures.get(key)),
            ("text", "text", "amount"),
        )
        for key, label in PriorYearFigure.Key.choices
    ]
    # Every slot the narrative offers, filled or not, so that a reason is
    # added by writing it beside its label; then stored reasons it no longer asks for.
    sections[REASONS_SECTION] = [
        SupplementRow(
            (slot.key, slot.where, data.reasons.get(slot.key, "")),
            ("text", "text", "text"),
        )
        for slot in reason_slots(narrative, data.reasons, names)
    ]
    optional = optional_sections(data.report.template)
    if ASSETS_SECTION in optional:
        assets = data.assets
        sections[ASSETS_SECTION] = [
            SupplementRow(
                (label, getattr(assets, name) if assets else None), ("text", "count")
            )
            for name, label in asset_labels().items()
        ]
    income = sorted(data.income_lines, key=lambda line: line.function_code.code)

    def name_of(line) -> str:
        return names.get(line.function_code.code, line.function_code.name)

    if GOV_FUND_INCOME_SECTION in optional:
        sections[GOV_FUND_INCOME_SECTION] = [
            SupplementRow(
                (line.function_code.code, name_of(line), line.gov_fund),
                ("code", "text", "amount"),
            )
            for line in income
            if line.gov_fund
        ]
    if OTHER_INCOME_SECTION in optional:
        # Only the codes with a source other than 其他收入 proper: any other
        # 其他收入 of the 收入总表 is 其他收入 alone.
        sections[OTHER_INCOME_SECTION] = [
            SupplementRow(
                (
                    line.function_code.code,
                    name_of(line),
                    *(getattr(line, name) for name in LUMPED_SOURCES),
                ),
                ("code", "text", "amount", "amount", "amount"),
            )
            for line in income
            if line.superior_grant or line.affiliate
        ]
    return sections

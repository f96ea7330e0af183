"""Reading the 填报补充 sheet: the facts no 公开表 shows, section by section.

Each section starts with its title in column A, then its header row, then
data rows up to the next title. A mixin of the workbook reader: it records
problems and facts on the reader.
"""

import re
from decimal import Decimal
from functools import cached_property

from disclosure.exports.supplement import (
    FISCAL_SECTION,
    GOV_FUND_INCOME_SECTION,
    LUMPED_OTHER,
    LUMPED_SOURCES,
    OPERATING_LABEL,
    OPTIONAL_SECTIONS,
    OTHER_INCOME_SECTION,
    REASONS_SECTION,
    SUPPLEMENT_SECTIONS,
    SUPPLEMENT_SHEET,
    asset_labels,
    column_keys,
    count_labels,
    optional_sections,
    procurement_labels,
)
from disclosure.importers.cells import is_blank, same_text, shown, text_of
from disclosure.models import (
    REASON_KEY_PATTERN,
    REASON_MAX_LENGTH,
    Fund,
    PriorYearFigure,
)
from disclosure.reason_labels import reason_label
from disclosure.report_templates import template_for
from reporting.money import CENT, ZERO, AmountError, parse_count, parse_entry
from reporting.spreadsheets import unescape_formula

FUND_BY_LABEL = {str(fund.label): fund.value for fund in Fund}
# Headers of sections as workbooks exported before read them (no 说明位置
# column), still imported: the key is in column A and the reason last.
LEGACY_HEADERS = {REASONS_SECTION: ("说明项", "原因说明")}
# Sections a layout that shows their facts in its tables must not have: the
# same fact would have two sources.
TABLE_FACT_SECTIONS = {
    GOV_FUND_INCOME_SECTION: "政府性基金预算财政拨款收入",
    OTHER_INCOME_SECTION: "上级补助收入和附属单位上缴收入",
}


class SupplementReader:
    # -- 填报补充 --------------------------------------------------------------

    @cached_property
    def layout_sections(self) -> tuple[str, ...]:
        """The optional sections the report's layout has (optional_sections)."""
        return optional_sections(template_for(self.report))

    @cached_property
    def lumped_other(self) -> bool:
        """Whether the 收入总表 prints 上级补助 and 附属单位上缴 within 其他收入."""
        income = template_for(self.report).table("income")
        return LUMPED_OTHER in column_keys(income)

    def _read_supplement(self) -> None:
        name = SUPPLEMENT_SHEET
        width = max(len(headers) for _title, headers in SUPPLEMENT_SECTIONS.values())
        rows = self._sheet_rows(name, width)
        titles = {title: key for key, (title, _) in SUPPLEMENT_SECTIONS.items()}
        starts: dict[str, int] = {}
        for index, values in enumerate(rows):
            first = text_of(values[0]) if values else ""
            for title, key in titles.items():
                if same_text(first, title):
                    starts[key] = index
        missing = [
            title
            for key, (title, _) in SUPPLEMENT_SECTIONS.items()
            if key not in starts and key not in OPTIONAL_SECTIONS
        ]
        for title in missing:
            self.problem(f"缺少“{title}”部分（应在 A 列以此为标题）。", name)
        if missing:
            return
        for key, what in TABLE_FACT_SECTIONS.items():
            if key in starts and key not in self.layout_sections:
                self.problem(
                    f"本表样的公开表已按科目列示{what}，"
                    f"不应有“{SUPPLEMENT_SECTIONS[key][0]}”部分，请删除该部分。",
                    name,
                    starts[key] + 1,
                    1,
                )
        order = sorted(starts.items(), key=lambda item: item[1])
        for position, (key, index) in enumerate(order):
            end = order[position + 1][1] if position + 1 < len(order) else len(rows)
            header_row = rows[index + 1] if index + 1 < len(rows) else []

            def mismatches(headers, header_row=header_row):
                return [
                    (column, text)
                    for column, text in enumerate(headers, start=1)
                    if not same_text(
                        header_row[column - 1]
                        if column - 1 < len(header_row)
                        else None,
                        text,
                    )
                ]

            headers = SUPPLEMENT_SECTIONS[key][1]
            bad = mismatches(headers)
            if bad and key in LEGACY_HEADERS and not mismatches(LEGACY_HEADERS[key]):
                headers, bad = LEGACY_HEADERS[key], []
            for column, text in bad:
                self.problem(f"表头应为“{text}”。", name, index + 2, column)
            if bad:
                continue
            data = [
                (r + 1, (rows[r] + [None] * len(headers))[: len(headers)])
                for r in range(index + 2, end)
                if any(not is_blank(v) for v in rows[r])
            ]
            getattr(self, f"_supplement_{key}")(name, data)

    def _amount_cell(self, name, r, column, value, label, signed=False):
        try:
            # In the published unit, as the sheet says ("金额单位与公开表相同").
            unit = self.report.amount_unit
            return parse_entry(
                value, entry_unit=unit, stored_unit=unit, signed=signed, from_cell=True
            )
        except AmountError as exc:
            self.problem(f"“{label}”：{exc}", name, r, column)
            return None

    def _code_cell(self, name, r, column, value) -> str | None:
        code = text_of(value)
        entry = self.functions.by_code.get(code)
        if entry is None:
            self.problem(
                f"{self.year} 年度支出功能分类科目中没有编码为“{code}”的科目。",
                name,
                r,
                column,
            )
            return None
        if not self.functions.allowed(entry):
            self.problem(
                f"科目 {code} 下设明细科目，请填写到最末级科目。", name, r, column
            )
            return None
        return code

    def _supplement_fiscal(self, name, rows) -> None:
        labels = SUPPLEMENT_SECTIONS[FISCAL_SECTION][1]
        for r, (fund_text, code_value, _name, *amounts) in rows:
            fund = FUND_BY_LABEL.get(text_of(fund_text))
            if fund is None:
                allowed = "、".join(FUND_BY_LABEL)
                self.problem(
                    f"资金来源“{text_of(fund_text)}”应为 {allowed} 之一。", name, r, 1
                )
            code = self._code_cell(name, r, 2, code_value)
            values = {}
            for offset, (field_name, value) in enumerate(
                zip(
                    ("budget_initial", "opening_balance", "closing_balance"),
                    amounts,
                    strict=True,
                )
            ):
                column = 4 + offset
                if field_name == "budget_initial" and self.reads_budget:
                    continue
                if fund == Fund.GOV_FUND and field_name != "budget_initial":
                    if not is_blank(value):
                        self.problem(
                            "政府性基金预算财政拨款的结转和结余在公开07表中按科目填列，此处应留空。",
                            name,
                            r,
                            column,
                        )
                    continue
                values[field_name] = self._amount_cell(
                    name, r, column, value, labels[column - 1]
                )
            if fund is None or code is None:
                continue
            if self.reads_budget and not any(values.values()):
                continue  # a line the 预算 alone has
            if (fund, code) in self.supplement_fiscal:
                first = self.supplement_fiscal[(fund, code)][0]
                self.problem(
                    f"{Fund(fund).label} {code} 与第 {first} 行重复。", name, r, 2
                )
                continue
            self.supplement_fiscal[(fund, code)] = (
                r,
                {
                    k: v if v is not None else ZERO.quantize(CENT)
                    for k, v in values.items()
                },
            )

    def _income_by_code(self, name, rows, found: dict) -> None:
        """Rows of 科目编码 | 科目名称 | 本年收入 into `found`: code → (row, amount)."""
        for r, (code_value, _name, amount) in rows:
            code = self._code_cell(name, r, 1, code_value)
            value = self._amount_cell(name, r, 3, amount, "本年收入")
            if code is None:
                continue
            if code in found:
                self.problem(f"科目 {code} 与第 {found[code][0]} 行重复。", name, r, 1)
                continue
            found[code] = (r, value or ZERO.quantize(CENT))

    def _supplement_state_capital_income(self, name, rows) -> None:
        self._income_by_code(name, rows, self.supplement_soe)

    def _supplement_gov_fund_income(self, name, rows) -> None:
        self._income_by_code(name, rows, self.supplement_gov_fund)

    def _supplement_other_income(self, name, rows) -> None:
        labels = SUPPLEMENT_SECTIONS[OTHER_INCOME_SECTION][1]
        for r, (code_value, _name, *amounts) in rows:
            code = self._code_cell(name, r, 1, code_value)
            values = {
                field_name: self._amount_cell(
                    name, r, column, value, labels[column - 1]
                )
                or ZERO.quantize(CENT)
                for column, field_name, value in zip(
                    (3, 4, 5), LUMPED_SOURCES, amounts, strict=True
                )
            }
            if code is None:
                continue
            if code in self.supplement_other:
                first = self.supplement_other[code][0]
                self.problem(f"科目 {code} 与第 {first} 行重复。", name, r, 1)
                continue
            self.supplement_other[code] = (r, values)

    # -- the income these sections give, per code ------------------------------

    def _gov_fund_income(self, rows) -> dict[str, tuple[tuple, Decimal]]:
        """政府性基金预算 income per code and the cell it is in.

        From the 政府性基金 table's 本年收入 (`rows`, its detail rows), or from
        填报补充 where the layout shows it in no table.
        """
        found = {
            code: ((SUPPLEMENT_SHEET, r, 3), value)
            for code, (r, value) in self.supplement_gov_fund.items()
        }
        found |= {
            code: (
                (row.sheet, row.row, row.column("income")),
                self._fact(row, "income"),
            )
            for code, row in rows.items()
            if row.value("income")
        }
        return found

    def _other_sources(self, code: str, row) -> dict[str, Decimal]:
        """上级补助, 附属单位上缴 and 其他收入 of a code, where the 收入总表 lumps them.

        A layout that prints them as one 其他收入 (上海 预算) has their parts
        in 填报补充; a code not listed there has 其他收入 alone. {} for a
        layout whose 收入总表 prints each: its columns are read as they are.
        """
        if OTHER_INCOME_SECTION not in self.layout_sections:
            return {}
        zero = ZERO.quantize(CENT)
        lumped = None
        if self.lumped_other:
            lumped = self._fact(row, LUMPED_OTHER) if row is not None else zero
        r, parts = self.supplement_other.get(code, (None, None))
        if parts is None:
            if lumped is None:
                return {}
            return {"superior_grant": zero, "affiliate": zero, "other": lumped}
        total = sum(parts.values(), zero)
        if lumped is not None and total != lumped:
            self.problem(
                f"科目 {code} 的上级补助收入、附属单位上缴收入与其他收入之和 {shown(total)} "
                f"与{self._code('income')}的“其他收入” {shown(lumped)} 不一致。",
                SUPPLEMENT_SHEET,
                r,
                3,
            )
        return parts

    def _labelled(self, name, rows, labels: dict[str, str], count=False) -> dict:
        by_label = {label: key for key, label in labels.items()}
        found: dict[str, object] = {}
        for r, (label, value) in rows:
            key = next(
                (k for lbl, k in by_label.items() if same_text(lbl, label)), None
            )
            if key is None:
                allowed = "、".join(labels.values())
                self.problem(
                    f"无法识别的项目“{text_of(label)}”，应为 {allowed} 之一。",
                    name,
                    r,
                    1,
                )
                continue
            if key in found:
                self.problem(f"“{text_of(label)}”重复。", name, r, 1)
                continue
            if count:
                try:
                    number = parse_count(value, from_cell=True)
                except AmountError as exc:
                    self.problem(f"“{labels[key]}”：{exc}", name, r, 2)
                    continue
            else:
                number = self._amount_cell(name, r, 2, value, labels[key])
            found[key] = number
        return found

    def _supplement_counts(self, name, rows) -> None:
        self.supplement_counts = self._labelled(name, rows, count_labels(), count=True)

    def _supplement_assets(self, name, rows) -> None:
        self.supplement_assets = self._labelled(name, rows, asset_labels(), count=True)

    def _supplement_procurement(self, name, rows) -> None:
        self.supplement_procurement = self._labelled(name, rows, procurement_labels())

    def _supplement_operating(self, name, rows) -> None:
        found = self._labelled(name, rows, {"amount": OPERATING_LABEL})
        self.facts.operating_expense = found.get("amount")

    def _supplement_prior(self, name, rows) -> None:
        keys = dict(PriorYearFigure.Key.choices)
        for r, (key_value, _label, amount) in rows:
            key = text_of(key_value)
            if key not in keys:
                self.problem(f"上年比较数的代码“{key}”无法识别。", name, r, 1)
                continue
            if key in self.facts.prior:
                self.problem(f"上年比较数“{keys[key]}”重复。", name, r, 1)
                continue
            # Prior balances can be negative, as this year's can.
            value = self._amount_cell(name, r, 3, amount, str(keys[key]), signed=True)
            if value is not None:
                self.facts.prior[key] = value

    def _supplement_reasons(self, name, rows) -> None:
        # The key first and the reason last: 说明位置 between them is for people.
        for r, values in rows:
            key_value, text_value, text_column = values[0], values[-1], len(values)
            key = text_of(key_value)
            text = (
                "" if text_value is None else unescape_formula(str(text_value)).strip()
            )
            if not re.fullmatch(REASON_KEY_PATTERN, key):
                self.problem(
                    f"说明项“{key}”格式不正确：应为小写字母、数字和下划线，层级之间用英文冒号分隔，"
                    "例如 fiscal_class:212。",
                    name,
                    r,
                    1,
                )
                continue
            if key in self.facts.reasons:
                self.problem(f"“{reason_label(key)}”的原因说明重复。", name, r, 1)
                continue
            if len(text) > REASON_MAX_LENGTH:
                self.problem(
                    f"“{reason_label(key)}”的原因说明有 {len(text):,} 字，"
                    f"超过 {REASON_MAX_LENGTH:,} 字的上限，请精简后再导入。",
                    name,
                    r,
                    text_column,
                )
                continue
            if text:
                self.facts.reasons[key] = text

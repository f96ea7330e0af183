"""A report workbook (the layout `disclosure.exports.xlsx` writes) back into facts.

    facts = read_workbook(report, content)        # WorkbookRejected lists every problem
    changes = preview(report, facts)              # per sheet, per cell: old → new
    result = import_workbook(report, content, user)  # all or nothing, drafts only

Where each fact comes from
--------------------------
The ten 公开表 show most facts; the 填报补充 sheet carries the rest, so that an
exported workbook imported into an empty report gives identical facts.

* 收入 (IncomeLine) per code: 上级补助 … 其他收入 from 公开02表's detail rows;
  政府性基金预算财政拨款 from 公开07表's 本年收入; 国有资本经营预算财政拨款 from
  填报补充 §二 (no 公开表 shows it per code). 公开02表 shows only their sum,
  财政拨款收入, so 一般公共预算财政拨款 = 财政拨款收入 − 政府性基金 − 国有资本经营,
  per code; a negative result is an error naming the cells. A layout that
  shows 政府性基金 income in no table (上海 预算) has it in 填报补充 §九; one
  whose 收入总表 prints 上级补助 and 附属单位上缴 within 其他收入 has the parts
  of each such 其他收入 in §十 (which must add up to it).
* 支出 (ExpenditureLine): 公开03表's detail rows.
* 财政拨款支出 (FiscalExpenditureLine): 基本/项目支出 from 公开05表 (一般公共预算),
  07表 (政府性基金, with its per-code 年初/年末结转和结余) and 08表 (国有资本经营);
  年初预算数 of every fund, and 年初/年末结转和结余 of 一般公共预算 and 国有资本经营
  per code, from 填报补充 §一, which lists every such line (so a line with only a
  budget or a balance is kept).
* 基本支出 (BasicExpenditureLine): 公开06表's 款 rows.
* 结转结余 (Balances): 公开01表's 使用非财政拨款结余, 年初结转和结余, 结余分配, 年末结转和结余.
* “三公” (ThreePublicExpenses): amounts from 公开09表, counts from 填报补充 §三.
* 国有资产 (AssetHolding): 公开10表. 政府采购, 机关运行经费, 上年比较数, 原因说明:
  填报补充 §四–§七.

A detail row is a row whose code is a last-level code of the year's list; the
other coded rows (类, 款 with 项 below them) and every 合计/total are *stated*
figures: once the details are read, the tables are rebuilt from them with the
same builders as every output, and each stated figure in the file must equal
the rebuilt one (sheet, row, column, stated and computed value otherwise).
Blank means "not entered" for the one-per-report facts (a blank 公开09表 and
blank counts: no “三公” record) and zero everywhere else. Lines whose figures
are all zero are not kept: no table shows them.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure import budgets
from disclosure.entry import check_report_editable, fact_writes
from disclosure.exports.supplement import (
    COUNT_FIELDS,
    GOV_FUND_INCOME_SECTION,
    SUPPLEMENT_SHEET,
    procurement_labels,
)
from disclosure.exports.xlsx import (
    HEADER_ROW,
    META_ROW,
    NOTE_PREFIXES,
    header_end_row,
)
from disclosure.forms import GRID_GROUPS, CodeList
from disclosure.importers.cells import (
    Problem,
    WorkbookRejected,
    is_blank,
    same_text,
    shown,
    text_of,
)
from disclosure.importers.facts import (
    ASSET_FIELDS,
    ImportResult,
    ReportFacts,
    build_tables_from_facts,
    save_facts,
)
from disclosure.importers.supplement import SupplementReader
from disclosure.importers.workbook_file import (  # noqa: F401 — imported from here too
    MAX_FILE_BYTES,
    open_workbook,
    sheet_rows,
    too_large,
)
from disclosure.models import (
    EXPENDITURE_FIELDS,
    FISCAL_FIELDS,
    INCOME_FIELDS,
    PROCUREMENT_FIELDS,
    THREE_PUBLIC_FIELDS,
    Balances,
    FunctionCode,
    Fund,
    Report,
)
from disclosure.report_templates import template_for
from disclosure.versions import Version, check_facts
from reporting.money import (
    CENT,
    STORED_QUANTUM,
    ZERO,
    AmountError,
    convert,
    parse_count,
    parse_entry,
)
from reporting.table import Pane, Role, Table

# Rows a sheet can hold: at most every code of the year's function list in
# each of the three funds plus its 原因说明 (填报补充 is the longest sheet),
# and headings. Nothing beyond is read, whatever the file claims.
ROWS_PER_CODE = 4
HEADING_ROWS = 200
CLASS_LABEL = re.compile(r"^[一二三四五六七八九十]+、(.+)$")
# 公开01表 rows that are facts (Balances), not sums.
BALANCE_ROWS = {
    "in_nfs": "non_fiscal_surplus_used",
    "in_begin": "opening_total",
    "ex_dist": "surplus_distribution",
    "ex_end": "closing_total",
}
# Columns of the hierarchy tables that are facts, per table role; a table of
# a layout is found by its role, whatever its number. 国有资本经营 has the
# balance columns in some layouts (上海); 项目支出明细 only repeats 05表's.
DETAIL_COLUMNS = {
    "income": (
        "fiscal",
        # A 预算's 收入总表 gives each fund a column of its own.
        "general_budget",
        "gov_fund",
        "state_capital",
        "superior_grant",
        "business",
        "operating",
        "affiliate",
        "other",
        # 上级补助, 附属单位上缴 and 其他收入 as one (上海 预算): its parts are
        # in 填报补充 (SupplementReader._other_sources).
        "other_all",
    ),
    "expenditure": EXPENDITURE_FIELDS,
    "general_budget": ("basic", "project"),
    "gov_fund": ("opening", "income", "basic", "project", "closing"),
    "state_capital": ("opening", "income", "basic", "project", "closing"),
    "general_project": (),
}
HIERARCHY_TABLES = tuple(DETAIL_COLUMNS)
FIXED_ROW_TABLES = ("summary", "fiscal_summary", "assets", "operations_info")
# Tables that hold no fact of the report: a 部门决算's 分单位 附表 shows other
# reports' figures. Their sheets are neither required nor read.
# A 预算's 项目绩效目标表 prints the projects entered in the 绩效 pages.
UNREAD_TABLES = ("by_unit", "performance_targets")


# -- the file's rows ------------------------------------------------------------


@dataclass
class FileRow:
    """One row of one pane of a table sheet, as read."""

    sheet: str
    row: int
    key: str  # the Table row key: a code, "total", or a fixed row's key
    label: str
    code: str = ""
    pane: int = 0
    detail: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # column key → header
    # column key → (1-based column, value); values of number columns only
    cells: dict[str, tuple[int, object]] = field(default_factory=dict)

    def value(self, column_key: str, default=None):
        cell = self.cells.get(column_key)
        return default if cell is None or cell[1] is None else cell[1]

    def column(self, column_key: str) -> int | None:
        cell = self.cells.get(column_key)
        return cell[0] if cell else None

    @property
    def described(self) -> str:
        return f"{self.code} {self.label}".strip() if self.code else self.label


def skeleton(definition) -> Table:
    """A Table with the definition's headers and no rows: the layout of its sheet."""
    return Table(
        key=definition.key,
        code=definition.code,
        title=definition.title,
        unit_name="",
        year=0,
        measure_label=definition.measure_label,
        measure=definition.measure,
        panes=tuple(Pane(spec.heads, ()) for spec in definition.panes),
        show_index_row=definition.show_index_row,
        landscape=definition.landscape,
    )


def fixed_amount_unit(table: Table) -> str:
    """The amount unit a table is printed in whatever the report's, "" for none."""
    units = {label: value for value, label in Report.AmountUnit.choices}
    return units.get(table.measure, "")


def column_labels(table: Table) -> list[dict[str, str]]:
    """Per pane: value column key → its header path (预算数·公务用车购置及运行费·小计)."""
    labels = []
    for pane in table.panes:
        found = {}

        def walk(head, path, found=found):
            path = [*path, head.text]
            if head.children:
                for child in head.children:
                    walk(child, path)
            elif head.role.is_number:
                found[head.key] = "·".join(path)

        for head in pane.heads:
            walk(head, [])
        labels.append(found)
    return labels


class _Reader(SupplementReader):
    def __init__(self, report: Report, workbook):
        self.report = report
        self.workbook = workbook
        self.year = report.fiscal_year.year
        # A 决算 whose 预算 is published reads its 年初预算数 from there: the
        # column of 填报补充 is not read into it (disclosure/budgets.py).
        self.reads_budget = budgets.budget_report(report) is not None
        self.problems: list[Problem] = []
        self.definitions = [
            d for d in template_for(report).definitions if d.role not in UNREAD_TABLES
        ]
        self.functions = CodeList(report, GRID_GROUPS["income"])
        self.economics = CodeList(report, GRID_GROUPS["basic"])
        self.rows: dict[str, list[FileRow]] = {}
        self.labels: dict[str, list[dict[str, str]]] = {}
        self.class_names: dict[str, dict[str, str]] = {}
        self.facts = ReportFacts()
        self.supplement_fiscal: dict[tuple[str, str], tuple[int, dict]] = {}
        self.supplement_soe: dict[str, tuple[int, Decimal]] = {}
        self.supplement_gov_fund: dict[str, tuple[int, Decimal]] = {}
        self.supplement_other: dict[str, tuple[int, dict[str, Decimal]]] = {}
        self.supplement_counts: dict[str, int | None] = {}
        self.supplement_procurement: dict[str, Decimal | None] = {}
        self.supplement_assets: dict[str, int | None] = {}
        self.max_rows: int | None = None

    def problem(self, message, sheet="", row=None, column=None) -> None:
        self.problems.append(Problem(message, sheet, row, column))

    # -- whole workbook --------------------------------------------------------

    def read(self) -> ReportFacts:
        names = list(self.workbook.sheetnames)
        expected = [d.code for d in self.definitions] + [SUPPLEMENT_SHEET]
        missing = [name for name in expected if name not in names]
        if missing:
            others = [n for n in names if n not in expected]
            found = "、".join(f"“{n}”" for n in others) or "无"
            for name in missing:
                self.problem(
                    f"缺少工作表“{name}”。工作簿应包含本系统导出的 {len(expected)} 张工作表"
                    f"（{expected[0]}—{expected[-2]} 和 {SUPPLEMENT_SHEET}），工作表名称不能修改；"
                    f"工作簿中无法对应的工作表：{found}。"
                )
            raise WorkbookRejected(self.problems)
        for definition in self.definitions:
            self._read_table(definition)
        self._read_supplement()
        if not self.problems:
            self._assemble()
        if not self.problems:
            self._check_stated()
        if self.problems:
            raise WorkbookRejected(self.problems)
        return self.facts

    def _sheet_rows(self, name: str, width: int) -> list[list]:
        # Bounded by the template's shape, never by the sheet's own <dimension>.
        if self.max_rows is None:
            codes = FunctionCode.objects.filter(fiscal_year__year=self.year).count()
            self.max_rows = ROWS_PER_CODE * codes + HEADING_ROWS
        return sheet_rows(self.workbook, name, self.max_rows, width)

    # -- one 公开表 ------------------------------------------------------------

    def _read_table(self, definition) -> None:
        layout = skeleton(definition)
        self.labels[definition.key] = column_labels(layout)
        name = definition.code
        width = len(layout.columns)
        rows = self._sheet_rows(name, width)

        def cell(r, c):  # 1-based
            if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                return rows[r - 1][c - 1]
            return None

        before = len(self.problems)
        self._check_meta(name, [cell(META_ROW, c) for c in range(1, width + 1)], layout)
        for level, cells in enumerate(layout.header_rows):
            for head in cells:
                found = cell(HEADER_ROW + level, head.column + 1)
                if not same_text(found, head.text):
                    self.problem(
                        f"表头应为“{head.text}”，实际为“{text_of(found)}”。"
                        "请使用本系统导出的表样，不要插入、删除或移动列。",
                        name,
                        HEADER_ROW + level,
                        head.column + 1,
                    )
        if len(self.problems) > before:
            return

        offsets, column = [], 0
        for pane in layout.panes:
            offsets.append(column)
            column += len(pane.columns)
        parsed: list[FileRow] = []
        start = header_end_row(layout) + 1
        for r in range(start, len(rows) + 1):
            values = rows[r - 1] + [None] * (width - len(rows[r - 1]))
            if any(
                isinstance(v, str) and v.strip().startswith(NOTE_PREFIXES)
                for v in values
            ):
                break
            if len(values) > width and any(not is_blank(v) for v in values[width:]):
                extra = next(
                    i for i, v in enumerate(values) if i >= width and not is_blank(v)
                )
                self.problem("表格范围以外的单元格有内容。", name, r, extra + 1)
            for index, pane in enumerate(layout.panes):
                chunk = values[offsets[index] : offsets[index] + len(pane.columns)]
                if all(is_blank(v) for v in chunk):
                    continue
                row = self._read_row(
                    definition, name, r, index, offsets[index], pane, chunk
                )
                if row is not None:
                    parsed.append(row)
        self.rows[definition.role] = parsed
        self._check_rows(definition, name, parsed)

    def _check_meta(self, name: str, cells: list, layout: Table) -> None:
        texts = [text_of(c) for c in cells]
        if name == self.definitions[0].code:
            unit_prefix = text_of("编制单位：")
            for text in texts:
                if text.startswith(unit_prefix):
                    self.facts.source_unit = text.removeprefix(unit_prefix).strip()
                match = re.fullmatch(r"(\d{4})\s*年度?", text)
                if match:
                    self.facts.source_year = match.group(1)
        self.sheet_unit = self.report.amount_unit
        if layout.measure:
            # A fixed unit: an amount unit (上海 预算's “三公” in 万元), read in
            # it and converted exactly, or one that counts things (台、辆、套).
            self.sheet_unit = fixed_amount_unit(layout) or self.sheet_unit
            return
        prefix = text_of(f"{layout.measure_label}：")
        units = {text_of(label): value for value, label in Report.AmountUnit.choices}
        for column, text in enumerate(texts, start=1):
            if text.startswith(prefix):
                stated = text.removeprefix(prefix).strip()
                if stated in units:
                    # A sheet in 元 (the accounts) or in 万元 is read in its
                    # own unit and converted exactly.
                    self.sheet_unit = units[stated]
                else:
                    self.problem(
                        f"金额单位为“{stated}”，只能是“万元”或“元”。",
                        name,
                        META_ROW,
                        column,
                    )

    def _read_row(self, definition, name, r, pane_index, offset, pane, chunk):
        columns = pane.columns
        parts = ["", "", ""]
        whole = ""
        label = ""
        cells: dict[str, tuple[int, object]] = {}
        ok = True
        first = text_of(chunk[0])
        if columns[0].role.is_code and first and not first.isdigit():
            # A row without a code (合计) has its label merged over the code columns.
            chunk = [None, *chunk[1:]]
            label_position = next(
                i for i, head in enumerate(columns) if head.role == Role.LABEL
            )
            chunk[label_position] = chunk[label_position] or first
        for position, (head, value) in enumerate(zip(columns, chunk, strict=True)):
            column = offset + position + 1
            if head.role == Role.CODE_PART:
                text = text_of(value)
                if isinstance(value, int | float) and head.part > 0 and text.isdigit():
                    text = text.zfill(2)
                length = 3 if head.part == 0 else 2
                if text and not re.fullmatch(rf"\d{{{length}}}", text):
                    self.problem(
                        f"“{head.text}”列应为 {length} 位数字，实际为“{text}”。",
                        name,
                        r,
                        column,
                    )
                    ok = False
                parts[head.part] = text
            elif head.role == Role.CODE:
                whole = text_of(value)
            elif head.role == Role.LABEL:
                label = text_of(value)
            elif head.role.is_number:
                try:
                    # Signed here: whether a figure may be negative depends on
                    # the fact it feeds (_fact), known once rows are assembled.
                    if head.role == Role.COUNT:
                        number = parse_count(value, from_cell=True)
                    else:
                        number = parse_entry(
                            value,
                            entry_unit=self.sheet_unit,
                            stored_unit=self.report.amount_unit,
                            signed=True,
                            from_cell=True,
                        )
                except AmountError as exc:
                    self.problem(f"“{head.text}”列：{exc}", name, r, column)
                    ok = False
                    number = None
                cells[head.key] = (column, number)
        code = whole or "".join(parts)
        if not code and not label and all(v is None for _, v in cells.values()):
            return None  # a blank row that keeps the panes aligned (行次 only)
        if parts[1] and not parts[0] or parts[2] and not parts[1]:
            self.problem(
                "科目编码的类、款、项须从左到右依次填写。", name, r, offset + 1
            )
            return None
        if not ok:
            return None
        key = self._row_key(definition, name, r, pane_index, code, label, offset)
        if key is None:
            return None
        return FileRow(
            name,
            r,
            key,
            label,
            code,
            pane_index,
            cells=cells,
            labels=self.labels[definition.key][pane_index],
        )

    def _row_key(self, definition, name, r, pane_index, code, label, offset):
        """The Table row key of a file row, or None (with a problem) when it has none."""
        key = definition.role
        if key in HIERARCHY_TABLES:
            if code:
                return code
            if same_text(label, "合计"):
                return "total"
            self.problem(
                f"“{label}”行没有科目编码。"
                if label
                else "有金额的行没有科目编码和名称。",
                name,
                r,
                offset + 1,
            )
            return None
        if key == "basic_by_economic_class":
            pane = definition.economic_panes[pane_index]
            if code:
                return code
            if same_text(label, pane.total.label):
                return pane.total.key
            self.problem(
                f"“{label}”行没有经济分类科目编码。"
                if label
                else "有金额的行没有科目编码。",
                name,
                r,
                offset + 1,
            )
            return None
        if key == "three_public":
            return "row"
        # Fixed rows (公开01/04/10表): by label.
        spec = definition.panes[pane_index]
        for row_spec in spec.rows:
            if row_spec.key and not row_spec.key.startswith("<"):
                if same_text(label, row_spec.label):
                    return row_spec.key
        if any(r_spec.key == "<classes>" for r_spec in spec.rows):
            match = CLASS_LABEL.match(label)
            if match:
                wanted = re.sub(r"\s+", "", match.group(1))
                for class_code, class_name in self._class_names(definition).items():
                    if re.sub(r"\s+", "", class_name) == wanted:
                        return f"ex:{class_code}"
        if not label:
            self.problem("没有项目名称的行填写了数字。", name, r, offset + 1)
        else:
            self.problem(
                f"无法识别的行“{label}”：行名称应与本系统导出的表样一致。",
                name,
                r,
                offset + 1,
            )
        return None

    def _class_names(self, definition) -> dict[str, str]:
        if definition.key not in self.class_names:
            names = dict(definition.classes)
            for code, entry in self.functions.by_code.items():
                if entry.level == FunctionCode.Level.CLASS:
                    names[code] = entry.name
            self.class_names[definition.key] = names
        return self.class_names[definition.key]

    def _check_rows(self, definition, name: str, rows: list[FileRow]) -> None:
        """Duplicates, unknown codes, pane membership (06表), missing fixed rows."""
        seen: dict[str, int] = {}
        for row in rows:
            if row.key in seen:
                self.problem(
                    f"“{row.described}”与第 {seen[row.key]} 行重复，同一行只能出现一次。",
                    name,
                    row.row,
                )
                continue
            seen[row.key] = row.row
            if not row.code:
                continue
            if definition.role in HIERARCHY_TABLES:
                self._check_function_code(name, row)
            elif definition.role == "basic_by_economic_class":
                self._check_economic_code(definition, name, row)
        if definition.role in FIXED_ROW_TABLES:
            for spec in definition.panes:
                for row_spec in spec.rows:
                    if row_spec.key and not row_spec.key.startswith("<"):
                        if row_spec.key not in seen:
                            self.problem(f"缺少“{row_spec.label}”行。", name)
        if definition.role == "three_public" and len(rows) > 1:
            self.problem("本表只有一行数据。", name, rows[1].row)

    def _check_function_code(self, name: str, row: FileRow) -> None:
        entry = self.functions.by_code.get(row.code)
        if entry is None:
            self.problem(
                f"{self.year} 年度支出功能分类科目中没有编码为 {row.code} 的科目。",
                name,
                row.row,
                1,
            )
            return
        row.detail = self.functions.allowed(entry)

    def _check_economic_code(self, definition, name: str, row: FileRow) -> None:
        entry = self.economics.by_code.get(row.code)
        if entry is None:
            self.problem(
                f"{self.year} 年度部门预算支出经济分类科目中没有编码为 {row.code} 的科目。",
                name,
                row.row,
            )
            return
        row.detail = len(row.code) == 5
        panes = definition.economic_panes
        claimed = {c for pane in panes for c in pane.classes}

        def belongs(pane) -> bool:
            cls = row.code[:3]
            return cls in pane.classes if pane.classes else cls not in claimed

        if not belongs(panes[row.pane]):
            title = next(p for p in panes if belongs(p)).total.label.removesuffix(
                "合计"
            )
            self.problem(
                f"经济分类 {row.code} 属于{title}，应填在“{title}”栏。", name, row.row
            )

    # -- facts from the rows ---------------------------------------------------

    def _code(self, role: str) -> str:
        """The number the layout prints on its table of `role` (公开02表, 表二 …)."""
        return next((d.code for d in self.definitions if d.role == role), "")

    def _details(self, table_key: str) -> dict[str, FileRow]:
        return {row.code: row for row in self.rows.get(table_key, []) if row.detail}

    def _fact(self, row: FileRow, column_key: str, signed: bool = False) -> Decimal:
        """A fact cell of a row: blank is zero; a negative is refused unless `signed`."""
        value = row.value(column_key)
        if value is None:
            return ZERO.quantize(CENT)
        if value < 0 and not signed:
            label = row.labels.get(column_key, column_key)
            self.problem(
                f"“{row.described}”的“{label}”不能为负数（{value}）。",
                row.sheet,
                row.row,
                row.column(column_key),
            )
        return value

    def _assemble(self) -> None:
        facts = self.facts
        income = self._details("income")
        spending = self._details("expenditure")
        general = self._details("general_budget")
        gov_fund = self._details("gov_fund")
        state_capital = self._details("state_capital")
        soe_income = dict(self.supplement_soe)
        # A 国有资本经营 table with an income column (上海) states it there.
        soe_income |= {
            code: (row.row, self._fact(row, "income"))
            for code, row in state_capital.items()
            if row.value("income")
        }

        gov_fund_income = self._gov_fund_income(gov_fund)
        codes = set(income) | set(gov_fund_income) | set(soe_income)
        codes |= set(self.supplement_other)
        for code in sorted(codes):
            row = income.get(code)
            values = {}
            for key in (
                "superior_grant",
                "business",
                "operating",
                "affiliate",
                "other",
            ):
                values[key] = self._fact(row, key) if row else ZERO.quantize(CENT)
            values |= self._other_sources(code, row)
            if row is not None and "general_budget" in row.cells:
                for key in ("general_budget", "gov_fund", "state_capital"):
                    values[key] = self._fact(row, key).quantize(STORED_QUANTUM)
                if any(values.values()):
                    facts.income[code] = {name: values[name] for name in INCOME_FIELDS}
                continue
            fiscal = self._fact(row, "fiscal") if row else ZERO
            fund_cell, fund_income = gov_fund_income.get(code, (None, ZERO))
            values["gov_fund"] = fund_income.quantize(STORED_QUANTUM)
            values["state_capital"] = soe_income.get(code, (0, ZERO))[1].quantize(
                STORED_QUANTUM
            )
            general_budget = fiscal - values["gov_fund"] - values["state_capital"]
            if general_budget < 0:
                where = (
                    (row.sheet, row.row, row.column("fiscal"))
                    if row
                    else fund_cell or (SUPPLEMENT_SHEET, soe_income[code][0], 3)
                )
                fund_sheet = (
                    SUPPLEMENT_SHEET
                    if GOV_FUND_INCOME_SECTION in self.layout_sections
                    else self._code("gov_fund")
                )
                self.problem(
                    f"科目 {code} 的财政拨款收入 {shown(fiscal)}（{self._code('income')}）小于其中的"
                    f"政府性基金预算财政拨款收入 {shown(values['gov_fund'])}"
                    f"（{fund_sheet}）与"
                    f"国有资本经营预算财政拨款收入 {shown(values['state_capital'])}"
                    f"（{SUPPLEMENT_SHEET}）之和。",
                    *where,
                )
                continue
            values["general_budget"] = general_budget.quantize(STORED_QUANTUM)
            if any(values.values()):
                facts.income[code] = {name: values[name] for name in INCOME_FIELDS}

        for code, row in spending.items():
            values = {name: self._fact(row, name) for name in EXPENDITURE_FIELDS}
            if any(values.values()):
                facts.expenditure[code] = values

        supplement = self.supplement_fiscal
        zero = ZERO.quantize(CENT)
        for fund, rows, columns in (
            (Fund.GENERAL, general, {"basic": "basic", "project": "project"}),
            (
                Fund.GOV_FUND,
                gov_fund,
                {
                    "basic": "basic",
                    "project": "project",
                    "opening_balance": "opening",
                    "closing_balance": "closing",
                },
            ),
            (
                Fund.STATE_CAPITAL,
                state_capital,
                {
                    "basic": "basic",
                    "project": "project",
                    "opening_balance": "opening",
                    "closing_balance": "closing",
                },
            ),
        ):
            keys = {
                code
                for code, row in rows.items()
                if any(row.value(c) for c in columns.values())
            }
            keys |= {code for f, code in supplement if f == fund}
            for code in sorted(keys):
                row = rows.get(code)
                values = dict.fromkeys(FISCAL_FIELDS, zero)
                if row is not None:
                    for field_name, column in columns.items():
                        values[field_name] = self._fact(row, column)
                values.update(supplement.get((fund, code), (0, {}))[1])
                facts.fiscal[(fund.value, code)] = values

        for code, row in self._details("basic_by_economic_class").items():
            amount = self._fact(row, "amount")
            if amount:
                facts.basic[code] = amount

        summary = {row.key: row for row in self.rows.get("summary", [])}
        stated = {
            field_name: summary[key].value("amount") if key in summary else None
            for key, field_name in BALANCE_ROWS.items()
        }
        summary_rows = {
            row.key
            for d in self.definitions
            if d.role == "summary"
            for pane in d.panes
            for row in pane.rows
        }
        if not summary_rows & set(BALANCE_ROWS):
            # A layout that prints no 结转结余 (上海 预算: 收入总计 is the
            # year's income) has none to state: they are zero.
            facts.balances = {name: zero for name in BALANCE_ROWS.values()}
        elif any(v is not None for v in stated.values()):
            facts.balances = {}
            for key, field_name in BALANCE_ROWS.items():
                signed = field_name in Balances.SIGNED_FIELDS
                facts.balances[field_name] = (
                    self._fact(summary[key], "amount", signed=signed)
                    if key in summary
                    else zero
                )

        three = next(iter(self.rows.get("three_public", [])), None)
        counts = self.supplement_counts
        if (three and any(v is not None for _, v in three.cells.values())) or any(
            v is not None for v in counts.values()
        ):
            facts.three_public = {}
            for column in THREE_PUBLIC_FIELDS:
                # A blank sub-row stays blank (None), as the table printed it.
                blank = three is None or three.value(column) is None
                facts.three_public[column] = (
                    None if blank else self._fact(three, column)
                )
            for name in COUNT_FIELDS:
                facts.three_public[name] = counts.get(name) or 0
            if (
                facts.three_public["foreign_reception_batches"]
                > facts.three_public["reception_batches"]
                or facts.three_public["foreign_reception_people"]
                > facts.three_public["reception_people"]
            ):
                self.problem(
                    "其中外事接待批次、人次不能大于国内公务接待批次、人次。",
                    SUPPLEMENT_SHEET,
                )

        # The counts are on the asset table (江西 10表, column 决算数), on the
        # information table (内蒙古 表十一, column 数量), or in 填报补充.
        assets = {row.key: (row, "amount") for row in self.rows.get("assets", [])} | {
            row.key: (row, "count")
            for row in self.rows.get("operations_info", [])
            if row.key in ASSET_FIELDS
        }
        if any(row.value(column) is not None for row, column in assets.values()):
            facts.assets = {}
            for name in ASSET_FIELDS:
                row, column = assets.get(name, (None, "amount"))
                value = row.value(column, 0) if row else 0
                if value < 0:
                    self.problem(
                        f"“{row.label}”不能为负数。",
                        row.sheet,
                        row.row,
                        row.column(column),
                    )
                facts.assets[name] = value
        elif any(v is not None for v in self.supplement_assets.values()):
            facts.assets = {
                name: self.supplement_assets.get(name) or 0 for name in ASSET_FIELDS
            }

        procurement = self.supplement_procurement
        if any(v is not None for v in procurement.values()):
            facts.procurement = {
                name: procurement.get(name) or zero for name in PROCUREMENT_FIELDS
            }
            p = facts.procurement
            for part, whole in (
                ("sme_goods", "goods"),
                ("sme_works", "works"),
                ("sme_services", "services"),
            ):
                if p[part] > p[whole]:
                    labels = procurement_labels()
                    self.problem(
                        f"“{labels[part]}”（{p[part]}）不能大于“{labels[whole]}”（{p[whole]}）。",
                        SUPPLEMENT_SHEET,
                    )
            if p["small_micro"] > p["sme_goods"] + p["sme_works"] + p["sme_services"]:
                self.problem(
                    "“授予小微企业合同金额”不能大于授予中小企业合同金额合计。",
                    SUPPLEMENT_SHEET,
                )

    # -- stated figures against the rebuilt tables -----------------------------

    def _check_stated(self) -> None:
        tables = {
            t.key: t for t in build_tables_from_facts(self.report, self.facts, self)
        }
        for definition in self.definitions:
            computed = tables[definition.key]
            rows = self.rows.get(definition.role, [])
            terms = max(sum(1 for row in rows if row.detail), 1)
            # The rebuilt figures in the unit of the stated ones (the report's).
            unit = fixed_amount_unit(computed)
            for row in rows:
                for column_key, (column, stated) in row.cells.items():
                    value = computed.value(row.key, column_key, None)
                    if unit and value is not None:
                        value = convert(value, unit, self.report.amount_unit)
                    if (stated or 0) == (value or 0):
                        continue
                    where = (
                        f"“{row.described}”的“{row.labels.get(column_key, column_key)}”"
                    )
                    if row.code and not row.detail and not computed.has_row(row.key):
                        # An amount on a code that has no detail below it in the
                        # file: it would be lost, so the file is refused.
                        self.problem(
                            f"{where}文件中为 {shown(stated)}，按明细计算应为 {shown(value or 0)}。"
                            "该科目下设明细科目，其金额应为下级科目之和，请把金额填到最末级科目。",
                            row.sheet,
                            row.row,
                            column,
                        )
                        continue
                    # A total or subtotal: it follows its details.
                    note = (
                        f"工作表“{row.sheet}” 第 {row.row} 行：{where}文件中为 {shown(stated)}，"
                        f"按明细重新计算为 {shown(value or 0)}。"
                    )
                    if abs((stated or 0) - (value or 0)) <= CENT * terms:
                        # An official 万元 total is rounded once from the
                        # accounts, so it may differ from the sum of its
                        # rounded parts by 0.01 per part.
                        note += (
                            "差额在各明细四舍五入的误差之内；"
                            "如需公开与账面一致的合计，请以元填写明细。"
                        )
                    self.facts.recomputed.append(note)


def read_workbook(report: Report, content: bytes) -> ReportFacts:
    """Every fact the workbook gives for `report`; WorkbookRejected lists every problem."""
    workbook = open_workbook(content)
    try:
        return _Reader(report, workbook).read()
    finally:
        workbook.close()


def import_workbook(
    report: Report, content: bytes, user, version: Version | None = None
) -> ImportResult:
    """Read the workbook and replace every fact of `report` with its figures; all or nothing.

    Only a draft report in the user's scope can be imported into (the same
    check as every other edit); the file is read completely before anything
    is written, and the writes go through one entry.FactWriter (one
    transaction, the report locked).
    `version` is that of the facts the user's preview was computed against:
    when they have changed since, versions.StaleVersion is raised and nothing
    is written (the import would silently revert those changes).
    """
    check_report_editable(report, user)
    facts = read_workbook(report, content)
    with fact_writes(report, user) as writer:
        if version is not None:
            check_facts(version, writer.report)
        save_facts(writer, facts)
    changes = writer.changes
    return ImportResult(changes.created, changes.updated, changes.deleted)

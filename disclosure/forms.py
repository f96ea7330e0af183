"""Entry forms: the line grids of a report (codes × measures) and the one-per-report facts.

A grid is a list of rows, each a code and one amount per measure. Checking a
grid never stops at the first problem: every bad cell gets its own Chinese
message naming the row (its number on the page and its code), the column and
the problem, so one round trip shows everything to fix.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import models

from disclosure.models import (
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    Report,
)
from reporting.hierarchy import ancestors, conflicts
from reporting.money import (
    CENT,
    ZERO,
    AmountError,
    AmountFormField,
    entry_text,
    parse_entry,
)

CODE_COLUMN = "code"
CODE_LABEL = "科目"
# A datalist choice arrives as "2120199 其他城乡社区管理事务支出": the code decides.
CODE_PATTERN = re.compile(r"(\d+)(?:\s*[^\d\s].*)?")
# Tables print codes split into 类 | 款 | 项 columns ("212 01 99", "212|01|99").
SPLIT_CODE_PATTERN = re.compile(r"\d{3}(?:\s*\|?\s*\d{2}){1,2}")
MAX_CANDIDATES_SHOWN = 8


# --- Grid definitions ---------------------------------------------------------


@dataclass(frozen=True)
class GridColumn:
    field: str
    label: str


@dataclass(frozen=True)
class GridGroup:
    """One fact group entered as a grid: which lines, keyed by which codes, with which measures."""

    key: str
    title: str
    model: type[models.Model]
    code_field: str  # the line's foreign key to its code
    columns: tuple[GridColumn, ...]
    levels: tuple[int, ...]  # code levels a line may use
    # A 类/款 may carry figures only when the year's list has no finer code under it.
    leaf_only: bool = False
    scheme: str = ""  # EconomicCode scheme; "" for function codes
    fund: str = ""  # FiscalExpenditureLine fund; "" for other lines
    note: str = ""

    @property
    def code_model(self) -> type[models.Model]:
        return self.model._meta.get_field(self.code_field).related_model

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.columns)

    @property
    def code_list_label(self) -> str:
        if self.code_model is EconomicCode:
            return EconomicCode.Scheme(self.scheme).label + "科目"
        return "支出功能分类科目"

    def column_label(self, field: str) -> str:
        if field == CODE_COLUMN:
            return CODE_LABEL
        return next(c.label for c in self.columns if c.field == field)

    def lines(self, report: Report) -> models.QuerySet:
        qs = self.model.objects.filter(report=report)
        if self.fund:
            qs = qs.filter(fund=self.fund)
        return qs.select_related(self.code_field)

    def new_line(self, report: Report, code_id: int, values: dict) -> models.Model:
        extra = {"fund": self.fund} if self.fund else {}
        return self.model(
            report=report, **{f"{self.code_field}_id": code_id}, **extra, **values
        )


def _columns(model, fields) -> tuple[GridColumn, ...]:
    return tuple(
        GridColumn(name, str(model._meta.get_field(name).verbose_name))
        for name in fields
    )


def _fiscal_group(key: str, fund: Fund) -> GridGroup:
    return GridGroup(
        key=key,
        title=f"{fund.label}支出",
        model=FiscalExpenditureLine,
        code_field="function_code",
        columns=_columns(FiscalExpenditureLine, FiscalExpenditureLine.AMOUNT_FIELDS),
        levels=(1, 2, 3),
        leaf_only=True,
        fund=fund.value,
        note="年初预算数不在公开表中列示，用于完成年初预算情况的说明。",
    )


GRID_GROUPS: dict[str, GridGroup] = {
    group.key: group
    for group in (
        GridGroup(
            key="income",
            title="收入（按支出功能分类）",
            model=IncomeLine,
            code_field="function_code",
            columns=_columns(IncomeLine, IncomeLine.AMOUNT_FIELDS),
            levels=(1, 2, 3),
            leaf_only=True,
        ),
        GridGroup(
            key="expenditure",
            title="支出（按支出功能分类）",
            model=ExpenditureLine,
            code_field="function_code",
            columns=_columns(ExpenditureLine, ExpenditureLine.AMOUNT_FIELDS),
            levels=(1, 2, 3),
            leaf_only=True,
        ),
        _fiscal_group("fiscal-general", Fund.GENERAL),
        _fiscal_group("fiscal-gov-fund", Fund.GOV_FUND),
        _fiscal_group("fiscal-state-capital", Fund.STATE_CAPITAL),
        GridGroup(
            key="basic",
            title="一般公共预算财政拨款基本支出（按经济分类）",
            model=BasicExpenditureLine,
            code_field="economic_code",
            columns=_columns(BasicExpenditureLine, ["amount"]),
            levels=(2,),
            scheme=EconomicCode.Scheme.DEPARTMENT,
            note="按部门预算支出经济分类的款级（5 位）科目填列。",
        ),
    )
}


def get_group(group: "GridGroup | str") -> GridGroup:
    if isinstance(group, GridGroup):
        return group
    try:
        return GRID_GROUPS[group]
    except KeyError:
        raise ValueError(f"未知的录入表格：{group}") from None


# --- The year's code list -----------------------------------------------------


@dataclass(frozen=True)
class CodeEntry:
    id: int
    code: str
    name: str
    level: int
    parent_name: str

    def __str__(self):
        return f"{self.code} {self.name}"


class CodeList:
    """The codes of one year (and scheme) a grid may refer to, loaded in one query."""

    def __init__(self, report: Report, group: GridGroup):
        self.group = group
        self.year = report.fiscal_year.year
        self.fiscal_year_id = report.fiscal_year_id
        rows = list(
            group.code_model.objects.filter(
                fiscal_year_id=report.fiscal_year_id, **self._scheme()
            )
            .order_by("code")
            .values_list("id", "code", "name", "level", "parent__name")
        )
        self.by_code = {
            code: CodeEntry(pk, code, name, level, parent_name or "")
            for pk, code, name, level, parent_name in rows
        }
        self.by_name: dict[str, list[CodeEntry]] = {}
        for entry in self.by_code.values():
            self.by_name.setdefault(normalize_text(entry.name), []).append(entry)
        # Parenthood follows code prefixes, as in reporting.hierarchy.
        self.with_children = {a for code in self.by_code for a in ancestors(code)}

    def _scheme(self) -> dict:
        return {"scheme": self.group.scheme} if self.group.scheme else {}

    def names(self) -> dict[str, str]:
        return {code: entry.name for code, entry in self.by_code.items()}

    def level_problem(self, entry: CodeEntry) -> str | None:
        if self.allowed(entry):
            return None
        if entry.level not in self.group.levels:
            if self.group.code_model is EconomicCode:
                return f"科目 {entry.code} 是类级科目，请填写到款级（5 位编码）科目。"
            return f"科目 {entry.code} 的级次不能在本表填列。"
        example = next(
            c
            for c in self.by_code
            if c.startswith(entry.code) and c not in self.with_children
        )
        return (
            f"科目 {entry.code} 下设明细科目，请填写到最末级科目"
            f"（例如 {example} {self.by_code[example].name}），"
            f"类、款合计由系统自动汇总。"
        )

    def allowed(self, entry: CodeEntry) -> bool:
        if entry.level not in self.group.levels:
            return False
        return not (self.group.leaf_only and entry.code in self.with_children)

    def choices(self) -> list[CodeEntry]:
        """The codes a line may use, for the code picker."""
        return [e for e in self.by_code.values() if self.allowed(e)]

    def resolve(self, text: str) -> CodeEntry:
        """The code typed (or picked) in a code cell; raises CellProblem with the reason."""
        key = normalize_text(text)
        if SPLIT_CODE_PATTERN.fullmatch(key):
            key = re.sub(r"[\s|]", "", key)
        match = CODE_PATTERN.fullmatch(key)
        if match:
            code = match.group(1)
            entry = self.by_code.get(code)
            if entry is None:
                raise CellProblem(self._unknown_code(code))
            return entry
        candidates = self.by_name.get(key, [])
        allowed = [e for e in candidates if self.allowed(e)]
        if len(allowed) == 1:
            return allowed[0]
        if not allowed and len(candidates) == 1:
            # Let the level check explain why this code cannot carry figures.
            return candidates[0]
        if not candidates:
            raise CellProblem(
                f"{self.year} 年度{self.group.code_list_label}中没有名称为“{text}”的科目，"
                f"请填写科目编码或完整的科目名称。"
            )
        listed = allowed or candidates
        shown = "、".join(
            f"{e.code}（{e.parent_name}）" if e.parent_name else e.code
            for e in listed[:MAX_CANDIDATES_SHOWN]
        )
        more = f"等 {len(listed)} 个" if len(listed) > MAX_CANDIDATES_SHOWN else ""
        raise CellProblem(f"名称“{text}”对应多个科目：{shown}{more}，请填写科目编码。")

    def _unknown_code(self, code: str) -> str:
        other_years = sorted(
            set(
                self.group.code_model.objects.filter(code=code, **self._scheme())
                .exclude(fiscal_year_id=self.fiscal_year_id)
                .values_list("fiscal_year__year", flat=True)
            )
        )
        if other_years:
            years = "、".join(str(y) for y in other_years)
            return (
                f"科目 {code} 不在 {self.year} 年度{self.group.code_list_label}中"
                f"（它属于 {years} 年度的科目表），只能使用本报告年度的科目。"
            )
        return (
            f"{self.year} 年度{self.group.code_list_label}中没有编码为 {code} 的科目。"
        )


# --- Cells and rows -----------------------------------------------------------


class CellProblem(Exception):
    """What is wrong with one cell, without the place (the caller adds row and column)."""


@dataclass(frozen=True)
class CellError:
    row: int | None  # the row's number on the page (1-based); None for the whole grid
    column: str | None  # a measure's field name, "code", or None for the whole row
    message: str


class GridError(Exception):
    """The grid was refused; `errors` lists every problem, each naming its place."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("\n".join(e.message for e in errors))


@dataclass(frozen=True)
class CleanLine:
    row: int
    code: CodeEntry
    values: dict[str, Decimal]


def normalize_text(raw) -> str:
    # Full-width digits and punctuation (１２．５０, ，) are common in Chinese input.
    return unicodedata.normalize("NFKC", str(raw)).strip()


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "on", "true", "yes"}
    return bool(value)


def clean_grid(
    report: Report, group: "GridGroup | str", rows: Sequence[Mapping]
) -> list[CleanLine]:
    """Check every row of a grid against the report's year; the lines to store, or GridError.

    `rows` are mappings with "code" (a code, "code name" or an exact name),
    one value per measure field (string, Decimal or int, read by
    money.parse_entry in the report's entry unit, stored in its published
    unit; blank means zero)
    and an optional "delete" flag. A row's number is its position + 1. A row
    without a code and without figures is ignored.
    """
    group = get_group(group)
    codes = CodeList(report, group)
    errors: list[CellError] = []
    resolved: list[tuple[int, CodeEntry, dict | None]] = []

    known = {CODE_COLUMN, "delete", *group.fields}
    for position, row in enumerate(rows):
        number = position + 1
        unknown = set(row) - known
        if unknown:
            # A misspelt measure would otherwise be stored silently as zero.
            raise ValueError(
                f"第 {number} 行含有本表没有的列：{'、'.join(sorted(unknown))}。"
            )
        if _truthy(row.get("delete")):
            continue
        code_text = str(row.get(CODE_COLUMN) or "").strip()
        entry = None
        code_problem = None
        if code_text:
            try:
                entry = codes.resolve(code_text)
            except CellProblem as problem:
                code_problem = str(problem)
        place = _place(number, entry, code_text)

        values: dict[str, Decimal] = {}
        cell_errors: list[CellError] = []
        has_figures = False
        for column in group.columns:
            raw = row.get(column.field)
            try:
                value = parse_entry(
                    raw, entry_unit=report.input_unit, stored_unit=report.amount_unit
                )
            except AmountError as problem:
                has_figures = True
                cell_errors.append(
                    CellError(
                        number,
                        column.field,
                        f"{place}“{column.label}”列：{problem}",
                    )
                )
                continue
            has_figures = has_figures or bool(value)
            values[column.field] = value if value is not None else ZERO.quantize(CENT)

        if not code_text:
            if has_figures:
                errors.append(
                    CellError(
                        number,
                        CODE_COLUMN,
                        f"{place}“{CODE_LABEL}”列：填写了金额但没有填写科目编码或名称。",
                    )
                )
                errors.extend(cell_errors)
            continue
        if code_problem:
            errors.append(
                CellError(
                    number, CODE_COLUMN, f"{place}“{CODE_LABEL}”列：{code_problem}"
                )
            )
        errors.extend(cell_errors)
        if entry is not None:
            resolved.append((number, entry, None if cell_errors else values))

    errors.extend(_code_errors(codes, resolved))
    if errors:
        errors.sort(key=lambda e: (e.row or 0, _column_order(group, e.column)))
        raise GridError(errors)
    return [CleanLine(number, entry, values) for number, entry, values in resolved]


def _place(number: int, entry: CodeEntry | None, code_text: str) -> str:
    if entry is not None:
        return f"第 {number} 行（{entry.code} {entry.name}）"
    if code_text:
        return f"第 {number} 行（“{code_text}”）"
    return f"第 {number} 行"


def _column_order(group: GridGroup, column: str | None) -> int:
    if column in group.fields:
        return group.fields.index(column) + 1
    return 0


def _code_errors(codes: CodeList, resolved) -> list[CellError]:
    """Duplicates, a code together with its own parent or child, and codes at a disallowed level."""
    errors = []
    first_row: dict[str, int] = {}
    for number, entry, _values in resolved:
        if entry.code in first_row:
            errors.append(
                CellError(
                    number,
                    CODE_COLUMN,
                    f"{_place(number, entry, '')}“{CODE_LABEL}”列：科目 {entry.code} "
                    f"与第 {first_row[entry.code]} 行重复，同一科目只能填一行。",
                )
            )
        else:
            first_row[entry.code] = number
    entries = {entry.code: entry for _n, entry, _v in resolved}
    in_conflict = set()
    for upper, lower in conflicts(first_row):
        in_conflict.update((upper, lower))
        number = first_row[upper]
        errors.append(
            CellError(
                number,
                CODE_COLUMN,
                f"{_place(number, entries[upper], '')}“{CODE_LABEL}”列：科目 {upper} "
                f"是第 {first_row[lower]} 行科目 {lower} {entries[lower].name}的上级科目，"
                f"上下级科目不能同时填列金额（上级科目由下级科目自动汇总）。",
            )
        )
    for code, number in first_row.items():
        if code in in_conflict:
            continue
        problem = codes.level_problem(entries[code])
        if problem:
            errors.append(
                CellError(
                    number,
                    CODE_COLUMN,
                    f"{_place(number, entries[code], '')}“{CODE_LABEL}”列：{problem}",
                )
            )
    return errors


def rows_from_post(group: "GridGroup | str", data) -> list[dict]:
    """The grid rows of a POST (fields named rows-<index>-<column>), in index order.

    Indexes need not be contiguous (rows added in the browser); row numbers in
    messages are positions in this list, which match the numbers on the page
    because the page numbers its input rows 1, 2, 3… in index order.
    """
    group = get_group(group)
    indexes = sorted(
        {
            int(match.group(1))
            for key in data
            if (match := re.fullmatch(r"rows-(\d+)-code", key))
        }
    )
    rows = []
    for index in indexes:
        row = {
            CODE_COLUMN: data.get(f"rows-{index}-code", ""),
            "delete": data.get(f"rows-{index}-delete", ""),
        }
        for field in group.fields:
            row[field] = data.get(f"rows-{index}-{field}", "")
        rows.append(row)
    return rows


# --- One-per-report facts (admin inlines) -------------------------------------


class FactForm(forms.ModelForm):
    """A fact form whose messages name the field, and which refuses negative amounts and counts.

    Amounts and counts are read by money.parse_amount / parse_count (through
    AmountFormField and CountFormField), as in the grids and imports. The
    database constraints would refuse a negative too, but with a message
    naming the constraint; here the user reads “年初结转和结余”不能为负数。
    """

    def __init__(self, *args, units: tuple[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        signed = getattr(self._meta.model, "SIGNED_FIELDS", ())
        # Amounts are shown and typed in the report's entry unit: `units` is
        # (entry unit, stored unit), given by the report's admin to every
        # inline form (a new one has no report yet), else read from the
        # instance's report.
        report = getattr(self.instance, "report", None)
        if units is None and report is not None:
            units = (report.input_unit, report.amount_unit)
        self.units = units
        for name, field in self.fields.items():
            if units is not None and isinstance(field, AmountFormField):
                field.use_units(*units)
            # DecimalField (so AmountFormField) is an IntegerField too.
            if not isinstance(field, forms.IntegerField):
                continue
            label = field.label
            field.error_messages.update(
                {
                    "min_value": f"“{label}”不能为负数。",
                    "required": f"请填写“{label}”。",
                }
            )
            if not isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = f"“{label}”应填写整数。"
            if name in signed:
                continue
            if not any(isinstance(v, MinValueValidator) for v in field.validators):
                field.validators.append(MinValueValidator(0))
                if isinstance(field.widget, forms.NumberInput):
                    field.widget.attrs.setdefault("min", "0")

    def require_not_greater(self, part: str, whole: str | tuple[str, ...], label=None):
        """Add an error on `part` when it exceeds `whole` (one field or the sum of several)."""
        wholes = (whole,) if isinstance(whole, str) else whole
        data = self.cleaned_data
        if part not in data or any(w not in data for w in wholes):
            return
        limit = sum((data[w] for w in wholes), 0)
        if data[part] > limit:
            whole_label = label or f"“{self.fields[wholes[0]].label}”"
            self.add_error(
                part,
                f"“{self.fields[part].label}”（{self._shown(data[part])}）"
                f"不能大于{whole_label}（{self._shown(limit)}）。",
            )

    def _shown(self, value) -> str:
        if isinstance(value, Decimal) and self.units is not None:
            entry_unit, stored_unit = self.units
            return entry_text(value, stored_unit, entry_unit)
        return str(value)


class SingletonFactForm(FactForm):
    """A one-per-report fact (结转结余, “三公”, 资产, 政府采购, 机关运行经费).

    A form left as it was is not saved, so "not entered" stays apart from
    zero; a unit with nothing to report says so with the box, and its zeros
    are recorded.
    """

    nothing_this_year = forms.BooleanField(
        label="本年无此项（各项均为零）",
        required=False,
        help_text="各项均为零时勾选并保存，即记为已填报；未勾选且未改动的表单不保存。",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nothing_this_year"):
            # Nothing to report is zero in every amount, not blank.
            for name, field in self.fields.items():
                if isinstance(field, AmountFormField) and cleaned.get(name) is None:
                    cleaned[name] = ZERO
        return cleaned


class ThreePublicExpensesForm(SingletonFactForm):
    def clean(self):
        cleaned = super().clean()
        self.require_not_greater("foreign_reception_batches", "reception_batches")
        self.require_not_greater("foreign_reception_people", "reception_people")
        return cleaned


class ProcurementForm(SingletonFactForm):
    def clean(self):
        cleaned = super().clean()
        self.require_not_greater("sme_goods", "goods")
        self.require_not_greater("sme_works", "works")
        self.require_not_greater("sme_services", "services")
        self.require_not_greater(
            "small_micro",
            ("sme_goods", "sme_works", "sme_services"),
            label="授予中小企业合同金额合计",
        )
        return cleaned

"""Classification code lists (政府收支分类科目) per fiscal year: validation and loading.

A list arrives as rows with the columns ``code,name,level,parent_code`` (the
format of the bundled 2022 files and of the official lists an administrator
imports); a function-code list may add ``budget``. Loading is all-or-nothing:
any bad row rejects the whole list.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from disclosure.models import CodeCrosswalk, EconomicCode, FiscalYear, FunctionCode
from units.importing import cell_text, missing_columns_message, normalise_header

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "codes"
COLUMNS = ("code", "name", "level", "parent_code")


@dataclass(frozen=True)
class CodeListKind:
    key: str
    label: str
    model: type
    lengths: dict  # level → code length
    scheme: str = ""

    def filename(self, year: int) -> str:
        return {
            "function": f"function_codes_{year}.csv",
            "economic_dept": f"economic_codes_dept_{year}.csv",
            "economic_gov": f"economic_codes_gov_{year}.csv",
        }[self.key]


KINDS = {
    "function": CodeListKind(
        "function", "支出功能分类科目", FunctionCode, {1: 3, 2: 5, 3: 7}
    ),
    "economic_dept": CodeListKind(
        "economic_dept",
        "部门预算支出经济分类科目",
        EconomicCode,
        {1: 3, 2: 5},
        scheme=EconomicCode.Scheme.DEPARTMENT,
    ),
    "economic_gov": CodeListKind(
        "economic_gov",
        "政府预算支出经济分类科目",
        EconomicCode,
        {1: 3, 2: 5},
        scheme=EconomicCode.Scheme.GOVERNMENT,
    ),
}


@dataclass(frozen=True)
class Problem:
    """One reason a list is rejected; `line` is None when it concerns the whole file."""

    message: str
    line: int | None = None
    column: str = ""


class CodeListError(Exception):
    """A rejected list; `errors` holds one Chinese message per bad row or column."""

    def __init__(self, problems: list):
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        self.errors = [p.message for p in self.problems]
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class CodeRow:
    line: int
    code: str
    name: str
    level: int
    parent_code: str
    # None when the file has no budget column: existing tags are then kept.
    budget: str | None = None


def check_columns(headers) -> None:
    """Raise CodeListError unless every required column is present."""
    message = missing_columns_message(headers, COLUMNS, COLUMNS)
    if message:
        raise CodeListError([message])


def budget_value(text: str) -> str | None:
    """The stored budget tag for a cell holding a tag or its Chinese label."""
    for value, label in FunctionCode.Budget.choices:
        if text in (value, str(label)):
            return value
    return None


def is_blank(row: dict) -> bool:
    return not any(cell_text(v) for v in row.values())


def validate_rows(
    kind: CodeListKind, rows: list[dict], first_line: int = 2
) -> list[CodeRow]:
    """Check every row; return them parsed, or raise CodeListError listing every problem.

    `first_line` is the file line of the first data row (after the header), so
    messages point at what the user sees in the spreadsheet. Blank rows (often
    left at the end of a worksheet) are ignored but still counted as lines.
    """
    rows = [{normalise_header(k): v for k, v in raw.items()} for raw in rows]
    if rows:
        check_columns(rows[0].keys())
    if not any(not is_blank(raw) for raw in rows):
        raise CodeListError(["文件中没有任何科目行。"])

    has_budget = kind.model is FunctionCode and "budget" in rows[0]
    name_length = kind.model._meta.get_field("name").max_length
    problems: list[Problem] = []
    parsed: list[CodeRow] = []
    seen: dict[str, int] = {}
    for offset, raw in enumerate(rows):
        line = first_line + offset
        if is_blank(raw):
            continue
        code = cell_text(raw.get("code"))
        name = cell_text(raw.get("name"))
        level_text = cell_text(raw.get("level"))
        parent_code = cell_text(raw.get("parent_code"))
        row_problems: list[tuple[str, str]] = []  # (column, message)
        if not re.fullmatch(r"[0-9]+", code):
            row_problems.append(("code", f"科目编码“{code}”应为数字。"))
        if not name:
            row_problems.append(("name", "科目名称不能为空。"))
        elif len(name) > name_length:
            row_problems.append(
                (
                    "name",
                    f"科目名称不能超过 {name_length} 个字，现有 {len(name)} 个字。",
                )
            )
        level = int(level_text) if level_text.isdigit() else None
        if level not in kind.lengths:
            allowed = "、".join(str(k) for k in kind.lengths)
            row_problems.append(("level", f"级次“{level_text}”应为 {allowed}。"))
        elif code.isdigit() and len(code) != kind.lengths[level]:
            row_problems.append(
                (
                    "code",
                    f"{level} 级科目编码应为 {kind.lengths[level]} 位，"
                    f"“{code}”为 {len(code)} 位。",
                )
            )
        elif level == 1 and parent_code:
            row_problems.append(("parent_code", "1 级科目不应有上级科目。"))
        elif level and level > 1 and parent_code != code[: kind.lengths[level - 1]]:
            row_problems.append(
                (
                    "parent_code",
                    f"上级科目应为“{code[: kind.lengths[level - 1]]}”，"
                    f"而不是“{parent_code}”。",
                )
            )
        budget = None
        if has_budget:
            budget_text = cell_text(raw.get("budget"))
            budget = budget_value(budget_text) if budget_text else ""
            if budget is None:
                allowed = "、".join(str(label) for label in FunctionCode.Budget.labels)
                row_problems.append(
                    ("budget", f"预算类别“{budget_text}”应为 {allowed} 或留空。")
                )
        if code in seen:
            row_problems.append(("code", f"科目编码 {code} 与第 {seen[code]} 行重复。"))
        seen.setdefault(code, line)
        problems.extend(
            Problem(f"第 {line} 行 {column} 列：{message}", line, column)
            for column, message in row_problems
        )
        if not row_problems:
            parsed.append(CodeRow(line, code, name, level, parent_code, budget))

    codes = {row.code for row in parsed}
    for row in parsed:
        if (
            row.parent_code
            and row.parent_code not in codes
            and row.parent_code not in seen
        ):
            problems.append(
                Problem(
                    f"第 {row.line} 行 parent_code 列："
                    f"上级科目 {row.parent_code} 不在文件中。",
                    row.line,
                    "parent_code",
                )
            )
    if problems:
        raise CodeListError(problems)
    return parsed


@transaction.atomic
def load_code_list(
    kind: CodeListKind, year: int, rows: list[dict], first_line: int = 2
) -> int:
    """Create or update the year's list from `rows`; all-or-nothing. Returns the row count.

    Existing codes keep their identity (reports point at them); names, levels
    and (when the file has the column) budget tags are updated. Codes absent
    from the file are left in place.
    """
    parsed = validate_rows(kind, rows, first_line)
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    extra = {"scheme": kind.scheme} if kind.scheme else {}
    existing = {
        c.code: c for c in kind.model.objects.filter(fiscal_year=fiscal_year, **extra)
    }
    by_code = dict(existing)
    to_update = []
    # Parents first: level order guarantees a parent exists before its children.
    for row in sorted(parsed, key=lambda r: (r.level, r.code)):
        parent = by_code.get(row.parent_code) if row.parent_code else None
        obj = existing.get(row.code)
        if obj is None:
            obj = kind.model(
                fiscal_year=fiscal_year,
                code=row.code,
                name=row.name,
                level=row.level,
                parent=parent,
                **extra,
            )
            by_code[row.code] = obj
        else:
            obj.name, obj.level, obj.parent = row.name, row.level, parent
            to_update.append(obj)
        if row.budget is not None:
            obj.budget = row.budget
    for level in sorted(kind.lengths):
        fresh = [o for o in by_code.values() if o.pk is None and o.level == level]
        for o in fresh:
            o.parent_id = o.parent.pk if o.parent else None
        kind.model.objects.bulk_create(fresh)
    if to_update:
        fields = ["name", "level", "parent"]
        if any(row.budget is not None for row in parsed):
            fields.append("budget")
        kind.model.objects.bulk_update(to_update, fields)
    return len(parsed)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_bundled_year(year: int = 2022) -> dict[str, int]:
    """Load the lists shipped in fixtures/codes for `year`, plus the function codes' budget tags."""
    counts = {}
    for kind in KINDS.values():
        counts[kind.key] = load_code_list(
            kind, year, read_csv(FIXTURES / kind.filename(year))
        )
    meta = FIXTURES / f"function_codes_{year}_meta.csv"
    if meta.exists():
        budgets = {row["code"]: row["budget"] for row in read_csv(meta)}
        codes = list(FunctionCode.objects.filter(fiscal_year__year=year))
        for code in codes:
            code.budget = budgets.get(code.code, "")
        FunctionCode.objects.bulk_update(codes, ["budget"])
    return counts


# The lists a report's entry needs: 功能分类 for every line, 部门预算经济分类 for 基本支出.
REPORT_KINDS = ("function", "economic_dept")


def missing_lists(year: int) -> list[CodeListKind]:
    """The lists a report of `year` needs that the year does not have (two queries)."""
    missing = []
    if not FunctionCode.objects.filter(fiscal_year__year=year).exists():
        missing.append(KINDS["function"])
    if not EconomicCode.objects.filter(
        fiscal_year__year=year, scheme=EconomicCode.Scheme.DEPARTMENT
    ).exists():
        missing.append(KINDS["economic_dept"])
    return missing


def crosswalk(kind: str, from_year: int, to_year: int) -> dict[str, str]:
    """Code in `from_year` → its code in `to_year`, for codes renumbered in between.

    A code without an entry is unchanged (carried forward, or retired). Years
    further apart are followed step by step through each year's 调整 rows
    (2022 → 2023 → 2024), all read in one query.
    """
    if to_year <= from_year:
        return {}
    rows = (
        CodeCrosswalk.objects.filter(
            kind=kind,
            from_year__year__gte=from_year,
            to_year__year__lte=to_year,
        )
        .order_by("from_year__year")
        .values_list("from_year__year", "from_code", "to_code")
    )
    steps: dict[int, dict[str, str]] = {}
    for step_from, old, new in rows:
        steps.setdefault(step_from, {})[old] = new
    moved: dict[str, str] = {}  # code in from_year → its current code
    for step_year in sorted(steps):
        step = steps[step_year]
        taken = set(moved.values())
        moved = {origin: step.get(now, now) for origin, now in moved.items()}
        for old, new in step.items():
            # A code not moved so far is still itself, unless another code now
            # holds its number (then `old` there is that other code).
            if old not in moved and old not in taken:
                moved[old] = new
    return {origin: now for origin, now in moved.items() if origin != now}

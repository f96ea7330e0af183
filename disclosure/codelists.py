"""Classification code lists (政府收支分类科目) per fiscal year: validation and loading.

A list arrives as rows with the columns ``code,name,level,parent_code`` (the
format of the bundled 2022 files and of the official lists an administrator
imports). Loading is all-or-nothing: any bad row rejects the whole list.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from disclosure.models import EconomicCode, FiscalYear, FunctionCode

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


class CodeListError(Exception):
    """A rejected list; `errors` holds one Chinese message per bad row or column."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class CodeRow:
    line: int
    code: str
    name: str
    level: int
    parent_code: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheet cells typed as numbers come back as floats (e.g. 201.0).
        value = int(value)
    return str(value).strip()


def validate_rows(
    kind: CodeListKind, rows: list[dict], first_line: int = 2
) -> list[CodeRow]:
    """Check every row; return them parsed, or raise CodeListError listing every problem.

    `first_line` is the file line of the first data row (after the header), so
    messages point at what the user sees in the spreadsheet.
    """
    errors: list[str] = []
    if rows:
        missing = [c for c in COLUMNS if c not in rows[0]]
        if missing:
            raise CodeListError(
                [f"缺少列：{'、'.join(missing)}。文件应包含列 {','.join(COLUMNS)}。"]
            )
    else:
        raise CodeListError(["文件中没有任何科目行。"])

    parsed: list[CodeRow] = []
    seen: dict[str, int] = {}
    for offset, raw in enumerate(rows):
        line = first_line + offset
        code = _text(raw.get("code"))
        name = _text(raw.get("name"))
        level_text = _text(raw.get("level"))
        parent_code = _text(raw.get("parent_code"))
        row_errors = []
        if not re.fullmatch(r"[0-9]+", code):
            row_errors.append(f"第 {line} 行 code 列：科目编码“{code}”应为数字。")
        if not name:
            row_errors.append(f"第 {line} 行 name 列：科目名称不能为空。")
        level = int(level_text) if level_text.isdigit() else None
        if level not in kind.lengths:
            allowed = "、".join(str(k) for k in kind.lengths)
            row_errors.append(
                f"第 {line} 行 level 列：级次“{level_text}”应为 {allowed}。"
            )
        elif code.isdigit() and len(code) != kind.lengths[level]:
            row_errors.append(
                f"第 {line} 行 code 列：{level} 级科目编码应为 {kind.lengths[level]} 位，"
                f"“{code}”为 {len(code)} 位。"
            )
        elif level == 1 and parent_code:
            row_errors.append(f"第 {line} 行 parent_code 列：1 级科目不应有上级科目。")
        elif level and level > 1 and parent_code != code[: kind.lengths[level - 1]]:
            row_errors.append(
                f"第 {line} 行 parent_code 列：上级科目应为“{code[: kind.lengths[level - 1]]}”，"
                f"而不是“{parent_code}”。"
            )
        if code in seen:
            row_errors.append(
                f"第 {line} 行 code 列：科目编码 {code} 与第 {seen[code]} 行重复。"
            )
        seen.setdefault(code, line)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append(CodeRow(line, code, name, level, parent_code))

    codes = {row.code for row in parsed}
    for row in parsed:
        if (
            row.parent_code
            and row.parent_code not in codes
            and row.parent_code not in seen
        ):
            errors.append(
                f"第 {row.line} 行 parent_code 列：上级科目 {row.parent_code} 不在文件中。"
            )
    if errors:
        raise CodeListError(errors)
    return parsed


@transaction.atomic
def load_code_list(
    kind: CodeListKind, year: int, rows: list[dict], first_line: int = 2
) -> int:
    """Create or update the year's list from `rows`; all-or-nothing. Returns the row count.

    Existing codes keep their identity (reports point at them); names and
    levels are updated. Codes absent from the file are left in place.
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
    for level in sorted(kind.lengths):
        fresh = [o for o in by_code.values() if o.pk is None and o.level == level]
        for o in fresh:
            o.parent_id = o.parent.pk if o.parent else None
        kind.model.objects.bulk_create(fresh)
    if to_update:
        kind.model.objects.bulk_update(to_update, ["name", "level", "parent"])
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

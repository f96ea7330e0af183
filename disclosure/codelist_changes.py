"""A new year's code lists: last year's, carried forward, with a published change list applied.

Each year the Ministry of Finance publishes 《N年政府收支分类科目》 with what
changed since the year before, and sometimes supplements during the year. An
administrator creates year N's lists as a copy of year N-1's and uploads the
changes as a small CSV or XLSX with the columns

    action,code,name,parent_code,new_code   (optional: kind, budget)

where `action` is 增设 (add `code` named `name`), 调整 (renumber `code` to
`new_code` and/or rename it to `name`) or 停用 (retire `code`). Rows apply in
file order, so a parent is added before its children, and the children of a
renumbered or retired code are dealt with before it. Every 调整 that changes
a number is recorded in CodeCrosswalk, which year-on-year comparisons follow.

All-or-nothing: any bad row rejects the whole file, each problem naming its
row and column, and nothing is written.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from disclosure import codelists
from disclosure.codelists import KINDS, CodeListError, CodeListKind, Problem
from disclosure.models import CodeCrosswalk, FiscalYear, FunctionCode
from reporting.spreadsheets import SpreadsheetRejected, check_archive
from units.importing import cell_text, missing_columns_message, normalise_header

COLUMNS = ("action", "code", "name", "parent_code", "new_code")
OPTIONAL_COLUMNS = ("kind", "budget")
ADD, ADJUST, RETIRE = "增设", "调整", "停用"
ACTIONS = (ADD, ADJUST, RETIRE)
# A published change list has tens of rows, a new edition a few hundred: the
# caps keep a wrong file (a whole code list, a workbook of reports) cheap to refuse.
MAX_CHANGE_ROWS = 2_000
MAX_CHANGE_BYTES = 1024 * 1024


@dataclass
class Entry:
    name: str
    level: int
    parent_code: str
    budget: str = ""


@dataclass
class KindResult:
    copied: int = 0
    added: int = 0
    adjusted: int = 0
    retired: int = 0
    total: int = 0
    moves: dict[str, str] = field(default_factory=dict)


def _kind(text: str) -> CodeListKind | None:
    if not text:
        return KINDS["function"]
    for kind in KINDS.values():
        if text in (kind.key, kind.label):
            return kind
    return None


def read_change_file(filename: str, content: bytes) -> list[dict]:
    """The rows of an uploaded change list (CSV in UTF-8, or XLSX), or CodeListError."""
    if len(content) > MAX_CHANGE_BYTES:
        raise CodeListError(
            [
                f"变更表文件为 {len(content) / 1024:.0f} KB，超过 "
                f"{MAX_CHANGE_BYTES // 1024} KB 的上限；变更表通常只有几十行。"
            ]
        )
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CodeListError(
                [
                    "无法按 UTF-8 编码读取该 CSV 文件。请在 Excel 中“另存为”"
                    "“CSV UTF-8（逗号分隔）”，或改为上传 XLSX 文件。"
                ]
            ) from None
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise CodeListError(
            ["变更表是空的：第 1 行应为列名 " + ",".join(COLUMNS) + "。"]
        )
    if len(rows) - 1 > MAX_CHANGE_ROWS:
        raise CodeListError(
            [f"变更表超过 {MAX_CHANGE_ROWS:,} 行的上限，请检查是否上传了整张科目表。"]
        )
    headers = [normalise_header(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def _xlsx_rows(content: bytes) -> list[list]:
    import openpyxl

    try:
        check_archive(content)
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
    except SpreadsheetRejected as exc:
        raise CodeListError([str(exc)]) from None
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds
        raise CodeListError(
            ["无法打开该 XLSX 文件：文件已损坏，或不是 .xlsx 格式的 Excel 工作簿。"]
        ) from None
    rows = []
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_CHANGE_ROWS + 1:
            break
    workbook.close()
    return rows


def _load(kind: CodeListKind, year: int) -> dict[str, Entry]:
    extra = {"scheme": kind.scheme} if kind.scheme else {}
    fields = ["code", "name", "level", "parent__code"]
    if kind.model is FunctionCode:
        fields.append("budget")
    return {
        row[0]: Entry(row[1], row[2], row[3] or "", row[4] if len(row) > 4 else "")
        for row in kind.model.objects.filter(fiscal_year__year=year, **extra)
        .order_by()
        .values_list(*fields)
    }


def _level(kind: CodeListKind, code: str) -> int | None:
    for level, length in kind.lengths.items():
        if len(code) == length:
            return level
    return None


def _parent_code(kind: CodeListKind, code: str, level: int) -> str:
    return code[: kind.lengths[level - 1]] if level > 1 else ""


class _Changes:
    """Applies change rows to the working copies of last year's lists, collecting problems."""

    def __init__(self, lists: dict[str, dict[str, Entry]]):
        self.lists = lists
        self.results = {
            key: KindResult(copied=len(codes)) for key, codes in lists.items()
        }
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.name_length = FunctionCode._meta.get_field("name").max_length

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(
            Problem(f"第 {line} 行 {column} 列：{message}", line, column)
        )

    def children(self, codes: dict[str, Entry], code: str) -> list[str]:
        return sorted(c for c, entry in codes.items() if entry.parent_code == code)

    def apply(self, line: int, raw: dict) -> None:
        action = cell_text(raw.get("action"))
        code = cell_text(raw.get("code"))
        kind_text = cell_text(raw.get("kind"))
        kind = _kind(kind_text)
        if action not in ACTIONS:
            self.problem(line, "action", f"操作“{action}”应为 增设、调整 或 停用。")
            return
        if kind is None:
            labels = "、".join(k.label for k in KINDS.values())
            self.problem(
                line, "kind", f"科目类别“{kind_text}”应为 {labels} 或留空（功能分类）。"
            )
            return
        if kind.key not in self.lists:
            self.problem(line, "kind", f"上年度没有{kind.label}，无法在其上变更。")
            return
        level = _level(kind, code) if code.isdigit() else None
        if level is None:
            lengths = "、".join(str(n) for n in kind.lengths.values())
            self.problem(line, "code", f"科目编码“{code}”应为 {lengths} 位数字。")
            return
        if (kind.key, code) in self.seen:
            self.problem(
                line,
                "code",
                f"科目 {code} 已在第 {self.seen[kind.key, code]} 行变更过。",
            )
            return
        self.seen[kind.key, code] = line
        {ADD: self.add, ADJUST: self.adjust, RETIRE: self.retire}[action](
            line, raw, kind, code, level
        )

    def budget(
        self, line: int, raw: dict, kind: CodeListKind, default: str
    ) -> str | None:
        text = cell_text(raw.get("budget"))
        if not text or kind.model is not FunctionCode:
            return default
        value = codelists.budget_value(text)
        if value is None:
            allowed = "、".join(str(label) for label in FunctionCode.Budget.labels)
            self.problem(line, "budget", f"预算类别“{text}”应为 {allowed} 或留空。")
        return value

    def name(self, line: int, raw: dict, required: bool) -> str | None:
        name = cell_text(raw.get("name"))
        if not name and required:
            self.problem(line, "name", "增设的科目须填写科目名称。")
            return None
        if len(name) > self.name_length:
            self.problem(
                line,
                "name",
                f"科目名称不能超过 {self.name_length} 个字，现有 {len(name)} 个字。",
            )
            return None
        return name

    def place(self, line, raw, kind, codes, code, level, column) -> str | None:
        """The parent of `code` at its new place, or None (with a problem) when it cannot go there."""
        if code in codes:
            self.problem(line, column, f"科目 {code} 已在科目表中。")
            return None
        parent = _parent_code(kind, code, level)
        given = cell_text(raw.get("parent_code"))
        if given and given != parent:
            self.problem(
                line,
                "parent_code",
                f"科目 {code} 的上级科目应为“{parent}”，而不是“{given}”。",
            )
            return None
        if parent and parent not in codes:
            self.problem(
                line,
                column,
                f"上级科目 {parent} 不在科目表中，请在本行之前增设它。",
            )
            return None
        return parent

    def add(self, line, raw, kind, code, level) -> None:
        codes = self.lists[kind.key]
        if cell_text(raw.get("new_code")):
            self.problem(line, "new_code", "增设行不填写新编码 new_code。")
            return
        name = self.name(line, raw, required=True)
        parent = self.place(line, raw, kind, codes, code, level, "code")
        if name is None or parent is None:
            return
        budget = self.budget(line, raw, kind, codes[parent].budget if parent else "")
        if budget is None:
            return
        codes[code] = Entry(name, level, parent, budget)
        self.results[kind.key].added += 1

    def adjust(self, line, raw, kind, code, level) -> None:
        codes = self.lists[kind.key]
        if code not in codes:
            self.problem(
                line, "code", f"科目 {code} 不在上年度{kind.label}中，无法调整。"
            )
            return
        old = codes[code]
        name = self.name(line, raw, required=False)
        new_code = cell_text(raw.get("new_code"))
        if name is None:
            return
        if (not new_code or new_code == code) and (not name or name == old.name):
            self.problem(
                line, "new_code", "调整行应填写新编码 new_code 或新的科目名称 name。"
            )
            return
        new_level, parent = level, old.parent_code
        if new_code and new_code != code:
            new_level = _level(kind, new_code) if new_code.isdigit() else None
            if new_level is None:
                lengths = "、".join(str(n) for n in kind.lengths.values())
                self.problem(
                    line, "new_code", f"新编码“{new_code}”应为 {lengths} 位数字。"
                )
                return
            below = self.children(codes, code)
            if below:
                self.problem(
                    line,
                    "new_code",
                    f"科目 {code} 下还有 {len(below)} 个下级科目（如 {below[0]}），"
                    "请在本行之前逐一调整或停用它们。",
                )
                return
            parent = self.place(line, raw, kind, codes, new_code, new_level, "new_code")
            if parent is None:
                return
        budget = self.budget(line, raw, kind, old.budget)
        if budget is None:
            return
        del codes[code]
        target = new_code or code
        codes[target] = Entry(name or old.name, new_level, parent, budget)
        result = self.results[kind.key]
        result.adjusted += 1
        if target != code:
            result.moves[code] = target

    def retire(self, line, raw, kind, code, level) -> None:
        codes = self.lists[kind.key]
        if code not in codes:
            self.problem(
                line, "code", f"科目 {code} 不在上年度{kind.label}中，无法停用。"
            )
            return
        below = self.children(codes, code)
        if below:
            self.problem(
                line,
                "code",
                f"科目 {code} 下还有 {len(below)} 个下级科目（如 {below[0]}），"
                "请在本行之前逐一调整或停用它们。",
            )
            return
        del codes[code]
        self.results[kind.key].retired += 1


def _check_header(rows: list[dict]) -> None:
    headers = list(rows[0].keys()) if rows else []
    message = missing_columns_message(headers, ("action", "code"), COLUMNS)
    if message:
        raise CodeListError([message])


def _is_blank(raw: dict) -> bool:
    return not any(cell_text(v) for v in raw.values())


@transaction.atomic
def create_year_from_previous(
    year: int, change_rows: list[dict] | None = None, first_line: int = 2
) -> dict[str, KindResult]:
    """Create `year`'s lists as copies of last year's with `change_rows` applied; all-or-nothing.

    Refused (CodeListError, nothing written) when last year has no 功能分类
    list, when `year` already has a list that would be created, or when any
    change row is wrong. Returns what happened per list kind.
    """
    previous = year - 1
    lists = {key: _load(kind, previous) for key, kind in KINDS.items()}
    lists = {key: codes for key, codes in lists.items() if codes}
    if "function" not in lists:
        raise CodeListError(
            [
                f"{previous} 年度没有支出功能分类科目表，无法据此生成 {year} 年度科目表；"
                f"请先导入 {previous} 年度科目表。"
            ]
        )
    existing = [
        KINDS[key].label
        for key in lists
        if KINDS[key]
        .model.objects.filter(
            fiscal_year__year=year,
            **({"scheme": KINDS[key].scheme} if KINDS[key].scheme else {}),
        )
        .exists()
    ]
    if existing:
        raise CodeListError(
            [
                f"{year} 年度已有{'、'.join(existing)}，不能再由上年生成；"
                "如需修改，请在科目表页面导入正式科目表。"
            ]
        )

    changes = _Changes(lists)
    rows = [
        {normalise_header(k): v for k, v in raw.items()} for raw in change_rows or []
    ]
    if rows:
        _check_header(rows)
    for offset, raw in enumerate(rows):
        if not _is_blank(raw):
            changes.apply(first_line + offset, raw)
    if changes.problems:
        raise CodeListError(changes.problems)

    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    from_year = FiscalYear.objects.get(year=previous)
    moves = []
    for key, codes in lists.items():
        kind = KINDS[key]
        listed = [
            {
                "code": code,
                "name": entry.name,
                "level": str(entry.level),
                "parent_code": entry.parent_code,
                **({"budget": entry.budget} if kind.model is FunctionCode else {}),
            }
            for code, entry in codes.items()
        ]
        # The list is checked again as a whole, as any imported list is.
        changes.results[key].total = codelists.load_code_list(kind, year, listed)
        moves += [
            CodeCrosswalk(
                kind=key,
                from_year=from_year,
                from_code=old,
                to_year=fiscal_year,
                to_code=new,
            )
            for old, new in changes.results[key].moves.items()
        ]
    CodeCrosswalk.objects.bulk_create(moves)
    return changes.results


def summary(year: int, results: dict[str, KindResult]) -> str:
    """What was created, in one Chinese sentence."""
    parts = [
        f"{KINDS[key].label} {r.total} 条（沿用 {r.copied - r.adjusted - r.retired} 条，"
        f"增设 {r.added} 条，调整 {r.adjusted} 条，停用 {r.retired} 条）"
        for key, r in results.items()
    ]
    return f"已由 {year - 1} 年度生成 {year} 年度科目表：" + "；".join(parts) + "。"

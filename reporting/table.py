"""The Table value: one published 公开表, ready for any renderer.

A table is built from facts by a builder (see `builders`) and rendered by the
HTML include, the Excel writer and the PDF writer alike, so the three can never
disagree. It keeps two views of the same content:

* the logical view: `panes` of `Row`s (key, label, code, level, kind, values),
  used by `value()`, CSV/JSON exports and checks;
* the physical view: `header_rows`, `index_cells` (the 栏次 row) and `body`,
  a grid of cells with spans, laid out here once so that renderers only copy
  cells and never decide layout.

A two-sided table (公开01表, 04表) or a paned one (06表) has several panes side
by side; row *i* of every pane shares physical row *i*.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

Value = Decimal | int | None

_MISSING = object()


class RowKind(StrEnum):
    TOTAL = "total"  # 合计 / 总计 / 本年收入合计 …: computed
    CLASS = "class"  # 类
    SECTION = "section"  # 款
    ITEM = "item"  # 项
    FIXED = "fixed"  # a fixed row of a template (一、一般公共预算财政拨款收入 …)
    BLANK = "blank"  # an empty row that keeps the panes aligned


KIND_BY_LEVEL = {
    0: RowKind.TOTAL,
    1: RowKind.CLASS,
    2: RowKind.SECTION,
    3: RowKind.ITEM,
}


class Role(StrEnum):
    """What a column holds."""

    CODE = "code"  # the whole classification code in one column
    CODE_PART = "code_part"  # one of 类 / 款 / 项 when the code is split
    LABEL = "label"  # 科目名称 / 项目: the row header
    LINE_NO = "line_no"  # 行次 (or 栏次 when it numbers rows, as in 公开10表)
    AMOUNT = "amount"  # money, Decimal
    COUNT = "count"  # a number of things (台、辆、套), int
    TEXT = "text"  # free text in a value column (绩效自评表: 指标值, 偏差原因), str

    @property
    def is_number(self) -> bool:
        return self in (Role.AMOUNT, Role.COUNT)

    @property
    def is_code(self) -> bool:
        return self in (Role.CODE, Role.CODE_PART)


# Lengths of 类 / 款 / 项 in a classification code (功能分类 3+2+2, 经济分类 3+2).
CODE_PART_BOUNDS = ((0, 3), (3, 5), (5, 7))


def split_code(code: str) -> tuple[str, str, str]:
    """ "2120199" → ("212", "01", "99"); "21201" → ("212", "01", ""); "" → ("", "", "")."""
    return tuple(code[a:b] for a, b in CODE_PART_BOUNDS)


@dataclass(frozen=True)
class Head:
    """A header cell in the definition's header tree; leaves are the columns."""

    text: str
    children: tuple["Head", ...] = ()
    key: str = ""  # column key of a value leaf, used by Table.value()
    role: Role = Role.AMOUNT
    part: int = 0  # 0 类, 1 款, 2 项 for Role.CODE_PART

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)

    @property
    def width(self) -> int:
        return sum(c.width for c in self.children) if self.children else 1

    def leaves(self) -> list["Head"]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


# Rows and cells are made by the thousand for a large report. Their __init__
# writes the instance dict at once instead of one frozen-dataclass setattr per
# field (several times faster); they stay frozen dataclasses otherwise.
_set_fields = object.__setattr__


@dataclass(frozen=True, init=False)
class Row:
    """One logical row: a fixed row, a 合计, or a 类/款/项 (or 经济分类) row."""

    key: str  # "" for a blank row
    label: str
    kind: RowKind
    level: int = 0  # indentation of the label
    code: str = ""
    line_no: int | None = None  # 行次, when the table numbers its rows
    values: Mapping[str, Value] = field(default_factory=dict)

    def __init__(
        self,
        key: str,
        label: str,
        kind: RowKind,
        level: int = 0,
        code: str = "",
        line_no: int | None = None,
        values: Mapping[str, Value] | None = None,
    ):
        _set_fields(
            self,
            "__dict__",
            {
                "key": key,
                "label": label,
                "kind": kind,
                "level": level,
                "code": code,
                "line_no": line_no,
                "values": {} if values is None else values,
            },
        )

    @property
    def code_parts(self) -> tuple[str, str, str]:
        return split_code(self.code)


@dataclass(frozen=True)
class Pane:
    """Columns (the leaves of `heads`) and the rows shown under them.

    `footer` rows sit on the last physical rows, aligned across panes (公开06表's
    人员经费合计 | 公用经费合计), whatever the number of rows above them.
    """

    heads: tuple[Head, ...]
    rows: tuple[Row, ...]
    footer: tuple[Row, ...] = ()

    @property
    def columns(self) -> list[Head]:
        return [leaf for head in self.heads for leaf in head.leaves()]

    @property
    def all_rows(self) -> tuple[Row, ...]:
        return self.rows + self.footer


@dataclass(frozen=True)
class HeaderCell:
    """A header cell; `column` is its 0-based first column (for merged ranges)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    column: int = 0


@dataclass(frozen=True, init=False)
class GridCell:
    """A physical body cell. `value` is a str for codes and labels.

    `column` is the 0-based first column the cell occupies.
    """

    value: Decimal | int | str | None
    role: Role
    kind: RowKind
    colspan: int = 1
    level: int = 0
    row_key: str = ""
    column_key: str = ""
    column: int = 0

    def __init__(
        self,
        value: Decimal | int | str | None,
        role: Role,
        kind: RowKind,
        colspan: int = 1,
        level: int = 0,
        row_key: str = "",
        column_key: str = "",
        column: int = 0,
    ):
        _set_fields(
            self,
            "__dict__",
            {
                "value": value,
                "role": role,
                "kind": kind,
                "colspan": colspan,
                "level": level,
                "row_key": row_key,
                "column_key": column_key,
                "column": column,
            },
        )

    @property
    def is_row_header(self) -> bool:
        return self.role == Role.LABEL and bool(self.value)

    @property
    def is_number(self) -> bool:
        return self.role.is_number


@dataclass(frozen=True)
class Table:
    key: str  # short slug, e.g. "t01": HTML anchor, sheet and CSV names
    code: str  # "公开01表"
    title: str
    unit_name: str  # 编制单位
    year: int
    measure_label: str  # "金额单位" or "单位"
    measure: str  # "万元", "元", "台、辆、套"
    panes: tuple[Pane, ...]
    footnotes: tuple[str, ...] = ()
    empty_note: str = ""  # the 说明 line, shown when the table is empty
    show_index_row: bool = True  # the 栏次 row under the headers
    landscape: bool = False
    zero_text: str = "0"  # how a zero amount is printed
    # The most decimals an amount prints with: two always, more where the
    # amount has them (the 绩效自评表 prints 89.974; formatting.printed_places).
    amount_places: int = 2
    code_printed: bool = True  # whether `code` is printed above the table
    # After the year in the heading line: "2022 年度" (决算), "2023 年" (预算).
    year_word: str = "年度"

    def __post_init__(self):
        seen = set()
        for pane in self.panes:
            columns = pane.columns
            roles = [c.role for c in columns]
            if any(r.is_code for r in roles):
                # Rows without a code (合计) let their label span the code columns.
                first_label = roles.index(Role.LABEL)
                if not all(r.is_code for r in roles[:first_label]):
                    raise ValueError(f"{self.code}: 编码列须紧接在名称列之前。")
            for row in pane.all_rows:
                if not row.key:
                    continue
                if row.key in seen:
                    raise ValueError(f"{self.code}: 行键 {row.key} 重复。")
                seen.add(row.key)

    # -- logical view -------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        return [row for pane in self.panes for row in pane.all_rows]

    @cached_property
    def _cells(self) -> dict[str, tuple[Mapping[str, Value], frozenset[str]]]:
        """Row key → the row's values and the value columns of its pane."""
        cells = {}
        for pane in self.panes:
            keys = frozenset(c.key for c in pane.columns if c.role.is_number)
            for row in pane.all_rows:
                if row.key:
                    cells[row.key] = (row.values, keys)
        return cells

    def has_row(self, row_key: str) -> bool:
        return any(row.key == row_key for row in self.rows)

    def value(self, row_key: str, column_key: str, default=_MISSING) -> Value:
        """The figure in a cell; KeyError for a cell the table does not have.

        A row the unit does not carry (a 类 without figures) is not in the
        table: pass `default` to get a fallback instead of the error.
        """
        cell = self._cells.get(row_key)
        if cell is not None and column_key in cell[1]:
            return cell[0].get(column_key)
        if default is not _MISSING:
            return default
        raise KeyError(f"{self.code} 没有单元格 ({row_key!r}, {column_key!r})")

    @cached_property
    def _columns(self) -> dict[str, dict[str, Value]]:
        columns: dict[str, dict[str, Value]] = {}
        for row_key, (values, keys) in self._cells.items():
            for key in keys:
                columns.setdefault(key, {})[row_key] = values.get(key)
        return columns

    def column_values(self, column_key: str) -> dict[str, Value]:
        """Row key → figure in one column, for every row that has the column.

        The same figures as `value(row_key, column_key)`, for a check that
        reads a whole column.
        """
        return dict(self._columns.get(column_key, {}))

    @property
    def is_empty(self) -> bool:
        """True when every figure is zero or missing: the 说明 line applies."""
        return all(
            not values.get(key) for values, keys in self._cells.values() for key in keys
        )

    @property
    def note(self) -> str:
        return self.empty_note if self.is_empty else ""

    # -- physical view ------------------------------------------------------

    @property
    def columns(self) -> list[Head]:
        return [c for pane in self.panes for c in pane.columns]

    @cached_property
    def header_rows(self) -> tuple[tuple[HeaderCell, ...], ...]:
        """Header cells with spans, HTML style: a leaf stretches to the bottom row."""
        heads = [head for pane in self.panes for head in pane.heads]
        depth = max(head.depth for head in heads)
        grid: list[list[HeaderCell]] = [[] for _ in range(depth)]

        def place(head: Head, level: int, column: int) -> None:
            rowspan = 1 if head.children else depth - level
            grid[level].append(HeaderCell(head.text, head.width, rowspan, column))
            for child in head.children:
                place(child, level + 1, column)
                column += child.width

        column = 0
        for head in heads:
            place(head, 0, column)
            column += head.width
        return tuple(tuple(row) for row in grid)

    @cached_property
    def index_cells(self) -> tuple[HeaderCell, ...]:
        """The 栏次 row: "栏次" over the label columns, 1…n over the value columns."""
        if not self.show_index_row:
            return ()
        cells = []
        number = 0
        position = 0
        for pane in self.panes:
            columns = pane.columns
            labels = sum(1 for c in columns if c.role.is_code or c.role == Role.LABEL)
            if labels:
                cells.append(HeaderCell("栏次", labels, column=position))
                position += labels
            for column in columns:
                if column.role in (Role.LINE_NO, Role.TEXT):
                    cells.append(HeaderCell("", column=position))
                    position += 1
                elif column.role.is_number:
                    number += 1
                    cells.append(HeaderCell(str(number), column=position))
                    position += 1
        return tuple(cells)

    @cached_property
    def body(self) -> tuple[tuple[GridCell, ...], ...]:
        height = max(len(p.rows) for p in self.panes)
        footer = max(len(p.footer) for p in self.panes)
        layouts = [(pane, _Layout(pane.columns)) for pane in self.panes]
        physical = []
        for i in range(height + footer):
            cells: list[GridCell] = []
            position = 0
            for pane, layout in layouts:
                if i < height:
                    row = pane.rows[i] if i < len(pane.rows) else None
                else:
                    j = i - height - (footer - len(pane.footer))
                    row = pane.footer[j] if 0 <= j < len(pane.footer) else None
                position = layout.cells(cells, row or BLANK_ROW, position)
            physical.append(tuple(cells))
        return tuple(physical)


BLANK_ROW = Row("", "", RowKind.BLANK)


class _Layout:
    """How one pane's columns turn a row into cells (worked out once per table)."""

    def __init__(self, columns: list[Head]):
        self.columns = [(c.role, c.key, c.part) for c in columns]
        self.code_columns = sum(1 for c in columns if c.role.is_code)

    def cells(self, cells: list[GridCell], row: Row, position: int) -> int:
        """Append the cells of `row`, each at its first column; return the next column."""
        key, kind, code = row.key, row.kind, row.code
        parts = split_code(code) if code and self.code_columns else ()
        for role, column_key, part in self.columns:
            if role is Role.CODE or role is Role.CODE_PART:
                if code:
                    text = code if role is Role.CODE else parts[part]
                    cells.append(
                        GridCell(text, role, kind, row_key=key, column=position)
                    )
                    position += 1
                # Without a code the label spans the code columns (the LABEL branch).
            elif role is Role.LABEL:
                span = 1 if code else 1 + self.code_columns
                cells.append(
                    GridCell(
                        row.label, role, kind, span, row.level, key, column=position
                    )
                )
                position += span
            elif role is Role.LINE_NO:
                cells.append(
                    GridCell(row.line_no, role, kind, row_key=key, column=position)
                )
                position += 1
            else:
                cells.append(
                    GridCell(
                        row.values.get(column_key),
                        role,
                        kind,
                        row_key=key,
                        column_key=column_key if key else "",
                        column=position,
                    )
                )
                position += 1
        return position

"""The vocabulary of table definitions: what a variant's data is written in."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from reporting.table import Head, Role, RowKind


@dataclass(frozen=True)
class RowSpec:
    """A fixed row of a template (公开01/04/10表), or one of the markers below."""

    key: str
    label: str = ""
    kind: RowKind = RowKind.FIXED
    level: int = 0


# One row per 类 of the definition's class list (公开01表/04表 支出 side).
CLASSES = RowSpec("<classes>")
# As many blank rows as needed to give every pane the same height, so the
# totals of a two-sided table sit on one line (本年收入合计 ‖ 本年支出合计).
FILL = RowSpec("<fill>")
BLANK = RowSpec("", kind=RowKind.BLANK)


@dataclass(frozen=True)
class PaneSpec:
    heads: tuple[Head, ...]
    rows: tuple[RowSpec, ...] = ()  # fixed rows; empty when rows come from codes
    footer: tuple[RowSpec, ...] = ()


@dataclass(frozen=True)
class EconomicPaneSpec:
    """A pane of 公开06表: which 经济分类 类 it holds and which it always shows."""

    classes: tuple[str, ...]  # empty: every class not claimed by another pane
    shown: tuple[str, ...]  # shown even without figures, so the format is kept
    total: RowSpec


@dataclass(frozen=True)
class TableDefinition:
    """Everything about one 公开表 that is data rather than arithmetic.

    The title, footnotes and empty-table 说明 may use ``{year}`` (上海 预算:
    "{year}年部门收入预算总表"). `measure` fixes the unit (公开10表 counts
    things; 上海 预算's “三公” table is in 万元 whatever the report's unit);
    when empty the report's own amount unit (万元 or 元) is used.
    `numbered` gives rows a 行次 by position, the first pane from 1 and each
    next pane continuing where the previous one stopped.
    """

    key: str
    code: str
    title: str
    panes: tuple[PaneSpec, ...]
    # What the table is, whatever its number in a template ("summary",
    # "three_public" …): how readers find a template's table without its number.
    role: str = ""
    footnotes: tuple[str, ...] = ()
    empty_note: str = ""
    show_index_row: bool = True
    numbered: bool = False
    landscape: bool = False
    measure: str = ""
    measure_label: str = "金额单位"
    zero_text: str = "0"
    # Whether the number (`code`) is printed above the table: some layouts
    # (上海) print none; the code still names the sheet and the CSV.
    code_printed: bool = True
    # Whether a 功能分类 table's 合计 row comes last (上海 05表) or first.
    total_last: bool = False
    classes: tuple[tuple[str, str], ...] = ()  # (code, name) of 功能分类 类
    economic_class_names: Mapping[str, str] = field(default_factory=dict)
    economic_panes: tuple[EconomicPaneSpec, ...] = ()
    # Identities the builder makes true, declared so that they are tested as
    # properties for every template (they are guarantees, not 审核 rules):
    # (total column, its part columns), in every row that has the total column;
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (total row, its part rows), in every column the total row has; a part
    # CLASSES.key stands for the 类 rows of the total row's pane. The 合计 and
    # 类/款/项 sums of coded rows need no declaration: codes say the hierarchy.
    row_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def printed_title(self, year: int) -> str:
        """The title as a report of `year` prints it."""
        return self.title.format(year=year)


def amount(text: str, key: str) -> Head:
    return Head(text, key=key, role=Role.AMOUNT)


def count(text: str, key: str) -> Head:
    return Head(text, key=key, role=Role.COUNT)


def label(text: str = "项目") -> Head:
    return Head(text, role=Role.LABEL)


def line_no(text: str = "行次") -> Head:
    return Head(text, role=Role.LINE_NO)


def code_heads(title: str, parts: tuple[str, ...], split: bool) -> Head:
    """The 科目编码 header: one column, or one per part (类 | 款 | 项)."""
    if not split:
        return Head(title, role=Role.CODE)
    children = tuple(
        Head(text, role=Role.CODE_PART, part=i) for i, text in enumerate(parts)
    )
    return Head(title, children)


def text(title: str, key: str) -> Head:
    """A column of free text (绩效目标表: 项目名称, 年度绩效目标, 指标值)."""
    return Head(title, key=key, role=Role.TEXT)

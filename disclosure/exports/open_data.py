"""Open data: a report as JSON, a published table as CSV (docs/open-data.md).

Both are renderings of a `ReportDocument`: every figure comes from the Table
values and facts built once by `build_document`, never recomputed here. How a
value is written, and the stored facts, are in open_data_facts.py.

Output is deterministic: the same document always gives the same bytes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

# amount_text is re-exported: readers of the formats know it from here.
from disclosure.exports.open_data_facts import amount_text as amount_text
from disclosure.exports.open_data_facts import cell_value, facts_json, json_value
from disclosure.public_urls import report_url
from reporting.spreadsheets import escape_formula
from reporting.table import Head, Role, RowKind, Table

# Bumped in its minor part for additions, in its major part for anything that
# can break a reader (a field renamed, removed or changing type).
# 1.2: the report's level (单位决算 / 部门决算) and a 部门决算's composition.
# 1.3: the report's kind (决算 / 预算).
SCHEMA_VERSION = "1.3"

BOM = "\ufeff"

CSV_LEADING_HEADERS = ("表号", "行键", "项目", "编码", "级次", "行类型", "行次")
# The CSV is read by people in Excel: a row's kind in Chinese. The JSON keeps
# the documented key (`kind`), for programs.
ROW_KIND_LABELS = {
    RowKind.TOTAL: "合计",
    RowKind.CLASS: "类",
    RowKind.SECTION: "款",
    RowKind.ITEM: "项",
    RowKind.FIXED: "固定行",
    RowKind.BLANK: "空行",
}


# -- tables ----------------------------------------------------------------------

# Columns that hold a row's values: figures, and the free text of a text column
# (绩效自评表's 指标值) where a table has one.
VALUE_ROLES = frozenset({Role.AMOUNT, Role.COUNT, Role.TEXT})


@dataclass(frozen=True)
class Column:
    """A value column of a table, across its panes."""

    key: str
    path: tuple[str, ...]  # header texts from the top header row down to the leaf
    role: Role

    @property
    def header(self) -> str:
        return "/".join(self.path)

    @property
    def type(self) -> str:
        return {Role.COUNT: "count", Role.AMOUNT: "amount"}.get(self.role, "text")


def _leaf_paths(head: Head, above: tuple[str, ...] = ()):
    path = (*above, head.text)
    if not head.children:
        yield head, path
    for child in head.children:
        yield from _leaf_paths(child, path)


def _pane_title(pane) -> str:
    """The side header of a pane (收入 / 支出, 人员经费 / 公用经费), when it has one."""
    if len(pane.heads) == 1 and pane.heads[0].children:
        head = pane.heads[0]
        if any(leaf.role == Role.LABEL for leaf in head.leaves()):
            return head.text
    return ""


def table_columns(table: Table) -> list[Column]:
    """Value columns in order, one per column key.

    A pane's side header (收入, 人员经费) is left out of the header path: it says
    which rows a column applies to, which each row's `pane` already says. When
    two panes share a key under different headers, the common trailing part of
    their paths is kept.
    """
    paths: dict[str, list[tuple[str, ...]]] = {}
    roles: dict[str, Role] = {}
    for pane in table.panes:
        skip = 1 if _pane_title(pane) else 0
        for head in pane.heads:
            for leaf, path in _leaf_paths(head):
                if leaf.role in VALUE_ROLES:
                    paths.setdefault(leaf.key, []).append(path[skip:])
                    roles.setdefault(leaf.key, leaf.role)
    return [
        Column(key, _common_suffix(found), roles[key]) for key, found in paths.items()
    ]


def _common_suffix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    suffix = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(suffix), len(path)) and suffix[-1 - n] == path[-1 - n]:
            n += 1
        suffix = suffix[len(suffix) - n :]
    return suffix or paths[0][-1:]


def logical_rows(table: Table):
    """(pane index, row) for every row that has a key: blank filler rows are layout."""
    for index, pane in enumerate(table.panes):
        for row in pane.all_rows:
            if row.key:
                yield index, row


def table_json(table: Table, report=None) -> dict:
    """A table as JSON; with `report`, with the URL of its CSV in that revision."""
    columns = table_columns(table)
    data = {
        "key": table.key,
        "code": table.code,
        "title": table.title,
        "unit_name": table.unit_name,
        "year": table.year,
        "measure_label": table.measure_label,
        "measure": table.measure,
        "panes": [
            {"index": i, "title": _pane_title(p)} for i, p in enumerate(table.panes)
        ],
        "columns": [
            {"key": c.key, "header": c.header, "path": list(c.path), "type": c.type}
            for c in columns
        ],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "code": row.code,
                "level": row.level,
                "kind": str(row.kind),
                "line_no": row.line_no,
                "pane": pane,
                "values": {k: cell_value(v) for k, v in row.values.items()},
            }
            for pane, row in logical_rows(table)
        ],
        "footnotes": list(table.footnotes),
        "is_empty": table.is_empty,
        "note": table.note,
    }
    if report is not None:
        data["csv"] = report_url(report, "table_csv_revision", table.key)
    return data


def _csv_text(value: str) -> str:
    return '"' + escape_formula(value).replace('"', '""') + '"'


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _csv_text(value)
    return str(json_value(value))


def table_csv(table: Table) -> str:
    """One table as CSV text, starting with a BOM (encode it as UTF-8).

    One line per logical row: 表号, 行键, 项目, 编码, 级次, 行类型 (in Chinese:
    合计, 类, 款, 项, 固定行), 行次, then one
    column per value column, headed by its Chinese header and measure (a text
    column, as in a 绩效自评表, by its header alone). Text fields (codes
    included) are always quoted and numbers never are, so a reader that
    honours quoting keeps "2080505" as text; a missing figure is an empty
    unquoted field, a zero is "0.00". Lines end with CRLF (RFC 4180).
    """
    columns = table_columns(table)
    header = [
        *CSV_LEADING_HEADERS,
        *(
            c.header if c.type == "text" else f"{c.header}（{table.measure}）"
            for c in columns
        ),
    ]
    lines = [",".join(_csv_text(h) for h in header)]
    for _pane, row in logical_rows(table):
        fields = [
            _csv_text(table.code),
            _csv_text(row.key),
            _csv_text(row.label),
            _csv_text(row.code),
            str(row.level),
            _csv_text(ROW_KIND_LABELS[row.kind]),
            "" if row.line_no is None else str(row.line_no),
            *(_csv_value(row.values.get(c.key)) for c in columns),
        ]
        lines.append(",".join(fields))
    return BOM + "".join(line + "\r\n" for line in lines)


# -- the report ------------------------------------------------------------------


def _department(unit):
    """The 主管部门 without walking a deep tree one query per level."""
    if unit.parent_id is None:
        return unit
    if unit.parent.parent_id is None:
        return unit.parent
    return unit.department


def _when(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _sections(sections) -> list[dict]:
    return [
        {
            "number": s.number,
            "title": s.title,
            "heading": s.heading,
            "paragraphs": list(s.paragraphs),
        }
        for s in sections
    ]


def report_meta(report) -> dict:
    unit = report.unit
    department = _department(unit)
    return {
        "title": report.printed_title,
        "year": report.fiscal_year.year,
        "kind": report.kind,
        "kind_label": report.kind_word,
        "level": report.level,
        "level_label": str(report.get_level_display()).replace(
            "决算", report.kind_word
        ),
        "unit": {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "type": unit.unit_type,
            "type_label": str(unit.get_unit_type_display()),
        },
        "department": {"code": department.code, "name": department.name},
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "published_at": _when(report.published_at),
        "approval_date": _when(report.approval_date),
        "updated_at": _when(report.updated_at),
        "amount_unit": report.amount_unit,
        "amount_unit_label": str(report.get_amount_unit_display()),
        "template_variant": report.template_variant,
        "template_variant_label": report.template.name,
        "data_note": report.data_note,
        "revision": report.revision,
        "correction_note": report.correction_note,
        "attestation": {
            "secrecy_reviewer": report.secrecy_reviewer,
            "secrecy_reviewed_on": _when(report.secrecy_reviewed_on),
            "head_signer": report.head_signer,
            "head_signed_on": _when(report.head_signed_on),
        },
    }


def report_links(report) -> dict:
    """This revision's page and files: links that keep pointing at what was published.

    A 主管部门's 单位决算 (本级) is linked below /unit/ (disclosure/public_urls.py).
    """
    return {
        "page": report_url(report, "report_revision"),
        **{
            name: report_url(report, f"report_{name}_revision")
            for name in ("json", "pdf", "xlsx")
        },
    }


def composition_json(data) -> dict | None:
    """A 部门决算's composition (部门决算单位构成) as published; None for a 单位决算.

    Names are as printed in the report; `source_revision` is the revision of
    the unit's own 单位决算 that was consolidated (null for 并入本级).
    """
    from units.models import Unit

    consolidation = data.consolidation
    if consolidation is None:
        return None
    members = consolidation.members
    codes = dict(
        Unit.objects.filter(pk__in=[m.unit_id for m in members]).values_list(
            "pk", "code"
        )
    )
    sources = consolidation.sources
    return {
        "members": [
            {
                "position": m.position,
                "name": m.unit_name,
                "unit_code": codes.get(m.unit_id, ""),
                "unit_type": m.unit_type,
                "mode": m.mode,
                "mode_label": str(m.get_mode_display()),
                "source_revision": sources[m.unit_id].revision
                if m.consolidated and sources.get(m.unit_id)
                else None,
            }
            for m in members
        ]
    }


def document_tables(doc) -> list[Table]:
    """The ten 公开表, then every project's 项目支出绩效自评表 tables."""
    performance = getattr(doc, "performance", None)
    return [*doc.tables, *(performance.tables if performance else ())]


def _decimal_text(value: Decimal | None) -> str | None:
    """A score as exact text ("98.00"); scores are not amounts, so no padding."""
    return None if value is None else f"{value:f}"


def performance_json(performance, report=None) -> dict:
    """第三部分 §九's summary and, per self-evaluated project, its report and 自评表."""
    if performance is None:
        return {"summary": [], "projects": []}
    return {
        "summary": list(performance.summary),
        "projects": [
            {
                "number": project.number,
                "key": project.key,
                "name": project.name,
                "department": project.department,
                "implementer": project.implementer,
                "title": project.title,
                "total_score": _decimal_text(project.total_score),
                "grade": None if project.grade is None else str(project.grade.value),
                "sections": [
                    {"heading": heading, "text": text}
                    for heading, text in project.sections
                ],
                "tables": [table_json(t, report) for t in project.tables],
            }
            for project in performance.projects
        ],
    }


def report_json(doc) -> dict:
    """The whole report document as JSON-ready data (schema in docs/open-data.md)."""
    report = doc.report
    amount_unit = str(report.get_amount_unit_display())
    return {
        "schema_version": SCHEMA_VERSION,
        "report": report_meta(report),
        "links": report_links(report),
        "composition": composition_json(doc.data),
        "profile": {"sections": _sections(doc.profile)},
        "tables": [table_json(t, report) for t in doc.tables],
        "narrative": {"sections": _sections(doc.narrative.sections)},
        "performance": performance_json(getattr(doc, "performance", None), report),
        "glossary": {
            "sections": [
                {
                    "number": s.number,
                    "title": s.title,
                    "entries": [
                        {"term": term, "definition": text} for term, text in s.entries
                    ],
                }
                for s in doc.glossary
            ]
        },
        "facts": facts_json(doc.data, amount_unit),
    }

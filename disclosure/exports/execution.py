"""Open data of a report's 预算执行情况 (disclosure/execution.py): CSV and JSON (docs/open-data.md).

The rows are the page's, in its order: amounts are exact decimal strings in
the report's amount unit (bare numbers in the CSV), 完成率 a decimal string
with one decimal, or null (an empty field) where nothing was budgeted.
"""

import json
from decimal import Decimal

from disclosure.execution import Execution, Row
from disclosure.exports.open_data import BOM
from disclosure.exports.open_data_facts import amount_text
from disclosure.public_urls import report_url
from reporting.spreadsheets import escape_formula

# Minor: additions; major: anything that can break a reader (as the report JSON).
# 1.1: budget_source, and the rows of section "overall" (收支总体) it gives.
SCHEMA_VERSION = "1.1"
SECTION_LABELS = {
    "fiscal": "财政拨款",
    "three_public": "“三公”经费",
    "overall": "收支总体",
}


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def row_json(row: Row) -> dict:
    return {
        "section": row.section,
        "kind": row.kind,
        "level": row.level,
        "fund": row.fund,
        "fund_label": row.fund_label,
        "code": row.code,
        "label": row.label,
        "budget_kind": row.budget_word,
        "budget": amount_text(row.budget),
        "actual": amount_text(row.actual),
        "difference": amount_text(row.difference),
        "rate": _rate(row.rate),
        "reason": row.reason,
    }


def execution_json(result: Execution) -> dict:
    report = result.report
    return {
        "schema_version": SCHEMA_VERSION,
        "title": result.title,
        "report": {
            "unit_code": report.unit.code,
            "unit_name": report.unit.name,
            "year": result.year,
            "level": report.level,
            "level_label": str(report.get_level_display()),
            "revision": report.revision,
            "amount_unit": report.amount_unit,
            "amount_unit_label": result.measure,
        },
        "links": {
            "page": report_url(report, "execution_revision"),
            "csv": report_url(report, "execution_csv_revision"),
            "report": report_url(report, "report_revision"),
            "report_json": report_url(report, "report_json_revision"),
        },
        "budget_source": _budget_source(result.budget_source),
        "summary": list(result.summary),
        "rows": [row_json(row) for row in result.rows],
    }


def _budget_source(budget) -> dict | None:
    """The 预算 the 年初预算数 are read from (since 1.1); null: the 决算's own figures."""
    if budget is None:
        return None
    return {
        "title": budget.printed_title,
        "revision": budget.revision,
        "report": report_url(budget, "report_revision"),
        "report_json": report_url(budget, "report_json_revision"),
    }


def execution_json_bytes(result: Execution) -> bytes:
    """Compact UTF-8 JSON, Chinese as is (as the report JSON)."""
    return json.dumps(
        execution_json(result), ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def _text(value: str) -> str:
    return '"' + escape_formula(value).replace('"', '""') + '"'


def execution_csv(result: Execution) -> str:
    """The rows as CSV text, starting with a BOM (encode it as UTF-8).

    Text fields (codes included) are always quoted and numbers never are; a
    rate that does not exist is an empty unquoted field. Lines end with CRLF.
    """
    measure = result.measure
    header = (
        "部分",
        "资金来源",
        "行类型",
        "级次",
        "编码",
        "项目",
        "预算口径",
        f"预算数（{measure}）",
        f"决算数（{measure}）",
        f"差额（{measure}）",
        "完成率（%）",
        "原因说明",
    )
    lines = [",".join(_text(h) for h in header)]
    for row in result.rows:
        rate = _rate(row.rate)
        fields = (
            _text(SECTION_LABELS[row.section]),
            _text(row.fund_label),
            _text(row.kind_label),
            str(row.level),
            _text(row.code),
            _text(row.label),
            _text(row.budget_word),
            amount_text(row.budget),
            amount_text(row.actual),
            amount_text(row.difference),
            "" if rate is None else rate,
            _text(row.reason),
        )
        lines.append(",".join(fields))
    return BOM + "".join(line + "\r\n" for line in lines)

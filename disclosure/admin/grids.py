"""Entry grids: one page per fact group of a report (rows are codes, columns are measures).

GET shows the stored lines in publication order with the 类/款 subtotals and
the 合计 computed between them; POST replaces the group's lines through
services.save_grid. On any error nothing is stored and the page comes back
with the user's own input, every message at the top and beside its cell.

The page carries the version of the lines it showed (disclosure.versions).
A save from a page whose lines someone else changed meanwhile is refused,
naming who changed what, so that it cannot delete their new rows or revert
their figures; the page comes back with the user's input and the current
version, so a deliberate second save goes through.
"""

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from disclosure import budgets
from disclosure.admin.reasons import reasons_url, reasons_version, report_slots
from disclosure.admin.review import announce_check
from disclosure.forms import (
    CODE_COLUMN,
    GRID_GROUPS,
    CodeList,
    GridError,
    GridGroup,
    rows_from_post,
)
from disclosure.models import DEPARTMENT_FIGURES_REFUSED, Report
from disclosure.reason_labels import slot_anchor
from disclosure.services import EditRefused, save_grid
from disclosure.versions import (
    StaleVersion,
    grid_scope,
    grid_version,
    moment_text,
    read_token,
)
from reporting.hierarchy import rollup
from reporting.money import entry_text, exact_text

EMPTY_ROWS = 5


def grid_urls(model_admin) -> list:
    info = model_admin.opts.app_label, model_admin.opts.model_name

    def view(request, object_id, group):
        return grid_view(model_admin, request, object_id, group)

    return [
        path(
            "<path:object_id>/grid/<slug:group>/",
            model_admin.admin_site.admin_view(view),
            name="{}_{}_grid".format(*info),
        )
    ]


def grid_url(model_admin, report: Report, group: str) -> str:
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return reverse(
        "admin:{}_{}_grid".format(*info),
        args=[report.pk, group],
        current_app=model_admin.admin_site.name,
    )


def grid_view(model_admin, request, object_id, group_key):
    group = GRID_GROUPS.get(group_key)
    if group is None:
        raise Http404(f"没有名为“{group_key}”的录入表格。")
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return _missing_report(model_admin, request, object_id)

    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    if report.is_department:
        messages.error(request, DEPARTMENT_FIGURES_REFUSED)
        return HttpResponseRedirect(
            reverse(
                "admin:disclosure_report_change",
                args=[report.pk],
                current_app=model_admin.admin_site.name,
            )
        )
    group = _without_budget_read(group, report)
    if request.method != "POST":
        return _render(model_admin, request, report, group)

    rows = rows_from_post(group, request.POST)
    # A report past draft is refused with its reason (whatever the user's
    # permissions), so the page explains why instead of answering 403.
    if report.status == Report.Status.DRAFT and not model_admin.has_change_permission(
        request, report
    ):
        raise PermissionDenied
    token = request.POST.get("version", "")
    version = read_token(token, grid_scope(report, group))
    if version is None and report.status == Report.Status.DRAFT:
        # Without a version there is no telling what the rows were typed
        # over, so nothing is saved; the page returns with the current one.
        stale = {
            "summary": "本页缺少有效的版本标识（页面可能已过期或被改动），"
            "无法确认您是在最新的数据上填写的。",
            "changes": [],
        }
        current = _read_lines(report, group)[1]
        return _render(
            model_admin, request, report, group, rows, [], current.token(), stale
        )
    try:
        result = save_grid(report, group, rows, request.user, version=version)
    except GridError as exc:
        return _render(model_admin, request, report, group, rows, exc.errors, token)
    except StaleVersion as exc:
        stale = {
            "summary": f"自您 {moment_text(exc.since)} 打开本页以来，"
            f"“{group.title}”的数据已被修改：",
            "changes": exc.changes,
        }
        return _render(
            model_admin, request, report, group, rows, [], exc.current.token(), stale
        )
    except EditRefused as exc:
        messages.error(request, str(exc))
        return _render(model_admin, request, report, group, rows, [])
    model_admin.log_change(request, report, f"录入表格“{group.title}”：{result}。")
    messages.success(request, f"已保存“{group.title}”：{result}。")
    announce_check(model_admin, request, report)
    return HttpResponseRedirect(grid_url(model_admin, report, group.key))


def _without_budget_read(group: GridGroup, report: Report) -> GridGroup:
    """A 财政拨款 grid without its 年初预算数 column when the 决算 reads them from its 预算."""
    if "budget_initial" not in group.fields:
        return group
    budget = budgets.budget_report(report)
    if budget is None:
        return group
    return replace(
        group,
        columns=tuple(c for c in group.columns if c.field != "budget_initial"),
        note=f"年初预算数取自已公开的“{budget}”，不在决算中填写；如预算有误，请更正预算。",
    )


def _missing_report(model_admin, request, object_id):
    """Answer as the admin does for a missing object: a warning and the admin index."""
    msg = _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?") % {
        "name": model_admin.opts.verbose_name,
        "key": unquote(object_id),
    }
    model_admin.message_user(request, msg, messages.WARNING)
    return HttpResponseRedirect(
        reverse("admin:index", current_app=model_admin.admin_site.name)
    )


def _read_lines(report, group: GridGroup):
    """The grid's stored lines and their version.

    Read with the report locked, as saves lock it: every save either committed
    before the version's moment or writes its history after it, so the
    changes listed when a later save is refused are exactly those since.
    """
    with transaction.atomic():
        Report.objects.select_for_update().get(pk=report.pk)
        lines = list(group.lines(report))
        return lines, grid_version(report, group, lines)


def _render(
    model_admin,
    request,
    report,
    group: GridGroup,
    rows=None,
    errors=None,
    version: str = "",
    stale=None,
):
    codes = CodeList(report, group)
    editable = (
        report.status == Report.Status.DRAFT
        and model_admin.has_change_permission(request, report)
    )
    submitted = rows is not None
    if submitted:
        display = _submitted_rows(group, codes, rows, errors or [])
    else:
        lines, current = _read_lines(report, group)
        version = current.token()
        display = _stored_rows(group, codes, lines, report)
    if editable:
        inputs = [row for row in display if not row["computed"]]
        # A re-shown POST already carries its empty rows; top up, don't pile up.
        blank_tail = 0
        for row in reversed(inputs):
            if row["code"] or any(cell["value"] for cell in row["cells"]):
                break
            blank_tail += 1
        display += [
            _input_row(group, len(inputs) + n, "", "", {}, {})
            for n in range(max(EMPTY_ROWS - blank_tail, 0))
        ]
    reasons = {} if submitted else _reasons_by_code(report, group)
    for row in display:
        if row["computed"] and row["code"] in reasons:
            row["reasons"] = reasons[row["code"]]
    if report.status != Report.Status.DRAFT:
        lock_reason = (
            f"报告状态为“{report.get_status_display()}”，只有草稿状态的报告可以修改。"
        )
    elif not editable:
        lock_reason = "您没有修改本报告的权限。"
    else:
        lock_reason = ""
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        # The grid needs the page's width: no side menu.
        "is_nav_sidebar_enabled": False,
        "title": f"{report} · {group.title}",
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "report": report,
        "original": report,
        "group": group,
        "groups": [
            {
                "key": g.key,
                "title": g.title,
                "url": grid_url(model_admin, report, g.key),
                "current": g.key == group.key,
            }
            for g in GRID_GROUPS.values()
        ],
        "rows": display,
        "errors": errors or [],
        "submitted": submitted,
        "version": version if editable else "",
        "stale": stale,
        "current_url": grid_url(model_admin, report, group.key),
        "editable": editable,
        "lock_reason": lock_reason,
        "choices": codes.choices() if editable else [],
        "entry_hint": report.entry_hint,
        "has_reasons": bool(reasons),
        "reasons_url": reasons_url(model_admin, report),
        "reasons_version": reasons_version(report).token() if reasons else "",
        "width": 3 + len(group.fields) + (1 if editable else 0),
        "code_list_label": f"{report.fiscal_year.year} 年度{group.code_list_label}",
        "has_view_permission": model_admin.has_view_permission(request, report),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/disclosure/report/grid.html", context)


# The reasons each grid's 类 rows carry: the narrative's slots keyed by 类.
GRID_REASONS = {
    "fiscal-general": ("fiscal_class", "general_class"),
    "fiscal-gov-fund": ("fiscal_class",),
    "fiscal-state-capital": ("fiscal_class",),
    "basic": ("basic_class",),
}


def _reasons_by_code(report, group: GridGroup) -> dict[str, list[dict]]:
    """类 code → the reasons the narrative asks for on it, with their sentences and boxes."""
    prefixes = GRID_REASONS.get(group.key)
    if not prefixes:
        return {}
    slots, reasons = report_slots(report)
    by_code: dict[str, list[dict]] = {}
    for slot in slots:
        head, _, code = slot.key.partition(":")
        if head in prefixes and code:
            by_code.setdefault(code, []).append(
                {
                    "slot": slot,
                    "anchor": slot_anchor(slot.key),
                    "text": reasons.get(slot.key, ""),
                }
            )
    return by_code


def _display(text: str) -> str:
    """An amount as the read-only grid shows it (1,234.50); anything else as typed."""
    try:
        return exact_text(Decimal(text), thousands=True)
    except (InvalidOperation, ValueError):
        return text


def _stored_rows(group: GridGroup, codes: CodeList, stored, report) -> list[dict]:
    """Stored lines in publication order, with the computed 合计/类/款 rows between them.

    Amounts show in the report's entry unit, exactly (more than two decimals
    only where the cents need them).
    """

    def shown(value, thousands=False) -> str:
        return entry_text(value, report.amount_unit, report.input_unit, thousands)

    lines = {getattr(line, group.code_field).code: line for line in stored}
    items = [
        (code, {f: getattr(line, f) for f in group.fields})
        for code, line in lines.items()
    ]
    display = []
    number = 0
    for row in rollup(items, group.fields, codes.names()):
        if row.entered:
            line = lines[row.code]
            values = {f: shown(getattr(line, f)) for f in group.fields}
            display.append(
                _input_row(group, number, row.code, row.name, values, {}, row.level)
            )
            number += 1
        else:
            display.append(
                {
                    "computed": True,
                    "is_total": row.is_total,
                    "code": row.code,
                    "name": row.name,
                    "level": row.level,
                    "cells": [
                        {"field": f, "value": shown(row.values[f], thousands=True)}
                        for f in group.fields
                    ],
                }
            )
    return display


def _submitted_rows(group: GridGroup, codes: CodeList, rows, errors) -> list[dict]:
    """The rows exactly as posted (same order, same numbers), with their errors attached."""
    by_cell: dict[tuple, list[str]] = {}
    for error in errors:
        by_cell.setdefault((error.row, error.column), []).append(error.message)
    display = []
    for index, row in enumerate(rows):
        code_text = str(row.get(CODE_COLUMN) or "").strip()
        entry = codes.by_code.get(code_text.split(" ")[0]) if code_text else None
        cell_errors = {
            column: by_cell.get((index + 1, column), [])
            for column in (CODE_COLUMN, *group.fields)
        }
        display.append(
            _input_row(
                group,
                index,
                code_text,
                entry.name if entry else "",
                {f: str(row.get(f) or "") for f in group.fields},
                cell_errors,
                entry.level if entry else 3,
                deleted=bool(row.get("delete")),
            )
        )
    return display


def _input_row(
    group, index, code, name, values, errors, level=3, deleted=False
) -> dict:
    return {
        "computed": False,
        "index": index,
        "number": index + 1,
        "code": code,
        "name": name,
        "level": level,
        "deleted": deleted,
        "code_errors": errors.get(CODE_COLUMN, []),
        "cells": [
            {
                "field": f,
                "label": group.column_label(f),
                "name": f"rows-{index}-{f}",
                "value": values.get(f, ""),
                "display": _display(values.get(f, "")),
                "errors": errors.get(f, []),
            }
            for f in group.fields
        ],
    }

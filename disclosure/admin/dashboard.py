"""The supervisors' deadline dashboard: units × status for a fiscal year, days left,
coverage, and 催办 (by hand) for the units not yet submitted."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from disclosure.deadlines import dashboard_xlsx, deadline_dashboard
from disclosure.models import FiscalYear, Report
from disclosure.reminders import ReminderRefused, remind_units, send_reminder
from units.models import Unit
from units.selectors import reviewer_scope_q, units_for_user

STATE_FILTERS = {
    "": "全部",
    "overdue": "已逾期",
    "pending": "未公开",
    "published": "已公开",
}


def dashboard_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(
        lambda request: deadline_view(model_admin, request)
    )
    remind = model_admin.admin_site.admin_view(
        require_POST(lambda request: remind_view(model_admin, request))
    )
    return [
        path("dashboard/", view, name=f"{opts.app_label}_{opts.model_name}_dashboard"),
        path(
            "dashboard/remind/",
            remind,
            name=f"{opts.app_label}_{opts.model_name}_remind",
        ),
    ]


def deadline_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    years = list(FiscalYear.objects.values_list("year", flat=True).order_by("-year"))
    try:
        year = int(
            request.GET.get("year")
            or (years[0] if years else timezone.localdate().year)
        )
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    units = units_for_user(request.user)
    department = request.GET.get("department", "")
    if department:
        units = units.filter(path__startswith=f"/{department}/")
    kind = _kind(request.GET)
    word = Report.Kind(kind).label
    year_word = Report.Kind(kind).year_word
    board = deadline_dashboard(units, year, timezone.localdate(), kind)
    state = request.GET.get("state", "")
    rows = _filtered(board.rows, state)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            dashboard_xlsx(type(board)(year, rows, kind)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = quote(f"{year}{year_word}{word}公开进度.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response
    departments = (
        units_for_user(request.user).filter(parent__isnull=True).order_by("code")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": board.title,
        "kind": kind,
        "kinds": Report.Kind.choices,
        "kind_word": word,
        "year_word": year_word,
        "board": board,
        "rows": rows,
        "years": years,
        "year": year,
        "departments": departments,
        "department": department,
        "states": STATE_FILTERS.items(),
        "state": state,
        "query": request.GET.urlencode(),
        "can_remind": request.user.has_perm("disclosure.review_report"),
        "remindable": sum(row.can_remind for row in rows),
    }
    return TemplateResponse(request, "admin/disclosure/report/dashboard.html", context)


def _kind(params) -> str:
    """The report kind the page follows: 决算 unless 预算 is asked for."""
    kind = params.get("kind", Report.Kind.FINAL)
    return kind if kind in Report.Kind.values else Report.Kind.FINAL


def _filtered(rows, state: str) -> list:
    if state == "overdue":
        return [r for r in rows if r.overdue]
    if state == "pending":
        return [r for r in rows if not r.published]
    if state == "published":
        return [r for r in rows if r.published]
    return rows


def remind_view(model_admin, request):
    """POST: 催办 one unit (`unit`) or every unit listed not yet submitted (`all`).

    Only a 审核人 of the unit may; a unit out of their scope is not found.
    """
    user = request.user
    if not model_admin.has_view_permission(request) or not user.has_perm(
        "disclosure.review_report"
    ):
        raise PermissionDenied
    post = request.POST
    back = _dashboard_url(model_admin, post)
    kind = _kind(post)
    try:
        year = int(post.get("year", ""))
    except ValueError:
        messages.error(request, "请选择年度后再催办。")
        return HttpResponseRedirect(back)
    scope = reviewer_scope_q(user)
    units = Unit.objects.all() if scope is None else Unit.objects.filter(scope)
    if "all" in post:
        department = post.get("department", "")
        if department:
            units = units.filter(path__startswith=f"/{department}/")
        # The units the page listed, as it was filtered.
        board = deadline_dashboard(units, year, timezone.localdate(), kind)
        rows = _filtered(board.rows, post.get("state", ""))
        batch = remind_units(
            [row.unit for row in rows if row.can_remind],
            year,
            user,
            skip_reminded_today=True,
            report_kind=kind,
        )
        _announce(request, batch)
        return HttpResponseRedirect(back)
    try:
        unit = get_object_or_404(units, pk=int(post.get("unit", "")))
    except ValueError as exc:
        raise Http404 from exc
    try:
        reminder = send_reminder(unit, user, year=year, report_kind=kind)
    except ReminderRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已向“{unit.name}”的填报人发送催办邮件（{reminder.recipients}）。"
        )
    return HttpResponseRedirect(back)


def _announce(request, batch) -> None:
    if batch.sent:
        messages.success(request, f"已催办 {len(batch.sent)} 个单位。")
    if batch.refused:
        shown = "；".join(f"{who}：{why}" for who, why in batch.refused[:5])
        more = f"；等共 {len(batch.refused)} 个" if len(batch.refused) > 5 else ""
        messages.warning(request, f"{len(batch.refused)} 个单位未催办：{shown}{more}")
    if not batch.sent and not batch.refused:
        messages.info(request, "没有需要催办的单位。")


def _dashboard_url(model_admin, post) -> str:
    """Back to the dashboard as it was filtered."""
    opts = model_admin.opts
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_dashboard",
        current_app=model_admin.admin_site.name,
    )
    query = {k: post[k] for k in ("year", "kind", "department", "state") if post.get(k)}
    return f"{url}?{urlencode(query)}" if query else url

"""The supervisors' deadline dashboard: units × status for a fiscal year, days left, coverage."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from disclosure.deadlines import dashboard_xlsx, deadline_dashboard
from disclosure.models import FiscalYear
from units.selectors import units_for_user

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
    return [
        path("dashboard/", view, name=f"{opts.app_label}_{opts.model_name}_dashboard")
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
    board = deadline_dashboard(units, year, timezone.localdate())
    state = request.GET.get("state", "")
    rows = board.rows
    if state == "overdue":
        rows = [r for r in rows if r.overdue]
    elif state == "pending":
        rows = [r for r in rows if not r.published]
    elif state == "published":
        rows = [r for r in rows if r.published]
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            dashboard_xlsx(type(board)(year, rows)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = quote(f"{year}年度决算公开进度.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response
    departments = (
        units_for_user(request.user).filter(parent__isnull=True).order_by("code")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"{year} 年度决算公开进度",
        "board": board,
        "rows": rows,
        "years": years,
        "year": year,
        "departments": departments,
        "department": department,
        "states": STATE_FILTERS.items(),
        "state": state,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "admin/disclosure/report/dashboard.html", context)

"""Batch publication from the report list: 公开 or 定时公开 every approved report selected.

The supervisor filters the list (year, status, 主管部门), selects the reports
(or all that match, across pages), and confirms once on an intermediate page
that lists what will be published and what will be skipped, and why. The work
is one background job (disclosure/background.py); each report goes through
the same service as on its own review page.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from disclosure.background import publish_in_background, schedule_in_background
from disclosure.models import Report
from disclosure.scheduling import check_moment, moment_from
from disclosure.workflow import TransitionRefused, can_review
from jobs.admin import announce_job
from units.models import Unit
from units.selectors import units_for_user

# More than this many reports in one confirmation are listed by count only.
LISTED = 200


class DepartmentFilter(admin.SimpleListFilter):
    """主管部门: a department and every unit below it."""

    title = "主管部门"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        departments = units_for_user(request.user).filter(parent__isnull=True)
        return [(u.code, u.name) for u in departments.order_by("code")]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        department = Unit.objects.filter(code=code).first()
        if department is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=department.path)


def _split(request, queryset):
    """The approved reports `request.user` may publish, and the others with the reason."""
    ready, skipped = [], []
    for report in queryset.select_related("unit", "fiscal_year").order_by(
        "fiscal_year__year", "unit__code"
    ):
        if report.status != Report.Status.APPROVED:
            skipped.append((report, f"状态为“{report.get_status_display()}”"))
        elif not can_review(request.user, report):
            skipped.append((report, "不在您可以公开的单位范围内"))
        else:
            ready.append(report)
    return ready, skipped


def _confirm(model_admin, request, queryset, *, action, title, schedule=False):
    ready, skipped = _split(request, queryset)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "action": action,
        "ready": ready[:LISTED],
        "ready_count": len(ready),
        "skipped": skipped[:LISTED],
        "skipped_count": len(skipped),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "schedule": schedule,
        "schedule_date": request.POST.get("schedule_date", ""),
        "schedule_time": request.POST.get("schedule_time", "10:00"),
        "media": model_admin.media,
    }
    return TemplateResponse(
        request, "admin/disclosure/report/batch_publish.html", context
    )


def _confirmed(request) -> bool:
    return request.POST.get("post") == "yes" and request.POST.get("confirm") == "yes"


@admin.action(description="公开所选的已审核报告", permissions=["publish"])
def publish_selected(model_admin, request, queryset):
    if not _confirmed(request):
        return _confirm(
            model_admin,
            request,
            queryset,
            action="publish_selected",
            title="确认公开所选报告",
        )
    ready, _ = _split(request, queryset)
    if not ready:
        messages.error(request, "所选报告中没有可以公开的已审核报告。")
        return None
    announce_job(request, publish_in_background(ready, request.user))
    return None


@admin.action(description="定时公开所选的已审核报告", permissions=["publish"])
def schedule_selected(model_admin, request, queryset):
    def confirm():
        return _confirm(
            model_admin,
            request,
            queryset,
            action="schedule_selected",
            title="设置所选报告的定时公开",
            schedule=True,
        )

    if not _confirmed(request):
        return confirm()
    try:
        moment = moment_from(
            request.POST.get("schedule_date"), request.POST.get("schedule_time")
        )
        check_moment(moment)
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        return confirm()
    ready, _ = _split(request, queryset)
    if not ready:
        messages.error(request, "所选报告中没有可以定时公开的已审核报告。")
        return None
    announce_job(request, schedule_in_background(ready, request.user, moment))
    return None

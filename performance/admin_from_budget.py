"""The admin page that starts a 决算's 自评 from the year's 预算 (performance.from_budget).

Listed: the user's draft 决算 and, for each, the published 预算 it would copy
from. A POST copies through the service; what it did or why it refused is the
page's message. Any of the user's 决算 may be posted, so a report that is no
longer a draft is refused with the service's message, not a 404.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from disclosure.entry import EditRefused
from disclosure.models import Report
from performance.from_budget import StartRefused, budget_for, start_from_budget


def from_budget_urls(model_admin) -> list:
    opts = model_admin.opts
    return [
        path(
            "from-budget/",
            model_admin.admin_site.admin_view(partial(from_budget, model_admin)),
            name=f"{opts.app_label}_{opts.model_name}_from_budget",
        )
    ]


def from_budget_url(model_admin) -> str:
    opts = model_admin.opts
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_from_budget",
        current_app=model_admin.admin_site.name,
    )


def _finals(request):
    """The user's 决算 (every status: the service says why a non-draft is refused)."""
    return (
        Report.objects.for_user(request.user)
        .filter(kind=Report.Kind.FINAL)
        .select_related("unit", "fiscal_year")
    )


def from_budget(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return _start(model_admin, request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    drafts = _finals(request).filter(status=Report.Status.DRAFT)
    rows = []
    for report in drafts.order_by("-fiscal_year__year", "unit__code"):
        budget = budget_for(report)
        rows.append(
            {
                "report": report,
                "budget": budget,
                "targets": list(
                    budget.performance_projects.order_by("position").values_list(
                        "name", flat=True
                    )
                )
                if budget
                else [],
                "present": list(
                    report.performance_projects.order_by("position").values_list(
                        "name", flat=True
                    )
                ),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "从预算带入项目绩效目标",
        "rows": rows,
    }
    return TemplateResponse(
        request, "admin/performance/project/from_budget.html", context
    )


def _start(model_admin, request):
    pk = request.POST.get("report", "")
    if not pk.isdigit():
        raise Http404
    report = _finals(request).filter(pk=pk).first()
    if report is None:
        raise Http404
    try:
        started = start_from_budget(report, request.user)
    except (StartRefused, EditRefused) as refusal:
        model_admin.message_user(request, str(refusal), messages.ERROR)
        return HttpResponseRedirect(from_budget_url(model_admin))
    model_admin.log_change(request, report, str(started))
    model_admin.message_user(request, str(started), messages.SUCCESS)
    opts = model_admin.opts
    changelist = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist",
        current_app=model_admin.admin_site.name,
    )
    return HttpResponseRedirect(f"{changelist}?report__id__exact={report.pk}")

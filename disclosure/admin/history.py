"""A report's change history: who changed which fact when, and a diff between two moments."""

from functools import partial

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from disclosure.history import diff_between, recent_changes


def history_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(partial(report_changes, model_admin))
    return [
        path(
            "<path:object_id>/changes/",
            view,
            name=f"{opts.app_label}_{opts.model_name}_changes",
        )
    ]


def changes_url(model_admin, report) -> str:
    opts = model_admin.opts
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changes",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    )


def report_changes(model_admin, request, object_id):
    opts = model_admin.opts
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, opts, object_id)
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    # The moments worth comparing: each status move, and now.
    moments = [
        {
            "value": str(entry.pk),
            "label": f"{entry.at:%Y-%m-%d %H:%M} {entry.get_to_status_display()}",
            "at": entry.at,
        }
        for entry in report.review_log.order_by("at")
    ]
    moments.append({"value": "now", "label": "现在", "at": None})
    by_value = {m["value"]: m for m in moments}
    before = by_value.get(request.GET.get("a", ""))
    after = by_value.get(request.GET.get("b", "now"))
    diff = None
    if before is not None and after is not None:
        diff = diff_between(report, before["at"], after["at"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": report,
        "title": f"{report} · 修改记录",
        "entries": recent_changes(report),
        "moments": moments,
        "before": before,
        "after": after,
        "diff": diff,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/disclosure/report/changes.html", context)

"""The report preview page: all 公开表 rendered from the facts."""

from functools import partial

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from disclosure.selectors import load_report_data
from disclosure.tables import build_tables


def preview_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(partial(report_preview, model_admin))
    return [
        path(
            "<path:object_id>/preview/",
            view,
            name=f"{opts.app_label}_{opts.model_name}_preview",
        )
    ]


def report_preview(model_admin, request, object_id):
    """Every table of one report, as the public will see it.

    The report is fetched through the admin's own scoped queryset, so a report
    of a unit outside the user's scope is "not found" exactly as on its change
    page (redirect to the admin index with a message).
    """
    opts = model_admin.opts
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, opts, object_id)
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    data = load_report_data(report)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": data.report,
        "title": f"{data.report} · 公开表预览",
        "tables": build_tables(data),
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/disclosure/report/preview.html", context)

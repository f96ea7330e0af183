"""Previews of a report before publication: its 公开表, and the whole report.

The whole-report preview is the web page citizens will read — the same
document body the publication freezes (`snapshots.render_page_body`), from
the report's current facts — so a preparer sees every generated sentence
before submitting.
"""

from functools import partial

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from disclosure.selectors import load_report_data
from disclosure.tables import build_tables


def preview_urls(model_admin) -> list:
    opts = model_admin.opts
    site = model_admin.admin_site
    return [
        path(
            "<path:object_id>/preview/",
            site.admin_view(partial(report_preview, model_admin)),
            name=f"{opts.app_label}_{opts.model_name}_preview",
        ),
        path(
            "<path:object_id>/document/",
            site.admin_view(partial(document_preview, model_admin)),
            name=f"{opts.app_label}_{opts.model_name}_document",
        ),
    ]


def _viewable(model_admin, request, object_id):
    """The report in the user's scope, or the response that refuses it."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return None, model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    return report, None


def document_preview(model_admin, request, object_id):
    """The whole report — four parts, every sentence, the 绩效 part — as it will be published."""

    # Imported here: the admin is loaded while the templates module still is.
    from disclosure.document import build_document
    from disclosure.snapshots import render_page_body

    report, refused = _viewable(model_admin, request, object_id)
    if refused is not None:
        return refused
    doc = build_document(report)
    context = {
        "report": doc.report,
        "unit": doc.report.unit,
        "year": doc.data.year,
        "body": render_page_body(doc),
        "change_url": reverse(
            "admin:disclosure_report_change",
            args=[report.pk],
            current_app=model_admin.admin_site.name,
        ),
    }
    return TemplateResponse(request, "admin/disclosure/report/document.html", context)


def report_preview(model_admin, request, object_id):
    """Every table of one report, as the public will see it.

    The report is fetched through the admin's own scoped queryset, so a report
    of a unit outside the user's scope is "not found" exactly as on its change
    page (redirect to the admin index with a message).
    """
    opts = model_admin.opts
    report, refused = _viewable(model_admin, request, object_id)
    if refused is not None:
        return refused
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

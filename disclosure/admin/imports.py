"""Imports into reports: the Excel workbook (从 Excel 导入) and flat fact-line files.

从 Excel 导入: upload a report workbook, see what will change, confirm.

The upload is read completely (every problem listed with its sheet, row and
column) and nothing is written; the preview lists, per sheet and cell, the old
and the new figure. The file waits in storage under a random token kept in the
user's session, so any web process can finish the import; confirming hands
it to a background job (disclosure/background.py) that imports it through
`import_workbook`, which checks everything once more (the report may have
changed meanwhile) and saves all or nothing.

The pending upload also keeps the version of the facts its preview was
computed against (disclosure.versions). When someone changed a figure after
the preview, confirming is refused, naming who changed what, instead of
silently reverting it; the page then shows the preview again, computed
against the current facts, to be confirmed anew. (A change made in the
moment between the confirmation and the job fails the job with the same
names, and the file is uploaded again.)

The same page offers the report's workbook for download whatever its status,
to be filled in or corrected and imported back.

The fact lines (收入, 支出, 财政拨款支出, 基本支出) also have flat admin lists
that import and export CSV or XLSX through django-import-export, scoped to
the user's units and saved all or nothing (`disclosure.importers.resources`).
"""

import secrets
from datetime import timedelta
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm

from disclosure.background import import_in_background
from disclosure.importers.cells import WorkbookRejected
from disclosure.importers.facts import facts_from_data
from disclosure.importers.preview import preview
from disclosure.importers.resources import (
    BasicExpenditureLineResource,
    ExpenditureLineResource,
    FiscalExpenditureLineResource,
    IncomeLineResource,
)
from disclosure.importers.xlsx import (
    MAX_FILE_BYTES,
    read_workbook,
    too_large,
)
from disclosure.models import (
    DEPARTMENT_FIGURES_REFUSED,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    IncomeLine,
    Report,
)
from disclosure.selectors import load_report_data
from disclosure.storage import storage_errors
from disclosure.versions import (
    StaleVersion,
    check_facts,
    facts_scope,
    facts_version,
    moment_text,
    read_token,
)
from jobs.admin import announce_job
from units.importing import (
    AllOrNothingImportMixin,
    CheckedExportMixin,
    CheckedImportForm,
    missing_columns_message,
)
from units.scoping import UnitScopedAdminMixin

UPLOAD_DIR = "xlsx-imports"
SESSION_KEY = "xlsx_imports"
# An upload nobody confirmed is removed after this long.
UPLOAD_LIFETIME = timedelta(hours=12)
CHANGES_SHOWN = 300


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Excel 工作簿",
        help_text=(
            f"本系统导出的决算报告工作簿（.xlsx，不超过 {MAX_FILE_BYTES // 1024 // 1024} MB），"
            "包括公开01表—公开10表和“填报补充”工作表。"
        ),
    )


def import_urls(model_admin) -> list:
    opts = model_admin.opts
    site = model_admin.admin_site
    prefix = f"{opts.app_label}_{opts.model_name}"
    return [
        path(
            "<path:object_id>/import-xlsx/",
            site.admin_view(partial(import_view, model_admin)),
            name=f"{prefix}_import_xlsx",
        ),
        path(
            "<path:object_id>/export-xlsx/",
            site.admin_view(partial(export_view, model_admin)),
            name=f"{prefix}_export_xlsx",
        ),
    ]


def _report_or_redirect(model_admin, request, object_id):
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return None, model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    return report, None


def export_view(model_admin, request, object_id):
    """The report's workbook, in any status (for filling in and importing back)."""
    from disclosure.document import build_document
    from disclosure.exports.xlsx import render_report_xlsx
    from disclosure.snapshots import XLSX, content_type
    from disclosure.views.downloads import content_disposition

    report, redirect = _report_or_redirect(model_admin, request, object_id)
    if redirect:
        return redirect
    content = render_report_xlsx(build_document(report))
    response = HttpResponse(content, content_type=content_type(XLSX))
    year = report.fiscal_year.year
    response["Content-Disposition"] = content_disposition(
        "attachment",
        f"{report}（{report.get_status_display()}）.xlsx",
        f"{report.unit.code}-{year}-r{report.revision}.xlsx",
    )
    return response


def lock_reason(model_admin, request, report: Report) -> str:
    if report.is_department:
        return DEPARTMENT_FIGURES_REFUSED
    if report.status != Report.Status.DRAFT:
        return f"报告状态为“{report.get_status_display()}”，只有草稿状态的报告可以导入数据。"
    if not model_admin.has_change_permission(request, report):
        return "您没有修改本报告的权限。"
    return ""


def import_view(model_admin, request, object_id):
    report, redirect = _report_or_redirect(model_admin, request, object_id)
    if redirect:
        return redirect
    locked = lock_reason(model_admin, request, report)
    if request.method != "POST":
        return _render(model_admin, request, report, WorkbookUploadForm(), locked)
    if locked:
        messages.error(request, locked)
        return _render(model_admin, request, report, WorkbookUploadForm(), locked)
    if "confirm" in request.POST:
        return _confirm(model_admin, request, report)
    return _upload(model_admin, request, report)


def _upload(model_admin, request, report: Report):
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(model_admin, request, report, form)
    upload = form.cleaned_data["workbook"]
    # Refused on the declared size, before a byte of it is parsed.
    if upload.size > MAX_FILE_BYTES:
        return _render(
            model_admin, request, report, form, problems=[too_large(upload.size)]
        )
    content = upload.read()
    try:
        facts = read_workbook(report, content)
    except WorkbookRejected as exc:
        return _render(model_admin, request, report, form, problems=exc.problems)
    changes, version = _preview(report, facts)
    token = _store(request, report, content, upload.name, version.token())
    notices = []
    if facts.source_unit and facts.source_unit != report.unit.name:
        notices.append(
            f"文件的编制单位为“{facts.source_unit}”，将导入到“{report.unit.name}”的报告中。"
        )
    if facts.source_year and facts.source_year != str(report.fiscal_year.year):
        notices.append(
            f"文件为 {facts.source_year} 年度，将导入到 {report.fiscal_year.year} 年度的报告中。"
        )
    return _render(
        model_admin,
        request,
        report,
        WorkbookUploadForm(),
        changes=changes,
        token=token,
        filename=upload.name,
        notices=notices,
        recomputed=facts.recomputed[:RECOMPUTED_SHOWN],
        recomputed_count=len(facts.recomputed),
    )


# The recomputed totals the preview lists one by one; more are counted.
RECOMPUTED_SHOWN = 30


def _preview(report: Report, facts):
    """The preview of `facts` and the version of the stored facts it was computed against.

    The stored facts are read with the report locked, as imports and grid
    saves lock it, so the version's moment falls between saves and a later
    refusal lists exactly the changes made after it.
    """
    with transaction.atomic():
        Report.objects.select_for_update().get(pk=report.pk)
        current = load_report_data(report)
        version = facts_version(report, facts_from_data(current))
    return preview(report, facts, current), version


def _confirm(model_admin, request, report: Report):
    token = request.POST.get("token", "")
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if not stored or stored.get("report") != report.pk:
        messages.error(request, "待导入的文件已失效或不属于本报告，请重新上传。")
        return _render(model_admin, request, report, WorkbookUploadForm())
    try:
        with default_storage.open(stored["path"], "rb") as handle:
            content = handle.read()
    except storage_errors():
        _forget(request, token)
        messages.error(request, "待导入的文件已失效，请重新上传。")
        return _render(model_admin, request, report, WorkbookUploadForm())
    version = read_token(stored.get("version", ""), facts_scope(report))
    if version is None:
        _forget(request, token)
        messages.error(request, "待导入的文件已失效，请重新上传。")
        return _render(model_admin, request, report, WorkbookUploadForm())
    try:
        check_facts(version, report)
    except StaleVersion as exc:
        return _stale(model_admin, request, report, token, stored, content, exc)
    # The job owns the stored file from here: it imports it and removes it.
    _forget(request, token, keep_file=True)
    job = import_in_background(report, stored, request.user)
    if job.status == job.Status.FAILED:
        if job.problems:
            return _render(
                model_admin,
                request,
                report,
                WorkbookUploadForm(),
                problems=job.problems,
            )
        messages.error(request, job.message)
        return _render(model_admin, request, report, WorkbookUploadForm(), job.message)
    if job.status == job.Status.DONE:
        model_admin.log_change(request, report, job.message)
    announce_job(request, job)
    return HttpResponseRedirect(
        reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
            args=[report.pk],
            current_app=model_admin.admin_site.name,
        )
    )


def _stale(model_admin, request, report, token, stored, content, exc: StaleVersion):
    """Refuse a confirmation made from an out-of-date preview; preview again against now.

    The upload stays pending with the current version, so the user can confirm
    the new preview once they have seen what changed.
    """
    try:
        changes, version = _preview(report, read_workbook(report, content))
    except WorkbookRejected as rejected:
        # The current facts can make the file wrong (e.g. codes of another year).
        _forget(request, token)
        return _render(
            model_admin,
            request,
            report,
            WorkbookUploadForm(),
            problems=rejected.problems,
        )
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {**stored, "version": version.token()}
    request.session[SESSION_KEY] = uploads
    stale = {
        "summary": f"自 {moment_text(exc.since)} 生成导入预览以来，本报告的数据已被修改：",
        "changes": exc.changes,
    }
    return _render(
        model_admin,
        request,
        report,
        WorkbookUploadForm(),
        changes=changes,
        token=token,
        filename=stored["filename"],
        stale=stale,
    )


def _store(request, report: Report, content: bytes, filename: str, version: str) -> str:
    _sweep()
    token = secrets.token_urlsafe(24)
    name = default_storage.save(f"{UPLOAD_DIR}/{token}.xlsx", ContentFile(content))
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {
        "report": report.pk,
        "path": name,
        "filename": filename,
        # The version of the facts the preview was computed against.
        "version": version,
    }
    request.session[SESSION_KEY] = uploads
    return token


def _forget(request, token: str, *, keep_file: bool = False) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    stored = uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if stored and not keep_file:
        default_storage.delete(stored["path"])


def _sweep() -> None:
    """Remove uploads left unconfirmed for longer than UPLOAD_LIFETIME."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (NotImplementedError, *storage_errors()):
        return
    cutoff = timezone.now() - UPLOAD_LIFETIME
    for name in files:
        path_name = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path_name) < cutoff:
                default_storage.delete(path_name)
        except (NotImplementedError, *storage_errors()):
            continue


def _render(
    model_admin,
    request,
    report: Report,
    form,
    locked: str = "",
    problems=None,
    changes=None,
    token: str = "",
    filename: str = "",
    notices=(),
    stale=None,
    recomputed=(),
    recomputed_count=0,
):
    opts = model_admin.opts
    shown = []
    total = 0
    for sheet in changes or []:
        total += len(sheet.changes)
        shown.append(
            {
                "sheet": sheet.sheet,
                "title": sheet.title,
                "changes": sheet.changes[:CHANGES_SHOWN],
                "more": max(len(sheet.changes) - CHANGES_SHOWN, 0),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": report,
        "report": report,
        "title": f"{report} · 从 Excel 导入",
        "form": form,
        "lock_reason": locked,
        "problems": problems or [],
        "changes": shown,
        "change_count": total,
        "previewed": changes is not None,
        "token": token,
        "filename": filename,
        "notices": notices,
        "stale": stale,
        "recomputed": recomputed,
        "recomputed_count": recomputed_count,
        "export_url": reverse(
            f"admin:{opts.app_label}_{opts.model_name}_export_xlsx",
            args=[report.pk],
            current_app=model_admin.admin_site.name,
        ),
        "has_view_permission": True,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(
        request, "admin/disclosure/report/import_xlsx.html", context
    )


# -- flat fact lines (django-import-export) ------------------------------------


class FactLineImportForm(CheckedImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.resource_class = resources[0]

    def check_dataset(self, dataset) -> None:
        resource = self.resource_class
        expected = [*resource.key_columns(), *resource().group.fields]
        message = missing_columns_message(
            dataset.headers, resource.required_columns(), expected
        )
        if message:
            raise forms.ValidationError(message)
        super().check_dataset(dataset)


class FactLineConfirmForm(ConfirmImportForm):
    # The version of the stored lines the preview was computed against.
    version = forms.CharField(widget=forms.HiddenInput(), required=False)


class FactLineAdmin(
    UnitScopedAdminMixin, AllOrNothingImportMixin, CheckedExportMixin, admin.ModelAdmin
):
    """A report's lines as one flat list: read-only here, imported and exported as files.

    Lines are entered in the report's grids; this list exists to exchange
    them with spreadsheets. Rights follow the report's: whoever may view a
    report sees its lines, whoever may change reports may import (each row
    is checked against the user's scope and the report's status).
    """

    unit_lookup = "report__unit"
    import_form_class = FactLineImportForm
    confirm_form_class = FactLineConfirmForm
    import_template_name = "admin/disclosure/factline_import.html"
    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )
    export_formats = [base_formats.CSV, base_formats.XLSX]
    list_select_related = ["report__unit", "report__fiscal_year"]
    list_filter = ["report__fiscal_year"]
    search_fields = ["report__unit__name", "report__unit__code"]

    def has_module_permission(self, request):
        return request.user.has_perm("disclosure.view_report")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosure.view_report")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("disclosure.change_report")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        extra = {}
        if isinstance(form, FactLineConfirmForm):
            extra["version_token"] = form.cleaned_data.get("version", "")
        elif form is not None:
            extra["import_form"] = form
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "user": request.user,
            **extra,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            # Set by the resource's dry run (the preview).
            initial["version"] = getattr(import_form, "fact_line_version", "")
        return initial

    def process_result(self, result, request):
        # The library would announce success even when the confirm run was
        # refused and rolled back (a stale preview); say why instead.
        if result.has_errors():
            for error in result.base_errors:
                messages.error(request, str(error.error))
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_import",
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "user": request.user,
        }


def _code(field: str, label: str):
    @admin.display(description=label, ordering=f"{field}__code")
    def show(obj):
        return getattr(obj, field)

    return show


@admin.register(IncomeLine)
class IncomeLineAdmin(FactLineAdmin):
    resource_classes = [IncomeLineResource]
    list_display = ["report", _code("function_code", "科目"), *IncomeLine.AMOUNT_FIELDS]
    list_select_related = [*FactLineAdmin.list_select_related, "function_code"]


@admin.register(ExpenditureLine)
class ExpenditureLineAdmin(FactLineAdmin):
    resource_classes = [ExpenditureLineResource]
    list_display = [
        "report",
        _code("function_code", "科目"),
        *ExpenditureLine.AMOUNT_FIELDS,
    ]
    list_select_related = [*FactLineAdmin.list_select_related, "function_code"]


@admin.register(FiscalExpenditureLine)
class FiscalExpenditureLineAdmin(FactLineAdmin):
    resource_classes = [FiscalExpenditureLineResource]
    list_display = [
        "report",
        "fund",
        _code("function_code", "科目"),
        *FiscalExpenditureLine.AMOUNT_FIELDS,
    ]
    list_filter = [*FactLineAdmin.list_filter, "fund"]
    list_select_related = [*FactLineAdmin.list_select_related, "function_code"]


@admin.register(BasicExpenditureLine)
class BasicExpenditureLineAdmin(FactLineAdmin):
    resource_classes = [BasicExpenditureLineResource]
    list_display = ["report", _code("economic_code", "经济分类科目"), "amount"]
    list_select_related = [*FactLineAdmin.list_select_related, "economic_code"]

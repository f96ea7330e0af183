"""Admin file imports (django-import-export) that save a whole file or nothing.

Shared by every app's importers; it lives here because every other app
depends on `units`. The upload is read while the form is validated, so an
unreadable file, wrong columns or an empty sheet get a Chinese message before
any row is looked at (the library's own messages for these are English).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from jobs.services import JobFailed, handler
from reporting.spreadsheets import (
    MAX_FILE_BYTES,
    NOT_XLSX,
    SpreadsheetRejected,
    check_archive,
    escape_formula,
    too_large_message,
    unescape_formula,
)

# Text files arrive as UTF-8, with or without the BOM Excel writes.
CSV_ENCODING = "utf-8-sig"
# Rows one flat import may hold: a year's whole function-code list has about
# 3,000 codes, a province's unit list a few thousand units; each row costs a
# validation pass in the preview and again on confirmation.
MAX_ROWS = 20_000
XLSX_UNREADABLE = (
    "无法打开该 XLSX 文件：文件已损坏，或不是 .xlsx 格式的 Excel 工作簿。"
    "请用 Excel 重新保存为 .xlsx 后再上传；如上传的是 CSV 文件，请把“文件格式”选为 csv。"
)


def cell_text(value) -> str:
    """A cell as text: spreadsheet numbers such as 201.0 become "201"; an exported '= is un-quoted."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value)).strip()


def normalise_header(value) -> str:
    """Column names as typed by people: stray spaces, a BOM, upper case."""
    return cell_text(value).lstrip("\ufeff").strip().lower()


def missing_columns_message(headers, required, expected) -> str | None:
    """A Chinese message naming the missing columns, or None when all are present."""
    present = {normalise_header(h) for h in headers or []}
    missing = [c for c in required if c not in present]
    if not missing:
        return None
    found = "、".join(h for h in (cell_text(h) for h in headers or []) if h) or "无"
    return (
        f"缺少列：{'、'.join(missing)}。文件第 1 行应为列名 "
        f"{','.join(expected)}，实际为：{found}。"
    )


def read_upload(format_class, upload):
    """The uploaded file as a tablib Dataset, or a ValidationError in Chinese."""
    input_format = format_class()
    if not input_format.is_binary():
        input_format.encoding = CSV_ENCODING
    if upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(too_large_message(upload.size))
    data = upload.read()
    upload.seek(0)
    if input_format.is_binary():
        try:
            check_archive(data)
        except SpreadsheetRejected as exc:
            message = XLSX_UNREADABLE if str(exc) == NOT_XLSX else str(exc)
            raise forms.ValidationError(message) from None
    elif (lines := data.count(b"\n")) > 2 * MAX_ROWS:
        # Refused before tablib builds a list per line (a cell may hold a line
        # break, hence the margin; the exact count is checked below).
        raise forms.ValidationError(too_many_rows(lines))
    try:
        dataset = input_format.create_dataset(data)
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(
            "无法按 UTF-8 编码读取该 CSV 文件。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”，"
            "或改为上传 XLSX 文件；如上传的是 XLSX 文件，请把“文件格式”选为 xlsx。"
        ) from exc
    except Exception as exc:  # noqa: BLE001 — tablib and openpyxl raise many kinds
        if input_format.is_binary():
            raise forms.ValidationError(XLSX_UNREADABLE) from exc
        raise forms.ValidationError(
            "无法读取该 CSV 文件：请检查文件内容是否为逗号分隔的表格。"
        ) from exc
    if dataset.height > MAX_ROWS:
        raise forms.ValidationError(too_many_rows(dataset.height))
    return dataset


def too_many_rows(rows: int) -> str:
    return (
        f"文件约有 {rows:,} 行数据，超过每次导入 {MAX_ROWS:,} 行的上限；"
        "请分成几个文件导入。"
    )


class CheckedImportForm(ImportForm):
    """The upload form; `check_dataset` adds the importer's own file-level checks."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].label = "文件"
        self.fields["format"].label = "文件格式"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        chosen = cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        try:
            dataset = read_upload(self.formats[int(chosen)], upload)
            self.check_dataset(dataset)
        except forms.ValidationError as exc:
            self.add_error("import_file", exc)
        return cleaned

    def check_dataset(self, dataset) -> None:
        if not dataset.height:
            raise forms.ValidationError("文件中只有列名，没有任何数据行。")


class AllOrNothingImportMixin(ImportMixin):
    """Admin side: CSV or XLSX, read as UTF-8, shown on the line-numbered page.

    The confirmed import runs as a background job (`import_confirmed`): the
    worker replays the confirmation as the user who made it, through the
    library's own confirm step, with the file kept in the shared storage
    between the preview and the job (settings.IMPORT_EXPORT_TMP_STORAGE_CLASS).
    """

    import_template_name = "admin/all_or_nothing_import.html"
    import_formats = [base_formats.CSV, base_formats.XLSX]
    from_encoding = CSV_ENCODING
    import_form_class = CheckedImportForm

    def process_import(self, request, **kwargs):
        if getattr(request, "in_background", False):
            return super().process_import(request, **kwargs)
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            # The library shows the form's errors.
            return super().process_import(request, **kwargs)
        from jobs.admin import announce_job
        from jobs.services import start

        opts = self.model._meta
        job = start(
            "flat_import",
            f"导入“{confirm_form.cleaned_data['original_file_name']}”到"
            f"“{opts.verbose_name_plural}”",
            {
                "model": opts.label,
                "path": request.path,
                "post": {key: request.POST.getlist(key) for key in request.POST},
            },
            user=request.user,
        )
        announce_job(request, job)
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        )


@handler("flat_import", "表格导入")
def import_confirmed(job, progress) -> str:
    """A confirmed flat import, replayed in the worker as the user who confirmed it."""
    from django.apps import apps
    from django.contrib import admin
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, QueryDict

    if job.created_by is None or not job.created_by.is_active:
        raise JobFailed("发起人的账号已不存在或已停用，未导入。")
    params = job.params
    model_admin = admin.site._registry[apps.get_model(params["model"])]
    request = HttpRequest()
    request.method = "POST"
    request.path = params["path"]
    request.POST = QueryDict(mutable=True)
    for key, values in params["post"].items():
        request.POST.setlist(key, values)
    request.user = job.created_by
    request.in_background = True
    # The library reports through messages; they are collected as the outcome.
    request._messages = CookieStorage(request)
    progress.total(1)
    model_admin.process_import(request)
    shown = list(get_messages(request))
    text = " ".join(str(m) for m in shown) or "导入完成。"
    if any(m.level >= messages.ERROR for m in shown):
        raise JobFailed(f"文件未导入：{text}")
    progress.step()
    return text


class AllOrNothingResourceMixin:
    """Resource side: any invalid row rolls back the whole file; exported text is formula-safe."""

    def export_field(self, field, instance, **kwargs):
        # The library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a
        # leading "=" and turns every number into text; this quotes text only.
        return escape_formula(super().export_field(field, instance, **kwargs))

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        # The admin's confirm step would otherwise keep the good rows of a file
        # whose other rows fail validation.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )


class CheckedExportMixin(ExportMixin):
    """Export that answers a bad filter in the address as the list page does, never a 500.

    The export page applies the list's filters from the query string; a
    filter naming no field, or a value of the wrong type, makes Django's
    ChangeList raise IncorrectLookupParameters, which the list page turns
    into a redirect but the library's export view does not catch.
    """

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(
                request,
                "导出链接中的筛选条件无效，已忽略。请在列表页重新选择筛选条件后再导出。",
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
                )
            )

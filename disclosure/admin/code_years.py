"""由上年生成: an administrator creates a year's code lists from last year's and a change list.

One page beside the 支出功能分类科目 list: the year, and optionally the
published change list (增设/调整/停用 rows). The write is
`codelist_changes.create_year_from_previous`, all-or-nothing; a refused file
is shown back with every problem, row and column named.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from disclosure.codelist_changes import (
    MAX_CHANGE_BYTES,
    create_year_from_previous,
    read_change_file,
    summary,
)
from disclosure.codelists import CodeListError
from disclosure.models import FiscalYear


class CreateYearForm(forms.Form):
    year = forms.IntegerField(
        label="要生成的年度",
        min_value=2001,
        max_value=2100,
        help_text="以上一年度的科目表为基础生成，例如填 2023 即复制 2022 年度科目表。",
    )
    changes = forms.FileField(
        label="科目变动表（可选）",
        required=False,
        help_text=(
            "CSV（UTF-8）或 XLSX，第 1 行为列名 action,code,name,parent_code,new_code；"
            f"不超过 {MAX_CHANGE_BYTES // 1024} KB。不上传则只沿用上年科目。"
        ),
    )


def create_year_url_name(model_admin) -> str:
    opts = model_admin.opts
    return f"{opts.app_label}_{opts.model_name}_create_year"


def create_year_urls(model_admin) -> list:
    view = model_admin.admin_site.admin_view(
        lambda request: create_year_view(model_admin, request)
    )
    return [path("create-year/", view, name=create_year_url_name(model_admin))]


def may_create_year(model_admin, request) -> bool:
    # Shared reference data: only those who may both add and change codes.
    return model_admin.has_add_permission(
        request
    ) and model_admin.has_change_permission(request)


def create_year_view(model_admin, request):
    if not may_create_year(model_admin, request):
        raise PermissionDenied
    problems: list[str] = []
    if request.method == "POST":
        form = CreateYearForm(request.POST, request.FILES)
        if form.is_valid():
            year = form.cleaned_data["year"]
            upload = form.cleaned_data["changes"]
            try:
                rows = None
                if upload is not None:
                    if upload.size > MAX_CHANGE_BYTES:
                        raise CodeListError(
                            [f"变更表文件超过 {MAX_CHANGE_BYTES // 1024} KB 的上限。"]
                        )
                    rows = read_change_file(upload.name, upload.read())
                results = create_year_from_previous(year, rows)
            except CodeListError as exc:
                problems = exc.errors
            else:
                done = summary(year, results)
                messages.success(request, done)
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{model_admin.opts.app_label}_"
                        f"{model_admin.opts.model_name}_changelist",
                        current_app=model_admin.admin_site.name,
                    )
                    + f"?fiscal_year__id__exact={FiscalYear.objects.get(year=year).pk}"
                )
    else:
        form = CreateYearForm(initial={"year": request.GET.get("year", "")})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "由上年生成科目表",
        "form": form,
        "problems": problems,
    }
    return TemplateResponse(
        request, "admin/disclosure/functioncode/create_year.html", context
    )


def warn_missing_code_lists(request, year: int) -> None:
    """Say at once when a report's year has no code list to enter its lines against."""
    from disclosure.codelists import missing_lists

    missing = missing_lists(year)
    if not missing:
        return
    names = "和".join(kind.label for kind in missing)
    messages.warning(
        request,
        f"{year} 年度还没有{names}表，本报告的收支数据暂时无法按科目填报或导入。"
        f"请系统管理员在“支出功能分类科目”页面点击“由上年生成”，以 {year - 1} "
        f"年度科目表为基础生成 {year} 年度科目表（可同时上传财政部公布的科目变动表），"
        f"或点击“导入”上传 {year} 年度的正式科目表。",
    )

"""Reference data: fiscal years and the per-year classification code lists.

An administrator imports another year's official list (CSV or XLSX with the
columns code,name,level,parent_code) through django-import-export: upload,
preview, confirm. The file is read and its columns checked while the form is
validated, so an unreadable file or wrong columns get a Chinese message before
any row is looked at; row problems come from `codelists.validate_rows`.
"""

from django import forms
from django.contrib import admin, messages
from import_export.forms import ConfirmImportForm
from import_export.results import RowResult

from disclosure import codelists
from disclosure.admin.code_years import create_year_urls, may_create_year
from disclosure.models import CodeCrosswalk, EconomicCode, FiscalYear, FunctionCode
from disclosure.resources import EconomicCodeResource, FunctionCodeResource
from units.importing import AllOrNothingImportMixin, CheckedImportForm
from units.scoping import ReadOnlyAdminMixin


class CodeListImportForm(CheckedImportForm):
    fiscal_year = forms.ModelChoiceField(
        label="年度",
        queryset=FiscalYear.objects.all(),
        help_text="科目表所属的财政年度。列表中没有的年度，请先在“财政年度”中添加。",
    )

    field_order = ["fiscal_year", "resource", "import_file", "format"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = "科目表文件"
        self.fields["import_file"].help_text = (
            "CSV（UTF-8 编码）或 XLSX 文件；第 1 行为列名 "
            + ",".join(codelists.COLUMNS)
            + "，之后每行一个科目。"
        )

    def check_dataset(self, dataset) -> None:
        try:
            codelists.check_columns(dataset.headers)
        except codelists.CodeListError as exc:
            raise forms.ValidationError(exc.errors) from exc
        if not dataset.height:
            raise forms.ValidationError("文件中只有列名，没有任何科目行。")


class EconomicCodeListImportForm(CodeListImportForm):
    scheme = forms.ChoiceField(
        label="分类体系",
        choices=EconomicCode.Scheme.choices,
        help_text="部门预算支出经济分类（301 类起）或政府预算支出经济分类（501 类起）。",
    )

    field_order = ["fiscal_year", "scheme", "resource", "import_file", "format"]


class CodeListConfirmImportForm(ConfirmImportForm):
    fiscal_year = forms.ModelChoiceField(
        queryset=FiscalYear.objects.all(), widget=forms.HiddenInput
    )


class EconomicCodeListConfirmImportForm(CodeListConfirmImportForm):
    scheme = forms.ChoiceField(
        choices=EconomicCode.Scheme.choices, widget=forms.HiddenInput
    )


class CodeListImportMixin(AllOrNothingImportMixin):
    """Import of one year's classification list, all-or-nothing, for administrators."""

    import_template_name = "admin/disclosure/codelist_import.html"
    import_form_class = CodeListImportForm
    confirm_form_class = CodeListConfirmImportForm

    def has_import_permission(self, request):
        # The lists are shared reference data: only users who may both add and
        # change codes (system administrators) can replace them.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {
            "fiscal_year": data.get("fiscal_year"),
            "scheme": data.get("scheme", ""),
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["fiscal_year"] = import_form.cleaned_data["fiscal_year"].pk
            if "scheme" in import_form.cleaned_data:
                initial["scheme"] = import_form.cleaned_data["scheme"]
        return initial

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        if import_form is not None:
            form.target = self.import_target(import_form.cleaned_data)
        return form

    def import_target(self, data) -> str:
        """What is being imported, in words: 2023 年度 部门预算支出经济分类科目."""
        kind = self.resource_classes[0].get_kind(data.get("scheme", ""))
        return f"{data['fiscal_year'].year} 年度{kind.label}"

    def add_success_message(self, result, request):
        form = self.create_confirm_form(request)
        target = (
            self.import_target(form.cleaned_data)
            if form.is_valid()
            else self.opts.verbose_name
        )
        totals = result.totals
        messages.success(
            request,
            f"{target}已导入：新增 {totals[RowResult.IMPORT_TYPE_NEW]} 条，"
            f"更新 {totals[RowResult.IMPORT_TYPE_UPDATE]} 条，"
            f"未变 {totals[RowResult.IMPORT_TYPE_SKIP]} 条。",
        )


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year"]


@admin.register(FunctionCode)
class FunctionCodeAdmin(CodeListImportMixin, admin.ModelAdmin):
    resource_classes = [FunctionCodeResource]
    import_export_change_list_template = (
        "admin/disclosure/functioncode/change_list.html"
    )
    list_display = ["code", "name", "level", "budget", "fiscal_year"]
    list_filter = ["fiscal_year", "level", "budget"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]
    raw_id_fields = ["parent"]

    def get_urls(self):
        return create_year_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_create_year": may_create_year(self, request),
        }
        return super().changelist_view(request, extra_context)


@admin.register(EconomicCode)
class EconomicCodeAdmin(CodeListImportMixin, admin.ModelAdmin):
    resource_classes = [EconomicCodeResource]
    import_form_class = EconomicCodeListImportForm
    confirm_form_class = EconomicCodeListConfirmImportForm
    list_display = ["code", "name", "level", "scheme", "fiscal_year"]
    list_filter = ["fiscal_year", "scheme", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]
    raw_id_fields = ["parent"]


@admin.register(CodeCrosswalk)
class CodeCrosswalkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written only by 由上年生成 (a change list's 调整 rows); shown for reference."""

    list_display = ["kind", "from_year", "from_code", "to_year", "to_code"]
    list_filter = ["kind", "to_year"]
    search_fields = ["from_code", "to_code"]
    list_select_related = ["from_year", "to_year"]

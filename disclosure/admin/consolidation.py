"""The 部门决算's own entries on its change page: its composition and its eliminations.

A department's report has no entry grid, no import and no fact form: its
figures are its units' approved reports, summed (disclosure/consolidation.py).
What its accountant records is which units it consolidates, how (本级,
预算单列, 并入本级), in what order, and which internal transfers are
eliminated (抵消). Both are written through the one write service while the
report is a draft, and shown read-only afterwards.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from disclosure.admin.inlines import ReportFactInline
from disclosure.consolidation import current_sources, default_members, set_composition
from disclosure.entry import EditRefused
from disclosure.forms import FactForm
from disclosure.models import (
    ConsolidationAdjustment,
    ConsolidationMember,
    FunctionCode,
    Report,
)
from reporting.money import exact_text
from units.models import Unit

Mode = ConsolidationMember.Mode


def _change_url(model_admin, report) -> str:
    return reverse(
        "admin:disclosure_report_change",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    )


# -- composition ----------------------------------------------------------------


class MemberForm(FactForm):
    """One unit of the composition. Names and types are taken from the unit on saving."""

    class Meta:
        model = ConsolidationMember
        fields = ["position", "unit", "mode"]

    def _get_validation_exclusions(self):
        # Rows are renumbered and replaced together (set_composition), so a
        # row is compared with the other rows of the page (MemberFormSet),
        # not with the stored rows it is about to replace.
        return {*super()._get_validation_exclusions(), "position", "unit", "mode"}


class MemberFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for name, label in (("unit", "单位"), ("position", "序号")):
            values = [row[name] for row in rows if row.get(name) is not None]
            if len(values) != len(set(values)):
                raise forms.ValidationError(f"部门决算单位构成中{label}不能重复。")
        if sum(1 for row in rows if row.get("mode") == Mode.SELF) > 1:
            raise forms.ValidationError("部门决算只能有一个本级。")

    def composition(self) -> list[tuple[Unit, str]]:
        """(unit, mode) of the rows kept, in the order of their 序号."""
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("unit")
        ]
        rows.sort(key=lambda row: row.get("position") or 0)
        return [(row["unit"], row["mode"]) for row in rows]


class DepartmentInline:
    """An inline of the 部门决算: it knows its report, for its choices."""

    report: Report | None = None

    def get_formset(self, request, obj=None, **kwargs):
        self.report = obj
        return super().get_formset(request, obj, **kwargs)

    def _units(self):
        if self.report is None:
            return Unit.objects.none()
        return Unit.objects.active().subtree_of(self.report.unit)


class ConsolidationMemberInline(
    DepartmentInline, ReportFactInline, admin.TabularInline
):
    model = ConsolidationMember
    fk_name = "report"  # not `source`, the unit report it consolidated
    form = MemberForm
    formset = MemberFormSet
    fields = ["position", "unit", "mode", "consolidated_report"]
    readonly_fields = ["consolidated_report"]
    extra = 0
    verbose_name = "部门决算单位构成"
    verbose_name_plural = "部门决算单位构成（本级、预算单列单位和并入本级的单位）"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "source__unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            # The department and every unit below it, whoever's scope they
            # are in: the composition names them all.
            kwargs["queryset"] = self._units()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="汇总的单位决算")
    def consolidated_report(self, member) -> str:
        if member.pk is None:
            return ""
        if not member.consolidated:
            return "—（并入本级，不单独汇总）"
        report = self.report
        if report is not None and report.status == Report.Status.DRAFT:
            # A draft reads each unit's current approved report.
            if not hasattr(self, "_current"):
                units = report.members.values_list("unit_id", flat=True)
                self._current = current_sources(report, list(units))
            source = self._current.get(member.unit_id)
        else:
            source = member.source
        if source is None:
            return "尚无已审核的单位决算"
        return f"第 {source.revision} 版（{source.get_status_display()}）"


# -- eliminations ----------------------------------------------------------------


class FunctionCodeField(forms.CharField):
    """A 功能分类 code typed as printed ("2120199"), read in the report's year."""

    def __init__(self, *args, fiscal_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.widget.attrs.setdefault("size", "9")

    def prepare_value(self, value):
        if isinstance(value, FunctionCode):
            return value.code
        if isinstance(value, int):
            found = FunctionCode.objects.filter(pk=value).first()
            return found.code if found else ""
        return value

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        code = FunctionCode.objects.filter(
            fiscal_year=self.fiscal_year, code=text
        ).first()
        if code is None:
            raise forms.ValidationError(
                f"本报告年度的支出功能分类科目中没有 {text}。", code="invalid"
            )
        return code


class ConsolidationAdjustmentInline(
    DepartmentInline, ReportFactInline, admin.TabularInline
):
    model = ConsolidationAdjustment
    form = FactForm
    fields = [
        "pair",
        "income_unit",
        "income_code",
        "expense_unit",
        "expense_code",
        "amount",
        "note",
    ]
    readonly_fields = ["pair_label", "amount_shown"]
    extra = 0
    verbose_name = "抵消分录"
    verbose_name_plural = (
        "抵消分录（部门内部往来：从收入方的收入和支出方的支出中同时减去）"
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("income_code", "expense_code")
        )

    def get_fields(self, request, obj=None):
        """Past draft, the pair by its name and the amount as the report prints it."""
        if self.has_change_permission(request, obj):
            return self.fields
        return [
            "pair_label"
            if name == "pair"
            else "amount_shown"
            if name == "amount"
            else name
            for name in self.fields
        ]

    @admin.display(description="抵消项目")
    def pair_label(self, adjustment) -> str:
        pairs = {p.key: p.label for p in adjustment.report.template.elimination_pairs}
        return pairs.get(adjustment.pair, adjustment.pair)

    @admin.display(description="抵消金额")
    def amount_shown(self, adjustment) -> str:
        report = adjustment.report
        return f"{exact_text(adjustment.amount, thousands=True)} {report.get_amount_unit_display()}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "pair":
            pairs = self.report.template.elimination_pairs if self.report else ()
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=[("", "---------")] + [(p.key, p.label) for p in pairs],
            )
        if db_field.name in ("income_code", "expense_code"):
            return FunctionCodeField(
                label=db_field.verbose_name,
                fiscal_year=self.report.fiscal_year if self.report else None,
                help_text="填写科目编码，例如 2120199",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("income_unit", "expense_unit"):
            kwargs["queryset"] = self._units()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def save_composition(request, report: Report, formset) -> None:
    """The composition as the page left it, written in one go (renumbered 1, 2, …)."""
    # Unsaved: only so that the admin's change message lists what changed.
    formset.save(commit=False)
    if formset.has_changed():
        set_composition(report, request.user, formset.composition())


# -- 按单位树重新生成 --------------------------------------------------------------


def composition_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(partial(regenerate_view, model_admin))
    return [
        path(
            "<path:object_id>/composition/regenerate/",
            view,
            name=f"{opts.app_label}_{opts.model_name}_regenerate_composition",
        )
    ]


def regenerate_url(model_admin, report) -> str:
    opts = model_admin.opts
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_regenerate_composition",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    )


def regenerate_view(model_admin, request, object_id):
    """GET: the composition the unit tree gives now. POST: replace a draft's with it."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    editable = (
        report.is_department
        and report.status == Report.Status.DRAFT
        and model_admin.has_change_permission(request, report)
    )
    members = default_members(report) if report.is_department else []
    if request.method != "POST":
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": report,
            "title": f"{report} · 按单位树重新生成单位构成",
            "members": members,
            "current": list(report.members.all()) if report.is_department else [],
            "editable": editable,
        }
        return TemplateResponse(
            request, "admin/disclosure/report/regenerate.html", context
        )
    if not editable:
        raise PermissionDenied
    try:
        set_composition(report, request.user, [(m.unit, m.mode) for m in members])
    except EditRefused as exc:
        messages.error(request, str(exc))
    else:
        model_admin.log_change(request, report, "按单位树重新生成部门决算单位构成")
        messages.success(
            request,
            f"已按单位树重新生成部门决算单位构成，共 {len(members)} 家单位；"
            "请核对编报方式。",
        )
    return HttpResponseRedirect(_change_url(model_admin, report))

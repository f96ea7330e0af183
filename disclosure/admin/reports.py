from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from disclosure import report_templates
from disclosure.admin.batch import DepartmentFilter, publish_selected, schedule_selected
from disclosure.admin.code_years import warn_missing_code_lists
from disclosure.admin.consolidation import (
    ConsolidationAdjustmentInline,
    ConsolidationMemberInline,
    composition_urls,
    regenerate_url,
    save_composition,
)
from disclosure.admin.dashboard import dashboard_urls
from disclosure.admin.grids import grid_url, grid_urls
from disclosure.admin.history import changes_url, history_urls
from disclosure.admin.imports import import_urls
from disclosure.admin.inlines import ReportFactInline
from disclosure.admin.preview import preview_urls
from disclosure.admin.reasons import reasons_url, reasons_urls
from disclosure.admin.review import announce_check, review_url, review_urls
from disclosure.consolidation import compose
from disclosure.entry import fact_writes
from disclosure.forms import (
    GRID_GROUPS,
    ProcurementForm,
    SingletonFactForm,
    ThreePublicExpensesForm,
)
from disclosure.models import (
    AssetHolding,
    Balances,
    ConsolidationMember,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Report,
    ReportFact,
    ReviewLog,
    ThreePublicExpenses,
)
from units.scoping import UnitScopedAdminMixin


def _returned(status, last_from, last_to) -> bool:
    return (
        status == Report.Status.DRAFT
        and last_to == Report.Status.DRAFT
        and last_from in (Report.Status.SUBMITTED, Report.Status.APPROVED)
    )


def returned_by(report) -> ReviewLog | None:
    """The return that sent this draft back to its preparer, with its comment."""
    last = report.review_log.select_related("actor").first()
    if last is None or not _returned(report.status, last.from_status, last.to_status):
        return None
    return last


class SingletonInline(ReportFactInline, admin.StackedInline):
    # One row per report; an untouched empty form is not saved, so "not
    # entered" stays distinguishable from zero ("本年无此项" records zeros).
    form = SingletonFactForm
    max_num = 1
    extra = 1

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        listed = {f for _, options in fieldsets for f in _flat(options["fields"])}
        if "nothing_this_year" in listed:
            return fieldsets
        return [*fieldsets, (None, {"fields": ["nothing_this_year"]})]


def _flat(fields):
    for item in fields:
        yield from (item if isinstance(item, (tuple, list)) else (item,))


class BalancesInline(SingletonInline):
    model = Balances


class ThreePublicExpensesInline(SingletonInline):
    model = ThreePublicExpenses
    form = ThreePublicExpensesForm
    fieldsets = [
        (
            "全年预算数",
            {
                "fields": [
                    (
                        "budget_abroad",
                        "budget_reception",
                        "budget_vehicle_purchase",
                        "budget_vehicle_operation",
                    )
                ]
            },
        ),
        (
            "决算数",
            {
                "fields": [
                    (
                        "actual_abroad",
                        "actual_reception",
                        "actual_vehicle_purchase",
                        "actual_vehicle_operation",
                    )
                ]
            },
        ),
        (
            "数量",
            {
                "fields": [
                    ("abroad_groups", "abroad_people"),
                    ("reception_batches", "reception_people"),
                    ("foreign_reception_batches", "foreign_reception_people"),
                    ("vehicles_purchased", "vehicles_held"),
                ]
            },
        ),
    ]


class AssetHoldingInline(SingletonInline):
    model = AssetHolding
    fieldsets = [
        ("车辆（台、辆）", {"fields": [AssetHolding.VEHICLE_FIELDS]}),
        (None, {"fields": ["equipment_over_million"]}),
    ]


class ProcurementInline(SingletonInline):
    model = Procurement
    form = ProcurementForm
    fieldsets = [
        (None, {"fields": [("goods", "works", "services")]}),
        (None, {"fields": [("sme_goods", "sme_works", "sme_services")]}),
        (None, {"fields": ["small_micro"]}),
    ]


class OperatingExpenseInline(SingletonInline):
    model = OperatingExpense


class PriorYearFigureInline(ReportFactInline, admin.TabularInline):
    model = PriorYearFigure
    extra = 0


@admin.register(Report)
class ReportAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "unit",
        "fiscal_year",
        "kind",
        "level",
        "revision",
        "status_label",
        "amount_unit",
        "updated_at",
    ]
    list_filter = ["fiscal_year", "kind", "level", "status", DepartmentFilter]
    actions = [publish_selected, schedule_selected]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "fiscal_year"]
    autocomplete_fields = ["unit"]
    readonly_fields = [
        "status",
        "revision",
        "corrects",
        "correction_note",
        "superseded_at",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        last = ReviewLog.objects.filter(report=OuterRef("pk")).order_by("-at", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_from=Subquery(last.values("from_status")[:1]),
                last_to=Subquery(last.values("to_status")[:1]),
            )
        )

    @admin.display(description="状态", ordering="status")
    def status_label(self, report) -> str:
        """草稿, or 已退回 when the last move sent it back to its preparer."""
        if _returned(report.status, report.last_from, report.last_to):
            return "已退回（待修改）"
        if report.scheduled_for is not None:
            moment = timezone.localtime(report.scheduled_for)
            return f"已审核（定时于 {moment:%Y-%m-%d %H:%M} 公开）"
        return report.get_status_display()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "template_variant":
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=[("", "按单位所在地区和年度默认")] + report_templates.choices(),
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A report stays with its unit and year: its facts use that year's codes,
        # and its revisions are counted per unit and year.
        # Its amounts are kept in the unit it publishes in, so that unit is
        # chosen once; the unit amounts are typed in may change at any time.
        # Its level too: a 部门决算 holds no typed figure, a 单位决算 no composition.
        # And its kind: a 预算 and a 决算 of a year are two reports.
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return ["unit", "fiscal_year", "kind", "level", "amount_unit", *fields]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        # Every inline form reads amounts in the report's entry unit. The admin
        # builds the inline forms before it validates the report's own form,
        # so these are the units the page showed, even when this very save
        # changes the entry unit.
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["form_kwargs"] = {
            **kwargs.get("form_kwargs", {}),
            "units": (obj.input_unit, obj.amount_unit),
        }
        return kwargs

    inlines = [
        BalancesInline,
        ThreePublicExpensesInline,
        AssetHoldingInline,
        ProcurementInline,
        OperatingExpenseInline,
        PriorYearFigureInline,
    ]
    # Reasons are written on the 原因说明 page (admin/reasons.py), beside the
    # sentence each completes, not here by their keys.
    department_inlines = [
        ConsolidationMemberInline,
        ConsolidationAdjustmentInline,
        PriorYearFigureInline,
    ]

    def get_inlines(self, request, obj):
        # A new report is saved first, its level chosen; its facts come after.
        if obj is None:
            return []
        return self.department_inlines if obj.is_department else self.inlines

    def has_change_permission(self, request, obj=None):
        # Past draft a report is shown read-only: no 保存, no 添加另一个
        # (the model refuses the write anyway, whatever the entry point).
        if obj is not None and obj.status != Report.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("disclosure.publish_report")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Report.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, ReportFact):
            return super().save_formset(request, form, formset, change)
        if formset.model is ConsolidationMember:
            # Rows are renumbered and replaced together (set_composition).
            return save_composition(request, form.instance, formset)
        # The inlines write facts through the one write service: the report
        # is locked and must still be a draft. Permission and scope are the
        # admin's own checks (has_change_permission, the unit scope).
        with fact_writes(form.instance, request.user, permission=False) as writer:
            writer.save_formset(formset)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            warn_missing_code_lists(request, obj.fiscal_year.year)
            if obj.is_department:
                # The composition the unit tree gives, for the accountant to check.
                compose(obj, request.user)

    def response_change(self, request, obj):
        if obj.status == Report.Status.DRAFT:
            announce_check(self, request, obj)
        return super().response_change(request, obj)

    change_list_template = "admin/disclosure/report/change_list.html"

    def get_urls(self):
        return (
            grid_urls(self)
            + composition_urls(self)
            + preview_urls(self)
            + import_urls(self)
            + review_urls(self)
            + reasons_urls(self)
            + history_urls(self)
            + dashboard_urls(self)
            + super().get_urls()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        if report is not None and request.method == "GET":
            warn_missing_code_lists(request, report.fiscal_year.year)
        if report is not None:
            extra_context = {
                **(extra_context or {}),
                # A 部门决算's figures are its units': nothing to type or import.
                "department": report.is_department,
                "grid_links": []
                if report.is_department
                else [
                    {"title": group.title, "url": grid_url(self, report, key)}
                    for key, group in GRID_GROUPS.items()
                ],
                "regenerate_url": regenerate_url(self, report)
                if report.is_department
                and report.status == Report.Status.DRAFT
                and self.has_change_permission(request, report)
                else None,
                "preview_url": self._preview_url(report),
                "returned": returned_by(report),
                "review_url": review_url(self, report),
                "reasons_url": reasons_url(self, report),
                "changes_url": changes_url(self, report),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _preview_url(self, report) -> str | None:
        try:
            return reverse(
                "admin:disclosure_report_preview",
                args=[report.pk],
                current_app=self.admin_site.name,
            )
        except NoReverseMatch:
            return None

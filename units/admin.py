from django import forms
from django.contrib import admin
from import_export.formats import base_formats

from units.importing import (
    AllOrNothingImportMixin,
    CheckedExportMixin,
    CheckedImportForm,
    missing_columns_message,
)
from units.models import (
    InternalBody,
    Membership,
    ProfileLocked,
    Unit,
    UnitProfile,
    ensure_profiles_editable,
)
from units.resources import REQUIRED_COLUMNS, UnitResource
from units.scoping import UnitScopedAdminMixin


class UnitImportForm(CheckedImportForm):
    def check_dataset(self, dataset) -> None:
        message = missing_columns_message(
            dataset.headers, REQUIRED_COLUMNS, UnitResource._meta.fields
        )
        if message:
            raise forms.ValidationError(message)
        super().check_dataset(dataset)


@admin.register(Unit)
class UnitAdmin(
    UnitScopedAdminMixin, AllOrNothingImportMixin, CheckedExportMixin, admin.ModelAdmin
):
    """Units; import (superusers) and export (of the units in scope) as a flat list."""

    unit_lookup = ""
    resource_classes = [UnitResource]
    import_form_class = UnitImportForm
    import_template_name = "admin/units/unit_import.html"
    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )
    export_formats = [base_formats.CSV, base_formats.XLSX]
    list_display = ["code", "name", "short_name", "parent", "unit_type", "is_active"]
    list_filter = ["unit_type", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]

    def has_import_permission(self, request):
        # An import can create or move any unit, beyond every member's scope.
        return request.user.is_superuser

    def has_export_permission(self, request):
        # The export lists the changelist's (scoped) units: same right as viewing it.
        return self.has_view_or_change_permission(request)


def profile_locked(profile) -> bool:
    """Whether a report past draft prints `profile` (units.models.PROFILE_LOCKS)."""
    if profile is None or profile.pk is None:
        return False
    try:
        ensure_profiles_editable([(profile.unit_id, profile.year)])
    except ProfileLocked:
        return True
    return False


class InternalBodyInline(admin.TabularInline):
    model = InternalBody
    extra = 1

    def has_add_permission(self, request, obj):
        return not profile_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not profile_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not profile_locked(obj) and super().has_delete_permission(request, obj)


@admin.register(UnitProfile)
class UnitProfileAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "staff_total", "staff_in_service"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    inlines = [InternalBodyInline]

    def has_change_permission(self, request, obj=None):
        # A profile printed by a report past draft is shown read-only.
        return not profile_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not profile_locked(obj) and super().has_delete_permission(request, obj)

    fieldsets = [
        (None, {"fields": ["unit", "year", "duties"]}),
        (
            "年末人员",
            {
                "fields": [
                    "staff_total",
                    ("staff_in_service", "staff_retired_li", "staff_retired_tui"),
                    "staff_other",
                    "pensioners_paid_by_fund",
                ]
            },
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Roles, for superusers only; scoped as well, so that for anyone else a
    membership outside their units is "not found" rather than "forbidden"."""

    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = (
        has_view_permission
    )

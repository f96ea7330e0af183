from django.contrib import admin

from units.models import InternalBody, Membership, Unit, UnitProfile
from units.scoping import UnitScopedAdminMixin


@admin.register(Unit)
class UnitAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_lookup = ""
    list_display = ["code", "name", "short_name", "parent", "unit_type", "is_active"]
    list_filter = ["unit_type", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]


class InternalBodyInline(admin.TabularInline):
    model = InternalBody
    extra = 1


@admin.register(UnitProfile)
class UnitProfileAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "staff_total", "staff_in_service"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    inlines = [InternalBodyInline]
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
class MembershipAdmin(admin.ModelAdmin):
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

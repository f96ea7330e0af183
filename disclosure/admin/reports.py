from django.contrib import admin

from disclosure.admin.grids import grid_urls
from disclosure.admin.preview import preview_urls
from disclosure.models import Report
from units.scoping import UnitScopedAdminMixin


@admin.register(Report)
class ReportAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "fiscal_year", "status", "amount_unit", "updated_at"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "fiscal_year"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["status", "created_at", "updated_at"]

    def get_urls(self):
        return grid_urls(self) + preview_urls(self) + super().get_urls()

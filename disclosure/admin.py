from django.contrib import admin

from disclosure.models import EconomicCode, FiscalYear, FunctionCode, Report
from units.scoping import UnitScopedAdminMixin


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year"]


@admin.register(FunctionCode)
class FunctionCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "budget", "fiscal_year"]
    list_filter = ["fiscal_year", "level", "budget"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]
    raw_id_fields = ["parent"]


@admin.register(EconomicCode)
class EconomicCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "scheme", "fiscal_year"]
    list_filter = ["fiscal_year", "scheme", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]
    raw_id_fields = ["parent"]


@admin.register(Report)
class ReportAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "fiscal_year", "status", "amount_unit", "updated_at"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "fiscal_year"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["status", "created_at", "updated_at"]

from django.contrib import admin

from disclosure.models import EconomicCode, FiscalYear, FunctionCode


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
